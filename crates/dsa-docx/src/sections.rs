//! Template sections, recognised from headings by meaning (synonyms used by the
//! template and by older borough protocols), and the template's standard wording.

use std::collections::HashMap;
use std::sync::LazyLock;

use dsa_text::{norm, strip_numbering, strip_placeholders};

/// A section of the Pan-London template (or its equivalent in an older protocol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// §1 The Data Sharing Agreement (also the title block).
    Agreement,
    /// §1.1
    Ownership,
    /// §1.2
    Parties,
    /// §1.2.1
    LocalPartners,
    /// §1.3
    Responsibilities,
    /// §1.4
    Review,
    /// §2 Purpose and Benefits (parent)
    PurposeAndBenefits,
    /// §2.1
    Purpose,
    /// §2.1.1
    SeriousViolenceDuty,
    /// §2.2
    Benefits,
    /// §2.3
    Dpia,
    /// §2.4, §2.4.1
    LawfulBasis,
    /// §2.4.2
    LawEnforcement,
    /// §2.4.3, Appendix B
    Legislation,
    /// §2.5
    Proportionality,
    /// §2.6
    OtherLegislation,
    /// §2.6.1
    Confidentiality,
    /// §3 Individuals (parent)
    Individuals,
    /// §3.1
    Rights,
    /// §3.1 Complaints
    Complaints,
    /// §3.2
    DataSubjects,
    /// §3.3
    Deceased,
    /// §4 Data (parent)
    Data,
    /// §4.1
    DataCategories,
    /// §4.2, §4.2.1
    PersonalData,
    /// §4.2.2
    SpecialCategory,
    /// §4.2.3
    CriminalOffence,
    /// §4.3
    Security,
    /// §4.4
    OutsideUk,
    /// §4.5
    DataQuality,
    /// §4.6
    Breaches,
    /// §4.7, §4.7.1
    Retention,
    /// §4.7.2
    EndOfSharing,
    /// §5 Appendices (parent)
    Appendices,
    /// Appendix A
    AppendixParties,
    /// Appendix B
    AppendixLegislation,
    /// Appendix C
    AppendixRights,
    /// Appendix D
    AppendixScenarios,
    /// Signatures block of older protocols and of the signable rendering.
    Signatures,
    /// The gateway's data flows, one table per flow (the signable rendering's Appendix E).
    DataFlows,
    /// Content a source document had that no section holds, carried over by the signable
    /// rendering: read back as it is, unmapped.
    CarriedOver,
}

