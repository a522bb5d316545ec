//! Identity of list members, so lists are compared as sets of things, not by position.

use serde_json::Value;

/// Members that name a list element, in order of preference: the first one present (and
/// unique within the list) identifies the element.
const IDENTITY: &[&str] = &[
    "id",
    "condition",
    "item",
    "right",
    "legislation",
    "basis",
    "name",
    "title",
    "data",
    "party",
];

/// Free-text members that explain rather than decide: rewording them is editorial even
/// inside a material section.
pub const EXPLANATORY: &[&str] = &[
    "description",
    "how",
    "how_it_applies",
    "justification",
    "main_purpose",
    "disposal_process",
    "benefit",
    "signatories",
    "duties",
    "ico_registration",
    "ods_code",
    "agreement_documented",
];

/// Whether two list members are one member reworded: objects with the same members whose
/// only differences are in explanatory text (a description, a justification) that still
/// shares most of its words. A different text altogether is a different member.
pub fn reworded(a: &Value, b: &Value) -> bool {
    let (Value::Object(ma), Value::Object(mb)) = (a, b) else {
        return false;
    };
    if ma.len() != mb.len() || ma.keys().any(|k| !mb.contains_key(k)) || a == b {
        return false;
    }
    ma.iter().all(|(k, va)| {
        let vb = &mb[k];
        va == vb
            || match (va.as_str(), vb.as_str()) {
                (Some(x), Some(y)) => EXPLANATORY.contains(&k.as_str()) && similar_words(x, y),
                _ => false,
            }
    })
}

/// Word-set Jaccard similarity of at least 0.6 (case-insensitive).
fn similar_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (x, y) = (words(a), words(b));
    let union = x.union(&y).count();
    union > 0 && x.intersection(&y).count() as f64 / union as f64 >= 0.6
}

/// How a list element is identified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// By a name: its identity member, or for plain values the value itself.
    Named(String),
    /// By its whole value (no identity is unique in the list): a reordered list is still
    /// no change, and an edited element shows as removed and added.
    Value(String),
}

impl Key {
    /// The path segment naming the element, e.g. `[art6-1-e]`.
    pub fn segment(&self) -> String {
        match self {
            Key::Named(s) => format!("[{s}]"),
            Key::Value(s) if s.chars().count() > 60 => {
                format!("[{}…]", s.chars().take(60).collect::<String>())
            }
            Key::Value(s) => format!("[{s}]"),
        }
    }
}

/// The identity of one element, if it has one: a plain value is its own identity; an
/// object is named by its first identity member.
pub fn element_key(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(m) => IDENTITY.iter().find_map(|k| match m.get(*k) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        }),
        _ => None,
    }
}

fn unique_keys(xs: &[Value]) -> Option<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    xs.iter()
        .map(|v| element_key(v).filter(|k| seen.insert(k.clone())))
        .collect()
}

/// Keys for every element of `list`: named when identities are unique in `list` and in
/// the list it is compared with (`other`), else the whole value.
pub fn keys(list: &[Value], other: &[Value]) -> Vec<Key> {
    match (unique_keys(list), unique_keys(other)) {
        (Some(named), Some(_)) => named.into_iter().map(Key::Named).collect(),
        _ => list.iter().map(|v| Key::Value(v.to_string())).collect(),
    }
}
