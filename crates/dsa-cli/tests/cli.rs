//! The `dsa` binary: exit codes, stdin/stdout, errors that name the file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dsa(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsa"));
    cmd.args(args).current_dir(repo());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run dsa");
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// Runs `dsa` under GNU time and returns its exit code and its own peak RSS in KiB.
///
/// Not getrusage/wait4 from this process: a child started from a large test process
/// inherits the parent's memory high-water mark at exec, which would be counted as its
/// own. GNU time is a small process of its own (.ci/run installs the `time` package).
fn dsa_measured(args: &[&str]) -> (i32, i64) {
    // One report file per call: tests measure in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let report = std::env::temp_dir().join(format!("dsa-rss-{}-{call}", std::process::id()));
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_dsa"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("/usr/bin/time must be installed (apt-get install time; .ci/run does this)");
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let _ = std::fs::remove_file(&report);
    let kib = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no RSS figure from /usr/bin/time: {text:?}"));
    (status.code().unwrap_or(-1), kib)
}

const MAS: &str = "samples/agreements/multi-agency-safeguarding.json";

#[test]
fn validate_clean_samples_exits_zero() {
    let out = dsa(&["validate", MAS, "samples/agreements/mappa.xml"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("multi-agency-safeguarding.json: ok"), "{s}");
}

#[test]
fn validate_broken_sample_exits_one_and_names_rule_and_field() {
    let out = dsa(
        &["validate", "tests/fixtures/broken-special-category.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("DSA002"), "{s}");
    assert!(s.contains("/lawful_basis/article9"), "{s}");

    let out = dsa(
        &[
            "validate",
            "--format",
            "json",
            "tests/fixtures/broken-special-category.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["ok"], false);
    assert_eq!(v[0]["findings"][0]["code"], "DSA002");
}

#[test]
fn unreadable_input_exits_three_naming_the_file() {
    let out = dsa(&["validate", "no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(3));
    // Read errors go to stderr, once, with the one prefix; stdout keeps the findings.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("dsa: error: cannot open no/such/file.json"),
        "{err}"
    );
    assert_eq!(err.matches("no/such/file.json").count(), 1, "{err}");
    assert!(out.stdout.is_empty());

    let out = dsa(
        &["convert", "-", "-t", "xml"],
        Some(b"{\"format_version\":\"1.0\",\"titel\":\"x\"}"),
    );
    assert_eq!(out.status.code(), Some(3));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("<stdin>") && e.contains("E-JSON-001") && e.contains("titel"),
        "{e}"
    );
}

#[test]
fn convert_json_to_xml_and_back_through_pipes() {
    let json = std::fs::read(repo().join(MAS)).unwrap();
    let xml = dsa(&["convert", "-", "-f", "json", "-t", "xml"], Some(&json));
    assert_eq!(xml.status.code(), Some(0));
    assert_eq!(
        xml.stdout,
        std::fs::read(repo().join("samples/agreements/multi-agency-safeguarding.xml")).unwrap()
    );
    let back = dsa(&["convert", "-", "-t", "json"], Some(&xml.stdout));
    assert_eq!(back.status.code(), Some(0));
    assert_eq!(back.stdout, json);
}

#[test]
fn convert_writes_output_file() {
    // Removed when dropped, a failing test included.
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-cli-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let out_path = dir.join("mas.xml");
    let out = dsa(
        &[
            "convert",
            MAS,
            "-t",
            "xml",
            "-o",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out_path)
        .unwrap()
        .contains("<agreement xmlns="));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_error_exits_two_and_help_documents_exit_codes() {
    let out = dsa(&["convert", MAS, "-t", "yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    let help = dsa(&["--help"], None);
    let h = String::from_utf8_lossy(&help.stdout);
    for code in [
        "0  success",
        "1  validate found errors",
        "2  usage error",
        "3  an input",
        "4  an output",
    ] {
        assert!(h.contains(code), "{h}");
    }
}

#[test]
fn schema_command_prints_each_format() {
    let js = dsa(&["schema", "json-schema"], None);
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let xsd = dsa(&["schema", "xsd"], None);
    assert!(String::from_utf8_lossy(&xsd.stdout).contains("<xs:schema"));
    let md = dsa(&["schema", "markdown"], None);
    assert_eq!(
        String::from_utf8_lossy(&md.stdout),
        std::fs::read_to_string(repo().join("spec/reference.md")).unwrap()
    );
}

#[test]
fn import_docx_writes_json_or_xml_and_reports() {
    // Removed when dropped, a failing test included.
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-cli-import-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let xml = dir.join("mas.xml");
    let out = dsa(
        &[
            "import",
            "samples/docx/mas-content-controls-word.docx",
            "-o",
            xml.to_str().unwrap(),
            "--report",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("template sections found"), "{report}");
    assert!(report.contains("§2.4.1"), "{report}");
    let back = dsa(&["validate", xml.to_str().unwrap()], None);
    assert!(String::from_utf8_lossy(&back.stdout).contains("mas.xml"));

    let out = dsa(&["import", "tests/fixtures/docx/legacy-word97.docx"], None);
    assert_eq!(out.status.code(), Some(3));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("legacy-word97.docx") && e.contains("E-DOCX-003"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 5,000-paragraph document imports in a process whose peak RSS stays under 100 MiB.
#[test]
fn large_document_import_stays_under_100_mib() {
    use std::io::Write as _;
    // Removed when dropped, a failing test included.
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-cli-big-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.docx");
    let mut body = String::new();
    for i in 0..5000 {
        if i % 100 == 0 {
            body.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>{}. Legal basis for sharing</w:t></w:r></w:p>", i / 100 + 1));
        } else {
            body.push_str(&format!("<w:p><w:r><w:t>Paragraph {i}: the parties share referral information by secure email under Article 6(1)(e) UK GDPR for the purposes in this agreement.</w:t></w:r></w:p>"));
        }
    }
    let doc = format!("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    let files = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
        ("word/document.xml", doc),
    ];
    {
        let f = std::fs::File::create(&path).unwrap();
        let mut z = zip::ZipWriter::new(f);
        for (name, data) in &files {
            z.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(data.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    let big_json = dir.join("big.json");
    let (code, peak_kib) = dsa_measured(&[
        "import",
        path.to_str().unwrap(),
        "-o",
        big_json.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(peak_kib < 100 * 1024, "peak RSS {peak_kib} KiB");
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("big.json")).unwrap()).unwrap();
    assert_eq!(
        a["lawful_basis"]["article6"][0]["condition"],
        "e_public_task"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `-o /dev/null` (any non-regular file) is written in place, never replaced by a rename.
#[test]
fn output_to_a_device_leaves_the_device_alone() {
    use std::os::unix::fs::FileTypeExt;
    let out = dsa(&["convert", MAS, "-t", "xml", "-o", "/dev/null"], None);
    assert_eq!(out.status.code(), Some(0));
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(
        meta.file_type().is_char_device(),
        "/dev/null is no longer a device"
    );
}

/// A 100,000-row register imports as 100,000 JSON lines with peak RSS under 500 MiB.
#[test]
fn hundred_thousand_row_register_imports_in_bounded_memory() {
    // Removed when dropped, a failing test included.
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-cli-100k-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let reg = dir.join("register.xlsx");
    dsa_tests::write_register(&reg, 100_000).unwrap();
    let out_path = dir.join("out.jsonl");
    let (code, peak_kib) = dsa_measured(&[
        "import",
        reg.to_str().unwrap(),
        "--jsonl",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(peak_kib < 500 * 1024, "peak RSS {peak_kib} KiB");
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(text.lines().count(), 100_000);
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["reference"], "REF-100000");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 100,000-row register migrates into output that grows with it: about 2 KB of package
/// a row and the register stored once, in bounded memory.
#[test]
fn hundred_thousand_row_register_migrates_into_small_packages_in_bounded_memory() {
    const ROWS: usize = 100_000;
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-cli-100k-migrate-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path();
    let reg = dir.join("backlog/camden/register.xlsx");
    std::fs::create_dir_all(reg.parent().unwrap()).unwrap();
    dsa_tests::write_register(&reg, ROWS as u32).unwrap();
    let register_bytes = std::fs::metadata(&reg).unwrap().len();
    let out = dir.join("out");
    let (code, peak_kib) = dsa_measured(&[
        "migrate",
        dir.join("backlog").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
        "--quiet",
    ]);
    assert_eq!(code, 0);
    assert!(peak_kib <= 300 * 1024, "peak RSS {peak_kib} KiB");
    let mut packages = 0usize;
    let mut bytes = 0u64;
    for e in std::fs::read_dir(out.join("packages/camden")).unwrap() {
        let e = e.unwrap();
        packages += 1;
        bytes += e.metadata().unwrap().len();
    }
    assert_eq!(packages, ROWS);
    assert!(
        bytes <= 2048 * ROWS as u64,
        "{} bytes of package a row",
        bytes / ROWS as u64
    );
    // The register once, beside the packages.
    let stored: Vec<u64> = std::fs::read_dir(out.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .collect();
    assert_eq!(stored, [register_bytes]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["totals"]["agreements"], ROWS);
}

#[test]
fn migrate_samples_writes_packages_and_reports_and_exit_code_follows_failures() {
    // Removed when dropped, a failing test included.
    let out_guard = tempfile::Builder::new()
        .prefix("dsa-cli-migrate-")
        .tempdir()
        .unwrap();
    let out = out_guard.path().to_path_buf();
    // The README's main job: the demo backlog, whose one damaged download fails (exit 1)
    // while everything else is written.
    let run = dsa(
        &["migrate", "samples/backlog", "-o", out.to_str().unwrap()],
        None,
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(
        summary.starts_with("11 inputs: 10 converted, 1 failed, 0 unsupported"),
        "{summary}"
    );
    assert!(
        summary.contains("5 register rows joined to documents"),
        "{summary}"
    );
    for f in ["report.json", "report.csv", "report.html"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["totals"]["agreements"], 9);
    let failed: Vec<&serde_json::Value> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "failed")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["path"], "lambeth/mappa-dsa-download.docx");
    assert!(failed[0]["reason"].as_str().unwrap().contains("E-DOCX-005"));
    // The CSV register's rows joined the Hackney documents; Camden's register disagrees
    // with its ASB protocol about the review date, and says so.
    let agreements = report["agreements"].as_array().unwrap();
    let asb = agreements
        .iter()
        .find(|a| a["title"] == "Camden Anti-Social Behaviour Information Sharing Protocol")
        .unwrap();
    assert_eq!(asb["origin"], "document+register");
    assert!(asb["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["field"] == "/review/review_date" && c["register"] == "2021-03-31"));
    let hackney_joined = agreements
        .iter()
        .filter(|a| a["borough"] == "hackney" && a["origin"] == "document+register")
        .count();
    assert_eq!(hackney_joined, 2);
    // The pan-London tracker at the top lists Newham's GVM agreement: one agreement, in
    // Newham's folder.
    let gvm = agreements
        .iter()
        .find(|a| a["borough"] == "newham")
        .unwrap();
    assert_eq!(gvm["origin"], "document+register");
    assert_eq!(gvm["join"]["across_folders"], true);
    assert_eq!(gvm["sources"][1], "pan-london-tracker.xlsx#Agreements!5");

    // A tree with a broken file: everything else is still written, and the exit code is 1.
    // Removed when dropped, a failing test included.
    let input_guard = tempfile::Builder::new()
        .prefix("dsa-cli-migrate-in-")
        .tempdir()
        .unwrap();
    let input = input_guard.path().to_path_buf();
    std::fs::create_dir_all(input.join("hackney")).unwrap();
    std::fs::copy(
        repo().join("samples/docx/licensing-glyphs.docx"),
        input.join("hackney/licensing.docx"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/docx/zip-bomb.docx"),
        input.join("hackney/bomb.docx"),
    )
    .unwrap();
    let out2 = out.join("second");
    let run = dsa(
        &[
            "migrate",
            input.to_str().unwrap(),
            "--out",
            out2.to_str().unwrap(),
            "--quiet",
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.is_empty(), "--quiet prints nothing");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out2.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["totals"]["failed"], 1);
    assert_eq!(report["totals"]["converted"], 1);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&input);
}

/// A migration killed with SIGKILL part-way and then re-run (with --resume) leaves the
/// same outputs, byte for byte, as one uninterrupted run.
#[test]
fn killed_migration_rerun_gives_the_same_outputs() {
    // Removed when dropped, a failing test included.
    let base_guard = tempfile::Builder::new()
        .prefix("dsa-cli-kill-")
        .tempdir()
        .unwrap();
    let base = base_guard.path().to_path_buf();
    let input = base.join("in");
    let samples: Vec<PathBuf> = std::fs::read_dir(repo().join("samples/docx"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    for k in 0..20 {
        let dir = input.join(format!("borough-{k:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        for s in &samples {
            std::fs::copy(s, dir.join(s.file_name().unwrap())).unwrap();
        }
    }
    let whole = base.join("whole");
    let run = dsa(
        &[
            "migrate",
            input.to_str().unwrap(),
            "--out",
            whole.to_str().unwrap(),
            "--quiet",
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(0));

    let killed = base.join("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsa"))
        .args([
            "migrate",
            input.to_str().unwrap(),
            "--out",
            killed.to_str().unwrap(),
            "--quiet",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill once the run has started writing its cache.
    let start = std::time::Instant::now();
    while !killed.join(".cache").is_dir() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !killed.join("report.json").exists(),
        "the run finished before it was killed; make the backlog larger"
    );

    let rerun = dsa(
        &[
            "migrate",
            input.to_str().unwrap(),
            "--out",
            killed.to_str().unwrap(),
            "--quiet",
            "--resume",
        ],
        None,
    );
    assert_eq!(rerun.status.code(), Some(0));
    let list = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v = Vec::new();
        let mut stack = vec![d.to_path_buf()];
        while let Some(x) = stack.pop() {
            for e in std::fs::read_dir(&x).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    v.push((
                        p.strip_prefix(d).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    ));
                }
            }
        }
        v.sort();
        v
    };
    let (a, b) = (list(&whole), list(&killed));
    assert_eq!(
        a.iter().map(|x| &x.0).collect::<Vec<_>>(),
        b.iter().map(|x| &x.0).collect::<Vec<_>>()
    );
    for ((p, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs", p.display());
    }
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn migrate_with_corrections_says_what_applied_and_refuses_a_wrong_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corrections.toml");
    std::fs::write(
        &file,
        "[[correction]]\nagreement = \"camden/cam-asb-01\"\nfield = \"/review/review_date\"\nvalue = 2027-03-31\nby = \"A. Officer\"\nwhy = \"board minutes\"\n\n[[correction]]\nagreement = \"camden/gone\"\nfield = \"/title\"\nvalue = \"x\"\nby = \"A. Officer\"\nwhy = \"y\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (file_arg, out_arg) = (file.to_str().unwrap(), out.to_str().unwrap());
    let o = dsa(
        &[
            "migrate",
            "samples/backlog",
            "-o",
            out_arg,
            "--as-of",
            "2026-12-01",
            "--corrections",
            file_arg,
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("; 1 corrections applied, 1 not (the report says why)"),
        "{stdout}"
    );
    // A mistake stops the run before anything is written, naming the file and line.
    std::fs::write(&file, "[[correction]]\nagreement = \"camden/cam-asb-01\"\nfield = \"review_date\"\nvalue = 1\nby = \"a\"\nwhy = \"b\"\n").unwrap();
    let out2 = dir.path().join("out2");
    let o = dsa(
        &[
            "migrate",
            "samples/backlog",
            "-o",
            out2.to_str().unwrap(),
            "--corrections",
            file_arg,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("[E-MIG-004]") && stderr.contains("corrections.toml:1"),
        "{stderr}"
    );
    assert!(stderr.contains("JSON Pointer"), "{stderr}");
    assert!(!out2.exists());
}
