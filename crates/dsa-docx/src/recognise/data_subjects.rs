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
                let (label, mark) = crate::marks::cell_label(cell);
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
                DiagnosticCode::OptionsUnfilled,
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

/// Everyday words for the template's types of data subject: what a free-form agreement
/// writes in a bullet ("Victims of crime", "Family members, carers", "young people who
/// offend").
const SUBJECT_WORDS: &[(&str, DataSubjectType)] = {
    use DataSubjectType::*;
    &[
        ("victim", Victims),
        ("witness", Witnesses),
        ("offend", Offenders),
        ("perpetrator", Offenders),
        ("suspect", Offenders),
        ("carer", Carers),
        ("family member", Carers),
        ("guardian", Carers),
        ("next of kin", Carers),
        ("parents", Carers),
        ("patient", Patients),
        ("employee", Employees),
        ("staff", Employees),
        ("service user", ServiceUsers),
        ("resident", ServiceUsers),
        ("client", ServiceUsers),
        ("customer", ServiceUsers),
        ("complainant", Complainants),
        ("enquirer", Complainants),
        ("licence holder", LicenceHolders),
        ("licence and permit", LicenceHolders),
        ("permit holder", LicenceHolders),
        ("volunteer", Volunteers),
        ("visitor", Visitors),
        ("student", Students),
        ("pupil", Students),
        ("councillor", ElectedOfficials),
        ("trader", Traders),
    ]
};

/// The types of data subject an item names: the template's wording, else everyday words
/// (an item may name several: "Family members, carers and victims").
pub(super) fn subjects_named(item: &str) -> Vec<(DataSubjectType, f64)> {
    if let Some((t, c)) = match_code::<DataSubjectType>(item).filter(|(_, c)| *c >= 0.85) {
        return vec![(t, c)];
    }
    let n = norm(item);
    let mut out: Vec<(DataSubjectType, f64)> = Vec::new();
    for (w, t) in SUBJECT_WORDS {
        if n.contains(w) && !out.iter().any(|(x, _)| x == t) {
            out.push((*t, 0.8));
        }
    }
    out
}

impl Recogniser {
    /// A bullet naming types of data subject (with its tick, if any); false when it names
    /// none.
    pub(super) fn subject_bullet(&mut self, text: &str, item: &str, loc: &str) -> bool {
        let (label, mark) = split_inline_mark(item);
        let found = subjects_named(&label);
        if found.is_empty() {
            return false;
        }
        if mark.as_ref().is_some_and(|m| !m.chosen()) {
            self.prov("/data_subjects/types", loc, text, None);
            return true;
        }
        for (t, c) in found {
            if !self.a.data_subjects.types.contains(&t) {
                self.a.data_subjects.types.push(t);
            }
            let i = self
                .a
                .data_subjects
                .types
                .iter()
                .position(|x| *x == t)
                .unwrap_or(0);
            self.value(
                format!("/data_subjects/types/{i}"),
                loc,
                text,
                (c < 1.0).then_some(c),
            );
        }
        true
    }
}
