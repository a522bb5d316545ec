//! The cover and §1–§2: the agreement, its parties' roles, review, purposes, benefits,
//! DPIA and lawful basis.

use dsa_model::lawful_basis::Chosen;
use dsa_model::template::wording as w;
use dsa_model::{Applicability, CodeList, SharingType, SigningRoute, Termination};

use super::words::{cell, date, grid, pairs, para, table, wording, Ctx};
use crate::document::Block;

/// The cover's labelled lines (labels as documents write them, so they read back).
pub fn cover(ctx: &Ctx) -> Vec<(String, String)> {
    let a = ctx.a;
    let mut rows = Vec::new();
    let mut put = |l: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            rows.push((l.to_string(), v));
        }
    };
    put("Reference", a.reference.clone());
    put("ISG reference", a.isg_reference.clone());
    put("Version", a.version.clone());
    put("Status", a.status.map(|s| s.wording().to_string()));
    put("Publish date", a.review.publish_date.map(date));
    put("Review date", a.review.review_date.map(date));
    put("Classification", Some(super::MARKING.to_string()));
    rows
}

pub fn ownership(ctx: &Ctx, out: &mut Vec<Block>) {
    let own = ctx.a.ownership.as_deref().filter(|t| !t.trim().is_empty());
    out.push(Block::Para(own.unwrap_or(w::OWNERSHIP).to_string()));
}

pub fn parties_intro(ctx: &Ctx, out: &mut Vec<Block>) {
    let a = ctx.a;
    let sharing = match a.sharing_type {
        Some(SharingType::ControllerToController) => {
            " This agreement covers data sharing that is Controller to Controller."
        }
        Some(SharingType::JointControllers) => {
            " This agreement covers data sharing between Joint Controllers."
        }
        None => "",
    };
    out.push(Block::Para(format!("{}{sharing}", w::PARTIES_LISTED)));
    match a.signing_route {
        Some(SigningRoute::Isg) => out.push(Block::Para(w::SIGNING_ON_ISG.to_string())),
        Some(SigningRoute::Other) => {
            out.push(Block::Para(match a.signing_route_detail.as_deref() {
                Some(d) => format!("{} {d}", w::SIGNING_OTHER),
                None => w::SIGNING_OTHER.trim_end_matches(':').to_string() + ".",
            }))
        }
        None => para(out, a.signing_route_detail.as_deref()),
    }
}

pub fn local_partners(ctx: &Ctx, out: &mut Vec<Block>) {
    let items: Vec<String> = ctx
        .a
        .local_partners
        .iter()
        .map(|p| {
            let mut s = p.name.clone();
            if let Some(id) = &p.party {
                s.push_str(&format!(" ({} {})", w::LOCAL_PARTNER_OF, ctx.party(id)));
            }
            if let Some(d) = &p.agreement_documented {
                s.push_str(&format!(": {d}"));
            }
            s
        })
        .collect();
    if !items.is_empty() {
        out.push(Block::Bullets(items));
    }
}

pub fn responsibilities(ctx: &Ctx, out: &mut Vec<Block>) {
    if !ctx.a.responsibilities.is_empty() {
        out.push(Block::Para(w::ALL_PARTIES_WILL.to_string()));
        out.push(Block::Bullets(ctx.a.responsibilities.clone()));
    }
}

pub fn review_table(ctx: &Ctx, out: &mut Vec<Block>) {
    let r = &ctx.a.review;
    let termination = match &r.termination {
        Some(Termination::Ongoing) => "N/A".to_string(),
        Some(Termination::OnDate(d)) => date(*d),
        None => String::new(),
    };
    let rows = vec![
        (
            "Publish date".to_string(),
            r.publish_date.map(date).unwrap_or_default(),
        ),
        (
            "Review date".to_string(),
            r.review_date.map(date).unwrap_or_default(),
        ),
        ("Termination Date (N/A if ongoing)".to_string(), termination),
    ];
    out.push(pairs(rows, &[40, 60]));
    if let Some(c) = r.review_cycle {
        out.push(Block::Para(format!(
            "{}: {}",
            w::REVIEW_CYCLE,
            c.wording().to_lowercase()
        )));
    }
}

pub fn review_arrangements(ctx: &Ctx, out: &mut Vec<Block>) {
    para(out, ctx.a.review.arrangements.as_deref());
}

pub fn purposes(ctx: &Ctx, out: &mut Vec<Block>) {
    for p in &ctx.a.purposes {
        let text = match &p.party {
            Some(id) => format!("{}: {}", ctx.party(id), p.description),
            None => p.description.clone(),
        };
        out.push(Block::Para(text));
    }
}

pub fn svd_authorities(ctx: &Ctx, out: &mut Vec<Block>) {
    let Some(svd) = &ctx.a.serious_violence_duty else {
        return;
    };
    let left = svd
        .specified_authorities
        .iter()
        .map(|x| wording(*x))
        .collect();
    let right = svd
        .relevant_authorities
        .iter()
        .map(|x| wording(*x))
        .collect();
    out.push(table(
        &[
            "Specified Authorities defined in section 11 of, and Schedule 1 to, the PCSC Act",
            "Relevant Authorities (defined within the PCSC Act) who are able to cooperate with the specified authorities as necessary",
        ],
        grid(left, right),
        &[50, 50],
    ));
}

pub fn svd_notes(ctx: &Ctx, out: &mut Vec<Block>) {
    if let Some(svd) = &ctx.a.serious_violence_duty {
        para(out, svd.notes.as_deref());
    }
}

