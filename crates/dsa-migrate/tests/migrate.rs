//! Migration over a small backlog tree: every input accounted for exactly once,
//! byte-identical outputs on a re-run, and register rows joined to documents.

use std::path::{Path, PathBuf};

use dsa_migrate::{MigrateError, Options, Report, Status};

/// Migrates, then reads the report back from OUT/report.json (what `migrate` returns is
/// only the totals: the report itself is streamed to disk), checking the two agree.
fn migrate(
    input: &Path,
    out: &Path,
    options: &Options,
    progress: &(dyn Fn() + Sync),
) -> Result<Report, MigrateError> {
    let summary = dsa_migrate::migrate(input, out, options, progress)?;
    let report = dsa_migrate::read_report(out)?;
    assert_eq!(summary.totals, report.totals);
    assert_eq!(summary.totals.inputs, report.inputs.len());
    assert_eq!(summary.totals.agreements, report.agreements.len());
    Ok(report)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh directory under the system temp dir, removed when dropped (a failing test
/// included), so test runs do not leave backlogs behind.
struct Tmp(tempfile::TempDir);

impl std::ops::Deref for Tmp {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

fn tmp(name: &str) -> Tmp {
    Tmp(tempfile::Builder::new()
        .prefix(&format!("dsa-migrate-{name}-"))
        .tempdir()
        .unwrap())
}

fn copy(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(repo().join(from), to).unwrap();
}

fn backlog() -> Tmp {
    let root = tmp("in");
    copy(
        "samples/docx/mas-rows-deleted.docx",
        &root.join("camden/mas.docx"),
    );
    copy(
        "samples/docx/protocol-camden-asb.docx",
        &root.join("camden/asb protocol.docx"),
    );
    copy(
        "samples/trackers/camden-register.xlsx",
        &root.join("camden/register.xlsx"),
    );
    copy(
        "samples/docx/mappa-party-names.docx",
        &root.join("lambeth/mappa.docx"),
    );
    copy(
        "samples/trackers/lambeth-dsa-log.ods",
        &root.join("lambeth/log.ods"),
    );
    copy(
        "tests/fixtures/docx/truncated.docx",
        &root.join("lambeth/broken.docx"),
    );
    copy(
        "tests/fixtures/docx/legacy-word97.docx",
        &root.join("lambeth/old.doc"),
    );
    std::fs::write(root.join("camden/~$mas.docx"), b"lock").unwrap();
    std::fs::write(root.join("camden/scan.pdf"), b"%PDF-1.4").unwrap();
    root
}

/// A run's outputs, by path: everything but OUT/.cache, the run's working state (whose
/// entries take a form that depends on the memory budget).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.ends_with(".cache") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                v.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    v.sort();
    v
}

fn opts() -> Options {
    Options {
        jobs: Some(2),
        tool_version: "test".into(),
        resume: false,
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        as_of: None,
        ..Default::default()
    }
}

#[test]
fn every_input_once_and_reruns_are_byte_identical() {
    let input = backlog();
    let (out1, out2) = (tmp("out1"), tmp("out2"));
    let r1 = migrate(&input, &out1, &opts(), &|| {}).unwrap();
    let r2 = migrate(
        &input,
        &out2,
        // One thread, and every agreement read back from the cache instead of held.
        &Options {
            jobs: Some(1),
            held_bytes: 0,
            ..opts()
        },
        &|| {},
    )
    .unwrap();

    // Accounting: each input exactly once, with the expected outcome.
    let paths: Vec<&str> = r1.inputs.iter().map(|i| i.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), paths.len(), "an input is listed twice");
    assert_eq!(r1.inputs.len(), 9);
    let status = |p: &str| r1.inputs.iter().find(|i| i.path == p).map(|i| i.status);
    assert_eq!(status("camden/mas.docx"), Some(Status::Converted));
    assert_eq!(status("camden/register.xlsx"), Some(Status::Converted));
    assert_eq!(status("lambeth/log.ods"), Some(Status::Converted));
    assert_eq!(status("lambeth/broken.docx"), Some(Status::Failed));
    assert_eq!(status("lambeth/old.doc"), Some(Status::Unsupported));
    assert_eq!(status("camden/scan.pdf"), Some(Status::Unsupported));
    assert_eq!(status("camden/~$mas.docx"), Some(Status::Skipped));
    let t = &r1.totals;
    assert_eq!(t.converted + t.failed + t.unsupported + t.skipped, t.inputs);
    assert!(r1
        .inputs
        .iter()
        .filter(|i| i.status != Status::Converted)
        .all(|i| i.reason.is_some()));
    // Every converted input contributed to some agreement, and every agreement has a package.
    assert!(r1
        .inputs
        .iter()
        .filter(|i| i.status == Status::Converted)
        .all(|i| !i.agreements.is_empty()));
    for a in &r1.agreements {
        assert!(out1.join(&a.package).is_file(), "{}", a.package);
    }

    // Determinism: the same bytes, whatever the thread count and memory budget.
    let (f1, f2) = (files(&out1), files(&out2));
    assert_eq!(f1.len(), f2.len());
    for ((n1, b1), (n2, b2)) in f1.iter().zip(&f2) {
        assert_eq!(n1, n2);
        assert!(b1 == b2, "{n1} differs between runs");
    }
    assert_eq!(r1.totals, r2.totals);
    let html = std::fs::read_to_string(out1.join("report.html")).unwrap();
    assert!(html.contains(&format!("data-total=\"inputs\">{}<", t.inputs)));
    let csv = std::fs::read_to_string(out1.join("report.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + t.inputs);
}

#[test]
fn register_rows_join_documents_and_conflicts_are_reported() {
    use rust_xlsxwriter::Workbook;
    let root = tmp("join");
    copy(
        "samples/docx/mas-rows-deleted.docx",
        &root.join("camden/mas.docx"),
    );
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["DSA Title", "Ref", "Status", "Next review", "IAO"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // The document's own title; a review date that differs from the document's.
    let row = [
        "Multi-Agency Safeguarding Data Sharing Agreement — Camden and Islington",
        "CAM-9",
        "Live",
        "31/03/2025",
        "Head of MASH",
    ];
    for (c, v) in row.iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    for (c, v) in [
        "Prevent DSA",
        "CAM-10",
        "Draft",
        "01/01/2026",
        "Prevent Lead",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *v).unwrap();
    }
    wb.save(root.join("camden/register.xlsx")).unwrap();
    let out = tmp("join-out");
    let r = migrate(&root, &out, &opts(), &|| {}).unwrap();
    assert_eq!(r.totals.joined, 1);
    assert_eq!(r.totals.rows_without_document, 1);
    let joined = r
        .agreements
        .iter()
        .find(|a| a.origin == "document+register")
        .expect("a joined agreement");
    assert_eq!(joined.id, "cam-9");
    assert_eq!(joined.package, "packages/camden/cam-9.zip");
    assert_eq!(
        joined.conflicts,
        vec![dsa_migrate::Conflict {
            field: "/review/review_date".into(),
            document: "2024-03-31".into(),
            register: "2025-03-31".into()
        }]
    );
    assert!(r
        .agreements
        .iter()
        .any(|a| a.origin == "register" && a.id == "cam-10"));

    // The joined agreement lists both files once; the register's records name theirs,
    // the document's records leave it to the first source.
    let zip = std::fs::read(out.join("packages/camden/cam-9.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("agreement.json").unwrap(), &mut json).unwrap();
    let a: dsa_model::Agreement = serde_json::from_str(&json).unwrap();
    let files: Vec<_> = a.sources.iter().map(|s| s.file.as_deref()).collect();
    assert_eq!(
        files,
        vec![Some("camden/mas.docx"), Some("camden/register.xlsx")]
    );
    let from_register: Vec<_> = a
        .provenance
        .iter()
        .filter(|p| p.source.file.is_some())
        .collect();
    assert!(!from_register.is_empty());
    for p in &from_register {
        let s = a.source_of(&p.source);
        assert_eq!(s.file.as_deref(), Some("camden/register.xlsx"));
        assert_eq!(s.part.as_deref(), Some("Sheet1"), "{p:?}");
        assert!(p.source.path.starts_with("row 2, column "), "{p:?}");
    }
    assert!(a
        .provenance
        .iter()
        .filter(|p| p.source.file.is_none())
        .all(|p| a.source_of(&p.source).part.as_deref() == Some("word/document.xml")));
}

/// In a borough without registers a held document is packaged as soon as it is imported,
/// under the id it would get; one whose id turns out different (a second document with
/// the same reference is numbered `-2`) is packaged again. Either way the outputs are
/// those of packaging after the borough's imports (no memory budget: nothing held), and
/// a resumed run reads both back from their packages.
#[test]
fn a_borough_without_registers_packages_at_import_with_the_same_outputs() {
    let root = tmp("noreg-in");
    let json = std::fs::read_to_string(repo().join("samples/agreements/licensing.json")).unwrap();
    let rendered = dsa_render::to_docx(&dsa_model::json::from_str(&json).unwrap()).unwrap();
    std::fs::create_dir_all(root.join("hackney")).unwrap();
    std::fs::write(root.join("hackney/a.docx"), &rendered).unwrap();
    std::fs::write(root.join("hackney/b.docx"), &rendered).unwrap();
    copy(
        "samples/docx/mas-rows-deleted.docx",
        &root.join("hackney/mas.docx"),
    );
    let (held, unheld) = (tmp("noreg-held"), tmp("noreg-unheld"));
    let r = migrate(&root, &held, &opts(), &|| {}).unwrap();
    migrate(
        &root,
        &unheld,
        &Options {
            held_bytes: 0,
            ..opts()
        },
        &|| {},
    )
    .unwrap();
    assert_eq!(files(&held), files(&unheld));
    let mut ids: Vec<&str> = r.agreements.iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    assert_eq!(&ids[1..], ["pl-dsa-lic", "pl-dsa-lic-2"], "{ids:?}");
    let second = package_entry(&held, "packages/hackney/pl-dsa-lic-2.zip", "agreement.json");
    assert!(second.contains("\"id\": \"pl-dsa-lic-2\""));
    // Held, the documents have no cache entries of their own: the borough's index points
    // to their packages. Resumed through it, the outputs are the same.
    assert_eq!(cache_entries(&held).len(), 1, "the borough's index alone");
    let resumed = migrate(
        &root,
        &held,
        &Options {
            resume: true,
            ..opts()
        },
        &|| {},
    )
    .unwrap();
    assert_eq!(resumed.totals, r.totals);
    assert_eq!(files(&held), files(&unheld));
}

/// A register's profile beside it (NAME.profile.toml) maps its own headings: with it the
/// register converts, without it the register's headings are unknown and it fails.
#[test]
fn a_register_is_read_with_the_profile_beside_it() {
    let root = tmp("profile-in");
    copy(
        "samples/trackers/southwark-register.xlsx",
        &root.join("southwark/register.xlsx"),
    );
    let bare = tmp("profile-bare-out");
    let r = migrate(&root, &bare, &opts(), &|| {}).unwrap();
    assert_eq!(r.totals.failed, 1);
    copy(
        "samples/trackers/southwark-register.profile.toml",
        &root.join("southwark/register.profile.toml"),
    );
    let out = tmp("profile-out");
    let r = migrate(&root, &out, &opts(), &|| {}).unwrap();
    let report = dsa_migrate::read_report(&out).unwrap();
    assert_eq!(r.totals.failed, 0);
    let titles: Vec<&str> = report.agreements.iter().map(|a| a.title.as_str()).collect();
    assert!(titles.contains(&"Adult safeguarding"), "{titles:?}");
}

/// A cache entry's JSON (entries are LZ4 frames).
fn read_entry(path: &Path) -> String {
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut lz4_flex::frame::FrameDecoder::new(std::fs::File::open(path).unwrap()),
        &mut text,
    )
    .unwrap();
    text
}

fn write_entry(path: &Path, text: &str) {
    let mut lz4 = lz4_flex::frame::FrameEncoder::new(Vec::new());
    std::io::Write::write_all(&mut lz4, text.as_bytes()).unwrap();
    std::fs::write(path, lz4.finish().unwrap()).unwrap();
}

/// The cache entries of a run, with their JSON.
fn cache_entries(out: &Path) -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(out.join(".cache"))
        .unwrap()
        .flatten()
        .map(|e| (e.path(), read_entry(&e.path())))
        .collect();
    v.sort();
    v
}

/// One entry of a package, as text.
fn package_entry(out: &Path, package: &str, name: &str) -> String {
    let zip = std::fs::read(out.join(package)).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn resume_reuses_cached_imports_and_gives_the_same_outputs() {
    let input = tmp("resume-in");
    copy(
        "samples/docx/mas-rows-deleted.docx",
        &input.join("camden/mas.docx"),
    );
    copy(
        "samples/trackers/camden-register.xlsx",
        &input.join("camden/register.xlsx"),
    );
    let resume = Options {
        resume: true,
        ..opts()
    };
    let (fresh, resumed) = (tmp("resume-fresh"), tmp("resume-out"));
    migrate(&input, &fresh, &opts(), &|| {}).unwrap();
    migrate(&input, &resumed, &opts(), &|| {}).unwrap();
    let again = migrate(&input, &resumed, &resume, &|| {}).unwrap();
    assert_eq!(files(&fresh), files(&resumed));
    assert_eq!(again.totals.inputs, 2);

    // A document held until packaged, with no register row joined, has no entry of its
    // own: the borough's index points to its package. Resume reads the agreement from
    // there and the rest from the index (doctored here, so its use shows in the package)...
    let entries = cache_entries(&resumed);
    assert_eq!(
        entries.len(),
        2,
        "the register's entry and the borough's index"
    );
    let (entry, text) = entries
        .into_iter()
        .find(|(_, t)| t.contains("\"documents\""))
        .expect("the borough's index");
    assert!(!text.contains("provenance"), "no copy of the agreement");
    let package = again
        .agreements
        .iter()
        .find(|a| a.origin == "document")
        .map(|a| a.package.clone())
        .unwrap();
    write_entry(
        &entry,
        &text.replacen("\"message\":\"", "\"message\":\"CACHED NOTE ", 1),
    );
    migrate(&input, &resumed, &resume, &|| {}).unwrap();
    let notes = package_entry(&resumed, &package, "import-notes.json");
    assert!(notes.contains("CACHED NOTE"), "{notes}");
    // ...unless the package no longer holds that agreement: then it is imported again.
    let other = again
        .agreements
        .iter()
        .find(|a| a.package != package)
        .unwrap();
    std::fs::copy(resumed.join(&other.package), resumed.join(&package)).unwrap();
    migrate(&input, &resumed, &resume, &|| {}).unwrap();
    assert_eq!(files(&fresh), files(&resumed));

    // Agreements read back from the cache (no memory budget) have entries holding the
    // whole outcome. Doctor the cached import and resume sees it...
    let whole = Options {
        held_bytes: 0,
        ..resume.clone()
    };
    let read_back = tmp("resume-read-back");
    migrate(&input, &read_back, &whole, &|| {}).unwrap();
    for (entry, text) in cache_entries(&read_back) {
        if text.contains("\"Document\"") {
            let doctored = text.replace(
                "Multi-Agency Safeguarding Data Sharing Agreement",
                "CACHED TITLE",
            );
            write_entry(&entry, &doctored);
        }
    }
    let r = migrate(&input, &read_back, &whole, &|| {}).unwrap();
    assert!(r
        .agreements
        .iter()
        .any(|a| a.title.starts_with("CACHED TITLE")));
    // ...a different tool version does not, and a run without --resume re-imports.
    let r = migrate(
        &input,
        &read_back,
        &Options {
            tool_version: "other".into(),
            ..whole.clone()
        },
        &|| {},
    )
    .unwrap();
    assert!(!r
        .agreements
        .iter()
        .any(|a| a.title.starts_with("CACHED TITLE")));
}

/// A register row holding a character XML 1.0 cannot carry (from an `_x0001_` escape in
/// the workbook) cannot be packaged: its register is failed with that reason, everything
/// else is still packaged, and the run completes (found while fuzzing the XML reader).
#[test]
fn a_control_character_in_a_register_cell_is_replaced_not_fatal() {
    let root = tmp("ctl-in");
    copy(
        "samples/docx/mappa-party-names.docx",
        &root.join("lambeth/mappa.docx"),
    );
    // rust_xlsxwriter writes the control character as the _x0001_ escape; calamine reads
    // it back as U+0001.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Reference", "Title", "Status"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "WCC-1").unwrap();
    ws.write_string(1, 1, "Licensing\u{1} DSA").unwrap();
    ws.write_string(1, 2, "Live").unwrap();
    ws.write_string(2, 0, "WCC-2").unwrap();
    ws.write_string(2, 1, "Parking DSA").unwrap();
    ws.write_string(2, 2, "Live").unwrap();
    std::fs::create_dir_all(root.join("westminster")).unwrap();
    wb.save(root.join("westminster/register.xlsx")).unwrap();

    let out = tmp("ctl-out");
    let r = migrate(&root, &out, &opts(), &|| {}).unwrap();
    let reg = r
        .inputs
        .iter()
        .find(|i| i.path == "westminster/register.xlsx")
        .unwrap();
    // XML 1.0 cannot carry U+0001: it is replaced with U+FFFD (as in documents), so the
    // row is packaged instead of failing its register.
    assert_eq!(reg.status, Status::Converted, "{:?}", reg.reason);
    assert_eq!(
        reg.agreements,
        vec!["wcc-1".to_string(), "wcc-2".to_string()]
    );
    let zip = std::fs::read(out.join("packages/westminster/wcc-1.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("agreement.json").unwrap(), &mut json).unwrap();
    let a: dsa_model::Agreement = serde_json::from_str(&json).unwrap();
    assert_eq!(a.title, "Licensing\u{FFFD} DSA");
    // ...and the replacement is among the row's import notes in the package.
    let mut notes = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("import-notes.json").unwrap(), &mut notes)
        .unwrap();
    let notes: Vec<dsa_migrate::ImportNote> = serde_json::from_str(&notes).unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.source == "westminster/register.xlsx#Sheet1!2"
                && n.note.code == dsa_model::DiagnosticCode::CharactersReplaced
                && n.note.location.starts_with("sheet Sheet1, cell ")
                && n.note.message.contains("replaced with U+FFFD")),
        "{notes:?}"
    );
    let report = |id: &str| r.agreements.iter().find(|a| a.id == id).unwrap();
    assert_eq!(report("wcc-1").import_notes, notes.len());
    // A document's uncertain and missing sections are listed too, with their source.
    let doc_report = r
        .agreements
        .iter()
        .find(|a| a.borough == "lambeth")
        .unwrap();
    let zip = std::fs::read(out.join(&doc_report.package)).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut notes = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("import-notes.json").unwrap(), &mut notes)
        .unwrap();
    let notes_text = notes;
    let notes: Vec<dsa_migrate::ImportNote> = serde_json::from_str(&notes_text).unwrap();
    assert!(!notes.is_empty());
    assert_eq!(doc_report.import_notes, notes.len());
    assert!(notes.iter().all(|n| n.source == "lambeth/mappa.docx"));
    assert!(notes
        .iter()
        .any(|n| n.note.kind() == dsa_model::DiagnosticKind::Missing && n.note.section.is_some()));
    // Written with the code and the kind it decides.
    let raw: serde_json::Value = serde_json::from_str(&notes_text).unwrap();
    assert!(raw[0]["code"].as_str().unwrap().starts_with("IMP"), "{raw}");
    assert!(["uncertain", "missing", "note"].contains(&raw[0]["kind"].as_str().unwrap()));
    let doc = r
        .inputs
        .iter()
        .find(|i| i.path == "lambeth/mappa.docx")
        .unwrap();
    assert_eq!(doc.status, Status::Converted);
    assert_eq!(r.totals.failed, 0);
    assert_eq!(r.totals.inputs, 2);
}

/// A progress callback that saves `file` again (appending bytes) when the second input
/// has been imported: with two inputs, both have then been read and imported and none is
/// packaged yet.
fn saved_again_after_second_import(file: &Path) -> impl Fn() + Sync + '_ {
    saved_again_after_import(file, 2)
}

/// A progress callback that saves `file` again (its bytes change) after the `n`th import.
fn saved_again_after_import(file: &Path, n: usize) -> impl Fn() + Sync + '_ {
    let imported = std::sync::atomic::AtomicUsize::new(0);
    move || {
        if imported.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == n {
            let mut bytes = std::fs::read(file).unwrap();
            bytes.extend_from_slice(b"saved again");
            std::fs::write(file, bytes).unwrap();
        }
    }
}

