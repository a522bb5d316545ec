//! The plan stage: which register row joins which document, and each agreement's id.
//! Pure — keys in, candidates out, no files — so it is unit-tested on its own.
//!
//! Every register of the backlog is read before any document, so a row can join its
//! document wherever either is filed. A row joins a document of its own folder first: by
//! reference, else ISG reference, else a title at least [`TITLE_SIMILARITY`] alike
//! (generic words set aside). Rows left over may join documents elsewhere (another
//! borough's folder, from a tracker at the top or in a folder of its own), by reference or
//! ISG reference, or by title only when the document's borough is one the row names and
//! their types do not differ. Each join records how it was made; a row that matches
//! several documents equally joins none, and says which.
//!
//! Boroughs are planned one at a time (their documents are imported one borough at a
//! time): a document no row elsewhere could join is planned at once; one that a row
//! elsewhere could join waits for [`Planner::finish`], when every folder has claimed its
//! own rows. Ids are stable: the reference when there is one, else a hash of the source's
//! content and name; a second agreement with the same id in a borough gets `-2`, and so on.

use std::collections::{BTreeMap, HashMap};

use dsa_model::LondonAuthority;
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
    /// Its folder.
    pub borough: String,
    /// sha256 of the file.
    pub sha256: String,
    pub reference: Option<String>,
    pub isg_reference: Option<String>,
    /// The title as normalised for matching ([`norm_title`]).
    pub title: String,
    /// Its DSA type's code, when it states one.
    pub dsa_type: Option<&'static str>,
    pub sections: Vec<&'static str>,
}

/// A register row, as planning sees it.
pub(crate) struct RowKeys {
    /// Input index of its register.
    pub input: usize,
    /// `file#sheet!row`.
    pub label: String,
    /// Its register's folder.
    pub borough: String,
    /// sha256 of its register.
    pub sha256: String,
    pub reference: Option<String>,
    pub isg_reference: Option<String>,
    /// The row's title, as written ([`Planner::new`] normalises it).
    pub title: String,
    /// Its DSA type's code, when it states one.
    pub dsa_type: Option<&'static str>,
    /// The London authorities it names: its folder's, its parties', a "Borough" column's.
    pub authorities: Vec<LondonAuthority>,
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
    /// A document's DSA type's code.
    pub dsa_type: Option<&'static str>,
    /// (label, input index): the document first, then its row.
    pub sources: Vec<(String, usize)>,
    pub origin: &'static str,
    pub sections: Vec<&'static str>,
    /// The register row joined to a document (index into the planner's rows).
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
    /// A register row without a document (index into the planner's rows).
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
    /// Whether the row is filed in another folder than the document (a tracker at the
    /// top of the backlog, another borough's register).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub across_folders: bool,
}

/// What a row has become so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowState {
    /// Not joined: a document elsewhere may still claim it.
    Free,
    Joined,
    /// Matched several documents of its own folder equally: it joins none.
    Ambiguous,
}

/// Plans the whole backlog, borough by borough: joins and ids.
pub(crate) struct Planner {
    rows: Vec<RowKeys>,
    state: Vec<RowState>,
    /// Why a row joined none (several documents matched it).
    ambiguity: Vec<Option<JoinReport>>,
    /// Rows by the folder they are filed in.
    by_folder: HashMap<String, Vec<usize>>,
    /// Rows by reference (0) and ISG reference (1).
    by_key: HashMap<(u8, String), Vec<usize>>,
    /// Rows by the London authorities they name.
    naming: HashMap<LondonAuthority, Vec<usize>>,
    /// Whether a register could list any document: one at the top of the backlog or in a
    /// folder of registers only.
    central: bool,
    /// Documents a row elsewhere could join, waiting for [`Planner::finish`].
    waiting: Vec<Candidate>,
    /// Ids given so far, per borough.
    ids: BTreeMap<(String, String), usize>,
    joined: usize,
    documents_without_row: usize,
}

/// What the whole plan came to.
pub(crate) struct Totals {
    pub joined: usize,
    pub rows_without_document: usize,
    pub documents_without_row: usize,
}