impl Section {
    /// Template section number, for reports.
    pub fn label(self) -> &'static str {
        use Section::*;
        match self {
            Agreement => "1",
            Ownership => "1.1",
            Parties => "1.2",
            LocalPartners => "1.2.1",
            Responsibilities => "1.3",
            Review => "1.4",
            PurposeAndBenefits => "2",
            Purpose => "2.1",
            SeriousViolenceDuty => "2.1.1",
            Benefits => "2.2",
            Dpia => "2.3",
            LawfulBasis => "2.4.1",
            LawEnforcement => "2.4.2",
            Legislation => "2.4.3",
            Proportionality => "2.5",
            OtherLegislation => "2.6",
            Confidentiality => "2.6.1",
            Individuals => "3",
            Rights => "3.1",
            Complaints => "3.1 (complaints)",
            DataSubjects => "3.2",
            Deceased => "3.3",
            Data => "4",
            DataCategories => "4.1",
            PersonalData => "4.2.1",
            SpecialCategory => "4.2.2",
            CriminalOffence => "4.2.3",
            Security => "4.3",
            OutsideUk => "4.4",
            DataQuality => "4.5",
            Breaches => "4.6",
            Retention => "4.7.1",
            EndOfSharing => "4.7.2",
            Appendices => "5",
            AppendixParties => "5.1 (Appendix A)",
            AppendixLegislation => "5.2 (Appendix B)",
            AppendixRights => "5.3 (Appendix C)",
            AppendixScenarios => "5.4 (Appendix D)",
            Signatures => "signatures",
            DataFlows => "data flows",
            CarriedOver => "carried over",
        }
    }

    /// JSON Pointer of the agreement field the section fills.
    pub fn pointer(self) -> &'static str {
        use Section::*;
        match self {
            Agreement => "/title",
            Ownership => "/ownership",
            Parties => "/sharing_type",
            LocalPartners => "/local_partners",
            Responsibilities => "/responsibilities",
            Review => "/review",
            PurposeAndBenefits | Purpose => "/purposes",
            SeriousViolenceDuty => "/serious_violence_duty",
            Benefits => "/benefits",
            Dpia => "/dpia",
            LawfulBasis => "/lawful_basis",
            LawEnforcement => "/law_enforcement",
            Legislation | AppendixLegislation => "/legislation",
            Proportionality => "/proportionality",
            OtherLegislation | Confidentiality => "/confidentiality",
            Individuals | Rights | AppendixRights => "/data_subject_rights",
            Complaints => "/complaints",
            DataSubjects => "/data_subjects",
            Deceased => "/deceased_individuals",
            Data | DataCategories => "/data_categories",
            PersonalData => "/personal_data",
            SpecialCategory => "/special_category_data",
            CriminalOffence => "/criminal_offence_data",
            Security => "/storage_and_security",
            OutsideUk => "/outside_uk_processing",
            DataQuality => "/data_quality",
            Breaches => "/breaches",
            Retention => "/retention",
            EndOfSharing => "/end_of_sharing",
            Appendices | AppendixParties | Signatures => "/parties",
            AppendixScenarios => "/mps_scenarios",
            DataFlows => "/data_flows",
            CarriedOver => "/unmapped",
        }
    }

    /// Sections reported by `--report`, in template order.
    pub fn reported() -> &'static [Section] {
        use Section::*;
        &[
            Agreement,
            Parties,
            Responsibilities,
            Review,
            Purpose,
            SeriousViolenceDuty,
            Benefits,
            Dpia,
            LawfulBasis,
            LawEnforcement,
            Legislation,
            Proportionality,
            Confidentiality,
            Rights,
            Complaints,
            DataSubjects,
            Deceased,
            DataCategories,
            PersonalData,
            SpecialCategory,
            CriminalOffence,
            Security,
            OutsideUk,
            DataQuality,
            Breaches,
            Retention,
            EndOfSharing,
            AppendixParties,
            AppendixScenarios,
        ]
    }
}

/// The DOCX reader's sections that are template sections, by template number
/// (`dsa_model::template`): their headings and synonyms are the template's.
const NUMBERED: &[(&str, Section)] = {
    use Section::*;
    &[
        ("1", Agreement),
        ("1.1", Ownership),
        ("1.2", Parties),
        ("1.2.1", LocalPartners),
        ("1.3", Responsibilities),
        ("1.4", Review),
        ("2", PurposeAndBenefits),
        ("2.1", Purpose),
        ("2.1.1", SeriousViolenceDuty),
        ("2.2", Benefits),
        ("2.3", Dpia),
        ("2.4", LawfulBasis),
        ("2.4.1", LawfulBasis),
        ("2.4.2", LawEnforcement),
        ("2.4.3", Legislation),
        ("2.5", Proportionality),
        ("2.6", OtherLegislation),
        ("2.6.1", Confidentiality),
        ("3", Individuals),
        ("3.1", Rights),
        ("3.2", DataSubjects),
        ("3.3", Deceased),
        ("4", Data),
        ("4.1", DataCategories),
        ("4.2", PersonalData),
        ("4.2.1", PersonalData),
        ("4.2.2", SpecialCategory),
        ("4.2.3", CriminalOffence),
        ("4.3", Security),
        ("4.4", OutsideUk),
        ("4.5", DataQuality),
        ("4.6", Breaches),
        ("4.7", Retention),
        ("4.7.1", Retention),
        ("4.7.2", EndOfSharing),
        ("5", Appendices),
        ("5.1", AppendixParties),
        ("5.2", AppendixLegislation),
        ("5.3", AppendixRights),
        ("5.4", AppendixScenarios),
    ]
};

