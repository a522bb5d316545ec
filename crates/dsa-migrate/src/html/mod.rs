//! `report.html`: one self-contained page (inline CSS and script, nothing from the
//! network) that a person would rather read than the JSON: totals, overdue reviews,
//! boroughs, agreements with their findings (filterable, `agreements.rs`), and which
//! template sections each document had.

mod agreements;
mod map;
pub(crate) mod page;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::{Entries, Status, Summary};

/// "§2.4.1 Part 2 processing" for a finding's field.
fn section_name(path: &str) -> String {
    match dsa_model::template::section_of_pointer(path) {
        Some(s) => format!("§{} {}", s.number, s.heading),
        None => "The agreement".to_string(),
    }
}

// Escapes text for HTML content and double-quoted attributes (dsa-render's, the one
// escaper of every page).
use dsa_render::escape::attr as esc;

const SECTIONS: &[&str] = &[
    "1",
    "1.2",
    "1.3",
    "1.4",
    "2.1",
    "2.2",
    "2.4.1",
    "2.4.2",
    "2.5",
    "3.2",
    "4.1",
    "4.2.1",
    "4.2.2",
    "4.7.1",
    "5.1 (Appendix A)",
];

/// What became of each correction (`--corrections`): the ones that no longer apply first,
/// since an officer has to act on them.
fn corrections(r: &Summary, h: &mut String) {
    if r.corrections.is_empty() {
        return;
    }
    let t = &r.totals;
    let _ = writeln!(
        h,
        "<h2 id=\"corrections\">Corrections</h2><p><b data-corrections=\"applied\">{}</b> applied, <b class=\"{}\" data-corrections=\"not-applied\">{}</b> not applied: each of those says why; update or remove it in the corrections file.</p>",
        t.corrections_applied,
        if t.corrections_not_applied > 0 { "err" } else { "ok" },
        t.corrections_not_applied
    );
    h.push_str("<table><tr><th>Line</th><th>Agreement</th><th>Field</th><th>Value</th><th>By, why</th><th>Outcome</th></tr>\n");
    let mut sorted: Vec<&crate::CorrectionReport> = r.corrections.iter().collect();
    sorted.sort_by_key(|c| (c.applied, c.line));
    for c in sorted {
        let outcome = match &c.reason {
            None => "<span class=\"ok\">applied</span>".to_string(),
            Some(why) => format!("<span class=\"err\">not applied</span>: {}", esc(why)),
        };
        let _ = writeln!(
            h,
            "<tr data-applied=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}<br><small><code>{}</code></small></td><td>{}</td><td>{}<br><small>{}</small></td><td>{outcome}</td></tr>",
            u8::from(c.applied),
            c.line,
            esc(c.agreement.as_deref().unwrap_or(&c.target)),
            esc(&section_name(&c.field)),
            esc(&c.field),
            esc(c.value.as_deref().unwrap_or("(removed)")),
            esc(&c.by),
            esc(&c.why),
        );
    }
    h.push_str("</table>\n");
}

