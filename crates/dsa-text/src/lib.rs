//! Recognition vocabulary shared by the importers (DOCX documents, spreadsheet
//! registers): normalising text, template placeholders, UK dates, statutory citations in
//! prose, Acts of Parliament, and organisation names. Depends only on the model, so
//! readers can share it without depending on each other.

use std::sync::LazyLock;

use chrono::NaiveDate;
use dsa_model::{
    Article6Condition, Article9Condition, CodeList, LondonAuthority, PartyKind,
    Schedule1Part1Condition, Schedule1Part2Condition, Schedule1Part3Condition, Schedule8Condition,
};
use regex::Regex;

mod cell_citations;
mod dsa_type;
pub use cell_citations::{lawful_basis_cell, CellBasis};
pub use dsa_type::{dsa_type_in_purpose, dsa_type_in_title};

/// Lower-case, typographic quotes and dashes folded, whitespace collapsed.
pub fn norm(s: &str) -> String {
    // Runs of printable ASCII (nearly all of every document) are copied whole and
    // lower-cased at the end in one pass; only whitespace, '`' and non-ASCII characters
    // are looked at one by one. This runs several times for every paragraph.
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut rest = s;
    // A run goes on over single spaces between printable characters, which norm keeps as
    // they are: a paragraph is then one run, not one per word.
    let plain = |b: u8| b.is_ascii_graphic() && b != b'`';
    while let Some(first) = rest.chars().next() {
        let bytes = rest.as_bytes();
        let mut run = 0;
        while run < bytes.len() {
            if plain(bytes[run]) {
                run += 1;
            } else if bytes[run] == b' ' && run > 0 && bytes.get(run + 1).is_some_and(|b| plain(*b))
            {
                run += 2;
            } else {
                break;
            }
        }
        if run > 0 {
            if space {
                out.push(' ');
                space = false;
            }
            out.push_str(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        rest = &rest[first.len_utf8()..];
        // ASCII whitespace is ASCII's own list (no vertical tab), as it always was here.
        let white = if first.is_ascii() {
            first.is_ascii_whitespace()
        } else {
            first == '\u{A0}' || first.is_whitespace()
        };
        if white {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match first {
            '`' | '’' | '‘' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' | '—' | '‑' => out.push('-'),
            c if c.is_ascii() => out.push(c),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.make_ascii_lowercase();
    out
}

/// Removes the template's bracketed instructions ("[Describe …]", "[delete …]") and
/// `[bookmark: …]` markers; returns the remaining text, trimmed.
pub fn strip_placeholders(s: &str) -> String {
    if !s.contains('[') {
        return collapse_whitespace(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open..];
        let Some(close) = after.find(']') else {
            break;
        };
        let bracket = &after[..=close];
        let is_instruction = dsa_model::validation::find_placeholder(bracket).is_some()
            || norm(bracket).starts_with("[bookmark");
        out.push_str(&rest[..open]);
        if !is_instruction {
            out.push_str(bracket);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    collapse_whitespace(&out)
}

/// Words separated by single spaces, without the intermediate word list.
fn collapse_whitespace(s: &str) -> String {
    // Most paragraphs are ASCII with single spaces already: copy them whole. One pass
    // decides: no byte outside ASCII, no whitespace but single inner spaces.
    let b = s.as_bytes();
    let mut prev_space = true; // a leading space is not single
    let clean = b.iter().all(|&c| {
        let ok = c.is_ascii() && !matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        let space = c == b' ';
        let ok = ok && !(space && prev_space);
        prev_space = space;
        ok
    }) && (!prev_space || b.is_empty());
    if clean {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether XML 1.0 forbids a character outright (C0 controls other than tab, newline and
/// carriage return; U+FFFE, U+FFFF): the XML exchange format cannot carry it at all.
pub fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Text with every character XML 1.0 forbids replaced by U+FFFD, and how many were
/// replaced: imported values must stay writable as XML, and the importer reports the
/// damage rather than failing the whole file.
pub fn replace_xml_forbidden(s: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let n = s.chars().filter(|c| is_xml_forbidden(*c)).count();
    if n == 0 {
        return (std::borrow::Cow::Borrowed(s), 0);
    }
    let replaced = s
        .chars()
        .map(|c| if is_xml_forbidden(c) { '\u{FFFD}' } else { c })
        .collect();
    (std::borrow::Cow::Owned(replaced), n)
}

/// Strips leading manual numbering ("2.4.1 ", "1. ", "5.4 – ", "a) ").
pub fn strip_numbering(s: &str) -> &str {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:(?:\d+\.)*\d+\.?|[A-Za-z]\)|\([a-z]\))\s*[-–—:]?\s*").expect("regex")
    });
    match RE.find(s) {
        Some(m) => &s[m.end()..],
        None => s,
    }
}

/// Whether the text starts with manual heading numbering like "2.4" or "3.".
pub fn has_section_number(s: &str) -> bool {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*\d+(?:\.\d+)*\.?\s+\S").expect("regex"));
    RE.is_match(s)
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// A date found in text, and whether the day had to be assumed ("April 2021").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The date.
    pub date: NaiveDate,
    /// True when only month and year were given (the 1st is assumed).
    pub day_assumed: bool,
    /// Byte offset of the date in the text.
    pub at: usize,
    /// Its length in bytes as written.
    pub len: usize,
}

/// Finds the first UK-style date in text: "01/04/2021", "1.4.21", "1st April 2021",
/// "1 Apr 2021", "April 1, 2021", "April 2021", "2021-04-01". Numeric dates are day-first,
/// as UK documents write them. The earliest full date in the text wins; a month and year
/// alone only when no full date is written.
pub fn find_date(s: &str) -> Option<FoundDate> {
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("regex"));
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b").expect("regex")
    });
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b")
            .expect("regex")
    });
    static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
            .expect("regex")
    });
    static MONTH_YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{4})\b").expect("regex"));
    let num = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    let mut best: Option<FoundDate> = None;
    let mut offer = |date: Option<NaiveDate>, m: Option<regex::Match<'_>>| {
        if let (Some(date), Some(m)) = (date, m) {
            if best.as_ref().is_none_or(|b| m.start() < b.at) {
                best = Some(FoundDate {
                    date,
                    day_assumed: false,
                    at: m.start(),
                    len: m.len(),
                });
            }
        }
    };
    for c in ISO.captures_iter(s) {
        let y = num(c.get(1)).and_then(|y| i32::try_from(y).ok());
        let d = y.and_then(|y| NaiveDate::from_ymd_opt(y, num(c.get(2))?, num(c.get(3))?));
        offer(d, c.get(0));
    }
    for c in NUMERIC.captures_iter(s) {
        let y = num(c.get(3)).and_then(|y| i32::try_from(y).ok()).map(|y| {
            if c.get(3).is_some_and(|m| m.len() == 2) {
                y + 2000
            } else {
                y
            }
        });
        let d = y.and_then(|y| NaiveDate::from_ymd_opt(y, num(c.get(2))?, num(c.get(1))?));
        offer(d, c.get(0));
    }
    for c in WORDS.captures_iter(s) {
        let y = num(c.get(3)).and_then(|y| i32::try_from(y).ok());
        let d = y.and_then(|y| NaiveDate::from_ymd_opt(y, month(&c[2])?, num(c.get(1))?));
        offer(d, c.get(0));
    }
    for c in MONTH_DAY.captures_iter(s) {
        let y = num(c.get(3)).and_then(|y| i32::try_from(y).ok());
        let d = y.and_then(|y| NaiveDate::from_ymd_opt(y, month(&c[1])?, num(c.get(2))?));
        offer(d, c.get(0));
    }
    if best.is_some() {
        return best;
    }
    for c in MONTH_YEAR.captures_iter(s) {
        if let Some(m) = month(&c[1]) {
            if let Some(date) = NaiveDate::from_ymd_opt(c[2].parse().ok()?, m, 1) {
                return Some(FoundDate {
                    date,
                    day_assumed: true,
                    at: c.get(0).map_or(0, |m| m.start()),
                    len: c.get(0).map_or(0, |m| m.len()),
                });
            }
        }
    }
    None
}

