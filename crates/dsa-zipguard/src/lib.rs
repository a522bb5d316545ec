//! Checks on a zip container (DOCX, XLSX) before a reader trusts it.
//!
//! - **Duplicate entry names.** Two entries named `word/document.xml` make "the" document
//!   ambiguous (one tool shows one, another the other). The zip crate indexes entries by
//!   name and silently keeps one, so the central directory is walked here, by hand: it is a
//!   fixed, documented record layout (APPNOTE 4.3.12, 4.3.16, 4.3.14 for Zip64), and no
//!   crate exposes raw duplicate names.
//! - **Inflated sizes.** Every entry is inflated into a counting sink, never into memory,
//!   stopping at the limit: declared sizes can lie, so they are not trusted. Costs one extra
//!   inflate pass, which bounds what a reader that cannot limit itself (calamine) will meet.

use std::io::{Read, Write};

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Guard {
    /// The central directory cannot be read.
    #[error("damaged zip: {0}")]
    Damaged(String),
    /// Entries share a name.
    #[error("{count} entries are named {name}")]
    Duplicate {
        /// The name.
        name: String,
        /// How many entries have it.
        count: usize,
    },
    /// One entry inflates past the per-entry limit.
    #[error("{name} inflates to more than {limit} bytes")]
    EntryTooLarge {
        /// The entry.
        name: String,
        /// The limit.
        limit: u64,
    },
    /// All entries together inflate past the per-file limit.
    #[error("the entries together inflate to more than {limit} bytes")]
    TotalTooLarge {
        /// The limit.
        limit: u64,
    },
}

fn u16_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?) as u64)
}
fn u32_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?) as u64)
}
fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

/// Every entry name in the central directory, in order, duplicates included.
pub fn entry_names(bytes: &[u8]) -> Result<Vec<String>, Guard> {
    let damaged = |m: &str| Guard::Damaged(m.to_string());
    // End of central directory: the last signature within 64 KiB + 22 bytes of the end.
    let from = bytes.len().saturating_sub(65_557);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(&[0x50, 0x4b, 0x05, 0x06]))
        .ok_or_else(|| damaged("no end of central directory"))?;
    let mut count = u16_at(bytes, eocd + 10).ok_or_else(|| damaged("short record"))?;
    let mut offset = u32_at(bytes, eocd + 16).ok_or_else(|| damaged("short record"))?;
    if count == 0xFFFF || offset == 0xFFFF_FFFF {
        // Zip64: the locator sits just before the EOCD and points at the Zip64 record.
        let loc = eocd
            .checked_sub(20)
            .ok_or_else(|| damaged("no Zip64 locator"))?;
        if !bytes[loc..].starts_with(&[0x50, 0x4b, 0x06, 0x07]) {
            return Err(damaged("no Zip64 locator"));
        }
        let rec = u64_at(bytes, loc + 8).ok_or_else(|| damaged("short Zip64 locator"))? as usize;
        if !bytes
            .get(rec..)
            .is_some_and(|r| r.starts_with(&[0x50, 0x4b, 0x06, 0x06]))
        {
            return Err(damaged("no Zip64 end of central directory"));
        }
        count = u64_at(bytes, rec + 32).ok_or_else(|| damaged("short Zip64 record"))?;
        offset = u64_at(bytes, rec + 48).ok_or_else(|| damaged("short Zip64 record"))?;
    }
    let mut names = Vec::new();
    let mut i = usize::try_from(offset).map_err(|_| damaged("offset out of range"))?;
    for _ in 0..count {
        if !bytes
            .get(i..)
            .is_some_and(|r| r.starts_with(&[0x50, 0x4b, 0x01, 0x02]))
        {
            return Err(damaged("central directory entry expected"));
        }
        let name_len = u16_at(bytes, i + 28).ok_or_else(|| damaged("short entry"))? as usize;
        let extra = u16_at(bytes, i + 30).ok_or_else(|| damaged("short entry"))? as usize;
        let comment = u16_at(bytes, i + 32).ok_or_else(|| damaged("short entry"))? as usize;
        let name = bytes
            .get(i + 46..i + 46 + name_len)
            .ok_or_else(|| damaged("entry name past the end"))?;
        names.push(String::from_utf8_lossy(name).into_owned());
        i += 46 + name_len + extra + comment;
    }
    Ok(names)
}

/// The first name (in sorted order) that more than one entry has.
pub fn check_duplicates(bytes: &[u8]) -> Result<(), Guard> {
    let mut names = entry_names(bytes)?;
    names.sort();
    for w in names.chunk_by(|a, b| a == b) {
        if w.len() > 1 {
            return Err(Guard::Duplicate {
                name: w[0].clone(),
                count: w.len(),
            });
        }
    }
    Ok(())
}

/// Counts bytes written, failing past the limit.
struct Counter {
    n: u64,
    limit: u64,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.n += buf.len() as u64;
        if self.n > self.limit {
            return Err(std::io::Error::other("limit"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Inflates every entry into a counting sink: no entry may exceed `max_entry` bytes, and
/// all of them together `max_total`. Damaged data (bad CRC, truncated) is `Damaged`.
pub fn check_sizes(bytes: &[u8], max_entry: u64, max_total: u64) -> Result<(), Guard> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Guard::Damaged(e.to_string()))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| Guard::Damaged(e.to_string()))?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if f.size() > max_entry {
            return Err(Guard::EntryTooLarge {
                name,
                limit: max_entry,
            });
        }
        let mut sink = Counter {
            n: 0,
            limit: max_entry,
        };
        let mut buf = [0u8; 64 * 1024];
        loop {
            let n = match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(Guard::Damaged(format!("{name}: {e}"))),
            };
            if sink.write(&buf[..n]).is_err() {
                return Err(Guard::EntryTooLarge {
                    name,
                    limit: max_entry,
                });
            }
        }
        total += sink.n;
        if total > max_total {
            return Err(Guard::TotalTooLarge { limit: max_total });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (n, b) in entries {
            w.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn names_in_order() {
        let z = zip_of(&[("b.xml", b"1"), ("a.xml", b"2")]);
        assert_eq!(entry_names(&z).unwrap(), vec!["b.xml", "a.xml"]);
        assert_eq!(check_duplicates(&z), Ok(()));
    }

    #[test]
    fn sizes_are_counted_not_trusted() {
        let z = zip_of(&[("big", &vec![0u8; 100_000]), ("small", b"x")]);
        assert_eq!(check_sizes(&z, 200_000, 1 << 20), Ok(()));
        assert_eq!(
            check_sizes(&z, 50_000, 1 << 20),
            Err(Guard::EntryTooLarge {
                name: "big".into(),
                limit: 50_000
            })
        );
        assert_eq!(
            check_sizes(&z, 200_000, 90_000),
            Err(Guard::TotalTooLarge { limit: 90_000 })
        );
    }

    #[test]
    fn not_a_zip_is_damaged() {
        assert!(matches!(entry_names(b"plain text"), Err(Guard::Damaged(_))));
    }
}
