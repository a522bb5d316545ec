//! From blocks to an agreement: sections by heading meaning, option tables in every
//! marking style, prose citations, parties, dates, provenance for every value, and
//! everything else kept verbatim as unmapped content.

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

/// How sure a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// A value was matched fuzzily or guessed; check it.
    Uncertain,
    /// Something expected was not there, or could not be used.
    Missing,
    /// Something was seen and handled in a particular way.
    Note,
}

/// A note about the import, with where it applies.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    /// Kind.
    pub kind: DiagnosticKind,
    /// Template section, when known.
    pub section: Option<String>,
    /// Block path.
    pub location: String,
    /// What happened.
    pub message: String,
}

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
    overrides: Vec<(ConfidentialityOverride, Option<String>, String, bool)>,
    scenario: Option<(MpsScenario, String)>,
    had_title_block: bool,
    /// A label paragraph inside a section that starts a sub-part ("Complaints" in §3.1).
    sublabel: Option<Section>,
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

fn is_bullet(p: &Paragraph, text: &str) -> bool {
    p.list
        || p.style
            .as_deref()
            .is_some_and(|s| s.to_lowercase().contains("list"))
        || text.trim_start().starts_with(['·', '•', '▪', '◦', '*'])
        || text.trim_start().starts_with("- ")
}

impl Recogniser {
    /// A recogniser for one file.
    pub fn new(file: Option<String>, part: String) -> Self {
        let title = file
            .as_deref()
            .and_then(|f| std::path::Path::new(f).file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut a = Agreement::new(title);
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
            scenario: None,
            had_title_block: false,
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
                DiagnosticKind::Uncertain,
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

    fn diag(&mut self, kind: DiagnosticKind, loc: &str, message: String) {
        self.diags.push(Diagnostic {
            kind,
            section: self.section().map(|s| s.label().to_string()),
            location: self.described(loc),
            message,
        });
    }

    // ----- parties -------------------------------------------------------------

    /// Finds or adds the party a name refers to, returning its id.
    fn ensure_party(&mut self, name: &str, loc: &str) -> Option<String> {
        let name = strip_placeholders(name);
        let name = name.trim().trim_end_matches(['.', ',', ';', ':']).trim();
        if name.is_empty() {
            return None;
        }
        let n = norm(name);
        if let Some(p) = self
            .a
            .parties
            .iter()
            .find(|p| norm(&p.name) == n || norm(&p.id) == n)
        {
            return Some(p.id.clone());
        }
        if let Some(org) = recognise_org(name) {
            if self.a.party(&org.id).is_none() {
                let idx = self.a.parties.len();
                let mut party = Party::new(org.id.clone(), org.name.clone(), org.kind);
                party.london_authority = org.london_authority;
                self.a.parties.push(party);
                self.prov(format!("/parties/{idx}"), loc, name, None);
            }
            return Some(org.id);
        }
        // Close to a known party's name (typos, extra words).
        let best = self
            .a
            .parties
            .iter()
            .map(|p| {
                // Jaro is quadratic in the lengths: a "name" of thousands of characters
                // (a damaged or hostile document) is no organisation's name, and comparing
                // two took seconds (found by fuzzing).
                let name = norm(&p.name);
                let sim = if name.len().max(n.len()) > MAX_NAME_CHARS {
                    0.0
                } else {
                    strsim::jaro_winkler(&name, &n)
                };
                (sim, p.id.clone())
            })
            .fold(None, |b: Option<(f64, String)>, x| match b {
                Some(bb) if bb.0 >= x.0 => Some(bb),
                _ => Some(x),
            });
        if let Some((sim, id)) = best {
            if sim >= 0.92 {
                self.diag(
                    DiagnosticKind::Uncertain,
                    loc,
                    format!("{name:?} taken to be party {id:?} (similarity {sim:.2})"),
                );
                return Some(id);
            }
        }
        // Names that are clearly not organisations are not parties.
        if name.len() > 80 || name.split_whitespace().count() > 10 {
            return None;
        }
        let id = slug(name);
        if id.is_empty() {
            return None;
        }
        let idx = self.a.parties.len();
        self.a
            .parties
            .push(Party::new(id.clone(), name, PartyKind::Other));
        self.prov(format!("/parties/{idx}"), loc, name, Some(0.5));
        self.diag(
            DiagnosticKind::Uncertain,
            loc,
            format!("{name:?} is not a known organisation; added as party {id:?} of kind other"),
        );
        Some(id)
    }

    fn applicability(&mut self, mark: &Mark, loc: &str) -> Applicability {
        match mark {
            Mark::All => Applicability::AllParties,
            Mark::Parties(names) => {
                let mut ids: Vec<String> = Vec::new();
                for n in names {
                    if let Some(id) = self.ensure_party(n, loc) {
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
                if ids.is_empty() {
                    Applicability::Unspecified
                } else {
                    Applicability::Named(ids)
                }
            }
            _ => Applicability::Unspecified,
        }
    }

    // ----- blocks ----------------------------------------------------------------

    /// Recognises the body blocks of the main part.
    pub fn body(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            let loc = format!("body/block[{i}]");
            match b {
                Block::Paragraph(p) => self.paragraph(p, &loc),
                Block::Table(t) => self.table(t, &loc),
            }
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
                        self.unmapped(&loc, t.trim());
                    }
                }
                Block::Table(t) => self.unmapped_table(t, &loc),
            }
        }
        self.other_part = saved;
        self.path = saved_path;
    }

