//! Corrections that survive re-runs (`dsa migrate --corrections FILE`).
//!
//! An officer who finds a wrong value writes it down once, in a TOML file kept beside the
//! backlog; every run applies it after import, records it in the agreement (its
//! `corrections` and the field's provenance) and in the report. A correction that no
//! longer applies — its agreement is gone, the import now reads something else than the
//! value it corrected, the source was fixed — is reported, never dropped silently.
//!
//! ```toml
//! [[correction]]
//! agreement = "camden/CAM-ASB-2019"   # the report's borough/id; or source = "camden/asb.docx"
//! field = "/review/review_date"       # JSON Pointer, as findings and spec/reference.md name it
//! value = 2027-03-31                  # or remove = true
//! was = 2025-03-31                    # optional: the value it corrects
//! by = "A. Officer, Camden IG"
//! why = "Review agreed at the 2024 board; the document was not updated"
//! ```

use std::collections::HashMap;
use std::path::Path;

use dsa_model::{Agreement, Correction, Provenance, SourceFile, SourceLocation};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::MigrateError;

/// A corrections file larger than this is refused: thousands of corrections fit in far less.
const MOST_BYTES: u64 = 4 * 1024 * 1024;

/// Top-level fields a correction may not touch: the migration's own record-keeping.
const NOT_CORRECTABLE: &[(&str, &str)] = &[
    (
        "id",
        "the id is the migration's; correct /reference instead",
    ),
    ("format_version", "the format version is the toolkit's"),
    ("sources", "the sources are where values were read"),
    ("provenance", "provenance is recorded by the import"),
    ("corrections", "corrections are recorded by the migration"),
];

/// The corrections file, read and checked before the run starts.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    /// The file's name (its last component): what provenance records point to, the same
    /// wherever the file lies, so packages stay deterministic.
    name: String,
    entries: Vec<Entry>,
}

/// One `[[correction]]` entry.
#[derive(Debug, Clone)]
struct Entry {
    line: usize,
    target: Target,
    field: String,
    change: Change,
    was: Option<Value>,
    by: String,
    why: String,
}

/// Which agreement an entry corrects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    /// `borough/id` as the report lists it (`id` alone for files at the top).
    Agreement(String),
    /// A source file's path in the backlog, or a register row's `file#sheet!row`.
    Source(String),
}

#[derive(Debug, Clone)]
enum Change {
    Set(Value),
    Remove,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    correction: Vec<toml::Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    agreement: Option<String>,
    source: Option<String>,
    field: String,
    value: Option<toml::Value>,
    #[serde(default)]
    remove: bool,
    was: Option<toml::Value>,
    by: String,
    why: String,
}

