//! The agreement JSON reader on arbitrary bytes; anything it accepts must round-trip
//! through XML unchanged. Seeded from samples/agreements/*.json.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(agreement) = dsa_model::json::from_slice(data) {
        // Text XML 1.0 cannot carry is refused by the writer (E-XML-008), never altered.
        if let Ok(xml) = dsa_xml::to_string(&agreement) {
            let back = dsa_xml::from_str(&xml).expect("written agreement reads");
            assert_eq!(
                agreement, back,
                "JSON -> XML -> model changed the agreement"
            );
        }
    }
});
