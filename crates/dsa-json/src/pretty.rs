//! Pretty JSON exactly as `serde_json::to_string_pretty` writes it (two-space indent),
//! by a serde `Serializer` of its own. Written by hand because serde_json looks at every
//! byte of every string, one at a time, for characters to escape, and offers no way to
//! change that: an agreement's JSON is mostly provenance text, and a migration writes
//! one per document. Here clean runs are found eight bytes at a time and copied whole;
//! numbers are still formatted by serde_json's own formatter. Byte-identical output is
//! tested against serde_json (nested values, every escape, the samples' goldens, and
//! generated agreements).

use serde::ser::{self, Serialize};
use serde_json::ser::{CompactFormatter, Formatter as _};

type Error = serde_json::Error;

/// `value` as pretty JSON (no trailing newline).
pub(crate) fn to_vec<T: ?Sized + Serialize>(value: &T, capacity: usize) -> Result<Vec<u8>, Error> {
    let mut w = Writer {
        out: Vec::with_capacity(capacity),
        depth: 0,
        has_value: false,
    };
    value.serialize(&mut w)?;
    Ok(w.out)
}

/// The output and serde_json's `PrettyFormatter` state: the nesting depth, and whether the
/// container being written holds a value yet (its closing bracket then goes on a line of
/// its own).
struct Writer {
    out: Vec<u8>,
    depth: usize,
    has_value: bool,
}

/// ",\n" then the indentation of the deepest level written in one piece.
const BREAK: &[u8; 2 + 2 * 32] =
    b",\n                                                                ";

impl Writer {
    /// A line break (after a comma when `comma`) and the current indentation.
    fn line(&mut self, comma: bool) {
        let from = usize::from(!comma);
        let most = (BREAK.len() - 2) / 2;
        self.out
            .extend_from_slice(&BREAK[from..2 + 2 * self.depth.min(most)]);
        for _ in most..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.has_value = false;
        self.out.push(bracket);
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.has_value {
            self.line(false);
        }
        self.out.push(bracket);
    }

    /// `[]` or `{}` for a container known to be empty, as serde_json writes it.
    fn empty(&mut self, brackets: &[u8; 2]) {
        self.out.extend_from_slice(brackets);
        self.has_value = false;
    }

    fn string(&mut self, s: &str) {
        self.out.push(b'"');
        escape_into(&mut self.out, s.as_bytes());
        self.out.push(b'"');
    }

    /// `{ "variant": ` of an enum variant with content (serde's external tagging).
    fn open_variant(&mut self, variant: &str) {
        self.open(b'{');
        self.line(false);
        self.string(variant);
        self.out.extend_from_slice(b": ");
    }

    /// After a variant's content: the closing `}` of [`Writer::open_variant`].
    fn close_variant(&mut self) {
        self.has_value = true;
        self.close(b'}');
    }
}

/// How many bytes at the start of `s` need no escaping. Eight bytes at a time: a byte is
/// flagged when below 0x20, a quote or a backslash; the lowest flag is exact (borrows only
/// carry upwards), and the byte found is checked again before it counts.
fn clean_prefix(s: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut i = 0;
    for chunk in s.chunks_exact(8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let w = u64::from_le_bytes(bytes);
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let flags = control
            | zero_byte(w ^ (ONES * u64::from(b'"')))
            | zero_byte(w ^ (ONES * u64::from(b'\\')));
        if flags != 0 {
            let at = i + (flags.trailing_zeros() / 8) as usize;
            if needs_escape(s[at]) {
                return at;
            }
            // Not reached given the arithmetic above; scanning on keeps it right regardless.
            return at + 1 + clean_prefix(&s[at + 1..]);
        }
        i += 8;
    }
    i + s[i..].iter().take_while(|b| !needs_escape(**b)).count()
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// JSON string escaping as serde_json does it: quote, backslash and the C0 controls
/// (short forms where JSON has them, else `\u00XX` in lower-case hex); nothing else.
fn escape_into(out: &mut Vec<u8>, mut s: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    loop {
        let clean = clean_prefix(s);
        out.extend_from_slice(&s[..clean]);
        let Some(&b) = s.get(clean) else {
            return;
        };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
        }
        s = &s[clean + 1..];
    }
}

