//! The JSON exchange format's writer. Reading is the model's own serde form
//! (`dsa_model::json::from_str`, with the format-version check and `E-JSON-*` codes);
//! writing is here, a writer like the XML one: [`to_string`] gives exactly what
//! `serde_json::to_string_pretty` gives, plus a trailing newline, by a serializer of its
//! own (`pretty`) that copies clean runs of text eight bytes at a time.

use dsa_model::json::JsonError;
use dsa_model::Agreement;

mod pretty;

/// Writes an agreement as pretty-printed JSON with a trailing newline.
pub fn to_string(a: &Agreement) -> Result<String, JsonError> {
    let invalid = |message: String| JsonError::Invalid {
        path: String::new(),
        message,
    };
    // Agreements with provenance run to a few hundred KB: start large, grow rarely.
    let mut buf = pretty::to_vec(a, 128 * 1024).map_err(|e| invalid(e.to_string()))?;
    buf.push(b'\n');
    // Written from &str values only, so UTF-8; the check is cheap next to the writing.
    String::from_utf8(buf).map_err(|e| invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_agreement_is_written_as_serde_json_writes_it() {
        let mut a =
            dsa_model::Agreement::new("Tab\there, \"quoted\", line\nbreak, é and \u{1F600}");
        a.reference = Some("REF/1".into());
        let ours = super::to_string(&a).unwrap();
        let theirs = serde_json::to_string_pretty(&a).unwrap() + "\n";
        assert_eq!(ours, theirs);
        assert_eq!(dsa_model::json::from_str(&ours).unwrap(), a);
    }
}
