//! Imports DSA registers (trackers) from .xlsx, .xlsm, .xls and .ods: one partial
//! agreement per row, whatever the register's headings.
//!
//! Each sheet's header row is found by scoring rows against the header vocabulary
//! (`spec/register-headers.toml`, overridable per register by a TOML profile). Every
//! mapped cell carries provenance (file, sheet, row, column, raw text); every other
//! non-empty cell is kept as a named extra attribute, so nothing is lost.

mod csv_register;
mod headers;
pub mod limits;
mod macrosheets;
mod xlsx_meta;

use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use dsa_model::*;
use dsa_text::{norm, recognise_org, slug, split_names};

pub use headers::{Field, Profile, Vocabulary};

/// Why a file could not be read as a register. Codes are stable.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// Zero bytes.
    #[error("[E-XLSX-001] the file is empty")]
    Empty,
    /// Not a spreadsheet format calamine reads.
    #[error("[E-XLSX-002] not a spreadsheet (.xlsx, .xlsm, .xls or .ods): {0}")]
    NotSpreadsheet(String),
    /// Encrypted OOXML in a compound file.
    #[error("[E-XLSX-003] the workbook is password-protected (encrypted); remove the password and save again")]
    Encrypted,
    /// Damaged or truncated file.
    #[error("[E-XLSX-004] damaged or unreadable workbook: {0}")]
    Corrupt(String),
    /// No sheet has a recognisable header row.
    #[error("[E-XLSX-005] no sheet has a recognisable header row; {0}")]
    NoHeader(String),
    /// The profile is not valid TOML or names unknown fields.
    #[error("[E-XLSX-006] invalid register profile: {0}")]
    BadProfile(String),
    /// A resource limit was hit (the message names it).
    #[error("[E-XLSX-007] {0}")]
    Limit(String),
    /// Two zip entries share a name: which one is the sheet is ambiguous.
    #[error("[E-XLSX-008] {0}; which one is meant is ambiguous")]
    Duplicate(String),
    /// A part declares a DOCTYPE: entity expansion is refused.
    #[error("[E-XLSX-009] {0} has a DOCTYPE declaration; entity expansion is refused")]
    Doctype(String),
}

impl XlsxError {
    /// Stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            XlsxError::Empty => "E-XLSX-001",
            XlsxError::NotSpreadsheet(_) => "E-XLSX-002",
            XlsxError::Encrypted => "E-XLSX-003",
            XlsxError::Corrupt(_) => "E-XLSX-004",
            XlsxError::NoHeader(_) => "E-XLSX-005",
            XlsxError::BadProfile(_) => "E-XLSX-006",
            XlsxError::Limit(_) => "E-XLSX-007",
            XlsxError::Duplicate(_) => "E-XLSX-008",
            XlsxError::Doctype(_) => "E-XLSX-009",
        }
    }
}

/// One register row as a partial agreement.
#[derive(Debug, Clone)]
pub struct Record {
    /// Sheet name.
    pub sheet: String,
    /// 1-based row number in the sheet.
    pub row: u32,
    /// The agreement as far as the register knows it.
    pub agreement: Agreement,
    /// What was uncertain or not usable in the row (ambiguous dates, unknown parties...),
    /// each at its cell (`sheet S, cell C5`) or row (`sheet S, row 5`).
    pub diagnostics: Vec<Diagnostic>,
    /// The row as written: every non-empty cell under a header, in column order. A
    /// migration package carries this instead of the whole register.
    pub cells: Vec<RowCell>,
}

/// One cell of a register row, as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowCell {
    /// Column letter ("C").
    pub column: String,
    /// The column's header.
    pub header: String,
    /// The cell's text (characters XML 1.0 forbids replaced).
    pub text: String,
}

/// What was found in one sheet.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SheetReport {
    /// Sheet name.
    pub sheet: String,
    /// 1-based header row, if found.
    pub header_row: Option<u32>,
    /// Column header → field, for mapped columns.
    pub mapped: Vec<(String, String)>,
    /// Columns kept as extra attributes.
    pub unmapped: Vec<String>,
    /// Records read.
    pub records: usize,
    /// Blank spacer rows skipped.
    pub blank_rows: Vec<u32>,
    /// Note rows (free text after or between records) skipped, with their text.
    pub note_rows: Vec<(u32, String)>,
    /// Title and banner cells above the header row, with their row.
    pub preamble: Vec<(u32, String)>,
    /// Hidden rows read (flagged on their records).
    pub hidden_rows: Vec<u32>,
    /// Hidden columns read.
    pub hidden_columns: Vec<String>,
    /// Why no header was found, with the best candidate row.
    pub problem: Option<String>,
}

/// Reading options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Profile overriding detection.
    pub profile: Option<Profile>,
    /// Resource limits.
    pub limits: Limits,
}

pub use limits::Limits;

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Column letters: 1 → A, 27 → AA.
pub fn column_letter(mut c: u32) -> String {
    let mut s = Vec::new();
    while c > 0 {
        let r = ((c - 1) % 26) as u8;
        s.push((b'A' + r) as char);
        c = (c - 1) / 26;
    }
    s.iter().rev().collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        // A date cell as the sheet shows a date, not Excel's serial number ("42402"): the
        // row's cells are what a person checks the import against.
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(x) if x.time() == chrono::NaiveTime::MIN => {
                x.date().format("%Y-%m-%d").to_string()
            }
            Some(x) => x.format("%Y-%m-%d %H:%M").to_string(),
            None => dt.to_string(),
        },
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

/// An Excel serial day number as a date in the workbook's date system.
fn serial_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    let base = if date1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else if days < 61 {
        // Excel's 1900 system counts a 29 February 1900 that never was.
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_signed(chrono::Duration::days(days))
}