/// A lawful-basis condition cited in prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Citation {
    /// UK GDPR Article 6(1)(x).
    Art6(Article6Condition),
    /// UK GDPR Article 9(2)(x).
    Art9(Article9Condition),
    /// DPA 2018 Schedule 1 Part 1.
    Sch1P1(Schedule1Part1Condition),
    /// DPA 2018 Schedule 1 Part 2.
    Sch1P2(Schedule1Part2Condition),
    /// DPA 2018 Schedule 1 Part 3.
    Sch1P3(Schedule1Part3Condition),
    /// DPA 2018 Schedule 8.
    Sch8(Schedule8Condition),
}

fn art6(letter: &str) -> Option<Article6Condition> {
    Article6Condition::all()
        .iter()
        .copied()
        .find(|c| c.code().split('_').next() == Some(letter))
}

fn art9(letter: &str) -> Option<Article9Condition> {
    Article9Condition::all()
        .iter()
        .copied()
        .find(|c| c.code().split('_').next() == Some(letter))
}

fn by_para<C: CodeList>(para: u32) -> Option<C> {
    C::all().iter().copied().find(|c| {
        c.citation()
            .and_then(|cit| cit.rsplit("para ").next())
            .and_then(|p| p.parse::<u32>().ok())
            == Some(para)
    })
}