/// Writes the report page to `out` as it is rendered (the page for a large backlog runs to
/// tens of megabytes; it is never held whole).
pub(crate) fn render(
    r: &Summary,
    entries: &Entries,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let t = &r.totals;
    let mut h = String::new();
    // Hands what is rendered so far to `out` once it is large enough.
    let flush = |h: &mut String, out: &mut dyn std::io::Write| -> std::io::Result<()> {
        if h.len() >= 64 * 1024 {
            out.write_all(h.as_bytes())?;
            h.clear();
        }
        Ok(())
    };
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>DSA migration report</title>\n<style>\nbody{font-family:system-ui,sans-serif;margin:2em;color:#1b1b1b}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f2f2f2}.num{text-align:right}.ok{color:#0a6b2a}.err{color:#a4000f}.warn{color:#8a5a00}.tiles{display:flex;gap:1em;flex-wrap:wrap}.filters{display:flex;gap:1em;flex-wrap:wrap;align-items:center;background:#f7f7f7;padding:.6em;border:1px solid #ddd}th[data-sort]{cursor:pointer}th[data-sort]:after{content:\" \u{2195}\";color:#999}tr.overdue td{background:#fff4f4}ul.findings{margin:0;padding-left:1.1em}.note{color:#555}details summary{cursor:pointer;color:#1d4f91}.tile{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:8em}.tile b{display:block;font-size:1.6em}td.y{background:#dff3e3}td.n{background:#fbe3e4}\n</style></head><body>\n");
    let _ = writeln!(
        h,
        "<h1>DSA migration report</h1><p>Tool version {}</p>",
        esc(&r.tool_version)
    );
    h.push_str("<div class=\"tiles\" id=\"totals\">");
    for (label, n, id) in [
        ("inputs", t.inputs, "inputs"),
        ("converted", t.converted, "converted"),
        ("failed", t.failed, "failed"),
        ("unsupported", t.unsupported, "unsupported"),
        ("skipped", t.skipped, "skipped"),
        ("agreements", t.agreements, "agreements"),
        (
            "with errors",
            t.agreements_with_errors,
            "agreements_with_errors",
        ),
        ("rows joined to documents", t.joined, "joined"),
    ] {
        let _ = write!(
            h,
            "<div class=\"tile\"><b data-total=\"{id}\">{n}</b>{label}</div>"
        );
    }
    h.push_str("</div>\n");

    // Reviews that fell due before the run's date, and those due within 90 days.
    if let Some(as_of) = r.as_of {
        let (overdue, upcoming) = crate::reviews::overdue_and_upcoming(entries, as_of)?;
        let _ = writeln!(
            h,
            "<h2 id=\"reviews\">Overdue and upcoming reviews</h2><p>As of {as_of}: <b class=\"err\" data-reviews=\"overdue\">{}</b> overdue, <b data-reviews=\"upcoming\">{}</b> due in the next {} days. Every review date is in <a href=\"reviews.ics\">reviews.ics</a> for your calendar.</p>",
            overdue.len(),
            upcoming.len(),
            crate::reviews::UPCOMING_DAYS
        );
        if !overdue.is_empty() || !upcoming.is_empty() {
            h.push_str("<table><tr><th>Review date</th><th>Agreement</th><th>Reference</th><th>Borough</th><th>When</th></tr>\n");
            for (d, late) in overdue
                .iter()
                .map(|d| (d, true))
                .chain(upcoming.iter().map(|d| (d, false)))
            {
                let days = (d.date - as_of).num_days();
                let when = if late {
                    format!("<span class=\"err\">overdue by {} day(s)</span>", -days)
                } else {
                    format!("in {days} day(s)")
                };
                let borough = if d.borough.is_empty() {
                    "(top level)"
                } else {
                    d.borough.as_str()
                };
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{when}</td></tr>",
                    d.date,
                    esc(&d.title),
                    esc(d.reference.as_deref().unwrap_or("")),
                    esc(borough)
                );
                flush(&mut h, out)?;
            }
            h.push_str("</table>\n");
        }
    }

    corrections(r, &mut h);

    // Per borough.
    let mut boroughs: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for i in entries.inputs()? {
        let i = i?;
        let e = boroughs.entry(i.borough).or_default();
        e[match i.status {
            Status::Converted => 0,
            Status::Failed => 1,
            Status::Unsupported => 2,
            Status::Skipped => 3,
        }] += 1;
    }
    // One pass over the agreements for everything drawn before their table.
    let mut map_data = map::Collect::default();
    let mut choices = agreements::Choices::default();
    for a in entries.agreements()? {
        let a = a?;
        map_data.add(&a);
        choices.add(&a);
        boroughs.entry(a.borough).or_default()[4] += 1;
    }
    h.push_str("<h2>Boroughs</h2><table><tr><th>Borough folder</th><th>Converted</th><th>Failed</th><th>Unsupported</th><th>Skipped</th><th>Agreements</th></tr>\n");
    for (b, c) in &boroughs {
        let name = if b.is_empty() { "(top level)" } else { b };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(name), c[0], c[1], c[2], c[3], c[4]
        );
    }
    h.push_str("</table>\n");

    // Who shares with whom.
    map::write(map_data, &mut h);
    flush(&mut h, out)?;

    // Agreements: filterable, sortable.
    agreements::write(r, entries, &choices, &mut h, out, &flush)?;

    // Coverage of template sections in documents.
    h.push_str("<h2>Template sections found per document</h2><table><tr><th>Agreement</th>");
    for s in SECTIONS {
        let _ = write!(h, "<th>§{}</th>", esc(s));
    }
    h.push_str("</tr>\n");
    for a in entries.agreements()? {
        let a = a?;
        if a.origin == "register" {
            continue;
        }
        let _ = write!(h, "<tr><td>{}</td>", esc(&a.id));
        for s in SECTIONS {
            let found = a.sections_found.iter().any(|x| x == s);
            let _ = write!(
                h,
                "<td class=\"{}\">{}</td>",
                if found { "y" } else { "n" },
                if found { "✓" } else { "–" }
            );
        }
        h.push_str("</tr>\n");
        flush(&mut h, out)?;
    }
    h.push_str("</table>\n");

    // Inputs that did not convert.
    h.push_str("<h2>Inputs not converted</h2><table><tr><th>File</th><th>Outcome</th><th>Reason</th></tr>\n");
    for i in entries.inputs()? {
        let i = i?;
        if i.status == Status::Converted {
            continue;
        }
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{:?}</td><td>{}</td></tr>",
            esc(&i.path),
            i.status,
            esc(i.reason.as_deref().unwrap_or(""))
        );
        flush(&mut h, out)?;
    }
    h.push_str("</table>\n</body></html>\n");
    out.write_all(h.as_bytes())
}