/// A date from a cell: date cells, serial numbers, or text in the common UK forms.
/// Returns the date and a note when an assumption was made; `Err` explains why not.
fn cell_date(d: &Data, date1904: bool) -> Result<(NaiveDate, Option<String>), String> {
    match d {
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|x| (x.date(), None))
            .ok_or_else(|| "date cell out of range".to_string()),
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d")
            .map(|x| (x, None))
            .map_err(|_| format!("{s:?} is not a date")),
        Data::Float(f) => serial_date(*f, date1904)
            .map(|x| {
                (
                    x,
                    Some(format!(
                        "number {f} read as an Excel serial date ({} date system)",
                        if date1904 { "1904" } else { "1900" }
                    )),
                )
            })
            .ok_or_else(|| format!("{f} is not a date")),
        Data::Int(i) => serial_date(*i as f64, date1904)
            .map(|x| {
                (
                    x,
                    Some(format!(
                        "number {i} read as an Excel serial date ({} date system)",
                        if date1904 { "1904" } else { "1900" }
                    )),
                )
            })
            .ok_or_else(|| format!("{i} is not a date")),
        Data::String(s) => text_date(s),
        other => Err(format!("{other} is not a date")),
    }
}

/// Text dates: "31/03/2024", "31 March 2024", "2024-03-31", "Mar-24", "March 2024".
fn text_date(s: &str) -> Result<(NaiveDate, Option<String>), String> {
    let t = s.trim();
    // "Mar-24" / "Mar 2024": month and year only.
    let parts: Vec<&str> = t.split(['-', ' ', '/']).filter(|p| !p.is_empty()).collect();
    if parts.len() == 2
        && parts[0].chars().all(|c| c.is_alphabetic())
        && parts[1].chars().all(|c| c.is_ascii_digit())
    {
        if let Some(f) = dsa_text::find_date(&format!(
            "{} {}",
            parts[0],
            if parts[1].len() == 2 {
                format!("20{}", parts[1])
            } else {
                parts[1].to_string()
            }
        )) {
            return Ok((
                f.date,
                Some(format!(
                    "{t:?} gives month and year only; the 1st is assumed"
                )),
            ));
        }
    }
    // Impossible dates in numeric form are reported, not moved.
    let numeric: Vec<&str> = t.split(['/', '.', '-']).collect();
    if numeric.len() == 3
        && numeric
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let (d, m) = if numeric[0].len() == 4 {
            (numeric[2], numeric[1])
        } else {
            (numeric[0], numeric[1])
        };
        let (d, m): (u32, u32) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
        if m > 12 && d <= 12 && numeric[0].len() != 4 {
            return Err(format!(
                "{t:?} is not a UK date (month {m}); it looks month-first and is not guessed"
            ));
        }
        if NaiveDate::from_ymd_opt(2000, m.max(1), 1).is_none()
            || d == 0
            || d > 31
            || m == 0
            || m > 12
        {
            return Err(format!("{t:?} is not a possible date"));
        }
    }
    match dsa_text::find_date(t) {
        Some(f) if f.day_assumed => Ok((
            f.date,
            Some(format!("{t:?}: the day is not given; the 1st is assumed")),
        )),
        Some(f) => {
            let two_digit = numeric.len() == 3 && numeric[0].len() != 4 && numeric[2].len() == 2;
            Ok((
                f.date,
                two_digit.then(|| format!("{t:?}: two-digit year read as 20{}", numeric[2])),
            ))
        }
        None => Err(format!("{t:?} is not a date")),
    }
}

/// A register's status cell, in English or Welsh (bilingual registers write "Live / Byw"
/// or "Wedi’i lofnodi / Signed": the first language decides, both mean the same).
fn status_of(raw: &str) -> Option<AgreementStatus> {
    let v = norm(raw).replace(['’', '‘', '`'], "'");
    let v = v.trim();
    let welsh = |words: &[&str]| words.iter().any(|w| v.starts_with(w));
    Some(
        if welsh(&[
            "wedi'i lofnodi",
            "wedi ei lofnodi",
            "byw",
            "gweithredol",
            "mewn grym",
            "cyfredol",
        ]) {
            AgreementStatus::Live
        } else if welsh(&["drafft"]) {
            AgreementStatus::Draft
        } else if welsh(&["dan adolygiad", "yn cael ei adolygu"]) {
            AgreementStatus::UnderReview
        } else if welsh(&["wedi dod i ben", "wedi darfod"]) {
            AgreementStatus::Expired
        } else if welsh(&["wedi'i derfynu", "wedi ei derfynu", "wedi'i ddiddymu"]) {
            AgreementStatus::Terminated
        } else if welsh(&["wedi'i archifo", "wedi ei archifo"]) {
            AgreementStatus::Archived
        } else if v.starts_with("live")
            || v.starts_with("active")
            || v.starts_with("signed")
            || v.starts_with("current")
            || v.starts_with("in force")
            || v.starts_with("in place")
            || v == "agreed"
            || v.starts_with("final")
            || v.starts_with("published")
        {
            AgreementStatus::Live
        } else if v.starts_with("draft")
            || v.starts_with("in progress")
            || v.starts_with("pending")
            || v.starts_with("awaiting")
            || v.starts_with("with ")
        {
            AgreementStatus::Draft
        } else if v.contains("review") {
            AgreementStatus::UnderReview
        } else if v.starts_with("expired")
            || v.starts_with("lapsed")
            || v.starts_with("out of date")
        {
            AgreementStatus::Expired
        } else if v.starts_with("terminated")
            || v.starts_with("ended")
            || v.starts_with("withdrawn")
            || v.starts_with("cancelled")
            || v.starts_with("closed")
        {
            AgreementStatus::Terminated
        } else if v.starts_with("archive")
            || v.starts_with("superseded")
            || v.starts_with("replaced")
        {
            AgreementStatus::Archived
        } else {
            return None;
        },
    )
}

