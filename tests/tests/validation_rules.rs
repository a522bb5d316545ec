//! One test per validation rule: a clean sample, broken in one way, must report
//! exactly that rule at the expected field.

use dsa_model::validation::{validate, Finding, RULES};
use dsa_model::*;

fn sample(name: &str) -> Agreement {
    let p = dsa_tests::repo_root().join("samples/agreements").join(name);
    dsa_model::json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn mas() -> Agreement {
    sample("multi-agency-safeguarding.json")
}

/// Asserts the broken agreement reports `code` at `path`, and nothing the clean
/// sample did not already report except findings of that code.
fn assert_only(a: &Agreement, code: &str, path: &str) -> Vec<Finding> {
    let findings = validate(a);
    assert!(
        findings.iter().any(|f| f.code == code && f.path == path),
        "expected {code} at {path}, got {findings:#?}"
    );
    let others: Vec<&Finding> = findings.iter().filter(|f| f.code != code).collect();
    assert!(others.is_empty(), "unexpected extra findings: {others:#?}");
    findings
}

#[test]
fn all_samples_are_clean() {
    for p in dsa_tests::sample_json_files() {
        let a = dsa_model::json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let f = validate(&a);
        assert!(f.is_empty(), "{}: {f:#?}", p.display());
    }
}

#[test]
fn dsa001_article6_missing() {
    let mut a = mas();
    a.lawful_basis.article6.clear();
    assert_only(&a, "DSA001", "/lawful_basis/article6");
}

#[test]
fn dsa002_article9_missing() {
    let mut a = mas();
    a.lawful_basis.article9.clear();
    assert_only(&a, "DSA002", "/lawful_basis/article9");
}

#[test]
fn dsa003_schedule1_missing_for_g_and_h() {
    let mut a = mas();
    a.lawful_basis.schedule1_part2.clear();
    let f = assert_only(&a, "DSA003", "/lawful_basis/article9/0");
    assert!(f[0].message.contains("Part 2"), "{f:?}");
    let mut b = mas();
    b.lawful_basis.schedule1_part1.clear();
    let f = assert_only(&b, "DSA003", "/lawful_basis/article9/1");
    assert!(f[0].message.contains("UK GDPR Art 9(2)(h)"), "{f:?}");
}

#[test]
fn dsa004_criminal_offence_basis_missing() {
    let mut a = sample("licensing.json");
    a.lawful_basis.schedule1_part3.clear();
    assert_only(&a, "DSA004", "/lawful_basis/schedule1_part3");
    // Part 3 processing is the other way to cover it.
    let mut b = mas();
    b.lawful_basis.schedule1_part3.clear();
    assert!(validate(&b).is_empty());
}

#[test]
fn dsa005_competent_authority_missing() {
    let mut a = mas();
    a.law_enforcement
        .as_mut()
        .unwrap()
        .competent_authorities
        .clear();
    // Appendix A says the police are not acting as a competent authority here, and no
    // other party is one: Part 3 processing has no one to do it.
    for p in &mut a.parties {
        if p.kind == PartyKind::Police {
            p.competent_authority = Some(false);
        }
    }
    assert_only(&a, "DSA005", "/law_enforcement/competent_authorities");
}

#[test]
fn dsa021_competent_authorities_unlisted_when_a_party_is_one_by_law() {
    let mut a = mas();
    a.law_enforcement
        .as_mut()
        .unwrap()
        .competent_authorities
        .clear();
    // The Metropolitan Police is a competent authority (DPA 2018 Sch 7 para 6): the
    // section should list it, but Part 3 processing is not unlawful.
    let f = assert_only(&a, "DSA021", "/law_enforcement/competent_authorities");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, dsa_model::validation::Severity::Warning);
    assert!(
        f[0].message.contains("Metropolitan Police Service is one"),
        "{}",
        f[0].message
    );
    // Listed: nothing.
    assert!(validate(&mas()).is_empty());
}

