//! Markdown (GitHub-flavoured tables).

use crate::outline::{outline, Block};
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

/// The agreement as Markdown.
pub fn to_markdown(a: &Agreement) -> String {
    let mut s = String::new();
    for b in outline(a) {
        match b {
            Block::Title(t) => s.push_str(&format!("# {}\n\n", cell(&t))),
            Block::Heading(l, t) => {
                s.push_str(&format!("{} {}\n\n", "#".repeat(l as usize + 1), cell(&t)))
            }
            Block::Field(l, v) => s.push_str(&format!("**{}:** {}\n\n", l, text(&v))),
            Block::Caption(t) => s.push_str(&format!("**{}**\n\n", t)),
            Block::Para(t) => s.push_str(&format!("{}\n\n", text(&t))),
            Block::List(xs) => {
                for x in xs {
                    s.push_str(&format!("- {}\n", x.replace('\n', " ")));
                }
                s.push('\n');
            }
            Block::Table(h, rows) => {
                s.push_str(&format!(
                    "| {} |\n",
                    h.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                ));
                s.push_str(&format!("|{}\n", "---|".repeat(h.len())));
                for r in rows {
                    s.push_str(&format!(
                        "| {} |\n",
                        r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                    ));
                }
                s.push('\n');
            }
        }
    }
    s
}
