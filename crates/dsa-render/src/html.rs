//! One self-contained HTML page (inline style, no scripts, no network).

use crate::outline::{outline, Block};
use dsa_model::Agreement;
use quick_xml::escape::escape;

const STYLE: &str = "body{font-family:system-ui,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b}\
h1{font-size:1.8rem;border-bottom:3px solid #1d70b8;padding-bottom:.3rem}h2{font-size:1.4rem;margin-top:2rem}h3{font-size:1.15rem}h4{font-size:1rem}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #b1b4b6;padding:.35rem .5rem;text-align:left;vertical-align:top}\
th{background:#f3f2f1}.caption{font-weight:600;margin:.8rem 0 .2rem}.field b{font-weight:600}";

/// The agreement as one HTML page.
pub fn to_html(a: &Agreement) -> String {
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&a.title)
    ));
    for b in outline(a) {
        match b {
            Block::Title(t) => s.push_str(&format!("<h1>{}</h1>\n", escape(&t))),
            Block::Heading(l, t) => {
                let h = (l + 1).min(6);
                s.push_str(&format!("<h{h}>{}</h{h}>\n", escape(&t)))
            }
            Block::Field(l, v) => s.push_str(&format!(
                "<p class=\"field\"><b>{}:</b> {}</p>\n",
                escape(&l),
                escape(&v)
            )),
            Block::Caption(t) => s.push_str(&format!("<p class=\"caption\">{}</p>\n", escape(&t))),
            Block::Para(t) => s.push_str(&format!("<p>{}</p>\n", escape(&t).replace('\n', "<br>"))),
            Block::List(xs) => {
                s.push_str("<ul>\n");
                for x in xs {
                    s.push_str(&format!("<li>{}</li>\n", escape(&x)));
                }
                s.push_str("</ul>\n");
            }
            Block::Table(h, rows) => {
                s.push_str("<table>\n<thead><tr>");
                for c in h {
                    s.push_str(&format!("<th>{}</th>", escape(&c)));
                }
                s.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for c in r {
                        s.push_str(&format!("<td>{}</td>", escape(&c).replace('\n', "<br>")));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}
