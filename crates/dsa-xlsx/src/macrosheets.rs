//! Excel 4 macro sheets (`xl/macrosheets/`, relationship type `xlMacrosheet`): calamine
//! refuses a whole .xlsm that has one ("Unrecognized sheet:type"), so a register saved
//! beside an old XLM macro could not be read at all. A macro sheet has the same cell
//! grid as a worksheet; its relationship is relabelled as one, so calamine reads every
//! sheet — the macro sheet's cells included, nothing dropped — and the register's sheets
//! are found as in any workbook.

use std::io::{Cursor, Read, Write};

const WORKBOOK_RELS: &str = "xl/_rels/workbook.xml.rels";
const MACROSHEET_TYPE: &str = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet";
const WORKSHEET_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

/// The package with its macro sheets relabelled as worksheets, when it has any; None
/// when it has none (or is not a package this can read: calamine then says why).
pub(crate) fn as_worksheets(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut rels = String::new();
    zip.by_name(WORKBOOK_RELS)
        .ok()?
        .read_to_string(&mut rels)
        .ok()?;
    if !rels.contains(MACROSHEET_TYPE) {
        return None;
    }
    let rels = rels.replace(MACROSHEET_TYPE, WORKSHEET_TYPE);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let name = entry.name().ok()?.to_string();
        if entry.is_dir() {
            continue;
        }
        out.start_file(name.as_str(), options).ok()?;
        if name == WORKBOOK_RELS {
            out.write_all(rels.as_bytes()).ok()?;
        } else {
            std::io::copy(&mut entry, &mut out).ok()?;
        }
    }
    out.finish().ok().map(Cursor::into_inner)
}
