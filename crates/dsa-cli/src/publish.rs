//! `dsa render` (DOCX, HTML, Markdown for people) and `dsa export` (JSON-LD for linked-data
//! integrators).

use anyhow::anyhow;
use clap::ValueEnum;

use crate::input::{read_agreement, From};
use crate::{input_error, output_error, write_output, Failure};

/// What `dsa render` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderTo {
    Docx,
    Html,
    Md,
}

/// What `dsa export` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportTo {
    Jsonld,
}

pub fn render(
    input: &str,
    from: Option<From>,
    to: Option<RenderTo>,
    output: Option<&str>,
) -> Result<u8, Failure> {
    let a = read_agreement(input, from).map_err(input_error)?;
    let to = to
        .or_else(|| {
            let o = output?.to_ascii_lowercase();
            if o.ends_with(".docx") {
                Some(RenderTo::Docx)
            } else if o.ends_with(".html") || o.ends_with(".htm") {
                Some(RenderTo::Html)
            } else if o.ends_with(".md") {
                Some(RenderTo::Md)
            } else {
                None
            }
        })
        .ok_or_else(|| Failure {
            code: 2,
            error: anyhow!("say what to render: -t docx|html|md (or an -o name ending in one)"),
        })?;
    if to == RenderTo::Docx && matches!(output, None | Some("-")) && is_terminal_stdout() {
        return Err(Failure {
            code: 2,
            error: anyhow!("a .docx is binary: give -o FILE.docx (or redirect standard output)"),
        });
    }
    let bytes = match to {
        RenderTo::Docx => dsa_render::to_docx(&a).map_err(|e| output_error(e.into()))?,
        RenderTo::Html => dsa_render::to_html(&a).into_bytes(),
        RenderTo::Md => dsa_render::to_markdown(&a).into_bytes(),
    };
    write_output(output, &bytes).map_err(output_error)?;
    Ok(0)
}

fn is_terminal_stdout() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

pub fn export(
    input: &str,
    from: Option<From>,
    to: ExportTo,
    output: Option<&str>,
) -> Result<u8, Failure> {
    let a = read_agreement(input, from).map_err(input_error)?;
    let text = match to {
        ExportTo::Jsonld => {
            let mut s = serde_json::to_string_pretty(&dsa_jsonld::to_jsonld(&a))
                .map_err(|e| output_error(e.into()))?;
            s.push('\n');
            s
        }
    };
    write_output(output, text.as_bytes()).map_err(output_error)?;
    Ok(0)
}
