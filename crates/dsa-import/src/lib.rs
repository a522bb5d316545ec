//! The reader contract. Its first half: what a file is. Every command that reads an agreement
//! or a register, and `dsa migrate`'s walk, ask [`Format::detect`] — one place decides what
//! is read and how, so a `.docm` or a renamed file is treated alike everywhere.
//!
//! Content decides where it is conclusive (a zip's parts, a compound file's streams, the
//! first byte of text); the name decides the rest. A file we do not read gets a
//! [`NotRead`] with a stable code and what to do about it.
//!
//! Its second half: what reading gives. Every reader is a [`Reader`] handing
//! [`Found`] agreements (with typed `dsa_model::Diagnostic`s and their [`Origin`]) to one
//! sink, held to one `dsa_model::Limits`; [`Readers`] picks the reader for a [`Format`].

use thiserror::Error;

mod read;
pub use read::{
    DocxReader, Found, Input, JsonReader, Origin, PackageReader, ReadError, Reader, Readers,
    RegisterReader, Summary, XmlReader,
};

/// A kind of input the toolkit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A Word document (.docx, .docm, .dotx, .dotm): one agreement.
    Docx,
    /// An Office Open XML workbook (.xlsx, .xlsm, .xltx, .xltm): a register.
    Xlsx,
    /// An Excel 97-2003 workbook (.xls): a register.
    Xls,
    /// An OpenDocument spreadsheet (.ods): a register.
    Ods,
    /// Comma-, semicolon- or tab-separated text (.csv, .tsv): a register.
    Csv,
    /// A canonical agreement in JSON.
    Json,
    /// A canonical agreement in XML.
    Xml,
    /// An upload package written by `dsa migrate` (a zip holding agreement.json).
    Package,
}

impl Format {
    /// Whether the format holds a register (one agreement per row) rather than one agreement.
    pub fn is_register(self) -> bool {
        matches!(self, Format::Xlsx | Format::Xls | Format::Ods | Format::Csv)
    }

