//! `dsa migrate`: a backlog tree (typically one folder per borough) in, upload packages
//! and reports out. Every input is accounted for exactly once: converted, failed,
//! unsupported or skipped, with its reason.
//!
//! Imports run in parallel (rayon); a panic while importing one file is caught and
//! recorded as that file's failure. Register rows are joined to documents wherever either
//! is filed (their own folder first) by reference, ISG reference or title similarity;
//! disagreements between the two are reported, never silently resolved. Packages and reports are written
//! atomically (temporary file, then rename) and deterministically.
//!
//! The stages, each its own module: `inventory` (the walk), `import` (what an input is
//! and gives), `store` (the import cache, stored sources, atomic writes), `plan` (joins
//! and ids, pure), `corrections`, `package` (assemble, validate, zip), `report`. This file
//! wires them: [`migrate`] reads every register, then imports and packages the boroughs
//! in order, then packages what waited for every folder's rows (`Gathered` holds the
//! run's inputs, rows and plan).

mod corrections;
mod gateway;
mod html;
mod import;
mod inventory;
mod package;
mod plan;
mod report;
mod reviews;
mod store;

pub use corrections::{CorrectionReport, Corrections};
pub use import::ImportNote;
use import::*;
use inventory::*;
use package::*;
pub use plan::JoinReport;
use plan::{base_id, norm_title, Body, Candidate};
use report::*;
pub use report::{read_report, AgreementReport, Conflict, InputReport, Report, Summary, Totals};
use store::*;
pub use store::{write_atomic, write_atomic_with};

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
    /// Also write each agreement as `agreement.xml` in its package (`--xml`), for
    /// loaders that take XML. `agreement.json` is always there; the XML is the same
    /// fields in the other syntax (`dsa convert` gives it from any package), and would
    /// be a third of a register row's package.
    pub xml: bool,
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
    Register(Vec<StoredRow>),
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
    /// Its package, built at import. When no register row can join a document (none in
    /// its folder, none elsewhere matching its keys), its package is known once it is
    /// imported, but for its id
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
    /// Its DSA type's code.
    dsa_type: Option<&'static str>,
    sections: Vec<&'static str>,
    /// The agreement, if the budget allowed holding it; taken when packaged.
    held: std::sync::Mutex<Option<Held>>,
}

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

