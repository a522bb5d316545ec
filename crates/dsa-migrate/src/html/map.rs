//! The data sharing map: an SVG graph of the organisations (the parties of the migrated
//! agreements) and the agreements between them, coloured by DSA type. A line joins two
//! organisations that are parties to the same agreements, thicker the more there are;
//! the legend's checkboxes hide or show a type; each organisation links to the agreements
//! table filtered to it (`#q=name`). Drawn on a circle, the busiest organisations first;
//! past [`MAX_NODES`] the rest are counted, not drawn, so the map stays readable.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::esc;
use crate::AgreementReport;

/// Most organisations drawn.
pub(super) const MAX_NODES: usize = 48;

/// Colours for types, in order of how many agreements each has (then "other").
const PALETTE: &[&str] = &[
    "#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#d53880", "#28a197",
    "#5694ca", "#85994b", "#912b88", "#6f72af",
];

/// Percent-encodes a value for the page address's fragment.
fn fragment_value(s: &str) -> String {
    let mut out = String::new();
    for b in s.to_lowercase().bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// What the map needs of each agreement, gathered in the report's one overview pass.
#[derive(Default)]
pub(super) struct Collect {
    per_org: BTreeMap<String, usize>,
    per_type: BTreeMap<String, usize>,
    agreements: Vec<(String, Vec<String>)>,
}

impl Collect {
    pub(super) fn add(&mut self, a: &AgreementReport) {
        let mut parties = a.parties.clone();
        parties.sort();
        parties.dedup();
        for p in &parties {
            *self.per_org.entry(p.clone()).or_default() += 1;
        }
        let t = a
            .dsa_type
            .clone()
            .unwrap_or_else(|| "Type not stated".into());
        *self.per_type.entry(t.clone()).or_default() += 1;
        self.agreements.push((t, parties));
    }
}

pub(super) fn write(c: Collect, h: &mut String) {
    let Collect {
        per_org,
        per_type,
        agreements,
    } = c;
    if per_org.is_empty() {
        return;
    }
    let mut orgs: Vec<(String, usize)> = per_org.into_iter().collect();
    orgs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let hidden = orgs.len().saturating_sub(MAX_NODES);
    orgs.truncate(MAX_NODES);
    let index: BTreeMap<&str, usize> = orgs
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    let mut types: Vec<(String, usize)> = per_type.into_iter().collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let colour = |t: &str| -> (usize, &'static str) {
        let k = types.iter().position(|(x, _)| x == t).unwrap_or(0);
        (k, PALETTE[k.min(PALETTE.len() - 1)])
    };
    let mut edges: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
    for (t, parties) in &agreements {
        let (k, _) = colour(t);
        let drawn: Vec<usize> = parties
            .iter()
            .filter_map(|p| index.get(p.as_str()).copied())
            .collect();
        for (i, a) in drawn.iter().enumerate() {
            for b in &drawn[i + 1..] {
                *edges.entry((k, *a.min(b), *a.max(b))).or_default() += 1;
            }
        }
    }

    // On a circle; labels outside it.
    let (w, hgt, cx, cy, r) = (960.0f64, 760.0f64, 480.0f64, 380.0f64, 270.0f64);
    let n = orgs.len().max(1) as f64;
    let at = |i: usize| {
        let a = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        (cx + r * a.cos(), cy + r * a.sin(), a)
    };
    h.push_str("<h2 id=\"map\">Data sharing map</h2>\n<p>Organisations and the agreements between them: a line joins two parties to the same agreements (thicker for more), coloured by type. Choose an organisation to list its agreements.</p>\n<form class=\"filters\" id=\"map-types\" onsubmit=\"return false\">");
    for (k, (t, count)) in types.iter().enumerate() {
        let c = PALETTE[k.min(PALETTE.len() - 1)];
        let _ = write!(
            h,
            "<label><input type=\"checkbox\" checked data-map-type=\"{k}\"> <span style=\"color:{c}\">&#9632;</span> {} ({count})</label>",
            esc(t)
        );
    }
    h.push_str("</form>\n");
    let _ = write!(
        h,
        "<svg id=\"sharing-map\" viewBox=\"0 0 {w} {hgt}\" width=\"100%\" style=\"max-width:{w}px\" role=\"img\" aria-label=\"Data sharing map\">"
    );
    for ((k, a, b), count) in &edges {
        let (x1, y1, _) = at(*a);
        let (x2, y2, _) = at(*b);
        let c = PALETTE[(*k).min(PALETTE.len() - 1)];
        let width = 1.0 + (*count as f64).ln().max(0.0) * 1.2;
        let _ = write!(
            h,
            "<line class=\"t{k}\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{c}\" stroke-opacity=\"0.55\" stroke-width=\"{width:.1}\"><title>{} – {}: {count} agreement(s)</title></line>",
            esc(&orgs[*a].0),
            esc(&orgs[*b].0)
        );
    }
    for (i, (name, count)) in orgs.iter().enumerate() {
        let (x, y, a) = at(i);
        let (lx, ly) = (cx + (r + 14.0) * a.cos(), cy + (r + 14.0) * a.sin());
        let anchor = if a.cos() < -0.01 { "end" } else { "start" };
        let _ = write!(
            h,
            "<a href=\"#q={}\" data-org=\"{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"#0b0c0c\"><title>{}: {count} agreement(s)</title></circle><text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"11\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{}</text></a>",
            fragment_value(name),
            esc(name),
            3.0 + (*count as f64).sqrt().min(6.0),
            esc(name),
            esc(name)
        );
    }
    h.push_str("</svg>\n");
    if hidden > 0 {
        let _ = writeln!(
            h,
            "<p><small>{hidden} more organisation(s), each party to fewer agreements, are not drawn; the agreements table lists them.</small></p>"
        );
    }
    h.push_str(MAP_SCRIPT);
}

/// The legend's checkboxes show or hide a type's lines.
const MAP_SCRIPT: &str = r#"<script>
(function () {
  "use strict";
  var svg = document.getElementById("sharing-map");
  if (!svg) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-map-type]"), function (box) {
    box.addEventListener("change", function () {
      var k = box.getAttribute("data-map-type");
      Array.prototype.forEach.call(svg.querySelectorAll("line.t" + k), function (l) {
        l.style.display = box.checked ? "" : "none";
      });
    });
  });
})();
</script>
"#;