/// Writing to memory cannot fail; serde_json's formatter still returns io results.
fn io(r: std::io::Result<()>) -> Result<(), Error> {
    r.map_err(Error::io)
}

/// The elements or members of a container being written.
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    /// Written as `[]`/`{}` already (serde_json's form for a length known to be 0).
    empty: bool,
    /// Content of an enum variant: closes its `{ "variant": ` too.
    variant: bool,
}

impl Compound<'_> {
    fn next_line(&mut self) {
        let first = std::mem::take(&mut self.first);
        self.w.line(!first);
    }

    fn element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.next_line();
        v.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, v: &T) -> Result<(), Error> {
        self.next_line();
        self.w.string(key);
        self.w.out.extend_from_slice(b": ");
        v.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }

    fn finish(self, bracket: u8) -> Result<(), Error> {
        if !self.empty {
            self.w.close(bracket);
        }
        if self.variant {
            self.w.close_variant();
        }
        Ok(())
    }
}

/// serde's integer methods, each written by serde_json's own formatter.
macro_rules! integers {
    ($($method:ident($t:ty) $write:ident),*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            io(CompactFormatter.$write(&mut self.out, v))
        }
    )*};
}

/// The same for map keys: written quoted, as JSON keys are strings.
macro_rules! quoted_integers {
    ($($method:ident($t:ty) $write:ident),*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            self.quoted(|o| CompactFormatter.$write(o, v))
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    integers!(
        serialize_i8(i8) write_i8, serialize_i16(i16) write_i16, serialize_i32(i32) write_i32,
        serialize_i64(i64) write_i64, serialize_i128(i128) write_i128, serialize_u8(u8) write_u8,
        serialize_u16(u16) write_u16, serialize_u32(u32) write_u32, serialize_u64(u64) write_u64,
        serialize_u128(u128) write_u128
    );
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if v.is_finite() {
            io(CompactFormatter.write_f32(&mut self.out, v))
        } else {
            self.serialize_unit()
        }
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if v.is_finite() {
            io(CompactFormatter.write_f64(&mut self.out, v))
        } else {
            self.serialize_unit()
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Error> {
        self.serialize_str(v)
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
        self.open_variant(variant);
        v.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        let empty = len == Some(0);
        if empty {
            self.empty(b"[]");
        } else {
            self.open(b'[');
        }
        Ok(Compound {
            w: self,
            first: true,
            empty,
            variant: false,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        let mut c = self.serialize_seq(Some(len))?;
        c.variant = true;
        Ok(c)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        let empty = len == Some(0);
        if empty {
            self.empty(b"{}");
        } else {
            self.open(b'{');
        }
        Ok(Compound {
            w: self,
            first: true,
            empty,
            variant: false,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        let mut c = self.serialize_map(Some(len))?;
        c.variant = true;
        Ok(c)
    }
}

/// The four sequence forms serde has (a sequence, a tuple, a tuple struct, a tuple
/// variant's content) are written alike: elements, then the closing `]`.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
                self.element(v)
            }
            fn end(self) -> Result<(), Error> {
                Compound::finish(self, b']')
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.next_line();
        key.serialize(Key(&mut *self.w))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.w.out.extend_from_slice(b": ");
        v.serialize(&mut *self.w)?;
        self.w.has_value = true;
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::finish(self, b'}')
    }
}

/// A struct and a struct variant's content are written alike: fields, then `}`.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), Error> {
                self.field(key, v)
            }
            fn end(self) -> Result<(), Error> {
                Compound::finish(self, b'}')
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

/// A map key: JSON keys are strings, so scalars are written quoted, as serde_json does.
struct Key<'a>(&'a mut Writer);

impl Key<'_> {
    fn quoted(self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<(), Error> {
        self.0.out.push(b'"');
        io(write(&mut self.0.out))?;
        self.0.out.push(b'"');
        Ok(())
    }
}

fn key_error() -> Error {
    ser::Error::custom("key must be a string")
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(|o| CompactFormatter.write_bool(o, v))
    }
    quoted_integers!(
        serialize_i8(i8) write_i8, serialize_i16(i16) write_i16, serialize_i32(i32) write_i32,
        serialize_i64(i64) write_i64, serialize_i128(i128) write_i128, serialize_u8(u8) write_u8,
        serialize_u16(u16) write_u16, serialize_u32(u32) write_u32, serialize_u64(u64) write_u64,
        serialize_u128(u128) write_u128
    );
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(ser::Error::custom("float key must be finite"));
        }
        self.quoted(|o| CompactFormatter.write_f32(o, v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(ser::Error::custom("float key must be finite"));
        }
        self.quoted(|o| CompactFormatter.write_f64(o, v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Error> {
        self.serialize_str(v)
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
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours<T: Serialize>(v: &T) -> String {
        String::from_utf8(to_vec(v, 0).unwrap()).unwrap()
    }

    #[test]
    fn writes_what_serde_json_pretty_writes() {
        // Empty and nested containers, scalars, and nesting deeper than the indentation
        // written in one piece.
        let mut deep = serde_json::json!({"leaf": [1, "two", null, true, 2.5, -7, {}, []]});
        for i in 0..40 {
            deep = if i % 2 == 0 {
                serde_json::json!({ "k": deep, "e": {}, "a": [] })
            } else {
                serde_json::json!([deep, "x", { "y": [] }])
            };
        }
        for v in [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"a": {"b": [1, [2, [3]], {"c": "d\n\"e\""}]}}),
            serde_json::json!([0.1, 1e300, -0.0, 12345678901234567890u64, i64::MIN]),
            deep,
        ] {
            assert_eq!(ours(&v), serde_json::to_string_pretty(&v).unwrap());
        }
    }

    #[test]
    fn escapes_as_serde_json_does_at_every_offset() {
        // Every byte that needs escaping, and some that do not, at every position of an
        // eight-byte chunk, in runs of every length around it.
        let specials = [
            '"', '\\', '\u{0}', '\u{8}', '\u{c}', '\n', '\r', '\t', '\u{1f}',
        ];
        let plain = [
            'a', ' ', '~', '\u{7f}', 'é', '—', '😀', '!', '#', ']', '^', '`',
        ];
        for c in specials.iter().chain(&plain) {
            for before in 0..17 {
                for after in [0, 1, 7, 8, 9] {
                    let s = format!("{}{c}{}", "x".repeat(before), "y".repeat(after));
                    assert_eq!(ours(&s), serde_json::to_string_pretty(&s).unwrap(), "{s:?}");
                }
            }
        }
        // Bytes 0x20 to 0x7f and beyond in every combination of two.
        for a in (0u32..0x90).filter_map(char::from_u32) {
            let s: String = [a, 'q', a, a, 'z', 'z', 'z', 'z', 'z', a].iter().collect();
            assert_eq!(ours(&s), serde_json::to_string_pretty(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn enums_keys_and_odd_values_as_serde_json() {
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, String),
            EmptyTuple(),
            Struct { a: Option<f64>, b: Vec<u8> },
            EmptyStruct {},
        }
        #[derive(serde::Serialize)]
        struct Wrapper(String);
        let mut keyed = std::collections::BTreeMap::new();
        keyed.insert(3u32, "three");
        keyed.insert(10, "ten");
        let mut chars = std::collections::BTreeMap::new();
        chars.insert('k', vec![E::Unit]);
        let values = (
            vec![
                E::Unit,
                E::New(7),
                E::Tuple(1, "x\"y".into()),
                E::EmptyTuple(),
                E::Struct {
                    a: Some(f64::NAN),
                    b: vec![],
                },
                E::Struct {
                    a: Some(0.25),
                    b: vec![1, 2],
                },
                E::EmptyStruct {},
            ],
            (keyed, chars, Wrapper("w".into()), 'c', ()),
            serde_bytes_like(),
        );
        assert_eq!(
            ours(&values),
            serde_json::to_string_pretty(&values).unwrap()
        );
    }

    /// Bytes as serde writes a byte slice (an array of numbers).
    fn serde_bytes_like() -> impl Serialize {
        struct B;
        impl Serialize for B {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&[0, 255, 16])
            }
        }
        B
    }
}
