//! The published specification: JSON Schema, XSD and the field reference for
//! integrators, all generated from the model so they cannot drift from the code.
//! `cargo xtask spec` writes them to `spec/`; `dsa schema` prints them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use dsa_model::validation::RULES;
use serde_json::Value;

/// The worked example quoted in the reference (a hand-written sample agreement).
pub const EXAMPLE_AGREEMENT: &str =
    include_str!("../../../samples/agreements/multi-agency-safeguarding.json");

/// JSON Schema (draft 2020-12) of an agreement, pretty-printed.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(dsa_model::Agreement).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".into(),
            Value::String(format!(
                "urn:pan-london-dsa:agreement:{}:schema",
                dsa_model::FORMAT_VERSION
            )),
        );
    }
    standard_formats(&mut schema);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The formats JSON Schema 2020-12 defines (§7.3). schemars also writes Rust's numeric
/// types ("uint32", "double") as formats, which strict validators such as ajv reject as
/// unknown: those become bounds (`minimum`/`maximum`), the only thing they said.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

fn standard_formats(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            if let Some(Value::String(f)) = obj.get("format") {
                if !STANDARD_FORMATS.contains(&f.as_str()) {
                    let bounds: Option<(i64, u64)> = match f.as_str() {
                        "uint8" => Some((0, u8::MAX.into())),
                        "uint16" => Some((0, u16::MAX.into())),
                        "uint32" => Some((0, u32::MAX.into())),
                        "uint" | "uint64" => Some((0, u64::MAX)),
                        _ => None,
                    };
                    obj.remove("format");
                    if let Some((min, max)) = bounds {
                        obj.entry("minimum").or_insert(min.into());
                        obj.entry("maximum").or_insert(max.into());
                    }
                }
            }
            obj.values_mut().for_each(standard_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(standard_formats),
        _ => {}
    }
}

/// XSD of the XML format.
pub fn xsd() -> String {
    dsa_xml::xsd::generate()
}

/// Template section named in a description, e.g. "(§2.4.1)" → "2.4.1".
fn section_of(description: &str) -> String {
    let mut out = Vec::new();
    let mut rest = description;
    while let Some(i) = rest.find('§') {
        let after = &rest[i + '§'.len_utf8()..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        let sec = after[..end].trim_end_matches('.');
        if !sec.is_empty() {
            out.push(sec.to_string());
        }
        rest = &after[end..];
    }
    if description.contains("Information Sharing Gateway") || description.contains("(ISG") {
        out.push("ISG".to_string());
    }
    out.join(", ")
}

fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn ref_name(p: &Value) -> Option<&str> {
    p.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
}

/// Human type name of a property schema.
fn type_name(p: &Value) -> String {
    if let Some(r) = ref_name(p) {
        return format!("[{r}](#{})", r.to_lowercase());
    }
    if let Some(any) = p.get("anyOf").and_then(Value::as_array) {
        let parts: Vec<String> = any
            .iter()
            .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"))
            .map(type_name)
            .collect();
        return parts.join(" or ");
    }
    let ty = match p.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join("/"),
        _ => "any".into(),
    };
    match ty.as_str() {
        "array" => format!(
            "list of {}",
            p.get("items")
                .map(type_name)
                .unwrap_or_else(|| "any".into())
        ),
        "string" => match p.get("format").and_then(Value::as_str) {
            Some("date") => "date (YYYY-MM-DD)".into(),
            _ => "text".into(),
        },
        "integer" => "whole number".into(),
        "number" => "number".into(),
        "boolean" => "true/false".into(),
        other => other.into(),
    }
}

fn is_required(schema: &Value, field: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(field)))
}