/// What became of one correction in a run, in the report (file order).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CorrectionReport {
    /// The entry's line in the corrections file.
    pub line: usize,
    /// The agreement it names, as written (`agreement = ...` or `source = ...`).
    pub target: String,
    /// The field (JSON Pointer).
    pub field: String,
    /// The corrected value as text; absent for a removal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Who made it.
    pub by: String,
    /// Why.
    pub why: String,
    /// Whether it was applied.
    pub applied: bool,
    /// The agreement (`borough/id`) it was applied to or checked against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    /// Why it was not applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Corrections {
    /// Reads and checks a corrections file. Any mistake in it (TOML, a missing `by`, a
    /// pointer to the migration's own fields) stops the run before it starts, naming the
    /// file and line: a run that silently skipped an officer's correction would undo it.
    pub fn read(path: &Path) -> Result<Corrections, MigrateError> {
        let shown = path.display().to_string();
        let bad = |line: Option<usize>, why: String| {
            MigrateError::Corrections(
                match line {
                    Some(l) => format!("{shown}:{l}"),
                    None => shown.clone(),
                },
                why,
            )
        };
        let size = std::fs::metadata(path)
            .map_err(|e| bad(None, e.to_string()))?
            .len();
        if size > MOST_BYTES {
            return Err(bad(
                None,
                format!("{size} bytes; a corrections file holds at most {MOST_BYTES}"),
            ));
        }
        let text = std::fs::read_to_string(path).map_err(|e| bad(None, e.to_string()))?;
        Self::parse(&text, &name_of(path)).map_err(|(line, why)| bad(line, why))
    }

    /// Parses a corrections file's text; errors carry the line they are on.
    fn parse(text: &str, name: &str) -> Result<Corrections, (Option<usize>, String)> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(s.start));
            (line, e.message().to_string())
        })?;
        let mut entries = Vec::with_capacity(raw.correction.len());
        for spanned in raw.correction {
            let line = line_of(spanned.span().start);
            let r = spanned.into_inner();
            let fail = |why: String| (Some(line), why);
            let target = match (r.agreement, r.source) {
                (Some(a), None) => Target::Agreement(a.trim().to_string()),
                (None, Some(s)) => Target::Source(s.trim().replace('\\', "/")),
                (Some(_), Some(_)) => {
                    return Err(fail(
                        "give either `agreement` or `source`, not both".into(),
                    ))
                }
                (None, None) => {
                    return Err(fail(
                        "say which agreement: `agreement = \"borough/id\"` (as report.json lists it) or `source = \"path in the backlog\"`".into(),
                    ))
                }
            };
            let field = r.field.trim().to_string();
            check_pointer(&field).map_err(fail)?;
            let change = match (r.value, r.remove) {
                (Some(v), false) => Change::Set(json_of(v)),
                (None, true) => Change::Remove,
                (Some(_), true) => {
                    return Err(fail(
                        "give either `value` or `remove = true`, not both".into(),
                    ))
                }
                (None, false) => {
                    return Err(fail(
                        "give the right `value`, or `remove = true` to remove the field".into(),
                    ))
                }
            };
            for (what, text) in [("by", &r.by), ("why", &r.why)] {
                if text.trim().is_empty() {
                    return Err(fail(format!(
                        "`{what}` is empty: say who made the correction and why"
                    )));
                }
            }
            entries.push(Entry {
                line,
                target,
                field,
                change,
                was: r.was.map(json_of),
                by: r.by.trim().to_string(),
                why: r.why.trim().to_string(),
            });
        }
        Ok(Corrections {
            name: name.to_string(),
            entries,
        })
    }

    /// Whether there are none (no file given, or an empty one).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries aimed at each agreement of a borough, given each agreement's key
    /// (`borough/id`) and source labels. An entry naming a source that several agreements
    /// share (a register's file, not its row) applies to none of them: it is reported
    /// with the agreements it could mean.
    /// Entries in `set_aside` (see [`Corrections::set_aside`]) are left out.
    pub fn plan<'a>(
        &self,
        agreements: impl Iterator<Item = (String, Vec<&'a str>)>,
        set_aside: &[usize],
    ) -> Plan {
        let mut wanted: HashMap<&Target, Vec<usize>> = HashMap::new();
        for (k, e) in self.entries.iter().enumerate() {
            if !set_aside.contains(&k) {
                wanted.entry(&e.target).or_default().push(k);
            }
        }
        let mut plan = Plan::default();
        if wanted.is_empty() {
            return plan;
        }
        let mut hits: HashMap<usize, Vec<(usize, String)>> = HashMap::new();
        for (a, (key, sources)) in agreements.enumerate() {
            plan.per_agreement.push(Vec::new());
            let mut mine = Vec::new();
            if let Some(ks) = wanted.get(&Target::Agreement(key.clone())) {
                mine.extend(ks);
            }
            for s in sources {
                // A register row's label is FILE#SHEET!ROW: the file alone names its rows.
                let file = s.split_once('#').map(|(f, _)| f);
                for s in std::iter::once(s).chain(file) {
                    if let Some(ks) = wanted.get(&Target::Source(s.to_string())) {
                        mine.extend(ks);
                    }
                }
            }
            mine.sort_unstable();
            mine.dedup();
            for k in mine {
                hits.entry(k).or_default().push((a, key.clone()));
            }
        }
        let mut found: Vec<usize> = hits.keys().copied().collect();
        found.sort_unstable();
        for k in found {
            let matched = &hits[&k];
            if let [(a, _)] = matched.as_slice() {
                plan.per_agreement[*a].push(k);
            } else {
                let keys: Vec<&str> = matched.iter().map(|(_, key)| key.as_str()).collect();
                plan.ambiguous.push(self.report(
                    k,
                    None,
                    Some(format!(
                        "{} agreements come from it ({}): name one with `agreement = \"borough/id\"`, or a register row as FILE#SHEET!ROW",
                        keys.len(),
                        keys.join(", ")
                    )),
                ));
            }
            plan.matched.push(k);
        }
        plan
    }

    /// Entries naming a source that several register rows come from (`rows_of` gives a
    /// register's row labels when it has several): reported now, before any agreement is
    /// planned, since a run plans its agreements in batches and a register's rows may
    /// fall in several. Gives their reports and their indices, for [`Corrections::plan`]
    /// to leave out.
    pub fn set_aside(
        &self,
        rows_of: impl Fn(&str) -> Option<Vec<String>>,
    ) -> (Vec<CorrectionReport>, Vec<usize>) {
        let mut reports = Vec::new();
        let mut set_aside = Vec::new();
        for (k, e) in self.entries.iter().enumerate() {
            let Target::Source(s) = &e.target else {
                continue;
            };
            if let Some(rows) = rows_of(s) {
                const SHOWN: usize = 5;
                let more = rows.len().saturating_sub(SHOWN);
                let mut shown = rows[..rows.len().min(SHOWN)].join(", ");
                if more > 0 {
                    shown.push_str(&format!(" and {more} more"));
                }
                reports.push(self.report(
                    k,
                    None,
                    Some(format!(
                        "{} register rows come from it ({shown}): name one as FILE#SHEET!ROW, or its agreement with `agreement = \"borough/id\"`",
                        rows.len()
                    )),
                ));
                set_aside.push(k);
            }
        }
        (reports, set_aside)
    }

    /// Applies the planned entries to an agreement (its id set), in file order: each
    /// either applies or is reported with the reason it does not.
    pub fn apply(
        &self,
        agreement: &mut Agreement,
        key: &str,
        planned: &[usize],
    ) -> Vec<CorrectionReport> {
        planned
            .iter()
            .map(|&k| match self.apply_one(agreement, k) {
                Ok(()) => self.report(k, Some(key.to_string()), None),
                Err(why) => self.report(k, Some(key.to_string()), Some(why)),
            })
            .collect()
    }

    /// The report lines of entries no agreement of the run matched.
    pub fn unmatched(&self, matched: &std::collections::BTreeSet<usize>) -> Vec<CorrectionReport> {
        (0..self.entries.len())
            .filter(|k| !matched.contains(k))
            .map(|k| {
                let why = match &self.entries[k].target {
                    Target::Agreement(a) => format!(
                        "no agreement {a} in this run (report.json lists each as borough/id): it was removed, or its id changed"
                    ),
                    Target::Source(s) => format!(
                        "no agreement comes from {s} in this run: the file was removed, renamed or no longer imports"
                    ),
                };
                self.report(k, None, Some(why))
            })
            .collect()
    }

    fn report(
        &self,
        k: usize,
        agreement: Option<String>,
        reason: Option<String>,
    ) -> CorrectionReport {
        let e = &self.entries[k];
        CorrectionReport {
            line: e.line,
            target: match &e.target {
                Target::Agreement(a) => format!("agreement = {a}"),
                Target::Source(s) => format!("source = {s}"),
            },
            field: e.field.clone(),
            value: match &e.change {
                Change::Set(v) => Some(text_of(v)),
                Change::Remove => None,
            },
            by: e.by.clone(),
            why: e.why.clone(),
            applied: reason.is_none(),
            agreement,
            reason,
        }
    }

    fn apply_one(&self, agreement: &mut Agreement, k: usize) -> Result<(), String> {
        let e = &self.entries[k];
        let mut root = serde_json::to_value(&*agreement).map_err(|e| e.to_string())?;
        let current = root.pointer(&e.field).cloned();
        if let Some(was) = &e.was {
            if !current.as_ref().is_some_and(|c| same(c, was)) {
                return Err(format!(
                    "the import now reads {}, not {} as when the correction was written: check the field, then update `was` or remove the correction",
                    current.as_ref().map_or("nothing".to_string(), quoted),
                    quoted(was)
                ));
            }
        }
        let (mut corrected, change) = match &e.change {
            Change::Set(v) => {
                let mut tried = None;
                // An option may be written in the template's words ("Live / signed /
                // finalised") as well as by its code: each code whose wording it is
                // is tried, and the field's own type decides.
                for v in std::iter::once(v.clone()).chain(codes_worded(v)) {
                    if current.as_ref().is_some_and(|c| same(c, &v)) {
                        return Err(
                            "the import already reads this value (the source was corrected): the correction can be removed"
                                .into(),
                        );
                    }
                    let mut root = root.clone();
                    set(&mut root, &e.field, v.clone())?;
                    match serde_json::from_value::<Agreement>(root) {
                        Ok(a) => {
                            tried = Some(Ok((a, Change::Set(v))));
                            break;
                        }
                        Err(err) => {
                            tried.get_or_insert(Err(format!(
                                "the value does not fit {}: {err}",
                                e.field
                            )));
                        }
                    }
                }
                tried.unwrap_or_else(|| Err("no value".into()))?
            }
            Change::Remove => {
                if current.is_none() {
                    return Err(format!(
                        "there is nothing at {} to remove: the import no longer has it",
                        e.field
                    ));
                }
                remove(&mut root, &e.field)?;
                let a = serde_json::from_value(root)
                    .map_err(|err| format!("{} cannot be removed: {err}", e.field))?;
                (a, Change::Remove)
            }
        };
        // The field's provenance now points at the corrections file.
        let file_index = match corrected
            .sources
            .iter()
            .position(|s| s.file.as_deref() == Some(self.name.as_str()))
        {
            Some(i) => i,
            None => {
                corrected.sources.push(SourceFile {
                    file: Some(self.name.clone()),
                    part: None,
                });
                corrected.sources.len() - 1
            }
        };
        let source = SourceLocation {
            file: (file_index > 0).then(|| self.name.clone()),
            part: None,
            path: format!("line {}", e.line),
            heading: None,
        };
        shift_provenance(&mut corrected.provenance, &e.field, &change);
        if let Change::Set(v) = &change {
            corrected.provenance.push(Provenance {
                field: e.field.clone(),
                source: source.clone(),
                text: text_of(v),
                confidence: None,
            });
        }
        corrected.corrections.push(Correction {
            field: e.field.clone(),
            imported: current.as_ref().filter(|c| !c.is_null()).map(text_of),
            value: match &change {
                Change::Set(v) => Some(text_of(v)),
                Change::Remove => None,
            },
            by: e.by.clone(),
            why: e.why.clone(),
            source,
        });
        *agreement = corrected;
        Ok(())
    }
}

