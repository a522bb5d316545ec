//! XML → Agreement: a bounded element tree, then a serde `Deserializer` over it.

use std::fmt::Display;

use dsa_model::Agreement;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::{XmlError, NAMESPACE};

/// What a document may make the reader do: the one limits type of every reader
/// (`max_depth` and `max_elements` apply here; the model needs a depth of about 8).
pub use dsa_model::Limits;

/// An element: name (local part), attributes, child elements and text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

/// Reads an agreement from bytes as read from a file: UTF-8, a byte-order mark dropped.
pub fn from_slice(bytes: &[u8]) -> Result<Agreement, XmlError> {
    from_slice_with(bytes, Limits::default())
}

/// Reads an agreement from bytes as read from a file, held to `limits`.
pub fn from_slice_with(bytes: &[u8], limits: Limits) -> Result<Agreement, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|e| XmlError::Syntax {
        position: e.valid_up_to() as u64,
        message: format!("not UTF-8 text: {e}"),
    })?;
    from_str_with(text.strip_prefix('\u{FEFF}').unwrap_or(text), limits)
}

/// Reads an agreement from XML text with the default limits.
pub fn from_str(s: &str) -> Result<Agreement, XmlError> {
    from_str_with(s, Limits::default())
}

/// Reads an agreement from XML text.
pub fn from_str_with(s: &str, limits: Limits) -> Result<Agreement, XmlError> {
    // quick-xml does not check characters: a raw NUL or other C0 control is not
    // well-formed XML 1.0 and is refused here, wherever it is (found by fuzzing).
    if let Some((at, c)) = s.char_indices().find(|(_, c)| !crate::is_xml_char(*c)) {
        return Err(XmlError::Syntax {
            position: at as u64,
            message: format!("U+{:04X} is not allowed in XML 1.0", c as u32),
        });
    }
    let root = parse_tree(s, limits)?;
    let ns = root
        .attrs
        .iter()
        .find(|(k, _)| k == "xmlns")
        .map(|(_, v)| v.as_str());
    if root.name != "agreement" || ns != Some(NAMESPACE) {
        return Err(XmlError::WrongRoot {
            found: format!("<{}> in namespace {:?}", root.name, ns.unwrap_or("")),
        });
    }
    let a: Agreement = Agreement::deserialize_from(&root)?;
    dsa_model::json::check_version(&a.format_version).map_err(crate::XmlError::Version)?;
    Ok(a)
}

trait FromNode: Sized {
    fn deserialize_from(n: &Node) -> Result<Self, XmlError>;
}

impl FromNode for Agreement {
    fn deserialize_from(n: &Node) -> Result<Self, XmlError> {
        let de = NodeDe {
            node: n,
            path: format!("/{}", n.name),
        };
        serde::Deserialize::deserialize(de).map_err(|e: DeError| XmlError::Invalid {
            path: e.path,
            message: e.message,
        })
    }
}

fn syntax(reader: &Reader<&[u8]>, e: impl Display) -> XmlError {
    XmlError::Syntax {
        position: reader.buffer_position(),
        message: e.to_string(),
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.to_string(),
    }
}

fn start_node(
    reader: &Reader<&[u8]>,
    e: &quick_xml::events::BytesStart<'_>,
) -> Result<Node, XmlError> {
    let mut node = Node {
        name: local(e.name().as_ref()),
        ..Node::default()
    };
    for attr in e.attributes() {
        let attr = attr.map_err(|err| syntax(reader, err))?;
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| syntax(reader, err))?
            .into_owned();
        // A character reference (&#31;) can bring in what XML 1.0 forbids (found by fuzzing).
        if let Some(c) = value.chars().find(|c| !crate::is_xml_char(*c)) {
            return Err(syntax(
                reader,
                format!(
                    "attribute {key} holds U+{:04X}, which XML 1.0 does not allow",
                    c as u32
                ),
            ));
        }
        if key.starts_with("xmlns:") || key.starts_with("xsi:") {
            continue;
        }
        node.attrs.push((key, value));
    }
    Ok(node)
}

