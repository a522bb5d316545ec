//! The OOXML package: recognising what the bytes are, finding the main document part
//! through the package relationships, and reading parts with a cap on inflated size.

use std::io::{Cursor, Read};

use crate::error::DocxError;
use crate::parse::attr;

/// What a package may make the reader do: the one limits type of every reader
/// (`max_part_bytes`, `max_depth`, `max_text_chars` apply here).
pub use dsa_model::Limits;

/// An opened .docx package.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Name of the main document part, e.g. "word/document.xml".
    pub main_part: String,
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether a Compound File Binary holds an encrypted OOXML package: such files have
/// "EncryptionInfo" and "EncryptedPackage" streams, whose names the CFB directory
/// stores in UTF-16LE.
fn cfb_is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

impl<'a> Package<'a> {
    /// Opens a package, telling apart the common ways a file is not a .docx.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, DocxError> {
        if bytes.is_empty() {
            return Err(DocxError::Empty);
        }
        if bytes.starts_with(OLE2_MAGIC) {
            return Err(if cfb_is_encrypted_ooxml(bytes) {
                DocxError::Encrypted
            } else {
                DocxError::LegacyDoc
            });
        }
        if !bytes.starts_with(b"PK") {
            let what = if bytes.starts_with(b"{\\rtf") {
                "an RTF document"
            } else if bytes.starts_with(b"%PDF") {
                "a PDF"
            } else {
                "not a zip package"
            };
            return Err(DocxError::NotDocx(what.to_string()));
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| DocxError::CorruptZip(e.to_string()))?;
        // The zip crate keeps one of several same-named entries; refuse rather than guess.
        if let Err(dsa_zipguard::Guard::Duplicate { name, count }) =
            dsa_zipguard::check_duplicates(bytes)
        {
            return Err(DocxError::DuplicateEntry { name, count });
        }
        let mut pkg = Package {
            zip,
            limits,
            main_part: String::new(),
        };
        pkg.main_part = pkg.find_main_part()?;
        Ok(pkg)
    }

    /// Whether a part exists.
    pub fn has_part(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Reads a part as UTF-8 text, refusing to inflate more than the limit.
    pub fn read_part(&mut self, name: &str) -> Result<String, DocxError> {
        let limit = self.limits.max_part_bytes;
        let file = self
            .zip
            .by_name(name)
            .map_err(|e| DocxError::CorruptZip(format!("{name}: {e}")))?;
        if file.size() > limit {
            return Err(DocxError::PartTooLarge {
                part: name.to_string(),
                limit,
            });
        }
        // The declared size is only a hint (the read below is what is bounded).
        let mut buf = Vec::with_capacity(file.size().min(limit) as usize + 1);
        file.take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| DocxError::CorruptZip(format!("{name}: {e}")))?;
        if buf.len() as u64 > limit {
            return Err(DocxError::PartTooLarge {
                part: name.to_string(),
                limit,
            });
        }
        decode_xml_text(name, buf)
    }

    /// A part as stored in the zip (still compressed), prefixed with its compression
    /// method and inflated size: two parts with equal stored forms inflate alike, so
    /// this identifies a part without inflating it. None when absent or over the limit.
    pub fn stored_form(&mut self, name: &str) -> Option<Vec<u8>> {
        let index = self.zip.index_for_name(name)?;
        let file = self.zip.by_index_raw(index).ok()?;
        let limit = self.limits.max_part_bytes;
        if file.compressed_size() > limit {
            return None;
        }
        let mut form = format!(
            "{:?} {} {}\n",
            file.compression(),
            file.size(),
            file.crc32()
        )
        .into_bytes();
        form.reserve(file.compressed_size() as usize);
        file.take(limit).read_to_end(&mut form).ok()?;
        Some(form)
    }

    /// Reads a part if present.
    pub fn read_optional(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        if self.has_part(name) {
            self.read_part(name).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The main document part: the target of the package's officeDocument
    /// relationship, else the part whose content type is the main document type.
    fn find_main_part(&mut self) -> Result<String, DocxError> {
        if let Some(rels) = self.read_optional("_rels/.rels")? {
            for rel in relationships(&rels) {
                if rel.kind.ends_with("/officeDocument") {
                    let target = rel.target.trim_start_matches('/').to_string();
                    if self.has_part(&target) {
                        return Ok(target);
                    }
                }
            }
        }
        if let Some(ct) = self.read_optional("[Content_Types].xml")? {
            for (part, content_type) in overrides(&ct) {
                if content_type.contains("wordprocessingml.document.main")
                    || content_type.contains("wordprocessingml.template.main")
                    || content_type.contains("ms-word.document.macroEnabled.main")
                {
                    let part = part.trim_start_matches('/').to_string();
                    if self.has_part(&part) {
                        return Ok(part);
                    }
                }
            }
        }
        Err(DocxError::MissingMainPart)
    }

    /// The relationships of a part (e.g. headers and footers of the main part).
    pub fn part_relationships(&mut self, part: &str) -> Result<Vec<Relationship>, DocxError> {
        let (dir, file) = match part.rsplit_once('/') {
            Some((d, f)) => (format!("{d}/"), f),
            None => (String::new(), part),
        };
        let rels_name = format!("{dir}_rels/{file}.rels");
        let Some(text) = self.read_optional(&rels_name)? else {
            return Ok(Vec::new());
        };
        Ok(relationships(&text)
            .into_iter()
            .map(|mut r| {
                if !r.target.starts_with('/') && !r.external {
                    r.target = normalise_path(&format!("{dir}{}", r.target));
                } else {
                    r.target = r.target.trim_start_matches('/').to_string();
                }
                r
            })
            .collect())
    }
}

/// Decodes a part's bytes (UTF-8 with or without BOM; UTF-16 with BOM).
fn decode_xml_text(name: &str, buf: Vec<u8>) -> Result<String, DocxError> {
    let text = decode_text(name, buf)?;
    // <?xml version="1.1"?>: refused, not read as 1.0 (the two disagree on control characters).
    if let Some(decl) = text
        .strip_prefix("<?xml")
        .and_then(|r| r.split("?>").next())
    {
        if let Some(v) = decl.split("version=").nth(1) {
            let v = v.trim_start_matches(['"', '\'']);
            let version: String = v
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if version != "1.0" {
                return Err(DocxError::XmlVersion {
                    part: name.to_string(),
                    version,
                });
            }
        }
    }
    Ok(text)
}

fn decode_text(name: &str, buf: Vec<u8>) -> Result<String, DocxError> {
    if buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]) {
        let le = buf[0] == 0xFF;
        let units: Vec<u16> = buf[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return String::from_utf16(&units).map_err(|_| DocxError::BadEncoding(name.to_string()));
    }
    let buf = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        buf[3..].to_vec()
    } else {
        buf
    };
    String::from_utf8(buf).map_err(|_| DocxError::BadEncoding(name.to_string()))
}

/// Resolves "." and ".." in a part path.
fn normalise_path(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

/// One package relationship.
#[derive(Debug, Clone)]
pub struct Relationship {
    /// Relationship type URI.
    pub kind: String,
    /// Target part (resolved for internal targets).
    pub target: String,
    /// Whether the target is outside the package.
    pub external: bool,
}

/// Relationship elements of a .rels part. Malformed parts yield what was read so far.
fn relationships(xml: &str) -> Vec<Relationship> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().as_ref() == "Relationship" =>
            {
                out.push(Relationship {
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                    external: attr(&e, "TargetMode").as_deref() == Some("External"),
                });
            }
            quick_xml::events::Event::Eof | quick_xml::events::Event::DocType(_) => break,
            _ => {}
        }
    }
    out
}

/// (part name, content type) of the `Override` entries of [Content_Types].xml.
fn overrides(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().as_ref() == "Override" =>
            {
                if let (Some(p), Some(c)) = (attr(&e, "PartName"), attr(&e, "ContentType")) {
                    out.push((p, c));
                }
            }
            quick_xml::events::Event::Eof | quick_xml::events::Event::DocType(_) => break,
            _ => {}
        }
    }
    out
}
