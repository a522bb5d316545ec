//! The agreement laid out as the Pan-London template orders it: numbered section headings,
//! fields, lists and tables. The three writers (DOCX, HTML, Markdown) render this one
//! outline, so they always show the same content.
//!
//! Sections are driven by the model's JSON, so every field is shown (a field added to the
//! model appears without a change here); codes are shown in the template's wording with
//! their citation, and party ids by party name.

use std::collections::HashMap;
use std::sync::LazyLock;

use dsa_model::Agreement;
use serde_json::Value;

/// One block of the rendered document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The agreement's title.
    Title(String),
    /// A numbered section heading, level 1–3.
    Heading(u8, String),
    /// A labelled value: "Label: value".
    Field(String, String),
    /// A caption before a table or list.
    Caption(String),
    /// Plain text.
    Para(String),
    /// Bulleted items.
    List(Vec<String>),
    /// A table: header row and body rows.
    Table(Vec<String>, Vec<Vec<String>>),
}

/// Sections after the template's own: what the gateway and the import add.
const AFTER_TEMPLATE: &[(&str, &[&str])] = &[
    ("Data flows (Information Sharing Gateway)", &["data_flows"]),
    ("Register details", &["register", "extra_attributes"]),
    (
        "Content carried over from the source document",
        &["unmapped"],
    ),
];

