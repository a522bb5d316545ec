//! `dsa migrate`: a backlog tree (typically one folder per borough) in, upload packages
//! and reports out. Every input is accounted for exactly once: converted, failed,
//! unsupported or skipped, with its reason.
//!
//! Imports run in parallel (rayon); a panic while importing one file is caught and
//! recorded as that file's failure. Register rows are joined to documents of the same
//! borough by reference, ISG reference or title similarity; disagreements between the
//! two are reported, never silently resolved. Packages and reports are written
//! atomically (temporary file, then rename) and deterministically.

mod corrections;
mod gateway;
mod html;
mod plan;
mod reviews;

pub use corrections::{CorrectionReport, Corrections};
pub use plan::JoinReport;
use plan::{base_id, norm_title, Body, Candidate};

use std::collections::BTreeMap;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use dsa_import::{Format, NotRead};
use dsa_model::validation::{self, Finding, Severity};
use dsa_model::{Agreement, CodeList};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Why a migration could not run at all (individual inputs never stop it).
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The input directory cannot be read.
    #[error("[E-MIG-001] cannot read the input directory {0}: {1}")]
    Input(String, String),
    /// The output directory cannot be written.
    #[error("[E-MIG-002] cannot write {0}: {1}")]
    Output(String, String),
    /// The disk holding the output directory is full: the run stops (every later write
    /// would fail too), leaving no partial file.
    #[error("[E-MIG-003] the disk holding {0} is full (writing {1}); free space or choose another -o, then run again")]
    DiskFull(String, String),
    /// The corrections file cannot be read, or an entry in it is wrong (FILE:LINE).
    #[error("[E-MIG-004] corrections file {0}: {1}")]
    Corrections(String, String),
}

/// What happened to one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Imported; its agreement(s) are packaged.
    Converted,
    /// Could not be imported (the reason says why).
    Failed,
    /// A kind of file the toolkit does not read (.doc, .pdf, images...).
    Unsupported,
    /// Deliberately not read (Office lock files, hidden files).
    Skipped,
}

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
    /// Documents without a register row (where the borough has a register).
    pub documents_without_row: usize,
    /// Corrections applied (`--corrections`).
    #[serde(default)]
    pub corrections_applied: usize,
    /// Corrections that no longer apply, reported with the reason.
    #[serde(default)]
    pub corrections_not_applied: usize,
}

/// Options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Worker threads (default: all cores).
    pub jobs: Option<usize>,
    /// Tool version recorded in packages and reports.
    pub tool_version: String,
    /// Reuse the previous run's import of every input whose bytes (sha256) and tool
    /// version are unchanged (kept in OUT/.cache).
    pub resume: bool,
    /// Bytes of imported agreements (with their sources, as `held_size` estimates them) a
    /// borough's run may hold in memory until packaging; the rest are read back from
    /// OUT/.cache.
    /// [`HELD_AGREEMENTS_BUDGET`] by default; 0 reads every agreement back.
    pub held_bytes: usize,
    /// The date reviews and terminations are checked against (`--as-of`, today by
    /// default at the CLI): overdue reviews are findings (DSA019) and are listed in the
    /// report and reviews.ics. None leaves the dated rules out.
    pub as_of: Option<chrono::NaiveDate>,
    /// Corrections applied after import (`--corrections FILE`).
    pub corrections: Corrections,
    /// The corrections file's path: reported as skipped, not read as an input, when it
    /// lies inside the backlog.
    pub corrections_path: Option<PathBuf>,
}

/// How migration reads an input, from the reader contract's [`Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Docx,
    Register(Format),
    /// A canonical agreement (JSON or XML): packaged as it is, after validation.
    Agreement(Format),
}

fn kind_of(format: Result<Format, NotRead>) -> Result<Kind, (Status, String)> {
    match format {
        Ok(Format::Docx) => Ok(Kind::Docx),
        Ok(f) if f.is_register() => Ok(Kind::Register(f)),
        Ok(f @ (Format::Json | Format::Xml)) => Ok(Kind::Agreement(f)),
        Ok(_) => Err((
            Status::Unsupported,
            "already an upload package: give migrate the documents and registers it came from"
                .into(),
        )),
        Err(e) if e.is_skip() => Err((Status::Skipped, e.to_string())),
        Err(e) => Err((Status::Unsupported, e.to_string())),
    }
}

/// What the name says an input is (for planning before it is read).
fn classify(rel: &str) -> Result<Kind, (Status, String)> {
    kind_of(Format::from_name(rel))
}

/// What an import gives migration, in a form that can be cached between runs.
#[derive(Clone, Serialize, serde::Deserialize)]
enum Imported {
    /// A document: its agreement, the template sections found, and the importer's notes.
    Document {
        agreement: Box<Agreement>,
        sections: Vec<String>,
        notes: Vec<ImportNote>,
    },
    /// A register: one agreement per row.
    Register(Vec<Row>),
}

/// [`Imported::Document`] borrowed, for writing a cache entry of an agreement kept for
/// packaging: serialises as that does (tested), without copying the agreement.
#[derive(Serialize)]
enum ImportedRef<'a> {
    Document {
        agreement: &'a Agreement,
        sections: &'a [&'static str],
        notes: &'a [ImportNote],
    },
}

/// One register row.
#[derive(Clone, Serialize, serde::Deserialize)]
struct Row {
    sheet: String,
    row: u32,
    agreement: Agreement,
    notes: Vec<ImportNote>,
    /// The row as written: its package carries this, not the register.
    #[serde(default)]
    cells: Vec<dsa_xlsx::RowCell>,
}

/// Something an importer found uncertain, missing or noteworthy in a source: the
/// package's `import-notes.json` lists them for the person checking the migration.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ImportNote {
    /// The source: a file, or a register row as `file#sheet!row`.
    pub source: String,
    /// `uncertain` (a value matched fuzzily or guessed), `missing`, or `note`.
    pub kind: String,
    /// Template section, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Where in the source.
    pub location: String,
    /// What happened.
    pub message: String,
}

/// A cached import: the outcome for one input's bytes under one tool version. Read as
/// owned values; written borrowing the outcome, which is kept (copying every provenance
/// record just to write them would cost more than writing them).
#[derive(Serialize, serde::Deserialize)]
struct Cached<V = String, O = Result<Imported, (Status, String)>> {
    tool_version: V,
    outcome: O,
}

/// The documents of a borough held until packaged and packaged on their own (no register
/// row joined), by cache key: such a package's agreement.json is the imported agreement
/// with only the id set, so the cache points there instead of holding a second copy. One
/// file per borough, written once its packages are: an entry file per document (a file
/// created and renamed for each) was a tenth of a migration's time.
#[derive(Serialize, serde::Deserialize, Default)]
struct PackagedIndex {
    tool_version: String,
    documents: BTreeMap<String, Packaged>,
}

/// Where a document packaged on its own left its agreement, and the rest of its outcome.
#[derive(Clone, Serialize, serde::Deserialize)]
struct Packaged {
    /// The package, relative to OUT (`packages/...`).
    package: String,
    /// sha256 of the package's agreement.json when it was written: a package since
    /// rewritten with something else (a register row joined on a later run) is not
    /// mistaken for this import.
    agreement_sha256: String,
    /// The imported agreement's own id (a rendered document carries one); the package's
    /// is the migration's.
    id: Option<String>,
    sections: Vec<String>,
    notes: Vec<ImportNote>,
}

struct Input {
    /// Name of this input's entry in OUT/.cache.
    cache_key: String,
    rel: String,
    path: PathBuf,
    borough: String,
    sha256: String,
    outcome: Result<Kept, (Status, String)>,
}

/// What a borough's run keeps of an import until packaging. A document's agreement (with
/// its provenance, about 100 KB), or its package when built at import, is kept only while
/// what the borough holds stays within [`Options::held_bytes`]; the others are read back
/// from the cache when their packages are written, so what is held does not grow with the
/// number of documents.
enum Kept {
    Document(Box<DocKeys>),
    Register(Vec<Row>),
}

