//! The canonical samples against the published spec, with independent validators:
//! the `jsonschema` crate for JSON and libxml2's `xmllint` for XML.

use std::process::Command;

use dsa_tests::{repo_root, sample_json_files};

#[test]
fn there_are_at_least_four_samples() {
    assert!(sample_json_files().len() >= 4);
}

#[test]
fn every_sample_json_validates_against_published_json_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("spec/dsa.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("published schema compiles");
    for p in sample_json_files() {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
    }
    // And the validator is not vacuous: a wrong code is rejected.
    let mut bad: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sample_json_files()[0]).unwrap()).unwrap();
    bad["lawful_basis"]["article6"][0]["condition"] = "z_made_up".into();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn every_sample_xml_validates_against_published_xsd_with_xmllint() {
    let xmls: Vec<_> = sample_json_files()
        .iter()
        .map(|p| p.with_extension("xml"))
        .collect();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(repo_root().join("spec/dsa.xsd"))
        .args(&xmls)
        .output()
        .expect("xmllint must be installed (apt-get install libxml2-utils; .ci/run does this)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches(" validates").count(), xmls.len(), "{stderr}");

    // Not vacuous: an unknown code fails.
    // Removed when dropped, a failing test included.
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-bad-xml-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.xml");
    let text = std::fs::read_to_string(&xmls[0]).unwrap();
    std::fs::write(
        &bad,
        text.replacen("<kind>police</kind>", "<kind>pirates</kind>", 1),
    )
    .unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(repo_root().join("spec/dsa.xsd"))
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sample_xml_is_the_xml_writer_output_and_reads_back_identically() {
    for p in sample_json_files() {
        let a = dsa_model::json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let xml_path = p.with_extension("xml");
        let xml = std::fs::read_to_string(&xml_path).unwrap();
        assert_eq!(
            dsa_xml::to_string(&a).unwrap(),
            xml,
            "{} is stale: run cargo xtask samples",
            xml_path.display()
        );
        let back = dsa_xml::from_str(&xml).unwrap();
        assert_eq!(back, a, "{}", xml_path.display());
        let json = std::fs::read_to_string(&p).unwrap();
        assert_eq!(dsa_json::to_string(&back).unwrap(), json, "{}", p.display());
    }
}

#[test]
fn spec_files_are_fresh() {
    let dir = repo_root().join("spec");
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    assert_eq!(
        read("dsa.schema.json"),
        dsa_spec::json_schema(),
        "run cargo xtask spec"
    );
    assert_eq!(read("dsa.xsd"), dsa_spec::xsd(), "run cargo xtask spec");
    assert_eq!(
        read("reference.md"),
        dsa_spec::reference(),
        "run cargo xtask spec"
    );
}

#[test]
fn xml_reader_refuses_hostile_and_malformed_documents() {
    let cases: &[(&str, &str)] = &[
        ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><agreement/>", "E-XML-002"),
        ("<agreement xmlns=\"urn:other\" format_version=\"1.0\"><title>t</title></agreement>", "E-XML-003"),
        ("<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"1.0\"><title>t</agreement>", "E-XML-001"),
        ("<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"1.0\"><title>&bogus;</title></agreement>", "E-XML-001"),
        ("<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"1.0\"><titel>t</titel></agreement>", "E-XML-006"),
        ("<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"1.0\"><title>t</title><status>dormant</status></agreement>", "E-XML-006"),
        ("<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"2.0\"><title>t</title></agreement>", "E-XML-007"),
        ("", "E-XML-001"),
    ];
    for (xml, code) in cases {
        let err = dsa_xml::from_str(xml).unwrap_err();
        assert_eq!(err.code(), *code, "{xml}: {err}");
    }
    let deep = format!(
        "<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"1.0\">{}{}</agreement>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    assert_eq!(dsa_xml::from_str(&deep).unwrap_err().code(), "E-XML-004");
    // Errors name the place.
    let err = dsa_xml::from_str("<agreement xmlns=\"urn:pan-london-dsa:agreement:1\" format_version=\"1.0\"><title>t</title><status>dormant</status></agreement>").unwrap_err();
    assert!(err.to_string().contains("/agreement/status"), "{err}");
}

/// Format 1.1 only added optional fields: an agreement written in the 1.0 form (file and
/// part in every provenance record, the heading path inside `path`, no `sources`) is
/// still a valid document that reads, validates and round-trips through XML.
#[test]
fn a_format_1_0_agreement_still_reads_validates_and_round_trips() {
    let path = repo_root().join("samples/docx/expected/mas-rows-deleted.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let source = v["sources"][0].clone();
    v["format_version"] = "1.0".into();
    v.as_object_mut().unwrap().remove("sources");
    let records = v["provenance"].as_array_mut().unwrap();
    assert!(records.len() > 100);
    for r in records.iter_mut() {
        let s = r["source"].as_object_mut().unwrap();
        let heading = s.remove("heading");
        let block = s["path"].as_str().unwrap().to_string();
        s.insert("file".into(), source["file"].clone());
        s.insert("part".into(), source["part"].clone());
        s.insert(
            "path".into(),
            match heading {
                Some(h) => format!("{} :: {block}", h.as_str().unwrap()).into(),
                None => block.into(),
            },
        );
    }

    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("spec/dsa.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&v));

    let a = dsa_model::json::from_str(&v.to_string()).unwrap();
    assert_eq!(a.format_version, "1.0");
    assert!(a.sources.is_empty());
    let first = &a.provenance[0].source;
    assert_eq!(first.file.as_deref(), Some("mas-rows-deleted.docx"));
    assert!(first.path.contains(" :: body/block[0]"), "{first:?}");
    // Explicit file and part need no `sources` entry to resolve.
    assert_eq!(
        a.source_of(first).part.as_deref(),
        Some("word/document.xml")
    );
    let findings = dsa_model::validation::validate(&a);
    assert!(findings.iter().all(|f| f.code != "DSA014"), "{findings:?}");
    let xml = dsa_xml::to_string(&a).unwrap();
    assert_eq!(dsa_xml::from_str(&xml).unwrap(), a);
}
