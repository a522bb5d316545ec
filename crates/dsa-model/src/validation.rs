//! Data-protection rules an agreement must satisfy. Each rule has a stable code, a
//! one-line explanation, and reports findings with the JSON Pointer of the field.

use serde::Serialize;

use crate::agreement::{Agreement, FORMAT_VERSION};
use crate::codes::CodeList;
use crate::data::{Part2DataCategory, Part3DataCategory};
use crate::lawful_basis::{Article6Condition, Article9Condition, Chosen};
use crate::parties::{Applicability, PartyKind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing (an agreement that has ended); nothing to change in it.
    Note,
    /// Worth a look; the agreement can still be uploaded.
    Warning,
    /// The agreement is not lawful or not consistent as written.
    Error,
}

/// A validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable code, e.g. "DSA002".
    pub code: &'static str,
    /// Short name.
    pub name: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// One-line explanation.
    pub explanation: &'static str,
}

macro_rules! rules {
    ($($id:ident = $code:literal, $name:literal, $sev:ident, $expl:literal;)+) => {
        $(
            #[doc = $expl]
            pub const $id: Rule = Rule { code: $code, name: $name, severity: Severity::$sev, explanation: $expl };
        )+
        /// Every rule, in code order.
        pub const RULES: &[Rule] = &[$($id),+];
    };
}

rules! {
    ARTICLE6_MISSING = "DSA001", "article6-missing", Error,
        "Personal data is shared, so at least one UK GDPR Article 6 condition must be chosen.";
    ARTICLE9_MISSING = "DSA002", "article9-missing", Error,
        "Special category data is shared, so at least one UK GDPR Article 9 condition must be chosen.";
    SCHEDULE1_MISSING = "DSA003", "schedule1-missing", Error,
        "Article 9(2)(b), (h), (i) or (j) needs a DPA 2018 Sch 1 Part 1 condition, and 9(2)(g) a Part 2 condition (DPA 2018 s10).";
    CRIMINAL_BASIS_MISSING = "DSA004", "criminal-offence-basis-missing", Error,
        "Criminal offence data is shared, so a DPA 2018 Sch 1 Part 3 condition (UK GDPR Art 10) or Part 3 law enforcement processing is needed.";
    COMPETENT_AUTHORITY_MISSING = "DSA005", "competent-authority-missing", Error,
        "A Part 3 law enforcement section needs at least one party that is a competent authority (DPA 2018 s30, Schedule 7): listed in the section, marked in Appendix A, or a police force, probation service, prison or youth offending team.";
    UNKNOWN_PARTY = "DSA006", "unknown-party", Error,
        "Every party named against a condition, retention row, flow or scenario must be a party to the agreement.";
    REVIEW_BEFORE_PUBLISH = "DSA007", "review-before-publish", Error,
        "The review date must fall after the publish date.";
    TERMINATION_BEFORE_PUBLISH = "DSA008", "termination-before-publish", Error,
        "The termination date must fall after the publish date.";
    SVD_HEALTH_IDENTIFIABLE = "DSA009", "svd-health-identifiable", Error,
        "With a Serious Violence Duty section, health and social care parties may share only anonymised data (PCSC Act 2022 ss16-17).";
    PLACEHOLDER_LEFT = "DSA010", "placeholder-left", Warning,
        "A template placeholder such as \"[Describe ...]\" was left in; it is not content.";
    DUPLICATE_PARTY = "DSA011", "duplicate-party", Error,
        "Party ids must be unique.";
    SCHEDULE8_MISSING = "DSA012", "schedule8-missing", Error,
        "Sensitive data under Part 3 needs a DPA 2018 Schedule 8 condition (s35(5)).";
    TITLE_EMPTY = "DSA013", "title-empty", Error,
        "The agreement needs a title.";
    FORMAT_VERSION_UNSUPPORTED = "DSA014", "format-version-unsupported", Error,
        "The format version's major number must be one this toolkit reads.";
    UNKNOWN_FLOW = "DSA015", "unknown-flow", Error,
        "A scenario's flow must be the id of one of the agreement's data flows.";
    LEGITIMATE_INTERESTS_PUBLIC_AUTHORITY = "DSA016", "legitimate-interests-public-authority", Warning,
        "Article 6(1)(f) does not apply to processing by public authorities in the performance of their tasks (UK GDPR Art 6(1), final subparagraph).";
    DUPLICATE_FLOW = "DSA017", "duplicate-flow", Error,
        "Data flow ids must be unique.";
    UNKNOWN_SOURCE = "DSA018", "unknown-source", Error,
        "A provenance record that names a file must name one of the agreement's sources (records without one point into the first).";
    REVIEW_OVERDUE = "DSA019", "review-overdue", Warning,
        "The review date has passed: the agreement is due for review (checked against the date of the run, `--as-of`).";
    TERMINATION_PASSED = "DSA020", "termination-passed", Note,
        "The termination date has passed: the agreement has ended (checked against the date of the run, `--as-of`).";
    COMPETENT_AUTHORITIES_UNLISTED = "DSA021", "competent-authorities-unlisted", Warning,
        "The Part 3 section lists no competent authority, though parties are competent authorities under DPA 2018 Schedule 7: list them in §2.4.2.";
    PART3_UNFILLED = "DSA022", "part3-section-unfilled", Warning,
        "The Part 3 section is kept but nothing is chosen in it (no competent authority, Schedule 8 condition or Part 3 data category): it says nothing about law enforcement processing. Delete it if Part 3 does not apply, or fill it in.";
}

