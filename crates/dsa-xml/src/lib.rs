//! The XML exchange format for agreements, and its XSD.
//!
//! The XML is a direct, readable rendering of the model's JSON form: one element per
//! field (same snake_case names as JSON), lists as a wrapper element holding one
//! singular-named element per item (`<parties><party>…</party></parties>`), the format
//! version as an attribute of the root, in namespace [`NAMESPACE`].
//!
//! Why not quick-xml's own serde support: its deserializer trims text (so " a" would
//! not round-trip), and it renders lists as repeated elements without a wrapper, so
//! empty lists and `Named([])` vanish. We keep quick-xml for the tokenizing and
//! write a small serde `Deserializer` over an element tree instead, driven by the
//! model's types, so JSON → XML → JSON is the identity.

mod names;
mod read;
mod write;
pub mod xsd;

pub use names::item_name;
pub use read::{from_slice, from_slice_with, from_str, from_str_with};
pub use write::to_string;

/// XML namespace of agreement documents, version 1 of the format.
pub const NAMESPACE: &str = "urn:pan-london-dsa:agreement:1";

/// Why XML could not be read or written. Codes are stable.
#[derive(Debug, thiserror::Error)]
pub enum XmlError {
    /// The text is not well-formed XML.
    #[error("[E-XML-001] not well-formed XML at byte {position}: {message}")]
    Syntax {
        /// Byte offset.
        position: u64,
        /// Parser message.
        message: String,
    },
    /// The document has a DOCTYPE; entity declarations are refused (no expansion, no XXE).
    #[error("[E-XML-002] DOCTYPE declarations are not accepted (entity expansion is refused)")]
    Doctype,
    /// The root is not `<agreement>` in the agreement namespace.
    #[error("[E-XML-003] root element must be <agreement xmlns=\"{NAMESPACE}\">, found {found}")]
    WrongRoot {
        /// What was found.
        found: String,
    },
    /// Elements are nested deeper than the limit.
    #[error("[E-XML-004] elements nested deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// The document is larger than the limit.
    #[error("[E-XML-005] document has more than {limit} elements")]
    TooManyElements {
        /// The limit.
        limit: usize,
    },
    /// Well-formed XML that is not a valid agreement.
    #[error("[E-XML-006] invalid agreement at {path}: {message}")]
    Invalid {
        /// Element path, e.g. "/agreement/parties/party[2]/kind".
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The format version is not one this toolkit reads.
    #[error("[E-XML-007] {0}")]
    Version(dsa_model::json::JsonError),
    /// A text value holds a character XML 1.0 cannot represent at all (not even as a
    /// character reference): C0 controls other than tab, newline and carriage return,
    /// U+FFFE and U+FFFF.
    #[error("[E-XML-008] {path} contains U+{code:04X}, which XML 1.0 cannot represent")]
    UnrepresentableChar {
        /// JSON Pointer of the field.
        path: String,
        /// The code point.
        code: u32,
    },
    /// The agreement could not be serialised.
    #[error("[E-XML-009] could not serialise the agreement: {0}")]
    Serialise(String),
}

impl XmlError {
    /// Stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            XmlError::Syntax { .. } => "E-XML-001",
            XmlError::Doctype => "E-XML-002",
            XmlError::WrongRoot { .. } => "E-XML-003",
            XmlError::TooDeep { .. } => "E-XML-004",
            XmlError::TooManyElements { .. } => "E-XML-005",
            XmlError::Invalid { .. } => "E-XML-006",
            XmlError::Version(_) => "E-XML-007",
            XmlError::UnrepresentableChar { .. } => "E-XML-008",
            XmlError::Serialise(_) => "E-XML-009",
        }
    }
}

/// Whether XML 1.0 can carry the character (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
