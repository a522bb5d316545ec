//! Streaming WordprocessingML reader: quick-xml events → block tree.
//!
//! Hand-written over quick-xml because docx-rust (0.1.11) rejects pandoc's
//! `w:val="true"` booleans, drops tracked-insertion text and hides block-level
//! content controls; the constructs that matter here are few and listed below.
//!
//! - tracked changes, accept-all: `w:ins`/`w:moveTo` kept, `w:del`/`w:moveFrom` dropped;
//!   formatting-change records (`w:rPrChange`, `w:pPrChange`, ...) ignored;
//! - content controls (`w:sdt`) at any level are transparent; checkbox controls
//!   (`w14:checkbox`), legacy form checkboxes (`w:ffData/w:checkBox`) and box or tick
//!   symbols become runs with their state (`Run::check`, shown as ☒/☐);
//! - fields: instruction text dropped, result text kept;
//! - `mc:AlternateContent`: the `mc:Choice` branch only;
//! - `w:sym` (Wingdings boxes and ticks mapped to Unicode), tabs, breaks,
//!   non-breaking and soft hyphens.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::blocks::{Block, Cell, Paragraph, Row, Run, Table};
use crate::error::DocxError;

/// Heading levels of paragraph styles, from styles.xml.
#[derive(Debug, Default, Clone)]
pub struct Styles {
    levels: HashMap<String, u8>,
    lists: std::collections::HashSet<String>,
    /// The list (`w:numId`, `w:ilvl`) a style numbers its paragraphs with.
    list_refs: HashMap<String, (String, u8)>,
}

impl Styles {
    /// Heading level of a style id, if it is a heading style.
    pub fn heading_level(&self, style_id: &str) -> Option<u8> {
        self.levels.get(style_id).copied()
    }

    /// Whether paragraphs of this style are list items (numbering set by the style).
    pub fn is_list(&self, style_id: &str) -> bool {
        self.lists.contains(style_id)
    }

    /// The list a style numbers its paragraphs with, if it names one.
    pub fn list_ref(&self, style_id: &str) -> Option<&(String, u8)> {
        self.list_refs.get(style_id)
    }
}