fn sheet_status(sheet: &str, profile: Option<&Profile>) -> Option<AgreementStatus> {
    if let Some(s) = profile.and_then(|p| p.sheet_status.get(sheet)) {
        return status_of(s).or_else(|| AgreementStatus::from_code(s));
    }
    let n = norm(sheet);
    if n.contains("expired") || n.contains("lapsed") {
        Some(AgreementStatus::Expired)
    } else if n.contains("archive") || n.contains("old") || n.contains("superseded") {
        Some(AgreementStatus::Archived)
    } else if n.contains("terminated") || n.contains("ended") || n.contains("closed") {
        Some(AgreementStatus::Terminated)
    } else if n.contains("draft") || n.contains("in progress") || n.contains("pipeline") {
        Some(AgreementStatus::Draft)
    } else if n.contains("review") {
        Some(AgreementStatus::UnderReview)
    } else {
        None
    }
}

struct Columns {
    header_row: u32,
    /// (column index 0-based within range, header text, field)
    fields: Vec<(usize, String, Option<Field>)>,
}

/// Scores candidate header rows: the row naming most fields (title among them) wins.
/// Whether a header row found by its headings is a register of agreements, not any table
/// with a "Name" and an "Id" (a pivot table's data sheet, a staff list). Headings only a
/// DSA register has (partners, lawful basis, review or signed dates, ISG reference) say
/// so; so does a heading, the sheet's or the file's name, or a line above the header that
/// speaks of agreements (a file named as a register or tracker, in a backlog of DSAs, is
/// one). A profile says so for its register.
fn about_agreements(
    cols: &Columns,
    rows: &[&[Data]],
    start_row: u32,
    sheet: &str,
    file: Option<&str>,
    profile: Option<&Profile>,
) -> Result<(), String> {
    if profile.is_some() {
        return Ok(());
    }
    let specific = cols.fields.iter().any(|(_, _, f)| {
        matches!(
            f,
            Some(
                Field::IsgReference
                    | Field::Parties
                    | Field::PublishDate
                    | Field::SignedDate
                    | Field::ReviewDate
                    | Field::EndDate
                    | Field::LawfulBasis
            )
        )
    });
    let speaks = |t: &str| {
        let n = headers::norm_header(t);
        let words: Vec<&str> = n.split(' ').collect();
        n.contains("agreement")
            || n.contains("sharing")
            || n.contains("protocol")
            || words
                .iter()
                .any(|w| matches!(*w, "dsa" | "dsas" | "isa" | "isas" | "isp" | "mou"))
    };
    let header_idx = (cols.header_row - start_row) as usize;
    let file_says = file.is_some_and(|f| {
        let n = headers::norm_header(f.rsplit(['/', '\\']).next().unwrap_or(f));
        speaks(&n)
            || n.split(' ')
                .any(|w| matches!(w, "register" | "tracker" | "log"))
    });
    let context = file_says
        || speaks(sheet)
        || cols.fields.iter().any(|(_, h, _)| speaks(h))
        || rows
            .iter()
            .take(header_idx)
            .any(|r| r.iter().any(|d| speaks(&cell_text(d))));
    if specific || context {
        return Ok(());
    }
    let named: Vec<&str> = cols.fields.iter().map(|(_, h, _)| h.as_str()).collect();
    Err(format!(
        "row {} has headings ({}) any table has, and nothing on the sheet speaks of agreements: not a DSA register (give a --profile if it is one)",
        cols.header_row + 1,
        named.join(" | ")
    ))
}

fn find_header(
    rows: &[&[Data]],
    start_row: u32,
    vocab: &Vocabulary,
    profile: Option<&Profile>,
) -> Result<Columns, String> {
    let build = |idx: usize| -> Columns {
        let mut used = std::collections::BTreeSet::new();
        let fields = rows[idx]
            .iter()
            .enumerate()
            .filter_map(|(c, d)| {
                let h = cell_text(d);
                if h.is_empty() {
                    return None;
                }
                // Headers name extra attributes and provenance: keep them writable as XML.
                let h = dsa_text::replace_xml_forbidden(&h).0.into_owned();
                let f = vocab.classify(&h).map(|x| x.0).filter(|f| used.insert(*f));
                Some((c, h, f))
            })
            .collect();
        Columns {
            header_row: start_row + idx as u32,
            fields,
        }
    };
    if let Some(r) = profile.and_then(|p| p.header_row) {
        let idx = (r as u32).saturating_sub(start_row + 1) as usize;
        if idx < rows.len() {
            return Ok(build(idx));
        }
        return Err(format!("profile header_row {r} is outside the sheet"));
    }
    let mut best: Option<(usize, usize, bool)> = None;
    for (i, row) in rows.iter().enumerate().take(40) {
        let mut found = std::collections::BTreeSet::new();
        for d in row.iter() {
            if let Some((f, _)) = vocab.classify(&cell_text(d)) {
                found.insert(f);
            }
        }
        let has_title = found.contains(&Field::Title);
        let score = found.len();
        if best.is_none_or(|(_, s, t)| (has_title, score) > (t, s)) {
            best = Some((i, score, has_title));
        }
    }
    match best {
        Some((i, score, true)) if score >= 2 => Ok(build(i)),
        Some((i, score, has_title)) => {
            let named: Vec<String> = rows[i]
                .iter()
                .map(cell_text)
                .filter(|s| !s.is_empty())
                .collect();
            Err(format!(
                "best candidate is row {} ({score} known heading(s): {}){}",
                start_row + i as u32 + 1,
                named.join(" | "),
                if has_title {
                    "; need at least two known headings"
                } else {
                    "; missing a title column (e.g. \"DSA title\", \"Agreement name\")"
                }
            ))
        }
        None => Err("the sheet is empty".into()),
    }
}

/// Whether a row is a note rather than a record: one filled cell of prose, or a cell
/// starting with "Note".
fn is_note(cells: &[(usize, String)]) -> bool {
    match cells {
        [(_, t)] => {
            let n = norm(t);
            n.starts_with("note")
                || n.starts_with("nb ")
                || n.starts_with('*')
                || n.starts_with("key:")
                || n.starts_with("source:")
                || n.starts_with("last updated")
                || t.split_whitespace().count() >= 12
        }
        _ => false,
    }
}

/// Reads a register, calling `each` for every record as it is built (so a very large
/// register never holds all its agreements at once). Returns the per-sheet report.
pub fn import_each(
    bytes: &[u8],
    file: Option<&str>,
    options: &Options,
    each: impl FnMut(Record),
) -> Result<Vec<SheetReport>, XlsxError> {
    import_each_as(Kind::Workbook, bytes, file, options, each)
}

