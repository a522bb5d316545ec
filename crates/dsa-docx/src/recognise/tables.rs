//! Tables: frames read through, stacked tables split, then each dispatched by the rule
//! table `TABLE_RULES` to the reader of its kind.

use super::*;

/// What a table rule looks at: the header row (normalised, cells joined by " | "), the
/// template section the table is in, and the table.
pub(super) struct TableCtx<'t> {
    header: String,
    section: Option<Section>,
    table: &'t Table,
}

impl TableCtx<'_> {
    fn has(&self, phrase: &str) -> bool {
        self.header.contains(phrase)
    }
    fn is_in(&self, s: Section) -> bool {
        self.section == Some(s)
    }
}

/// How a table is known: by its header (the template's own column headings, so the header
/// rules exclude one another — tested on the template's headers), else by what it holds,
/// else by the section it is in, else by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Evidence {
    Header,
    Content,
    Section,
    Shape,
}

/// One kind of table: how it is known and who reads it.
pub(super) struct TableRule {
    pub kind: &'static str,
    pub evidence: Evidence,
    pub matches: fn(&TableCtx) -> bool,
    pub read: fn(&mut Recogniser, &Table, &str),
}

/// Every kind of table, strongest evidence first (`Evidence` order); within the header
/// rules no two match one template header.
pub(super) static TABLE_RULES: &[TableRule] = &[
    TableRule {
        kind: "Article 6 conditions",
        evidence: Evidence::Header,
        matches: |c| c.has("article 6"),
        read: |r, t, l| {
            r.option_table::<Article6Condition>(t, l, "/lawful_basis/article6", |a| {
                &mut a.lawful_basis.article6
            })
        },
    },
    TableRule {
        kind: "Article 9 conditions",
        evidence: Evidence::Header,
        matches: |c| c.has("article 9") && !c.has("sch 1") && !c.has("schedule 1"),
        read: |r, t, l| {
            r.option_table::<Article9Condition>(t, l, "/lawful_basis/article9", |a| {
                &mut a.lawful_basis.article9
            })
        },
    },
    TableRule {
        kind: "Schedule 1 Part 1 conditions",
        evidence: Evidence::Header,
        matches: |c| c.has("sch 1 pt 1") || c.has("schedule 1 part 1"),
        read: |r, t, l| {
            r.option_table::<Schedule1Part1Condition>(t, l, "/lawful_basis/schedule1_part1", |a| {
                &mut a.lawful_basis.schedule1_part1
            })
        },
    },
    TableRule {
        kind: "Schedule 1 Part 2 conditions",
        evidence: Evidence::Header,
        matches: |c| {
            (c.has("sch 1 pt 2") || c.has("schedule 1 part 2"))
                && !c.has("sch 1 pt 3")
                && !c.has("schedule 1 part 3")
        },
        read: |r, t, l| {
            r.option_table::<Schedule1Part2Condition>(t, l, "/lawful_basis/schedule1_part2", |a| {
                &mut a.lawful_basis.schedule1_part2
            })
        },
    },
    TableRule {
        kind: "Schedule 1 Part 3 conditions",
        evidence: Evidence::Header,
        matches: |c| c.has("sch 1 pt 3") || c.has("schedule 1 part 3"),
        read: |r, t, l| {
            r.option_table::<Schedule1Part3Condition>(t, l, "/lawful_basis/schedule1_part3", |a| {
                &mut a.lawful_basis.schedule1_part3
            })
        },
    },
    TableRule {
        kind: "Schedule 8 conditions",
        evidence: Evidence::Header,
        matches: |c| c.has("sch 8") || c.has("schedule 8") || c.has("law enforcement conditions"),
        read: |r, t, l| {
            r.a.law_enforcement.get_or_insert_with(Default::default);
            r.option_table::<Schedule8Condition>(t, l, "/law_enforcement/schedule8", |a| {
                &mut a
                    .law_enforcement
                    .get_or_insert_with(Default::default)
                    .schedule8
            })
        },
    },
    TableRule {
        kind: "lawful basis as labels and details",
        evidence: Evidence::Header,
        matches: |c| {
            (c.has("legal basis") || c.has("lawful basis"))
                && !c.has("applicable party")
                && !c.has("article ")
        },
        read: |r, t, l| r.basis_table(t, l),
    },
    TableRule {
        kind: "Appendix D scenarios",
        evidence: Evidence::Header,
        matches: |c| c.header.starts_with("scenario"),
        read: |r, t, l| r.scenarios_table(t, l),
    },
    TableRule {
        kind: "Serious Violence Duty authorities",
        evidence: Evidence::Header,
        matches: |c| c.has("specified authorities"),
        read: |r, t, l| r.svd_table(t, l),
    },
    TableRule {
        kind: "Appendix A parties",
        evidence: Evidence::Header,
        matches: |c| {
            c.has("organisation name")
                || [
                    "party |",
                    "parties |",
                    "partner |",
                    "partner organisation |",
                    "organisation |",
                ]
                .iter()
                .any(|h| c.header.starts_with(h))
        },
        read: |r, t, l| r.parties_table(t, l),
    },
    TableRule {
        kind: "competent authorities",
        evidence: Evidence::Header,
        matches: |c| c.header.starts_with("competent authority"),
        read: |r, t, l| r.competent_table(t, l),
    },
    TableRule {
        kind: "data categories",
        evidence: Evidence::Header,
        matches: |c| c.has("part 2 processing") && c.has("part 3 processing"),
        read: |r, t, l| r.categories_table(t, l),
    },
    TableRule {
        kind: "anonymisation",
        evidence: Evidence::Header,
        matches: |c| c.has("anonymisation or pseudonymisation"),
        read: |r, t, l| r.anonymisation_table(t, l),
    },
    TableRule {
        kind: "data items",
        evidence: Evidence::Header,
        matches: |c| {
            c.has("type of data")
                || [
                    "data item",
                    "data items",
                    "data field",
                    "information item",
                    "item",
                ]
                .iter()
                .any(|h| c.header.starts_with(&format!("{h} |")))
        },
        read: |r, t, l| r.data_items_table(t, l),
    },
    TableRule {
        kind: "retention",
        evidence: Evidence::Header,
        matches: |c| c.has("retention period"),
        read: |r, t, l| r.retention_table(t, l),
    },
    TableRule {
        kind: "end of sharing",
        evidence: Evidence::Header,
        matches: |c| c.has("end of sharing"),
        read: |r, t, l| r.end_table(t, l),
    },
    TableRule {
        kind: "Appendix B legislation",
        evidence: Evidence::Header,
        matches: |c| {
            c.has("legislation/statutory guidance") || (c.has("legislation") && c.has("purpose"))
        },
        read: |r, t, l| r.legislation_table(t, l),
    },
    TableRule {
        kind: "Appendix C rights",
        evidence: Evidence::Header,
        matches: |c| c.has("individual right"),
        read: |r, t, l| r.rights_table(t, l),
    },
    TableRule {
        kind: "signature block",
        evidence: Evidence::Content,
        matches: |c| signatures::is_signature_block(c.table),
        read: |r, t, l| r.signature_block(t, l),
    },
    TableRule {
        kind: "data flow",
        evidence: Evidence::Content,
        matches: |c| flows::is_flow_table(c.table),
        read: |r, t, l| r.flow_table(t, l),
    },
    TableRule {
        kind: "review dates",
        evidence: Evidence::Content,
        matches: |c| {
            c.table.rows.len() <= 6 && {
                let all = norm(
                    &c.table
                        .rows
                        .iter()
                        .flat_map(|r| r.cells.iter().map(Cell::text))
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                all.contains("publish date") || all.contains("review date")
            }
        },
        read: |r, t, l| r.key_value_table(t, l),
    },
    TableRule {
        kind: "data subject types",
        evidence: Evidence::Content,
        matches: |c| {
            match_code::<DataSubjectType>(
                &c.table.rows[0]
                    .cells
                    .first()
                    .map(Cell::text)
                    .unwrap_or_default(),
            )
            .is_some_and(|(_, conf)| conf >= 0.95)
        },
        read: |r, t, l| r.subjects_table(t, l),
    },
    TableRule {
        kind: "Appendix D scenarios (by section)",
        evidence: Evidence::Section,
        matches: |c| c.is_in(Section::AppendixScenarios) && c.has("means of sharing"),
        read: |r, t, l| r.scenarios_table(t, l),
    },
    TableRule {
        kind: "data items (by section)",
        evidence: Evidence::Section,
        matches: |c| c.is_in(Section::PersonalData) || c.is_in(Section::SpecialCategory),
        read: |r, t, l| r.data_items_table(t, l),
    },
    TableRule {
        kind: "Appendix A duties (by section)",
        evidence: Evidence::Section,
        matches: |c| c.has("duties") && c.is_in(Section::AppendixParties),
        read: |r, t, l| r.parties_table(t, l),
    },
    TableRule {
        kind: "data subject types (by section)",
        evidence: Evidence::Section,
        matches: |c| c.is_in(Section::DataSubjects),
        read: |r, t, l| r.subjects_table(t, l),
    },
    TableRule {
        kind: "outside UK processing (by section)",
        evidence: Evidence::Section,
        matches: |c| c.is_in(Section::OutsideUk),
        read: |r, t, l| r.outside_table(t, l),
    },
    TableRule {
        kind: "parties (by section)",
        evidence: Evidence::Section,
        matches: |c| {
            c.is_in(Section::Parties)
                || c.is_in(Section::Signatures)
                || c.is_in(Section::AppendixParties)
        },
        read: |r, t, l| r.parties_table(t, l),
    },
    TableRule {
        kind: "labels and values",
        evidence: Evidence::Shape,
        matches: |c| c.table.rows.iter().all(|r| r.cells.len() == 2) && c.table.rows.len() <= 12,
        read: |r, t, l| r.key_value_table(t, l),
    },
];

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
        let ctx = TableCtx {
            header,
            section: self.section(),
            table: t,
        };
        match TABLE_RULES.iter().find(|r| (r.matches)(&ctx)) {
            Some(rule) => {
                if rule.evidence == Evidence::Shape {
                    // Known only by its shape: say so, the reader may check it.
                    self.diag(
                        DiagnosticCode::TableByShape,
                        loc,
                        format!("table read as {} by its shape alone", rule.kind),
                    );
                }
                (rule.read)(self, t, loc)
            }
            None => self.unmapped_table(t, loc),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The template's own table headers (first row, as the template writes them): each is
    /// known by exactly one header rule, so the header rules' order does not matter.
    #[test]
    fn each_template_header_matches_one_header_rule() {
        let headers = [
            "Article 6 lawful basis conditions [delete unnecessary options] | Applicable party",
            "Article 9 lawful basis conditions [delete unnecessary options or whole table if inapplicable] | Applicable party",
            "Article 9(2) (b) (h) (i) (j) - Sch 1 Pt 1 [delete unnecessary options or whole table if inapplicable] | Applicable party",
            "Article 9(2) (g) - Sch 1 Pt 2 [delete unnecessary options or whole table if inapplicable] | Applicable party",
            "Personal data relating to criminal convictions and offences.- Sch 1 Pt 3 [delete unnecessary options or whole table if inapplicable] | Applicable party",
            "Sch 8 Law enforcement conditions [delete unnecessary options or whole table if inapplicable] | Applicable party",
            "Specified Authorities defined in section 11 of, and Schedule 1 to, the PCSC Act | Relevant Authorities (defined within the PCSC Act) who are able to cooperate with the specified authorities as necessary",
            "Competent authority name(s) | Purposes",
            "Part 2 processing | Part 3 processing",
            "Describe any anonymisation or pseudonymisation of data or outputs - for pseudonymised data include details of which organisation holds the key to re-identification",
            "Type of data | Describe the data - are there datasets or named reports? Is there any data specifically excluded?",
            "Data | Organisation | Retention period | Automated or manual deletion? What processes ensure that disposal happens at the allotted time?",
            "Organisation name or type | Duties",
            "Legislation/Statutory guidance | Party to which it applies | Main purpose of Legislation | How it applies to this data sharing",
            "Individual right | Party or type of party | How the parties complies (or state not applicable if the right does not apply)",
            "Scenario | Data subject/Data | Means of sharing | Relevant recipients",
            "Legal basis | Detail",
            "Party | Role",
            "Data item | Shared (Y/N)",
        ];
        let table = Table::default();
        for h in headers {
            let ctx = TableCtx {
                header: norm(h),
                section: None,
                table: &table,
            };
            let hits: Vec<&str> = TABLE_RULES
                .iter()
                .filter(|r| r.evidence == Evidence::Header && (r.matches)(&ctx))
                .map(|r| r.kind)
                .collect();
            assert_eq!(hits.len(), 1, "{h:?} is known by {hits:?}");
        }
    }

    #[test]
    fn rules_are_in_order_of_evidence() {
        assert!(TABLE_RULES
            .windows(2)
            .all(|w| w[0].evidence <= w[1].evidence));
    }
}
