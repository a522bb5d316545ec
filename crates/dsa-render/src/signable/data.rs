//! §3–§4: individuals, and the data: categories, items, handling, retention.

use dsa_model::data::DataItem;
use dsa_model::template::wording as w;
use dsa_model::CodeList;

use super::words::{cell, grid, para, table, wording, Ctx};
use crate::document::Block;

pub fn rights_requests(ctx: &Ctx, out: &mut Vec<Block>) {
    let a = ctx.a;
    out.push(Block::Label("Rectification, erasure or restriction".into()));
    let own = a
        .rectification_erasure
        .as_deref()
        .filter(|t| !t.trim().is_empty());
    out.push(Block::Para(own.unwrap_or(w::RECTIFICATION).to_string()));
    if let Some(c) = a.complaints.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push(Block::Label("Complaints".into()));
        out.push(Block::Para(c.to_string()));
    }
}

pub fn data_subjects(ctx: &Ctx, out: &mut Vec<Block>) {
    let ds = &ctx.a.data_subjects;
    if !ds.types.is_empty() {
        out.push(Block::Label("Types of data subjects".into()));
        let names: Vec<String> = ds.types.iter().map(|t| wording(*t)).collect();
        let half = names.len().div_ceil(2);
        let (left, right) = names.split_at(half);
        out.push(Block::Table(crate::document::Table {
            head: None,
            rows: grid(left.to_vec(), right.to_vec()),
            widths: vec![50, 50],
        }));
    }
    if !ds.other_types.is_empty() {
        out.push(Block::Label("Other data subjects".into()));
        out.push(Block::Bullets(ds.other_types.clone()));
    }
    para(out, ds.description.as_deref());
}

pub fn deceased(ctx: &Ctx, out: &mut Vec<Block>) {
    if let Some(d) = &ctx.a.deceased_individuals {
        para(out, d.notes.as_deref());
    }
}

pub fn data_categories(ctx: &Ctx, out: &mut Vec<Block>) {
    let c = &ctx.a.data_categories;
    if !c.part2.is_empty() || !c.part3.is_empty() {
        out.push(table(
            &["Part 2 processing", "Part 3 processing"],
            grid(
                c.part2.iter().map(|x| wording(*x)).collect(),
                c.part3.iter().map(|x| wording(*x)).collect(),
            ),
            &[50, 50],
        ));
    }
    let mut describe = Vec::new();
    if let Some(t) = c.anonymisation.as_deref().filter(|t| !t.trim().is_empty()) {
        describe.push(t.to_string());
    }
    // Who holds the key, unless the description already says ("… is held by Camden").
    if let Some(k) = c
        .pseudonymisation_key_holder
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        let name = ctx.party(k);
        let said = c
            .anonymisation
            .as_deref()
            .is_some_and(|t| t.to_lowercase().contains("held by"));
        if !said {
            describe.push(format!("{}: {name}", w::KEY_HOLDER));
        }
    }
    if !describe.is_empty() {
        out.push(table(
            &["Describe any anonymisation or pseudonymisation of data or outputs - for pseudonymised data include details of which organisation holds the key to re-identification"],
            describe.into_iter().map(|d| vec![cell(d)]).collect(),
            &[100],
        ));
    }
}

/// The personal and special category tables: the item and what is shared of it.
fn items<T: CodeList>(rows: &[DataItem<T>], out: &mut Vec<Block>) {
    if rows.is_empty() {
        return;
    }
    let body = rows
        .iter()
        .map(|r| {
            let mut lines: Vec<String> = r.description.iter().cloned().collect();
            if !r.datasets.is_empty() {
                lines.push(format!("{}: {}", w::DATASETS, r.datasets.join("; ")));
            }
            if let Some(x) = &r.exclusions {
                lines.push(format!("{}: {x}", w::EXCLUDED));
            }
            vec![cell(wording(r.item)), cell(lines.join("\n"))]
        })
        .collect();
    out.push(table(
        &[
            "Type of data",
            "Describe the data - are there datasets or named reports? Is there any data specifically excluded?",
        ],
        body,
        &[40, 60],
    ));
}

pub fn personal_data(ctx: &Ctx, out: &mut Vec<Block>) {
    items(&ctx.a.personal_data, out);
}

pub fn special_category_data(ctx: &Ctx, out: &mut Vec<Block>) {
    items(&ctx.a.special_category_data, out);
}

pub fn criminal_offence_data(ctx: &Ctx, out: &mut Vec<Block>) {
    if let Some(c) = &ctx.a.criminal_offence_data {
        out.push(Block::Para(
            "Personal data relating to criminal convictions and offences is shared under this DSA."
                .to_string(),
        ));
        para(out, c.description.as_deref());
    }
}

pub fn storage(ctx: &Ctx, out: &mut Vec<Block>) {
    let s = &ctx.a.storage_and_security;
    para(out, s.handling.as_deref());
    para(out, s.security_standards.as_deref());
}

pub fn outside_uk(ctx: &Ctx, out: &mut Vec<Block>) {
    let Some(o) = &ctx.a.outside_uk_processing else {
        return;
    };
    para(out, o.description.as_deref());
    let rows: Vec<_> = o
        .rows
        .iter()
        .map(|r| {
            let mut lines = vec![r.description.clone()];
            if let Some(c) = &r.destination_country {
                lines.push(format!("Destination: {c}"));
            }
            if let Some(s) = &r.safeguards {
                lines.push(format!("Safeguards: {s}"));
            }
            vec![cell(ctx.applies(&r.applies_to)), cell(lines.join("\n"))]
        })
        .collect();
    if !rows.is_empty() {
        out.push(table(&["Applicable party", "Describe"], rows, &[35, 65]));
    }
}

pub fn data_quality(ctx: &Ctx, out: &mut Vec<Block>) {
    para(out, ctx.a.data_quality.as_deref());
}

pub fn breaches(ctx: &Ctx, out: &mut Vec<Block>) {
    para(out, ctx.a.breaches.as_deref());
}

pub fn retention(ctx: &Ctx, out: &mut Vec<Block>) {
    let rows: Vec<_> = ctx
        .a
        .retention
        .iter()
        .map(|r| {
            // The method's wording, then the process unless it says the method itself
            // ("Automated deletion by the case system").
            let method = r.disposal.map(|d| d.wording());
            let disposal = match (method, r.disposal_process.as_deref()) {
                (Some(m), Some(p)) if p.to_lowercase().contains(&m.to_lowercase()) => p.to_string(),
                (Some(m), Some(p)) => format!("{m}. {p}"),
                (Some(m), None) => m.to_string(),
                (None, Some(p)) => p.to_string(),
                (None, None) => String::new(),
            };
            vec![
                cell(&r.data),
                cell(ctx.applies(&r.organisation)),
                cell(&r.period),
                cell(disposal),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push(table(
            &[
                "Data",
                "Organisation",
                "Retention period",
                "Automated or manual deletion? What processes ensure that disposal happens at the allotted time?",
            ],
            rows,
            &[25, 22, 20, 33],
        ));
    }
}

pub fn end_of_sharing(ctx: &Ctx, out: &mut Vec<Block>) {
    let rows: Vec<_> = ctx
        .a
        .end_of_sharing
        .iter()
        .map(|r| {
            vec![
                cell(&r.data),
                cell(ctx.applies(&r.organisation)),
                cell(&r.action),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push(table(
            &["Data", "Organisation", "End of sharing activity"],
            rows,
            &[30, 30, 40],
        ));
    }
}
