//! Clustering and consolidating real documents: the 91 dev-corpus DSAs (six borough
//! agreements of each of fifteen types, and the blank template), imported from .docx.
//! Groups follow the agreements' type and content, not how each borough titled them;
//! titles that name no purpose do not merge agreements for different purposes; every
//! group consolidates into a valid agreement.

use dsa_consolidate::{cluster, consolidate, Member};

fn corpus() -> Vec<(Member, serde_json::Value)> {
    let docs = dsa_tests::dev_corpus_documents();
    docs.into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let import = dsa_docx::import(&bytes, None, dsa_docx::Limits::default()).unwrap();
            let truth: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(p.with_extension("truth.json")).unwrap(),
            )
            .unwrap();
            let label = p.file_name().unwrap().to_string_lossy().into_owned();
            (
                Member {
                    label,
                    agreement: import.agreement,
                },
                truth,
            )
        })
        .collect()
}

/// The groups as sets of labels, each sorted, in order.
fn labelled(groups: &[dsa_consolidate::Group]) -> Vec<Vec<String>> {
    let mut g: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            let mut m = g.members.clone();
            m.sort();
            m
        })
        .collect();
    g.sort();
    g
}

#[test]
fn variants_group_by_what_they_are_not_by_how_they_are_titled() {
    let docs = corpus();
    assert!(docs.len() >= 90);
    let members: Vec<Member> = docs.iter().map(|(m, _)| m.clone()).collect();
    // The truth's type of each: one group per type (the blank template alone).
    let mut want: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (m, t) in &docs {
        let key = t["dsa_type"]
            .as_str()
            .map_or(format!("untyped {}", m.label), str::to_string);
        want.entry(key).or_default().push(m.label.clone());
    }
    let mut want: Vec<Vec<String>> = want.into_values().collect();
    want.iter_mut().for_each(|g| g.sort());
    want.sort();
    assert_eq!(labelled(&cluster(&members)), want);
}

#[test]
fn generic_titles_do_not_put_different_purposes_together() {
    // Licensing and safeguarding agreements titled only "Data Sharing Agreement": the
    // reader then states no type, and the content tells them apart.
    let docs = corpus();
    let mut members = Vec::new();
    let mut want: Vec<Vec<String>> = vec![Vec::new(), Vec::new()];
    for (m, t) in &docs {
        let k = match t["dsa_type"].as_str() {
            Some("Licensing") => 0,
            Some("Multi-Agency Safeguarding (MAS)") => 1,
            _ => continue,
        };
        let mut m = m.clone();
        m.agreement.title = "Data Sharing Agreement".into();
        m.agreement.dsa_type = None;
        want[k].push(m.label.clone());
        members.push(m);
    }
    assert_eq!(members.len(), 12);
    want.iter_mut().for_each(|g| g.sort());
    want.sort();
    assert_eq!(labelled(&cluster(&members)), want);
}

#[test]
fn every_group_consolidates_into_a_valid_agreement() {
    let docs = corpus();
    let members: Vec<Member> = docs.into_iter().map(|(m, _)| m).collect();
    for g in cluster(&members).iter().filter(|g| g.indices.len() > 1) {
        let group: Vec<Member> = g.indices.iter().map(|&i| members[i].clone()).collect();
        let c = consolidate(&group, None).unwrap_or_else(|e| panic!("{}: {e}", g.name));
        // Valid by the model's own types: it reads back from its JSON.
        let json = dsa_json::to_string(&c.agreement).unwrap();
        dsa_model::json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", g.name));
        assert!(!c.agreement.parties.is_empty(), "{}", g.name);
    }
}
