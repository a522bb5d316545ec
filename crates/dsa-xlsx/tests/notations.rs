//! Register cells in the notations real registers use: lawful-basis shorthand, several
//! conditions per cell, Schedule paragraphs, Acts by abbreviation, Welsh and bilingual
//! statuses and names. `tests/fixtures/registers/notations.xlsx` is written by openpyxl
//! (`notations.py`), with what each row cites in `notations.expected.json`.

use std::path::PathBuf;

use dsa_xlsx::{import, Options};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/registers")
}

fn codes(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["condition"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_notation_gives_its_conditions() {
    let bytes = std::fs::read(fixtures().join("notations.xlsx")).unwrap();
    let expected: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("notations.expected.json")).unwrap(),
    )
    .unwrap();
    let (records, _) = import(&bytes, Some("notations.xlsx"), &Options::default()).unwrap();
    assert_eq!(records.len(), expected.len());
    let mut wrong = Vec::new();
    for want in &expected {
        let rec = records
            .iter()
            .find(|r| r.agreement.reference.as_deref() == want["reference"].as_str())
            .unwrap();
        let a = serde_json::to_value(&rec.agreement).unwrap();
        let lb = &a["lawful_basis"];
        let got = [
            ("article6", codes(&lb["article6"])),
            ("article9", codes(&lb["article9"])),
            ("schedule1_part2", codes(&lb["schedule1_part2"])),
            ("schedule8", codes(&a["law_enforcement"]["schedule8"])),
            (
                "legislation",
                a["legislation"]
                    .as_array()
                    .map(|l| {
                        l.iter()
                            .map(|x| x["legislation"].as_str().unwrap_or("").to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
        ];
        for (key, got) in got {
            if got != strings(&want[key]) {
                wrong.push(format!(
                    "{:?} {key}: got {got:?}, want {}",
                    want["cell"], want[key]
                ));
            }
        }
        if let Some(status) = want["status"].as_str() {
            if a["status"] != status {
                wrong.push(format!("{:?} status: got {}", want["cell"], a["status"]));
            }
        }
        if want["parties"].is_array() {
            let names: Vec<String> = a["parties"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap_or("").to_string())
                .collect();
            if names != strings(&want["parties"]) {
                wrong.push(format!("{:?} parties: got {names:?}", want["reference"]));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
