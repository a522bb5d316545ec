//! `cargo xtask blocks FILE.docx`: the block tree DOCX recognition reads.

use std::path::Path;

use anyhow::{Context, Result};

/// `cargo xtask blocks FILE.docx`: the block tree recognition sees, one line per
/// paragraph or row (struck text in ~~, bold in **, list items with "- ", heading levels
/// as #): for finding why a document is read as it is.
pub fn blocks(path: &Path) -> Result<()> {
    use dsa_docx::blocks::{Block, Paragraph};
    fn para(p: &Paragraph) -> String {
        let mut s = String::new();
        if let Some(l) = p.heading {
            s.push_str(&"#".repeat(usize::from(l).max(1)));
            s.push(' ');
        }
        if p.list {
            s.push_str("- ");
        }
        for r in &p.runs {
            match (r.strike, r.bold) {
                (true, _) => s.push_str(&format!("~~{}~~", r.text)),
                (false, true) if !r.text.trim().is_empty() => {
                    s.push_str(&format!("**{}**", r.text))
                }
                _ => s.push_str(&r.text),
            }
        }
        if let Some(st) = &p.style {
            s.push_str(&format!("  [{st}]"));
        }
        s
    }
    fn walk(blocks: &[Block], indent: &str) {
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::Paragraph(p) => println!("{indent}{i}: {}", para(p)),
                Block::Table(t) => {
                    println!("{indent}{i}: TABLE");
                    for row in &t.rows {
                        let cells: Vec<String> = row
                            .cells
                            .iter()
                            .map(|c| {
                                c.blocks
                                    .iter()
                                    .map(|b| match b {
                                        Block::Paragraph(p) => para(p),
                                        Block::Table(_) => "[nested table]".into(),
                                    })
                                    .collect::<Vec<_>>()
                                    .join(" / ")
                            })
                            .collect();
                        println!("{indent}   | {}", cells.join(" | "));
                        for c in &row.cells {
                            for b in &c.blocks {
                                if let Block::Table(_) = b {
                                    walk(std::slice::from_ref(b), &format!("{indent}      "));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let doc = dsa_docx::read_document(&bytes, dsa_docx::Limits::default())?;
    walk(&doc.body, "");
    for (part, b) in &doc.headers_footers {
        println!("== {part}");
        walk(b, "");
    }
    Ok(())
}
