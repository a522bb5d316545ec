//! The README's walk-through, end to end through the binary: borough copies of one Word
//! protocol → migrate → cluster → consolidate → render → import again; and diff, export.
//! The copies are made with known edits (dsa_tests::write_variants), so every reported
//! difference is checked against the truth.

use std::path::Path;
use std::process::{Command, Output};

fn dsa(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsa"))
        .args(args)
        .output()
        .expect("dsa runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn migrate_cluster_consolidate_render() {
    // Removed when dropped, a failing test included.
    let tmp_guard = tempfile::Builder::new()
        .prefix("dsa-walk-")
        .tempdir()
        .unwrap();
    let tmp = tmp_guard.path().to_path_buf();
    let input = tmp.join("variants");
    let out = tmp.join("out");
    dsa_tests::write_variants(&input).unwrap();
    ok(&dsa(&["migrate", s(&input), "--out", s(&out), "--quiet"]));

    // Cluster: the six copies are one group; the MAPPA agreement is another.
    let groups: serde_json::Value =
        serde_json::from_str(&ok(&dsa(&["cluster", s(&out), "--format", "json"]))).unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 2, "{groups:#?}");
    let g = &groups[0];
    assert_eq!(
        g["name"],
        "Anti-Social Behaviour Information Sharing Protocol"
    );
    assert_eq!(g["members"].as_array().unwrap().len(), 6);
    let covered: Vec<&str> = g["covered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(
        covered,
        [
            "London Borough of Barnet",
            "London Borough of Bexley",
            "London Borough of Brent",
            "London Borough of Camden",
            "London Borough of Croydon",
            "London Borough of Hackney"
        ]
    );
    assert_eq!(g["missing"].as_array().unwrap().len(), 27);

    // Consolidate: every disagreement the edits made, and no other.
    let pl = tmp.join("pan-london.json");
    let report = tmp.join("consolidation.json");
    ok(&dsa(&[
        "consolidate",
        s(&out),
        "--group",
        "Anti-Social Behaviour Information Sharing Protocol",
        "-o",
        s(&pl),
        "--report",
        s(&report),
    ]));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let got: Vec<(String, bool, Vec<String>)> = r["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["material"].as_bool().unwrap(),
                // Who differs from the rest: the smallest group of variants.
                d["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| {
                        v["by"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|b| b.as_str().unwrap().to_string())
                            .collect::<Vec<_>>()
                    })
                    .min_by_key(|b| b.len())
                    .unwrap(),
            )
        })
        .collect();
    let mut want: Vec<(String, bool, Vec<String>)> =
        ["Barnet", "Bexley", "Brent", "Camden", "Croydon", "Hackney"]
            .iter()
            .map(|b| {
                (
                    format!(
                        "/parties[{}-safer-streets-housing-association]",
                        b.to_lowercase()
                    ),
                    true,
                    vec![b.to_string()],
                )
            })
            .collect();
    want.push((
        "/personal_data[date_of_birth]".into(),
        true,
        vec!["Brent".into()],
    ));
    want.push((
        "/retention[Shared information]/period".into(),
        true,
        vec!["Barnet".into()],
    ));
    want.push((
        "/retention[Shared information]/period_months".into(),
        true,
        vec!["Barnet".into()],
    ));
    assert_eq!(got[..9], want[..], "{got:#?}");
    assert_eq!(got.len(), 10);
    assert!(got[9].0.starts_with("/purposes[") && got[9].0.ends_with("/description"));
    assert_eq!(
        (got[9].1, got[9].2.clone()),
        (false, vec!["Bexley".to_string()])
    );

    // Render the consolidated agreement and read it back: the same agreement.
    let docx = tmp.join("pan-london.docx");
    ok(&dsa(&["render", s(&pl), "-o", s(&docx)]));
    let back = tmp.join("back.json");
    ok(&dsa(&["import", s(&docx), "-o", s(&back)]));
    let a = dsa_model::json::from_str(&std::fs::read_to_string(&pl).unwrap()).unwrap();
    let b = dsa_model::json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(a, b);
    let html = ok(&dsa(&["render", s(&pl), "-t", "html"]));
    assert!(html.contains("London Borough of Hackney"));
    let md = ok(&dsa(&["render", s(&pl), "-t", "md"]));
    // The marking, then the title.
    assert!(md.starts_with("**OFFICIAL**\n\n# Anti-Social Behaviour Information Sharing Protocol"));
    let ld: serde_json::Value =
        serde_json::from_str(&ok(&dsa(&["export", s(&pl), "-t", "jsonld"]))).unwrap();
    assert_eq!(ld["@type"], "dpv:DataSharingAgreement");
    assert_eq!(ld["hasEntity"].as_array().unwrap().len(), a.parties.len());

    // Diff: exit 1 for material differences, 0 for none.
    let camden = std::fs::read_dir(out.join("packages/camden"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let barnet = std::fs::read_dir(out.join("packages/barnet"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let d = dsa(&["diff", s(&camden), s(&barnet), "--format", "json"]);
    assert_eq!(d.status.code(), Some(1));
    let d: serde_json::Value = serde_json::from_slice(&d.stdout).unwrap();
    let paths: Vec<&str> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"/retention[Shared information]/period"),
        "{paths:?}"
    );
    assert!(paths.contains(&"/parties[barnet]"));
    let same = dsa(&["diff", s(&camden), &camden.to_string_lossy()]);
    assert_eq!(same.status.code(), Some(0));
    // Against the source document: the package holds what the document says.
    let source = input.join("camden/camden-asb-protocol.docx");
    let d = dsa(&["diff", s(&source), s(&camden), "--format", "json"]);
    let d: serde_json::Value = serde_json::from_slice(&d.stdout).unwrap();
    assert_eq!(d["material"], 0, "{d:#}");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn diff_of_unreadable_input_is_exit_3_naming_the_file() {
    let o = dsa(&["diff", "no-such-file.json", "samples/agreements/mappa.json"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-file.json"));
}
