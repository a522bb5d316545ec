//! Gateway upload packages: one zip per agreement holding `agreement.json` (and, when
//! asked, `agreement.xml`), the original source file(s), `validation.json`, `import-notes.json`
//! (what the importers found uncertain or missing, for the person checking the migration)
//! and `manifest.json` (format and tool versions, sha256 of every entry and of each source).
//!
//! A register row's package does not copy the register (a 100,000-row workbook would be
//! written 100,000 times): it holds the row itself (`register-row.json`: sheet, row, each
//! header with its cell's text) and refers to the register by name, size and sha256, stored
//! once per run beside the packages (`manifest.json` `references`).
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
    /// A package could not be read back: not a zip, no such entry, or an entry larger
    /// than the reader allows.
    #[error("[E-PKG-003] could not read {entry:?} from the package: {reason}")]
    Read {
        /// The entry asked for.
        entry: String,
        /// What went wrong.
        reason: String,
    },
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

/// A source file not copied into the package but stored once beside the packages.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceRef {
    /// Its name (the path relative to the input tree).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Lower-case hex sha256.
    pub sha256: String,
    /// Where it is stored, relative to the folder holding `packages/` (e.g.
    /// `sources/<sha256>.xlsx`).
    pub stored_at: String,
}

/// One cell of a register row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowCell {
    /// Column letter.
    pub column: String,
    /// The column's header.
    pub header: String,
    /// The cell's text.
    pub text: String,
}

/// The register row an agreement came from (`register-row.json`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RegisterRow {
    /// The register, stored once beside the packages. `register-row.json` names it by
    /// name and sha256; its size and where it is stored are in the manifest's
    /// `references`, once.
    #[serde(serialize_with = "name_and_digest")]
    pub register: SourceRef,
    /// Sheet name.
    pub sheet: String,
    /// 1-based row number.
    pub row: u32,
    /// The row's non-empty cells, in column order.
    pub cells: Vec<RowCell>,
}

/// Writes a reference as its name and sha256 only.
fn name_and_digest<S: serde::Serializer>(r: &SourceRef, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("SourceRef", 2)?;
    st.serialize_field("name", &r.name)?;
    st.serialize_field("sha256", &r.sha256)?;
    st.end()
}

/// What goes into a package.
#[derive(Debug, Clone)]
pub struct Contents<'a> {
    /// `agreement.json`.
    pub json: &'a str,
    /// `agreement.xml`, when the caller wants the XML syntax in the package too.
    pub xml: Option<&'a str>,
    /// `validation.json`.
    pub validation: &'a str,
    /// `import-notes.json`: what the importers found uncertain, missing or noteworthy.
    pub import_notes: &'a str,
    /// The source files copied in.
    pub sources: &'a [Source],
    /// The register row the agreement came from, if any (its register is referenced).
    pub register_row: Option<&'a RegisterRow>,
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
    /// The source files copied in, by name.
    pub sources: Vec<ManifestEntry>,
    /// Source files referred to, stored once beside the packages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<SourceRef>,
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
    build_with_manifest(c).map(|(zip, _)| zip)
}

