//! Bad registers: each gives its stable code and says what is wrong, never a panic
//! (fixtures: tests/fixtures/registers/generate.py).

use std::path::PathBuf;

use dsa_xlsx::{import, Options, Profile};

fn err(name: &str) -> dsa_xlsx::XlsxError {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/registers")
        .join(name);
    let bytes = std::fs::read(&p).unwrap();
    match import(&bytes, Some(name), &Options::default()) {
        Ok(_) => panic!("{name} imported"),
        Err(e) => e,
    }
}

#[test]
fn empty() {
    assert_eq!(err("empty.xlsx").code(), "E-XLSX-001");
}

#[test]
fn csv_renamed_to_xlsx() {
    let e = err("csv-renamed.xlsx");
    assert_eq!(e.code(), "E-XLSX-002");
    assert!(e.to_string().contains("CSV"), "{e}");
}

#[test]
fn truncated() {
    assert_eq!(err("truncated.xlsx").code(), "E-XLSX-004");
}

#[test]
fn password_protected() {
    let e = err("password-protected.xlsx");
    assert_eq!(e.code(), "E-XLSX-003");
    assert!(e.to_string().contains("password"), "{e}");
}

#[test]
fn no_recognisable_header_names_the_best_candidate_and_what_is_missing() {
    let e = err("no-header.xlsx");
    assert_eq!(e.code(), "E-XLSX-005");
    let m = e.to_string();
    assert!(
        m.contains("Budget") && m.contains("row 1") && m.contains("missing a title column"),
        "{m}"
    );
}

#[test]
fn invalid_profiles_are_refused() {
    assert_eq!(
        Profile::from_toml("[columns]\n\"X\" = \"colour\"\n")
            .unwrap_err()
            .code(),
        "E-XLSX-006"
    );
    assert_eq!(
        Profile::from_toml("header_row = [").unwrap_err().code(),
        "E-XLSX-006"
    );
}