fn parse_tree(s: &str, limits: Limits) -> Result<Node, XmlError> {
    let mut reader = Reader::from_str(s);
    let cfg = reader.config_mut();
    cfg.trim_text(false);
    cfg.check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut count = 0usize;
    let mut root: Option<Node> = None;
    loop {
        let ev = reader.read_event().map_err(|e| syntax(&reader, e))?;
        match ev {
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(syntax(&reader, "content after the root element"));
            }
            Event::Start(e) => {
                count += 1;
                if count > limits.max_elements {
                    return Err(XmlError::TooManyElements {
                        limit: limits.max_elements,
                    });
                }
                if stack.len() >= limits.max_depth {
                    return Err(XmlError::TooDeep {
                        limit: limits.max_depth,
                    });
                }
                let node = start_node(&reader, &e)?;
                stack.push(node);
            }
            Event::Empty(e) => {
                count += 1;
                if count > limits.max_elements {
                    return Err(XmlError::TooManyElements {
                        limit: limits.max_elements,
                    });
                }
                let node = start_node(&reader, &e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(syntax(&reader, "unexpected end tag"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(syntax(&reader, "text outside the root element"));
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| syntax(&reader, e))? {
                    // &#1; and the like are not well-formed XML 1.0.
                    Some(c) if !crate::is_xml_char(c) => {
                        return Err(syntax(
                            &reader,
                            format!(
                                "character reference to U+{:04X}, which XML 1.0 does not allow",
                                c as u32
                            ),
                        ))
                    }
                    Some(c) => c.to_string(),
                    None => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(syntax(&reader, format!("undefined entity &{};", &*r))),
                    },
                };
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Decl(d) => {
                // Agreements are XML 1.0; 1.1 differs in which characters it allows.
                let version = d.version().map_err(|e| syntax(&reader, e))?;
                if version.as_ref() != "1.0" {
                    return Err(syntax(
                        &reader,
                        format!(
                            "XML {} is not accepted; agreements are XML 1.0",
                            version.as_ref()
                        ),
                    ));
                }
            }
            Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(syntax(
            &reader,
            "unexpected end of document (unclosed elements)",
        ));
    }
    root.ok_or_else(|| syntax(&reader, "no root element"))
}

/// A deserialisation error with the element path where it happened.
#[derive(Debug)]
struct DeError {
    path: String,
    message: String,
}

impl Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: Display>(msg: T) -> Self {
        DeError {
            path: String::new(),
            message: msg.to_string(),
        }
    }
}

/// Deserializer over one element. Element content is read according to the type
/// asked for: text for scalars, children for structs (by name) and lists (in order).
struct NodeDe<'a> {
    node: &'a Node,
    path: String,
}

impl<'a> NodeDe<'a> {
    fn err(&self, msg: impl Display) -> DeError {
        DeError {
            path: self.path.clone(),
            message: msg.to_string(),
        }
    }

    /// Attaches this element's path to an error raised below it without one.
    fn at(&self, mut e: DeError) -> DeError {
        if e.path.is_empty() {
            e.path = self.path.clone();
        }
        e
    }

    fn text(&self) -> Result<&'a str, DeError> {
        if let Some(child) = self.node.children.first() {
            return Err(self.err(format!("expected text, found element <{}>", child.name)));
        }
        Ok(&self.node.text)
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, DeError> {
        let t = self.text()?.trim();
        t.parse()
            .map_err(|_| self.err(format!("expected {what}, found {t:?}")))
    }
}

macro_rules! parse_num {
    ($($method:ident => $visit:ident : $ty:ty),+) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                let v: $ty = self.parse(stringify!($ty))?;
                visitor.$visit(v).map_err(|e| self.at(e))
            }
        )+
    };
}