/// Which entries go to which agreement, for one borough.
#[derive(Debug, Default)]
pub struct Plan {
    /// Entry indices for each agreement, in the order the agreements were given.
    pub per_agreement: Vec<Vec<usize>>,
    /// Entries that named something in this borough (applied or not).
    pub matched: Vec<usize>,
    /// Entries naming a source several agreements share.
    pub ambiguous: Vec<CorrectionReport>,
}

/// The last component of the file's path.
fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corrections.toml".into())
}

/// A pointer must be RFC 6901 and name a field a correction may change.
fn check_pointer(field: &str) -> Result<(), String> {
    let Some(rest) = field.strip_prefix('/') else {
        return Err(format!(
            "`field = \"{field}\"` is not a JSON Pointer: it starts with /, as in \"/review/review_date\""
        ));
    };
    let top = rest.split('/').next().unwrap_or_default();
    if top.is_empty() {
        return Err("`field` names no field: a pointer such as \"/title\"".into());
    }
    if let Some((_, why)) = NOT_CORRECTABLE.iter().find(|(f, _)| *f == top) {
        return Err(format!("`field = \"{field}\"` cannot be corrected: {why}"));
    }
    Ok(())
}

/// A TOML value as JSON; dates and times as their ISO 8601 text, as the model writes them.
fn json_of(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(json_of).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, json_of(v))).collect())
        }
    }
}

