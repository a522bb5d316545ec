//! A register's lawful-basis cell: shorthand a document would never use on its own. The
//! column already says "lawful basis", so a bare "6(1)(e)" is a citation here (in running
//! prose it needs "Article" or "GDPR" beside it: `find_citations`). Registers write
//! "6(1)(e)", "Art. 6.1(e)", "GDPR Art 6(1)(c) & (e)", "9.2.g", several per cell
//! separated by ";", ",", "/", "&" or "and", Schedule 1 and 8 paragraphs ("Sch 1 Pt 2
//! para 10", "paras 6 and 10"), the conditions' names ("Public task"), and Acts by their
//! usual abbreviations ("DPA 1998 s.29", "CDA 1998 s115").

use std::sync::LazyLock;

use dsa_model::{Article6Condition, Article9Condition};
use regex::Regex;

use crate::{art6, art9, by_para, find_acts, find_citations, norm, schedule1_para, Citation};

/// What a lawful-basis cell cites: conditions, and Acts (name, section) kept as legislation.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CellBasis {
    /// Conditions, in the order written, each once.
    pub citations: Vec<Citation>,
    /// Acts other than the UK GDPR and DPA 2018 (whose conditions are `citations`).
    pub acts: Vec<(String, Option<String>)>,
}

/// Everything a register's lawful-basis cell cites.
pub fn lawful_basis_cell(s: &str) -> CellBasis {
    let mut citations = articles(s);
    citations.extend(schedule_lists(s));
    citations.extend(find_citations(s));
    citations.extend(named_conditions(s));
    let mut seen = Vec::new();
    citations.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    let mut acts: Vec<(String, Option<String>)> = find_acts(s)
        .into_iter()
        .filter(|(a, _)| a != "Data Protection Act 2018")
        .collect();
    for (act, section) in abbreviated_acts(s) {
        if !acts.iter().any(|(a, _)| *a == act) {
            acts.push((act, section));
        }
    }
    CellBasis { citations, acts }
}

/// "6(1)(e)", "Art. 6.1(e)", "6(1)e", "9.2.g", with further letters "(c) & (e)",
/// "(c), (e)", "(c)/(e)", "(c) and (e)". A number preceded by "para", "section" or "s." is
/// a paragraph or a section, not an Article.
fn articles(s: &str) -> Vec<Citation> {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
            (?:\b(?:article|art)\.?\s*)?
            \b([69])\s*(?:\(\s*([12])\s*\)|\.\s*([12]))",
        )
        .expect("regex")
    });
    static LETTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:\(\s*(ea|[a-j])\s*\)|\.\s*(ea|[a-j])\b|(ea|[a-j])\b)")
            .expect("regex")
    });
    static MORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:,|&|/|\+|\band\b|\bor\b)\s*\(\s*(ea|[a-j])\s*\)").expect("regex")
    });
    static NOT_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:\bparas?\.?|\bparagraphs?|\bsections?|\bs\.?|\bss\.?|\bpt\.?|\bpart|§)\s*$",
        )
        .expect("regex")
    });
    let mut out = Vec::new();
    for head in HEAD.captures_iter(s) {
        let Some(whole) = head.get(0) else { continue };
        if NOT_ARTICLE.is_match(&s[..whole.start()]) {
            continue;
        }
        let para = head.get(2).or(head.get(3)).map(|m| m.as_str());
        let article = &head[1];
        let mut rest = &s[whole.end()..];
        let mut letters = Vec::new();
        if let Some(l) = LETTER.captures(rest) {
            if let Some(m) = l.get(1).or(l.get(2)).or(l.get(3)) {
                letters.push(m.as_str().to_lowercase());
            }
            rest = &rest[l.get(0).map_or(0, |m| m.end())..];
            while let Some(more) = MORE.captures(rest) {
                letters.push(more[1].to_lowercase());
                rest = &rest[more.get(0).map_or(0, |m| m.end())..];
            }
        }
        for letter in letters {
            match (article, para) {
                ("6", Some("1")) => out.extend(art6(&letter).map(Citation::Art6)),
                ("9", Some("2")) => out.extend(art9(&letter).map(Citation::Art9)),
                _ => {}
            }
        }
    }
    out
}

/// Schedule paragraphs given as a list: "Sch 1 paras 6 and 10", "Schedule 8 para 1, 3".
fn schedule_lists(s: &str) -> Vec<Citation> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
            \b(?:schedule|sch)\.?\s*([18])\b
            (?:[\s,]*(?:part|pt)\.?\s*[123])?
            [\s,]*(?:paragraphs|paragraph|paras|para|§)\.?\s*
            (\d{1,2}(?:\s*(?:,|&|/|and)\s*\d{1,2}\b)+)",
        )
        .expect("regex")
    });
    static NUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,2}").expect("regex"));
    let mut out = Vec::new();
    for c in LIST.captures_iter(s) {
        for n in NUM.find_iter(&c[2]) {
            let Ok(para) = n.as_str().parse::<u32>() else {
                continue;
            };
            match &c[1] {
                "1" => out.extend(schedule1_para(para)),
                _ => out.extend(by_para(para).map(Citation::Sch8)),
            }
        }
    }
    out
}

