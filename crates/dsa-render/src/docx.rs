//! DOCX in the Pan-London template's order, written by hand as WordprocessingML: the
//! parts are few and fixed, and no Rust DOCX writer both writes deterministic packages
//! and lets us add the custom XML part that carries the agreement.

use std::io::Write;

use crate::outline::{outline, Block};
use crate::RenderError;
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

fn table(head: &[String], rows: &[Vec<String>]) -> String {
    let cell = |t: &str, bold: bool| {
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>{}</w:tc>",
            para(None, &runs(t, bold))
        )
    };
    let mut s = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid>",
    );
    for _ in head {
        s.push_str("<w:gridCol/>");
    }
    s.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for h in head {
        s.push_str(&cell(h, true));
    }
    s.push_str("</w:tr>");
    for r in rows {
        s.push_str("<w:tr>");
        for c in r {
            s.push_str(&cell(c, false));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

/// The main part.
fn document_xml(a: &Agreement) -> String {
    let mut body = String::new();
    for b in outline(a) {
        match b {
            Block::Title(t) => body.push_str(&para(Some("Title"), &runs(&t, false))),
            Block::Heading(l, t) => {
                body.push_str(&para(Some(&format!("Heading{l}")), &runs(&t, false)))
            }
            Block::Field(l, v) => body.push_str(&para(
                None,
                &format!("{}{}", runs(&format!("{l}: "), true), runs(&v, false)),
            )),
            Block::Caption(t) => body.push_str(&para(None, &runs(&t, true))),
            Block::Para(t) => body.push_str(&para(None, &runs(&t, false))),
            Block::List(xs) => {
                for x in xs {
                    body.push_str(&para(Some("ListBullet"), &runs(&format!("• {x}"), false)));
                }
            }
            Block::Table(h, rows) => {
                body.push_str(&table(&h, &rows));
                // Word needs a paragraph between adjacent tables.
                body.push_str("<w:p/>");
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="360"/></w:pPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The agreement as a .docx: deterministic bytes (fixed timestamps, fixed part order).
pub fn to_docx(a: &Agreement) -> Result<Vec<u8>, RenderError> {
    let document = document_xml(a);
    let fingerprint = hex(&Sha256::digest(document.as_bytes()));
    let json = dsa_model::json::to_string(a).map_err(|e| RenderError::Serialise(e.to_string()))?;
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
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#.to_string()),
        ("docProps/core.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>dsa render</dc:creator></cp:coreProperties>", xml_text(&a.title))),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/></Relationships>"#.to_string()),
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
