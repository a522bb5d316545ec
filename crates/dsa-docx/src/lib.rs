//! Imports legacy Data Sharing Agreements from .docx into the canonical model.
//!
//! Two stages: [`parse`] reads the package into a small block tree (robust to the
//! writers in use: Word, LibreOffice, Google Docs, pandoc, python-docx), and
//! [`recognise`] maps blocks to the template's sections by meaning. Only an unreadable
//! container fails an import; content problems become diagnostics on a partial
//! agreement. Every value carries provenance, and everything unmapped is kept.

pub mod blocks;
mod container;
mod error;
mod marks;
mod memo;
mod numbering;
pub mod parse;
pub mod recognise;
mod sections;
mod symbols;

pub use container::Limits;
pub use error::DocxError;
pub use recognise::{Diagnostic, DiagnosticCode, DiagnosticKind, SectionReport};

/// Labels of the template sections an import reports on ([`SectionReport::section`]),
/// in template order.
pub fn section_labels() -> impl Iterator<Item = &'static str> {
    sections::Section::reported().iter().map(|s| s.label())
}

use dsa_model::Agreement;

/// The result of importing one document.
#[derive(Debug, Clone)]
pub struct Import {
    /// The agreement (possibly partial).
    pub agreement: Agreement,
    /// What was uncertain, missing or noteworthy.
    pub diagnostics: Vec<Diagnostic>,
    /// Per template section: found, values, uncertain.
    pub sections: Vec<SectionReport>,
}

/// Reads the block tree of a .docx (main part, headers and footers).
pub fn read_document(bytes: &[u8], limits: Limits) -> Result<blocks::Document, DocxError> {
    let mut pkg = container::Package::open(bytes, limits)?;
    let main = pkg.main_part.clone();
    let dir = main
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let rels = pkg.part_relationships(&main)?;
    let styles_part = rels
        .iter()
        .find(|r| r.kind.ends_with("/styles"))
        .map(|r| r.target.clone())
        .unwrap_or_else(|| format!("{dir}styles.xml"));
    let styles = parsed_styles(&mut pkg, &styles_part);
    let mut doc = blocks::Document::default();
    let xml = pkg.read_part(&main)?;
    for r in rels
        .iter()
        .filter(|r| r.kind.ends_with("/customXml") && !r.external)
    {
        // An unreadable custom part is someone else's: the document is read from its text.
        if let Ok(Some(part)) = pkg.read_optional(&r.target) {
            if let Some((fingerprint, json)) = parse::rendered_part(&part) {
                doc.embedded = Some(blocks::Embedded {
                    part: r.target.clone(),
                    json,
                    unchanged: fingerprint.eq_ignore_ascii_case(&sha256_hex(xml.as_bytes())),
                });
            }
        }
    }
    let xml = replace_forbidden(&main, xml, &mut doc.notes);
    doc.body = parse::parse_blocks(&main, &xml, &styles, limits.max_depth, &mut doc.notes)?;
    check_text_lengths(&main, &doc.body, limits.max_text_chars)?;
    // Which lists are numbered: a damaged numbering part loses only that.
    if let Some(r) = rels
        .iter()
        .find(|r| r.kind.ends_with("/numbering") && !r.external)
    {
        if has_lists(&doc.body) {
            parsed_numbering(&mut pkg, &r.target).resolve(&mut doc.body);
        }
    }
    // The core properties' title: a damaged or missing part loses only that.
    if let Ok(Some(xml)) = pkg.read_optional("docProps/core.xml") {
        doc.core_title = parse::core_title(&xml);
    }
    // Footnotes, endnotes and comments: a damaged part loses only itself.
    for r in rels.iter().filter(|r| !r.external) {
        let kind = if r.kind.ends_with("/footnotes") {
            blocks::NoteKind::Footnote
        } else if r.kind.ends_with("/endnotes") {
            blocks::NoteKind::Endnote
        } else if r.kind.ends_with("/comments") {
            blocks::NoteKind::Comment
        } else {
            continue;
        };
        match pkg.read_part(&r.target).and_then(|x| {
            let x = replace_forbidden(&r.target, x, &mut doc.notes);
            parse::parse_notes(
                &r.target,
                &x,
                kind,
                &styles,
                limits.max_depth,
                &mut doc.notes,
            )
        }) {
            Ok(n) => doc.notes_parts.push((r.target.clone(), n)),
            Err(e) => doc.notes.push(format!("{}: skipped ({e})", r.target)),
        }
    }
    for r in rels
        .iter()
        .filter(|r| r.kind.ends_with("/header") || r.kind.ends_with("/footer"))
    {
        // A damaged header or footer loses only itself.
        match pkg.read_part(&r.target).and_then(|x| {
            let x = replace_forbidden(&r.target, x, &mut doc.notes);
            parse::parse_blocks(&r.target, &x, &styles, limits.max_depth, &mut doc.notes)
        }) {
            Ok(b) => doc.headers_footers.push((r.target.clone(), b)),
            Err(e) => doc.notes.push(format!("{}: skipped ({e})", r.target)),
        }
    }
    Ok(doc)
}

