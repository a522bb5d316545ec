//! How people mark a chosen option in a template table, and matching an option's
//! label to a code list by meaning rather than exact wording.

use dsa_model::CodeList;

use dsa_text::{norm, strip_placeholders};

/// What the "Applicable party" cell (or a tick box) says about a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Nothing written.
    Empty,
    /// Unchosen: ☐, "No", "N/A", "-".
    Negative,
    /// Chosen, for all parties: "All parties".
    All,
    /// Chosen, parties not said: ☒, ✓, "X", "Yes".
    Positive,
    /// Chosen for the named parties.
    Parties(Vec<String>),
}

impl Mark {
    /// Whether the row is chosen by this mark.
    pub fn chosen(&self) -> bool {
        matches!(self, Mark::All | Mark::Positive | Mark::Parties(_))
    }
}

const POSITIVE_GLYPHS: &[char] = &['☒', '☑', '✓', '✔', '✗', '✘', '■', '⊠'];
const NEGATIVE_GLYPHS: &[char] = &['☐', '□', '○', '❑', '❒'];

/// Reads a mark cell's (unstruck) text.
pub fn parse_mark(text: &str) -> Mark {
    let mut positive_glyph = false;
    let mut negative_glyph = false;
    let mut rest = String::new();
    for c in strip_placeholders(text).chars() {
        if POSITIVE_GLYPHS.contains(&c) {
            positive_glyph = true;
        } else if NEGATIVE_GLYPHS.contains(&c) {
            negative_glyph = true;
        } else {
            rest.push(c);
        }
    }
    let r = norm(&rest);
    let r = r.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ':');
    if r.is_empty() {
        return if positive_glyph {
            Mark::Positive
        } else if negative_glyph {
            Mark::Negative
        } else {
            Mark::Empty
        };
    }
    match r {
        "x" | "yes" | "y" | "applicable" | "applies" | "tick" | "ticked" | "selected" => {
            return Mark::Positive
        }
        "no" | "n" | "n/a" | "na" | "-" | "not applicable" | "none" | "does not apply" => {
            return Mark::Negative
        }
        "all"
        | "all parties"
        | "all partners"
        | "all agencies"
        | "all organisations"
        | "all signatories"
        | "all parties to this agreement" => return Mark::All,
        _ => {}
    }
    if negative_glyph && !positive_glyph {
        return Mark::Negative;
    }
    if r.starts_with("all parties") || r.starts_with("all partners") {
        return Mark::All;
    }
    // "X – Camden, Islington", "Yes: MPS": a positive word, then the parties.
    let rest_trim = rest.trim();
    if let Some((head, tail)) = rest_trim
        .split_once(|c: char| c.is_whitespace() || matches!(c, '–' | '-' | ':' | ',' | '('))
    {
        if matches!(norm(head).as_str(), "x" | "yes" | "y") {
            let tail = tail.trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '–' | '-' | ':' | ',' | '(' | ')')
            });
            if !tail.is_empty() {
                return parse_mark(&format!("☒ {tail}"));
            }
        }
    }
    Mark::Parties(dsa_text::split_names(rest_trim))
}

/// A checkbox's state as a mark (`Run::check`): ticked is chosen, unticked is not.
pub fn from_check(check: Option<bool>) -> Option<Mark> {
    check.map(|c| if c { Mark::Positive } else { Mark::Negative })
}

/// A label cell's text (unstruck, without a leading tick) and its mark: the checkbox's own
/// state when the cell starts with one, else a tick typed before the text.
pub fn cell_label(cell: &crate::blocks::Cell) -> (String, Option<Mark>) {
    let (label, typed) = split_inline_mark(&cell.unstruck_text());
    (label, from_check(cell.leading_check()).or(typed))
}

/// Whether a label starts with a tick or box (`split_inline_mark` would find one), without
/// copying it: this is asked of every paragraph.
pub fn has_inline_mark(s: &str) -> bool {
    let t = s.trim_start();
    match t.chars().next() {
        Some(c) if POSITIVE_GLYPHS.contains(&c) || NEGATIVE_GLYPHS.contains(&c) => true,
        Some('[' | '(') => split_inline_mark(t).1.is_some(),
        _ => false,
    }
}

