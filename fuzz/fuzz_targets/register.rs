//! The register reader (xlsx, xlsm, ods, xls by content) on arbitrary bytes. Seeded from
//! samples/trackers.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// calamine has panicked on damaged files; dsa-xlsx catches such panics and reports a
/// damaged workbook (what users get). libFuzzer's panic hook aborts on every panic, so for
/// panics raised inside calamine this hook lets them unwind to dsa-xlsx's catch instead;
/// any other panic still aborts and is a finding.
fn let_calamine_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"))
            {
                return;
            }
            abort(info);
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_calamine_panics_unwind();
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
        dsa_json::to_string(&record.agreement).expect("imported row serialises");
        // Characters XML 1.0 forbids are replaced on import, so every row is packageable.
        dsa_xml::to_string(&record.agreement).expect("imported row writes as XML");
    });
});
