//! The agreement XML reader on arbitrary text; anything it accepts must write back and read
//! again to the same agreement. Seeded from samples/agreements/*.xml.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(agreement) = dsa_xml::from_str(text) {
        let again = dsa_xml::to_string(&agreement).expect("accepted agreement writes");
        let back = dsa_xml::from_str(&again).expect("written agreement reads");
        assert_eq!(agreement, back, "XML round trip changed the agreement");
    }
});