#[test]
fn dsa022_part3_section_unfilled() {
    // Kept as the template has it: no competent authority, no Schedule 8 condition, no
    // Part 3 data category. That, not a missing competent authority, is what it says.
    let mut a = mas();
    let le = a.law_enforcement.as_mut().unwrap();
    le.competent_authorities.clear();
    le.schedule8.clear();
    a.data_categories.part3.clear();
    for p in &mut a.parties {
        p.competent_authority = Some(false);
    }
    let f = assert_only(&a, "DSA022", "/law_enforcement");
    assert_eq!(f.len(), 1, "not DSA005 as well: {f:#?}");
    // A section with anything chosen in it is not unfilled.
    let mut b = mas();
    b.law_enforcement
        .as_mut()
        .unwrap()
        .competent_authorities
        .clear();
    assert!(validate(&b).iter().all(|f| f.code != "DSA022"));
    // Deleted or struck (absent): nothing at all.
    let mut c = a.clone();
    c.law_enforcement = None;
    assert!(validate(&c).is_empty(), "{:#?}", validate(&c));
}

#[test]
fn dsa006_unknown_party() {
    let mut a = mas();
    a.lawful_basis.article6[0].applies_to =
        Applicability::Named(vec!["camden".into(), "hackney".into()]);
    let f = assert_only(
        &a,
        "DSA006",
        "/lawful_basis/article6/0/applies_to/parties/1",
    );
    assert!(f[0].message.contains("hackney"));
    let mut b = mas();
    b.retention[0].organisation = Applicability::Named(vec!["lbth".into()]);
    assert_only(&b, "DSA006", "/retention/0/organisation/parties/0");
    let mut c = mas();
    c.data_flows[0].receiving.push("voluntary-agency".into());
    assert_only(&c, "DSA006", "/data_flows/0/receiving/2");
}

#[test]
fn dsa007_review_before_publish() {
    let mut a = mas();
    a.review.review_date = chrono::NaiveDate::from_ymd_opt(2020, 12, 31);
    assert_only(&a, "DSA007", "/review/review_date");
}

#[test]
fn dsa008_termination_before_publish() {
    let mut a = mas();
    a.review.termination = Some(Termination::OnDate(
        chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
    ));
    assert_only(&a, "DSA008", "/review/termination/date");
}

#[test]
fn dsa009_svd_health_party_sharing_identifiable_data() {
    let mut a = sample("mappa.json");
    a.serious_violence_duty = Some(SeriousViolenceDuty::default());
    let f = assert_only(&a, "DSA009", "/parties/4");
    assert!(f[0].message.contains("South London and Maudsley"));
    // Anonymised data only: allowed.
    a.data_categories.part2 = vec![Part2DataCategory::Anonymised];
    a.personal_data.clear();
    a.special_category_data.clear();
    a.criminal_offence_data = None;
    assert!(validate(&a).iter().all(|f| f.code != "DSA009"));
}

#[test]
fn dsa010_placeholder_left() {
    let mut a = mas();
    a.proportionality = Some(
        "[Describe how you decided on the minimum amount of the data necessary to achieve your purpose.]"
            .into(),
    );
    assert_only(&a, "DSA010", "/proportionality");
}

#[test]
fn dsa011_duplicate_party() {
    let mut a = mas();
    let dup = a.parties[1].clone();
    a.parties.push(dup);
    assert_only(&a, "DSA011", "/parties/3/id");
}

#[test]
fn dsa012_schedule8_missing() {
    let mut a = mas();
    a.law_enforcement.as_mut().unwrap().schedule8.clear();
    assert_only(&a, "DSA012", "/law_enforcement/schedule8");
}

#[test]
fn dsa013_title_empty() {
    let mut a = mas();
    a.title = "  ".into();
    assert_only(&a, "DSA013", "/title");
}

#[test]
fn dsa014_format_version_unsupported() {
    let mut a = mas();
    a.format_version = "2.0".into();
    assert_only(&a, "DSA014", "/format_version");
    // The JSON reader refuses it outright.
    let json = serde_json::to_string(&a).unwrap();
    let err = dsa_model::json::from_str(&json).unwrap_err();
    assert_eq!(err.code(), "E-JSON-002");
}