/// Bytes of agreements (with their sources, as `held_size` estimates them) a borough's
/// run holds in memory between import and packaging by default, instead of reading them
/// back from the cache: reading back and parsing costs about a tenth of a document's migration, and
/// with this bound what is held stays the same however large the backlog.
pub const HELD_AGREEMENTS_BUDGET: usize = 32 * 1024 * 1024;

/// A document held in memory from its import until it is packaged.
enum Held {
    /// Its agreement, import notes and the bytes it was imported from (the package holds
    /// those very bytes, without a second read).
    Agreement {
        agreement: Box<Agreement>,
        notes: Vec<ImportNote>,
        source: dsa_package::Source,
        /// Freshly imported, so its cache entry is written when it is packaged: then it
        /// is known whether a register row joined it, and if none did, the borough's
        /// index points to the package instead of holding a copy of the agreement.
        uncached: bool,
    },
    /// Its package, built at import. In a borough without registers no row can join a
    /// document, so a document's package is known once it is imported, but for its id
    /// (another document with the same reference makes it `-2`). Built then, while the
    /// agreement is still in the processor's caches, it costs markedly less than after the
    /// whole borough is imported; under a different id it is built again.
    Packaged {
        /// The id it was built with.
        id: String,
        /// The imported agreement's own id.
        import_id: Option<String>,
        notes: Vec<ImportNote>,
        built: Box<Built>,
    },
}

/// An agreement validated and zipped, not yet written.
struct Built {
    zip: Vec<u8>,
    title: String,
    reference: Option<String>,
    review_date: Option<chrono::NaiveDate>,
    termination_date: Option<chrono::NaiveDate>,
    publish_date: Option<chrono::NaiveDate>,
    dsa_type: Option<String>,
    status: Option<String>,
    parties: Vec<String>,
    /// The first import notes, for the report.
    notes: Vec<ImportNote>,
    /// The agreement's page (`html::page`), and where it goes under OUT.
    page: String,
    page_path: String,
    findings: Vec<Finding>,
    import_notes: usize,
    /// sha256 of the package's agreement.json.
    agreement_sha256: String,
    /// Its rows of gateway.xlsx (borough and package filled in where it is written).
    gateway: gateway::GatewayRows,
}

/// Validates an agreement (its id set) and builds its package.
fn build_package(
    agreement: &Agreement,
    notes: &[ImportNote],
    sources: &[dsa_package::Source],
    register_row: Option<&dsa_package::RegisterRow>,
    tool_version: &str,
    as_of: Option<chrono::NaiveDate>,
    borough: &str,
) -> Result<Built, MigrateError> {
    let id = agreement.id.clone().unwrap_or_default();
    let fail = |e: &dyn std::fmt::Display| MigrateError::Output(id.clone(), e.to_string());
    let findings = match as_of {
        Some(d) => validation::validate_as_of(agreement, d),
        None => validation::validate(agreement),
    };
    let json = dsa_model::json::to_string(agreement).map_err(|e| fail(&e))?;
    let xml = dsa_xml::to_string(agreement).map_err(|e| fail(&e))?;
    let mut validation_json = serde_json::to_string_pretty(&findings).map_err(|e| fail(&e))?;
    validation_json.push('\n');
    let mut notes_json = serde_json::to_string_pretty(notes).map_err(|e| fail(&e))?;
    notes_json.push('\n');
    let (zip, manifest) = dsa_package::build_with_manifest(&dsa_package::Contents {
        json: &json,
        xml: &xml,
        validation: &validation_json,
        import_notes: &notes_json,
        sources,
        register_row,
        tool_version,
    })
    .map_err(|e| fail(&e))?;
    let agreement_sha256 = manifest
        .entries
        .into_iter()
        .find(|e| e.name == "agreement.json")
        .map(|e| e.sha256)
        .unwrap_or_default();
    let dir = borough_dir(borough);
    let key = agreement_key(borough, &id);
    let page = html::page::agreement_page(agreement, &findings, notes, &dir, &key);
    Ok(Built {
        zip,
        page,
        page_path: html::page::path(&dir, &id),
        title: agreement.title.clone(),
        reference: agreement.reference.clone(),
        review_date: agreement.review.review_date,
        termination_date: match agreement.review.termination {
            Some(dsa_model::Termination::OnDate(d)) => Some(d),
            _ => None,
        },
        publish_date: agreement.review.publish_date,
        dsa_type: agreement.dsa_type.map(|t| t.wording().to_string()),
        status: agreement.status.map(|t| t.wording().to_string()),
        parties: agreement.parties.iter().map(|p| p.name.clone()).collect(),
        notes: notes.iter().take(REPORTED_NOTES).cloned().collect(),
        gateway: gateway::rows_of(agreement, "", ""),
        findings,
        import_notes: notes.len(),
        agreement_sha256,
    })
}

/// How the report and a corrections file name an agreement: `borough/id`, or the id alone
/// for files at the top of the backlog.
fn agreement_key(borough: &str, id: &str) -> String {
    if borough.is_empty() {
        id.to_string()
    } else {
        format!("{borough}/{id}")
    }
}

/// The folder a borough's packages and pages go in: its own name, `_top` for files at the
/// top of the backlog.
fn borough_dir(borough: &str) -> String {
    if borough.is_empty() {
        "_top".to_string()
    } else {
        borough.to_string()
    }
}

/// An agreement's id before duplicates are numbered: its reference (or ISG reference) as
/// a slug, else a hash of its first source's content and label.
/// Roughly what a document's agreement and source take in memory, for the held budget:
/// provenance and unmapped content (text, paths, headings) are nearly all of an agreement.
fn held_size(a: &Agreement, source: &dsa_package::Source) -> usize {
    const RECORD: usize = 96; // a record's own fields and allocation overhead
    let provenance: usize = a
        .provenance
        .iter()
        .map(|p| {
            RECORD
                + p.field.len()
                + p.text.len()
                + p.source.path.len()
                + p.source.heading.as_ref().map_or(0, String::len)
        })
        .sum();
    let unmapped: usize = a
        .unmapped
        .iter()
        .map(|u| RECORD + u.text.len() + u.location.len())
        .sum();
    4096 + provenance + unmapped + source.bytes().len()
}

/// A document's join keys, and its agreement when held in memory.
struct DocKeys {
    reference: Option<String>,
    isg_reference: Option<String>,
    /// The title as normalised for matching (`norm_title`).
    title: String,
    sections: Vec<&'static str>,
    /// The agreement, if the budget allowed holding it; taken when packaged.
    held: std::sync::Mutex<Option<Held>>,
}

