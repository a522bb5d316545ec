//! The signable agreement as one self-contained HTML page (inline style, no scripts, no
//! network): the same document as the DOCX, with the contents list as links and print
//! styles for A4.

use crate::document::{anchor, Block, Cell, Document, Table};
use crate::escape::text_into;
use dsa_model::template::wording::added::SignatureRow;
use dsa_model::Agreement;

const STYLE: &str = "body{font-family:Arial,system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:0 1rem 2rem;line-height:1.45;color:#1b1b1b}\
.marking{text-align:center;font-weight:700;letter-spacing:.05em;margin:.6rem 0;font-size:.9rem}\
.cover{border-bottom:3px solid #1f3864;padding:3rem 0 1.5rem;margin-bottom:1.5rem}.cover h1{color:#1f3864;font-size:2rem;margin:0 0 1.5rem}\
.cover p{margin:.2rem 0}nav ol{list-style:none;padding-left:0}nav li.l2{padding-left:1.2rem}nav li.l3{padding-left:2.4rem;font-size:.92rem}\
nav a{color:#1d4f91;text-decoration:none}h2,h3,h4{color:#1f3864}h2{font-size:1.5rem;margin-top:2.2rem;border-bottom:1px solid #b1b4b6}\
h3{font-size:1.2rem;margin-top:1.6rem}h4{font-size:1.05rem}.label{font-weight:700;margin:.9rem 0 .2rem}\
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;table-layout:fixed}th,td{border:1px solid #808080;padding:.3rem .45rem;text-align:left;vertical-align:top;font-size:.92rem;overflow-wrap:anywhere}\
th{background:#deeaf6}td ul{margin:0;padding-left:1.1rem}.sign td:first-child{width:25%;font-weight:700}.sign .space{height:3rem}\
@media print{@page{size:A4;margin:2cm}body{max-width:none}.break{break-before:page}h2,h3,h4,.label{break-after:avoid}.sign{break-inside:avoid}}";

/// `<tag>text</tag>`.
fn element(s: &mut String, open: &str, t: &str, close: &str) {
    s.push_str(open);
    text_into(s, t);
    s.push_str(close);
}

fn table(s: &mut String, t: &Table, class: &str) {
    s.push_str("<table");
    s.push_str(class);
    s.push_str(">\n<colgroup>");
    for w in &t.widths {
        s.push_str("<col style=\"width:");
        s.push_str(&w.to_string());
        s.push_str("%\">");
    }
    s.push_str("</colgroup>\n");
    if let Some(h) = &t.head {
        s.push_str("<thead><tr>");
        for c in h {
            element(s, "<th>", c, "</th>");
        }
        s.push_str("</tr></thead>\n");
    }
    s.push_str("<tbody>\n");
    for r in &t.rows {
        s.push_str("<tr>");
        for c in r {
            match c {
                Cell::Text(x) => element(s, "<td>", x, "</td>"),
                Cell::Bullets(xs) => {
                    s.push_str("<td><ul>");
                    for x in xs {
                        element(s, "<li>", x, "</li>");
                    }
                    s.push_str("</ul></td>");
                }
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

/// The agreement as one HTML page.
pub fn to_html(a: &Agreement) -> String {
    render(&crate::signable::document(a), "")
}

/// The agreement's own content (no standard wording) as one HTML page with `panel` above
/// it: markup the caller built (and escaped), such as a migration's findings and notes.
pub fn to_html_with_panel(a: &Agreement, panel: &str) -> String {
    let doc = crate::signable::document_with(a, crate::signable::Wording::ContentOnly);
    render(&doc, panel)
}

fn render(doc: &Document, panel: &str) -> String {
    let mut s = String::with_capacity(32 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    element(&mut s, "<title>", &doc.title, "</title>\n");
    s.push_str("<style>");
    s.push_str(STYLE);
    s.push_str("</style>\n</head>\n<body>\n");
    let mut marking = String::new();
    element(&mut marking, "<p class=\"marking\">", doc.marking, "</p>\n");
    s.push_str(panel);
    s.push_str(&marking);
    s.push_str("<header class=\"cover\">\n");
    element(&mut s, "<h1>", &doc.title, "</h1>\n");
    for (l, v) in &doc.cover {
        element(&mut s, "<p><b>", l, ":</b> ");
        text_into(&mut s, v);
        s.push_str("</p>\n");
    }
    s.push_str("</header>\n");
    let mut heading = 0;
    let mut brk = false;
    for b in &doc.blocks {
        let class = if std::mem::take(&mut brk) {
            " class=\"break\""
        } else {
            ""
        };
        match b {
            Block::Contents => {
                s.push_str("<nav>\n<h2>Contents</h2>\n<ol>\n");
                for (level, t, anchor) in doc.headings() {
                    s.push_str("<li class=\"l");
                    s.push_str(&level.to_string());
                    s.push_str("\"><a href=\"#");
                    s.push_str(&anchor);
                    s.push_str("\">");
                    text_into(&mut s, &t);
                    s.push_str("</a></li>\n");
                }
                s.push_str("</ol>\n</nav>\n");
            }
            Block::Heading(h) => {
                let l = (h.level + 1).min(6).to_string();
                s.push_str("<h");
                s.push_str(&l);
                s.push_str(" id=\"");
                s.push_str(&anchor(heading));
                s.push('"');
                s.push_str(class);
                s.push('>');
                text_into(&mut s, &h.display());
                s.push_str("</h");
                s.push_str(&l);
                s.push_str(">\n");
                heading += 1;
            }
            Block::Para(t) | Block::Verbatim(t) => {
                s.push_str("<p");
                s.push_str(class);
                s.push('>');
                text_into(&mut s, t);
                s.push_str("</p>\n");
            }
            Block::Label(t) => element(&mut s, "<p class=\"label\">", t, "</p>\n"),
            Block::Bullets(xs) => {
                s.push_str("<ul>\n");
                for x in xs {
                    element(&mut s, "<li>", x, "</li>\n");
                }
                s.push_str("</ul>\n");
            }
            Block::Table(t) => table(&mut s, t, class),
            Block::Signatures(sigs) => {
                for g in sigs {
                    s.push_str("<table class=\"sign\">\n<tbody>\n");
                    let rows = [
                        (SignatureRow::SignedFor, g.party.as_str()),
                        (SignatureRow::Name, g.name.as_deref().unwrap_or("")),
                        (SignatureRow::Role, g.role.as_deref().unwrap_or("")),
                    ];
                    for (l, v) in rows {
                        element(&mut s, "<tr><td>", l.label(), "</td>");
                        element(&mut s, "<td>", v, "</td></tr>\n");
                    }
                    element(
                        &mut s,
                        "<tr><td>",
                        SignatureRow::Signature.label(),
                        "</td><td class=\"space\"></td></tr>\n",
                    );
                    element(&mut s, "<tr><td>", SignatureRow::Date.label(), "</td>");
                    element(
                        &mut s,
                        "<td>",
                        g.date.as_deref().unwrap_or(""),
                        "</td></tr>\n</tbody>\n</table>\n",
                    );
                }
            }
            Block::PageBreak => brk = true,
        }
    }
    s.push_str(&marking);
    s.push_str("</body>\n</html>\n");
    s
}