/// Runs a migration. `progress` is called once per input as it finishes.
///
/// Every register is read first, so a row can join a document in any folder. Boroughs
/// (top-level folders) are then migrated one after another, each in parallel, so memory
/// holds one borough's agreements at a time; a document a row elsewhere could join, and
/// every row no document joined, are packaged once all boroughs are planned.
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
    // Registers are read first, wherever they are filed, so that a row can join its
    // document in any folder; then the other inputs, borough by borough.
    let (register_files, files): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(rel, _)| matches!(classify(rel), Ok(Kind::Register(_))));
    let mut by_borough: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    for (rel, path) in files {
        by_borough
            .entry(folder_of(&rel).to_string())
            .or_default()
            .push((rel, path));
    }
    let mut run = Gathered::registers(&register_files, &by_borough, out, options, &pool, progress)?;
    // Corrections naming a register's file, when it has several rows, name no one
    // agreement: reported now, as the rows are known.
    let (set_aside_reports, set_aside) = options
        .corrections
        .set_aside(|file| run.rows_of_register(file));
    run.set_aside = set_aside;
    let mut tally = Tally {
        corrections_matched: run.set_aside.iter().copied().collect(),
        ..Tally::default()
    };
    let mut cache_keys = std::collections::BTreeSet::new();
    // Report entries go to disk as they come, so memory does not grow with the backlog;
    // the reports are written from these files at the end, in order.
    let mut spill = Spill::create(out)?;
    for (borough, files) in &by_borough {
        let index = if options.resume {
            read_index(out, borough, options)
        } else {
            PackagedIndex::default()
        };
        let first = run.inputs.len();
        let ctx = ImportContext {
            out,
            options,
            index: &index,
            held_bytes: std::sync::atomic::AtomicUsize::new(0),
            planner: Some(&run.planner),
            rows: &run.store,
            progress,
        };
        let imported = read_ahead(files, &pool, |i, read| import_input(&ctx, &files[i], read));
        run.inputs.extend(imported);
        // A register whose name did not say so: its rows join this borough's documents
        // and those waiting; it is reported at the end, with them.
        run.take_rows(first, out)?;
        let late = (first..run.inputs.len())
            .filter(|i| matches!(run.inputs[*i].outcome, Ok(Kept::Register(_))));
        run.waiting.extend(late.collect::<Vec<_>>());
        let documents = run.document_keys(borough, first);
        let inputs: Vec<usize> = documents.iter().map(|d| d.input).collect();
        let mut candidates = run.planner.borough(borough, documents);
        // Documents a row elsewhere could join wait for the end of the run, read back
        // from the cache then.
        let planned: std::collections::BTreeSet<usize> =
            candidates.iter().map(|c| c.sources[0].1).collect();
        for i in inputs {
            if !planned.contains(&i) {
                run.release(i, out, options);
                run.waiting.insert(i);
            }
        }
        let documents = run.package(
            &mut candidates,
            &index,
            out,
            options,
            &pool,
            &mut spill,
            &mut tally,
        )?;
        if !documents.is_empty() {
            let key = index_key(borough);
            let packaged_alone = PackagedIndex {
                tool_version: options.tool_version.clone(),
                documents,
            };
            if let Ok(json) = serde_json::to_vec(&packaged_alone) {
                // Unwritten, the next run imports these documents again.
                let _ = write_cache(&cache_path(out, &key), &json);
            }
            cache_keys.insert(key);
        }
        for i in first..run.inputs.len() {
            if !run.waiting.contains(&i) {
                run.report_input(i, &mut spill, &mut tally.totals)?;
            }
        }
    }
    // What waited for every folder's rows: documents a row elsewhere could join, and the
    // rows no document joined.
    let (mut candidates, plan_totals) = run.planner.finish();
    run.package(
        &mut candidates,
        &PackagedIndex::default(),
        out,
        options,
        &pool,
        &mut spill,
        &mut tally,
    )?;
    let mut last = std::mem::take(&mut run.waiting);
    last.extend(0..run.registers_read);
    for i in last {
        run.report_input(i, &mut spill, &mut tally.totals)?;
    }
    let Tally {
        mut totals,
        packages: current_packages,
        mut corrections,
        corrections_matched,
    } = tally;
    corrections.extend(set_aside_reports);
    totals.joined = plan_totals.joined;
    totals.rows_without_document = plan_totals.rows_without_document;
    totals.documents_without_row = plan_totals.documents_without_row;
    // Entries the walk reported without reading (links leading out, broken links).
    for i in &refused {
        totals.count(i.status);
        spill.input(i)?;
    }
    cache_keys.extend(run.inputs.iter().map(|i| i.cache_key.clone()));
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
    let current_sources: std::collections::BTreeSet<PathBuf> =
        run.stored_sources.iter().map(|s| out.join(s)).collect();
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
    run.store.remove();
    written?;
    Ok(summary)
}

/// The folder an input is filed in: its path's first component, empty at the top.
fn folder_of(rel: &str) -> &str {
    rel.split_once('/').map_or("", |(b, _)| b)
}

/// What a run has gathered: every input (registers first), every register row, the
/// plan so far, and what became of each input.
struct Gathered {
    inputs: Vec<Input>,
    /// The registers are `inputs[..registers_read]`.
    registers_read: usize,
    /// Every register row: its register's input index, its label, where it is stored.
    rows: Vec<(usize, String, RowAt)>,
    /// The rows themselves, on disk until packaged.
    store: RowStore,
    /// Each register with rows, stored once beside the packages (OUT/sources).
    registers: HashMap<usize, Result<dsa_package::SourceRef, String>>,
    stored_sources: Vec<String>,
    planner: plan::Planner,
    /// Documents waiting for the end of the run (a row elsewhere could join them).
    waiting: std::collections::BTreeSet<usize>,
    /// The agreements each input gave, as its report lists them.
    agreements_of: BTreeMap<usize, Vec<String>>,
    /// Inputs imported whose agreement could not be packaged, and why.
    failed: BTreeMap<usize, String>,
    /// Corrections reported before planning ([`Corrections::set_aside`]).
    set_aside: Vec<usize>,
}

/// What the run adds up as agreements are packaged.
#[derive(Default)]
struct Tally {
    totals: Totals,
    /// Every package written (older ones are removed at the end).
    packages: std::collections::BTreeSet<PathBuf>,
    corrections: Vec<CorrectionReport>,
    corrections_matched: std::collections::BTreeSet<usize>,
}

/// Candidates packaged at a time: their report entries are written out after each
/// chunk, so memory does not grow with a register's rows.
const PACKAGE_CHUNK: usize = 1024;

