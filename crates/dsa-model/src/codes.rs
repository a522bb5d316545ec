//! Code lists: the template's option lists as enums.
//!
//! Every option list of the Pan-London template is an enum whose variants carry a
//! stable code (what goes on the wire), the template's exact wording, the statutory
//! citation, the legislation.gov.uk identifier URI and, where one exists, the W3C DPV
//! concept IRI. The [`code_list!`] macro keeps all five facts in one row per variant so
//! they cannot drift apart, and generates the serde/schemars attributes from the code.

/// Metadata shared by every code list, used by importers (matching wording), the
/// validator, and the generated field reference.
pub trait CodeList: Sized + Copy + Eq + std::fmt::Debug + 'static {
    /// The enum's name as it appears in the schema.
    const NAME: &'static str;
    /// The template section the list comes from (e.g. "2.4.1").
    const TEMPLATE_SECTION: &'static str;
    /// Every variant, in template order.
    fn all() -> &'static [Self];
    /// Stable wire code (snake_case, never reused).
    fn code(self) -> &'static str;
    /// The template's exact wording (or, for options the template does not list,
    /// the legislation's own heading).
    fn wording(self) -> &'static str;
    /// Statutory citation, e.g. "UK GDPR Art 6(1)(e)".
    fn citation(self) -> Option<&'static str>;
    /// legislation.gov.uk identifier URI of the provision.
    fn legislation_uri(self) -> Option<&'static str>;
    /// W3C DPV concept IRI, where DPV has a term.
    fn dpv_iri(self) -> Option<&'static str>;
    /// Whether the option appears in the Pan-London template itself (some lists also
    /// carry statutory options older agreements cite but the template omits).
    fn in_template(self) -> bool;
    /// Looks a variant up by its wire code.
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.code() == code)
    }
}

/// One row of a code list as plain data (for documentation and reports).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodeEntry {
    pub code: &'static str,
    pub wording: &'static str,
    pub citation: Option<&'static str>,
    pub legislation_uri: Option<&'static str>,
    pub dpv_iri: Option<&'static str>,
    pub in_template: bool,
}

/// A whole code list as plain data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodeListInfo {
    pub name: &'static str,
    pub template_section: &'static str,
    pub entries: Vec<CodeEntry>,
}

/// Describes a code list as data.
pub fn describe<C: CodeList>() -> CodeListInfo {
    CodeListInfo {
        name: C::NAME,
        template_section: C::TEMPLATE_SECTION,
        entries: C::all()
            .iter()
            .map(|v| CodeEntry {
                code: v.code(),
                wording: v.wording(),
                citation: v.citation(),
                legislation_uri: v.legislation_uri(),
                dpv_iri: v.dpv_iri(),
                in_template: v.in_template(),
            })
            .collect(),
    }
}

#[doc(hidden)]
#[macro_export]
macro_rules! __opt {
    () => {
        None
    };
    ($e:expr) => {
        Some($e)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __or_true {
    () => {
        true
    };
    ($e:expr) => {
        $e
    };
}

/// Declares a code-list enum. Each row: `Variant => code, "wording"` followed by
/// optional `cite "…"`, `uri "…"`, `dpv "…"`, `extra` (not in the template).
#[macro_export]
macro_rules! code_list {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident ($section:literal) {
            $(
                $variant:ident => $code:literal, $wording:literal
                $(, cite $cite:expr)?
                $(, uri $uri:expr)?
                $(, dpv $dpv:expr)?
                $(, template $tmpl:expr)?
                ;
            )+
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        pub enum $name {
            $(
                #[doc = $wording]
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl $crate::codes::CodeList for $name {
            const NAME: &'static str = stringify!($name);
            const TEMPLATE_SECTION: &'static str = $section;
            fn all() -> &'static [Self] {
                &[$($name::$variant),+]
            }
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            fn wording(self) -> &'static str {
                match self { $($name::$variant => $wording),+ }
            }
            fn citation(self) -> Option<&'static str> {
                match self { $($name::$variant => $crate::__opt!($($cite)?)),+ }
            }
            fn legislation_uri(self) -> Option<&'static str> {
                match self { $($name::$variant => $crate::__opt!($($uri)?)),+ }
            }
            fn dpv_iri(self) -> Option<&'static str> {
                match self { $($name::$variant => $crate::__opt!($($dpv)?)),+ }
            }
            fn in_template(self) -> bool {
                match self { $($name::$variant => $crate::__or_true!($($tmpl)?)),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::codes::CodeList::wording(*self))
            }
        }
    };
}

/// legislation.gov.uk identifier of a DPA 2018 Schedule paragraph.
#[macro_export]
macro_rules! dpa_sch {
    ($sch:literal, $para:literal) => {
        concat!(
            "http://www.legislation.gov.uk/id/ukpga/2018/12/schedule/",
            $sch,
            "/paragraph/",
            $para
        )
    };
}

/// legislation.gov.uk identifier of a UK GDPR article. legislation.gov.uk identifies
/// retained EU law down to the article; the point within it is in the citation.
#[macro_export]
macro_rules! uk_gdpr {
    ($art:literal) => {
        concat!(
            "http://www.legislation.gov.uk/id/eur/2016/679/article/",
            $art
        )
    };
}

/// W3C DPV GDPR legal-basis IRI (UK GDPR keeps the EU article numbering).
#[macro_export]
macro_rules! dpv_gdpr {
    ($frag:literal) => {
        concat!("https://w3id.org/dpv/legal/eu/gdpr#", $frag)
    };
}

/// W3C DPV personal-data-category IRI.
#[macro_export]
macro_rules! dpv_pd {
    ($frag:literal) => {
        concat!("https://w3id.org/dpv/pd#", $frag)
    };
}

/// W3C DPV core IRI.
#[macro_export]
macro_rules! dpv_core {
    ($frag:literal) => {
        concat!("https://w3id.org/dpv#", $frag)
    };
}
