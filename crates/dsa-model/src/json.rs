//! The JSON exchange format: the model's serde form, with the format version checked.

use crate::agreement::{Agreement, FORMAT_VERSION};

/// Why JSON could not be read or written. Codes are stable.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// The text is not JSON, or not an agreement (unknown field, wrong type, ...).
    #[error("[E-JSON-001] not a valid agreement: {0}")]
    Invalid(#[from] serde_json::Error),
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
            JsonError::Invalid(_) => "E-JSON-001",
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
    let a: Agreement = serde_json::from_str(s)?;
    check_version(&a.format_version)?;
    Ok(a)
}

/// Reads an agreement from JSON bytes.
pub fn from_slice(b: &[u8]) -> Result<Agreement, JsonError> {
    let a: Agreement = serde_json::from_slice(b)?;
    check_version(&a.format_version)?;
    Ok(a)
}

/// Writes an agreement as pretty-printed JSON with a trailing newline: what
/// `serde_json::to_string_pretty` writes, by a faster writer of its own (`pretty_json`).
pub fn to_string(a: &Agreement) -> Result<String, JsonError> {
    // Agreements with provenance run to a few hundred KB: start large, grow rarely.
    let mut buf = crate::pretty_json::to_vec(a, 128 * 1024)?;
    buf.push(b'\n');
    // Written from &str values only, so UTF-8; the check is cheap next to the writing.
    String::from_utf8(buf).map_err(|e| JsonError::Invalid(serde::ser::Error::custom(e)))
}
