//! Agreement → XML, via the model's JSON value so both formats share one shape.

use dsa_model::Agreement;
use serde_json::Value;

use crate::{is_xml_char, item_name, XmlError, NAMESPACE};

/// Writes an agreement as an XML document (UTF-8, two-space indent, trailing newline).
pub fn to_string(a: &Agreement) -> Result<String, XmlError> {
    let value = serde_json::to_value(a).map_err(|e| XmlError::Serialise(e.to_string()))?;
    let Value::Object(map) = value else {
        return Err(XmlError::Serialise("agreement is not an object".into()));
    };
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<agreement xmlns=\"");
    out.push_str(NAMESPACE);
    out.push('"');
    if let Some(Value::String(v)) = map.get("format_version") {
        out.push_str(" format_version=\"");
        escape_into(&mut out, v, true, "/format_version")?;
        out.push('"');
    }
    out.push_str(">\n");
    let mut path = String::new();
    for (k, v) in &map {
        if k == "format_version" {
            continue;
        }
        path.push('/');
        path.push_str(k);
        write_element(&mut out, k, v, 1, &mut path)?;
        path.clear();
    }
    out.push_str("</agreement>\n");
    Ok(out)
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_element(
    out: &mut String,
    name: &str,
    v: &Value,
    depth: usize,
    path: &mut String,
) -> Result<(), XmlError> {
    indent(out, depth);
    match v {
        Value::Null => {
            // The model skips absent options, so null never reaches here; an empty
            // element would read back as an empty value, so write nothing instead.
            out.truncate(out.len() - 2 * depth);
        }
        Value::Bool(b) => {
            leaf(out, name, if *b { "true" } else { "false" });
        }
        Value::Number(n) => leaf(out, name, &n.to_string()),
        Value::String(s) => {
            out.push('<');
            out.push_str(name);
            out.push('>');
            escape_into(out, s, false, path)?;
            out.push_str("</");
            out.push_str(name);
            out.push_str(">\n");
        }
        Value::Array(items) => {
            if items.is_empty() {
                empty(out, name);
            } else {
                open(out, name);
                let item = item_name(name);
                for (i, it) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("/{i}"));
                    write_element(out, item, it, depth + 1, path)?;
                    path.truncate(len);
                }
                close(out, name, depth);
            }
        }
        Value::Object(map) => {
            if map.is_empty() {
                empty(out, name);
            } else {
                open(out, name);
                for (k, child) in map {
                    let len = path.len();
                    path.push('/');
                    path.push_str(k);
                    write_element(out, k, child, depth + 1, path)?;
                    path.truncate(len);
                }
                close(out, name, depth);
            }
        }
    }
    Ok(())
}

fn leaf(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(text);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

fn empty(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str("/>\n");
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str(">\n");
}

fn close(out: &mut String, name: &str, depth: usize) {
    indent(out, depth);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// Escapes text so that a conforming parser returns exactly `s`: markup characters
/// as entities, and carriage returns (and in attributes tabs and newlines) as
/// character references, because XML parsers normalise them otherwise.
fn escape_into(out: &mut String, s: &str, attribute: bool, path: &str) -> Result<(), XmlError> {
    // Byte scan, copying clean runs whole: this runs over every string of every
    // agreement written. Every byte that may need attention is ASCII markup, an
    // ASCII control byte, or 0xEF (the lead byte of U+FFFE and U+FFFF); other
    // non-ASCII bytes belong to characters XML 1.0 allows (a &str holds no surrogates).
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#13;",
            b'"' if attribute => "&quot;",
            b'\t' if attribute => "&#9;",
            b'\n' if attribute => "&#10;",
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..=0x1F | 0xEF => {
                let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
                if !is_xml_char(c) {
                    return Err(XmlError::UnrepresentableChar {
                        path: path.to_string(),
                        code: c as u32,
                    });
                }
                i += c.len_utf8();
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
    Ok(())
}
