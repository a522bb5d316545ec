//! The import stage: what an input is and what reading it gives, in a form the cache
//! keeps between runs.

use super::*;

/// How migration reads an input, from the reader contract's [`Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Docx,
    Register(Format),
    /// A canonical agreement (JSON or XML): packaged as it is, after validation.
    Agreement(Format),
}

pub(crate) fn kind_of(format: Result<Format, NotRead>) -> Result<Kind, (Status, String)> {
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
pub(crate) fn classify(rel: &str) -> Result<Kind, (Status, String)> {
    kind_of(Format::from_name(rel))
}

/// What an import gives migration, in a form that can be cached between runs.
#[derive(Clone, Serialize, serde::Deserialize)]
pub(crate) enum Imported {
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
pub(crate) enum ImportedRef<'a> {
    Document {
        agreement: &'a Agreement,
        sections: &'a [&'static str],
        notes: &'a [ImportNote],
    },
}

/// One register row.
#[derive(Clone, Serialize, serde::Deserialize)]
pub(crate) struct Row {
    pub(crate) sheet: String,
    pub(crate) row: u32,
    pub(crate) agreement: Agreement,
    pub(crate) notes: Vec<ImportNote>,
    /// The row as written: its package carries this, not the register.
    #[serde(default)]
    pub(crate) cells: Vec<dsa_xlsx::RowCell>,
}

/// Something an importer found uncertain, missing or noteworthy in a source: the
/// package's `import-notes.json` lists them for the person checking the migration.
/// Written as the reader's diagnostic (code, kind, section, location, message) with its
/// source first.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ImportNote {
    /// The source: a file, or a register row as `file#sheet!row`.
    pub source: String,
    /// What the reader noted.
    #[serde(flatten)]
    pub note: dsa_model::Diagnostic,
}

/// What importing a borough's inputs draws on.
pub(crate) struct ImportContext<'a> {
    pub(crate) out: &'a Path,
    pub(crate) options: &'a Options,
    /// The borough's index of documents packaged alone (for `--resume`).
    pub(crate) index: &'a PackagedIndex,
    /// Bytes of agreements held so far ([`Options::held_bytes`] bounds them).
    pub(crate) held_bytes: std::sync::atomic::AtomicUsize,
    /// The plan so far, to tell whether a row could join a document (a document none
    /// could join is packaged as soon as it is imported); None while registers are read.
    pub(crate) planner: Option<&'a plan::Planner>,
    /// Where register rows go as they are read.
    pub(crate) rows: &'a RowStore,
    pub(crate) progress: &'a (dyn Fn() + Sync),
}

