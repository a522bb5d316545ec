//! Helpers the render tests share: the samples, and what "reads back as the same
//! agreement" means for each kind of sample.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dsa_model::Agreement;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every sample agreement: samples/agreements/*.json and samples/docx/expected/*.json.
pub fn samples() -> Vec<(String, Agreement)> {
    let mut out = Vec::new();
    for dir in ["samples/agreements", "samples/docx/expected"] {
        let mut files: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && !p.to_string_lossy().ends_with(".facts.json")
            })
            .collect();
        files.sort();
        for p in files {
            let text = std::fs::read_to_string(&p).unwrap();
            let a =
                dsa_model::json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            out.push((p.display().to_string(), a));
        }
    }
    assert!(out.len() >= 20, "samples: {}", out.len());
    out
}

/// `a` with its parties under the ids and names the reader gave them in `b`, matched by
/// name, id or London authority. A canonical agreement's party ids ("slam") are its own
/// and never printed, so no reader of the text can give them back; and the reader names a
/// known organisation canonically ("Islington Council" is "London Borough of Islington").
pub fn with_readers_parties(a: &Agreement, b: &Agreement) -> Agreement {
    let mut renames: Vec<(String, String, String)> = Vec::new();
    for p in &a.parties {
        let same = b.parties.iter().find(|q| {
            q.name == p.name
                || q.id == p.id
                || (p.london_authority.is_some() && q.london_authority == p.london_authority)
        });
        if let Some(q) = same {
            renames.push((p.id.clone(), q.id.clone(), q.name.clone()));
        }
    }
    // Only where party ids go (a borough's id is also its London authority code).
    const PARTY_KEYS: &[&str] = &["id", "party", "parties", "providing", "receiving"];
    fn walk(v: &mut serde_json::Value, key: &str, renames: &[(String, String, String)]) {
        match v {
            serde_json::Value::String(s) if PARTY_KEYS.contains(&key) => {
                if let Some((_, new, _)) = renames.iter().find(|(old, _, _)| old == s) {
                    *s = new.clone();
                }
            }
            serde_json::Value::Array(xs) => xs.iter_mut().for_each(|x| walk(x, key, renames)),
            serde_json::Value::Object(m) => m.iter_mut().for_each(|(k, x)| walk(x, k, renames)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(a).unwrap();
    walk(&mut v, "", &renames);
    let mut out: Agreement = serde_json::from_value(v).unwrap();
    for p in &mut out.parties {
        if let Some((_, _, name)) = renames.iter().find(|(_, new, _)| *new == p.id) {
            p.name = name.clone();
        }
    }
    out
}

/// Whether an agreement read back from a rendering's text is the sample it was rendered
/// from: for agreements the reader gave (samples/docx/expected) every field is the same;
/// for canonical agreements nothing material differs once parties go by the reader's ids.
pub fn assert_same_agreement(name: &str, a: &Agreement, b: &Agreement) {
    let reader_made = name.contains("samples/docx/expected");
    let changes = if reader_made {
        dsa_diff::diff(a, b)
    } else {
        dsa_diff::diff(&with_readers_parties(a, b), b)
    };
    let shown: Vec<String> = changes
        .iter()
        .map(|c| format!("{:?} {} material={}", c.kind, c.path, c.material))
        .collect();
    if reader_made {
        assert!(changes.is_empty(), "{name}: {shown:#?}");
    } else {
        assert!(!dsa_diff::has_material(&changes), "{name}: {shown:#?}");
    }
}

fn ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every non-empty paragraph and cell of a rendering (headers and footers too) is in the
/// import's provenance or unmapped content: reading our own output loses nothing either.
pub fn assert_nothing_lost(name: &str, docx: &[u8], imported: &dsa_docx::Import) {
    let doc = dsa_docx::read_document(docx, dsa_docx::Limits::default()).unwrap();
    let kept: Vec<String> = imported
        .agreement
        .provenance
        .iter()
        .map(|p| ws(&p.text))
        .chain(imported.agreement.unmapped.iter().map(|u| ws(&u.text)))
        .collect();
    let mut source = Vec::new();
    dsa_docx::blocks::all_texts(&doc.body, &mut source);
    for (_, hf) in &doc.headers_footers {
        dsa_docx::blocks::all_texts(hf, &mut source);
    }
    let lost: Vec<String> = source
        .iter()
        .map(|s| ws(s))
        .filter(|s| !s.is_empty() && !kept.iter().any(|k| k.contains(s.as_str())))
        .collect();
    assert!(
        lost.is_empty(),
        "{name}: {} texts lost: {lost:#?}",
        lost.len()
    );
}
