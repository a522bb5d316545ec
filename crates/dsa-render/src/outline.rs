//! Fields the template has no section for (register details, extra attributes, content
//! carried over from the source), shown generically: plain values as "Label: value",
//! lists of objects as tables, lists of text as bullets. Driven by the model's JSON, so a
//! field added to the model later is shown without a change here.

use std::collections::HashMap;
use std::sync::LazyLock;

use dsa_model::Agreement;
use serde_json::Value;

use crate::document::{Block, Cell, Table};

/// Heading of the section these fields go in.
pub const OTHER_HEADING: &str = "Other details";

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

/// The fields no template section holds (`register`, `extra_attributes`; a test checks
/// every field of the agreement has a place), as blocks (empty when there are none). Only
/// those fields are serialised (the whole agreement, provenance and all, would cost more than
/// the rest of the page).
pub fn other_details(a: &Agreement) -> Vec<Block> {
    if a.register.is_none() && a.extra_attributes.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx {
        party_names: a
            .parties
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
    };
    let mut out = Vec::new();
    let fields = [
        ("register", serde_json::to_value(&a.register)),
        (
            "extra_attributes",
            serde_json::to_value(&a.extra_attributes),
        ),
    ];
    for (k, x) in fields {
        if let Ok(x) = x {
            render(&ctx, k, &x, &mut out, true);
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
                            Cell::Text(
                                x.get(c.as_str())
                                    .map(|y| inline(ctx, c, y))
                                    .unwrap_or_default(),
                            )
                        })
                        .collect()
                })
                .collect();
            out.push(Block::Label(label(key)));
            let n = cols.len().max(1) as u16;
            out.push(Block::Table(Table {
                head: Some(cols.iter().map(|c| label(c)).collect()),
                rows,
                widths: vec![100 / n; cols.len()],
            }));
        }
        Value::Array(xs) => {
            let items: Vec<String> = xs.iter().map(|x| inline(ctx, key, x)).collect();
            out.push(Block::Label(label(key)));
            out.push(Block::Bullets(items));
        }
        Value::Object(m) if !m.contains_key("scope") => {
            for (k, x) in m {
                render(ctx, k, x, out, false);
            }
        }
        Value::String(s) if top && !looks_like_code(s) && !PARTY_KEYS.contains(&key) => {
            out.push(Block::Para(s.clone()))
        }
        _ => out.push(Block::Para(format!(
            "{}: {}",
            label(key),
            inline(ctx, key, v)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields not shown: record-keeping that the JSON and XML carry, and what the signable
    /// layout places itself (the data flows appendix, the content carried over).
    const NOT_SHOWN: &[&str] = &[
        "format_version",
        "id",
        "title",
        "sources",
        "provenance",
        "data_flows",
        "unmapped",
        "corrections",
    ];

    /// The fields no template section holds and the signable layout does not place itself,
    /// shown here. A test checks that every field of the agreement is placed somewhere: a
    /// template section's, [`NOT_SHOWN`], or this list.
    const OTHER_FIELDS: &[&str] = &["register", "extra_attributes"];

    /// Whether a top-level field of the agreement is shown somewhere in the signable layout.
    fn is_placed(field: &str) -> bool {
        NOT_SHOWN.contains(&field)
            || OTHER_FIELDS.contains(&field)
            || dsa_model::template::SECTIONS
                .iter()
                .any(|s| s.fields.contains(&field))
    }

    /// Every field of the agreement, today's and any added later, has a place in the
    /// rendering (else this fails until it is given one).
    #[test]
    fn every_field_of_the_agreement_is_placed() {
        let schema = schemars::schema_for!(Agreement);
        let v = serde_json::to_value(&schema).unwrap();
        let props = v["properties"].as_object().expect("the agreement's fields");
        assert!(props.len() > 30);
        for k in props.keys() {
            assert!(is_placed(k), "{k} is not rendered anywhere");
        }
        assert_eq!(OTHER_FIELDS.len(), 2);
    }
}
