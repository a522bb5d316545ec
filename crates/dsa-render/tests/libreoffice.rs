//! The rendered agreement through LibreOffice (headless, installed by `cargo xtask test`):
//! re-saved unchanged it reads back as the same agreement; edited in LibreOffice (a review
//! date changed, a personal data row deleted, a party added) the import shows exactly those
//! edits; as a PDF it reads as a signable agreement, with no internal ids or codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, samples};

/// A fresh folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `soffice --headless --convert-to FILTER` for every file, with a profile of its own.
fn soffice_convert(filter: &str, files: &[PathBuf], out: &Path, profile: &Path) {
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out)
        .args(files)
        .output()
        .expect("LibreOffice must be installed (cargo xtask test installs it)");
    assert!(status.status.success(), "soffice: {status:?}");
}

fn render_all(dir: &Path) -> Vec<(String, dsa_model::Agreement, PathBuf)> {
    samples()
        .into_iter()
        .map(|(name, a)| {
            let stem = Path::new(&name)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let p = dir.join(format!("{stem}.docx"));
            std::fs::write(&p, dsa_render::to_docx(&a).unwrap()).unwrap();
            (name, a, p)
        })
        .collect()
}

fn import(p: &Path) -> dsa_docx::Import {
    let bytes = std::fs::read(p).unwrap();
    dsa_docx::import(&bytes, Some("resaved.docx"), dsa_docx::Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn resaved_in_libreoffice_it_reads_back_as_the_same_agreement() {
    let base = scratch("lo-resave");
    let (src, out) = (base.join("in"), base.join("out"));
    std::fs::create_dir_all(&src).unwrap();
    let rendered = render_all(&src);
    let files: Vec<PathBuf> = rendered.iter().map(|(_, _, p)| p.clone()).collect();
    soffice_convert("docx:MS Word 2007 XML", &files, &out, &base.join("profile"));
    for (name, a, p) in &rendered {
        let imported = import(&out.join(p.file_name().unwrap()));
        // LibreOffice rewrites the document, so the text is what is read.
        assert!(
            !imported
                .diagnostics
                .iter()
                .any(|d| d.message.contains("unchanged since")),
            "{name}: read from the embedded copy"
        );
        common::assert_same_agreement(name, a, &imported.agreement);
        // Nothing of the rendering's own is left over as unmapped content: the cover's
        // marking, the running header and footer, the signature page's lead-in.
        let unmapped: Vec<&str> = imported
            .agreement
            .unmapped
            .iter()
            .map(|u| u.text.as_str())
            .filter(|t| !a.unmapped.iter().any(|v| v.text == *t))
            .collect();
        assert!(unmapped.is_empty(), "{name}: {unmapped:?}");
    }
}

/// The Python that has LibreOffice's `uno` module (Debian's python3-uno is for the system
/// Python, which a version manager's `python3` may hide).
fn uno_python() -> &'static str {
    for p in ["/usr/bin/python3", "python3"] {
        if Command::new(p)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return p;
        }
    }
    panic!("no Python with LibreOffice's uno module (apt-get install python3-uno; cargo xtask test does this)")
}

