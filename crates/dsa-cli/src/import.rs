//! `dsa import`: a legacy document into one agreement, or a register into one agreement per
//! row (JSON Lines, or a file per row), with the per-section or per-sheet report.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};

use crate::{input, input_error, output_error, say, stdout_text, write_agreement, write_output};
use crate::{Failure, Format, OutputStyle};

pub fn import(
    input: &input::Input,
    output: Option<&str>,
    to: Option<Format>,
    report: bool,
    style: OutputStyle,
    limits: dsa_model::Limits,
) -> Result<u8, Failure> {
    let name = input.name();
    let file_label = input::file_label(&input.arg);
    let mut found = None;
    dsa_import::Readers {
        limits,
        profile: None,
    }
    .read(
        input.format,
        dsa_import::Input {
            name: file_label.as_deref(),
            bytes: &input.bytes,
        },
        &mut |f| found = Some(f),
    )
    .map_err(|e| input_error(anyhow!("{name}: {e}")))?;
    let Some(imported) = found else {
        return Err(input_error(anyhow!("{name}: no agreement found")));
    };
    let sections = match &imported.origin {
        dsa_import::Origin::Document { sections } => &sections[..],
        _ => &[],
    };
    write_agreement(&imported.agreement, name, output, to)?;
    if report {
        let r = match style {
            OutputStyle::Json => {
                let mut s = serde_json::to_string_pretty(&serde_json::json!({
                    "file": name,
                    "sections": sections,
                    "diagnostics": imported.diagnostics,
                }))
                .map_err(|e| output_error(e.into()))?;
                s.push('\n');
                s
            }
            OutputStyle::Human => import_report(name, &imported, sections),
        };
        // The agreement may be on stdout: the report then goes to stderr.
        if matches!(output, None | Some("-")) {
            say(&r);
        } else {
            stdout_text(&r)?;
        }
    }
    Ok(0)
}

fn import_report(
    name: &str,
    imported: &dsa_import::Found,
    sections: &[dsa_docx::SectionReport],
) -> String {
    let mut s = format!("{name}: {:?}\n", imported.agreement.title);
    let found = sections.iter().filter(|x| x.found).count();
    s.push_str(&format!(
        "  template sections found: {found}/{}\n",
        sections.len()
    ));
    for sec in sections {
        let status = if !sec.found {
            "missing".to_string()
        } else if sec.values == 0 {
            "found, no values".to_string()
        } else {
            format!("found, {} value(s)", sec.values)
        };
        s.push_str(&format!("  §{:<18} {status}\n", sec.section));
        for u in &sec.uncertain {
            s.push_str(&format!("      uncertain: {u}\n"));
        }
    }
    let missing = imported
        .diagnostics
        .iter()
        .filter(|d| d.kind() == dsa_model::DiagnosticKind::Missing);
    for d in missing {
        s.push_str(&format!(
            "  note: {} ({}, {})\n",
            d.message,
            d.location,
            d.code.code()
        ));
    }
    s.push_str(&format!(
        "  unmapped blocks kept verbatim: {}\n",
        imported.agreement.unmapped.len()
    ));
    s
}