/// Article 6 conditions by the names people use for them, as whole items of the cell
/// ("Public task; Legal obligation"), and the two Article 9 conditions registers name.
fn named_conditions(s: &str) -> Vec<Citation> {
    const NAMES: &[(&str, Citation)] = &[
        ("consent", Citation::Art6(Article6Condition::Consent)),
        ("contract", Citation::Art6(Article6Condition::Contract)),
        (
            "legal obligation",
            Citation::Art6(Article6Condition::LegalObligation),
        ),
        (
            "vital interests",
            Citation::Art6(Article6Condition::VitalInterests),
        ),
        ("public task", Citation::Art6(Article6Condition::PublicTask)),
        (
            "legitimate interests",
            Citation::Art6(Article6Condition::LegitimateInterests),
        ),
        (
            "substantial public interest",
            Citation::Art9(Article9Condition::SubstantialPublicInterest),
        ),
    ];
    static SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s*(?:;|,|/|&|\+|\band\b|\n)\s*").expect("regex"));
    let n = norm(s);
    SPLIT
        .split(&n)
        .filter_map(|item| {
            let item = item.trim_matches(|c: char| !c.is_alphanumeric());
            let item = item.strip_prefix("uk gdpr ").unwrap_or(item);
            NAMES
                .iter()
                .find(|(name, _)| item == *name)
                .map(|(_, c)| *c)
        })
        .collect()
}

/// Acts by abbreviation: "DPA 1998" (the Act before the UK GDPR, still cited in old
/// registers) and "CDA 1998" (Crime and Disorder Act), with a section if one follows.
fn abbreviated_acts(s: &str) -> Vec<(String, Option<String>)> {
    static ABBR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)\b(DPA|CDA|C\s?&\s?D\s?A)\s*(1998)\b(?:\s*,?\s*(?:s\.?|section|ss\.?)\s*(\d+[A-Z]?))?",
        )
        .expect("regex")
    });
    ABBR.captures_iter(s)
        .map(|c| {
            let act = match &c[1] {
                "DPA" => "Data Protection Act 1998",
                _ => "Crime and Disorder Act 1998",
            };
            (act.to_string(), c.get(3).map(|m| m.as_str().to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dsa_model::{Schedule1Part2Condition, Schedule8Condition};

    fn codes(s: &str) -> Vec<String> {
        lawful_basis_cell(s)
            .citations
            .iter()
            .map(|c| match c {
                Citation::Art6(x) => format!("6:{}", dsa_model::CodeList::code(*x)),
                Citation::Art9(x) => format!("9:{}", dsa_model::CodeList::code(*x)),
                Citation::Sch1P1(x) => format!("s1p1:{}", dsa_model::CodeList::code(*x)),
                Citation::Sch1P2(x) => format!("s1p2:{}", dsa_model::CodeList::code(*x)),
                Citation::Sch1P3(x) => format!("s1p3:{}", dsa_model::CodeList::code(*x)),
                Citation::Sch8(x) => format!("s8:{}", dsa_model::CodeList::code(*x)),
            })
            .map(|c| c.split('_').next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn every_notation_registers_use() {
        assert_eq!(codes("6(1)(e)"), ["6:e"]);
        assert_eq!(codes("Art. 6.1(e)"), ["6:e"]);
        assert_eq!(codes("GDPR Art 6(1)(c) & (e)"), ["6:c", "6:e"]);
        assert_eq!(codes("Article 9(2)(h)"), ["9:h"]);
        assert_eq!(codes("9.2.g"), ["9:g"]);
        assert_eq!(codes("6(1)e / 9(2)h"), ["6:e", "9:h"]);
        assert_eq!(codes("6(1)(c), (e) and 9(2)(b)"), ["6:c", "6:e", "9:b"]);
        assert_eq!(codes("Public task; Legal obligation"), ["6:e", "6:c"]);
    }

    #[test]
    fn several_conditions_with_schedule_paragraphs() {
        let c = lawful_basis_cell("6(1)(e), 9(2)(g); DPA 2018 Sch 1 Pt 2 para 10");
        assert_eq!(c.citations.len(), 3, "{c:?}");
        assert!(c
            .citations
            .contains(&Citation::Art6(Article6Condition::PublicTask)));
        assert!(c.citations.contains(&Citation::Art9(
            Article9Condition::SubstantialPublicInterest
        )));
        assert!(c.citations.iter().any(|x| matches!(
            x,
            Citation::Sch1P2(Schedule1Part2Condition::PreventingUnlawfulActs)
        )));
        assert!(
            c.acts.is_empty(),
            "DPA 2018 is the framework, not a gateway: {c:?}"
        );
        let c = lawful_basis_cell("Sch 1 paras 6 and 10; Schedule 8 para 1");
        assert_eq!(c.citations.len(), 3, "{c:?}");
        assert!(c
            .citations
            .iter()
            .any(|x| matches!(x, Citation::Sch8(Schedule8Condition::StatutoryPurposes))));
    }

    #[test]
    fn paragraphs_and_sections_are_not_articles() {
        // Sch 1 para 6(2)(a) is a sub-paragraph, s.6(1) a section.
        assert_eq!(
            codes("Sch 1 para 6(2)(a)")
                .iter()
                .filter(|c| c.starts_with('6'))
                .count(),
            0
        );
        assert!(codes("Children Act 2004 s.10(1)(a)").is_empty());
    }

    #[test]
    fn acts_are_kept_as_legislation() {
        let c = lawful_basis_cell("CDA 1998 s115; DPA 1998 s.29(3)");
        assert_eq!(
            c.acts,
            [
                (
                    "Crime and Disorder Act 1998".to_string(),
                    Some("115".to_string())
                ),
                (
                    "Data Protection Act 1998".to_string(),
                    Some("29".to_string())
                ),
            ]
        );
        let c = lawful_basis_cell("Crime and Disorder Act 1998 s.115, 6(1)(e)");
        assert_eq!(c.acts.len(), 1, "{c:?}");
        assert_eq!(c.acts[0].0, "Crime and Disorder Act 1998");
        assert_eq!(codes("Crime and Disorder Act 1998 s.115, 6(1)(e)"), ["6:e"]);
    }
}