/// The files of a backlog, and the entries it reports without reading: links that lead
/// outside it, broken links, unreadable folders. Symbolic links inside the backlog are
/// followed (a linked document is an input like any other); the output folder, when it
/// lies inside the backlog, is left out, so a second run does not migrate the first's
/// packages.
fn read_tree(root: &Path, out: &Path, corrections: Option<&Path>) -> Result<Walked, MigrateError> {
    if !root.is_dir() {
        return Err(MigrateError::Input(
            root.display().to_string(),
            "not a directory".into(),
        ));
    }
    let canonical_root = root
        .canonicalize()
        .map_err(|e| MigrateError::Input(root.display().to_string(), e.to_string()))?;
    let canonical_out = canonical_out(out);
    let corrections = corrections.and_then(|p| p.canonicalize().ok());
    let rel_of = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let reported = |rel: String, status: Status, reason: String| InputReport {
        borough: rel
            .split_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or_default(),
        path: rel,
        status,
        reason: Some(reason),
        sha256: String::new(),
        agreements: Vec::new(),
    };
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let mut walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            // A folder linked into itself: its files are walked where they are.
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => {
                let path = e.path().map(rel_of).unwrap_or_default();
                let broken = e.path().is_some_and(|p| p.is_symlink() && !p.exists());
                let reason = if broken {
                    let target = e
                        .path()
                        .and_then(|p| std::fs::read_link(p).ok())
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    format!("broken symbolic link (to {target})")
                } else {
                    format!("cannot read: {e}")
                };
                refused.push(reported(path, Status::Failed, reason));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if is_dir && entry.depth() > 0 {
            let real = entry.path().canonicalize().ok();
            if real.is_some() && real == canonical_out {
                walk.skip_current_dir();
                continue;
            }
        }
        if entry.path_is_symlink() {
            let real = entry.path().canonicalize().ok();
            if !real
                .as_ref()
                .is_some_and(|r| r.starts_with(&canonical_root))
            {
                let target = real.map(|r| r.display().to_string()).unwrap_or_default();
                refused.push(reported(
                    rel_of(entry.path()),
                    Status::Skipped,
                    format!(
                        "symbolic link to {target}, outside the backlog: copy it into the backlog to migrate it"
                    ),
                ));
                if is_dir {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            let is_corrections = corrections.as_ref().is_some_and(|c| {
                c.file_name() == Some(entry.file_name())
                    && entry.path().canonicalize().ok().as_ref() == Some(c)
            });
            if is_corrections {
                refused.push(reported(
                    rel_of(entry.path()),
                    Status::Skipped,
                    "the corrections file (--corrections): applied to the agreements, not migrated"
                        .into(),
                ));
                continue;
            }
            files.push((rel_of(entry.path()), entry.path().to_path_buf()));
        }
    }
    Ok((files, refused))
}

/// A backlog's files (relative path, path) and the entries reported without reading.
type Walked = (Vec<(String, PathBuf)>, Vec<InputReport>);

/// Where `out` is (or will be) on disk, links resolved.
fn canonical_out(out: &Path) -> Option<PathBuf> {
    if let Ok(p) = out.canonicalize() {
        return Some(p);
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new(".")).canonicalize().ok()?;
    Some(parent.join(out.file_name()?))
}

/// A canonical agreement's text.
fn read_canonical(format: Format, bytes: &[u8]) -> Result<Agreement, String> {
    match format {
        Format::Xml => dsa_xml::from_slice(bytes).map_err(|e| e.to_string()),
        _ => dsa_model::json::from_slice(bytes).map_err(|e| e.to_string()),
    }
}

/// The spreadsheet reader's name for a register format.
fn register_kind(format: Format) -> dsa_xlsx::Kind {
    match format {
        Format::Csv => dsa_xlsx::Kind::Csv,
        _ => dsa_xlsx::Kind::Workbook,
    }
}

fn import_one(
    rel: &str,
    bytes: &[u8],
    profile: Option<&Path>,
) -> Result<Imported, (Status, String)> {
    let kind = kind_of(Format::detect(rel, bytes))?;
    let options = match profile {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                (
                    Status::Failed,
                    format!("cannot read profile {}: {e}", p.display()),
                )
            })?;
            let profile = dsa_xlsx::Profile::from_toml(&text)
                .map_err(|e| (Status::Failed, format!("{}: {e}", p.display())))?;
            dsa_xlsx::Options {
                profile: Some(profile),
                limits: dsa_xlsx::Limits::default(),
            }
        }
        None => dsa_xlsx::Options::default(),
    };
    let name = rel.to_string();
    let result = catch_unwind(AssertUnwindSafe(|| match kind {
        Kind::Docx => dsa_docx::import(bytes, Some(&name), dsa_docx::Limits::default())
            .map(|i| Imported::Document {
                notes: i
                    .diagnostics
                    .iter()
                    .map(|d| ImportNote {
                        source: name.clone(),
                        kind: match d.kind {
                            dsa_docx::DiagnosticKind::Uncertain => "uncertain",
                            dsa_docx::DiagnosticKind::Missing => "missing",
                            dsa_docx::DiagnosticKind::Note => "note",
                        }
                        .to_string(),
                        section: d.section.clone(),
                        location: d.location.clone(),
                        message: d.message.clone(),
                    })
                    .collect(),
                sections: i
                    .sections
                    .iter()
                    .filter(|s| s.found)
                    .map(|s| s.section.clone())
                    .collect(),
                agreement: Box::new(i.agreement),
            })
            .map_err(|e| e.to_string()),
        Kind::Agreement(format) => {
            read_canonical(format, bytes).map(|agreement| Imported::Document {
                agreement: Box::new(agreement),
                sections: Vec::new(),
                notes: Vec::new(),
            })
        }
        Kind::Register(format) => {
            dsa_xlsx::import_as(register_kind(format), bytes, Some(&name), &options)
                .map(|(records, _)| {
                    Imported::Register(
                        records
                            .into_iter()
                            .map(|r| Row {
                                notes: r
                                    .diagnostics
                                    .iter()
                                    .map(|m| ImportNote {
                                        source: format!("{name}#{}!{}", r.sheet, r.row),
                                        kind: "note".into(),
                                        section: None,
                                        location: format!("sheet {}, row {}", r.sheet, r.row),
                                        message: m.clone(),
                                    })
                                    .collect(),
                                sheet: r.sheet,
                                row: r.row,
                                agreement: r.agreement,
                                cells: r.cells,
                            })
                            .collect(),
                    )
                })
                .map_err(|e| e.to_string())
        }
    }));
    match result {
        Ok(Ok(i)) => Ok(i),
        Ok(Err(e)) => Err((Status::Failed, e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err((
                Status::Failed,
                format!("internal error while importing (a bug; please report): {msg}"),
            ))
        }
    }
}

/// Imports one input, through the cache in OUT/.cache: with `resume`, an input whose
/// bytes, profile, path and tool version are unchanged is not imported again. Returns the
/// cache key, the outcome, and whether it came from the cache; the caller records a fresh
/// import ([`write_outcome`] now, or the borough's [`PackagedIndex`] once packaged), so
/// any run can be resumed. `sha256` is the digest of `bytes`.
fn cached_import(
    rel: &str,
    bytes: &[u8],
    sha256: &str,
    profile: Option<&Path>,
    out: &Path,
    options: &Options,
    index: &PackagedIndex,
) -> (String, Result<Imported, (Status, String)>, bool) {
    let profile_text = profile
        .and_then(|p| std::fs::read(p).ok())
        .unwrap_or_default();
    let key = dsa_package::sha256_hex(
        format!(
            "{}\n{}\n{rel}",
            sha256,
            dsa_package::sha256_hex(&profile_text)
        )
        .as_bytes(),
    );
    if options.resume {
        if let Some(outcome) = cached_outcome(out, &key, options, index) {
            return (key, outcome, true);
        }
    }
    let outcome = import_one(rel, bytes, profile);
    (key, outcome, false)
}

/// Writes an import's outcome to its cache entry. A cache that cannot be written only
/// costs time on the next run.
fn write_outcome<O: Serialize>(out: &Path, key: &str, options: &Options, outcome: O) {
    let entry = Cached {
        tool_version: options.tool_version.as_str(),
        outcome,
    };
    // Streamed through the compressor to the file: a 100,000-row register's outcome is
    // hundreds of megabytes of JSON, never held whole.
    let _ = write_atomic_with(&cache_path(out, key), |w| {
        let mut lz4 = lz4_flex::frame::FrameEncoder::new(w);
        serde_json::to_writer(&mut lz4, &entry)?;
        lz4.finish().map_err(std::io::Error::other)?;
        Ok(())
    });
}

/// The cache key of a borough's [`PackagedIndex`].
fn index_key(borough: &str) -> String {
    dsa_package::sha256_hex(format!("packaged documents\n{borough}").as_bytes())
}

/// A borough's index of documents packaged on their own, as the last run wrote it for
/// this tool version; empty when there is none.
fn read_index(out: &Path, borough: &str, options: &Options) -> PackagedIndex {
    read_cache(&cache_path(out, &index_key(borough)))
        .and_then(|json| serde_json::from_slice::<PackagedIndex>(&json).ok())
        .filter(|i| i.tool_version == options.tool_version)
        .unwrap_or_default()
}

