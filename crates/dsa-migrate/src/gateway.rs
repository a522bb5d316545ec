//! `OUT/gateway.xlsx`: the lists the gateway's users work from — Agreements (one row per
//! agreement), Data flows (one row per flow), Parties (one row per party of each
//! agreement) and Reviews — written with rust_xlsxwriter. Every cell is written as a
//! string or a date, never as a formula, so text from a document or register that starts
//! with `=`, `+`, `-` or `@` stays text (tested).
//!
//! Rows are taken from each agreement as it is packaged and spilled to disk with the
//! report entries, so memory does not grow with the backlog before the workbook is built.

use chrono::NaiveDate;
use dsa_model::{Agreement, CodeList, Termination};
use serde::{Deserialize, Serialize};

/// What the workbook shows of one agreement.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct GatewayRows {
    pub id: String,
    pub reference: String,
    pub isg_reference: String,
    pub title: String,
    pub dsa_type: String,
    pub status: String,
    pub borough: String,
    pub parties: String,
    pub publish_date: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
    pub termination: String,
    pub lawful_basis: String,
    pub package: String,
    /// Provider, receiver, name, frequency, volume, transfer modes with controls, platform.
    pub flows: Vec<[String; 7]>,
    /// Organisation, kind, ICO registration, ODS code, GSS code, signatories.
    pub party_rows: Vec<[String; 6]>,
}

