//! Diff, cluster and consolidate on borough variants generated from a sample with known
//! differences: every reported difference is one the test put there, and none is missing.

use dsa_consolidate::{cluster, consolidate, Member};
use dsa_diff::{diff, ChangeKind};
use dsa_model::{Agreement, CodeList, LondonAuthority};
use serde_json::Value;
use std::path::Path;

fn sample(name: &str) -> Agreement {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/agreements")
        .join(name);
    dsa_model::json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Drops a party and everything that names it.
fn drop_party(v: &mut Value, id: &str) {
    match v {
        Value::Array(xs) => {
            xs.retain(|x| {
                x.as_str() != Some(id)
                    && x.get("party").and_then(Value::as_str) != Some(id)
                    && x.get("id").and_then(Value::as_str) != Some(id)
            });
            xs.iter_mut().for_each(|x| drop_party(x, id));
        }
        Value::Object(m) => m.values_mut().for_each(|x| drop_party(x, id)),
        _ => {}
    }
}

/// Renames the borough everywhere, as a per-borough copy of a Word agreement would.
fn rename(v: &mut Value, from: LondonAuthority, to: LondonAuthority) {
    match v {
        Value::String(s) if s == from.code() => *s = to.code().to_string(),
        Value::String(s) => {
            *s = s
                .replace(from.wording(), to.wording())
                .replace(from.short_name(), to.short_name())
        }
        Value::Array(xs) => xs.iter_mut().for_each(|x| rename(x, from, to)),
        Value::Object(m) => m.values_mut().for_each(|x| rename(x, from, to)),
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Edit {
    None,
    /// Material: one personal data item (date of birth) left out.
    DropDateOfBirth,
    /// Material: a retention period changed.
    ShorterRetention,
    /// Editorial: a description reworded.
    RewordName,
}

/// The safeguarding sample as the legacy agreement between the Met and one borough.
fn variant(la: LondonAuthority, edit: Edit) -> Agreement {
    let mut v = serde_json::to_value(sample("multi-agency-safeguarding.json")).unwrap();
    drop_party(&mut v, "islington");
    rename(&mut v, LondonAuthority::Camden, la);
    v["title"] = Value::String(format!(
        "Multi-Agency Safeguarding Data Sharing Agreement – {}",
        la.wording()
    ));
    v["reference"] = Value::String(format!("MASH-{}", la.gss_code()));
    match edit {
        Edit::None => {}
        Edit::DropDateOfBirth => {
            let pd = v["personal_data"].as_array_mut().unwrap();
            pd.retain(|x| x["item"] != "date_of_birth");
        }
        Edit::ShorterRetention => {
            v["retention"][0]["period"] = Value::String("Until the child's 21st birthday".into())
        }
        Edit::RewordName => {
            v["personal_data"][0]["description"] =
                Value::String("Full name of the child and household members.".into())
        }
    }
    serde_json::from_value(v).unwrap()
}

use LondonAuthority::*;
const VARIANTS: [(LondonAuthority, Edit); 6] = [
    (Camden, Edit::None),
    (Barnet, Edit::DropDateOfBirth),
    (Brent, Edit::ShorterRetention),
    (Bexley, Edit::RewordName),
    (Hackney, Edit::None),
    (Croydon, Edit::None),
];

fn changes(a: &Agreement, b: &Agreement) -> Vec<(String, ChangeKind, bool)> {
    diff(a, b)
        .into_iter()
        .map(|c| (c.path, c.kind, c.material))
        .collect()
}

#[test]
fn diff_finds_exactly_the_known_edits() {
    let base = variant(Camden, Edit::None);
    assert!(diff(&base, &variant(Camden, Edit::None)).is_empty());
    assert_eq!(
        changes(&base, &variant(Camden, Edit::DropDateOfBirth)),
        vec![(
            "/personal_data[date_of_birth]".into(),
            ChangeKind::Removed,
            true
        )]
    );
    assert_eq!(
        changes(&base, &variant(Camden, Edit::ShorterRetention)),
        vec![(
            "/retention[MASH referral and decision records]/period".into(),
            ChangeKind::Changed,
            true
        )]
    );
    let reworded = diff(&base, &variant(Camden, Edit::RewordName));
    assert_eq!(reworded.len(), 1);
    assert_eq!(reworded[0].path, "/personal_data[name]/description");
    assert!(!reworded[0].material);
    assert_eq!(
        reworded[0].words.as_deref(),
        Some("Full name [-and known aliases -]of the child and household members.")
    );
    // A list member without an identity, reworded, is one editorial change; replaced by
    // a different text, it is a material removal and addition.
    let mut x = base.clone();
    for p in &mut x.purposes {
        p.party = None;
    }
    let mut y = x.clone();
    y.purposes[0].description = y.purposes[0]
        .description
        .replace("come to police notice", "come to the notice of police");
    let reworded = changes(&x, &y);
    assert_eq!(reworded.len(), 1, "{reworded:?}");
    assert!(reworded[0].0.starts_with("/purposes[") && reworded[0].0.ends_with("]/description"));
    assert_eq!((reworded[0].1, reworded[0].2), (ChangeKind::Changed, false));
    let mut z = x.clone();
    z.purposes[0].description = "To pilot predictive analytics on school attendance.".into();
    let replaced = changes(&x, &z);
    assert_eq!(
        replaced.iter().map(|c| (c.1, c.2)).collect::<Vec<_>>(),
        vec![(ChangeKind::Removed, true), (ChangeKind::Added, true)]
    );
    // Reordering a list is no change.
    let mut shuffled = base.clone();
    shuffled.personal_data.reverse();
    shuffled.parties.reverse();
    assert!(diff(&base, &shuffled).is_empty());
}

#[test]
fn diff_between_boroughs_is_the_borough_and_nothing_else() {
    let camden = variant(Camden, Edit::None);
    let barnet = variant(Barnet, Edit::None);
    let got = changes(&camden, &barnet);
    // Where the borough is named: the party itself, every list of parties, the purpose
    // it states, the local partner's name; and the title and reference.
    let expected: Vec<(String, ChangeKind, bool)> = {
        let mut e = Vec::new();
        let cv = serde_json::to_value(&camden).unwrap();
        // Lists of party ids holding the borough: one removal and one addition each.
        fn lists(v: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    for (k, x) in m {
                        path.push(k.clone());
                        lists(x, path, out);
                        path.pop();
                    }
                }
                Value::Array(xs) if xs.iter().any(|x| x == "camden") => out.push(path.join("/")),
                Value::Array(xs) => {
                    for x in xs {
                        let key = dsa_diff::keyed::element_key(x).unwrap_or_default();
                        let last = path.pop().unwrap_or_default();
                        path.push(format!("{last}[{key}]"));
                        lists(x, path, out);
                        path.pop();
                        path.push(last);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        lists(&cv, &mut Vec::new(), &mut out);
        assert!(
            out.len() >= 5,
            "the sample names the borough in several lists: {out:?}"
        );
        for p in out {
            if p == "parties" {
                continue;
            }
            e.push((
                format!("/{p}[camden]"),
                ChangeKind::Removed,
                dsa_diff::is_material(&split(&p)),
            ));
            e.push((
                format!("/{p}[barnet]"),
                ChangeKind::Added,
                dsa_diff::is_material(&split(&p)),
            ));
        }
        e
    };
    for x in &expected {
        assert!(got.contains(x), "missing {x:?} in {got:#?}");
    }
    let other: Vec<_> = got.iter().filter(|x| !expected.contains(x)).collect();
    let other_paths: Vec<&str> = other.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        other_paths,
        vec![
            "/title",
            "/reference",
            "/local_partners[Camden Safeguarding Children Partnership]",
            "/local_partners[Barnet Safeguarding Children Partnership]",
            "/purposes[camden]",
            "/purposes[barnet]",
            "/parties[camden]",
            "/parties[barnet]",
        ],
        "unexpected changes: {other:#?}"
    );
}

fn split(p: &str) -> Vec<String> {
    p.split('/')
        .flat_map(|s| match s.split_once('[') {
            Some((a, b)) => vec![a.to_string(), format!("[{b}")],
            None => vec![s.to_string()],
        })
        .collect()
}

fn members() -> Vec<Member> {
    let mut m: Vec<Member> = VARIANTS
        .iter()
        .map(|(la, e)| Member {
            label: format!("{}.json", la.code()),
            agreement: variant(*la, *e),
        })
        .collect();
    for other in ["mappa.json", "licensing.json", "gangs-violence-matrix.json"] {
        m.push(Member {
            label: other.into(),
            agreement: sample(other),
        });
    }
    m
}

#[test]
fn cluster_groups_the_variants_and_names_the_missing_boroughs() {
    let m = members();
    let groups = cluster(&m);
    assert_eq!(groups.len(), 4, "{groups:#?}");
    let g = &groups[0];
    assert_eq!(g.name, "Multi-Agency Safeguarding Data Sharing Agreement");
    assert_eq!(g.indices, vec![0, 1, 2, 3, 4, 5]);
    let mut want: Vec<LondonAuthority> = VARIANTS.iter().map(|v| v.0).collect();
    want.sort_by_key(|la| la.gss_code());
    assert_eq!(
        g.covered,
        want.iter()
            .map(|la| la.wording().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(g.missing.len(), 33 - 6);
    assert!(!g.missing.contains(&"London Borough of Camden".to_string()));
    assert!(g.not_per_borough.is_empty());
    // The other samples are agreements of their own, each already multi-borough.
    for (g, idx) in groups[1..].iter().zip(6..) {
        assert_eq!(g.indices, vec![idx]);
        assert_eq!(g.not_per_borough.len(), 1);
    }
}

#[test]
fn consolidate_keeps_everything_and_reports_every_disagreement() {
    let m = members();
    let c = consolidate(&m[..6], None).unwrap();
    let a = &c.agreement;
    assert_eq!(a.title, "Multi-Agency Safeguarding Data Sharing Agreement");
    // Every borough once, canonical names, plus the Met.
    let ids: Vec<&str> = a.parties.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "met-police",
            "barnet",
            "bexley",
            "brent",
            "camden",
            "croydon",
            "hackney"
        ]
    );
    assert_eq!(a.parties[1].name, "London Borough of Barnet");
    // Lists of parties name every borough.
    let boroughs = ["barnet", "bexley", "brent", "camden", "croydon", "hackney"];
    let named = a.lawful_basis.article6[0].applies_to.named();
    for b in boroughs {
        assert!(named.iter().any(|p| p == b), "{b} missing from {named:?}");
    }
    // Each borough states its purpose.
    assert_eq!(a.purposes.len(), 1 + 6, "{:#?}", a.purposes);
    // Date of birth is kept though Barnet left it out.
    assert!(a
        .personal_data
        .iter()
        .any(|p| p.item.code() == "date_of_birth"));
    let got: Vec<(&str, bool, Vec<Vec<String>>)> = c
        .disagreements
        .iter()
        .map(|d| {
            (
                d.path.as_str(),
                d.material,
                d.values.iter().map(|s| s.by.clone()).collect(),
            )
        })
        .collect();
    let s = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    // Each borough's own safeguarding partnership is its own local partner: kept, linked
    // to its borough, and reported as found in that borough's variant only.
    let order = ["Camden", "Barnet", "Brent", "Bexley", "Hackney", "Croydon"];
    let mut by_name: Vec<&str> = order.to_vec();
    by_name.sort();
    let mut want: Vec<(String, bool, Vec<Vec<String>>)> = by_name
        .iter()
        .map(|b| {
            let others: Vec<&str> = order.iter().copied().filter(|o| o != b).collect();
            (
                format!("/local_partners[{b} Safeguarding Children Partnership]"),
                true,
                vec![s(&[b]), s(&others)],
            )
        })
        .collect();
    assert_eq!(a.local_partners.len(), 6);
    for lp in &a.local_partners {
        let borough = lp.name.split(' ').next().unwrap().to_ascii_lowercase();
        assert_eq!(lp.party.as_deref(), Some(borough.as_str()), "{lp:?}");
    }
    let known = [
        (
            "/personal_data[date_of_birth]",
            true,
            vec![
                s(&["Camden", "Brent", "Bexley", "Hackney", "Croydon"]),
                s(&["Barnet"]),
            ],
        ),
        (
            "/retention[MASH referral and decision records]/period",
            true,
            vec![
                s(&["Camden", "Barnet", "Bexley", "Hackney", "Croydon"]),
                s(&["Brent"]),
            ],
        ),
        (
            "/personal_data[name]/description",
            false,
            vec![
                s(&["Camden", "Barnet", "Brent", "Hackney", "Croydon"]),
                s(&["Bexley"]),
            ],
        ),
    ];
    want.extend(known.into_iter().map(|(p, m, v)| (p.to_string(), m, v)));
    let got: Vec<(String, bool, Vec<Vec<String>>)> = got
        .into_iter()
        .map(|(p, m, v)| (p.to_string(), m, v))
        .collect();
    assert_eq!(got, want);
    // The majority's period is the one kept.
    assert_eq!(a.retention[0].period, "Until the child's 25th birthday");
    assert_eq!(c.variants[1].reference.as_deref(), Some("MASH-E09000003"));
    assert!(a.reference.is_none());
    // The result is a valid agreement by the model's own rules (no errors).
    let errors: Vec<_> = dsa_model::validation::validate(a)
        .into_iter()
        .filter(|f| f.severity == dsa_model::validation::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn applies_to_merges_by_meaning_and_a_tie_is_a_disagreement_not_an_error() {
    use dsa_model::Applicability;
    // Two boroughs say Article 6(1)(e) applies to all parties, two name their own borough
    // and the Met; one does not say. Merged key by key this was an invalid agreement
    // (E-CONS-002).
    let scopes = [
        (Camden, Some(true)),
        (Barnet, Some(false)),
        (Brent, Some(true)),
        (Bexley, Some(false)),
        (Hackney, None),
    ];
    let m: Vec<Member> = scopes
        .iter()
        .map(|(la, all)| {
            let mut a = variant(*la, Edit::None);
            a.lawful_basis.article6[0].applies_to = match all {
                Some(true) => Applicability::AllParties,
                Some(false) => Applicability::Named(vec![la.code().into(), "met-police".into()]),
                None => Applicability::Unspecified,
            };
            Member {
                label: format!("{}.json", la.code()),
                agreement: a,
            }
        })
        .collect();
    let c = consolidate(&m, None).expect("a tie is reported, not an invalid agreement");
    // "Unspecified" gives way; 2–2 between all parties and named: the first variant's.
    assert_eq!(
        c.agreement.lawful_basis.article6[0].applies_to,
        Applicability::AllParties
    );
    let d = c
        .disagreements
        .iter()
        .find(|d| d.path.starts_with("/lawful_basis/article6") && d.path.ends_with("/applies_to"))
        .expect("the disagreement is reported");
    assert!(d.material);
    assert_eq!(d.values.len(), 3, "{d:#?}");
    // Named in every variant that says: one list naming each of those boroughs.
    let named: Vec<Member> = m
        .iter()
        .filter(|x| x.agreement.lawful_basis.article6[0].applies_to != Applicability::AllParties)
        .cloned()
        .collect();
    let c = consolidate(&named, None).unwrap();
    assert_eq!(
        c.agreement.lawful_basis.article6[0].applies_to,
        Applicability::Named(vec!["barnet".into(), "met-police".into(), "bexley".into()])
    );
}
