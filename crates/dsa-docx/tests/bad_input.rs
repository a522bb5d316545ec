//! Bad input: each case gives its stable error code and a message that says what is
//! wrong, without panicking (fixtures: tests/fixtures/docx/generate.py).

use std::path::PathBuf;

use dsa_docx::{import, Limits};

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/docx")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn err(name: &str) -> dsa_docx::DocxError {
    match import(&fixture(name), Some(name), Limits::default()) {
        Ok(_) => panic!("{name} imported, but should have failed"),
        Err(e) => e,
    }
}

#[test]
fn empty_file() {
    let e = err("empty.docx");
    assert_eq!(e.code(), "E-DOCX-001");
    assert!(e.to_string().contains("empty"));
}

#[test]
fn not_a_zip() {
    assert_eq!(err("not-a-zip.docx").code(), "E-DOCX-002");
}

#[test]
fn truncated_zip() {
    assert_eq!(err("truncated.docx").code(), "E-DOCX-005");
}

#[test]
fn legacy_word_97_says_save_as_docx() {
    let e = err("legacy-word97.docx");
    assert_eq!(e.code(), "E-DOCX-003");
    assert!(e.to_string().contains("save as .docx"), "{e}");
}

#[test]
fn password_protected_says_so() {
    let e = err("password-protected.docx");
    assert_eq!(e.code(), "E-DOCX-004");
    assert!(e.to_string().contains("password-protected"), "{e}");
}

#[test]
fn zip_bomb_is_capped_and_the_cap_is_configurable() {
    let e = err("zip-bomb.docx");
    assert_eq!(e.code(), "E-DOCX-006");
    assert!(e.to_string().contains("word/document.xml"), "{e}");
    // The cap is a setting: a tiny one stops a normal file, the default lets it through.
    let sample = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/docx/mas-rows-deleted.docx"),
    )
    .unwrap();
    let tiny = Limits {
        max_part_bytes: 1000,
        ..Limits::default()
    };
    assert_eq!(
        import(&sample, None, tiny).unwrap_err().code(),
        "E-DOCX-006"
    );
    assert!(import(&sample, None, Limits::default()).is_ok());
}

#[test]
fn doctype_and_entity_expansion_are_refused() {
    let e = err("entity-expansion.docx");
    assert_eq!(e.code(), "E-DOCX-008");
}

#[test]
fn pathological_nesting_is_capped() {
    let e = err("deep-nesting.docx");
    assert_eq!(e.code(), "E-DOCX-009");
}

#[test]
fn missing_main_part() {
    assert_eq!(err("missing-main-part.docx").code(), "E-DOCX-007");
}

#[test]
fn unusual_main_part_name_imports() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/docx/licensing-unusual-main-part-word.docx");
    let imp = import(&std::fs::read(p).unwrap(), None, Limits::default()).unwrap();
    assert_eq!(imp.agreement.title, "Licensing Data Sharing Agreement");
}

#[test]
fn mangled_content_never_fails_a_readable_container() {
    // Cut the main part's XML at many points: the container stays readable, so the import
    // gives a partial agreement and says where reading stopped.
    use std::io::{Read, Write};
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/docx/mas-content-controls-word.docx");
    let bytes = std::fs::read(p).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    zin.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for cut in (0..xml.len()).step_by(xml.len() / 40 + 1) {
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            for i in 0..zin.len() {
                let mut f = zin.by_index(i).unwrap();
                let name = f.name().unwrap().to_string();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                if name == "word/document.xml" {
                    let mut c = cut;
                    while !xml.is_char_boundary(c) {
                        c -= 1;
                    }
                    data = xml.as_bytes()[..c].to_vec();
                }
                z.start_file(name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                z.write_all(&data).unwrap();
            }
            z.finish().unwrap();
        }
        let imp = import(out.get_ref(), None, Limits::default())
            .unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        if cut > 0 && cut < xml.len() {
            assert!(
                imp.diagnostics
                    .iter()
                    .any(|d| d.message.contains("not well-formed")),
                "cut at {cut}: no diagnostic"
            );
        }
        // What was read before the cut is kept.
        if cut > xml.len() / 2 {
            assert!(imp.agreement.title.contains("Multi-Agency"), "cut at {cut}");
        }
    }
}