/// The outcome the cache gives for a key: its entry, else the borough's index of
/// documents packaged on their own (the agreement read back from the package and checked
/// against the digest). None when neither serves (no entry for this tool version,
/// unreadable, a package that no longer holds what was written): the input is then
/// imported again.
fn cached_outcome(
    out: &Path,
    key: &str,
    options: &Options,
    index: &PackagedIndex,
) -> Option<Result<Imported, (Status, String)>> {
    let entry = read_cache(&cache_path(out, key))
        .and_then(|json| serde_json::from_slice::<Cached>(&json).ok())
        .filter(|c| c.tool_version == options.tool_version);
    if let Some(entry) = entry {
        return Some(entry.outcome);
    }
    let p = index.documents.get(key)?;
    // Only this tool's package paths: an edited index reads nothing else.
    let inside = Path::new(&p.package)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside || !p.package.starts_with("packages/") {
        return None;
    }
    let zip = std::fs::read(out.join(&p.package)).ok()?;
    let json = dsa_package::read_entry(&zip, "agreement.json", CACHE_MOST).ok()?;
    if dsa_package::sha256_hex(&json) != p.agreement_sha256 {
        return None;
    }
    let mut agreement = dsa_model::json::from_slice(&json).ok()?;
    agreement.id = p.id.clone();
    Some(Ok(Imported::Document {
        agreement: Box::new(agreement),
        sections: p.sections.clone(),
        notes: p.notes.clone(),
    }))
}

/// OUT/.cache/KEY.json.lz4: an import's outcome as LZ4-compressed JSON (`lz4cat`
/// shows it). Provenance makes an entry ~100 KB of JSON, more than the package it
/// feeds; LZ4 keeps about a fifth of that at a small fraction of the cost of deflating
/// it, and writing less costs less (gzip here cost more CPU than the writes it saved).
fn cache_path(out: &Path, key: &str) -> PathBuf {
    out.join(".cache").join(format!("{key}.{CACHE_SUFFIX}"))
}

const CACHE_SUFFIX: &str = "json.lz4";

fn write_cache(path: &Path, json: &[u8]) -> Result<(), MigrateError> {
    use std::io::Write;
    let mut lz4 = lz4_flex::frame::FrameEncoder::new(Vec::with_capacity(json.len() / 3));
    lz4.write_all(json)
        .map_err(|e| e.to_string())
        .and_then(|()| lz4.finish().map_err(|e| e.to_string()))
        .map_err(|e| MigrateError::Output(path.display().to_string(), e))
        .and_then(|bytes| write_atomic(path, &bytes))
}

/// The JSON of a cache entry, or None when it is missing or unreadable (the input is
/// then imported again).
fn read_cache(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut json = Vec::new();
    lz4_flex::frame::FrameDecoder::new(std::io::BufReader::new(file))
        .take(CACHE_MOST + 1)
        .read_to_end(&mut json)
        .ok()?;
    (json.len() as u64 <= CACHE_MOST).then_some(json)
}

/// Bounded, as any input: a cached agreement larger than this is not one this tool wrote.
const CACHE_MOST: u64 = 1 << 30;

/// What a document holds in memory for packaging, taken (so held once, used once).
fn take_held(input: &Input) -> Option<Held> {
    let Ok(Kept::Document(keys)) = &input.outcome else {
        return None;
    };
    match keys.held.lock() {
        Ok(mut h) => h.take(),
        Err(poisoned) => poisoned.into_inner().take(),
    }
}

/// A document's agreement at packaging time when not held in memory: from the cache its
/// import wrote, or, when that entry cannot be read (disk full, removed meanwhile), by
/// importing the bytes again.
fn document_agreement(
    input: &Input,
    bytes: &[u8],
    out: &Path,
    options: &Options,
    index: &PackagedIndex,
) -> Result<(Agreement, Vec<ImportNote>), String> {
    let outcome = match cached_outcome(out, &input.cache_key, options, index) {
        Some(o) => o,
        None => import_one(&input.rel, bytes, None),
    };
    match outcome {
        Ok(Imported::Document {
            agreement, notes, ..
        }) => Ok((*agreement, notes)),
        Ok(Imported::Register(_)) => Err("expected a document, found a register".into()),
        Err((_, reason)) => Err(reason),
    }
}

/// Findings listed per agreement in the report (the package has them all).
const REPORTED_FINDINGS: usize = 10;

/// How many import notes an agreement's report entry shows (its package has them all).
const REPORTED_NOTES: usize = 10;

/// Marks temporary files; a run removes those a killed run left behind.
const TMP_MARK: &str = ".dsa-tmp-";

/// Removes files under `dir` matching `doomed` (missing directories are fine).
fn remove_files(dir: &Path, doomed: &dyn Fn(&Path) -> bool) -> Result<(), MigrateError> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry =
            entry.map_err(|e| MigrateError::Output(dir.display().to_string(), e.to_string()))?;
        if entry.file_type().is_file() && doomed(entry.path()) {
            std::fs::remove_file(entry.path()).map_err(|e| {
                MigrateError::Output(entry.path().display().to_string(), e.to_string())
            })?;
        }
    }
    Ok(())
}

/// Like [`write_atomic`], for content written piece by piece through a buffered writer.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), MigrateError> {
    let err = |e: std::io::Error| {
        if matches!(
            e.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ) {
            // Which OUT is filled in by `migrate`, which knows it.
            MigrateError::DiskFull(String::new(), path.display().to_string())
        } else {
            MigrateError::Output(path.display().to_string(), e.to_string())
        }
    };
    let mut tmp_name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp_name.push(format!("{TMP_MARK}{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    // The directory is made only when missing: making it every time (a mkdir that fails
    // with "exists") locks its parent directory, and the workers queued on that lock.
    let file = match std::fs::File::create(&tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(err)?;
            }
            std::fs::File::create(&tmp)
        }
        created => created,
    }
    .map_err(err)?;
    let mut w = std::io::BufWriter::new(file);
    // A failed write (a full disk) leaves nothing behind: no partial file under any name.
    let written = write(&mut w)
        .and_then(|_| w.into_inner().map_err(|e| e.into_error()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// Writes a file atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), MigrateError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Reads an input again for its package; the package must hold what was imported, byte
/// for byte, so the digest is checked against the import's.
/// Stores a source once beside the packages, named by its digest (the same file in two
/// boroughs, or on the next run, is written once), and says where.
fn store_source(
    out: &Path,
    source: &dsa_package::Source,
) -> Result<dsa_package::SourceRef, MigrateError> {
    let ext = source
        .name()
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "bin".into());
    let stored_at = format!("sources/{}.{ext}", source.sha256());
    let path = out.join(&stored_at);
    let size = source.bytes().len() as u64;
    if std::fs::metadata(&path).map_or(true, |m| m.len() != size) {
        write_atomic(&path, source.bytes())?;
    }
    Ok(dsa_package::SourceRef {
        name: source.name().to_string(),
        size,
        sha256: source.sha256().to_string(),
        stored_at,
    })
}

fn read_source(inp: &Input) -> Result<dsa_package::Source, String> {
    let bytes = std::fs::read(&inp.path).map_err(|e| e.to_string())?;
    let source = dsa_package::Source::new(inp.rel.clone(), bytes);
    if source.sha256() != inp.sha256 {
        return Err("the file changed while it was being migrated".into());
    }
    Ok(source)
}

/// Merges a register row's metadata into a document's agreement; disagreements become
/// conflicts (the document's value is kept and the register's is reported).
fn join(a: &mut Agreement, row: &Agreement) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    let mut conflict = |field: &str, d: String, r: String| {
        conflicts.push(Conflict {
            field: field.into(),
            document: d,
            register: r,
        });
    };
    macro_rules! merge {
        ($field:expr, $doc:expr, $reg:expr, $show:expr) => {
            match (&$doc, &$reg) {
                (None, Some(_)) => $doc = $reg.clone(),
                (Some(d), Some(r)) if d != r => conflict($field, $show(d), $show(r)),
                _ => {}
            }
        };
    }
    let s = |x: &String| x.clone();
    let d = |x: &chrono::NaiveDate| x.to_string();
    merge!("/reference", a.reference, row.reference, s);
    merge!("/isg_reference", a.isg_reference, row.isg_reference, s);
    merge!(
        "/status",
        a.status,
        row.status,
        |x: &dsa_model::AgreementStatus| x.code().to_string()
    );
    merge!(
        "/review/publish_date",
        a.review.publish_date,
        row.review.publish_date,
        d
    );
    merge!(
        "/review/review_date",
        a.review.review_date,
        row.review.review_date,
        d
    );
    if a.register.is_none() {
        a.register = row.register.clone();
    }
    for p in &row.parties {
        if a.party(&p.id).is_none() {
            a.parties.push(p.clone());
        }
    }
    a.extra_attributes
        .extend(row.extra_attributes.iter().cloned());
    for p in &row.provenance {
        if p.field.starts_with("/parties/") || p.field.starts_with("/extra_attributes/") {
            continue; // indices differ after merging; the row's own record keeps them
        }
        // The record names the register (listed in `sources`) and its path the row.
        let p = a.adopt_provenance(row, p);
        a.provenance.push(p);
    }
    conflicts
}

