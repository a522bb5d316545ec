//! From blocks to an agreement: sections by heading meaning, option tables in every
//! marking style, prose citations, parties, dates, provenance for every value, and
//! everything else kept verbatim as unmapped content.

mod absent;
mod agreement;
mod appendices;
mod confidentiality;
mod content;
mod cover;
mod data_items;
mod data_subjects;
mod data_tables;
mod flows;
mod handling;
mod headings;
mod individuals;
mod lawful_basis;
mod list_sentences;
mod notes;
mod options;
mod parties;
mod purposes;
mod retention;
mod scenarios;
mod signatures;
mod tables;
#[cfg(test)]
mod test_blocks;
mod title;

use crate::marks::split_inline_mark;
use options::choose_listed;
pub use retention::period_months;

use std::collections::BTreeMap;

use dsa_model::*;

use crate::blocks::{Block, Cell, Paragraph, Table};
use crate::marks::{match_code, parse_mark, Mark};
use crate::sections::{classify_heading, template_similarity_stripped, Section};

/// Longest party name compared by similarity (bytes, normalised): organisation names are
/// far shorter, and similarity is quadratic in the lengths.
const MAX_NAME_CHARS: usize = 300;
use dsa_text::{
    find_acts, find_citations, find_date, has_section_number, recognise_org, slug, split_names,
    strip_numbering, strip_placeholders, Citation,
};

/// `dsa_text::norm`, remembered per thread (`memo`) for paragraph-length text: the
/// recogniser normalises the same template wording in every copy of a template. Short
/// text is normalised directly, which costs less than looking it up.
fn norm(text: &str) -> String {
    thread_local! {
        static MEMO: crate::memo::Memo<String> = crate::memo::memo();
    }
    if text.len() < 48 {
        return dsa_text::norm(text);
    }
    crate::memo::remembered(&MEMO, "", text, || dsa_text::norm(text))
}

pub use dsa_model::{Diagnostic, DiagnosticCode, DiagnosticKind};

/// What was found for one template section.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SectionReport {
    /// Template section number.
    pub section: String,
    /// Whether a heading or content for it was found.
    pub found: bool,
    /// Number of values mapped from it.
    pub values: usize,
    /// Uncertain matches in it.
    pub uncertain: Vec<String>,
}

#[derive(Default, Clone, Copy)]
enum BenefitCtx {
    #[default]
    Individuals,
    Parties,
    Society,
}

struct PathEntry {
    level: u8,
    text: String,
    section: Option<Section>,
}

/// The state of one recognition run.
pub struct Recogniser {
    a: Agreement,
    /// The part being read when it is not the main one (a header or footer).
    other_part: Option<String>,
    path: Vec<PathEntry>,
    seen: BTreeMap<Section, (bool, usize)>,
    diags: Vec<Diagnostic>,
    benefit: BenefitCtx,
    overrides: Vec<confidentiality::OverrideBullet>,
    /// The caption naming the data flow whose table comes next ("Flow 1: …").
    flow_name: Option<String>,
    /// Header and footer lines (part, location, text), read once the title is known.
    running: Vec<(String, String, String)>,
    scenario: Option<(MpsScenario, String)>,
    /// Where each footnote, endnote and comment is anchored (`notes`).
    anchors: notes::Anchors,
    /// The document has notes, so anchors are looked for.
    expect_notes: bool,
    /// Index of the body block being read.
    block: usize,
    /// What the bullets after a lead-in paragraph list (`list_sentences::lead_kind`).
    list_lead: Option<list_sentences::ListKind>,
    /// Optional sections struck through or marked not applicable (`absent`).
    absent: std::collections::BTreeSet<Section>,
    /// Parties the document lists as its parties (`parties::list_party`).
    listed_parties: std::collections::BTreeSet<String>,
    /// Appendix A keeps the template's generic "London Borough" row.
    boroughs_listed: bool,
    /// The strongest title candidate so far (`title`).
    title: Option<title::TitleChoice>,
    /// A label paragraph inside a section that starts a sub-part ("Complaints" in §3.1).
    sublabel: Option<Section>,
}