/// Headings of the reader's own sections that are not template sections: the complaints
/// part of §3.1, the signatures block of older protocols, and the data flows appendix the
/// signable rendering adds.
const OWN_SYNONYMS: &[(&str, Section)] = &[
    ("complaints", Section::Complaints),
    ("signatures", Section::Signatures),
    ("signatories", Section::Signatures),
    ("signed on behalf of", Section::Signatures),
    ("agreement of parties", Section::Signatures),
    ("appendix e: data flows", Section::DataFlows),
    (
        "data flows (information sharing gateway)",
        Section::DataFlows,
    ),
    (
        "content carried over from the source document",
        Section::CarriedOver,
    ),
];

impl Section {
    /// The template section this one is (its number in `dsa_model::template`), if any.
    pub fn template(self) -> Option<&'static dsa_model::template::TemplateSection> {
        NUMBERED
            .iter()
            .rev()
            .find(|(_, s)| *s == self)
            .and_then(|(n, _)| dsa_model::template::section(n))
    }
}

/// Every heading phrase and the section it names: each template section's synonyms, then
/// its own heading (normalised, instructions and "Appendix X:" kept as the template has
/// them), then the reader's own. Matching picks the longest phrase.
static SYNONYMS: LazyLock<Vec<(String, Section)>> = LazyLock::new(|| {
    let mut v: Vec<(String, Section)> = Vec::new();
    let mut push = |p: String, s: Section| {
        if !p.is_empty() && !v.iter().any(|(q, _)| *q == p) {
            v.push((p, s));
        }
    };
    for (num, s) in NUMBERED {
        let Some(t) = dsa_model::template::section(num) else {
            continue;
        };
        for syn in t.synonyms {
            push(syn.to_string(), *s);
        }
    }
    for (num, s) in NUMBERED {
        if let Some(t) = dsa_model::template::section(num) {
            let h = norm(t.heading);
            push(h.trim_end_matches(['.', ':']).trim().to_string(), *s);
        }
    }
    for (p, s) in OWN_SYNONYMS {
        push(p.to_string(), *s);
    }
    v
});

/// Synonyms padded with spaces, for whole-word containment tests without allocating.
static PADDED: LazyLock<Vec<(String, Section)>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .map(|(p, s)| (format!(" {p} "), *s))
        .collect()
});

/// Classifies a heading. Returns the section and a confidence: 1.0 when the heading
/// is a known phrase, lower for phrases found inside a longer heading or near-misses.
/// Remembered per thread (`memo`): a backlog repeats its templates' headings.
pub fn classify_heading(text: &str) -> Option<(Section, f64)> {
    thread_local! {
        static MEMO: crate::memo::Memo<Option<(Section, f64)>> = crate::memo::memo();
    }
    crate::memo::remembered(&MEMO, "", text, || classify_heading_uncached(text))
}

