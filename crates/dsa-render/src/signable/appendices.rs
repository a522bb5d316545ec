//! Appendices A–D, then what the gateway and the import add after the template: the data
//! flows (one small table per flow), the signature blocks, and any other details.

use dsa_model::flows::DataFlow;
use dsa_model::template::wording::added::{
    FlowRow, CARRIED_OVER_HEADING, FLOWS_HEADING, SIGNATURES_HEADING, SIGNATURES_INTRO,
};
use dsa_model::CodeList;

use super::words::{cell, date, pairs, table, wording, Ctx};
use crate::document::{Block, Cell, Heading, Signature};
use crate::outline;

pub fn parties(ctx: &Ctx, out: &mut Vec<Block>) {
    let rows: Vec<_> = ctx
        .a
        .parties
        .iter()
        .map(|p| {
            let mut name = vec![p.name.clone()];
            if let Some(i) = &p.ico_registration {
                name.push(format!("ICO registration: {i}"));
            }
            if let Some(o) = &p.ods_code {
                name.push(format!("ODS code: {o}"));
            }
            let ca = match p.competent_authority {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "",
            };
            vec![
                cell(name.join("\n")),
                Cell::Bullets(p.duties.clone()),
                cell(ca),
            ]
        })
        .collect();
    out.push(table(
        &[
            "Organisation name or type",
            "Duties",
            "Part 3 competent authority for this DSA?",
        ],
        rows,
        &[30, 52, 18],
    ));
}

