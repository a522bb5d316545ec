//! report.html in a real browser (headless Chromium, installed by .ci/run): it loads
//! with no console messages, asks for nothing over the network, and its totals are
//! report.json's.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Loads a page headless; returns (DOM, browser log).
fn chromium(page: &Path, profile: &Path) -> (String, String) {
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium must be installed (apt-get install chromium; .ci/run does this)");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn console_lines(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

#[test]
fn report_page_loads_cleanly_and_matches_report_json() {
    // Removed when dropped, a failing test included.
    let base_guard = tempfile::Builder::new()
        .prefix("dsa-html-")
        .tempdir()
        .unwrap();
    let base = base_guard.path().to_path_buf();
    let input = base.join("in");
    for (from, to) in [
        ("samples/docx/mas-rows-deleted.docx", "camden/mas.docx"),
        (
            "samples/trackers/camden-register.xlsx",
            "camden/register.xlsx",
        ),
        ("samples/docx/gvm-wingdings-word.docx", "newham/gvm.docx"),
        ("tests/fixtures/docx/truncated.docx", "newham/broken.docx"),
    ] {
        let dest = input.join(to);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(repo().join(from), dest).unwrap();
    }
    std::fs::write(input.join("newham/notes.pdf"), b"%PDF").unwrap();
    let out = base.join("out");
    let options = dsa_migrate::Options {
        jobs: Some(2),
        tool_version: "test".into(),
        resume: false,
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        as_of: None,
    };
    dsa_migrate::migrate(&input, &out, &options, &|| {}).unwrap();

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("<script")
            && !html.contains("http://")
            && !html.contains("https://")
            && !html.contains(" src="),
        "the page must be self-contained"
    );
    let (dom, log) = chromium(&out.join("report.html"), &base.join("profile"));
    assert!(
        console_lines(&log).is_empty(),
        "console messages: {:?}",
        console_lines(&log)
    );

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let totals = report["totals"].as_object().unwrap();
    let mut checked = 0;
    for (name, want) in totals {
        let marker = format!("data-total=\"{name}\">");
        if let Some(at) = dom.find(&marker) {
            let rest = &dom[at + marker.len()..];
            let got: u64 = rest[..rest.find('<').unwrap()].parse().unwrap();
            assert_eq!(Some(got), want.as_u64(), "total {name}");
            checked += 1;
        }
    }
    assert!(
        checked >= 7,
        "only {checked} totals found in the rendered page"
    );
    assert!(dom.contains("camden") && dom.contains("newham"));

    // The console check is not vacuous: a page with a script error is caught.
    let bad = base.join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><title>x</title><script>undefinedFunction()</script>",
    )
    .unwrap();
    let (_, log) = chromium(&bad, &base.join("profile2"));
    assert!(
        !console_lines(&log).is_empty(),
        "the console detector missed a script error"
    );
    let _ = std::fs::remove_dir_all(&base);
}

/// Text from a register is escaped in every output people open: a title and a party name
/// carrying a script, quotes, `]]>` and a formula prefix do not run in report.html (a
/// script would write to the console, and the page must log nothing), stay text in
/// gateway.xlsx, and are escaped in reviews.ics.
#[test]
fn hostile_register_text_is_inert_in_every_output() {
    let base = std::env::temp_dir().join(format!("dsa-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let input = base.join("in/camden");
    std::fs::create_dir_all(&input).unwrap();
    let title = "<script>console.log('pwned')</script>\"' ]]> =1+1";
    let party = "<img src=x onerror=console.log('pwned')> Trust";
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["DSA title", "Ref", "Partner organisations", "Next review"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [title, "X-1; <b>", party, "01/01/2025"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(input.join("dsa register.xlsx")).unwrap();
    let out = base.join("out");
    let options = dsa_migrate::Options {
        jobs: Some(1),
        tool_version: "test".into(),
        resume: false,
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 6, 1),
    };
    dsa_migrate::migrate(&base.join("in"), &out, &options, &|| {}).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("<script>console"),
        "raw script in the report"
    );
    assert!(!html.contains("<img src=x"), "raw markup in the report");
    let (dom, log) = chromium(&out.join("report.html"), &base.join("profile"));
    assert!(dom.contains("DSA migration report"), "{dom}");
    assert!(console_lines(&log).is_empty(), "{log}");
    // The overdue review shows the title as text.
    assert!(
        dom.contains("&lt;script&gt;console.log"),
        "title not shown as text"
    );

    let ics = std::fs::read_to_string(out.join("reviews.ics")).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:Review due: <script>console.log('pwned')</script>\"' ]]> =1+1"),
        "{unfolded}"
    );
    assert!(
        !unfolded.contains("X-1; <b>"),
        "a ; in a value is escaped: {unfolded}"
    );

    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("gateway.xlsx")).unwrap();
    use calamine::Reader;
    let agreements = wb.worksheet_range("Agreements").unwrap();
    assert!(agreements
        .used_cells()
        .any(|(_, _, c)| *c == calamine::Data::String(title.into())));
    let formulas = wb.worksheet_formula("Agreements").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let _ = std::fs::remove_dir_all(&base);
}
