//! The plan stage: which register row joins which document, and each agreement's id.
//! Pure — keys in, candidates out, no files — so it is unit-tested on its own.
//!
//! A row joins a document of its borough by reference, else ISG reference, else a title
//! at least [`TITLE_SIMILARITY`] alike (generic words set aside). Each join records how it
//! was made; a row that matches several documents equally joins none, and says which.
//! Ids are stable: the reference when there is one, else a hash of the source's content
//! and name; a second agreement with the same id in a borough gets `-2`, and so on.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

/// Titles at least this alike (normalised Levenshtein, generic words removed) join a row
/// to a document.
pub(crate) const TITLE_SIMILARITY: f64 = 0.85;

/// A document, as planning sees it.
pub(crate) struct DocumentKeys {
    /// Input index.
    pub input: usize,
    /// Its label (path in the backlog).
    pub label: String,
    pub borough: String,
    /// sha256 of the file.
    pub sha256: String,
    pub reference: Option<String>,
    pub isg_reference: Option<String>,
    /// The title as normalised for matching ([`norm_title`]).
    pub title: String,
    pub sections: Vec<&'static str>,
}

/// A register row, as planning sees it.
pub(crate) struct RowKeys {
    /// Input index of its register.
    pub input: usize,
    /// `file#sheet!row`.
    pub label: String,
    pub borough: String,
    /// sha256 of its register.
    pub sha256: String,
    pub reference: Option<String>,
    pub isg_reference: Option<String>,
    /// The row's title, as written.
    pub title: String,
}

/// One agreement to be packaged.
pub(crate) struct Candidate {
    /// Where its agreement comes from.
    pub body: Body,
    /// Reference and ISG reference (after the join), for its id.
    pub reference: Option<String>,
    pub isg_reference: Option<String>,
    pub id: String,
    pub borough: String,
    /// sha256 of its first source (for an id without a reference).
    pub sha256: String,
    /// A document's title as matched ([`norm_title`]); empty for a row.
    pub title: String,
    /// (label, input index): the document first, then its row.
    pub sources: Vec<(String, usize)>,
    pub origin: &'static str,
    pub sections: Vec<&'static str>,
    /// The register row joined to a document (index into the rows planned).
    pub register_row: Option<usize>,
    /// How the row and the document were matched, or why a row joined none.
    pub join: Option<JoinReport>,
    /// The corrections aimed at it (indices into the corrections file's entries).
    pub corrections: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// The document at this input index.
    Document(usize),
    /// A register row without a document (index into the rows planned).
    Row(usize),
}

/// How a register row and a document were joined, in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinReport {
    /// `reference`, `isg_reference` or `title`; `ambiguous` when several documents
    /// matched the row equally and it joined none.
    pub by: String,
    /// Title similarity, 0 to 1 (for `title`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The document joined (for a row's report) or the row (for a document's); for
    /// `ambiguous`, every document that matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
}

/// What the plan gives: the candidates in (borough, first source) order, ids set.
pub(crate) struct Planned {
    pub candidates: Vec<Candidate>,
    pub joined: usize,
    pub rows_without_document: usize,
    pub documents_without_row: usize,
}