/// A paragraph as the section readers see it: its text, its text without template
/// instructions (`residual`), that without a bullet (`item`), whether it is a bullet, and
/// its block path.
pub(super) struct Line<'a> {
    pub text: &'a str,
    pub residual: &'a str,
    pub item: String,
    pub bullet: bool,
    pub loc: &'a str,
}

fn cell_loc(loc: &str, r: usize, c: usize) -> String {
    format!("{loc}/tr[{r}]/tc[{c}]")
}

fn append(field: &mut Option<String>, text: &str) {
    match field {
        Some(s) if !s.is_empty() => {
            s.push('\n');
            s.push_str(text);
        }
        _ => *field = Some(text.to_string()),
    }
}

/// Strips a leading bullet glyph.
fn strip_bullet(s: &str) -> &str {
    s.trim_start_matches(['·', '•', '-', '–', '*', '▪', '◦', ' ', '\t'])
        .trim()
}

/// Whether a header or footer line says only what every page repeats: a protective
/// marking, the agreement's title, "Page 3 of 12".
fn running_text_only(text: &str, title: &str) -> bool {
    static PAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\bpage\s+\d+(\s+of\s+\d+)?\b").expect("regex")
    });
    let mut rest = PAGE.replace_all(text, " ").to_string();
    let title = title.trim();
    if !title.is_empty() {
        rest = rest.replace(title, " ");
    }
    let n = norm(&rest);
    let n = n
        .replace("official-sensitive", " ")
        .replace("official sensitive", " ")
        .replace("official", " ");
    n.chars().all(|c| !c.is_alphanumeric())
}

