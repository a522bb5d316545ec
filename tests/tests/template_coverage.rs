//! Every option list of the Pan-London template maps to a code list, with the
//! template's exact wording; and the field reference shows every list and field.

use dsa_model::code_lists;

fn template() -> String {
    let p = dsa_tests::repo_root().join("samples/template/pan-london-dsa-template.txt");
    std::fs::read_to_string(p).expect("template text is in samples/template")
}

fn norm(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Cells of the table whose header line contains `header`: tab-indented lines up to
/// the next non-table paragraph.
fn table_cells(text: &str, header: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with('\t') && l.contains(header))
        .unwrap_or_else(|| panic!("table {header:?} not found in template"));
    let mut cells = Vec::new();
    for l in &lines[start + 1..] {
        if !l.starts_with('\t') && !l.trim().is_empty() {
            break;
        }
        let c = l.trim();
        // The next table starts with its own bracketed header.
        if c.contains("[delete") || c.starts_with("Describe any") {
            break;
        }
        if !c.is_empty() && !c.starts_with("Describe the data") {
            cells.push(c.to_string());
        }
    }
    cells
}

fn wordings(list: &str) -> Vec<String> {
    code_lists()
        .into_iter()
        .find(|c| c.name == list)
        .unwrap_or_else(|| panic!("no code list {list}"))
        .entries
        .iter()
        .map(|e| norm(e.wording))
        .collect()
}

#[test]
fn every_template_option_row_is_a_code_list_entry() {
    let t = template();
    // (header line, code lists, header cells to skip, whether the header line is itself an option)
    let tables: &[(&str, &[&str], &[&str], bool)] = &[
        ("Article 6 lawful basis conditions", &["Article6Condition"], &["Applicable party"], false),
        ("Article 9 lawful basis conditions", &["Article9Condition"], &["Applicable party"], false),
        ("Sch 1 Pt 1 [delete", &["Schedule1Part1Condition"], &["Applicable party"], false),
        ("Sch 1 Pt 2 [delete", &["Schedule1Part2Condition"], &["Applicable party"], false),
        ("Sch 1 Pt 3 [delete", &["Schedule1Part3Condition"], &["Applicable party"], false),
        ("Sch 8 Law enforcement conditions", &["Schedule8Condition"], &["Applicable party"], false),
        (
            "Specified Authorities defined in section 11",
            &["SvdSpecifiedAuthority", "SvdRelevantAuthority"],
            &["Relevant Authorities (defined within the PCSC Act) who are able to cooperate with the specified authorities as necessary"],
            false,
        ),
        ("Customers, service users, clients or residents", &["DataSubjectType"], &[], true),
        (
            "Part 2 processing",
            &["Part2DataCategory", "Part3DataCategory"],
            &["Part 3 processing"],
            false,
        ),
        ("Type of data", &["PersonalDataItem"], &[], false),
        (
            "Information relating to an individual’s physical or mental health",
            &["SpecialCategoryItem"],
            &[],
            true,
        ),
    ];
    let mut checked = 0;
    for (header, lists, skip, header_is_option) in tables {
        let all: Vec<String> = lists.iter().flat_map(|l| wordings(l)).collect();
        let mut cells = table_cells(&t, header);
        // Tables whose header is itself the first option row.
        if *header_is_option {
            let line = t
                .lines()
                .find(|l| l.starts_with('\t') && l.contains(header))
                .unwrap();
            for c in line.split('\t').map(str::trim).filter(|c| !c.is_empty()) {
                cells.insert(0, c.to_string());
            }
        }
        for cell in cells {
            if skip.iter().any(|s| norm(s) == norm(&cell)) || cell.starts_with("Describe the data")
            {
                continue;
            }
            assert!(
                all.contains(&norm(&cell)),
                "template option {cell:?} (table {header:?}) has no variant in {lists:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} template options checked");
}

#[test]
fn in_template_wordings_are_verbatim_in_the_template() {
    let t = norm(&template());
    for list in code_lists() {
        // Lists the model adds for the gateway or the project have no template wording.
        if matches!(
            list.name,
            "AgreementStatus"
                | "ReviewCycle"
                | "DsaType"
                | "PartyKind"
                | "LondonAuthority"
                | "FlowDirection"
                | "Frequency"
                | "VolumeBand"
                | "TransferMode"
                | "DisposalMethod"
                | "SigningRoute"
        ) {
            continue;
        }
        for e in list.entries.iter().filter(|e| e.in_template) {
            let w = norm(e.wording);
            let w = w.trim_end_matches(')').trim_end_matches('.');
            assert!(
                t.contains(w),
                "{}::{} wording {:?} not in template",
                list.name,
                e.code,
                e.wording
            );
        }
    }
}

#[test]
fn confidentiality_override_bullets_are_covered() {
    let t = template();
    let start = t.find("Override for duty of confidentiality").unwrap();
    let section = &t[start..t[start..].find("3. ").map(|i| start + i).unwrap()];
    let overrides = wordings("ConfidentialityOverride");
    let mut n = 0;
    for line in section.lines().filter(|l| l.starts_with('·')) {
        let bullet = norm(line.trim_start_matches('·'));
        assert!(
            overrides
                .iter()
                .any(|w| bullet.starts_with(w.trim_end_matches(')'))),
            "override bullet {bullet:?} has no variant"
        );
        n += 1;
    }
    assert_eq!(n, 6);
}

#[test]
fn reference_shows_every_code_list_field_and_rule() {
    let reference =
        std::fs::read_to_string(dsa_tests::repo_root().join("spec/reference.md")).unwrap();
    for list in code_lists() {
        assert!(
            reference.contains(&format!("## {}\n", list.name)),
            "{}",
            list.name
        );
        for e in &list.entries {
            assert!(
                reference.contains(&format!("`{}`", e.code)),
                "{}::{}",
                list.name,
                e.code
            );
            if let Some(uri) = e.legislation_uri {
                assert!(reference.contains(uri));
            }
        }
    }
    let schema = dsa_tests::agreement_schema();
    for field in schema["properties"].as_object().unwrap().keys() {
        assert!(
            reference.contains(&format!("| `{field}` |")),
            "field {field}"
        );
    }
    for r in dsa_model::validation::RULES {
        assert!(reference.contains(r.code));
    }
}

#[test]
fn statutory_identifiers_match_citations() {
    // Each Schedule citation's paragraph is the one in its legislation.gov.uk URI.
    for list in code_lists() {
        for e in &list.entries {
            let (Some(c), Some(u)) = (e.citation, e.legislation_uri) else {
                continue;
            };
            if let Some(rest) = c.strip_prefix("DPA 2018 Sch ") {
                let sch = rest.split_whitespace().next().unwrap();
                let para = c.rsplit("para ").next().unwrap();
                assert!(
                    u.ends_with(&format!("/schedule/{sch}/paragraph/{para}")),
                    "{}::{}: {c} vs {u}",
                    list.name,
                    e.code
                );
            }
            if let Some(rest) = c.strip_prefix("UK GDPR Art ") {
                let art: String = rest.chars().take_while(|ch| ch.is_ascii_digit()).collect();
                assert!(u.ends_with(&format!("/article/{art}")), "{c} vs {u}");
            }
        }
    }
}
