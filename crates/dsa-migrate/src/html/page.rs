//! Per-agreement pages (`OUT/agreements/<borough>/<id>.html`), each linked from its row in
//! report.html: the agreement's status, every finding in words with its template section,
//! every import note, its sources and package, and then what the agreement says under the
//! template's headings (dsa-render, without the standard wording every agreement shares;
//! `dsa render` prints the whole signable agreement). Self-contained, like the report.

use std::fmt::Write as _;

use dsa_model::validation::{Finding, Severity};
use dsa_model::Agreement;

use super::{esc, section_name};
use crate::ImportNote;

/// Where an agreement's page is, relative to the output folder.
pub(crate) fn path(borough_dir: &str, id: &str) -> String {
    format!("agreements/{borough_dir}/{id}.html")
}

/// The page: a panel of what the migration found, then the agreement.
pub(crate) fn agreement_page(
    a: &Agreement,
    findings: &[Finding],
    notes: &[ImportNote],
    borough_dir: &str,
    key: &str,
) -> String {
    let id = a.id.as_deref().unwrap_or("");
    let mut p = String::from(
        "<style>.panel{border:2px solid #1d70b8;padding:.6rem 1rem;margin:1rem 0}.panel .err{color:#a4000f}.panel .warn{color:#8a5a00}.panel .ok{color:#0a6b2a}</style>\n<nav><a href=\"../../report.html\">← Migration report</a></nav>\n<section class=\"panel\" id=\"migration\">\n",
    );
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let status = if errors > 0 {
        format!("<b class=\"err\">{errors} error(s)</b>, {warnings} warning(s)")
    } else if warnings > 0 {
        format!("<b class=\"warn\">{warnings} warning(s)</b>")
    } else {
        "<b class=\"ok\">valid</b>".to_string()
    };
    let _ = writeln!(
        p,
        "<p>Migration: {status}. Package: <a href=\"../../packages/{}/{}.zip\">{}.zip</a>.</p>",
        esc(borough_dir),
        esc(id),
        esc(id)
    );
    if !findings.is_empty() {
        p.push_str("<h2>Findings</h2><ul>");
        let mut sorted: Vec<&Finding> = findings.iter().collect();
        sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
        for f in sorted {
            let class = match f.severity {
                Severity::Error => "err",
                Severity::Warning => "warn",
                _ => "note",
            };
            let _ = write!(
                p,
                "<li class=\"{class}\"><b>{}</b>: {} <small>({}, {}; field <code>{}</code>)</small></li>",
                esc(&section_name(&f.path)),
                esc(&f.message),
                f.code,
                esc(f.rule),
                esc(&f.path)
            );
        }
        p.push_str("</ul>\n");
    }
    if !notes.is_empty() {
        let _ = write!(p, "<h2>Import notes ({})</h2><ul>", notes.len());
        for n in notes {
            let at = n
                .note
                .section
                .as_deref()
                .map(|s| format!("§{s}, "))
                .unwrap_or_default();
            let _ = write!(
                p,
                "<li><b>{}</b> ({}{} in {}): {}</li>",
                esc(n.note.kind().as_str()),
                esc(&at),
                esc(&n.note.location),
                esc(&n.source),
                esc(&n.note.message)
            );
        }
        p.push_str("</ul>\n");
    }
    if !a.corrections.is_empty() {
        let _ = write!(p, "<h2>Corrections ({})</h2><ul>", a.corrections.len());
        for c in &a.corrections {
            let imported = c.imported.as_deref().unwrap_or("(nothing)");
            let what = match &c.value {
                Some(v) => format!("“{}” → “{}”", esc(imported), esc(v)),
                None => format!("“{}” removed", esc(imported)),
            };
            let _ = write!(
                p,
                "<li><b>{}</b> <small><code>{}</code></small>: {what}, by {}: {}</li>",
                esc(&section_name(&c.field)),
                esc(&c.field),
                esc(&c.by),
                esc(&c.why)
            );
        }
        p.push_str("</ul>\n");
    }
    // What an officer writes to correct a value here (README, "Correcting a value").
    let _ = writeln!(
        p,
        "<details><summary>Correct a value</summary><p>Add an entry to your corrections file and run the migration again with <code>--corrections FILE</code>; the field is a finding's <code>field</code> or a pointer from the field reference:</p><pre>[[correction]]\nagreement = \"{}\"\nfield = \"/review/review_date\"\nvalue = 2027-03-31\nby = \"your name\"\nwhy = \"what the right value rests on\"</pre></details>",
        esc(key)
    );
    let sources: Vec<String> = a.sources.iter().filter_map(|s| s.file.clone()).collect();
    if !sources.is_empty() {
        let _ = writeln!(p, "<p>From: {}</p>", esc(&sources.join(", ")));
    }
    p.push_str("</section>\n");
    dsa_render::to_html_with_panel(a, &p)
}
