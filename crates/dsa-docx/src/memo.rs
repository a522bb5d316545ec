//! Bounded per-thread memos for pure functions of source text.
//!
//! A backlog is mostly copies of one template (33 borough versions of each agreement),
//! so the recogniser meets the same wording document after document, and comparing it
//! with the template's paragraphs and option lists is the costliest part of
//! recognition. A memo per worker thread (no locking between workers) remembers each
//! result; a memo that fills up is emptied, so memory stays bounded whatever the
//! backlog holds. Results are the same with or without it: only pure functions of the
//! text are remembered (tested in `sections` and `marks`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// Texts per memo (and namespace) before it is emptied: a template has a few hundred
/// paragraphs and option rows, a handful of templates make up a backlog.
const CAPACITY: usize = 4096;
/// Longer texts are computed, not remembered: they are seldom repeated word for word.
const MAX_TEXT: usize = 1024;

type Texts<V> = HashMap<Box<str>, V, foldhash::fast::RandomState>;

/// One memo: per namespace (e.g. a code list's name), text to result, under a fast
/// (non-cryptographic) hash.
pub(crate) type Memo<V> = RefCell<HashMap<&'static str, Texts<V>, foldhash::fast::RandomState>>;

/// A fresh, empty memo (for `thread_local!`).
pub(crate) fn memo<V>() -> Memo<V> {
    RefCell::new(HashMap::default())
}

/// `compute()`'s result for `text` in `namespace`, remembered in `memo`. `compute`
/// must depend on the two alone.
pub(crate) fn remembered<V: Clone>(
    memo: &'static LocalKey<Memo<V>>,
    namespace: &'static str,
    text: &str,
    compute: impl FnOnce() -> V,
) -> V {
    if text.len() > MAX_TEXT {
        return compute();
    }
    let known = memo.with(|m| m.borrow().get(namespace).and_then(|t| t.get(text)).cloned());
    if let Some(v) = known {
        return v;
    }
    // Not borrowed while computing: `compute` may use other memos.
    let v = compute();
    memo.with(|m| {
        let mut m = m.borrow_mut();
        let texts = m.entry(namespace).or_default();
        if texts.len() >= CAPACITY {
            texts.clear();
        }
        texts.insert(text.into(), v.clone());
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SQUARES: Memo<usize> = memo();
    }

    #[test]
    fn a_remembered_result_is_not_computed_again_and_the_memo_stays_bounded() {
        let mut calls = 0;
        for _ in 0..3 {
            let v = remembered(&SQUARES, "", "abc", || {
                calls += 1;
                9
            });
            assert_eq!(v, 9);
        }
        assert_eq!(calls, 1);
        for i in 0..CAPACITY * 2 {
            remembered(&SQUARES, "", &i.to_string(), || i * i);
        }
        assert!(SQUARES.with(|m| m.borrow()[""].len()) <= CAPACITY);
        // Namespaces keep the same text apart.
        assert_eq!(remembered(&SQUARES, "other", "abc", || 4), 4);
        assert_eq!(remembered(&SQUARES, "", "abc", || 9), 9);
        let long = "x".repeat(MAX_TEXT + 1);
        remembered(&SQUARES, "", &long, || 0);
        assert!(!SQUARES.with(|m| m.borrow()[""].contains_key(long.as_str())));
    }
}
