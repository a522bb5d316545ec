//! Resource limits for reading a register, checked before calamine sees the file:
//! calamine inflates whole parts and builds each sheet as a dense grid, so a small hostile
//! file (a deflate bomb, two cells at opposite corners of a sheet) could otherwise take
//! gigabytes. Every limit hit is an error naming the limit (never a silently partial import).

use quick_xml::events::Event;
use quick_xml::Reader;

/// Limits on what one register may make the reader do. All configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest inflated size of one part of an .xlsx/.xlsm/.ods (zip-bomb guard).
    pub max_part_bytes: u64,
    /// Largest inflated size of all parts together.
    pub max_total_bytes: u64,
    /// Most cells a sheet's used area may span (rows × columns, empty cells included:
    /// that is what a dense grid costs).
    pub max_cells: u64,
    /// Most data rows read per sheet.
    pub max_rows: usize,
    /// Most characters in one cell (so in any one field).
    pub max_cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part_bytes: 64 << 20,
            max_total_bytes: 256 << 20,
            max_cells: 5_000_000,
            max_rows: 1_048_576,
            max_cell_chars: 1_000_000,
        }
    }
}

/// Column number (1-based) and row number (1-based) of an A1 reference.
fn cell_ref(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].iter().fold(0u64, |c, b| {
        c * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u64
    });
    let row = std::str::from_utf8(&r[letters..]).ok()?.parse().ok()?;
    Some((col, row))
}

