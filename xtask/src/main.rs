//! `cargo xtask`: generation tasks. Generated files are committed; `--check`
//! fails when they are stale, so CI catches a model change without regenerated spec.
//!
//! - `spec [--check]`: spec/dsa.schema.json, spec/dsa.xsd, spec/reference.md
//! - `samples [--check]`: samples/agreements/*.xml from the hand-written *.json
//! - `accuracy [CORPUS] [--min-f1 F] [--floor S1=F,...] [--misses FILE]`: field-level F1 of
//!   DOCX import against a corpus with truth (`accuracy.rs`)
//! - `test [ARGS]`: the README's test command — installs what the tests need, then
//!   `cargo test --workspace ARGS` (`prerequisites.rs`); `prerequisites` installs only
//! - `blocks FILE.docx`: the block tree recognition reads, for seeing why a document is
//!   read as it is

mod accuracy;
mod blocks;
mod prerequisites;

use std::path::{Path, PathBuf};
use std::process::Command;

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
        let canonical = dsa_json::to_string(&a)?;
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
    let dsa = build_release()?;
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

/// Builds the release `dsa`.
fn build_release() -> Result<PathBuf> {
    let root = root();
    if !std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "-q", "-p", "dsa-cli"])
        .current_dir(&root)
        .status()?
        .success()
    {
        bail!("release build failed");
    }
    Ok(root.join("target/release/dsa"))
}

/// Runs `dsa ARGS` under `/usr/bin/time -v`: (wall seconds, peak RSS in KiB, exit code).
fn time_dsa(dsa: &Path, args: &[&std::ffi::OsStr]) -> Result<(f64, f64, Option<i32>)> {
    let run = std::process::Command::new("/usr/bin/time")
        .arg("-v")
        .arg(dsa)
        .args(args)
        .output()?;
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
    let secs = field("Elapsed (wall clock) time")
        .split(':')
        .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0));
    let rss = field("Maximum resident set size").parse().unwrap_or(0.0);
    Ok((secs, rss, run.status.code()))
}

/// `cargo xtask bench-register [ROWS...]`: generates registers of the given sizes and
/// imports each with the release `dsa import --jsonl`, measuring wall time and peak RSS
/// (`/usr/bin/time -v`). Default sizes 10,000 and 100,000 rows.
fn bench_register(sizes: &[u32]) -> Result<()> {
    let dsa = build_release()?;
    let tmp = std::env::temp_dir().join(format!("dsa-bench-register-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    for &n in sizes {
        let reg = tmp.join(format!("register-{n}.xlsx"));
        dsa_tests::write_register(&reg, n)?;
        let out = tmp.join("out.jsonl");
        let (secs, rss_kb, code) = time_dsa(
            &dsa,
            &[
                "import".as_ref(),
                reg.as_os_str(),
                "--jsonl".as_ref(),
                out.as_os_str(),
            ],
        )?;
        if code != Some(0) {
            bail!("import failed with exit code {code:?}");
        }
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

/// `cargo xtask backlog N DIR`: a synthetic backlog of N documents made by varying the
/// DOCX samples (borough folder and names, years, titles), one folder per London borough.
fn backlog(n: usize, dir: &Path) -> Result<()> {
    use std::io::{Read, Write};
    // (sample name, its zip entries as (name, bytes))
    type Entries = Vec<(String, Vec<u8>)>;
    let mut samples: Vec<(String, Entries)> = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join("samples/docx"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    names.sort();
    for p in names {
        let bytes = std::fs::read(&p)?;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
        let mut entries = Vec::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i)?;
            let name = f.name()?.to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data)?;
            entries.push((name, data));
        }
        let stem = p
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        samples.push((stem, entries));
    }
    let boroughs = [
        "city-of-london",
        "barking-and-dagenham",
        "barnet",
        "bexley",
        "brent",
        "bromley",
        "camden",
        "croydon",
        "ealing",
        "enfield",
        "greenwich",
        "hackney",
        "hammersmith-and-fulham",
        "haringey",
        "harrow",
        "havering",
        "hillingdon",
        "hounslow",
        "islington",
        "kensington-and-chelsea",
        "kingston-upon-thames",
        "lambeth",
        "lewisham",
        "merton",
        "newham",
        "redbridge",
        "richmond-upon-thames",
        "southwark",
        "sutton",
        "tower-hamlets",
        "waltham-forest",
        "wandsworth",
        "westminster",
    ];
    let places = [
        "City of London",
        "Barking and Dagenham",
        "Barnet",
        "Bexley",
        "Brent",
        "Bromley",
        "Camden",
        "Croydon",
        "Ealing",
        "Enfield",
        "Greenwich",
        "Hackney",
        "Hammersmith and Fulham",
        "Haringey",
        "Harrow",
        "Havering",
        "Hillingdon",
        "Hounslow",
        "Islington",
        "Kensington and Chelsea",
        "Kingston upon Thames",
        "Lambeth",
        "Lewisham",
        "Merton",
        "Newham",
        "Redbridge",
        "Richmond upon Thames",
        "Southwark",
        "Sutton",
        "Tower Hamlets",
        "Waltham Forest",
        "Wandsworth",
        "Westminster",
    ];
    for i in 0..n {
        let b = i % boroughs.len();
        let (stem, entries) = &samples[(i / boroughs.len()) % samples.len()];
        let year = 2015 + (i % 10);
        let out_dir = dir.join(boroughs[b]);
        std::fs::create_dir_all(&out_dir)?;
        let path = out_dir.join(format!("{stem}-{i:06}.docx"));
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path)?);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in entries {
            z.start_file(name.as_str(), opts)?;
            if name.ends_with("document.xml") {
                let text = String::from_utf8_lossy(data)
                    .replace("Camden", places[b])
                    .replace("Islington", places[(b + 1) % places.len()])
                    .replace("2021", &year.to_string())
                    .replace(
                        "Data Sharing Agreement",
                        &format!("Data Sharing Agreement {i}"),
                    );
                z.write_all(text.as_bytes())?;
            } else {
                z.write_all(data)?;
            }
        }
        z.finish()?;
    }
    Ok(())
}