/// One problem found in an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule code, e.g. "DSA002".
    pub code: &'static str,
    /// Rule name.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// JSON Pointer of the field concerned.
    pub path: String,
    /// What is wrong, specifically.
    pub message: String,
}

/// A finding read back (from a validation.json or a migration report) names one of
/// [`RULES`]; its code, rule name and severity are that rule's.
impl<'de> serde::Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Written {
            code: String,
            #[allow(dead_code)]
            rule: String,
            #[allow(dead_code)]
            severity: Severity,
            path: String,
            message: String,
        }
        let w = Written::deserialize(d)?;
        let rule = RULES
            .iter()
            .find(|r| r.code == w.code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule code {:?}", w.code)))?;
        Ok(Finding::new(*rule, w.path, w.message))
    }
}

impl Finding {
    fn new(rule: Rule, path: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            code: rule.code,
            rule: rule.name,
            severity: rule.severity,
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Checks every rule that depends on the agreement alone (not on today's date) and
/// returns the findings, in a stable order. [`validate_as_of`] adds the dated rules.
pub fn validate(a: &Agreement) -> Vec<Finding> {
    let mut out = Vec::new();
    check_header(a, &mut out);
    check_parties(a, &mut out);
    check_lawful_basis(a, &mut out);
    check_law_enforcement(a, &mut out);
    check_dates(a, &mut out);
    check_svd(a, &mut out);
    check_flows(a, &mut out);
    check_sources(a, &mut out);
    check_placeholders(a, &mut out);
    out
}

/// [`validate`], plus the rules that depend on the date: a review date before `as_of` is
/// overdue (DSA019), a termination date before it has passed (DSA020).
pub fn validate_as_of(a: &Agreement, as_of: chrono::NaiveDate) -> Vec<Finding> {
    let mut out = validate(a);
    if let Some(review) = a.review.review_date.filter(|d| *d < as_of) {
        let days = (as_of - review).num_days();
        out.push(Finding::new(
            REVIEW_OVERDUE,
            "/review/review_date",
            format!("review was due on {review}, {days} day(s) before {as_of}"),
        ));
    }
    if let Some(crate::agreement::Termination::OnDate(t)) = a.review.termination {
        if t < as_of {
            out.push(Finding::new(
                TERMINATION_PASSED,
                "/review/termination/date",
                format!("the agreement ended on {t}"),
            ));
        }
    }
    out
}

fn check_header(a: &Agreement, out: &mut Vec<Finding>) {
    if a.title.trim().is_empty() {
        out.push(Finding::new(TITLE_EMPTY, "/title", "title is empty"));
    }
    let major = FORMAT_VERSION.split('.').next().unwrap_or("1");
    if a.format_version.split('.').next() != Some(major) {
        out.push(Finding::new(
            FORMAT_VERSION_UNSUPPORTED,
            "/format_version",
            format!("format version {:?} is not {major}.x", a.format_version),
        ));
    }
}

/// Every place an agreement names a party by id, as (JSON Pointer, id).
fn party_references(a: &Agreement) -> Vec<(String, &str)> {
    let mut refs: Vec<(String, &str)> = Vec::new();
    fn applic<'a>(refs: &mut Vec<(String, &'a str)>, base: String, ap: &'a Applicability) {
        for (i, id) in ap.named().iter().enumerate() {
            refs.push((format!("{base}/parties/{i}"), id.as_str()));
        }
    }
    fn chosen<'a, C>(refs: &mut Vec<(String, &'a str)>, base: &str, list: &'a [Chosen<C>]) {
        for (i, c) in list.iter().enumerate() {
            applic(refs, format!("{base}/{i}/applies_to"), &c.applies_to);
        }
    }
    let lb = &a.lawful_basis;
    chosen(&mut refs, "/lawful_basis/article6", &lb.article6);
    chosen(&mut refs, "/lawful_basis/article9", &lb.article9);
    chosen(
        &mut refs,
        "/lawful_basis/schedule1_part1",
        &lb.schedule1_part1,
    );
    chosen(
        &mut refs,
        "/lawful_basis/schedule1_part2",
        &lb.schedule1_part2,
    );
    chosen(
        &mut refs,
        "/lawful_basis/schedule1_part3",
        &lb.schedule1_part3,
    );
    if let Some(le) = &a.law_enforcement {
        chosen(&mut refs, "/law_enforcement/schedule8", &le.schedule8);
        for (i, ca) in le.competent_authorities.iter().enumerate() {
            refs.push((
                format!("/law_enforcement/competent_authorities/{i}/party"),
                &ca.party,
            ));
        }
    }
    for (i, l) in a.legislation.iter().enumerate() {
        applic(
            &mut refs,
            format!("/legislation/{i}/applies_to"),
            &l.applies_to,
        );
    }
    for (i, r) in a.data_subject_rights.iter().enumerate() {
        applic(
            &mut refs,
            format!("/data_subject_rights/{i}/applies_to"),
            &r.applies_to,
        );
    }
    for (i, r) in a.retention.iter().enumerate() {
        applic(
            &mut refs,
            format!("/retention/{i}/organisation"),
            &r.organisation,
        );
    }
    for (i, r) in a.end_of_sharing.iter().enumerate() {
        applic(
            &mut refs,
            format!("/end_of_sharing/{i}/organisation"),
            &r.organisation,
        );
    }
    if let Some(o) = &a.outside_uk_processing {
        for (i, r) in o.rows.iter().enumerate() {
            applic(
                &mut refs,
                format!("/outside_uk_processing/rows/{i}/applies_to"),
                &r.applies_to,
            );
        }
    }
    for (i, p) in a.purposes.iter().enumerate() {
        if let Some(id) = &p.party {
            refs.push((format!("/purposes/{i}/party"), id));
        }
    }
    for (i, b) in a.benefits.parties.iter().enumerate() {
        if let Some(id) = &b.party {
            refs.push((format!("/benefits/parties/{i}/party"), id));
        }
    }
    for (i, lp) in a.local_partners.iter().enumerate() {
        if let Some(id) = &lp.party {
            refs.push((format!("/local_partners/{i}/party"), id));
        }
    }
    if let Some(k) = &a.data_categories.pseudonymisation_key_holder {
        refs.push(("/data_categories/pseudonymisation_key_holder".into(), k));
    }
    for (i, f) in a.data_flows.iter().enumerate() {
        for (j, id) in f.providing.iter().enumerate() {
            refs.push((format!("/data_flows/{i}/providing/{j}"), id));
        }
        for (j, id) in f.receiving.iter().enumerate() {
            refs.push((format!("/data_flows/{i}/receiving/{j}"), id));
        }
    }
    refs
}

