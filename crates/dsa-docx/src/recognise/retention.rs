//! Retention (§6) and end of sharing (§7): tables and sentences.

use super::*;

impl Recogniser {
    /// §4.7.2 in prose: what happens to all shared data when sharing ends.
    pub(super) fn end_of_sharing_line(&mut self, l: &Line) {
        let i = self.a.end_of_sharing.len();
        self.a.end_of_sharing.push(EndOfSharingRow {
            data: "All shared data".into(),
            organisation: Applicability::AllParties,
            action: l.residual.to_string(),
        });
        self.value(format!("/end_of_sharing/{i}"), l.loc, l.text, Some(0.7));
    }

    /// A retention sentence: "Retention period for X held by Y: P.", "X held by Y will be
    /// retained for P.", "Y will retain X for P.", or a period alone. A sentence that
    /// introduces a table ("The following retention periods apply ...") is no row.
    pub(super) fn retention_line(&mut self, text: &str, residual: &str, loc: &str) {
        let n = norm(residual);
        let introduces = n.contains("the following")
            || n.trim_end().ends_with(':')
            || n.starts_with("retention periods")
            || n.starts_with("each party") && !residual.chars().any(|c| c.is_ascii_digit());
        if let Some(s) = retention_sentence(residual) {
            let organisation = match s.holder {
                Some(h) if norm(h) == "all parties" => Applicability::AllParties,
                Some(h) => match self.ensure_party(h, loc) {
                    Some(id) => Applicability::Named(vec![id]),
                    None => Applicability::Unspecified,
                },
                None => Applicability::AllParties,
            };
            let period = s.period.trim().trim_end_matches('.').trim().to_string();
            let i = self.a.retention.len();
            self.a.retention.push(RetentionRow {
                data: s.data.trim().to_string(),
                organisation,
                period_months: period_months(&period),
                disposal: disposal_of(&norm(&period)),
                period,
                disposal_process: None,
            });
            self.value(format!("/retention/{i}"), loc, text, Some(0.8));
            return;
        }
        let months = period_months(residual);
        if !introduces && (months.is_some() || n.contains("retain") || n.contains("retention")) {
            let i = self.a.retention.len();
            self.a.retention.push(RetentionRow {
                data: "Shared data".into(),
                organisation: Applicability::AllParties,
                period: residual.to_string(),
                period_months: months,
                disposal: disposal_of(&n),
                disposal_process: None,
            });
            self.value(format!("/retention/{i}"), loc, text, Some(0.7));
        } else if introduces {
            self.prov("/retention", loc, text, None);
        } else {
            self.unmapped(loc, text);
        }
    }

    pub(super) fn retention_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/retention");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let cells = row_values(row);
            let full = row_text(row);
            if cells.iter().all(|c| c.is_empty()) {
                if !full.trim().is_empty() {
                    self.prov("/retention", &format!("{loc}/tr[{r}]"), full.trim(), None);
                }
                continue;
            }
            let row_loc = format!("{loc}/tr[{r}]");
            let organisation = {
                let m = parse_mark(cells.get(1).map(String::as_str).unwrap_or(""));
                self.applicability(&m, &row_loc)
            };
            let period = cells.get(2).cloned().unwrap_or_default();
            let process = cells.get(3).cloned().unwrap_or_default();
            let disposal = disposal_of(&norm(&process));
            // "Manual deletion" says the method and no process beyond it.
            let only_method = disposal.is_some_and(|d| norm(d.wording()) == norm(&process));
            // "Automated deletion. Quarterly disposal report": the method, then the process.
            let process = match disposal.and_then(|d| {
                process
                    .get(..d.wording().len())
                    .filter(|p| p.eq_ignore_ascii_case(d.wording()))
                    .and_then(|_| process[d.wording().len()..].strip_prefix(". "))
            }) {
                Some(rest) => rest.trim().to_string(),
                None => process,
            };
            self.a.retention.push(RetentionRow {
                data: cells.first().cloned().unwrap_or_default(),
                organisation,
                period_months: period_months(&period),
                period,
                disposal,
                disposal_process: (!process.is_empty() && !only_method).then_some(process),
            });
            let i = self.a.retention.len() - 1;
            self.value(format!("/retention/{i}"), &row_loc, full.trim(), None);
        }
    }

    pub(super) fn end_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/end_of_sharing");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let cells = row_values(row);
            let full = row_text(row);
            if cells.iter().all(|c| c.is_empty()) {
                if !full.trim().is_empty() {
                    self.prov(
                        "/end_of_sharing",
                        &format!("{loc}/tr[{r}]"),
                        full.trim(),
                        None,
                    );
                }
                continue;
            }
            let row_loc = format!("{loc}/tr[{r}]");
            let m = parse_mark(cells.get(1).map(String::as_str).unwrap_or(""));
            let organisation = self.applicability(&m, &row_loc);
            self.a.end_of_sharing.push(EndOfSharingRow {
                data: cells.first().cloned().unwrap_or_default(),
                organisation,
                action: cells.get(2).cloned().unwrap_or_default(),
            });
            let i = self.a.end_of_sharing.len() - 1;
            self.value(format!("/end_of_sharing/{i}"), &row_loc, full.trim(), None);
        }
    }
}

