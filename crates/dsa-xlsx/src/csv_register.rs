//! A register saved as CSV: decoded, split by the csv crate, and laid out as one sheet so
//! the same header vocabulary, row reader and provenance (row, column) apply as to a
//! workbook. The sheet is named after the file.
//!
//! Registers exported from Excel in the UK are UTF-8 (often with a byte-order mark) or
//! Windows-1252; European exports separate with ";"; some tools write tabs. All are read.

use calamine::{Data, Range};

use crate::limits::Limits;
use crate::XlsxError;

/// The file as text: UTF-8 (a BOM dropped), UTF-16 with a BOM, else Windows-1252 (every
/// byte is a character there, so nothing is lost).
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator: the one of `,` `;` tab that occurs most often outside quotes in the
/// first lines.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for (lines, c) in text.chars().scan(0, |n, c| {
        if c == '\n' {
            *n += 1;
        }
        Some((*n, c))
    }) {
        if lines >= 20 {
            break;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The sheet name for provenance: the file's stem, or "csv" for standard input.
fn sheet_name(file: Option<&str>) -> String {
    let name = file
        .and_then(|f| f.rsplit(['/', '\\']).next())
        .map(|f| f.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(f))
        .filter(|s| !s.is_empty())
        .unwrap_or("csv");
    dsa_text::replace_xml_forbidden(name).0.into_owned()
}

/// The CSV as one sheet: its name and cells (all text; dates and numbers are read from
/// text as in a workbook's text cells).
pub fn read(
    bytes: &[u8],
    file: Option<&str>,
    limits: &Limits,
) -> Result<(String, Range<Data>), XlsxError> {
    if bytes.is_empty() {
        return Err(XlsxError::Empty);
    }
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut width = 0usize;
    let mut rows = 0u32;
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| XlsxError::Corrupt(format!("CSV: {e}")))?;
        let r = u32::try_from(r).map_err(|_| XlsxError::Limit("too many rows".into()))?;
        if r as usize > limits.max_rows {
            return Err(XlsxError::Limit(format!(
                "the CSV has more than {} rows (limit max_rows)",
                limits.max_rows
            )));
        }
        width = width.max(record.len());
        if (r as u64 + 1) * width as u64 > limits.max_cells {
            return Err(XlsxError::Limit(format!(
                "the CSV spans more than {} cells (limit max_cells)",
                limits.max_cells
            )));
        }
        for (c, field) in record.iter().enumerate() {
            let field = dsa_text::replace_xml_forbidden(field.trim()).0.into_owned();
            if !field.is_empty() {
                cells.push(calamine::Cell::new((r, c as u32), Data::String(field)));
            }
        }
        rows = r + 1;
    }
    if rows == 0 || cells.is_empty() {
        return Err(XlsxError::Empty);
    }
    Ok((sheet_name(file), Range::from_sparse(cells)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_encodings() {
        assert_eq!(delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(delimiter("Titel;Referenz;\"a,b\"\n"), b';');
        assert_eq!(delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(decode(b"\xEF\xBB\xBFTitle"), "Title");
        // Windows-1252: a pound sign and a right single quote.
        assert_eq!(decode(b"\xA3100 \x92s"), "£100 ’s");
        assert_eq!(decode(b"\xFF\xFEA\0b\0"), "Ab");
    }

    #[test]
    fn a_csv_is_one_sheet_named_after_its_file() {
        let (name, range) = read(
            b"Title,Reference\r\n\"Licensing, pan-London\",LIC-1\r\n",
            Some("registers/camden register.csv"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(name, "camden register");
        assert_eq!(
            range.get_value((1, 0)),
            Some(&Data::String("Licensing, pan-London".into()))
        );
        assert_eq!(range.get_value((1, 1)), Some(&Data::String("LIC-1".into())));
        assert!(matches!(
            read(b"", None, &Limits::default()),
            Err(XlsxError::Empty)
        ));
    }

    #[test]
    fn limits_hold() {
        let limits = Limits {
            max_rows: 2,
            ..Limits::default()
        };
        let err = read(b"a\nb\nc\nd\n", None, &limits).unwrap_err();
        assert!(err.to_string().contains("max_rows"), "{err}");
    }
}
