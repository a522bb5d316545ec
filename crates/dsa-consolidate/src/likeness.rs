//! Whether two agreements are variants of one agreement, by what they say rather than what
//! they are called: the type of agreement, the lawful basis, the data shared and the
//! purpose's wording, with borough names set aside. Titles help only when they name a
//! purpose: "Data Sharing Agreement" or "Information Sharing Protocol" names none, and two
//! agreements so titled are told apart by their content.

use std::collections::BTreeSet;

use dsa_model::{Agreement, CodeList};

use crate::borough::purpose_title;

/// Titles at least this alike (normalised Levenshtein, borough names removed) name the
/// same purpose.
pub const TITLE_SIMILARITY: f64 = 0.85;

/// Agreements of one type whose every kind of content (lawful basis, data, purpose words)
/// is less alike than this are different agreements of that type (a type read wrongly,
/// or two agreements for different purposes).
const SAME_TYPE_CONTENT: f64 = 0.3;

/// Without a type both state, purposes worded at least this alike (Jaccard over their
/// content words) are one purpose. On the dev corpus, variants of one type share 0.73 or
/// more of their purpose words in nine pairs of ten, agreements of different types at most
/// 0.33.
const SAME_PURPOSE_WORDS: f64 = 0.5;

/// Without a type or purpose wording, lawful basis and data at least this alike (their
/// mean) make variants.
const UNTYPED_CONTENT: f64 = 0.6;

/// Words of a title or purpose that name no purpose: kinds of document, joining words, the
/// partnership's own description.
const GENERIC_WORDS: &[&str] = &[
    "pan",
    "london",
    "data",
    "sharing",
    "share",
    "agreement",
    "agreements",
    "dsa",
    "dsas",
    "information",
    "protocol",
    "isp",
    "isa",
    "between",
    "and",
    "partners",
    "partner",
    "for",
    "the",
    "of",
    "a",
    "an",
    "in",
    "on",
    "to",
    "with",
    "by",
    "as",
    "v1",
    "v2",
    "version",
    "draft",
    "final",
    "signed",
    "copy",
    "template",
    "memorandum",
    "understanding",
    "mou",
    "council",
    "borough",
    "royal",
    "city",
    "lb",
    "rb",
];

/// What two agreements are compared on, computed once per agreement.
pub struct Features {
    dsa_type: Option<&'static str>,
    /// The purpose the title names, borough names removed; empty when the title names
    /// none (generic words only).
    title: String,
    lawful_basis: BTreeSet<String>,
    data: BTreeSet<String>,
    purpose_words: BTreeSet<String>,
}

impl Features {
    /// The features of one agreement.
    pub fn of(a: &Agreement) -> Features {
        let title = purpose_title(&a.title);
        let names_purpose = title
            .split_whitespace()
            .any(|w| !GENERIC_WORDS.contains(&w));
        let lb = &a.lawful_basis;
        let mut lawful_basis = BTreeSet::new();
        lawful_basis.extend(
            lb.article6
                .iter()
                .map(|c| format!("6:{}", c.condition.code())),
        );
        lawful_basis.extend(
            lb.article9
                .iter()
                .map(|c| format!("9:{}", c.condition.code())),
        );
        lawful_basis.extend(
            lb.schedule1_part1
                .iter()
                .map(|c| format!("s1p1:{}", c.condition.code())),
        );
        lawful_basis.extend(
            lb.schedule1_part2
                .iter()
                .map(|c| format!("s1p2:{}", c.condition.code())),
        );
        lawful_basis.extend(
            lb.schedule1_part3
                .iter()
                .map(|c| format!("s1p3:{}", c.condition.code())),
        );
        if let Some(le) = &a.law_enforcement {
            lawful_basis.extend(
                le.schedule8
                    .iter()
                    .map(|c| format!("s8:{}", c.condition.code())),
            );
        }
        let mut data = BTreeSet::new();
        data.extend(
            a.personal_data
                .iter()
                .map(|d| format!("pd:{}", d.item.code())),
        );
        data.extend(
            a.special_category_data
                .iter()
                .map(|d| format!("sc:{}", d.item.code())),
        );
        data.extend(
            a.data_subjects
                .types
                .iter()
                .map(|t| format!("ds:{}", t.code())),
        );
        let purpose_words = a
            .purposes
            .iter()
            .flat_map(|p| content_words(&p.description))
            .collect();
        Features {
            dsa_type: a.dsa_type.map(|t| t.code()),
            title: if names_purpose { title } else { String::new() },
            lawful_basis,
            data,
            purpose_words,
        }
    }

    /// Whether the two are variants of one agreement. Different types never are; the same
    /// type is unless every kind of content is far apart; without a type both state, the
    /// purpose's wording decides (borough variants describe the purpose in the template's
    /// words; different purposes share few), else titles that name the same purpose, else
    /// lawful basis and data alike.
    pub fn same_agreement(&self, other: &Features) -> bool {
        let lawful = jaccard(&self.lawful_basis, &other.lawful_basis);
        let data = jaccard(&self.data, &other.data);
        let words = jaccard(&self.purpose_words, &other.purpose_words);
        let best = [lawful, data, words].into_iter().flatten().reduce(f64::max);
        let not_wholly_different = best.is_none_or(|b| b >= SAME_TYPE_CONTENT);
        match (self.dsa_type, other.dsa_type) {
            (Some(a), Some(b)) if a != b => false,
            (Some(_), Some(_)) => not_wholly_different,
            _ => {
                let titles = !self.title.is_empty()
                    && !other.title.is_empty()
                    && (self.title == other.title
                        || strsim::normalized_levenshtein(&self.title, &other.title)
                            >= TITLE_SIMILARITY);
                match words {
                    Some(w) => w >= SAME_PURPOSE_WORDS || (titles && not_wholly_different),
                    None => {
                        (titles && not_wholly_different)
                            || matches!((lawful, data), (Some(l), Some(d)) if (l + d) / 2.0 >= UNTYPED_CONTENT)
                    }
                }
            }
        }
    }
}

/// Jaccard similarity of two sets; None when both are empty (nothing to compare).
fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return None;
    }
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    Some(inter as f64 / union as f64)
}

/// The words of a text that carry meaning: four letters or more, not generic, London
/// authorities' names removed (`purpose_title`).
fn content_words(text: &str) -> Vec<String> {
    purpose_title(text)
        .split_whitespace()
        .filter(|w| w.chars().count() >= 4 && !GENERIC_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_titles_name_no_purpose() {
        for t in [
            "Data Sharing Agreement",
            "Information Sharing Protocol between London Borough of Camden and partners",
            "Pan-London DSA (signed copy)",
        ] {
            assert!(Features::of(&Agreement::new(t)).title.is_empty(), "{t}");
        }
        assert_eq!(
            Features::of(&Agreement::new("Licensing DSA – Camden")).title,
            "licensing dsa"
        );
    }

    #[test]
    fn purpose_words_leave_out_borough_names() {
        let w = content_words(
            "To help Camden Council and the Metropolitan Police determine licence applications",
        );
        assert!(w.contains(&"licence".to_string()) && w.contains(&"applications".to_string()));
        assert!(!w.iter().any(|x| x == "camden"));
    }
}