impl Planner {
    /// A planner over every register row of the backlog. `central` says whether a
    /// register sits where it could list any borough's documents (at the top of the
    /// backlog, or in a folder with no documents).
    pub(crate) fn new(rows: Vec<RowKeys>, central: bool) -> Planner {
        let mut planner = Planner {
            rows: Vec::new(),
            state: Vec::new(),
            ambiguity: Vec::new(),
            by_folder: HashMap::new(),
            by_key: HashMap::new(),
            naming: HashMap::new(),
            central,
            waiting: Vec::new(),
            ids: BTreeMap::new(),
            joined: 0,
            documents_without_row: 0,
        };
        planner.add_rows(rows);
        planner
    }

    /// Adds rows read late: a register whose name did not say it is one, found among a
    /// borough's documents. They join that borough's documents and those still waiting;
    /// boroughs planned before them never see them.
    pub(crate) fn add_rows(&mut self, rows: Vec<RowKeys>) {
        let first = self.rows.len();
        for (r, mut row) in (first..).zip(rows) {
            row.title = norm_title(&row.title);
            row.authorities.sort_unstable();
            row.authorities.dedup();
            self.by_folder
                .entry(row.borough.clone())
                .or_default()
                .push(r);
            for (kind, key) in [(0, &row.reference), (1, &row.isg_reference)] {
                if let Some(key) = key {
                    self.by_key.entry((kind, key.clone())).or_default().push(r);
                }
            }
            for a in &row.authorities {
                self.naming.entry(*a).or_default().push(r);
            }
            self.rows.push(row);
            self.state.push(RowState::Free);
            self.ambiguity.push(None);
        }
    }

    /// Whether a register in this folder has rows.
    pub(crate) fn has_rows_in(&self, borough: &str) -> bool {
        self.by_folder.contains_key(borough)
    }

    /// Whether a register of this folder, or a central one, could list its documents.
    fn in_reach(&self, borough: &str) -> bool {
        self.central || self.by_folder.contains_key(borough)
    }

    /// Whether a row filed in another folder could join this document (before any
    /// document has claimed one). A document none could join is final once its own
    /// folder's rows are planned.
    pub(crate) fn could_join_elsewhere(
        &self,
        borough: &str,
        reference: Option<&str>,
        isg_reference: Option<&str>,
        title: &str,
        dsa_type: Option<&'static str>,
    ) -> bool {
        let elsewhere = |r: &usize| self.rows[*r].borough != borough;
        let exact = [(0, reference), (1, isg_reference)]
            .into_iter()
            .filter_map(|(kind, key)| self.by_key.get(&(kind, key?.to_string())))
            .any(|rs| rs.iter().any(elsewhere));
        exact
            || (!title.is_empty()
                && authority_of(borough)
                    .and_then(|a| self.naming.get(&a))
                    .is_some_and(|rs| {
                        rs.iter().filter(|r| elsewhere(r)).any(|r| {
                            let row = &self.rows[*r];
                            types_agree(dsa_type, row.dsa_type)
                                && similarity(title, &row.title) >= TITLE_SIMILARITY
                        })
                    }))
    }

    /// Plans a borough's documents: each joins a row of its own folder if one matches;
    /// the others are final now unless a row elsewhere could join them. Gives the
    /// candidates that are final, ids set, in (borough, first source) order.
    pub(crate) fn borough(
        &mut self,
        borough: &str,
        documents: Vec<DocumentKeys>,
    ) -> Vec<Candidate> {
        let mut candidates: Vec<Candidate> = documents.into_iter().map(document).collect();
        let own: Vec<usize> = self
            .by_folder
            .get(borough)
            .map(|rs| {
                rs.iter()
                    .copied()
                    .filter(|r| self.state[*r] == RowState::Free)
                    .collect()
            })
            .unwrap_or_default();
        let rows: Vec<&RowKeys> = own.iter().map(|r| &self.rows[*r]).collect();
        let picks = pick_documents(&candidates, &rows, |_, _| true, |_, _| true);
        for (pick, r) in picks.into_iter().zip(own) {
            self.settle(&mut candidates, r, pick);
        }
        let (alone, joined): (Vec<Candidate>, Vec<Candidate>) = candidates
            .into_iter()
            .partition(|c| c.register_row.is_none());
        let mut done = joined;
        for c in alone {
            let waits = self.could_join_elsewhere(
                &c.borough,
                c.reference.as_deref(),
                c.isg_reference.as_deref(),
                &c.title,
                c.dsa_type,
            );
            if waits {
                self.waiting.push(c);
            } else {
                self.documents_without_row += usize::from(self.in_reach(&c.borough));
                done.push(c);
            }
        }
        self.assign_ids(&mut done);
        done
    }