    /// The name people know the format by, for messages and reports.
    pub fn label(self) -> &'static str {
        match self {
            Format::Docx => "Word document",
            Format::Xlsx => "Excel workbook",
            Format::Xls => "Excel 97-2003 workbook",
            Format::Ods => "OpenDocument spreadsheet",
            Format::Csv => "CSV register",
            Format::Json => "JSON agreement",
            Format::Xml => "XML agreement",
            Format::Package => "upload package",
        }
    }

    /// What the file is, from its name and its bytes (all of them, or at least the start
    /// for text; a zip's parts are read from its central directory at the end).
    pub fn detect(name: &str, bytes: &[u8]) -> Result<Format, NotRead> {
        let by_name = Format::from_name(name);
        if by_name.as_ref().is_err_and(NotRead::is_skip) {
            return by_name;
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return zip_kind(bytes).unwrap_or(by_name);
        }
        if bytes.starts_with(OLE2_MAGIC) {
            return compound_kind(bytes, by_name);
        }
        if bytes.starts_with(b"%PDF") {
            return Err(NotRead::Pdf);
        }
        if bytes.starts_with(b"{\\rtf") {
            return Err(NotRead::Rtf);
        }
        if bytes.is_empty() {
            // Empty: the reader the name points to says so with its own code.
            return by_name;
        }
        match (by_name, first_text_byte(bytes)) {
            // A register saved as text under a workbook's name is read as CSV.
            (Ok(f), Some(_)) if f.is_register() && f != Format::Csv && is_text(bytes) => {
                Ok(Format::Csv)
            }
            (Ok(f), _) => Ok(f),
            (Err(NotRead::Unknown(ext)), Some(b'{')) if ext.is_empty() => Ok(Format::Json),
            (Err(NotRead::Unknown(ext)), Some(b'<')) if ext.is_empty() => Ok(Format::Xml),
            (Err(e), _) => Err(e),
        }
    }

    /// What the name alone says (for planning before a file is read; [`Format::detect`]
    /// has the last word).
    pub fn from_name(name: &str) -> Result<Format, NotRead> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        if base.starts_with("~$") {
            return Err(NotRead::LockFile);
        }
        if base.ends_with(".profile.toml") {
            return Err(NotRead::Profile);
        }
        if base.starts_with('.') {
            return Err(NotRead::Hidden);
        }
        let ext = base
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "docx" | "docm" | "dotx" | "dotm" => Ok(Format::Docx),
            "xlsx" | "xlsm" | "xltx" | "xltm" => Ok(Format::Xlsx),
            "xls" => Ok(Format::Xls),
            "ods" => Ok(Format::Ods),
            "csv" | "tsv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "xml" => Ok(Format::Xml),
            "zip" => Ok(Format::Package),
            "xlsb" => Err(NotRead::Xlsb),
            "doc" | "dot" => Err(NotRead::WordBinary),
            "pdf" => Err(NotRead::Pdf),
            "odt" | "ott" => Err(NotRead::OdfText),
            "rtf" => Err(NotRead::Rtf),
            "png" | "jpg" | "jpeg" | "gif" | "tif" | "tiff" | "bmp" => Err(NotRead::Image),
            "msg" | "eml" => Err(NotRead::Email),
            _ => Err(NotRead::Unknown(ext)),
        }
    }
}

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a file is not read. Skips (`is_skip`) are files that were never agreements; the rest
/// are unsupported, with what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NotRead {
    /// An Office lock file, left when a document was open as it was copied.
    #[error("[E-FMT-001] Office lock file (~$…): the document was open when copied")]
    LockFile,
    /// A hidden file (name starting with a dot).
    #[error("[E-FMT-002] hidden file")]
    Hidden,
    /// A register profile, read with the register beside it.
    #[error("[E-FMT-003] register profile: used for the register beside it")]
    Profile,
    /// Word 97-2003 binary.
    #[error("[E-FMT-004] Word 97-2003 .doc: open it in Word or LibreOffice and save as .docx")]
    WordBinary,
    /// Excel binary workbook.
    #[error("[E-FMT-005] Excel binary workbook (.xlsb): open it in Excel and save as .xlsx")]
    Xlsb,
    /// PDF.
    #[error("[E-FMT-006] PDF: no structured text to import; find the Word original")]
    Pdf,
    /// OpenDocument text.
    #[error("[E-FMT-007] OpenDocument text: save as .docx")]
    OdfText,
    /// RTF.
    #[error("[E-FMT-008] RTF: save as .docx")]
    Rtf,
    /// An image.
    #[error("[E-FMT-009] image: not an agreement document")]
    Image,
    /// An e-mail.
    #[error("[E-FMT-010] e-mail: save the attached agreement itself")]
    Email,
    /// A password-protected Office file whose kind the name does not say.
    #[error("[E-FMT-011] password-protected Office file: remove the password and save as .docx or .xlsx")]
    Encrypted,
    /// Anything else (the extension, lower case; empty when there is none).
    #[error("[E-FMT-012] unsupported file type{}", if .0.is_empty() { String::new() } else { format!(" .{}", .0) })]
    Unknown(String),
}

impl NotRead {
    /// Files that were never agreements: passed over quietly rather than reported as
    /// unsupported.
    pub fn is_skip(&self) -> bool {
        matches!(self, NotRead::LockFile | NotRead::Hidden | NotRead::Profile)
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            NotRead::LockFile => "E-FMT-001",
            NotRead::Hidden => "E-FMT-002",
            NotRead::Profile => "E-FMT-003",
            NotRead::WordBinary => "E-FMT-004",
            NotRead::Xlsb => "E-FMT-005",
            NotRead::Pdf => "E-FMT-006",
            NotRead::OdfText => "E-FMT-007",
            NotRead::Rtf => "E-FMT-008",
            NotRead::Image => "E-FMT-009",
            NotRead::Email => "E-FMT-010",
            NotRead::Encrypted => "E-FMT-011",
            NotRead::Unknown(_) => "E-FMT-012",
        }
    }
}