/// "6 years" → 72; "12 months" → 12; "until the child's 25th birthday" → None.
pub fn period_months(s: &str) -> Option<u32> {
    let n = norm(s);
    let words: Vec<&str> = n
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| -> Option<u32> {
        w.parse().ok().or(match w {
            "one" => Some(1),
            "two" => Some(2),
            "three" => Some(3),
            "four" => Some(4),
            "five" => Some(5),
            "six" => Some(6),
            "seven" => Some(7),
            "eight" => Some(8),
            "ten" => Some(10),
            "twelve" => Some(12),
            _ => None,
        })
    };
    let mut found: Option<u32> = None;
    for (i, w) in words.windows(2).enumerate() {
        // "reviewed every 10 years" is how often, not how long.
        if i > 0 && words[i - 1] == "every" {
            continue;
        }
        if let Some(k) = number(w[0]) {
            let m = if w[1].starts_with("year") {
                Some(k * 12)
            } else if w[1].starts_with("month") {
                Some(k)
            } else {
                None
            };
            if let Some(m) = m {
                if found.is_some_and(|f| f != m) {
                    return None; // two different periods: ambiguous
                }
                found = Some(m);
            }
        }
    }
    found
}

pub(super) fn disposal_of(n: &str) -> Option<DisposalMethod> {
    let auto = n.contains("automat");
    let manual = n.contains("manual");
    match (auto, manual) {
        (true, true) => Some(DisposalMethod::Mixed),
        (true, false) => Some(DisposalMethod::Automated),
        (false, true) => Some(DisposalMethod::Manual),
        _ => None,
    }
}

/// The parts of a retention sentence.
pub(super) struct RetentionSentence<'a> {
    pub data: &'a str,
    pub holder: Option<&'a str>,
    pub period: &'a str,
}

/// Reads "Retention period for X held by Y: P", "X held by Y will be retained for P",
/// "X will be retained by Y for P" and "Y will retain X for P".
pub(super) fn retention_sentence(s: &str) -> Option<RetentionSentence<'_>> {
    static FORMS: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
        [
            r"(?i)^retention(?: period)? for (?P<data>.+?)(?: held by (?P<holder>.+?))?\s*[:–—-]\s*(?P<period>.+)$",
            r"(?i)^(?P<data>.+?) held by (?P<holder>.+?) (?:will|shall|must) be (?:retained|kept|held) (?:for )?(?P<period>.+)$",
            r"(?i)^(?P<data>.+?) (?:will|shall|must) be (?:retained|kept|held) by (?P<holder>.+?) for (?P<period>.+)$",
            r"(?i)^(?P<holder>.+?) (?:will|shall|must) (?:retain|keep|hold) (?P<data>.+?) for (?P<period>.+)$",
            r"(?i)^(?P<data>.+?) (?:will|shall|must|are to) be (?:retained|kept|held|stored) for (?P<period>.+)$",
        ]
        .iter()
        .map(|r| regex::Regex::new(r).expect("regex"))
        .collect()
    });
    let s = s.trim();
    FORMS.iter().find_map(|re| {
        let c = re.captures(s)?;
        let data = c.name("data")?.as_str();
        let period = c.name("period")?.as_str();
        (!data.trim().is_empty() && !period.trim().is_empty() && data.len() < 120).then(|| {
            RetentionSentence {
                data,
                holder: c.name("holder").map(|m| m.as_str().trim()),
                period,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_sentences() {
        let s = retention_sentence(
            "Retention period for Case files held by London Borough of Southwark: 6 years from closure.",
        )
        .expect("read");
        assert_eq!(s.data, "Case files");
        assert_eq!(s.holder, Some("London Borough of Southwark"));
        assert_eq!(s.period, "6 years from closure.");
        let s = retention_sentence("Referral records will be kept by the MPS for 7 years.")
            .expect("read");
        assert_eq!(
            (s.data, s.holder, s.period),
            ("Referral records", Some("the MPS"), "7 years.")
        );
        assert!(retention_sentence(
            "The following retention periods apply to the data shared under this DSA."
        )
        .is_none());
    }
}
