//! A small block tree of a WordprocessingML document: what recognition needs and no
//! more (paragraphs with runs and formatting, tables with spans, nested tables).

/// A run of text with the formatting that carries meaning in these documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// Text, with tabs and breaks as `\t` and `\n`.
    pub text: String,
    /// Struck through (`w:strike` or `w:dstrike`): in DSAs a struck option is deleted.
    pub strike: bool,
    /// Bold.
    pub bold: bool,
    /// A checkbox (content control, legacy form field, or a box or tick symbol): its
    /// state, ticked or not. Its `text` shows the state as ☒/☐ for people reading
    /// provenance; recognition reads this.
    pub check: Option<bool>,
}

/// A paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// Runs in order.
    pub runs: Vec<Run>,
    /// Paragraph style id.
    pub style: Option<String>,
    /// Heading level (1 = top) from the style or the paragraph's outline level; 0 for Title.
    pub heading: Option<u8>,
    /// Part of a numbered or bulleted list (`w:numPr`).
    pub list: bool,
    /// The list it belongs to and its level (`w:numId`, `w:ilvl`), directly or by its
    /// style; resolved against numbering.xml into `numbered`.
    pub list_ref: Option<(String, u8)>,
    /// Numbered by Word (decimal, letter or roman numbering in numbering.xml), not
    /// bulleted: such a paragraph's number is not in its text.
    pub numbered: bool,
    /// Footnotes, endnotes and comments anchored in this paragraph, by kind and id.
    pub note_refs: Vec<(NoteKind, String)>,
}

/// The kinds of note a paragraph can anchor, each kept in a part of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteKind {
    /// `w:footnoteReference`, text in footnotes.xml.
    Footnote,
    /// `w:endnoteReference`, text in endnotes.xml.
    Endnote,
    /// `w:commentReference`, text in comments.xml.
    Comment,
}

impl NoteKind {
    /// The word for it in locations: "footnote[3]".
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Footnote => "footnote",
            NoteKind::Endnote => "endnote",
            NoteKind::Comment => "comment",
        }
    }
}

/// One footnote, endnote or comment: its id and content.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Kind.
    pub kind: NoteKind,
    /// `w:id`, as the anchor names it.
    pub id: String,
    /// Content.
    pub blocks: Vec<Block>,
}

impl Paragraph {
    /// The list level (0 = top) of a list paragraph.
    pub fn list_level(&self) -> u8 {
        self.list_ref.as_ref().map_or(0, |r| r.1)
    }
}

impl Paragraph {
    /// The paragraph's text.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for r in &self.runs {
            s.push_str(&r.text);
        }
        s
    }

    /// Every visible character is struck through.
    pub fn struck(&self) -> bool {
        let mut any = false;
        for r in &self.runs {
            if r.text.trim().is_empty() {
                continue;
            }
            if !r.strike {
                return false;
            }
            any = true;
        }
        any
    }

    /// Every visible character is bold.
    pub fn bold(&self) -> bool {
        let mut any = false;
        for r in &self.runs {
            if r.text.trim().is_empty() {
                continue;
            }
            if !r.bold {
                return false;
            }
            any = true;
        }
        any
    }

    /// The checkbox the paragraph starts with, ticked or not (`None` when it starts with
    /// text).
    pub fn leading_check(&self) -> Option<bool> {
        self.runs
            .iter()
            .find(|r| r.check.is_some() || !r.text.trim().is_empty())
            .and_then(|r| r.check)
    }

    /// Text without struck runs.
    pub fn unstruck_text(&self) -> String {
        self.runs
            .iter()
            .filter(|r| !r.strike)
            .map(|r| r.text.as_str())
            .collect()
    }
}

/// A table cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Content (paragraphs and nested tables).
    pub blocks: Vec<Block>,
    /// Grid columns spanned (`w:gridSpan`).
    pub span: u32,
    /// Continuation of a vertical merge (`w:vMerge` without restart): no own content.
    pub merged_continue: bool,
}