impl Gathered {
    /// Reads every register of the backlog, stores each once, and plans over their rows.
    fn registers(
        files: &[(String, PathBuf)],
        by_borough: &BTreeMap<String, Vec<(String, PathBuf)>>,
        out: &Path,
        options: &Options,
        pool: &rayon::ThreadPool,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Gathered, MigrateError> {
        let none = PackagedIndex::default();
        let store = RowStore::create(out)?;
        let ctx = ImportContext {
            out,
            options,
            index: &none,
            held_bytes: std::sync::atomic::AtomicUsize::new(0),
            planner: None,
            rows: &store,
            progress,
        };
        let inputs = read_ahead(files, pool, |i, read| import_input(&ctx, &files[i], read));
        // A register at the top, or in a folder without documents, can list any
        // borough's documents.
        let has_documents = |folder: &str| {
            by_borough.get(folder).is_some_and(|fs| {
                fs.iter()
                    .any(|(rel, _)| matches!(classify(rel), Ok(Kind::Docx | Kind::Agreement(_))))
            })
        };
        let central = inputs.iter().any(|inp| {
            matches!(&inp.outcome, Ok(Kept::Register(rows)) if !rows.is_empty())
                && (inp.borough.is_empty() || !has_documents(&inp.borough))
        });
        let mut run = Gathered {
            registers_read: inputs.len(),
            inputs,
            rows: Vec::new(),
            store,
            registers: HashMap::new(),
            stored_sources: Vec::new(),
            planner: plan::Planner::new(Vec::new(), central),
            waiting: Default::default(),
            agreements_of: BTreeMap::new(),
            failed: BTreeMap::new(),
            set_aside: Vec::new(),
        };
        run.take_rows(0, out)?;
        Ok(run)
    }

    /// Moves the rows of the registers imported from `inputs[first..]` to the plan, and
    /// stores each register once beside the packages (OUT/sources/<sha256>.<ext>), read
    /// again and checked against its import; its rows' packages refer to it.
    fn take_rows(&mut self, first: usize, out: &Path) -> Result<(), MigrateError> {
        let mut keys = Vec::new();
        for i in first..self.inputs.len() {
            let inp = &mut self.inputs[i];
            let Ok(Kept::Register(rows)) = &mut inp.outcome else {
                continue;
            };
            // Only the outcome's kind is needed later.
            let rows = std::mem::take(rows);
            if rows.is_empty() {
                continue;
            }
            let folder = plan::authority_of(&inp.borough);
            for r in rows {
                let label = format!("{}#{}!{}", inp.rel, r.sheet, r.row);
                keys.push(plan::RowKeys {
                    input: i,
                    label: label.clone(),
                    borough: inp.borough.clone(),
                    sha256: inp.sha256.clone(),
                    reference: r.reference,
                    isg_reference: r.isg_reference,
                    title: r.title,
                    dsa_type: r.dsa_type,
                    authorities: folder.into_iter().chain(r.authorities).collect(),
                });
                self.rows.push((i, label, r.at));
            }
            let stored = match read_source(inp) {
                Ok(source) => {
                    let r = store_source(out, &source)?;
                    self.stored_sources.push(r.stored_at.clone());
                    Ok(r)
                }
                Err(e) => Err(e),
            };
            self.registers.insert(i, stored);
        }
        // A write that failed (a full disk) stops the run here.
        self.store.finish()?;
        self.planner.add_rows(keys);
        Ok(())
    }

    /// The labels of a register's rows, when the register (named as in the backlog) has
    /// several: a correction naming its file names no one agreement.
    fn rows_of_register(&self, file: &str) -> Option<Vec<String>> {
        let i = self.inputs[..self.registers_read]
            .iter()
            .position(|inp| inp.rel == file)?;
        let labels: Vec<String> = self
            .rows
            .iter()
            .filter(|(r, _, _)| *r == i)
            .map(|(_, label, _)| label.clone())
            .collect();
        (labels.len() > 1).then_some(labels)
    }

    /// The join keys of a borough's documents: those imported from `inputs[first..]`, and
    /// any of its files named as a register that held a document.
    fn document_keys(&self, borough: &str, first: usize) -> Vec<plan::DocumentKeys> {
        let mut documents = Vec::new();
        let named_register =
            (0..self.registers_read).filter(|i| self.inputs[*i].borough == borough);
        for i in named_register.chain(first..self.inputs.len()) {
            let inp = &self.inputs[i];
            if let Ok(Kept::Document(keys)) = &inp.outcome {
                documents.push(plan::DocumentKeys {
                    input: i,
                    label: inp.rel.clone(),
                    borough: inp.borough.clone(),
                    sha256: inp.sha256.clone(),
                    reference: keys.reference.clone(),
                    isg_reference: keys.isg_reference.clone(),
                    title: keys.title.clone(),
                    dsa_type: keys.dsa_type,
                    sections: keys.sections.clone(),
                });
            }
        }
        documents
    }

    /// Lets go of what a document holds in memory (it waits for the end of the run),
    /// caching its import first if it was not yet.
    fn release(&self, i: usize, out: &Path, options: &Options) {
        let Ok(Kept::Document(keys)) = &self.inputs[i].outcome else {
            return;
        };
        if let Some(Held::Agreement {
            agreement,
            notes,
            uncached: true,
            ..
        }) = take_held(&self.inputs[i])
        {
            let imported = ImportedRef::Document {
                agreement: &agreement,
                sections: &keys.sections,
                notes: &notes,
            };
            write_outcome(
                out,
                &self.inputs[i].cache_key,
                options,
                Ok::<_, (Status, String)>(imported),
            );
        }
    }

    /// Validates and packages candidates in parallel, after planning the corrections
    /// aimed at them; writes their report entries. Gives the documents packaged on their
    /// own, for the borough's index.
    #[allow(clippy::too_many_arguments)]
    fn package(
        &mut self,
        candidates: &mut [Candidate],
        index: &PackagedIndex,
        out: &Path,
        options: &Options,
        pool: &rayon::ThreadPool,
        spill: &mut Spill,
        tally: &mut Tally,
    ) -> Result<BTreeMap<String, Packaged>, MigrateError> {
        // Corrections go to the agreements they name, now that each has its id.
        let plan = options.corrections.plan(
            candidates.iter().map(|c| {
                (
                    agreement_key(&c.borough, &c.id),
                    c.sources.iter().map(|(l, _)| l.as_str()).collect(),
                )
            }),
            &self.set_aside,
        );
        for (c, planned) in candidates.iter_mut().zip(plan.per_agreement) {
            c.corrections = planned;
        }
        tally.corrections_matched.extend(plan.matched);
        tally.corrections.extend(plan.ambiguous);
        let mut packaged_alone = BTreeMap::new();
        for chunk in candidates.chunks(PACKAGE_CHUNK) {
            let ctx = Packaging {
                inputs: &self.inputs,
                rows: &self.rows,
                store: &self.store,
                registers: &self.registers,
                out,
                options,
                index,
            };
            let results: Vec<Result<Done, MigrateError>> = pool.install(|| {
                // One package per task: rayon otherwise hands each worker a run of
                // packages it works through alone, and at the end of a borough one worker
                // packaged the last run (tens of milliseconds) while the other waited.
                chunk
                    .par_iter()
                    .with_max_len(1)
                    .map(|c| ctx.package(c))
                    .collect()
            });
            // An agreement that cannot be packaged (a value XML cannot carry, a source
            // that changed meanwhile, a write that failed) fails its inputs, with the
            // reason; the run goes on with the rest.
            for (c, r) in chunk.iter().zip(results) {
                match r {
                    Ok((a, g, indexed)) => {
                        for (_, i) in &c.sources {
                            // An agreement filed in another folder than the input is
                            // named with its folder.
                            let key = if self.inputs[*i].borough == c.borough {
                                a.id.clone()
                            } else {
                                agreement_key(&c.borough, &a.id)
                            };
                            let v = self.agreements_of.entry(*i).or_default();
                            if !v.contains(&key) {
                                v.push(key);
                            }
                        }
                        packaged_alone.extend(indexed);
                        tally.corrections.extend(a.corrections.iter().cloned());
                        tally.totals.agreements += 1;
                        tally.totals.agreements_with_errors += usize::from(a.errors > 0);
                        tally.packages.insert(out.join(&a.package));
                        spill.agreement(&a, &g)?;
                    }
                    Err(e @ MigrateError::DiskFull(..)) => return Err(e),
                    Err(e) => {
                        for (label, i) in &c.sources {
                            self.failed.entry(*i).or_insert_with(|| {
                                format!(
                                    "imported, but the agreement from {label} could not be packaged: {e}"
                                )
                            });
                        }
                    }
                }
            }
        }
        Ok(packaged_alone)
    }

    /// Writes an input's report entry, once everything it gave is packaged.
    fn report_input(
        &mut self,
        i: usize,
        spill: &mut Spill,
        totals: &mut Totals,
    ) -> Result<(), MigrateError> {
        let inp = &self.inputs[i];
        let (status, reason) = match (&inp.outcome, self.failed.remove(&i)) {
            (Ok(_), Some(why)) => (Status::Failed, Some(why)),
            (Ok(_), None) => (Status::Converted, None),
            (Err((s, r)), _) => (*s, Some(r.clone())),
        };
        totals.count(status);
        spill.input(&InputReport {
            path: inp.rel.clone(),
            borough: inp.borough.clone(),
            status,
            reason,
            sha256: inp.sha256.clone(),
            agreements: self.agreements_of.remove(&i).unwrap_or_default(),
        })
    }
}
