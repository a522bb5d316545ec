//! Provenance and unmapped content: importers record where every value came from
//! and keep, verbatim, whatever maps to no field, so a migration loses nothing.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where in a source file a value was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceLocation {
    /// Source file name (relative to the migrated tree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Part inside the file, e.g. "word/document.xml" or sheet "Live DSAs".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Block path: heading path and table/row/cell or paragraph index, or sheet row/column.
    pub path: String,
}

/// Where one field's value came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// JSON Pointer (RFC 6901) of the field in this agreement, e.g. "/lawful_basis/article6/0".
    pub field: String,
    /// Where it was read.
    pub source: SourceLocation,
    /// The source text it came from, verbatim.
    pub text: String,
    /// Confidence of a fuzzy match, 0 to 1; absent for exact matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// Source content that maps to no field, kept verbatim with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnmappedContent {
    /// Headings above the content, outermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heading_path: Vec<String>,
    /// Block path in the source.
    pub location: String,
    /// The text, verbatim.
    pub text: String,
}

/// A named value from a source that maps to no field (e.g. a register column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraAttribute {
    /// Name, e.g. the register's column heading.
    pub name: String,
    /// Value, verbatim.
    pub value: String,
}