/// What kind of register the bytes are: the caller knows (from
/// `dsa_import::Format::detect`), so the reader does not guess again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// .xlsx, .xlsm, .xls or .ods (calamine tells which from the bytes).
    Workbook,
    /// Comma-, semicolon- or tab-separated text.
    Csv,
}

/// [`import_each`] for a register of the given kind.
pub fn import_each_as(
    kind: Kind,
    bytes: &[u8],
    file: Option<&str>,
    options: &Options,
    mut each: impl FnMut(Record),
) -> Result<Vec<SheetReport>, XlsxError> {
    let reports = match kind {
        Kind::Workbook => workbook(bytes, file, options, &mut each)?,
        Kind::Csv => {
            let (name, range) = csv_register::read(bytes, file, &options.limits)?;
            let sheet = Sheet {
                name: &name,
                range: &range,
                hidden: &xlsx_meta::Hidden::default(),
                date1904: false,
            };
            vec![sheet_records(&sheet, file, options, &mut each)?]
        }
    };
    if reports.iter().all(|r| r.header_row.is_none()) {
        let why: Vec<String> = reports
            .iter()
            .map(|r| {
                format!(
                    "sheet {:?}: {}",
                    r.sheet,
                    r.problem.clone().unwrap_or_default()
                )
            })
            .collect();
        return Err(XlsxError::NoHeader(why.join("; ")));
    }
    Ok(reports)
}

/// One sheet as the row reader sees it, whichever file it came from.
struct Sheet<'a> {
    name: &'a str,
    range: &'a calamine::Range<Data>,
    hidden: &'a xlsx_meta::Hidden,
    date1904: bool,
}

fn workbook(
    bytes: &[u8],
    file: Option<&str>,
    options: &Options,
    each: &mut dyn FnMut(Record),
) -> Result<Vec<SheetReport>, XlsxError> {
    if bytes.is_empty() {
        return Err(XlsxError::Empty);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        let needle: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Err(XlsxError::Encrypted);
        }
    } else if !bytes.starts_with(b"PK") {
        let what = if bytes.iter().take(512).all(|b| b.is_ascii()) {
            "plain text (a CSV register: read it as CSV)"
        } else {
            "unknown format"
        };
        return Err(XlsxError::NotSpreadsheet(what.into()));
    }
    if bytes.starts_with(b"PK") {
        check_container(bytes, &options.limits)?;
        if odf_encrypted(bytes) {
            return Err(XlsxError::Encrypted);
        }
    }
    let biff8 = bytes.starts_with(OLE2_MAGIC) && check_compound_file(bytes, &options.limits)?;
    let meta = xlsx_meta::read_meta(bytes).unwrap_or_default();
    // calamine has panicked on malformed files (truncated .xls compound files among them):
    // a panic inside it is caught and reported as a damaged workbook, never passed on.
    // Checked above with the original bytes (sizes, duplicates, CRCs); only a relationship
    // type differs in the copy.
    let relabelled = bytes
        .starts_with(b"PK")
        .then(|| macrosheets::as_worksheets(bytes))
        .flatten();
    let opened = std::panic::catch_unwind(|| {
        let cursor = Cursor::new(relabelled.unwrap_or_else(|| bytes.to_vec()));
        if biff8 {
            // calamine decodes a BIFF8 compressed string through the CODEPAGE record's
            // encoding after widening it to UTF-16, so a workbook saying 1252 (as many
            // writers other than Excel do) came out as "D\0S\0A\0": BIFF8 is read as the
            // Unicode it is.
            let mut xls = calamine::XlsOptions::default();
            xls.force_codepage = Some(1200);
            calamine::Xls::new_with_options(cursor, xls)
                .map(calamine::Sheets::Xls)
                .map_err(calamine::Error::Xls)
        } else {
            calamine::open_workbook_auto_from_rs(cursor)
        }
    })
    .map_err(|p| {
        XlsxError::Corrupt(format!(
            "the spreadsheet reader failed on malformed data ({})",
            panic_text(&p)
        ))
    })?;
    let mut wb = opened.map_err(|e| {
        let m = e.to_string();
        if m.to_lowercase().contains("password") || m.to_lowercase().contains("encrypt") {
            XlsxError::Encrypted
        } else if bytes.starts_with(b"PK") || bytes.starts_with(OLE2_MAGIC) {
            XlsxError::Corrupt(m)
        } else {
            XlsxError::NotSpreadsheet(m)
        }
    })?;
    let mut reports = Vec::new();
    for sheet in wb.sheet_names() {
        let range =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| wb.worksheet_range(&sheet)))
                .map_err(|p| {
                XlsxError::Corrupt(format!(
                    "sheet {sheet}: the spreadsheet reader failed on malformed data ({})",
                    panic_text(&p)
                ))
            })?;
        let range = match range {
            Ok(r) => r,
            Err(e) => {
                reports.push(SheetReport {
                    sheet: sheet.clone(),
                    problem: Some(format!("unreadable: {e}")),
                    ..Default::default()
                });
                continue;
            }
        };
        let hidden = meta.hidden.get(&sheet).cloned().unwrap_or_default();
        // The name goes into provenance and into titles of untitled rows: characters XML
        // 1.0 forbids are replaced, as in cells.
        let name = dsa_text::replace_xml_forbidden(&sheet).0.into_owned();
        let sheet = Sheet {
            name: &name,
            range: &range,
            hidden: &hidden,
            date1904: meta.date1904,
        };
        reports.push(sheet_records(&sheet, file, options, each)?);
    }
    Ok(reports)
}

