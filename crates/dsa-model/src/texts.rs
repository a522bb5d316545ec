//! Every text value of an agreement with its JSON Pointer, visited straight from the
//! model by a serde `Serializer`: the placeholder rule reads every field of every
//! agreement, and building a `serde_json::Value` first (provenance included, to be
//! skipped) cost more than the rule itself. [`scalar_text`] gives a scalar's JSON text.

use std::fmt::Write as _;

use serde::ser::{self, Impossible, Serialize};

/// Calls `f(pointer, text)` for every string in `value`'s JSON form, in order, except
/// under the top-level fields named in `skip`. Pointers are as in the JSON form
/// (`/parties/0/name`, keys escaped per RFC 6901).
pub(crate) fn for_each_text<T: Serialize>(value: &T, skip: &[&str], f: &mut dyn FnMut(&str, &str)) {
    let mut w = Walker {
        path: String::new(),
        skip,
        f,
    };
    // Only a type's own Serialize impl can fail; the walk then ends there.
    let _ = value.serialize(&mut w);
}

struct Walker<'a, 'f> {
    path: String,
    skip: &'a [&'a str],
    f: &'f mut dyn FnMut(&str, &str),
}

impl Walker<'_, '_> {
    fn text(&mut self, s: &str) {
        (self.f)(&self.path, s);
    }

    fn push_key(&mut self, key: &str) -> usize {
        let len = self.path.len();
        self.path.push('/');
        for c in key.chars() {
            match c {
                '~' => self.path.push_str("~0"),
                '/' => self.path.push_str("~1"),
                c => self.path.push(c),
            }
        }
        len
    }

    fn member<T: ?Sized + Serialize>(&mut self, key: &str, v: &T) -> Result<(), Error> {
        if self.path.is_empty() && self.skip.contains(&key) {
            return Ok(());
        }
        let len = self.push_key(key);
        let r = v.serialize(&mut *self);
        self.path.truncate(len);
        r
    }
}

/// Why a walk (or [`scalar_text`]) ended early: a type's own Serialize impl, or a value
/// that is not a scalar.
#[derive(Debug)]
pub(crate) struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Walks list items, counting their index; `outer` as in [`Fields`].
struct Items<'w, 'a, 'f> {
    w: &'w mut Walker<'a, 'f>,
    index: usize,
    outer: Option<usize>,
}

impl Items<'_, '_, '_> {
    fn item<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        let len = self.w.path.len();
        let _ = write!(self.w.path, "/{}", self.index);
        self.index += 1;
        let r = v.serialize(&mut *self.w);
        self.w.path.truncate(len);
        r
    }

    fn done(self) -> Result<(), Error> {
        if let Some(len) = self.outer {
            self.w.path.truncate(len);
        }
        Ok(())
    }
}

/// Walks the fields of a struct or map; `outer` is the path length to restore after
/// an enum variant's wrapper (`{variant: …}`).
struct Fields<'w, 'a, 'f> {
    w: &'w mut Walker<'a, 'f>,
    key: Option<String>,
    outer: Option<usize>,
}

impl Fields<'_, '_, '_> {
    fn done(self) -> Result<(), Error> {
        if let Some(len) = self.outer {
            self.w.path.truncate(len);
        }
        Ok(())
    }
}

impl<'w, 'a, 'f> ser::Serializer for &'w mut Walker<'a, 'f> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Items<'w, 'a, 'f>;
    type SerializeTuple = Items<'w, 'a, 'f>;
    type SerializeTupleStruct = Items<'w, 'a, 'f>;
    type SerializeTupleVariant = Items<'w, 'a, 'f>;
    type SerializeMap = Fields<'w, 'a, 'f>;
    type SerializeStruct = Fields<'w, 'a, 'f>;
    type SerializeStructVariant = Fields<'w, 'a, 'f>;

    fn serialize_bool(self, _: bool) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_char(self, c: char) -> Result<(), Error> {
        self.text(c.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, s: &str) -> Result<(), Error> {
        self.text(s);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
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
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Error> {
        self.text(v);
        Ok(())
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
        self.member(variant, v)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Ok(Items {
            w: self,
            index: 0,
            outer: None,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Ok(Items {
            w: self,
            index: 0,
            outer: None,
        })
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Ok(Items {
            w: self,
            index: 0,
            outer: None,
        })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        let outer = self.push_key(variant);
        Ok(Items {
            w: self,
            index: 0,
            outer: Some(outer),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Ok(Fields {
            w: self,
            key: None,
            outer: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Ok(Fields {
            w: self,
            key: None,
            outer: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        let outer = self.push_key(variant);
        Ok(Fields {
            w: self,
            key: None,
            outer: Some(outer),
        })
    }
}

impl ser::SerializeSeq for Items<'_, '_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.done()
    }
}

impl ser::SerializeTuple for Items<'_, '_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.done()
    }
}

impl ser::SerializeTupleStruct for Items<'_, '_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.done()
    }
}

impl ser::SerializeTupleVariant for Items<'_, '_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.item(v)
    }
    fn end(self) -> Result<(), Error> {
        self.done()
    }
}

impl ser::SerializeMap for Fields<'_, '_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.key = scalar_text(key);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        let key = self.key.take().unwrap_or_default();
        self.w.member(&key, v)
    }
    fn end(self) -> Result<(), Error> {
        self.done()
    }
}

