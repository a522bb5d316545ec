//! What the commands read: a file or standard input, size-capped, its kind decided by
//! `dsa_import::Format::detect` (the same decision migrate makes) unless `-f` says it.
//! Every command that reads one agreement reads it here, so each accepts a Word document,
//! JSON, XML or an upload package alike.

use std::io::Read;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use clap::ValueEnum;
use dsa_import::Format;
use dsa_model::Agreement;

/// `-f/--from`: the input's kind, for when neither its name nor its content says (stdin).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// A Word document (.docx, .docm, .dotx).
    Docx,
    /// A register workbook (.xlsx, .xlsm); `register` is accepted for any spreadsheet.
    #[value(alias = "register")]
    Xlsx,
    /// An Excel 97-2003 register.
    Xls,
    /// An OpenDocument spreadsheet register.
    Ods,
    /// A CSV register.
    Csv,
    /// A canonical agreement in JSON.
    Json,
    /// A canonical agreement in XML.
    Xml,
    /// An upload package (.zip) from `dsa migrate`.
    Package,
}

impl From {
    fn format(self) -> Format {
        match self {
            From::Docx => Format::Docx,
            From::Xlsx => Format::Xlsx,
            From::Xls => Format::Xls,
            From::Ods => Format::Ods,
            From::Csv => Format::Csv,
            From::Json => Format::Json,
            From::Xml => Format::Xml,
            From::Package => Format::Package,
        }
    }
}

/// `<stdin>` for `-`, else the path as given.
pub fn display_name(input: &str) -> &str {
    if input == "-" {
        "<stdin>"
    } else {
        input
    }
}

/// The name an input is known by in provenance: its file name (none for stdin).
pub fn file_label(input: &str) -> Option<String> {
    if input == "-" {
        return None;
    }
    Path::new(input)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
}

/// Largest input read (a mistaken huge input is a clear error, not an exhausted machine):
/// the readers' own limit.
const MAX_INPUT: u64 = dsa_model::limits::DEFAULT_MAX_INPUT_BYTES;

/// Reads a file (or stdin for `-`) with the size cap.
pub fn read_input(input: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    if input == "-" {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
    } else {
        let f = std::fs::File::open(input).with_context(|| format!("cannot open {input}"))?;
        f.take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .with_context(|| format!("cannot read {input}"))?;
    }
    if buf.len() as u64 > MAX_INPUT {
        return Err(anyhow!("{} is larger than 256 MiB", display_name(input)));
    }
    Ok(buf)
}

/// An input read and identified.
pub struct Input {
    /// As given on the command line (`-` for stdin).
    pub arg: String,
    pub bytes: Vec<u8>,
    pub format: Format,
}

impl Input {
    /// For messages.
    pub fn name(&self) -> &str {
        display_name(&self.arg)
    }
}

/// Reads `input` and decides its kind: `from` if given, else [`Format::detect`].
pub fn open(input: &str, from: Option<From>) -> Result<Input> {
    let bytes = read_input(input)?;
    let name = display_name(input);
    let format = match from {
        Some(f) => f.format(),
        None if bytes.is_empty() && input == "-" => {
            return Err(anyhow!("{name}: the input is empty"));
        }
        None => Format::detect(if input == "-" { "" } else { input }, &bytes).map_err(|e| {
            let hint = if input == "-" {
                "; say what it is with -f docx|xlsx|xls|ods|csv|json|xml|package"
            } else {
                ""
            };
            anyhow!("{name}: {e}{hint}")
        })?,
    };
    Ok(Input {
        arg: input.to_string(),
        bytes,
        format,
    })
}

/// Reads one agreement from any input kind: a Word document (imported), JSON, XML or an
/// upload package. A register holds many and is refused with the command that reads it.
pub fn read_agreement(input: &str, from: Option<From>) -> Result<Agreement> {
    agreement_of(&open(input, from)?)
}

/// The one agreement an identified input holds, read through the reader contract
/// (`dsa_import::Readers`, default limits).
pub fn agreement_of(input: &Input) -> Result<Agreement> {
    let name = input.name();
    if input.format.is_register() {
        return Err(anyhow!(
            "{name}: a {} holds one agreement per row: read it with `dsa import {}`",
            input.format.label(),
            input.arg
        ));
    }
    let label = file_label(&input.arg);
    let mut found = None;
    dsa_import::Readers::default()
        .read(
            input.format,
            dsa_import::Input {
                name: label.as_deref(),
                bytes: &input.bytes,
            },
            &mut |f| found = Some(f.agreement),
        )
        .map_err(|e| anyhow!("{name}: {e}"))?;
    found.ok_or_else(|| anyhow!("{name}: no agreement found"))
}
