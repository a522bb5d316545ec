//! The signable agreement (`signable::document`) as DOCX, written by hand as
//! WordprocessingML: the parts are few and fixed, and no Rust DOCX writer both writes
//! deterministic packages and lets us add the custom XML part that carries the agreement.
//! A4 with fixed-width tables, Heading 1–3 (bookmarked for the contents list), real
//! bullets, the marking in the header and footer, and "Page X of Y".

use std::io::Write;

use crate::document::{anchor, Block, Cell, Document, Signature, Table};
use crate::RenderError;
use dsa_model::template::wording::added::SignatureRow;
use dsa_model::Agreement;
use quick_xml::escape::escape;
use sha2::{Digest, Sha256};

/// Namespace of the custom XML part that carries the rendered agreement.
pub const EMBED_NAMESPACE: &str = "urn:pan-london-dsa:render:1";

/// Name of that part in the package.
pub const EMBED_PART: &str = "customXml/item1.xml";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// XML 1.0 cannot carry most control characters: shown as U+FFFD in the visible text
/// (the embedded JSON keeps them exactly, as JSON escapes).
fn xml_text(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect();
    escape(&clean).into_owned()
}

fn runs(text: &str, bold: bool) -> String {
    let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let mut s = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            s.push_str(&format!("<w:r>{rpr}<w:br/></w:r>"));
        }
        if !line.is_empty() {
            s.push_str(&format!(
                "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_text(line)
            ));
        }
    }
    s
}

fn para(style: Option<&str>, body: &str) -> String {
    match style {
        Some(st) => format!("<w:p><w:pPr><w:pStyle w:val=\"{st}\"/></w:pPr>{body}</w:p>"),
        None => format!("<w:p>{body}</w:p>"),
    }
}

/// Each line of a text as its own paragraph (a cell's lines, a paragraph's).
fn paras(style: Option<&str>, text: &str, bold: bool) -> String {
    text.split('\n')
        .map(|l| para(style, &runs(l, bold)))
        .collect()
}

/// Width of the text on A4 with 2 cm margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 2 * 1134;