fn check_parties(a: &Agreement, out: &mut Vec<Finding>) {
    let mut seen = std::collections::BTreeSet::new();
    for (i, p) in a.parties.iter().enumerate() {
        if !seen.insert(p.id.as_str()) {
            out.push(Finding::new(
                DUPLICATE_PARTY,
                format!("/parties/{i}/id"),
                format!("party id {:?} is used twice", p.id),
            ));
        }
    }
    for (path, id) in party_references(a) {
        if a.party(id).is_none() {
            out.push(Finding::new(
                UNKNOWN_PARTY,
                path,
                format!("{id:?} is not a party to this agreement"),
            ));
        }
    }
}

fn shares_personal_data(a: &Agreement) -> bool {
    let identifiable = a.data_categories.part2.iter().any(|c| {
        matches!(
            c,
            Part2DataCategory::Personal
                | Part2DataCategory::SpecialCategory
                | Part2DataCategory::CriminalOffence
                | Part2DataCategory::Pseudonymised
        )
    });
    identifiable
        || !a.personal_data.is_empty()
        || !a.special_category_data.is_empty()
        || a.criminal_offence_data.is_some()
}

fn shares_special_category(a: &Agreement) -> bool {
    !a.special_category_data.is_empty()
        || a.data_categories
            .part2
            .contains(&Part2DataCategory::SpecialCategory)
}

