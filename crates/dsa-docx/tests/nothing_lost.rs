//! Nothing is lost: every non-empty paragraph and table cell of every sample ends up
//! in a mapped value's provenance or, verbatim, in the agreement's unmapped content.

use std::path::PathBuf;

use dsa_docx::blocks::all_texts;

fn ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_paragraph_and_cell_is_accounted_for() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/docx");
    let mut checked = 0;
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "docx") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let doc = dsa_docx::read_document(&bytes, dsa_docx::Limits::default()).unwrap();
        let imp = dsa_docx::import(&bytes, None, dsa_docx::Limits::default()).unwrap();
        let kept: Vec<String> = imp
            .agreement
            .provenance
            .iter()
            .map(|p| ws(&p.text))
            .chain(imp.agreement.unmapped.iter().map(|u| ws(&u.text)))
            .collect();
        let mut source = Vec::new();
        all_texts(&doc.body, &mut source);
        for (_, hf) in &doc.headers_footers {
            all_texts(hf, &mut source);
        }
        for s in source {
            let s = ws(&s);
            if s.is_empty() {
                continue;
            }
            checked += 1;
            if !kept.iter().any(|k| k.contains(&s)) {
                missing.push(format!(
                    "{}: {s:?}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(checked > 1000, "only {checked} texts checked");
    assert!(
        missing.is_empty(),
        "{} texts lost:\n{}",
        missing.len(),
        missing
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
