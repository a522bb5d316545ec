//! Option tables (§2.4 conditions, Schedule 8): which rows were chosen, by marks,
//! strike-through or deletion, decided for the table as a whole.

use super::*;

impl Recogniser {
    pub(super) fn option_table<C: CodeList>(
        &mut self,
        t: &Table,
        loc: &str,
        field: &str,
        list: impl Fn(&mut Agreement) -> &mut Vec<Chosen<C>>,
    ) {
        self.header_prov(t, loc, field);
        struct RowInfo<C> {
            code: C,
            conf: f64,
            struck: bool,
            mark: Mark,
            text: String,
            r: usize,
            note: Option<String>,
        }
        // A "Notes" column beside "Applicable party" says why, not who.
        let note_col = t.rows[0]
            .cells
            .iter()
            .skip(2)
            .position(|c| norm(&c.text()).trim() == "notes")
            .map(|i| i + 2);
        let mut rows: Vec<RowInfo<C>> = Vec::new();
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let Some(label_cell) = row.cells.first() else {
                continue;
            };
            let label = label_cell.text();
            let note = note_col
                .and_then(|i| row.cells.get(i))
                .map(|c| c.text().trim().to_string())
                .filter(|n| !n.is_empty());
            let mark_text: String = row
                .cells
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(i, _)| Some(*i) != note_col)
                .map(|(_, c)| c.unstruck_text())
                .collect::<Vec<_>>()
                .join(", ");
            let full = row_text(row);
            if label.trim().is_empty() && mark_text.trim().is_empty() {
                continue;
            }
            // Tick boxes are sometimes in the label cell itself: "☒ e) public task".
            // A checkbox's own state first; a tick typed as text otherwise.
            let (label_clean, inline_mark) = crate::marks::cell_label(label_cell);
            match match_code::<C>(if label_clean.trim().is_empty() {
                &label
            } else {
                &label_clean
            }) {
                Some((code, conf)) => {
                    let mut mark = parse_mark(&mark_text);
                    // A checkbox in the mark column says it by its state (unless the cell
                    // also names parties, which the text reading keeps).
                    if matches!(mark, Mark::Positive | Mark::Negative | Mark::Empty) {
                        if let Some(m) =
                            crate::marks::from_check(row.cells.iter().skip(1).find_map(Cell::check))
                        {
                            mark = m;
                        }
                    }
                    if mark == Mark::Empty {
                        if let Some(m) = inline_mark {
                            mark = m;
                        }
                    }
                    rows.push(RowInfo {
                        code,
                        conf,
                        struck: label_cell.struck(),
                        mark,
                        text: full,
                        r,
                        note,
                    });
                }
                None => self.unmatched_row(loc, r, &label, &full, C::NAME),
            }
        }
        let any_marked = rows.iter().any(|r| r.mark != Mark::Empty);
        let any_struck = rows.iter().any(|r| r.struck);
        let template_rows = C::all().iter().filter(|c| c.in_template()).count();
        let distinct: std::collections::BTreeSet<&str> =
            rows.iter().map(|r| r.code.code()).collect();
        let unfilled =
            !any_marked && !any_struck && distinct.len() >= template_rows && template_rows > 1;
        if unfilled {
            self.diag(
                DiagnosticCode::OptionsUnfilled,
                loc,
                format!(
                    "{} table left as in the template: no option chosen",
                    C::NAME
                ),
            );
        }
        for ri in rows {
            let chosen = if unfilled {
                false
            } else if any_marked {
                ri.mark.chosen() && !ri.struck
            } else {
                !ri.struck
            };
            let row_loc = format!("{loc}/tr[{}]", ri.r);
            if !chosen {
                self.prov(field, &row_loc, &ri.text, None);
                continue;
            }
            let applies_to = self.applicability(&ri.mark, &row_loc);
            let l = list(&mut self.a);
            if l.iter().any(|c| c.condition == ri.code) {
                self.prov(field, &row_loc, &ri.text, None);
                continue;
            }
            l.push(Chosen {
                condition: ri.code,
                applies_to,
                note: ri.note,
            });
            let i = l.len() - 1;
            self.value(
                format!("{field}/{i}"),
                &row_loc,
                &ri.text,
                (ri.conf < 1.0).then_some(ri.conf),
            );
        }
    }

    /// A row of an option table whose label matches no option: kept, and reported.
    pub(super) fn unmatched_row(
        &mut self,
        loc: &str,
        r: usize,
        label: &str,
        full: &str,
        list: &str,
    ) {
        let at = cell_loc(loc, r, 0);
        self.diag(
            DiagnosticCode::OptionUnmatched,
            &at,
            format!("row {label:?} matches no option of {list}"),
        );
        self.unmapped(&at, full.trim());
    }
}

/// For lists of options kept in a table or a bulleted list: which were chosen. Each item
/// is (option, struck through, mark written before it). Marks decide where any item is
/// marked; else struck items are the unchosen ones; else (items deleted) all kept are
/// chosen. `None` when the list is exactly the template's, unmarked and unstruck
/// (unfilled).
pub(super) fn choose_listed<C: CodeList>(items: &[(C, bool, Option<Mark>)]) -> Option<Vec<bool>> {
    if items.is_empty() {
        return Some(Vec::new());
    }
    if items.iter().any(|x| x.2.is_some()) {
        return Some(
            items
                .iter()
                .map(|x| !x.1 && x.2.as_ref().is_some_and(Mark::chosen))
                .collect(),
        );
    }
    let any_struck = items.iter().any(|x| x.1);
    let distinct: std::collections::BTreeSet<&str> = items.iter().map(|x| x.0.code()).collect();
    let template = C::all().iter().filter(|c| c.in_template()).count();
    if !any_struck && distinct.len() >= template {
        return None;
    }
    Some(items.iter().map(|x| !x.1).collect())
}