/// A zip's kind from its parts; `None` when the central directory is unreadable (the
/// reader the name points to then reports the damage).
fn zip_kind(bytes: &[u8]) -> Option<Result<Format, NotRead>> {
    let names = dsa_zipguard::entry_names(bytes).ok()?;
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("word/document.xml") || names.iter().any(|n| n.starts_with("word/")) {
        return Some(Ok(Format::Docx));
    }
    if has("xl/workbook.bin") {
        return Some(Err(NotRead::Xlsb));
    }
    if names.iter().any(|n| n.starts_with("xl/")) {
        return Some(Ok(Format::Xlsx));
    }
    if has("agreement.json") {
        return Some(Ok(Format::Package));
    }
    if has("mimetype") {
        let mime = odf_mimetype(bytes).unwrap_or_default();
        if mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
            return Some(Ok(Format::Ods));
        }
        if mime.starts_with(b"application/vnd.oasis.opendocument.text") {
            return Some(Err(NotRead::OdfText));
        }
    }
    if has("content.xml") {
        // An ODF package without its mimetype entry: the spreadsheet reader decides.
        return Some(Ok(Format::Ods));
    }
    None
}

/// The stored `mimetype` entry an ODF package begins with.
fn odf_mimetype(bytes: &[u8]) -> Option<&[u8]> {
    let u16_at = |i: usize| -> Option<usize> {
        Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?) as usize)
    };
    let name_len = u16_at(26)?;
    let extra = u16_at(28)?;
    if bytes.get(30..30 + name_len)? != b"mimetype" {
        return None;
    }
    let start = 30 + name_len + extra;
    bytes.get(start..(start + 80).min(bytes.len()))
}

/// A compound file (OLE2): Excel 97-2003, Word 97-2003, or an encrypted OOXML file, told
/// apart by the streams at its root (read with the cfb crate; a file it cannot open is
/// left to the reader the name points to, which reports the damage).
fn compound_kind(bytes: &[u8], by_name: Result<Format, NotRead>) -> Result<Format, NotRead> {
    // Encrypted OOXML is a compound file: the reader the name points to says
    // "password-protected" with its own code, and a .xls is the spreadsheet reader's.
    if let Ok(Format::Docx | Format::Xlsx | Format::Xls) = by_name {
        return by_name;
    }
    let streams = std::panic::catch_unwind(|| {
        cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map(|cf| {
            cf.read_root_storage()
                .map(|e| e.name().to_string())
                .collect::<Vec<_>>()
        })
    });
    let Ok(Ok(streams)) = streams else {
        return by_name;
    };
    let has = |n: &str| streams.iter().any(|s| s == n);
    if has("EncryptionInfo") || has("EncryptedPackage") {
        Err(NotRead::Encrypted)
    } else if has("Workbook") || has("Book") {
        Ok(Format::Xls)
    } else if has("WordDocument") {
        Err(NotRead::WordBinary)
    } else {
        by_name
    }
}