/// Runs a migration. `progress` is called once per input as it finishes.
///
/// Boroughs (top-level folders) are migrated one after another, each in parallel: joins
/// never cross a borough, and memory holds one borough's agreements at a time.
pub fn migrate(
    input: &Path,
    out: &Path,
    options: &Options,
    progress: &(dyn Fn() + Sync),
) -> Result<Summary, MigrateError> {
    run(input, out, options, progress).map_err(|e| {
        // A run that stops leaves no temporary file behind (the report's spill files
        // among them).
        let _ = remove_files(out, &|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(TMP_MARK))
        });
        match e {
            MigrateError::DiskFull(_, file) => {
                MigrateError::DiskFull(out.display().to_string(), file)
            }
            e => e,
        }
    })
}

fn run(
    input: &Path,
    out: &Path,
    options: &Options,
    progress: &(dyn Fn() + Sync),
) -> Result<Summary, MigrateError> {
    let (files, refused) = read_tree(input, out, options.corrections_path.as_deref())?;
    // Leftovers of a killed run: temporary files are never outputs.
    remove_files(out, &|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().contains(TMP_MARK))
    })?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| MigrateError::Input(input.display().to_string(), e.to_string()))?;
    let mut by_borough: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    for (rel, path) in files {
        let borough = rel
            .split_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or_default();
        by_borough.entry(borough).or_default().push((rel, path));
    }
    let mut totals = Totals::default();
    let mut corrections_matched = std::collections::BTreeSet::new();
    let mut corrections = Vec::new();
    let mut cache_keys = std::collections::BTreeSet::new();
    let mut current_packages = std::collections::BTreeSet::new();
    let mut current_sources = std::collections::BTreeSet::new();
    // Report entries go to disk borough by borough, so memory does not grow with the
    // backlog; the reports are written from these files at the end.
    let mut spill = Spill::create(out)?;
    for (borough, files) in &by_borough {
        let mut b = migrate_borough(borough, files, out, options, &pool, progress)?;
        totals.joined += b.joined;
        totals.rows_without_document += b.rows_without_document;
        totals.documents_without_row += b.documents_without_row;
        b.inputs.sort_by(|x, y| x.path.cmp(&y.path));
        for i in &b.inputs {
            totals.inputs += 1;
            match i.status {
                Status::Converted => totals.converted += 1,
                Status::Failed => totals.failed += 1,
                Status::Unsupported => totals.unsupported += 1,
                Status::Skipped => totals.skipped += 1,
            }
            spill.input(i)?;
        }
        corrections_matched.extend(b.corrections_matched);
        corrections.extend(b.corrections_ambiguous);
        for a in &b.agreements {
            corrections.extend(a.corrections.iter().cloned());
            totals.agreements += 1;
            totals.agreements_with_errors += usize::from(a.errors > 0);
            current_packages.insert(out.join(&a.package));
            spill.agreement(a)?;
        }
        for g in &b.gateway {
            spill.gateway(g)?;
        }
        cache_keys.extend(b.cache_keys);
        current_sources.extend(b.stored_sources.iter().map(|s| out.join(s)));
    }
    // Entries the walk reported without reading (links leading out, broken links).
    for i in &refused {
        totals.inputs += 1;
        match i.status {
            Status::Failed => totals.failed += 1,
            _ => totals.skipped += 1,
        }
        spill.input(i)?;
    }
    // Cache entries of inputs this run no longer has go, like their packages.
    // (Entries are KEY.json.lz4; any other name is an older tool's and goes too.)
    remove_files(&out.join(".cache"), &|p| {
        p.file_name().is_none_or(|n| {
            let n = n.to_string_lossy();
            !n.strip_suffix(CACHE_SUFFIX)
                .and_then(|k| k.strip_suffix('.'))
                .is_some_and(|k| cache_keys.contains(k))
        })
    })?;
    // Packages of agreements this run no longer has (inputs removed or changed) go, and
    // stored sources no package refers to.
    remove_files(&out.join("packages"), &|p| !current_packages.contains(p))?;
    remove_files(&out.join("sources"), &|p| !current_sources.contains(p))?;
    corrections.extend(options.corrections.unmatched(&corrections_matched));
    corrections.sort_by(|a, b| (a.line, &a.agreement).cmp(&(b.line, &b.agreement)));
    totals.corrections_applied = corrections.iter().filter(|c| c.applied).count();
    totals.corrections_not_applied = corrections.len() - totals.corrections_applied;
    let summary = Summary {
        tool_version: options.tool_version.clone(),
        as_of: options.as_of,
        totals,
        corrections,
    };
    let entries = spill.finish()?;
    let written = write_reports(out, &summary, &entries);
    entries.remove();
    written?;
    Ok(summary)
}

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

/// Report entries written as JSON Lines while the run goes on, one file for inputs and
/// one for agreements (temporary files: a killed run's are removed by the next).
struct Spill {
    inputs: (PathBuf, std::io::BufWriter<std::fs::File>),
    agreements: (PathBuf, std::io::BufWriter<std::fs::File>),
    gateway: (PathBuf, std::io::BufWriter<std::fs::File>),
}

/// The finished entry files, read as many times as the reports need.
struct Entries {
    inputs: PathBuf,
    agreements: PathBuf,
    gateway: PathBuf,
}

impl Spill {
    fn create(out: &Path) -> Result<Spill, MigrateError> {
        std::fs::create_dir_all(out)
            .map_err(|e| MigrateError::Output(out.display().to_string(), e.to_string()))?;
        let open = |what: &str| {
            let path = out.join(format!(
                "report-{what}{TMP_MARK}{}.jsonl",
                std::process::id()
            ));
            std::fs::File::create(&path)
                .map(|f| (path.clone(), std::io::BufWriter::new(f)))
                .map_err(|e| MigrateError::Output(path.display().to_string(), e.to_string()))
        };
        Ok(Spill {
            inputs: open("inputs")?,
            agreements: open("agreements")?,
            gateway: open("gateway")?,
        })
    }

    fn write<T: Serialize>(
        (path, w): &mut (PathBuf, std::io::BufWriter<std::fs::File>),
        entry: &T,
    ) -> Result<(), MigrateError> {
        serde_json::to_writer(&mut *w, entry)
            .map_err(std::io::Error::other)
            .and_then(|()| w.write_all(b"\n"))
            .map_err(|e| MigrateError::Output(path.display().to_string(), e.to_string()))
    }

    fn input(&mut self, i: &InputReport) -> Result<(), MigrateError> {
        Self::write(&mut self.inputs, i)
    }

    fn agreement(&mut self, a: &AgreementReport) -> Result<(), MigrateError> {
        Self::write(&mut self.agreements, a)
    }

    fn gateway(&mut self, g: &gateway::GatewayRows) -> Result<(), MigrateError> {
        Self::write(&mut self.gateway, g)
    }

    fn finish(self) -> Result<Entries, MigrateError> {
        let flush = |(path, mut w): (PathBuf, std::io::BufWriter<std::fs::File>)| {
            w.flush()
                .map(|()| path.clone())
                .map_err(|e| MigrateError::Output(path.display().to_string(), e.to_string()))
        };
        Ok(Entries {
            inputs: flush(self.inputs)?,
            agreements: flush(self.agreements)?,
            gateway: flush(self.gateway)?,
        })
    }
}

impl Entries {
    fn read<T: serde::de::DeserializeOwned>(
        path: &Path,
    ) -> std::io::Result<impl Iterator<Item = std::io::Result<T>>> {
        use std::io::BufRead;
        let file = std::fs::File::open(path)?;
        Ok(std::io::BufReader::new(file)
            .lines()
            .map(|line| line.and_then(|l| serde_json::from_str(&l).map_err(std::io::Error::other))))
    }

