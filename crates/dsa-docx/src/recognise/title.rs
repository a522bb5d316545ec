//! The agreement's title and type (§1, the cover).
//!
//! A document states its title in one of several places: a "Title" row of a cover table,
//! the Title style, a first paragraph that reads as a title (naming an agreement or set in
//! bold), a top heading naming the agreement, or the package's core properties. Several may be present, and the template's
//! own generic heading ("Pan-London Data Sharing Agreement", "The Data Sharing Agreement")
//! often stands above the specific one, so candidates are collected and the strongest
//! kept when the document is finished. The file name is never a title: a document that
//! states none gets an empty title (validation's DSA013) and a note.

use super::*;

/// How many body blocks a cover spans at most: a "Title" row further on (a signature
/// block's) is a job title.
const COVER_BLOCKS: usize = 12;

/// Where a title was read, weakest first: a stronger source replaces a weaker one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TitleSource {
    /// A generic heading that names no agreement in particular.
    Generic,
    /// The package's core properties (`dc:title`), which writers often leave stale.
    CoreProperties,
    /// A top heading naming an agreement or protocol.
    Heading,
    /// The first paragraph of the document, before any section, that reads as a title.
    FirstParagraph,
    /// A paragraph in the Title style.
    TitleStyle,
    /// A cover table's "Title" row (or "Title:" line).
    CoverLabel,
}

/// The best title seen so far.
pub(super) struct TitleChoice {
    source: TitleSource,
    text: String,
    loc: String,
    /// Index of its provenance record.
    prov: usize,
}

/// Whether a title is only the template's generic heading ("Pan-London Data Sharing
/// Agreement", "The Data Sharing Agreement", "Information Sharing Protocol").
pub(super) fn is_generic_title(text: &str) -> bool {
    let n = norm(text);
    let words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !matches!(*w, "the" | "pan" | "london" | "a" | "this"))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    matches!(
        words.join(" ").as_str(),
        "" | "data sharing agreement"
            | "data sharing agreements"
            | "dsa"
            | "information sharing agreement"
            | "information sharing protocol"
            | "data sharing protocol"
            | "data sharing and processing agreement"
            | "data processing and sharing agreement"
            | "agreement"
            | "protocol"
            | "memorandum of understanding"
    )
}

/// Whether a cover label names the title: "Title", "Agreement title", "Name of agreement".
pub(super) fn is_title_label(label: &str) -> bool {
    let n = norm(label);
    let n = n.trim_end_matches([':', '.']).trim();
    matches!(
        n,
        "title"
            | "agreement title"
            | "dsa title"
            | "document title"
            | "protocol title"
            | "title of agreement"
            | "title of the agreement"
            | "title of dsa"
            | "name of agreement"
            | "name of the agreement"
            | "agreement name"
            | "dsa name"
    )
}

/// Whether a paragraph before any section reads as a document title: short, not a
/// sentence, not a "Label: value" line, and naming an agreement, protocol or DSA type
/// (or set apart in bold).
pub(super) fn reads_as_title(text: &str, bold: bool) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 200 || t.ends_with(['.', ';', ',']) {
        return false;
    }
    if let Some((label, _)) = t.split_once(':') {
        if cover_label(label).is_some() {
            return false;
        }
    }
    let n = norm(t);
    let names_agreement = [
        "agreement",
        "protocol",
        "dsa",
        "memorandum",
        "information sharing",
        "data sharing",
    ]
    .iter()
    .any(|w| n.contains(w));
    names_agreement
        || dsa_text::dsa_type_in_title(t).is_some_and(|(_, c)| c >= 1.0)
        || (bold && t.split_whitespace().count() <= 15 && !n.starts_with("official"))
}

impl Recogniser {
    /// Offers a title candidate (`as_written` is the text it was read from, for
    /// provenance); the strongest source wins, the first of equals.
    pub(super) fn offer_title(
        &mut self,
        source: TitleSource,
        text: &str,
        as_written: &str,
        loc: &str,
    ) {
        let clean = strip_placeholders(text);
        let clean = clean.trim();
        if clean.is_empty() {
            return;
        }
        let source = if source > TitleSource::Generic && is_generic_title(clean) {
            TitleSource::Generic
        } else {
            source
        };
        self.seen.entry(Section::Agreement).or_default().0 = true;
        // Every candidate is evidence for §1; which one is the title is decided at the end.
        let prov = self.a.provenance.len();
        self.prov("/title", loc, as_written, None);
        if self.title.as_ref().is_some_and(|t| t.source >= source) {
            return;
        }
        self.title = Some(TitleChoice {
            source,
            text: clean.to_string(),
            loc: loc.to_string(),
            prov,
        });
    }

