//! Lists written as sentences, as older protocols and free-form agreements write what
//! the template puts in tables: "The individuals whose information may be shared are:
//! victims; witnesses; and offenders." (data subjects), "This protocol covers personal
//! data; and special category data." (data categories), "The following information may be
//! shared: name; DOB; and address." (personal data), "Special category data shared will be
//! limited to: health." (special category data).
//!
//! A sentence is split into a lead-in and its items; the items are matched against every
//! code list, and the list most of them match is the one the sentence enumerates, the
//! lead-in breaking ties (Part 3 wording for law-enforcement categories, "special
//! category" for special category items). A negated sentence ("financial information is
//! not shared") adds nothing.

use super::*;

/// What a list sentence enumerates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    DataSubjects,
    Part2Categories,
    Part3Categories,
    PersonalData,
    SpecialCategory,
}

/// A sentence read as a list: its kind and the items matched, with confidence.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ListItems {
    DataSubjects(Vec<(DataSubjectType, f64)>),
    Part2(Vec<(Part2DataCategory, f64)>),
    Part3(Vec<(Part3DataCategory, f64)>),
    /// Data items, with the special category items listed among them.
    Data {
        personal: Vec<(PersonalDataItem, f64)>,
        special: Vec<(SpecialCategoryItem, f64)>,
    },
}

/// Splits "lead: a; b; and c." into the lead and the items. Items are separated by
/// semicolons when there are any (items often hold commas: "advisers, consultants and
/// professional experts"), else by commas; a final "and"/"or" is dropped.
pub(super) fn split_list(text: &str) -> Option<(String, Vec<String>)> {
    static LEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(.{3,160}?)(?::|\b(?:covers|comprises|comprise|includes?|including|are|is limited to|will be limited to|limited to|consists? of)\b|\b(?:shared|held|processed|information)\s+about\b)\s+(.+)$")
            .expect("regex")
    });
    let t = text.trim().trim_end_matches(['.', ';']);
    let c = LEAD.captures(t)?;
    let lead = c.get(1)?.as_str().trim().to_string();
    let body = c.get(2)?.as_str();
    let parts: Vec<&str> = if body.contains(';') {
        body.split(';').collect()
    } else {
        body.split(',').collect()
    };
    let mut items: Vec<String> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let mut p = p.trim();
        for lead in ["and ", "or ", "& ", "about "] {
            if let Some(rest) = p.strip_prefix(lead) {
                p = rest.trim();
            }
        }
        // "x and y" in the last item when items are comma-separated: "name, DOB and address".
        if i + 1 == parts.len() && !body.contains(';') {
            if let Some((a, b)) = p.rsplit_once(" and ") {
                items.push(a.trim().to_string());
                p = b.trim();
            }
        }
        if !p.is_empty() {
            items.push(p.to_string());
        }
    }
    (!items.is_empty()).then_some((lead, items))
}

/// What the bullets after a lead-in paragraph ("Information may be shared about:", "The
/// following personal data is shared:") list, when the lead-in says.
pub(super) fn lead_kind(text: &str) -> Option<ListKind> {
    let t = text.trim();
    if !t.ends_with(':') || t.len() > 200 {
        return None;
    }
    let n = norm(t);
    if n.contains("special category") {
        Some(ListKind::SpecialCategory)
    } else if n.contains(" about")
        || n.contains("individuals")
        || n.contains("data subjects")
        || n.contains("people")
        || n.contains("persons")
        || n.contains("whose")
    {
        Some(ListKind::DataSubjects)
    } else if n.contains("personal data") || n.contains("information") || n.contains("data items") {
        Some(ListKind::PersonalData)
    } else {
        None
    }
}

/// Items of one code list that match with confidence ≥ 0.85, each once.
fn matched<C: CodeList>(items: &[String]) -> Vec<(C, f64)> {
    let mut out: Vec<(C, f64)> = Vec::new();
    for it in items {
        if let Some((c, conf)) = match_code::<C>(it).filter(|(_, c)| *c >= 0.85) {
            if !out.iter().any(|(x, _)| *x == c) {
                out.push((c, conf));
            }
        }
    }
    out
}

/// The data item an item names: the template's wording, else everyday words ("date of
/// birth" is DOB) unless the words name people ("family members").
fn personal_item(it: &str) -> Option<(PersonalDataItem, f64)> {
    match_code::<PersonalDataItem>(it)
        .filter(|(_, c)| *c >= 0.85)
        .or_else(|| {
            data_items::personal_keyword(&norm(it))
                .filter(|_| data_subjects::subjects_named(it).is_empty())
        })
}

