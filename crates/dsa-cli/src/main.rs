//! `dsa`: the command-line edge of the toolkit. Reads agreements with the readers,
//! runs the model's validation, writes with the writers. Context for errors (which
//! file, which step) is added here; the libraries report causes with stable codes.

mod compare;
mod publish;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use dsa_model::validation::{self, Finding, Severity};
use dsa_model::Agreement;

const EXIT_HELP: &str = "\
Exit codes:
  0  success (validate: no errors; warnings allowed)
  1  validate found errors in at least one agreement; migrate: an input failed;
     diff: material differences
  2  usage error (bad arguments)
  3  an input could not be read or is not an agreement
  4  an output could not be written";

/// Exchange format and conversion toolkit for UK public-sector Data Sharing Agreements.
#[derive(Parser)]
#[command(name = "dsa", version, about, after_help = EXIT_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Xml,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputKind {
    Docx,
    Register,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputStyle {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaFormat {
    JsonSchema,
    Xsd,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Check agreements against the data-protection rules (see spec/reference.md).
    #[command(after_help = EXIT_HELP)]
    Validate {
        /// Agreement files (.json or .xml); `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Output style.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputStyle,
    },
    /// Convert an agreement between JSON and XML.
    #[command(after_help = EXIT_HELP)]
    Convert {
        /// Input file; `-` reads standard input.
        input: String,
        /// Input format (default: from the extension, else from the content).
        #[arg(short = 'f', long = "from", value_enum)]
        from: Option<Format>,
        /// Output format.
        #[arg(short = 't', long = "to", value_enum)]
        to: Format,
        /// Output file; `-` or absent writes standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
    /// Import a legacy DSA (.docx) or a DSA register (.xlsx, .xlsm, .xls, .ods).
    ///
    /// A document gives one agreement (-o FILE.json|.xml, default JSON on stdout). A register
    /// gives one partial agreement per row: -o DIR writes one JSON file per row, --jsonl FILE
    /// writes JSON Lines (default: JSON Lines on stdout).
    #[command(after_help = EXIT_HELP)]
    Import {
        /// The file; `-` reads standard input (then give -f).
        input: String,
        /// Output: a file for a document, a directory for a register; `-` is stdout.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
        /// For registers: write JSON Lines, one agreement per line, to this file (`-` = stdout).
        #[arg(long)]
        jsonl: Option<String>,
        /// For registers: a TOML profile mapping this register's headers to fields.
        #[arg(long)]
        profile: Option<String>,
        /// Input kind when it cannot be told from the name.
        #[arg(short = 'f', long = "from", value_enum)]
        from: Option<InputKind>,
        /// Output format (default: from the output file's extension, else JSON).
        #[arg(short = 't', long = "to", value_enum)]
        to: Option<Format>,
        /// Print what was found, missing and uncertain per template section.
        #[arg(long)]
        report: bool,
        /// Report style.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputStyle,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Migrate a backlog tree (one folder per borough) into upload packages and reports.
    ///
    /// Imports every .docx and register in parallel, joins register rows to documents,
    /// validates, and writes OUT/packages/<borough>/<id>.zip plus OUT/report.json,
    /// report.csv and report.html. Exit code 1 when some input failed (everything else
    /// is still written).
    #[command(after_help = EXIT_HELP)]
    Migrate {
        /// The backlog directory.
        #[arg(default_value = "samples")]
        input: PathBuf,
        /// Output directory.
        #[arg(long = "out", short = 'o', default_value = "out")]
        out: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(short = 'j', long = "jobs")]
        jobs: Option<usize>,
        /// Reuse the previous run's import of inputs whose bytes and tool version are unchanged.
        #[arg(long)]
        resume: bool,
        /// No progress bar and no summary line.
        #[arg(long)]
        quiet: bool,
        /// Print the report as JSON instead of the summary line.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputStyle,
    },
    /// Semantic diff of two agreements (.docx, .json, .xml or an upload package).
    ///
    /// Lists added, removed and changed parties, conditions, data items, retention rows,
    /// dates and text (word by word), each with its path, as material (who shares what, on
    /// which basis, for how long) or editorial. Exit code 0: no material difference;
    /// 1: material differences.
    #[command(after_help = EXIT_HELP)]
    Diff {
        /// The earlier agreement.
        a: String,
        /// The later agreement.
        b: String,
        /// Output style.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputStyle,
    },
    /// Group agreements that are borough variants of one agreement; show which of the 33
    /// authorities each group covers and which are missing.
    ///
    /// Inputs: a migration's output directory (its packages), directories of agreements,
    /// or agreement files.
    #[command(after_help = EXIT_HELP)]
    Cluster {
        /// Directories or files.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Output style.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputStyle,
    },
    /// Build one pan-London agreement from borough variants: every borough once, the
    /// common content, and a report of every point where the variants disagree.
    ///
    /// Inputs as for `cluster`; --group picks one group of them by name.
    #[command(after_help = EXIT_HELP)]
    Consolidate {
        /// Directories or files: the variants.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Consolidate only this group (its name as `dsa cluster` prints it).
        #[arg(long)]
        group: Option<String>,
        /// Title of the consolidated agreement (default: the variants' title without
        /// the borough).
        #[arg(long)]
        title: Option<String>,
        /// The consolidated agreement (.json or .xml); `-` or absent writes stdout.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
        /// Write the consolidation report (JSON) here.
        #[arg(long)]
        report: Option<String>,
        /// Style of the summary (json: the report, when --report is not given).
        #[arg(long, value_enum, default_value = "human")]
        format: OutputStyle,
    },
    /// Render an agreement for people: a DOCX laid out like the Pan-London template (ready
    /// to publish), one self-contained HTML page, or Markdown.
    ///
    /// Importing a rendered DOCX that nobody edited gives back exactly the same agreement
    /// (it carries the agreement); an edited one is read from its text.
    #[command(after_help = EXIT_HELP)]
    Render {
        /// The agreement (.json, .xml, .docx or an upload package); `-` reads stdin.
        input: String,
        /// What to write (default: from the output file's extension).
        #[arg(short = 't', long = "to", value_enum)]
        to: Option<publish::RenderTo>,
        /// Output file; `-` or absent writes standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
    /// Export an agreement for integrators: JSON-LD with W3C DPV terms.
    #[command(after_help = EXIT_HELP)]
    Export {
        /// The agreement (.json, .xml, .docx or an upload package); `-` reads stdin.
        input: String,
        /// Export format.
        #[arg(short = 't', long = "to", value_enum, default_value = "jsonld")]
        to: publish::ExportTo,
        /// Output file; `-` or absent writes standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
    /// Print the published schema: JSON Schema, XSD or the Markdown field reference.
    #[command(after_help = EXIT_HELP)]
    Schema {
        /// Which schema.
        #[arg(long, value_enum, default_value = "json-schema")]
        format: SchemaFormat,
        /// Output file; `-` or absent writes standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
}

/// Resource limits of the readers (all documented in README.md). A limit hit is an error
/// that names the limit, never a partial import.
#[derive(clap::Args, Clone, Copy)]
struct LimitArgs {
    /// Largest inflated size of one part of a .docx/.xlsx/.ods, in bytes (zip-bomb guard).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_part_bytes: u64,
    /// Registers: largest inflated size of all parts together, in bytes.
    #[arg(long, default_value_t = 256 * 1024 * 1024)]
    max_total_bytes: u64,
    /// Documents: deepest XML element nesting.
    #[arg(long, default_value_t = 256)]
    max_depth: usize,
    /// Most characters in one paragraph or cell (so in any one field).
    #[arg(long, default_value_t = 1_000_000)]
    max_text_chars: usize,
    /// Registers: most cells a sheet's used area may span (rows × columns).
    #[arg(long, default_value_t = 5_000_000)]
    max_cells: u64,
    /// Registers: most data rows per sheet.
    #[arg(long, default_value_t = 1_048_576)]
    max_rows: usize,
}

impl LimitArgs {
    fn docx(&self) -> dsa_docx::Limits {
        dsa_docx::Limits {
            max_part_bytes: self.max_part_bytes,
            max_depth: self.max_depth,
            max_text_chars: self.max_text_chars,
        }
    }

    fn register(&self) -> dsa_xlsx::Limits {
        dsa_xlsx::Limits {
            max_part_bytes: self.max_part_bytes,
            max_total_bytes: self.max_total_bytes,
            max_cells: self.max_cells,
            max_rows: self.max_rows,
            max_cell_chars: self.max_text_chars,
        }
    }
}

/// A failure with the exit code it maps to.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

fn input_error(e: anyhow::Error) -> Failure {
    Failure { code: 3, error: e }
}

fn output_error(e: anyhow::Error) -> Failure {
    Failure { code: 4, error: e }
}

// Imports allocate many small strings on every worker thread; mimalloc's per-thread heaps
// spend about a third less time in the allocator than glibc's and return memory to the
// system between boroughs (BENCHMARKS.md). Built without transparent huge pages
// (`no_thp`): memory it returned came back as 2 MB pages the kernel zeroed whole on
// first touch, a twentieth of a migration's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Readers catch panics in third-party parsers and report the file as damaged; this
    // says so in one line instead of Rust's default panic report.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("dsa: internal failure on malformed input: {msg}{at}");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { files, format } => validate(&files, format),
        Command::Convert {
            input,
            from,
            to,
            output,
        } => convert(&input, from, to, output.as_deref()),
        Command::Schema { format, output } => schema(format, output.as_deref()),
        Command::Diff { a, b, format } => compare::diff(&a, &b, format),
        Command::Render { input, to, output } => publish::render(&input, to, output.as_deref()),
        Command::Export { input, to, output } => publish::export(&input, to, output.as_deref()),
        Command::Cluster { inputs, format } => compare::cluster(&inputs, format),
        Command::Consolidate {
            inputs,
            group,
            title,
            output,
            report,
            format,
        } => compare::consolidate(compare::ConsolidateArgs {
            inputs: &inputs,
            group: group.as_deref(),
            title: title.as_deref(),
            output: output.as_deref(),
            report: report.as_deref(),
            style: format,
        }),
        Command::Migrate {
            input,
            out,
            jobs,
            resume,
            quiet,
            format,
        } => migrate(&input, &out, jobs, resume, quiet, format),
        Command::Import {
            input,
            output,
            jsonl,
            profile,
            from,
            to,
            report,
            format,
            limits,
        } => match from.unwrap_or_else(|| input_kind(&input)) {
            InputKind::Docx => import(&input, output.as_deref(), to, report, format, limits.docx()),
            InputKind::Register => import_register(
                &input,
                output.as_deref(),
                jsonl.as_deref(),
                profile.as_deref(),
                report,
                format,
                limits.register(),
            ),
        },
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("dsa: error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

fn display_name(input: &str) -> &str {
    if input == "-" {
        "<stdin>"
    } else {
        input
    }
}

/// Reads a file (or stdin for `-`) with a size cap, so a mistaken huge input is a
/// clear error rather than an exhausted machine.
fn read_input(input: &str) -> Result<Vec<u8>> {
    const MAX: u64 = 256 * 1024 * 1024;
    let mut buf = Vec::new();
    if input == "-" {
        std::io::stdin()
            .take(MAX + 1)
            .read_to_end(&mut buf)
            .context("reading standard input")?;
    } else {
        let f = std::fs::File::open(input).with_context(|| format!("cannot open {input}"))?;
        f.take(MAX + 1)
            .read_to_end(&mut buf)
            .with_context(|| format!("cannot read {input}"))?;
    }
    if buf.len() as u64 > MAX {
        return Err(anyhow!("{} is larger than 256 MiB", display_name(input)));
    }
    Ok(buf)
}

fn detect_format(input: &str, bytes: &[u8]) -> Option<Format> {
    let ext = Path::new(input)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => return Some(Format::Json),
        Some("xml") => return Some(Format::Xml),
        _ => {}
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Some(Format::Json),
        Some(b'<') => Some(Format::Xml),
        _ => None,
    }
}

fn read_agreement(input: &str, from: Option<Format>) -> Result<Agreement> {
    let name = display_name(input);
    let bytes = read_input(input)?;
    let format = from
        .or_else(|| detect_format(input, &bytes))
        .ok_or_else(|| {
            anyhow!("{name}: cannot tell whether this is JSON or XML; use -f json|xml")
        })?;
    match format {
        Format::Json => dsa_model::json::from_slice(&bytes).with_context(|| name.to_string()),
        Format::Xml => {
            let text = std::str::from_utf8(&bytes)
                .map_err(|e| anyhow!("{name}: [E-XML-001] not UTF-8 text: {e}"))?;
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            dsa_xml::from_str(text).with_context(|| name.to_string())
        }
    }
}

/// Writes to a file atomically (temp file in the same directory, then rename), or to stdout.
fn write_output(output: Option<&str>, data: &[u8]) -> Result<()> {
    match output {
        None | Some("-") => {
            let mut out = std::io::stdout().lock();
            out.write_all(data).context("writing standard output")?;
            out.flush().context("writing standard output")
        }
        Some(path) => {
            let path = PathBuf::from(path);
            // Devices, pipes and the like (`-o /dev/null`) are written in place: renaming a
            // temporary file over them would replace the device with a regular file.
            if std::fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
                return std::fs::write(&path, data)
                    .with_context(|| format!("cannot write {}", path.display()));
            }
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            let file_name = path
                .file_name()
                .ok_or_else(|| anyhow!("{}: not a file path", path.display()))?;
            let tmp = dir.join(format!(
                ".{}.{}.tmp",
                file_name.to_string_lossy(),
                std::process::id()
            ));
            std::fs::write(&tmp, data)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, &path).with_context(|| {
                let _ = std::fs::remove_file(&tmp);
                format!("cannot write {}", path.display())
            })
        }
    }
}

#[derive(serde::Serialize)]
struct FileReport<'a> {
    file: &'a str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    findings: Vec<Finding>,
}

fn validate(files: &[String], style: OutputStyle) -> Result<u8, Failure> {
    let mut reports = Vec::new();
    for f in files {
        match read_agreement(f, None) {
            Ok(a) => {
                let findings = validation::validate(&a);
                let ok = !findings.iter().any(|x| x.severity == Severity::Error);
                reports.push(FileReport {
                    file: display_name(f),
                    ok,
                    error: None,
                    findings,
                });
            }
            Err(e) => reports.push(FileReport {
                file: display_name(f),
                ok: false,
                error: Some(format!("{e:#}")),
                findings: Vec::new(),
            }),
        }
    }
    let out = match style {
        OutputStyle::Json => {
            let mut s =
                serde_json::to_string_pretty(&reports).map_err(|e| output_error(e.into()))?;
            s.push('\n');
            s
        }
        OutputStyle::Human => {
            let mut s = String::new();
            for r in &reports {
                if let Some(e) = &r.error {
                    s.push_str(&format!("{}: cannot read: {e}\n", r.file));
                    continue;
                }
                let errors = r
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let warnings = r.findings.len() - errors;
                s.push_str(&format!(
                    "{}: {} ({errors} error(s), {warnings} warning(s))\n",
                    r.file,
                    if r.ok { "ok" } else { "INVALID" }
                ));
                for f in &r.findings {
                    let sev = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    s.push_str(&format!(
                        "  {sev}[{}] {} at {}: {}\n",
                        f.code, f.rule, f.path, f.message
                    ));
                }
            }
            s
        }
    };
    write_output(None, out.as_bytes()).map_err(output_error)?;
    if reports.iter().any(|r| r.error.is_some()) {
        Ok(3)
    } else if reports.iter().any(|r| !r.ok) {
        Ok(1)
    } else {
        Ok(0)
    }
}

fn convert(
    input: &str,
    from: Option<Format>,
    to: Format,
    output: Option<&str>,
) -> Result<u8, Failure> {
    let a = read_agreement(input, from).map_err(input_error)?;
    let text = match to {
        Format::Json => dsa_model::json::to_string(&a).map_err(|e| anyhow!(e)),
        Format::Xml => dsa_xml::to_string(&a).map_err(|e| anyhow!(e)),
    }
    .with_context(|| format!("{}: cannot convert", display_name(input)))
    .map_err(output_error)?;
    write_output(output, text.as_bytes()).map_err(output_error)?;
    Ok(0)
}

fn schema(format: SchemaFormat, output: Option<&str>) -> Result<u8, Failure> {
    let text = match format {
        SchemaFormat::JsonSchema => dsa_spec::json_schema(),
        SchemaFormat::Xsd => dsa_spec::xsd(),
        SchemaFormat::Markdown => dsa_spec::reference(),
    };
    write_output(output, text.as_bytes()).map_err(output_error)?;
    Ok(0)
}

fn import(
    input: &str,
    output: Option<&str>,
    to: Option<Format>,
    report: bool,
    style: OutputStyle,
    limits: dsa_docx::Limits,
) -> Result<u8, Failure> {
    let name = display_name(input);
    let bytes = read_input(input).map_err(input_error)?;
    let file_label = file_label(input);
    let imported = dsa_docx::import(&bytes, file_label.as_deref(), limits)
        .map_err(|e| input_error(anyhow!("{name}: {e}")))?;
    let to = to.unwrap_or_else(|| match output.map(|o| Path::new(o).extension()) {
        Some(Some(e)) if e.eq_ignore_ascii_case("xml") => Format::Xml,
        _ => Format::Json,
    });
    let text = match to {
        Format::Json => dsa_model::json::to_string(&imported.agreement).map_err(|e| anyhow!(e)),
        Format::Xml => dsa_xml::to_string(&imported.agreement).map_err(|e| anyhow!(e)),
    }
    .with_context(|| format!("{name}: cannot write the agreement"))
    .map_err(output_error)?;
    write_output(output, text.as_bytes()).map_err(output_error)?;
    if report {
        let r = match style {
            OutputStyle::Json => {
                let mut s = serde_json::to_string_pretty(&serde_json::json!({
                    "file": name,
                    "sections": imported.sections,
                    "diagnostics": imported.diagnostics,
                }))
                .map_err(|e| output_error(e.into()))?;
                s.push('\n');
                s
            }
            OutputStyle::Human => import_report(name, &imported),
        };
        // The agreement may be on stdout: the report then goes to stderr.
        if matches!(output, None | Some("-")) {
            eprint!("{r}");
        } else {
            print!("{r}");
        }
    }
    Ok(0)
}

fn import_report(name: &str, imported: &dsa_docx::Import) -> String {
    let mut s = format!("{name}: {:?}\n", imported.agreement.title);
    let found = imported.sections.iter().filter(|x| x.found).count();
    s.push_str(&format!(
        "  template sections found: {found}/{}\n",
        imported.sections.len()
    ));
    for sec in &imported.sections {
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
    let missing: Vec<&dsa_docx::Diagnostic> = imported
        .diagnostics
        .iter()
        .filter(|d| d.kind == dsa_docx::DiagnosticKind::Missing)
        .collect();
    for d in missing {
        s.push_str(&format!("  note: {} ({})\n", d.message, d.location));
    }
    s.push_str(&format!(
        "  unmapped blocks kept verbatim: {}\n",
        imported.agreement.unmapped.len()
    ));
    s
}

/// The name an input is known by in provenance: its file name (none for stdin).
fn file_label(input: &str) -> Option<String> {
    if input == "-" {
        return None;
    }
    Path::new(input)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
}

fn input_kind(input: &str) -> InputKind {
    let ext = Path::new(input)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("xlsx" | "xlsm" | "xls" | "ods" | "xlsb") => InputKind::Register,
        _ => InputKind::Docx,
    }
}

fn import_register(
    input: &str,
    output: Option<&str>,
    jsonl: Option<&str>,
    profile: Option<&str>,
    report: bool,
    style: OutputStyle,
    limits: dsa_xlsx::Limits,
) -> Result<u8, Failure> {
    use std::io::BufWriter;
    let name = display_name(input);
    let bytes = read_input(input).map_err(input_error)?;
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
    let options = dsa_xlsx::Options { profile, limits };
    let file_label = file_label(input);
    // Records are written as they are read, so a large register is never held whole.
    enum Sink {
        Lines(Box<dyn Write>),
        Dir(PathBuf),
    }
    let mut sink = match (output, jsonl) {
        (Some(dir), None) if dir != "-" => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {dir}"))
                .map_err(output_error)?;
            Sink::Dir(PathBuf::from(dir))
        }
        (_, Some(f)) if f != "-" => Sink::Lines(Box::new(BufWriter::new(
            std::fs::File::create(f)
                .with_context(|| format!("cannot write {f}"))
                .map_err(output_error)?,
        ))),
        _ => Sink::Lines(Box::new(BufWriter::new(std::io::stdout()))),
    };
    let mut write_error: Option<anyhow::Error> = None;
    let mut diagnostics: Vec<(String, u32, Vec<String>)> = Vec::new();
    let mut count = 0usize;
    let reports = dsa_xlsx::import_each(&bytes, file_label.as_deref(), &options, |rec| {
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
                dsa_model::json::to_string(&rec.agreement)
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
    })
    .map_err(|e| input_error(anyhow!("{name}: {e}")))?;
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
                    "diagnostics": diagnostics.iter().map(|(s, r, d)| serde_json::json!({"sheet": s, "row": r, "messages": d})).collect::<Vec<_>>(),
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
                        s.push_str(&format!("  {sheet}!{row}: {m}\n"));
                    }
                }
                s
            }
        };
        let to_stdout = matches!(&sink, Sink::Dir(_)) || jsonl.is_some_and(|j| j != "-");
        if to_stdout {
            print!("{r}");
        } else {
            eprint!("{r}");
        }
    }
    Ok(0)
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

