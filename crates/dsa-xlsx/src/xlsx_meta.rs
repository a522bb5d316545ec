//! What calamine does not surface for .xlsx/.xlsm: the 1904 date system flag and which
//! rows and columns are hidden. Read straight from the package with quick-xml; for
//! other formats nothing is reported (and nothing is lost: hidden cells are read anyway).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// Hidden rows and columns of one sheet, 1-based.
#[derive(Debug, Default, Clone)]
pub struct Hidden {
    /// Hidden row numbers.
    pub rows: BTreeSet<u32>,
    /// Hidden column numbers.
    pub cols: BTreeSet<u32>,
}

/// Workbook facts read from the package.
#[derive(Debug, Default, Clone)]
pub struct XlsxMeta {
    /// Whether dates count from 1904 (Mac Excel) rather than 1900.
    pub date1904: bool,
    /// Hidden rows and columns by sheet name.
    pub hidden: BTreeMap<String, Hidden>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let local = key.rsplit(':').next().unwrap_or(key);
        (local == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn truthy(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true" | "on"))
}

/// Largest sheet part scanned for hidden rows (beyond it, hidden rows are not reported).
const MAX_SCAN: u64 = 256 * 1024 * 1024;

fn read(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.take(MAX_SCAN).read_to_string(&mut s).ok()?;
    Some(s)
}

/// Reads the 1904 flag and hidden rows/columns; `None` when the bytes are not an
/// OOXML spreadsheet package.
pub fn read_meta(bytes: &[u8]) -> Option<XlsxMeta> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let workbook = read(&mut zip, "xl/workbook.xml")?;
    let rels = read(&mut zip, "xl/_rels/workbook.xml.rels").unwrap_or_default();
    let mut meta = XlsxMeta::default();
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&workbook);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "workbookPr" => meta.date1904 = truthy(attr(&e, "date1904")),
                "sheet" => {
                    if let (Some(n), Some(id)) = (attr(&e, "name"), attr(&e, "id")) {
                        sheets.push((n, id));
                    }
                }
                _ => {}
            },
            Event::Eof | Event::DocType(_) => break,
            _ => {}
        }
    }
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(&rels);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let t = t.trim_start_matches('/');
                    let t = if t.starts_with("xl/") {
                        t.to_string()
                    } else {
                        format!("xl/{t}")
                    };
                    targets.insert(id, t);
                }
            }
            Event::Eof | Event::DocType(_) => break,
            _ => {}
        }
    }
    for (name, id) in sheets {
        let Some(part) = targets.get(&id) else {
            continue;
        };
        let Some(xml) = read(&mut zip, part) else {
            continue;
        };
        let mut hidden = Hidden::default();
        let mut reader = quick_xml::Reader::from_str(&xml);
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "row" if truthy(attr(&e, "hidden")) => {
                        if let Some(r) = attr(&e, "r").and_then(|r| r.parse().ok()) {
                            hidden.rows.insert(r);
                        }
                    }
                    "col" if truthy(attr(&e, "hidden")) => {
                        let min: u32 = attr(&e, "min").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let max: u32 = attr(&e, "max").and_then(|v| v.parse().ok()).unwrap_or(min);
                        // Whole-sheet "hidden beyond" ranges run to column 16384: cap them.
                        for c in min..=max.min(min.saturating_add(256)) {
                            hidden.cols.insert(c);
                        }
                    }
                    _ => {}
                },
                Event::Eof | Event::DocType(_) => break,
                _ => {}
            }
        }
        meta.hidden.insert(name, hidden);
    }
    Some(meta)
}
