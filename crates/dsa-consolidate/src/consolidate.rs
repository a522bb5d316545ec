//! One agreement from a group of variants.

use crate::borough::{group_title, variant_borough};
use crate::{commonest, Member};
use dsa_diff::keyed::{element_key, reworded, Key};
use dsa_model::{Agreement, CodeList, LondonAuthority, Party};
use serde::Serialize;
use serde_json::{Map, Value};

/// Stands for "this variant's borough" while variants are compared, so variants that differ
/// only in their borough compare equal.
const BOROUGH: &str = "@borough";

/// A variant taking part, as the report names it.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Its file.
    pub label: String,
    /// Its borough, for a per-borough variant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    /// Its legacy references, which the consolidated agreement replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Its ISG reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isg_reference: Option<String>,
}

/// What the variants say at one point where they disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Said {
    /// The value (absent: the variant does not have it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Variants saying it (borough name, or file for a variant without one).
    pub by: Vec<String>,
}

/// A point where the variants disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// Where (as in `dsa diff`).
    pub path: String,
    /// Material (who shares what, on which basis, for how long) or editorial.
    pub material: bool,
    /// What was put in the consolidated agreement: the majority's value, or for a list
    /// member found in some variants only, the member (kept, never dropped).
    pub chosen: String,
    /// Every distinct value with the variants that say it.
    pub values: Vec<Said>,
}

/// The consolidated agreement and its report.
#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    /// The agreement: every borough once, the content the variants share.
    pub agreement: Agreement,
    /// The variants, in input order.
    pub variants: Vec<Variant>,
    /// Boroughs covered, by GSS code order.
    pub boroughs: Vec<String>,
    /// Boroughs that had more than one variant (each is a party once; their variants'
    /// differences are in `disagreements`).
    pub duplicate_boroughs: Vec<String>,
    /// Every point of disagreement: material ones first, then by path.
    pub disagreements: Vec<Disagreement>,
}

/// Why consolidation could not produce an agreement.
#[derive(Debug, thiserror::Error)]
pub enum ConsolidateError {
    /// Nothing to consolidate.
    #[error("[E-CONS-001] no agreements to consolidate")]
    Empty,
    /// The merged content does not form a valid agreement (a bug: please report).
    #[error("[E-CONS-002] the merged content is not a valid agreement: {0}")]
    Invalid(String),
}

struct Prepared {
    who: String,
    borough: Option<LondonAuthority>,
    value: Value,
}