pub fn legislation(ctx: &Ctx, out: &mut Vec<Block>) {
    let rows: Vec<_> = ctx
        .a
        .legislation
        .iter()
        .map(|l| {
            let name = match &l.legislation_uri {
                Some(u) => format!("{}\n{u}", l.legislation),
                None => l.legislation.clone(),
            };
            vec![
                cell(name),
                cell(ctx.applies(&l.applies_to)),
                cell(l.main_purpose.clone().unwrap_or_default()),
                cell(l.how_it_applies.clone().unwrap_or_default()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push(table(
            &[
                "Legislation/Statutory guidance",
                "Party to which it applies",
                "Main purpose of Legislation",
                "How it applies to this data sharing",
            ],
            rows,
            &[25, 20, 27, 28],
        ));
    }
}

pub fn rights(ctx: &Ctx, out: &mut Vec<Block>) {
    let rows: Vec<_> = ctx
        .a
        .data_subject_rights
        .iter()
        .map(|r| {
            let how = if r.applicable {
                r.how.clone().unwrap_or_default()
            } else {
                r.how
                    .clone()
                    .unwrap_or_else(|| "Does not apply to this DSA.".into())
            };
            vec![
                cell(wording(r.right)),
                cell(ctx.applies(&r.applies_to)),
                cell(how),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push(table(
            &[
                "Individual right",
                "Party or type of party",
                "How the parties complies (or state not applicable if the right does not apply)",
            ],
            rows,
            &[35, 20, 45],
        ));
    }
}

pub fn scenarios(ctx: &Ctx, out: &mut Vec<Block>) {
    for (i, s) in ctx.a.mps_scenarios.iter().enumerate() {
        out.push(Block::Label(format!("Scenario {} - {}", i + 1, s.title)));
        let mut lines: Vec<String> = s
            .data
            .iter()
            .map(|d| format!("Data subject/Data – {} / {}", d.subject, d.data))
            .collect();
        if let Some(m) = &s.means_of_sharing {
            lines.push(format!("Means of sharing – {m}"));
        }
        if let Some(r) = &s.recipients {
            lines.push(format!("Relevant recipients – {r}"));
        }
        if let Some(n) = &s.notes {
            lines.push(format!("Notes: {n}"));
        }
        out.extend(lines.into_iter().map(Block::Para));
    }
}

/// One flow's rows: what the gateway holds of it, in words.
fn flow_rows(ctx: &Ctx, f: &DataFlow) -> Vec<(String, String)> {
    let mut rows = vec![(FlowRow::Reference.label().to_string(), f.id.clone())];
    let mut put = |r: FlowRow, v: String| {
        if !v.trim().is_empty() {
            rows.push((r.label().to_string(), v));
        }
    };
    put(FlowRow::ProvidedBy, ctx.parties(&f.providing));
    put(FlowRow::ReceivedBy, ctx.parties(&f.receiving));
    put(
        FlowRow::Recipients,
        f.recipients_note.clone().unwrap_or_default(),
    );
    put(
        FlowRow::Direction,
        f.direction
            .map(|d| d.wording().to_string())
            .unwrap_or_default(),
    );
    put(
        FlowRow::Frequency,
        f.frequency
            .map(|d| d.wording().to_string())
            .unwrap_or_default(),
    );
    put(
        FlowRow::FrequencyDetail,
        f.frequency_detail.clone().unwrap_or_default(),
    );
    put(
        FlowRow::Volume,
        f.volume
            .map(|d| d.wording().to_string())
            .unwrap_or_default(),
    );
    put(
        FlowRow::Transfer,
        f.transfers
            .iter()
            .map(|t| match &t.controls {
                Some(c) => format!("{}: {c}", t.mode.wording()),
                None => t.mode.wording().to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    put(
        FlowRow::MeansOfSharing,
        f.means_of_sharing.clone().unwrap_or_default(),
    );
    put(FlowRow::Platform, f.platform.clone().unwrap_or_default());
    put(
        FlowRow::Data,
        f.data
            .iter()
            .map(|d| format!("{} / {}", d.subject, d.data))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    put(
        FlowRow::StorageAfterTransfer,
        f.storage_after_transfer.clone().unwrap_or_default(),
    );
    put(
        FlowRow::SecurityAfterTransfer,
        f.security_after_transfer.clone().unwrap_or_default(),
    );
    put(
        FlowRow::AccessAfterTransfer,
        f.access_after_transfer.clone().unwrap_or_default(),
    );
    put(FlowRow::Notes, f.notes.clone().unwrap_or_default());
    rows
}

/// After the template's sections: data flows, other details, and (for the signable
/// agreement) the signature page.
pub fn after_template(ctx: &Ctx, out: &mut Vec<Block>, signatures: bool) {
    let a = ctx.a;
    if !a.data_flows.is_empty() {
        out.push(Block::Heading(Heading {
            level: 2,
            number: String::new(),
            text: FLOWS_HEADING.into(),
        }));
        for (i, f) in a.data_flows.iter().enumerate() {
            out.push(Block::Label(format!("Flow {}: {}", i + 1, f.name)));
            out.push(pairs(flow_rows(ctx, f), &[30, 70]));
        }
    }
    let other = outline::other_details(a);
    if !other.is_empty() {
        out.push(Block::Heading(Heading {
            level: 2,
            number: String::new(),
            text: outline::OTHER_HEADING.into(),
        }));
        out.extend(other);
    }
    if !a.unmapped.is_empty() {
        out.push(Block::Heading(Heading {
            level: 2,
            number: String::new(),
            text: CARRIED_OVER_HEADING.into(),
        }));
        out.extend(a.unmapped.iter().map(|u| Block::Verbatim(u.text.clone())));
    }
    if !signatures {
        return;
    }
    out.push(Block::PageBreak);
    out.push(Block::Heading(Heading {
        level: 1,
        number: String::new(),
        text: SIGNATURES_HEADING.into(),
    }));
    out.push(Block::Para(SIGNATURES_INTRO.into()));
    // One block per signatory the agreement names, else one to fill in per party.
    let mut blocks = Vec::new();
    for p in &a.parties {
        if p.signatories.is_empty() {
            blocks.push(Signature {
                party: p.name.clone(),
                name: None,
                role: None,
                date: None,
            });
        }
        for s in &p.signatories {
            blocks.push(Signature {
                party: p.name.clone(),
                name: Some(s.name.clone()),
                role: s.role.clone(),
                date: s.signed_on.map(date),
            });
        }
    }
    out.push(Block::Signatures(blocks));
}
