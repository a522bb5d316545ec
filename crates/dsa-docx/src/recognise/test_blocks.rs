//! Block trees for the recognisers' unit tests: paragraphs, cells (a line each paragraph)
//! and tables, as parse.rs would give them.

use crate::blocks::{Block, Cell, Paragraph, Row, Run, Table};

/// A paragraph; `heading` is its heading level, if it is one.
pub fn para(text: &str, heading: Option<u8>) -> Block {
    Block::Paragraph(Paragraph {
        runs: vec![Run {
            text: text.into(),
            ..Run::default()
        }],
        heading,
        ..Paragraph::default()
    })
}

/// A cell with a paragraph per line.
pub fn cell(text: &str) -> Cell {
    Cell {
        blocks: text.split('\n').map(|l| para(l, None)).collect(),
        span: 1,
        merged_continue: false,
    }
}

/// A table, a row per item.
pub fn table<'a, R: AsRef<[&'a str]>>(rows: &[R]) -> Block {
    Block::Table(Table {
        rows: rows
            .iter()
            .map(|r| Row {
                cells: r.as_ref().iter().map(|c| cell(c)).collect(),
            })
            .collect(),
    })
}