fn migrate(
    input: &Path,
    out: &Path,
    jobs: Option<usize>,
    resume: bool,
    quiet: bool,
    style: OutputStyle,
) -> Result<u8, Failure> {
    use std::io::IsTerminal;
    let total = walk_count(input);
    // A progress bar only on a terminal; scripts and CI get nothing but the summary.
    let bar = if !quiet && std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(total as u64);
        if let Ok(s) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files  {per_sec}  eta {eta}",
        ) {
            b.set_style(s);
        }
        Some(b)
    } else {
        None
    };
    let progress = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let options = dsa_migrate::Options {
        jobs,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        resume,
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
    };
    let report = dsa_migrate::migrate(input, out, &options, &progress).map_err(|e| match e {
        dsa_migrate::MigrateError::Input(..) => input_error(anyhow!(e)),
        dsa_migrate::MigrateError::Output(..) => output_error(anyhow!(e)),
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let t = &report.totals;
    match style {
        OutputStyle::Json => {
            // The report as written (OUT/report.json), streamed: it can run to megabytes.
            let path = out.join("report.json");
            let mut file = std::fs::File::open(&path)
                .with_context(|| format!("cannot read {}", path.display()))
                .map_err(output_error)?;
            std::io::copy(&mut file, &mut std::io::stdout().lock())
                .context("cannot write the report to stdout")
                .map_err(output_error)?;
        }
        OutputStyle::Human if !quiet => {
            println!(
                "{} inputs: {} converted, {} failed, {} unsupported, {} skipped; {} agreements ({} with errors, {} register rows joined to documents) -> {}",
                t.inputs,
                t.converted,
                t.failed,
                t.unsupported,
                t.skipped,
                t.agreements,
                t.agreements_with_errors,
                t.joined,
                out.join("report.html").display()
            );
        }
        OutputStyle::Human => {}
    }
    Ok(if t.failed > 0 { 1 } else { 0 })
}

/// Number of files under a directory (for the progress bar's length).
fn walk_count(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                match e.file_type() {
                    Ok(t) if t.is_dir() => stack.push(e.path()),
                    Ok(t) if t.is_file() => n += 1,
                    _ => {}
                }
            }
        }
    }
    n
}
