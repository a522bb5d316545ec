//! Register rows join their documents wherever either is filed: a tracker at the top of
//! the backlog, a log in a folder of its own, another borough's register. The registers
//! are written by openpyxl and LibreOffice (`tests/fixtures/joins/generate.py`); the
//! documents by Word-style XML, python-docx, LibreOffice, pandoc and our own JSON.

use std::path::{Path, PathBuf};

use dsa_migrate::{AgreementReport, Options, Report};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy(from: &str, root: &Path, to: &str) {
    let to = root.join(to);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(repo().join(from), to).unwrap();
}

/// The backlog: documents in borough folders, registers at the top, in pan-london/ and in
/// camden/.
fn backlog() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    copy("tests/fixtures/joins/tracker.xlsx", r, "tracker.xlsx");
    copy(
        "tests/fixtures/joins/dsa-log.ods",
        r,
        "pan-london/dsa-log.ods",
    );
    copy(
        "tests/fixtures/joins/camden-register.xlsx",
        r,
        "camden/register.xlsx",
    );
    copy(
        "samples/docx/protocol-camden-asb.docx",
        r,
        "camden/asb.docx",
    ); // python-docx
    copy(
        "samples/docx/mas-yes-no-pandoc.docx",
        r,
        "islington/mash-copy.docx",
    ); // pandoc
    copy(
        "samples/docx/licensing-ticks-libreoffice.docx",
        r,
        "hackney/licensing.docx",
    );
    copy("samples/docx/gvm-wingdings-word.docx", r, "newham/gvm.docx"); // Word XML
    copy("samples/agreements/mappa.json", r, "southwark/mappa.json");
    copy(
        "samples/agreements/multi-agency-safeguarding.json",
        r,
        "lambeth/mas.json",
    );
    // A borough no register lists.
    copy(
        "samples/docx/protocol-lambeth-bold.docx",
        r,
        "lambeth/marac.docx",
    );
    root
}

fn run(root: &Path, out: &Path) -> Report {
    let options = Options {
        tool_version: "test".into(),
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        ..Options::default()
    };
    dsa_migrate::migrate(root, out, &options, &|| {}).unwrap();
    dsa_migrate::read_report(out).unwrap()
}

fn from<'a>(r: &'a Report, source: &str) -> &'a AgreementReport {
    r.agreements
        .iter()
        .find(|a| a.sources.first().is_some_and(|s| s == source))
        .unwrap_or_else(|| panic!("no agreement from {source}"))
}

#[test]
fn rows_join_documents_across_folders_with_their_evidence() {
    let root = backlog();
    let out = tempfile::tempdir().unwrap();
    let r = run(root.path(), out.path());
    let joins: Vec<(&str, String, &str, bool)> = r
        .agreements
        .iter()
        .filter_map(|a| {
            let j = a.join.as_ref().filter(|j| j.by != "ambiguous")?;
            Some((
                a.sources[0].as_str(),
                j.by.clone(),
                j.with[0].as_str(),
                j.across_folders,
            ))
        })
        .collect();
    assert_eq!(
        joins,
        [
            // Camden's own row, in Camden's folder.
            (
                "camden/asb.docx",
                "title".to_string(),
                "camden/register.xlsx#Agreements!2",
                false
            ),
            // The LibreOffice log's Borough column names Hackney, and the type agrees.
            (
                "hackney/licensing.docx",
                "title".to_string(),
                "pan-london/dsa-log.ods#Agreements!2",
                true
            ),
            // Camden's register lists Islington's copy (Islington is a party).
            (
                "islington/mash-copy.docx",
                "title".to_string(),
                "camden/register.xlsx#Agreements!3",
                true
            ),
            (
                "lambeth/mas.json",
                "isg_reference".to_string(),
                "pan-london/dsa-log.ods#Agreements!3",
                true
            ),
            // The tracker at the top names Newham, with the same type.
            (
                "newham/gvm.docx",
                "title".to_string(),
                "tracker.xlsx#Agreements!4",
                true
            ),
            (
                "southwark/mappa.json",
                "reference".to_string(),
                "tracker.xlsx#Agreements!6",
                true
            ),
        ]
    );
    // The rows naming the wrong borough stand alone, where they are filed.
    let alone: Vec<(&str, &str)> = r
        .agreements
        .iter()
        .filter(|a| a.origin == "register")
        .map(|a| (a.borough.as_str(), a.sources[0].as_str()))
        .collect();
    assert_eq!(
        alone,
        [
            ("", "tracker.xlsx#Agreements!5"),
            ("camden", "camden/register.xlsx#Agreements!4"),
        ]
    );
    assert_eq!(r.totals.joined, 6);
    assert_eq!(r.totals.rows_without_document, 2);
    // Lambeth's MARAC protocol: a tracker could list it, none does.
    assert_eq!(r.totals.documents_without_row, 1);
    // Each agreement stays in its document's folder and takes the row's reference and
    // what it fills; the register's input names agreements elsewhere with their folder.
    let gvm = from(&r, "newham/gvm.docx");
    assert_eq!(
        (gvm.borough.as_str(), gvm.origin.as_str()),
        ("newham", "document+register")
    );
    // The document's review date is kept, the tracker's listed beside it.
    let review: Vec<(&str, &str, &str)> = gvm
        .conflicts
        .iter()
        .map(|c| (c.field.as_str(), c.document.as_str(), c.register.as_str()))
        .collect();
    assert_eq!(
        review,
        [("/review/review_date", "2022-05-10", "2025-05-10")]
    );
    let tracker = r.inputs.iter().find(|i| i.path == "tracker.xlsx").unwrap();
    assert_eq!(tracker.agreements.len(), 3, "{:?}", tracker.agreements);
    assert!(tracker
        .agreements
        .contains(&"southwark/pl-dsa-mappa".to_string()));
    let mash = from(&r, "islington/mash-copy.docx");
    assert_eq!(mash.id, "cam-mash-02");
    let camden = r
        .inputs
        .iter()
        .find(|i| i.path == "camden/register.xlsx")
        .unwrap();
    assert!(camden
        .agreements
        .contains(&"islington/cam-mash-02".to_string()));
    // The package says where its row came from.
    let zip = std::fs::read(out.path().join(&mash.package)).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let row: serde_json::Value =
        serde_json::from_reader(zip.by_name("register-row.json").unwrap()).unwrap();
    assert_eq!(row["sheet"], "Agreements");
    assert_eq!(row["row"], 3);
    // Report order does not depend on which agreements waited for rows elsewhere.
    let keys: Vec<(&str, &str)> = r
        .agreements
        .iter()
        .map(|a| (a.borough.as_str(), a.sources[0].as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn cross_folder_joins_are_the_same_holding_nothing_and_on_resume() {
    let root = backlog();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(root.path(), a.path());
    let options = Options {
        tool_version: "test".into(),
        held_bytes: 0,
        jobs: Some(1),
        ..Options::default()
    };
    dsa_migrate::migrate(root.path(), b.path(), &options, &|| {}).unwrap();
    let resumed = Options {
        resume: true,
        ..options
    };
    for out in [&a, &b] {
        let before = tree(out.path());
        dsa_migrate::migrate(root.path(), out.path(), &resumed, &|| {}).unwrap();
        assert_eq!(before, tree(out.path()), "a resumed run changes nothing");
    }
    assert_eq!(tree(a.path()), tree(b.path()));
}

/// Every output file and its bytes' digest (the cache, working state, left out).
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
            if rel.starts_with(".cache") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((rel, dsa_package::sha256_hex(&std::fs::read(&p).unwrap())));
            }
        }
    }
    files.sort();
    files
}
