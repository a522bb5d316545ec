//! `cargo xtask accuracy [CORPUS] [--min-f1 F] [--floor STYLE=F,...] [--misses FILE]`:
//! field-level precision, recall and F1 of DOCX import against a corpus's truth files.
//!
//! The conventions are the corpus README's (`../shared/dev-corpus/README.md`), the same
//! `../shared/tools/accuracy.py` follows: each `docx/X.docx` has `X.truth.json`; the
//! agreement is mapped to the truth keys by the code lists' wording, then scalars, sets and
//! rows are compared after the same normalisation. The two must agree (the note on the
//! issue records a run of both); this one imports in-process through `dsa_docx::import`,
//! as `dsa import` does, so it needs no built binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use dsa_model::{Agreement, Applicability, CodeList, DsaType, Termination};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const SCALARS: &[&str] = &[
    "title",
    "reference",
    "dsa_type",
    "publish_date",
    "review_date",
    "termination_date",
    "part3",
    "svd",
    "criminal_offence_data",
];
const LISTS: &[&str] = &[
    "parties",
    "art6",
    "art9",
    "sch1_pt1",
    "sch1_pt2",
    "sch1_pt3",
    "competent_authorities",
    "sch8",
    "data_subjects",
    "data_categories_part2",
    "data_categories_part3",
    "personal_data",
    "special_category",
    "scenarios",
    "cl_override",
];
const ROWS: &[(&str, [&str; 3])] = &[
    ("retention", ["data", "organisation", "period"]),
    ("end_of_sharing", ["data", "organisation", "action"]),
];
const STOP: &[&str] = &[
    "the",
    "service",
    "services",
    "council",
    "borough",
    "of",
    "royal",
    "corporation",
    "lb",
    "rb",
    "and",
    "london",
];
/// The acceptance bars per style (the issue's and accuracy.py's).
const GOALS: &[(&str, f64)] = &[
    ("S1", 0.98),
    ("S2", 0.98),
    ("S3", 0.98),
    ("S4", 0.98),
    ("S5", 0.98),
    ("S6", 0.95),
    ("S7", 0.98),
    ("S8", 0.98),
];

/// A scalar value in the truth's terms.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    None,
    Bool(bool),
    Text(String),
}

impl Scalar {
    fn from_json(v: Option<&Value>) -> Scalar {
        match v {
            Some(Value::Bool(b)) => Scalar::Bool(*b),
            Some(Value::String(s)) => Scalar::Text(s.clone()),
            _ => Scalar::None,
        }
    }
    fn text(s: Option<&str>) -> Scalar {
        s.map_or(Scalar::None, |s| Scalar::Text(s.to_string()))
    }
    /// `None` and `false` are both "absent".
    fn absent(&self) -> bool {
        matches!(self, Scalar::None | Scalar::Bool(false))
    }
    fn normalised(&self) -> Scalar {
        match self {
            Scalar::Text(s) => Scalar::Text(norm_text(s)),
            x => x.clone(),
        }
    }
    fn show(&self) -> String {
        match self {
            Scalar::None => "None".into(),
            Scalar::Bool(b) => if *b { "True" } else { "False" }.into(),
            Scalar::Text(s) => format!("{s:?}"),
        }
    }
}

/// An agreement or a truth file, in the truth's keys.
#[derive(Debug, Default)]
struct Truthy {
    scalars: BTreeMap<&'static str, Scalar>,
    lists: BTreeMap<&'static str, Vec<String>>,
    rows: BTreeMap<&'static str, Vec<[String; 3]>>,
}

