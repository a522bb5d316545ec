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

/// A table with a "Name" and an "Id" is not a register of agreements: calamine's pivot
/// table test file (in ../shared/external-corpus) must not become 20 agreements titled "a".
#[test]
fn a_table_with_generic_headings_is_not_a_register() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/external-corpus/sheets/calamine__tests__pivots.xlsx");
    let bytes = std::fs::read(&p).expect("../shared/external-corpus beside the project");
    let e = import(
        &bytes,
        Some("calamine__tests__pivots.xlsx"),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "E-XLSX-005");
    assert!(e.to_string().contains("not a DSA register"), "{e}");

    // The same headings written by rust_xlsxwriter: refused on their own, read when the
    // sheet, a line above, or the file's name speaks of agreements.
    let book = |sheet: &str, banner: Option<&str>| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        let mut r = 0;
        if let Some(b) = banner {
            ws.write_string(0, 0, b).unwrap();
            r = 2;
        }
        for (c, h) in ["Id", "Name", "Category", "Status"].iter().enumerate() {
            ws.write_string(r, c as u16, *h).unwrap();
        }
        for (c, v) in ["7", "MASH", "Safeguarding", "Live"].iter().enumerate() {
            ws.write_string(r + 1, c as u16, *v).unwrap();
        }
        wb.save_to_buffer().unwrap()
    };
    let plain = book("Sheet1", None);
    assert_eq!(
        import(&plain, Some("staff.xlsx"), &Options::default())
            .unwrap_err()
            .code(),
        "E-XLSX-005"
    );
    for (bytes, file) in [
        (book("DSAs", None), "book.xlsx"),
        (
            book("Sheet1", Some("Data sharing agreements, Camden")),
            "book.xlsx",
        ),
        (plain.clone(), "camden dsa register.xlsx"),
    ] {
        let (records, _) = import(&bytes, Some(file), &Options::default()).unwrap();
        assert_eq!(records.len(), 1, "{file}");
        assert_eq!(records[0].agreement.title, "MASH");
    }
}

/// A password-protected OpenDocument spreadsheet (calamine's test file) gets the password
/// error, not "damaged".
#[test]
fn an_encrypted_ods_asks_for_the_password_to_be_removed() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/external-corpus/sheets/calamine__tests__pass_protected.ods");
    let bytes = std::fs::read(&p).expect("../shared/external-corpus beside the project");
    let e = import(&bytes, Some("pass_protected.ods"), &Options::default()).unwrap_err();
    assert_eq!(e.code(), "E-XLSX-003", "{e}");
    // An ordinary .ods is not mistaken for one.
    let ods = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../samples/trackers/lambeth-dsa-log.ods"),
    )
    .unwrap();
    assert!(import(&ods, Some("lambeth-dsa-log.ods"), &Options::default()).is_ok());
}

/// Password-protected .xls files (calamine's issue_385.xls, POI's 50833.xls, in
/// ../shared/external-corpus) get the password error: their ciphertext used to be read as a
/// sheet of 18 quintillion cells (E-XLSX-007).
#[test]
fn an_encrypted_xls_asks_for_the_password_to_be_removed() {
    for name in [
        "calamine__tests__issue_385.xls",
        "poi__test-data__spreadsheet__50833.xls",
    ] {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/external-corpus/sheets")
            .join(name);
        let bytes = std::fs::read(&p).expect("../shared/external-corpus beside the project");
        let e = import(&bytes, Some(name), &Options::default()).unwrap_err();
        assert_eq!(e.code(), "E-XLSX-003", "{name}: {e}");
    }
    // A .xls register that is not encrypted still imports (LibreOffice-written).
    let xls = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../samples/trackers/islington-register.xls"),
    )
    .unwrap();
    assert!(import(&xls, Some("islington-register.xls"), &Options::default()).is_ok());
}

