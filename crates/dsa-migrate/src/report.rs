//! The report stage: report.json, report.csv and report.html written from entry files
//! spilled borough by borough (never one report held whole), and the report's types.

use super::*;

/// One input file in the report.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct InputReport {
    /// Path relative to the input directory, with `/` separators.
    pub path: String,
    /// Borough folder (first path component), or "" for files at the top.
    pub borough: String,
    /// Outcome.
    pub status: Status,
    /// Why it failed, is unsupported or was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// sha256 of the file.
    pub sha256: String,
    /// Ids of the agreements it contributed to.
    pub agreements: Vec<String>,
}

/// One agreement in the report.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct AgreementReport {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Borough folder.
    pub borough: String,
    /// Package path relative to the output directory.
    pub package: String,
    /// Source files (relative paths; register rows as `file#sheet!row`).
    pub sources: Vec<String>,
    /// Whether it came from a document, a register row, or both: `document`, `register`,
    /// `document+register`.
    pub origin: String,
    /// Validation errors.
    pub errors: usize,
    /// Validation warnings.
    pub warnings: usize,
    /// The first findings (errors first); all of them are in the package's validation.json.
    /// Kept short so a report over tens of thousands of agreements stays small.
    pub findings: Vec<Finding>,
    /// Template sections found in the document (DOCX imports), as their labels.
    pub sections_found: Vec<String>,
    /// How many import notes (uncertain, missing, noteworthy) the package's
    /// import-notes.json lists.
    pub import_notes: usize,
    /// Register and document disagree here (field, document value, register value).
    pub conflicts: Vec<Conflict>,
    /// How its register row and document were joined; for a row that matched several
    /// documents equally, which (it joined none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinReport>,
    /// Reference, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Next review date (§1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<chrono::NaiveDate>,
    /// Termination date, when it ends on a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_date: Option<chrono::NaiveDate>,
    /// Publish date (§1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_date: Option<chrono::NaiveDate>,
    /// The Pan-London DSA type, in the template's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dsa_type: Option<String>,
    /// The agreement's status, in words ("Live / signed / finalised").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The parties, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    /// The first import notes (all of them are in the package's import-notes.json), so the
    /// report shows them where the agreement is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ImportNote>,
    /// The agreement's page (its findings, notes and the rendered agreement), relative to
    /// the output folder.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub page: String,
    /// The corrections aimed at it (`--corrections`), applied or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<CorrectionReport>,
}

/// A value on which a document and its register row disagree.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Conflict {
    /// Field (JSON Pointer).
    pub field: String,
    /// Value in the document.
    pub document: String,
    /// Value in the register.
    pub register: String,
}

/// The migration report (`report.json`), as [`read_report`] reads it back.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Report {
    /// Tool version.
    pub tool_version: String,
    /// The date reviews were checked against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Totals by status, and agreement counts.
    pub totals: Totals,
    /// What became of each correction in the corrections file, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<CorrectionReport>,
    /// Every input: files at the top of the input first, then each borough folder in
    /// name order, each in path order.
    pub inputs: Vec<InputReport>,
    /// Every agreement, by borough then id.
    pub agreements: Vec<AgreementReport>,
}

/// Totals.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Totals {
    /// Inputs seen.
    pub inputs: usize,
    /// Converted inputs.
    pub converted: usize,
    /// Failed inputs.
    pub failed: usize,
    /// Unsupported inputs.
    pub unsupported: usize,
    /// Skipped inputs.
    pub skipped: usize,
    /// Agreements packaged.
    pub agreements: usize,
    /// Agreements with validation errors.
    pub agreements_with_errors: usize,
    /// Register rows joined to a document.
    pub joined: usize,
    /// Register rows without a document.
    pub rows_without_document: usize,
    /// Documents no register row joined, where a register could list them (one in their
    /// folder, or a tracker at the top of the backlog or in a folder of registers only).
    pub documents_without_row: usize,
    /// Corrections applied (`--corrections`).
    #[serde(default)]
    pub corrections_applied: usize,
    /// Corrections that no longer apply, reported with the reason.
    #[serde(default)]
    pub corrections_not_applied: usize,
}

impl Totals {
    /// Counts an input's status.
    pub(crate) fn count(&mut self, status: Status) {
        self.inputs += 1;
        match status {
            Status::Converted => self.converted += 1,
            Status::Failed => self.failed += 1,
            Status::Unsupported => self.unsupported += 1,
            Status::Skipped => self.skipped += 1,
        }
    }
}

/// Findings listed per agreement in the report (the package has them all).
pub(crate) const REPORTED_FINDINGS: usize = 10;

/// How many import notes an agreement's report entry shows (its package has them all).
pub(crate) const REPORTED_NOTES: usize = 10;

