//! Agreement → XML, written straight from the model by a serde `Serializer`.
//!
//! The mapping is the model's JSON form (see the crate docs): a struct or map is an
//! element holding one child per field, a list is a wrapper holding one item element per
//! member (named by [`item_name`]), a string or number is an element's text, an absent
//! value (`null`) writes nothing, an empty list or object is an empty element, and an
//! enum variant with data is an element named by the variant inside the field's element.
//! Streaming instead of building a `serde_json::Value` first saves an allocation per
//! field: this runs for every agreement of a migration.

use std::fmt::Write as _;

use dsa_model::Agreement;
use serde::ser::{self, Serialize};

use crate::{is_xml_char, item_name, XmlError, NAMESPACE};

/// Writes an agreement as an XML document (UTF-8, two-space indent, trailing newline).
pub fn to_string(a: &Agreement) -> Result<String, XmlError> {
    let mut w = Writer {
        out: String::with_capacity(64 * 1024),
        path: Vec::new(),
    };
    // Depth 0 is the root: see `Children::member_starts`.
    a.serialize(Element {
        w: &mut w,
        name: "agreement",
        depth: 0,
    })
    .map_err(Error::into_xml)?;
    Ok(w.out)
}

/// Output and the JSON Pointer of the value being written (for error messages only).
struct Writer {
    out: String,
    path: Vec<Segment>,
}

enum Segment {
    Field(&'static str),
    Key(String),
    Index(usize),
}

impl Writer {
    fn pointer(&self) -> String {
        let mut p = String::new();
        for s in &self.path {
            p.push('/');
            match s {
                Segment::Field(f) => p.push_str(f),
                Segment::Key(k) => p.push_str(k),
                Segment::Index(i) => {
                    let _ = write!(p, "{i}");
                }
            }
        }
        p
    }

    /// Two spaces a level, copied in one piece (this runs for every line written).
    fn indent(&mut self, depth: usize) {
        const SPACES: &str = "                                                                ";
        let most = SPACES.len() / 2;
        self.out.push_str(&SPACES[..2 * depth.min(most)]);
        for _ in most..depth {
            self.out.push_str("  ");
        }
    }

    /// `<name>text</name>` with the text escaped.
    fn text_element(&mut self, name: &str, depth: usize, text: &str) -> Result<(), Error> {
        self.indent(depth);
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        escape_into(&mut self.out, text, false).map_err(|code| Error::Char {
            path: self.pointer(),
            code,
        })?;
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
        Ok(())
    }