/// A tick or box written before an option's label: "☒ e) public task", "[X] Patients",
/// "[ ] Victims", "(x) Name". Returns the label without it and the mark, if any. Checkbox
/// controls and Wingdings boxes reach here as ☒/☐ (the parser writes their state so).
pub fn split_inline_mark(s: &str) -> (String, Option<Mark>) {
    let t = s.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if POSITIVE_GLYPHS.contains(&c) => {
            return (chars.as_str().trim().to_string(), Some(Mark::Positive))
        }
        Some(c) if NEGATIVE_GLYPHS.contains(&c) => {
            return (chars.as_str().trim().to_string(), Some(Mark::Negative))
        }
        _ => {}
    }
    // "[X]", "[x]", "[✓]", "[ ]", "[]", and the same in round brackets.
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(end) = rest.find(close).filter(|e| *e <= 4) {
                let inside = rest[..end].trim();
                let label = rest[end + close.len_utf8()..].trim();
                if label.is_empty() {
                    break;
                }
                let mark = match inside {
                    "" => Mark::Negative,
                    "x" | "X" | "✓" | "✔" | "☒" => Mark::Positive,
                    _ => break,
                };
                return (label.to_string(), Some(mark));
            }
        }
    }
    (s.to_string(), None)
}

/// Drops a leading option letter: "c) legal obligation" → "legal obligation".
fn strip_letter(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(close) = t.find(')') {
        let head = &t[..close];
        let head = head.trim_start_matches('(');
        if !head.is_empty() && head.len() <= 2 && head.chars().all(|c| c.is_ascii_alphabetic()) {
            return t[close + 1..].trim_start();
        }
    }
    t
}

fn letter_of(s: &str) -> Option<String> {
    let t = s.trim_start().trim_start_matches('(');
    let close = t.find(')')?;
    let head = &t[..close];
    (!head.is_empty() && head.len() <= 2 && head.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| head.to_lowercase())
}

/// A code-list wording, normalised and without its option letter, with its
/// precomputed edit-distance pattern.
struct Wording {
    text: String,
    /// Length in characters (the edit distance's unit).
    chars: usize,
    /// rapidfuzz's bit-parallel Levenshtein (Hyyrö) with the pattern built once per
    /// wording: option labels are matched in every table of every document.
    comparator: rapidfuzz::distance::levenshtein::BatchComparator<char>,
}

/// Normalised wordings of a code list, computed once per list.
fn normalised_wordings<C: CodeList>() -> std::sync::Arc<Vec<Wording>> {
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex};
    type Cache = Mutex<HashMap<&'static str, Arc<Vec<Wording>>>>;
    static CACHE: LazyLock<Cache> = LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut cache = match CACHE.lock() {
        Ok(c) => c,
        Err(poisoned) => poisoned.into_inner(),
    };
    cache
        .entry(C::NAME)
        .or_insert_with(|| {
            Arc::new(
                C::all()
                    .iter()
                    .map(|c| {
                        let text = norm(strip_letter(&norm(c.wording())));
                        let comparator =
                            rapidfuzz::distance::levenshtein::BatchComparator::new(text.chars());
                        Wording {
                            chars: text.chars().count(),
                            text,
                            comparator,
                        }
                    })
                    .collect(),
            )
        })
        .clone()
}

/// The lowest edit-distance similarity (1 − distance / longer length) accepted as
/// the same wording.
const NEAR_MISS: f64 = 0.8;

/// Matches an option label to a code-list variant: exact wording (1.0), one containing
/// the other, the article letter for Article 6/9 lists, else the closest wording by
/// edit distance when it is close enough. Returns the confidence.
pub fn match_code<C: CodeList>(label: &str) -> Option<(C, f64)> {
    thread_local! {
        /// Per code list (by name): label to (index into `C::all()`, score).
        static MEMO: crate::memo::Memo<Option<(usize, f64)>> = crate::memo::memo();
    }
    crate::memo::remembered(&MEMO, C::NAME, label, || {
        match_code_uncached::<C>(label)
            .and_then(|(c, s)| C::all().iter().position(|x| *x == c).map(|i| (i, s)))
    })
    .and_then(|(i, s)| C::all().get(i).map(|c| (*c, s)))
}