/// `cargo xtask bench-migrate [N...]`: migrates synthetic backlogs of each size with the
/// release `dsa migrate -j 2` (wall time, peak RSS), then runs the comparators on the
/// first 100 documents of the smallest backlog in the same go: `pandoc -t json` per file
/// and one python-docx process reading every file (paragraphs and tables).
fn bench_migrate(sizes: &[usize]) -> Result<()> {
    use std::process::Command;
    use std::time::Instant;
    let dsa = build_release()?;
    let tmp = std::env::temp_dir().join(format!("dsa-bench-migrate-{}", std::process::id()));
    let mut per_doc_ours = 0.0;
    // One timed `dsa migrate` of `n` documents on both cores, printed; its wall time.
    let migrate = |input: &Path, out: &Path, n: usize, what: &str| -> Result<f64> {
        let (secs, rss, code) = time_dsa(
            &dsa,
            &[
                "migrate".as_ref(),
                input.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
                "-j".as_ref(),
                "2".as_ref(),
                "--quiet".as_ref(),
            ],
        )?;
        println!(
            "migrate {n} {what}: {secs:.2} s = {:.0} docs/s, peak RSS {:.0} MiB (exit {code:?})",
            n as f64 / secs.max(1e-9),
            rss / 1024.0
        );
        Ok(secs)
    };
    for &n in sizes {
        let input = tmp.join(format!("backlog-{n}"));
        backlog(n, &input)?;
        per_doc_ours = migrate(&input, &tmp.join(format!("out-{n}")), n, "docs")? / n as f64;
        // Outputs are removed only at the end: ext4 skips inodes freed in the last
        // minute when allocating new ones, so deleting tens of thousands of files just
        // before a run makes that run's file creation slower than on a fresh disk.
    }
    // The same documents with a register in every borough folder: no document can then
    // be packaged as soon as it is imported (a register row might join it), so this is the
    // general path. The documents are hard links to the backlog's.
    if let Some(&n) = sizes.iter().find(|n| **n == 10_000).or(sizes.iter().min()) {
        let plain = tmp.join(format!("backlog-{n}"));
        let input = tmp.join(format!("backlog-{n}-registers"));
        let register = root().join("samples/trackers/camden-register.xlsx");
        for f in walk(&plain) {
            let rel = f.strip_prefix(&plain)?;
            let to = input.join(rel);
            if let Some(dir) = to.parent() {
                if !dir.exists() {
                    std::fs::create_dir_all(dir)?;
                    std::fs::copy(&register, dir.join("register.xlsx"))?;
                }
            }
            std::fs::hard_link(&f, &to)?;
        }
        migrate(
            &input,
            &tmp.join(format!("out-{n}-registers")),
            n,
            "docs + a register per borough",
        )?;
    }
    // Comparators on the first 100 documents of the smallest backlog.
    let smallest = sizes.iter().min().copied().unwrap_or(0);
    let mut files: Vec<PathBuf> = walk(&tmp.join(format!("backlog-{smallest}")));
    files.sort();
    files.truncate(100);
    let t = Instant::now();
    for f in &files {
        Command::new("pandoc")
            .args(["-t", "json", "-o", "/dev/null"])
            .arg(f)
            .status()
            .context(
                "running the comparator `pandoc` (install pandoc, e.g. apt-get install pandoc)",
            )?;
    }
    let pandoc = t.elapsed().as_secs_f64() / files.len().max(1) as f64;
    let script = "import sys, docx\nfor p in sys.argv[1:]:\n    d = docx.Document(p)\n    n = sum(len(x.text) for x in d.paragraphs)\n    for t in d.tables:\n        for r in t.rows:\n            for c in r.cells:\n                n += len(c.text)\n";
    let t = Instant::now();
    let st = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&files)
        .status()?;
    let pydocx = t.elapsed().as_secs_f64() / files.len().max(1) as f64;
    println!("pandoc -t json: {:.1} ms/doc; python-docx (one process, read only): {:.1} ms/doc (python-docx ok: {})", pandoc * 1e3, pydocx * 1e3, st.success());
    println!("dsa migrate (largest run, whole pipeline): {:.2} ms/doc -> {:.0}x pandoc, {:.1}x python-docx", per_doc_ours * 1e3, pandoc / per_doc_ours.max(1e-9), pydocx / per_doc_ours.max(1e-9));
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