pub fn import_register(
    input: &input::Input,
    output: Option<&str>,
    jsonl: Option<&str>,
    profile: Option<&str>,
    report: bool,
    style: OutputStyle,
    limits: dsa_model::Limits,
) -> Result<u8, Failure> {
    use std::io::BufWriter;
    let name = input.name();
    let profile = match profile {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read profile {p}"))
                .map_err(input_error)?;
            Some(
                dsa_xlsx::Profile::from_toml(&text)
                    .map_err(|e| input_error(anyhow!("{p}: {e}")))?,
            )
        }
        None => None,
    };
    let readers = dsa_import::Readers { limits, profile };
    let file_label = input::file_label(&input.arg);
    // Records are written as they are read, so a large register is never held whole.
    enum Sink {
        Lines(Box<dyn Write>),
        Dir(PathBuf),
    }
    let lines_to = |f: &str| -> Result<Sink, Failure> {
        if f == "-" {
            return Ok(Sink::Lines(Box::new(BufWriter::new(std::io::stdout()))));
        }
        let parent = Path::new(f).parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = parent.filter(|d| !d.is_dir()) {
            return Err(output_error(anyhow!(
                "cannot write {f}: the folder {} does not exist",
                dir.display()
            )));
        }
        Ok(Sink::Lines(Box::new(BufWriter::new(
            std::fs::File::create(f)
                .with_context(|| format!("cannot write {f}"))
                .map_err(output_error)?,
        ))))
    };
    // What -o means is said, never guessed: FILE.jsonl is JSON Lines, DIR/ (or an existing
    // folder) one file per row.
    let mut sink = match (output, jsonl) {
        (Some(_), Some(_)) => {
            return Err(Failure {
                code: 2,
                error: anyhow!("give -o or --jsonl, not both"),
            })
        }
        (_, Some(f)) => lines_to(f)?,
        (None, None) => lines_to("-")?,
        (Some(o), None) => {
            let lower = o.to_ascii_lowercase();
            if o == "-" || lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
                lines_to(o)?
            } else if o.ends_with('/') || Path::new(o).is_dir() {
                std::fs::create_dir_all(o)
                    .with_context(|| format!("cannot create {o}"))
                    .map_err(output_error)?;
                Sink::Dir(PathBuf::from(o))
            } else {
                let stem = Path::new(o).with_extension("");
                let stem = stem.display();
                return Err(Failure {
                    code: 2,
                    error: anyhow!(
                        "{name} is a register (one agreement per row): say -o {stem}.jsonl for JSON Lines, or -o {stem}/ for one JSON file per row"
                    ),
                });
            }
        }
    };
    let mut write_error: Option<anyhow::Error> = None;
    let mut diagnostics: Vec<(String, u32, Vec<dsa_model::Diagnostic>)> = Vec::new();
    let mut count = 0usize;
    let summary = readers
        .read(
            input.format,
            dsa_import::Input {
                name: file_label.as_deref(),
                bytes: &input.bytes,
            },
            &mut |found| {
                let dsa_import::Origin::Row { sheet, row, .. } = found.origin else {
                    return;
                };
                let rec = RowFound {
                    sheet,
                    row,
                    agreement: found.agreement,
                    diagnostics: found.diagnostics,
                };
                count += 1;
                if write_error.is_some() {
                    return;
                }
                let result = match &mut sink {
                    Sink::Lines(w) => serde_json::to_writer(&mut *w, &rec.agreement)
                        .map_err(anyhow::Error::from)
                        .and_then(|_| w.write_all(b"\n").map_err(anyhow::Error::from)),
                    Sink::Dir(dir) => {
                        let file = dir.join(format!(
                            "{}-row{:05}.json",
                            record_slug(&rec.sheet),
                            rec.row
                        ));
                        dsa_json::to_string(&rec.agreement)
                            .map_err(anyhow::Error::from)
                            .and_then(|t| write_output(file.to_str(), t.as_bytes()))
                    }
                };
                if let Err(e) = result {
                    write_error = Some(e);
                }
                if !rec.diagnostics.is_empty() {
                    diagnostics.push((rec.sheet, rec.row, rec.diagnostics));
                }
            },
        )
        .map_err(|e| input_error(anyhow!("{name}: {e}")))?;
    let reports = match summary {
        dsa_import::Summary::Register { sheets } => sheets,
        _ => Vec::new(),
    };
    if let Sink::Lines(w) = &mut sink {
        if let Err(e) = w.flush() {
            write_error = Some(e.into());
        }
    }
    if let Some(e) = write_error {
        return Err(output_error(
            e.context(format!("{name}: cannot write records")),
        ));
    }
    if report {
        let r = match style {
            OutputStyle::Json => {
                let mut s = serde_json::to_string_pretty(&serde_json::json!({
                    "file": name,
                    "records": count,
                    "sheets": reports,
                    "diagnostics": diagnostics.iter().map(|(s, r, d)| serde_json::json!({"sheet": s, "row": r, "diagnostics": d})).collect::<Vec<_>>(),
                }))
                .map_err(|e| output_error(e.into()))?;
                s.push('\n');
                s
            }
            OutputStyle::Human => {
                let mut s = format!("{name}: {count} record(s)\n");
                for sh in &reports {
                    match sh.header_row {
                        Some(h) => s.push_str(&format!(
                            "  sheet {:?}: header row {h}, {} record(s); columns mapped {}, kept as attributes {}; blank rows {:?}; notes {}; hidden rows {:?}; hidden columns {:?}\n",
                            sh.sheet,
                            sh.records,
                            sh.mapped.len(),
                            sh.unmapped.len(),
                            sh.blank_rows,
                            sh.note_rows.len(),
                            sh.hidden_rows,
                            sh.hidden_columns
                        )),
                        None => s.push_str(&format!(
                            "  sheet {:?}: skipped: {}\n",
                            sh.sheet,
                            sh.problem.clone().unwrap_or_default()
                        )),
                    }
                }
                for (sheet, row, d) in &diagnostics {
                    for m in d {
                        s.push_str(&format!(
                            "  {sheet}!{row}: {} ({})\n",
                            m.message,
                            m.code.code()
                        ));
                    }
                }
                s
            }
        };
        let lines_on_stdout = match (output, jsonl) {
            (_, Some(j)) => j == "-",
            (Some(o), None) => o == "-",
            (None, None) => true,
        };
        if lines_on_stdout {
            say(&r);
        } else {
            stdout_text(&r)?;
        }
    }
    Ok(0)
}

/// A register row as the writer above needs it.
struct RowFound {
    sheet: String,
    row: u32,
    agreement: dsa_model::Agreement,
    diagnostics: Vec<dsa_model::Diagnostic>,
}

fn record_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}