/// Whether a sentence denies or removes rather than lists ("is not shared", "will never
/// be", "names and addresses are removed", "pseudonymised").
pub(super) fn negated(n: &str) -> bool {
    static REMOVED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:is|are|be|been|being|get|gets)\s+(?:removed|redacted|withheld|excluded|pseudonymised|anonymised|stripped|deleted)\b")
            .expect("regex")
    });
    [" not ", " never ", " no personal", "n't "]
        .iter()
        .any(|w| n.contains(w))
        || REMOVED.is_match(n)
}

/// Reads a list sentence; `None` when it enumerates no code list (fewer than half its
/// items match any one list).
pub(super) fn read_list(text: &str) -> Option<ListItems> {
    let (lead, items) = split_list(text)?;
    let n = format!(" {} ", norm(text));
    if negated(&n) {
        return None;
    }
    let lead_n = norm(&lead);
    let subjects: Vec<(DataSubjectType, f64)> = items
        .iter()
        .flat_map(|it| data_subjects::subjects_named(it))
        .fold(Vec::new(), |mut v, x| {
            if !v.iter().any(|(y, _)| *y == x.0) {
                v.push(x);
            }
            v
        });
    let p2 = matched::<Part2DataCategory>(&items);
    let p3 = matched::<Part3DataCategory>(&items);
    let personal = {
        // Template wording first, then everyday words ("date of birth" is DOB).
        let mut v: Vec<(PersonalDataItem, f64)> = Vec::new();
        for it in &items {
            if let Some((c, conf)) = personal_item(it) {
                if !v.iter().any(|(x, _)| *x == c) {
                    v.push((c, conf));
                }
            }
        }
        v
    };
    let special = matched::<SpecialCategoryItem>(&items);
    let law_enforcement = lead_n.contains("part 3") || lead_n.contains("law enforcement");
    let special_lead = lead_n.contains("special category");
    let mut kinds: Vec<(ListKind, usize)> = vec![
        (ListKind::DataSubjects, subjects.len()),
        (ListKind::Part2Categories, p2.len()),
        (ListKind::Part3Categories, p3.len()),
        (ListKind::PersonalData, personal.len()),
        (ListKind::SpecialCategory, special.len()),
    ];
    // The lead-in decides between lists that match alike.
    let preferred = |k: ListKind| match k {
        ListKind::Part3Categories => law_enforcement,
        ListKind::Part2Categories => !law_enforcement,
        ListKind::SpecialCategory => special_lead,
        ListKind::PersonalData => !special_lead,
        ListKind::DataSubjects => {
            lead_n.contains("individuals") || lead_n.contains("data subjects")
        }
    };
    kinds.sort_by_key(|(k, count)| std::cmp::Reverse((*count, preferred(*k))));
    let (kind, count) = kinds[0];
    if count == 0 || count * 2 < items.len() {
        return None;
    }
    Some(match kind {
        ListKind::DataSubjects => ListItems::DataSubjects(subjects),
        ListKind::Part2Categories => ListItems::Part2(p2),
        ListKind::Part3Categories => ListItems::Part3(p3),
        // Data items and special category items are often listed together: each item
        // goes to the list it matches ("NHS number; name; and physical or mental health").
        ListKind::PersonalData | ListKind::SpecialCategory => {
            let mut personal: Vec<(PersonalDataItem, f64)> = Vec::new();
            let mut special: Vec<(SpecialCategoryItem, f64)> = Vec::new();
            for it in &items {
                let n = norm(it);
                // The template's own wording first (a "GP (or other medical professional)
                // contact details" item is a data item, though it says "medical").
                let exact_personal = match_code::<PersonalDataItem>(it)
                    .filter(|(_, c)| *c >= 0.85)
                    .map_or(0.0, |x| x.1);
                let sp = match_code::<SpecialCategoryItem>(it)
                    .filter(|(_, c)| *c >= 0.85 && *c > exact_personal)
                    .or_else(|| data_items::special_keyword(&n).filter(|_| exact_personal == 0.0));
                if let Some(x) = sp {
                    if !special.iter().any(|(y, _)| *y == x.0) {
                        special.push(x);
                    }
                    continue;
                }
                if kind == ListKind::SpecialCategory {
                    continue;
                }
                if let Some(x) = personal_item(it) {
                    if !personal.iter().any(|(y, _)| *y == x.0) {
                        personal.push(x);
                    }
                }
            }
            ListItems::Data { personal, special }
        }
    })
}

