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

/// A canonical agreement's text.
pub(crate) fn read_canonical(format: Format, bytes: &[u8]) -> Result<Agreement, String> {
    match format {
        Format::Xml => dsa_xml::from_slice(bytes).map_err(|e| e.to_string()),
        _ => dsa_model::json::from_slice(bytes).map_err(|e| e.to_string()),
    }
}

/// The spreadsheet reader's name for a register format.
pub(crate) fn register_kind(format: Format) -> dsa_xlsx::Kind {
    match format {
        Format::Csv => dsa_xlsx::Kind::Csv,
        _ => dsa_xlsx::Kind::Workbook,
    }
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
                ctx.index,
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
}

pub(crate) fn import_one(
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
pub(crate) fn cached_import(
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
}