/// The codes of every option whose template wording is this text (spacing and case aside).
fn codes_worded(v: &Value) -> Vec<Value> {
    let Value::String(text) = v else {
        return Vec::new();
    };
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let wanted = key(text);
    let mut codes: Vec<Value> = Vec::new();
    for list in dsa_model::code_lists() {
        for entry in list.entries {
            let code = Value::String(entry.code.to_string());
            if key(entry.wording) == wanted && !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    codes
}

/// A value as an officer reads it: text as it is, anything else as compact JSON.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

fn quoted(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        v => v.to_string(),
    }
}

/// Equal values; text compared with its spacing collapsed (a document reflowed by a
/// re-save is the same text).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.split_whitespace().eq(y.split_whitespace()),
        (x, y) => x == y,
    }
}

/// The unescaped tokens of a pointer.
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Sets the value at a pointer, making the objects on its way that are absent (an empty
/// optional section) and appending for `-` or the index just past a list's end.
fn set(root: &mut Value, pointer: &str, v: Value) -> Result<(), String> {
    let tokens = tokens(pointer);
    let mut at = root;
    for (n, t) in tokens.iter().enumerate() {
        let last = n + 1 == tokens.len();
        let here = format!("/{}", tokens[..n].join("/"));
        at = match at {
            Value::Object(map) => {
                if last {
                    map.insert(t.clone(), v);
                    return Ok(());
                }
                let next = map.entry(t.clone()).or_insert(Value::Null);
                if next.is_null() {
                    *next = Value::Object(Default::default());
                }
                next
            }
            Value::Array(items) => {
                let i = if t == "-" {
                    items.len()
                } else {
                    t.parse::<usize>().map_err(|_| {
                        format!("{here} is a list: `{t}` is not a position in it (0, 1, … or -)")
                    })?
                };
                if i > items.len() {
                    return Err(format!(
                        "{here} has {} entries: position {i} is past its end (- adds one)",
                        items.len()
                    ));
                }
                if i == items.len() {
                    items.push(if last {
                        v.clone()
                    } else {
                        Value::Object(Default::default())
                    });
                }
                if last {
                    items[i] = v;
                    return Ok(());
                }
                &mut items[i]
            }
            _ => return Err(format!("{here} is a single value: it has no field `{t}`")),
        };
    }
    *at = v;
    Ok(())
}

fn remove(root: &mut Value, pointer: &str) -> Result<(), String> {
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let last = last.replace("~1", "/").replace("~0", "~");
    match root.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
            Ok(())
        }
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                Ok(())
            }
            _ => Err(format!("{parent} has no entry {last}")),
        },
        _ => Err(format!("there is nothing at {pointer} to remove")),
    }
}