    fn open(&mut self, name: &str, depth: usize) {
        self.indent(depth);
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn close(&mut self, name: &str, depth: usize) {
        self.indent(depth);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn empty(&mut self, name: &str, depth: usize) {
        self.indent(depth);
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str("/>\n");
    }
}

/// Why writing stopped; turned into an [`XmlError`] at the end.
#[derive(Debug)]
enum Error {
    Char { path: String, code: u32 },
    Other(String),
}

impl Error {
    fn into_xml(self) -> XmlError {
        match self {
            Error::Char { path, code } => XmlError::UnrepresentableChar { path, code },
            Error::Other(m) => XmlError::Serialise(m),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Char { path, code } => write!(f, "{path} contains U+{code:04X}"),
            Error::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::Other(msg.to_string())
    }
}

/// Bytes `escape_into` must look at: markup, ASCII controls, 0xEF, and in attributes the
/// double quote.
const fn attention(attribute: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[0xEF] = true;
    t[b'"' as usize] = attribute;
    t
}
static TEXT_ATTENTION: [bool; 256] = attention(false);
static ATTRIBUTE_ATTENTION: [bool; 256] = attention(true);

/// Escapes text so that a conforming parser returns exactly `s`: markup characters
/// as entities, and carriage returns (and in attributes tabs and newlines) as
/// character references, because XML parsers normalise them otherwise. Fails with the
/// code point of a character XML 1.0 cannot represent at all.
fn escape_into(out: &mut String, s: &str, attribute: bool) -> Result<(), u32> {
    // Byte scan, copying clean runs whole. Every byte that may need attention is ASCII
    // markup, an ASCII control byte, or 0xEF (the lead byte of U+FFFE and U+FFFF);
    // other non-ASCII bytes belong to characters XML 1.0 allows (a &str holds no
    // surrogates).
    let bytes = s.as_bytes();
    let needs_look = if attribute {
        &ATTRIBUTE_ATTENTION
    } else {
        &TEXT_ATTENTION
    };
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // A table lookup per byte over the (long) clean runs; the match below only for
        // the rare byte that may need attention.
        if !needs_look[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let replacement = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#13;",
            b'"' if attribute => "&quot;",
            b'\t' if attribute => "&#9;",
            b'\n' if attribute => "&#10;",
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..=0x1F | 0xEF => {
                let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
                if !is_xml_char(c) {
                    return Err(c as u32);
                }
                i += c.len_utf8();
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
    Ok(())
}

fn not_text() -> Error {
    Error::Other("an attribute or map key must be text".into())
}

/// A number as the JSON form writes it (serde_json's shortest round-trip form);
/// NaN and infinities are null in JSON, so absent here.
fn number_text(v: f64) -> Option<String> {
    serde_json::Number::from_f64(v).map(|n| n.to_string())
}

/// One field's element, `<name>…</name>` at `depth`.
struct Element<'w, 'n> {
    w: &'w mut Writer,
    name: &'n str,
    depth: usize,
}

impl<'w, 'n> Element<'w, 'n> {
    fn leaf(self, text: &str) -> Result<(), Error> {
        self.w.text_element(self.name, self.depth, text)
    }

    fn children(self) -> Children<'w, 'n> {
        Children {
            w: self.w,
            name: self.name,
            depth: self.depth,
            open: false,
            index: 0,
            key: None,
            variant: None,
        }
    }

    /// `{variant: …}`: the field's element holding one element named by the variant.
    fn variant(self, variant: &'static str) -> Children<'w, 'n> {
        self.w.open(self.name, self.depth);
        self.w.path.push(Segment::Field(variant));
        Children {
            w: self.w,
            name: variant,
            depth: self.depth + 1,
            open: false,
            index: 0,
            key: None,
            variant: Some((self.name, self.depth)),
        }
    }
}

macro_rules! element_display {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> Result<(), Error> {
            let mut buf = String::new();
            let _ = write!(buf, "{v}");
            self.leaf(&buf)
        })*
    };
}

impl<'w, 'n> ser::Serializer for Element<'w, 'n> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Children<'w, 'n>;
    type SerializeTuple = Children<'w, 'n>;
    type SerializeTupleStruct = Children<'w, 'n>;
    type SerializeTupleVariant = Children<'w, 'n>;
    type SerializeMap = Children<'w, 'n>;
    type SerializeStruct = Children<'w, 'n>;
    type SerializeStructVariant = Children<'w, 'n>;

    element_display!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64);

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.leaf(if v { "true" } else { "false" })
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        match number_text(v) {
            Some(t) => self.leaf(&t),
            None => Ok(()),
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.leaf(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.leaf(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // As JSON: a list of numbers.
        use ser::SerializeSeq;
        let mut seq = self.children();
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        // Null: the model skips absent options, and an empty element would read back
        // as an empty value, so nothing is written.
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.leaf(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        let (name, depth) = (self.name, self.depth);
        let w = self.w;
        w.open(name, depth);
        w.path.push(Segment::Field(variant));
        v.serialize(Element {
            w,
            name: variant,
            depth: depth + 1,
        })?;
        w.path.pop();
        w.close(name, depth);
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Children<'w, 'n>, Error> {
        Ok(self.children())
    }
    fn serialize_tuple(self, _: usize) -> Result<Children<'w, 'n>, Error> {
        Ok(self.children())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Children<'w, 'n>, Error> {
        Ok(self.children())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Children<'w, 'n>, Error> {
        Ok(self.variant(variant))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Children<'w, 'n>, Error> {
        Ok(self.children())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Children<'w, 'n>, Error> {
        Ok(self.children())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Children<'w, 'n>, Error> {
        Ok(self.variant(variant))
    }
}

/// The members of a list, object or struct inside the element `name`. The start tag is
/// written when the first member starts (a member that is null still counts, as in
/// the JSON form), and an element with no members is written empty.
struct Children<'w, 'n> {
    w: &'w mut Writer,
    name: &'n str,
    depth: usize,
    open: bool,
    index: usize,
    /// A map key waiting for its value.
    key: Option<String>,
    /// For `{variant: …}`: the outer element to close at the end.
    variant: Option<(&'n str, usize)>,
}

impl Children<'_, '_> {
    fn member_starts(&mut self) -> Result<(), Error> {
        if !self.open {
            if self.depth == 0 {
                self.root_start(None)?;
            } else {
                self.w.open(self.name, self.depth);
            }
            self.open = true;
        }
        Ok(())
    }

    /// The root's start tag, with `format_version` as its attribute.
    fn root_start(&mut self, version: Option<&str>) -> Result<(), Error> {
        if self.open {
            return Err(Error::Other(
                "format_version must be the agreement's first field".into(),
            ));
        }
        self.open = true;
        let out = &mut self.w.out;
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<agreement xmlns=\"");
        out.push_str(NAMESPACE);
        out.push('"');
        if let Some(v) = version {
            out.push_str(" format_version=\"");
            escape_into(out, v, true).map_err(|code| Error::Char {
                path: "/format_version".into(),
                code,
            })?;
            out.push('"');
        }
        out.push_str(">\n");
        Ok(())
    }

    fn item<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.member_starts()?;
        self.w.path.push(Segment::Index(self.index));
        self.index += 1;
        v.serialize(Element {
            w: self.w,
            name: item_name(self.name),
            depth: self.depth + 1,
        })?;
        self.w.path.pop();
        Ok(())
    }

    fn field<T: ?Sized + Serialize>(&mut self, name: &str, v: &T) -> Result<(), Error> {
        self.member_starts()?;
        v.serialize(Element {
            w: self.w,
            name,
            depth: self.depth + 1,
        })?;
        self.w.path.pop();
        Ok(())
    }

    fn finish(mut self) -> Result<(), Error> {
        if self.depth == 0 {
            self.member_starts()?;
            self.w.out.push_str("</agreement>\n");
            return Ok(());
        }
        if self.open {
            self.w.close(self.name, self.depth);
        } else {
            self.w.empty(self.name, self.depth);
        }
        if let Some((outer, depth)) = self.variant {
            self.w.path.pop();
            self.w.close(outer, depth);
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Children<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Children<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Children<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Children<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeMap for Children<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(dsa_model::texts::scalar_text(key).ok_or_else(not_text)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error::Other("map value without a key".into()))?;
        self.w.path.push(Segment::Key(key.clone()));
        self.field(&key, v)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Children<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        if self.depth == 0 && key == "format_version" {
            let version = dsa_model::texts::scalar_text(v);
            return self.root_start(version.as_deref());
        }
        self.w.path.push(Segment::Field(key));
        self.field(key, v)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Children<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.w.path.push(Segment::Field(key));
        self.field(key, v)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_is_two_spaces_a_level_at_any_depth() {
        for depth in [0, 1, 7, 32, 33, 40] {
            let mut w = Writer {
                out: String::new(),
                path: Vec::new(),
            };
            w.indent(depth);
            assert_eq!(w.out, "  ".repeat(depth), "depth {depth}");
        }
    }
}