/// An attribute's value by local name (any prefix), normalised as XML 1.0 requires.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    // Without the duplicate check (a list of the element's keys, allocated per element):
    // the first attribute of a name is the one taken either way.
    e.attributes().with_checks(false).flatten().find_map(|a| {
        let key = a.key.as_ref();
        let local = after_prefix(key);
        (local == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

/// OOXML on/off value: absent, `true`, `1`, `on` mean on.
fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("false" | "0" | "off" | "none")
    )
}

// Borrowed, not allocated: these run once per element of every part.
fn local_name<'b>(e: &'b BytesStart<'_>) -> &'b str {
    after_prefix(e.name().0)
}

/// The part of a qualified name after its prefix ("w:p" -> "p"). Names are a few bytes:
/// a plain scan beats setting up a split iterator, and this runs for every element.
fn after_prefix(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn full_name<'b>(e: &'b BytesStart<'_>) -> &'b str {
    e.name().0
}

/// Heading level from a style name: "heading 1", "Heading1", "Title", "Überschrift 2"
/// (localised names usually keep the number; the outline level decides otherwise).
fn level_from_name(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase();
    if n == "title" {
        return Some(0);
    }
    let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
    let word: String = n.chars().filter(|c| c.is_alphabetic()).collect();
    let heading_words = [
        "heading",
        "berschrift",
        "überschrift",
        "titre",
        "titolo",
        "título",
        "kop",
        "rubrik",
    ];
    if heading_words.iter().any(|w| word.starts_with(w)) {
        return digits.parse::<u8>().ok().filter(|l| (1..=9).contains(l));
    }
    None
}

/// Reads heading levels from styles.xml: by style name, else by the style's outline level,
/// else inherited through `w:basedOn`.
pub fn parse_styles(xml: &str) -> Styles {
    let mut reader = Reader::from_str(xml);
    let mut id: Option<String> = None;
    let mut name_level: Option<u8> = None;
    let mut outline: Option<u8> = None;
    let mut based_on: Option<String> = None;
    let mut direct: HashMap<String, u8> = HashMap::new();
    let mut parents: HashMap<String, String> = HashMap::new();
    let mut numbered = false;
    let mut lists = std::collections::HashSet::new();
    let mut list_refs: HashMap<String, (String, u8)> = HashMap::new();
    let mut num_id: Option<String> = None;
    let mut ilvl: u8 = 0;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                "style" => {
                    let paragraph = attr(&e, "type").is_none_or(|t| t == "paragraph");
                    id = if paragraph { attr(&e, "styleId") } else { None };
                    name_level = None;
                    outline = None;
                    based_on = None;
                    numbered = false;
                    num_id = None;
                    ilvl = 0;
                }
                "numPr" if id.is_some() => numbered = true,
                "numId" if id.is_some() => num_id = attr(&e, "val"),
                "ilvl" if id.is_some() => {
                    ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
                }
                "name" if id.is_some() => {
                    name_level = attr(&e, "val").as_deref().and_then(level_from_name);
                }
                "outlineLvl" if id.is_some() => {
                    outline = attr(&e, "val")
                        .and_then(|v| v.parse::<u8>().ok())
                        .filter(|v| *v < 9)
                        .map(|v| v + 1);
                }
                "basedOn" if id.is_some() => based_on = attr(&e, "val"),
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some(i) = id.take() {
                    if numbered {
                        lists.insert(i.clone());
                        if let Some(n) = num_id.take() {
                            list_refs.insert(i.clone(), (n, ilvl));
                        }
                    }
                    if let Some(l) = name_level.or(outline) {
                        direct.insert(i.clone(), l);
                    }
                    if let Some(b) = based_on.take() {
                        parents.insert(i, b);
                    }
                }
            }
            Event::Eof | Event::DocType(_) => break,
            _ => {}
        }
    }
    let mut levels = direct.clone();
    for id in parents.keys() {
        let mut cur = id.clone();
        for _ in 0..16 {
            if let Some(l) = direct.get(&cur) {
                levels.entry(id.clone()).or_insert(*l);
                break;
            }
            match parents.get(&cur) {
                Some(p) => cur = p.clone(),
                None => break,
            }
        }
    }
    // Common ids, for documents whose styles.xml is missing or minimal.
    for l in 1..=9u8 {
        levels.entry(format!("Heading{l}")).or_insert(l);
    }
    levels.entry("Title".into()).or_insert(0);
    Styles {
        levels,
        lists,
        list_refs,
    }
}

/// Namespace of the custom XML part `dsa render` writes (dsa-render's `EMBED_NAMESPACE`).
pub const RENDER_NAMESPACE: &str = "urn:pan-london-dsa:render:1";

/// Reads a `dsa render` custom XML part: its `documentSha256` and the embedded JSON.
/// `None` for any other custom XML.
pub fn rendered_part(xml: &str) -> Option<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut fingerprint = None;
    let mut json = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if fingerprint.is_none() => {
                if local_name(&e) != "rendered"
                    || !e.attributes().flatten().any(|a| {
                        a.key.as_ref().starts_with("xmlns") && a.value.as_ref() == RENDER_NAMESPACE
                    })
                {
                    return None;
                }
                fingerprint = Some(attr(&e, "documentSha256")?);
            }
            Event::Text(t) if fingerprint.is_some() => json.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if fingerprint.is_some() => match r.resolve_char_ref() {
                Ok(Some(c)) => json.push(c),
                _ => json.push_str(quick_xml::escape::resolve_predefined_entity(&r)?),
            },
            Event::End(_) | Event::Eof => break,
            Event::DocType(_) => return None,
            _ => {}
        }
    }
    Some((fingerprint?, json))
}

/// Maps a `w:sym` character to Unicode: boxes and ticks as recognition reads marks, the
/// rest by its font's encoding (`symbols`). Wingdings is assumed when no font is named.
fn sym_char(font: Option<&str>, code: &str) -> Option<char> {
    let v = u32::from_str_radix(code.trim(), 16).ok()?;
    let f = font.and_then(crate::symbols::SymbolFont::of).or(font
        .is_none()
        .then_some(crate::symbols::SymbolFont::Wingdings));
    match f {
        Some(f) => crate::symbols::to_unicode(f, v),
        None => char::from_u32(v).filter(|c| !c.is_control()),
    }
}

