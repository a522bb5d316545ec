//! Corrections that survive re-runs, on the demo backlog (documents written by Word XML,
//! python-docx, LibreOffice and pandoc; an openpyxl register; a CSV tracker): applied
//! after import on every run, with or without the import cache, recorded in the package
//! (its agreement's `corrections` and provenance, JSON and XML alike) and the report; a
//! correction that no longer applies is reported, never dropped.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use dsa_migrate::{migrate, read_report, Corrections, Options};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let dest = to.join(entry.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn package_entry(zip: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

const CORRECTIONS: &str = r#"# Camden IG's corrections
[[correction]]
agreement = "camden/cam-asb-01"
field = "/review/review_date"
value = 2027-03-31
was = 2020-03-31
by = "A. Officer, Camden IG"
why = "Reviewed at the 2024 board; the document was not re-issued"

[[correction]]
source = "islington/mash-dsa-signed-copy.docx"
field = "/status"
value = "Live / signed / finalised"
by = "B. Officer, Islington IG"
why = "Signed copy on file"

[[correction]]
source = "hackney/licensing-dsa.docx"
field = "/title"
value = "Hackney Licensing Data Sharing Agreement"
by = "C. Officer"
why = "The register's title is the specific one"

[[correction]]
agreement = "camden/cam-retired-09"
field = "/title"
value = "x"
by = "C. Officer"
why = "written for an agreement since withdrawn"
"#;

fn options(corrections_path: &Path) -> Options {
    Options {
        jobs: Some(2),
        tool_version: "test".into(),
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        corrections: Corrections::read(corrections_path).unwrap(),
        corrections_path: Some(corrections_path.to_path_buf()),
        // The XML syntax too (`--xml`): it carries the correction as the JSON does.
        xml: true,
        ..Default::default()
    }
}

#[test]
fn corrections_apply_on_every_run_and_stale_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let backlog = dir.path().join("backlog");
    copy_tree(&repo().join("samples/backlog"), &backlog);
    // Kept with the backlog, as an officer would: reported as skipped, not migrated.
    let file = backlog.join("corrections.toml");
    std::fs::write(&file, CORRECTIONS).unwrap();
    let out = dir.path().join("out");

    let summary = migrate(&backlog, &out, &options(&file), &|| {}).unwrap();
    assert_eq!(
        summary.totals.corrections_applied, 3,
        "{:?}",
        summary.corrections
    );
    assert_eq!(summary.totals.corrections_not_applied, 1);
    let report = read_report(&out).unwrap();
    assert_eq!(report.corrections.len(), 4);
    let stale = report.corrections.iter().find(|c| !c.applied).unwrap();
    assert_eq!(stale.line, 24);
    assert!(
        stale
            .reason
            .as_deref()
            .unwrap()
            .contains("no agreement camden/cam-retired-09"),
        "{stale:?}"
    );
    let skipped = report
        .inputs
        .iter()
        .find(|i| i.path == "corrections.toml")
        .expect("the corrections file is listed");
    assert!(skipped
        .reason
        .as_deref()
        .unwrap()
        .contains("corrections file"));

    // The package holds the corrected value, who and why, and the field's provenance
    // points at the corrections file; the XML carries the same.
    let asb = report
        .agreements
        .iter()
        .find(|a| a.id == "cam-asb-01")
        .unwrap();
    assert_eq!(
        asb.review_date,
        chrono::NaiveDate::from_ymd_opt(2027, 3, 31)
    );
    assert_eq!(asb.corrections.len(), 1);
    let zip = out.join(&asb.package);
    let json: serde_json::Value =
        serde_json::from_str(&package_entry(&zip, "agreement.json")).unwrap();
    assert_eq!(json["review"]["review_date"], "2027-03-31");
    assert_eq!(json["corrections"][0]["imported"], "2020-03-31");
    assert_eq!(json["corrections"][0]["by"], "A. Officer, Camden IG");
    let prov: Vec<&serde_json::Value> = json["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["field"] == "/review/review_date")
        .collect();
    assert_eq!(prov.len(), 1);
    assert_eq!(prov[0]["source"]["file"], "corrections.toml");
    assert_eq!(prov[0]["source"]["path"], "line 2");
    let xml = package_entry(&zip, "agreement.xml");
    assert!(xml.contains("<by>A. Officer, Camden IG</by>"), "{xml}");
    // The joined register row is still there beside the correction.
    assert_eq!(asb.origin, "document+register");

    // A document in a borough without a register (packaged at import otherwise) is
    // corrected too, the option given in the template's words.
    let islington = report
        .agreements
        .iter()
        .find(|a| a.borough == "islington")
        .unwrap();
    assert_eq!(
        islington.status.as_deref(),
        Some("Live / signed / finalised")
    );
    let page = std::fs::read_to_string(out.join(&islington.page)).unwrap();
    assert!(page.contains("Signed copy on file"));
    assert!(page.contains(&format!("agreement = \"islington/{}\"", islington.id)));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("id=\"corrections\""));
    assert!(html.contains("no agreement camden/cam-retired-09"));

    // Run again, from the import cache: the same outputs, byte for byte; the cache holds
    // the imports as read, so `was` still matches.
    let packages = |out: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        walk(&out.join("packages"))
            .into_iter()
            .map(|p| (p.clone(), std::fs::read(p).unwrap()))
            .collect()
    };
    let first = packages(&out);
    let resumed = Options {
        resume: true,
        ..options(&file)
    };
    let again = migrate(&backlog, &out, &resumed, &|| {}).unwrap();
    assert_eq!(again.corrections, summary.corrections);
    assert_eq!(packages(&out), first);

    // The document is replaced by one whose review date changed: the correction of the
    // old date is reported, not applied over the new one. The Hackney document goes:
    // its correction names a source no longer there.
    let asb_doc = backlog.join("camden/asb-information-sharing-protocol.docx");
    std::fs::remove_file(backlog.join("hackney/licensing-dsa.docx")).unwrap();
    let stale_file = dir.path().join("stale.toml");
    std::fs::write(
        &stale_file,
        CORRECTIONS.replace("was = 2020-03-31", "was = 2019-03-31"),
    )
    .unwrap();
    assert!(asb_doc.is_file());
    let third = migrate(&backlog, &out, &options(&stale_file), &|| {}).unwrap();
    assert_eq!(
        third.totals.corrections_applied, 1,
        "{:?}",
        third.corrections
    );
    let reasons: Vec<&str> = third
        .corrections
        .iter()
        .filter_map(|c| c.reason.as_deref())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("now reads \"2020-03-31\", not \"2019-03-31\"")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("no agreement comes from hackney/licensing-dsa.docx")),
        "{reasons:?}"
    );
    let report = read_report(&out).unwrap();
    let asb = report
        .agreements
        .iter()
        .find(|a| a.id == "cam-asb-01")
        .unwrap();
    assert_eq!(
        asb.review_date,
        chrono::NaiveDate::from_ymd_opt(2020, 3, 31)
    );
    // The corrections file now lies outside the backlog: the one inside is an input
    // again, reported as what it is.
    assert!(report.inputs.iter().any(|i| i.path == "corrections.toml"));
}

#[test]
fn a_mistake_in_the_corrections_file_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(
        &file,
        "[[correction]]\nagreement = \"camden/x\"\nfield = \"/review/review_date\"\nvalue = 2027-03-31\nby = \"A\"\n",
    )
    .unwrap();
    let err = Corrections::read(&file).unwrap_err().to_string();
    assert!(err.starts_with("[E-MIG-004]"), "{err}");
    assert!(err.contains("c.toml:1"), "{err}");
    assert!(err.contains("why"), "{err}");
}
