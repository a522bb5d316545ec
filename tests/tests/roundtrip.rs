//! JSON → XML → JSON is the identity for every valid agreement, and the model's JSON
//! writer writes what serde_json writes: a property test over agreements generated from
//! the model's JSON Schema.

use std::io::Write;
use std::process::Command;

use dsa_model::Agreement;
use dsa_tests::{agreement_schema, arbitrary_agreement};
use proptest::prelude::*;

fn roundtrip(seed: u64, schema: &serde_json::Value, validator: &jsonschema::Validator) {
    let value = arbitrary_agreement(schema, seed);
    // The generated value follows the published JSON Schema...
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "seed {seed}: schema errors {errors:?}");
    // ...and is an agreement.
    let a: Agreement = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("seed {seed}: schema-valid JSON is not an Agreement: {e}"));
    let json = dsa_json::to_string(&a).expect("serialise json");
    // The model's own JSON writer writes what serde_json's pretty printer does.
    let reference = serde_json::to_string_pretty(&a).expect("serde_json") + "\n";
    assert!(
        json == reference,
        "seed {seed}: JSON differs from serde_json's"
    );
    let from_json = dsa_model::json::from_str(&json).expect("read json back");
    assert_eq!(from_json, a, "seed {seed}: JSON round trip");
    let xml = dsa_xml::to_string(&from_json).expect("serialise xml");
    let from_xml = dsa_xml::from_str(&xml)
        .unwrap_or_else(|e| panic!("seed {seed}: XML read back failed: {e}\n{xml}"));
    assert_eq!(from_xml, a, "seed {seed}: XML round trip\n{xml}");
    let json2 = dsa_json::to_string(&from_xml).expect("serialise json again");
    assert_eq!(
        json2, json,
        "seed {seed}: JSON → XML → JSON is not byte-identical"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
    #[test]
    fn json_xml_json_is_identity(seed in any::<u64>()) {
        thread_local! {
            static CTX: (serde_json::Value, jsonschema::Validator) = {
                let s = agreement_schema();
                let v = jsonschema::validator_for(&s).expect("schema compiles");
                (s, v)
            };
        }
        CTX.with(|(s, v)| roundtrip(seed, s, v));
    }
}

/// Generated agreements' XML validates against the published XSD with an
/// independent validator (libxml2's xmllint).
#[test]
fn generated_xml_validates_against_xsd_with_xmllint() {
    let schema = agreement_schema();
    // Removed when dropped, a failing test included.
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-xsd-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let xsd = dir.join("dsa.xsd");
    std::fs::write(&xsd, dsa_xml::xsd::generate()).unwrap();
    let mut files = Vec::new();
    for seed in 0..60u64 {
        let a: Agreement = serde_json::from_value(arbitrary_agreement(&schema, seed)).unwrap();
        let p = dir.join(format!("gen-{seed}.xml"));
        let mut f = std::fs::File::create(&p).unwrap();
        f.write_all(dsa_xml::to_string(&a).unwrap().as_bytes())
            .unwrap();
        files.push(p);
    }
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .args(&files)
        .output()
        .expect("xmllint must be installed (apt-get install libxml2-utils; .ci/run does this)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "xmllint rejected generated XML:\n{stderr}"
    );
    assert_eq!(
        stderr.matches(" validates").count(),
        files.len(),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unrepresentable_control_characters_are_a_clear_error() {
    let mut a = Agreement::new("Bell \u{7} in title");
    a.reference = Some("ok".into());
    let err = dsa_xml::to_string(&a).unwrap_err();
    assert_eq!(err.code(), "E-XML-008");
    assert!(err.to_string().contains("/title"), "{err}");
    assert!(err.to_string().contains("U+0007"), "{err}");
}