#[derive(Default)]
struct Field {
    in_instruction: bool,
    checkbox: Option<bool>,
    glyph_done: bool,
}

#[derive(Default)]
struct Sdt {
    checkbox: Option<bool>,
    in_content: bool,
}

struct TableFrame {
    table: Table,
    row: Option<Row>,
}

/// Ends a paragraph: into the enclosing container, with a checkbox glyph from a
/// block-level content control put in front.
fn close_paragraph(paras: &mut Vec<Paragraph>, containers: &mut [Vec<Block>], check: Option<bool>) {
    if let Some(mut p) = paras.pop() {
        if let Some(c) = check {
            p.runs.insert(
                0,
                Run {
                    text: if c { "☒" } else { "☐" }.to_string(),
                    check: Some(c),
                    ..Run::default()
                },
            );
        }
        if let Some(b) = containers.last_mut() {
            b.push(Block::Paragraph(p));
        }
    }
}

/// Ends a table cell: its blocks into the cell, the cell into the current row.
fn close_cell(cells: &mut Vec<Cell>, containers: &mut Vec<Vec<Block>>, tables: &mut [TableFrame]) {
    let blocks = containers.pop().unwrap_or_default();
    if let (Some(mut c), Some(t)) = (cells.pop(), tables.last_mut()) {
        c.blocks = blocks;
        if let Some(row) = t.row.as_mut() {
            row.cells.push(c);
        }
    }
}

