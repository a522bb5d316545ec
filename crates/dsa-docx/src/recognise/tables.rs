//! Tables: stacked tables split, then each dispatched to the reader of its kind.

use super::*;

impl Recogniser {
    pub(super) fn unmapped_table(&mut self, t: &Table, loc: &str) {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if !text.trim().is_empty() {
                    self.unmapped(&cell_loc(loc, r, c), text.trim());
                }
            }
        }
    }

    pub(super) fn table(&mut self, t: &Table, loc: &str) {
        self.finish_overrides();
        if t.rows.is_empty() {
            return;
        }
        // A frame around the real table (Appendix A nested in an outer table with a
        // caption row): read what it holds, block by block.
        if is_wrapper(t) {
            for (r, row) in t.rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    for (k, b) in cell.blocks.iter().enumerate() {
                        let at = format!("{}/block[{k}]", cell_loc(loc, r, c));
                        match b {
                            Block::Paragraph(p) => self.paragraph(p, &at),
                            Block::Table(inner) => self.table(inner, &at),
                        }
                    }
                }
            }
            return;
        }
        // Tables written with nothing between them are merged by Word and LibreOffice:
        // split them again at rows that are option-table headers.
        let parts = split_stacked(t);
        if parts.len() > 1 {
            for (k, part) in parts.iter().enumerate() {
                self.table(part, &format!("{loc}/part[{k}]"));
            }
            return;
        }
        let header = norm(
            &t.rows[0]
                .cells
                .iter()
                .map(Cell::text)
                .collect::<Vec<_>>()
                .join(" | "),
        );
        let all_text = || {
            norm(
                &t.rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(Cell::text))
                    .collect::<Vec<_>>()
                    .join(" | "),
            )
        };
        let s = self.section();
        if header.contains("article 6") {
            self.option_table::<Article6Condition>(t, loc, "/lawful_basis/article6", |a| {
                &mut a.lawful_basis.article6
            });
        } else if header.contains("article 9 lawful")
            || (header.contains("article 9") && !header.contains("sch 1"))
        {
            self.option_table::<Article9Condition>(t, loc, "/lawful_basis/article9", |a| {
                &mut a.lawful_basis.article9
            });
        } else if header.contains("sch 1 pt 1") || header.contains("schedule 1 part 1") {
            self.option_table::<Schedule1Part1Condition>(
                t,
                loc,
                "/lawful_basis/schedule1_part1",
                |a| &mut a.lawful_basis.schedule1_part1,
            );
        } else if header.contains("sch 1 pt 2") || header.contains("schedule 1 part 2") {
            self.option_table::<Schedule1Part2Condition>(
                t,
                loc,
                "/lawful_basis/schedule1_part2",
                |a| &mut a.lawful_basis.schedule1_part2,
            );
        } else if header.contains("sch 1 pt 3") || header.contains("schedule 1 part 3") {
            self.option_table::<Schedule1Part3Condition>(
                t,
                loc,
                "/lawful_basis/schedule1_part3",
                |a| &mut a.lawful_basis.schedule1_part3,
            );
        } else if header.contains("sch 8")
            || header.contains("schedule 8")
            || header.contains("law enforcement conditions")
        {
            self.a.law_enforcement.get_or_insert_with(Default::default);
            self.option_table::<Schedule8Condition>(t, loc, "/law_enforcement/schedule8", |a| {
                &mut a
                    .law_enforcement
                    .get_or_insert_with(Default::default)
                    .schedule8
            });
        } else if (header.contains("legal basis") || header.contains("lawful basis"))
            && !header.contains("applicable party")
        {
            self.basis_table(t, loc);
        } else if header.starts_with("scenario")
            || (s == Some(Section::AppendixScenarios) && header.contains("means of sharing"))
        {
            self.scenarios_table(t, loc);
        } else if header.contains("specified authorities") {
            self.svd_table(t, loc);
        } else if header.contains("organisation name") {
            self.parties_table(t, loc);
        } else if header.starts_with("competent authority") {
            self.competent_table(t, loc);
        } else if t.rows.len() <= 6 && {
            let a = all_text();
            a.contains("publish date") || a.contains("review date")
        } {
            self.key_value_table(t, loc);
        } else if header.contains("part 2 processing") && header.contains("part 3 processing") {
            self.categories_table(t, loc);
        } else if header.contains("anonymisation or pseudonymisation") {
            self.anonymisation_table(t, loc);
        } else if header.contains("type of data")
            || s == Some(Section::PersonalData)
            || s == Some(Section::SpecialCategory)
        {
            self.data_items_table(t, loc);
        } else if header.contains("retention period") {
            self.retention_table(t, loc);
        } else if header.contains("end of sharing") {
            self.end_table(t, loc);
        } else if header.contains("organisation name")
            || (header.contains("duties") && s == Some(Section::AppendixParties))
        {
            self.parties_table(t, loc);
        } else if header.contains("legislation/statutory guidance")
            || (header.contains("legislation") && header.contains("purpose"))
        {
            self.legislation_table(t, loc);
        } else if header.contains("individual right") {
            self.rights_table(t, loc);
        } else if s == Some(Section::DataSubjects)
            || match_code::<DataSubjectType>(
                &t.rows[0].cells.first().map(Cell::text).unwrap_or_default(),
            )
            .is_some_and(|(_, c)| c >= 0.95)
        {
            self.subjects_table(t, loc);
        } else if s == Some(Section::OutsideUk) {
            self.outside_table(t, loc);
        } else if matches!(
            s,
            Some(Section::Parties) | Some(Section::Signatures) | Some(Section::AppendixParties)
        ) {
            self.parties_table(t, loc);
        } else if t.rows.iter().all(|r| r.cells.len() == 2) && t.rows.len() <= 12 {
            self.key_value_table(t, loc);
        } else {
            self.unmapped_table(t, loc);
        }
    }

    /// Header cells and other scaffolding confirm the section.
    pub(super) fn header_prov(&mut self, t: &Table, loc: &str, field: &str) {
        if let Some(row) = t.rows.first() {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if !text.trim().is_empty() {
                    self.prov(field, &cell_loc(loc, 0, c), text.trim(), None);
                }
            }
        }
    }
}

