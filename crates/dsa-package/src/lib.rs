//! Gateway upload packages: one zip per agreement holding `agreement.xml`,
//! `agreement.json`, the original source file(s), `validation.json`, `import-notes.json`
//! (what the importers found uncertain or missing, for the person checking the migration)
//! and `manifest.json` (format and tool versions, sha256 of every entry and of each source).
//!
//! Packages are deterministic: entries in name order, a fixed timestamp, fixed
//! permissions and compression, so the same inputs give byte-identical zips. The
//! package takes the agreement already rendered (JSON and XML) so it depends only on
//! the model.

use std::io::{Cursor, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Why a package could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The zip writer failed.
    #[error("[E-PKG-001] could not write the package: {0}")]
    Zip(String),
    /// Two entries would have the same name.
    #[error("[E-PKG-002] two package entries are named {0:?}")]
    Duplicate(String),
}

/// One source file the agreement came from, with its sha256 taken once: a caller
/// checking the bytes against an earlier digest and the manifest share it.
#[derive(Debug, Clone)]
pub struct Source {
    name: String,
    bytes: Vec<u8>,
    sha256: String,
}

impl Source {
    /// `name` is the name inside the package (`sources/<name>`), usually the path
    /// relative to the input tree.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Source {
        let sha256 = sha256_hex(&bytes);
        Source {
            name: name.into(),
            bytes,
            sha256,
        }
    }

    /// Name inside the package, after `sources/`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Lower-case hex sha256 of the bytes.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }
}

/// What goes into a package.
#[derive(Debug, Clone)]
pub struct Contents<'a> {
    /// `agreement.json`.
    pub json: &'a str,
    /// `agreement.xml`.
    pub xml: &'a str,
    /// `validation.json`.
    pub validation: &'a str,
    /// `import-notes.json`: what the importers found uncertain, missing or noteworthy.
    pub import_notes: &'a str,
    /// The source files.
    pub sources: &'a [Source],
    /// Version of the tool writing the package.
    pub tool_version: &'a str,
}

/// An entry of the manifest.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ManifestEntry {
    /// Name inside the package.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Lower-case hex sha256.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Manifest {
    /// Exchange format version of the agreement.
    pub format_version: &'static str,
    /// Tool version.
    pub tool_version: String,
    /// Every other entry, in name order.
    pub entries: Vec<ManifestEntry>,
    /// The source files, by name.
    pub sources: Vec<ManifestEntry>,
}

/// Lower-case hex sha256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// Builds the package zip.
pub fn build(c: &Contents<'_>) -> Result<Vec<u8>, PackageError> {
    // Entries borrow their bytes (the rendered agreement is a few hundred KB).
    // Each with its digest when already known (sources), else None until hashed below.
    let mut files: Vec<(String, &[u8], Option<&str>)> = vec![
        ("agreement.json".into(), c.json.as_bytes(), None),
        ("agreement.xml".into(), c.xml.as_bytes(), None),
        ("validation.json".into(), c.validation.as_bytes(), None),
        ("import-notes.json".into(), c.import_notes.as_bytes(), None),
    ];
    for s in c.sources {
        let name = format!("sources/{}", s.name.trim_start_matches('/'));
        files.push((name, &s.bytes[..], Some(&s.sha256)));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for w in files.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(PackageError::Duplicate(w[0].0.clone()));
        }
    }
    let entries: Vec<ManifestEntry> = files
        .iter()
        .map(|(n, b, digest)| ManifestEntry {
            name: n.clone(),
            size: b.len() as u64,
            sha256: digest.map_or_else(|| sha256_hex(b), str::to_string),
        })
        .collect();
    // Each source is also listed on its own (same name and digest as its entry).
    let sources = entries
        .iter()
        .filter(|e| e.name.starts_with("sources/"))
        .cloned()
        .collect();
    let manifest = Manifest {
        format_version: dsa_model::FORMAT_VERSION,
        tool_version: c.tool_version.to_string(),
        entries,
        sources,
    };
    let mut manifest_json =
        serde_json::to_string_pretty(&manifest).map_err(|e| PackageError::Zip(e.to_string()))?;
    manifest_json.push('\n');
    files.push(("manifest.json".into(), manifest_json.as_bytes(), None));
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let total: usize = files.iter().map(|(_, b, _)| b.len()).sum();
    let mut out = Cursor::new(Vec::with_capacity(total / 3));
    {
        let mut z = zip::ZipWriter::new(&mut out);
        // Fixed timestamp and permissions: the same inputs give the same bytes. Sources
        // are stored as they are (.docx/.xlsx are zips already: deflating them again costs
        // time and saves nothing); the rendered agreement deflates fast at level 1.
        let base = zip::write::SimpleFileOptions::default()
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let stored = base.compression_method(zip::CompressionMethod::Stored);
        let deflated = base
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        for (name, bytes, _) in &files {
            // Small entries (validation, manifest) are stored too: each deflate stream
            // allocates and zeroes its window and hash tables, which costs more than a few
            // kilobytes save.
            let options = if name.starts_with("sources/") || bytes.len() < 16 * 1024 {
                stored
            } else {
                deflated
            };
            z.start_file(name.as_str(), options)
                .map_err(|e| PackageError::Zip(e.to_string()))?;
            z.write_all(bytes)
                .map_err(|e| PackageError::Zip(e.to_string()))?;
        }
        z.finish().map_err(|e| PackageError::Zip(e.to_string()))?;
    }
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn contents(sources: &[Source]) -> Vec<u8> {
        build(&Contents {
            json: "{}\n",
            xml: "<agreement/>\n",
            validation: "[]\n",
            import_notes: "[]\n",
            sources,
            tool_version: "0.1.0",
        })
        .unwrap()
    }

    #[test]
    fn packages_are_byte_identical_and_complete() {
        let src = vec![Source::new("camden/mash.docx", b"PK fake".to_vec())];
        let a = contents(&src);
        let b = contents(&src);
        assert_eq!(a, b);
        let mut z = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
        let names: Vec<String> = (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(
            names,
            [
                "agreement.json",
                "agreement.xml",
                "import-notes.json",
                "manifest.json",
                "sources/camden/mash.docx",
                "validation.json"
            ]
        );
        let mut m = String::new();
        z.by_name("manifest.json")
            .unwrap()
            .read_to_string(&mut m)
            .unwrap();
        let m: serde_json::Value = serde_json::from_str(&m).unwrap();
        assert_eq!(m["sources"][0]["sha256"], sha256_hex(b"PK fake"));
        assert_eq!(m["entries"].as_array().unwrap().len(), 5);
    }

    #[test]
    fn duplicate_source_names_are_refused() {
        let s = Source::new("a.docx", vec![1]);
        let r = build(&Contents {
            json: "",
            xml: "",
            validation: "",
            import_notes: "",
            sources: &[s.clone(), s],
            tool_version: "0",
        });
        assert_eq!(
            r.unwrap_err().to_string(),
            "[E-PKG-002] two package entries are named \"sources/a.docx\""
        );
    }
}