/// Reads a body-like part (document, header, footer) into blocks.
pub fn parse_blocks(
    part: &str,
    xml: &str,
    styles: &Styles,
    max_depth: usize,
    notes: &mut Vec<String>,
) -> Result<Vec<Block>, DocxError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);

    let mut containers: Vec<Vec<Block>> = vec![Vec::new()];
    let mut tables: Vec<TableFrame> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut paras: Vec<Paragraph> = Vec::new();
    let mut run: Option<Run> = None;
    let mut fields: Vec<Field> = Vec::new();
    let mut sdts: Vec<Sdt> = Vec::new();
    // A block-level checkbox control's state, for the paragraph it holds.
    let mut pending_glyph: Option<bool> = None;

    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    let mut in_ppr = 0usize;
    let mut in_rpr = 0usize;
    let mut in_tcpr = 0usize;
    let mut in_sdtpr = 0usize;
    let mut in_text = false;
    // The symbol font of the run being read, if it is in one.
    let mut run_font: Option<crate::symbols::SymbolFont> = None;
    let mut suppress_box_glyphs = 0usize;
    let mut dropped_deletions = 0usize;

    /// A checkbox's state: on the run being read (shown as `glyph`, ☒/☐ for controls),
    /// or a run of its own.
    fn push_check(paras: &mut [Paragraph], run: &mut Option<Run>, state: bool, glyph: &str) {
        if let Some(r) = run.as_mut() {
            r.text.push_str(glyph);
            r.check = Some(state);
        } else if let Some(p) = paras.last_mut() {
            p.runs.push(Run {
                text: glyph.to_string(),
                check: Some(state),
                ..Run::default()
            });
        }
    }

    fn push_text(paras: &mut [Paragraph], run: &mut Option<Run>, s: &str) {
        if let Some(r) = run.as_mut() {
            r.text.push_str(s);
        } else if let Some(p) = paras.last_mut() {
            p.runs.push(Run {
                text: s.to_string(),
                ..Run::default()
            });
        }
    }

    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                // Content never fails an import: keep what was read, say where it stopped.
                notes.push(format!(
                    "{part} is not well-formed XML at byte {}: {e}; content after that point could not be read",
                    reader.buffer_position()
                ));
                depth = 0;
                break;
            }
        };
        let (start, empty) = match &ev {
            Event::Start(_) => (true, false),
            Event::Empty(_) => (true, true),
            _ => (false, false),
        };
        if let Event::DocType(_) = ev {
            return Err(DocxError::Doctype(part.to_string()));
        }
        if let Event::Eof = ev {
            break;
        }
        if start {
            let (Event::Start(e) | Event::Empty(e)) = &ev else {
                continue;
            };
            if !empty {
                depth += 1;
                if depth > max_depth {
                    return Err(DocxError::TooDeep {
                        part: part.to_string(),
                        limit: max_depth,
                    });
                }
            }
            if skip_from.is_some() {
                continue;
            }
            let name = local_name(e);
            let full = full_name(e);
            // Content that accept-all-changes removes, or that is not text.
            let skip = matches!(
                name,
                "del"
                    | "moveFrom"
                    | "delText"
                    | "instrText"
                    | "rPrChange"
                    | "pPrChange"
                    | "sectPrChange"
                    | "tblPrChange"
                    | "trPrChange"
                    | "tcPrChange"
                    | "numberingChange"
                    | "delInstrText"
            ) || full == "mc:Fallback"
                || (name == "Fallback" && full.starts_with("mc"));
            if skip {
                if name == "del" || name == "moveFrom" {
                    dropped_deletions += 1;
                }
                if !empty {
                    skip_from = Some(depth);
                }
                continue;
            }
            match name {
                "p" if !full.starts_with("a:") => paras.push(Paragraph::default()),
                "pPr" if !empty => in_ppr += 1,
                "pStyle" if in_ppr > 0 && in_rpr == 0 => {
                    if let (Some(p), Some(v)) = (paras.last_mut(), attr(e, "val")) {
                        p.heading = p.heading.or(styles.heading_level(&v));
                        p.list = p.list || styles.is_list(&v);
                        if p.list_ref.is_none() {
                            p.list_ref = styles.list_ref(&v).cloned();
                        }
                        p.style = Some(v);
                    }
                }
                "outlineLvl" if in_ppr > 0 => {
                    if let (Some(p), Some(v)) = (
                        paras.last_mut(),
                        attr(e, "val").and_then(|v| v.parse::<u8>().ok()),
                    ) {
                        if v < 9 {
                            p.heading = Some(v + 1);
                        }
                    }
                }
                "numPr" if in_ppr > 0 => {
                    if let Some(p) = paras.last_mut() {
                        p.list = true;
                    }
                }
                // A direct w:numPr overrides the style's list.
                "numId" if in_ppr > 0 => {
                    if let (Some(p), Some(v)) = (paras.last_mut(), attr(e, "val")) {
                        let level = p.list_ref.as_ref().map_or(0, |r| r.1);
                        p.list_ref = Some((v, level));
                    }
                }
                "ilvl" if in_ppr > 0 => {
                    if let (Some(p), Some(v)) = (
                        paras.last_mut(),
                        attr(e, "val").and_then(|v| v.parse::<u8>().ok()),
                    ) {
                        let id = p.list_ref.take().map(|r| r.0).unwrap_or_default();
                        p.list_ref = Some((id, v.min(8)));
                    }
                }
                "r" if in_ppr == 0 => {
                    run = Some(Run::default());
                    run_font = None;
                }
                "rPr" if !empty => in_rpr += 1,
                "strike" | "dstrike" if in_rpr > 0 && in_ppr == 0 => {
                    if let Some(r) = run.as_mut() {
                        r.strike = r.strike || on_off(e);
                    }
                }
                "b" if in_rpr > 0 && in_ppr == 0 => {
                    if let Some(r) = run.as_mut() {
                        r.bold = on_off(e);
                    }
                }
                "rFonts" if in_rpr > 0 && in_ppr == 0 && run.is_some() => {
                    run_font = attr(e, "ascii")
                        .or_else(|| attr(e, "hAnsi"))
                        .as_deref()
                        .and_then(crate::symbols::SymbolFont::of);
                }
                "t" if in_ppr == 0 && !empty => in_text = true,
                "footnoteReference" | "endnoteReference" | "commentReference" => {
                    let kind = match name {
                        "footnoteReference" => crate::blocks::NoteKind::Footnote,
                        "endnoteReference" => crate::blocks::NoteKind::Endnote,
                        _ => crate::blocks::NoteKind::Comment,
                    };
                    if let (Some(p), Some(id)) = (paras.last_mut(), attr(e, "id")) {
                        p.note_refs.push((kind, id));
                    }
                }
                "tab" if in_ppr == 0 && run.is_some() => push_text(&mut paras, &mut run, "\t"),
                "br" | "cr" if run.is_some() => push_text(&mut paras, &mut run, "\n"),
                "noBreakHyphen" => push_text(&mut paras, &mut run, "-"),
                "sym" => {
                    let font = attr(e, "font");
                    if let Some(c) = attr(e, "char").and_then(|c| sym_char(font.as_deref(), &c)) {
                        match c {
                            '☒' | '☑' | '✓' | '✔' => {
                                push_check(&mut paras, &mut run, true, &c.to_string())
                            }
                            '☐' => push_check(&mut paras, &mut run, false, "☐"),
                            _ => push_text(&mut paras, &mut run, &c.to_string()),
                        }
                    }
                }
                "fldChar" => match attr(e, "fldCharType").as_deref() {
                    Some("begin") => fields.push(Field {
                        in_instruction: true,
                        ..Field::default()
                    }),
                    Some("separate") => {
                        if let Some(f) = fields.last_mut() {
                            f.in_instruction = false;
                            if let (Some(c), false) = (f.checkbox, f.glyph_done) {
                                f.glyph_done = true;
                                push_check(&mut paras, &mut run, c, if c { "☒" } else { "☐" });
                            }
                        }
                    }
                    Some("end") => {
                        if let Some(f) = fields.pop() {
                            if let (Some(c), false) = (f.checkbox, f.glyph_done) {
                                push_check(&mut paras, &mut run, c, if c { "☒" } else { "☐" });
                            }
                        }
                    }
                    _ => {}
                },
                "checkBox" if !fields.is_empty() => {
                    if let Some(f) = fields.last_mut() {
                        f.checkbox.get_or_insert(false);
                    }
                }
                "default" | "checked" if !fields.is_empty() && full.starts_with("w:") => {
                    if let Some(f) = fields.last_mut() {
                        if f.checkbox.is_some() {
                            // w:checked overrides w:default.
                            if name == "checked" || f.checkbox != Some(true) {
                                f.checkbox = Some(on_off(e));
                            }
                        }
                    }
                }
                "sdt" => sdts.push(Sdt::default()),
                "sdtPr" if !empty => in_sdtpr += 1,
                "checkbox" if in_sdtpr > 0 => {
                    if let Some(s) = sdts.last_mut() {
                        s.checkbox.get_or_insert(false);
                    }
                }
                "checked" if in_sdtpr > 0 => {
                    if let Some(s) = sdts.last_mut() {
                        s.checkbox = Some(on_off(e));
                    }
                }
                "sdtContent" => {
                    if let Some(s) = sdts.last_mut() {
                        s.in_content = true;
                        if let Some(c) = s.checkbox {
                            if run.is_some() || !paras.is_empty() {
                                push_check(&mut paras, &mut run, c, if c { "☒" } else { "☐" });
                            } else {
                                pending_glyph = Some(c);
                            }
                            if !empty {
                                suppress_box_glyphs += 1;
                            }
                        }
                    }
                }
                "tbl" => tables.push(TableFrame {
                    table: Table::default(),
                    row: None,
                }),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row = Some(Row::default());
                    }
                }
                "tc" => {
                    cells.push(Cell {
                        span: 1,
                        ..Cell::default()
                    });
                    containers.push(Vec::new());
                }
                "tcPr" if !empty => in_tcpr += 1,
                "gridSpan" if in_tcpr > 0 => {
                    if let (Some(c), Some(v)) = (
                        cells.last_mut(),
                        attr(e, "val").and_then(|v| v.parse().ok()),
                    ) {
                        c.span = v;
                    }
                }
                "vMerge" if in_tcpr > 0 => {
                    if let Some(c) = cells.last_mut() {
                        c.merged_continue = attr(e, "val").as_deref() != Some("restart");
                    }
                }
                _ => {}
            }
            if empty {
                // Self-closing elements that open a scope close it at once.
                match name {
                    "p" if !full.starts_with("a:") => {
                        close_paragraph(&mut paras, &mut containers, None)
                    }
                    "r" if in_ppr == 0 => {
                        if let (Some(r), Some(p)) = (run.take(), paras.last_mut()) {
                            p.runs.push(r);
                        }
                    }
                    "tc" => close_cell(&mut cells, &mut containers, &mut tables),
                    "sdt" => {
                        sdts.pop();
                    }
                    _ => {}
                }
            }
            continue;
        }
        match ev {
            Event::End(e) => {
                let closing_depth = depth;
                depth = depth.saturating_sub(1);
                if let Some(from) = skip_from {
                    if closing_depth == from {
                        skip_from = None;
                    }
                    continue;
                }
                // Borrowed: every element ends here, thousands per document.
                let qname = e.name();
                let full: &str = qname.as_ref();
                let name = after_prefix(full);
                match name {
                    "p" if !full.starts_with("a:") => {
                        close_paragraph(&mut paras, &mut containers, pending_glyph.take())
                    }
                    "pPr" => in_ppr = in_ppr.saturating_sub(1),
                    "rPr" => in_rpr = in_rpr.saturating_sub(1),
                    "tcPr" => in_tcpr = in_tcpr.saturating_sub(1),
                    "sdtPr" => in_sdtpr = in_sdtpr.saturating_sub(1),
                    "r" if in_ppr == 0 => {
                        if let (Some(r), Some(p)) = (run.take(), paras.last_mut()) {
                            p.runs.push(r);
                        }
                    }
                    "t" => in_text = false,
                    "sdtContent" => {
                        if let Some(s) = sdts.last() {
                            if s.checkbox.is_some() {
                                suppress_box_glyphs = suppress_box_glyphs.saturating_sub(1);
                            }
                        }
                    }
                    "sdt" => {
                        sdts.pop();
                    }
                    "tc" => close_cell(&mut cells, &mut containers, &mut tables),
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            if let Some(r) = t.row.take() {
                                t.table.rows.push(r);
                            }
                        }
                    }
                    "tbl" => {
                        if let Some(t) = tables.pop() {
                            if let Some(b) = containers.last_mut() {
                                b.push(Block::Table(t.table));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip_from.is_none() => {
                if fields.last().is_some_and(|f| f.in_instruction) {
                    continue;
                }
                let s = t.xml10_content();
                // Text in a symbol font is its symbols.
                let s = match run_font {
                    Some(f) => std::borrow::Cow::Owned(crate::symbols::map_text(f, &s)),
                    None => s,
                };
                // Soft hyphens and (inside a checkbox control) its glyphs are dropped; text
                // in plain ASCII has neither and is copied as it is.
                if s.is_ascii() {
                    push_text(&mut paras, &mut run, &s);
                } else {
                    let s: String = s
                        .chars()
                        .filter(|c| *c != '\u{AD}')
                        .filter(|c| suppress_box_glyphs == 0 || !matches!(c, '☒' | '☐' | '☑'))
                        .collect();
                    push_text(&mut paras, &mut run, &s);
                }
            }
            Event::GeneralRef(r) if in_text && skip_from.is_none() => {
                if fields.last().is_some_and(|f| f.in_instruction) {
                    continue;
                }
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r)
                        .unwrap_or("")
                        .to_string(),
                };
                push_text(&mut paras, &mut run, &resolved);
            }
            Event::CData(t) if in_text && skip_from.is_none() => {
                push_text(&mut paras, &mut run, &t.xml10_content());
            }
            _ => {}
        }
    }
    if depth > 0 {
        notes.push(format!(
            "{part} is not well-formed XML: it ends with {depth} element(s) still open (truncated?); what was read is kept"
        ));
    }
    // Unclosed structures in a truncated or malformed part: keep what was read.
    if let Some(r) = run.take() {
        if let Some(p) = paras.last_mut() {
            p.runs.push(r);
        }
    }
    while let Some(p) = paras.pop() {
        if let Some(b) = containers.last_mut() {
            b.push(Block::Paragraph(p));
        }
    }
    while let Some(mut c) = cells.pop() {
        let blocks = if containers.len() > 1 {
            containers.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        c.blocks = blocks;
        if let Some(t) = tables.last_mut() {
            t.row.get_or_insert_with(Row::default).cells.push(c);
        }
    }
    for t in tables.iter_mut() {
        if let Some(r) = t.row.take() {
            t.table.rows.push(r);
        }
    }
    if dropped_deletions > 0 {
        notes.push(format!(
            "{part}: {dropped_deletions} tracked deletion(s) dropped (changes read as accepted)"
        ));
    }
    let mut body = containers.into_iter().next().unwrap_or_default();
    // Tables left open at the end (damaged part): keep their rows.
    for t in tables {
        body.push(Block::Table(t.table));
    }
    Ok(body)
}

