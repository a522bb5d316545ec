//! Provenance and unmapped content: importers record where every value came from
//! and keep, verbatim, whatever maps to no field, so a migration loses nothing.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A file an agreement was read from, listed once in the agreement's `sources` so that
/// its hundreds of provenance records need not each repeat the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    /// File name (relative to the migrated tree); absent when read from standard input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The part values were read from unless a record names another, e.g.
    /// "word/document.xml" or sheet "Live DSAs".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

/// Where in a source file a value was read. File and part are left out when they are the
/// agreement's first source and its part, as they are for nearly every record: written
/// out each time they made up most of a migrated agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceLocation {
    /// Source file name, one of the agreement's `sources`; absent: the first of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Part inside the file; absent: the part its entry in `sources` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Block path inside the part, e.g. "body/block[68]/tr[4]", or sheet row and column.
    pub path: String,
    /// The nearest heading above the block, as written: what a reader searches for in the
    /// document to find the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
}

impl SourceLocation {
    /// A place in the agreement's first source and part.
    pub fn at(path: impl Into<String>, heading: Option<String>) -> Self {
        SourceLocation {
            file: None,
            part: None,
            path: path.into(),
            heading,
        }
    }
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
    #[schemars(range(min = 0.0, max = 1.0))]
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

/// A value an officer corrected after import (`dsa migrate --corrections FILE`): what the
/// import read, what replaced it, who made the change and why. Kept with the agreement so
/// the package says which values are not what its sources say; the field's provenance
/// points at the corrections file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// JSON Pointer (RFC 6901) of the corrected field, as it was when the correction was
    /// applied (a removal from a list shifts the pointers after it).
    pub field: String,
    /// The value as imported: text as it is, anything else as JSON; absent when the field
    /// was empty or new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<String>,
    /// The corrected value, written the same way; absent when the correction removed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Who made the correction.
    pub by: String,
    /// Why.
    pub why: String,
    /// Where it is written: the corrections file's name and the entry's line.
    pub source: SourceLocation,
}

impl crate::Agreement {
    /// The entry of `sources` a record's file names (absent: the first), if listed.
    pub fn listed_source(&self, file: Option<&String>) -> Option<&SourceFile> {
        match file {
            None => self.sources.first(),
            Some(f) => self.sources.iter().find(|s| s.file.as_ref() == Some(f)),
        }
    }

    /// The file and part a record points into, with the defaults `sources` gives filled in.
    pub fn source_of(&self, loc: &SourceLocation) -> SourceFile {
        let listed = self.listed_source(loc.file.as_ref());
        SourceFile {
            file: loc
                .file
                .clone()
                .or_else(|| listed.and_then(|s| s.file.clone())),
            part: loc
                .part
                .clone()
                .or_else(|| listed.and_then(|s| s.part.clone())),
        }
    }

    /// Takes a provenance record from another agreement (a register row joined to a
    /// document): lists its file in `sources` if it is not there yet and leaves out only
    /// what this agreement's defaults supply.
    pub fn adopt_provenance(&mut self, from: &crate::Agreement, record: &Provenance) -> Provenance {
        let source = from.source_of(&record.source);
        let index = match self.sources.iter().position(|s| s.file == source.file) {
            Some(i) => i,
            None => {
                self.sources.push(source.clone());
                self.sources.len() - 1
            }
        };
        let listed = &self.sources[index];
        let mut record = record.clone();
        record.source.file = if index == 0 { None } else { source.file };
        record.source.part = source.part.filter(|p| listed.part.as_ref() != Some(p));
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Agreement;

    fn source(file: &str, part: &str) -> SourceFile {
        SourceFile {
            file: Some(file.into()),
            part: Some(part.into()),
        }
    }

    fn record(loc: SourceLocation) -> Provenance {
        Provenance {
            field: "/title".into(),
            source: loc,
            text: "t".into(),
            confidence: None,
        }
    }

    #[test]
    fn defaults_come_from_the_first_source_and_its_part() {
        let mut a = Agreement::new("a");
        a.sources = vec![source("camden/x.docx", "word/document.xml")];
        let got = a.source_of(&SourceLocation::at("body/block[1]", None));
        assert_eq!(got.file.as_deref(), Some("camden/x.docx"));
        assert_eq!(got.part.as_deref(), Some("word/document.xml"));
    }

    #[test]
    fn an_adopted_record_names_its_own_file_and_keeps_pointing_at_the_same_place() {
        let mut doc = Agreement::new("doc");
        doc.sources = vec![source("camden/x.docx", "word/document.xml")];
        let mut row = Agreement::new("row");
        row.sources = vec![source("camden/register.xlsx", "Live DSAs")];
        let r = record(SourceLocation::at("row 4, column B (Title)", None));
        let adopted = doc.adopt_provenance(&row, &r);
        assert_eq!(doc.sources.len(), 2);
        assert_eq!(adopted.source.file.as_deref(), Some("camden/register.xlsx"));
        assert_eq!(adopted.source.part, None);
        assert_eq!(doc.source_of(&adopted.source), row.source_of(&r.source));
        // A second record from the same register does not list it again.
        doc.adopt_provenance(&row, &r);
        assert_eq!(doc.sources.len(), 2);
    }
}
