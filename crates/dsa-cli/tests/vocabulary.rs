//! One CLI vocabulary: what every command shares (-o, -f, one detection of what an input
//! is, one error prefix, quiet on a closed pipe) and the migrate walk's edges (its output
//! inside its input, symbolic links, canonical agreements in a backlog).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dsa_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsa"));
    cmd.args(args).current_dir(dir);
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

fn dsa(args: &[&str], stdin: Option<&[u8]>) -> Output {
    dsa_in(&repo(), args, stdin)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_zero() {
    for args in [&["schema"][..], &["schema", "markdown"], &["man"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dsa"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one line's worth, then close the pipe (as `| head -1` does).
        let mut first = [0u8; 16];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn every_reading_command_reads_every_agreement_kind() {
    let dir = tempfile::tempdir().unwrap();
    let docx = repo().join("samples/docx/mappa-party-names.docx");
    // A package, as migrate writes it.
    let backlog = dir.path().join("backlog/lambeth");
    std::fs::create_dir_all(&backlog).unwrap();
    std::fs::copy(&docx, backlog.join("mappa.docx")).unwrap();
    let out = dir.path().join("out");
    let run = dsa(
        &[
            "migrate",
            dir.path().join("backlog").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let package = walkdir(&out.join("packages"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .expect("a package");
    let json = repo().join("samples/agreements/mappa.json");
    let xml = repo().join("samples/agreements/mappa.xml");
    for input in [&docx, &package, &json, &xml] {
        let input = input.to_str().unwrap();
        let v = dsa(&["validate", "--format", "json", input], None);
        let report: serde_json::Value = serde_json::from_slice(&v.stdout)
            .unwrap_or_else(|e| panic!("validate {input}: {e}: {}", stderr(&v)));
        assert!(report[0]["error"].is_null(), "validate {input}: {report}");
        for cmd in [
            &["convert", input, "-t", "xml"][..],
            &["render", input, "-t", "md"],
            &["export", input],
        ] {
            let o = dsa(cmd, None);
            assert_eq!(o.status.code(), Some(0), "{cmd:?}: {}", stderr(&o));
            assert!(!o.stdout.is_empty(), "{cmd:?}");
        }
    }
    // Standard input is told apart by its content: a Word document needs no -f.
    let bytes = std::fs::read(&docx).unwrap();
    let o = dsa(&["render", "-", "-t", "md"], Some(&bytes));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("MAPPA"));
    // And -f says it where content cannot: here it overrides, and the reader refuses.
    for cmd in [
        &["validate", "-f", "xml", "-"][..],
        &["render", "-f", "xml", "-", "-t", "md"],
        &["export", "-f", "xml", "-"],
        &["convert", "-f", "xml", "-"],
    ] {
        let o = dsa(cmd, Some(b"{}"));
        assert_eq!(o.status.code(), Some(3), "{cmd:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("E-XML-001"), "{cmd:?}: {}", stderr(&o));
    }
    // A register holds many agreements: the error says which command reads it.
    let o = dsa(&["validate", "samples/trackers/camden-register.xlsx"], None);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("dsa import samples/trackers/camden-register.xlsx"));
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                v.push(e.path());
            }
        }
    }
    v.sort();
    v
}

#[test]
fn errors_have_one_prefix_say_each_cause_once_and_name_the_field() {
    let o = dsa(
        &["validate", "-"],
        Some(br#"{"format_version":"1.0","review":{"publish_date":"2024-13-01"}}"#),
    );
    assert_eq!(o.status.code(), Some(3));
    let e = stderr(&o);
    assert!(
        e.starts_with(
            "dsa: error: <stdin>: [E-JSON-001] not a valid agreement at /review/publish_date: "
        ),
        "{e}"
    );
    assert_eq!(e.matches("dsa: error:").count(), 1, "{e}");
    assert_eq!(e.matches("line 1 column").count(), 1, "{e}");
    assert!(o.stdout.is_empty(), "findings only on stdout");

    let o = dsa(&["convert", "-", "-t", "xml"], Some(b""));
    assert_eq!(stderr(&o), "dsa: error: <stdin>: the input is empty\n");
    let o = dsa(&["render", "-", "-t", "md"], Some(b"hello"));
    assert!(stderr(&o).contains("-f docx|"), "{}", stderr(&o));
    // A missing output folder: the target is named, never a temporary file.
    let o = dsa(
        &[
            "convert",
            "samples/agreements/mappa.json",
            "-t",
            "xml",
            "-o",
            "no/such/dir/x.xml",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(4));
    assert_eq!(
        stderr(&o),
        "dsa: error: cannot write no/such/dir/x.xml: the folder no/such/dir does not exist\n"
    );
}

#[test]
fn a_register_output_is_said_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let reg = repo().join("samples/trackers/camden-register.xlsx");
    let reg = reg.to_str().unwrap();
    let guess = dir.path().join("rows.json");
    let o = dsa(&["import", reg, "-o", guess.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("rows.jsonl") && stderr(&o).contains("rows/"),
        "{}",
        stderr(&o)
    );
    assert!(!guess.exists(), "no folder made from a guess");
    let lines = dir.path().join("rows.jsonl");
    let o = dsa(&["import", reg, "-o", lines.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let n = std::fs::read_to_string(&lines).unwrap().lines().count();
    assert!(n >= 3, "{n}");
    let folder = format!("{}/", dir.path().join("rows").display());
    let o = dsa(&["import", reg, "-o", &folder], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(dir.path().join("rows")).unwrap().count(),
        n
    );
}

#[test]
fn a_csv_register_is_read_like_a_workbook() {
    let o = dsa(
        &["import", "samples/backlog/hackney/hackney-dsa-tracker.csv"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["reference"], "HAC-IOM-7");
    assert_eq!(rows[1]["review"]["review_date"], "2023-06-01");
    // Provenance names the row and column, as in a workbook.
    let prov = rows[0]["provenance"].as_array().unwrap();
    let title = prov.iter().find(|p| p["field"] == "/title").unwrap();
    assert_eq!(title["source"]["path"], "row 2, column A (Agreement name)");
    // Semicolon-separated, Windows-1252 (a European Excel export).
    let o = dsa(
        &["import", "-f", "csv", "-"],
        Some(b"Agreement name;Ref;Status\r\nPr\xe9vention partnership;X-1;Live\r\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let row: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(row["title"], "Prévention partnership");
    assert_eq!(row["reference"], "X-1");
}

#[test]
fn migrate_needs_its_input_and_takes_o_or_out() {
    let o = dsa(&["migrate"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("<INPUT>"), "{}", stderr(&o));
    let help = String::from_utf8_lossy(&dsa(&["migrate", "--help"], None).stdout).into_owned();
    assert!(
        help.contains("-o, --output") && help.contains("--out"),
        "{help}"
    );
}

#[test]
fn migrate_leaves_its_output_out_of_the_walk_and_follows_links_inside() {
    let dir = tempfile::tempdir().unwrap();
    let backlog = dir.path().join("backlog");
    std::fs::create_dir_all(backlog.join("camden")).unwrap();
    std::fs::create_dir_all(backlog.join("brent")).unwrap();
    let outside = dir.path().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(
        repo().join("samples/docx/licensing-glyphs.docx"),
        backlog.join("camden/licensing.docx"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("samples/docx/mappa-party-names.docx"),
        outside.join("mappa.docx"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("samples/agreements/mappa.xml"),
        backlog.join("brent/mappa.xml"),
    )
    .unwrap();
    // Inside: followed. Outside: reported, not read. Broken: reported as failed.
    std::os::unix::fs::symlink(
        "../camden/licensing.docx",
        backlog.join("brent/licensing-link.docx"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.join("mappa.docx"),
        backlog.join("brent/mappa-link.docx"),
    )
    .unwrap();
    std::os::unix::fs::symlink("gone.docx", backlog.join("brent/broken.docx")).unwrap();
    // A folder linked into itself does not loop.
    std::os::unix::fs::symlink("..", backlog.join("camden/loop")).unwrap();
    for round in 0..2 {
        let o = dsa_in(&backlog, &["migrate", ".", "-o", "out"], None);
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(backlog.join("out/report.json")).unwrap(),
        )
        .unwrap();
        let inputs = report["inputs"].as_array().unwrap();
        let status = |p: &str| {
            inputs
                .iter()
                .find(|i| i["path"] == p)
                .map(|i| i["status"].as_str().unwrap().to_string())
                .unwrap_or_else(|| panic!("round {round}: {p} missing from {inputs:#?}"))
        };
        assert_eq!(status("camden/licensing.docx"), "converted");
        assert_eq!(status("brent/licensing-link.docx"), "converted");
        assert_eq!(
            status("brent/mappa.xml"),
            "converted",
            "a canonical agreement is migrated"
        );
        assert_eq!(status("brent/mappa-link.docx"), "skipped");
        assert_eq!(status("brent/broken.docx"), "failed");
        // Nothing under out/ is an input, on the second run either.
        assert_eq!(inputs.len(), 5, "round {round}: {inputs:#?}");
        assert_eq!(o.status.code(), Some(1), "the broken link is a failure");
    }
}

#[test]
fn completions_and_a_manual_page() {
    let o = dsa(&["completions", "bash"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("complete") && text.contains("migrate"),
        "{text}"
    );
    let o = dsa(&["man"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with(".ie") || text.contains(".TH dsa"),
        "{text}"
    );
    assert!(text.contains("Exit codes"), "the manual has the exit codes");
}

#[test]
fn progress_shows_on_a_terminal_only_with_a_whole_number_rate() {
    let dir = tempfile::tempdir().unwrap();
    let backlog = dir.path().join("backlog/camden");
    std::fs::create_dir_all(&backlog).unwrap();
    for i in 0..60 {
        std::fs::copy(
            repo().join("samples/docx/licensing-glyphs.docx"),
            backlog.join(format!("d{i}.docx")),
        )
        .unwrap();
    }
    let cmd = format!(
        "{} migrate {} -o {} -j 1",
        env!("CARGO_BIN_EXE_dsa"),
        dir.path().join("backlog").display(),
        dir.path().join("out").display()
    );
    // util-linux `script` runs the command on a pseudo-terminal.
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    let text = String::from_utf8_lossy(&o.stdout);
    let rates: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.ends_with("/s"))
        .collect();
    assert!(!rates.is_empty(), "no progress drawn on a terminal");
    assert!(
        rates
            .iter()
            .all(|r| r.trim_end_matches("/s").chars().all(|c| c.is_ascii_digit())),
        "{:?}",
        &rates[..rates.len().min(5)]
    );
    // Not on a pipe: only the summary.
    let o = dsa(
        &[
            "migrate",
            dir.path().join("backlog").to_str().unwrap(),
            "-o",
            dir.path().join("out2").to_str().unwrap(),
        ],
        None,
    );
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
}