/// Records, for each schema definition, the first instance of it in `value`.
fn collect_examples<'a>(
    schema: &Value,
    defs: &Value,
    value: &'a Value,
    found: &mut BTreeMap<String, &'a Value>,
) {
    let mut s = schema;
    if let Some(name) = ref_name(schema) {
        found.entry(name.to_string()).or_insert(value);
        match defs.get(name) {
            Some(d) => s = d,
            None => return,
        }
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        for alt in any {
            if alt.get("type").and_then(Value::as_str) != Some("null") {
                collect_examples(alt, defs, value, found);
            }
        }
        return;
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        for alt in one {
            if let Some(props) = alt.get("properties").and_then(Value::as_object) {
                for (k, p) in props {
                    if p.get("const").is_none() {
                        if let Some(v) = value.get(k) {
                            collect_examples(p, defs, v, found);
                        }
                    }
                }
            }
        }
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (k, p) in props {
                    if let Some(v) = map.get(k) {
                        collect_examples(p, defs, v, found);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = s.get("items") {
                for it in items {
                    collect_examples(item_schema, defs, it, found);
                }
            }
        }
        _ => {}
    }
}

fn example_cell(v: Option<&Value>) -> String {
    let Some(v) = v else {
        return String::new();
    };
    let s = match v {
        Value::String(s) => format!("{s:?}"),
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    let s = one_line(&s);
    let short: String = s.chars().take(70).collect();
    let short = if short.len() < s.len() {
        format!("{short}…")
    } else {
        short
    };
    format!("`{}`", short.replace('`', "'"))
}

fn fields_table(out: &mut String, schema: &Value, example: Option<&Value>) {
    out.push_str("| Field | Type | Required | Template § | Meaning | Example |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, p) in props {
        let desc = p.get("description").and_then(Value::as_str).unwrap_or("");
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {} | {} | {} |",
            type_name(p),
            if is_required(schema, name) {
                "yes"
            } else {
                "no"
            },
            section_of(desc),
            one_line(desc),
            example_cell(example.and_then(|e| e.get(name))),
        );
    }
}

/// The field reference (Markdown): every field with its meaning, type, template
/// section and an example; every code list with wording, citation, legislation.gov.uk
/// URI and DPV IRI; every validation rule.
/// The template's sections as `dsa_model::template` defines them, for integrators: where
/// each is held, whether a change there is material, whether it may be deleted.
fn template_sections(out: &mut String) {
    use std::fmt::Write as _;
    out.push_str("\n# Template sections\n\n");
    out.push_str(
        "The sections of the Pan-London template in order (`dsa_model::template`, the one \
definition the importers, the rendered agreement and the diff read). *Fields* are top-level \
fields of the agreement (JSON Pointer `/field`); a change to a *material* field alters who \
shares what, on which basis, or for how long; an *optional* section may be deleted as \
inapplicable and is then absent.\n\n",
    );
    out.push_str("| Section | Heading | Fields | Material | Optional | Code lists |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for s in dsa_model::template::SECTIONS {
        let list = |v: &[&str]| {
            if v.is_empty() {
                "–".to_string()
            } else {
                v.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            s.number,
            s.heading,
            list(s.fields),
            list(s.material),
            if s.optional { "yes" } else { "no" },
            list(s.code_lists),
        );
    }
}

pub fn reference() -> String {
    let schema = schemars::schema_for!(dsa_model::Agreement).to_value();
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let example: Value = serde_json::from_str(EXAMPLE_AGREEMENT).unwrap_or(Value::Null);
    let mut examples = BTreeMap::new();
    collect_examples(&schema, &defs, &example, &mut examples);
    let code_lists = dsa_model::code_lists();
    let code_list_names: Vec<&str> = code_lists.iter().map(|c| c.name).collect();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# DSA exchange format {} — field reference\n",
        dsa_model::FORMAT_VERSION
    );
    out.push_str(
        "<!-- Generated by `cargo xtask spec` from the dsa-model types. Do not edit. -->\n\n",
    );
    out.push_str(
        "An agreement is one JSON object (`spec/dsa.schema.json`, JSON Schema draft 2020-12) or one XML \
document (`spec/dsa.xsd`). Both carry the same fields under the same names:\n\n\
- **JSON**: field names as below; absent optional fields are omitted; dates are `YYYY-MM-DD`.\n\
- **XML**: root `<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"1.0\">`; one \
child element per field, in the order below; a list is a wrapper element holding one element per \
item (`<parties><party>…</party></parties>`); codes are element text. Text is exact: carriage \
returns are written as `&#13;`. Characters XML 1.0 cannot carry at all (C0 controls other than \
tab, LF, CR; U+FFFE; U+FFFF) make the XML writer fail with `E-XML-008` rather than alter the text.\n\
- **Template §** names the section of the Pan-London DSA template a field comes from; \
`ISG` marks what the Information Sharing Gateway holds beyond the template.\n\
- Parties are referred to by their `id` everywhere else (conditions, rows, flows).\n\n",
    );

    out.push_str("## Agreement (root)\n\n");
    fields_table(&mut out, &schema, Some(&example));

    if let Some(defs_obj) = defs.as_object() {
        for (name, def) in defs_obj {
            if code_list_names.contains(&name.as_str()) {
                continue;
            }
            let _ = writeln!(out, "\n## {name}\n");
            if let Some(d) = def.get("description").and_then(Value::as_str) {
                let _ = writeln!(out, "{}\n", one_line(d));
            }
            if let Some(one) = def.get("oneOf").and_then(Value::as_array) {
                out.push_str("One of:\n\n");
                for alt in one {
                    let props = alt.get("properties").and_then(Value::as_object);
                    let tag = props.and_then(|p| {
                        p.iter()
                            .find_map(|(k, v)| v.get("const").map(|c| format!("`{k}` = {c}")))
                    });
                    let others: Vec<String> = props
                        .map(|p| {
                            p.iter()
                                .filter(|(_, v)| v.get("const").is_none())
                                .map(|(k, v)| format!("`{k}`: {}", type_name(v)))
                                .collect()
                        })
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "- {}{}{} — {}",
                        tag.unwrap_or_default(),
                        if others.is_empty() { "" } else { ", with " },
                        others.join(", "),
                        one_line(alt.get("description").and_then(Value::as_str).unwrap_or(""))
                    );
                }
                if let Some(ex) = examples.get(name.as_str()) {
                    let _ = writeln!(out, "\nExample: {}", example_cell(Some(ex)));
                }
                continue;
            }
            fields_table(&mut out, def, examples.get(name.as_str()).copied());
        }
    }

    template_sections(&mut out);
    out.push_str("\n# Code lists\n\n");
    out.push_str(
        "Each option list of the template is a closed code list. `Code` is what the formats carry. \
Options marked *not in template* are statutory options older agreements cite that the template \
omits. Statutory identifiers are legislation.gov.uk URIs (DPV has no UK Schedule 1, Schedule 8 \
or Part 3 terms); UK GDPR articles are identified at article level, the point is in the citation.\n",
    );
    for list in &code_lists {
        let _ = writeln!(
            out,
            "\n## {}\n\nTemplate §{}.\n",
            list.name, list.template_section
        );
        out.push_str("| Code | Wording | Citation | legislation.gov.uk | DPV | In template |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for e in &list.entries {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                e.code,
                one_line(e.wording),
                e.citation.unwrap_or(""),
                e.legislation_uri
                    .map(|u| format!("<{u}>"))
                    .unwrap_or_default(),
                e.dpv_iri.map(|u| format!("<{u}>")).unwrap_or_default(),
                if e.in_template {
                    "yes"
                } else {
                    "not in template"
                },
            );
        }
    }

    out.push_str("\n# Validation rules\n\n`dsa validate` checks these; findings name the field by JSON Pointer.\n\n");
    out.push_str("| Code | Rule | Severity | Explanation |\n|---|---|---|---|\n");
    for r in RULES {
        let _ = writeln!(
            out,
            "| {} | `{}` | {:?} | {} |",
            r.code, r.name, r.severity, r.explanation
        );
    }
    out.push_str(
        "\n# Import notes\n\nWhat the readers note about an import (`dsa import --report`, each \
         package's `import-notes.json`, the report): `code`, `kind` (decided by the code), \
         `section` (the template's, when known), `location` (a block path, or `sheet S, cell C5` \
         / `sheet S, row 5`) and `message`; in a package each note also names its `source`.\n\n",
    );
    out.push_str("| Code | Kind | Meaning |\n|---|---|---|\n");
    for c in dsa_model::DiagnosticCode::ALL {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            c.code(),
            c.kind().as_str(),
            c.summary()
        );
    }
    // Written by hand beside this file: what migrate writes, and how it maps to the gateway.
    out.push_str(include_str!("packages.md"));
    out
}

#[cfg(test)]
mod package_mapping_tests {
    /// Every field the gateway mapping names is a field of the agreement: the table
    /// cannot name a field that was renamed or removed.
    #[test]
    fn the_gateway_mapping_names_real_fields() {
        let schema = schemars::schema_for!(dsa_model::Agreement).to_value();
        let props = schema["properties"]
            .as_object()
            .expect("agreement properties");
        let table = include_str!("packages.md");
        let mut seen = 0;
        for cell in table.split('`').skip(1).step_by(2) {
            let Some(path) = cell.strip_prefix('/') else {
                continue;
            };
            let top = path.split('/').next().unwrap_or("");
            if let Some(prefix) = top.strip_suffix('*') {
                // `schedule1_*`: every field with that prefix.
                assert!(props.keys().any(|k| k.starts_with(prefix)), "{cell}");
            } else {
                assert!(props.contains_key(top), "{cell}: no field {top:?}");
            }
            seen += 1;
        }
        assert!(seen > 30, "{seen}");
    }
}