/// A source saved again while the run is going (its bytes at packaging differ from those
/// imported) cannot be packaged as imported: that input fails with the reason, and the
/// run goes on with the rest.
#[test]
fn a_source_changed_during_the_run_fails_its_input_not_the_run() {
    let root = tmp("changed-in");
    let first = root.join("lambeth/a.docx");
    copy("samples/docx/mappa-party-names.docx", &first);
    copy(
        "samples/docx/mas-yes-no-pandoc.docx",
        &root.join("lambeth/b.docx"),
    );
    let out = tmp("changed-out");
    let progress = saved_again_after_second_import(&first);
    let r = migrate(
        &root,
        &out,
        &Options {
            jobs: Some(1),
            // Nothing held in memory: packaging reads each file again, and finds a.docx
            // changed. (A document held with its bytes is packaged with what was read.)
            held_bytes: 0,
            ..opts()
        },
        &progress,
    )
    .unwrap();
    let status = |p: &str| r.inputs.iter().find(|i| i.path == p).unwrap();
    let a = status("lambeth/a.docx");
    assert_eq!(a.status, Status::Failed);
    assert!(
        a.reason
            .as_deref()
            .is_some_and(|why| why.contains("changed while it was being migrated")),
        "{:?}",
        a.reason
    );
    assert!(a.agreements.is_empty());
    assert_eq!(status("lambeth/b.docx").status, Status::Converted);
    assert_eq!(r.totals.failed, 1);
    assert_eq!(r.agreements.len(), 1);
}

