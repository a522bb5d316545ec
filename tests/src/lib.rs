//! Shared helpers for the cross-crate tests: where the samples are, and a
//! schema-driven generator of arbitrary agreements.
//!
//! The generator walks the model's own JSON Schema, so every field the model grows
//! is covered without a hand-written strategy per type, and every generated value
//! must deserialize into `Agreement` (which checks schema and types agree).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Root of the repository.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Paths of the canonical sample agreements (JSON), sorted.
pub fn sample_json_files() -> Vec<PathBuf> {
    let dir = repo_root().join("samples/agreements");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The dev corpus's .docx documents (`../shared/dev-corpus/docx`, beside the project;
/// CI has it), sorted. Panics, saying where it looked, when it is not there: a test over
/// the corpus that found nothing would pass without testing anything.
pub fn dev_corpus_documents() -> Vec<PathBuf> {
    let corpus = repo_root().join("../shared/dev-corpus/docx");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (CI has ../shared beside the project)",
                corpus.display()
            )
        })
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    docs.sort();
    assert!(
        docs.len() >= 90,
        "{}: {} documents",
        corpus.display(),
        docs.len()
    );
    docs
}

/// A small deterministic generator (splitmix64): proptest supplies the seed, so a
/// failing case is reproducible from the seed it prints.
pub struct Gen(u64);

impl Gen {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Gen(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Text that stresses XML and JSON: markup characters, whitespace at the edges,
    /// CR/LF/tab, non-ASCII, astral characters, CDATA terminators.
    pub fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "",
            " ",
            "Camden",
            "a & b",
            "<b>not markup</b>",
            "\"quoted\"",
            "it's",
            "line one\nline two",
            "windows\r\nline",
            "lone\rcr",
            "\ttabbed",
            "  leading",
            "trailing  ",
            "Caerdydd ŵ ŷ",
            "日本語",
            "emoji 😀",
            "]]>",
            "&amp; literally",
            "— en – dash",
            "\u{00A0}nbsp",
            "\u{FEFF}bom",
            "[Describe the data]",
        ];
        let mut s = String::new();
        for _ in 0..self.below(4) {
            if self.chance(70) {
                s.push_str(PIECES[self.below(PIECES.len() as u64) as usize]);
            } else {
                s.push(self.xml_char());
            }
        }
        s
    }

    /// Any character XML 1.0 can carry.
    fn xml_char(&mut self) -> char {
        loop {
            let c = match self.below(4) {
                0 => char::from_u32(0x20 + self.below(0x5F) as u32),
                1 => char::from_u32(0x20 + self.below(0xD7FF - 0x20) as u32),
                2 => char::from_u32(0xE000 + self.below(0xFFFE - 0xE000) as u32),
                _ => char::from_u32(0x10000 + self.below(0x10FFFF - 0x10000) as u32),
            };
            if let Some(c) = c {
                if dsa_xml::is_xml_char(c) {
                    return c;
                }
            }
        }
    }

    fn date(&mut self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            1990 + self.below(70),
            1 + self.below(12),
            1 + self.below(28)
        )
    }
}

/// The model's JSON Schema as a value.
pub fn agreement_schema() -> Value {
    schemars::schema_for!(dsa_model::Agreement).to_value()
}

/// An arbitrary agreement, as JSON, from a seed.
pub fn arbitrary_agreement(schema: &Value, seed: u64) -> Value {
    let mut g = Gen::new(seed);
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let mut v = gen_value(schema, &defs, &mut g, 0);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("format_version".into(), Value::String("1.0".into()));
    }
    v
}

fn resolve<'a>(s: &'a Value, defs: &'a Value) -> &'a Value {
    match s
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => defs.get(name).unwrap_or(s),
        None => s,
    }
}

fn gen_value(s: &Value, defs: &Value, g: &mut Gen, depth: usize) -> Value {
    let s = resolve(s, defs);
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        // Optional values: absence is chosen by the caller, so take the non-null branch.
        let non_null: Vec<&Value> = any
            .iter()
            .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        let pick = non_null[g.below(non_null.len() as u64) as usize];
        return gen_value(pick, defs, g, depth + 1);
    }
    if let Some(c) = s.get("const") {
        return c.clone();
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        let pick = &one[g.below(one.len() as u64) as usize];
        return gen_value(pick, defs, g, depth + 1);
    }
    let ty = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_string(),
        _ => "object".to_string(),
    };
    match ty.as_str() {
        "object" => {
            let mut m = Map::new();
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (k, p) in props {
                    let include = required.contains(&k.as_str()) || (depth < 6 && g.chance(55));
                    if include {
                        m.insert(k.clone(), gen_value(p, defs, g, depth + 1));
                    }
                }
            }
            Value::Object(m)
        }
        "array" => {
            let n = if depth > 6 { 0 } else { g.below(4) };
            let items = s.get("items").cloned().unwrap_or(Value::Null);
            Value::Array(
                (0..n)
                    .map(|_| gen_value(&items, defs, g, depth + 1))
                    .collect(),
            )
        }
        "string" => match s.get("format").and_then(Value::as_str) {
            Some("date") => Value::String(g.date()),
            _ => Value::String(g.text()),
        },
        "integer" => Value::from(g.below(10_000)),
        "number" => {
            let v = match g.below(4) {
                0 => 0.0,
                1 => 1.0,
                _ => g.below(1_000_001) as f64 / 1_000_000.0,
            };
            Value::from(v)
        }
        "boolean" => Value::Bool(g.chance(50)),
        _ => Value::Null,
    }
}