pub(super) fn is_option_header(row: &crate::blocks::Row) -> bool {
    let cells: Vec<String> = row.cells.iter().map(|c| norm(&c.text())).collect();
    let first = cells.first().cloned().unwrap_or_default();
    cells.iter().skip(1).any(|c| c == "applicable party")
        && (first.contains("[delete") || first.contains("conditions") || first.contains("sch "))
}

/// Splits a table at option-table header rows after the first; empty when it is one table.
pub(super) fn split_stacked(t: &Table) -> Vec<Table> {
    let starts: Vec<usize> = (0..t.rows.len())
        .filter(|&i| i == 0 || is_option_header(&t.rows[i]))
        .collect();
    // Most tables are one table: nothing is copied for them.
    if starts.len() < 2 {
        return Vec::new();
    }
    let ends = starts.iter().skip(1).copied().chain([t.rows.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&from, to)| Table {
            rows: t.rows[from..to].to_vec(),
        })
        .collect()
}

/// Whether a table only frames others: a few one-cell rows, a nested table in one of
/// them, and no more than a caption's worth of text of its own. (A table of several
/// columns with a table nested in one cell is a table in its own right.)
pub(super) fn is_wrapper(t: &Table) -> bool {
    let small = t.rows.len() <= 4 && t.rows.iter().all(|r| r.cells.len() == 1);
    let nested = t
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .any(|c| c.blocks.iter().any(|b| matches!(b, Block::Table(_))));
    let own_text: usize = t
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .flat_map(|c| c.paragraphs())
        .map(|p| p.runs.iter().map(|r| r.text.len()).sum::<usize>())
        .sum();
    small && nested && own_text <= 200
}
