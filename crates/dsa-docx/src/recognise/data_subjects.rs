//! Types of data subject (§3): grids of options.

use super::*;

impl Recogniser {
    pub(super) fn subjects_table(&mut self, t: &Table, loc: &str) {
        let mut cells: Vec<(DataSubjectType, bool, Option<Mark>, String, String)> = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.trim().is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                let (label, mark) = split_inline_mark(&cell.unstruck_text());
                match match_code::<DataSubjectType>(&label)
                    .or_else(|| match_code::<DataSubjectType>(&text))
                {
                    Some((x, _)) => {
                        cells.push((x, cell.struck(), mark, l, text.trim().to_string()))
                    }
                    None => {
                        let other = strip_placeholders(&text);
                        if other.is_empty() {
                            self.prov("/data_subjects", &l, text.trim(), None);
                        } else {
                            self.a.data_subjects.other_types.push(other);
                            let i = self.a.data_subjects.other_types.len() - 1;
                            self.value(
                                format!("/data_subjects/other_types/{i}"),
                                &l,
                                text.trim(),
                                Some(0.6),
                            );
                        }
                    }
                }
            }
        }
        let keep = choose_listed(
            &cells
                .iter()
                .map(|x| (x.0, x.1, x.2.clone()))
                .collect::<Vec<_>>(),
        );
        if keep.is_none() {
            self.diag(
                DiagnosticKind::Missing,
                loc,
                "data subject types left as in the template: none chosen".into(),
            );
        }
        for (i, (x, _, _, l, text)) in cells.into_iter().enumerate() {
            if keep.as_ref().is_some_and(|k| k[i]) && !self.a.data_subjects.types.contains(&x) {
                self.a.data_subjects.types.push(x);
                let j = self.a.data_subjects.types.len() - 1;
                self.value(format!("/data_subjects/types/{j}"), &l, &text, None);
            } else {
                self.prov("/data_subjects/types", &l, &text, None);
            }
        }
    }
}