impl Cell {
    /// Text of the cell's paragraphs (nested tables included), one line per paragraph.
    pub fn text(&self) -> String {
        self.lines(false)
    }

    /// Text without struck runs.
    pub fn unstruck_text(&self) -> String {
        self.lines(true)
    }

    /// The paragraphs' text joined by line breaks, written into one string: this runs
    /// for every cell of every table, several times over.
    fn lines(&self, unstruck: bool) -> String {
        // Sized from the runs first (a bound: struck runs may be left out), so the
        // string is allocated once.
        fn size(b: &Block) -> usize {
            match b {
                Block::Paragraph(p) => 1 + p.runs.iter().map(|r| r.text.len()).sum::<usize>(),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .flat_map(|c| &c.blocks)
                    .map(size)
                    .sum(),
            }
        }
        let mut out = String::with_capacity(self.blocks.iter().map(size).sum());
        let mut first = true;
        for b in &self.blocks {
            collect_lines(b, &mut out, &mut first, unstruck);
        }
        out
    }

    /// All visible text of the cell is struck through.
    pub fn struck(&self) -> bool {
        let paras: Vec<&Paragraph> = self
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) if !p.text().trim().is_empty() => Some(p),
                _ => None,
            })
            .collect();
        !paras.is_empty() && paras.iter().all(|p| p.struck())
    }

    /// The cell's checkbox, ticked or not: the first checkbox in its paragraphs (`None`
    /// when it has none).
    pub fn check(&self) -> Option<bool> {
        self.paragraphs()
            .flat_map(|p| p.runs.iter())
            .find_map(|r| r.check)
    }

    /// The checkbox the cell's text starts with, if it starts with one.
    pub fn leading_check(&self) -> Option<bool> {
        self.paragraphs()
            .find(|p| !p.text().trim().is_empty() || p.runs.iter().any(|r| r.check.is_some()))
            .and_then(Paragraph::leading_check)
    }

    /// Paragraphs directly in the cell.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }
}

fn collect_lines(b: &Block, out: &mut String, first: &mut bool, unstruck: bool) {
    match b {
        Block::Paragraph(p) => {
            if !std::mem::take(first) {
                out.push('\n');
            }
            for r in p.runs.iter().filter(|r| !(unstruck && r.strike)) {
                out.push_str(&r.text);
            }
        }
        Block::Table(t) => {
            for r in &t.rows {
                for c in &r.cells {
                    for b in &c.blocks {
                        collect_lines(b, out, first, unstruck);
                    }
                }
            }
        }
    }
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Cells in order.
    pub cells: Vec<Cell>,
}

/// A table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Rows in order.
    pub rows: Vec<Row>,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A parsed document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Body blocks of the main part.
    pub body: Vec<Block>,
    /// Header and footer parts with their blocks.
    pub headers_footers: Vec<(String, Vec<Block>)>,
    /// Footnote, endnote and comment parts with their notes.
    pub notes_parts: Vec<(String, Vec<Note>)>,
    /// The package's core-properties title (`docProps/core.xml`, `dc:title`), if any.
    pub core_title: Option<String>,
    /// Notes about what was seen while reading (unusual constructs).
    pub notes: Vec<String>,
    /// The agreement `dsa render` embedded, if any (see [`Embedded`]).
    pub embedded: Option<Embedded>,
}

/// An agreement embedded by `dsa render` in a custom XML part, with the sha256 of the
/// main part it was rendered with.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    /// The part it was read from.
    pub part: String,
    /// The agreement's canonical JSON.
    pub json: String,
    /// Whether the main part is byte for byte the one rendered (else it was edited).
    pub unchanged: bool,
}

/// Every paragraph's text and every cell's text, nested tables included, in document
/// order: what "nothing is lost" checks against an import.
pub fn all_texts(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => out.push(p.text()),
            Block::Table(t) => {
                for r in &t.rows {
                    for c in &r.cells {
                        out.push(c.text());
                        all_texts(&c.blocks, out);
                    }
                }
            }
        }
    }
}