fn classify_heading_uncached(text: &str) -> Option<(Section, f64)> {
    let cleaned = strip_placeholders(strip_numbering(text));
    let cleaned = cleaned
        .trim_start_matches(|c: char| c == '–' || c == '-' || c.is_whitespace())
        .to_string();
    let n = norm(&cleaned);
    let n = n.trim_end_matches([':', '.']).trim();
    if n.is_empty() {
        return None;
    }
    // Appendix headings first: "Appendix A: Parties to this agreement" is Appendix A.
    for (phrase, s) in SYNONYMS.iter().filter(|(p, _)| p.starts_with("appendix")) {
        if n.starts_with(phrase.as_str()) {
            return Some((*s, 1.0));
        }
    }
    if let Some((_, s)) = SYNONYMS.iter().find(|(p, _)| *p == n) {
        return Some((*s, 1.0));
    }
    // Longest phrase contained as whole words.
    let padded = format!(" {n} ");
    let mut best: Option<(&str, Section)> = None;
    for (p, s) in PADDED.iter() {
        if padded.contains(p.as_str()) && best.is_none_or(|(b, _)| p.len() - 2 > b.len()) {
            best = Some((&p[1..p.len() - 1], *s));
        }
    }
    if let Some((p, s)) = best {
        // Short generic words inside long headings are weak evidence.
        let conf = if p.len() * 3 >= n.len() { 0.9 } else { 0.7 };
        return Some((s, conf));
    }
    // Near-misses (typos, spacing): whole-heading similarity.
    let mut best_sim = (0.0, None);
    for (p, s) in SYNONYMS.iter() {
        // Typos keep the length within a few characters.
        if p.len() < 6 || p.len().abs_diff(n.len()) > 3 {
            continue;
        }
        let sim = strsim::jaro_winkler(p, n);
        if sim > best_sim.0 {
            best_sim = (sim, Some(*s));
        }
    }
    match best_sim {
        (sim, Some(s)) if sim >= 0.93 => Some((s, sim)),
        _ => None,
    }
}

/// The template's standard paragraphs (normalised), for recognising boilerplate.
/// Template paragraphs by their first three words, each as its sorted, distinct words.
static TEMPLATE_PARAGRAPHS: LazyLock<HashMap<String, Vec<Vec<String>>>> = LazyLock::new(|| {
    let text = include_str!("../../../samples/template/pan-london-dsa-template.txt");
    let mut by_key: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for line in text.lines() {
        let l = strip_placeholders(line.trim_start_matches(['·', '\t', ' ']));
        // The paragraph, and each of its sentences (a document may keep only one).
        let sentences: Vec<&str> = l.split_inclusive(". ").collect();
        let whole = std::iter::once(l.as_str());
        let parts = whole.chain(sentences.iter().copied().filter(|_| sentences.len() > 1));
        for part in parts {
            let words = words_of(part);
            if words.len() < 4 {
                continue;
            }
            let key = key_of(&words);
            let mut set = words;
            set.sort_unstable();
            set.dedup();
            by_key.entry(key).or_default().push(set);
        }
    }
    by_key
});