fn shares_criminal_offence_data(a: &Agreement) -> bool {
    a.criminal_offence_data.is_some()
        || a.data_categories
            .part2
            .contains(&Part2DataCategory::CriminalOffence)
}

fn check_lawful_basis(a: &Agreement, out: &mut Vec<Finding>) {
    let lb = &a.lawful_basis;
    if shares_personal_data(a) && lb.article6.is_empty() {
        out.push(Finding::new(
            ARTICLE6_MISSING,
            "/lawful_basis/article6",
            "personal data is shared but no Article 6 condition is chosen",
        ));
    }
    if shares_special_category(a) && lb.article9.is_empty() {
        out.push(Finding::new(
            ARTICLE9_MISSING,
            "/lawful_basis/article9",
            "special category data is shared but no Article 9 condition is chosen",
        ));
    }
    for (i, c) in lb.article9.iter().enumerate() {
        let cond = c.condition;
        if !cond.needs_schedule1() {
            continue;
        }
        let (ok, part) = if cond == Article9Condition::SubstantialPublicInterest {
            (!lb.schedule1_part2.is_empty(), "Part 2")
        } else {
            (!lb.schedule1_part1.is_empty(), "Part 1")
        };
        if !ok {
            out.push(Finding::new(
                SCHEDULE1_MISSING,
                format!("/lawful_basis/article9/{i}"),
                format!(
                    "{} needs a DPA 2018 Sch 1 {part} condition, and none is chosen",
                    cond.citation().unwrap_or(cond.code())
                ),
            ));
        }
    }
    if shares_criminal_offence_data(a)
        && lb.schedule1_part3.is_empty()
        && a.law_enforcement.is_none()
    {
        out.push(Finding::new(
            CRIMINAL_BASIS_MISSING,
            "/lawful_basis/schedule1_part3",
            "criminal offence data is shared but there is no Sch 1 Part 3 condition and no Part 3 processing section",
        ));
    }
    for (i, c) in lb.article6.iter().enumerate() {
        if c.condition != Article6Condition::LegitimateInterests {
            continue;
        }
        let public: Vec<&str> = match &c.applies_to {
            Applicability::Named(ids) => ids
                .iter()
                .filter_map(|id| a.party(id))
                .filter(|p| is_public_authority(p.kind))
                .map(|p| p.name.as_str())
                .collect(),
            Applicability::AllParties => a
                .parties
                .iter()
                .filter(|p| is_public_authority(p.kind))
                .map(|p| p.name.as_str())
                .collect(),
            Applicability::Unspecified => Vec::new(),
        };
        if !public.is_empty() {
            out.push(Finding::new(
                LEGITIMATE_INTERESTS_PUBLIC_AUTHORITY,
                format!("/lawful_basis/article6/{i}"),
                format!(
                    "public authorities rely on legitimate interests: {}",
                    public.join(", ")
                ),
            ));
        }
    }
}