    /// Every input entry, in the order written.
    fn inputs(&self) -> std::io::Result<impl Iterator<Item = std::io::Result<InputReport>>> {
        Self::read(&self.inputs)
    }

    /// Every agreement entry, in the order written.
    fn agreements(
        &self,
    ) -> std::io::Result<impl Iterator<Item = std::io::Result<AgreementReport>>> {
        Self::read(&self.agreements)
    }

    /// Every agreement's gateway rows, in agreement order.
    fn gateway(
        &self,
    ) -> std::io::Result<impl Iterator<Item = std::io::Result<gateway::GatewayRows>>> {
        Self::read(&self.gateway)
    }

    fn remove(self) {
        let _ = std::fs::remove_file(&self.inputs);
        let _ = std::fs::remove_file(&self.agreements);
        let _ = std::fs::remove_file(&self.gateway);
    }
}

/// report.json written from the entry files: the same document as serialising a
/// [`Report`], without holding one.
struct StreamedReport<'a> {
    summary: &'a Summary,
    entries: &'a Entries,
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

/// What one borough's migration gives.
struct BoroughRun {
    cache_keys: Vec<String>,
    /// Source files stored beside the packages (paths relative to OUT).
    stored_sources: Vec<String>,
    /// Each agreement's gateway.xlsx rows, in `agreements` order.
    gateway: Vec<gateway::GatewayRows>,
    inputs: Vec<InputReport>,
    agreements: Vec<AgreementReport>,
    /// Corrections this borough's agreements matched, and those it could not place (a
    /// source several agreements come from).
    corrections_matched: Vec<usize>,
    corrections_ambiguous: Vec<CorrectionReport>,
    joined: usize,
    rows_without_document: usize,
    documents_without_row: usize,
}