#[test]
fn dsa015_unknown_flow() {
    let mut a = mas();
    a.mps_scenarios[0].flow = Some("nope".into());
    assert_only(&a, "DSA015", "/mps_scenarios/0/flow");
}

#[test]
fn dsa016_legitimate_interests_relied_on_by_public_authority() {
    let mut a = mas();
    a.lawful_basis.article6.push(Chosen {
        condition: Article6Condition::LegitimateInterests,
        applies_to: Applicability::Named(vec!["camden".into()]),
        note: None,
    });
    let f = assert_only(&a, "DSA016", "/lawful_basis/article6/2");
    assert!(f[0].message.contains("London Borough of Camden"));
}

#[test]
fn dsa017_duplicate_flow() {
    let mut a = mas();
    let dup = a.data_flows[0].clone();
    a.data_flows.push(dup);
    assert_only(&a, "DSA017", "/data_flows/1/id");
}

#[test]
fn dsa018_unknown_source() {
    let mut a = mas();
    a.sources = vec![SourceFile {
        file: Some("camden/mas.docx".into()),
        part: Some("word/document.xml".into()),
    }];
    let record = |file: Option<&str>| Provenance {
        field: "/title".into(),
        source: SourceLocation {
            file: file.map(str::to_string),
            part: None,
            path: "body/block[0]".into(),
            heading: None,
        },
        text: "t".into(),
        confidence: None,
    };
    // The first source, left out or named, and then a file that is not listed.
    a.provenance = vec![
        record(None),
        record(Some("camden/mas.docx")),
        record(Some("camden/register.xlsx")),
    ];
    let f = assert_only(&a, "DSA018", "/provenance/2/source/file");
    assert_eq!(f.len(), 1);
    // Listing it clears the finding.
    a.sources.push(SourceFile {
        file: Some("camden/register.xlsx".into()),
        part: Some("Sheet1".into()),
    });
    assert!(validate(&a).is_empty());
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn dsa019_review_overdue_against_the_date_of_the_run() {
    let mut a = mas();
    a.review.review_date = Some(day(2025, 3, 31));
    // Not a rule of the agreement alone: validate() is silent.
    assert!(validate(&a).is_empty());
    let f = dsa_model::validation::validate_as_of(&a, day(2026, 12, 1));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].code, f[0].path.as_str()),
        ("DSA019", "/review/review_date")
    );
    assert_eq!(f[0].severity, dsa_model::validation::Severity::Warning);
    assert!(
        f[0].message.contains("2025-03-31") && f[0].message.contains("610 day(s)"),
        "{}",
        f[0].message
    );
    // Due today or later: nothing.
    assert!(dsa_model::validation::validate_as_of(&a, day(2025, 3, 31)).is_empty());
    assert!(dsa_model::validation::validate_as_of(&a, day(2024, 1, 1)).is_empty());
}

#[test]
fn dsa020_termination_passed_is_a_note() {
    let mut a = mas();
    a.review.review_date = None;
    a.review.termination = Some(Termination::OnDate(day(2026, 5, 31)));
    let f = dsa_model::validation::validate_as_of(&a, day(2026, 12, 1));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].code, f[0].path.as_str()),
        ("DSA020", "/review/termination/date")
    );
    assert_eq!(f[0].severity, dsa_model::validation::Severity::Note);
    assert!(dsa_model::validation::validate_as_of(&a, day(2026, 5, 31)).is_empty());
    // Ongoing: nothing to compare.
    a.review.termination = Some(Termination::Ongoing);
    assert!(dsa_model::validation::validate_as_of(&a, day(2030, 1, 1)).is_empty());
}

/// Every rule has a test above (keeps this file honest as rules are added).
#[test]
fn every_rule_is_tested() {
    let src = include_str!("validation_rules.rs");
    for r in RULES {
        let marker = format!("fn {}_", r.code.to_lowercase());
        assert!(src.contains(&marker), "no test for {}", r.code);
    }
}
