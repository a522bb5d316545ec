//! The cover and §1.4 review: title block lines, version, references, status and dates
//! (in paragraphs and key/value tables).

use super::*;

impl Recogniser {
    /// Lines of a title block or cover page: "Version: 2.1", "Reference: ...", dates.
    pub(super) fn metadata_line(&mut self, text: &str, residual: &str, loc: &str) {
        let n = norm(residual);
        // "Label: value", or "Version 2.0" with no colon.
        let labelled = residual
            .split_once([':', '\t', '–', '—'])
            .map(|(l, v)| (l.trim(), v.trim()))
            .and_then(|(l, v)| title::cover_label(l).map(|k| (k, v.to_string())))
            .or_else(|| {
                let (l, v) = residual.trim().rsplit_once(' ')?;
                let k = title::cover_label(l).filter(|k| *k == title::CoverLabel::Version)?;
                v.trim_start_matches(['v', 'V'])
                    .starts_with(|c: char| c.is_ascii_digit())
                    .then(|| (k, v.to_string()))
            });
        if let Some((label, v)) = labelled.filter(|(_, v)| !v.is_empty()) {
            use title::CoverLabel::*;
            match label {
                Title if self.on_cover() => {
                    self.offer_title(title::TitleSource::CoverLabel, &v, text, loc);
                    return;
                }
                Title => {}
                Reference => {
                    self.a.reference = Some(v);
                    self.value("/reference", loc, text, None);
                    return;
                }
                IsgReference => {
                    self.a.isg_reference = Some(v);
                    self.value("/isg_reference", loc, text, None);
                    return;
                }
                Version => {
                    self.a.version = Some(v.trim_start_matches(['v', 'V']).to_string());
                    self.value("/version", loc, text, None);
                    return;
                }
                Status => {
                    if let Some(st) = status_of(&norm(&v)) {
                        self.a.status = Some(st);
                        self.value("/status", loc, text, None);
                        return;
                    }
                }
                // "Classification: OFFICIAL": the marking, no field of its own.
                Other if running_text_only(&v, "") => {
                    self.prov("/title", loc, text, None);
                    return;
                }
                Other => {}
            }
        }
        if self.date_line(&n, text, loc) {
            return;
        }
        self.unmapped(loc, text);
    }

    /// Dates written as "Review date: 1st April 2022" anywhere, several to a line: "comes
    /// into effect on 1 April 2022 and will next be reviewed on 31 March 2024". Each date
    /// is what the label nearest before it says (the text since the previous date).
    pub(super) fn date_line(&mut self, n: &str, text: &str, loc: &str) -> bool {
        let mut from = 0;
        let mut used = false;
        while let Some(found) = text.get(from..).and_then(find_date) {
            let at = from + found.at;
            let segment = norm(&text[from..at.min(text.len())]);
            // The first date of a line with no label before it ("01/04/2021 (review)")
            // takes the line's label.
            let label = if segment.trim().is_empty() && from == 0 {
                n.to_string()
            } else {
                segment
            };
            used |= self.dated(
                &label,
                from == 0 && n.starts_with("date"),
                &found,
                text,
                loc,
            );
            from = at + found.len.max(1);
        }
        if !used
            && (n.contains("termination") || n.contains("end date"))
            && (n.contains("n/a") || n.contains("ongoing"))
        {
            self.a.review.termination = Some(Termination::Ongoing);
            self.value("/review/termination", loc, text, None);
            return true;
        }
        used
    }

    /// One date with the label before it: publish, review or termination.
    fn dated(
        &mut self,
        before: &str,
        date_label: bool,
        found: &dsa_text::FoundDate,
        text: &str,
        loc: &str,
    ) -> bool {
        let kinds: [(&[&str], u8); 3] = [
            (&["review"], 1),
            (&["terminat", "expir", "end date", "ends on", "until"], 2),
            (
                &[
                    "publish",
                    "effective",
                    "into effect",
                    "in force from",
                    "agreed on",
                    "commence",
                    "start",
                    "from",
                    "date of agreement",
                    "signed",
                    "dated",
                ],
                0,
            ),
        ];
        let mut best: Option<(usize, u8)> = None;
        for (words, kind) in kinds {
            for w in words {
                if let Some(i) = before.rfind(w) {
                    if best.is_none_or(|(b, _)| i > b) {
                        best = Some((i, kind));
                    }
                }
            }
        }
        let kind = match best {
            Some((_, k)) => k,
            None if date_label => 0,
            None => return false,
        };
        let conf = found.day_assumed.then_some(0.7);
        if found.day_assumed {
            self.diag(
                DiagnosticCode::DateAssumed,
                loc,
                format!("{text:?}: day not given; the 1st is assumed"),
            );
        }
        // The same date given twice (a cover and §1.4) and differing: the later, which in
        // the template is §1.4's, is used, and the disagreement said.
        let earlier = match kind {
            1 => self.a.review.review_date,
            2 => match self.a.review.termination {
                Some(Termination::OnDate(d)) => Some(d),
                _ => None,
            },
            _ => self.a.review.publish_date,
        };
        if let Some(e) = earlier.filter(|e| *e != found.date) {
            self.diag(
                DiagnosticCode::DatesDiffer,
                loc,
                format!(
                    "{text:?} differs from the date given before it ({e}); {} is used",
                    found.date
                ),
            );
        }
        match kind {
            1 => {
                self.a.review.review_date = Some(found.date);
                self.value("/review/review_date", loc, text, conf);
            }
            2 => {
                self.a.review.termination = Some(Termination::OnDate(found.date));
                self.value("/review/termination/date", loc, text, conf);
            }
            _ => {
                self.a.review.publish_date = Some(found.date);
                self.value("/review/publish_date", loc, text, conf);
            }
        }
        true
    }