/// The DPA 2018 Schedule 1 condition with this paragraph number, in whichever Part.
pub fn schedule1_para(para: u32) -> Option<Citation> {
    match para {
        1..=4 => by_para(para).map(Citation::Sch1P1),
        6..=28 => by_para(para).map(Citation::Sch1P2),
        29..=37 => by_para(para).map(Citation::Sch1P3),
        _ => None,
    }
}

/// Every lawful-basis condition cited in the text, in any common notation:
/// "Article 6(1)(e)", "Art. 6.1(c)", "6(1)(e) UK GDPR", "Article 9(2)(g)",
/// "Schedule 1, Part 2, paragraph 18", "Sch 1 para 18", "Schedule 8 paragraph 4".
pub fn find_citations(s: &str) -> Vec<Citation> {
    static ART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
            (?:\b(?:article|art)\.?\s*)?
            \b([69])\s*(?:\(\s*([12])\s*\)|\.\s*([12]))\s*
            (?:\(\s*(ea|[a-j])\s*\)|\.\s*(ea|[a-j])\b|\s(ea|[a-j])\))",
        )
        .expect("regex")
    });
    static SCH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
            \b(?:schedule|sch)\.?\s*([18])\b
            (?:[\s,]*(?:part|pt)\.?\s*([123]))?
            [\s,]*(?:paragraph|para|paras|§)\.?\s*(\d{1,2})\b",
        )
        .expect("regex")
    });
    // "paragraph 18 of Schedule 1 to the Data Protection Act 2018", "para. 10 of Part 2 of
    // Schedule 1".
    static PARA_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
            \b(?:paragraph|para|paras)\.?\s*(\d{1,2})\s+
            (?:of|in)\s+(?:(?:part|pt)\.?\s*[123]\s+(?:of|in)\s+)?
            (?:schedule|sch)\.?\s*([18])\b",
        )
        .expect("regex")
    });
    let mut out = Vec::new();
    for c in ART.captures_iter(s) {
        // A bare "6(1)(e)" counts only with "Article" before it or GDPR after it.
        let whole = c.get(0).map(|m| m.as_str()).unwrap_or("");
        let end = c.get(0).map(|m| m.end()).unwrap_or(0);
        // The next 40 characters (not bytes: a byte count can end inside a character).
        let after = norm(&s[end..].chars().take(40).collect::<String>());
        let prefixed = norm(whole).starts_with("art");
        if !prefixed
            && !after.trim_start().starts_with("uk gdpr")
            && !after.trim_start().starts_with("gdpr")
            && !after.trim_start().starts_with("of the uk gdpr")
            && !after.trim_start().starts_with("of the gdpr")
            && !after.trim_start().starts_with("of uk gdpr")
        {
            continue;
        }
        let para = c.get(2).or(c.get(3)).map(|m| m.as_str());
        let letter = c
            .get(4)
            .or(c.get(5))
            .or(c.get(6))
            .map(|m| m.as_str().to_lowercase());
        let Some(letter) = letter else { continue };
        match (&c[1], para) {
            ("6", Some("1")) => {
                if let Some(x) = art6(&letter) {
                    out.push(Citation::Art6(x));
                }
            }
            ("9", Some("2")) => {
                if let Some(x) = art9(&letter) {
                    out.push(Citation::Art9(x));
                }
            }
            _ => {}
        }
    }
    for c in SCH.captures_iter(s) {
        let Ok(para) = c[3].parse::<u32>() else {
            continue;
        };
        match &c[1] {
            "1" => {
                if let Some(x) = schedule1_para(para) {
                    out.push(x);
                }
            }
            "8" => {
                if let Some(x) = by_para(para) {
                    out.push(Citation::Sch8(x));
                }
            }
            _ => {}
        }
    }
    for c in PARA_OF.captures_iter(s) {
        let Ok(para) = c[1].parse::<u32>() else {
            continue;
        };
        match &c[2] {
            "1" => out.extend(schedule1_para(para)),
            "8" => out.extend(by_para(para).map(Citation::Sch8)),
            _ => {}
        }
    }
    out.extend(described_conditions(s));
    let mut seen = Vec::new();
    out.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    out
}