/// Consolidates variants into one agreement titled `title` (default: the variants'
/// commonest title without its borough).
pub fn consolidate(
    members: &[Member],
    title: Option<&str>,
) -> Result<Consolidation, ConsolidateError> {
    if members.is_empty() {
        return Err(ConsolidateError::Empty);
    }
    let mut prepared = Vec::new();
    let mut variants = Vec::new();
    let mut borough_parties: Vec<(LondonAuthority, Party)> = Vec::new();
    let mut duplicate_boroughs = Vec::new();
    let mut titles = Vec::new();
    let mut unmapped = Vec::new();
    let mut extra = Vec::new();
    for m in members {
        let a = &m.agreement;
        let vb = variant_borough(a);
        let mut value = dsa_diff::comparable(a);
        if let Value::Object(o) = &mut value {
            // Record-keeping of each legacy agreement, not content: reported, not merged.
            for k in [
                "id",
                "reference",
                "isg_reference",
                "title",
                "register",
                "extra_attributes",
                "version",
                "status",
            ] {
                o.remove(k);
            }
        }
        if let Some((idx, la)) = vb {
            let pid = a.parties[idx].id.clone();
            if let Some(Value::Array(ps)) = value.get_mut("parties") {
                ps.retain(|p| p.get("id").and_then(Value::as_str) != Some(pid.as_str()));
            }
            abstract_borough(&mut value, &pid, &names_of(la));
            let mut p = a.parties[idx].clone();
            p.id = la.code().to_string();
            p.name = la.wording().to_string();
            p.kind = la.party_kind();
            p.london_authority = Some(la);
            if borough_parties.iter().any(|(b, _)| *b == la) {
                if !duplicate_boroughs.contains(&la.wording().to_string()) {
                    duplicate_boroughs.push(la.wording().to_string());
                }
            } else {
                borough_parties.push((la, p));
            }
        }
        titles.push(group_title(&a.title, vb.map(|x| x.1)));
        let who = match vb {
            Some((_, la)) => la.short_name().to_string(),
            None => m.label.clone(),
        };
        for u in &a.unmapped {
            let mut u = u.clone();
            u.location = format!("{}: {}", m.label, u.location);
            unmapped.push(u);
        }
        for x in &a.extra_attributes {
            let mut x = x.clone();
            x.name = format!("{} ({})", x.name, who);
            extra.push(x);
        }
        variants.push(Variant {
            label: m.label.clone(),
            borough: vb.map(|(_, la)| la.wording().to_string()),
            reference: a.reference.clone(),
            isg_reference: a.isg_reference.clone(),
        });
        prepared.push(Prepared {
            who,
            borough: vb.map(|x| x.1),
            value,
        });
    }

    let mut merger = Merger {
        prepared: &prepared,
        disagreements: Vec::new(),
    };
    let all: Vec<usize> = (0..prepared.len()).collect();
    let vals: Vec<(usize, &Value)> = all.iter().map(|&i| (i, &prepared[i].value)).collect();
    let mut merged = merger.merge(&mut Vec::new(), &vals).unwrap_or(Value::Null);
    let ids = borough_ids(&prepared, &all);
    expand(&mut merged, &ids);
    let mut disagreements = merger.disagreements;
    disagreements.sort_by(|a, b| {
        b.material
            .cmp(&a.material)
            .then_with(|| a.path.cmp(&b.path))
    });

    if let Value::Object(o) = &mut merged {
        o.insert("format_version".into(), dsa_model::FORMAT_VERSION.into());
        o.insert("title".into(), Value::String(String::new()));
    }
    let mut agreement: Agreement =
        serde_json::from_value(merged).map_err(|e| ConsolidateError::Invalid(e.to_string()))?;
    borough_parties.sort_by_key(|(la, _)| la.gss_code());
    agreement
        .parties
        .extend(borough_parties.iter().map(|(_, p)| p.clone()));
    agreement.title = match title {
        Some(t) => t.to_string(),
        None => commonest(&titles),
    };
    agreement.unmapped = unmapped;
    agreement.extra_attributes = extra;
    Ok(Consolidation {
        agreement,
        variants,
        boroughs: borough_parties
            .iter()
            .map(|(la, _)| la.wording().to_string())
            .collect(),
        duplicate_boroughs,
        disagreements,
    })
}

fn names_of(la: LondonAuthority) -> Vec<String> {
    let mut names = la.aliases();
    names.push(la.wording().to_string());
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

/// Replaces the variant's borough party id (wherever a string is exactly it) with
/// [`BOROUGH`], and its names inside text with "the borough". Other parties, and ids and
/// names anywhere, keep their own words: "Camden Safer Streets" and "Barnet Safer Streets"
/// are different organisations, not one.
fn abstract_borough(v: &mut Value, pid: &str, names: &[String]) {
    abstract_in(v, pid, names, true);
}

fn abstract_in(v: &mut Value, pid: &str, names: &[String], text: bool) {
    match v {
        Value::String(s) if s == pid => *s = BOROUGH.to_string(),
        Value::String(s) if text => {
            for n in names {
                if let Some(i) = find_word(s, n) {
                    s.replace_range(i..i + n.len(), "the borough");
                }
            }
        }
        Value::Array(xs) => xs.iter_mut().for_each(|x| abstract_in(x, pid, names, text)),
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                let keep_words = matches!(k.as_str(), "parties" | "id" | "name" | "party");
                abstract_in(x, pid, names, text && !keep_words);
            }
        }
        _ => {}
    }
}

/// Byte offset of `needle` in `hay` as whole words, ASCII case-insensitively.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.to_ascii_lowercase();
    let n = needle.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = h[from..].find(&n).map(|i| i + from) {
        let before = h[..i].chars().last().is_none_or(|c| !c.is_alphanumeric());
        let after = h[i + n.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before && after && hay.is_char_boundary(i) && hay.is_char_boundary(i + n.len()) {
            return Some(i);
        }
        from = i + n.len().max(1);
        if from >= h.len() {
            break;
        }
    }
    None
}

