//! Register import never panics on mutated samples: bytes of the whole file flipped, cut
//! or inserted (.xlsx, .ods, .xls), and bytes of a worksheet or shared-strings part mutated
//! inside a well-formed package (which reach calamine and header detection). Bounded: 192
//! cases per property; `cargo xtask fuzz register` searches for as long as you like.

use proptest::prelude::*;
use std::io::{Read, Write};
use std::path::Path;

fn samples() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/trackers");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "xlsx" || e == "ods" || e == "xls")
        })
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
                Just(b"<row r=\"1048576\">".to_vec()),
                Just(b"<c r=\"XFD1\" t=\"s\"><v>99999</v></c>".to_vec()),
                Just(b"</si>".to_vec()),
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

/// The package with its sheets and shared strings mutated (stored, so the mutation reaches
/// the parser). Non-zip samples (.xls) are mutated whole.
fn with_main_part(file: &[u8], mutate: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let Ok(mut z) = zip::ZipArchive::new(std::io::Cursor::new(file)) else {
        return mutate(file.to_vec());
    };
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        if name.starts_with("xl/worksheets/")
            || name == "xl/sharedStrings.xml"
            || name == "content.xml"
        {
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
        let _ = dsa_xlsx::import(&bytes, Some("mutated.xlsx"), &dsa_xlsx::Options::default());
    }

    #[test]
    fn mutated_main_parts_never_panic(pick in any::<usize>(), ms in proptest::collection::vec(mutation(), 1..8)) {
        let s = samples();
        let bytes = with_main_part(&s[pick % s.len()], |b| apply(b, &ms));
        if let Ok((records, _)) = dsa_xlsx::import(&bytes, Some("mutated.xlsx"), &dsa_xlsx::Options::default()) {
            // Whatever was read must still be writable agreements.
            for r in records {
                prop_assert!(dsa_json::to_string(&r.agreement).is_ok());
            }
        }
    }
}
