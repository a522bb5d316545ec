//! The reader contract on real files: every format, detected by `Format::detect` and read
//! through `Readers`, hands its agreements to one sink with typed diagnostics and where
//! each came from; limits are one type, named in the error when hit.

use std::path::PathBuf;

use dsa_import::{Format, Found, Input, Origin, ReadError, Readers, Summary};
use dsa_model::{DiagnosticCode, DiagnosticKind, Limits};

fn sample(rel: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (rel.to_string(), bytes)
}

fn read_with(
    readers: &Readers,
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<Found>, Summary), ReadError> {
    let format = Format::detect(name, bytes).unwrap();
    let mut found = Vec::new();
    let summary = readers.read(
        format,
        Input {
            name: Some(name),
            bytes,
        },
        &mut |f| found.push(f),
    )?;
    Ok((found, summary))
}

fn read(rel: &str) -> (Vec<Found>, Summary) {
    let (name, bytes) = sample(rel);
    read_with(&Readers::default(), &name, &bytes).unwrap()
}

#[test]
fn a_word_document_gives_one_agreement_with_its_sections_and_coded_notes() {
    // Written by python-docx (samples/docx/generate.py).
    let (found, summary) = read("docx/mappa-party-names.docx");
    assert!(matches!(summary, Summary::Document));
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert!(!f.agreement.title.is_empty());
    let Origin::Document { sections } = &f.origin else {
        panic!("{:?}", f.origin)
    };
    assert!(sections.iter().any(|s| s.found));
    // Every note has a declared code, and its kind is the code's.
    for d in &f.diagnostics {
        assert!(DiagnosticCode::ALL.contains(&d.code));
        let json = serde_json::to_value(d).unwrap();
        assert_eq!(json["code"], d.code.code());
        assert_eq!(json["kind"], d.kind().as_str());
    }
}

#[test]
fn an_unfilled_template_is_noted_as_such() {
    let (found, _) = read("docx/template-blank.docx");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::SectionAbsent
                || d.code == DiagnosticCode::OptionsUnfilled),
        "{:?}",
        found[0].diagnostics
    );
}

#[test]
fn a_workbook_gives_a_row_each_with_coded_notes_at_their_cells() {
    // Written by openpyxl (samples/trackers/generate.py).
    let (found, summary) = read("trackers/westminster-register.xlsx");
    let Summary::Register { sheets } = summary else {
        panic!("not a register")
    };
    assert_eq!(sheets.iter().map(|s| s.records).sum::<usize>(), found.len());
    let row = |n: u32| {
        found
            .iter()
            .find(|f| matches!(&f.origin, Origin::Row { row, .. } if *row == n))
            .unwrap()
    };
    let r3 = row(3);
    let codes: Vec<(DiagnosticCode, &str)> = r3
        .diagnostics
        .iter()
        .map(|d| (d.code, d.location.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (DiagnosticCode::PartyUnknown, "sheet Register, cell C3"),
            (DiagnosticCode::KeptAsWritten, "sheet Register, cell D3"),
        ]
    );
    let r4 = row(4);
    assert_eq!(r4.diagnostics[0].code, DiagnosticCode::TitleMissing);
    assert_eq!(r4.diagnostics[0].kind(), DiagnosticKind::Missing);
    let Origin::Row { sheet, cells, .. } = &r3.origin else {
        unreachable!()
    };
    assert_eq!(sheet, "Register");
    assert!(cells.iter().any(|c| c.text.contains("St Mungo")));
}

#[test]
fn every_register_format_reads_through_the_same_contract() {
    // .xls (Excel 97-2003), .ods (LibreOffice), CSV saved by Excel.
    for rel in [
        "trackers/islington-register.xls",
        "trackers/lambeth-dsa-log.ods",
        "backlog/hackney/hackney-dsa-tracker.csv",
    ] {
        let (found, summary) = read(rel);
        assert!(matches!(summary, Summary::Register { .. }), "{rel}");
        assert!(!found.is_empty(), "{rel}");
        assert!(
            found.iter().all(|f| matches!(f.origin, Origin::Row { .. })),
            "{rel}"
        );
    }
}

#[test]
fn canonical_json_xml_and_a_package_give_the_same_agreement() {
    let (json, _) = read("agreements/licensing.json");
    let (xml, _) = read("agreements/licensing.xml");
    assert_eq!(json.len(), 1);
    assert_eq!(json[0].agreement, xml[0].agreement);
    assert!(matches!(json[0].origin, Origin::Canonical));
    assert!(json[0].diagnostics.is_empty());
    // An upload package holding it.
    let text = dsa_json::to_string(&json[0].agreement).unwrap();
    let zip = dsa_package::build(&dsa_package::Contents {
        json: &text,
        xml: None,
        validation: "[]\n",
        import_notes: "[]\n",
        sources: &[],
        register_row: None,
        tool_version: "test",
    })
    .unwrap();
    let (pkg, summary) = read_with(&Readers::default(), "licensing.zip", &zip).unwrap();
    assert!(matches!(summary, Summary::Canonical));
    assert_eq!(pkg[0].agreement, json[0].agreement);
}

#[test]
fn one_limits_type_holds_every_reader_and_names_the_limit() {
    let limited = |limits: Limits| Readers {
        limits,
        profile: None,
    };
    let (name, bytes) = sample("agreements/licensing.json");
    let small = limited(Limits {
        max_input_bytes: 100,
        ..Limits::default()
    });
    let err = read_with(&small, &name, &bytes).unwrap_err();
    assert!(err.to_string().starts_with("[E-FMT-013]"), "{err}");
    assert!(err.to_string().contains("max_input_bytes"), "{err}");
    // A register's rows.
    let (name, bytes) = sample("trackers/westminster-register.xlsx");
    let one_row = limited(Limits {
        max_rows: 1,
        ..Limits::default()
    });
    let err = read_with(&one_row, &name, &bytes).unwrap_err();
    assert!(err.to_string().contains("max_rows"), "{err}");
    // A document's nesting, and an agreement's XML.
    let shallow = limited(Limits {
        max_depth: 3,
        ..Limits::default()
    });
    let (name, bytes) = sample("docx/mas-rows-deleted.docx");
    let err = read_with(&shallow, &name, &bytes).unwrap_err();
    assert!(err.to_string().starts_with("[E-DOCX-009]"), "{err}");
    let (name, bytes) = sample("agreements/licensing.xml");
    let err = read_with(&shallow, &name, &bytes).unwrap_err();
    assert!(
        err.to_string().contains("max_depth") || err.to_string().contains("deep"),
        "{err}"
    );
}