fn borough_ids(prepared: &[Prepared], who: &[usize]) -> Vec<String> {
    let mut ids: Vec<(&'static str, String)> = who
        .iter()
        .filter_map(|&i| prepared[i].borough)
        .map(|la| (la.gss_code(), la.code().to_string()))
        .collect();
    ids.sort();
    ids.dedup();
    ids.into_iter().map(|(_, id)| id).collect()
}

/// Puts the boroughs back: a list of party ids holding [`BOROUGH`] gets every contributing
/// borough's id; any other [`BOROUGH`] (a single-party field) is replaced by the first, and
/// list members holding one are repeated per borough by the caller ([`expand_list`]).
fn expand(v: &mut Value, ids: &[String]) {
    match v {
        Value::Array(xs) => {
            if xs.iter().any(|x| x.as_str() == Some(BOROUGH)) {
                let mut out: Vec<Value> = Vec::new();
                for x in xs.drain(..) {
                    if x.as_str() == Some(BOROUGH) {
                        out.extend(ids.iter().map(|id| Value::String(id.clone())));
                    } else if !out.contains(&x) {
                        out.push(x);
                    }
                }
                *xs = out;
            } else {
                for x in xs.iter_mut() {
                    expand(x, ids);
                }
            }
        }
        Value::Object(m) => m.values_mut().for_each(|x| expand(x, ids)),
        Value::String(s) if s == BOROUGH => {
            *s = ids.first().cloned().unwrap_or_default();
        }
        _ => {}
    }
}

/// The distinct values of `vals`, each with the variants that have it, in order of first
/// appearance.
fn equal_values<'v>(vals: &[(usize, &'v Value)]) -> Vec<(&'v Value, Vec<usize>)> {
    let mut groups: Vec<(&Value, Vec<usize>)> = Vec::new();
    for (i, v) in vals {
        match groups.iter_mut().find(|(g, _)| g == v) {
            Some((_, is)) => is.push(*i),
            None => groups.push((v, vec![*i])),
        }
    }
    groups
}

/// The tag of an adjacently tagged choice (`{"scope": "named", "parties": [...]}`), when
/// the value is one.
fn tag_of<'v>(v: &'v Value, tag: &str) -> Option<&'v str> {
    let m = v.as_object()?;
    let known = m.keys().all(|k| k == tag || k == "parties" || k == "date");
    m.get(tag).and_then(Value::as_str).filter(|_| known)
}

fn mentions_borough(v: &Value) -> bool {
    match v {
        Value::String(s) => s == BOROUGH,
        Value::Array(xs) => xs.iter().any(mentions_borough),
        Value::Object(m) => m.values().any(mentions_borough),
        _ => false,
    }
}

/// Whether a value holds [`BOROUGH`] in a single-party field (not in a list of ids).
fn has_single_borough(v: &Value) -> bool {
    match v {
        Value::String(s) => s == BOROUGH,
        Value::Array(xs) => xs.iter().any(|x| !x.is_string() && has_single_borough(x)),
        Value::Object(m) => m.values().any(has_single_borough),
        _ => false,
    }
}

/// A list member found in variants `who`: with a single-party borough field it becomes one
/// member per borough; otherwise its borough lists are expanded.
fn expand_list(element: Value, ids: &[String]) -> Vec<Value> {
    if has_single_borough(&element) && ids.len() > 1 {
        ids.iter()
            .map(|id| {
                let mut e = element.clone();
                expand(&mut e, std::slice::from_ref(id));
                e
            })
            .collect()
    } else {
        let mut e = element;
        expand(&mut e, ids);
        vec![e]
    }
}

struct Merger<'a> {
    prepared: &'a [Prepared],
    disagreements: Vec<Disagreement>,
}