    pub(super) fn review_line(&mut self, text: &str, residual: &str, loc: &str) {
        let n = norm(residual);
        let cycle = if n.contains("annually")
            || n.contains("every year")
            || n.contains("each year")
            || n.contains("every 12 months")
            || n.contains("yearly")
        {
            Some(ReviewCycle::OneYear)
        } else if n.contains("every two years")
            || n.contains("every 2 years")
            || n.contains("biennially")
            || n.contains("every 24 months")
        {
            Some(ReviewCycle::TwoYears)
        } else if n.contains("every three years")
            || n.contains("every 3 years")
            || n.contains("every 36 months")
        {
            Some(ReviewCycle::ThreeYears)
        } else {
            None
        };
        let mut used = false;
        if let Some(c) = cycle {
            self.a.review.review_cycle = Some(c);
            self.value("/review/review_cycle", loc, text, None);
            used = true;
        }
        if self.date_line(&n, text, loc) {
            used = true;
        }
        if !used {
            append(&mut self.a.review.arrangements, residual);
            self.value("/review/arrangements", loc, text, None);
        }
    }

    /// Label/value tables: review dates, document control, cover-page metadata.
    pub(super) fn key_value_table(&mut self, t: &Table, loc: &str) {
        for (r, row) in t.rows.iter().enumerate() {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.text().trim().to_string())
                .collect();
            let mut c = 0;
            while c < cells.len() {
                let label = &cells[c];
                let value = cells.get(c + 1).cloned().unwrap_or_default();
                let l = cell_loc(loc, r, c);
                if label.is_empty() {
                    c += 1;
                    continue;
                }
                let line = if value.is_empty() {
                    label.clone()
                } else {
                    format!("{label}: {value}")
                };
                let n = norm(label);
                let handled = if !value.is_empty() {
                    let before = self.a.provenance.len();
                    let before_unmapped = self.a.unmapped.len();
                    self.metadata_line(&line, &strip_placeholders(&line), &l);
                    // metadata_line falls back to unmapped; count that as not handled.
                    if self.a.unmapped.len() > before_unmapped {
                        self.a.unmapped.truncate(before_unmapped);
                        false
                    } else {
                        self.a.provenance.len() > before
                    }
                } else {
                    false
                };
                if handled {
                    c += 2;
                    continue;
                }
                if n.contains("date") || n.contains("termination") || n.contains("review") {
                    // A date label with no usable value: evidence for §1.4.
                    self.prov("/review", &l, &line, None);
                    if !value.is_empty() {
                        self.diag(
                            DiagnosticCode::DateUnreadable,
                            &l,
                            format!("{line:?}: no date could be read"),
                        );
                    }
                    c += 2;
                    continue;
                }
                self.unmapped(&l, &line);
                c += if value.is_empty() { 1 } else { 2 };
            }
        }
    }
}

pub(super) fn status_of(v: &str) -> Option<AgreementStatus> {
    Some(
        if v.starts_with("live")
            || v.starts_with("active")
            || v.starts_with("signed")
            || v.starts_with("final")
            || v.starts_with("published")
            || v.starts_with("in force")
        {
            AgreementStatus::Live
        } else if v.starts_with("draft") {
            AgreementStatus::Draft
        } else if v.contains("review") {
            AgreementStatus::UnderReview
        } else if v.starts_with("expired") || v.starts_with("lapsed") {
            AgreementStatus::Expired
        } else if v.starts_with("terminated")
            || v.starts_with("ended")
            || v.starts_with("withdrawn")
        {
            AgreementStatus::Terminated
        } else if v.starts_with("archived") || v.starts_with("superseded") {
            AgreementStatus::Archived
        } else {
            return None;
        },
    )
}