    /// Whether the text being read is the cover or §1, where a "Title" row is the
    /// agreement's title (in a signature block it is a signatory's job title).
    pub(super) fn on_cover(&self) -> bool {
        self.block < COVER_BLOCKS
            && self
                .path
                .iter()
                .all(|e| e.section.is_none_or(|s| s == Section::Agreement))
    }

    /// Whether a paragraph before the first heading may still be the title: none read
    /// yet, or only a generic one.
    pub(super) fn title_open(&self) -> bool {
        self.title
            .as_ref()
            .is_none_or(|t| t.source <= TitleSource::Generic)
    }

    /// Sets the title and, when the document does not state its type, the type its title
    /// (or else its purpose) names.
    pub(super) fn finish_title(&mut self) {
        let prov = self.title.as_ref().map(|t| t.prov);
        match self.title.take() {
            Some(t) => {
                self.a.title = t.text;
                self.seen.entry(Section::Agreement).or_default().1 += 1;
                if t.source == TitleSource::CoreProperties {
                    self.diag(
                        DiagnosticCode::TitleFromProperties,
                        &t.loc,
                        format!(
                            "title {:?} read from the document properties: the text states none",
                            self.a.title
                        ),
                    );
                }
                if t.source == TitleSource::Generic {
                    self.diag(
                        DiagnosticCode::TitleGeneric,
                        &t.loc,
                        format!(
                            "title {:?} is the template's generic heading: no specific title found",
                            self.a.title
                        ),
                    );
                }
            }
            None => {
                self.a.title.clear();
                self.diag(
                    DiagnosticCode::TitleMissing,
                    "body",
                    "no title found (no cover title, Title style or title paragraph)".into(),
                );
            }
        }
        if self.a.dsa_type.is_none() {
            self.infer_dsa_type(prov);
        }
    }

    /// The type the title names, else the type a purpose names by its full name; the
    /// value's provenance is the record of the text it was read from.
    fn infer_dsa_type(&mut self, title_prov: Option<usize>) {
        let from_title =
            dsa_text::dsa_type_in_title(&self.a.title).and_then(|x| Some((x, title_prov?)));
        let found = from_title.or_else(|| {
            self.a.purposes.iter().enumerate().find_map(|(i, p)| {
                let x = dsa_text::dsa_type_in_purpose(&p.description)?;
                let field = format!("/purposes/{i}");
                let at = self.a.provenance.iter().position(|p| p.field == field)?;
                Some((x, at))
            })
        });
        let Some(((t, conf), at)) = found else {
            return;
        };
        let Some(source) = self
            .a
            .provenance
            .get(at)
            .map(|p| (p.source.clone(), p.text.clone(), p.field.clone()))
        else {
            return;
        };
        let from = source.2;
        self.a.dsa_type = Some(t);
        self.seen.entry(Section::Agreement).or_default().1 += 1;
        if conf < 1.0 {
            self.diags.push(Diagnostic {
                code: DiagnosticCode::TypeInferred,
                section: Some(Section::Agreement.label().to_string()),
                location: source.0.path.clone(),
                message: format!(
                    "type {:?} read from {from} with confidence {conf:.2}",
                    t.wording()
                ),
            });
        }
        self.a.provenance.push(Provenance {
            field: "/dsa_type".into(),
            source: source.0,
            text: source.1,
            confidence: (conf < 1.0).then_some(conf),
        });
    }

    /// Offers the package's core-properties title (`docProps/core.xml`), after the body:
    /// taken only when the text states no title but a generic one (writers often leave a
    /// stale or default title there).
    pub fn core_title(&mut self, title: &str) {
        if self.title_open() && reads_as_title(title, false) {
            self.offer_title(
                TitleSource::CoreProperties,
                title,
                title,
                "docProps/core.xml",
            );
        }
    }
}

/// A cover or title-block label ("Document reference", "Version", "Our ref"), classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CoverLabel {
    Title,
    Reference,
    IsgReference,
    Version,
    Status,
    /// Known labels that map to no field here (classification, owner, author...).
    Other,
}