/// Splits a footnotes, endnotes or comments part into its notes, each parsed as blocks.
/// Separator notes are kept too: they usually hold no text, but some writers put some in.
pub fn parse_notes(
    part: &str,
    xml: &str,
    kind: crate::blocks::NoteKind,
    styles: &Styles,
    max_depth: usize,
    notes: &mut Vec<String>,
) -> Result<Vec<crate::blocks::Note>, DocxError> {
    let element = match kind {
        crate::blocks::NoteKind::Footnote => "footnote",
        crate::blocks::NoteKind::Endnote => "endnote",
        crate::blocks::NoteKind::Comment => "comment",
    };
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) if local_name(&e) == element && open.is_none() => {
                open = Some((attr(&e, "id").unwrap_or_default(), before));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == element => {
                if let Some((id, start)) = open.take() {
                    let end = reader.buffer_position() as usize;
                    let inner = xml.get(start..end).unwrap_or("");
                    let blocks = parse_blocks(part, inner, styles, max_depth, notes)?;
                    out.push(crate::blocks::Note { kind, id, blocks });
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                notes.push(format!("{part}: read up to a damaged element ({e})"));
                break;
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The `dc:title` of a core-properties part, trimmed; `None` when absent or empty.
pub fn core_title(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut in_title = false;
    let mut out = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if local_name(&e) == "title" => in_title = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "title" => break,
            Ok(Event::Text(t)) if in_title => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_title => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    match &*r.into_inner() {
                        "lt" => out.push('<'),
                        "gt" => out.push('>'),
                        "amp" => out.push('&'),
                        "quot" => out.push('"'),
                        "apos" => out.push('\''),
                        _ => {}
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let t = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(body: &str) -> Paragraph {
        let xml = format!(
            r#"<w:document xmlns:w="w" xmlns:w14="w14"><w:body>{body}</w:body></w:document>"#
        );
        let blocks = parse_blocks(
            "word/document.xml",
            &xml,
            &parse_styles(""),
            64,
            &mut Vec::new(),
        )
        .expect("parse");
        match blocks.into_iter().next() {
            Some(Block::Paragraph(p)) => p,
            other => panic!("{other:?}"),
        }
    }

    /// A checkbox is carried with its state, whatever glyph its content shows.
    #[test]
    fn checkbox_state_is_typed() {
        let p = paragraph(
            r#"<w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t> Name</w:t></w:r></w:p>"#,
        );
        assert_eq!(p.leading_check(), Some(true));
        assert_eq!(p.text().trim(), "☒ Name");
        let p = paragraph(
            r#"<w:p><w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r><w:r><w:t> Victims</w:t></w:r></w:p>"#,
        );
        assert_eq!(p.leading_check(), Some(false));
        let p = paragraph(r#"<w:p><w:r><w:t>Victims ☒</w:t></w:r></w:p>"#);
        assert_eq!(p.leading_check(), None);
    }

    /// Text in a symbol font is its symbols, not Latin letters.
    #[test]
    fn symbol_font_runs_are_mapped() {
        let p = paragraph(
            r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>a</w:t></w:r><w:r><w:t> = 1</w:t></w:r></w:p>"#,
        );
        assert_eq!(p.text(), "α = 1");
    }

    #[test]
    fn note_anchors_are_kept() {
        let p = paragraph(
            r#"<w:p><w:r><w:t>Parties</w:t></w:r><w:r><w:footnoteReference w:id="3"/></w:r></w:p>"#,
        );
        assert_eq!(
            p.note_refs,
            vec![(crate::blocks::NoteKind::Footnote, "3".to_string())]
        );
    }
}
