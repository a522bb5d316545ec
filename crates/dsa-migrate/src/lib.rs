//! `dsa migrate`: a backlog tree (typically one folder per borough) in, upload packages
//! and reports out. Every input is accounted for exactly once: converted, failed,
//! unsupported or skipped, with its reason.
//!
//! Imports run in parallel (rayon); a panic while importing one file is caught and
//! recorded as that file's failure. Register rows are joined to documents of the same
//! borough by reference, ISG reference or title similarity; disagreements between the
//! two are reported, never silently resolved. Packages and reports are written
//! atomically (temporary file, then rename) and deterministically.
//!
//! The stages, each its own module: `inventory` (the walk), `import` (what an input is
//! and gives), `store` (the import cache, stored sources, atomic writes), `plan` (joins
//! and ids, pure), `corrections`, `package` (assemble, validate, zip), `report`. This file
//! wires them: [`migrate`] runs the boroughs in order, `migrate_borough` one borough.

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
    let ctx = Packaging {
        inputs: &inputs,
        rows: &rows,
        registers: &registers,
        out,
        options,
        index: &index,
    };
    let results: Vec<Result<Done, MigrateError>> = pool.install(|| {
        // One package per task: rayon otherwise hands each worker a run of packages it
        // works through alone, and at the end of a borough one worker packaged the
        // last run (tens of milliseconds) while the other waited.
        candidates
            .par_iter()
            .with_max_len(1)
            .map(|c| ctx.package(c))
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
