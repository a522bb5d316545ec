//! The signable agreement as a writer-neutral document: a cover, a contents list, the
//! template's numbered sections with their standard wording and the agreement's content,
//! and signature blocks. The DOCX, HTML and Markdown writers all lay out this one
//! [`Document`], so they always say the same thing.

/// A whole rendered agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The agreement's title (cover, header, HTML title).
    pub title: String,
    /// The protective marking printed in the header and footer.
    pub marking: &'static str,
    /// The cover's labelled lines: reference, version, status…
    pub cover: Vec<(String, String)>,
    /// The body, in order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// The headings, for a contents list: (level, number and text, anchor). The n-th
    /// heading's anchor is [`anchor`]`(n)`.
    pub fn headings(&self) -> Vec<(u8, String, String)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h),
                _ => None,
            })
            .enumerate()
            .map(|(i, h)| (h.level, h.display(), anchor(i)))
            .collect()
    }
}

/// The anchor (DOCX bookmark, HTML id) of the n-th heading: short and stable, as Word's
/// bookmark names must be (at most 40 characters, starting with a letter).
pub fn anchor(n: usize) -> String {
    format!("section{n}")
}

/// A numbered (or unnumbered) section heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 (top) to 3.
    pub level: u8,
    /// "1.", "1.1.", "2.4.1"; empty for sections after the template's.
    pub number: String,
    /// The heading's words.
    pub text: String,
}

impl Heading {
    /// Number and words, as printed.
    pub fn display(&self) -> String {
        if self.number.is_empty() {
            self.text.clone()
        } else {
            format!("{} {}", self.number, self.text)
        }
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The contents list (writers fill it from [`Document::headings`]).
    Contents,
    /// A section heading.
    Heading(Heading),
    /// A paragraph; a line break inside it is a new line.
    Para(String),
    /// Text carried over from a source as it was: one paragraph, its line breaks kept
    /// as line breaks.
    Verbatim(String),
    /// A short bold lead-in paragraph ("Individuals", "Complaints").
    Label(String),
    /// Bullet points.
    Bullets(Vec<String>),
    /// A table.
    Table(Table),
    /// One signature block per party.
    Signatures(Vec<Signature>),
    /// Start a new page (before the appendices, before the signatures).
    PageBreak,
}

/// A table, as the template draws its option and detail tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The header row; none for a label/value table.
    pub head: Option<Vec<String>>,
    /// The body rows, each as wide as the header.
    pub rows: Vec<Vec<Cell>>,
    /// Column widths in percent of the text width (sum 100), so A4 stays readable.
    pub widths: Vec<u16>,
}

impl Table {
    /// How many columns: the header's, else the first row's.
    pub fn columns(&self) -> usize {
        self.head
            .as_ref()
            .map(Vec::len)
            .or_else(|| self.rows.first().map(Vec::len))
            .unwrap_or(0)
    }
}

/// A table cell: text (a line break is a new paragraph) or bullet points.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Plain text.
    Text(String),
    /// Bullet points, as Appendix A's duties.
    Bullets(Vec<String>),
}

impl Cell {
    /// Its text, lines joined by a line break.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Bullets(xs) => xs.join("\n"),
        }
    }
}

/// One party's signature block.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// The party's name.
    pub party: String,
    /// The signatory's name, if known.
    pub name: Option<String>,
    /// Their role, if known.
    pub role: Option<String>,
    /// The date signed, written out ("1 June 2021"), if known.
    pub date: Option<String>,
}
