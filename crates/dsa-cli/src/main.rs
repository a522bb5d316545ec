//! `dsa`: the command-line edge of the toolkit. Reads agreements with the readers,
//! runs the model's validation, writes with the writers. Context for errors (which
//! file, which step) is added here; the libraries report causes with stable codes.

mod compare;
mod import;
mod input;
mod publish;

use std::io::Write;
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
        /// Agreements: .docx, .json, .xml or upload packages; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Input kind when neither name nor content says (standard input).
        #[arg(short = 'f', long = "from", value_enum)]
        from: Option<input::From>,
        /// Output style.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputStyle,
        /// Check review and termination dates against this date (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Convert an agreement to JSON or XML (from JSON, XML, a .docx or an upload package).
    #[command(after_help = EXIT_HELP)]
    Convert {
        /// Input file; `-` reads standard input.
        input: String,
        /// Input kind (default: from the content, else the extension).
        #[arg(short = 'f', long = "from", value_enum)]
        from: Option<input::From>,
        /// Output format (default: from the output file's extension, else JSON).
        #[arg(short = 't', long = "to", value_enum)]
        to: Option<Format>,
        /// Output file; `-` or absent writes standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
    /// Import a legacy DSA (.docx) or a DSA register (.xlsx, .xlsm, .xls, .ods, .csv).
    ///
    /// A document gives one agreement (-o FILE.json|.xml, default JSON on stdout). A register
    /// gives one partial agreement per row: -o FILE.jsonl writes JSON Lines, -o DIR/ (with
    /// the slash) one JSON file per row; default JSON Lines on stdout.
    #[command(after_help = EXIT_HELP)]
    Import {
        /// The file; `-` reads standard input.
        input: String,
        /// Output: FILE.json|.xml for a document; FILE.jsonl or DIR/ for a register; `-` is stdout.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
        /// For registers: write JSON Lines to this file (`-` = stdout); same as -o FILE.jsonl.
        #[arg(long)]
        jsonl: Option<String>,
        /// For registers: a TOML profile mapping this register's headers to fields.
        #[arg(long)]
        profile: Option<String>,
        /// Input kind when neither name nor content says (standard input).
        #[arg(short = 'f', long = "from", value_enum)]
        from: Option<input::From>,
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
        input: PathBuf,
        /// Output directory (left out of the walk when it lies inside the backlog).
        #[arg(
            short = 'o',
            long = "output",
            visible_alias = "out",
            default_value = "out"
        )]
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
        /// Check review and termination dates against this date (YYYY-MM-DD; default
        /// today). Give it for packages that do not change from one day to the next.
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
        /// Corrections to apply after import on every run (TOML: `[[correction]]` entries
        /// with agreement or source, field, value or remove, was, by, why; see the
        /// README). Each is recorded in the package and the report; one that no longer
        /// applies is reported, not dropped.
        #[arg(long, value_name = "FILE")]
        corrections: Option<PathBuf>,
        /// Also put each agreement in XML (`agreement.xml`) into its package, for loaders
        /// that take XML; `agreement.json` is always there (`dsa convert` turns any
        /// package into XML later).
        #[arg(long)]
        xml: bool,
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
        /// Input kind when neither name nor content says (standard input).
        #[arg(short = 'f', long = "from", value_enum)]
        from: Option<input::From>,
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
        /// Input kind when neither name nor content says (standard input).
        #[arg(short = 'f', long = "from", value_enum)]
        from: Option<input::From>,
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
        #[arg(value_enum, default_value = "json-schema")]
        kind: SchemaFormat,
        /// The same as KIND (the older spelling).
        #[arg(long = "format", value_enum, hide = true, conflicts_with = "kind")]
        format: Option<SchemaFormat>,
        /// Output file; `-` or absent writes standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<String>,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to standard output.
    ///
    /// For bash: `dsa completions bash > ~/.local/share/bash-completion/completions/dsa`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output: `dsa man | man -l -`.
    Man,
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
    /// The readers' limits these arguments set (every reader takes the one type).
    fn limits(&self) -> dsa_model::Limits {
        dsa_model::Limits {
            max_part_bytes: self.max_part_bytes,
            max_total_bytes: self.max_total_bytes,
            max_depth: self.max_depth,
            max_text_chars: self.max_text_chars,
            max_cells: self.max_cells,
            max_rows: self.max_rows,
            ..dsa_model::Limits::default()
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
        Command::Validate {
            files,
            from,
            format,
            as_of,
        } => validate(&files, from, format, as_of.unwrap_or_else(today)),
        Command::Convert {
            input,
            from,
            to,
            output,
        } => convert(&input, from, to, output.as_deref()),
        Command::Schema {
            kind,
            format,
            output,
        } => schema(format.unwrap_or(kind), output.as_deref()),
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
        Command::Diff { a, b, format } => compare::diff(&a, &b, format),
        Command::Render {
            input,
            from,
            to,
            output,
        } => publish::render(&input, from, to, output.as_deref()),
        Command::Export {
            input,
            from,
            to,
            output,
        } => publish::export(&input, from, to, output.as_deref()),
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
            as_of,
            corrections,
            xml,
        } => (|| {
            let options = dsa_migrate::Options {
                jobs,
                tool_version: env!("CARGO_PKG_VERSION").to_string(),
                resume,
                held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
                as_of: Some(as_of.unwrap_or_else(today)),
                corrections: match &corrections {
                    Some(path) => {
                        dsa_migrate::Corrections::read(path).map_err(|e| input_error(anyhow!(e)))?
                    }
                    None => dsa_migrate::Corrections::default(),
                },
                corrections_path: corrections,
                xml,
            };
            migrate(&input, &out, &options, quiet, format)
        })(),
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
        } => match input::open(&input, from) {
            Err(e) => Err(input_error(e)),
            Ok(i) if i.format == dsa_import::Format::Docx => {
                import::import(&i, output.as_deref(), to, report, format, limits.limits())
            }
            Ok(i) if i.format.is_register() => import::import_register(
                &i,
                output.as_deref(),
                jsonl.as_deref(),
                profile.as_deref(),
                report,
                format,
                limits.limits(),
            ),
            // Already an agreement (JSON, XML, a package): written out as asked.
            Ok(i) => input::agreement_of(&i)
                .map_err(input_error)
                .and_then(|a| write_agreement(&a, i.name(), output.as_deref(), to)),
        },
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`dsa schema | head`) is the reader's choice, not a failure: quiet,
        // exit 0, as cargo and ripgrep do.
        Err(f) if is_broken_pipe(&f.error) => ExitCode::SUCCESS,
        Err(f) => {
            say(&format!("dsa: error: {:#}\n", f.error));
            ExitCode::from(f.code)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes to standard error, ignoring a closed stream (there is no one left to tell).
pub(crate) fn say(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes to standard output; a closed pipe comes back as an error the caller passes up
/// (and `main` ends quietly).
pub(crate) fn stdout_text(text: &str) -> Result<(), Failure> {
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes())
        .and_then(|_| o.flush())
        .context("cannot write standard output")
        .map_err(output_error)
}

fn completions(shell: clap_complete::Shell) -> Result<u8, Failure> {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dsa", &mut buf);
    write_output(None, &buf).map_err(output_error)?;
    Ok(0)
}

fn man() -> Result<u8, Failure> {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .context("cannot render the manual page")
        .map_err(output_error)?;
    write_output(None, &buf).map_err(output_error)?;
    Ok(0)
}

/// Writes to a file atomically (temp file in the same directory, then rename), or to stdout.
fn write_output(output: Option<&str>, data: &[u8]) -> Result<()> {
    match output {
        None | Some("-") => {
            let mut out = std::io::stdout().lock();
            out.write_all(data)
                .and_then(|_| out.flush())
                .context("cannot write standard output")
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
            // Folders are never made on the way: a missing one is a typo more often than
            // not. The message names the target, not the temporary file beside it.
            if !dir.is_dir() {
                return Err(anyhow!(
                    "cannot write {}: the folder {} does not exist",
                    path.display(),
                    dir.display()
                ));
            }
            let tmp = dir.join(format!(
                ".{}.{}.tmp",
                file_name.to_string_lossy(),
                std::process::id()
            ));
            std::fs::write(&tmp, data).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                anyhow!("cannot write {}: {e}", path.display())
            })?;
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

/// The local date, for `--as-of` left out.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn validate(
    files: &[String],
    from: Option<input::From>,
    style: OutputStyle,
    as_of: chrono::NaiveDate,
) -> Result<u8, Failure> {
    let mut reports = Vec::new();
    for f in files {
        match input::read_agreement(f, from) {
            Ok(a) => {
                let findings = validation::validate_as_of(&a, as_of);
                let ok = !findings.iter().any(|x| x.severity == Severity::Error);
                reports.push(FileReport {
                    file: input::display_name(f),
                    ok,
                    error: None,
                    findings,
                });
            }
            Err(e) => {
                // Read errors go to stderr (stdout holds the findings); the JSON report
                // keeps them too, for machines.
                say(&format!("dsa: error: {e:#}\n"));
                reports.push(FileReport {
                    file: input::display_name(f),
                    ok: false,
                    error: Some(format!("{e:#}")),
                    findings: Vec::new(),
                })
            }
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
                if r.error.is_some() {
                    continue;
                }
                let errors = r
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let warnings = r
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Warning)
                    .count();
                s.push_str(&format!(
                    "{}: {} ({errors} error(s), {warnings} warning(s))\n",
                    r.file,
                    if r.ok { "ok" } else { "INVALID" }
                ));
                for f in &r.findings {
                    let sev = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Note => "note",
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
    from: Option<input::From>,
    to: Option<Format>,
    output: Option<&str>,
) -> Result<u8, Failure> {
    let a = input::read_agreement(input, from).map_err(input_error)?;
    write_agreement(&a, input::display_name(input), output, to)
}

/// Writes an agreement as JSON or XML: `to`, else the output's extension, else JSON.
fn write_agreement(
    a: &Agreement,
    name: &str,
    output: Option<&str>,
    to: Option<Format>,
) -> Result<u8, Failure> {
    let to = to.unwrap_or_else(|| match output.map(|o| Path::new(o).extension()) {
        Some(Some(e)) if e.eq_ignore_ascii_case("xml") => Format::Xml,
        _ => Format::Json,
    });
    let text = match to {
        Format::Json => dsa_json::to_string(a).map_err(|e| anyhow!("{name}: {e}")),
        Format::Xml => dsa_xml::to_string(a).map_err(|e| anyhow!("{name}: {e}")),
    }
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

fn migrate(
    input: &Path,
    out: &Path,
    options: &dsa_migrate::Options,
    quiet: bool,
    style: OutputStyle,
) -> Result<u8, Failure> {
    use std::io::IsTerminal;
    let total = walk_count(input);
    // A progress bar only on a terminal; scripts and CI get nothing but the summary.
    let bar = if !quiet && std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(total as u64);
        if let Ok(s) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files  {rate}  eta {eta}")
        {
            // The rate as a whole number of files a second (indicatif's own shows decimals).
            b.set_style(s.with_key(
                "rate",
                |st: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", st.per_sec());
                },
            ));
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
    let report = dsa_migrate::migrate(input, out, options, &progress).map_err(|e| match e {
        dsa_migrate::MigrateError::Input(..) | dsa_migrate::MigrateError::Corrections(..) => {
            input_error(anyhow!(e))
        }
        dsa_migrate::MigrateError::Output(..) | dsa_migrate::MigrateError::DiskFull(..) => {
            output_error(anyhow!(e))
        }
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
            let corrections = match (t.corrections_applied, t.corrections_not_applied) {
                (0, 0) => String::new(),
                (a, 0) => format!("; {a} corrections applied"),
                (a, n) => format!("; {a} corrections applied, {n} not (the report says why)"),
            };
            stdout_text(&format!(
                "{} inputs: {} converted, {} failed, {} unsupported, {} skipped; {} agreements ({} with errors, {} register rows joined to documents){corrections} -> {}\n",
                t.inputs,
                t.converted,
                t.failed,
                t.unsupported,
                t.skipped,
                t.agreements,
                t.agreements_with_errors,
                t.joined,
                out.join("report.html").display()
            ))?;
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