/// Imports one input (from the cache when `--resume` allows), keeping what packaging
/// needs: a document's join keys and, within the held budget, its agreement (or its
/// package, built now when no row can join it); a register's rows.
pub(crate) fn import_input(
    ctx: &ImportContext,
    (rel, path): &(String, PathBuf),
    read: std::io::Result<Vec<u8>>,
) -> Input {
    let (out, options) = (ctx.out, ctx.options);
    let borough = rel
        .split_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap_or_default();
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
    let source = match read {
        Ok(b) => dsa_package::Source::new(rel.clone(), b),
        Err(e) => {
            (ctx.progress)();
            return Input {
                sha256: dsa_package::sha256_hex(&[]),
                // Nothing to cache: an unreadable file is read again next time.
                cache_key: String::new(),
                rel: rel.clone(),
                path: path.clone(),
                borough,
                outcome: Err((Status::Failed, format!("cannot read: {e}"))),
            };
        }
    };
    let sha256 = source.sha256().to_string();
    let cache_key = cache_key(rel, &sha256, profile.as_deref());
    // What the bytes are decides the path (a register's name may not say so).
    // Detected once here; the import is told what it reads.
    let kind = kind_of(Format::detect(rel, source.bytes()));
    if let Ok(kind @ Kind::Register(_)) = kind {
        let (outcome, _) = import_register(
            ctx,
            rel,
            kind,
            source.bytes(),
            &cache_key,
            profile.as_deref(),
        );
        (ctx.progress)();
        return Input {
            sha256,
            cache_key,
            rel: rel.clone(),
            path: path.clone(),
            borough,
            outcome: outcome.map(Kept::Register),
        };
    }
    let (outcome, from_cache) = cached_import(
        ctx,
        rel,
        kind,
        source.bytes(),
        &cache_key,
        profile.as_deref(),
    );
    let source = Some(source);
    (ctx.progress)();
    // A document held until packaged writes its cache entry then; anything else now.
    let fits = match (&outcome, &source) {
        (Ok(Imported::Document { agreement, .. }), Some(source)) => {
            use std::sync::atomic::Ordering::Relaxed;
            let size = held_size(agreement, source);
            ctx.held_bytes
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
                dsa_type: agreement.dsa_type.map(|t| t.code()),
                // Labels of other tool versions never reach here (the cache
                // is keyed by version); an unknown one is left out.
                sections: sections
                    .iter()
                    .filter_map(|l| dsa_docx::section_labels().find(|k| k == l))
                    .collect(),
                held: std::sync::Mutex::new(None),
            };
            // No row anywhere can join it: packaged now, under the id it gets unless
            // another document has the same reference (Held::Packaged).
            let alone = ctx.planner.is_some_and(|p| {
                !p.has_rows_in(&borough)
                    && !p.could_join_elsewhere(
                        &borough,
                        keys.reference.as_deref(),
                        keys.isg_reference.as_deref(),
                        &keys.title,
                        keys.dsa_type,
                    )
            });
            let held = source.filter(|_| fits).map(|source| {
                if alone {
                    let id = base_id(
                        keys.reference.as_deref(),
                        keys.isg_reference.as_deref(),
                        &sha256,
                        rel,
                    );
                    let import_id = agreement.id.replace(id.clone());
                    match build_package(
                        &agreement,
                        &notes,
                        std::slice::from_ref(&source),
                        None,
                        options,
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
        // Registers take the path above.
        Imported::Register(_) => Kept::Register(Vec::new()),
    });
    Input {
        sha256,
        cache_key,
        rel: rel.clone(),
        path: path.clone(),
        borough,
        outcome,
    }
}

/// Imports one input, of the kind `Format::detect` found, through the reader contract
/// (`dsa_import::Readers`). A register's rows go to `rows` as they are read (its outcome
/// then holds none), so a large register is never held whole.
pub(crate) fn import_one(
    rel: &str,
    kind: Result<Kind, (Status, String)>,
    bytes: &[u8],
    profile: Option<&Path>,
    rows: &mut dyn FnMut(Row),
) -> Result<Imported, (Status, String)> {
    let kind = kind?;
    let readers = dsa_import::Readers {
        limits: dsa_model::Limits::default(),
        profile: match profile {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| {
                    (
                        Status::Failed,
                        format!("cannot read profile {}: {e}", p.display()),
                    )
                })?;
                Some(
                    dsa_xlsx::Profile::from_toml(&text)
                        .map_err(|e| (Status::Failed, format!("{}: {e}", p.display())))?,
                )
            }
            None => None,
        },
    };
    let format = match kind {
        Kind::Docx => Format::Docx,
        Kind::Register(f) | Kind::Agreement(f) => f,
    };
    let notes = |source: &str, diagnostics: Vec<dsa_model::Diagnostic>| -> Vec<ImportNote> {
        diagnostics
            .into_iter()
            .map(|note| ImportNote {
                source: source.to_string(),
                note,
            })
            .collect()
    };
    let mut document = None;
    let input = dsa_import::Input {
        name: Some(rel),
        bytes,
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        readers.read(format, input, &mut |found| match found.origin {
            dsa_import::Origin::Row { sheet, row, cells } => rows(Row {
                notes: notes(&format!("{rel}#{sheet}!{row}"), found.diagnostics),
                sheet,
                row,
                agreement: found.agreement,
                cells,
            }),
            dsa_import::Origin::Document { sections } => {
                document = Some(Imported::Document {
                    agreement: Box::new(found.agreement),
                    sections: sections
                        .into_iter()
                        .filter(|s| s.found)
                        .map(|s| s.section)
                        .collect(),
                    notes: notes(rel, found.diagnostics),
                })
            }
            dsa_import::Origin::Canonical => {
                document = Some(Imported::Document {
                    agreement: Box::new(found.agreement),
                    sections: Vec::new(),
                    notes: notes(rel, found.diagnostics),
                })
            }
        })
    }));
    match result {
        Ok(Ok(dsa_import::Summary::Register { .. })) => Ok(Imported::Register(Vec::new())),
        Ok(Ok(_)) => {
            document.ok_or_else(|| (Status::Failed, "the reader found no agreement".into()))
        }
        Ok(Err(e)) => Err((Status::Failed, e.to_string())),
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
/// bytes, profile, path and tool version are unchanged ([`cache_key`]) is not imported
/// again. Returns the outcome, and whether it came from the cache; the caller records a
/// fresh import ([`write_outcome`] now, or the borough's [`PackagedIndex`] once
/// packaged), so any run can be resumed.
pub(crate) fn cached_import(
    ctx: &ImportContext,
    rel: &str,
    kind: Result<Kind, (Status, String)>,
    bytes: &[u8],
    key: &str,
    profile: Option<&Path>,
) -> (Result<Imported, (Status, String)>, bool) {
    if ctx.options.resume {
        if let Some(outcome) = cached_outcome(ctx.out, key, ctx.options, ctx.index) {
            return (outcome, true);
        }
    }
    (import_one(rel, kind, bytes, profile, &mut |_| {}), false)
}

/// An input's cache key: its bytes, its profile's and its path.
pub(crate) fn cache_key(rel: &str, sha256: &str, profile: Option<&Path>) -> String {
    let profile_text = profile
        .and_then(|p| std::fs::read(p).ok())
        .unwrap_or_default();
    dsa_package::sha256_hex(
        format!(
            "{}\n{}\n{rel}",
            sha256,
            dsa_package::sha256_hex(&profile_text)
        )
        .as_bytes(),
    )
}

/// A register row as a run keeps it until packaging: where it is in the run's
/// [`RowStore`], and what planning needs of it.
pub(crate) struct StoredRow {
    pub(crate) sheet: String,
    pub(crate) row: u32,
    pub(crate) at: RowAt,
    pub(crate) reference: Option<String>,
    pub(crate) isg_reference: Option<String>,
    pub(crate) title: String,
    pub(crate) dsa_type: Option<&'static str>,
    /// The London authorities it names: its parties', a "Borough" column's.
    pub(crate) authorities: Vec<dsa_model::LondonAuthority>,
}

impl StoredRow {
    fn new(row: &Row, at: RowAt) -> StoredRow {
        let a = &row.agreement;
        let borough_column = a
            .extra_attributes
            .iter()
            .filter(|x| dsa_text::norm(&x.name).contains("borough"))
            .filter_map(|x| dsa_model::LondonAuthority::resolve(&x.value));
        StoredRow {
            sheet: row.sheet.clone(),
            row: row.row,
            at,
            reference: a.reference.clone(),
            isg_reference: a.isg_reference.clone(),
            title: a.title.clone(),
            dsa_type: a.dsa_type.map(|t| t.code()),
            authorities: a
                .parties
                .iter()
                .filter_map(|p| p.london_authority)
                .chain(borough_column)
                .collect(),
        }
    }
}

/// A row's line in the row store and the cache: its JSON and a newline.
fn row_line(row: &Row) -> Option<Vec<u8>> {
    let mut line = serde_json::to_vec(row).ok()?;
    line.push(b'\n');
    Some(line)
}

/// Imports a register through the cache in OUT/.cache (with `resume`, unchanged bytes are
/// not read again), its rows into the run's row store as they are read. The cache entry is its rows,
/// one JSON line each, then the outcome's line; it is written as the rows are read, and
/// only for a register that imports.
pub(crate) fn import_register(
    ctx: &ImportContext,
    rel: &str,
    kind: Kind,
    bytes: &[u8],
    key: &str,
    profile: Option<&Path>,
) -> (Result<Vec<StoredRow>, (Status, String)>, bool) {
    let (out, options, store) = (ctx.out, ctx.options, ctx.rows);
    if options.resume {
        if let Some(outcome) = cached_rows(out, key, options, store) {
            return (outcome, true);
        }
    }
    let mut stored = Vec::new();
    let mut outcome = None;
    let _ = write_atomic_with(&cache_path(out, key), |w| {
        use std::io::Write;
        let mut lz4 = lz4_flex::frame::FrameEncoder::new(w);
        let mut cache_failed = None;
        let imported = import_one(rel, Ok(kind), bytes, profile, &mut |row| {
            let Some(line) = row_line(&row) else {
                return;
            };
            if cache_failed.is_none() {
                cache_failed = lz4.write_all(&line).err();
            }
            if let Some(at) = store.put(&line) {
                stored.push(StoredRow::new(&row, at));
            }
        });
        let failed = imported.is_err();
        outcome = Some(imported);
        if let Some(e) = cache_failed {
            return Err(e);
        }
        if failed {
            // Written below, without rows.
            return Err(std::io::Error::other("the register did not import"));
        }
        let entry = Cached {
            tool_version: options.tool_version.as_str(),
            outcome: Ok::<_, (Status, String)>(Imported::Register(Vec::new())),
        };
        serde_json::to_writer(&mut lz4, &entry)?;
        lz4.finish().map_err(std::io::Error::other)?;
        Ok(())
    });
    match outcome {
        Some(Ok(_)) => (Ok(stored), false),
        Some(Err(e)) => {
            let failed: Result<Imported, _> = Err(e);
            write_outcome(out, key, options, &failed);
            (failed.map(|_| Vec::new()), false)
        }
        // The cache file could not be created: imported without one.
        None => {
            let mut stored = Vec::new();
            let imported = import_one(rel, Ok(kind), bytes, profile, &mut |row| {
                if let Some(at) = row_line(&row).and_then(|l| store.put(&l)) {
                    stored.push(StoredRow::new(&row, at));
                }
            });
            (imported.map(|_| stored), false)
        }
    }
}

/// A register's rows from its cache entry, put into `store`; None when the entry is
/// missing, unreadable, cut short or another tool version's.
fn cached_rows(
    out: &Path,
    key: &str,
    options: &Options,
    store: &RowStore,
) -> Option<Result<Vec<StoredRow>, (Status, String)>> {
    use std::io::{BufRead, Read};
    let file = std::fs::File::open(cache_path(out, key)).ok()?;
    let lines = std::io::BufReader::new(
        lz4_flex::frame::FrameDecoder::new(std::io::BufReader::new(file)).take(CACHE_MOST),
    )
    .split(b'\n');
    let mut stored = Vec::new();
    let mut put = |mut line: Vec<u8>, row: &Row| -> Option<()> {
        line.push(b'\n');
        stored.push(StoredRow::new(row, store.put(&line)?));
        Some(())
    };
    // Every line but the last is a row; the last is the outcome.
    let mut last: Option<Vec<u8>> = None;
    for line in lines {
        if let Some(row_line) = last.replace(line.ok()?) {
            let row: Row = serde_json::from_slice(&row_line).ok()?;
            put(row_line, &row)?;
        }
    }
    let entry: Cached = serde_json::from_slice(&last?).ok()?;
    if entry.tool_version != options.tool_version {
        return None;
    }
    match entry.outcome {
        // An older entry holds its rows in the outcome.
        Ok(Imported::Register(rows)) => {
            for row in &rows {
                put(serde_json::to_vec(row).ok()?, row)?;
            }
            Some(Ok(stored))
        }
        Ok(Imported::Document { .. }) => None,
        Err(e) => Some(Err(e)),
    }
}

/// A document's agreement at packaging time when not held in memory: from the cache its
/// import wrote, or, when that entry cannot be read (disk full, removed meanwhile), by
/// importing the bytes again.
pub(crate) fn document_agreement(
    input: &Input,
    bytes: &[u8],
    out: &Path,
    options: &Options,
    index: &PackagedIndex,
) -> Result<(Agreement, Vec<ImportNote>), String> {
    let outcome = match cached_outcome(out, &input.cache_key, options, index) {
        Some(o) => o,
        None => {
            let kind = kind_of(Format::detect(&input.rel, bytes));
            import_one(&input.rel, kind, bytes, None, &mut |_| {})
        }
    };
    match outcome {
        Ok(Imported::Document {
            agreement, notes, ..
        }) => Ok((*agreement, notes)),
        Ok(Imported::Register(_)) => Err("expected a document, found a register".into()),
        Err((_, reason)) => Err(reason),
    }
}

/// Runs `work` on every file of a borough (with its bytes, or why they could not be
/// read), in parallel on `pool`, with a few threads of their own reading the files
/// ahead of the workers into the page cache: a read that misses the cache waits about
/// a millisecond for the disk here, which left a worker idle a quarter of the time. The
/// workers then read from the cache; the readers only touch the files (into one buffer
/// each, reused), so no memory passes between threads (handing buffers over made the
/// allocator fault in fresh pages). Results come in `files` order.
pub(crate) fn read_ahead<T: Send>(
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
        }) = import_one("camden/mas.docx", Ok(Kind::Docx), &bytes, None, &mut |_| {})
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
}
