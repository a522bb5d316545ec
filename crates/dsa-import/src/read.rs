//! The reader contract's second half: what reading a file gives. Every reader — Word
//! documents, workbooks and CSV registers, canonical JSON and XML, upload packages — is
//! a [`Reader`]: it takes the input's bytes and the one [`Limits`] type, hands each
//! agreement it finds to one sink as a [`Found`] (the agreement, its typed
//! [`Diagnostic`]s, where in the input it came from) and returns a [`Summary`] of the
//! input as a whole, or a [`ReadError`] with a stable code when the input cannot be read
//! at all. [`Readers`] is the one place that says which reader reads each [`Format`];
//! the CLI's commands and migrate both go through it.

use dsa_model::{Agreement, Diagnostic, Limits};
use thiserror::Error;

use crate::Format;

/// An input to read: its bytes, and the name provenance gives it (none for stdin).
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The name the agreement's `sources` list it by (a path relative to the backlog,
    /// a file name), if any.
    pub name: Option<&'a str>,
    /// Every byte of it.
    pub bytes: &'a [u8],
}

/// Where in its input an agreement came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// The document as a whole, with what was found per template section.
    Document {
        /// Per template section: found, how many values, what was uncertain.
        sections: Vec<dsa_docx::SectionReport>,
    },
    /// One row of a register, as written.
    Row {
        /// Sheet name (the file's name for CSV).
        sheet: String,
        /// 1-based row number.
        row: u32,
        /// Every non-empty cell under a header, in column order.
        cells: Vec<dsa_xlsx::RowCell>,
    },
    /// A canonical agreement (JSON, XML, a package's `agreement.json`), taken as it is.
    Canonical,
}

/// One agreement a reader found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The agreement, as far as the input tells it.
    pub agreement: Agreement,
    /// What the reader noted about it (codes in `dsa_model::DiagnosticCode`).
    pub diagnostics: Vec<Diagnostic>,
    /// Where in the input it came from.
    pub origin: Origin,
}

/// What a reader says about the input as a whole, once every agreement is handed over.
#[derive(Debug, Clone)]
pub enum Summary {
    /// A document: its one agreement was handed over.
    Document,
    /// A register: per sheet, its header row, columns mapped and rows passed over.
    Register {
        /// One report per sheet, in workbook order.
        sheets: Vec<dsa_xlsx::SheetReport>,
    },
    /// A canonical agreement, or a package's.
    Canonical,
}