pub fn benefits(ctx: &Ctx, out: &mut Vec<Block>) {
    let b = &ctx.a.benefits;
    if !b.individuals.is_empty() {
        out.push(Block::Label("Individuals".into()));
        out.push(Block::Bullets(b.individuals.clone()));
    }
    if !b.parties.is_empty() {
        out.push(Block::Label("Parties".into()));
        out.push(Block::Bullets(
            b.parties
                .iter()
                .map(|p| match &p.party {
                    Some(id) => format!("{}: {}", ctx.party(id), p.benefit),
                    None => p.benefit.clone(),
                })
                .collect(),
        ));
    }
    if !b.society.is_empty() {
        out.push(Block::Label("Society".into()));
        out.push(Block::Bullets(b.society.clone()));
    }
}

pub fn dpia(ctx: &Ctx, out: &mut Vec<Block>) {
    let Some(d) = &ctx.a.dpia else {
        return;
    };
    if d.working_group_dpia == Some(true) {
        out.push(Block::Para(w::WORKING_GROUP_DPIA.to_string()));
    }
    if let Some(r) = d.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        out.push(Block::Para(format!("{}: {r}", w::DPIA_REFERENCE)));
    }
    para(out, d.notes.as_deref());
}

pub fn policy_document(ctx: &Ctx, out: &mut Vec<Block>) {
    let text = if ctx.a.lawful_basis.appropriate_policy_document == Some(true) {
        format!("{} {}", w::LAWFUL_BASIS_LISTED, w::POLICY_DOCUMENT)
    } else {
        w::LAWFUL_BASIS_LISTED.to_string()
    };
    out.push(Block::Para(text));
}

/// One option table: the chosen rows with the parties they apply to.
fn options<C: CodeList>(ctx: &Ctx, head: &str, chosen: &[Chosen<C>], out: &mut Vec<Block>) {
    if chosen.is_empty() {
        return;
    }
    let notes = chosen.iter().any(|c| c.note.is_some());
    let rows = chosen
        .iter()
        .map(|c| {
            // Chosen for parties the source did not name: "Yes", as marked templates say.
            let who = match &c.applies_to {
                Applicability::Unspecified => "Yes".to_string(),
                other => ctx.applies(other),
            };
            let mut row = vec![cell(wording(c.condition)), cell(who)];
            if notes {
                row.push(cell(c.note.clone().unwrap_or_default()));
            }
            row
        })
        .collect();
    if notes {
        out.push(table(
            &[head, "Applicable party", "Notes"],
            rows,
            &[45, 30, 25],
        ));
    } else {
        out.push(table(&[head, "Applicable party"], rows, &[65, 35]));
    }
}

pub fn part2_conditions(ctx: &Ctx, out: &mut Vec<Block>) {
    let lb = &ctx.a.lawful_basis;
    options(ctx, "Article 6 lawful basis conditions", &lb.article6, out);
    options(ctx, "Article 9 lawful basis conditions", &lb.article9, out);
    options(
        ctx,
        "Article 9(2) (b) (h) (i) (j) - Sch 1 Pt 1",
        &lb.schedule1_part1,
        out,
    );
    options(
        ctx,
        "Article 9(2) (g) - Sch 1 Pt 2",
        &lb.schedule1_part2,
        out,
    );
    options(
        ctx,
        "Personal data relating to criminal convictions and offences - Sch 1 Pt 3",
        &lb.schedule1_part3,
        out,
    );
}

pub fn competent_authorities(ctx: &Ctx, out: &mut Vec<Block>) {
    let Some(le) = &ctx.a.law_enforcement else {
        return;
    };
    let rows: Vec<_> = le
        .competent_authorities
        .iter()
        .map(|c| {
            vec![
                cell(ctx.party(&c.party)),
                cell(c.purposes.clone().unwrap_or_default()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push(table(
            &["Competent authority name(s)", "Purposes"],
            rows,
            &[40, 60],
        ));
    }
}

pub fn strictly_necessary(ctx: &Ctx, out: &mut Vec<Block>) {
    if ctx
        .a
        .law_enforcement
        .as_ref()
        .is_some_and(|le| le.strictly_necessary == Some(true))
    {
        out.push(Block::Para(w::STRICTLY_NECESSARY.to_string()));
    }
}

pub fn schedule8(ctx: &Ctx, out: &mut Vec<Block>) {
    if let Some(le) = &ctx.a.law_enforcement {
        options(ctx, "Sch 8 Law enforcement conditions", &le.schedule8, out);
    }
}

pub fn proportionality(ctx: &Ctx, out: &mut Vec<Block>) {
    para(out, ctx.a.proportionality.as_deref());
}

pub fn confidentiality(ctx: &Ctx, out: &mut Vec<Block>) {
    let Some(c) = &ctx.a.confidentiality else {
        return;
    };
    if !c.overrides.is_empty() {
        out.push(Block::Label("Override for duty of confidentiality".into()));
        out.push(Block::Bullets(
            c.overrides
                .iter()
                .map(|o| match &o.justification {
                    Some(j) => format!("{}: {j}", head_of(o.basis.wording())),
                    None => o.basis.wording().to_string(),
                })
                .collect(),
        ));
    }
    para(out, c.notes.as_deref());
}

/// An option's wording before its explanation in brackets: "Legal requirement".
fn head_of(wording: &str) -> &str {
    wording.split(" (").next().unwrap_or(wording).trim()
}