impl Recogniser {
    /// A paragraph read as a list sentence, its items recorded; false when it is none.
    pub(super) fn list_sentence(&mut self, text: &str, loc: &str) -> bool {
        let Some(items) = read_list(text) else {
            return false;
        };
        fn push<C: PartialEq + Copy>(v: &mut Vec<C>, x: C) -> Option<usize> {
            (!v.contains(&x)).then(|| {
                v.push(x);
                v.len() - 1
            })
        }
        let conf = |c: f64| Some(c.min(0.9));
        match items {
            ListItems::DataSubjects(v) => {
                for (x, c) in v {
                    if let Some(i) = push(&mut self.a.data_subjects.types, x) {
                        self.value(format!("/data_subjects/types/{i}"), loc, text, conf(c));
                    }
                }
            }
            ListItems::Part2(v) => {
                for (x, c) in v {
                    if let Some(i) = push(&mut self.a.data_categories.part2, x) {
                        self.value(format!("/data_categories/part2/{i}"), loc, text, conf(c));
                    }
                }
            }
            ListItems::Part3(v) => {
                for (x, c) in v {
                    if let Some(i) = push(&mut self.a.data_categories.part3, x) {
                        self.value(format!("/data_categories/part3/{i}"), loc, text, conf(c));
                    }
                }
            }
            ListItems::Data { personal, special } => {
                for (x, c) in personal {
                    if !self.a.personal_data.iter().any(|d| d.item == x) {
                        self.a.personal_data.push(DataItem {
                            item: x,
                            description: None,
                            datasets: Vec::new(),
                            exclusions: None,
                        });
                        let i = self.a.personal_data.len() - 1;
                        self.value(format!("/personal_data/{i}"), loc, text, conf(c));
                    }
                }
                for (x, c) in special {
                    if !self.a.special_category_data.iter().any(|d| d.item == x) {
                        self.a.special_category_data.push(DataItem {
                            item: x,
                            description: None,
                            datasets: Vec::new(),
                            exclusions: None,
                        });
                        let i = self.a.special_category_data.len() - 1;
                        self.value(format!("/special_category_data/{i}"), loc, text, conf(c));
                    }
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_with_commas_inside_items() {
        let r = read_list("The individuals whose information may be shared are: actual or suspected offenders or perpetrators; advisers, consultants and professional experts eg doctor, social worker, police officer, lawyer; and volunteers.");
        let Some(ListItems::DataSubjects(v)) = r else {
            panic!("{r:?}")
        };
        let codes: Vec<_> = v.iter().map(|x| x.0).collect();
        assert_eq!(
            codes,
            [
                DataSubjectType::Offenders,
                DataSubjectType::Professionals,
                DataSubjectType::Volunteers
            ]
        );
    }

    #[test]
    fn categories_part2_and_part3() {
        let r = read_list("This protocol covers personal data; and special category data.");
        assert!(
            matches!(r, Some(ListItems::Part2(ref v)) if v.len() == 2),
            "{r:?}"
        );
        let r = read_list(
            "For law enforcement processing under Part 3 the information comprises personal data; and sensitive data.",
        );
        assert!(
            matches!(r, Some(ListItems::Part3(ref v)) if v.len() == 2),
            "{r:?}"
        );
    }

    #[test]
    fn items_in_everyday_words() {
        let r = read_list("The following information may be shared: name, date of birth and contact details (phone/email).");
        let Some(ListItems::Data { personal: v, .. }) = r else {
            panic!("{r:?}")
        };
        let codes: Vec<_> = v.iter().map(|x| x.0).collect();
        assert!(codes.contains(&PersonalDataItem::Name));
        assert!(codes.contains(&PersonalDataItem::DateOfBirth));
        assert!(codes.contains(&PersonalDataItem::Contact));
    }

    #[test]
    fn special_category_lead() {
        let r =
            read_list("Special category data shared will be limited to: racial or ethnic origin.");
        assert!(
            matches!(r, Some(ListItems::Data { ref special, ref personal })
                if special[0].0 == SpecialCategoryItem::RacialEthnic && personal.is_empty()),
            "{r:?}"
        );
        let r = read_list(
            "The data shared comprises: NHS number; name; and information about physical or mental health.",
        );
        let Some(ListItems::Data { personal, special }) = r else {
            panic!("{r:?}")
        };
        assert_eq!(
            personal.iter().map(|x| x.0).collect::<Vec<_>>(),
            [PersonalDataItem::NhsNumber, PersonalDataItem::Name]
        );
        assert_eq!(
            special.iter().map(|x| x.0).collect::<Vec<_>>(),
            [SpecialCategoryItem::Health]
        );
        assert_eq!(
            read_list("Reports are pseudonymised before they are shared: names and addresses are removed."),
            None
        );
    }

    #[test]
    fn negations_and_prose_add_nothing() {
        assert_eq!(
            read_list("Financial information is not shared: bank details, benefits."),
            None
        );
        assert_eq!(
            read_list("Information will only be sent by secure email or via the agreed case management system."),
            None
        );
    }
}
