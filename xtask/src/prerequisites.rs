//! `cargo xtask test [CARGO TEST ARGS]`: the README's test command. The tests check our
//! output with independent tools where no maintained Rust crate does the job (libxml2's
//! `xmllint` for XSD, headless Chromium for report.html, GNU time for a child's peak RSS,
//! pyld for JSON-LD, python jsonschema and ajv for the JSON Schema). This installs whichever
//! of them is missing, then runs `cargo test --workspace`, so a fresh machine with only
//! Rust passes with one command. `.ci/run` calls the same function.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Where `npm install` puts ajv: inside the target directory, so nothing global changes
/// and `cargo clean` removes it. The schema test looks here (or in `DSA_NODE_MODULES`).
pub fn node_prefix(root: &Path) -> PathBuf {
    root.join("target/tools")
}

/// A system package and the command it provides.
struct AptTool {
    package: &'static str,
    present: fn() -> bool,
}

fn on_path(cmd: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd} >/dev/null 2>&1"))
        .status()
        .is_ok_and(|s| s.success())
}

const APT: &[AptTool] = &[
    AptTool {
        package: "libxml2-utils",
        present: || on_path("xmllint"),
    },
    AptTool {
        package: "time",
        present: || Path::new("/usr/bin/time").exists(),
    },
    AptTool {
        package: "chromium",
        present: || on_path("chromium"),
    },
    // The rendered agreement's tests: LibreOffice re-saves, edits (through its Python
    // bridge) and prints it; pdftotext reads the PDF.
    AptTool {
        package: "libreoffice-writer-nogui",
        present: || on_path("soffice"),
    },
    AptTool {
        package: "python3-uno",
        present: || {
            ["/usr/bin/python3", "python3"].iter().any(|p| {
                Command::new(p)
                    .args(["-c", "import uno"])
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
        },
    },
    AptTool {
        package: "poppler-utils",
        present: || on_path("pdftotext"),
    },
    AptTool {
        package: "python3-pip",
        present: || {
            Command::new("python3")
                .args(["-m", "pip", "--version"])
                .output()
                .is_ok_and(|o| o.status.success())
        },
    },
    AptTool {
        package: "npm",
        present: || on_path("npm") && on_path("node"),
    },
];

/// Python modules the tests import, with their pip names.
const PIP: &[(&str, &str)] = &[("pyld", "pyld"), ("jsonschema", "jsonschema")];

/// npm packages the schema test loads (ajv's draft 2020-12 build and its format checks).
const NPM: &[&str] = &["ajv@8", "ajv-formats@3"];

fn sudo() -> Vec<String> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if !root && on_path("sudo") {
        vec!["sudo".into()]
    } else {
        Vec::new()
    }
}

fn run(argv: &[String]) -> Result<bool> {
    let (cmd, rest) = argv.split_first().context("empty command")?;
    Ok(Command::new(cmd)
        .args(rest)
        .stdin(std::process::Stdio::null())
        .status()
        .with_context(|| format!("running {cmd}"))?
        .success())
}

fn apt_install(packages: &[&str]) -> Result<()> {
    let mut base = sudo();
    base.extend(["apt-get".into(), "install".into(), "-y".into(), "-q".into()]);
    base.push("--no-install-recommends".into());
    let mut argv = base.clone();
    argv.extend(packages.iter().map(|p| p.to_string()));
    if run(&argv)? {
        return Ok(());
    }
    // A fresh machine's package lists may be empty or stale.
    let mut update = sudo();
    update.extend(["apt-get".into(), "update".into(), "-q".into()]);
    run(&update)?;
    if !run(&argv)? {
        bail!(
            "could not install {} with apt-get; install them and run `cargo xtask test` again",
            packages.join(" ")
        );
    }
    Ok(())
}

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn pip_install(packages: &[&str]) -> Result<()> {
    let mut argv: Vec<String> = ["python3", "-m", "pip", "install", "-q"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    argv.extend(packages.iter().map(|p| p.to_string()));
    if run(&argv)? {
        return Ok(());
    }
    // Debian's system Python refuses pip without this flag (PEP 668); the packages are
    // test-only and pure Python.
    argv.push("--break-system-packages".into());
    if !run(&argv)? {
        bail!("could not pip install {}", packages.join(" "));
    }
    Ok(())
}

fn npm_ready(prefix: &Path) -> bool {
    ["ajv", "ajv-formats"].iter().all(|m| {
        prefix
            .join("node_modules")
            .join(m)
            .join("package.json")
            .exists()
    })
}

/// Installs what the tests need and is missing; says what it installed.
pub fn ensure(root: &Path) -> Result<()> {
    let missing: Vec<&str> = APT
        .iter()
        .filter(|t| !(t.present)())
        .map(|t| t.package)
        .collect();
    if !missing.is_empty() {
        eprintln!("== installing (apt-get): {}", missing.join(" "));
        apt_install(&missing)?;
    }
    let missing: Vec<&str> = PIP
        .iter()
        .filter(|(module, _)| !python_has(module))
        .map(|(_, pip)| *pip)
        .collect();
    if !missing.is_empty() {
        eprintln!("== installing (pip): {}", missing.join(" "));
        pip_install(&missing)?;
    }
    let prefix = node_prefix(root);
    if !npm_ready(&prefix) {
        eprintln!(
            "== installing (npm, into {}): {}",
            prefix.display(),
            NPM.join(" ")
        );
        std::fs::create_dir_all(&prefix)?;
        let mut argv: Vec<String> = ["npm", "install", "--silent", "--no-audit", "--no-fund"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        argv.push("--prefix".into());
        argv.push(prefix.display().to_string());
        argv.extend(NPM.iter().map(|p| p.to_string()));
        if !run(&argv)? {
            bail!("could not npm install {}", NPM.join(" "));
        }
    }
    Ok(())
}

/// `cargo xtask test [ARGS]`: prerequisites, then `cargo test --workspace ARGS`.
pub fn test(root: &Path, args: &[String]) -> Result<()> {
    ensure(root)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["test", "--workspace"])
        .args(args)
        .env("DSA_NODE_MODULES", node_prefix(root).join("node_modules"))
        .status()
        .context("running cargo test")?;
    if !status.success() {
        bail!("cargo test failed");
    }
    Ok(())
}
