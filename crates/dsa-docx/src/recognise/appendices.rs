//! Appendix B legislation, Appendix C individual rights, and processing outside the UK.

use super::*;

impl Recogniser {
    pub(super) fn legislation_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/legislation");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let cells = row_values(row);
            let full = row_text(row);
            let row_loc = format!("{loc}/tr[{r}]");
            if cells.first().is_none_or(|c| c.is_empty()) {
                if !full.trim().is_empty() {
                    self.prov("/legislation", &row_loc, full.trim(), None);
                }
                continue;
            }
            let m = parse_mark(cells.get(1).map(String::as_str).unwrap_or(""));
            let applies_to = self.applicability(&m, &row_loc);
            let opt = |i: usize| cells.get(i).filter(|s| !s.is_empty()).cloned();
            // A legislation.gov.uk address on its own line names the provision.
            let (name, uri) = legislation_and_uri(&cells[0]);
            self.a.legislation.push(LegislationEntry {
                legislation: name,
                applies_to,
                main_purpose: opt(2),
                how_it_applies: opt(3),
                legislation_uri: uri,
            });
            let i = self.a.legislation.len() - 1;
            self.value(format!("/legislation/{i}"), &row_loc, full.trim(), None);
        }
    }

    pub(super) fn rights_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/data_subject_rights");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let row_loc = format!("{loc}/tr[{r}]");
            let full = row_text(row);
            if full.trim().is_empty() {
                continue;
            }
            let label = row.cells.first().map(Cell::text).unwrap_or_default();
            let first_line = label.lines().next().unwrap_or("").to_string();
            let right = match_code::<DataSubjectRight>(&label)
                .or_else(|| match_code::<DataSubjectRight>(&first_line))
                .or_else(|| {
                    let n = norm(&label);
                    DataSubjectRight::all()
                        .iter()
                        .copied()
                        .find(|x| {
                            let w = norm(x.wording());
                            let key: String =
                                w.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
                            n.starts_with(&key)
                        })
                        .map(|x| (x, 0.9))
                });
            let Some((right, conf)) = right else {
                self.unmapped(&row_loc, full.trim());
                continue;
            };
            let party = strip_placeholders(
                &row.cells
                    .get(1)
                    .map(Cell::unstruck_text)
                    .unwrap_or_default(),
            );
            let how = strip_placeholders(
                &row.cells
                    .iter()
                    .skip(2)
                    .map(Cell::unstruck_text)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            if party.is_empty() && how.is_empty() {
                self.prov("/data_subject_rights", &row_loc, full.trim(), None);
                continue;
            }
            let pn = norm(&party);
            let not_applicable = pn.contains("does not apply")
                || pn.contains("not applicable")
                || norm(&how).starts_with("not applicable")
                || norm(&how).starts_with("does not apply");
            let (applies_to, how) =
                if pn.contains("does not apply") || pn.contains("not applicable") {
                    (
                        Applicability::AllParties,
                        if how.is_empty() { party.clone() } else { how },
                    )
                } else {
                    let m = parse_mark(&party);
                    (self.applicability(&m, &row_loc), how)
                };
            self.a.data_subject_rights.push(RightHandling {
                right,
                applies_to,
                applicable: !not_applicable,
                how: (!how.is_empty()).then_some(how),
            });
            let i = self.a.data_subject_rights.len() - 1;
            self.value(
                format!("/data_subject_rights/{i}"),
                &row_loc,
                full.trim(),
                (conf < 1.0).then_some(conf),
            );
        }
    }

    pub(super) fn outside_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/outside_uk_processing");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let cells = row_values(row);
            let row_loc = format!("{loc}/tr[{r}]");
            let full = row_text(row);
            if cells.iter().all(|c| c.is_empty()) {
                if !full.trim().is_empty() {
                    self.prov("/outside_uk_processing", &row_loc, full.trim(), None);
                }
                continue;
            }
            let m = parse_mark(cells.first().map(String::as_str).unwrap_or(""));
            let applies_to = self.applicability(&m, &row_loc);
            let o = self
                .a
                .outside_uk_processing
                .get_or_insert_with(Default::default);
            o.rows.push(OutsideUkRow {
                applies_to,
                description: cells.get(1).cloned().unwrap_or_default(),
                destination_country: None,
                safeguards: None,
            });
            let i = o.rows.len() - 1;
            self.value(
                format!("/outside_uk_processing/rows/{i}"),
                &row_loc,
                full.trim(),
                None,
            );
        }
    }
}

/// An Appendix B legislation cell: the legislation's name, and a legislation.gov.uk
/// address written in it (on a line of its own or after the name).
fn legislation_and_uri(cell: &str) -> (String, Option<String>) {
    let is_uri = |w: &str| {
        w.starts_with("http://www.legislation.gov.uk/")
            || w.starts_with("https://www.legislation.gov.uk/")
    };
    let uri = cell.split_whitespace().find(|w| is_uri(w));
    match uri {
        Some(u) => (
            cell.replacen(u, " ", 1)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            Some(u.to_string()),
        ),
        None => (cell.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legislation_gov_uk_address_names_the_provision() {
        assert_eq!(
            legislation_and_uri(
                "Licensing Act 2003 s4\nhttp://www.legislation.gov.uk/id/ukpga/2003/17/section/4"
            ),
            (
                "Licensing Act 2003 s4".to_string(),
                Some("http://www.legislation.gov.uk/id/ukpga/2003/17/section/4".to_string())
            )
        );
        assert_eq!(
            legislation_and_uri("Children Act 1989 (see https://example.org/x)"),
            (
                "Children Act 1989 (see https://example.org/x)".to_string(),
                None
            )
        );
    }
}