impl Truthy {
    fn from_truth(v: &Value) -> Truthy {
        let mut t = Truthy::default();
        for f in SCALARS {
            t.scalars.insert(f, Scalar::from_json(v.get(*f)));
        }
        for f in LISTS {
            let items = v
                .get(*f)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            t.lists.insert(f, items);
        }
        for (f, keys) in ROWS {
            let rows = v
                .get(*f)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|r| {
                            keys.map(|k| r.get(k).and_then(Value::as_str).unwrap_or("").to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            t.rows.insert(f, rows);
        }
        t
    }

    /// The agreement mapped to the truth keys by the code lists' wording (as the corpus
    /// tools' adapter maps the JSON).
    fn from_agreement(a: &Agreement) -> Truthy {
        let name_of = |id: &str| {
            a.parties
                .iter()
                .find(|p| p.id == id)
                .map_or(id.to_string(), |p| p.name.clone())
        };
        let applicability = |app: &Applicability| match app {
            Applicability::AllParties => "All parties".to_string(),
            Applicability::Named(ids) => ids
                .iter()
                .map(|i| name_of(i))
                .collect::<Vec<_>>()
                .join("; "),
            Applicability::Unspecified => String::new(),
        };
        let letter = |code: &str| code.split('_').next().unwrap_or("").to_string();
        let mut t = Truthy::default();
        let s = &mut t.scalars;
        s.insert("title", Scalar::Text(a.title.clone()));
        s.insert("reference", Scalar::text(a.reference.as_deref()));
        s.insert("dsa_type", Scalar::text(a.dsa_type.and_then(dsa_type_name)));
        let date = |d: Option<chrono::NaiveDate>| Scalar::text(d.map(|d| d.to_string()).as_deref());
        s.insert("publish_date", date(a.review.publish_date));
        s.insert("review_date", date(a.review.review_date));
        s.insert(
            "termination_date",
            date(match a.review.termination {
                Some(Termination::OnDate(d)) => Some(d),
                _ => None,
            }),
        );
        s.insert("part3", Scalar::Bool(a.law_enforcement.is_some()));
        s.insert("svd", Scalar::Bool(a.serious_violence_duty.is_some()));
        s.insert(
            "criminal_offence_data",
            Scalar::Bool(a.criminal_offence_data.is_some()),
        );
        let lb = &a.lawful_basis;
        let l = &mut t.lists;
        l.insert(
            "parties",
            a.parties.iter().map(|p| p.name.clone()).collect(),
        );
        l.insert(
            "art6",
            lb.article6
                .iter()
                .map(|c| letter(c.condition.code()))
                .collect(),
        );
        l.insert(
            "art9",
            lb.article9
                .iter()
                .map(|c| letter(c.condition.code()))
                .collect(),
        );
        l.insert(
            "sch1_pt1",
            words(lb.schedule1_part1.iter().map(|c| c.condition)),
        );
        l.insert(
            "sch1_pt2",
            words(lb.schedule1_part2.iter().map(|c| c.condition)),
        );
        l.insert(
            "sch1_pt3",
            words(lb.schedule1_part3.iter().map(|c| c.condition)),
        );
        let le = a.law_enforcement.as_ref();
        l.insert(
            "competent_authorities",
            le.map(|le| {
                le.competent_authorities
                    .iter()
                    .map(|c| name_of(&c.party))
                    .collect()
            })
            .unwrap_or_default(),
        );
        l.insert(
            "sch8",
            le.map(|le| words(le.schedule8.iter().map(|c| c.condition)))
                .unwrap_or_default(),
        );
        let mut subjects = words(a.data_subjects.types.iter().copied());
        subjects.extend(a.data_subjects.other_types.iter().cloned());
        l.insert("data_subjects", subjects);
        l.insert(
            "data_categories_part2",
            words(a.data_categories.part2.iter().copied()),
        );
        l.insert(
            "data_categories_part3",
            words(a.data_categories.part3.iter().copied()),
        );
        l.insert(
            "personal_data",
            words(a.personal_data.iter().map(|d| d.item)),
        );
        l.insert(
            "special_category",
            words(a.special_category_data.iter().map(|d| d.item)),
        );
        l.insert(
            "scenarios",
            a.mps_scenarios
                .iter()
                .map(|s| strip_scenario_prefix(&s.title))
                .collect(),
        );
        l.insert(
            "cl_override",
            a.confidentiality
                .as_ref()
                .map(|c| words(c.overrides.iter().map(|o| o.basis)))
                .unwrap_or_default(),
        );
        let rows = |rs: Vec<(&String, &Applicability, &String)>| -> Vec<[String; 3]> {
            rs.into_iter()
                .map(|(d, o, v)| [d.clone(), applicability(o), v.clone()])
                .collect()
        };
        t.rows.insert(
            "retention",
            rows(
                a.retention
                    .iter()
                    .map(|r| (&r.data, &r.organisation, &r.period))
                    .collect(),
            ),
        );
        t.rows.insert(
            "end_of_sharing",
            rows(
                a.end_of_sharing
                    .iter()
                    .map(|r| (&r.data, &r.organisation, &r.action))
                    .collect(),
            ),
        );
        t
    }
}

fn words<C: CodeList>(codes: impl Iterator<Item = C>) -> Vec<String> {
    codes.map(|c| c.wording().to_string()).collect()
}

/// The corpus README's names for the types.
fn dsa_type_name(t: DsaType) -> Option<&'static str> {
    use DsaType::*;
    Some(match t {
        MultiAgencySafeguarding => "Multi-Agency Safeguarding (MAS)",
        AdultSafeguarding => "Adult Safeguarding",
        Mappa => "MAPPA",
        Licensing => "Licensing",
        AntiSocialBehaviour => "ASB",
        IntegratedOffenderManagement => "IOM",
        DomesticAbuseMarac => "DA MARAC",
        GangsViolenceMatrix => "Gangs Violence Matrix",
        Prevent => "Prevent",
        YouthOffending => "YOS",
        EnvironmentalCrime => "Environmental Crime",
        SupportingFamilies => "Supporting Families",
        ResidualCrime => "Residual Crime",
        SeriousViolence => "Serious Violence Duty",
        Liia => "LIIA",
        Pabe => "PABE",
        Other => return None,
    })
}

fn strip_scenario_prefix(s: &str) -> String {
    static PREFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\s*scenario\s*\d+\s*[-–—:.]\s*").expect("regex")
    });
    PREFIX.replace(s, "").into_owned()
}