/// Conditions given by their description with the letter after it: "necessary for
/// compliance with a legal obligation (c)", "the performance of a task carried out in the
/// public interest (e)". A letter counts only when most of the words of that condition's
/// wording stand just before it, so "(a)" in a numbered list is no condition.
fn described_conditions(s: &str) -> Vec<Citation> {
    static LETTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\((ea|[a-j])\)").expect("regex"));
    const STOP: &[&str] = &[
        "the", "of", "a", "an", "for", "or", "and", "in", "to", "by", "such", "as", "purposes",
        "area", "whenever",
    ];
    fn words(w: &str) -> Vec<String> {
        let w = norm(w);
        let w = w
            .split_once(") ")
            .map_or(w.as_str(), |(_, r)| r)
            .to_string();
        w.split(|c: char| !c.is_alphanumeric())
            .filter(|x| x.len() > 2 && !STOP.contains(x))
            .map(str::to_string)
            .collect()
    }
    fn share(wording: &str, before: &str) -> f64 {
        let ws = words(wording);
        if ws.is_empty() {
            return 0.0;
        }
        let hit = ws.iter().filter(|w| before.contains(w.as_str())).count();
        hit as f64 / ws.len() as f64
    }
    let mut out = Vec::new();
    for c in LETTER.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        // The text of this clause before the letter.
        let start = s[..m.start()]
            .rfind(['.', ';', '(', ')'])
            .map_or(0, |i| i + 1);
        let before = norm(&s[start..m.start()]);
        let letter = c[1].to_lowercase();
        let a6 = art6(&letter).map(|x| (share(x.wording(), &before), Citation::Art6(x)));
        let a9 = art9(&letter).map(|x| (share(x.wording(), &before), Citation::Art9(x)));
        let best = [a6, a9]
            .into_iter()
            .flatten()
            .filter(|(sh, _)| *sh >= 0.6)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((_, cit)) = best {
            out.push(cit);
        }
    }
    out
}

/// Records a cited condition on an agreement, for the parties unspecified, unless it is
/// already there. Returns the JSON Pointer of the new entry, or `None` when it was not new.
pub fn apply_citation(a: &mut dsa_model::Agreement, c: Citation) -> Option<String> {
    use dsa_model::{Applicability, Chosen};
    fn push<C: Copy + PartialEq>(list: &mut Vec<Chosen<C>>, cond: C, base: &str) -> Option<String> {
        if list.iter().any(|x| x.condition == cond) {
            return None;
        }
        list.push(Chosen {
            condition: cond,
            applies_to: Applicability::Unspecified,
            note: None,
        });
        Some(format!("{base}/{}", list.len() - 1))
    }
    let lb = &mut a.lawful_basis;
    match c {
        Citation::Art6(x) => push(&mut lb.article6, x, "/lawful_basis/article6"),
        Citation::Art9(x) => push(&mut lb.article9, x, "/lawful_basis/article9"),
        Citation::Sch1P1(x) => push(&mut lb.schedule1_part1, x, "/lawful_basis/schedule1_part1"),
        Citation::Sch1P2(x) => push(&mut lb.schedule1_part2, x, "/lawful_basis/schedule1_part2"),
        Citation::Sch1P3(x) => push(&mut lb.schedule1_part3, x, "/lawful_basis/schedule1_part3"),
        Citation::Sch8(x) => {
            let le = a.law_enforcement.get_or_insert_with(Default::default);
            push(&mut le.schedule8, x, "/law_enforcement/schedule8")
        }
    }
}

/// Acts of Parliament cited in text, with the section when given:
/// "section 115 Crime and Disorder Act 1998" → ("Crime and Disorder Act 1998", Some("115")).
pub fn find_acts(s: &str) -> Vec<(String, Option<String>)> {
    static SECTION_ACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)\b(?:[Ss]ection|[Ss]ections|s\.?|ss\.?)\s*(\d+[A-Z]?(?:\s*(?:and|,|-|–)\s*\d+[A-Z]?)*)\s+(?:of\s+)?(?:the\s+)?((?:[A-Z][A-Za-z'’-]*(?:\s+|,\s*)(?:and\s+|of\s+|for\s+|&\s+)?)+Act\s+\d{4})",
        )
        .expect("regex")
    });
    static ACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b((?:[A-Z][A-Za-z'’-]*(?:\s+|,\s*)(?:and\s+|of\s+|for\s+|&\s+)?)+Act\s+\d{4})(?:\s*(?:,\s*)?\b(?:s\.?|section)\s*(\d+[A-Z]?))?")
            .expect("regex")
    });
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for c in SECTION_ACT.captures_iter(s) {
        let act = clean_act(&c[2]);
        out.push((act, Some(c[1].trim().to_string())));
    }
    for c in ACT.captures_iter(s) {
        let act = clean_act(&c[1]);
        if !out.iter().any(|(a, _)| *a == act) {
            out.push((act, c.get(2).map(|m| m.as_str().to_string())));
        }
    }
    out
}

