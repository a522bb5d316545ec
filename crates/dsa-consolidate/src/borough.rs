//! Which borough a variant belongs to, and its title with borough names set aside.

use dsa_model::{Agreement, CodeList, LondonAuthority};

/// The London authorities among an agreement's parties (by the importer's resolution, else
/// by resolving the party's name).
pub fn authorities(a: &Agreement) -> Vec<(usize, LondonAuthority)> {
    a.parties
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.london_authority
                .or_else(|| LondonAuthority::resolve(&p.name))
                .map(|la| (i, la))
        })
        .collect()
}

/// The borough of a per-borough variant: its one London authority party. Agreements with
/// none or several are not per-borough variants.
pub fn variant_borough(a: &Agreement) -> Option<(usize, LondonAuthority)> {
    match authorities(a).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Words that say "borough" in a title without naming one.
const COUNCIL_WORDS: &[&str] = &[
    "london borough of",
    "royal borough of",
    "city of",
    "council",
    "borough",
    "lb",
];

/// The title as it names the purpose: normalised, every London authority's names and
/// council words removed, separators dropped.
pub fn purpose_title(title: &str) -> String {
    let mut t = format!(" {} ", words(title));
    let mut names: Vec<String> = LondonAuthority::all()
        .iter()
        .flat_map(|la| la.aliases())
        .map(|n| words(&n))
        .filter(|n| !n.is_empty())
        .collect();
    // Longest first, so "London Borough of Camden" goes before "Camden".
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for n in names
        .iter()
        .map(String::as_str)
        .chain(COUNCIL_WORDS.iter().copied())
    {
        let pat = format!(" {n} ");
        while t.contains(&pat) {
            t = t.replace(&pat, " ");
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title for people from a variant's title: its borough's names removed, dashes and
/// parentheses left dangling by the removal tidied.
pub fn group_title(title: &str, la: Option<LondonAuthority>) -> String {
    let mut t = title.to_string();
    if let Some(la) = la {
        let mut names = la.aliases();
        names.push(la.wording().to_string());
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        for n in names {
            if let Some(i) = t.to_lowercase().find(&n.to_lowercase()) {
                t.replace_range(i..i + n.len(), "");
            }
        }
    }
    let t = t.replace("()", "");
    t.trim()
        .trim_end_matches(['-', '–', '—', ':', ',', '(', ' '])
        .trim_start_matches(['-', '–', '—', ':', ',', ')', ' '])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(s: &str) -> String {
    dsa_text::norm(s)
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borough_names_leave_the_purpose() {
        assert_eq!(
            purpose_title("Multi-Agency Safeguarding DSA – London Borough of Camden"),
            purpose_title("Multi-Agency Safeguarding DSA (Barnet Council)")
        );
        assert_eq!(
            purpose_title("Royal Borough of Kensington and Chelsea: Licensing DSA"),
            "licensing dsa"
        );
    }

    #[test]
    fn group_title_drops_the_borough() {
        assert_eq!(
            group_title(
                "Multi-Agency Safeguarding DSA – London Borough of Camden",
                Some(LondonAuthority::Camden)
            ),
            "Multi-Agency Safeguarding DSA"
        );
    }
}