fn is_public_authority(kind: PartyKind) -> bool {
    !matches!(
        kind,
        PartyKind::Voluntary | PartyKind::HousingProvider | PartyKind::Other
    )
}

fn is_health_or_social_care(kind: PartyKind) -> bool {
    matches!(
        kind,
        PartyKind::NhsTrust | PartyKind::IntegratedCareBoard | PartyKind::Ambulance
    )
}

/// Parties that are competent authorities whatever the section lists: marked so in
/// Appendix A, or of a kind DPA 2018 Schedule 7 names (the Commissioner of Police of the
/// Metropolis and other chief officers of police, providers of probation services,
/// governors of prisons and young offender institutions, youth offending teams).
fn competent_by_law(a: &Agreement) -> Vec<&str> {
    a.parties
        .iter()
        .filter(|p| {
            p.competent_authority == Some(true)
                || (p.competent_authority.is_none()
                    && matches!(
                        p.kind,
                        PartyKind::Police
                            | PartyKind::Probation
                            | PartyKind::Prison
                            | PartyKind::YouthJustice
                    ))
        })
        .map(|p| p.name.as_str())
        .collect()
}

fn check_law_enforcement(a: &Agreement, out: &mut Vec<Finding>) {
    if let Some(le) = &a.law_enforcement {
        let any_listed = le
            .competent_authorities
            .iter()
            .any(|ca| a.party(&ca.party).is_some());
        // A section kept as the template has it, nothing chosen: what it lacks is not
        // a competent authority but any content (the template says to delete it).
        let unfilled = le.competent_authorities.is_empty()
            && le.schedule8.is_empty()
            && a.data_categories.part3.is_empty();
        if unfilled {
            out.push(Finding::new(
                PART3_UNFILLED,
                "/law_enforcement",
                "the Part 3 section is kept but nothing is chosen in it: delete it if Part 3 does not apply, or name the competent authorities and Schedule 8 conditions",
            ));
        } else if !any_listed {
            // What the agreement says decides: parties that are competent authorities by
            // law make Part 3 processing possible; the section should still name them.
            let by_law = competent_by_law(a);
            if by_law.is_empty() {
                out.push(Finding::new(
                    COMPETENT_AUTHORITY_MISSING,
                    "/law_enforcement/competent_authorities",
                    "the Part 3 section names no competent authority, and no party is one",
                ));
            } else {
                out.push(Finding::new(
                    COMPETENT_AUTHORITIES_UNLISTED,
                    "/law_enforcement/competent_authorities",
                    format!(
                        "the Part 3 section lists no competent authority; {} {} one under DPA 2018 Schedule 7",
                        by_law.join(", "),
                        if by_law.len() == 1 { "is" } else { "are" }
                    ),
                ));
            }
        }
    }
    if a.data_categories
        .part3
        .contains(&Part3DataCategory::Sensitive)
        && a.law_enforcement
            .as_ref()
            .is_none_or(|le| le.schedule8.is_empty())
    {
        out.push(Finding::new(
            SCHEDULE8_MISSING,
            "/law_enforcement/schedule8",
            "sensitive data is processed under Part 3 but no Schedule 8 condition is chosen",
        ));
    }
}

fn check_dates(a: &Agreement, out: &mut Vec<Finding>) {
    let r = &a.review;
    let Some(publish) = r.publish_date else {
        return;
    };
    if let Some(review) = r.review_date {
        if review <= publish {
            out.push(Finding::new(
                REVIEW_BEFORE_PUBLISH,
                "/review/review_date",
                format!("review date {review} is not after publish date {publish}"),
            ));
        }
    }
    if let Some(crate::agreement::Termination::OnDate(t)) = r.termination {
        if t <= publish {
            out.push(Finding::new(
                TERMINATION_BEFORE_PUBLISH,
                "/review/termination/date",
                format!("termination date {t} is not after publish date {publish}"),
            ));
        }
    }
}