fn clean_act(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("The ").unwrap_or(s);
    // Drop leading words that are not part of the Act's name ("Under", "And").
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.len() > 3
        && matches!(
            words[0],
            "Under" | "And" | "In" | "See" | "Both" | "Also" | "Per" | "Section" | "Sections"
        )
    {
        words.remove(0);
    }
    words.join(" ")
}

/// An organisation recognised from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownOrg {
    /// Stable party id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: PartyKind,
    /// London authority, when it is one.
    pub london_authority: Option<LondonAuthority>,
}

/// Recognises an organisation name: the 33 London authorities with their aliases,
/// and the pan-London bodies that sign these agreements.
pub fn recognise_org(name: &str) -> Option<KnownOrg> {
    // Stray punctuation around a name, but not the brackets of "(London Region)".
    let cleaned = name.trim().trim_matches(|c: char| {
        (c.is_ascii_punctuation() && !matches!(c, '(' | ')')) || c.is_whitespace()
    });
    let cleaned = cleaned
        .strip_prefix("the ")
        .or_else(|| cleaned.strip_prefix("The "))
        .unwrap_or(cleaned);
    if cleaned.is_empty() {
        return None;
    }
    if let Some(la) = LondonAuthority::resolve(cleaned) {
        return Some(KnownOrg {
            id: la.code().replace('_', "-"),
            name: la.wording().to_string(),
            kind: la.party_kind(),
            london_authority: Some(la),
        });
    }
    let n = norm(cleaned);
    let table: &[(&[&str], &str, &str, PartyKind)] = &[
        (
            &[
                "metropolitan police service",
                "metropolitan police",
                "met police",
                "mps",
                "the met",
                "police",
                "metropolitan police service (mps)",
            ],
            "met-police",
            "Metropolitan Police Service",
            PartyKind::Police,
        ),
        (
            &["city of london police", "col police"],
            "city-of-london-police",
            "City of London Police",
            PartyKind::Police,
        ),
        (
            &["british transport police", "btp"],
            "british-transport-police",
            "British Transport Police",
            PartyKind::Police,
        ),
        (
            &[
                "probation service",
                "the probation service",
                "national probation service",
                "nps",
                "probation",
                "hm prison and probation service",
                "hmpps",
                "london crc",
                "probation service (london region)",
                "the probation service (london region)",
            ],
            "probation",
            "The Probation Service",
            PartyKind::Probation,
        ),
        (
            &["london fire brigade", "lfb"],
            "london-fire-brigade",
            "London Fire Brigade",
            PartyKind::FireRescue,
        ),
        (
            &[
                "london ambulance service",
                "las",
                "london ambulance service nhs trust",
            ],
            "london-ambulance-service",
            "London Ambulance Service NHS Trust",
            PartyKind::Ambulance,
        ),
        (
            &["department for work and pensions", "dwp"],
            "dwp",
            "Department for Work and Pensions",
            PartyKind::CentralGovernment,
        ),
        (
            &["home office"],
            "home-office",
            "Home Office",
            PartyKind::CentralGovernment,
        ),
        (
            &[
                "youth justice board",
                "yjb",
                "youth justice board for england and wales",
            ],
            "youth-justice-board",
            "Youth Justice Board for England and Wales",
            PartyKind::CentralGovernment,
        ),
        (
            &[
                "counter terrorism policing",
                "ctp",
                "counter terrorism policing (ctp)",
            ],
            "counter-terrorism-policing",
            "Counter Terrorism Policing",
            PartyKind::Police,
        ),
        (
            &["greater london authority", "gla"],
            "gla",
            "Greater London Authority",
            PartyKind::Other,
        ),
        (
            &["mopac", "mayor's office for policing and crime"],
            "mopac",
            "Mayor's Office for Policing and Crime",
            PartyKind::Other,
        ),
    ];
    for (aliases, id, canon, kind) in table {
        if aliases.iter().any(|a| *a == n) {
            return Some(KnownOrg {
                id: (*id).to_string(),
                name: (*canon).to_string(),
                kind: *kind,
                london_authority: None,
            });
        }
    }
    let kind = if n.contains("nhs") && (n.contains("trust") || n.contains("foundation")) {
        Some(PartyKind::NhsTrust)
    } else if n.contains("integrated care board") || n.ends_with(" icb") {
        Some(PartyKind::IntegratedCareBoard)
    } else if n.contains("youth offending") || n.contains("youth justice") {
        Some(PartyKind::YouthJustice)
    } else if n.contains("police") {
        Some(PartyKind::Police)
    } else if n.contains("fire") && n.contains("rescue") {
        Some(PartyKind::FireRescue)
    } else if n.contains("school") || n.contains("college") || n.contains("academy") {
        Some(PartyKind::Education)
    } else if n.contains("housing") || n.contains("homes") {
        Some(PartyKind::HousingProvider)
    } else if n.contains("charity") || n.contains("trust") || n.contains("voluntary") {
        Some(PartyKind::Voluntary)
    } else {
        None
    }?;
    Some(KnownOrg {
        id: slug(cleaned),
        name: cleaned.to_string(),
        kind,
        london_authority: None,
    })
}

