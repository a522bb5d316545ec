//! Golden test: each sample's import is compared field by field with its reviewed
//! expected JSON (samples/docx/expected/<name>.json). After a deliberate change,
//! regenerate with `UPDATE_GOLDEN=1 cargo test -p dsa-docx --test golden` and review
//! the diff before committing.

use std::path::PathBuf;

use serde_json::Value;

fn diff(path: &str, got: &Value, want: &Value, out: &mut Vec<String>) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => diff(&format!("{path}/{k}"), gv, wv, out),
                    None => out.push(format!("{path}/{k}: missing (want {})", short(wv))),
                }
            }
            for (k, gv) in g {
                if !w.contains_key(k) {
                    out.push(format!("{path}/{k}: unexpected {}", short(gv)));
                }
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            for i in 0..g.len().max(w.len()) {
                match (g.get(i), w.get(i)) {
                    (Some(gv), Some(wv)) => diff(&format!("{path}/{i}"), gv, wv, out),
                    (Some(gv), None) => out.push(format!("{path}/{i}: unexpected {}", short(gv))),
                    (None, Some(wv)) => {
                        out.push(format!("{path}/{i}: missing (want {})", short(wv)))
                    }
                    (None, None) => {}
                }
            }
        }
        (g, w) if g != w => out.push(format!("{path}: got {}, want {}", short(g), short(w))),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(120).collect::<String>())
    } else {
        s
    }
}

#[test]
fn every_sample_matches_its_golden_json() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/docx");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".docx"))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for n in &names {
        let bytes = std::fs::read(dir.join(n)).unwrap();
        let imp = dsa_docx::import(&bytes, Some(n), dsa_docx::Limits::default()).unwrap();
        let json = dsa_json::to_string(&imp.agreement).unwrap();
        let golden = dir.join("expected").join(n.replace(".docx", ".json"));
        if update {
            std::fs::write(&golden, &json).unwrap();
            continue;
        }
        let want: Value = match std::fs::read_to_string(&golden) {
            Ok(s) => serde_json::from_str(&s).unwrap(),
            Err(_) => {
                failures.push(format!("{n}: no golden file {}", golden.display()));
                continue;
            }
        };
        let got: Value = serde_json::from_str(&json).unwrap();
        let mut d = Vec::new();
        diff("", &got, &want, &mut d);
        for line in d.into_iter().take(15) {
            failures.push(format!("{n}: {line}"));
        }
        // The import is also a valid document of the exchange format.
        assert_eq!(
            dsa_xml::from_str(&dsa_xml::to_string(&imp.agreement).unwrap()).unwrap(),
            imp.agreement,
            "{n}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
