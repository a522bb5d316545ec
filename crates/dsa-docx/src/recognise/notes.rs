//! Footnotes, endnotes and comments: nothing a document says is lost. Their text maps to
//! no template field, so it is kept as unmapped content, named by its part and note
//! ("word/footnotes.xml: footnote[2]/block[0]"), with where it is anchored in the body
//! and the headings above that anchor.

use super::*;
use crate::blocks::{Note, NoteKind};

/// Where a note is anchored: the block path of the paragraph holding its reference, and
/// the headings above it then.
pub(super) type Anchors = BTreeMap<(NoteKind, String), (String, Vec<String>)>;

/// The note references in a block (tables and nested tables included), with their paths;
/// a path is only written for a block that holds one.
fn refs_in(b: &Block, loc: &dyn Fn() -> String, out: &mut Vec<((NoteKind, String), String)>) {
    match b {
        Block::Paragraph(p) => {
            for r in &p.note_refs {
                out.push((r.clone(), loc()));
            }
        }
        Block::Table(t) => {
            for (r, row) in t.rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    for (k, inner) in cell.blocks.iter().enumerate() {
                        let at = || format!("{}/block[{k}]", cell_loc(&loc(), r, c));
                        refs_in(inner, &at, out);
                    }
                }
            }
        }
    }
}

impl Recogniser {
    /// Says whether the document has footnotes, endnotes or comments: only then are the
    /// body's blocks searched for their anchors.
    pub fn expect_notes(&mut self, yes: bool) {
        self.expect_notes = yes;
    }

    /// Records the anchors in a body block just read (with the headings above it).
    pub(super) fn note_anchors(&mut self, b: &Block, loc: &str) {
        if !self.expect_notes {
            return;
        }
        let mut found = Vec::new();
        refs_in(b, &|| loc.to_string(), &mut found);
        if found.is_empty() {
            return;
        }
        let headings = self.heading_path();
        for (key, at) in found {
            self.anchors.entry(key).or_insert((at, headings.clone()));
        }
    }

    /// Keeps every paragraph (and table cell) of a notes part as unmapped content.
    pub fn notes(&mut self, part: &str, notes: &[Note]) {
        for note in notes {
            let (anchor, headings) = match self.anchors.get(&(note.kind, note.id.clone())) {
                Some((at, h)) => (format!("anchored at {at}"), h.clone()),
                None => ("no anchor in the body".to_string(), Vec::new()),
            };
            let base = format!("{part}: {}[{}]", note.kind.label(), note.id);
            let mut texts: Vec<(String, String)> = Vec::new();
            for (k, b) in note.blocks.iter().enumerate() {
                match b {
                    Block::Paragraph(p) => {
                        let t = p.text();
                        if !t.trim().is_empty() {
                            texts.push((format!("{base}/block[{k}]"), t.trim().to_string()));
                        }
                    }
                    Block::Table(t) => {
                        for (r, row) in t.rows.iter().enumerate() {
                            for (c, cell) in row.cells.iter().enumerate() {
                                let text = cell.text();
                                if !text.trim().is_empty() {
                                    texts.push((
                                        cell_loc(&format!("{base}/block[{k}]"), r, c),
                                        text.trim().to_string(),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
            for (location, text) in texts {
                self.a.unmapped.push(UnmappedContent {
                    heading_path: headings.clone(),
                    location: format!("{location} ({anchor})"),
                    text,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::Run;

    fn para(text: &str, refs: Vec<(NoteKind, String)>) -> Paragraph {
        Paragraph {
            runs: vec![Run {
                text: text.into(),
                ..Run::default()
            }],
            note_refs: refs,
            ..Paragraph::default()
        }
    }

    #[test]
    fn notes_are_kept_with_their_anchor_and_headings() {
        let mut r = Recogniser::new(None, "word/document.xml".into());
        r.expect_notes(true);
        let mut heading = para("1. The Data Sharing Agreement", Vec::new());
        heading.heading = Some(1);
        r.body(&[
            Block::Paragraph(heading),
            Block::Paragraph(para(
                "The parties are listed below.",
                vec![(NoteKind::Footnote, "2".into())],
            )),
        ]);
        r.notes(
            "word/footnotes.xml",
            &[
                Note {
                    kind: NoteKind::Footnote,
                    id: "2".into(),
                    blocks: vec![Block::Paragraph(para("As at April 2023.", Vec::new()))],
                },
                Note {
                    kind: NoteKind::Footnote,
                    id: "9".into(),
                    blocks: vec![Block::Paragraph(para("Orphan note.", Vec::new()))],
                },
            ],
        );
        let (a, _, _) = r.finish();
        let u: Vec<_> = a
            .unmapped
            .iter()
            .filter(|u| u.location.starts_with("word/footnotes.xml"))
            .collect();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].text, "As at April 2023.");
        assert_eq!(
            u[0].location,
            "word/footnotes.xml: footnote[2]/block[0] (anchored at body/block[1])"
        );
        assert_eq!(
            u[0].heading_path,
            vec!["1. The Data Sharing Agreement".to_string()]
        );
        assert!(u[1].location.ends_with("(no anchor in the body)"));
    }
}