/// A lower-case, hyphenated id from a name.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    // "King's" → "kings", not "king-s".
    for w in norm(s)
        .replace('\'', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// Splits a multi-party cell: "Camden, Islington and MPS" → ["Camden", "Islington", "MPS"].
/// "X and Y" is kept whole when it names a London borough ("Barking and Dagenham").
/// A name without its defined-term suffix: "Metropolitan Police Service (“the MPS”)" →
/// "Metropolitan Police Service"; also `(the "Council")`, `(hereafter "LBH")`, and one
/// whose closing bracket was lost.
pub fn strip_defined_term(s: &str) -> &str {
    static TERM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)\s*\(\s*(?:(?:hereafter|hereinafter)\s+)?(?:(?:the|a)\s+)?["“”'‘’][^()]{0,60}\)?\s*$"#)
            .expect("regex")
    });
    match TERM.find(s) {
        Some(m) if m.start() > 0 => s[..m.start()].trim_end(),
        _ => s,
    }
}

pub fn split_names(s: &str) -> Vec<String> {
    static SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*(?:;|,|\n|/|\band\b|&)\s*").expect("regex"));
    // A bilingual name, "Cyngor Caerdydd / Cardiff Council", is one organisation: its
    // slash is kept out of the split (as U+2215) and put back after.
    static BILINGUAL: LazyLock<Regex> = LazyLock::new(|| {
        let welsh = r"(?:cyngor|heddlu|bwrdd|prifysgol|ymddiriedolaeth|gwasanaeth|llywodraeth|awdurdod|comisiynydd|coleg|ysgol|cymdeithas|iechyd)";
        Regex::new(&format!(
            r"(?i)\b{welsh}\b[^;,/\n&]*?\s/\s[^;,/\n&]+|[^;,/\n&]+?\s/\s{welsh}\b[^;,/\n&]*"
        ))
        .expect("regex")
    });
    let protected =
        BILINGUAL.replace_all(s, |c: &regex::Captures| c[0].replace(" / ", " \u{2215} "));
    let raw: Vec<String> = SPLIT
        .split(&protected)
        .map(|p| p.replace('\u{2215}', "/"))
        .collect();
    let raw: Vec<&str> = raw.iter().map(String::as_str).collect();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let cur = raw[i].trim();
        // A bilingual name is whole already.
        if i + 1 < raw.len() && !cur.contains(" / ") {
            let joined = format!("{} and {}", cur, raw[i + 1].trim());
            // Keep "X and Y" whole when it is one organisation's name: a borough
            // ("Barking and Dagenham") or a body whose first part alone names nothing
            // ("Central and North West London NHS Foundation Trust").
            if LondonAuthority::resolve(&joined).is_some()
                || (recognise_org(&joined).is_some() && recognise_org(cur).is_none())
            {
                parts.push(joined);
                i += 2;
                continue;
            }
        }
        let cur = strip_defined_term(cur);
        if !cur.is_empty() {
            parts.push(cur.to_string());
        }
        i += 1;
    }
    parts
}

#[cfg(test)]
mod bilingual_tests {
    use super::*;

    #[test]
    fn a_welsh_and_english_name_is_one_organisation() {
        assert_eq!(
            split_names("Cyngor Caerdydd / Cardiff Council; Heddlu De Cymru / South Wales Police"),
            [
                "Cyngor Caerdydd / Cardiff Council",
                "Heddlu De Cymru / South Wales Police"
            ]
        );
        assert_eq!(
            split_names("Cardiff Council / Cyngor Caerdydd, Camden"),
            ["Cardiff Council / Cyngor Caerdydd", "Camden"]
        );
        // An ordinary slash still separates.
        assert_eq!(split_names("Camden / Islington"), ["Camden", "Islington"]);
    }
}

#[cfg(test)]
mod defined_term_tests {
    use super::*;

