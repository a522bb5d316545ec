//! Optional sections left out: a section whose heading is struck through, or that says it
//! is "Not applicable", is absent from the agreement (`None`), not present and empty —
//! the sections the template marks "delete if inapplicable" (`TemplateSection::optional`:
//! the Serious Violence Duty, Part 3 processing, the common-law duty of confidence,
//! criminal offence data, processing outside the UK). A section deleted outright has no
//! heading and is never opened.

use super::*;

/// Whether a section is one the template lets a document leave out ("delete this section
/// if inapplicable"), as the template's definition says.
fn optional(s: Section) -> bool {
    s.template().is_some_and(|t| t.optional)
}

/// A short paragraph saying its section does not apply: "Not applicable to this DSA.",
/// "N/A", "This section does not apply".
pub(super) fn says_not_applicable(text: &str) -> bool {
    // Every form is short and starts with one of these letters (or a bracket): most
    // paragraphs are ruled out before any allocation.
    let t = text.trim_start();
    if t.len() > 130 || !t.starts_with(['n', 'N', 't', 'T', 'd', 'D', 's', 'S', '[', '(']) {
        return false;
    }
    let n = norm(&strip_placeholders(text));
    let n = n.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '[' || c == ']');
    n.len() < 100
        && (n.starts_with("not applicable")
            || n == "n/a"
            || n == "none"
            || n.starts_with("this section is not applicable")
            || n.starts_with("this section does not apply")
            || n.starts_with("does not apply")
            || n.starts_with("not used")
            || n.starts_with("section not applicable"))
}

impl Recogniser {
    /// Records that the open section `s` is left out, with why.
    pub(super) fn section_absent(&mut self, s: Section, loc: &str, text: &str, why: &str) {
        if !optional(s) {
            return;
        }
        self.absent.insert(s);
        self.prov(s.pointer(), loc, text, None);
        self.diag(
            DiagnosticCode::SectionAbsent,
            loc,
            format!("§{} {why}: the section is absent", s.label()),
        );
    }

    /// The section of the heading just opened, when that heading is struck through or
    /// marked not applicable.
    pub(super) fn heading_absence(&mut self, p: &Paragraph, text: &str, loc: &str) {
        let Some(s) = self.path.last().and_then(|e| e.section) else {
            return;
        };
        if p.struck() {
            self.section_absent(s, loc, text, "is struck through");
        } else if norm(text).contains("not applicable") || norm(text).contains("(n/a)") {
            self.section_absent(s, loc, text, "is marked not applicable");
        }
    }

    /// Clears every section found absent, whatever its struck content created.
    pub(super) fn finish_absent(&mut self) {
        for s in std::mem::take(&mut self.absent) {
            match s {
                Section::SeriousViolenceDuty => self.a.serious_violence_duty = None,
                Section::LawEnforcement => self.a.law_enforcement = None,
                Section::CriminalOffence => self.a.criminal_offence_data = None,
                Section::Confidentiality => self.a.confidentiality = None,
                Section::OutsideUk => self.a.outside_uk_processing = None,
                _ => {}
            }
        }
    }
}

impl Recogniser {
    /// A document with nothing filled in — no title (or the template's own), reference, dates, lawful-basis
    /// condition, data subject, data category or data item — is the template itself, filed
    /// as it came: its optional sections are kept only because nobody deleted them, so
    /// they are left out like deleted ones, and a note says why.
    pub(super) fn finish_unfilled(&mut self) {
        let a = &self.a;
        let lb = &a.lawful_basis;
        // A title that calls the document a template is the template's own.
        let title = norm(&a.title);
        let untitled = title.is_empty() || title.split_whitespace().any(|w| w == "template");
        let unfilled = untitled
            && a.reference.is_none()
            && a.review.publish_date.is_none()
            && a.review.review_date.is_none()
            && lb.article6.is_empty()
            && lb.article9.is_empty()
            && lb.schedule1_part1.is_empty()
            && lb.schedule1_part2.is_empty()
            && lb.schedule1_part3.is_empty()
            && a.data_subjects.types.is_empty()
            && a.data_subjects.other_types.is_empty()
            && a.data_categories.part2.is_empty()
            && a.data_categories.part3.is_empty()
            && a.personal_data.is_empty()
            && a.special_category_data.is_empty();
        if !unfilled {
            return;
        }
        let kept: Vec<&str> = [
            (
                a.serious_violence_duty.is_some(),
                Section::SeriousViolenceDuty,
            ),
            (a.law_enforcement.is_some(), Section::LawEnforcement),
            (a.confidentiality.is_some(), Section::Confidentiality),
            (a.criminal_offence_data.is_some(), Section::CriminalOffence),
            (a.outside_uk_processing.is_some(), Section::OutsideUk),
        ]
        .into_iter()
        .filter(|(kept, s)| *kept && optional(*s))
        .map(|(_, s)| s.label())
        .collect();
        // Without a template section kept, it is not the template (any other document
        // with nothing in it): there is nothing to leave out and nothing to say.
        if kept.is_empty() {
            return;
        }
        self.diags.push(Diagnostic {
            code: DiagnosticCode::SectionAbsent,
            section: None,
            location: "the whole document".into(),
            message: format!(
                "nothing is filled in (no title, dates, conditions or data items): the document is the unfilled template, so the optional sections it keeps (§{}) are left out",
                kept.join(", §")
            ),
        });
        self.a.serious_violence_duty = None;
        self.a.law_enforcement = None;
        self.a.confidentiality = None;
        self.a.criminal_offence_data = None;
        self.a.outside_uk_processing = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_applicable_sentences() {
        for t in [
            "Not applicable to this DSA.",
            "N/A",
            "[Not applicable]",
            "This section does not apply.",
        ] {
            assert!(says_not_applicable(t), "{t}");
        }
        for t in [
            "Not applicable unless the MPS shares intelligence, in which case Part 3 applies to all processing by competent authorities of the parties.",
            "Processing is not applicable to children.",
        ] {
            assert!(!says_not_applicable(t), "{t}");
        }
    }
}
