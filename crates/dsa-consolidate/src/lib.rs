//! From borough variants to one pan-London agreement.
//!
//! For years each pan-London organisation signed one near-identical agreement per borough.
//! [`cluster`] finds those variants among migrated agreements (the same type of agreement,
//! lawful basis, data and purpose, borough names set aside; titles only where they name a
//! purpose, `likeness`) and says which of the 33 authorities each group covers. [`consolidate`] builds one agreement from a group: every
//! borough once, the content the variants share, and a report of every point where they
//! disagree, with which boroughs say what. Nothing is dropped: a condition, data item or
//! retention row found in some variants only is kept and reported.

pub mod borough;
pub mod cluster;
pub mod consolidate;
pub mod likeness;

pub use cluster::{cluster, Group};
pub use consolidate::{consolidate, Consolidation, Disagreement, Variant};

/// One agreement taking part: where it came from, and the agreement.
#[derive(Debug, Clone)]
pub struct Member {
    /// A label for reports: the file it was read from.
    pub label: String,
    /// The agreement.
    pub agreement: dsa_model::Agreement,
}

/// The most frequent string (the first of equals).
fn commonest(xs: &[String]) -> String {
    let mut best: Option<(&String, usize)> = None;
    for x in xs {
        let n = xs.iter().filter(|y| *y == x).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((x, n));
        }
    }
    best.map(|(x, _)| x.clone()).unwrap_or_default()
}
