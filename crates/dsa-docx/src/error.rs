//! Errors that stop an import. Only an unreadable container stops one: anything
//! readable gives a (possibly partial) agreement plus diagnostics.

/// Why a file could not be imported at all. Codes are stable.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// Zero bytes.
    #[error("[E-DOCX-001] the file is empty")]
    Empty,
    /// Not an OOXML (zip) package.
    #[error("[E-DOCX-002] not a .docx file: {0}")]
    NotDocx(String),
    /// OLE2 compound file without encryption streams: Word 97-2003.
    #[error("[E-DOCX-003] this is a Word 97-2003 .doc file; open it in Word or LibreOffice and save as .docx")]
    LegacyDoc,
    /// OLE2 compound file holding an encrypted OOXML package.
    #[error("[E-DOCX-004] the document is password-protected (encrypted); remove the password in Word and save again")]
    Encrypted,
    /// Zip structure is damaged or truncated.
    #[error("[E-DOCX-005] damaged or truncated zip: {0}")]
    CorruptZip(String),
    /// A part inflates to more than the limit (zip-bomb guard).
    #[error("[E-DOCX-006] part {part} inflates to more than {limit} bytes (limit max_part_bytes)")]
    PartTooLarge {
        /// The part.
        part: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// No main document part.
    #[error(
        "[E-DOCX-007] no main document part (no officeDocument relationship or main content type)"
    )]
    MissingMainPart,
    /// DOCTYPE in a part: entity expansion is refused.
    #[error("[E-DOCX-008] {0} has a DOCTYPE declaration; entity expansion is refused")]
    Doctype(String),
    /// Elements nested deeper than the limit.
    #[error("[E-DOCX-009] {part} nests elements deeper than {limit} levels (limit max_depth)")]
    TooDeep {
        /// The part.
        part: String,
        /// The limit.
        limit: usize,
    },
    /// A part is not UTF-8/UTF-16 text.
    #[error("[E-DOCX-010] {0} is not UTF-8 or UTF-16 text")]
    BadEncoding(String),
    /// A part declares an XML version other than 1.0.
    #[error("[E-DOCX-011] {part} declares XML {version}; WordprocessingML is XML 1.0 (XML 1.1 allows control characters 1.0 forbids)")]
    XmlVersion {
        /// The part.
        part: String,
        /// The declared version.
        version: String,
    },
    /// Two zip entries with the same name: which one is the document is ambiguous.
    #[error("[E-DOCX-012] the package has {count} entries named {name}; which one is the document is ambiguous")]
    DuplicateEntry {
        /// The repeated name.
        name: String,
        /// How many entries have it.
        count: usize,
    },
    /// One paragraph or cell holds more text than any field may.
    #[error("[E-DOCX-013] {part} has a paragraph of {chars} characters, over the limit of {limit} (limit max_text_chars)")]
    TextTooLong {
        /// The part.
        part: String,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
}

impl DocxError {
    /// Stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            DocxError::Empty => "E-DOCX-001",
            DocxError::NotDocx(_) => "E-DOCX-002",
            DocxError::LegacyDoc => "E-DOCX-003",
            DocxError::Encrypted => "E-DOCX-004",
            DocxError::CorruptZip(_) => "E-DOCX-005",
            DocxError::PartTooLarge { .. } => "E-DOCX-006",
            DocxError::XmlVersion { .. } => "E-DOCX-011",
            DocxError::DuplicateEntry { .. } => "E-DOCX-012",
            DocxError::TextTooLong { .. } => "E-DOCX-013",
            DocxError::MissingMainPart => "E-DOCX-007",
            DocxError::Doctype(_) => "E-DOCX-008",
            DocxError::TooDeep { .. } => "E-DOCX-009",
            DocxError::BadEncoding(_) => "E-DOCX-010",
        }
    }
}