/// Plans a borough: joins, then ids.
pub(crate) fn plan(documents: Vec<DocumentKeys>, rows: &[RowKeys]) -> Planned {
    let mut candidates: Vec<Candidate> = documents
        .into_iter()
        .map(|d| Candidate {
            body: Body::Document(d.input),
            reference: d.reference,
            isg_reference: d.isg_reference,
            id: String::new(),
            borough: d.borough,
            sha256: d.sha256,
            title: d.title,
            sources: vec![(d.label, d.input)],
            origin: "document",
            sections: d.sections,
            register_row: None,
            join: None,
            corrections: Vec::new(),
        })
        .collect();
    let has_register = !rows.is_empty();
    let picks = pick_documents(&candidates, rows);
    let mut joined = 0;
    let mut unmatched = Vec::new();
    for (r, pick) in picks.into_iter().enumerate() {
        let row = &rows[r];
        match pick {
            Pick::Joined(k, evidence) => {
                let c = &mut candidates[k];
                c.register_row = Some(r);
                c.sources.push((row.label.clone(), row.input));
                c.origin = "document+register";
                // The join fills the document's missing references from the row.
                c.reference = c.reference.take().or_else(|| row.reference.clone());
                c.isg_reference = c.isg_reference.take().or_else(|| row.isg_reference.clone());
                c.join = Some(JoinReport {
                    with: vec![row.label.clone()],
                    ..evidence
                });
                joined += 1;
            }
            Pick::Ambiguous(ks) => unmatched.push((
                r,
                Some(JoinReport {
                    by: "ambiguous".into(),
                    score: None,
                    with: ks
                        .iter()
                        .map(|k| candidates[*k].sources[0].0.clone())
                        .collect(),
                }),
            )),
            Pick::None => unmatched.push((r, None)),
        }
    }
    let rows_without_document = unmatched.len();
    for (r, join) in unmatched {
        let row = &rows[r];
        candidates.push(Candidate {
            body: Body::Row(r),
            reference: row.reference.clone(),
            isg_reference: row.isg_reference.clone(),
            id: String::new(),
            borough: row.borough.clone(),
            sha256: row.sha256.clone(),
            title: String::new(),
            sources: vec![(row.label.clone(), row.input)],
            origin: "register",
            sections: Vec::new(),
            register_row: None,
            join,
            corrections: Vec::new(),
        });
    }
    let documents_without_row = if has_register {
        candidates.iter().filter(|c| c.origin == "document").count()
    } else {
        0
    };
    assign_ids(&mut candidates);
    Planned {
        candidates,
        joined,
        rows_without_document,
        documents_without_row,
    }
}

/// What a row found.
enum Pick {
    Joined(usize, JoinReport),
    Ambiguous(Vec<usize>),
    None,
}

/// For each row, the document (candidate index) it joins. Exact keys are looked up; only a
/// row without an exact match is compared, by title, with every document not yet taken.
fn pick_documents(candidates: &[Candidate], rows: &[RowKeys]) -> Vec<Pick> {
    let mut by_key: HashMap<(u8, &str), Vec<usize>> = HashMap::new();
    for (k, c) in candidates.iter().enumerate() {
        for (kind, key) in [
            (0, c.reference.as_deref()),
            (1, c.isg_reference.as_deref()),
            (2, Some(c.title.as_str()).filter(|t| !t.is_empty())),
        ] {
            if let Some(key) = key {
                by_key.entry((kind, key)).or_default().push(k);
            }
        }
    }
    let mut taken = vec![false; candidates.len()];
    let mut picks = Vec::with_capacity(rows.len());
    for row in rows {
        let row_title = norm_title(&row.title);
        let free = |kind: u8, key: Option<&str>| -> Vec<usize> {
            key.and_then(|key| by_key.get(&(kind, key)))
                .map(|ks| ks.iter().copied().filter(|k| !taken[*k]).collect())
                .unwrap_or_default()
        };
        let exact = [
            (0, "reference", row.reference.as_deref()),
            (1, "isg_reference", row.isg_reference.as_deref()),
            (
                2,
                "title",
                Some(row_title.as_str()).filter(|t| !t.is_empty()),
            ),
        ]
        .into_iter()
        .map(|(kind, by, key)| (by, free(kind, key)))
        .find(|(_, ks)| !ks.is_empty());
        let pick = match exact {
            Some((by, ks)) if ks.len() == 1 => Pick::Joined(
                ks[0],
                JoinReport {
                    by: by.into(),
                    score: (by == "title").then_some(1.0),
                    with: Vec::new(),
                },
            ),
            Some((_, ks)) => Pick::Ambiguous(ks),
            None => best_title(candidates, &taken, &row_title),
        };
        if let Pick::Joined(k, _) = &pick {
            taken[*k] = true;
        }
        picks.push(pick);
    }
    picks
}