/// The fuzz targets (fuzz/fuzz_targets) and where each one's seeds come from.
const FUZZ_TARGETS: &[(&str, &[&str])] = &[
    ("docx", &["samples/docx", "tests/fixtures/docx"]),
    (
        "register",
        &["samples/trackers", "tests/fixtures/registers"],
    ),
    ("xml", &["samples/agreements"]),
    ("json", &["samples/agreements"]),
];

/// `cargo xtask fuzz TARGET|all --time S`: runs libFuzzer (cargo-fuzz) on one target for
/// S seconds, seeded from the samples; appends the figures to fuzz/runs.tsv. Stable Rust
/// builds the sanitizer-instrumented targets with RUSTC_BOOTSTRAP=1 (FUZZING.md says why).
fn fuzz(target: &str, seconds: u64) -> Result<()> {
    let root = root();
    let have = Command::new("cargo").args(["fuzz", "--version"]).output();
    if !have.is_ok_and(|o| o.status.success()) {
        let st = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--locked"])
            .status()?;
        if !st.success() {
            bail!("cannot install cargo-fuzz");
        }
    }
    let targets: Vec<&(&str, &[&str])> = FUZZ_TARGETS
        .iter()
        .filter(|(t, _)| target == "all" || *t == target)
        .collect();
    if targets.is_empty() {
        bail!("unknown fuzz target {target}; targets: docx, register, xml, json, all");
    }
    let st = Command::new("cargo")
        .current_dir(root.join("fuzz"))
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["fuzz", "build", "-O"])
        .status()?;
    if !st.success() {
        bail!("building the fuzz targets failed");
    }
    let mut failed = Vec::new();
    for (name, seed_dirs) in targets {
        let corpus = root.join("fuzz/corpus").join(name);
        std::fs::create_dir_all(&corpus)?;
        for dir in *seed_dirs {
            for p in walk(&root.join(dir)) {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                let wanted = match *name {
                    "docx" => ext == "docx",
                    "register" => matches!(ext, "xlsx" | "xlsm" | "ods" | "xls"),
                    "xml" => ext == "xml",
                    _ => ext == "json" && !p.ends_with("cases.json"),
                };
                if !wanted {
                    continue;
                }
                let bytes = std::fs::read(&p)?;
                let stem = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                std::fs::write(corpus.join(format!("seed-{stem}")), &bytes)?;
                // The docx harness wraps non-zip input as word/document.xml: seed that too.
                if *name == "docx" {
                    if let Some(xml) = zip_part(&bytes, "word/document.xml") {
                        std::fs::write(corpus.join(format!("seed-{stem}.document.xml")), xml)?;
                    }
                }
            }
        }
        let dict = root.join("fuzz").join(format!("{name}.dict"));
        let mut args = vec![
            "fuzz".to_string(),
            "run".into(),
            "-O".into(),
            name.to_string(),
            corpus.display().to_string(),
            "--".into(),
            format!("-max_total_time={seconds}"),
            "-timeout=10".into(),
            "-rss_limit_mb=2048".into(),
            "-malloc_limit_mb=512".into(),
            "-print_final_stats=1".into(),
        ];
        if dict.is_file() {
            args.push(format!("-dict={}", dict.display()));
        }
        println!("== fuzz {name} for {seconds} s");
        let started = std::time::Instant::now();
        let out = Command::new("cargo")
            .current_dir(root.join("fuzz"))
            .env("RUSTC_BOOTSTRAP", "1")
            .args(&args)
            .stdout(std::process::Stdio::inherit())
            .stderr(std::process::Stdio::piped())
            .output()?;
        let elapsed = started.elapsed().as_secs();
        let log = String::from_utf8_lossy(&out.stderr);
        let execs = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| "?".into());
        let last = log
            .lines()
            .rev()
            .find(|l| l.starts_with('#') && l.contains("cov:"))
            .unwrap_or("");
        let field = |key: &str| {
            last.split_whitespace()
                .skip_while(|w| *w != key)
                .nth(1)
                .unwrap_or("?")
                .to_string()
        };
        let verdict = if out.status.success() { "ok" } else { "CRASH" };
        println!(
            "fuzz {name}: {elapsed} s, {execs} execs, cov {}, ft {}, corpus {}: {verdict}",
            field("cov:"),
            field("ft:"),
            field("corp:")
        );
        let line = format!(
            "{}\t{name}\t{elapsed}\t{execs}\t{}\t{}\t{verdict}\n",
            today(),
            field("cov:"),
            field("ft:")
        );
        use std::io::Write;
        // Smoke runs (CI) leave no record; real runs are the evidence in FUZZING.md.
        if seconds >= 60 {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(root.join("fuzz/runs.tsv"))?
                .write_all(line.as_bytes())?;
        }
        if !out.status.success() {
            eprintln!(
                "{}",
                log.lines()
                    .rev()
                    .take(40)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            failed.push(name.to_string());
        }
    }
    if !failed.is_empty() {
        bail!(
            "fuzzing found crashes in {} (inputs under fuzz/artifacts/)",
            failed.join(", ")
        );
    }
    Ok(())
}

