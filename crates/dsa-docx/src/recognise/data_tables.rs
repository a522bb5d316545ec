//! The data item tables (§4.2.1 personal data, §4.2.2 special category data), in every
//! layout the template is filled in: rows deleted; a "Shared?" column holding a glyph,
//! a word or a checkbox control; a tick before the label; a description column where a
//! description means shared and "No", "N/A", "Not shared" or a blank mean not; rows
//! struck through.

use super::*;

/// Words in a description cell that say the item is not shared.
fn says_not_shared(desc: &str) -> bool {
    let n = norm(desc);
    let n = n.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '-' || c == '–');
    matches!(
        n,
        "no" | "n/a"
            | "na"
            | "none"
            | "not shared"
            | "not applicable"
            | "not used"
            | "not included"
            | "nil"
    ) || desc.trim() == "-"
        || desc.trim() == "–"
}

/// Whether a header cell heads the column saying whether an item is shared.
fn is_shared_heading(h: &str) -> bool {
    let n = norm(h);
    let n = n.trim_end_matches(['?', ':']).trim();
    matches!(
        n,
        "shared" | "shared?" | "included" | "to be shared" | "share" | "selected" | "yes/no"
    ) || n.starts_with("shared")
        || n.starts_with("is it shared")
}

/// A personal data item in everyday words ("Date of birth" is DOB).
fn personal_everyday(s: &str) -> Option<(PersonalDataItem, f64)> {
    data_items::personal_keyword(&norm(s))
}

/// A special category item in everyday words ("Ethnicity").
fn special_everyday(s: &str) -> Option<(SpecialCategoryItem, f64)> {
    data_items::special_keyword(&norm(s))
}

/// One row as read.
struct ItemRow<C> {
    code: C,
    conf: f64,
    struck: bool,
    desc: String,
    mark: Option<Mark>,
    /// The description says "No", "N/A", "Not shared".
    negative_desc: bool,
    text: String,
    r: usize,
}

