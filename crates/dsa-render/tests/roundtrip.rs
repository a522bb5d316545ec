//! Rendered DOCX → import gives the identical agreement, for every sample: the canonical
//! agreements and every agreement imported from the legacy DOCX samples (with their
//! provenance and unmapped text). And what the text alone gives, when the DOCX was edited.

use std::io::{Read, Write};
mod common;

use common::samples;

#[test]
fn rendered_docx_imports_to_the_identical_agreement() {
    for (name, a) in samples() {
        let docx = dsa_render::to_docx(&a).unwrap();
        let imported = dsa_docx::import(&docx, Some("rendered.docx"), dsa_docx::Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            imported.agreement, a,
            "{name}: the round trip changed the agreement"
        );
        assert!(
            imported
                .diagnostics
                .iter()
                .any(|d| d.message.contains("unchanged since")),
            "{name}"
        );
        // Deterministic: the same agreement gives the same bytes.
        assert_eq!(docx, dsa_render::to_docx(&a).unwrap(), "{name}");
    }
}

/// Replaces one part of a zip (as an editor saving the document would).
fn edit_part(docx: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        if name == part {
            text = edit(text);
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn an_edited_rendering_is_read_from_its_text() {
    let (_, a) = samples()
        .into_iter()
        .find(|(n, _)| n.ends_with("multi-agency-safeguarding.json"))
        .unwrap();
    let docx = dsa_render::to_docx(&a).unwrap();
    let new_title = "Pan-London Multi-Agency Safeguarding Data Sharing Agreement (revised)";
    let edited = edit_part(&docx, "word/document.xml", |x| {
        x.replacen(&a.title, new_title, 1)
    });
    let imported =
        dsa_docx::import(&edited, Some("edited.docx"), dsa_docx::Limits::default()).unwrap();
    assert!(imported
        .diagnostics
        .iter()
        .any(|d| d.message.contains("edited since")));
    // The text is what counts now: the new title, and the template sections by heading.
    let b = &imported.agreement;
    assert_eq!(b.title, new_title);
    let found: Vec<&str> = imported
        .sections
        .iter()
        .filter(|s| s.found)
        .map(|s| s.section.as_str())
        .collect();
    for s in ["1.2", "1.4", "2.1", "2.4.1", "3.2", "4.2.1", "4.7.1"] {
        assert!(
            found.contains(&s),
            "section {s} not found from the text: {found:?}"
        );
    }
    // Parties are named in the text (boroughs under their canonical names), and nothing
    // else is taken for a party.
    let same = |x: &str, y: &str| {
        x == y
            || dsa_model::LondonAuthority::resolve(x).is_some()
                && dsa_model::LondonAuthority::resolve(x) == dsa_model::LondonAuthority::resolve(y)
    };
    assert_eq!(b.parties.len(), a.parties.len(), "{:#?}", b.parties);
    for p in &a.parties {
        assert!(
            b.parties.iter().any(|q| same(&q.name, &p.name)),
            "party {} not read from the text: {:?}",
            p.name,
            b.parties.iter().map(|q| &q.name).collect::<Vec<_>>()
        );
    }
}

#[test]
fn html_is_one_self_contained_page_and_markdown_has_every_section() {
    for (name, a) in samples() {
        let html = dsa_render::to_html(&a);
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        for banned in ["<script", " src=", "href=\"http", "@import", "url("] {
            assert!(!html.contains(banned), "{name}: {banned}");
        }
        let md = dsa_render::to_markdown(&a);
        let doc = dsa_render::signable::document(&a);
        for (_, t, anchor) in doc.headings() {
            assert!(
                md.contains(t.as_str()),
                "{name}: heading {t} missing from Markdown"
            );
            assert!(
                html.contains(&format!("id=\"{anchor}\"")) && html.contains(&quick_xml_escape(&t)),
                "{name}: heading {t} missing from HTML"
            );
            assert!(
                html.contains(&format!("href=\"#{anchor}\"")),
                "{name}: heading {t} missing from the contents list"
            );
        }
        // Every party and every personal data item is shown.
        for p in &a.parties {
            assert!(md.contains(&p.name), "{name}: {}", p.name);
        }
    }
}

fn quick_xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The DOCX without the agreement it carries (as an editor that drops custom XML parts
/// would save it): what is left to read is the text.
fn without_embedded(docx: &[u8]) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("customXml/") {
            continue;
        }
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_rendering_reads_back_from_its_text_alone() {
    for (name, a) in samples() {
        let docx = without_embedded(&dsa_render::to_docx(&a).unwrap());
        let imported = dsa_docx::import(&docx, Some("rendered.docx"), dsa_docx::Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !imported
                .diagnostics
                .iter()
                .any(|d| d.message.contains("unchanged since")),
            "{name}: the embedded copy was used"
        );
        common::assert_nothing_lost(&name, &docx, &imported);
        common::assert_same_agreement(&name, &a, &imported.agreement);
    }
}