/// A register is read once per borough for all the packages it goes into; saved again
/// after its import, it fails (once, with the reason) and none of its rows is packaged.
#[test]
fn a_register_changed_during_the_run_fails_once_and_packages_none_of_its_rows() {
    let root = tmp("changed-register-in");
    let register = root.join("camden/register.xlsx");
    copy("samples/trackers/camden-register.xlsx", &register);
    copy(
        "samples/docx/mas-rows-deleted.docx",
        &root.join("camden/mas.docx"),
    );
    let out = tmp("changed-register-out");
    // Registers are read first (a row may join a document in any folder): saved again
    // right after its import, before it is stored.
    let progress = saved_again_after_import(&register, 1);
    let r = migrate(
        &root,
        &out,
        &Options {
            jobs: Some(1),
            ..opts()
        },
        &progress,
    )
    .unwrap();
    let reg = r
        .inputs
        .iter()
        .find(|i| i.path == "camden/register.xlsx")
        .unwrap();
    assert_eq!(reg.status, Status::Failed);
    assert!(
        reg.reason
            .as_deref()
            .is_some_and(|why| why.contains("changed while it was being migrated")),
        "{:?}",
        reg.reason
    );
    assert_eq!(r.totals.failed, 1);
    assert!(r.agreements.iter().all(|a| !a
        .sources
        .iter()
        .any(|s| s.starts_with("camden/register.xlsx"))));
    assert!(!r.agreements.is_empty(), "the document is still packaged");
}