    #[test]
    fn defined_terms() {
        for (s, want) in [
            (
                "Metropolitan Police Service (“the MPS”)",
                "Metropolitan Police Service",
            ),
            (
                "London Borough of Hackney (the \"Council\")",
                "London Borough of Hackney",
            ),
            (
                "Royal Borough of Kingston upon Thames (“the Council”",
                "Royal Borough of Kingston upon Thames",
            ),
            ("London Fire Brigade", "London Fire Brigade"),
            ("Probation Service (London)", "Probation Service (London)"),
        ] {
            assert_eq!(strip_defined_term(s), want);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The character-by-character form `norm` had before its fast path: the two must agree.
    fn norm_reference(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut space = false;
        for c in s.chars() {
            if c.is_ascii() {
                if c.is_ascii_whitespace() {
                    space = !out.is_empty();
                    continue;
                }
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(if c == '`' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                });
                continue;
            }
            let c = match c {
                '’' | '‘' => '\'',
                '“' | '”' => '"',
                '–' | '—' | '‑' => '-',
                '\u{A0}' => ' ',
                c => c,
            };
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
        out
    }

    #[test]
    fn collapse_whitespace_fast_path_agrees_with_splitting() {
        let reference = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for c in [
            "",
            " ",
            "a",
            "a b",
            " a b",
            "a b ",
            "a  b",
            "a\tb",
            "a\nb",
            "a\u{B}b",
            "a\u{C}b",
            "a\rb",
            "a\u{A0}b",
            "a\u{2003}b",
            "plain sentence, with punctuation.",
        ] {
            assert_eq!(collapse_whitespace(c), reference(c), "{c:?}");
        }
    }

    #[test]
    fn norm_agrees_with_the_character_by_character_form() {
        let cases = [
            "",
            "  Data  Sharing\tAgreement\n",
            "DATA `quoted’ “double” – dash\u{A0}nbsp",
            "İstanbul KELVIN \u{212A} ÉCOLE straße ΣΊΣΥΦΟΣ",
            "\u{1}ctl\u{7f}del\u{2003}em space\u{3000}\u{B}vt\u{C}ff\u{85}nel",
            "tail   ",
            "   ",
        ];
        for c in cases {
            assert_eq!(norm(c), norm_reference(c), "{c:?}");
        }
        // Every character class the fast path splits on, in many combinations.
        let alphabet: Vec<char> = "aZ `’‘“”–—‑\u{A0}\t\n\u{B}\u{C}İ\u{212A}É\u{1}\u{2003}.9  b"
            .chars()
            .collect();
        let mut state = 0x2545F4914F6CDD1Du64;
        for _ in 0..20_000 {
            let len = (state % 12) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(norm(&text), norm_reference(&text), "{text:?}");
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(collapse_whitespace(&text), words.join(" "), "{text:?}");
        }
    }

    use super::*;

    /// Fuzz finding: the text after a citation was cut at 40 bytes, inside a character.
    #[test]
    fn citation_context_is_cut_by_characters() {
        for pad in 0..8 {
            let s = format!(
                "Article 6(1)(e) {}{}",
                "x".repeat(pad),
                "\u{FFFD}".repeat(30)
            );
            let _ = find_citations(&s);
        }
        let s = format!("Art 2(1)(e) {} of the UK GDPR", "é".repeat(12));
        let _ = find_citations(&s);
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(find_date("01/04/2021").unwrap().date, d(2021, 4, 1));
        assert_eq!(
            find_date("signed 1st April 2021.").unwrap().date,
            d(2021, 4, 1)
        );
        assert_eq!(find_date("on 31 Mar 2024").unwrap().date, d(2024, 3, 31));
        let f = find_date("from April 2021").unwrap();
        assert_eq!((f.date, f.day_assumed), (d(2021, 4, 1), true));
        assert_eq!(find_date("2024-03-31").unwrap().date, d(2024, 3, 31));
        assert_eq!(find_date("1.4.21").unwrap().date, d(2021, 4, 1));
        assert!(find_date("31/02/2021").is_none());
        assert!(find_date("N/A if ongoing").is_none());
        // Every written form the corpus conventions name, and the earliest of two.
        for s in [
            "04/10/2020",
            "4 October 2020",
            "October 4, 2020",
            "4th October 2020",
            "2020-10-04",
            "04.10.2020",
            "4 Oct 2020",
            "comes into effect on October 4th, 2020.",
        ] {
            assert_eq!(find_date(s).map(|f| f.date), Some(d(2020, 10, 4)), "{s}");
        }
        let two = find_date("reviewed on 4 October 2021, first published 01/02/2020").unwrap();
        assert_eq!(two.date, d(2021, 10, 4));
    }

    #[test]
    fn citations_in_any_notation() {
        use Citation::*;
        let c = find_citations("Article 6(1)(e) and Art. 6.1(c) of the UK GDPR");
        assert_eq!(
            c,
            vec![
                Art6(Article6Condition::PublicTask),
                Art6(Article6Condition::LegalObligation)
            ]
        );
        let c = find_citations("relying on 6(1)(e) UK GDPR and Article 9(2)(g)");
        assert_eq!(
            c,
            vec![
                Art6(Article6Condition::PublicTask),
                Art9(Article9Condition::SubstantialPublicInterest)
            ]
        );
        let c = find_citations(
            "Schedule 1, Part 2, paragraph 18 and Sch 1 para 10; Schedule 8 paragraph 4",
        );
        assert_eq!(
            c,
            vec![
                Sch1P2(Schedule1Part2Condition::Safeguarding),
                Sch1P2(Schedule1Part2Condition::PreventingUnlawfulActs),
                Sch8(Schedule8Condition::Safeguarding)
            ]
        );
        assert!(find_citations("see section 6(1)(e) of the Housing Act").is_empty());
        assert_eq!(
            find_citations("Processing is necessary for the performance of a task carried out in the public interest (e)."),
            vec![Art6(Article6Condition::PublicTask)]
        );
        assert_eq!(
            find_citations("compliance with a legal obligation (c) and the vital interests of the data subject (d)"),
            vec![Art6(Article6Condition::LegalObligation), Art6(Article6Condition::VitalInterests)]
        );
        assert!(
            find_citations("the parties will (a) share data and (b) keep it secure").is_empty()
        );
        let c = find_citations(
            "paragraph 18 of Schedule 1 to the Data Protection Act 2018 (safeguarding); \
             DPA 2018 Sch. 1 Pt. 2 para. 10; para. 2 of Part 1 of Schedule 1; \
             paragraph 4 of Schedule 8",
        );
        assert_eq!(
            c,
            vec![
                Sch1P2(Schedule1Part2Condition::PreventingUnlawfulActs),
                Sch1P2(Schedule1Part2Condition::Safeguarding),
                Sch1P1(Schedule1Part1Condition::HealthOrSocialCare),
                Sch8(Schedule8Condition::Safeguarding),
            ]
        );
    }

    #[test]
    fn acts() {
        let a =
            find_acts("under section 115 Crime and Disorder Act 1998 and the Children Act 2004");
        assert_eq!(
            a[0],
            (
                "Crime and Disorder Act 1998".to_string(),
                Some("115".to_string())
            )
        );
        assert!(a.iter().any(|(n, _)| n == "Children Act 2004"));
    }

    #[test]
    fn organisations() {
        assert_eq!(recognise_org("MPS").unwrap().id, "met-police");
        assert_eq!(recognise_org("LB Camden").unwrap().id, "camden");
        assert_eq!(recognise_org("RBKC").unwrap().id, "kensington-and-chelsea");
        assert_eq!(
            recognise_org("Whittington Health NHS Trust").unwrap().kind,
            PartyKind::NhsTrust
        );
        assert!(recognise_org("All parties").is_none());
    }

    #[test]
    fn names_split() {
        assert_eq!(
            split_names("Camden, Islington and MPS"),
            vec!["Camden", "Islington", "MPS"]
        );
        assert_eq!(
            split_names("Kensington & Chelsea; Barking and Dagenham"),
            vec!["Kensington and Chelsea", "Barking and Dagenham"]
        );
    }

    #[test]
    fn names_joined_when_one_organisation() {
        assert_eq!(
            split_names("St Mungo's; Central and North West London NHS Foundation Trust"),
            vec![
                "St Mungo's",
                "Central and North West London NHS Foundation Trust"
            ]
        );
        assert_eq!(
            split_names("Metropolitan Police and Probation Service"),
            vec!["Metropolitan Police", "Probation Service"]
        );
    }

    #[test]
    fn placeholders_removed() {
        assert_eq!(
            strip_placeholders("[Describe the purpose(s) for each party]"),
            ""
        );
        assert_eq!(
            strip_placeholders(
                "The parties will [Describe how complaints will be handled] route complaints"
            ),
            "The parties will route complaints"
        );
        assert_eq!(
            strip_placeholders("[bookmark: _heading=h.1] Purpose"),
            "Purpose"
        );
        assert_eq!(
            strip_numbering("2.4.1 Part 2 processing"),
            "Part 2 processing"
        );
    }
}
