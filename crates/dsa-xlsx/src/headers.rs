//! Header vocabulary (spec/register-headers.toml) and per-register profiles.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::XlsxError;

/// A field a register column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    Reference,
    IsgReference,
    Version,
    DsaType,
    Purpose,
    Parties,
    Status,
    PublishDate,
    SignedDate,
    ReviewDate,
    EndDate,
    LawfulBasis,
    Owner,
    DocumentLocation,
    Notes,
}

impl Field {
    /// Name used in the vocabulary and profiles.
    pub fn from_name(s: &str) -> Option<Field> {
        use Field::*;
        Some(match s {
            "title" => Title,
            "reference" => Reference,
            "isg_reference" => IsgReference,
            "version" => Version,
            "dsa_type" => DsaType,
            "purpose" => Purpose,
            "parties" => Parties,
            "status" => Status,
            "publish_date" => PublishDate,
            "signed_date" => SignedDate,
            "review_date" => ReviewDate,
            "end_date" => EndDate,
            "lawful_basis" => LawfulBasis,
            "owner" => Owner,
            "document_location" => DocumentLocation,
            "notes" => Notes,
            _ => return None,
        })
    }

    /// Whether values are dates.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::PublishDate | Field::SignedDate | Field::ReviewDate | Field::EndDate
        )
    }
}

#[derive(Deserialize)]
struct VocabularyFile {
    fields: BTreeMap<String, Vec<String>>,
}

/// A per-register profile overriding detection (TOML).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// 1-based header row, applied to every sheet.
    #[serde(default)]
    pub header_row: Option<usize>,
    /// Register header → field name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Sheet name → status for rows that give none.
    #[serde(default)]
    pub sheet_status: BTreeMap<String, String>,
}

impl Profile {
    /// Parses a profile, checking its field names.
    pub fn from_toml(s: &str) -> Result<Profile, XlsxError> {
        let p: Profile = toml::from_str(s).map_err(|e| XlsxError::BadProfile(e.to_string()))?;
        for f in p.columns.values() {
            if Field::from_name(f).is_none() {
                return Err(XlsxError::BadProfile(format!("unknown field {f:?}")));
            }
        }
        Ok(p)
    }
}

/// Header names → fields, normalised.
pub struct Vocabulary {
    names: Vec<(String, Field)>,
}

/// Lower-case, punctuation to spaces, whitespace collapsed.
pub fn norm_header(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Vocabulary {
    /// The published vocabulary plus a profile's column names.
    pub fn new(profile: Option<&Profile>) -> Vocabulary {
        let text = include_str!("../../../spec/register-headers.toml");
        // The file is part of the build; a parse failure is a build defect caught by tests.
        let file: VocabularyFile = toml::from_str(text).unwrap_or(VocabularyFile {
            fields: BTreeMap::new(),
        });
        let mut names = Vec::new();
        if let Some(p) = profile {
            for (h, f) in &p.columns {
                if let Some(f) = Field::from_name(f) {
                    names.push((norm_header(h), f));
                }
            }
        }
        for (f, list) in file.fields {
            if let Some(field) = Field::from_name(&f) {
                for n in list {
                    names.push((norm_header(&n), field));
                }
            }
        }
        Vocabulary { names }
    }

    /// The field a header names, with confidence: exact 1.0, contained as whole words 0.8.
    pub fn classify(&self, header: &str) -> Option<(Field, f64)> {
        let h = norm_header(header);
        if h.is_empty() {
            return None;
        }
        if let Some((_, f)) = self.names.iter().find(|(n, _)| *n == h) {
            return Some((*f, 1.0));
        }
        let padded = format!(" {h} ");
        let mut best: Option<(usize, Field)> = None;
        for (n, f) in &self.names {
            if n.len() >= 3
                && padded.contains(&format!(" {n} "))
                && best.is_none_or(|(l, _)| n.len() > l)
            {
                best = Some((n.len(), *f));
            }
        }
        // Long free-text cells (notes, titles of records) are not headers.
        if h.len() > 60 {
            return None;
        }
        best.map(|(_, f)| (f, 0.8))
    }

    /// Number of names known (for tests).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