/// Why an input could not be read at all. Each reader's own error, with its stable code
/// (`E-DOCX-*`, `E-XLSX-*`, `E-JSON-*`, `E-XML-*`, `E-PKG-*`) first in its message.
#[derive(Debug, Error)]
pub enum ReadError {
    /// A Word document that could not be read.
    #[error(transparent)]
    Docx(#[from] dsa_docx::DocxError),
    /// A workbook or CSV register that could not be read.
    #[error(transparent)]
    Register(#[from] dsa_xlsx::XlsxError),
    /// Canonical JSON that is not an agreement.
    #[error(transparent)]
    Json(#[from] dsa_model::json::JsonError),
    /// Canonical XML that is not an agreement.
    #[error(transparent)]
    Xml(#[from] dsa_xml::XmlError),
    /// An upload package without a readable `agreement.json`.
    #[error(transparent)]
    Package(#[from] dsa_package::PackageError),
    /// Larger than `Limits::max_input_bytes`.
    #[error(
        "[E-FMT-013] the input is {size} bytes, over the limit of {limit} (limit max_input_bytes)"
    )]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

/// A reader of one kind of input.
pub trait Reader {
    /// Reads `input`, handing each agreement found to `sink` as it is found (a register
    /// of 100,000 rows is never held whole), and says what the input was as a whole.
    fn read(
        &self,
        input: Input<'_>,
        limits: &Limits,
        sink: &mut dyn FnMut(Found),
    ) -> Result<Summary, ReadError>;
}

/// Word documents (.docx, .docm, .dotx): one agreement each, recognised section by
/// section.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocxReader;

impl Reader for DocxReader {
    fn read(
        &self,
        input: Input<'_>,
        limits: &Limits,
        sink: &mut dyn FnMut(Found),
    ) -> Result<Summary, ReadError> {
        let i = dsa_docx::import(input.bytes, input.name, *limits)?;
        sink(Found {
            agreement: i.agreement,
            diagnostics: i.diagnostics,
            origin: Origin::Document {
                sections: i.sections,
            },
        });
        Ok(Summary::Document)
    }
}

/// Registers: workbooks (.xlsx, .xlsm, .xls, .ods) or CSV, one agreement per row.
#[derive(Debug, Clone, Copy)]
pub struct RegisterReader<'a> {
    /// Workbook or CSV, as [`Format::detect`] found (the reader does not guess again).
    pub kind: dsa_xlsx::Kind,
    /// A profile mapping a register's unusual headings, if one was given.
    pub profile: Option<&'a dsa_xlsx::Profile>,
}

impl Reader for RegisterReader<'_> {
    fn read(
        &self,
        input: Input<'_>,
        limits: &Limits,
        sink: &mut dyn FnMut(Found),
    ) -> Result<Summary, ReadError> {
        let options = dsa_xlsx::Options {
            profile: self.profile.cloned(),
            limits: *limits,
        };
        let sheets = dsa_xlsx::import_each_as(self.kind, input.bytes, input.name, &options, |r| {
            sink(Found {
                agreement: r.agreement,
                diagnostics: r.diagnostics,
                origin: Origin::Row {
                    sheet: r.sheet,
                    row: r.row,
                    cells: r.cells,
                },
            })
        })?;
        Ok(Summary::Register { sheets })
    }
}

/// Canonical agreements in JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonReader;

impl Reader for JsonReader {
    fn read(
        &self,
        input: Input<'_>,
        _limits: &Limits,
        sink: &mut dyn FnMut(Found),
    ) -> Result<Summary, ReadError> {
        canonical(dsa_model::json::from_slice(input.bytes)?, sink)
    }
}

/// Canonical agreements in XML.
#[derive(Debug, Clone, Copy, Default)]
pub struct XmlReader;

impl Reader for XmlReader {
    fn read(
        &self,
        input: Input<'_>,
        limits: &Limits,
        sink: &mut dyn FnMut(Found),
    ) -> Result<Summary, ReadError> {
        canonical(dsa_xml::from_slice_with(input.bytes, *limits)?, sink)
    }
}

/// Upload packages written by `dsa migrate`: the agreement in `agreement.json`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PackageReader;

impl Reader for PackageReader {
    fn read(
        &self,
        input: Input<'_>,
        limits: &Limits,
        sink: &mut dyn FnMut(Found),
    ) -> Result<Summary, ReadError> {
        let json = dsa_package::read_entry(input.bytes, "agreement.json", limits.max_input_bytes)?;
        canonical(dsa_model::json::from_slice(&json)?, sink)
    }
}

fn canonical(agreement: Agreement, sink: &mut dyn FnMut(Found)) -> Result<Summary, ReadError> {
    sink(Found {
        agreement,
        diagnostics: Vec::new(),
        origin: Origin::Canonical,
    });
    Ok(Summary::Canonical)
}

/// The readers of a command or a run, with their limits and register profile: the one
/// place that says which reader reads each format.
#[derive(Debug, Clone, Default)]
pub struct Readers {
    /// Limits every reader is held to.
    pub limits: Limits,
    /// A profile for registers' unusual headings.
    pub profile: Option<dsa_xlsx::Profile>,
}

impl Readers {
    /// Reads an input of `format` (from [`Format::detect`], or said by the user) through
    /// its reader; each agreement found goes to `sink`.
    pub fn read(
        &self,
        format: Format,
        input: Input<'_>,
        sink: &mut dyn FnMut(Found),
    ) -> Result<Summary, ReadError> {
        let size = input.bytes.len() as u64;
        if size > self.limits.max_input_bytes {
            return Err(ReadError::TooLarge {
                size,
                limit: self.limits.max_input_bytes,
            });
        }
        let register = |kind| RegisterReader {
            kind,
            profile: self.profile.as_ref(),
        };
        let reader: &dyn Reader = match format {
            Format::Docx => &DocxReader,
            Format::Xlsx | Format::Xls | Format::Ods => &register(dsa_xlsx::Kind::Workbook),
            Format::Csv => &register(dsa_xlsx::Kind::Csv),
            Format::Json => &JsonReader,
            Format::Xml => &XmlReader,
            Format::Package => &PackageReader,
        };
        reader.read(input, &self.limits, sink)
    }
}