fn first_text_byte(bytes: &[u8]) -> Option<u8> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    text.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Text rather than binary: no NUL and no other control bytes but tab, CR, LF and form
/// feed in the first 4 KiB.
fn is_text(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .take(4096)
        .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\r' | b'\n' | 0x0C))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(names: &[&str]) -> Vec<u8> {
        // A minimal stored zip: local headers, central directory, end record.
        let mut out = Vec::new();
        let mut central = Vec::new();
        for n in names {
            let offset = out.len() as u32;
            let data: &[u8] = if *n == "mimetype" {
                b"application/vnd.oasis.opendocument.spreadsheet"
            } else {
                b""
            };
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(n.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(n.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(n.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(n.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn every_word_extension_is_a_document() {
        let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
        for name in [
            "a.docx",
            "a.DOCM",
            "t.dotx",
            "t.dotm",
            "no-extension",
            "odd.zip",
        ] {
            assert_eq!(Format::detect(name, &docx), Ok(Format::Docx), "{name}");
        }
        assert_eq!(Format::from_name("x/a.dotx"), Ok(Format::Docx));
    }

    #[test]
    fn workbooks_and_their_refusals() {
        let xlsx = zip_with(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(Format::detect("r.xlsm", &xlsx), Ok(Format::Xlsx));
        assert_eq!(Format::detect("r.docx", &xlsx), Ok(Format::Xlsx));
        let xlsb = zip_with(&["[Content_Types].xml", "xl/workbook.bin"]);
        assert_eq!(Format::detect("r.xlsb", &xlsb), Err(NotRead::Xlsb));
        assert_eq!(Format::from_name("r.xlsb"), Err(NotRead::Xlsb));
        let ods = zip_with(&["mimetype", "content.xml"]);
        assert_eq!(Format::detect("r.ods", &ods), Ok(Format::Ods));
        assert_eq!(Format::detect("r", &ods), Ok(Format::Ods));
    }

    #[test]
    fn packages_are_zips_with_an_agreement() {
        let pkg = zip_with(&["agreement.json", "agreement.xml", "manifest.json"]);
        assert_eq!(Format::detect("camden/x.zip", &pkg), Ok(Format::Package));
    }

    #[test]
    fn text_by_name_then_by_first_byte() {
        assert_eq!(Format::detect("a.json", b"{}"), Ok(Format::Json));
        assert_eq!(Format::detect("-", b"  {\"x\":1}"), Ok(Format::Json));
        assert_eq!(
            Format::detect("-", b"\xEF\xBB\xBF<agreement/>"),
            Ok(Format::Xml)
        );
        assert_eq!(
            Format::detect("reg.csv", b"Title,Reference\n"),
            Ok(Format::Csv)
        );
        // A CSV saved under a workbook's name is still a register.
        assert_eq!(
            Format::detect("reg.xlsx", b"Title,Reference\n"),
            Ok(Format::Csv)
        );
        assert_eq!(
            Format::detect("notes.txt", b"hello"),
            Err(NotRead::Unknown("txt".into()))
        );
    }

    #[test]
    fn refusals_say_what_to_do() {
        assert!(Format::detect("x/~$a.docx", b"junk").unwrap_err().is_skip());
        assert!(Format::from_name(".DS_Store").unwrap_err().is_skip());
        assert!(Format::detect("r.profile.toml", b"").unwrap_err().is_skip());
        let pdf = Format::detect("scan.docx", b"%PDF-1.7").unwrap_err();
        assert_eq!(pdf.code(), "E-FMT-006");
        assert!(pdf.to_string().contains("Word original"));
        let doc = Format::from_name("old.doc").unwrap_err();
        assert!(doc.to_string().contains("save as .docx") && !doc.is_skip());
        assert_eq!(
            Format::detect("x", b"").unwrap_err().to_string(),
            "[E-FMT-012] unsupported file type"
        );
    }

    #[test]
    fn compound_files_by_stream() {
        fn compound(stream: &str) -> Vec<u8> {
            let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
            // Document text that names another stream must not mislead.
            let mut s = cf.create_stream(format!("/{stream}")).unwrap();
            std::io::Write::write_all(
                &mut s,
                &"Book Workbook"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .collect::<Vec<_>>(),
            )
            .unwrap();
            drop(s);
            cf.into_inner().into_inner()
        }
        let xls = compound("Workbook");
        assert_eq!(Format::detect("r.xls", &xls), Ok(Format::Xls));
        assert_eq!(Format::detect("r", &xls), Ok(Format::Xls));
        let word = compound("WordDocument");
        assert_eq!(Format::detect("a.doc", &word), Err(NotRead::WordBinary));
        assert_eq!(Format::detect("a", &word), Err(NotRead::WordBinary));
        // A password-protected .docx is a compound file: the DOCX reader names it.
        assert_eq!(Format::detect("a.docx", &word), Ok(Format::Docx));
        let encrypted = compound("EncryptionInfo");
        assert_eq!(Format::detect("a", &encrypted), Err(NotRead::Encrypted));
        // Damaged: the name decides, and its reader reports the damage.
        assert_eq!(Format::detect("r.xls", OLE2_MAGIC), Ok(Format::Xls));
    }
}