/// A contents list's entry or heading (Word's "toc 1"… and "TOC Heading" styles,
/// LibreOffice's "Contents 1"… and "Contents Heading"): it repeats the headings that
/// follow, so reading it would open every section before its content.
fn is_contents_entry(p: &Paragraph) -> bool {
    p.style.as_deref().is_some_and(|s| {
        let s = s.to_ascii_lowercase().replace([' ', '_', '-'], "");
        ["toc", "contents"].iter().any(|k| {
            s.strip_prefix(k).is_some_and(|rest| {
                rest == "heading" || (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
            })
        })
    })
}

fn is_bullet(p: &Paragraph, text: &str) -> bool {
    p.list
        || p.style
            .as_deref()
            .is_some_and(|s| s.to_lowercase().contains("list"))
        || text.trim_start().starts_with(['·', '•', '▪', '◦', '*'])
        || text.trim_start().starts_with("- ")
        || crate::marks::has_inline_mark(text)
}

impl Recogniser {
    /// A recogniser for one file.
    pub fn new(file: Option<String>, part: String) -> Self {
        let mut a = Agreement::new(String::new());
        a.sources.push(SourceFile {
            file,
            part: Some(part),
        });
        Recogniser {
            a,
            other_part: None,
            path: Vec::new(),
            seen: BTreeMap::new(),
            diags: Vec::new(),
            benefit: BenefitCtx::default(),
            overrides: Vec::new(),
            flow_name: None,
            running: Vec::new(),
            scenario: None,
            title: None,
            listed_parties: Default::default(),
            boroughs_listed: false,
            absent: Default::default(),
            list_lead: None,
            anchors: Default::default(),
            expect_notes: false,
            block: 0,
            sublabel: None,
        }
    }

    fn section(&self) -> Option<Section> {
        self.sublabel
            .or_else(|| self.path.iter().rev().find_map(|p| p.section))
    }

    fn heading_path(&self) -> Vec<String> {
        self.path.iter().map(|p| p.text.clone()).collect()
    }

    /// "Heading > Heading :: block path", built in one string: how a diagnostic names its
    /// place for the person reading it.
    fn described(&self, loc: &str) -> String {
        let headings: usize = self.path.iter().map(|p| p.text.len() + 3).sum();
        let mut path = String::with_capacity(headings + 1 + loc.len());
        for (i, p) in self.path.iter().enumerate() {
            if i > 0 {
                path.push_str(" > ");
            }
            path.push_str(&p.text);
        }
        if !path.is_empty() {
            path.push_str(" :: ");
        }
        path.push_str(loc);
        path
    }

    /// A provenance record's place: the block path and the nearest heading. File and part
    /// are the agreement's first source (set in `new`), so records leave them out.
    fn location(&self, loc: &str) -> SourceLocation {
        SourceLocation::at(loc, self.path.last().map(|p| p.text.clone()))
    }

    fn prov(&mut self, field: impl Into<String>, loc: &str, text: &str, confidence: Option<f64>) {
        let source = self.location(loc);
        self.a.provenance.push(Provenance {
            field: field.into(),
            source,
            text: text.to_string(),
            confidence,
        });
    }

    /// A mapped value: provenance plus a count for the section report.
    fn value(&mut self, field: impl Into<String>, loc: &str, text: &str, confidence: Option<f64>) {
        if let Some(s) = self.section() {
            self.seen.entry(s).or_default().1 += 1;
        }
        if let Some(c) = confidence.filter(|c| *c < 1.0) {
            let field: String = field.into();
            self.diag(
                DiagnosticCode::ValueBySimilarity,
                loc,
                format!("{field}: matched {text:?} with confidence {c:.2}"),
            );
            self.prov(field, loc, text, Some(c));
        } else {
            self.prov(field, loc, text, None);
        }
    }

    /// Unmapped content keeps its heading path beside it, so its location is the block
    /// path alone, prefixed by the part when that is not the main one (headers, footers).
    fn unmapped(&mut self, loc: &str, text: &str) {
        let location = match &self.other_part {
            Some(part) => format!("{part}: {loc}"),
            None => loc.to_string(),
        };
        self.a.unmapped.push(UnmappedContent {
            heading_path: self.heading_path(),
            location,
            text: text.to_string(),
        });
    }

    fn diag(&mut self, code: DiagnosticCode, loc: &str, message: String) {
        self.diags.push(Diagnostic {
            code,
            section: self.section().map(|s| s.label().to_string()),
            location: self.described(loc),
            message,
        });
    }

    // ----- parties -------------------------------------------------------------

    /// Recognises the body blocks of the main part.
    pub fn body(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            let loc = format!("body/block[{i}]");
            self.block = i;
            match b {
                Block::Paragraph(p) => self.paragraph(p, &loc),
                Block::Table(t) => self.table(t, &loc),
            }
            self.note_anchors(b, &loc);
        }
        self.finish_scenario();
    }

    /// Keeps header and footer text (it maps to no field).
    pub fn headers_footers(&mut self, part: &str, blocks: &[Block]) {
        let saved = self.other_part.replace(part.to_string());
        let saved_path = std::mem::take(&mut self.path);
        for (i, b) in blocks.iter().enumerate() {
            let loc = format!("block[{i}]");
            match b {
                Block::Paragraph(p) => {
                    let t = p.text();
                    if !t.trim().is_empty() {
                        // Kept until the title is known (`finish`): a line that only
                        // repeats it is not content of its own.
                        self.running
                            .push((part.to_string(), loc, t.trim().to_string()));
                    }
                }
                Block::Table(t) => self.unmapped_table(t, &loc),
            }
        }
        self.other_part = saved;
        self.path = saved_path;
    }

    /// Header and footer lines: the marking, the title or "Page 3 of 12" are nothing of
    /// their own (provenance of the title); anything else is kept as unmapped content.
    fn finish_running(&mut self) {
        for (part, loc, text) in std::mem::take(&mut self.running) {
            let saved = self.other_part.replace(part);
            let saved_path = std::mem::take(&mut self.path);
            if running_text_only(&text, &self.a.title) {
                self.prov("/title", &loc, &text, None);
            } else {
                self.unmapped(&loc, &text);
            }
            self.other_part = saved;
            self.path = saved_path;
        }
    }

    fn paragraph(&mut self, p: &Paragraph, loc: &str) {
        let text = p.text();
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if is_contents_entry(p) {
            // Kept as provenance of the section it names, never read as a heading.
            let field = classify_heading(text).map_or("/title", |(s, _)| s.pointer());
            self.prov(field, loc, text, None);
            return;
        }
        if let Some(level) = self.heading_level(p, text) {
            self.heading(level, text, loc);
            self.heading_absence(p, text, loc);
            return;
        }
        if p.struck() {
            // A struck option is deleted: evidence for the section, not a value.
            let field = self.section().map(Section::pointer).unwrap_or("/unmapped");
            if self.section() == Some(Section::Confidentiality) && is_bullet(p, text) {
                self.confidentiality_bullet(p, text, loc);
                return;
            }
            if field == "/unmapped" {
                self.unmapped(loc, text);
            } else {
                self.prov(field, loc, text, None);
            }
            return;
        }
        self.content(p, text, loc);
    }

    /// Finishes the run: the agreement, diagnostics and the per-section report.
    pub fn finish(mut self) -> (Agreement, Vec<Diagnostic>, Vec<SectionReport>) {
        self.finish_scenario();
        self.finish_overrides();
        self.finish_absent();
        self.finish_parties();
        self.finish_party_prefixes();
        self.finish_title();
        self.finish_unfilled();
        self.finish_running();
        let mut reports = Vec::new();
        for s in Section::reported() {
            let (heading, values) = self.seen.get(s).copied().unwrap_or_default();
            let uncertain: Vec<String> = self
                .diags
                .iter()
                .filter(|d| {
                    d.kind() == DiagnosticKind::Uncertain && d.section.as_deref() == Some(s.label())
                })
                .map(|d| d.message.clone())
                .collect();
            reports.push(SectionReport {
                section: s.label().to_string(),
                found: heading || values > 0,
                values,
                uncertain,
            });
        }
        // Parties named only in prose protocols: competent authority stays unknown.
        (self.a, self.diags, reports)
    }
}

