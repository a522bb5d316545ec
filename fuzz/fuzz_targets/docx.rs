//! The DOCX reader on arbitrary bytes: must return a document or an error, never panic,
//! hang or allocate without bound. Seeded from samples/docx (FUZZING.md).
//!
//! Input starting with `PK` is read as the whole file (container, relationships, parts).
//! Anything else is wrapped as `word/document.xml` of a minimal stored package: byte
//! mutations of a deflated zip mostly die at the CRC check, so this is how the
//! WordprocessingML parser and the recogniser get fuzzed in depth.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fn wrap(document_xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 3] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#),
        ("word/document.xml", document_xml),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, stored).expect("in-memory zip");
        zip.write_all(bytes).expect("in-memory zip");
    }
    zip.finish().expect("in-memory zip").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let limits = dsa_docx::Limits {
        // Small enough that libFuzzer's own RSS limit (2 GiB) is never the one that stops a run.
        max_part_bytes: 16 << 20,
        ..dsa_docx::Limits::default()
    };
    let wrapped;
    let bytes = if data.starts_with(b"PK") {
        data
    } else {
        wrapped = wrap(data);
        &wrapped
    };
    if let Ok(import) = dsa_docx::import(bytes, Some("fuzz.docx"), limits) {
        // What was imported must serialise in both formats: a reader that builds an
        // unwritable agreement is a bug (migration could not package it).
        dsa_json::to_string(&import.agreement).expect("imported agreement serialises");
        dsa_xml::to_string(&import.agreement).expect("imported agreement writes as XML");
    }
});
