//! Each generated sample against the facts its generator put in it
//! (samples/docx/expected/<name>.facts.json): the truth is known by construction.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/docx")
}

fn set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn applicability(v: &Value) -> Value {
    match v["scope"].as_str() {
        Some("all_parties") => Value::from("all"),
        Some("unspecified") => Value::from("unspecified"),
        Some("named") => {
            let mut ids: Vec<String> = set(&v["parties"]).into_iter().collect();
            ids.sort();
            Value::from(ids)
        }
        _ => Value::Null,
    }
}

fn chosen(list: &Value) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    for c in list.as_array().into_iter().flatten() {
        m.insert(
            c["condition"].as_str().unwrap_or("").to_string(),
            applicability(&c["applies_to"]),
        );
    }
    m
}

fn items(list: &Value, key: &str) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x[key].as_str().map(str::to_string))
        .collect()
}

fn check(name: &str, a: &Value, facts: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    fn eq_into(errs: &mut Vec<String>, name: &str, what: &str, got: Value, want: &Value) {
        if &got != want {
            errs.push(format!("{name}: {what}: got {got}, want {want}"));
        }
    }
    macro_rules! eq {
        ($what:expr, $got:expr, $want:expr $(,)?) => {
            eq_into(&mut errs, name, $what, $got, $want)
        };
    }
    for (k, want) in facts.as_object().unwrap() {
        match k.as_str() {
            "title" => eq!(k, a["title"].clone(), want),
            "sharing_type" => eq!(k, a["sharing_type"].clone(), want),
            "version" => eq!(k, a["version"].clone(), want),
            "publish_date" => eq!(k, a["review"]["publish_date"].clone(), want),
            "review_date" => eq!(k, a["review"]["review_date"].clone(), want),
            "review_cycle" => eq!(k, a["review"]["review_cycle"].clone(), want),
            "termination" => {
                let t = &a["review"]["termination"];
                let got = match t["kind"].as_str() {
                    Some("ongoing") => Value::from("ongoing"),
                    Some("on_date") => t["date"].clone(),
                    _ => Value::Null,
                };
                eq!(k, got, want)
            }
            "parties" => eq!(
                k,
                Value::from_iter(items(&a["parties"], "id")),
                &Value::from_iter(set(want))
            ),
            "parties_include" => {
                let got = items(&a["parties"], "id");
                for p in set(want) {
                    if !got.contains(&p) {
                        errs.push(format!("{name}: party {p} missing (have {got:?})"));
                    }
                }
            }
            "article6" | "article9" | "schedule1_part1" | "schedule1_part2" | "schedule1_part3" => {
                eq!(k, Value::Object(chosen(&a["lawful_basis"][k])), want)
            }
            "schedule8" => eq!(
                k,
                Value::Object(chosen(&a["law_enforcement"]["schedule8"])),
                want
            ),
            "personal_data" | "special_category_data" => {
                eq!(
                    k,
                    Value::from_iter(items(&a[k], "item")),
                    &Value::from_iter(set(want))
                )
            }
            "personal_data_include" | "special_category_data_include" => {
                let field = k.trim_end_matches("_include");
                let got = items(&a[field], "item");
                for p in set(want) {
                    if !got.contains(&p) {
                        errs.push(format!("{name}: {field} {p} missing (have {got:?})"));
                    }
                }
            }
            "data_subjects" => eq!(
                k,
                Value::from_iter(set(&a["data_subjects"]["types"])),
                &Value::from_iter(set(want))
            ),
            "part2" | "part3" => eq!(
                k,
                Value::from_iter(set(&a["data_categories"][k])),
                &Value::from_iter(set(want))
            ),
            "competent_authorities" => eq!(
                k,
                Value::from_iter(items(
                    &a["law_enforcement"]["competent_authorities"],
                    "party"
                )),
                &Value::from_iter(set(want)),
            ),
            "legislation_include" => {
                let got = items(&a["legislation"], "legislation");
                for l in set(want) {
                    if !got.contains(&l) {
                        errs.push(format!("{name}: legislation {l:?} missing (have {got:?})"));
                    }
                }
            }
            "retention_months" => {
                let got: Vec<Value> = a["retention"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|r| r["period_months"].clone())
                    .collect();
                if !got.contains(want) {
                    errs.push(format!(
                        "{name}: retention period {want} months missing (have {got:?})"
                    ));
                }
            }
            other => errs.push(format!("{name}: unknown fact {other}")),
        }
    }
    errs
}

#[test]
fn every_sample_holds_its_known_facts() {
    let dir = samples_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 17,
        "expected at least 16 legacy samples and the template, found {}",
        names.len()
    );
    let mut errors = Vec::new();
    for n in &names {
        let bytes = std::fs::read(dir.join(n)).unwrap();
        let imp = dsa_docx::import(&bytes, Some(n), dsa_docx::Limits::default())
            .unwrap_or_else(|e| panic!("{n}: {e}"));
        let a = serde_json::to_value(&imp.agreement).unwrap();
        let stem = n.trim_end_matches(".docx");
        let facts_path = dir.join("expected").join(format!("{stem}.facts.json"));
        let facts: Value = serde_json::from_str(
            &std::fs::read_to_string(&facts_path)
                .unwrap_or_else(|_| panic!("{} missing", facts_path.display())),
        )
        .unwrap();
        errors.extend(check(stem, &a, &facts));
    }
    assert!(
        errors.is_empty(),
        "{} mismatches:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
