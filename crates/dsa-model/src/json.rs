//! The JSON exchange format: the model's serde form, with the format version checked.

use crate::agreement::{Agreement, FORMAT_VERSION};

/// Why JSON could not be read or written. Codes are stable.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// The text is not JSON, or not an agreement (unknown field, wrong type, ...). The
    /// cause is in the message, not chained, so it is said once.
    #[error("[E-JSON-001] not a valid agreement{}: {message}", if path.is_empty() { String::new() } else { format!(" at {path}") })]
    Invalid {
        /// JSON Pointer of the field at fault (empty at the top level).
        path: String,
        /// What is wrong, with the line and column.
        message: String,
    },
    /// The document is of a format version this toolkit does not read.
    #[error(
        "[E-JSON-002] unsupported format version {found:?} (this toolkit reads {supported}.x)"
    )]
    UnsupportedVersion {
        /// Version found.
        found: String,
        /// Major version read.
        supported: String,
    },
}

impl JsonError {
    /// Stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            JsonError::Invalid { .. } => "E-JSON-001",
            JsonError::UnsupportedVersion { .. } => "E-JSON-002",
        }
    }
}

/// Checks that a format version has the major version this toolkit reads.
pub fn check_version(found: &str) -> Result<(), JsonError> {
    let major = FORMAT_VERSION.split('.').next().unwrap_or("1");
    if found.split('.').next() == Some(major) {
        Ok(())
    } else {
        Err(JsonError::UnsupportedVersion {
            found: found.to_string(),
            supported: major.to_string(),
        })
    }
}

/// Reads an agreement from JSON text.
pub fn from_str(s: &str) -> Result<Agreement, JsonError> {
    from_slice(s.as_bytes())
}

/// Reads an agreement from JSON bytes.
pub fn from_slice(b: &[u8]) -> Result<Agreement, JsonError> {
    let a: Agreement = match serde_json::from_slice(b) {
        Ok(a) => a,
        Err(e) => return Err(invalid(b, e)),
    };
    check_version(&a.format_version)?;
    Ok(a)
}

/// The error of a failed read, with the path of the field at fault: found by reading the
/// text again while tracking the path, which costs only on the error path.
fn invalid(b: &[u8], e: serde_json::Error) -> JsonError {
    let mut de = serde_json::Deserializer::from_slice(b);
    let (path, e) = match serde_path_to_error::deserialize::<_, Agreement>(&mut de) {
        Err(pe) => (pointer(pe.path()), pe.into_inner()),
        Ok(_) => (String::new(), e),
    };
    JsonError::Invalid {
        path,
        message: e.to_string(),
    }
}

/// A serde path as a JSON Pointer (`/parties/2/kind`).
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut s = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => s.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                s.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1")))
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_the_field_and_says_its_cause_once() {
        let e = from_str(r#"{"format_version":"1.0","review":{"publish_date":"2024-13-01"}}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("[E-JSON-001] not a valid agreement at /review/publish_date: "),
            "{e}"
        );
        assert_eq!(e.matches("line 1").count(), 1, "{e}");
        assert!(std::error::Error::source(&from_str("").unwrap_err()).is_none());
        let e = from_str("").unwrap_err().to_string();
        assert_eq!(
            e,
            "[E-JSON-001] not a valid agreement: EOF while parsing a value at line 1 column 0"
        );
    }
}