fn table(t: &Table) -> String {
    let cols = t.columns();
    let width = |i: usize| -> u32 {
        let pct = t.widths.get(i).copied().unwrap_or(100 / cols.max(1) as u16) as u32;
        TEXT_WIDTH * pct / 100
    };
    let cell = |i: usize, body: String, head: bool| {
        let shade = if head {
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"DEEAF6\"/>"
        } else {
            ""
        };
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{shade}</w:tcPr>{body}</w:tc>",
            width(i)
        )
    };
    let mut s = format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
    );
    for i in 0..cols {
        s.push_str(&format!("<w:gridCol w:w=\"{}\"/>", width(i)));
    }
    s.push_str("</w:tblGrid>");
    if let Some(head) = &t.head {
        s.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        for (i, h) in head.iter().enumerate() {
            s.push_str(&cell(i, paras(Some("TableText"), h, true), true));
        }
        s.push_str("</w:tr>");
    }
    // A small label/value table (a flow, a signature block) is kept on one page: each
    // row's paragraphs keep with the next row. No row is split across pages.
    let together = t.head.is_none() && t.rows.len() <= 20;
    for (k, r) in t.rows.iter().enumerate() {
        let text_style = if together && k + 1 < t.rows.len() {
            "TableKeep"
        } else {
            "TableText"
        };
        s.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, c) in r.iter().enumerate() {
            let body = match c {
                Cell::Text(x) => paras(Some(text_style), x, false),
                Cell::Bullets(xs) if xs.is_empty() => para(Some(text_style), ""),
                Cell::Bullets(xs) => xs
                    .iter()
                    .map(|x| para(Some("TableBullet"), &runs(x, false)))
                    .collect(),
            };
            s.push_str(&cell(i, body, false));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

/// A field: `instr` with `shown` as its current result.
fn field(instr: &str, shown: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

/// The contents list: an entry per heading in the "toc N" styles, linked to the heading's
/// bookmark, with its page number as a PAGEREF field (LibreOffice lays it out; Word fills
/// it when fields are updated). Not inside a TOC field: LibreOffice keeps a TOC field's
/// result as it was written, so its page numbers would stay blank.
fn contents(doc: &Document) -> String {
    let mut s = para(Some("TOCHeading"), &runs("Contents", false));
    for (level, text, anchor) in doc.headings() {
        let body = format!(
            "<w:hyperlink w:anchor=\"{anchor}\" w:history=\"1\">{}<w:r><w:tab/></w:r>{}</w:hyperlink>",
            runs(&text, false),
            field(&format!("PAGEREF {anchor} \\h"), "")
        );
        s.push_str(&para(Some(&format!("TOC{}", level.clamp(1, 3))), &body));
    }
    s
}

fn signatures(sigs: &[Signature]) -> String {
    let mut s = String::new();
    for g in sigs {
        let rows = vec![
            (SignatureRow::SignedFor.label(), g.party.clone()),
            (
                SignatureRow::Name.label(),
                g.name.clone().unwrap_or_default(),
            ),
            (
                SignatureRow::Role.label(),
                g.role.clone().unwrap_or_default(),
            ),
            (SignatureRow::Signature.label(), "\n\n".to_string()),
            (
                SignatureRow::Date.label(),
                g.date.clone().unwrap_or_default(),
            ),
        ];
        s.push_str(&table(&Table {
            head: None,
            rows: rows
                .into_iter()
                .map(|(l, v)| vec![Cell::Text(l.to_string()), Cell::Text(v)])
                .collect(),
            widths: vec![25, 75],
        }));
        s.push_str("<w:p/>");
    }
    s
}

/// The main part.
fn document_xml(doc: &Document) -> String {
    let mut body = String::new();
    body.push_str(&para(Some("Title"), &runs(&doc.title, false)));
    for (l, v) in &doc.cover {
        body.push_str(&para(
            Some("Cover"),
            &format!("{}{}", runs(&format!("{l}: "), true), runs(v, false)),
        ));
    }
    let mut heading = 0;
    let mut new_page = false;
    for (i, b) in doc.blocks.iter().enumerate() {
        // A paragraph that introduces a table stays on the table's page.
        let before_table = matches!(doc.blocks.get(i + 1), Some(Block::Table(_)));
        match b {
            Block::Contents => body.push_str(&contents(doc)),
            Block::Heading(h) => {
                let name = anchor(heading);
                let page = if std::mem::take(&mut new_page) {
                    "<w:pageBreakBefore/>"
                } else {
                    ""
                };
                body.push_str(&format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"Heading{}\"/>{page}</w:pPr><w:bookmarkStart w:id=\"{heading}\" w:name=\"{name}\"/>{}<w:bookmarkEnd w:id=\"{heading}\"/></w:p>",
                    h.level.clamp(1, 3),
                    runs(&h.display(), false)
                ));
                heading += 1;
            }
            Block::Para(t) if before_table => body.push_str(&paras(Some("Lead"), t, false)),
            Block::Para(t) => body.push_str(&paras(None, t, false)),
            Block::Verbatim(t) => body.push_str(&para(None, &runs(t, false))),
            Block::Label(t) => body.push_str(&para(Some("Label"), &runs(t, true))),
            Block::Bullets(xs) => {
                for x in xs {
                    body.push_str(&para(Some("ListBullet"), &runs(x, false)));
                }
            }
            Block::Table(t) => {
                body.push_str(&table(t));
                // Word needs a paragraph between adjacent tables, and one is the gap before
                // what follows; not before a new page (at a page's foot it would spill
                // onto a page of its own).
                if !matches!(doc.blocks.get(i + 1), Some(Block::PageBreak)) {
                    body.push_str("<w:p/>");
                }
            }
            Block::Signatures(sigs) => body.push_str(&signatures(sigs)),
            // Before a heading, the heading starts the page (a break paragraph of its own
            // would leave a blank page when the page before is full).
            Block::PageBreak if matches!(doc.blocks.get(i + 1), Some(Block::Heading(_))) => {
                new_page = true
            }
            Block::PageBreak => body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"),
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"default\" r:id=\"rId5\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" w:right=\"1134\" w:bottom=\"1418\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The header: the marking, centred.
fn header_xml(doc: &Document) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"{W}\">{}</w:hdr>",
        para(Some("Marking"), &runs(doc.marking, true))
    )
}

/// The footer: the title, page X of Y, and the marking again.
fn footer_xml(doc: &Document) -> String {
    let page = format!(
        "{}<w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}",
        runs(&doc.title, false),
        field("PAGE", "1"),
        field("NUMPAGES", "1")
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"{W}\">{}{}</w:ftr>",
        para(Some("Footer"), &page),
        para(Some("Marking"), &runs(doc.marking, true))
    )
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="357" w:hanging="357"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:before="2400" w:after="480"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Cover"><w:name w:val="Cover line"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="80"/></w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="27"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Label"><w:name w:val="Label"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Lead"><w:name w:val="Table Lead-in"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TableKeep"><w:name w:val="Table Text Kept"/><w:basedOn w:val="TableText"/><w:pPr><w:keepNext/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TableBullet"><w:name w:val="Table Bullet"/><w:basedOn w:val="TableText"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9628"/></w:tabs><w:spacing w:before="120" w:after="40"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9628"/></w:tabs><w:spacing w:after="20"/><w:ind w:left="284"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TOC3"><w:name w:val="toc 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9628"/></w:tabs><w:spacing w:after="20"/><w:ind w:left="567"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Marking"><w:name w:val="Protective Marking"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="right" w:pos="9638"/></w:tabs><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The agreement as a .docx: deterministic bytes (fixed timestamps, fixed part order).
pub fn to_docx(a: &Agreement) -> Result<Vec<u8>, RenderError> {
    let doc = crate::signable::document(a);
    let document = document_xml(&doc);
    let fingerprint = hex(&Sha256::digest(document.as_bytes()));
    let json = dsa_json::to_string(a).map_err(|e| RenderError::Serialise(e.to_string()))?;
    let embedded = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<dsa:rendered xmlns:dsa=\"{EMBED_NAMESPACE}\" documentSha256=\"{fingerprint}\">{}</dsa:rendered>",
        escape(&json)
    );
    // A stable GUID for the custom part, from the content.
    let g = hex(&Sha256::digest(json.as_bytes()));
    let guid = format!(
        "{{{}-{}-{}-{}-{}}}",
        &g[0..8],
        &g[8..12],
        &g[12..16],
        &g[16..20],
        &g[20..32]
    )
    .to_uppercase();
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#.to_string()),
        ("docProps/core.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>dsa render</dc:creator></cp:coreProperties>", xml_text(&a.title))),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES.to_string()),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("word/header1.xml", header_xml(&doc)),
        ("word/footer1.xml", footer_xml(&doc)),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#.to_string()),
        (EMBED_PART, embedded),
        ("customXml/_rels/item1.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"/></Relationships>"#.to_string()),
        ("customXml/itemProps1.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<ds:datastoreItem ds:itemID=\"{guid}\" xmlns:ds=\"http://schemas.openxmlformats.org/officeDocument/2006/customXml\"><ds:schemaRefs><ds:schemaRef ds:uri=\"{EMBED_NAMESPACE}\"/></ds:schemaRefs></ds:datastoreItem>")),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in parts {
        zip.start_file(name, opts)
            .map_err(|e| RenderError::Package(e.to_string()))?;
        zip.write_all(text.as_bytes())
            .map_err(|e| RenderError::Package(e.to_string()))?;
    }
    Ok(zip
        .finish()
        .map_err(|e| RenderError::Package(e.to_string()))?
        .into_inner())
}
