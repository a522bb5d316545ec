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