fn today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn zip_part(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut f = z.by_name(name).ok()?;
    let mut v = Vec::new();
    f.read_to_end(&mut v).ok()?;
    Some(v)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    v.push(p);
                }
            }
        }
    }
    v
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let mut stale = Vec::new();
    match args.first().map(String::as_str) {
        Some("spec") => spec(check, &mut stale)?,
        Some("accuracy") => return accuracy::run(&args[1..]),
        Some("test") => return prerequisites::test(&root(), &args[1..]),
        Some("prerequisites") => return prerequisites::ensure(&root()),
        Some("blocks") => {
            let path = args.get(1).context("cargo xtask blocks FILE.docx")?;
            return blocks::blocks(Path::new(path));
        }
        Some("samples") => samples(check, &mut stale)?,
        Some("bench-docx") => {
            let rounds = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
            return bench_docx(rounds);
        }
        Some("backlog") => {
            let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
            let dir = args.get(2).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("backlog"));
            return backlog(n, &dir);
        }
        Some("bench-migrate") => {
            let sizes: Vec<usize> = args.iter().skip(1).filter_map(|a| a.parse().ok()).collect();
            return bench_migrate(if sizes.is_empty() { &[1_000, 10_000] } else { &sizes });
        }
        Some("gen-register") => {
            let n: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
            let path = args.get(2).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("register.xlsx"));
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            dsa_tests::write_register(&path, n).with_context(|| format!("writing {}", path.display()))?;
            return Ok(());
        }
        Some("bench-register") => {
            let sizes: Vec<u32> = args.iter().skip(1).filter_map(|a| a.parse().ok()).collect();
            return bench_register(if sizes.is_empty() { &[10_000, 100_000] } else { &sizes });
        }
        Some("variants") => {
            let dir = args.get(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("variants"));
            dsa_tests::write_variants(&dir).map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("wrote 7 documents under {}", dir.display());
            return Ok(());
        }
        Some("fuzz") => {
            let target = args.get(1).map(String::as_str).unwrap_or("all");
            let seconds = args
                .iter()
                .position(|a| a == "--time")
                .and_then(|i| args.get(i + 1))
                .and_then(|s| s.parse().ok())
                .unwrap_or(60);
            return fuzz(target, seconds);
        }
        Some("all") => {
            spec(check, &mut stale)?;
            samples(check, &mut stale)?;
        }
        _ => bail!("usage: cargo xtask test [CARGO TEST ARGS] | <spec|samples|all> [--check] | bench-docx [ROUNDS] | bench-register [ROWS...] | backlog N DIR | bench-migrate [N...] | variants DIR | fuzz TARGET|all [--time S]"),
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
