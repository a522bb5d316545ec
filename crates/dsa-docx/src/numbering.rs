//! Word's list numbering (numbering.xml): which lists are numbered (decimal, letters,
//! roman numerals) and which bulleted, so that a heading numbered by Word — its number
//! only in numbering.xml, not in its text — is still seen as a numbered heading.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::blocks::Block;
use crate::parse::attr;

/// Number formats by list and level.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `w:num/@w:numId` → `w:abstractNumId`.
    nums: HashMap<String, String>,
    /// (`w:abstractNumId`, level) → whether the level is numbered (not a bullet).
    levels: HashMap<(String, u8), bool>,
}

impl Numbering {
    /// Reads numbering.xml; what cannot be read is left out (lists count as bulleted).
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<u8> = None;
        let mut num_id: Option<String> = None;
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                    "lvl" => level = attr(&e, "ilvl").and_then(|v| v.parse().ok()),
                    "numFmt" => {
                        if let (Some(a), Some(l)) = (&abstract_id, level) {
                            let f = attr(&e, "val").unwrap_or_default();
                            let numbered = !matches!(f.as_str(), "bullet" | "none" | "");
                            n.levels.insert((a.clone(), l), numbered);
                        }
                    }
                    "num" => num_id = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(id), Some(a)) = (&num_id, attr(&e, "val")) {
                            n.nums.insert(id.clone(), a);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "abstractNum" => abstract_id = None,
                    "lvl" => level = None,
                    "num" => num_id = None,
                    _ => {}
                },
                Event::Eof | Event::DocType(_) => break,
                _ => {}
            }
        }
        n
    }

    /// Whether this list level is numbered.
    pub fn is_numbered(&self, num_id: &str, level: u8) -> bool {
        self.nums
            .get(num_id)
            .and_then(|a| self.levels.get(&(a.clone(), level)))
            .copied()
            .unwrap_or(false)
    }

    /// Marks every list paragraph numbered or not, tables and nested tables included.
    pub fn resolve(&self, blocks: &mut [Block]) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => {
                    if let Some((id, level)) = &p.list_ref {
                        p.numbered = p.list && self.is_numbered(id, *level);
                    }
                }
                Block::Table(t) => {
                    for row in &mut t.rows {
                        for cell in &mut row.cells {
                            self.resolve(&mut cell.blocks);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_and_bulleted_levels() {
        let xml = r#"<w:numbering xmlns:w="w">
            <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>
              <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
            <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let n = Numbering::parse(xml);
        assert!(n.is_numbered("5", 0));
        assert!(!n.is_numbered("5", 1));
        assert!(!n.is_numbered("6", 0));
    }
}
