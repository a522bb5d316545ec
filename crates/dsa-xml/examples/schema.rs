//! Prints the XSD (used while developing the generator).
fn main() {
    print!("{}", dsa_xml::xsd::generate());
}