/// What [`migrate`] returns: the totals. The whole report is in OUT/report.json (and
/// .csv, .html); [`read_report`] reads it back.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Tool version.
    pub tool_version: String,
    /// The date reviews were checked against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Totals by status, and agreement counts.
    pub totals: Totals,
    /// What became of each correction, in file order (a few lines per correction).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<CorrectionReport>,
}

/// Reads OUT/report.json back.
pub fn read_report(out: &Path) -> Result<Report, MigrateError> {
    let path = out.join("report.json");
    let file = std::fs::File::open(&path)
        .map_err(|e| MigrateError::Input(path.display().to_string(), e.to_string()))?;
    serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|e| MigrateError::Input(path.display().to_string(), e.to_string()))
}

/// Report entries written as JSON Lines while the run goes on, one file for inputs, one
/// for agreements and one for their gateway rows (temporary files: a killed run's are
/// removed by the next). Entries come in the order things finish (a document a row
/// elsewhere could join is packaged at the end); each is written with its place in the
/// report, and the reports read them in that order.
pub(crate) struct Spill {
    pub(crate) inputs: SpillFile,
    pub(crate) agreements: SpillFile,
    pub(crate) gateway: SpillFile,
}

/// One entry file being written, and where each entry is in it, by its place in the
/// report.
pub(crate) struct SpillFile {
    path: PathBuf,
    w: std::io::BufWriter<std::fs::File>,
    written: u64,
    order: Vec<(String, u64)>,
}

/// The finished entry files, read as many times as the reports need.
pub(crate) struct Entries {
    pub(crate) inputs: EntryFile,
    pub(crate) agreements: EntryFile,
    pub(crate) gateway: EntryFile,
}

/// A finished entry file: its entries' offsets in report order.
pub(crate) struct EntryFile {
    path: PathBuf,
    offsets: Vec<u64>,
}

impl Spill {
    pub(crate) fn create(out: &Path) -> Result<Spill, MigrateError> {
        std::fs::create_dir_all(out)
            .map_err(|e| MigrateError::Output(out.display().to_string(), e.to_string()))?;
        let open = |what: &str| {
            let path = out.join(format!(
                "report-{what}{TMP_MARK}{}.jsonl",
                std::process::id()
            ));
            std::fs::File::create(&path)
                .map(|f| SpillFile {
                    path: path.clone(),
                    w: std::io::BufWriter::new(f),
                    written: 0,
                    order: Vec::new(),
                })
                .map_err(|e| MigrateError::Output(path.display().to_string(), e.to_string()))
        };
        Ok(Spill {
            inputs: open("inputs")?,
            agreements: open("agreements")?,
            gateway: open("gateway")?,
        })
    }

    /// An input's entry: the report lists inputs by folder, then path.
    pub(crate) fn input(&mut self, i: &InputReport) -> Result<(), MigrateError> {
        self.inputs.write(format!("{}\n{}", i.borough, i.path), i)
    }

    /// An agreement's entry and its gateway rows: the report lists agreements by
    /// folder, then first source.
    pub(crate) fn agreement(
        &mut self,
        a: &AgreementReport,
        g: &gateway::GatewayRows,
    ) -> Result<(), MigrateError> {
        let first = a.sources.first().map_or("", String::as_str);
        let key = format!("{}\n{first}\n{}", a.borough, a.id);
        self.gateway.write(key.clone(), g)?;
        self.agreements.write(key, a)
    }

    pub(crate) fn finish(self) -> Result<Entries, MigrateError> {
        Ok(Entries {
            inputs: self.inputs.finish()?,
            agreements: self.agreements.finish()?,
            gateway: self.gateway.finish()?,
        })
    }
}

impl SpillFile {
    fn write<T: Serialize>(&mut self, key: String, entry: &T) -> Result<(), MigrateError> {
        let mut line = serde_json::to_vec(entry)
            .map_err(|e| MigrateError::Output(self.path.display().to_string(), e.to_string()))?;
        line.push(b'\n');
        self.w
            .write_all(&line)
            .map_err(|e| MigrateError::Output(self.path.display().to_string(), e.to_string()))?;
        self.order.push((key, self.written));
        self.written += line.len() as u64;
        Ok(())
    }

    fn finish(mut self) -> Result<EntryFile, MigrateError> {
        self.w
            .flush()
            .map_err(|e| MigrateError::Output(self.path.display().to_string(), e.to_string()))?;
        // Stable: entries with the same key keep the order they were written in.
        self.order.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(EntryFile {
            path: self.path,
            offsets: self.order.into_iter().map(|(_, o)| o).collect(),
        })
    }
}

