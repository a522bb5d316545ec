//! Import throughput over the DOCX samples (criterion). The pandoc comparison run in
//! the same go is `cargo xtask bench-docx`; figures and method are in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn samples() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/docx");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("samples/docx")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .map(|p| {
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(&p).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    let files = samples();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut g = c.benchmark_group("import_all_samples");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("dsa_docx::import", |b| {
        b.iter(|| {
            for (name, data) in &files {
                let imp = dsa_docx::import(data, Some(name), dsa_docx::Limits::default())
                    .expect("sample imports");
                std::hint::black_box(imp);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
