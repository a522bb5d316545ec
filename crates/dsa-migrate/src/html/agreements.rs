//! The report's agreements table for information-governance officers: per agreement its
//! title, reference, type, borough, parties, dates, status and findings in words with the
//! template section's name, import notes and conflicts inline (expandable); overdue reviews
//! marked against the run's date. A small inline script filters (search, borough, type,
//! status, overdue) and sorts; its state is the page address's fragment
//! (`report.html#borough=camden&overdue=1`), so a filtered view can be bookmarked or sent.
//! Without the script every row shows.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{esc, section_name};
use crate::{AgreementReport, Entries, Summary};
use dsa_model::validation::Severity;

/// The filters' choices: every borough and type present, gathered in the report's one
/// overview pass.
#[derive(Default)]
pub(super) struct Choices {
    boroughs: BTreeSet<String>,
    types: BTreeSet<String>,
}

impl Choices {
    pub(super) fn add(&mut self, a: &AgreementReport) {
        if !self.boroughs.contains(&a.borough) {
            self.boroughs.insert(a.borough.clone());
        }
        let t = a.dsa_type.as_deref().unwrap_or("");
        if !self.types.contains(t) {
            self.types.insert(t.to_string());
        }
    }
}

/// The filter bar, the table and its script.
pub(super) fn write(
    r: &Summary,
    entries: &Entries,
    choices: &Choices,
    h: &mut String,
    out: &mut dyn std::io::Write,
    flush: &dyn Fn(&mut String, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (boroughs, types) = (&choices.boroughs, &choices.types);
    h.push_str("<h2 id=\"agreements\">Agreements</h2>\n<form id=\"filters\" class=\"filters\" onsubmit=\"return false\">\n<label>Search <input type=\"search\" id=\"q\" placeholder=\"title, reference, party\"></label>\n<label>Borough <select id=\"borough\"><option value=\"\">all</option>");
    for b in boroughs {
        let _ = write!(
            h,
            "<option value=\"{}\">{}</option>",
            esc(b),
            esc(if b.is_empty() { "(top level)" } else { b })
        );
    }
    h.push_str(
        "</select></label>\n<label>Type <select id=\"type\"><option value=\"\">all</option>",
    );
    for t in types {
        let _ = write!(
            h,
            "<option value=\"{}\">{}</option>",
            esc(t),
            esc(if t.is_empty() { "(not stated)" } else { t })
        );
    }
    h.push_str("</select></label>\n<label>Status <select id=\"status\"><option value=\"\">all</option><option value=\"errors\">with errors</option><option value=\"warnings\">with warnings</option><option value=\"valid\">valid</option></select></label>\n<label><input type=\"checkbox\" id=\"overdue\"> review overdue</label>\n<span id=\"shown\" aria-live=\"polite\"></span>\n</form>\n");
    h.push_str("<table id=\"agreements-table\"><thead><tr><th data-sort=\"title\">Agreement</th><th data-sort=\"type\">Type</th><th data-sort=\"borough\">Borough</th><th>Parties</th><th data-sort=\"publish\">Published</th><th data-sort=\"review\">Review due</th><th data-sort=\"status\">Status</th><th>Findings and notes</th></tr></thead>\n<tbody>\n");
    for a in entries.agreements()? {
        row(r, &a?, h);
        flush(h, out)?;
    }
    h.push_str("</tbody></table>\n");
    h.push_str(SCRIPT);
    Ok(())
}

fn row(r: &Summary, a: &AgreementReport, h: &mut String) {
    let overdue = match (r.as_of, a.review_date) {
        (Some(as_of), Some(d)) => d < as_of,
        _ => false,
    };
    let (class, status) = if a.errors > 0 {
        (
            "errors",
            format!("<span class=\"err\">{} error(s)</span>", a.errors),
        )
    } else if a.warnings > 0 {
        (
            "warnings",
            format!("<span class=\"warn\">{} warning(s)</span>", a.warnings),
        )
    } else {
        ("valid", "<span class=\"ok\">valid</span>".to_string())
    };
    let agreement_status = a
        .status
        .as_deref()
        .map(|s| format!("<br><small>{}</small>", esc(s)))
        .unwrap_or_default();
    // Findings in words, where in the template, then the notes and conflicts, folded.
    let mut details = String::new();
    for f in &a.findings {
        let sev = match f.severity {
            Severity::Error => "err",
            Severity::Warning => "warn",
            _ => "note",
        };
        let _ = write!(
            details,
            "<li class=\"{sev}\"><b>{}</b>: {} <small>({})</small></li>",
            esc(&section_name(&f.path)),
            esc(&f.message),
            f.code
        );
    }
    let more = (a.errors + a.warnings).saturating_sub(a.findings.len());
    if more > 0 {
        let _ = write!(
            details,
            "<li>… {more} more in the package's validation.json</li>"
        );
    }
    for c in &a.conflicts {
        let _ = write!(
            details,
            "<li class=\"warn\"><b>{}</b>: the document says “{}”, the register “{}”</li>",
            esc(&section_name(&c.field)),
            esc(&c.document),
            esc(&c.register)
        );
    }
    if let Some(j) = &a.join {
        let with = j.with.join(", ");
        let line = match (j.by.as_str(), j.score) {
            ("ambiguous", _) => format!(
                "<li class=\"warn\"><b>Register</b>: the row matches several documents equally ({}) and was joined to none</li>",
                esc(&with)
            ),
            ("title", Some(s)) if s < 1.0 => format!(
                "<li class=\"note\"><b>Register</b>: joined to {} by a title {:.0} % alike</li>",
                esc(&with),
                s * 100.0
            ),
            (by, _) => format!(
                "<li class=\"note\"><b>Register</b>: joined to {} by {}</li>",
                esc(&with),
                by.replace('_', " ")
            ),
        };
        details.push_str(&line);
    }
    for c in &a.corrections {
        let what = match (&c.value, &c.reason) {
            (Some(v), None) => format!("corrected to “{}”", esc(v)),
            (None, None) => "removed".to_string(),
            (_, Some(why)) => format!("correction not applied: {}", esc(why)),
        };
        let _ = write!(
            details,
            "<li class=\"{}\"><b>{}</b>: {what} <small>(by {}: {})</small></li>",
            if c.applied { "note" } else { "err" },
            esc(&section_name(&c.field)),
            esc(&c.by),
            esc(&c.why)
        );
    }
    let findings = if details.is_empty() {
        String::new()
    } else {
        format!("<ul class=\"findings\">{details}</ul>")
    };
    let notes = if a.notes.is_empty() {
        String::new()
    } else {
        let mut n = String::new();
        for x in &a.notes {
            let at = x
                .note
                .section
                .as_deref()
                .map(|s| format!("§{s}: "))
                .unwrap_or_default();
            let _ = write!(
                n,
                "<li><b>{}</b> {}{}</li>",
                esc(x.note.kind().as_str()),
                esc(&at),
                esc(&x.note.message)
            );
        }
        let rest = a.import_notes.saturating_sub(a.notes.len());
        if rest > 0 {
            let _ = write!(
                n,
                "<li>… {rest} more in the package's import-notes.json</li>"
            );
        }
        format!(
            "<details><summary>{} import note(s)</summary><ul>{n}</ul></details>",
            a.import_notes
        )
    };
    let parties = a.parties.join("; ");
    let search = format!(
        "{} {} {} {} {}",
        a.title,
        a.reference.as_deref().unwrap_or(""),
        parties,
        a.borough,
        a.dsa_type.as_deref().unwrap_or("")
    )
    .to_lowercase();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let review = match a.review_date {
        Some(d) if overdue => format!("<span class=\"err\">{d}<br><small>overdue</small></span>"),
        Some(d) => d.to_string(),
        None => String::new(),
    };
    let borough = if a.borough.is_empty() {
        "(top level)"
    } else {
        a.borough.as_str()
    };
    let _ = writeln!(
        h,
        "<tr data-borough=\"{}\" data-type=\"{}\" data-status=\"{class}\" data-overdue=\"{}\" data-search=\"{}\" data-title=\"{}\" data-publish=\"{}\" data-review=\"{}\"{}><td><b><a href=\"{}\">{}</a></b><br><small>{}</small><br><small><a href=\"{}\">package</a></small></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{review}</td><td>{status}{agreement_status}</td><td>{findings}{notes}</td></tr>",
        esc(&a.borough),
        esc(a.dsa_type.as_deref().unwrap_or("")),
        u8::from(overdue),
        esc(&search),
        esc(&a.title.to_lowercase()),
        date(a.publish_date),
        date(a.review_date),
        if overdue { " class=\"overdue\"" } else { "" },
        esc(&a.page),
        esc(&a.title),
        esc(a.reference.as_deref().unwrap_or("")),
        esc(&a.package),
        esc(a.dsa_type.as_deref().unwrap_or("")),
        esc(borough),
        esc(&parties),
        date(a.publish_date),
    );
}

/// Filters and sorting. Reads and writes the state in `location.hash`; touches nothing
/// outside the page.
const SCRIPT: &str = r##"<script>
(function () {
  "use strict";
  var table = document.getElementById("agreements-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var ids = ["q", "borough", "type", "status", "overdue"];
  var el = {};
  ids.forEach(function (id) { el[id] = document.getElementById(id); });
  var sort = { key: "", dir: 1 };
  function state() {
    var s = {};
    ids.forEach(function (id) {
      var v = id === "overdue" ? (el[id].checked ? "1" : "") : el[id].value;
      if (v) { s[id] = v; }
    });
    if (sort.key) { s.sort = (sort.dir < 0 ? "-" : "") + sort.key; }
    return s;
  }
  function apply() {
    var q = el.q.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var d = r.dataset;
      var ok = (!q || d.search.indexOf(q) >= 0) &&
        (!el.borough.value || d.borough === el.borough.value) &&
        (!el.type.value || d.type === el.type.value) &&
        (!el.status.value || d.status === el.status.value) &&
        (!el.overdue.checked || d.overdue === "1");
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (sort.key) {
      rows.slice().sort(function (a, b) {
        var x = a.dataset[sort.key] || "", y = b.dataset[sort.key] || "";
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      }).forEach(function (r) { body.appendChild(r); });
    }
    document.getElementById("shown").textContent = "Showing " + shown + " of " + rows.length;
    var s = state();
    var h = Object.keys(s).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(s[k]);
    }).join("&");
    if (("#" + h) !== location.hash && !(h === "" && location.hash === "")) {
      history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
    }
  }
  function load() {
    var s = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) { return; }
      var i = kv.indexOf("=");
      if (i < 0) { return; }
      s[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
    });
    ids.forEach(function (id) {
      if (id === "overdue") { el[id].checked = s[id] === "1"; } else { el[id].value = s[id] || ""; }
    });
    var k = s.sort || "";
    sort = { key: k.replace(/^-/, ""), dir: k.charAt(0) === "-" ? -1 : 1 };
  }
  ids.forEach(function (id) { el[id].addEventListener("input", apply); el[id].addEventListener("change", apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var key = th.dataset.sort;
    if (!key) { return; }
    th.tabIndex = 0;
    th.title = "Sort";
    var go = function () {
      sort = { key: key, dir: sort.key === key ? -sort.dir : 1 };
      apply();
    };
    th.addEventListener("click", go);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
  });
  window.addEventListener("hashchange", function () { load(); apply(); });
  load();
  apply();
})();
</script>
"##;