/// Writes a synthetic register of `rows` rows (vocabulary and shapes of the samples:
/// several parties per cell, date cells, text dates, an extra column).
pub fn write_register(path: &std::path::Path, rows: u32) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Live DSAs")?;
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let headers = [
        "DSA Title",
        "Ref",
        "Partner organisations",
        "Status",
        "Start date",
        "Next review",
        "Information Asset Owner",
        "RAG",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let boroughs = [
        "Camden",
        "Islington",
        "Hackney",
        "Lambeth",
        "Southwark",
        "Westminster",
        "RBKC",
        "Barking & Dagenham",
    ];
    let statuses = ["Live", "Draft", "Under review", "Expired", "Signed"];
    for r in 1..=rows {
        let i = r as usize;
        ws.write_string(r, 0, format!("Data sharing agreement {r}"))?;
        ws.write_string(r, 1, format!("REF-{r:06}"))?;
        ws.write_string(
            r,
            2,
            format!(
                "Metropolitan Police; {}, {}",
                boroughs[i % 8],
                boroughs[(i + 3) % 8]
            ),
        )?;
        ws.write_string(r, 3, statuses[i % 5])?;
        let d = ExcelDateTime::from_ymd(
            2015 + (i % 10) as u16,
            1 + (i % 12) as u8,
            1 + (i % 28) as u8,
        )?;
        ws.write_datetime_with_format(r, 4, &d, &date)?;
        ws.write_string(
            r,
            5,
            format!("{}/{:02}/{}", 1 + i % 28, 1 + i % 12, 2026 + i % 3),
        )?;
        ws.write_string(r, 6, "Head of Information Governance")?;
        ws.write_string(r, 7, ["Green", "Amber", "Red"][i % 3])?;
    }
    wb.save(path)?;
    Ok(())
}

/// Writes to `dir` the legacy situation the Pan-London project replaces, in
/// small: one Word protocol (samples/docx/protocol-camden-asb.docx, written by python-docx)
/// copied per borough with the borough's name put in, three of the copies edited the way
/// local copies drift (a longer retention period, a data item left out, a reworded
/// purpose), plus an unrelated agreement. Input for the README's walk-through.
pub fn write_variants(dir: &Path) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use dsa_model::{CodeList, LondonAuthority};
    use std::io::{Read, Write};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let original = std::fs::read(root.join("samples/docx/protocol-camden-asb.docx"))?;
    let edits: [(LondonAuthority, &[(&str, &str)]); 6] = [
        (LondonAuthority::Camden, &[]),
        (
            LondonAuthority::Barnet,
            &[("retained for 6 years", "retained for 7 years")],
        ),
        (LondonAuthority::Brent, &[("Dates of birth", "")]),
        (
            LondonAuthority::Bexley,
            &[("its impact on victims", "its effect on victims")],
        ),
        (LondonAuthority::Hackney, &[]),
        (LondonAuthority::Croydon, &[]),
    ];
    for (la, changes) in edits {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&original))?;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts =
            zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
        for i in 0..z.len() {
            let mut f = z.by_index(i)?;
            let name = f.name()?.to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes)?;
            if name == "word/document.xml" {
                let mut xml = String::from_utf8(bytes)?.replace("Camden", la.short_name());
                for (from, to) in changes {
                    if !xml.contains(from) {
                        return Err(format!("the sample no longer says {from:?}").into());
                    }
                    xml = xml.replace(from, to);
                }
                bytes = xml.into_bytes();
            }
            w.start_file(name, opts)?;
            w.write_all(&bytes)?;
        }
        let out = dir
            .join(la.code())
            .join(format!("{}-asb-protocol.docx", la.code()));
        std::fs::create_dir_all(out.parent().unwrap_or(dir))?;
        std::fs::write(&out, w.finish()?.into_inner())?;
    }
    let other = dir.join("lambeth");
    std::fs::create_dir_all(&other)?;
    std::fs::copy(
        root.join("samples/docx/mappa-party-names.docx"),
        other.join("mappa.docx"),
    )?;
    Ok(())
}
