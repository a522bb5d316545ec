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
    chromium_url(&format!("file://{}", page.display()), profile)
}

/// Loads a URL headless (a fragment included) once its scripts have run; returns (DOM,
/// browser log).
fn chromium_url(url: &str, profile: &Path) -> (String, String) {
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
        .arg("--virtual-time-budget=5000")
        .arg(url)
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
        ..Default::default()
    };
    dsa_migrate::migrate(&input, &out, &options, &|| {}).unwrap();

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("<script src")
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
        ..Default::default()
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
    // The map draws the party, its name as text, its link a fragment of this page.
    let svg = &html[html.find("<svg id=\"sharing-map\"").expect("the map")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    // (The register reader keeps the name from the first letter on.)
    assert!(
        svg.contains("onerror=console.log('pwned')&gt; Trust</text>") && !svg.contains("<img"),
        "{svg}"
    );
    assert!(svg.contains("href=\"#q=img%20src%3Dx%20onerror"), "{svg}");

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

/// The agreements table as an officer uses it, in a real browser: filters and sorting set
/// through the page address's fragment (which the page keeps in step with its controls)
/// show exactly the agreements report.json says they should, and nothing logs.
#[test]
fn officers_search_filter_and_sort_the_agreements() {
    let base_guard = tempfile::Builder::new()
        .prefix("dsa-filters-")
        .tempdir()
        .unwrap();
    let base = base_guard.path().to_path_buf();
    let out = base.join("out");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let options = dsa_migrate::Options {
        jobs: Some(2),
        tool_version: "test".into(),
        resume: false,
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        as_of: Some(as_of),
        ..Default::default()
    };
    dsa_migrate::migrate(&repo().join("samples/backlog"), &out, &options, &|| {}).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let agreements = report["agreements"].as_array().unwrap();
    let page = out.join("report.html");
    let visible = |fragment: &str, profile: &str| -> (Vec<String>, String) {
        let (dom, log) = chromium_url(
            &format!("file://{}#{fragment}", page.display()),
            &base.join(profile),
        );
        assert!(
            console_lines(&log).is_empty(),
            "{fragment}: console messages: {:?}",
            console_lines(&log)
        );
        let table = &dom[dom
            .find("id=\"agreements-table\"")
            .expect("the agreements table")..];
        let tbody = &table[table.find("<tbody>").unwrap()..];
        let tbody = &tbody[..tbody.find("</tbody>").unwrap()];
        let titles = tbody
            .split("<tr ")
            .skip(1)
            .filter(|r| !r.split('>').next().unwrap().contains(" hidden"))
            .map(|r| {
                let at = r.find("data-title=\"").unwrap() + "data-title=\"".len();
                r[at..at + r[at..].find('"').unwrap()].to_string()
            })
            .collect();
        let shown = dom[dom.find("id=\"shown\"").unwrap()..]
            .split('>')
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string();
        (titles, shown)
    };
    let n = agreements.len();
    let lower = |a: &serde_json::Value| a["title"].as_str().unwrap().to_lowercase();

    let (all, shown) = visible("", "p0");
    assert_eq!(all.len(), n);
    assert_eq!(shown, format!("Showing {n} of {n}"));

    let want: Vec<String> = agreements
        .iter()
        .filter(|a| a["borough"] == "camden")
        .map(lower)
        .collect();
    let (got, shown) = visible("borough=camden", "p1");
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert_eq!(shown, format!("Showing {} of {n}", want.len()));

    // Overdue: the review date before the run's date.
    let want: Vec<String> = agreements
        .iter()
        .filter(|a| {
            a["review_date"]
                .as_str()
                .is_some_and(|d| d < as_of.to_string().as_str())
        })
        .map(lower)
        .collect();
    let (got, _) = visible("overdue=1", "p2");
    assert!(!want.is_empty() && want.len() < n);
    assert_eq!(got, want);

    // Errors, and a search within them.
    let want: Vec<String> = agreements
        .iter()
        .filter(|a| a["errors"].as_u64().unwrap() > 0)
        .map(lower)
        .collect();
    assert_eq!(
        want.len() as u64,
        report["totals"]["agreements_with_errors"].as_u64().unwrap()
    );
    let (got, _) = visible("status=errors", "p3");
    assert_eq!(got, want);
    let (got, _) = visible(
        "q=safeguarding&type=Multi-Agency%20Safeguarding%20(children)",
        "p4",
    );
    assert!(!got.is_empty());
    assert!(got.iter().all(|t| t.contains("safeguarding")), "{got:?}");

    // The data sharing map: a node per organisation, linking to its agreements.
    let html = std::fs::read_to_string(&page).unwrap();
    let mut parties: Vec<&str> = agreements
        .iter()
        .flat_map(|a| a["parties"].as_array().unwrap().iter())
        .map(|p| p.as_str().unwrap())
        .collect();
    parties.sort();
    parties.dedup();
    assert!(parties.len() > 5);
    let svg = &html[html.find("<svg id=\"sharing-map\"").expect("the map")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let nodes: Vec<&str> = svg
        .split("data-org=\"")
        .skip(1)
        .map(|x| &x[..x.find('"').unwrap()])
        .collect();
    assert_eq!(nodes.len(), parties.len().min(48));
    assert!(svg.contains("<line class=\"t"), "no agreements drawn");
    let org = "The Probation Service";
    assert!(nodes.contains(&org), "{nodes:?}");
    let href = svg[..svg.find(&format!("data-org=\"{org}\"")).unwrap()]
        .rsplit("href=\"#")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let want: Vec<String> = agreements
        .iter()
        .filter(|a| {
            a["parties"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p.as_str().unwrap().contains(org))
        })
        .map(lower)
        .collect();
    let (got, _) = visible(&href, "p6");
    assert!(!want.is_empty());
    assert_eq!(got, want, "{href}");

    // Sorted by review date, latest first.
    let mut want: Vec<(String, String)> = agreements
        .iter()
        .map(|a| {
            (
                a["review_date"].as_str().unwrap_or("").to_string(),
                lower(a),
            )
        })
        .collect();
    want.sort_by(|x, y| y.0.cmp(&x.0));
    let (got, _) = visible("sort=-review", "p5");
    let dates: Vec<&str> = want.iter().map(|w| w.0.as_str()).collect();
    let got_dates: Vec<String> = got
        .iter()
        .map(|t| want.iter().find(|w| &w.1 == t).unwrap().0.clone())
        .collect();
    assert_eq!(got_dates, dates);
}