impl Merger<'_> {
    fn who(&self, is: &[usize]) -> Vec<String> {
        is.iter().map(|&i| self.prepared[i].who.clone()).collect()
    }

    fn record(&mut self, path: &[String], chosen: String, values: Vec<Said>) {
        self.disagreements.push(Disagreement {
            path: dsa_diff::render_path(path),
            material: dsa_diff::is_material(path),
            chosen,
            values,
        });
    }

    /// Records a disagreement between the distinct values `groups` ([`equal_values`]).
    fn record_groups(&mut self, path: &[String], chosen: String, groups: &[(&Value, Vec<usize>)]) {
        let values = groups
            .iter()
            .map(|(v, is)| Said {
                value: Some((*v).clone()),
                by: self.who(is),
            })
            .collect();
        self.record(path, chosen, values);
    }

    /// Merges the values the variants `vals` have at `path` (all present).
    fn merge(&mut self, path: &mut Vec<String>, vals: &[(usize, &Value)]) -> Option<Value> {
        let (_, first) = vals.first()?;
        // Equal values are merged as they are, unless they hold lists naming the borough:
        // those are walked so each list member is expanded for the variants having it.
        let containers = first.is_object() || first.is_array();
        if vals.iter().all(|(_, v)| v == first) && !(containers && mentions_borough(first)) {
            return Some((*first).clone());
        }
        // "Applies to" and a termination are one choice each, not fields to merge one by
        // one: merged key by key, "all parties" and a named list made an invalid value.
        if vals.iter().all(|(_, v)| tag_of(v, "scope").is_some()) {
            return Some(self.merge_applicability(path, vals));
        }
        if vals.iter().all(|(_, v)| tag_of(v, "kind").is_some()) {
            return Some(self.majority(path, vals));
        }
        if vals.iter().all(|(_, v)| v.is_object()) {
            let mut keys: Vec<&String> = Vec::new();
            for (_, v) in vals {
                for k in v.as_object().into_iter().flat_map(|m| m.keys()) {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
            let mut out = Map::new();
            for k in keys {
                path.push(k.clone());
                let have: Vec<(usize, &Value)> = vals
                    .iter()
                    .filter_map(|(i, v)| v.get(k).map(|x| (*i, x)))
                    .collect();
                self.absent_in_some(path, vals, &have);
                if let Some(m) = self.merge(path, &have) {
                    out.insert(k.clone(), m);
                }
                path.pop();
            }
            return Some(Value::Object(out));
        }
        if vals.iter().all(|(_, v)| v.is_array()) {
            return Some(self.merge_lists(path, vals));
        }
        Some(self.majority(path, vals))
    }

    /// Different plain values: the majority's (the first variant's among equals), the
    /// disagreement recorded.
    fn majority(&mut self, path: &[String], vals: &[(usize, &Value)]) -> Value {
        let groups = equal_values(vals);
        let chosen = groups
            .iter()
            .enumerate()
            .max_by(|(ia, a), (ib, b)| a.1.len().cmp(&b.1.len()).then(ib.cmp(ia)))
            .map(|(_, g)| g.0.clone())
            .unwrap_or(Value::Null);
        self.record_groups(path, format!("the most common value: {chosen}"), &groups);
        chosen
    }

    /// Which parties something applies to, merged by meaning: a variant that does not say
    /// ("unspecified") gives way to those that do; named lists are joined (each variant's
    /// own borough becoming that borough); between "all parties" and named parties the
    /// majority decides, the first variant's among equals. Any difference is recorded.
    fn merge_applicability(&mut self, path: &[String], vals: &[(usize, &Value)]) -> Value {
        let first = vals[0].1;
        if vals.iter().all(|(_, v)| *v == first) {
            return first.clone();
        }
        let said: Vec<(usize, &Value)> = vals
            .iter()
            .filter(|(_, v)| tag_of(v, "scope") != Some("unspecified"))
            .map(|(i, v)| (*i, *v))
            .collect();
        let chosen = if said.is_empty() {
            first.clone()
        } else {
            let (mut named, mut all) = (Vec::new(), Vec::new());
            for (i, v) in &said {
                match tag_of(v, "scope") {
                    Some("named") => named.push((*i, *v)),
                    _ => all.push((*i, *v)),
                }
            }
            let named_first = said
                .first()
                .is_some_and(|(_, v)| tag_of(v, "scope") == Some("named"));
            let pick_named = named.len() > all.len() || (named.len() == all.len() && named_first);
            if pick_named {
                let mut ids: Vec<Value> = Vec::new();
                for (i, v) in &named {
                    let own = borough_ids(self.prepared, &[*i]);
                    for p in v
                        .get("parties")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        let expanded: Vec<Value> = if p.as_str() == Some(BOROUGH) {
                            own.iter().map(|id| Value::String(id.clone())).collect()
                        } else {
                            vec![p.clone()]
                        };
                        for e in expanded {
                            if !ids.contains(&e) {
                                ids.push(e);
                            }
                        }
                    }
                }
                serde_json::json!({"scope": "named", "parties": ids})
            } else {
                all[0].1.clone()
            }
        };
        let groups = equal_values(vals);
        if groups.len() > 1 {
            self.record_groups(path, format!("merged by meaning: {chosen}"), &groups);
        }
        chosen
    }

    /// Records a disagreement when some of `vals` lack what `have` have.
    fn absent_in_some(
        &mut self,
        path: &[String],
        vals: &[(usize, &Value)],
        have: &[(usize, &Value)],
    ) {
        if have.is_empty() || have.len() == vals.len() {
            return;
        }
        let missing: Vec<usize> = vals
            .iter()
            .map(|(i, _)| *i)
            .filter(|i| !have.iter().any(|(j, _)| j == i))
            .collect();
        let mut values: Vec<Said> = Vec::new();
        for (i, v) in have {
            match values.iter_mut().find(|s| s.value.as_ref() == Some(*v)) {
                Some(s) => s.by.push(self.prepared[*i].who.clone()),
                None => values.push(Said {
                    value: Some((*v).clone()),
                    by: vec![self.prepared[*i].who.clone()],
                }),
            }
        }
        values.push(Said {
            value: None,
            by: self.who(&missing),
        });
        self.record(path, "kept: present in some variants".into(), values);
    }

    fn merge_lists(&mut self, path: &mut Vec<String>, vals: &[(usize, &Value)]) -> Value {
        let lists: Vec<&[Value]> = vals
            .iter()
            .map(|(_, v)| v.as_array().map(Vec::as_slice).unwrap_or_default())
            .collect();
        // Identity keys when every list has unique ones, else whole values.
        let named = lists.iter().all(|l| {
            let mut seen = std::collections::HashSet::new();
            l.iter()
                .all(|v| element_key(v).is_some_and(|k| seen.insert(k)))
        });
        let key_of = |v: &Value| {
            if named {
                Key::Named(element_key(v).unwrap_or_default())
            } else {
                Key::Value(v.to_string())
            }
        };
        // Members in order of first appearance; a member that differs from an earlier one
        // only in wording (dsa_diff::keyed::reworded) is that member.
        let mut order: Vec<(Key, &Value)> = Vec::new();
        let mut key_for: Vec<Vec<Key>> = Vec::new();
        for l in &lists {
            let mut ks = Vec::new();
            for v in *l {
                let own = key_of(v);
                let k = match order
                    .iter()
                    .find(|(k, rep)| *k == own || (!named && reworded(rep, v)))
                {
                    Some((k, _)) => k.clone(),
                    None => {
                        order.push((own.clone(), v));
                        own
                    }
                };
                ks.push(k);
            }
            key_for.push(ks);
        }
        let mut out = Vec::new();
        for (k, _) in &order {
            path.push(k.segment());
            let have: Vec<(usize, &Value)> = vals
                .iter()
                .zip(&lists)
                .zip(&key_for)
                .filter_map(|(((i, _), l), ks)| ks.iter().position(|x| x == k).map(|p| (*i, &l[p])))
                .collect();
            self.absent_in_some(path, vals, &have);
            let who: Vec<usize> = have.iter().map(|(i, _)| *i).collect();
            if let Some(m) = self.merge(path, &have) {
                let ids = borough_ids(self.prepared, &who);
                for e in expand_list(m, &ids) {
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
            path.pop();
        }
        Value::Array(out)
    }
}
