//! Semantic diff of two agreements.
//!
//! Agreements are compared as the model's JSON, but not as text: lists whose members
//! have an identity (parties by id, lawful-basis conditions by condition code, data items by
//! code, retention rows by the data they cover...) are matched by that identity, so a
//! reordered list is no change and an added condition is one change, not a cascade.
//! Provenance, unmapped text and other record-keeping fields are not compared: they say
//! where a value came from, not what was agreed.
//!
//! Each change is **material** when it changes who shares what, on which legal basis or for
//! how long (parties, lawful basis, data, subjects, purposes, retention, flows, the review
//! date), and **editorial** otherwise (wording of descriptions, signatories, references).

pub mod keyed;

#[cfg(test)]
use keyed::element_key;
use serde::Serialize;
use serde_json::Value;

/// What happened at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Present in B only.
    Added,
    /// Present in A only.
    Removed,
    /// Present in both with different values.
    Changed,
}

/// One difference between two agreements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where: a JSON-Pointer-like path in which list members are named by their identity,
    /// e.g. `/lawful_basis/article6[art6-1-e]/applies_to/parties[camden]`.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// Material (who shares what, on which basis, for how long) or editorial.
    pub material: bool,
    /// The value in A (absent for additions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    /// The value in B (absent for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
    /// For changed text: a word-level diff, `[-removed-]{+added+}` around the changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// Top-level fields that record where values came from rather than what was agreed.
const NOT_COMPARED: &[&str] = &[
    "sources",
    "provenance",
    "unmapped",
    "corrections",
    "format_version",
];

/// Whether a change at this path (segments as in [`Change::path`]) is material.
pub fn is_material(path: &[String]) -> bool {
    let Some(top) = path.first() else {
        return false;
    };
    let top = top.split('[').next().unwrap_or(top);
    // Materiality is the template's (`dsa_model::template`): a field material as a whole,
    // or a named subfield of one (the review date, not the publishing date).
    let sub = path.get(1).map(|s| s.split('[').next().unwrap_or(s));
    if !dsa_model::template::is_material_path(top, None) {
        return dsa_model::template::is_material_path(top, sub);
    }
    !path[1..].iter().any(|seg| {
        let name = seg.split('[').next().unwrap_or(seg);
        keyed::EXPLANATORY.contains(&name)
    })
}

/// The differences from `a` to `b`, in document order of `a` then `b`.
pub fn diff(a: &dsa_model::Agreement, b: &dsa_model::Agreement) -> Vec<Change> {
    let va = comparable(a);
    let vb = comparable(b);
    let mut out = Vec::new();
    walk(&mut Vec::new(), &va, &vb, &mut out);
    out
}

/// The agreement as compared: its JSON without the record-keeping fields.
pub fn comparable(a: &dsa_model::Agreement) -> Value {
    let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        for k in NOT_COMPARED {
            m.remove(*k);
        }
    }
    v
}

/// Renders a path for people and for `--format json`.
pub fn render_path(path: &[String]) -> String {
    let mut s = String::new();
    for seg in path {
        if !seg.starts_with('[') {
            s.push('/');
        }
        s.push_str(seg);
    }
    if s.is_empty() {
        s.push('/');
    }
    s
}

fn push(
    out: &mut Vec<Change>,
    path: &[String],
    kind: ChangeKind,
    a: Option<&Value>,
    b: Option<&Value>,
) {
    let words = match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => Some(word_diff(x, y)),
        _ => None,
    };
    out.push(Change {
        path: render_path(path),
        kind,
        material: is_material(path),
        before: a.cloned(),
        after: b.cloned(),
        words,
    });
}

fn walk(path: &mut Vec<String>, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            for (k, va) in ma {
                path.push(k.clone());
                match mb.get(k) {
                    Some(vb) => walk(path, va, vb, out),
                    None => push(out, path, ChangeKind::Removed, Some(va), None),
                }
                path.pop();
            }
            for (k, vb) in mb {
                if !ma.contains_key(k) {
                    path.push(k.clone());
                    push(out, path, ChangeKind::Added, None, Some(vb));
                    path.pop();
                }
            }
        }
        (Value::Array(xa), Value::Array(xb)) => walk_list(path, xa, xb, out),
        _ if a == b => {}
        _ => push(out, path, ChangeKind::Changed, Some(a), Some(b)),
    }
}

fn walk_list(path: &mut Vec<String>, xa: &[Value], xb: &[Value], out: &mut Vec<Change>) {
    let ka = keyed::keys(xa, xb);
    let kb = keyed::keys(xb, xa);
    // Members matched by identity, then unmatched ones that differ only in wording.
    let mut pair: Vec<Option<usize>> = ka.iter().map(|k| kb.iter().position(|x| x == k)).collect();
    let mut b_used: Vec<bool> = kb.iter().map(|k| ka.contains(k)).collect();
    for (i, va) in xa.iter().enumerate() {
        if pair[i].is_none() {
            if let Some(j) = (0..xb.len()).find(|&j| !b_used[j] && keyed::reworded(va, &xb[j])) {
                pair[i] = Some(j);
                b_used[j] = true;
            }
        }
    }
    for (i, va) in xa.iter().enumerate() {
        path.push(ka[i].segment());
        match pair[i] {
            Some(j) => walk(path, va, &xb[j], out),
            None => push(out, path, ChangeKind::Removed, Some(va), None),
        }
        path.pop();
    }
    for (j, vb) in xb.iter().enumerate() {
        if !b_used[j] {
            path.push(kb[j].segment());
            push(out, path, ChangeKind::Added, None, Some(vb));
            path.pop();
        }
    }
}

/// Word-level diff of two texts: unchanged words as they are, removed ones in `[-…-]`,
/// added ones in `{+…+}` (the notation of `git diff --word-diff`).
pub fn word_diff(a: &str, b: &str) -> String {
    let d = similar::TextDiff::from_words(a, b);
    let mut s = String::new();
    for op in d.iter_all_changes() {
        let v = op.value();
        match op.tag() {
            similar::ChangeTag::Equal => s.push_str(v),
            similar::ChangeTag::Delete => {
                s.push_str("[-");
                s.push_str(v);
                s.push_str("-]");
            }
            similar::ChangeTag::Insert => {
                s.push_str("{+");
                s.push_str(v);
                s.push_str("+}");
            }
        }
    }
    s.replace("-][-", "").replace("+}{+", "")
}

/// Whether any change is material.
pub fn has_material(changes: &[Change]) -> bool {
    changes.iter().any(|c| c.material)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_changed_words() {
        assert_eq!(
            word_diff("kept for six years", "kept for seven years"),
            "kept for [-six-]{+seven+} years"
        );
    }

    #[test]
    fn review_date_is_material_publish_date_is_not() {
        let p = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(is_material(&p(&["review", "review_date"])));
        assert!(!is_material(&p(&["review", "publish_date"])));
        assert!(is_material(&p(&["personal_data", "[name]"])));
        assert!(!is_material(&p(&[
            "personal_data",
            "[name]",
            "description"
        ])));
        assert!(!is_material(&p(&["title"])));
    }

    #[test]
    fn element_keys_prefer_identity() {
        let v: Value = serde_json::json!({"condition": "art6-1-e", "applies_to": {"scope": "all"}});
        assert_eq!(element_key(&v), Some("art6-1-e".to_string()));
    }
}
