//! Every footnote, endnote and comment paragraph of the external corpus
//! (`../shared/external-corpus/docx`, real files from other projects' test suites) is in
//! the import. The paragraphs are read independently of the importer: straight from each
//! package's notes parts with quick-xml (the text of `w:t` per `w:p`, deletions left
//! out), compared word for word (symbol fonts are mapped on import, so only words count).

use std::io::Read;
use std::path::PathBuf;

use quick_xml::events::Event;
use quick_xml::Reader;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/external-corpus/docx")
}

/// Letters and digits only, words joined by single spaces.
fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The paragraphs of a notes part, as text.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut in_t = false;
    let mut deleted = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "p" => cur = Some(String::new()),
                "t" => in_t = true,
                "del" | "delText" => deleted += 1,
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "p" => {
                    if let Some(p) = cur.take() {
                        out.push(p);
                    }
                }
                "t" => in_t = false,
                "del" | "delText" => deleted = deleted.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Text(t)) if in_t && deleted == 0 => {
                if let Some(p) = cur.as_mut() {
                    let s = t.xml10_content();
                    p.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(g)) if in_t && deleted == 0 => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*g.into_inner() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(p), Some(c)) = (cur.as_mut(), c) {
                    p.push(c);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[test]
fn every_note_paragraph_of_the_external_corpus_is_imported() {
    let dir = corpus();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{} is needed (CI has ../shared beside the project): {e}",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    files.sort();
    let (mut checked, mut notes_files) = (0, 0);
    let mut missing = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&bytes)) else {
            continue;
        };
        let names: Vec<String> = (0..zip.len())
            .filter_map(|i| {
                zip.by_index(i)
                    .ok()
                    .and_then(|e| e.name().ok().map(|n| n.to_string()))
            })
            .filter(|n| {
                let n = n.to_ascii_lowercase();
                n.ends_with("footnotes.xml")
                    || n.ends_with("endnotes.xml")
                    || n.ends_with("/comments.xml")
            })
            .collect();
        let mut expected = Vec::new();
        for n in &names {
            let mut xml = String::new();
            if let Ok(mut entry) = zip.by_name(n) {
                if entry.read_to_string(&mut xml).is_err() {
                    continue;
                }
            }
            for p in paragraphs(&xml) {
                let w = words(&p);
                if !w.is_empty() {
                    expected.push((n.clone(), w));
                }
            }
        }
        if expected.is_empty() {
            continue;
        }
        // A file the importer refuses (with its coded error) has nothing imported to look in.
        let Ok(import) = dsa_docx::import(&bytes, None, dsa_docx::Limits::default()) else {
            continue;
        };
        notes_files += 1;
        let a = &import.agreement;
        let found_in: Vec<String> = a
            .unmapped
            .iter()
            .map(|u| words(&u.text))
            .chain(a.provenance.iter().map(|p| words(&p.text)))
            .collect();
        for (part, w) in expected {
            checked += 1;
            if !found_in.iter().any(|t| t.contains(&w)) {
                missing.push(format!("{}: {part}: {w:?}", f.display()));
            }
        }
    }
    assert!(
        notes_files >= 20 && checked >= 400,
        "only {checked} note paragraphs in {notes_files} files"
    );
    assert!(
        missing.is_empty(),
        "{} of {checked} note paragraphs missing:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
