//! The register reader (xlsx, xlsm, ods, xls by content) on arbitrary bytes. Seeded from
//! samples/trackers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = dsa_xlsx::Options {
        limits: dsa_xlsx::Limits {
            max_rows: 10_000,
            max_cells: 1_000_000,
            max_part_bytes: 16 << 20,
            ..dsa_xlsx::Limits::default()
        },
        ..dsa_xlsx::Options::default()
    };
    let _ = dsa_xlsx::import_each(data, Some("fuzz.xlsx"), &options, |record| {
        dsa_model::json::to_string(&record.agreement).expect("imported row serialises");
    });
});
