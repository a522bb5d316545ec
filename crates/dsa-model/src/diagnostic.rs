//! What readers note about an import, in one typed form for every reader: the DOCX and
//! register readers give [`Diagnostic`]s (code, kind, section, location, message), the
//! CLI prints them, migrate puts them in each package's `import-notes.json` and the
//! report. The codes are declared once, here, each with the kind it always is, so a
//! note is never "uncertain" from one reader and "note" from another for the same thing.

use serde::{Deserialize, Serialize};

/// What a note asks of the person checking the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// A value was matched fuzzily or guessed; check it.
    Uncertain,
    /// Something expected was not there, or could not be used.
    Missing,
    /// Something was seen and handled in a particular way.
    Note,
}

impl DiagnosticKind {
    /// The word the report and pages use (`uncertain`, `missing`, `note`).
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::Uncertain => "uncertain",
            DiagnosticKind::Missing => "missing",
            DiagnosticKind::Note => "note",
        }
    }
}

macro_rules! diagnostic_codes {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $kind:ident, $summary:literal), )*) => {
        /// The situations a reader notes, each with a stable code (`IMP001`…).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum DiagnosticCode {
            $( $(#[$doc])* $variant, )*
        }

        impl DiagnosticCode {
            /// Every code, in code order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant),*];

            /// The stable code (`IMP001`).
            pub fn code(self) -> &'static str {
                match self { $(DiagnosticCode::$variant => $code,)* }
            }

            /// The kind a note with this code always is.
            pub fn kind(self) -> DiagnosticKind {
                match self { $(DiagnosticCode::$variant => DiagnosticKind::$kind,)* }
            }

            /// One line on what the code means, for the field reference and `--help`.
            pub fn summary(self) -> &'static str {
                match self { $(DiagnosticCode::$variant => $summary,)* }
            }

            /// The code a string names.
            pub fn from_code(code: &str) -> Option<DiagnosticCode> {
                match code { $($code => Some(DiagnosticCode::$variant),)* _ => None }
            }
        }
    };
}

diagnostic_codes! {
    /// The title came from the file's document properties; the text states none.
    TitleFromProperties = ("IMP001", Uncertain, "title read from the document properties: the text states none"),
    /// The only title is the template's generic heading.
    TitleGeneric = ("IMP002", Uncertain, "title is the template's generic heading"),
    /// No title at all (a document with none, a register row with an empty title cell).
    TitleMissing = ("IMP003", Missing, "no title found"),
    /// The agreement's type was inferred, not stated.
    TypeInferred = ("IMP004", Uncertain, "DSA type inferred with less than full confidence"),
    /// A heading was taken to be a template section by similarity of wording.
    HeadingBySimilarity = ("IMP005", Uncertain, "heading read as a template section by similarity"),
    /// A value was matched to a code list by similarity of wording.
    ValueBySimilarity = ("IMP006", Uncertain, "value matched with less than full confidence"),
    /// A table was recognised by its shape alone (no header, no section).
    TableByShape = ("IMP007", Note, "table recognised by its shape alone"),
    /// An optional section was struck through, said not to apply, or deleted.
    SectionAbsent = ("IMP008", Note, "optional section absent"),
    /// A table or list of options is as the template has it: nothing chosen.
    OptionsUnfilled = ("IMP009", Missing, "options left as in the template: none chosen"),
    /// A row of an options table matched no option of its list.
    OptionUnmatched = ("IMP010", Uncertain, "row matches no option of the table's list"),
    /// A name was taken to be a known organisation by similarity.
    PartyBySimilarity = ("IMP011", Uncertain, "organisation recognised by similarity of name"),
    /// A name is no organisation we know; added as a party of kind other.
    PartyUnknown = ("IMP012", Uncertain, "not a known organisation: added as a party of kind other"),
    /// A name used where options are applied but not listed as a party.
    PartyNotListed = ("IMP013", Note, "named where options apply but not listed as a party"),
    /// Appendix A names no borough.
    BoroughNotNamed = ("IMP014", Missing, "no borough named"),
    /// A date was read with an assumption (day not given, say).
    DateAssumed = ("IMP015", Uncertain, "date read with an assumption"),
    /// The same date is given twice, differently; the later is used.
    DatesDiffer = ("IMP016", Uncertain, "a date given twice, differently"),
    /// A date label with no date that could be read.
    DateUnreadable = ("IMP017", Uncertain, "no date could be read"),
    /// A rendered agreement carried its embedded copy (used, or not, and why).
    EmbeddedAgreement = ("IMP018", Note, "embedded agreement of a rendered document"),
    /// Something about the file's parts (a note part that could not be read, say).
    PackagePart = ("IMP019", Note, "a part of the file read in a particular way"),
    /// A register row is hidden in its sheet.
    RowHidden = ("IMP020", Note, "row hidden in the register"),
    /// Characters XML 1.0 does not allow were replaced with U+FFFD.
    CharactersReplaced = ("IMP021", Note, "control characters replaced"),
    /// A value not recognised; kept as written (an extra attribute).
    KeptAsWritten = ("IMP022", Uncertain, "value not recognised: kept as written"),
    /// A register row's status came from its sheet's name.
    StatusFromSheet = ("IMP023", Uncertain, "status taken from the sheet name"),
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for DiagnosticCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        DiagnosticCode::from_code(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown import note code {s:?}")))
    }
}