impl Recogniser {
    pub(super) fn data_items_table(&mut self, t: &Table, loc: &str) {
        // Personal (4.2.1) or special category (4.2.2) items, row by row: the template keeps
        // them in two tables, other documents in one ("Name", "Date of birth", "Ethnicity").
        let mut personal_rows = Vec::new();
        let mut special_rows = Vec::new();
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let label = row
                .cells
                .first()
                .map(|c| split_inline_mark(&c.text()).0)
                .unwrap_or_default();
            let personal = match_code::<PersonalDataItem>(&label).map_or(0.0, |x| x.1);
            let special = match_code::<SpecialCategoryItem>(&label).map_or(0.0, |x| x.1);
            if special >= 0.9 && special >= personal
                || personal < 0.85 && data_items::special_keyword(&norm(&label)).is_some()
            {
                special_rows.push(r);
            } else {
                personal_rows.push(r);
            }
        }
        if special_rows.len() > personal_rows.len() {
            // A special category table (its odd rows read as special category too).
            self.items_table::<SpecialCategoryItem>(
                t,
                loc,
                "/special_category_data",
                None,
                special_everyday,
                |a| &mut a.special_category_data,
            );
        } else if special_rows.is_empty() {
            self.items_table::<PersonalDataItem>(
                t,
                loc,
                "/personal_data",
                None,
                personal_everyday,
                |a| &mut a.personal_data,
            );
        } else {
            self.items_table::<PersonalDataItem>(
                t,
                loc,
                "/personal_data",
                Some(&personal_rows),
                personal_everyday,
                |a| &mut a.personal_data,
            );
            self.items_table::<SpecialCategoryItem>(
                t,
                loc,
                "/special_category_data",
                Some(&special_rows),
                special_everyday,
                |a| &mut a.special_category_data,
            );
        }
    }

    /// A data item table of one code list: `rows` (body rows by index) when it holds only
    /// some of the table's rows; `everyday` reads labels not in the template's wording
    /// ("Date of birth" is DOB).
    pub(super) fn items_table<C: CodeList>(
        &mut self,
        t: &Table,
        loc: &str,
        field: &str,
        rows_only: Option<&[usize]>,
        everyday: fn(&str) -> Option<(C, f64)>,
        list: impl Fn(&mut Agreement) -> &mut Vec<DataItem<C>>,
    ) {
        let header: Vec<String> = t
            .rows
            .first()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .unwrap_or_default();
        let header_is_label = header.first().is_some_and(|h| {
            let n = norm(h);
            n.contains("type of data") || n == "data item" || n == "item" || n == "data"
        }) || header.iter().skip(1).any(|h| is_shared_heading(h));
        if header_is_label {
            self.header_prov(t, loc, field);
        }
        let shared_col = header_is_label
            .then(|| {
                header
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find(|(_, h)| is_shared_heading(h))
                    .map(|(i, _)| i)
            })
            .flatten();
        let mut rows: Vec<ItemRow<C>> = Vec::new();
        for (r, row) in t.rows.iter().enumerate().skip(usize::from(header_is_label)) {
            if rows_only.is_some_and(|only| !only.contains(&r)) {
                continue;
            }
            let Some(label_cell) = row.cells.first() else {
                continue;
            };
            let label = label_cell.text();
            let full = row_text(row);
            if full.trim().is_empty() {
                continue;
            }
            let (label_clean, inline) = crate::marks::cell_label(label_cell);
            let desc = strip_placeholders(
                &row.cells
                    .iter()
                    .enumerate()
                    .skip(1)
                    .filter(|(i, _)| Some(*i) != shared_col)
                    .map(|(_, c)| c.unstruck_text())
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            let column_mark = shared_col
                .and_then(|c| row.cells.get(c))
                .map(|c| {
                    crate::marks::from_check(c.check())
                        .unwrap_or_else(|| parse_mark(&c.unstruck_text()))
                })
                .and_then(|m| match m {
                    Mark::Empty => None,
                    Mark::Negative => Some(Mark::Negative),
                    _ => Some(Mark::Positive),
                });
            // Two columns: a tick may stand alone in the description cell ("Yes", "☒");
            // "No", "N/A", "Not shared" there mean not shared, as a blank does when every
            // row is kept, and are no mark (the other rows are described, not ticked).
            let in_desc = (shared_col.is_none()).then(|| parse_mark(&desc));
            let desc_mark = in_desc.clone().filter(|m| *m == Mark::Positive);
            let mark = inline.or(column_mark).or(desc_mark.clone());
            let negative_desc =
                in_desc == Some(Mark::Negative) || (desc_mark.is_none() && says_not_shared(&desc));
            let desc = if desc_mark.is_some() || negative_desc {
                String::new()
            } else {
                desc
            };
            let label_text = if label_clean.trim().is_empty() {
                &label
            } else {
                &label_clean
            };
            match match_code::<C>(label_text).or_else(|| everyday(label_text)) {
                Some((code, conf)) => rows.push(ItemRow {
                    code,
                    conf,
                    struck: label_cell.struck(),
                    desc,
                    mark,
                    negative_desc,
                    text: full,
                    r,
                }),
                None => self.unmatched_row(loc, r, &label, &full, C::NAME),
            }
        }
        let template_rows = C::all().iter().filter(|c| c.in_template()).count();
        let distinct: std::collections::BTreeSet<&str> =
            rows.iter().map(|r| r.code.code()).collect();
        let any_struck = rows.iter().any(|r| r.struck);
        let any_mark = rows.iter().any(|r| r.mark.is_some());
        let any_desc = rows.iter().any(|r| !r.desc.is_empty());
        let any_negative = rows.iter().any(|r| r.negative_desc);
        let complete = distinct.len() >= template_rows;
        let unfilled = complete && !any_struck && !any_mark && !any_desc && !any_negative;
        if unfilled {
            self.diag(
                DiagnosticCode::OptionsUnfilled,
                loc,
                format!("{} table left as in the template: no item chosen", C::NAME),
            );
        }
        for ri in rows {
            let chosen = if unfilled || ri.struck {
                false
            } else if any_mark {
                ri.mark.as_ref().is_some_and(Mark::chosen)
            } else if ri.negative_desc {
                false
            } else if complete && (any_desc || any_negative) {
                // Every row kept: the described rows are the chosen ones.
                !ri.desc.is_empty()
            } else {
                true
            };
            let row_loc = format!("{loc}/tr[{}]", ri.r);
            if !chosen {
                self.prov(field, &row_loc, &ri.text, None);
                continue;
            }
            let (desc, datasets, labelled) = labelled_lines(&ri.desc);
            let exclusions = labelled.unwrap_or_else(|| {
                desc.split_inclusive(['.', '\n'])
                    .filter(|s| norm(s).contains("exclud"))
                    .map(|s| s.trim().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            let l = list(&mut self.a);
            if l.iter().any(|d| d.item == ri.code) {
                self.prov(field, &row_loc, &ri.text, None);
                continue;
            }
            l.push(DataItem {
                item: ri.code,
                description: (!desc.is_empty()).then_some(desc),
                datasets,
                exclusions: (!exclusions.is_empty()).then_some(exclusions),
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
}

/// A description's parts labelled "Datasets:" and "Excluded:" (as the signable rendering
/// writes them, each on a line of its own): the rest of the description, the datasets, and
/// what is excluded.
fn labelled_lines(desc: &str) -> (String, Vec<String>, Option<String>) {
    use dsa_model::template::wording::{DATASETS, EXCLUDED};
    // Where each label starts (at the start or after a space or line break).
    let mut marks: Vec<(usize, &str)> = Vec::new();
    for label in [DATASETS, EXCLUDED] {
        let tag = format!("{label}:");
        let mut from = 0;
        while let Some(i) = desc.get(from..).and_then(|s| s.find(&tag)) {
            let at = from + i;
            if at == 0 || desc[..at].ends_with(char::is_whitespace) {
                marks.push((at, label));
            }
            from = at + tag.len();
        }
    }
    if marks.is_empty() {
        return (desc.trim().to_string(), Vec::new(), None);
    }
    marks.sort();
    let rest = desc[..marks[0].0].trim().to_string();
    let (mut datasets, mut excluded) = (Vec::new(), None);
    for (k, (at, label)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(desc.len(), |m| m.0);
        let v = desc[at + label.len() + 1..end].trim();
        if *label == DATASETS {
            datasets.extend(v.split("; ").map(str::to_string).filter(|d| !d.is_empty()));
        } else {
            excluded = Some(v.to_string());
        }
    }
    (rest, datasets, excluded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_datasets_and_exclusions() {
        assert_eq!(
            labelled_lines("School attended. Datasets: Census; Attendance Excluded: Case notes"),
            (
                "School attended.".to_string(),
                vec!["Census".to_string(), "Attendance".to_string()],
                Some("Case notes".to_string())
            )
        );
        // A word inside a sentence is no label.
        let (d, ds, ex) = labelled_lines("Names of the excluded pupils (Datasets:none)");
        assert_eq!(
            (d.as_str(), ds.len(), ex),
            ("Names of the excluded pupils (Datasets:none)", 0, None)
        );
    }

    #[test]
    fn not_shared_words() {
        for d in ["No", "N/A", "Not shared", "-", "none."] {
            assert!(says_not_shared(d), "{d}");
        }
        for d in [
            "",
            "Full name and aliases",
            "Not shared with the MPS after closure",
        ] {
            assert!(!says_not_shared(d), "{d}");
        }
    }

    #[test]
    fn shared_headings() {
        assert!(is_shared_heading("Shared?"));
        assert!(is_shared_heading("Shared"));
        assert!(!is_shared_heading(
            "Describe the data - are there datasets or named reports?"
        ));
    }
}