impl ser::SerializeStruct for Fields<'_, '_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.w.member(key, v)
    }
    fn end(self) -> Result<(), Error> {
        self.done()
    }
}

impl ser::SerializeStructVariant for Fields<'_, '_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.w.member(key, v)
    }
    fn end(self) -> Result<(), Error> {
        self.done()
    }
}

/// A scalar as the text the JSON form gives it: strings and characters as they are,
/// numbers (floats in serde_json's shortest form), booleans, unit enum variants by name.
/// `None` for an absent value or anything that is not a scalar. Shared by the XML writer
/// (the root's `format_version` attribute, map keys) and the walk here (map keys).
pub fn scalar_text<T: ?Sized + Serialize>(v: &T) -> Option<String> {
    v.serialize(KeyText).ok().flatten()
}

/// The serializer behind [`scalar_text`].
struct KeyText;

impl ser::Serializer for KeyText {
    type Ok = Option<String>;
    type Error = Error;
    type SerializeSeq = Impossible<Option<String>, Error>;
    type SerializeTuple = Impossible<Option<String>, Error>;
    type SerializeTupleStruct = Impossible<Option<String>, Error>;
    type SerializeTupleVariant = Impossible<Option<String>, Error>;
    type SerializeMap = Impossible<Option<String>, Error>;
    type SerializeStruct = Impossible<Option<String>, Error>;
    type SerializeStructVariant = Impossible<Option<String>, Error>;

    fn serialize_bool(self, v: bool) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i8(self, v: i8) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> Result<Option<String>, Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Option<String>, Error> {
        // NaN and infinities are null in the JSON form.
        Ok(serde_json::Number::from_f64(v).map(|n| n.to_string()))
    }
    fn serialize_char(self, v: char) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Option<String>, Error> {
        Ok(None)
    }
    fn serialize_none(self) -> Result<Option<String>, Error> {
        Ok(None)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Option<String>, Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Option<String>, Error> {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Option<String>, Error> {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<Option<String>, Error> {
        Ok(Some(v.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Option<String>, Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Option<String>, Error> {
        Ok(None)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(ser::Error::custom("a map key must be text"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(ser::Error::custom("a map key must be text"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(ser::Error::custom("a map key must be text"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(ser::Error::custom("a map key must be text"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(ser::Error::custom("a map key must be text"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(ser::Error::custom("a map key must be text"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(ser::Error::custom("a map key must be text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Agreement;

    /// The same walk over the JSON value: the reference the walker must agree with.
    fn value_texts(v: &serde_json::Value, path: &mut String, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::String(s) => out.push((path.clone(), s.clone())),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("/{i}"));
                    value_texts(item, path, out);
                    path.truncate(len);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    if path.is_empty() && k == "provenance" {
                        continue;
                    }
                    let len = path.len();
                    path.push('/');
                    path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    value_texts(item, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn walk_agrees_with_the_json_form_for_every_sample() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/agreements");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let a: Agreement = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let mut expected = Vec::new();
            value_texts(
                &serde_json::to_value(&a).unwrap(),
                &mut String::new(),
                &mut expected,
            );
            let mut got = Vec::new();
            for_each_text(&a, &["provenance"], &mut |p, s| {
                got.push((p.to_string(), s.to_string()))
            });
            assert!(!got.is_empty());
            assert_eq!(got, expected, "{path:?}");
            seen += 1;
        }
        assert!(seen >= 3, "samples found: {seen}");
    }
}