/// Parts parsed once and shared between documents that store them alike: a backlog's
/// documents mostly come from a few templates, and reading a template's styles (latent
/// styles included, tens of kilobytes to inflate and parse) or numbering is a noticeable
/// part of importing a short document. Parts are told apart by their stored (compressed)
/// form, so a hit inflates nothing; two parts stored alike inflate alike, so a hit gives
/// what parsing this document's own part would. Bounded: a backlog of many different
/// templates just parses again.
struct PartCache<T> {
    // A short list compared by length, then bytes (memcmp): hashing the key for a map
    // lookup cost more than the comparison.
    seen: std::sync::Mutex<Vec<(Vec<u8>, std::sync::Arc<T>)>>,
}

impl<T> PartCache<T> {
    const fn new() -> Self {
        PartCache {
            seen: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The part parsed by `parse` (given its text, or `None` when absent or unreadable),
    /// from the cache when a part stored alike was parsed before.
    fn get(
        &self,
        pkg: &mut container::Package<'_>,
        part: &str,
        parse: impl Fn(Option<&str>) -> T,
    ) -> std::sync::Arc<T> {
        use std::sync::Arc;
        let read = |pkg: &mut container::Package<'_>| match pkg.read_optional(part) {
            Ok(Some(xml)) => parse(Some(&xml)),
            _ => parse(None),
        };
        let Some(form) = pkg.stored_form(part) else {
            // Absent (or too large to keep as a key): read as the part would be, uncached.
            return Arc::new(read(pkg));
        };
        let hit = self.seen.lock().ok().and_then(|c| {
            c.iter()
                .find(|(key, _)| key.len() == form.len() && *key == form)
                .map(|(_, s)| s.clone())
        });
        if let Some(s) = hit {
            return s;
        }
        let parsed = Arc::new(read(pkg));
        if let Ok(mut c) = self.seen.lock() {
            if c.len() >= 64 {
                c.clear();
            }
            c.push((form, parsed.clone()));
        }
        parsed
    }
}

/// Parsed styles, shared through a `PartCache`; absent or unreadable, no styles (a damaged
/// styles part loses only heading styles).
fn parsed_styles(pkg: &mut container::Package<'_>, part: &str) -> std::sync::Arc<parse::Styles> {
    static STYLES: PartCache<parse::Styles> = PartCache::new();
    STYLES.get(pkg, part, |xml| parse::parse_styles(xml.unwrap_or("")))
}

/// Parsed numbering, shared through a `PartCache`; absent or unreadable, no list is
/// numbered.
fn parsed_numbering(
    pkg: &mut container::Package<'_>,
    part: &str,
) -> std::sync::Arc<numbering::Numbering> {
    static NUMBERING: PartCache<numbering::Numbering> = PartCache::new();
    NUMBERING.get(pkg, part, |xml| {
        xml.map(numbering::Numbering::parse).unwrap_or_default()
    })
}

/// Characters XML 1.0 forbids (raw C0 controls such as NUL) make a part not well-formed;
/// Word refuses such files, but they occur in damaged ones. They are replaced with U+FFFD
/// and reported, so the agreement stays writable as XML and the damage is visible.
fn replace_forbidden(part: &str, xml: String, notes: &mut Vec<String>) -> String {
    if !may_hold_forbidden(xml.as_bytes()) {
        return xml;
    }
    let (replaced, n) = match dsa_text::replace_xml_forbidden(&xml) {
        (_, 0) => return xml,
        (replaced, n) => (replaced.into_owned(), n),
    };
    notes.push(format!(
        "{part}: {n} character(s) XML 1.0 does not allow (control characters) replaced with U+FFFD"
    ));
    replaced
}

/// Whether a part holds a character XML 1.0 forbids, by bytes (this runs over every
/// part read): an ASCII control byte other than tab, newline and carriage return, or
/// U+FFFE / U+FFFF (EF BF BE / EF BF BF). Fixed-size chunks tested without early exit
/// let the compiler vectorise the common case; only a chunk with a suspect byte (0xEF
/// also leads U+F000..U+FFFD, common in Word's symbol fonts) is looked at closely.
fn may_hold_forbidden(bytes: &[u8]) -> bool {
    let suspect = |b: u8| ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0xEF);
    let forbidden_at = |i: usize| {
        let b = bytes[i];
        if b == 0xEF {
            bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
        } else {
            suspect(b)
        }
    };
    let mut start = 0;
    for chunk in bytes.chunks(64) {
        if chunk.iter().fold(false, |hit, &b| hit | suspect(b))
            && (start..start + chunk.len()).any(forbidden_at)
        {
            return true;
        }
        start += chunk.len();
    }
    false
}