#[test]
fn edits_made_in_libreoffice_are_exactly_what_the_import_shows() {
    let base = scratch("lo-edit");
    let (name, a) = samples()
        .into_iter()
        .find(|(n, _)| n.ends_with("mas-rows-deleted.json"))
        .unwrap();
    assert!(a.party("barnet").is_none() && !a.personal_data.is_empty());
    let src = base.join("rendered.docx");
    std::fs::write(&src, dsa_render::to_docx(&a).unwrap()).unwrap();
    let edited = base.join("edited.docx");
    let out = Command::new(uno_python())
        .arg(root().join("tests/fixtures/libreoffice/edit_agreement.py"))
        .args([&src, &edited, &base.join("profile")])
        .args([
            "--review-date",
            "1 April 2027",
            "--delete-personal-row",
            "1",
            "--add-party",
            "London Borough of Barnet",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    let deleted = said
        .lines()
        .find_map(|l| l.strip_prefix("deleted personal data row: "))
        .unwrap()
        .to_string();
    let imported = import(&edited);
    // The cover still gives the old review date: §1.4's is used, and the import says so.
    assert!(
        imported
            .diagnostics
            .iter()
            .any(|d| d.message.contains("differs from the date given before")),
        "{:?}",
        imported.diagnostics
    );
    let b = imported.agreement;
    let changes = dsa_diff::diff(&a, &b);
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    let item = a
        .personal_data
        .iter()
        .find(|d| dsa_model::CodeList::wording(d.item) == deleted)
        .map(|d| dsa_model::CodeList::code(d.item))
        .unwrap_or_else(|| panic!("{name}: no item {deleted:?}"));
    assert_eq!(
        paths,
        [
            "/review/review_date".to_string(),
            format!("/personal_data[{item}]"),
            "/parties[barnet]".to_string(),
        ],
        "{changes:#?}"
    );
    assert_eq!(
        b.review.review_date,
        chrono::NaiveDate::from_ymd_opt(2027, 4, 1)
    );
    assert!(changes.iter().all(|c| c.material));
}

#[test]
fn as_a_pdf_it_reads_as_a_signable_agreement() {
    let base = scratch("lo-pdf");
    let (_, a) = samples()
        .into_iter()
        .find(|(n, _)| n.ends_with("agreements/licensing.json"))
        .unwrap();
    let src = base.join("licensing.docx");
    std::fs::write(&src, dsa_render::to_docx(&a).unwrap()).unwrap();
    soffice_convert(
        "pdf",
        std::slice::from_ref(&src),
        &base,
        &base.join("profile"),
    );
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(base.join("licensing.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils; cargo xtask test installs it)");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 5, "{} pages", pages.len());
    // Every page: the marking at the top and bottom, the title and "Page X of Y" below.
    for (i, p) in pages.iter().enumerate() {
        assert!(p.trim_start().starts_with("OFFICIAL"), "page {}", i + 1);
        assert!(p.trim_end().ends_with("OFFICIAL"), "page {}", i + 1);
        assert!(
            p.contains(&format!("Page {} of {}", i + 1, pages.len())),
            "page {}: {p}",
            i + 1
        );
    }
    // The cover, the contents with page numbers, the template's wording and choices.
    let first = pages[0];
    assert!(first.contains("Pan-London Licensing Data Sharing") && first.contains("PL-DSA-LIC"));
    let contents_line = text
        .lines()
        .find(|l| l.contains("2.4.1 Part 2 processing") && l.contains("..."))
        .expect("a contents entry");
    assert!(
        contents_line
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit()),
        "no page number: {contents_line}"
    );
    for words in [
        "Ownership of this agreement",
        "performance of a task carried out in the public interest",
        "Appendix A: Parties to this agreement",
        "Signed for",
        "Westminster City Council",
    ] {
        assert!(text.contains(words), "{words}");
    }
    // No internal ids or code names.
    for code in [
        "e_public_task",
        "met-police",
        "on_date",
        "all_parties",
        "london_borough",
    ] {
        assert!(
            !text.split(|c: char| c.is_whitespace()).any(|w| w == code),
            "{code} printed"
        );
    }
}

/// The development corpus (91 legacy DSAs in every marking style, none written by us):
/// each imported, rendered, re-saved in LibreOffice and imported again is the agreement
/// first imported — no difference at all, material or editorial.
#[test]
fn dev_corpus_documents_survive_render_and_libreoffice() {
    let docs = dsa_tests::dev_corpus_documents();
    assert!(docs.len() >= 90, "{} documents", docs.len());
    let base = scratch("lo-corpus");
    let (src, out) = (base.join("in"), base.join("out"));
    std::fs::create_dir_all(&src).unwrap();
    let mut first = Vec::new();
    for d in &docs {
        let a = import(d).agreement;
        let p = src.join(d.file_name().unwrap());
        std::fs::write(&p, dsa_render::to_docx(&a).unwrap()).unwrap();
        first.push((d.clone(), a, p));
    }
    let files: Vec<PathBuf> = first.iter().map(|(_, _, p)| p.clone()).collect();
    soffice_convert("docx:MS Word 2007 XML", &files, &out, &base.join("profile"));
    let mut failures = Vec::new();
    for (d, a, p) in &first {
        let b = import(&out.join(p.file_name().unwrap())).agreement;
        let changes = dsa_diff::diff(a, &b);
        if !changes.is_empty() {
            failures.push(format!(
                "{}: {:?}",
                d.display(),
                changes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