/// A BIFF8 workbook whose CODEPAGE record says 1252 (as writers other than Excel do) has
/// Unicode strings all the same. calamine's own test file (../shared/external-corpus) came
/// out as "T\0i\0t\0e\0l"; `codepage-1252.xls` (written by xlwt, CODEPAGE set to 1252,
/// tests/fixtures/registers/generate.py) is a register that could not be read at all.
#[test]
fn a_biff8_workbook_saying_codepage_1252_reads_its_strings() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/external-corpus/sheets/calamine__tests__sheet_name_parsing.xls");
    let bytes = std::fs::read(&p).expect("../shared/external-corpus beside the project");
    // Not a register, so refused: but its headings are read as written.
    let e = import(&bytes, Some("sheet_name_parsing.xls"), &Options::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("Titel | Orginaltitel | År | Regissör"), "{e}");
    assert!(!e.contains('\0'), "{e:?}");
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/registers/codepage-1252.xls");
    let bytes = std::fs::read(&fixture).unwrap();
    let (records, _) = import(&bytes, Some("codepage-1252.xls"), &Options::default()).unwrap();
    let titles: Vec<&str> = records.iter().map(|r| r.agreement.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Café licensing – night-time economy",
            "Children’s services “MASH” £ and €"
        ]
    );
}

/// Apache POI's SharedFormulaTest.xls (30 KiB, from ../shared/external-corpus) spreads 64
/// cells over 32,771 × 131: calamine would build a 4.3-million-cell grid for it (365 MiB
/// peak). Refused before calamine reads it, naming the limit; a real .xls register
/// (LibreOffice-written) still imports.
#[test]
fn a_sparse_xls_grid_is_refused_before_it_is_built() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(
        "../../../shared/external-corpus/sheets/poi__test-data__spreadsheet__SharedFormulaTest.xls",
    );
    let bytes =
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (CI has ../shared)", p.display()));
    let e = import(&bytes, Some("SharedFormulaTest.xls"), &Options::default()).unwrap_err();
    assert_eq!(e.code(), "E-XLSX-007");
    assert!(
        e.to_string()
            .contains("64 cells over 32771 rows × 131 columns"),
        "{e}"
    );
    let register = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/trackers/islington-register.xls");
    let ok = import(
        &std::fs::read(register).unwrap(),
        Some("islington-register.xls"),
        &Options::default(),
    )
    .unwrap();
    assert!(!ok.0.is_empty());
}

/// A register in a workbook that also holds an Excel 4 macro sheet (`xl/macrosheets/`,
/// as Excel saves one): calamine refused the whole file ("Cannot detect file format").
/// The openpyxl-written Camden register is given a macro sheet as Excel writes it; every
/// row is still read. POI's xlmmacro.xlsm and 64420.xlsm (../shared/external-corpus) open
/// too: their sheets are listed, none being a register.
#[test]
fn a_workbook_with_an_excel4_macro_sheet_is_read() {
    use std::io::{Read, Write};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let original = std::fs::read(root.join("samples/trackers/camden-register.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut text = String::new();
        e.read_to_string(&mut text).unwrap();
        let text = match name.as_str() {
            "xl/workbook.xml" => text.replace(
                "<sheets>",
                r#"<sheets><sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Macro1" sheetId="9" r:id="rId9"/>"#,
            ),
            "xl/_rels/workbook.xml.rels" => text.replace(
                "</Relationships>",
                r#"<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#,
            ),
            "[Content_Types].xml" => text.replace(
                "</Types>",
                r#"<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>"#,
            ),
            _ => text,
        };
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.start_file("xl/macrosheets/sheet1.xml", opts).unwrap();
    out.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="str"><f>HALT()</f><v></v></c></row></sheetData></xm:macrosheet>"#).unwrap();
    let with_macro = out.finish().unwrap().into_inner();
    let read = |bytes: &[u8], name: &str| import(bytes, Some(name), &Options::default());
    let plain = read(&original, "camden-register.xlsx").unwrap();
    let (records, reports) = read(&with_macro, "camden-register.xlsm").unwrap();
    assert_eq!(records.len(), plain.0.len());
    assert!(reports.iter().any(|r| r.sheet == "Macro1"), "{reports:?}");
    for f in ["xlmmacro.xlsm", "64420.xlsm"] {
        let p = root
            .join("../shared/external-corpus/sheets")
            .join(format!("poi__test-data__spreadsheet__{f}"));
        let bytes =
            std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (CI has ../shared)", p.display()));
        let e = read(&bytes, f).unwrap_err();
        assert_eq!(e.code(), "E-XLSX-005", "{f}: {e}");
        assert!(e.to_string().contains("sheet \"Sheet"), "{f}: {e}");
    }
}