/// The outline's sections: the template's (`dsa_model::template`), numbered as the
/// template numbers its headings ("1.", "1.1.", "2.4.1"), then `AFTER_TEMPLATE`.
fn sections() -> Vec<(String, &'static str, u8, &'static [&'static str])> {
    dsa_model::template::SECTIONS
        .iter()
        .map(|s| {
            let number = if s.level <= 2 {
                format!("{}.", s.number)
            } else {
                s.number.to_string()
            };
            (number, s.heading, s.level, s.fields)
        })
        .chain(
            AFTER_TEMPLATE
                .iter()
                .map(|(h, f)| (String::new(), *h, 2, *f)),
        )
        .collect()
}

/// Fields not shown: record-keeping that the JSON and XML carry.
const NOT_SHOWN: &[&str] = &["format_version", "id", "title", "sources", "provenance"];

/// Labels that say more than the field name.
const LABELS: &[(&str, &str)] = &[
    ("isg_reference", "ISG reference"),
    ("dsa_type", "DSA type"),
    ("article6", "UK GDPR Article 6 conditions"),
    ("article9", "UK GDPR Article 9 conditions"),
    ("schedule1_part1", "DPA 2018 Schedule 1 Part 1 conditions"),
    ("schedule1_part2", "DPA 2018 Schedule 1 Part 2 conditions"),
    ("schedule1_part3", "DPA 2018 Schedule 1 Part 3 conditions"),
    ("schedule8", "DPA 2018 Schedule 8 conditions"),
    ("dpia", "DPIA"),
    ("ico_registration", "ICO registration"),
    ("ods_code", "ODS code"),
    ("applies_to", "Applies to"),
    ("part2", "Part 2 (UK GDPR) categories"),
    ("part3", "Part 3 (law enforcement) categories"),
];

/// Code → (wording, citation) over every code list of the model.
static CODES: LazyLock<HashMap<&'static str, (&'static str, Option<&'static str>)>> =
    LazyLock::new(|| {
        let mut m = HashMap::new();
        for list in dsa_model::code_lists() {
            for e in list.entries {
                m.entry(e.code).or_insert((e.wording, e.citation));
            }
        }
        m
    });

/// Keys whose values are party ids.
const PARTY_KEYS: &[&str] = &[
    "party",
    "parties",
    "providing",
    "receiving",
    "signatory_party",
];

struct Ctx {
    party_names: HashMap<String, String>,
}

/// The agreement as blocks, in template order.
pub fn outline(a: &Agreement) -> Vec<Block> {
    let v = serde_json::to_value(a).unwrap_or(Value::Null);
    let ctx = Ctx {
        party_names: a
            .parties
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
    };
    let mut out = vec![Block::Title(a.title.clone())];
    let mut shown: Vec<&str> = NOT_SHOWN.to_vec();
    // Sections with content; parents are kept when a child has content.
    let mut pending_parents: Vec<(u8, String)> = Vec::new();
    for (num, heading, level, fields) in sections() {
        let text = if num.is_empty() {
            heading.to_string()
        } else {
            format!("{num} {heading}")
        };
        let mut body = Vec::new();
        for f in fields {
            if *f == "@parties" {
                // §1.2: who the parties are; their details are in Appendix A.
                let rows: Vec<Vec<String>> = a
                    .parties
                    .iter()
                    .map(|p| {
                        vec![
                            p.name.clone(),
                            display_code(dsa_model::CodeList::code(p.kind)),
                        ]
                    })
                    .collect();
                if !rows.is_empty() {
                    body.push(Block::Table(
                        vec!["Party".into(), "Organisation type".into()],
                        rows,
                    ));
                }
                continue;
            }
            // A field two sections hold (Appendix B's legislation, §2.4.3's) is shown once.
            if shown.contains(f) {
                continue;
            }
            shown.push(f);
            if let Some(x) = v.get(*f) {
                // A section's only text field is its body; otherwise fields are labelled.
                render(&ctx, f, x, &mut body, fields.len() == 1);
            }
        }
        if fields.is_empty() {
            pending_parents.retain(|(l, _)| *l < level);
            pending_parents.push((level, text));
            continue;
        }
        if body.is_empty() {
            continue;
        }
        pending_parents.retain(|(l, _)| *l < level);
        for (l, t) in pending_parents.drain(..) {
            out.push(Block::Heading(l, t));
        }
        out.push(Block::Heading(level, text));
        out.extend(body);
    }
    // Anything the table above does not place (a field added to the model later).
    if let Value::Object(m) = &v {
        let rest: Vec<(&String, &Value)> = m
            .iter()
            .filter(|(k, _)| !shown.contains(&k.as_str()))
            .collect();
        let mut body = Vec::new();
        for (k, x) in rest {
            render(&ctx, k, x, &mut body, true);
        }
        if !body.is_empty() {
            out.push(Block::Heading(2, "Other details".into()));
            out.extend(body);
        }
    }
    out
}

fn label(key: &str) -> String {
    if let Some((_, l)) = LABELS.iter().find(|(k, _)| *k == key) {
        return l.to_string();
    }
    let s = key.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

fn looks_like_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn display_code(code: &str) -> String {
    match CODES.get(code) {
        // Statutory citations help a reader; an authority's GSS code does not.
        Some((wording, Some(cite))) if !wording.contains(cite) && !cite.starts_with("ONS GSS") => {
            format!("{wording} ({cite})")
        }
        Some((wording, _)) => wording.to_string(),
        None => code.to_string(),
    }
}

/// One value as inline text.
fn inline(ctx: &Ctx, key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if PARTY_KEYS.contains(&key) => {
            ctx.party_names.get(s).cloned().unwrap_or_else(|| s.clone())
        }
        Value::String(s) if looks_like_code(s) => display_code(s),
        Value::String(s) => s.clone(),
        Value::Array(xs) => xs
            .iter()
            .map(|x| inline(ctx, key, x))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(m) => {
            if let Some(scope) = m.get("scope").and_then(Value::as_str) {
                // Which parties: "All parties", or their names.
                return match (m.get("parties"), scope) {
                    (Some(ps), _) => inline(ctx, "parties", ps),
                    (_, "all_parties") => "All parties".into(),
                    (_, "unspecified") => "Not stated".into(),
                    _ => display_code(scope),
                };
            }
            m.iter()
                .map(|(k, x)| format!("{}: {}", label(k), inline(ctx, k, x)))
                .collect::<Vec<_>>()
                .join("; ")
        }
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(xs) => xs.is_empty(),
        Value::Object(m) => m.values().all(is_empty),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// Renders one field: plain values as "Label: value", lists of objects as tables, lists
/// of text as bulleted lists, objects field by field.
fn render(ctx: &Ctx, key: &str, v: &Value, out: &mut Vec<Block>, top: bool) {
    if is_empty(v) {
        return;
    }
    match v {
        Value::Array(xs) if xs.iter().all(Value::is_object) => {
            let mut cols: Vec<&String> = Vec::new();
            for x in xs {
                for k in x.as_object().into_iter().flat_map(|m| m.keys()) {
                    if !cols.contains(&k) {
                        cols.push(k);
                    }
                }
            }
            let rows = xs
                .iter()
                .map(|x| {
                    cols.iter()
                        .map(|c| {
                            x.get(c.as_str())
                                .map(|y| inline(ctx, c, y))
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect();
            out.push(Block::Caption(label(key)));
            out.push(Block::Table(cols.iter().map(|c| label(c)).collect(), rows));
        }
        Value::Array(xs) => {
            let items: Vec<String> = xs.iter().map(|x| inline(ctx, key, x)).collect();
            out.push(Block::Caption(label(key)));
            out.push(Block::List(items));
        }
        Value::Object(m) if !m.contains_key("scope") => {
            for (k, x) in m {
                render(ctx, k, x, out, false);
            }
        }
        Value::String(s) if top && !looks_like_code(s) && !PARTY_KEYS.contains(&key) => {
            out.push(Block::Para(s.clone()))
        }
        _ => out.push(Block::Field(label(key), inline(ctx, key, v))),
    }
}

/// Plain text of the outline (for tests and for the HTML page's title).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Title(t) | Block::Heading(_, t) | Block::Caption(t) | Block::Para(t) => {
                s.push_str(t);
                s.push('\n');
            }
            Block::Field(l, v) => s.push_str(&format!("{l}: {v}\n")),
            Block::List(xs) => xs.iter().for_each(|x| s.push_str(&format!("- {x}\n"))),
            Block::Table(h, rows) => {
                s.push_str(&h.join(" | "));
                s.push('\n');
                for r in rows {
                    s.push_str(&r.join(" | "));
                    s.push('\n');
                }
            }
        }
    }
    s
}