fn check_svd(a: &Agreement, out: &mut Vec<Finding>) {
    if a.serious_violence_duty.is_none() {
        return;
    }
    let identifiable = a
        .data_categories
        .part2
        .iter()
        .any(|c| !matches!(c, Part2DataCategory::Anonymised))
        || !a.personal_data.is_empty()
        || !a.special_category_data.is_empty();
    if !identifiable {
        return;
    }
    for (i, p) in a.parties.iter().enumerate() {
        if !is_health_or_social_care(p.kind) {
            continue;
        }
        // With flows recorded, only a party that provides data is at issue.
        let provides =
            a.data_flows.is_empty() || a.data_flows.iter().any(|f| f.providing.contains(&p.id));
        if provides {
            out.push(Finding::new(
                SVD_HEALTH_IDENTIFIABLE,
                format!("/parties/{i}"),
                format!(
                    "{} is a health or social care party and the agreement shares identifiable data under a Serious Violence Duty section",
                    p.name
                ),
            ));
        }
    }
}

fn check_flows(a: &Agreement, out: &mut Vec<Finding>) {
    let mut seen = std::collections::BTreeSet::new();
    for (i, f) in a.data_flows.iter().enumerate() {
        if !seen.insert(f.id.as_str()) {
            out.push(Finding::new(
                DUPLICATE_FLOW,
                format!("/data_flows/{i}/id"),
                format!("flow id {:?} is used twice", f.id),
            ));
        }
    }
    for (i, s) in a.mps_scenarios.iter().enumerate() {
        if let Some(flow) = &s.flow {
            if !a.data_flows.iter().any(|f| &f.id == flow) {
                out.push(Finding::new(
                    UNKNOWN_FLOW,
                    format!("/mps_scenarios/{i}/flow"),
                    format!("{flow:?} is not a data flow of this agreement"),
                ));
            }
        }
    }
}

/// Provenance names its file only when it is not the first source, so a name must be
/// listed. Format 1.0 documents list no sources (every record named its file): nothing
/// to check against.
fn check_sources(a: &Agreement, out: &mut Vec<Finding>) {
    if a.sources.is_empty() {
        return;
    }
    for (i, p) in a.provenance.iter().enumerate() {
        if let Some(file) = &p.source.file {
            if a.listed_source(Some(file)).is_none() {
                out.push(Finding::new(
                    UNKNOWN_SOURCE,
                    format!("/provenance/{i}/source/file"),
                    format!("{file:?} is not one of the agreement's sources"),
                ));
            }
        }
    }
}

/// Opening words of the template's bracketed instructions.
const PLACEHOLDER_OPENINGS: &[&str] = &[
    "describe",
    "delete",
    "state the",
    "suggestions",
    "add text",
    "add rows",
    "isg is expected",
    "this section",
    "name the",
];

/// Finds a bracketed template instruction such as "[Describe the purpose(s) for each party]".
pub fn find_placeholder(s: &str) -> Option<&str> {
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let close = after.find(']')?;
        let inner = after[..close].trim_start().to_lowercase();
        if PLACEHOLDER_OPENINGS.iter().any(|p| inner.starts_with(p)) {
            return Some(&rest[open..open + close + 2]);
        }
        rest = &after[close..];
    }
    None
}

fn check_placeholders(a: &Agreement, out: &mut Vec<Finding>) {
    // Provenance, unmapped content and corrections quote the source verbatim on purpose.
    let quoting = ["sources", "provenance", "unmapped", "corrections"];
    crate::texts::for_each_text(a, &quoting, &mut |path, s| {
        if let Some(p) = find_placeholder(s) {
            out.push(Finding::new(
                PLACEHOLDER_LEFT,
                path.to_string(),
                format!("template placeholder left in: {p}"),
            ));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found() {
        assert_eq!(
            find_placeholder("x [Describe the purpose(s) for each party] y"),
            Some("[Describe the purpose(s) for each party]")
        );
        assert_eq!(
            find_placeholder("[delete unnecessary option]"),
            Some("[delete unnecessary option]")
        );
        assert_eq!(find_placeholder("see [1] and [Appendix A]"), None);
        assert_eq!(find_placeholder("no brackets"), None);
        assert_eq!(find_placeholder("[unclosed Describe"), None);
    }

    #[test]
    fn rule_codes_are_unique_and_sequential() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.code, format!("DSA{:03}", i + 1));
        }
    }
}
