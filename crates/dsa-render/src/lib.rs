//! Writers for people: an agreement as a DOCX laid out like the Pan-London template (for
//! publishing a consolidated agreement), as one self-contained HTML page, or as Markdown.
//!
//! All three render one [`outline::outline`] of the agreement. The DOCX also carries the
//! agreement itself (canonical JSON in a custom XML part) with the sha256 of the document
//! body it was rendered with: importing the DOCX unchanged gives back exactly the same
//! agreement, and a DOCX edited after rendering is read from its text instead (dsa-docx
//! checks the fingerprint).

pub mod docx;
mod html;
mod markdown;
pub mod outline;

pub use docx::{to_docx, EMBED_NAMESPACE};
pub use html::to_html;
pub use markdown::to_markdown;

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The agreement could not be serialised for embedding.
    #[error("[E-RENDER-001] cannot serialise the agreement: {0}")]
    Serialise(String),
    /// The DOCX package could not be written.
    #[error("[E-RENDER-002] cannot write the DOCX package: {0}")]
    Package(String),
}
