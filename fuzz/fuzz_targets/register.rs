//! The register reader (xlsx, xlsm, ods, xls by content) on arbitrary bytes. Seeded from
//! samples/trackers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = dsa_xlsx::Options {
        max_rows: Some(10_000),
        ..dsa_xlsx::Options::default()
    };
    let _ = dsa_xlsx::import_each(data, Some("fuzz.xlsx"), &options, |record| {
        dsa_model::json::to_string(&record.agreement).expect("imported row serialises");
    });
});