impl EntryFile {
    /// The entries in report order (read sequentially while that is the order written).
    fn read<T: serde::de::DeserializeOwned>(
        &self,
    ) -> std::io::Result<impl Iterator<Item = std::io::Result<T>> + '_> {
        use std::io::{BufRead, Seek};
        let mut file = std::io::BufReader::new(std::fs::File::open(&self.path)?);
        let mut at = 0u64;
        let mut line = String::new();
        Ok(self.offsets.iter().map(move |&offset| {
            if offset != at {
                file.seek(std::io::SeekFrom::Start(offset))?;
            }
            line.clear();
            let n = file.read_line(&mut line)?;
            at = offset + n as u64;
            serde_json::from_str(&line).map_err(std::io::Error::other)
        }))
    }
}

impl Entries {
    /// Every input entry, in report order.
    pub(crate) fn inputs(
        &self,
    ) -> std::io::Result<impl Iterator<Item = std::io::Result<InputReport>> + '_> {
        self.inputs.read()
    }

    /// Every agreement entry, in report order.
    pub(crate) fn agreements(
        &self,
    ) -> std::io::Result<impl Iterator<Item = std::io::Result<AgreementReport>> + '_> {
        self.agreements.read()
    }

    /// Every agreement's gateway rows, in agreement order.
    pub(crate) fn gateway(
        &self,
    ) -> std::io::Result<impl Iterator<Item = std::io::Result<gateway::GatewayRows>> + '_> {
        self.gateway.read()
    }

    pub(crate) fn remove(self) {
        let _ = std::fs::remove_file(&self.inputs.path);
        let _ = std::fs::remove_file(&self.agreements.path);
        let _ = std::fs::remove_file(&self.gateway.path);
    }
}

/// report.json written from the entry files: the same document as serialising a
/// [`Report`], without holding one.
pub(crate) struct StreamedReport<'a> {
    pub(crate) summary: &'a Summary,
    pub(crate) entries: &'a Entries,
}

impl Serialize for StreamedReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq, SerializeStruct};
        struct Seq<I>(std::cell::RefCell<Option<I>>);
        impl<T: Serialize, I: Iterator<Item = std::io::Result<T>>> Serialize for Seq<I> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(None)?;
                if let Some(items) = self.0.borrow_mut().take() {
                    for item in items {
                        seq.serialize_element(&item.map_err(S::Error::custom)?)?;
                    }
                }
                seq.end()
            }
        }
        let inputs = self.entries.inputs().map_err(S::Error::custom)?;
        let agreements = self.entries.agreements().map_err(S::Error::custom)?;
        let mut st = s.serialize_struct("Report", 6)?;
        st.serialize_field("tool_version", &self.summary.tool_version)?;
        if let Some(d) = self.summary.as_of {
            st.serialize_field("as_of", &d)?;
        }
        st.serialize_field("totals", &self.summary.totals)?;
        if !self.summary.corrections.is_empty() {
            st.serialize_field("corrections", &self.summary.corrections)?;
        }
        st.serialize_field("inputs", &Seq(std::cell::RefCell::new(Some(inputs))))?;
        st.serialize_field(
            "agreements",
            &Seq(std::cell::RefCell::new(Some(agreements))),
        )?;
        st.end()
    }
}

pub(crate) fn csv_field(s: &str) -> String {
    // Spreadsheet formula injection: a leading = + - @ is neutralised with a quote.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(crate) fn write_reports(
    out: &Path,
    summary: &Summary,
    entries: &Entries,
) -> Result<(), MigrateError> {
    // Streamed from the entry files to the report files: at tens of thousands of
    // agreements the reports run to tens of megabytes and are never held whole.
    write_atomic_with(&out.join("report.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &StreamedReport { summary, entries })
            .map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    write_atomic_with(&out.join("report.csv"), |w| {
        w.write_all(b"path,borough,status,reason,agreements,sha256\n")?;
        for i in entries.inputs()? {
            let i = i?;
            let status = match i.status {
                Status::Converted => "converted",
                Status::Failed => "failed",
                Status::Unsupported => "unsupported",
                Status::Skipped => "skipped",
            };
            writeln!(
                w,
                "{},{},{},{},{},{}",
                csv_field(&i.path),
                csv_field(&i.borough),
                status,
                csv_field(i.reason.as_deref().unwrap_or("")),
                csv_field(&i.agreements.join(" ")),
                i.sha256
            )?;
        }
        Ok(())
    })?;
    write_atomic_with(&out.join("report.html"), |w| {
        html::render(summary, entries, w)
    })?;
    write_atomic_with(&out.join("reviews.ics"), |w| {
        reviews::write_calendar(summary, entries, w)
    })?;
    write_atomic_with(&out.join("gateway.xlsx"), |w| {
        w.write_all(&gateway::workbook(summary.as_of, entries.gateway()?)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn csv_neutralises_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("-1"), "'-1");
    }
}