/// The records of one sheet, given to `each` as they are read, and the sheet's report.
fn sheet_records(
    s: &Sheet,
    file: Option<&str>,
    options: &Options,
    each: &mut dyn FnMut(Record),
) -> Result<SheetReport, XlsxError> {
    let vocab = Vocabulary::new(options.profile.as_ref());
    let profile = options.profile.as_ref();
    let (sheet, range, hidden) = (s.name, s.range, s.hidden);
    {
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        let rows: Vec<&[Data]> = range.rows().collect();
        let mut report = SheetReport {
            sheet: sheet.to_string(),
            ..Default::default()
        };
        report.hidden_columns = hidden.cols.iter().map(|c| column_letter(*c)).collect();
        let cols = match find_header(&rows, start_row, &vocab, profile)
            .and_then(|c| about_agreements(&c, &rows, start_row, sheet, file, profile).map(|()| c))
        {
            Ok(c) => c,
            Err(why) => {
                report.problem = Some(why);
                return Ok(report);
            }
        };
        report.header_row = Some(cols.header_row + 1);
        for (_, h, f) in &cols.fields {
            match f {
                Some(f) => report.mapped.push((h.clone(), format!("{f:?}"))),
                None => report.unmapped.push(h.clone()),
            }
        }
        let status_from_sheet = sheet_status(sheet, profile);
        let header_idx = (cols.header_row - start_row) as usize;
        for (i, row) in rows.iter().enumerate().take(header_idx) {
            for d in row.iter() {
                let t = cell_text(d);
                if !t.is_empty() {
                    report.preamble.push((start_row + i as u32 + 1, t));
                }
            }
        }
        let limit = options.limits.max_rows;
        if rows.len().saturating_sub(header_idx + 1) > limit {
            return Err(XlsxError::Limit(format!(
                "sheet {sheet} has {} data rows, over the limit of {limit} (limit max_rows)",
                rows.len() - header_idx - 1
            )));
        }
        for (i, row) in rows.iter().enumerate().skip(header_idx + 1).take(limit) {
            let row_no = start_row + i as u32 + 1;
            let cells: Vec<(usize, String)> = row
                .iter()
                .enumerate()
                .map(|(c, d)| (c, cell_text(d)))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            let max = options.limits.max_text_chars;
            if let Some((c, t)) = cells
                .iter()
                .find(|(_, t)| t.len() > max && t.chars().count() > max)
            {
                return Err(XlsxError::Limit(format!(
                    "sheet {sheet} cell {}{row_no} holds {} characters, over the limit of {max} (limit max_text_chars)",
                    column_letter(start_col + *c as u32 + 1),
                    t.chars().count()
                )));
            }
            if cells.is_empty() {
                report.blank_rows.push(row_no);
                continue;
            }
            if is_note(&cells) {
                report.note_rows.push((row_no, cells[0].1.clone()));
                continue;
            }
            let hidden_row = hidden.rows.contains(&row_no);
            if hidden_row {
                report.hidden_rows.push(row_no);
            }
            let rec = build_record(
                file,
                sheet,
                row_no,
                start_col,
                row,
                &cols,
                s.date1904,
                status_from_sheet,
                hidden_row,
                hidden,
            );
            report.records += 1;
            each(rec);
        }
        Ok(report)
    }
}

/// An OpenDocument file saved with a password: its manifest gives each encrypted part's
/// `encryption-data` (the parts themselves are unreadable, which calamine reports as "cannot
/// detect file format").
fn odf_encrypted(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(manifest) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    // The container's sizes were checked already; a manifest is small.
    if manifest.take(4 << 20).read_to_end(&mut text).is_err() {
        return false;
    }
    text.windows(b"encryption-data".len())
        .any(|w| w == b"encryption-data")
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown failure".into())
}

/// An .xls is a compound file; calamine follows its sector chains without checking them
/// (a chain that loops made it allocate without bound, found by fuzzing). The `cfb` crate
/// validates the structure (chains, loops, sizes; permissively, as LibreOffice's files need), and the workbook stream must be
/// within `max_part_bytes`.
/// Checks a compound file (.xls) before calamine reads it, and says whether its workbook is
/// BIFF8 (Excel 97 and later).
fn check_compound_file(bytes: &[u8], l: &Limits) -> Result<bool, XlsxError> {
    let damaged = |e: std::io::Error| XlsxError::Corrupt(format!("damaged compound file: {e}"));
    limits::calamine_chains_end(bytes)
        .map_err(|why| XlsxError::Corrupt(format!("damaged compound file: {why}")))?;
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let mut book = None;
    for entry in cf.walk() {
        if entry.is_stream() && entry.len() > l.max_part_bytes {
            return Err(XlsxError::Limit(format!(
                "stream {} is {} bytes, over the limit of {} (limit max_part_bytes)",
                entry.path().display(),
                entry.len(),
                l.max_part_bytes
            )));
        }
        let name = entry.name();
        if entry.is_stream() && (name == "Workbook" || name == "Book") {
            book = Some(entry.path().to_path_buf());
        }
    }
    // calamine reserves a sheet's cells from its DIMENSIONS record: the used area is
    // checked against max_cells first (a 4 KB file claimed 500 GB, found by fuzzing).
    let mut biff8 = false;
    if let Some(path) = book {
        use std::io::Read;
        let mut data = Vec::new();
        cf.open_stream(&path)
            .and_then(|mut s| s.read_to_end(&mut data))
            .map_err(damaged)?;
        // A password-protected .xls says so in its globals (FILEPASS); what follows is
        // ciphertext, whose "dimensions" would otherwise read as an absurd sheet.
        if has_filepass(&data) {
            return Err(XlsxError::Encrypted);
        }
        biff8 = is_biff8(&data);
        for a in limits::xls_sheet_areas(&data) {
            let (rows, cols) = (a.rows, a.cols);
            let cells = rows.saturating_mul(cols);
            if cells > l.max_cells {
                return Err(XlsxError::Limit(format!(
                    "a sheet spans {rows} rows × {cols} columns = {cells} cells, over the limit of {} (limit max_cells)",
                    l.max_cells
                )));
            }
            if cells > limits::SPARSE_FLOOR && cells / limits::SPARSE_FILL > a.cells {
                return Err(XlsxError::Limit(format!(
                    "a sheet spreads {} cells over {rows} rows × {cols} columns = {cells}: reading it would build a grid far larger than its content (a sheet over {} cells must fill at least 1 in {})",
                    a.cells,
                    limits::SPARSE_FLOOR,
                    limits::SPARSE_FILL
                )));
            }
        }
    }
    Ok(biff8)
}