/// What a cover label names; `None` when it is no cover label.
pub(super) fn cover_label(label: &str) -> Option<CoverLabel> {
    static REFERENCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:(?:document|dsa|protocol|agreement|our|your|isa|isp)\s+)?(?:ref|reference)(?:\s*(?:no|number|id))?\.?$").expect("regex")
    });
    static ISG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:isg|information sharing gateway|gateway)\s*(?:ref|reference|id|number|no)?\.?$",
        )
        .expect("regex")
    });
    let n = norm(label);
    let n = n.trim().trim_end_matches([':', '.']).trim();
    if n.is_empty() || n.len() > 40 {
        return None;
    }
    Some(if is_title_label(n) {
        CoverLabel::Title
    } else if ISG.is_match(n) {
        CoverLabel::IsgReference
    } else if REFERENCE.is_match(n) {
        CoverLabel::Reference
    } else if n == "version" || n == "version no" || n == "version number" || n == "issue" {
        CoverLabel::Version
    } else if n == "status" || n == "document status" || n == "agreement status" {
        CoverLabel::Status
    } else if matches!(
        n,
        "classification"
            | "security classification"
            | "protective marking"
            | "owner"
            | "document owner"
            | "author"
            | "prepared by"
    ) {
        CoverLabel::Other
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_titles() {
        for t in [
            "Pan-London Data Sharing Agreement",
            "The Data Sharing Agreement",
            "1. The Data Sharing Agreement",
            "Information Sharing Protocol",
        ] {
            assert!(is_generic_title(t), "{t}");
        }
        for t in [
            "Pan-London Data Sharing Agreement: Licensing – Greenwich",
            "Havering Anti-Social Behaviour Information Sharing Protocol",
        ] {
            assert!(!is_generic_title(t), "{t}");
        }
    }

    #[test]
    fn cover_labels() {
        use CoverLabel::*;
        for (l, want) in [
            ("Reference", Reference),
            ("Document reference:", Reference),
            ("DSA reference", Reference),
            ("Protocol reference", Reference),
            ("Our ref", Reference),
            ("Ref:", Reference),
            ("ISG reference", IsgReference),
            ("Title", Title),
            ("Agreement title", Title),
            ("Version", Version),
            ("Classification", Other),
        ] {
            assert_eq!(cover_label(l), Some(want), "{l}");
        }
        assert_eq!(cover_label("Pan-London Data Sharing Agreement"), None);
        assert_eq!(cover_label("Refugees"), None);
    }

    fn para(text: &str, heading: Option<u8>) -> Block {
        Block::Paragraph(Paragraph {
            runs: vec![crate::blocks::Run {
                text: text.into(),
                ..Default::default()
            }],
            heading,
            ..Default::default()
        })
    }

    /// A specific title wins over the generic heading above it, and a document that
    /// states none gets no title (never its file name).
    #[test]
    fn the_specific_title_wins() {
        let mut r = Recogniser::new(Some("x-2019-final.docx".into()), "word/document.xml".into());
        r.body(&[
            para("Pan-London Data Sharing Agreement", None),
            para("Licensing Data Sharing Agreement – Barnet", Some(1)),
            para("1. Purpose", Some(1)),
        ]);
        let (a, _, _) = r.finish();
        assert_eq!(a.title, "Licensing Data Sharing Agreement – Barnet");
        assert_eq!(a.dsa_type, Some(dsa_model::DsaType::Licensing));
        let mut r = Recogniser::new(Some("x-2019-final.docx".into()), "word/document.xml".into());
        r.body(&[para("1. Purpose", Some(1)), para("To share data.", None)]);
        let (a, diags, _) = r.finish();
        assert_eq!(a.title, "");
        assert!(diags
            .iter()
            .any(|d| d.message.starts_with("no title found")));
    }

    #[test]
    fn titles_and_sentences() {
        assert!(reads_as_title(
            "Pan-London Data Sharing Agreement: Anti-Social Behaviour (ASB) – Lewisham",
            false
        ));
        assert!(reads_as_title(
            "Multi-Agency Public Protection Arrangements (MAPPA) DSA – Hackney",
            false
        ));
        assert!(!reads_as_title(
            "Document reference: PLDSA-MAPPA-2019-001",
            false
        ));
        assert!(!reads_as_title(
            "This Information Sharing Protocol sets out the arrangements for sharing.",
            false
        ));
        assert!(!reads_as_title("Classification: OFFICIAL", true));
    }
}