/// Depth of manual numbering: "2.4.1 ..." → 3.
fn strip_numbering_depth(t: &str) -> u8 {
    let rest = strip_numbering(t);
    let num = &t[..t.len() - rest.len()];
    let dots = num.trim().trim_end_matches('.').matches('.').count();
    if num.trim().is_empty() {
        9
    } else {
        (dots + 1).min(8) as u8
    }
}

/// A row's text for provenance: its non-empty cells joined by " | ".
fn row_text(row: &crate::blocks::Row) -> String {
    row.cells
        .iter()
        .map(Cell::text)
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A row's values: each cell without struck text or template instructions.
fn row_values(row: &crate::blocks::Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| strip_placeholders(&c.unstruck_text()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_lines_and_contents_entries() {
        let title = "Pan-London Licensing Data Sharing Agreement";
        assert!(running_text_only("OFFICIAL", title));
        assert!(running_text_only("OFFICIAL-SENSITIVE", title));
        assert!(running_text_only(
            "Pan-London Licensing Data Sharing Agreement\tPage 3 of 12",
            title
        ));
        assert!(running_text_only("Page 4", ""));
        assert!(!running_text_only("Pan-London DSA", title));
        assert!(!running_text_only("Official use only by Camden", title));
        let styled = |s: &str| Paragraph {
            style: Some(s.into()),
            ..Paragraph::default()
        };
        for s in [
            "TOC1",
            "toc 2",
            "Contents3",
            "Contents Heading",
            "TOCHeading",
        ] {
            assert!(is_contents_entry(&styled(s)), "{s}");
        }
        for s in ["Heading1", "Normal", "TOCtext", "ContentsList"] {
            assert!(!is_contents_entry(&styled(s)), "{s}");
        }
    }

    /// The remembered norm gives what `dsa_text::norm` gives, first time and when
    /// remembered, short text and long, over the template's lines.
    #[test]
    fn remembered_norm_equals_the_computed_one() {
        let text = include_str!("../../../../samples/template/pan-london-dsa-template.txt");
        for line in text.lines() {
            for v in [
                line.to_string(),
                line.to_uppercase(),
                format!("  {line}\t— ‘x’ "),
            ] {
                assert_eq!(norm(&v), dsa_text::norm(&v), "{v:?}");
                assert_eq!(norm(&v), dsa_text::norm(&v), "{v:?}");
            }
        }
    }

    #[test]
    fn periods() {
        assert_eq!(period_months("6 years"), Some(72));
        assert_eq!(period_months("Six years after closure"), Some(72));
        assert_eq!(period_months("12 months"), Some(12));
        assert_eq!(period_months("until the child's 25th birthday"), None);
        assert_eq!(period_months("2 years or 6 years"), None);
        assert_eq!(
            period_months("Until the offender's 100th birthday, reviewed every 10 years"),
            None
        );
        assert_eq!(period_months("6 years, reviewed every 2 years"), Some(72));
    }
}
