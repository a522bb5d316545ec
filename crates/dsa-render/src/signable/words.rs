//! How values are written for people: parties by name, "All parties", dates in words,
//! options in the template's wording, and tables sized for A4.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use dsa_model::{Agreement, Applicability, CodeList};

use crate::document::{Block, Cell, Table};

/// The agreement and its party names, for every slot.
pub struct Ctx<'a> {
    pub a: &'a Agreement,
    names: HashMap<&'a str, &'a str>,
}

impl<'a> Ctx<'a> {
    pub fn new(a: &'a Agreement) -> Self {
        Ctx {
            a,
            names: a
                .parties
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .collect(),
        }
    }

    /// A party's name (its id only when the agreement does not list it).
    pub fn party(&self, id: &str) -> String {
        self.names.get(id).copied().unwrap_or(id).to_string()
    }

    /// Several parties, as the template's tables join them.
    pub fn parties(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|i| self.party(i))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// "All parties", the named parties, or nothing when the document did not say.
    pub fn applies(&self, a: &Applicability) -> String {
        match a {
            Applicability::AllParties => "All parties".into(),
            Applicability::Named(ids) => self.parties(ids),
            Applicability::Unspecified => String::new(),
        }
    }
}

/// A date as a person writes it: "1 June 2021".
pub fn date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// An option in the template's words.
pub fn wording<C: CodeList>(c: C) -> String {
    c.wording().to_string()
}

/// A text cell.
pub fn cell(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A table with a header row; `widths` in percent.
pub fn table(head: &[&str], rows: Vec<Vec<Cell>>, widths: &[u16]) -> Block {
    Block::Table(Table {
        head: Some(head.iter().map(|h| h.to_string()).collect()),
        rows,
        widths: widths.to_vec(),
    })
}

/// A label/value table (no header row).
pub fn pairs(rows: Vec<(String, String)>, widths: &[u16]) -> Block {
    Block::Table(Table {
        head: None,
        rows: rows
            .into_iter()
            .map(|(l, v)| vec![Cell::Text(l), Cell::Text(v)])
            .collect(),
        widths: widths.to_vec(),
    })
}

/// A paragraph, when there is text.
pub fn para(out: &mut Vec<Block>, text: Option<&str>) {
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        out.push(Block::Para(t.to_string()));
    }
}

/// Two option lists side by side, as the template's two-column grids (§2.1.1, §3.2, §4.1).
pub fn grid(left: Vec<String>, right: Vec<String>) -> Vec<Vec<Cell>> {
    let n = left.len().max(right.len());
    (0..n)
        .map(|i| {
            vec![
                cell(left.get(i).cloned().unwrap_or_default()),
                cell(right.get(i).cloned().unwrap_or_default()),
            ]
        })
        .collect()
}