/// Refuses a paragraph longer than any field may be (limit `max_text_chars`).
fn check_text_lengths(part: &str, blocks: &[blocks::Block], limit: usize) -> Result<(), DocxError> {
    for b in blocks {
        match b {
            blocks::Block::Paragraph(p) => {
                let chars: usize = p.runs.iter().map(|r| r.text.chars().count()).sum();
                if chars > limit {
                    return Err(DocxError::TextTooLong {
                        part: part.to_string(),
                        chars,
                        limit,
                    });
                }
            }
            blocks::Block::Table(t) => {
                for row in &t.rows {
                    for cell in &row.cells {
                        check_text_lengths(part, &cell.blocks, limit)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Whether any paragraph (in tables too) is in a list: only then is numbering read.
fn has_lists(blocks: &[blocks::Block]) -> bool {
    blocks.iter().any(|b| match b {
        blocks::Block::Paragraph(p) => p.list_ref.is_some(),
        blocks::Block::Table(t) => t
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| has_lists(&c.blocks))),
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Imports a .docx. `file` names the source in provenance (e.g. its relative path).
pub fn import(bytes: &[u8], file: Option<&str>, limits: Limits) -> Result<Import, DocxError> {
    let doc = read_document(bytes, limits)?;
    let mut r = recognise::Recogniser::new(file.map(str::to_string), "word/document.xml".into());
    r.expect_notes(!doc.notes_parts.is_empty());
    r.body(&doc.body);
    if let Some(t) = &doc.core_title {
        r.core_title(t);
    }
    for (part, blocks) in &doc.headers_footers {
        r.headers_footers(part, blocks);
    }
    for (part, notes) in &doc.notes_parts {
        r.notes(part, notes);
    }
    let (mut agreement, mut diagnostics, sections) = r.finish();
    if let Some(e) = &doc.embedded {
        let note = |message: String| Diagnostic {
            code: DiagnosticCode::EmbeddedAgreement,
            section: None,
            location: e.part.clone(),
            message,
        };
        match (e.unchanged, dsa_model::json::from_str(&e.json)) {
            (true, Ok(a)) => {
                agreement = a;
                diagnostics.push(note(
                    "rendered by `dsa render` and unchanged since: the agreement embedded in it is used as it is".into(),
                ));
            }
            (true, Err(err)) => diagnostics.push(note(format!(
                "the agreement embedded by `dsa render` cannot be read ({err}); read from the text"
            ))),
            (false, _) => diagnostics.push(note(
                "rendered by `dsa render` and edited since: read from the text (the embedded agreement is out of date)".into(),
            )),
        }
    }
    for n in doc.notes {
        diagnostics.push(Diagnostic {
            code: DiagnosticCode::PackagePart,
            section: None,
            location: String::new(),
            message: n,
        });
    }
    Ok(Import {
        agreement,
        diagnostics,
        sections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_pre_check_sees_every_position() {
        let clean =
            "<w:t>tab\tnew\nline\rcafé \u{E000} — \u{F0A8} \u{FEFF} \u{FFFD}</w:t>".repeat(5);
        assert!(!may_hold_forbidden(clean.as_bytes()));
        for bad in ['\u{0}', '\u{1}', '\u{B}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
            // In the first chunk, on a chunk edge, and in the remainder.
            for at in [0, 63, 64, clean.len()] {
                let mut s = clean.clone();
                let at = (0..=at).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
                s.insert(at, bad);
                assert!(may_hold_forbidden(s.as_bytes()), "{bad:?} at {at}");
                let mut notes = Vec::new();
                let fixed = replace_forbidden("p", s, &mut notes);
                assert!(!fixed.contains(bad));
                assert_eq!(
                    fixed.matches('\u{FFFD}').count(),
                    clean.matches('\u{FFFD}').count() + 1
                );
                assert_eq!(notes.len(), 1);
            }
        }
    }
}
