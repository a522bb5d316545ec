//! The signable agreement as Markdown (GitHub-flavoured tables).

use crate::document::{Block, Cell, Document, Table};
use dsa_model::template::wording::added::SignatureRow;
use dsa_model::Agreement;

/// Table cells cannot hold pipes or line breaks as they are.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

/// Markdown starts a block with these; text that does must not become markup.
fn text(s: &str) -> String {
    let t = s.replace('\n', "  \n");
    match t.chars().next() {
        Some('#' | '>' | '-' | '*' | '+' | '|' | '=') => format!("\\{t}"),
        Some(c) if c.is_ascii_digit() && t.contains(". ") => t.replacen(". ", "\\. ", 1),
        _ => t,
    }
}

fn table(s: &mut String, t: &Table) {
    let cols = t.columns();
    let head: Vec<String> = match &t.head {
        Some(h) => h.iter().map(|c| cell(c)).collect(),
        None => vec![" ".to_string(); cols],
    };
    s.push_str(&format!("| {} |\n", head.join(" | ")));
    s.push_str(&format!("|{}\n", "---|".repeat(cols)));
    for r in &t.rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| match c {
                Cell::Text(x) => cell(x),
                Cell::Bullets(xs) => cell(
                    &xs.iter()
                        .map(|x| format!("• {x}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            })
            .collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    s.push('\n');
}

/// The agreement as Markdown.
pub fn to_markdown(a: &Agreement) -> String {
    render(&crate::signable::document(a))
}

fn render(doc: &Document) -> String {
    let mut s = format!("**{}**\n\n# {}\n\n", doc.marking, cell(&doc.title));
    for (l, v) in &doc.cover {
        s.push_str(&format!("**{}:** {}  \n", l, text(v)));
    }
    s.push('\n');
    for b in &doc.blocks {
        match b {
            Block::Contents => {
                s.push_str("## Contents\n\n");
                for (level, t, _) in doc.headings() {
                    s.push_str(&format!(
                        "{}- {}\n",
                        "  ".repeat(level.saturating_sub(1) as usize),
                        cell(&t)
                    ));
                }
                s.push('\n');
            }
            Block::Heading(h) => s.push_str(&format!(
                "{} {}\n\n",
                "#".repeat(h.level as usize + 1),
                cell(&h.display())
            )),
            Block::Para(t) | Block::Verbatim(t) => s.push_str(&format!("{}\n\n", text(t))),
            Block::Label(t) => s.push_str(&format!("**{}**\n\n", t)),
            Block::Bullets(xs) => {
                for x in xs {
                    s.push_str(&format!("- {}\n", x.replace('\n', " ")));
                }
                s.push('\n');
            }
            Block::Table(t) => table(&mut s, t),
            Block::Signatures(sigs) => {
                for g in sigs {
                    let rows = [
                        (SignatureRow::SignedFor.label(), g.party.clone()),
                        (
                            SignatureRow::Name.label(),
                            g.name.clone().unwrap_or_default(),
                        ),
                        (
                            SignatureRow::Role.label(),
                            g.role.clone().unwrap_or_default(),
                        ),
                        (SignatureRow::Signature.label(), String::new()),
                        (
                            SignatureRow::Date.label(),
                            g.date.clone().unwrap_or_default(),
                        ),
                    ];
                    s.push_str("| | |\n|---|---|\n");
                    for (l, v) in rows {
                        s.push_str(&format!("| {l} | {} |\n", cell(&v)));
                    }
                    s.push('\n');
                }
            }
            Block::PageBreak => {}
        }
    }
    s.push_str(&format!("**{}**\n", doc.marking));
    s
}