/// One note a reader made, with where it applies. Its kind is its code's
/// ([`DiagnosticCode::kind`]); it is written out beside the code for readers of the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Diagnostic {
    /// What happened, by its stable code.
    pub code: DiagnosticCode,
    /// Template section, when known (`2.4`, `Appendix A`).
    #[serde(default)]
    pub section: Option<String>,
    /// Where in the source: a block path for a document, `sheet S, row N` or a cell for a
    /// register.
    pub location: String,
    /// What happened, in words, with the values involved.
    pub message: String,
}

impl Diagnostic {
    /// A note at `location`, in no particular section.
    pub fn new(code: DiagnosticCode, location: impl Into<String>, message: String) -> Self {
        Diagnostic {
            code,
            section: None,
            location: location.into(),
            message,
        }
    }

    /// Its kind, which its code decides.
    pub fn kind(&self) -> DiagnosticKind {
        self.code.kind()
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Diagnostic", 5)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("kind", &self.kind())?;
        match &self.section {
            Some(section) => st.serialize_field("section", section)?,
            None => st.skip_field("section")?,
        }
        st.serialize_field("location", &self.location)?;
        st.serialize_field("message", &self.message)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_numbered_in_order_and_read_back() {
        for (i, c) in DiagnosticCode::ALL.iter().enumerate() {
            assert_eq!(c.code(), format!("IMP{:03}", i + 1), "{c:?}");
            assert_eq!(DiagnosticCode::from_code(c.code()), Some(*c));
            assert!(!c.summary().is_empty());
        }
        assert_eq!(DiagnosticCode::from_code("IMP999"), None);
    }

    #[test]
    fn a_diagnostic_is_written_with_its_kind_and_read_back() {
        let d = Diagnostic {
            section: Some("1.2".into()),
            ..Diagnostic::new(
                DiagnosticCode::PartyUnknown,
                "body/p[3]",
                "\"Acme\" is not a known organisation".into(),
            )
        };
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "IMP012");
        assert_eq!(json["kind"], "uncertain");
        assert_eq!(json["section"], "1.2");
        let back: Diagnostic = serde_json::from_value(json).unwrap();
        assert_eq!(back, d);
        let bad = serde_json::json!({"code": "IMP999", "location": "", "message": ""});
        let err = serde_json::from_value::<Diagnostic>(bad).unwrap_err();
        assert!(err.to_string().contains("IMP999"), "{err}");
    }
}