impl<'de, 'a> de::Deserializer<'de> for NodeDe<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.children.is_empty() && self.node.attrs.is_empty() {
            let t = self.node.text.clone();
            visitor.visit_string(t).map_err(|e| self.at(e))
        } else {
            self.deserialize_map(visitor)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let b = match self.text()?.trim() {
            "true" | "1" => true,
            "false" | "0" => false,
            other => return Err(self.err(format!("expected true or false, found {other:?}"))),
        };
        visitor.visit_bool(b).map_err(|e| self.at(e))
    }

    parse_num! {
        deserialize_i8 => visit_i8: i8, deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32, deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8, deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32, deserialize_u64 => visit_u64: u64,
        deserialize_f32 => visit_f32: f32, deserialize_f64 => visit_f64: f64,
        deserialize_char => visit_char: char
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let t = self.text()?.to_string();
        visitor.visit_string(t).map_err(|e| self.at(e))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, DeError> {
        Err(self.err("binary data is not part of the format"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // An element that is present is Some; absence is handled by the struct's defaults.
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit().map_err(|e| self.at(e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if !self.node.text.trim().is_empty() {
            return Err(self.err("expected a list of elements, found text"));
        }
        let path = self.path.clone();
        visitor
            .visit_seq(Seq {
                iter: self.node.children.iter().enumerate(),
                path: &path,
            })
            .map_err(|e| self.at(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if !self.node.text.trim().is_empty() {
            return Err(self.err(format!(
                "expected child elements, found text {:?}",
                self.node.text.trim()
            )));
        }
        let path = self.path.clone();
        let attrs: Vec<Node> = self
            .node
            .attrs
            .iter()
            .filter(|(k, _)| k != "xmlns")
            .map(|(k, v)| Node {
                name: k.clone(),
                text: v.clone(),
                ..Node::default()
            })
            .collect();
        visitor
            .visit_map(Map {
                attrs: attrs.into_iter(),
                children: self.node.children.iter(),
                pending: None,
                path: &path,
            })
            .map_err(|e| self.at(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if self.node.children.is_empty() {
            // A unit variant written as its code.
            let code = self.node.text.trim().to_string();
            let de: de::value::StringDeserializer<DeError> = code.into_deserializer();
            visitor.visit_enum(de).map_err(|e| self.at(e))
        } else {
            Err(self.err("expected a code, found child elements"))
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

struct Seq<'a, I> {
    iter: I,
    path: &'a str,
}

impl<'de, 'a, I> de::SeqAccess<'de> for Seq<'a, I>
where
    I: Iterator<Item = (usize, &'a Node)>,
{
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.iter.next() {
            None => Ok(None),
            Some((i, node)) => {
                let de = NodeDe {
                    node,
                    path: format!("{}/{}[{}]", self.path, node.name, i + 1),
                };
                seed.deserialize(de).map(Some)
            }
        }
    }
}

struct Map<'a> {
    attrs: std::vec::IntoIter<Node>,
    children: std::slice::Iter<'a, Node>,
    pending: Option<Pending<'a>>,
    path: &'a str,
}

enum Pending<'a> {
    Attr(Node),
    Child(&'a Node),
}

impl<'de, 'a> de::MapAccess<'de> for Map<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let (name, pending) = if let Some(a) = self.attrs.next() {
            (a.name.clone(), Pending::Attr(a))
        } else if let Some(c) = self.children.next() {
            (c.name.clone(), Pending::Child(c))
        } else {
            return Ok(None);
        };
        self.pending = Some(pending);
        let de: de::value::StringDeserializer<DeError> = name.into_deserializer();
        seed.deserialize(de).map(Some).map_err(|mut e| {
            if e.path.is_empty() {
                e.path = self.path.to_string();
            }
            e
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.pending.take() {
            Some(Pending::Attr(node)) => {
                let path = format!("{}/@{}", self.path, node.name);
                seed.deserialize(NodeDe { node: &node, path })
            }
            Some(Pending::Child(node)) => {
                let path = format!("{}/{}", self.path, node.name);
                seed.deserialize(NodeDe { node, path })
            }
            None => Err(DeError {
                path: self.path.to_string(),
                message: "value requested before key".into(),
            }),
        }
    }
}