/// Builds the package zip, and gives its manifest too: a caller recording what it
/// packaged (the digest of `agreement.json`, say) need not hash it again.
pub fn build_with_manifest(c: &Contents<'_>) -> Result<(Vec<u8>, Manifest), PackageError> {
    // Entries borrow their bytes (the rendered agreement is a few hundred KB).
    // Each with its digest when already known (sources), else None until hashed below.
    let mut files: Vec<(String, &[u8], Option<&str>)> = vec![
        ("agreement.json".into(), c.json.as_bytes(), None),
        ("validation.json".into(), c.validation.as_bytes(), None),
        ("import-notes.json".into(), c.import_notes.as_bytes(), None),
    ];
    if let Some(xml) = c.xml {
        files.push(("agreement.xml".into(), xml.as_bytes(), None));
    }
    for s in c.sources {
        let name = format!("sources/{}", s.name.trim_start_matches('/'));
        files.push((name, &s.bytes[..], Some(&s.sha256)));
    }
    let row_json = match c.register_row {
        Some(r) => {
            // Compact, like the manifest: files for machines (a row is one line), and in a
            // register of 100,000 rows the indentation would be a tenth of the package.
            let mut j = serde_json::to_string(r).map_err(|e| PackageError::Zip(e.to_string()))?;
            j.push('\n');
            Some(j)
        }
        None => None,
    };
    if let Some(j) = &row_json {
        files.push(("register-row.json".into(), j.as_bytes(), None));
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
        references: c
            .register_row
            .map(|r| r.register.clone())
            .into_iter()
            .collect(),
    };
    let mut manifest_json =
        serde_json::to_string(&manifest).map_err(|e| PackageError::Zip(e.to_string()))?;
    manifest_json.push('\n');
    files.push(("manifest.json".into(), manifest_json.as_bytes(), None));
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let total: usize = files.iter().map(|(_, b, _)| b.len()).sum();
    let mut out = Cursor::new(Vec::with_capacity(total / 3));
    {
        let mut z = zip::ZipWriter::new(&mut out);
        // Fixed timestamp and permissions: the same inputs give the same bytes. Sources
        // are stored as they are (.docx/.xlsx are zips already: deflating them again costs
        // time and saves nothing). Everything else is deflated, so a package grows with
        // what it says: a register row's agreement, row and manifest deflate to a third.
        // A large entry (a document's agreement, a few hundred KB of provenance) at level
        // 1, zlib-rs's fastest; a small one at the default level, which costs no more on
        // a few kilobytes; a tiny one ("[]") is stored, deflate would only add bytes.
        let base = zip::write::SimpleFileOptions::default()
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let stored = base.compression_method(zip::CompressionMethod::Stored);
        let deflated = |level| {
            base.compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(level))
        };
        for (name, bytes, _) in &files {
            let options = match bytes.len() {
                _ if name.starts_with("sources/") => stored,
                0..=63 => stored,
                64..=16383 => deflated(6),
                _ => deflated(1),
            };
            z.start_file(name.as_str(), options)
                .map_err(|e| PackageError::Zip(e.to_string()))?;
            z.write_all(bytes)
                .map_err(|e| PackageError::Zip(e.to_string()))?;
        }
        z.finish().map_err(|e| PackageError::Zip(e.to_string()))?;
    }
    Ok((out.into_inner(), manifest))
}

