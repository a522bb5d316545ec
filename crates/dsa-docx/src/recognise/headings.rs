//! Headings: which paragraphs are headings, and the template section each opens.

use super::*;

impl Recogniser {
    pub(super) fn heading_level(&self, p: &Paragraph, text: &str) -> Option<u8> {
        let t = text.trim();
        if t.is_empty() || t.len() > 200 {
            return None;
        }
        if let Some(l) = p.heading {
            return Some(l);
        }
        // Numbered by Word, the number only in numbering.xml: a heading when it is set
        // apart as one (bold, or a known section's heading), short and no sentence.
        if p.numbered
            && !has_section_number(t)
            && t.len() < 90
            && !t.ends_with(['.', ':', ';', ','])
            && (p.bold() || classify_heading(t).is_some_and(|(_, c)| c >= 0.9))
        {
            return Some(p.list_level() + 1);
        }
        if p.list && !has_section_number(t) {
            return None;
        }
        if self.section().is_some_and(|s| is_sublabel(s, t)) {
            return None;
        }
        let numbered = has_section_number(t);
        // As `norm(t)` would tell, without normalising the whole paragraph: nothing that
        // normalises to one of these ASCII letters is other than that letter, in either case.
        let appendix = t
            .trim_start_matches(|c: char| !c.is_alphabetic())
            .as_bytes()
            .get(..8)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"appendix"));
        let bold = p.bold();
        // Only short, numbered, bold or appendix lines can be headings: classifying
        // every paragraph would be the importer's hottest loop.
        let candidate = (numbered && t.len() < 120 && !t.ends_with('.'))
            || (bold && t.len() < 90)
            || (appendix && t.len() < 90);
        if !candidate {
            return None;
        }
        let known = classify_heading(t).filter(|(_, c)| *c >= 0.9).is_some();
        if (numbered && t.len() < 120 && (bold || known) && !t.ends_with('.'))
            || (bold && t.len() < 90 && (known || appendix))
            || (appendix && t.len() < 90)
        {
            let depth = strip_numbering_depth(t);
            return Some(depth.max(1));
        }
        None
    }

    pub(super) fn heading(&mut self, level: u8, text: &str, loc: &str) {
        self.sublabel = None;
        self.list_lead = None;
        self.finish_scenario();
        self.finish_overrides();
        while self.path.last().is_some_and(|e| e.level >= level) {
            self.path.pop();
        }
        let classified = classify_heading(text);
        let section = classified.map(|(s, _)| s);
        // The document title: the Title style, or the first top heading naming an agreement.
        let n = norm(text);
        // A heading may still be the title while only a generic one has been read.
        let looks_like_title = level == 0
            || (self.title_open()
                && self.path.is_empty()
                && (n.contains("agreement") || n.contains("protocol") || n.contains("dsa"))
                && !has_section_number(text)
                // A word of a section inside it ("Data" in "Data Sharing Agreement") is
                // no evidence against a title; a section's own heading is.
                && classified.is_none_or(|(s, c)| {
                    c < 0.9 || s == Section::Agreement || s == Section::Parties
                }));
        if looks_like_title {
            let source = if level == 0 {
                title::TitleSource::TitleStyle
            } else {
                title::TitleSource::Heading
            };
            self.path.push(PathEntry {
                level,
                text: text.to_string(),
                section: Some(Section::Agreement),
            });
            self.offer_title(source, text, text, loc);
            return;
        }
        // An unrecognised subheading has no section of its own: `section()` then falls
        // back to its parent's.
        self.path.push(PathEntry {
            level,
            text: text.to_string(),
            section,
        });
        match classified {
            Some((s, conf)) => {
                self.seen.entry(s).or_default().0 = true;
                self.open_section(s);
                let c = (conf < 1.0).then_some(conf);
                if let Some(c) = c {
                    self.diag(
                        DiagnosticCode::HeadingBySimilarity,
                        loc,
                        format!(
                            "heading {text:?} read as template §{} (confidence {c:.2})",
                            s.label()
                        ),
                    );
                }
                self.prov(s.pointer(), loc, text, c);
            }
            None => {
                if self.section().is_some() {
                    let field = self.section().map(Section::pointer).unwrap_or("");
                    self.prov(field, loc, text, Some(0.5));
                } else {
                    self.unmapped(loc, text);
                }
            }
        }
    }

    /// A section heading that is present means the section was kept, even if empty.
    pub(super) fn open_section(&mut self, s: Section) {
        match s {
            Section::SeriousViolenceDuty => {
                self.a
                    .serious_violence_duty
                    .get_or_insert_with(Default::default);
            }
            Section::LawEnforcement => {
                self.a.law_enforcement.get_or_insert_with(Default::default);
            }
            Section::Confidentiality => {
                self.a.confidentiality.get_or_insert_with(Default::default);
            }
            Section::CriminalOffence => {
                self.a
                    .criminal_offence_data
                    .get_or_insert_with(Default::default);
            }
            Section::OutsideUk => {
                self.a
                    .outside_uk_processing
                    .get_or_insert_with(Default::default);
            }
            Section::Deceased => {
                self.a
                    .deceased_individuals
                    .get_or_insert(DeceasedIndividuals {
                        may_be_shared: true,
                        notes: None,
                    });
            }
            Section::Dpia => {
                self.a.dpia.get_or_insert_with(Default::default);
            }
            Section::Benefits => self.benefit = BenefitCtx::Individuals,
            _ => {}
        }
    }
}

/// The lead-in labels the template itself sets inside a section: "Individuals", "Parties"
/// and "Society" in §2.2, "Rectification, erasure or restriction" and "Complaints" in
/// §3.1. Documents bold them, and some are also section headings elsewhere ("Individuals"
/// is §3), but inside their section they are labels, read by that section's reader.
fn is_sublabel(section: Section, text: &str) -> bool {
    if !matches!(
        section,
        Section::Benefits | Section::Rights | Section::Complaints
    ) || text.len() > 60
    {
        return false;
    }
    let n = norm(text);
    let n = n.trim_end_matches(':').trim();
    match section {
        Section::Benefits => [
            "individuals",
            "society",
            "wider society",
            "parties",
            "organisations",
        ]
        .iter()
        .any(|l| n == *l || n.starts_with(&format!("{l} ("))),
        Section::Rights | Section::Complaints => {
            n == "complaints" || n.starts_with("rectification, erasure or restriction")
        }
        _ => false,
    }
}