/// Whether a workbook stream starts with a BIFF8 BOF record (type 0x0809, version 0x0600).
/// Its strings are then Unicode whatever its CODEPAGE record says: a "compressed" string
/// holds the low bytes of UTF-16 (Latin-1), never bytes of the code page.
fn is_biff8(stream: &[u8]) -> bool {
    stream.len() >= 6 && stream[0..2] == [0x09, 0x08] && stream[4..6] == [0x00, 0x06]
}

/// Whether the workbook globals (the records up to the first EOF) hold a FILEPASS record
/// (0x002F): the workbook is encrypted.
fn has_filepass(stream: &[u8]) -> bool {
    let mut at = 0usize;
    while let Some(header) = stream.get(at..at + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        match kind {
            0x002F => return true,
            0x000A => return false,
            _ => at += 4 + len,
        }
    }
    false
}

/// The zip checks and the used-area scan (see [`limits`]).
fn check_container(bytes: &[u8], l: &Limits) -> Result<(), XlsxError> {
    use dsa_zipguard::Guard;
    use std::io::Read;
    dsa_zipguard::check_duplicates(bytes).map_err(|e| match e {
        Guard::Duplicate { .. } => XlsxError::Duplicate(e.to_string()),
        other => XlsxError::Corrupt(other.to_string()),
    })?;
    dsa_zipguard::check_sizes(bytes, l.max_part_bytes, l.max_total_bytes).map_err(|e| match e {
        Guard::EntryTooLarge { .. } => XlsxError::Limit(format!("{e} (limit max_part_bytes)")),
        Guard::TotalTooLarge { .. } => XlsxError::Limit(format!("{e} (limit max_total_bytes)")),
        other => XlsxError::Corrupt(other.to_string()),
    })?;
    // One archive for the scans below (the central directory is parsed once).
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| XlsxError::Corrupt(e.to_string()))?;
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.to_string()).collect();
    for name in names {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        // Sizes were checked above: reading a whole part is bounded by max_part_bytes.
        let mut data = Vec::new();
        if let Ok(f) = zip.by_name(&name) {
            let want = if sheet || name == "content.xml" {
                l.max_part_bytes
            } else {
                4096
            };
            let _ = f.take(want).read_to_end(&mut data);
        }
        let head = &data[..data.len().min(4096)];
        if head
            .windows(9)
            .any(|w| w.eq_ignore_ascii_case(b"<!DOCTYPE"))
        {
            return Err(XlsxError::Doctype(name));
        }
        let extent = if sheet {
            Some(limits::xlsx_sheet_extent(&data))
        } else if name == "content.xml" {
            let scan = limits::ods_scan(&data);
            if scan.table_unclosed {
                return Err(XlsxError::Corrupt(
                    "content.xml ends inside a table (the file is truncated or damaged)".into(),
                ));
            }
            Some(scan.extent)
        } else {
            None
        };
        if let Some((rows, cols)) = extent {
            let cells = rows.saturating_mul(cols);
            if cells > l.max_cells {
                return Err(XlsxError::Limit(format!(
                    "{name} spans {rows} rows × {cols} columns = {cells} cells, over the limit of {} (limit max_cells)",
                    l.max_cells
                )));
            }
        }
    }
    Ok(())
}

/// Reads a whole register into memory.
pub fn import(
    bytes: &[u8],
    file: Option<&str>,
    options: &Options,
) -> Result<(Vec<Record>, Vec<SheetReport>), XlsxError> {
    import_as(Kind::Workbook, bytes, file, options)
}

/// [`import`] for a register of the given kind.
pub fn import_as(
    kind: Kind,
    bytes: &[u8],
    file: Option<&str>,
    options: &Options,
) -> Result<(Vec<Record>, Vec<SheetReport>), XlsxError> {
    let mut records = Vec::new();
    let reports = import_each_as(kind, bytes, file, options, |r| records.push(r))?;
    Ok((records, reports))
}

