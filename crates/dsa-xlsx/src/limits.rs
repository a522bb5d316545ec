//! Resource limits for reading a register, checked before calamine sees the file:
//! calamine inflates whole parts and builds each sheet as a dense grid, so a small hostile
//! file (a deflate bomb, two cells at opposite corners of a sheet) could otherwise take
//! gigabytes. Every limit hit is an error naming the limit (never a silently partial import).

use quick_xml::events::Event;
use quick_xml::Reader;

/// What one register may make the reader do: the one limits type of every reader
/// (`max_part_bytes`, `max_total_bytes`, `max_cells`, `max_rows` and `max_text_chars`,
/// a cell's characters, apply here).
pub use dsa_model::Limits;

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

/// What one pass over an ODS content.xml finds before calamine reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OdsScan {
    /// The used area (rows, columns) of the largest table: repeated rows and cells count
    /// as often as they repeat when they hold a value.
    pub extent: (u64, u64),
    /// The XML ends while a `table:table` is still open (truncated or damaged).
    /// calamine 0.38's ODS reader loops for ever on such a file (its table loop does not
    /// stop at the end of the XML; found by the mutation test), so it is refused before
    /// calamine sees it. Malformed XML is left to calamine, which reports it.
    pub table_unclosed: bool,
}

/// Scans an ODS content.xml once for its extent and an unclosed table.
pub fn ods_scan(xml: &[u8]) -> OdsScan {
    let mut reader = Reader::from_reader(xml);
    let mut open_tables = 0usize;
    let mut table_unclosed = false;
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
        let event = reader.read_event_into(&mut buf);
        if matches!(&event, Ok(Event::Start(e)) if e.name().as_ref() == "table:table") {
            open_tables += 1;
        }
        match event {
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
            Ok(Event::End(e)) if e.name().as_ref() == "table:table" => {
                open_tables = open_tables.saturating_sub(1);
            }
            Ok(Event::Eof) => {
                table_unclosed = open_tables > 0;
                break;
            }
            Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    OdsScan {
        extent: (best_rows, best_cols),
        table_unclosed,
    }
}

/// The largest used area (rows, columns) any sheet's DIMENSIONS record (0x0200) declares
/// in a BIFF workbook stream. Sheets are found as calamine finds them: BOUNDSHEET records
/// (0x0085) of the globals give each sheet's offset, and its records are walked from there.
/// DIMENSIONS: BIFF8 (14 or 16 bytes) first row u32, last row u32, first and last column
/// u16; BIFF5 (10 bytes) the same in u16.
pub fn xls_max_dimensions(stream: &[u8]) -> (u64, u64) {
    xls_sheet_areas(stream)
        .into_iter()
        .map(|a| (a.rows, a.cols))
        .max_by_key(|(r, c)| r.saturating_mul(*c))
        .unwrap_or((0, 0))
}

/// A BIFF sheet's grid as calamine builds it, and the cells that fill it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetArea {
    /// Rows and columns of the widest of its declared and used areas.
    pub rows: u64,
    pub cols: u64,
    /// Cell records it holds (a MULRK or MULBLANK counts each of its cells).
    pub cells: u64,
}

/// Sheets over this many cells must be at least [`SPARSE_FILL`] full.
pub const SPARSE_FLOOR: u64 = 1_000_000;

/// A sheet over [`SPARSE_FLOOR`] cells holding fewer than one cell in this many is refused:
/// its grid would cost far more than its content (a 30 KiB test file spreading a few
/// thousand cells over 32,771 × 131 took 365 MiB). A register fills most of its area.
pub const SPARSE_FILL: u64 = 64;

/// Every sheet's area and cell count, in BOUNDSHEET order (see [`xls_max_dimensions`]).
pub fn xls_sheet_areas(stream: &[u8]) -> Vec<SheetArea> {
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
    let mut areas = Vec::with_capacity(sheets.len());
    for at in sheets {
        let (mut rows, mut cols, mut cells) = (0u64, 0u64, 0u64);
        let mut widest = |r: u64, c: u64| {
            if r.saturating_mul(c) > rows.saturating_mul(cols) {
                (rows, cols) = (r, c);
            }
        };
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
                    cells += 1;
                }
                // MULRK, MULBLANK: row, first col, ..., last col.
                0x00BD | 0x00BE if b.len() >= 6 => {
                    let (r, c, last) = (u16_at(b, 0), u16_at(b, 2), u16_at(b, b.len() - 2));
                    (r0, r1, c0, c1) = (r0.min(r), r1.max(r), c0.min(c), c1.max(c.max(last)));
                    cells += last.saturating_sub(c) + 1;
                }
                _ => {}
            }
        }
        if r0 != u64::MAX && r1 >= r0 && c1 >= c0 {
            widest(r1 - r0 + 1, c1 - c0 + 1);
        }
        areas.push(SheetArea { rows, cols, cells });
    }
    areas
}

