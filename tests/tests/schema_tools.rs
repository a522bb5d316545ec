//! The published JSON Schema in the validators integrators use: ajv in strict mode
//! (draft 2020-12, formats checked) and python-jsonschema with its format checker. Both
//! validate the schema itself and every canonical sample and imported golden against it.
//! `cargo xtask test` installs ajv (into target/tools) and jsonschema.

use std::path::PathBuf;
use std::process::Command;

use dsa_tests::{repo_root, sample_json_files};

/// Agreements the validators check: the hand-written samples and the DOCX importer's
/// goldens (which carry provenance, confidence and unmapped content).
fn instances() -> Vec<PathBuf> {
    let mut v = sample_json_files();
    let golden = repo_root().join("samples/docx/expected");
    let mut imported: Vec<PathBuf> = std::fs::read_dir(&golden)
        .expect("samples/docx/expected")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        // `*.facts.json` are the golden test's hand-written expectations, not agreements.
        .filter(|p| !p.to_string_lossy().ends_with(".facts.json"))
        .collect();
    imported.sort();
    assert!(
        imported.len() >= 10,
        "goldens missing under {}",
        golden.display()
    );
    v.extend(imported);
    v
}

fn node_modules() -> PathBuf {
    std::env::var_os("DSA_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/tools/node_modules"))
}

const AJV_SCRIPT: &str = r#"
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const fs = require("fs");
const [schemaPath, ...files] = process.argv.slice(1);
const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let bad = 0;
for (const f of files) {
  const doc = JSON.parse(fs.readFileSync(f, "utf8"));
  const ok = validate(doc);
  console.log((ok ? "valid " : "INVALID ") + f + (ok ? "" : " " + JSON.stringify(validate.errors)));
  if (!ok) bad++;
}
process.exit(bad ? 1 : 0);
"#;

fn ajv(schema: &std::path::Path, files: &[PathBuf]) -> (bool, String) {
    let modules = node_modules();
    assert!(
        modules.join("ajv").exists(),
        "ajv is not installed under {}: run the tests with `cargo xtask test`, which installs it",
        modules.display()
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(AJV_SCRIPT)
        .arg(schema)
        .args(files)
        .env("NODE_PATH", &modules)
        .output()
        .expect("node runs (`cargo xtask test` installs it)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn ajv_strict_compiles_the_schema_and_accepts_every_sample() {
    let schema = repo_root().join("spec/dsa.schema.json");
    let files = instances();
    let (ok, log) = ajv(&schema, &files);
    assert!(ok, "ajv strict:\n{log}");
    assert_eq!(log.matches("valid ").count(), files.len(), "{log}");
}

#[test]
fn ajv_strict_rejects_a_wrong_code_and_a_bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sample_json_files()[0]).unwrap()).unwrap();
    bad["lawful_basis"]["article6"][0]["condition"] = "z_made_up".into();
    let wrong_code = dir.path().join("wrong-code.json");
    std::fs::write(&wrong_code, bad.to_string()).unwrap();
    let mut bad: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sample_json_files()[0]).unwrap()).unwrap();
    bad["review"]["publish_date"] = "31/02/2024".into();
    let bad_date = dir.path().join("bad-date.json");
    std::fs::write(&bad_date, bad.to_string()).unwrap();
    let schema = repo_root().join("spec/dsa.schema.json");
    for f in [wrong_code, bad_date] {
        let (ok, log) = ajv(&schema, std::slice::from_ref(&f));
        assert!(
            !ok && log.contains("INVALID"),
            "ajv accepted {}:\n{log}",
            f.display()
        );
    }
}

#[test]
fn ajv_strict_rejects_a_non_standard_format() {
    // The check above is only meaningful if strict mode refuses unknown formats.
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(
        &schema,
        r#"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"integer","format":"uint32"}"#,
    )
    .unwrap();
    let (ok, log) = ajv(&schema, &[]);
    assert!(!ok && log.contains("uint32"), "{log}");
}

#[test]
fn python_jsonschema_with_format_checking_accepts_every_sample() {
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema, format_checker=FormatChecker())
bad = 0
for f in sys.argv[2:]:
    errors = list(v.iter_errors(json.load(open(f))))
    print(("valid " if not errors else "INVALID ") + f, [e.message for e in errors][:3])
    bad += bool(errors)
bad_date = json.load(open(sys.argv[2]))
bad_date["review"]["publish_date"] = "2024-02-31"
print("bad date rejected", not v.is_valid(bad_date))
sys.exit(1 if bad or v.is_valid(bad_date) else 0)
"#;
    let files = instances();
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(repo_root().join("spec/dsa.schema.json"))
        .args(&files)
        .output()
        .expect("python3 runs (`cargo xtask test` installs jsonschema)");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "python jsonschema:\n{log}");
    assert_eq!(log.matches("valid ").count(), files.len(), "{log}");
}

#[test]
fn the_schema_uses_only_formats_json_schema_defines() {
    let text = std::fs::read_to_string(repo_root().join("spec/dsa.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    fn formats(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::String(f)) = o.get("format") {
                    out.push(f.clone());
                }
                o.values().for_each(|v| formats(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| formats(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    formats(&schema, &mut found);
    assert!(found.iter().any(|f| f == "date"));
    assert!(found.iter().all(|f| f == "date"), "{found:?}");
    // The bound that "uint32" stood for is kept.
    assert!(text.contains("\"maximum\": 4294967295"));
}