fn words_of(s: &str) -> Vec<String> {
    norm(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn key_of(words: &[String]) -> String {
    words.iter().take(3).cloned().collect::<Vec<_>>().join(" ")
}

/// `template_similarity_stripped` of a raw paragraph.
#[cfg(test)]
pub fn template_similarity(text: &str) -> f64 {
    template_similarity_stripped(&strip_placeholders(text))
}

/// Similarity of a paragraph, already through `strip_placeholders` (the recogniser has
/// that at hand), to the template's standard wording (0 when none is close): word-set
/// Jaccard against template paragraphs that start with the same three words.
pub fn template_similarity_stripped(stripped: &str) -> f64 {
    thread_local! {
        static MEMO: crate::memo::Memo<f64> = crate::memo::memo();
    }
    crate::memo::remembered(&MEMO, "", stripped, || similarity_to_template(stripped))
}

fn similarity_to_template(stripped: &str) -> f64 {
    let normed = norm(stripped);
    let mut words = normed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    // Most paragraphs start unlike any template paragraph: look the key up before
    // collecting the words (this runs for every paragraph of every document).
    let key: Vec<&str> = words.by_ref().take(3).collect();
    let Some(cands) = TEMPLATE_PARAGRAPHS.get(&key.join(" ")) else {
        return 0.0;
    };
    let rest: Vec<&str> = words.collect();
    if key.len() + rest.len() < 4 {
        return 0.0;
    }
    // Word sets as sorted, distinct lists: Jaccard by one merge, no hashing.
    let mut set: Vec<&str> = key.iter().chain(&rest).copied().collect();
    set.sort_unstable();
    set.dedup();
    cands
        .iter()
        .map(|cs| {
            let inter = sorted_intersection(&set, cs);
            let union = set.len() + cs.len() - inter;
            if union == 0 {
                0.0
            } else {
                inter as f64 / union as f64
            }
        })
        .fold(0.0, f64::max)
}

/// How many words two sorted, distinct word lists share.
fn sorted_intersection(a: &[&str], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j].as_str()) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The memo gives what the comparison gives, first time and when remembered: over
    /// every template line, and each with words dropped and changed.
    #[test]
    fn remembered_similarity_equals_the_computed_one() {
        let text = include_str!("../../../samples/template/pan-london-dsa-template.txt");
        let mut seen = 0;
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let variants = [
                line.to_string(),
                words.iter().skip(1).copied().collect::<Vec<_>>().join(" "),
                words[..words.len() / 2].join(" "),
                format!("{line} and the borough"),
            ];
            for v in variants {
                let stripped = strip_placeholders(&v);
                let computed = similarity_to_template(&stripped);
                assert_eq!(template_similarity_stripped(&stripped), computed, "{v:?}");
                assert_eq!(template_similarity_stripped(&stripped), computed, "{v:?}");
                seen += usize::from(computed > 0.0);
            }
        }
        assert!(seen > 100, "template lines matched: {seen}");
    }

    /// The memo gives what classification gives, first time and when remembered: over
    /// every template line (headings among them) and near-misses of each.
    #[test]
    fn remembered_heading_classes_equal_the_computed_ones() {
        let text = include_str!("../../../samples/template/pan-london-dsa-template.txt");
        let mut classified = 0;
        for line in text.lines() {
            for v in [
                line.to_string(),
                line.replacen('e', "a", 1),
                format!("3. {line}"),
            ] {
                let computed = classify_heading_uncached(&v);
                assert_eq!(classify_heading(&v), computed, "{v:?}");
                assert_eq!(classify_heading(&v), computed, "{v:?}");
                classified += usize::from(computed.is_some());
            }
        }
        assert!(classified > 50, "template lines classified: {classified}");
    }

    #[test]
    fn headings_by_meaning() {
        let c = |s| classify_heading(s).map(|x| x.0);
        assert_eq!(c("2.4. Lawful Basis"), Some(Section::LawfulBasis));
        assert_eq!(c("Legal Basis for Sharing"), Some(Section::LawfulBasis));
        assert_eq!(c("4. Parties to this Protocol"), Some(Section::Parties));
        assert_eq!(c("Information to be Shared"), Some(Section::PersonalData));
        assert_eq!(c("Retention"), Some(Section::Retention));
        assert_eq!(
            c("5.1. Appendix A:  Parties to this agreement"),
            Some(Section::AppendixParties)
        );
        assert_eq!(
            c("5.4 – Appendix D : Detailed guidance"),
            Some(Section::AppendixScenarios)
        );
        assert_eq!(c("2.1.1 Serious Violence Duty [this section should be removed if the SVD doesn’t apply]"), Some(Section::SeriousViolenceDuty));
        assert_eq!(c("Retension"), Some(Section::Retention));
        assert_eq!(c("Lunch arrangements"), None);
    }

    #[test]
    fn boilerplate_is_recognised() {
        assert!(
            template_similarity(
                "Each party is responsible for undertaking a DPIA where it considers it necessary."
            ) > 0.9
        );
        assert!(template_similarity("Police will share referrals daily by secure email.") < 0.5);
    }

    #[test]
    fn jaccard_by_merge() {
        let b: Vec<String> = ["a", "c", "d", "f"].iter().map(|s| s.to_string()).collect();
        assert_eq!(sorted_intersection(&["a", "b", "d", "f", "g"], &b), 3);
        assert_eq!(sorted_intersection(&[], &b), 0);
        assert_eq!(sorted_intersection(&["b", "e"], &b), 0);
    }
}
