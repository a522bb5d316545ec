//! The signable agreement as one self-contained HTML page (inline style, no scripts, no
//! network): the same document as the DOCX, with the contents list as links and print
//! styles for A4.

use crate::document::{anchor, Block, Cell, Document, Table};
use dsa_model::template::wording::added::SignatureRow;
use dsa_model::Agreement;
use quick_xml::escape::escape;

const STYLE: &str = "body{font-family:Arial,system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:0 1rem 2rem;line-height:1.45;color:#1b1b1b}\
.marking{text-align:center;font-weight:700;letter-spacing:.05em;margin:.6rem 0;font-size:.9rem}\
.cover{border-bottom:3px solid #1f3864;padding:3rem 0 1.5rem;margin-bottom:1.5rem}.cover h1{color:#1f3864;font-size:2rem;margin:0 0 1.5rem}\
.cover p{margin:.2rem 0}nav ol{list-style:none;padding-left:0}nav li.l2{padding-left:1.2rem}nav li.l3{padding-left:2.4rem;font-size:.92rem}\
nav a{color:#1d4f91;text-decoration:none}h2,h3,h4{color:#1f3864}h2{font-size:1.5rem;margin-top:2.2rem;border-bottom:1px solid #b1b4b6}\
h3{font-size:1.2rem;margin-top:1.6rem}h4{font-size:1.05rem}.label{font-weight:700;margin:.9rem 0 .2rem}\
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;table-layout:fixed}th,td{border:1px solid #808080;padding:.3rem .45rem;text-align:left;vertical-align:top;font-size:.92rem;overflow-wrap:anywhere}\
th{background:#deeaf6}td ul{margin:0;padding-left:1.1rem}.sign td:first-child{width:25%;font-weight:700}.sign .space{height:3rem}\
@media print{@page{size:A4;margin:2cm}body{max-width:none}.break{break-before:page}h2,h3,h4,.label{break-after:avoid}.sign{break-inside:avoid}}";

fn text(s: &str) -> String {
    escape(s).replace('\n', "<br>")
}

fn table(t: &Table, class: &str) -> String {
    let mut s = format!("<table{class}>\n<colgroup>");
    for w in &t.widths {
        s.push_str(&format!("<col style=\"width:{w}%\">"));
    }
    s.push_str("</colgroup>\n");
    if let Some(h) = &t.head {
        s.push_str("<thead><tr>");
        for c in h {
            s.push_str(&format!("<th>{}</th>", text(c)));
        }
        s.push_str("</tr></thead>\n");
    }
    s.push_str("<tbody>\n");
    for r in &t.rows {
        s.push_str("<tr>");
        for c in r {
            match c {
                Cell::Text(x) => s.push_str(&format!("<td>{}</td>", text(x))),
                Cell::Bullets(xs) => {
                    s.push_str("<td><ul>");
                    for x in xs {
                        s.push_str(&format!("<li>{}</li>", text(x)));
                    }
                    s.push_str("</ul></td>");
                }
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    s
}

/// The agreement as one HTML page.
pub fn to_html(a: &Agreement) -> String {
    render(&crate::signable::document(a))
}

fn render(doc: &Document) -> String {
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&doc.title)
    ));
    let marking = format!("<p class=\"marking\">{}</p>\n", escape(doc.marking));
    s.push_str(&marking);
    s.push_str(&format!(
        "<header class=\"cover\">\n<h1>{}</h1>\n",
        text(&doc.title)
    ));
    for (l, v) in &doc.cover {
        s.push_str(&format!("<p><b>{}:</b> {}</p>\n", text(l), text(v)));
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
                    s.push_str(&format!(
                        "<li class=\"l{level}\"><a href=\"#{anchor}\">{}</a></li>\n",
                        text(&t)
                    ));
                }
                s.push_str("</ol>\n</nav>\n");
            }
            Block::Heading(h) => {
                let l = (h.level + 1).min(6);
                s.push_str(&format!(
                    "<h{l} id=\"{}\"{class}>{}</h{l}>\n",
                    anchor(heading),
                    text(&h.display())
                ));
                heading += 1;
            }
            Block::Para(t) | Block::Verbatim(t) => {
                s.push_str(&format!("<p{class}>{}</p>\n", text(t)))
            }
            Block::Label(t) => s.push_str(&format!("<p class=\"label\">{}</p>\n", text(t))),
            Block::Bullets(xs) => {
                s.push_str("<ul>\n");
                for x in xs {
                    s.push_str(&format!("<li>{}</li>\n", text(x)));
                }
                s.push_str("</ul>\n");
            }
            Block::Table(t) => s.push_str(&table(t, class)),
            Block::Signatures(sigs) => {
                for g in sigs {
                    s.push_str("<table class=\"sign\">\n<tbody>\n");
                    let rows = [
                        (SignatureRow::SignedFor.label(), g.party.as_str()),
                        (SignatureRow::Name.label(), g.name.as_deref().unwrap_or("")),
                        (SignatureRow::Role.label(), g.role.as_deref().unwrap_or("")),
                    ];
                    for (l, v) in rows {
                        s.push_str(&format!("<tr><td>{l}</td><td>{}</td></tr>\n", text(v)));
                    }
                    s.push_str(&format!(
                        "<tr><td>{}</td><td class=\"space\"></td></tr>\n",
                        SignatureRow::Signature.label()
                    ));
                    s.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td></tr>\n</tbody>\n</table>\n",
                        SignatureRow::Date.label(),
                        text(g.date.as_deref().unwrap_or(""))
                    ));
                }
            }
            Block::PageBreak => brk = true,
        }
    }
    s.push_str(&marking);
    s.push_str("</body>\n</html>\n");
    s
}
