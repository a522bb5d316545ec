//! Import never panics on mutated samples: bytes of the whole file flipped, cut or
//! inserted (most die at the zip layer), and bytes of the main part mutated inside a
//! well-formed package (which reach the XML parser and the recogniser). Bounded: 192 cases
//! per property in the normal test run; `cargo xtask fuzz docx` runs this kind of search
//! for as long as you like.

use proptest::prelude::*;
use std::io::{Read, Write};
use std::path::Path;

fn samples() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/docx");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    v.sort();
    v.into_iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (
            any::<usize>(),
            prop_oneof![
                Just(b"<w:p>".to_vec()),
                Just(b"</w:tc>".to_vec()),
                Just(b"<w:tbl><w:tr><w:tc>".to_vec()),
                Just(b"&#0;".to_vec()),
                Just(b"\xff\xfe".to_vec()),
                Just(b"<!DOCTYPE x>".to_vec()),
                proptest::collection::vec(any::<u8>(), 1..16),
            ]
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
    ]
}

fn apply(mut bytes: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        if bytes.is_empty() {
            break;
        }
        match m {
            Mutation::Flip(i, b) => {
                let i = i % bytes.len();
                bytes[i] ^= b | 1;
            }
            Mutation::Cut(i) => bytes.truncate(i % bytes.len()),
            Mutation::Insert(i, b) => {
                let i = i % bytes.len();
                bytes.splice(i..i, b.iter().copied());
            }
        }
    }
    bytes
}

/// The package with its main part replaced (stored, so the mutation reaches the parser).
fn with_main_part(docx: &[u8], mutate: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        if name == "word/document.xml" {
            b = mutate(b);
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

proptest! {
    // Each case runs in a child process with a time limit, so a hang (calamine's ODS
    // reader once looped for ever on a cut-off file) fails the test instead of stalling CI.
    #![proptest_config(ProptestConfig {
        cases: 192,
        failure_persistence: None,
        timeout: 30_000,
        max_shrink_time: 120_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_files_never_panic(pick in any::<usize>(), ms in proptest::collection::vec(mutation(), 1..6)) {
        let s = samples();
        let bytes = apply(s[pick % s.len()].clone(), &ms);
        let _ = dsa_docx::import(&bytes, Some("mutated.docx"), dsa_docx::Limits::default());
    }

    #[test]
    fn mutated_main_parts_never_panic(pick in any::<usize>(), ms in proptest::collection::vec(mutation(), 1..8)) {
        let s = samples();
        let bytes = with_main_part(&s[pick % s.len()], |b| apply(b, &ms));
        if let Ok(i) = dsa_docx::import(&bytes, Some("mutated.docx"), dsa_docx::Limits::default()) {
            // Whatever was read must still be a writable agreement.
            prop_assert!(dsa_json::to_string(&i.agreement).is_ok());
        }
    }
}
