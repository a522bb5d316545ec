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