/// Runs `work` on every file of a borough (with its bytes, or why they could not be
/// read), in parallel on `pool`, with a few threads of their own reading the files
/// ahead of the workers into the page cache: a read that misses the cache waits about
/// a millisecond for the disk here, which left a worker idle a quarter of the time. The
/// workers then read from the cache; the readers only touch the files (into one buffer
/// each, reused), so no memory passes between threads (handing buffers over made the
/// allocator fault in fresh pages). Results come in `files` order.
fn read_ahead<T: Send>(
    files: &[(String, PathBuf)],
    pool: &rayon::ThreadPool,
    work: impl Fn(usize, std::io::Result<Vec<u8>>) -> T + Sync,
) -> Vec<T> {
    use rayon::iter::ParallelBridge;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    const READERS: usize = 4;
    const READ_AHEAD: usize = 32;
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel(READ_AHEAD);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        for _ in 0..READERS.min(files.len()) {
            let (tx, next) = (tx.clone(), &next);
            scope.spawn(move || {
                let mut touched = Vec::new();
                loop {
                    let i = next.fetch_add(1, Relaxed);
                    let Some((_, path)) = files.get(i) else {
                        break;
                    };
                    touched.clear();
                    // Errors are the worker's to report, when it reads the file itself.
                    let _ = std::fs::File::open(path)
                        .and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut touched));
                    // The receiver is gone only if the workers stopped (a panic): stop too.
                    if tx.send(i).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        pool.install(|| {
            rx.into_iter()
                .par_bridge()
                .map(|i| (i, work(i, std::fs::read(&files[i].1))))
                .collect()
        })
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// An agreement ready to be packaged: with its import notes, its sources, and the
/// conflicts its join found.
type Assembled = (
    Agreement,
    Vec<ImportNote>,
    Vec<dsa_package::Source>,
    Vec<Conflict>,
    Option<dsa_package::RegisterRow>,
);

/// What packaging an agreement draws on, besides the agreement's own candidate.
struct Packaging<'a> {
    inputs: &'a [Input],
    rows: &'a [(usize, String, Row)],
    /// The borough's registers, each stored once beside the packages (OUT/sources).
    registers: &'a HashMap<usize, Result<dsa_package::SourceRef, String>>,
    out: &'a Path,
    options: &'a Options,
    index: &'a PackagedIndex,
}

impl Packaging<'_> {
    /// A candidate's agreement (joined to its register row, if any) with its import notes,
    /// sources and the join's conflicts, from what is held of it, or else the cache, the
    /// register row or a new import.
    fn assemble(
        &self,
        c: &Candidate,
        held: Option<(usize, Held)>,
    ) -> Result<Assembled, MigrateError> {
        let (inputs, rows) = (self.inputs, self.rows);
        let (held, mut held_source, uncached) = match held {
            Some((
                i,
                Held::Agreement {
                    agreement,
                    notes,
                    source,
                    uncached,
                },
            )) => (Some((agreement, notes)), Some((i, source)), uncached),
            // Built under another id (a document of the same reference came first): read
            // again and built again.
            Some((_, Held::Packaged { .. })) | None => (None, None, false),
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut sources: Vec<dsa_package::Source> = Vec::new();
        let mut register: Option<dsa_package::SourceRef> = None;
        for (_, i) in c.sources.iter().filter(|(_, i)| seen.insert(*i)) {
            // A held document's source is the very bytes it was imported from.
            if let Some((_, source)) = held_source.take_if(|(d, _)| d == i) {
                sources.push(source);
                continue;
            }
            // A register is referred to, not copied: its row goes in instead.
            if let Some(stored) = self.registers.get(i) {
                let stored = stored
                    .clone()
                    .map_err(|e| MigrateError::Input(inputs[*i].rel.clone(), e))?;
                register = Some(stored);
                continue;
            }
            sources.push(
                read_source(&inputs[*i])
                    .map_err(|e| MigrateError::Input(inputs[*i].rel.clone(), e))?,
            );
        }
        let (mut agreement, mut notes) = match (c.body, held) {
            (Body::Document(i), Some((agreement, notes))) => {
                // Joined to a register row or corrected, the package's agreement is not
                // the imported one: the cache entry holds that, as imported.
                if uncached && (c.register_row.is_some() || !c.corrections.is_empty()) {
                    let imported = ImportedRef::Document {
                        agreement: &agreement,
                        sections: &c.sections,
                        notes: &notes,
                    };
                    let outcome = Ok::<_, (Status, String)>(imported);
                    write_outcome(self.out, &inputs[i].cache_key, self.options, outcome);
                }
                (*agreement, notes)
            }
            (Body::Document(i), None) => {
                let bytes = sources
                    .iter()
                    .find(|s| s.name() == inputs[i].rel)
                    .map(|s| s.bytes())
                    .unwrap_or_default();
                document_agreement(&inputs[i], bytes, self.out, self.options, self.index)
                    .map_err(|e| MigrateError::Input(inputs[i].rel.clone(), e))?
            }
            (Body::Row(r), _) => (rows[r].2.agreement.clone(), Vec::new()),
        };
        // A register row's notes, whether the row stands alone or joins a document.
        if let Some(r) = c.register_row.or(match c.body {
            Body::Row(r) => Some(r),
            Body::Document(_) => None,
        }) {
            notes.extend(rows[r].2.notes.iter().cloned());
        }
        let conflicts = match c.register_row {
            Some(r) => join(&mut agreement, &rows[r].2.agreement),
            None => Vec::new(),
        };
        let row = c.register_row.or(match c.body {
            Body::Row(r) => Some(r),
            Body::Document(_) => None,
        });
        let register_row = match (register, row) {
            (Some(register), Some(r)) => {
                let row = &rows[r].2;
                Some(dsa_package::RegisterRow {
                    register,
                    sheet: row.sheet.clone(),
                    row: row.row,
                    cells: row
                        .cells
                        .iter()
                        .map(|c| dsa_package::RowCell {
                            column: c.column.clone(),
                            header: c.header.clone(),
                            text: c.text.clone(),
                        })
                        .collect(),
                })
            }
            _ => None,
        };
        Ok((agreement, notes, sources, conflicts, register_row))
    }
}

fn migrate_borough(
    borough: &str,
    files: &[(String, PathBuf)],
    out: &Path,
    options: &Options,
    pool: &rayon::ThreadPool,
    progress: &(dyn Fn() + Sync),
) -> Result<BoroughRun, MigrateError> {
    let held_bytes = std::sync::atomic::AtomicUsize::new(0);
    // Without a register no row can join a document: a held document is packaged as
    // soon as it is imported (see Held::Packaged).
    let no_registers = files
        .iter()
        .all(|(rel, _)| !matches!(classify(rel), Ok(Kind::Register(_))));
    let index = if options.resume {
        read_index(out, borough, options)
    } else {
        PackagedIndex::default()
    };
    let mut inputs: Vec<Input> = read_ahead(files, pool, |i, read| {
        let (rel, path) = &files[i];
        let borough = borough.to_string();
        // A register's profile sits beside it: NAME.profile.toml (looked for beside
        // registers only: a document has none).
        let profile = path
            .file_stem()
            .filter(|_| matches!(classify(rel), Ok(Kind::Register(_))))
            .map(|stem| path.with_file_name(format!("{}.profile.toml", stem.to_string_lossy())))
            .filter(|p| p.is_file());
        // Hashed once, as the package source it may become: a document's is held with
        // its agreement when the budget allows; otherwise (and a register's always)
        // packaging reads the file again and checks it against this digest.
        let (sha256, source, (cache_key, outcome, from_cache)) = match read {
            Ok(b) => {
                let source = dsa_package::Source::new(rel.clone(), b);
                let sha256 = source.sha256().to_string();
                let imported = cached_import(
                    rel,
                    source.bytes(),
                    &sha256,
                    profile.as_deref(),
                    out,
                    options,
                    &index,
                );
                (sha256, Some(source), imported)
            }
            Err(e) => (
                dsa_package::sha256_hex(&[]),
                None,
                (
                    String::new(),
                    Err((Status::Failed, format!("cannot read: {e}"))),
                    true, // nothing to cache: an unreadable file is read again next time
                ),
            ),
        };
        progress();
        // A document held until packaged writes its cache entry then; anything else now.
        let fits = match (&outcome, &source) {
            (Ok(Imported::Document { agreement, .. }), Some(source)) => {
                use std::sync::atomic::Ordering::Relaxed;
                let size = held_size(agreement, source);
                held_bytes
                    .fetch_update(Relaxed, Relaxed, |held| {
                        (held + size <= options.held_bytes).then_some(held + size)
                    })
                    .is_ok()
            }
            _ => false,
        };
        if !fits && !from_cache {
            write_outcome(out, &cache_key, options, &outcome);
        }
        let outcome = outcome.map(|imported| match imported {
            Imported::Document {
                mut agreement,
                sections,
                notes,
            } => {
                let keys = DocKeys {
                    reference: agreement.reference.clone(),
                    isg_reference: agreement.isg_reference.clone(),
                    title: norm_title(&agreement.title),
                    // Labels of other tool versions never reach here (the cache
                    // is keyed by version); an unknown one is left out.
                    sections: sections
                        .iter()
                        .filter_map(|l| dsa_docx::section_labels().find(|k| k == l))
                        .collect(),
                    held: std::sync::Mutex::new(None),
                };
                let held = source.filter(|_| fits).map(|source| {
                    if no_registers {
                        // Packaged now, under the id it gets unless another document
                        // has the same reference (Held::Packaged).
                        let id = base_id(
                            keys.reference.as_deref(),
                            keys.isg_reference.as_deref(),
                            &sha256,
                            rel,
                        );
                        let import_id = agreement.id.replace(id.clone());
                        let tool = options.tool_version.as_str();
                        match build_package(
                            &agreement,
                            &notes,
                            std::slice::from_ref(&source),
                            None,
                            tool,
                            options.as_of,
                            &borough,
                        ) {
                            Ok(built) => {
                                return Held::Packaged {
                                    id,
                                    import_id,
                                    notes,
                                    built: Box::new(built),
                                }
                            }
                            // Packaged again later, where the failure is reported.
                            Err(_) => agreement.id = import_id,
                        }
                    }
                    Held::Agreement {
                        agreement,
                        notes,
                        source,
                        uncached: !from_cache,
                    }
                });
                Kept::Document(Box::new(DocKeys {
                    held: std::sync::Mutex::new(held),
                    ..keys
                }))
            }
            Imported::Register(rows) => Kept::Register(rows),
        });
        Input {
            sha256,
            cache_key,
            rel: rel.clone(),
            path: path.clone(),
            borough,
            outcome,
        }
    });

    // Documents and register rows, per borough: joined and given ids (`plan`).
    let mut documents = Vec::new();
    let mut rows: Vec<(usize, String, Row)> = Vec::new();
    for (i, inp) in inputs.iter_mut().enumerate() {
        let Ok(kept) = &mut inp.outcome else {
            continue;
        };
        match kept {
            Kept::Document(keys) => documents.push(plan::DocumentKeys {
                input: i,
                label: inp.rel.clone(),
                borough: inp.borough.clone(),
                sha256: inp.sha256.clone(),
                reference: keys.reference.clone(),
                isg_reference: keys.isg_reference.clone(),
                title: keys.title.clone(),
                sections: std::mem::take(&mut keys.sections),
            }),
            // Rows move out of the import results (only the outcome's kind is needed later).
            Kept::Register(recs) => rows.extend(std::mem::take(recs).into_iter().map(|r| {
                let label = format!("{}#{}!{}", inp.rel, r.sheet, r.row);
                (i, label, r)
            })),
        }
    }
    let row_keys: Vec<plan::RowKeys> = rows
        .iter()
        .map(|(i, label, r)| plan::RowKeys {
            input: *i,
            label: label.clone(),
            borough: inputs[*i].borough.clone(),
            sha256: inputs[*i].sha256.clone(),
            reference: r.agreement.reference.clone(),
            isg_reference: r.agreement.isg_reference.clone(),
            title: r.agreement.title.clone(),
        })
        .collect();
    let plan::Planned {
        mut candidates,
        joined,
        rows_without_document,
        documents_without_row,
    } = plan::plan(documents, &row_keys);
    drop(row_keys);

    // Corrections go to the agreements they name, now that each has its id.
    let plan = options.corrections.plan(candidates.iter().map(|c| {
        (
            agreement_key(&c.borough, &c.id),
            c.sources.iter().map(|(l, _)| l.as_str()).collect(),
        )
    }));
    for (c, planned) in candidates.iter_mut().zip(plan.per_agreement) {
        c.corrections = planned;
    }

    // Each register is read, checked against its import and stored once beside the
    // packages (OUT/sources/<sha256>.<ext>); its rows' packages refer to it.
    let mut registers: HashMap<usize, Result<dsa_package::SourceRef, String>> = HashMap::new();
    let mut stored_sources = Vec::new();
    for i in candidates
        .iter()
        .flat_map(|c| c.sources.iter().map(|(_, i)| *i))
        .filter(|i| matches!(inputs[*i].outcome, Ok(Kept::Register(_))))
        .collect::<std::collections::BTreeSet<_>>()
    {
        let stored = match read_source(&inputs[i]) {
            Ok(source) => {
                let r = store_source(out, &source)?;
                stored_sources.push(r.stored_at.clone());
                Ok(r)
            }
            Err(e) => Err(e),
        };
        registers.insert(i, stored);
    }

    // Validate and package, in parallel.
    let tool = options.tool_version.as_str();
    let ctx = Packaging {
        inputs: &inputs,
        rows: &rows,
        registers: &registers,
        out,
        options,
        index: &index,
    };
    type Done = Result<
        (
            AgreementReport,
            gateway::GatewayRows,
            Option<(String, Packaged)>,
        ),
        MigrateError,
    >;
    let results: Vec<Done> = pool.install(|| {
        // One package per task: rayon otherwise hands each worker a run of packages it
        // works through alone, and at the end of a borough one worker packaged the
        // last run (tens of milliseconds) while the other waited.
        candidates
            .par_iter()
            .with_max_len(1)
            .map(|c| {
                let id = c.id.clone();
                let held = match c.body {
                    Body::Document(i) => take_held(&inputs[i]).map(|h| (i, h)),
                    Body::Row(_) => None,
                };
                let held_key = held.as_ref().map(|(i, _)| &inputs[*i].cache_key);
                let (built, import_id, notes, conflicts, corrections) = match held {
                    // Built at import under the id it has, with no row to join: as it is.
                    Some((
                        _,
                        Held::Packaged {
                            id: at,
                            import_id,
                            notes,
                            built,
                        },
                    )) if at == id && c.register_row.is_none() && c.corrections.is_empty() => {
                        (*built, import_id, notes, Vec::new(), Vec::new())
                    }
                    held => {
                        let (mut agreement, notes, sources, conflicts, row) =
                            ctx.assemble(c, held)?;
                        let import_id = agreement.id.replace(id.clone());
                        let corrected = options.corrections.apply(
                            &mut agreement,
                            &agreement_key(&c.borough, &id),
                            &c.corrections,
                        );
                        let built = build_package(
                            &agreement,
                            &notes,
                            &sources,
                            row.as_ref(),
                            tool,
                            options.as_of,
                            &c.borough,
                        )?;
                        (built, import_id, notes, conflicts, corrected)
                    }
                };
                let rel = format!("packages/{}/{id}.zip", borough_dir(&c.borough));
                write_atomic(&out.join(&rel), &built.zip)?;
                write_atomic(&out.join(&built.page_path), built.page.as_bytes())?;
                // A held document packaged on its own: its package's agreement is the
                // imported one with the id set, and the borough's index points there.
                let indexed = match (held_key, c.register_row) {
                    (Some(key), None) if c.corrections.is_empty() => Some((
                        key.clone(),
                        Packaged {
                            package: rel.clone(),
                            agreement_sha256: built.agreement_sha256.clone(),
                            id: import_id,
                            sections: c.sections.iter().map(|s| s.to_string()).collect(),
                            notes,
                        },
                    )),
                    _ => None,
                };
                let findings = built.findings;
                let mut gateway_rows = built.gateway;
                gateway_rows.borough = if c.borough.is_empty() {
                    "(top level)".to_string()
                } else {
                    c.borough.clone()
                };
                gateway_rows.package = rel.clone();
                let report = AgreementReport {
                    id,
                    title: built.title,
                    reference: built.reference,
                    review_date: built.review_date,
                    termination_date: built.termination_date,
                    borough: c.borough.clone(),
                    package: rel,
                    sources: c.sources.iter().map(|(l, _)| l.clone()).collect(),
                    origin: c.origin.to_string(),
                    errors: findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count(),
                    warnings: findings
                        .iter()
                        .filter(|f| f.severity == Severity::Warning)
                        .count(),
                    findings: {
                        let mut f = findings;
                        f.sort_by_key(|x| std::cmp::Reverse(x.severity));
                        f.truncate(REPORTED_FINDINGS);
                        f
                    },
                    sections_found: c.sections.iter().map(|x| x.to_string()).collect(),
                    import_notes: built.import_notes,
                    conflicts,
                    join: c.join.clone(),
                    publish_date: built.publish_date,
                    dsa_type: built.dsa_type,
                    status: built.status,
                    parties: built.parties,
                    notes: built.notes,
                    page: built.page_path,
                    corrections,
                };
                Ok((report, gateway_rows, indexed))
            })
            .collect()
    });
    // An agreement that cannot be packaged (a value XML cannot carry, a source that
    // changed meanwhile, a write that failed) fails its inputs, with the reason; the run
    // goes on with the rest.
    let mut agreements = Vec::new();
    let mut gateway_rows = Vec::new();
    let mut packaged = Vec::new();
    let mut failed: BTreeMap<usize, String> = BTreeMap::new();
    let mut packaged_alone = PackagedIndex {
        tool_version: options.tool_version.clone(),
        documents: BTreeMap::new(),
    };
    for (k, r) in results.into_iter().enumerate() {
        match r {
            Ok((a, g, indexed)) => {
                packaged.push(&candidates[k]);
                agreements.push(a);
                gateway_rows.push(g);
                packaged_alone.documents.extend(indexed);
            }
            Err(e @ MigrateError::DiskFull(..)) => return Err(e),
            Err(e) => {
                for (label, i) in &candidates[k].sources {
                    failed.entry(*i).or_insert_with(|| {
                        format!(
                            "imported, but the agreement from {label} could not be packaged: {e}"
                        )
                    });
                }
            }
        }
    }

    let mut by_input: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (c, a) in packaged.iter().zip(&agreements) {
        for (_, i) in &c.sources {
            let v = by_input.entry(*i).or_default();
            if !v.contains(&a.id) {
                v.push(a.id.clone());
            }
        }
    }
    let input_reports: Vec<InputReport> = inputs
        .iter()
        .enumerate()
        .map(|(i, inp)| {
            let (status, reason) = match (&inp.outcome, failed.get(&i)) {
                (Ok(_), Some(why)) => (Status::Failed, Some(why.clone())),
                (Ok(_), None) => (Status::Converted, None),
                (Err((s, r)), _) => (*s, Some(r.clone())),
            };
            InputReport {
                path: inp.rel.clone(),
                borough: inp.borough.clone(),
                status,
                reason,
                sha256: inp.sha256.clone(),
                agreements: by_input.remove(&i).unwrap_or_default(),
            }
        })
        .collect();
    let mut cache_keys: Vec<String> = inputs.iter().map(|i| i.cache_key.clone()).collect();
    if !packaged_alone.documents.is_empty() {
        let key = index_key(borough);
        if let Ok(json) = serde_json::to_vec(&packaged_alone) {
            // Unwritten, the next run imports these documents again.
            let _ = write_cache(&cache_path(out, &key), &json);
        }
        cache_keys.push(key);
    }
    Ok(BoroughRun {
        corrections_matched: plan.matched,
        corrections_ambiguous: plan.ambiguous,
        cache_keys,
        stored_sources,
        gateway: gateway_rows,
        inputs: input_reports,
        agreements,
        joined,
        rows_without_document,
        documents_without_row,
    })
}

fn csv_field(s: &str) -> String {
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

fn write_reports(out: &Path, summary: &Summary, entries: &Entries) -> Result<(), MigrateError> {
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
        w.write_all(reviews::calendar(summary, entries)?.as_bytes())
    })?;
    write_atomic_with(&out.join("gateway.xlsx"), |w| {
        w.write_all(&gateway::workbook(summary.as_of, entries.gateway()?)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_borrowed_document_outcome_is_cached_as_the_owned_one() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../samples/docx/mas-rows-deleted.docx"
        ))
        .unwrap();
        let Ok(Imported::Document {
            agreement,
            sections,
            notes,
        }) = import_one("camden/mas.docx", &bytes, None)
        else {
            panic!("the sample imports");
        };
        assert!(!notes.is_empty() && !sections.is_empty());
        let labels: Vec<&'static str> = sections
            .iter()
            .filter_map(|l| dsa_docx::section_labels().find(|k| k == l))
            .collect();
        let borrowed = serde_json::to_string(&Ok::<_, (Status, String)>(ImportedRef::Document {
            agreement: &agreement,
            sections: &labels,
            notes: &notes,
        }))
        .unwrap();
        let owned = Ok::<_, (Status, String)>(Imported::Document {
            agreement,
            sections,
            notes,
        });
        assert_eq!(borrowed, serde_json::to_string(&owned).unwrap());
    }

    #[test]
    fn classification_explains_itself() {
        assert!(matches!(classify("camden/a.docx"), Ok(Kind::Docx)));
        assert!(matches!(classify("camden/t.dotx"), Ok(Kind::Docx)));
        assert!(matches!(classify("camden/reg.ods"), Ok(Kind::Register(_))));
        assert!(matches!(
            classify("camden/reg.csv"),
            Ok(Kind::Register(Format::Csv))
        ));
        assert!(matches!(
            classify("camden/a.xml"),
            Ok(Kind::Agreement(Format::Xml))
        ));
        assert!(classify("camden/r.xlsb")
            .unwrap_err()
            .1
            .contains("save as .xlsx"));
        assert_eq!(
            classify("camden/~$a.docx").err().map(|e| e.0),
            Some(Status::Skipped)
        );
        assert!(classify("camden/old.doc")
            .err()
            .unwrap()
            .1
            .contains("save as .docx"));
        assert_eq!(
            classify("x/scan.pdf").err().map(|e| e.0),
            Some(Status::Unsupported)
        );
    }

    #[test]
    fn csv_neutralises_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("-1"), "'-1");
    }
}