/// The untaken document whose title is most like the row's, at least
/// [`TITLE_SIMILARITY`]; several equally alike are ambiguous.
fn best_title(candidates: &[Candidate], taken: &[bool], row_title: &str) -> Pick {
    if row_title.is_empty() {
        return Pick::None;
    }
    let n = row_title.chars().count();
    let scored: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .filter(|(k, _)| !taken[*k])
        .filter_map(|(k, c)| {
            let title = c.title.as_str();
            // Normalised Levenshtein similarity is at most min/max of the lengths: skip
            // the comparison when that cannot reach the threshold.
            let m = title.chars().count();
            if (m.min(n) as f64) < TITLE_SIMILARITY * m.max(n).max(1) as f64 {
                return None;
            }
            Some((k, strsim::normalized_levenshtein(title, row_title)))
        })
        .filter(|(_, s)| *s >= TITLE_SIMILARITY)
        .collect();
    let Some(best) = scored.iter().map(|(_, s)| *s).reduce(f64::max) else {
        return Pick::None;
    };
    let top: Vec<usize> = scored
        .iter()
        .filter(|(_, s)| *s == best)
        .map(|(k, _)| *k)
        .collect();
    match top.as_slice() {
        [k] => Pick::Joined(
            *k,
            JoinReport {
                by: "title".into(),
                score: Some((best * 1000.0).round() / 1000.0),
                with: Vec::new(),
            },
        ),
        _ => Pick::Ambiguous(top),
    }
}

