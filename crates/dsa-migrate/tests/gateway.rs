//! gateway.xlsx, read back with calamine: one Agreements row per agreement, one Data
//! flows row per flow, one Parties row per party of each agreement, the Reviews sheet, and
//! text that looks like a formula kept as text.

use std::path::PathBuf;

use calamine::{Data, Reader};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn gateway_lists_read_back_one_row_per_agreement_flow_and_party() {
    let dir = tempfile::tempdir().unwrap();
    let backlog = dir.path().join("backlog");
    std::fs::create_dir_all(backlog.join("camden")).unwrap();
    std::fs::create_dir_all(backlog.join("southwark")).unwrap();
    for (from, to) in [
        (
            "samples/agreements/multi-agency-safeguarding.json",
            "camden/mas.json",
        ),
        ("samples/agreements/mappa.xml", "southwark/mappa.xml"),
        (
            "samples/docx/licensing-glyphs.docx",
            "southwark/licensing.docx",
        ),
    ] {
        std::fs::copy(repo().join(from), backlog.join(to)).unwrap();
    }
    // A register whose cells start like formulas.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["DSA Title", "Ref", "Partner organisations", "Next review"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        "=HYPERLINK(\"http://x\",\"click\")",
        "+CAM-1",
        "@Camden",
        "01/05/2025",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(backlog.join("camden/register.xlsx")).unwrap();

    let out = dir.path().join("out");
    let options = dsa_migrate::Options {
        jobs: Some(2),
        tool_version: "test".into(),
        resume: false,
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
        ..Default::default()
    };
    dsa_migrate::migrate(&backlog, &out, &options, &|| {}).unwrap();
    let report = dsa_migrate::read_report(&out).unwrap();
    assert_eq!(report.agreements.len(), 4);

    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("gateway.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Agreements", "Data flows", "Parties", "Reviews"]
    );
    let rows = |wb: &mut calamine::Xlsx<_>, name: &str| -> Vec<Vec<String>> {
        wb.worksheet_range(name)
            .unwrap()
            .rows()
            .skip(1)
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let agreements = rows(&mut wb, "Agreements");
    assert_eq!(agreements.len(), report.agreements.len());
    for a in &report.agreements {
        assert!(
            agreements
                .iter()
                .any(|r| r[2] == a.title && r[11] == a.package),
            "{} missing",
            a.title
        );
    }
    let mas = agreements
        .iter()
        .find(|r| r[2] == "Pan-London Multi-Agency Safeguarding Data Sharing Agreement")
        .expect("the MAS agreement");
    assert!(mas[10].contains("Art 6(1)(c)"), "lawful basis: {}", mas[10]);
    assert!(
        mas[6].contains("Metropolitan Police Service"),
        "parties: {}",
        mas[6]
    );
    // One row per flow and one per party of each agreement, counted from the packages.
    let (mut want_flows, mut want_parties) = (0, 0);
    for a in &report.agreements {
        let zip = std::fs::read(out.join(&a.package)).unwrap();
        let json = dsa_package::read_entry(&zip, "agreement.json", 1 << 26).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        want_flows += v["data_flows"].as_array().map_or(0, Vec::len);
        want_parties += v["parties"].as_array().map_or(0, Vec::len);
    }
    let flows = rows(&mut wb, "Data flows");
    assert!(want_flows >= 4, "{want_flows}");
    assert_eq!(flows.len(), want_flows, "{flows:?}");
    assert!(flows.iter().all(|f| !f[2].is_empty() && !f[3].is_empty()));
    let mas_flow = flows.iter().find(|f| f[0] == "PL-DSA-MAS").unwrap();
    assert_eq!(mas_flow[3], "Metropolitan Police Service");
    assert_eq!(mas_flow[5], "Daily");
    let parties = rows(&mut wb, "Parties");
    assert_eq!(parties.len(), want_parties);
    assert!(parties
        .iter()
        .any(|p| p[2] == "London Borough of Camden" && p[6] == "E09000007"));
    // Reviews, by date, overdue against the as-of date.
    let reviews = rows(&mut wb, "Reviews");
    assert!(reviews.iter().any(|r| r[4].starts_with("overdue by")));
    // Formula-looking text is text: no cell anywhere holds a formula.
    for name in ["Agreements", "Data flows", "Parties", "Reviews"] {
        let formulas = wb.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has a formula"
        );
    }
    let injected = wb.worksheet_range("Agreements").unwrap();
    assert!(injected
        .used_cells()
        .any(|(_, _, c)| *c == Data::String("=HYPERLINK(\"http://x\",\"click\")".into())));
}