fn match_code_uncached<C: CodeList>(label: &str) -> Option<(C, f64)> {
    let cleaned = strip_placeholders(label);
    let l_full = norm(&cleaned);
    let l = norm(strip_letter(&l_full));
    if l.is_empty() {
        return None;
    }
    let l_chars = l.chars().count();
    let near_miss = rapidfuzz::distance::levenshtein::Args::default().score_cutoff(NEAR_MISS);
    let mut best: Option<(C, f64)> = None;
    let wordings = normalised_wordings::<C>();
    for (c, w) in C::all().iter().zip(wordings.iter()) {
        let text = w.text.as_str();
        let score = if text == l {
            return Some((*c, 1.0));
        } else if (l.len() >= 8 && text.contains(&l)) || (text.len() >= 8 && l.contains(text)) {
            // The closer the lengths, the better: "personal data relating to criminal"
            // is nearer "personal data relating to criminal convictions…" than "personal data".
            let (a, b) = (
                l.len().min(text.len()) as f64,
                l.len().max(text.len()) as f64,
            );
            0.9 + 0.09 * (a / b)
        } else {
            // Only a near miss counts, and the distance is at least the difference in
            // length: skip the comparison when that alone rules it out.
            let w_chars = w.chars;
            let (short, long) = (l_chars.min(w_chars), l_chars.max(w_chars));
            if (short as f64) < (long as f64) * NEAR_MISS {
                0.0
            } else {
                w.comparator
                    .normalized_similarity_with_args(l.chars(), &near_miss)
                    .unwrap_or(0.0)
            }
        };
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((*c, score));
        }
    }
    if let Some((c, s)) = best {
        if s >= NEAR_MISS {
            return Some((c, s));
        }
    }
    // "e)" alone, or a paraphrase with the right letter, for Article 6/9 lists.
    if let Some(letter) = letter_of(&l_full) {
        for c in C::all() {
            if c.code().split('_').next() == Some(letter.as_str())
                && c.citation()
                    .is_some_and(|cit| cit.starts_with("UK GDPR Art"))
            {
                return Some((*c, 0.85));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use dsa_model::{Article6Condition, Schedule1Part2Condition};

    /// The memo gives what matching gives, first time and when remembered, for every
    /// wording of two lists, the same label under both lists, and near misses.
    #[test]
    fn remembered_matches_equal_computed_ones() {
        fn check<C: CodeList>(label: &str) -> bool {
            let computed = match_code_uncached::<C>(label);
            assert_eq!(match_code::<C>(label), computed, "{} {label:?}", C::NAME);
            assert_eq!(match_code::<C>(label), computed, "{} {label:?}", C::NAME);
            computed.is_some()
        }
        let mut labels: Vec<String> = Vec::new();
        for w in Article6Condition::all().iter().map(|c| c.wording()) {
            let half: String = w.chars().take(w.chars().count() / 2).collect();
            labels.extend([w.to_string(), format!("(a) {w}"), half]);
        }
        for w in Schedule1Part2Condition::all().iter().map(|c| c.wording()) {
            labels.extend([w.to_string(), w.replace('e', "a"), w.to_uppercase()]);
        }
        let mut matched = 0;
        for l in &labels {
            matched += usize::from(check::<Article6Condition>(l));
            matched += usize::from(check::<Schedule1Part2Condition>(l));
        }
        assert!(matched >= labels.len() / 2, "{matched} of {}", labels.len());
    }

    #[test]
    fn marks() {
        assert_eq!(parse_mark(""), Mark::Empty);
        assert_eq!(parse_mark("☒"), Mark::Positive);
        assert_eq!(parse_mark("☐"), Mark::Negative);
        assert_eq!(parse_mark("X"), Mark::Positive);
        assert_eq!(parse_mark("Yes"), Mark::Positive);
        assert_eq!(parse_mark("No"), Mark::Negative);
        assert_eq!(parse_mark("All parties"), Mark::All);
        assert_eq!(parse_mark("☒ All parties"), Mark::All);
        assert_eq!(
            parse_mark("Camden, Islington"),
            Mark::Parties(vec!["Camden".into(), "Islington".into()])
        );
        assert_eq!(parse_mark("[delete unnecessary options]"), Mark::Empty);
    }

    #[test]
    fn labels_match_by_meaning() {
        assert_eq!(
            match_code::<Article6Condition>(
                "e) performance of a task carried out in the public interest"
            ),
            Some((Article6Condition::PublicTask, 1.0))
        );
        assert_eq!(
            match_code::<Article6Condition>("(e) Public task").map(|x| x.0),
            Some(Article6Condition::PublicTask)
        );
        assert_eq!(
            match_code::<Schedule1Part2Condition>(
                "Safeguarding of children and of individuals at risk"
            )
            .map(|x| x.0),
            Some(Schedule1Part2Condition::Safeguarding)
        );
        assert_eq!(match_code::<Article6Condition>("Lunch"), None);
    }

    #[test]
    fn near_misses_match_with_their_edit_similarity() {
        use dsa_model::CodeList;
        let exact = norm(strip_letter(&norm(Article6Condition::PublicTask.wording())));
        // Two letters changed: a near miss, scored 1 − distance / length as before.
        let mut typo: Vec<char> = exact.chars().collect();
        let n = typo.len();
        typo.swap(3, 4);
        let typo: String = typo.into_iter().collect();
        let (c, score) = match_code::<Article6Condition>(&typo).unwrap();
        assert_eq!(c, Article6Condition::PublicTask);
        let expected = strsim::normalized_levenshtein(&exact, &typo);
        assert!((score - expected).abs() < 1e-9, "{score} vs {expected}");
        assert!((NEAR_MISS..1.0).contains(&score));
        // Too different (a third of the words missing): no match by edit distance.
        let cut: String = exact.chars().take(n * 2 / 3).collect();
        let far = format!("{cut} zz");
        assert_eq!(match_code::<Article6Condition>(&far), None);
    }
}
