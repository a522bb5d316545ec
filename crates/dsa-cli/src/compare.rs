//! `dsa diff`, `dsa cluster`, `dsa consolidate`: reading agreements of any kind and
//! wiring them to dsa-diff and dsa-consolidate.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use dsa_consolidate::Member;

use crate::input::{display_name, read_agreement};
use crate::{input_error, output_error, write_output, Failure, OutputStyle};

/// The agreements under a directory: a migration's output (its packages) or any tree of
/// .json, .xml, .docx and package files. Labels are paths relative to `dir`.
/// How much of each agreement to keep: all of it, or (for clustering a whole migration)
/// without its provenance and unmapped content, the bulk of a migrated agreement and never
/// used to group, so tens of thousands of packages fit in memory.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    All,
    Lean,
}

fn member(label: String, path: &str, keep: Keep) -> Result<Member> {
    let mut agreement = read_agreement(path, None)?;
    if keep == Keep::Lean {
        agreement.provenance = Vec::new();
        agreement.unmapped = Vec::new();
    }
    Ok(Member { label, agreement })
}

fn read_dir(dir: &Path, keep: Keep) -> Result<Vec<Member>> {
    let root = if dir.file_name().is_some_and(|n| n == "report.json") {
        dir.parent().unwrap_or(Path::new("."))
    } else {
        dir
    };
    let packages = root.join("packages");
    let base = if packages.is_dir() {
        packages
    } else {
        root.to_path_buf()
    };
    let mut files: Vec<_> = walkdir::WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            // Files holding one agreement each, as the reader contract names them.
            !n.starts_with("report.")
                && dsa_import::Format::from_name(&n).is_ok_and(|f| !f.is_register())
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(anyhow!(
            "{}: no agreements found (.json, .xml, .docx or packages)",
            dir.display()
        ));
    }
    files
        .iter()
        .map(|p| {
            let s = p.to_string_lossy().into_owned();
            let label = p
                .strip_prefix(&base)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned();
            member(label, &s, keep)
        })
        .collect()
}

fn read_members(inputs: &[String], keep: Keep) -> Result<Vec<Member>> {
    let mut out = Vec::new();
    for i in inputs {
        if Path::new(i).is_dir() {
            out.extend(read_dir(Path::new(i), keep)?);
        } else {
            out.push(member(i.clone(), i, keep)?);
        }
    }
    Ok(out)
}

pub fn diff(a: &str, b: &str, style: OutputStyle) -> Result<u8, Failure> {
    let left = read_agreement(a, None).map_err(input_error)?;
    let right = read_agreement(b, None).map_err(input_error)?;
    let changes = dsa_diff::diff(&left, &right);
    let material = changes.iter().filter(|c| c.material).count();
    let text = match style {
        OutputStyle::Json => {
            let mut s = serde_json::to_string_pretty(&serde_json::json!({
                "a": a,
                "b": b,
                "material": material,
                "editorial": changes.len() - material,
                "changes": changes,
            }))
            .map_err(|e| output_error(e.into()))?;
            s.push('\n');
            s
        }
        OutputStyle::Human => {
            let mut s = String::new();
            for c in &changes {
                let tag = if c.material { "material " } else { "editorial" };
                let what = match c.kind {
                    dsa_diff::ChangeKind::Added => format!("+ {}", short(c.after.as_ref())),
                    dsa_diff::ChangeKind::Removed => format!("- {}", short(c.before.as_ref())),
                    dsa_diff::ChangeKind::Changed => match &c.words {
                        Some(w) => format!("~ {w}"),
                        None => format!(
                            "~ {} -> {}",
                            short(c.before.as_ref()),
                            short(c.after.as_ref())
                        ),
                    },
                };
                s.push_str(&format!("{tag}  {}  {what}\n", c.path));
            }
            s.push_str(&format!(
                "{} material, {} editorial difference(s) between {} and {}\n",
                material,
                changes.len() - material,
                display_name(a),
                display_name(b)
            ));
            s
        }
    };
    write_output(None, text.as_bytes()).map_err(output_error)?;
    Ok(u8::from(material > 0))
}

fn short(v: Option<&serde_json::Value>) -> String {
    let s = match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s
    }
}