#[allow(clippy::too_many_arguments)]
fn build_record(
    file: Option<&str>,
    sheet: &str,
    row_no: u32,
    start_col: u32,
    row: &[Data],
    cols: &Columns,
    date1904: bool,
    status_from_sheet: Option<AgreementStatus>,
    hidden_row: bool,
    hidden: &xlsx_meta::Hidden,
) -> Record {
    let mut a = Agreement::new("");
    a.sources.push(SourceFile {
        file: file.map(str::to_string),
        part: Some(sheet.to_string()),
    });
    let mut diags = Vec::new();
    let at_row = format!("sheet {sheet}, row {row_no}");
    if hidden_row {
        diags.push(Diagnostic::new(
            DiagnosticCode::RowHidden,
            &at_row,
            format!("row {row_no} is hidden in the register"),
        ));
    }
    let mut reg = RegisterDetails::default();
    let mut status_raw: Option<String> = None;
    let mut cells = Vec::new();
    for (c, header, field) in &cols.fields {
        let Some(d) = row.get(*c) else { continue };
        let raw = cell_text(d);
        if raw.is_empty() {
            continue;
        }
        let col_no = start_col + *c as u32 + 1;
        let col = column_letter(col_no);
        let at_cell = format!("sheet {sheet}, cell {col}{row_no}");
        let raw = match dsa_text::replace_xml_forbidden(&raw) {
            (_, 0) => raw,
            (safe, n) => {
                diags.push(Diagnostic::new(
                    DiagnosticCode::CharactersReplaced,
                    &at_cell,
                    format!("row {row_no}, column {col}: {n} character(s) XML 1.0 does not allow (control characters) replaced with U+FFFD"),
                ));
                safe.into_owned()
            }
        };
        cells.push(RowCell {
            column: col.clone(),
            header: header.clone(),
            text: raw.clone(),
        });
        let hidden_col = hidden.cols.contains(&col_no);
        let loc = SourceLocation::at(
            format!(
                "row {row_no}, column {col} ({header}){}",
                if hidden_col { " [hidden column]" } else { "" }
            ),
            None,
        );
        let prov = |a: &mut Agreement, field: &str, confidence: Option<f64>| {
            a.provenance.push(Provenance {
                field: field.to_string(),
                source: loc.clone(),
                text: raw.clone(),
                confidence,
            });
        };
        let extra = |a: &mut Agreement| {
            a.extra_attributes.push(ExtraAttribute {
                name: header.clone(),
                value: raw.clone(),
            });
            let i = a.extra_attributes.len() - 1;
            a.provenance.push(Provenance {
                field: format!("/extra_attributes/{i}"),
                source: loc.clone(),
                text: raw.clone(),
                confidence: None,
            });
        };
        match field {
            None => extra(&mut a),
            Some(
                f @ (Field::PublishDate | Field::SignedDate | Field::ReviewDate | Field::EndDate),
            ) => match cell_date(d, date1904) {
                Ok((date, note)) => {
                    let conf = note.as_ref().map(|_| 0.8);
                    if let Some(n) = note {
                        diags.push(Diagnostic::new(
                            DiagnosticCode::DateAssumed,
                            &at_cell,
                            format!("{col}{row_no}: {n}"),
                        ));
                    }
                    let ptr = match f {
                        Field::PublishDate => {
                            a.review.publish_date = Some(date);
                            "/review/publish_date"
                        }
                        Field::ReviewDate => {
                            a.review.review_date = Some(date);
                            "/review/review_date"
                        }
                        Field::EndDate => {
                            a.review.termination = Some(Termination::OnDate(date));
                            "/review/termination/date"
                        }
                        _ => {
                            reg.signed_on = Some(date);
                            "/register/signed_on"
                        }
                    };
                    prov(&mut a, ptr, conf);
                }
                Err(why) => {
                    let n = norm(&raw);
                    if *f == Field::EndDate
                        && (n.contains("n/a")
                            || n.contains("ongoing")
                            || n.contains("none")
                            || n.contains("rolling"))
                    {
                        a.review.termination = Some(Termination::Ongoing);
                        prov(&mut a, "/review/termination", None);
                    } else {
                        diags.push(Diagnostic::new(
                            DiagnosticCode::KeptAsWritten,
                            &at_cell,
                            format!("{col}{row_no}: {why}; kept as written"),
                        ));
                        extra(&mut a);
                    }
                }
            },
            Some(Field::Title) => {
                a.title = raw.clone();
                prov(&mut a, "/title", None);
            }
            Some(Field::Reference) => {
                a.reference = Some(raw.clone());
                prov(&mut a, "/reference", None);
            }
            Some(Field::IsgReference) => {
                a.isg_reference = Some(raw.clone());
                prov(&mut a, "/isg_reference", None);
            }
            Some(Field::Version) => {
                a.version = Some(raw.clone());
                prov(&mut a, "/version", None);
            }
            Some(Field::DsaType) => match dsa_type_of(&raw) {
                Some(t) => {
                    a.dsa_type = Some(t);
                    prov(&mut a, "/dsa_type", Some(0.9));
                }
                None => extra(&mut a),
            },
            Some(Field::Purpose) => {
                a.purposes.push(Purpose {
                    party: None,
                    description: raw.clone(),
                });
                prov(&mut a, "/purposes/0", None);
            }
            Some(Field::Parties) => {
                for name in split_names(&raw) {
                    let id = add_party(&mut a, &name, &mut diags, &at_cell, &col, row_no);
                    let i = a.parties.iter().position(|p| p.id == id).unwrap_or(0);
                    a.provenance.push(Provenance {
                        field: format!("/parties/{i}"),
                        source: loc.clone(),
                        text: raw.clone(),
                        confidence: (a.parties[i].kind == PartyKind::Other).then_some(0.5),
                    });
                }
            }
            Some(Field::Status) => {
                status_raw = Some(raw.clone());
                match status_of(&raw) {
                    Some(s) => {
                        a.status = Some(s);
                        prov(&mut a, "/status", None);
                    }
                    None => {
                        diags.push(Diagnostic::new(
                            DiagnosticCode::KeptAsWritten,
                            &at_cell,
                            format!(
                                "{col}{row_no}: status {raw:?} not recognised; kept as written"
                            ),
                        ));
                        extra(&mut a);
                    }
                }
            }
            Some(Field::LawfulBasis) => {
                let mut any = false;
                // A lawful-basis column: shorthand ("6(1)(e), 9(2)(g)") counts here.
                let basis = dsa_text::lawful_basis_cell(&raw);
                for c in basis.citations {
                    any = true;
                    if let Some(ptr) = dsa_text::apply_citation(&mut a, c) {
                        prov(&mut a, &ptr, Some(0.9));
                    }
                }
                for (act, section) in basis.acts {
                    any = true;
                    a.legislation.push(LegislationEntry {
                        legislation: match section {
                            Some(s) => format!("{act} s{s}"),
                            None => act,
                        },
                        applies_to: Applicability::Unspecified,
                        main_purpose: None,
                        how_it_applies: None,
                        legislation_uri: None,
                    });
                    let ptr = format!("/legislation/{}", a.legislation.len() - 1);
                    prov(&mut a, &ptr, Some(0.9));
                }
                if !any {
                    extra(&mut a);
                }
            }
            Some(Field::Owner) => {
                reg.owner = Some(raw.clone());
                prov(&mut a, "/register/owner", None);
            }
            Some(Field::DocumentLocation) => {
                reg.document_location = Some(raw.clone());
                prov(&mut a, "/register/document_location", None);
            }
            Some(Field::Notes) => {
                reg.notes = Some(raw.clone());
                prov(&mut a, "/register/notes", None);
            }
        }
    }
    if a.status.is_none() && status_raw.is_none() {
        if let Some(s) = status_from_sheet {
            a.status = Some(s);
            diags.push(Diagnostic::new(
                DiagnosticCode::StatusFromSheet,
                &at_row,
                format!("status {} taken from the sheet name {sheet:?}", s.code()),
            ));
        }
    }
    if reg != RegisterDetails::default() {
        a.register = Some(reg);
    }
    if a.title.is_empty() {
        diags.push(Diagnostic::new(
            DiagnosticCode::TitleMissing,
            &at_row,
            format!("row {row_no} has no title"),
        ));
        a.title = format!("Untitled register entry ({sheet}, row {row_no})");
    }
    a.id = a.reference.as_deref().map(slug).filter(|s| !s.is_empty());
    Record {
        sheet: sheet.to_string(),
        row: row_no,
        agreement: a,
        diagnostics: diags,
        cells,
    }
}