/// Follows the sector chains calamine's own compound-file reader follows (directory,
/// mini stream, mini FAT, the workbook stream), the way it reads them, and fails when one
/// loops before reaching the length calamine wants from it. calamine has no loop check: a
/// root entry claiming gigabytes over a looping chain made it allocate them (found by
/// fuzzing) although the `cfb` crate, which reads the header more strictly, accepted the
/// file. Chains calamine would stop on by itself (a sector past the end) are left to it.
pub(crate) fn calamine_chains_end(bytes: &[u8]) -> Result<(), String> {
    const RESERVED: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    let u32_at = |b: &[u8], o: usize| {
        b.get(o..o + 4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    };
    let words = |b: &[u8]| -> Vec<u32> {
        b.chunks_exact(4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
            .collect()
    };
    let size: usize = match bytes.get(30..32) {
        Some([9, 0]) => 512,
        Some([12, 0]) => 4096,
        _ => return Ok(()), // calamine refuses it
    };
    let data = bytes.get(size..).unwrap_or(&[]);
    let maxid = bytes.len() / size;
    let sector = |id: u32, unit: usize, from: &[u8]| -> Option<Vec<u8>> {
        let start = (id as usize).checked_mul(unit)?;
        (start < from.len()).then(|| from[start..(start + unit).min(from.len())].to_vec())
    };
    // A chain: its bytes up to `len`, or Err when it visits more sectors than exist.
    let chain = |start: u32, len: usize, fats: &[u32], unit: usize, from: &[u8], max: usize| {
        let mut out = Vec::new();
        let (mut id, mut visited) = (start, 0usize);
        while id != ENDOFCHAIN && (id as usize) <= max && out.len() < len {
            visited += 1;
            if visited > max + 1 {
                return Err("a sector chain loops".to_string());
            }
            match sector(id, unit, from) {
                Some(s) => out.extend_from_slice(&s[..s.len().min(len - out.len())]),
                None => break,
            }
            match fats.get(id as usize) {
                Some(next) => id = *next,
                None => break,
            }
        }
        Ok(out)
    };
    // The FAT, from the header's DIFAT and the DIFAT sectors, as calamine builds it.
    let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
    let mut id = u32_at(bytes, 68).unwrap_or(ENDOFCHAIN);
    let mut steps = 0usize;
    while id < RESERVED {
        steps += 1;
        if steps > maxid + 1 {
            return Ok(()); // calamine stops here itself
        }
        let Some(s) = sector(id, size, data) else {
            return Ok(());
        };
        difat.extend(words(&s));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let mut fats = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        match sector(id, size, data) {
            Some(s) => fats.extend(words(&s)),
            None => return Ok(()),
        }
    }
    let dir_start = u32_at(bytes, 48).unwrap_or(ENDOFCHAIN);
    let dirs = chain(dir_start, usize::MAX, &fats, size, data, maxid)?;
    let entry = |d: &[u8]| {
        let start = u32_at(d, 116).unwrap_or(ENDOFCHAIN);
        let len = if size == 512 {
            u32_at(d, 120).unwrap_or(0) as usize
        } else {
            d.get(120..128)
                .map(|x| u64::from_le_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]))
                .unwrap_or(0) as usize
        };
        (start, len)
    };
    let Some(root) = dirs.get(..128) else {
        return Ok(());
    };
    let mini_fat_len = u32_at(bytes, 64).unwrap_or(0) as usize;
    let mut mini = (Vec::new(), Vec::new());
    if mini_fat_len > 0 {
        let (root_start, root_len) = entry(root);
        let stream = chain(root_start, root_len, &fats, size, data, maxid)?;
        let mini_fat_start = u32_at(bytes, 60).unwrap_or(ENDOFCHAIN);
        let minifat = chain(
            mini_fat_start,
            mini_fat_len.saturating_mul(size),
            &fats,
            size,
            data,
            maxid,
        )?;
        mini = (stream, words(&minifat));
    }
    // The workbook stream, from the mini stream when short, as calamine reads it.
    for d in dirs.chunks_exact(128) {
        let name: String = char::decode_utf16(
            d[..64]
                .chunks_exact(2)
                .map(|x| u16::from_le_bytes([x[0], x[1]]))
                .take_while(|u| *u != 0),
        )
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect();
        if name.eq_ignore_ascii_case("workbook") || name.eq_ignore_ascii_case("book") {
            let (start, len) = entry(d);
            if len < 4096 {
                chain(start, len, &mini.1, 64, &mini.0, maxid * 8)?;
            } else {
                chain(start, len, &fats, size, data, maxid)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ods_table_left_open_at_the_end_is_found() {
        let whole = b"<office:body><table:table table:name=\"A\"><table:table-row>\
            <table:table-cell/></table:table-row></table:table></office:body>";
        assert!(!ods_scan(whole).table_unclosed);
        let cut = b"<office:body><table:table table:name=\"A\"><table:table-row>\
            <table:table-cell/></table:table-row>";
        assert!(ods_scan(cut).table_unclosed);
        assert!(!ods_scan(b"<office:body/>").table_unclosed);
    }

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
        assert_eq!(ods_scan(o).extent, (1, 1));
        let bomb = br#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"/></table:table-row></table:table>"#;
        assert_eq!(ods_scan(bomb).extent, (1_000_000, 1000));
    }
}