/// The used area (rows, columns) of a SpreadsheetML worksheet, from its cells' references.
pub fn xlsx_sheet_extent(xml: &[u8]) -> (u64, u64) {
    let mut reader = Reader::from_reader(xml);
    let (mut min_r, mut max_r, mut min_c, mut max_c) = (u64::MAX, 0u64, u64::MAX, 0u64);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "c" => {
                if let Some(a) = e.attributes().flatten().find(|a| a.key.as_ref() == "r") {
                    if let Some((c, r)) = cell_ref(a.value.as_bytes()) {
                        min_r = min_r.min(r);
                        max_r = max_r.max(r);
                        min_c = min_c.min(c);
                        max_c = max_c.max(c);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    if max_r == 0 {
        return (0, 0);
    }
    (max_r - min_r + 1, max_c - min_c + 1)
}

/// The used area (rows, columns) of the largest table in an ODS content.xml: repeated rows
/// and cells count as often as they repeat when they hold a value.
pub fn ods_extent(xml: &[u8]) -> (u64, u64) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut rows, mut cols) = (0u64, 0u64);
    let (mut best_rows, mut best_cols) = (0u64, 0u64);
    let mut row_repeat = 1u64;
    let mut col = 0u64;
    let mut row_last = 0u64;
    let num = |e: &quick_xml::events::BytesStart<'_>, name: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.parse::<u64>().ok())
    };
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                "table:table" => {
                    (rows, cols) = (0, 0);
                }
                "table:table-row" => {
                    row_repeat = num(&e, "table:number-rows-repeated").unwrap_or(1);
                    col = 0;
                    row_last = 0;
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = num(&e, "table:number-columns-repeated").unwrap_or(1);
                    col = col.saturating_add(n);
                    if e.attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == "office:value-type")
                    {
                        row_last = col;
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => {
                if row_last > 0 {
                    // A row with values: the used area reaches its last repetition.
                    rows = rows.saturating_add(row_repeat);
                    cols = cols.max(row_last);
                } else {
                    rows = rows.saturating_add(row_repeat).min(u64::MAX / 2);
                }
                if row_last > 0 {
                    best_rows = best_rows.max(rows);
                    best_cols = best_cols.max(cols);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    (best_rows, best_cols)
}

/// The largest used area (rows, columns) any sheet's DIMENSIONS record (0x0200) declares
/// in a BIFF workbook stream. Sheets are found as calamine finds them: BOUNDSHEET records
/// (0x0085) of the globals give each sheet's offset, and its records are walked from there.
/// DIMENSIONS: BIFF8 (14 or 16 bytes) first row u32, last row u32, first and last column
/// u16; BIFF5 (10 bytes) the same in u16.
pub fn xls_max_dimensions(stream: &[u8]) -> (u64, u64) {
    let records = |from: usize| {
        let mut i = from;
        std::iter::from_fn(move || {
            if i + 4 > stream.len() {
                return None;
            }
            let kind = u16::from_le_bytes([stream[i], stream[i + 1]]);
            let len = u16::from_le_bytes([stream[i + 2], stream[i + 3]]) as usize;
            let body = &stream[i + 4..(i + 4 + len).min(stream.len())];
            i += 4 + len;
            Some((kind, body))
        })
    };
    let u16_at = |b: &[u8], k: usize| u16::from_le_bytes([b[k], b[k + 1]]) as u64;
    let u32_at =
        |b: &[u8], k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]) as u64;
    let sheets: Vec<usize> = records(0)
        .take_while(|(kind, _)| *kind != 0x000A)
        .filter(|(kind, b)| *kind == 0x0085 && b.len() >= 4)
        .map(|(_, b)| u32_at(b, 0) as usize)
        .collect();
    // A range whose end is before its start wraps around in calamine's arithmetic (found
    // by fuzzing): counted as unbounded.
    let span = |first: u64, last: u64| {
        if last < first {
            u64::MAX / 4
        } else {
            last - first + 1
        }
    };
    let (mut rows, mut cols) = (0u64, 0u64);
    let mut widest = |r: u64, c: u64| {
        if r.saturating_mul(c) > rows.saturating_mul(cols) {
            (rows, cols) = (r, c);
        }
    };
    for at in sheets {
        // The cells themselves too: calamine builds the sheet as a dense grid over them
        // (two cells far apart, found by fuzzing).
        let (mut r0, mut r1, mut c0, mut c1) = (u64::MAX, 0u64, u64::MAX, 0u64);
        for (kind, b) in records(at).take_while(|(kind, _)| *kind != 0x000A) {
            match kind {
                0x0200 => {
                    let (r, c) = match b.len() {
                        14 | 16 => (
                            span(u32_at(b, 0), u32_at(b, 4)),
                            span(u16_at(b, 8), u16_at(b, 10)),
                        ),
                        10 => (
                            span(u16_at(b, 0), u16_at(b, 2)),
                            span(u16_at(b, 4), u16_at(b, 6)),
                        ),
                        _ => continue,
                    };
                    widest(r, c);
                }
                // NUMBER, LABELSST, RK, BLANK, LABEL, FORMULA, BOOLERR, RSTRING: row, col.
                0x0203 | 0x00FD | 0x027E | 0x0201 | 0x0204 | 0x0006 | 0x0205 | 0x00D6
                    if b.len() >= 4 =>
                {
                    let (r, c) = (u16_at(b, 0), u16_at(b, 2));
                    (r0, r1, c0, c1) = (r0.min(r), r1.max(r), c0.min(c), c1.max(c));
                }
                // MULRK, MULBLANK: row, first col, ..., last col.
                0x00BD | 0x00BE if b.len() >= 6 => {
                    let (r, c, last) = (u16_at(b, 0), u16_at(b, 2), u16_at(b, b.len() - 2));
                    (r0, r1, c0, c1) = (r0.min(r), r1.max(r), c0.min(c), c1.max(c.max(last)));
                }
                _ => {}
            }
        }
        if r0 != u64::MAX && r1 >= r0 && c1 >= c0 {
            widest(r1 - r0 + 1, c1 - c0 + 1);
        }
    }
    (rows, cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((16384, 1_048_576)));
        assert_eq!(cell_ref(b"1A"), None);
    }

    #[test]
    fn extents() {
        let x = br#"<worksheet><sheetData><row r="2"><c r="B2"/><c r="D2"/></row><row r="9"><c r="C9"/></row></sheetData></worksheet>"#;
        assert_eq!(xlsx_sheet_extent(x), (8, 3));
        let o = br#"<table:table><table:table-row><table:table-cell office:value-type="string"/><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        // Trailing empty repetitions (what LibreOffice writes) cost nothing.
        assert_eq!(ods_extent(o), (1, 1));
        let bomb = br#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"/></table:table-row></table:table>"#;
        assert_eq!(ods_extent(bomb), (1_000_000, 1000));
    }
}