    fn heading_level(&self, p: &Paragraph, text: &str) -> Option<u8> {
        let t = text.trim();
        if t.is_empty() || t.len() > 200 {
            return None;
        }
        if let Some(l) = p.heading {
            return Some(l);
        }
        if p.list && !has_section_number(t) {
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

    fn paragraph(&mut self, p: &Paragraph, loc: &str) {
        let text = p.text();
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if let Some(level) = self.heading_level(p, text) {
            self.heading(level, text, loc);
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

    fn heading(&mut self, level: u8, text: &str, loc: &str) {
        self.sublabel = None;
        self.finish_scenario();
        self.finish_overrides();
        while self.path.last().is_some_and(|e| e.level >= level) {
            self.path.pop();
        }
        let classified = classify_heading(text);
        let section = classified.map(|(s, _)| s);
        // The document title: the Title style, or the first top heading naming an agreement.
        let n = norm(text);
        let looks_like_title = level == 0
            || (!self.had_title_block
                && self.path.is_empty()
                && (n.contains("agreement") || n.contains("protocol") || n.contains("dsa"))
                && !has_section_number(text)
                && section.is_none_or(|s| s == Section::Agreement || s == Section::Parties));
        if looks_like_title && !self.had_title_block {
            self.a.title = strip_placeholders(text);
            self.had_title_block = true;
            self.path.push(PathEntry {
                level,
                text: text.to_string(),
                section: Some(Section::Agreement),
            });
            self.seen.entry(Section::Agreement).or_default().0 = true;
            self.value("/title", loc, text, None);
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
                        DiagnosticKind::Uncertain,
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
    fn open_section(&mut self, s: Section) {
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

    /// Boilerplate (template wording) confirms the section; some sentences also carry
    /// a choice.
    fn boilerplate(&mut self, s: Option<Section>, text: &str, loc: &str) {
        let n = norm(text);
        match s {
            Some(Section::LawfulBasis) if n.contains("appropriate policy document") => {
                self.a.lawful_basis.appropriate_policy_document = Some(true);
                self.value("/lawful_basis/appropriate_policy_document", loc, text, None);
                return;
            }
            Some(Section::LawEnforcement)
                if n.contains("strictly necessary")
                    && n.contains("competent authorities that are party") =>
            {
                if let Some(le) = self.a.law_enforcement.as_mut() {
                    le.strictly_necessary = Some(true);
                }
                self.value("/law_enforcement/strictly_necessary", loc, text, None);
                return;
            }
            Some(Section::Dpia)
                if n.contains("working group") && n.contains("completed a dpia") =>
            {
                self.a
                    .dpia
                    .get_or_insert_with(Default::default)
                    .working_group_dpia = Some(true);
                self.value("/dpia/working_group_dpia", loc, text, None);
                return;
            }
            _ => {}
        }
        let field = s.map(Section::pointer).unwrap_or("/title");
        self.prov(field, loc, text, None);
    }

    fn content(&mut self, p: &Paragraph, text: &str, loc: &str) {
        let s = self.section();
        // Sentences that carry a choice inside template wording.
        let n = norm(text);
        if n.contains("controller to controller") || n.contains("joint controllers") {
            self.sharing_type(p, text, loc);
            return;
        }
        if n.contains("information sharing gateway") && n.contains("signatory") {
            self.a.signing_route = Some(SigningRoute::Isg);
            self.value("/signing_route", loc, text, None);
            return;
        }
        let residual = strip_placeholders(text);
        if residual.is_empty() {
            // A placeholder left in: empty, not content.
            let field = s.map(Section::pointer).unwrap_or("/title");
            self.prov(field, loc, text, None);
            return;
        }
        if s == Some(Section::AppendixScenarios) && self.scenario_line(text, loc) {
            return;
        }
        if s == Some(Section::Confidentiality) && is_bullet(p, text) {
            self.confidentiality_bullet(p, text, loc);
            return;
        }
        if s == Some(Section::Benefits) {
            let b = norm(&residual);
            if b == "individuals" || b.starts_with("individuals ") {
                self.benefit = BenefitCtx::Individuals;
                self.prov("/benefits/individuals", loc, text, None);
                return;
            }
            if b.starts_with("parties") || b.starts_with("organisations") {
                self.benefit = BenefitCtx::Parties;
                self.prov("/benefits/parties", loc, text, None);
                return;
            }
            if b == "society" || b.starts_with("society ") || b.starts_with("wider society") {
                self.benefit = BenefitCtx::Society;
                self.prov("/benefits/society", loc, text, None);
                return;
            }
        }
        // The template's suggested responsibilities and benefits are values when kept.
        let values_in_template =
            matches!(s, Some(Section::Responsibilities) | Some(Section::Benefits));
        if !values_in_template && template_similarity_stripped(&residual) >= 0.8 {
            self.boilerplate(s, text, loc);
            return;
        }
        self.section_content(s, p, text, &residual, loc);
    }

    fn sharing_type(&mut self, p: &Paragraph, text: &str, loc: &str) {
        // Keep what is not struck, then what is not an instruction.
        let visible = norm(&strip_placeholders(&p.unstruck_text()));
        let c2c = visible.contains("controller to controller");
        let joint = visible.contains("joint controller");
        let choice = match (c2c, joint) {
            (true, false) => Some(SharingType::ControllerToController),
            (false, true) => Some(SharingType::JointControllers),
            _ => None,
        };
        match choice {
            Some(c) => {
                self.a.sharing_type = Some(c);
                self.value("/sharing_type", loc, text, None);
            }
            None => {
                self.diag(
                    DiagnosticKind::Missing,
                    loc,
                    "sharing type left as in the template (both options kept)".into(),
                );
                self.prov("/sharing_type", loc, text, None);
            }
        }
    }

    fn section_content(
        &mut self,
        s: Option<Section>,
        p: &Paragraph,
        text: &str,
        residual: &str,
        loc: &str,
    ) {
        use Section::*;
        let bullet = is_bullet(p, text);
        let item = strip_bullet(residual).to_string();
        match s {
            None | Some(Agreement) => self.metadata_line(text, residual, loc),
            Some(Ownership) => {
                append(&mut self.a.ownership, residual);
                self.value("/ownership", loc, text, None);
            }
            Some(Parties) | Some(AppendixParties) | Some(Signatures) | Some(Appendices) => {
                self.party_line(text, residual, loc)
            }
            Some(LocalPartners) if bullet => {
                let i = self.a.local_partners.len();
                self.a.local_partners.push(LocalPartner {
                    name: item.clone(),
                    party: None,
                    agreement_documented: None,
                });
                self.value(format!("/local_partners/{i}"), loc, text, None);
            }
            Some(Responsibilities) => {
                if bullet
                    || template_similarity_stripped(residual) < 0.8
                    || self.a.responsibilities.is_empty() && item.len() > 30
                {
                    if norm(&item) == "all parties will" {
                        self.prov("/responsibilities", loc, text, None);
                        return;
                    }
                    let i = self.a.responsibilities.len();
                    self.a.responsibilities.push(item);
                    self.value(format!("/responsibilities/{i}"), loc, text, None);
                } else {
                    self.prov("/responsibilities", loc, text, None);
                }
            }
            Some(Review) => self.review_line(text, residual, loc),
            Some(Purpose) | Some(PurposeAndBenefits) => {
                let (party, desc) = self.party_prefix(&item, loc);
                let i = self.a.purposes.len();
                self.a.purposes.push(dsa_model::Purpose {
                    party,
                    description: desc,
                });
                self.value(format!("/purposes/{i}"), loc, text, None);
            }
            Some(SeriousViolenceDuty) => {
                let svd = self
                    .a
                    .serious_violence_duty
                    .get_or_insert_with(Default::default);
                append(&mut svd.notes, residual);
                self.value("/serious_violence_duty/notes", loc, text, None);
            }
            Some(Benefits) => match self.benefit {
                BenefitCtx::Individuals => {
                    let i = self.a.benefits.individuals.len();
                    self.a.benefits.individuals.push(item);
                    self.value(format!("/benefits/individuals/{i}"), loc, text, None);
                }
                BenefitCtx::Society => {
                    let i = self.a.benefits.society.len();
                    self.a.benefits.society.push(item);
                    self.value(format!("/benefits/society/{i}"), loc, text, None);
                }
                BenefitCtx::Parties => {
                    let (party, benefit) = self.party_prefix(&item, loc);
                    let i = self.a.benefits.parties.len();
                    self.a
                        .benefits
                        .parties
                        .push(PartyBenefit { party, benefit });
                    self.value(format!("/benefits/parties/{i}"), loc, text, None);
                }
            },
            Some(Dpia) => {
                let d = self.a.dpia.get_or_insert_with(Default::default);
                append(&mut d.notes, residual);
                self.value("/dpia/notes", loc, text, None);
            }
            Some(LawfulBasis)
            | Some(LawEnforcement)
            | Some(Legislation)
            | Some(AppendixLegislation)
            | Some(OtherLegislation) => self.prose_basis(text, residual, loc),
            Some(Proportionality) => {
                append(&mut self.a.proportionality, residual);
                self.value("/proportionality", loc, text, None);
            }
            Some(Confidentiality) => {
                let c = self.a.confidentiality.get_or_insert_with(Default::default);
                append(&mut c.notes, residual);
                self.value("/confidentiality/notes", loc, text, None);
            }
            Some(Individuals) | Some(Rights) | Some(AppendixRights) => {
                let n = norm(residual);
                if n == "complaints" {
                    self.sublabel = Some(Complaints);
                    self.seen.entry(Complaints).or_default().0 = true;
                    self.prov("/complaints", loc, text, None);
                    return;
                }
                if n.starts_with("rectification, erasure or restriction") {
                    self.prov("/rectification_erasure", loc, text, None);
                    return;
                }
                append(&mut self.a.rectification_erasure, residual);
                self.value("/rectification_erasure", loc, text, None);
            }
            Some(Complaints) => {
                let t = residual.trim_start_matches("The parties will").trim();
                if t.is_empty() {
                    self.prov("/complaints", loc, text, None);
                } else {
                    append(&mut self.a.complaints, residual);
                    self.value("/complaints", loc, text, None);
                }
            }
            Some(DataSubjects) => {
                if norm(residual).starts_with("types of data subjects") {
                    self.prov("/data_subjects", loc, text, None);
                    return;
                }
                if bullet {
                    if let Some((t, c)) = match_code::<DataSubjectType>(&item) {
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
                        self.value(format!("/data_subjects/types/{i}"), loc, text, Some(c));
                        return;
                    }
                }
                append(&mut self.a.data_subjects.description, residual);
                self.value("/data_subjects/description", loc, text, None);
            }
            Some(Deceased) => {
                let d = self
                    .a
                    .deceased_individuals
                    .get_or_insert(DeceasedIndividuals {
                        may_be_shared: true,
                        notes: None,
                    });
                append(&mut d.notes, residual);
                self.value("/deceased_individuals/notes", loc, text, None);
            }
            Some(Data) | Some(DataCategories) | Some(PersonalData) | Some(SpecialCategory) => {
                self.data_line(s, bullet, &item, text, residual, loc)
            }
            Some(CriminalOffence) => {
                let n = norm(residual);
                let desc = residual
                    .find("The data is")
                    .map(|i| {
                        residual[i + "The data is".len()..]
                            .trim()
                            .trim_end_matches('.')
                            .trim()
                            .to_string()
                    })
                    .unwrap_or_else(|| residual.to_string());
                if n.starts_with(
                    "personal data relating to criminal convictions and offences is shared",
                ) && desc.is_empty()
                {
                    self.prov("/criminal_offence_data", loc, text, None);
                    return;
                }
                let c = self
                    .a
                    .criminal_offence_data
                    .get_or_insert_with(Default::default);
                if !desc.is_empty() {
                    append(&mut c.description, &desc);
                }
                self.value("/criminal_offence_data/description", loc, text, None);
            }
            Some(Security) => {
                let n = norm(residual);
                let security = [
                    "encrypt",
                    "password",
                    "access control",
                    "rbac",
                    "cyber essentials",
                    "iso 27001",
                    "security",
                    "dsp toolkit",
                    "business continuity",
                ]
                .iter()
                .any(|k| n.contains(k));
                if security {
                    append(
                        &mut self.a.storage_and_security.security_standards,
                        residual,
                    );
                    self.value("/storage_and_security/security_standards", loc, text, None);
                } else {
                    append(&mut self.a.storage_and_security.handling, residual);
                    self.value("/storage_and_security/handling", loc, text, None);
                }
            }
            Some(OutsideUk) => {
                let o = self
                    .a
                    .outside_uk_processing
                    .get_or_insert_with(Default::default);
                append(&mut o.description, residual);
                self.value("/outside_uk_processing/description", loc, text, None);
            }
            Some(DataQuality) => {
                append(&mut self.a.data_quality, residual);
                self.value("/data_quality", loc, text, None);
            }
            Some(Breaches) => {
                append(&mut self.a.breaches, residual);
                self.value("/breaches", loc, text, None);
            }
            Some(Retention) => self.retention_line(text, residual, loc),
            Some(EndOfSharing) => {
                let i = self.a.end_of_sharing.len();
                self.a.end_of_sharing.push(EndOfSharingRow {
                    data: "All shared data".into(),
                    organisation: Applicability::AllParties,
                    action: residual.to_string(),
                });
                self.value(format!("/end_of_sharing/{i}"), loc, text, Some(0.7));
            }
            Some(AppendixScenarios) => self.unmapped(loc, text),
            Some(_) => self.unmapped(loc, text),
        }
    }

    /// "MPS: to share ..." → (Some("met-police"), "to share ...").
    fn party_prefix(&mut self, item: &str, loc: &str) -> (Option<String>, String) {
        if let Some((head, rest)) = item.split_once([':', '–', '—']) {
            let head = head.trim();
            if head.split_whitespace().count() <= 6
                && !rest.trim().is_empty()
                && recognise_org(head).is_some()
            {
                let id = self.ensure_party(head, loc);
                return (id, rest.trim().to_string());
            }
        }
        (None, item.to_string())
    }

    /// Lines of a title block or cover page: "Version: 2.1", "Reference: ...", dates.
    fn metadata_line(&mut self, text: &str, residual: &str, loc: &str) {
        let n = norm(residual);
        let value_after = |s: &str| -> String {
            s.split_once([':', '–', '-'])
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        if !self.had_title_block
            && (n.contains("agreement") || n.contains("protocol"))
            && residual.len() < 200
            && !n.contains(':')
        {
            self.a.title = residual.to_string();
            self.had_title_block = true;
            self.seen.entry(Section::Agreement).or_default().0 = true;
            self.value("/title", loc, text, Some(0.8));
            return;
        }
        if n.starts_with("version") {
            let v = value_after(residual);
            if !v.is_empty() {
                self.a.version = Some(v.trim_start_matches(['v', 'V']).to_string());
                self.value("/version", loc, text, None);
                return;
            }
        }
        if n.starts_with("reference") || n.starts_with("ref") || n.starts_with("dsa ref") {
            let v = value_after(residual);
            if !v.is_empty() {
                self.a.reference = Some(v);
                self.value("/reference", loc, text, None);
                return;
            }
        }
        if n.starts_with("isg") || n.contains("gateway id") || n.contains("isg ref") {
            let v = value_after(residual);
            if !v.is_empty() {
                self.a.isg_reference = Some(v);
                self.value("/isg_reference", loc, text, None);
                return;
            }
        }
        if n.starts_with("status") {
            let v = norm(&value_after(residual));
            let st = status_of(&v);
            if let Some(st) = st {
                self.a.status = Some(st);
                self.value("/status", loc, text, None);
                return;
            }
        }
        if self.date_line(&n, text, loc) {
            return;
        }
        self.unmapped(loc, text);
    }

    /// Dates written as "Review date: 1st April 2022" anywhere.
    fn date_line(&mut self, n: &str, text: &str, loc: &str) -> bool {
        let Some(found) = find_date(text) else {
            if (n.contains("termination") || n.contains("end date"))
                && (n.contains("n/a") || n.contains("ongoing"))
            {
                self.a.review.termination = Some(Termination::Ongoing);
                self.value("/review/termination", loc, text, None);
                return true;
            }
            return false;
        };
        let conf = found.day_assumed.then_some(0.7);
        if found.day_assumed {
            self.diag(
                DiagnosticKind::Uncertain,
                loc,
                format!("{text:?}: day not given; the 1st is assumed"),
            );
        }
        // The label nearest before the date says what it is: "Effective from April 2021
        // and reviewed every two years" is a start date.
        let before = norm(&text[..found.at.min(text.len())]);
        let before = if before.trim().is_empty() {
            n.to_string()
        } else {
            before
        };
        let kinds: [(&[&str], u8); 3] = [
            (&["review"], 1),
            (&["terminat", "expir", "end date", "ends on", "until"], 2),
            (
                &[
                    "publish",
                    "effective",
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
            None if n.starts_with("date") => 0,
            None => return false,
        };
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

    fn review_line(&mut self, text: &str, residual: &str, loc: &str) {
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

    fn party_line(&mut self, text: &str, residual: &str, loc: &str) {
        static INTRO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?i)^(?:the\s+)?(?:partners|parties|signatories|agencies|organisations|partner agencies)\b[^:]{0,40}?(?:\bare\b|\binclude\b|\bcomprise\b|:)\s*(?:the\s+following\s*:?)?\s*").expect("regex")
        });
        let item = strip_bullet(residual);
        let item = match INTRO.find(item) {
            Some(m) => &item[m.end()..],
            None => item,
        };
        let item = item.trim_end_matches('.');
        let n = norm(item);
        if n.contains("all london boroughs")
            || n.contains("all 32 london boroughs")
            || n.contains("all 33 london")
        {
            for la in LondonAuthority::all() {
                if *la == LondonAuthority::CityOfLondon
                    && !n.contains("city of london")
                    && !n.contains("33")
                {
                    continue;
                }
                self.ensure_party(la.wording(), loc);
            }
            self.value("/parties", loc, text, None);
            return;
        }
        if self.date_line(&n, text, loc) {
            return;
        }
        // A list item or short line naming organisations.
        let names = split_names(item);
        let known: Vec<String> = names
            .iter()
            .filter(|x| recognise_org(x).is_some())
            .cloned()
            .collect();
        if !known.is_empty() && (known.len() * 2 >= names.len()) && item.len() < 300 {
            for k in known {
                self.ensure_party(&k, loc);
            }
            self.value("/parties", loc, text, None);
            return;
        }
        self.unmapped(loc, text);
    }

    fn prose_basis(&mut self, text: &str, residual: &str, loc: &str) {
        let mut used = false;
        for c in find_citations(residual) {
            self.add_citation(c, text, loc);
            used = true;
        }
        for (act, section) in find_acts(residual) {
            let legislation = match &section {
                Some(s) => format!("{act} s{s}"),
                None => act.clone(),
            };
            if self
                .a
                .legislation
                .iter()
                .any(|l| norm(&l.legislation) == norm(&legislation))
            {
                used = true;
                continue;
            }
            // "Data Protection Act 2018" is the framework itself, not a gateway.
            if norm(&act).starts_with("data protection act")
                || norm(&act).starts_with("human rights act")
                    && self.section() != Some(Section::Legislation)
            {
                continue;
            }
            let i = self.a.legislation.len();
            self.a.legislation.push(LegislationEntry {
                legislation,
                applies_to: Applicability::Unspecified,
                main_purpose: None,
                how_it_applies: None,
                legislation_uri: None,
            });
            self.value(format!("/legislation/{i}"), loc, text, Some(0.9));
            used = true;
        }
        let n = norm(residual);
        if n.contains("appropriate policy document") {
            self.a.lawful_basis.appropriate_policy_document = Some(true);
            self.value("/lawful_basis/appropriate_policy_document", loc, text, None);
            used = true;
        }
        if !used {
            self.unmapped(loc, text);
        }
    }

    fn add_citation(&mut self, c: Citation, text: &str, loc: &str) {
        match dsa_text::apply_citation(&mut self.a, c) {
            Some(f) => self.value(f, loc, text, Some(0.9)),
            None => self.prov("/lawful_basis", loc, text, None),
        }
    }

    fn data_line(
        &mut self,
        s: Option<Section>,
        bullet: bool,
        item: &str,
        text: &str,
        residual: &str,
        loc: &str,
    ) {
        // Lists of data items in prose protocols: "Name, address and date of birth".
        let mut matched = false;
        let candidates: Vec<String> = if bullet || item.len() < 160 {
            split_names(item)
        } else {
            Vec::new()
        };
        let mut hits: Vec<(Option<PersonalDataItem>, Option<SpecialCategoryItem>, f64)> =
            Vec::new();
        for cand in &candidates {
            let c = norm(cand);
            let special = match_code::<SpecialCategoryItem>(cand).or_else(|| special_keyword(&c));
            let personal = match_code::<PersonalDataItem>(cand).or_else(|| personal_keyword(&c));
            match (personal, special) {
                (_, Some((sp, conf)))
                    if s == Some(Section::SpecialCategory) || personal.is_none() =>
                {
                    hits.push((None, Some(sp), conf))
                }
                (Some((pd, conf)), _) => hits.push((Some(pd), None, conf)),
                _ => {}
            }
        }
        if !hits.is_empty() && hits.len() * 2 >= candidates.len() {
            for (pd, sp, conf) in hits {
                if let Some(pd) = pd {
                    if !self.a.personal_data.iter().any(|d| d.item == pd) {
                        let i = self.a.personal_data.len();
                        self.a.personal_data.push(DataItem {
                            item: pd,
                            description: None,
                            datasets: Vec::new(),
                            exclusions: None,
                        });
                        self.value(
                            format!("/personal_data/{i}"),
                            loc,
                            text,
                            (conf < 1.0).then_some(conf),
                        );
                    }
                }
                if let Some(sp) = sp {
                    if !self.a.special_category_data.iter().any(|d| d.item == sp) {
                        let i = self.a.special_category_data.len();
                        self.a.special_category_data.push(DataItem {
                            item: sp,
                            description: None,
                            datasets: Vec::new(),
                            exclusions: None,
                        });
                        self.value(
                            format!("/special_category_data/{i}"),
                            loc,
                            text,
                            (conf < 1.0).then_some(conf),
                        );
                    }
                }
            }
            matched = true;
        }
        let n = norm(residual);
        if n.contains("criminal") && (n.contains("conviction") || n.contains("offence")) {
            self.a
                .criminal_offence_data
                .get_or_insert_with(Default::default);
            self.value("/criminal_offence_data", loc, text, Some(0.8));
            matched = true;
        }
        if !matched {
            if s == Some(Section::DataCategories) {
                append(&mut self.a.data_categories.anonymisation, residual);
                self.value("/data_categories/anonymisation", loc, text, Some(0.6));
            } else {
                self.unmapped(loc, text);
            }
        }
    }

    fn retention_line(&mut self, text: &str, residual: &str, loc: &str) {
        let months = period_months(residual);
        if months.is_some()
            || norm(residual).contains("retain")
            || norm(residual).contains("retention")
        {
            let i = self.a.retention.len();
            self.a.retention.push(RetentionRow {
                data: "Shared data".into(),
                organisation: Applicability::AllParties,
                period: residual.to_string(),
                period_months: months,
                disposal: disposal_of(&norm(residual)),
                disposal_process: None,
            });
            self.value(format!("/retention/{i}"), loc, text, Some(0.7));
        } else {
            self.unmapped(loc, text);
        }
    }

    fn confidentiality_bullet(&mut self, p: &Paragraph, text: &str, loc: &str) {
        let item = strip_bullet(text);
        let n = norm(item);
        let found = ConfidentialityOverride::all().iter().copied().find(|o| {
            let w = norm(o.wording());
            let head: String = w.split(" (").next().unwrap_or(&w).to_string();
            n.starts_with(&head)
        });
        match found {
            Some(o) => {
                let head_len = norm(o.wording())
                    .split(" (")
                    .next()
                    .map(str::len)
                    .unwrap_or(0);
                // Justification: what follows the option's own wording and instructions.
                let residual = strip_placeholders(&p.unstruck_text());
                let rest = residual
                    .split_once(')')
                    .map(|(_, r)| r)
                    .or_else(|| residual.get(head_len..))
                    .unwrap_or("");
                let rest = rest.trim_start_matches(['.', ':', '-', ' ']).trim();
                let wording = norm(o.wording());
                let justification =
                    (!rest.is_empty() && !wording.contains(&norm(rest))).then(|| rest.to_string());
                self.overrides
                    .push((o, justification, loc.to_string(), p.struck()));
                self.prov("/confidentiality/overrides", loc, text, None);
            }
            None => {
                let c = self.a.confidentiality.get_or_insert_with(Default::default);
                append(&mut c.notes, item);
                self.value("/confidentiality/notes", loc, text, None);
            }
        }
    }

    /// Decides which duty-of-confidence overrides were chosen once the list is complete.
    fn finish_overrides(&mut self) {
        if self.overrides.is_empty() {
            return;
        }
        let list = std::mem::take(&mut self.overrides);
        let unstruck: Vec<_> = list.iter().filter(|o| !o.3).collect();
        let all_kept = unstruck.len() == ConfidentialityOverride::all().len();
        if all_kept {
            self.diag(
                DiagnosticKind::Missing,
                &list[0].2,
                "duty of confidence overrides left as in the template: none chosen".into(),
            );
            return;
        }
        for (o, just, loc, _) in unstruck {
            let c = self.a.confidentiality.get_or_insert_with(Default::default);
            c.overrides.push(ChosenOverride {
                basis: *o,
                justification: just.clone(),
            });
            let i = c.overrides.len() - 1;
            let text = o.wording().to_string();
            self.seen.entry(Section::Confidentiality).or_default().1 += 1;
            self.prov(format!("/confidentiality/overrides/{i}"), loc, &text, None);
        }
    }

    // ----- Appendix D scenarios --------------------------------------------------------

    fn scenario_line(&mut self, text: &str, loc: &str) -> bool {
        let t = text.trim();
        let n = norm(t);
        let value = |t: &str| -> String {
            t.split_once(['–', '—', ':', '-'])
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        if n.starts_with("scenario") {
            self.finish_scenario();
            let title = value(t);
            let title = if title.is_empty() {
                t.to_string()
            } else {
                title
            };
            self.scenario = Some((
                MpsScenario {
                    title,
                    data: Vec::new(),
                    means_of_sharing: None,
                    recipients: None,
                    notes: None,
                    flow: None,
                },
                loc.to_string(),
            ));
            self.prov("/mps_scenarios", loc, text, None);
            return true;
        }
        let Some((sc, _)) = self.scenario.as_mut() else {
            return false;
        };
        if n.starts_with("data subject") {
            let v = value(t);
            let (subject, data) = v
                .split_once('/')
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                .unwrap_or((v.clone(), String::new()));
            sc.data.push(SubjectData { subject, data });
        } else if n.starts_with("means of sharing") {
            sc.means_of_sharing = Some(value(t));
        } else if n.starts_with("relevant recipient") || n.starts_with("recipient") {
            sc.recipients = Some(value(t));
        } else if n.starts_with("notes") {
            let v = value(t);
            let v = v.trim_matches(['.', '…', ' ']).to_string();
            if !v.is_empty() {
                sc.notes = Some(v);
            }
        } else {
            return false;
        }
        self.prov("/mps_scenarios", loc, text, None);
        true
    }

    /// Closes the open scenario: records it and the data flow it describes.
    fn finish_scenario(&mut self) {
        let Some((mut sc, loc)) = self.scenario.take() else {
            return;
        };
        let i = self.a.mps_scenarios.len();
        let flow_id = format!("scenario-{}", i + 1);
        let means = sc.means_of_sharing.clone().unwrap_or_default();
        let m = norm(&means);
        let mut transfers = Vec::new();
        let mut add = |mode: TransferMode| {
            if !transfers.iter().any(|t: &Transfer| t.mode == mode) {
                transfers.push(Transfer {
                    mode,
                    controls: None,
                });
            }
        };
        if m.contains("box")
            || m.contains("sharepoint")
            || m.contains("egress")
            || m.contains("secure file")
        {
            add(TransferMode::SecureFileTransfer);
        }
        if m.contains("email") || m.contains("e-mail") {
            add(TransferMode::Email);
        }
        if m.contains("meeting") {
            add(TransferMode::Meeting);
        }
        if m.contains("phone") || m.contains("telephone") || m.contains("verbal") {
            add(TransferMode::Voice);
        }
        if m.contains("post") || m.contains("letter") {
            add(TransferMode::PaperPost);
        }
        let providing: Vec<String> = self
            .a
            .party("met-police")
            .map(|p| vec![p.id.clone()])
            .unwrap_or_default();
        let mut receiving = Vec::new();
        if let Some(r) = &sc.recipients {
            let rn = norm(r);
            if rn.contains("local authority") || rn.contains("council") {
                receiving.extend(
                    self.a
                        .parties
                        .iter()
                        .filter(|p| p.london_authority.is_some())
                        .map(|p| p.id.clone()),
                );
            }
            for name in split_names(r) {
                if let Some(org) = recognise_org(&name) {
                    if self.a.party(&org.id).is_some() && !receiving.contains(&org.id) {
                        receiving.push(org.id);
                    }
                }
            }
        }
        sc.flow = Some(flow_id.clone());
        self.a.data_flows.push(DataFlow {
            id: flow_id,
            name: sc.title.clone(),
            providing,
            receiving,
            recipients_note: sc.recipients.clone(),
            direction: Some(FlowDirection::OneWay),
            frequency: None,
            frequency_detail: None,
            volume: None,
            transfers,
            means_of_sharing: sc.means_of_sharing.clone(),
            platform: m.contains("box").then(|| "Box".to_string()),
            data: sc.data.clone(),
            storage_after_transfer: None,
            security_after_transfer: None,
            access_after_transfer: None,
            notes: sc.notes.clone(),
        });
        let title = sc.title.clone();
        self.a.mps_scenarios.push(sc);
        self.seen.entry(Section::AppendixScenarios).or_default().1 += 1;
        self.prov(format!("/mps_scenarios/{i}"), &loc, &title, None);
    }

    // ----- tables ------------------------------------------------------------------

    fn unmapped_table(&mut self, t: &Table, loc: &str) {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if !text.trim().is_empty() {
                    self.unmapped(&cell_loc(loc, r, c), text.trim());
                }
            }
        }
    }

    fn table(&mut self, t: &Table, loc: &str) {
        self.finish_overrides();
        if t.rows.is_empty() {
            return;
        }
        // Tables written with nothing between them are merged by Word and LibreOffice:
        // split them again at rows that are option-table headers.
        let parts = split_stacked(t);
        if parts.len() > 1 {
            for (k, part) in parts.iter().enumerate() {
                self.table(part, &format!("{loc}/part[{k}]"));
            }
            return;
        }
        let header = norm(
            &t.rows[0]
                .cells
                .iter()
                .map(Cell::text)
                .collect::<Vec<_>>()
                .join(" | "),
        );
        let all_text = || {
            norm(
                &t.rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(Cell::text))
                    .collect::<Vec<_>>()
                    .join(" | "),
            )
        };
        let s = self.section();
        if header.contains("article 6") {
            self.option_table::<Article6Condition>(t, loc, "/lawful_basis/article6", |a| {
                &mut a.lawful_basis.article6
            });
        } else if header.contains("article 9 lawful")
            || (header.contains("article 9") && !header.contains("sch 1"))
        {
            self.option_table::<Article9Condition>(t, loc, "/lawful_basis/article9", |a| {
                &mut a.lawful_basis.article9
            });
        } else if header.contains("sch 1 pt 1") || header.contains("schedule 1 part 1") {
            self.option_table::<Schedule1Part1Condition>(
                t,
                loc,
                "/lawful_basis/schedule1_part1",
                |a| &mut a.lawful_basis.schedule1_part1,
            );
        } else if header.contains("sch 1 pt 2") || header.contains("schedule 1 part 2") {
            self.option_table::<Schedule1Part2Condition>(
                t,
                loc,
                "/lawful_basis/schedule1_part2",
                |a| &mut a.lawful_basis.schedule1_part2,
            );
        } else if header.contains("sch 1 pt 3") || header.contains("schedule 1 part 3") {
            self.option_table::<Schedule1Part3Condition>(
                t,
                loc,
                "/lawful_basis/schedule1_part3",
                |a| &mut a.lawful_basis.schedule1_part3,
            );
        } else if header.contains("sch 8")
            || header.contains("schedule 8")
            || header.contains("law enforcement conditions")
        {
            self.a.law_enforcement.get_or_insert_with(Default::default);
            self.option_table::<Schedule8Condition>(t, loc, "/law_enforcement/schedule8", |a| {
                &mut a
                    .law_enforcement
                    .get_or_insert_with(Default::default)
                    .schedule8
            });
        } else if header.contains("specified authorities") {
            self.svd_table(t, loc);
        } else if header.contains("organisation name") {
            self.parties_table(t, loc);
        } else if header.starts_with("competent authority") {
            self.competent_table(t, loc);
        } else if t.rows.len() <= 6 && {
            let a = all_text();
            a.contains("publish date") || a.contains("review date")
        } {
            self.key_value_table(t, loc);
        } else if header.contains("part 2 processing") && header.contains("part 3 processing") {
            self.categories_table(t, loc);
        } else if header.contains("anonymisation or pseudonymisation") {
            self.anonymisation_table(t, loc);
        } else if header.contains("type of data")
            || s == Some(Section::PersonalData)
            || s == Some(Section::SpecialCategory)
        {
            self.data_items_table(t, loc);
        } else if header.contains("retention period") {
            self.retention_table(t, loc);
        } else if header.contains("end of sharing") {
            self.end_table(t, loc);
        } else if header.contains("organisation name")
            || (header.contains("duties") && s == Some(Section::AppendixParties))
        {
            self.parties_table(t, loc);
        } else if header.contains("legislation/statutory guidance")
            || (header.contains("legislation") && header.contains("purpose"))
        {
            self.legislation_table(t, loc);
        } else if header.contains("individual right") {
            self.rights_table(t, loc);
        } else if s == Some(Section::DataSubjects)
            || match_code::<DataSubjectType>(
                &t.rows[0].cells.first().map(Cell::text).unwrap_or_default(),
            )
            .is_some_and(|(_, c)| c >= 0.95)
        {
            self.subjects_table(t, loc);
        } else if s == Some(Section::OutsideUk) {
            self.outside_table(t, loc);
        } else if matches!(
            s,
            Some(Section::Parties) | Some(Section::Signatures) | Some(Section::AppendixParties)
        ) {
            self.parties_table(t, loc);
        } else if t.rows.iter().all(|r| r.cells.len() == 2) && t.rows.len() <= 12 {
            self.key_value_table(t, loc);
        } else {
            self.unmapped_table(t, loc);
        }
    }

    /// Header cells and other scaffolding confirm the section.
    fn header_prov(&mut self, t: &Table, loc: &str, field: &str) {
        if let Some(row) = t.rows.first() {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if !text.trim().is_empty() {
                    self.prov(field, &cell_loc(loc, 0, c), text.trim(), None);
                }
            }
        }
    }

    fn option_table<C: CodeList>(
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
        }
        let mut rows: Vec<RowInfo<C>> = Vec::new();
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let Some(label_cell) = row.cells.first() else {
                continue;
            };
            let label = label_cell.text();
            let mark_text: String = row
                .cells
                .iter()
                .skip(1)
                .map(Cell::unstruck_text)
                .collect::<Vec<_>>()
                .join(", ");
            let full = row_text(row);
            if label.trim().is_empty() && mark_text.trim().is_empty() {
                continue;
            }
            // Tick boxes are sometimes in the label cell itself: "☒ e) public task".
            let (label_clean, inline_mark) = split_inline_mark(&label_cell.unstruck_text());
            match match_code::<C>(if label_clean.trim().is_empty() {
                &label
            } else {
                &label_clean
            }) {
                Some((code, conf)) => {
                    let mut mark = parse_mark(&mark_text);
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
                DiagnosticKind::Missing,
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
                note: None,
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
    fn unmatched_row(&mut self, loc: &str, r: usize, label: &str, full: &str, list: &str) {
        let at = cell_loc(loc, r, 0);
        self.diag(
            DiagnosticKind::Uncertain,
            &at,
            format!("row {label:?} matches no option of {list}"),
        );
        self.unmapped(&at, full.trim());
    }

    fn svd_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/serious_violence_duty");
        let svd = self
            .a
            .serious_violence_duty
            .get_or_insert_with(Default::default)
            .clone();
        let mut svd = svd;
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.trim().is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                if cell.struck() {
                    self.prov("/serious_violence_duty", &l, text.trim(), None);
                    continue;
                }
                if let Some((x, conf)) =
                    match_code::<SvdSpecifiedAuthority>(&text).filter(|_| c == 0)
                {
                    if !svd.specified_authorities.contains(&x) {
                        svd.specified_authorities.push(x);
                    }
                    let i = svd
                        .specified_authorities
                        .iter()
                        .position(|y| *y == x)
                        .unwrap_or(0);
                    self.value(
                        format!("/serious_violence_duty/specified_authorities/{i}"),
                        &l,
                        text.trim(),
                        (conf < 1.0).then_some(conf),
                    );
                } else if let Some((x, conf)) = match_code::<SvdRelevantAuthority>(&text) {
                    if !svd.relevant_authorities.contains(&x) {
                        svd.relevant_authorities.push(x);
                    }
                    let i = svd
                        .relevant_authorities
                        .iter()
                        .position(|y| *y == x)
                        .unwrap_or(0);
                    self.value(
                        format!("/serious_violence_duty/relevant_authorities/{i}"),
                        &l,
                        text.trim(),
                        (conf < 1.0).then_some(conf),
                    );
                } else {
                    self.unmapped(&l, text.trim());
                }
            }
        }
        self.a.serious_violence_duty = Some(svd);
    }

    fn competent_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/law_enforcement/competent_authorities");
        self.a.law_enforcement.get_or_insert_with(Default::default);
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let name = row
                .cells
                .first()
                .map(Cell::unstruck_text)
                .unwrap_or_default();
            let purposes = row
                .cells
                .get(1)
                .map(Cell::unstruck_text)
                .unwrap_or_default();
            let full = row
                .cells
                .iter()
                .map(Cell::text)
                .collect::<Vec<_>>()
                .join(" | ");
            if strip_placeholders(&name).trim().is_empty() && purposes.trim().is_empty() {
                if !full.replace('|', "").trim().is_empty() {
                    self.prov(
                        "/law_enforcement/competent_authorities",
                        &format!("{loc}/tr[{r}]"),
                        full.trim(),
                        None,
                    );
                }
                continue;
            }
            let row_loc = format!("{loc}/tr[{r}]");
            for n in split_names(&name) {
                if let Some(id) = self.ensure_party(&n, &row_loc) {
                    if let Some(p) = self.a.parties.iter_mut().find(|p| p.id == id) {
                        p.competent_authority = Some(true);
                    }
                    let purposes = strip_placeholders(&purposes);
                    let le = self.a.law_enforcement.get_or_insert_with(Default::default);
                    le.competent_authorities.push(CompetentAuthority {
                        party: id,
                        purposes: (!purposes.is_empty()).then_some(purposes),
                    });
                    let i = le.competent_authorities.len() - 1;
                    self.value(
                        format!("/law_enforcement/competent_authorities/{i}"),
                        &row_loc,
                        full.trim(),
                        None,
                    );
                }
            }
        }
    }

    /// Label/value tables: review dates, document control, cover-page metadata.
    fn key_value_table(&mut self, t: &Table, loc: &str) {
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
                            DiagnosticKind::Uncertain,
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

    fn categories_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/data_categories");
        let mut p2: Vec<(Part2DataCategory, bool, String, String)> = Vec::new();
        let mut p3: Vec<(Part3DataCategory, bool, String, String)> = Vec::new();
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.trim().is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                if c == 0 {
                    match match_code::<Part2DataCategory>(&text) {
                        Some((x, _)) => p2.push((x, cell.struck(), l, text.trim().to_string())),
                        None => self.unmapped(&l, text.trim()),
                    }
                } else {
                    match match_code::<Part3DataCategory>(&text) {
                        Some((x, _)) => p3.push((x, cell.struck(), l, text.trim().to_string())),
                        None => self.unmapped(&l, text.trim()),
                    }
                }
            }
        }
        let keep2 = choose_listed(&p2.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>());
        let keep3 = choose_listed(&p3.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>());
        if keep2.is_none() || keep3.is_none() {
            self.diag(
                DiagnosticKind::Missing,
                loc,
                "data categories left as in the template: none chosen".into(),
            );
        }
        for (i, (x, _, l, text)) in p2.into_iter().enumerate() {
            if keep2.as_ref().is_some_and(|k| k[i]) {
                self.a.data_categories.part2.push(x);
                let j = self.a.data_categories.part2.len() - 1;
                self.value(format!("/data_categories/part2/{j}"), &l, &text, None);
            } else {
                self.prov("/data_categories/part2", &l, &text, None);
            }
        }
        for (i, (x, _, l, text)) in p3.into_iter().enumerate() {
            if keep3.as_ref().is_some_and(|k| k[i]) {
                self.a.data_categories.part3.push(x);
                let j = self.a.data_categories.part3.len() - 1;
                self.value(format!("/data_categories/part3/{j}"), &l, &text, None);
            } else {
                self.prov("/data_categories/part3", &l, &text, None);
            }
        }
    }

    fn anonymisation_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/data_categories/anonymisation");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = strip_placeholders(&cell.text());
                if text.is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                append(&mut self.a.data_categories.anonymisation, &text);
                self.value("/data_categories/anonymisation", &l, &text, None);
                // "... the key is held by the MPS"
                let n = norm(&text);
                if let Some(pos) = n.find("held by") {
                    let after =
                        &text[text.len().saturating_sub(n.len() - pos - 7).min(text.len())..];
                    let name = after
                        .trim()
                        .trim_end_matches('.')
                        .trim_start_matches("the ")
                        .to_string();
                    if let Some(id) =
                        recognise_org(&name).and_then(|_| self.ensure_party(&name, &l))
                    {
                        self.a.data_categories.pseudonymisation_key_holder = Some(id);
                        self.value(
                            "/data_categories/pseudonymisation_key_holder",
                            &l,
                            &text,
                            Some(0.8),
                        );
                    }
                }
            }
        }
    }

    fn data_items_table(&mut self, t: &Table, loc: &str) {
        // Personal (4.2.1) or special category (4.2.2): whichever list the rows match.
        let mut personal = 0;
        let mut special = 0;
        for row in t.rows.iter().skip(1) {
            let label = row.cells.first().map(Cell::text).unwrap_or_default();
            if match_code::<SpecialCategoryItem>(&label).is_some_and(|(_, c)| c >= 0.9) {
                special += 1;
            } else if match_code::<PersonalDataItem>(&label).is_some() {
                personal += 1;
            }
        }
        if special > personal {
            self.items_table::<SpecialCategoryItem>(t, loc, "/special_category_data", |a| {
                &mut a.special_category_data
            });
        } else {
            self.items_table::<PersonalDataItem>(t, loc, "/personal_data", |a| {
                &mut a.personal_data
            });
        }
    }

    fn items_table<C: CodeList>(
        &mut self,
        t: &Table,
        loc: &str,
        field: &str,
        list: impl Fn(&mut Agreement) -> &mut Vec<DataItem<C>>,
    ) {
        let header_is_label = t
            .rows
            .first()
            .and_then(|r| r.cells.first())
            .is_some_and(|c| norm(&c.text()).contains("type of data"));
        if header_is_label {
            self.header_prov(t, loc, field);
        }
        struct Info<C> {
            code: C,
            conf: f64,
            struck: bool,
            desc: String,
            mark: Mark,
            text: String,
            r: usize,
        }
        let mut rows = Vec::new();
        let skip = usize::from(header_is_label);
        for (r, row) in t.rows.iter().enumerate().skip(skip) {
            let Some(label_cell) = row.cells.first() else {
                continue;
            };
            let label = label_cell.text();
            let full = row_text(row);
            if full.trim().is_empty() {
                continue;
            }
            let (label_clean, inline) = split_inline_mark(&label_cell.unstruck_text());
            let desc = strip_placeholders(
                &row.cells
                    .iter()
                    .skip(1)
                    .map(Cell::unstruck_text)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            match match_code::<C>(if label_clean.trim().is_empty() {
                &label
            } else {
                &label_clean
            }) {
                Some((code, conf)) => {
                    let mark = inline.unwrap_or_else(|| {
                        let m = parse_mark(&desc);
                        if matches!(m, Mark::Positive | Mark::Negative) {
                            m
                        } else {
                            Mark::Empty
                        }
                    });
                    let desc = if matches!(mark, Mark::Positive | Mark::Negative)
                        && parse_mark(&desc) == mark
                    {
                        String::new()
                    } else {
                        desc
                    };
                    rows.push(Info {
                        code,
                        conf,
                        struck: label_cell.struck(),
                        desc,
                        mark,
                        text: full,
                        r,
                    })
                }
                None => self.unmatched_row(loc, r, &label, &full, C::NAME),
            }
        }
        let template_rows = C::all().len();
        let any_struck = rows.iter().any(|r| r.struck);
        let any_mark = rows.iter().any(|r| r.mark != Mark::Empty);
        let any_desc = rows.iter().any(|r| !r.desc.is_empty());
        let complete = rows.len() >= template_rows;
        let unfilled = complete && !any_struck && !any_mark && !any_desc;
        if unfilled {
            self.diag(
                DiagnosticKind::Missing,
                loc,
                format!("{} table left as in the template: no item chosen", C::NAME),
            );
        }
        for ri in rows {
            let chosen = if unfilled || ri.struck {
                false
            } else if any_mark {
                ri.mark.chosen()
            } else if complete && any_desc {
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
            let exclusions = ri
                .desc
                .split_inclusive(['.', '\n'])
                .filter(|s| norm(s).contains("exclud"))
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
                .join(" ");
            let l = list(&mut self.a);
            if l.iter().any(|d| d.item == ri.code) {
                self.prov(field, &row_loc, &ri.text, None);
                continue;
            }
            l.push(DataItem {
                item: ri.code,
                description: (!ri.desc.is_empty()).then(|| ri.desc.clone()),
                datasets: Vec::new(),
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

    fn subjects_table(&mut self, t: &Table, loc: &str) {
        let mut cells: Vec<(DataSubjectType, bool, String, String)> = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.trim().is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                match match_code::<DataSubjectType>(&split_inline_mark(&cell.unstruck_text()).0)
                    .or_else(|| match_code::<DataSubjectType>(&text))
                {
                    Some((x, _)) => cells.push((
                        x,
                        cell.struck() || split_inline_mark(&cell.text()).1 == Some(Mark::Negative),
                        l,
                        text.trim().to_string(),
                    )),
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
        let keep = choose_listed(&cells.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>());
        if keep.is_none() {
            self.diag(
                DiagnosticKind::Missing,
                loc,
                "data subject types left as in the template: none chosen".into(),
            );
        }
        for (i, (x, _, l, text)) in cells.into_iter().enumerate() {
            if keep.as_ref().is_some_and(|k| k[i]) && !self.a.data_subjects.types.contains(&x) {
                self.a.data_subjects.types.push(x);
                let j = self.a.data_subjects.types.len() - 1;
                self.value(format!("/data_subjects/types/{j}"), &l, &text, None);
            } else {
                self.prov("/data_subjects/types", &l, &text, None);
            }
        }
    }

    fn retention_table(&mut self, t: &Table, loc: &str) {
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
            self.a.retention.push(RetentionRow {
                data: cells.first().cloned().unwrap_or_default(),
                organisation,
                period_months: period_months(&period),
                period,
                disposal: disposal_of(&norm(&process)),
                disposal_process: (!process.is_empty()).then_some(process),
            });
            let i = self.a.retention.len() - 1;
            self.value(format!("/retention/{i}"), &row_loc, full.trim(), None);
        }
    }

    fn end_table(&mut self, t: &Table, loc: &str) {
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

    fn parties_table(&mut self, t: &Table, loc: &str) {
        let header = t
            .rows
            .first()
            .map(|r| norm(&r.cells.iter().map(Cell::text).collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        let has_header = header.contains("organisation")
            || header.contains("duties")
            || header.contains("party")
            || header.contains("name");
        if has_header {
            self.header_prov(t, loc, "/parties");
        }
        for (r, row) in t.rows.iter().enumerate().skip(usize::from(has_header)) {
            let Some(name_cell) = row.cells.first() else {
                continue;
            };
            let row_loc = format!("{loc}/tr[{r}]");
            let raw_name = name_cell.unstruck_text();
            let full = row_text(row);
            if full.trim().is_empty() {
                continue;
            }
            // "London Borough (state all or name each borough involved)" is the template's generic row.
            let name = raw_name
                .lines()
                .map(|l| {
                    strip_placeholders(l).replace("(state all or name each borough involved)", "")
                })
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            let duties: Vec<String> = row
                .cells
                .get(1)
                .map(|c| {
                    c.paragraphs()
                        .filter(|p| !p.struck())
                        .map(|p| strip_bullet(&strip_placeholders(&p.text())).to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let competent = row.cells.get(2).map(|c| parse_mark(&c.unstruck_text()));
            let mut ids: Vec<String> = Vec::new();
            let n = norm(&name);
            if n == "london borough" || n == "london boroughs" || n.is_empty() {
                // Duties of every borough party.
                ids = self
                    .a
                    .parties
                    .iter()
                    .filter(|p| p.london_authority.is_some())
                    .map(|p| p.id.clone())
                    .collect();
                if ids.is_empty() && !n.is_empty() {
                    self.diag(
                        DiagnosticKind::Missing,
                        &row_loc,
                        "Appendix A names no borough (\"state all or name each borough involved\")"
                            .into(),
                    );
                }
            } else if n.contains("all london boroughs")
                || n.contains("all 32")
                || n.contains("all 33")
            {
                for la in LondonAuthority::all() {
                    if let Some(id) = self.ensure_party(la.wording(), &row_loc) {
                        ids.push(id);
                    }
                }
            } else {
                for part in name.lines().flat_map(split_names) {
                    if let Some(id) = self.ensure_party(&part, &row_loc) {
                        ids.push(id);
                    }
                }
            }
            if name_cell.struck() {
                self.prov("/parties", &row_loc, full.trim(), None);
                continue;
            }
            for id in &ids {
                if let Some(p) = self.a.parties.iter_mut().find(|p| &p.id == id) {
                    for d in &duties {
                        if !p.duties.contains(d) {
                            p.duties.push(d.clone());
                        }
                    }
                    match &competent {
                        Some(Mark::Positive | Mark::All | Mark::Parties(_)) => {
                            p.competent_authority = Some(true)
                        }
                        Some(Mark::Negative) => p.competent_authority = Some(false),
                        _ => {}
                    }
                }
            }
            let idx = ids
                .first()
                .and_then(|id| self.a.parties.iter().position(|p| &p.id == id));
            match idx {
                Some(i) => self.value(format!("/parties/{i}"), &row_loc, full.trim(), None),
                None => self.unmapped(&row_loc, full.trim()),
            }
        }
    }

    fn legislation_table(&mut self, t: &Table, loc: &str) {
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
            self.a.legislation.push(LegislationEntry {
                legislation: cells[0].clone(),
                applies_to,
                main_purpose: opt(2),
                how_it_applies: opt(3),
                legislation_uri: None,
            });
            let i = self.a.legislation.len() - 1;
            self.value(format!("/legislation/{i}"), &row_loc, full.trim(), None);
        }
    }

    fn rights_table(&mut self, t: &Table, loc: &str) {
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

    fn outside_table(&mut self, t: &Table, loc: &str) {
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

    /// Finishes the run: the agreement, diagnostics and the per-section report.
    pub fn finish(mut self) -> (Agreement, Vec<Diagnostic>, Vec<SectionReport>) {
        self.finish_scenario();
        self.finish_overrides();
        let mut reports = Vec::new();
        for s in Section::reported() {
            let (heading, values) = self.seen.get(s).copied().unwrap_or_default();
            let uncertain: Vec<String> = self
                .diags
                .iter()
                .filter(|d| {
                    d.kind == DiagnosticKind::Uncertain && d.section.as_deref() == Some(s.label())
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

fn is_option_header(row: &crate::blocks::Row) -> bool {
    let cells: Vec<String> = row.cells.iter().map(|c| norm(&c.text())).collect();
    let first = cells.first().cloned().unwrap_or_default();
    cells.iter().skip(1).any(|c| c == "applicable party")
        && (first.contains("[delete") || first.contains("conditions") || first.contains("sch "))
}

/// Splits a table at option-table header rows after the first; empty when it is one table.
fn split_stacked(t: &Table) -> Vec<Table> {
    let starts: Vec<usize> = (0..t.rows.len())
        .filter(|&i| i == 0 || is_option_header(&t.rows[i]))
        .collect();
    // Most tables are one table: nothing is copied for them.
    if starts.len() < 2 {
        return Vec::new();
    }
    let ends = starts.iter().skip(1).copied().chain([t.rows.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&from, to)| Table {
            rows: t.rows[from..to].to_vec(),
        })
        .collect()
}

/// A tick or box at the start of a label cell: "☒ e) public task".
fn split_inline_mark(s: &str) -> (String, Option<Mark>) {
    let t = s.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some(c @ ('☒' | '☑' | '✓' | '✔' | '■' | '⊠')) => {
            let _ = c;
            (chars.as_str().trim().to_string(), Some(Mark::Positive))
        }
        Some('☐' | '□') => (chars.as_str().trim().to_string(), Some(Mark::Negative)),
        _ => (s.to_string(), None),
    }
}

/// For lists of options kept in a table: which were chosen. `None` when the list is
/// exactly the template's (nothing deleted or struck: unfilled).
fn choose_listed<C: CodeList>(items: &[(C, bool)]) -> Option<Vec<bool>> {
    if items.is_empty() {
        return Some(Vec::new());
    }
    let any_struck = items.iter().any(|x| x.1);
    let distinct: std::collections::BTreeSet<&str> = items.iter().map(|x| x.0.code()).collect();
    let template = C::all().iter().filter(|c| c.in_template()).count();
    if !any_struck && distinct.len() >= template {
        return None;
    }
    Some(items.iter().map(|x| !x.1).collect())
}

fn status_of(v: &str) -> Option<AgreementStatus> {
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
    for w in words.windows(2) {
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

fn disposal_of(n: &str) -> Option<DisposalMethod> {
    let auto = n.contains("automat");
    let manual = n.contains("manual");
    match (auto, manual) {
        (true, true) => Some(DisposalMethod::Mixed),
        (true, false) => Some(DisposalMethod::Automated),
        (false, true) => Some(DisposalMethod::Manual),
        _ => None,
    }
}

fn personal_keyword(c: &str) -> Option<(PersonalDataItem, f64)> {
    use PersonalDataItem::*;
    let table: &[(&str, PersonalDataItem)] = &[
        ("full name", Name),
        ("names", Name),
        ("name", Name),
        ("addresses", Address),
        ("address", Address),
        ("date of birth", DateOfBirth),
        ("dates of birth", DateOfBirth),
        ("dob", DateOfBirth),
        ("telephone", Contact),
        ("phone", Contact),
        ("email", Contact),
        ("contact details", Contact),
        ("postcode", Postcode),
        ("age", Age),
        ("gender", Gender),
        ("sex", Gender),
        ("nhs number", NhsNumber),
        ("school", Education),
        ("education", Education),
        ("housing", Housing),
        ("tenancy", Housing),
        ("family", Family),
        ("next of kin", Family),
        ("financial", Financial),
        ("benefits", Financial),
        ("employment", Employment),
        ("social media", SocialMedia),
        ("photographs", Images),
        ("cctv", Images),
        ("images", Images),
        ("referral", Referral),
        ("assessment", Referral),
        ("physical description", PhysicalDescription),
        ("passport", IdentityDocuments),
        ("reference number", UniqueReference),
        ("case number", UniqueReference),
        ("social care", SocialCare),
        ("gp", GpContact),
        ("location", Location),
    ];
    let c = c.trim().trim_end_matches('.');
    table
        .iter()
        .find(|(k, _)| c == *k || c.starts_with(&format!("{k} ")) || c.ends_with(&format!(" {k}")))
        .map(|(_, v)| (*v, 0.85))
}

fn special_keyword(c: &str) -> Option<(SpecialCategoryItem, f64)> {
    use SpecialCategoryItem::*;
    let table: &[(&str, SpecialCategoryItem)] = &[
        ("health", Health),
        ("mental health", Health),
        ("medical", Health),
        ("disability", Health),
        ("ethnicity", RacialEthnic),
        ("ethnic origin", RacialEthnic),
        ("race", RacialEthnic),
        ("religion", Religious),
        ("religious", Religious),
        ("sexual orientation", SexLife),
        ("sexuality", SexLife),
        ("biometric", Biometric),
        ("genetic", Genetic),
        ("dna", Genetic),
        ("political", Political),
        ("trade union", TradeUnion),
    ];
    let c = c.trim().trim_end_matches('.');
    table
        .iter()
        .find(|(k, _)| c.contains(k))
        .map(|(_, v)| (*v, 0.8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The remembered norm gives what `dsa_text::norm` gives, first time and when
    /// remembered, short text and long, over the template's lines.
    #[test]
    fn remembered_norm_equals_the_computed_one() {
        let text = include_str!("../../../samples/template/pan-london-dsa-template.txt");
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
    }
}