    /// Plans what is left once every borough's documents are planned: the documents
    /// waiting for rows elsewhere, then every row that joined none. Gives them, ids set,
    /// with the totals of the whole plan.
    pub(crate) fn finish(&mut self) -> (Vec<Candidate>, Totals) {
        let mut waiting = std::mem::take(&mut self.waiting);
        waiting.sort_by(|a, b| (&a.borough, &a.sources[0].0).cmp(&(&b.borough, &b.sources[0].0)));
        let free: Vec<usize> = (0..self.rows.len())
            .filter(|r| self.state[*r] == RowState::Free)
            .collect();
        let rows: Vec<&RowKeys> = free.iter().map(|r| &self.rows[*r]).collect();
        let elsewhere = |c: &Candidate, row: &RowKeys| c.borough != row.borough;
        let picks = pick_documents(&waiting, &rows, elsewhere, |c, row| {
            elsewhere(c, row)
                && authority_of(&c.borough).is_some_and(|a| row.authorities.contains(&a))
                && types_agree(c.dsa_type, row.dsa_type)
        });
        for (pick, r) in picks.into_iter().zip(free) {
            // A row several documents elsewhere match equally joins none of them.
            self.settle(&mut waiting, r, pick);
        }
        for c in &mut waiting {
            if let Some(j) = &mut c.join {
                j.across_folders = true;
            } else if self.in_reach(&c.borough) {
                self.documents_without_row += 1;
            }
        }
        let mut done = waiting;
        let rows_without_document = (0..self.rows.len())
            .filter(|r| self.state[*r] != RowState::Joined)
            .count();
        for r in 0..self.rows.len() {
            if self.state[r] == RowState::Joined {
                continue;
            }
            let row = &self.rows[r];
            done.push(Candidate {
                body: Body::Row(r),
                reference: row.reference.clone(),
                isg_reference: row.isg_reference.clone(),
                id: String::new(),
                borough: row.borough.clone(),
                sha256: row.sha256.clone(),
                title: String::new(),
                dsa_type: row.dsa_type,
                sources: vec![(row.label.clone(), row.input)],
                origin: "register",
                sections: Vec::new(),
                register_row: None,
                join: self.ambiguity[r].take(),
                corrections: Vec::new(),
            });
        }
        self.assign_ids(&mut done);
        let totals = Totals {
            joined: self.joined,
            rows_without_document,
            documents_without_row: self.documents_without_row,
        };
        (done, totals)
    }

    /// Records what row `r` found among `candidates`.
    fn settle(&mut self, candidates: &mut [Candidate], r: usize, pick: Pick) {
        let row = &self.rows[r];
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
                self.state[r] = RowState::Joined;
                self.joined += 1;
            }
            Pick::Ambiguous(ks) => {
                self.state[r] = RowState::Ambiguous;
                self.ambiguity[r] = Some(JoinReport {
                    by: "ambiguous".into(),
                    score: None,
                    with: ks
                        .iter()
                        .map(|k| candidates[*k].sources[0].0.clone())
                        .collect(),
                    across_folders: false,
                });
            }
            Pick::None => {}
        }
    }
}

impl Planner {
    /// Sets each candidate's id, in (borough, first source) order, numbering an id its
    /// borough already has.
    fn assign_ids(&mut self, candidates: &mut [Candidate]) {
        candidates
            .sort_by(|a, b| (&a.borough, &a.sources[0].0).cmp(&(&b.borough, &b.sources[0].0)));
        for c in candidates.iter_mut() {
            let base = base_id(
                c.reference.as_deref(),
                c.isg_reference.as_deref(),
                &c.sha256,
                &c.sources[0].0,
            );
            let n = self
                .ids
                .entry((c.borough.clone(), base.clone()))
                .or_insert(0);
            *n += 1;
            c.id = if *n == 1 { base } else { format!("{base}-{n}") };
        }
    }
}

/// A document's candidate, before any join.
fn document(d: DocumentKeys) -> Candidate {
    Candidate {
        body: Body::Document(d.input),
        reference: d.reference,
        isg_reference: d.isg_reference,
        id: String::new(),
        borough: d.borough,
        sha256: d.sha256,
        title: d.title,
        dsa_type: d.dsa_type,
        sources: vec![(d.label, d.input)],
        origin: "document",
        sections: d.sections,
        register_row: None,
        join: None,
        corrections: Vec::new(),
    }
}

