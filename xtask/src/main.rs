//! `cargo xtask`: generation tasks. Generated files are committed; `--check`
//! fails when they are stale, so CI catches a model change without regenerated spec.
//!
//! - `spec [--check]`: spec/dsa.schema.json, spec/dsa.xsd, spec/reference.md
//! - `samples [--check]`: samples/agreements/*.xml from the hand-written *.json

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Writes `content` to `path`, or in check mode reports whether it differs.
fn emit(path: &Path, content: &str, check: bool, stale: &mut Vec<PathBuf>) -> Result<()> {
    if check {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current != content {
            stale.push(path.to_path_buf());
        }
    } else {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, content).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn spec(check: bool, stale: &mut Vec<PathBuf>) -> Result<()> {
    let dir = root().join("spec");
    emit(
        &dir.join("dsa.schema.json"),
        &dsa_spec::json_schema(),
        check,
        stale,
    )?;
    emit(&dir.join("dsa.xsd"), &dsa_spec::xsd(), check, stale)?;
    emit(
        &dir.join("reference.md"),
        &dsa_spec::reference(),
        check,
        stale,
    )?;
    Ok(())
}

fn samples(check: bool, stale: &mut Vec<PathBuf>) -> Result<()> {
    let dir = root().join("samples/agreements");
    let mut jsons: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    jsons.sort();
    for json in jsons {
        let text = std::fs::read_to_string(&json)?;
        let a = dsa_model::json::from_str(&text)
            .with_context(|| format!("{} is not a valid agreement", json.display()))?;
        // The hand-written JSON must already be in canonical form.
        let canonical = dsa_model::json::to_string(&a)?;
        emit(&json, &canonical, check, stale)?;
        let xml = dsa_xml::to_string(&a)?;
        emit(&json.with_extension("xml"), &xml, check, stale)?;
    }
    Ok(())
}

/// Median of a list of durations (seconds).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        0.0
    } else {
        v[v.len() / 2]
    }
}

/// `cargo xtask bench-docx [ROUNDS]`: per-document wall time of `dsa import` and of
/// `pandoc -t json` on every DOCX sample, interleaved file by file in the same run so
/// both see the same machine. Prints medians and the ratio. In-process library
/// throughput is the criterion bench (`cargo bench -p dsa-docx`).
fn bench_docx(rounds: usize) -> Result<()> {
    use std::process::{Command, Stdio};
    use std::time::Instant;
    let root = root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "-q", "-p", "dsa-cli"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("release build failed");
    }
    let dsa = root.join("target/release/dsa");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("samples/docx"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let run = |cmd: &mut Command| -> Result<f64> {
        let t = Instant::now();
        let st = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status()?;
        if !st.success() {
            bail!("{cmd:?} failed");
        }
        Ok(t.elapsed().as_secs_f64())
    };
    let mut ours = Vec::new();
    let mut pandoc = Vec::new();
    for _ in 0..rounds {
        for f in &files {
            ours.push(run(Command::new(&dsa)
                .arg("import")
                .arg(f)
                .args(["-o", "/dev/null"]))?);
            pandoc.push(run(Command::new("pandoc")
                .args(["-t", "json", "-o", "/dev/null"])
                .arg(f))?);
        }
    }
    let (o, p) = (median(&mut ours), median(&mut pandoc));
    let mb = bytes as f64 / files.len() as f64 / 1_048_576.0;
    println!("files: {} ({} bytes), rounds: {rounds}", files.len(), bytes);
    println!(
        "dsa import (process per file):  median {:.2} ms/doc, {:.0} docs/s, {:.1} MB/s",
        o * 1e3,
        1.0 / o,
        mb / o
    );
    println!(
        "pandoc -t json (process/file):  median {:.2} ms/doc, {:.1} docs/s, {:.2} MB/s",
        p * 1e3,
        1.0 / p,
        mb / p
    );
    println!("ratio (pandoc / dsa):           {:.1}x", p / o);
    Ok(())
}

/// `cargo xtask bench-register [ROWS...]`: generates registers of the given sizes and
/// imports each with the release `dsa import --jsonl`, measuring wall time and peak RSS
/// (`/usr/bin/time -v`). Default sizes 10,000 and 100,000 rows.
fn bench_register(sizes: &[u32]) -> Result<()> {
    use std::process::Command;
    let root = root();
    if !Command::new(env!("CARGO"))
        .args(["build", "--release", "-q", "-p", "dsa-cli"])
        .current_dir(&root)
        .status()?
        .success()
    {
        bail!("release build failed");
    }
    let tmp = std::env::temp_dir().join(format!("dsa-bench-register-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    for &n in sizes {
        let reg = tmp.join(format!("register-{n}.xlsx"));
        dsa_tests::write_register(&reg, n)?;
        let out = tmp.join("out.jsonl");
        let run = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(root.join("target/release/dsa"))
            .args(["import"])
            .arg(&reg)
            .arg("--jsonl")
            .arg(&out)
            .output()?;
        if !run.status.success() {
            bail!("import failed: {}", String::from_utf8_lossy(&run.stderr));
        }
        let stderr = String::from_utf8_lossy(&run.stderr);
        let field = |name: &str| -> String {
            stderr
                .lines()
                .find(|l| l.trim_start().starts_with(name))
                .and_then(|l| l.rsplit(": ").next())
                .unwrap_or("?")
                .trim()
                .to_string()
        };
        let wall = field("Elapsed (wall clock) time");
        let secs: f64 = wall
            .split(':')
            .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0));
        let rss_kb: f64 = field("Maximum resident set size").parse().unwrap_or(0.0);
        let lines = std::fs::read_to_string(&out)?.lines().count();
        println!(
            "{n} rows ({} bytes): {lines} records in {secs:.2} s = {:.0} rows/s, peak RSS {:.0} MiB",
            std::fs::metadata(&reg)?.len(),
            lines as f64 / secs.max(1e-9),
            rss_kb / 1024.0
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let mut stale = Vec::new();
    match args.first().map(String::as_str) {
        Some("spec") => spec(check, &mut stale)?,
        Some("samples") => samples(check, &mut stale)?,
        Some("bench-docx") => {
            let rounds = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
            return bench_docx(rounds);
        }
        Some("gen-register") => {
            let n: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
            let path = args.get(2).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("register.xlsx"));
            dsa_tests::write_register(&path, n)?;
            return Ok(());
        }
        Some("bench-register") => {
            let sizes: Vec<u32> = args.iter().skip(1).filter_map(|a| a.parse().ok()).collect();
            return bench_register(if sizes.is_empty() { &[10_000, 100_000] } else { &sizes });
        }
        Some("all") => {
            spec(check, &mut stale)?;
            samples(check, &mut stale)?;
        }
        _ => bail!("usage: cargo xtask <spec|samples|all> [--check] | bench-docx [ROUNDS] | bench-register [ROWS...]"),
    }
    if !stale.is_empty() {
        for p in &stale {
            eprintln!("stale: {}", p.display());
        }
        bail!(
            "generated files are stale; run `cargo xtask {}` and commit",
            args[0]
        );
    }
    Ok(())
}