/// Reads one entry of a package back, refusing one that inflates past `most` bytes (a
/// package is this tool's output, but whatever sits on disk is read as untrusted).
pub fn read_entry(zip: &[u8], name: &str, most: u64) -> Result<Vec<u8>, PackageError> {
    use std::io::Read;
    let err = |reason: String| PackageError::Read {
        entry: name.to_string(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).map_err(|e| err(e.to_string()))?;
    let entry = archive.by_name(name).map_err(|e| err(e.to_string()))?;
    let mut bytes = Vec::with_capacity(entry.size().min(most) as usize);
    entry
        .take(most + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(e.to_string()))?;
    if bytes.len() as u64 > most {
        return Err(err(format!("larger than {most} bytes")));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn contents(sources: &[Source]) -> Vec<u8> {
        build(&Contents {
            json: "{}\n",
            xml: Some("<agreement/>\n"),
            validation: "[]\n",
            import_notes: "[]\n",
            sources,
            register_row: None,
            tool_version: "0.1.0",
        })
        .unwrap()
    }

    #[test]
    fn a_register_row_is_carried_and_its_register_referred_to() {
        let row = RegisterRow {
            register: SourceRef {
                name: "camden/register.xlsx".into(),
                size: 2_800_000,
                sha256: "ab".repeat(32),
                stored_at: format!("sources/{}.xlsx", "ab".repeat(32)),
            },
            sheet: "Agreements".into(),
            row: 7,
            cells: vec![RowCell {
                column: "A".into(),
                header: "DSA title".into(),
                text: "MASH".into(),
            }],
        };
        let (zip, manifest) = build_with_manifest(&Contents {
            json: "{}\n",
            xml: None,
            validation: "[]\n",
            import_notes: "[]\n",
            sources: &[],
            register_row: Some(&row),
            tool_version: "0.1.0",
        })
        .unwrap();
        assert!(
            zip.len() < 4096,
            "{} bytes: the register is not copied",
            zip.len()
        );
        assert_eq!(manifest.references, std::slice::from_ref(&row.register));
        assert!(manifest.sources.is_empty());
        let entry = read_entry(&zip, "register-row.json", 1 << 20).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&entry).unwrap();
        assert_eq!(v["row"], 7);
        assert_eq!(v["cells"][0]["header"], "DSA title");
        assert_eq!(v["register"]["sha256"], "ab".repeat(32));
        assert!(
            v["register"].get("stored_at").is_none(),
            "once, in the manifest"
        );
        let m: serde_json::Value =
            serde_json::from_slice(&read_entry(&zip, "manifest.json", 1 << 20).unwrap()).unwrap();
        assert_eq!(m["references"][0]["name"], "camden/register.xlsx");
        // Without XML asked for, there is none.
        assert!(read_entry(&zip, "agreement.xml", 1 << 20).is_err());
        assert!(!manifest.entries.iter().any(|e| e.name == "agreement.xml"));
    }

    #[test]
    fn entries_other_than_sources_are_deflated() {
        let json = format!(
            "{{\n  \"title\": \"{}\"\n}}\n",
            "Data sharing agreement ".repeat(40)
        );
        let src = vec![Source::new("camden/mash.docx", vec![b'x'; 4000])];
        let zip = build(&Contents {
            json: &json,
            xml: None,
            validation: "[]\n",
            import_notes: "[]\n",
            sources: &src,
            register_row: None,
            tool_version: "0.1.0",
        })
        .unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(&zip)).unwrap();
        let method = |z: &mut zip::ZipArchive<Cursor<&Vec<u8>>>, n: &str| {
            z.by_name(n).unwrap().compression()
        };
        assert_eq!(
            method(&mut z, "agreement.json"),
            zip::CompressionMethod::Deflated
        );
        assert_eq!(
            method(&mut z, "manifest.json"),
            zip::CompressionMethod::Deflated
        );
        assert_eq!(
            method(&mut z, "sources/camden/mash.docx"),
            zip::CompressionMethod::Stored
        );
        assert_eq!(
            method(&mut z, "validation.json"),
            zip::CompressionMethod::Stored
        );
        assert_eq!(
            read_entry(&zip, "agreement.json", 1 << 20).unwrap(),
            json.as_bytes()
        );
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
            xml: None,
            validation: "",
            import_notes: "",
            sources: &[s.clone(), s],
            register_row: None,
            tool_version: "0",
        });
        assert_eq!(
            r.unwrap_err().to_string(),
            "[E-PKG-002] two package entries are named \"sources/a.docx\""
        );
    }

    #[test]
    fn an_entry_reads_back_as_its_manifest_lists_it_and_limits_hold() {
        let json = format!("{{\"text\": \"{}\"}}\n", "x".repeat(40_000));
        let (zip, manifest) = build_with_manifest(&Contents {
            json: &json,
            xml: Some("<agreement/>\n"),
            validation: "[]\n",
            import_notes: "[]\n",
            sources: &[],
            register_row: None,
            tool_version: "0.1.0",
        })
        .unwrap();
        // Deflated (over 16 KB) and read back whole, with the digest the manifest gives.
        let back = read_entry(&zip, "agreement.json", 1 << 20).unwrap();
        assert_eq!(back, json.as_bytes());
        let listed = manifest.entries.iter().find(|e| e.name == "agreement.json");
        assert_eq!(listed.unwrap().sha256, sha256_hex(&back));
        let too_big = read_entry(&zip, "agreement.json", 1000).unwrap_err();
        assert!(too_big.to_string().starts_with("[E-PKG-003]"), "{too_big}");
        assert!(read_entry(&zip, "nothing.json", 1 << 20).is_err());
        assert!(read_entry(b"not a zip", "agreement.json", 1 << 20).is_err());
    }
}
