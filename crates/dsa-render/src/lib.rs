//! Writers for people: an agreement as the signable Pan-London template — a DOCX ready to
//! publish and sign, one self-contained HTML page, or Markdown.
//!
//! All three lay out one [`document::Document`], built by [`signable::document`]: the
//! template's standard wording (`dsa_model::template::wording`) with the agreement's
//! content in its slots. It is written so that a reader of filled-in templates reads it
//! back as the same agreement. The DOCX also carries the agreement itself (canonical JSON
//! in a custom XML part) with the sha256 of the document body it was rendered with:
//! importing it unchanged gives back exactly the same agreement, and one edited after
//! rendering is read from its text (dsa-docx checks the fingerprint).

pub mod document;
pub mod docx;
pub mod escape;
mod html;
mod markdown;
mod outline;
pub mod signable;

pub use docx::{to_docx, EMBED_NAMESPACE};
pub use html::{to_html, to_html_with_panel};
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
