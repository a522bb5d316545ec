//! What one input may make a reader do, as one type every reader takes: a hostile or
//! mistaken file (a deflate bomb, a sheet spanning XFD1048576, elements nested ten
//! thousand deep) meets a named limit and becomes an error saying which, never an
//! exhausted machine or a silently partial import. Each reader checks the limits that
//! apply to what it reads; the CLI's `--max-part-bytes` and migrate set them in one place.

/// Limits on reading one input. The defaults suit real agreements and registers with
/// a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input read at all (a file or standard input).
    pub max_input_bytes: u64,
    /// Largest inflated size of one part of a zip container (.docx, .xlsx, .ods).
    pub max_part_bytes: u64,
    /// Largest inflated size of all of a container's parts together.
    pub max_total_bytes: u64,
    /// Deepest XML element nesting (a document's nested tables; an agreement's XML).
    pub max_depth: usize,
    /// Most XML elements in an agreement's XML.
    pub max_elements: usize,
    /// Most characters in one paragraph or cell (so in any one field).
    pub max_text_chars: usize,
    /// Most cells a sheet's used area may span (rows × columns, empty cells included:
    /// that is what a dense grid costs).
    pub max_cells: u64,
    /// Most data rows read per sheet.
    pub max_rows: usize,
}

/// [`Limits::max_input_bytes`] by default (256 MiB), for sizing a read before the limits
/// are at hand.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_part_bytes: 64 << 20,
            max_total_bytes: 256 << 20,
            max_depth: 256,
            max_elements: 2_000_000,
            max_text_chars: 1_000_000,
            max_cells: 5_000_000,
            max_rows: 1_048_576,
        }
    }
}
