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

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let mut stale = Vec::new();
    match args.first().map(String::as_str) {
        Some("spec") => spec(check, &mut stale)?,
        Some("samples") => samples(check, &mut stale)?,
        Some("all") => {
            spec(check, &mut stale)?;
            samples(check, &mut stale)?;
        }
        _ => bail!("usage: cargo xtask <spec|samples|all> [--check]"),
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
