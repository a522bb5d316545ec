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

/// Writes an agreement as pretty-printed JSON with a trailing newline.
pub fn to_string(a: &Agreement) -> Result<String, JsonError> {
    // Agreements with provenance run to a few hundred KB: start large, grow rarely.
    let mut buf = Vec::with_capacity(128 * 1024);
    serde::Serialize::serialize(
        a,
        &mut serde_json::Serializer::with_formatter(&mut buf, Pretty::default()),
    )?;
    buf.push(b'\n');
    // serde_json writes UTF-8 only; the check is cheap next to the serialisation.
    String::from_utf8(buf).map_err(|e| JsonError::Invalid(serde::ser::Error::custom(e)))
}

/// serde_json's `PrettyFormatter` (two-space indent) writing each line break with its
/// indentation in one write, where serde_json writes once per level: an agreement has
/// a few thousand indented lines, most of them provenance at depth three and four. The
/// output is byte-identical (tested against `serde_json::to_string_pretty`).
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

/// ",\n" then the indentation of the deepest level written in one piece.
const BREAK: &[u8; 2 + 2 * 32] =
    b",\n                                                                ";

impl Pretty {
    /// A line break (after a comma when `comma`) and the current indentation.
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        let from = usize::from(!comma);
        let most = (BREAK.len() - 2) / 2;
        w.write_all(&BREAK[from..2 + 2 * self.depth.min(most)])?;
        for _ in most..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b)
    }

    /// `]` or `}`, on a line of its own unless the container is empty.
    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(b)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(v: &serde_json::Value) -> String {
        let mut buf = Vec::new();
        serde::Serialize::serialize(
            v,
            &mut serde_json::Serializer::with_formatter(&mut buf, Pretty::default()),
        )
        .unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn pretty_writes_what_serde_json_pretty_writes() {
        // Empty and nested containers, scalars, and nesting deeper than the indentation
        // written in one piece.
        let mut deep = serde_json::json!({"leaf": [1, "two", null, true, 2.5, {}, []]});
        for i in 0..40 {
            deep = if i % 2 == 0 {
                serde_json::json!({ "k": deep, "e": {}, "a": [] })
            } else {
                serde_json::json!([deep, "x", { "y": [] }])
            };
        }
        for v in [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"a": {"b": [1, [2, [3]], {"c": "d\n\"e\""}]}}),
            deep,
        ] {
            assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).unwrap());
        }
    }
}