/// The London authority a folder is named for ("camden", "tower-hamlets"), if any.
pub(crate) fn authority_of(folder: &str) -> Option<LondonAuthority> {
    LondonAuthority::resolve(&folder.replace(['-', '_'], " "))
}

/// Types agree unless both are stated and differ.
fn types_agree(a: Option<&str>, b: Option<&str>) -> bool {
    a.zip(b).is_none_or(|(a, b)| a == b)
}

/// Normalised Levenshtein similarity of two matched titles, 0 when their lengths alone
/// rule out [`TITLE_SIMILARITY`] (the similarity is at most min/max of the lengths).
fn similarity(a: &str, b: &str) -> f64 {
    let (m, n) = (a.chars().count(), b.chars().count());
    if (m.min(n) as f64) < TITLE_SIMILARITY * m.max(n).max(1) as f64 {
        return 0.0;
    }
    strsim::normalized_levenshtein(a, b)
}

/// What a row found.
enum Pick {
    Joined(usize, JoinReport),
    Ambiguous(Vec<usize>),
    None,
}

/// For each row, the document (candidate index) it joins. Exact keys are looked up; only a
/// row without an exact match is compared, by title, with every document not yet taken.
/// `exact_ok` and `title_ok` say which pairs may join by a key and by title.
fn pick_documents(
    candidates: &[Candidate],
    rows: &[&RowKeys],
    exact_ok: impl Fn(&Candidate, &RowKeys) -> bool,
    title_ok: impl Fn(&Candidate, &RowKeys) -> bool,
) -> Vec<Pick> {
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
        let free = |kind: u8, key: Option<&str>| -> Vec<usize> {
            let ok = |k: &usize| {
                !taken[*k]
                    && if kind == 2 {
                        title_ok(&candidates[*k], row)
                    } else {
                        exact_ok(&candidates[*k], row)
                    }
            };
            key.and_then(|key| by_key.get(&(kind, key)))
                .map(|ks| ks.iter().copied().filter(ok).collect())
                .unwrap_or_default()
        };
        let exact = [
            (0, "reference", row.reference.as_deref()),
            (1, "isg_reference", row.isg_reference.as_deref()),
            (
                2,
                "title",
                Some(row.title.as_str()).filter(|t| !t.is_empty()),
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
                    across_folders: false,
                },
            ),
            Some((_, ks)) => Pick::Ambiguous(ks),
            None => best_title(candidates, &taken, row, &title_ok),
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
fn best_title(
    candidates: &[Candidate],
    taken: &[bool],
    row: &RowKeys,
    title_ok: &impl Fn(&Candidate, &RowKeys) -> bool,
) -> Pick {
    if row.title.is_empty() {
        return Pick::None;
    }
    let scored: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .filter(|(k, c)| !taken[*k] && title_ok(c, row))
        .map(|(k, c)| (k, similarity(&c.title, &row.title)))
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
                across_folders: false,
            },
        ),
        _ => Pick::Ambiguous(top),
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
            borough: label.split_once('/').map_or("", |(b, _)| b).into(),
            sha256: format!("sha-{input}"),
            reference: reference.map(str::to_string),
            isg_reference: None,
            title: norm_title(title),
            dsa_type: None,
            sections: Vec::new(),
        }
    }

    fn row(n: usize, reference: Option<&str>, isg: Option<&str>, title: &str) -> RowKeys {
        row_in("camden/register.xlsx", n, reference, isg, title)
    }

    fn row_in(
        file: &str,
        n: usize,
        reference: Option<&str>,
        isg: Option<&str>,
        title: &str,
    ) -> RowKeys {
        let borough = file.split_once('/').map_or("", |(b, _)| b);
        RowKeys {
            input: 9,
            label: format!("{file}#Live!{n}"),
            borough: borough.into(),
            sha256: format!("sha-{file}"),
            reference: reference.map(str::to_string),
            isg_reference: isg.map(str::to_string),
            title: title.into(),
            dsa_type: None,
            authorities: authority_of(borough).into_iter().collect(),
        }
    }

    /// Plans one borough of documents against rows, then finishes.
    fn plan_one(docs: Vec<DocumentKeys>, rows: Vec<RowKeys>) -> (Vec<Candidate>, Totals) {
        let borough = docs.first().map(|d| d.borough.clone()).unwrap_or_default();
        let mut p = Planner::new(rows, false);
        let mut candidates = p.borough(&borough, docs);
        let (rest, totals) = p.finish();
        candidates.extend(rest);
        (candidates, totals)
    }

    fn by_label<'a>(p: &'a [Candidate], label: &str) -> &'a Candidate {
        p.iter()
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
        let rows = vec![
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
        let (p, t) = plan_one(docs, rows);
        assert_eq!(t.joined, 2);
        assert_eq!((t.rows_without_document, t.documents_without_row), (0, 0));
        let asb = by_label(&p, "camden/asb.docx");
        assert_eq!(asb.register_row, Some(0));
        let j = asb.join.as_ref().unwrap();
        assert_eq!((j.by.as_str(), j.across_folders), ("reference", false));
        assert_eq!(j.with, ["camden/register.xlsx#Live!2"]);
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
        let rows = vec![row(2, Some("CAM-LIC-1"), None, "Licensing")];
        let (p, t) = plan_one(docs, rows);
        assert_eq!(t.joined, 0);
        assert_eq!(t.rows_without_document, 1);
        assert_eq!(t.documents_without_row, 2);
        let r = by_label(&p, "camden/register.xlsx#Live!2");
        assert_eq!(r.body, Body::Row(0));
        let j = r.join.as_ref().unwrap();
        assert_eq!(j.by, "ambiguous");
        assert_eq!(j.with, ["camden/lic-draft.docx", "camden/lic-signed.docx"]);
        // Same reference, one borough: the second gets -2, in path order, the row (planned
        // once every borough is) -3.
        let ids: Vec<&str> = p.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["cam-lic-1", "cam-lic-1-2", "cam-lic-1-3"]);
    }

    #[test]
    fn a_document_joins_one_row_and_ids_are_stable() {
        let docs = || vec![doc(0, "camden/x.docx", None, "Youth Offending Protocol")];
        let rows = || {
            vec![
                row(2, None, Some("ISG-10231"), "Youth Offending Protocol"),
                row(3, None, None, "Youth Offending Protocol"),
            ]
        };
        let (p, t) = plan_one(docs(), rows());
        assert_eq!(t.joined, 1);
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
        let (again, _) = plan_one(docs(), rows());
        let ids = |p: &[Candidate]| p.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&p), ids(&again));
    }

    #[test]
    fn without_a_register_no_document_lacks_a_row() {
        let (p, t) = plan_one(vec![doc(0, "camden/x.docx", None, "X")], Vec::new());
        assert_eq!((t.joined, t.documents_without_row), (0, 0));
        assert!(p[0].join.is_none());
    }

    #[test]
    fn rows_join_documents_in_other_folders_by_key_and_by_title_with_borough_and_type() {
        let mut gvm = doc(
            1,
            "newham/gvm.docx",
            None,
            "Gangs Violence Matrix Data Sharing Agreement",
        );
        gvm.dsa_type = Some("gangs_violence_matrix");
        let mut lic = doc(
            2,
            "hackney/licensing.docx",
            None,
            "Licensing Data Sharing Agreement",
        );
        lic.dsa_type = Some("licensing");
        let rows = vec![
            // The tracker at the top: by ISG reference, wherever the document is filed.
            row_in(
                "tracker.xlsx",
                2,
                None,
                Some("ISG-10231"),
                "MAPPA — South London",
            ),
            // By title: the row names Newham among its parties, and its type is the
            // document's.
            RowKeys {
                dsa_type: Some("gangs_violence_matrix"),
                authorities: vec![LondonAuthority::resolve("Newham").unwrap()],
                ..row_in("tracker.xlsx", 3, None, None, "Gangs Violence Matrix DSA")
            },
            // The same title, but the row names Hackney and another type: no join.
            RowKeys {
                dsa_type: Some("gangs_violence_matrix"),
                authorities: vec![LondonAuthority::resolve("Hackney").unwrap()],
                ..row_in("tracker.xlsx", 4, None, None, "Licensing DSA")
            },
            // Camden's register lists Islington's copy by reference.
            row(5, Some("ISL-MASH-1"), None, "MASH"),
        ];
        let mut mappa = doc(0, "lambeth/mappa.docx", None, "Some other title");
        mappa.isg_reference = Some("ISG-10231".into());
        let mut p = Planner::new(rows, true);
        assert!(p.could_join_elsewhere(
            "newham",
            None,
            None,
            &gvm.title,
            Some("gangs_violence_matrix")
        ));
        assert!(!p.could_join_elsewhere("hackney", None, None, &lic.title, Some("licensing")));
        let mut all = Vec::new();
        all.extend(p.borough("camden", Vec::new()));
        all.extend(p.borough("hackney", vec![lic]));
        // Hackney's document no row elsewhere could join is final at once.
        assert_eq!(all.len(), 1);
        assert!(all[0].join.is_none());
        all.extend(p.borough(
            "islington",
            vec![doc(3, "islington/mash.docx", Some("ISL-MASH-1"), "MASH")],
        ));
        all.extend(p.borough("lambeth", vec![mappa]));
        all.extend(p.borough("newham", vec![gvm]));
        // The others wait for every folder's own rows.
        assert_eq!(all.len(), 1);
        let (rest, t) = p.finish();
        all.extend(rest);
        assert_eq!(t.joined, 3);
        assert_eq!((t.rows_without_document, t.documents_without_row), (1, 1));
        let j = |label: &str| by_label(&all, label).join.clone().unwrap();
        assert_eq!(
            (
                j("lambeth/mappa.docx").by,
                j("lambeth/mappa.docx").across_folders
            ),
            ("isg_reference".to_string(), true)
        );
        assert_eq!(j("newham/gvm.docx").by, "title");
        assert_eq!(j("newham/gvm.docx").with, ["tracker.xlsx#Live!3"]);
        assert_eq!(
            j("islington/mash.docx").with,
            ["camden/register.xlsx#Live!5"]
        );
        // The documents stay in their own folders, their ids from their keys.
        let mash = by_label(&all, "islington/mash.docx");
        assert_eq!(
            (mash.borough.as_str(), mash.id.as_str()),
            ("islington", "isl-mash-1")
        );
        // The Hackney-named row stands alone at the top.
        let alone = by_label(&all, "tracker.xlsx#Live!4");
        assert_eq!((alone.body, alone.borough.as_str()), (Body::Row(2), ""));
    }

    #[test]
    fn a_folder_claims_its_own_rows_before_documents_elsewhere() {
        // Camden's row has Islington's copy's reference too, but Camden's own document
        // claims it; Islington's copy is planned alone.
        let rows = vec![row(2, Some("MASH-1"), None, "MASH")];
        let mut p = Planner::new(rows, false);
        let isl = p.borough(
            "islington",
            vec![doc(0, "islington/mash.docx", Some("MASH-1"), "MASH")],
        );
        assert!(isl.is_empty(), "a row elsewhere could join it: it waits");
        let cam = p.borough(
            "camden",
            vec![doc(1, "camden/mash.docx", Some("MASH-1"), "MASH")],
        );
        assert_eq!(cam[0].join.as_ref().unwrap().by, "reference");
        let (rest, t) = p.finish();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].sources[0].0, "islington/mash.docx");
        assert!(rest[0].join.is_none());
        assert_eq!((t.joined, t.rows_without_document), (1, 0));
        // Islington has no register and none is central: its document lacks no row.
        assert_eq!(t.documents_without_row, 0);
    }

    #[test]
    fn a_row_two_folders_match_equally_joins_neither() {
        let rows = vec![row_in("tracker.xlsx", 2, None, Some("ISG-1"), "X")];
        let mut p = Planner::new(rows, true);
        let mut one = doc(0, "camden/a.docx", None, "A");
        one.isg_reference = Some("ISG-1".into());
        let mut two = doc(1, "islington/b.docx", None, "B");
        two.isg_reference = Some("ISG-1".into());
        assert!(p.borough("camden", vec![one]).is_empty());
        assert!(p.borough("islington", vec![two]).is_empty());
        let (rest, t) = p.finish();
        assert_eq!(t.joined, 0);
        let r = by_label(&rest, "tracker.xlsx#Live!2");
        let j = r.join.as_ref().unwrap();
        assert_eq!(j.by, "ambiguous");
        assert_eq!(j.with, ["camden/a.docx", "islington/b.docx"]);
        assert_eq!(t.documents_without_row, 2);
    }
}
