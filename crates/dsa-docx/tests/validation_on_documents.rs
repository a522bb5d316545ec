//! Validation finds only what a document says. Imported from real files — the samples
//! (written by Word XML, python-docx, LibreOffice and pandoc) and the 91 dev-corpus
//! documents with their truth, among them sections struck through, deleted, marked not
//! applicable, and the unfilled template — the lawful-basis and Part 3 rules fire only
//! where the document gives them cause.

use std::path::{Path, PathBuf};

use dsa_model::validation::validate;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn import(path: &Path) -> dsa_docx::Import {
    let bytes = std::fs::read(path).unwrap();
    dsa_docx::import(&bytes, None, dsa_docx::Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn codes(path: &Path) -> Vec<&'static str> {
    let mut c: Vec<&str> = validate(&import(path).agreement)
        .iter()
        .map(|f| f.code)
        .collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// Rules about what the lawful basis and the Part 3 section lack: in a document whose
/// sections were filled in consistently, any of these is a false positive.
const LACKING: &[&str] = &[
    "DSA001", "DSA002", "DSA003", "DSA004", "DSA005", "DSA012", "DSA021", "DSA022",
];

#[test]
fn the_unfilled_template_is_read_as_the_template() {
    let path = root().join("samples/docx/template-blank.docx");
    let import = import(&path);
    let a = &import.agreement;
    // Its optional sections are kept only because nobody deleted them.
    assert!(a.law_enforcement.is_none() && a.serious_violence_duty.is_none());
    assert!(a.criminal_offence_data.is_none() && a.outside_uk_processing.is_none());
    assert!(
        import
            .diagnostics
            .iter()
            .any(|d| d.message.contains("the document is the unfilled template")),
        "{:#?}",
        import.diagnostics
    );
    assert!(codes(&path).iter().all(|c| !LACKING.contains(c)));
}

#[test]
fn a_part3_section_kept_unfilled_is_said_to_be_unfilled_not_to_lack_an_authority() {
    // Licensing documents keep §2.4.2 as the template has it; Appendix A says no party
    // is a competent authority for this DSA.
    for name in [
        "licensing-glyphs.docx",
        "licensing-ticks-libreoffice.docx",
        "licensing-unusual-main-part-word.docx",
    ] {
        let path = root().join("samples/docx").join(name);
        let c = codes(&path);
        assert!(c.contains(&"DSA022"), "{name}: {c:?}");
        assert!(!c.contains(&"DSA005"), "{name}: {c:?}");
    }
    // Struck through (pandoc) or with Part 3 filled in (Word, LibreOffice): neither.
    for name in [
        "gvm-struck-pandoc.docx",
        "gvm-wingdings-word.docx",
        "gvm-x-marks-libreoffice.docx",
        "mas-rows-deleted.docx",
        "mappa-struck-rows.docx",
    ] {
        let c = codes(&root().join("samples/docx").join(name));
        assert!(c.iter().all(|c| !LACKING.contains(c)), "{name}: {c:?}");
    }
}

#[test]
fn dev_corpus_documents_get_no_finding_their_truth_contradicts() {
    let docs = dsa_tests::dev_corpus_documents();
    let mut wrong = Vec::new();
    for doc in &docs {
        let truth: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(doc.with_extension("truth.json")).unwrap(),
        )
        .unwrap();
        let a = import(doc).agreement;
        let name = doc.file_name().unwrap().to_string_lossy();
        // Sections struck, deleted or marked not applicable are absent; kept ones present.
        for (key, present) in [
            ("part3", a.law_enforcement.is_some()),
            ("svd", a.serious_violence_duty.is_some()),
            ("criminal_offence_data", a.criminal_offence_data.is_some()),
        ] {
            if truth[key].as_bool() != Some(present) {
                wrong.push(format!("{name}: {key} present = {present}"));
            }
        }
        for f in validate(&a) {
            if LACKING.contains(&f.code) {
                wrong.push(format!("{name}: {} at {}: {}", f.code, f.path, f.message));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
