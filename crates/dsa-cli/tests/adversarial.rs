//! The adversarial corpus (tests/fixtures/adversarial/cases.json): every case gives its
//! stated answer (an error code, or a clean import when the hostile part must be left
//! alone) in under 2 s with peak RSS under 256 MiB, measured on the `dsa` process by GNU
//! time (installed by .ci/run).

use std::path::Path;
use std::process::Command;

#[derive(serde::Deserialize)]
struct Case {
    file: String,
    expect: String,
    why: String,
}

#[test]
fn every_case_gives_its_answer_quickly_in_bounded_memory() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let cases: Vec<Case> = serde_json::from_str(
        &std::fs::read_to_string(fixtures.join("adversarial/cases.json")).unwrap(),
    )
    .unwrap();
    assert!(cases.len() >= 25);
    let mut failures = Vec::new();
    for c in &cases {
        let file = fixtures.join(&c.file);
        let path = file.to_str().unwrap();
        let args: Vec<&str> = if c.file.ends_with(".docx") {
            vec!["import", path, "-o", "/dev/null"]
        } else if [".xlsx", ".xls", ".ods"]
            .iter()
            .any(|x| c.file.ends_with(x))
        {
            vec!["import", path, "--jsonl", "/dev/null"]
        } else {
            vec!["validate", path]
        };
        let out = Command::new("/usr/bin/time")
            .args(["-f", "DSA-MEASURE %e %M"])
            .arg(env!("CARGO_BIN_EXE_dsa"))
            .args(&args)
            .output()
            .expect("GNU time at /usr/bin/time (.ci/run installs it)");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let measure = stderr
            .lines()
            .find_map(|l| l.strip_prefix("DSA-MEASURE "))
            .expect("GNU time output");
        let mut it = measure.split_whitespace();
        let secs: f64 = it.next().unwrap().parse().unwrap();
        let kib: u64 = it.next().unwrap().parse().unwrap();
        let answered = if c.expect == "ok" {
            out.status.success()
        } else {
            !out.status.success()
                && (stderr.contains(&c.expect) || stdout.contains(&c.expect))
                && (stderr.contains(path) || stdout.contains(path))
        };
        if !answered || secs >= 2.0 || kib >= 256 * 1024 {
            failures.push(format!(
                "{} ({}): expected {}, got exit {:?} in {secs} s, {kib} KiB: {}{}",
                c.file,
                c.why,
                c.expect,
                out.status.code(),
                stdout.lines().last().unwrap_or(""),
                stderr.lines().next().unwrap_or("")
            ));
        }
    }
    // Zip-slip entries were not written anywhere.
    assert!(!Path::new("/tmp/dsa-zip-slip.txt").exists());
    assert!(!Path::new("/tmp/dsa-zip-slip-abs.txt").exists());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