/// Sets each candidate's id, in (borough, first source) order.
fn assign_ids(candidates: &mut [Candidate]) {
    let mut used: BTreeMap<(String, String), usize> = BTreeMap::new();
    candidates.sort_by(|a, b| (&a.borough, &a.sources[0].0).cmp(&(&b.borough, &b.sources[0].0)));
    for c in candidates.iter_mut() {
        let base = base_id(
            c.reference.as_deref(),
            c.isg_reference.as_deref(),
            &c.sha256,
            &c.sources[0].0,
        );
        let n = used.entry((c.borough.clone(), base.clone())).or_insert(0);
        *n += 1;
        c.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

/// The id an agreement gets before duplicates are numbered: its reference, else its ISG
/// reference, else a hash of its source's content and name.
pub(crate) fn base_id(
    reference: Option<&str>,
    isg_reference: Option<&str>,
    sha256: &str,
    label: &str,
) -> String {
    reference
        .or(isg_reference)
        .map(dsa_text::slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let h = dsa_package::sha256_hex(format!("{sha256}\n{label}").as_bytes());
            format!("dsa-{}", &h[..12])
        })
}

/// A title as matched: normalised, generic words (data, sharing, agreement...) removed.
pub(crate) fn norm_title(s: &str) -> String {
    let n = dsa_text::norm(s);
    let stop = [
        "data",
        "sharing",
        "agreement",
        "dsa",
        "the",
        "and",
        "protocol",
        "information",
        "for",
        "of",
    ];
    n.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !stop.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(input: usize, label: &str, reference: Option<&str>, title: &str) -> DocumentKeys {
        DocumentKeys {
            input,
            label: label.into(),
            borough: "camden".into(),
            sha256: format!("sha-{input}"),
            reference: reference.map(str::to_string),
            isg_reference: None,
            title: norm_title(title),
            sections: Vec::new(),
        }
    }

    fn row(n: usize, reference: Option<&str>, isg: Option<&str>, title: &str) -> RowKeys {
        RowKeys {
            input: 9,
            label: format!("camden/register.xlsx#Live!{n}"),
            borough: "camden".into(),
            sha256: "sha-register".into(),
            reference: reference.map(str::to_string),
            isg_reference: isg.map(str::to_string),
            title: title.into(),
        }
    }

    fn by_label<'a>(p: &'a Planned, label: &str) -> &'a Candidate {
        p.candidates
            .iter()
            .find(|c| c.sources[0].0 == label)
            .unwrap_or_else(|| panic!("no candidate from {label}"))
    }

    #[test]
    fn a_row_joins_by_reference_before_title_and_says_so() {
        let docs = vec![
            doc(
                0,
                "camden/asb.docx",
                Some("CAM-ASB-01"),
                "Anti-Social Behaviour Protocol",
            ),
            doc(
                1,
                "camden/mash.docx",
                None,
                "Camden Multi-Agency Safeguarding Hub DSA",
            ),
        ];
        let rows = [
            // Its title is the MASH document's, its reference the ASB one's: the
            // reference decides.
            row(
                2,
                Some("CAM-ASB-01"),
                None,
                "Camden Multi-Agency Safeguarding Hub DSA",
            ),
            row(3, None, None, "Camden Multi Agency Safeguarding Hubs"),
        ];
        let p = plan(docs, &rows);
        assert_eq!(p.joined, 2);
        assert_eq!((p.rows_without_document, p.documents_without_row), (0, 0));
        let asb = by_label(&p, "camden/asb.docx");
        assert_eq!(asb.register_row, Some(0));
        assert_eq!(asb.join.as_ref().unwrap().by, "reference");
        assert_eq!(
            asb.join.as_ref().unwrap().with,
            ["camden/register.xlsx#Live!2"]
        );
        assert_eq!(asb.origin, "document+register");
        let mash = by_label(&p, "camden/mash.docx");
        let j = mash.join.as_ref().unwrap();
        assert_eq!(j.by, "title");
        assert!(
            j.score.unwrap() >= TITLE_SIMILARITY && j.score.unwrap() < 1.0,
            "{j:?}"
        );
        // Neither had a reference: the document keeps none.
        assert_eq!(mash.reference, None);
    }

    #[test]
    fn a_row_matching_several_documents_equally_joins_none_and_names_them() {
        let docs = vec![
            doc(0, "camden/lic-draft.docx", Some("CAM-LIC-1"), "Licensing"),
            doc(1, "camden/lic-signed.docx", Some("CAM-LIC-1"), "Licensing"),
        ];
        let rows = [row(2, Some("CAM-LIC-1"), None, "Licensing")];
        let p = plan(docs, &rows);
        assert_eq!(p.joined, 0);
        assert_eq!(p.rows_without_document, 1);
        assert_eq!(p.documents_without_row, 2);
        let r = by_label(&p, "camden/register.xlsx#Live!2");
        assert_eq!(r.body, Body::Row(0));
        let j = r.join.as_ref().unwrap();
        assert_eq!(j.by, "ambiguous");
        assert_eq!(j.with, ["camden/lic-draft.docx", "camden/lic-signed.docx"]);
        // Same reference, one borough: the second gets -2, in path order.
        let ids: Vec<&str> = p.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["cam-lic-1", "cam-lic-1-2", "cam-lic-1-3"]);
    }

    #[test]
    fn a_document_joins_one_row_and_ids_are_stable() {
        let docs = vec![doc(0, "camden/x.docx", None, "Youth Offending Protocol")];
        let rows = [
            row(2, None, Some("ISG-10231"), "Youth Offending Protocol"),
            row(3, None, None, "Youth Offending Protocol"),
        ];
        let p = plan(docs, &rows);
        assert_eq!(p.joined, 1);
        let d = by_label(&p, "camden/x.docx");
        assert_eq!(d.join.as_ref().unwrap().by, "title");
        // The ISG reference came with the row and names the agreement.
        assert_eq!(d.isg_reference.as_deref(), Some("ISG-10231"));
        assert_eq!(d.id, "isg-10231");
        // The second row finds the document taken and stands alone, with a hashed id.
        let r = by_label(&p, "camden/register.xlsx#Live!3");
        assert!(
            r.join.is_none() && r.id.starts_with("dsa-") && r.id.len() == 16,
            "{}",
            r.id
        );
        let again = plan(
            vec![doc(0, "camden/x.docx", None, "Youth Offending Protocol")],
            &rows,
        );
        let ids = |p: &Planned| {
            p.candidates
                .iter()
                .map(|c| c.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&p), ids(&again));
    }

    #[test]
    fn without_a_register_no_document_lacks_a_row() {
        let p = plan(vec![doc(0, "camden/x.docx", None, "X")], &[]);
        assert_eq!((p.joined, p.documents_without_row), (0, 0));
        assert!(p.candidates[0].join.is_none());
    }
}