#[test]
fn a_held_document_is_packaged_with_the_bytes_it_was_imported_from() {
    let root = tmp("held-in");
    let first = root.join("lambeth/a.docx");
    copy("samples/docx/mappa-party-names.docx", &first);
    let original = std::fs::read(&first).unwrap();
    let out = tmp("held-out");
    // Saved again after its import, before packaging (the only progress call).
    let progress = || {
        let mut bytes = std::fs::read(&first).unwrap();
        bytes.extend_from_slice(b"saved again");
        std::fs::write(&first, bytes).unwrap();
    };
    let r = migrate(&root, &out, &opts(), &progress).unwrap();
    let a = &r.inputs[0];
    assert_eq!(a.status, Status::Converted, "{:?}", a.reason);
    assert_eq!(a.sha256, dsa_package::sha256_hex(&original));
    // The package holds what was imported, and its manifest says so.
    let zip_bytes = std::fs::read(out.join(&r.agreements[0].package)).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut source = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("sources/lambeth/a.docx").unwrap(),
        &mut source,
    )
    .unwrap();
    assert_eq!(source, original);
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("manifest.json").unwrap(), &mut manifest)
        .unwrap();
    assert!(manifest.contains(&a.sha256));
}

/// A register row's package holds its row and refers to the register, stored once per
/// run beside the packages: output grows with the register, not with its square.
#[test]
fn register_rows_carry_their_row_not_the_register() {
    use rust_xlsxwriter::Workbook;
    const ROWS: u32 = 2_000;
    let root = tmp("rows");
    std::fs::create_dir_all(root.join("camden")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "DSA Title",
        "Ref",
        "Partner organisations",
        "Status",
        "Next review",
        "Notes",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=ROWS {
        let cells = [
            format!("Data sharing agreement {r}"),
            format!("REF-{r:05}"),
            "Metropolitan Police; Hackney".to_string(),
            "Live".to_string(),
            "01/04/2027".to_string(),
            format!("Row {r} of a long register, with a note of some length to make it real"),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v).unwrap();
        }
    }
    let register = root.join("camden/register.xlsx");
    wb.save(&register).unwrap();
    let register_bytes = std::fs::read(&register).unwrap();
    let sha = {
        use std::fmt::Write as _;
        let mut s = String::new();
        for b in <sha2::Sha256 as sha2::Digest>::digest(&register_bytes) {
            let _ = write!(s, "{b:02x}");
        }
        s
    };
    let out = tmp("rows-out");
    let r = migrate(&root, &out, &opts(), &|| {}).unwrap();
    assert_eq!(r.totals.agreements, ROWS as usize);
    // The register once, under its digest.
    let stored: Vec<PathBuf> = std::fs::read_dir(out.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(stored, vec![out.join(format!("sources/{sha}.xlsx"))]);
    assert_eq!(std::fs::read(&stored[0]).unwrap(), register_bytes);
    // Packages: no copy, about 2 KB a row (the agreement, its row and the manifest,
    // deflated; no XML unless asked for).
    let packages: Vec<(String, Vec<u8>)> = files(&out.join("packages"));
    assert_eq!(packages.len(), ROWS as usize);
    let total: usize = packages.iter().map(|(_, b)| b.len()).sum();
    assert!(
        total / (ROWS as usize) <= 2_300,
        "{} bytes a row (the register is {} bytes)",
        total / ROWS as usize,
        register_bytes.len()
    );
    for (_, zip) in &packages {
        let z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let names: Vec<String> = z.file_names().map(|n| n.unwrap().to_string()).collect();
        assert_eq!(
            names,
            [
                "agreement.json",
                "import-notes.json",
                "manifest.json",
                "register-row.json",
                "validation.json"
            ]
        );
    }
    let row: serde_json::Value = serde_json::from_str(&package_entry(
        &out,
        "packages/camden/ref-00005.zip",
        "register-row.json",
    ))
    .unwrap();
    assert_eq!(row["row"], 6);
    assert_eq!(row["register"]["name"], "camden/register.xlsx");
    assert_eq!(row["register"]["sha256"], sha.as_str());
    let manifest: serde_json::Value = serde_json::from_str(&package_entry(
        &out,
        "packages/camden/ref-00005.zip",
        "manifest.json",
    ))
    .unwrap();
    let stored_at = &manifest["references"][0]["stored_at"];
    assert_eq!(
        stored_at.as_str(),
        Some(format!("sources/{sha}.xlsx").as_str())
    );
    assert_eq!(manifest["references"][0]["size"], register_bytes.len());
    assert_eq!(row["cells"][1]["header"], "Ref");
    assert_eq!(row["cells"][1]["text"], "REF-00005");
    assert_eq!(row["cells"].as_array().unwrap().len(), 6);
    let manifest: serde_json::Value = serde_json::from_str(&package_entry(
        &out,
        "packages/camden/ref-00005.zip",
        "manifest.json",
    ))
    .unwrap();
    assert_eq!(manifest["references"][0]["sha256"], sha.as_str());
    // The register gone, its stored copy goes with its packages.
    std::fs::remove_file(&register).unwrap();
    migrate(&root, &out, &opts(), &|| {}).unwrap();
    assert_eq!(std::fs::read_dir(out.join("sources")).unwrap().count(), 0);
}

/// A full disk is its own error naming the file, and leaves no partial file behind (the
/// run stops there: checked by hand on a 300 KB tmpfs, where `dsa migrate` exits 4 with
/// "[E-MIG-003] the disk holding OUT is full" and nothing half-written).
#[test]
fn a_full_disk_is_named_and_leaves_nothing_half_written() {
    let dir = tmp("full");
    std::fs::create_dir_all(&*dir).unwrap();
    let target = dir.join("packages/camden/x.zip");
    let e = dsa_migrate::write_atomic_with(&target, |w| {
        w.write_all(b"half a package")?;
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    })
    .unwrap_err();
    assert!(matches!(e, dsa_migrate::MigrateError::DiskFull(..)), "{e}");
    assert!(e.to_string().contains("x.zip"), "{e}");
    assert!(!target.exists());
    let left: Vec<_> = std::fs::read_dir(dir.join("packages/camden"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Any other write error stays an output error.
    let e = dsa_migrate::write_atomic_with(&target, |_| {
        Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
    })
    .unwrap_err();
    assert!(matches!(e, dsa_migrate::MigrateError::Output(..)), "{e}");
}