/// Provenance after a change at `pointer`: records of the old value go; after a removal
/// from a list, the records of the entries behind it move up one.
fn shift_provenance(records: &mut Vec<Provenance>, pointer: &str, change: &Change) {
    let under = |f: &str| f == pointer || f.starts_with(&format!("{pointer}/"));
    records.retain(|p| !under(&p.field));
    let Change::Remove = change else {
        return;
    };
    let Some((list, index)) = pointer.rsplit_once('/') else {
        return;
    };
    let Ok(removed) = index.parse::<usize>() else {
        return;
    };
    let prefix = format!("{list}/");
    for p in records.iter_mut() {
        let Some(rest) = p.field.strip_prefix(&prefix) else {
            continue;
        };
        let (i, tail) = rest.split_once('/').map_or((rest, ""), |(i, t)| (i, t));
        if let Ok(i) = i.parse::<usize>() {
            if i > removed {
                let tail = if tail.is_empty() {
                    String::new()
                } else {
                    format!("/{tail}")
                };
                p.field = format!("{prefix}{}{tail}", i - 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Corrections {
        Corrections::parse(text, "corrections.toml").unwrap()
    }

    fn agreement() -> Agreement {
        let mut a = Agreement::new("Licensing DSA");
        a.id = Some("CAM-LIC-1".into());
        a.sources = vec![SourceFile {
            file: Some("camden/lic.docx".into()),
            part: Some("word/document.xml".into()),
        }];
        a.review.review_date = chrono::NaiveDate::from_ymd_opt(2025, 3, 31);
        a.responsibilities = vec!["one".into(), "two".into(), "three".into()];
        for (i, r) in a.responsibilities.clone().iter().enumerate() {
            a.provenance.push(Provenance {
                field: format!("/responsibilities/{i}"),
                source: SourceLocation::at(format!("body/block[{i}]"), None),
                text: r.clone(),
                confidence: None,
            });
        }
        a.provenance.push(Provenance {
            field: "/review/review_date".into(),
            source: SourceLocation::at("body/block[9]", None),
            text: "31/03/2025".into(),
            confidence: None,
        });
        a
    }

    const DATE: &str = r#"
[[correction]]
agreement = "camden/CAM-LIC-1"
field = "/review/review_date"
value = 2027-03-31
was = 2025-03-31
by = "A. Officer"
why = "agreed at the board"
"#;

    #[test]
    fn a_correction_changes_the_value_and_records_who_why_and_where() {
        let c = parse(DATE);
        let mut a = agreement();
        let got = c.apply(&mut a, "camden/CAM-LIC-1", &[0]);
        assert!(got[0].applied, "{got:?}");
        assert_eq!(
            a.review.review_date,
            chrono::NaiveDate::from_ymd_opt(2027, 3, 31)
        );
        assert_eq!(a.corrections.len(), 1);
        assert_eq!(a.corrections[0].imported.as_deref(), Some("2025-03-31"));
        assert_eq!(a.corrections[0].value.as_deref(), Some("2027-03-31"));
        assert_eq!(a.corrections[0].source.path, "line 2");
        let p: Vec<&Provenance> = a
            .provenance
            .iter()
            .filter(|p| p.field == "/review/review_date")
            .collect();
        assert_eq!(p.len(), 1, "the old record goes");
        assert_eq!(p[0].source.file.as_deref(), Some("corrections.toml"));
        assert_eq!(a.sources[1].file.as_deref(), Some("corrections.toml"));
    }

    #[test]
    fn a_correction_whose_field_changed_since_is_reported_not_applied() {
        let c = parse(DATE);
        let mut a = agreement();
        a.review.review_date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1);
        let before = a.clone();
        let got = c.apply(&mut a, "camden/CAM-LIC-1", &[0]);
        assert!(!got[0].applied);
        let why = got[0].reason.as_deref().unwrap();
        assert!(
            why.contains("\"2026-01-01\"") && why.contains("\"2025-03-31\""),
            "{why}"
        );
        assert_eq!(a, before, "nothing changed");
    }

    #[test]
    fn a_correction_the_source_now_agrees_with_is_reported() {
        let c = parse(DATE);
        let mut a = agreement();
        a.review.review_date = chrono::NaiveDate::from_ymd_opt(2027, 3, 31);
        let c = Corrections {
            entries: c
                .entries
                .into_iter()
                .map(|e| Entry { was: None, ..e })
                .collect(),
            ..c
        };
        let got = c.apply(&mut a, "camden/CAM-LIC-1", &[0]);
        assert!(got[0].reason.as_deref().unwrap().contains("already reads"));
    }

    #[test]
    fn a_value_that_does_not_fit_the_field_is_reported_with_what_fits() {
        let c = parse(
            r#"
[[correction]]
source = "camden/lic.docx"
field = "/status"
value = "signed-ish"
by = "A"
why = "b"
"#,
        );
        let mut a = agreement();
        let got = c.apply(&mut a, "camden/CAM-LIC-1", &[0]);
        let why = got[0].reason.as_deref().unwrap();
        assert!(
            why.contains("/status") && why.contains("expected one of"),
            "{why}"
        );
        assert!(a.corrections.is_empty());
    }

    #[test]
    fn an_option_may_be_written_in_the_templates_words() {
        let c = parse(
            r#"
[[correction]]
agreement = "k"
field = "/status"
value = "Live / signed / finalised"
by = "A"
why = "b"
"#,
        );
        let mut a = agreement();
        let got = c.apply(&mut a, "k", &[0]);
        assert!(got[0].applied, "{got:?}");
        assert_eq!(a.status, Some(dsa_model::AgreementStatus::Live));
        assert_eq!(a.corrections[0].value.as_deref(), Some("live"));
    }

    #[test]
    fn removing_a_list_entry_moves_the_provenance_behind_it_up() {
        let c = parse(
            r#"
[[correction]]
agreement = "camden/CAM-LIC-1"
field = "/responsibilities/0"
remove = true
was = "one"
by = "A"
why = "not a responsibility: a heading read as one"
"#,
        );
        let mut a = agreement();
        let got = c.apply(&mut a, "k", &[0]);
        assert!(got[0].applied, "{got:?}");
        assert_eq!(a.responsibilities, ["two", "three"]);
        let fields: Vec<(&str, &str)> = a
            .provenance
            .iter()
            .filter(|p| p.field.starts_with("/responsibilities"))
            .map(|p| (p.field.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("/responsibilities/0", "two"),
                ("/responsibilities/1", "three")
            ]
        );
        assert_eq!(a.corrections[0].value, None);
    }

    #[test]
    fn a_new_entry_and_an_absent_section_can_be_added() {
        let c = parse(
            r#"
[[correction]]
agreement = "k"
field = "/responsibilities/-"
value = "four"
by = "A"
why = "b"

[[correction]]
agreement = "k"
field = "/dpia/reference"
value = "DPIA-22"
by = "A"
why = "b"
"#,
        );
        let mut a = agreement();
        let got = c.apply(&mut a, "k", &[0, 1]);
        assert!(got.iter().all(|r| r.applied), "{got:?}");
        assert_eq!(a.responsibilities.last().map(String::as_str), Some("four"));
        assert_eq!(a.dpia.and_then(|d| d.reference).as_deref(), Some("DPIA-22"));
    }

    #[test]
    fn mistakes_in_the_file_name_their_line() {
        let err = |t: &str| Corrections::parse(t, "c.toml").unwrap_err();
        let (line, why) = err("[[correction]]\nagreement = \"a\"\nfield = \"/id\"\nvalue = \"x\"\nby = \"a\"\nwhy = \"b\"\n");
        assert_eq!(line, Some(1));
        assert!(why.contains("/reference"), "{why}");
        let (_, why) =
            err("[[correction]]\nfield = \"/title\"\nvalue = \"x\"\nby = \"a\"\nwhy = \"b\"\n");
        assert!(why.contains("which agreement"), "{why}");
        let (_, why) = err("[[correction]]\nagreement = \"a\"\nfield = \"title\"\nvalue = \"x\"\nby = \"a\"\nwhy = \"b\"\n");
        assert!(why.contains("JSON Pointer"), "{why}");
        let (line, why) = err("\n\n[[correction]]\nagreement = \"a\"\nfield = \"/title\"\nvalue = \"x\"\nwhy = \"b\"\n");
        assert_eq!(line, Some(3));
        assert!(why.contains("by"), "{why}");
        let (line, _) = err("[[correction]]\nagreement = \"a\"\nfield = \"/title\"\nvalue = \n");
        assert_eq!(line, Some(4));
        let (_, why) = err("[[correction]]\nagreement = \"a\"\nfield = \"/title\"\nvalue = \"x\"\nby = \" \"\nwhy = \"b\"\n");
        assert!(why.contains("`by` is empty"), "{why}");
    }

    #[test]
    fn a_register_file_named_for_many_rows_applies_to_none() {
        let c = parse(
            r#"
[[correction]]
source = "camden/register.xlsx"
field = "/title"
value = "x"
by = "A"
why = "b"

[[correction]]
source = "camden/register.xlsx#Live!4"
field = "/title"
value = "y"
by = "A"
why = "b"
"#,
        );
        let plan = c.plan(
            [
                ("camden/A".to_string(), vec!["camden/register.xlsx#Live!3"]),
                ("camden/B".to_string(), vec!["camden/register.xlsx#Live!4"]),
            ]
            .into_iter(),
            &[],
        );
        // The register's file names both rows: neither is corrected; the row names one.
        assert_eq!(plan.per_agreement, vec![vec![], vec![1]]);
        assert_eq!(plan.ambiguous.len(), 1);
        assert_eq!(plan.ambiguous[0].line, 2);
        // Known before planning (its rows may be planned in several batches), the file's
        // entry is set aside with the rows it could mean.
        let rows = |file: &str| {
            (file == "camden/register.xlsx").then(|| {
                vec![
                    "camden/register.xlsx#Live!3".to_string(),
                    "camden/register.xlsx#Live!4".to_string(),
                ]
            })
        };
        let (reports, set_aside) = c.set_aside(rows);
        assert_eq!(set_aside, [0]);
        assert!(reports[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("2 register rows come from it (camden/register.xlsx#Live!3, camden/register.xlsx#Live!4)"));
        let plan = c.plan(
            [("camden/B".to_string(), vec!["camden/register.xlsx#Live!4"])].into_iter(),
            &set_aside,
        );
        assert_eq!(
            (plan.per_agreement, plan.ambiguous.len()),
            (vec![vec![1]], 0)
        );
        let c2 = parse(
            r#"
[[correction]]
source = "camden/asb.docx"
field = "/title"
value = "x"
by = "A"
why = "b"
"#,
        );
        let plan = c2.plan(
            [
                ("camden/A".to_string(), vec!["camden/asb.docx"]),
                ("camden/A-2".to_string(), vec!["camden/asb.docx"]),
            ]
            .into_iter(),
            &[],
        );
        assert_eq!(plan.per_agreement, vec![Vec::<usize>::new(), vec![]]);
        assert_eq!(plan.ambiguous.len(), 1);
        assert!(plan.ambiguous[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("camden/A, camden/A-2"));
    }
}