pub fn cluster(inputs: &[String], style: OutputStyle) -> Result<u8, Failure> {
    let members = read_members(inputs, Keep::Lean).map_err(input_error)?;
    let groups = dsa_consolidate::cluster(&members);
    let text = match style {
        OutputStyle::Json => {
            let mut s =
                serde_json::to_string_pretty(&groups).map_err(|e| output_error(e.into()))?;
            s.push('\n');
            s
        }
        OutputStyle::Human => {
            let mut s = String::new();
            for g in &groups {
                s.push_str(&format!(
                    "{}  ({} agreement(s), {} of 33 authorities)\n",
                    g.name,
                    g.members.len(),
                    g.covered.len()
                ));
                s.push_str(&format!("  covered: {}\n", list(&g.covered)));
                s.push_str(&format!("  missing: {}\n", list(&g.missing)));
                for m in &g.members {
                    s.push_str(&format!("  - {m}\n"));
                }
            }
            s.push_str(&format!(
                "{} group(s) from {} agreement(s)\n",
                groups.len(),
                members.len()
            ));
            s
        }
    };
    write_output(None, text.as_bytes()).map_err(output_error)?;
    Ok(0)
}

fn list(xs: &[String]) -> String {
    if xs.is_empty() {
        "none".into()
    } else {
        xs.join(", ")
    }
}

pub struct ConsolidateArgs<'a> {
    pub inputs: &'a [String],
    pub group: Option<&'a str>,
    pub title: Option<&'a str>,
    pub output: Option<&'a str>,
    pub report: Option<&'a str>,
    pub style: OutputStyle,
}

pub fn consolidate(args: ConsolidateArgs<'_>) -> Result<u8, Failure> {
    let mut members = read_members(args.inputs, Keep::All).map_err(input_error)?;
    if let Some(name) = args.group {
        let groups = dsa_consolidate::cluster(&members);
        let Some(g) = groups.iter().find(|g| g.name.eq_ignore_ascii_case(name)) else {
            let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
            return Err(input_error(anyhow!(
                "no group named {name:?}; groups: {}",
                names.join("; ")
            )));
        };
        let keep = g.indices.clone();
        members = members
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.contains(i))
            .map(|(_, m)| m)
            .collect();
    }
    let c =
        dsa_consolidate::consolidate(&members, args.title).map_err(|e| input_error(e.into()))?;
    let to_xml = args
        .output
        .is_some_and(|o| o.to_ascii_lowercase().ends_with(".xml"));
    let text = if to_xml {
        dsa_xml::to_string(&c.agreement).map_err(|e| anyhow!(e))
    } else {
        dsa_json::to_string(&c.agreement).map_err(|e| anyhow!(e))
    }
    .context("cannot write the consolidated agreement")
    .map_err(output_error)?;
    write_output(args.output, text.as_bytes()).map_err(output_error)?;
    let report = serde_json::json!({
        "title": c.agreement.title,
        "variants": c.variants,
        "boroughs": c.boroughs,
        "duplicate_boroughs": c.duplicate_boroughs,
        "disagreements": c.disagreements,
    });
    if let Some(path) = args.report {
        let mut s = serde_json::to_string_pretty(&report).map_err(|e| output_error(e.into()))?;
        s.push('\n');
        write_output(Some(path), s.as_bytes()).map_err(output_error)?;
    }
    let material = c.disagreements.iter().filter(|d| d.material).count();
    let summary = match args.style {
        OutputStyle::Json if args.report.is_none() => {
            let mut s =
                serde_json::to_string_pretty(&report).map_err(|e| output_error(e.into()))?;
            s.push('\n');
            s
        }
        _ => {
            let mut s = String::new();
            for d in c.disagreements.iter() {
                let tag = if d.material { "material " } else { "editorial" };
                s.push_str(&format!("{tag}  {}\n", d.path));
                for said in &d.values {
                    let v = match &said.value {
                        Some(v) => short(Some(v)),
                        None => "(absent)".into(),
                    };
                    s.push_str(&format!("    {}: {v}\n", said.by.join(", ")));
                }
            }
            s.push_str(&format!(
                "{:?}: {} variant(s), {} borough(s), {} material and {} editorial disagreement(s)\n",
                c.agreement.title,
                c.variants.len(),
                c.boroughs.len(),
                material,
                c.disagreements.len() - material
            ));
            s
        }
    };
    // The agreement may be on stdout: the summary then goes to stderr.
    if matches!(args.output, None | Some("-")) {
        crate::say(&summary);
    } else {
        crate::stdout_text(&summary)?;
    }
    Ok(0)
}