/// score.py's `norm_text`: NFKC, lower case, a trailing ("the Council") suffix removed,
/// every run of other than a–z, 0–9 one space.
fn norm_text(s: &str) -> String {
    static SUFFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\s*\((?:the )?["“”']?[a-z ]+["“”']?\)\s*$"#).expect("regex")
    });
    let s: String = s.nfkc().collect::<String>().replace('\u{2019}', "'");
    let s = s.to_lowercase();
    let s = SUFFIX.replace(&s, "");
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

fn norm_party(s: &str) -> String {
    let t = norm_text(s);
    if t.contains("city of london") {
        return "city-of-london".into();
    }
    let w: Vec<&str> = t
        .split(' ')
        .filter(|w| !STOP.contains(w) && *w != "city")
        .collect();
    if w.is_empty() {
        t
    } else {
        w.join(" ")
    }
}

fn norm_label(s: &str) -> String {
    norm_text(s.split(" (").next().unwrap_or(""))
}

fn list_norm(field: &str) -> fn(&str) -> String {
    if field == "parties" || field == "competent_authorities" {
        norm_party
    } else {
        norm_label
    }
}

/// True positives, false positives, false negatives.
type Counts = [u64; 3];

fn f1(c: Counts) -> f64 {
    let [tp, fp, fn_] = c;
    if tp + fp + fn_ == 0 {
        1.0
    } else {
        2.0 * tp as f64 / (2 * tp + fp + fn_) as f64
    }
}

fn add(a: &mut Counts, b: Counts) {
    for i in 0..3 {
        a[i] += b[i];
    }
}

/// One document's counts per field, and its misses as lines.
fn compare(truth: &Truthy, pred: &Truthy) -> (BTreeMap<&'static str, Counts>, Vec<String>) {
    let mut acc = BTreeMap::new();
    let mut misses = Vec::new();
    for f in SCALARS {
        let t = truth.scalars.get(f).cloned().unwrap_or(Scalar::None);
        let p = pred.scalars.get(f).cloned().unwrap_or(Scalar::None);
        let (tn, pn) = (t.normalised(), p.normalised());
        if tn.absent() && pn.absent() {
            continue;
        }
        let c = if tn == pn {
            [1, 0, 0]
        } else {
            misses.push(format!("{f}\texpected: {}\tgot: {}", t.show(), p.show()));
            [0, u64::from(!pn.absent()), u64::from(!tn.absent())]
        };
        add(acc.entry(*f).or_default(), c);
    }
    for f in LISTS {
        let norm = list_norm(f);
        let set = |v: Option<&Vec<String>>| -> BTreeMap<String, String> {
            v.into_iter()
                .flatten()
                .map(|x| (norm(x), x.clone()))
                .collect()
        };
        let (t, p) = (set(truth.lists.get(f)), set(pred.lists.get(f)));
        let tk: BTreeSet<&String> = t.keys().collect();
        let pk: BTreeSet<&String> = p.keys().collect();
        let both = tk.intersection(&pk).count() as u64;
        let missing: Vec<&String> = tk.difference(&pk).map(|k| &t[*k]).collect();
        let extra: Vec<&String> = pk.difference(&tk).map(|k| &p[*k]).collect();
        if !missing.is_empty() || !extra.is_empty() {
            misses.push(format!("{f}\tmissing {missing:?}\textra {extra:?}"));
        }
        add(
            acc.entry(*f).or_default(),
            [both, extra.len() as u64, missing.len() as u64],
        );
    }
    for (f, _) in ROWS {
        let key = |r: &[String; 3]| -> [String; 3] {
            [norm_text(&r[0]), norm_party(&r[1]), norm_text(&r[2])]
        };
        let set = |v: Option<&Vec<[String; 3]>>| -> BTreeMap<[String; 3], String> {
            v.into_iter()
                .flatten()
                .map(|r| (key(r), r.join(" | ")))
                .collect()
        };
        let (t, p) = (set(truth.rows.get(f)), set(pred.rows.get(f)));
        let missing: Vec<&String> = t
            .iter()
            .filter(|(k, _)| !p.contains_key(*k))
            .map(|x| x.1)
            .collect();
        let extra: Vec<&String> = p
            .iter()
            .filter(|(k, _)| !t.contains_key(*k))
            .map(|x| x.1)
            .collect();
        let both = t.keys().filter(|k| p.contains_key(*k)).count() as u64;
        if !missing.is_empty() || !extra.is_empty() {
            misses.push(format!("{f}\tmissing {missing:?}\textra {extra:?}"));
        }
        add(
            acc.entry(*f).or_default(),
            [both, extra.len() as u64, missing.len() as u64],
        );
    }
    (acc, misses)
}

fn style_of(truth: &Value, path: &Path) -> String {
    let s: String = truth
        .get("style")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .take(2)
        .collect::<String>()
        .to_uppercase();
    if s.len() == 2 && s.starts_with('S') && s[1..].chars().all(|c| c.is_ascii_digit()) {
        return s;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.split('-')
        .find(|p| p.len() == 2 && p.starts_with('s') && p[1..].chars().all(|c| c.is_ascii_digit()))
        .map_or("?".into(), |p| p.to_uppercase())
}

fn fmt(c: Counts) -> String {
    format!("F1 {:.3}  (tp {}, fp {}, fn {})", f1(c), c[0], c[1], c[2])
}

fn total(m: &BTreeMap<&'static str, Counts>) -> Counts {
    let mut t = [0; 3];
    for c in m.values() {
        add(&mut t, *c);
    }
    t
}

/// Runs the command; an error (exit 1) when a floor is not met.
pub fn run(args: &[String]) -> Result<()> {
    let mut corpus = None;
    let mut min_f1 = 0.0;
    let mut floors: Vec<(String, f64)> = Vec::new();
    let mut misses_path = std::env::temp_dir().join("accuracy-misses.tsv");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--min-f1" => min_f1 = it.next().context("--min-f1 F")?.parse()?,
            "--floor" => {
                for kv in it.next().context("--floor STYLE=F,...")?.split(',') {
                    let (k, v) = kv.split_once('=').context("--floor STYLE=F")?;
                    floors.push((k.to_string(), v.parse()?));
                }
            }
            "--misses" => misses_path = PathBuf::from(it.next().context("--misses FILE")?),
            x if !x.starts_with('-') && corpus.is_none() => corpus = Some(PathBuf::from(x)),
            x => bail!("unknown argument {x:?}"),
        }
    }
    let corpus = corpus.unwrap_or_else(|| PathBuf::from("../shared/dev-corpus"));
    let dir = corpus.join("docx");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    docs.sort();
    let mut per_style: BTreeMap<String, BTreeMap<&'static str, Counts>> = BTreeMap::new();
    let mut per_field: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut docs_in: BTreeMap<String, usize> = BTreeMap::new();
    let mut miss_lines = Vec::new();
    let mut failures = Vec::new();
    for d in &docs {
        let truth_path = d.with_extension("truth.json");
        let truth: Value = serde_json::from_str(
            &std::fs::read_to_string(&truth_path)
                .with_context(|| format!("reading {}", truth_path.display()))?,
        )
        .with_context(|| format!("parsing {}", truth_path.display()))?;
        let name = d
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(d).with_context(|| format!("reading {}", d.display()))?;
        let pred = match dsa_docx::import(&bytes, Some(&name), dsa_docx::Limits::default()) {
            Ok(i) => Truthy::from_agreement(&i.agreement),
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                Truthy::default()
            }
        };
        let style = style_of(&truth, d);
        let (acc, misses) = compare(&Truthy::from_truth(&truth), &pred);
        for m in misses {
            miss_lines.push(format!("{name}\t{style}\t{m}"));
        }
        let st = per_style.entry(style.clone()).or_default();
        for (f, c) in acc {
            add(st.entry(f).or_default(), c);
            add(per_field.entry(f).or_default(), c);
        }
        *docs_in.entry(style).or_default() += 1;
    }
    let overall = total(&per_field);
    println!(
        "== docx: {} documents, {} import failures",
        docs.len(),
        failures.len()
    );
    for f in &failures {
        println!("   FAILED {f}");
    }
    println!("overall {}", fmt(overall));
    println!("per style:");
    let mut goals_met = true;
    for (st, acc) in &per_style {
        let t = total(acc);
        let flag = match GOALS.iter().find(|g| g.0 == st) {
            Some((_, bar)) if f1(t) >= *bar => "  ok".to_string(),
            Some((_, bar)) => {
                goals_met = false;
                format!("  below goal {bar:.2}")
            }
            None => String::new(),
        };
        println!("  {st} ({:2} docs) {}{flag}", docs_in[st], fmt(t));
    }
    println!("per field:");
    for (f, c) in &per_field {
        println!("  {f:24} {}", fmt(*c));
    }
    std::fs::write(
        &misses_path,
        format!(
            "# file\tstyle\tfield\texpected\tgot\n{}\n",
            miss_lines.join("\n")
        ),
    )
    .with_context(|| format!("writing {}", misses_path.display()))?;
    println!(
        "{} field misses written to {}",
        miss_lines.len(),
        misses_path.display()
    );
    println!(
        "goal (S1-S5,S7,S8 >= 0.98 each; S6 >= 0.95): {}",
        if goals_met { "met" } else { "not met" }
    );
    let mut below = Vec::new();
    if f1(overall) < min_f1 {
        below.push(format!("overall {:.3} < {min_f1}", f1(overall)));
    }
    for (st, bar) in &floors {
        let got = if st == "title" || st == "dsa_type" {
            per_field.get(st.as_str()).copied().map(f1)
        } else {
            per_style.get(st).map(total).map(f1)
        };
        match got {
            Some(g) if g >= *bar => {}
            Some(g) => below.push(format!("{st} {g:.3} < {bar}")),
            None => below.push(format!("{st}: no documents")),
        }
    }
    if !below.is_empty() {
        bail!("accuracy below the floor: {}", below.join("; "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_as_score_py() {
        assert_eq!(
            norm_text("  Metropolitan Police Service (“the MPS”) "),
            "metropolitan police service"
        );
        assert_eq!(norm_party("London Borough of Hackney"), "hackney");
        assert_eq!(norm_party("Hackney Council"), "hackney");
        assert_eq!(
            norm_party("The City of London Corporation"),
            "city-of-london"
        );
        assert_eq!(norm_label("Name (including aliases)"), "name");
        assert_eq!(
            strip_scenario_prefix("Scenario 2 - Monthly meeting"),
            "Monthly meeting"
        );
    }

    /// The agreements in real partnerships' shapes (tests/fixtures/shapes, written by
    /// python-docx and LibreOffice) are read in full: every field of their truth.
    #[test]
    fn shapes_beyond_the_template_are_read() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/shapes");
        let misses = std::env::temp_dir().join(format!("shapes-misses-{}.tsv", std::process::id()));
        let args: Vec<String> = vec![
            dir.display().to_string(),
            "--min-f1".into(),
            "1.0".into(),
            "--misses".into(),
            misses.display().to_string(),
        ];
        let result = run(&args);
        let listed = std::fs::read_to_string(&misses).unwrap_or_default();
        let _ = std::fs::remove_file(&misses);
        assert!(result.is_ok(), "{result:?}\n{listed}");
    }

    #[test]
    fn counts() {
        let mut t = Truthy::default();
        let mut p = Truthy::default();
        t.lists.insert("art6", vec!["e".into(), "c".into()]);
        p.lists.insert("art6", vec!["e".into(), "f".into()]);
        t.scalars.insert("part3", Scalar::Bool(false));
        p.scalars.insert("part3", Scalar::Bool(true));
        let (acc, misses) = compare(&t, &p);
        assert_eq!(acc["art6"], [1, 1, 1]);
        assert_eq!(acc["part3"], [0, 1, 0]);
        assert_eq!(misses.len(), 2);
        assert!((f1([1, 1, 1]) - 0.5).abs() < 1e-9);
    }
}