fn add_party(
    a: &mut Agreement,
    name: &str,
    diags: &mut Vec<Diagnostic>,
    at_cell: &str,
    col: &str,
    row_no: u32,
) -> String {
    let (id, party) = match recognise_org(name) {
        Some(org) => {
            let mut p = Party::new(org.id.clone(), org.name, org.kind);
            p.london_authority = org.london_authority;
            (org.id, p)
        }
        None => {
            diags.push(Diagnostic::new(
                DiagnosticCode::PartyUnknown,
                at_cell,
                format!("{col}{row_no}: {name:?} is not a known organisation; added as a party of kind other"),
            ));
            let id = slug(name);
            (id.clone(), Party::new(id, name, PartyKind::Other))
        }
    };
    if a.party(&id).is_none() {
        a.parties.push(party);
    }
    id
}

/// A register's type cell: the shared vocabulary first (long forms and abbreviations on
/// word boundaries), then the looser words a one- or two-word cell uses ("Safeguarding").
fn dsa_type_of(raw: &str) -> Option<DsaType> {
    if let Some((t, _)) = dsa_text::dsa_type_in_title(raw) {
        return Some(t);
    }
    let n = norm(raw);
    let table: &[(&str, DsaType)] = &[
        ("mappa", DsaType::Mappa),
        ("marac", DsaType::DomesticAbuseMarac),
        ("domestic abuse", DsaType::DomesticAbuseMarac),
        ("gang", DsaType::GangsViolenceMatrix),
        ("prevent", DsaType::Prevent),
        ("youth offending", DsaType::YouthOffending),
        ("yos", DsaType::YouthOffending),
        ("licensing", DsaType::Licensing),
        ("anti-social", DsaType::AntiSocialBehaviour),
        ("asb", DsaType::AntiSocialBehaviour),
        ("integrated offender", DsaType::IntegratedOffenderManagement),
        ("iom", DsaType::IntegratedOffenderManagement),
        ("adult safeguarding", DsaType::AdultSafeguarding),
        ("safeguarding", DsaType::MultiAgencySafeguarding),
        ("mash", DsaType::MultiAgencySafeguarding),
        ("supporting families", DsaType::SupportingFamilies),
        ("serious violence", DsaType::SeriousViolence),
        ("environmental", DsaType::EnvironmentalCrime),
    ];
    table.iter().find(|(k, _)| n.contains(k)).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_in_both_systems() {
        assert_eq!(
            serial_date(45382.0, false),
            NaiveDate::from_ymd_opt(2024, 3, 31)
        );
        assert_eq!(
            serial_date(43920.0, true),
            NaiveDate::from_ymd_opt(2024, 3, 31)
        );
        assert_eq!(serial_date(0.0, false), None);
    }

    #[test]
    fn text_dates() {
        let d = |s| text_date(s).map(|x| x.0);
        assert_eq!(
            d("31/03/2024"),
            Ok(NaiveDate::from_ymd_opt(2024, 3, 31).unwrap())
        );
        assert_eq!(
            d("31 March 2024"),
            Ok(NaiveDate::from_ymd_opt(2024, 3, 31).unwrap())
        );
        assert_eq!(
            d("2024-03-31"),
            Ok(NaiveDate::from_ymd_opt(2024, 3, 31).unwrap())
        );
        let (date, note) = text_date("Mar-24").unwrap();
        assert_eq!(date, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
        assert!(note.unwrap().contains("assumed"));
        assert!(text_date("31/02/2024").is_err());
        assert!(text_date("03/31/2024").unwrap_err().contains("month-first"));
        assert!(text_date("soon").is_err());
    }

    #[test]
    fn statuses() {
        assert_eq!(status_of("Live"), Some(AgreementStatus::Live));
        assert_eq!(status_of("Signed - on ISG"), Some(AgreementStatus::Live));
        assert_eq!(
            status_of("Under review"),
            Some(AgreementStatus::UnderReview)
        );
        assert_eq!(status_of("EXPIRED"), Some(AgreementStatus::Expired));
        assert_eq!(status_of("Terminated"), Some(AgreementStatus::Terminated));
        assert_eq!(status_of("Draft v0.3"), Some(AgreementStatus::Draft));
        assert_eq!(status_of("Blue"), None);
    }

    #[test]
    fn vocabulary_loads_and_classifies() {
        let v = Vocabulary::new(None);
        assert!(v.len() > 80);
        assert_eq!(v.classify("DSA Title").map(|x| x.0), Some(Field::Title));
        assert_eq!(
            v.classify("Agreement name").map(|x| x.0),
            Some(Field::Title)
        );
        assert_eq!(
            v.classify("Partner organisations").map(|x| x.0),
            Some(Field::Parties)
        );
        assert_eq!(
            v.classify("Review Due").map(|x| x.0),
            Some(Field::ReviewDate)
        );
        assert_eq!(
            v.classify("ISG ref").map(|x| x.0),
            Some(Field::IsgReference)
        );
        assert_eq!(
            v.classify("Gateway ID").map(|x| x.0),
            Some(Field::IsgReference)
        );
        assert_eq!(
            v.classify("Information Asset Owner").map(|x| x.0),
            Some(Field::Owner)
        );
        assert_eq!(v.classify("Colour"), None);
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(28), "AB");
    }
}