fn join<I: IntoIterator<Item = String>>(items: I) -> String {
    items
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rows of one agreement.
pub(crate) fn rows_of(a: &Agreement, borough: &str, package: &str) -> GatewayRows {
    let name_of = |id: &str| {
        a.party(id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let lb = &a.lawful_basis;
    let citation = |c: Option<&'static str>, wording: &'static str| {
        c.map(str::to_string).unwrap_or_else(|| wording.to_string())
    };
    let mut basis: Vec<String> = Vec::new();
    basis.extend(lb.article6.iter().map(|c| {
        format!(
            "Art 6(1)({})",
            c.condition.code().split('_').next().unwrap_or("")
        )
    }));
    basis.extend(lb.article9.iter().map(|c| {
        format!(
            "Art 9(2)({})",
            c.condition.code().split('_').next().unwrap_or("")
        )
    }));
    basis.extend(
        lb.schedule1_part1
            .iter()
            .map(|c| citation(c.condition.citation(), c.condition.wording())),
    );
    basis.extend(
        lb.schedule1_part2
            .iter()
            .map(|c| citation(c.condition.citation(), c.condition.wording())),
    );
    basis.extend(
        lb.schedule1_part3
            .iter()
            .map(|c| citation(c.condition.citation(), c.condition.wording())),
    );
    if let Some(le) = &a.law_enforcement {
        basis.extend(
            le.schedule8
                .iter()
                .map(|c| citation(c.condition.citation(), c.condition.wording())),
        );
    }
    GatewayRows {
        id: a.id.clone().unwrap_or_default(),
        reference: a.reference.clone().unwrap_or_default(),
        isg_reference: a.isg_reference.clone().unwrap_or_default(),
        title: a.title.clone(),
        dsa_type: a
            .dsa_type
            .map(|t| t.wording().to_string())
            .unwrap_or_default(),
        status: a
            .status
            .map(|s| s.wording().to_string())
            .unwrap_or_default(),
        borough: borough.to_string(),
        parties: join(a.parties.iter().map(|p| p.name.clone())),
        publish_date: a.review.publish_date,
        review_date: a.review.review_date,
        termination: match a.review.termination {
            Some(Termination::OnDate(d)) => d.to_string(),
            Some(Termination::Ongoing) => "Ongoing".into(),
            None => String::new(),
        },
        lawful_basis: join(basis),
        package: package.to_string(),
        flows: a
            .data_flows
            .iter()
            .map(|f| {
                [
                    join(f.providing.iter().map(|p| name_of(p))),
                    join(
                        f.receiving
                            .iter()
                            .map(|p| name_of(p))
                            .chain(f.recipients_note.clone()),
                    ),
                    f.name.clone(),
                    join(
                        f.frequency
                            .map(|x| x.wording().to_string())
                            .into_iter()
                            .chain(f.frequency_detail.clone()),
                    ),
                    f.volume
                        .map(|v| v.wording().to_string())
                        .unwrap_or_default(),
                    join(f.transfers.iter().map(|t| match &t.controls {
                        Some(c) => format!("{} ({c})", t.mode.wording()),
                        None => t.mode.wording().to_string(),
                    })),
                    join(
                        f.platform
                            .clone()
                            .into_iter()
                            .chain(f.means_of_sharing.clone()),
                    ),
                ]
            })
            .collect(),
        party_rows: a
            .parties
            .iter()
            .map(|p| {
                [
                    p.name.clone(),
                    p.kind.wording().to_string(),
                    p.ico_registration.clone().unwrap_or_default(),
                    p.ods_code.clone().unwrap_or_default(),
                    p.london_authority
                        .map(|l| l.gss_code().to_string())
                        .unwrap_or_default(),
                    join(p.signatories.iter().map(|s| match &s.role {
                        Some(r) => format!("{} ({r})", s.name),
                        None => s.name.clone(),
                    })),
                ]
            })
            .collect(),
    }
}

/// The workbook from every agreement's rows, in report order.
pub(crate) fn workbook(
    as_of: Option<NaiveDate>,
    rows: impl Iterator<Item = std::io::Result<GatewayRows>>,
) -> std::io::Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut wb = Workbook::new();
    // Dated by the run's as-of date, not the clock, so a re-run writes the same bytes.
    let created = as_of
        .or(NaiveDate::from_ymd_opt(2000, 1, 1))
        .unwrap_or_default();
    let created = ExcelDateTime::from_ymd(
        created.year() as u16,
        created.month() as u8,
        created.day() as u8,
    )
    .map_err(err)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("dsa migrate"),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let headers: [(&str, &[&str]); 4] = [
        (
            "Agreements",
            &[
                "Reference",
                "ISG reference",
                "Title",
                "Type",
                "Status",
                "Borough folder",
                "Parties",
                "Publish date",
                "Review date",
                "Termination",
                "Lawful basis",
                "Package",
            ],
        ),
        (
            "Data flows",
            &[
                "Agreement reference",
                "Agreement",
                "Flow",
                "Provider",
                "Receiver",
                "Frequency",
                "Volume",
                "Transfer modes and controls",
                "Platform / means",
            ],
        ),
        (
            "Parties",
            &[
                "Agreement reference",
                "Agreement",
                "Organisation",
                "Kind",
                "ICO registration",
                "ODS code",
                "GSS code",
                "Signatories",
            ],
        ),
        (
            "Reviews",
            &[
                "Review date",
                "Agreement reference",
                "Agreement",
                "Borough folder",
                "When",
            ],
        ),
    ];
    for (name, cols) in headers {
        // Each row is written out as the next is begun (rows go in order), so the
        // workbook does not hold every agreement's cells: a 100,000-row register's
        // agreements took 600 MB here.
        let ws = wb.add_worksheet_with_constant_memory().map_err(err)?;
        ws.set_name(name).map_err(err)?;
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(err)?;
            ws.set_column_width(c as u16, 22).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
    }
    let excel_date = |d: NaiveDate| {
        ExcelDateTime::from_ymd(d.year_ce().1 as u16, d.month() as u8, d.day() as u8)
    };
    use chrono::Datelike;
    let mut next = [1u32; 4];
    let mut reviews: Vec<(NaiveDate, String, String, String)> = Vec::new();
    for r in rows {
        let r = r?;
        let reference = if r.reference.is_empty() {
            r.isg_reference.clone()
        } else {
            r.reference.clone()
        };
        {
            let ws = wb.worksheet_from_index(0).map_err(err)?;
            let row = next[0];
            let texts = [
                &r.reference,
                &r.isg_reference,
                &r.title,
                &r.dsa_type,
                &r.status,
                &r.borough,
                &r.parties,
            ];
            for (c, t) in texts.iter().enumerate() {
                ws.write_string(row, c as u16, t.as_str()).map_err(err)?;
            }
            for (c, d) in [(7u16, r.publish_date), (8, r.review_date)] {
                if let Some(d) = d {
                    let dt = excel_date(d).map_err(err)?;
                    ws.write_datetime_with_format(row, c, &dt, &date)
                        .map_err(err)?;
                }
            }
            ws.write_string(row, 9, &r.termination).map_err(err)?;
            ws.write_string(row, 10, &r.lawful_basis).map_err(err)?;
            ws.write_string(row, 11, &r.package).map_err(err)?;
            next[0] += 1;
        }
        {
            let ws = wb.worksheet_from_index(1).map_err(err)?;
            for f in &r.flows {
                let row = next[1];
                ws.write_string(row, 0, &reference).map_err(err)?;
                ws.write_string(row, 1, &r.title).map_err(err)?;
                // Name first after the agreement; then provider, receiver and the rest.
                let [provider, receiver, name, frequency, volume, transfers, platform] = f;
                for (c, t) in [
                    name, provider, receiver, frequency, volume, transfers, platform,
                ]
                .iter()
                .enumerate()
                {
                    ws.write_string(row, c as u16 + 2, t.as_str())
                        .map_err(err)?;
                }
                next[1] += 1;
            }
        }
        {
            let ws = wb.worksheet_from_index(2).map_err(err)?;
            for p in &r.party_rows {
                let row = next[2];
                ws.write_string(row, 0, &reference).map_err(err)?;
                ws.write_string(row, 1, &r.title).map_err(err)?;
                for (c, t) in p.iter().enumerate() {
                    ws.write_string(row, c as u16 + 2, t.as_str())
                        .map_err(err)?;
                }
                next[2] += 1;
            }
        }
        if let Some(d) = r.review_date {
            reviews.push((d, reference, r.title.clone(), r.borough.clone()));
        }
    }
    reviews.sort();
    let ws = wb.worksheet_from_index(3).map_err(err)?;
    for (d, reference, title, borough) in reviews {
        let row = next[3];
        let dt = excel_date(d).map_err(err)?;
        ws.write_datetime_with_format(row, 0, &dt, &date)
            .map_err(err)?;
        ws.write_string(row, 1, &reference).map_err(err)?;
        ws.write_string(row, 2, &title).map_err(err)?;
        ws.write_string(row, 3, &borough).map_err(err)?;
        let when = match as_of {
            Some(t) if d < t => format!("overdue by {} day(s)", (t - d).num_days()),
            Some(t) => format!("in {} day(s)", (d - t).num_days()),
            None => String::new(),
        };
        ws.write_string(row, 4, &when).map_err(err)?;
        next[3] += 1;
    }
    wb.save_to_buffer().map_err(err)
}
