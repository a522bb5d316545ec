//! The store: the import cache (OUT/.cache), the sources stored once per run
//! (OUT/sources), and atomic writes. The held-memory budget decides what is read back
//! from here, never what is stored.

use super::*;

/// A cached import: the outcome for one input's bytes under one tool version. Read as
/// owned values; written borrowing the outcome, which is kept (copying every provenance
/// record just to write them would cost more than writing them).
#[derive(Serialize, serde::Deserialize)]
pub(crate) struct Cached<V = String, O = Result<Imported, (Status, String)>> {
    pub(crate) tool_version: V,
    pub(crate) outcome: O,
}

/// The documents of a borough held until packaged and packaged on their own (no register
/// row joined), by cache key: such a package's agreement.json is the imported agreement
/// with only the id set, so the cache points there instead of holding a second copy. One
/// file per borough, written once its packages are: an entry file per document (a file
/// created and renamed for each) was a tenth of a migration's time.
#[derive(Serialize, serde::Deserialize, Default)]
pub(crate) struct PackagedIndex {
    pub(crate) tool_version: String,
    pub(crate) documents: BTreeMap<String, Packaged>,
}

/// Where a document packaged on its own left its agreement, and the rest of its outcome.
#[derive(Clone, Serialize, serde::Deserialize)]
pub(crate) struct Packaged {
    /// The package, relative to OUT (`packages/...`).
    pub(crate) package: String,
    /// sha256 of the package's agreement.json when it was written: a package since
    /// rewritten with something else (a register row joined on a later run) is not
    /// mistaken for this import.
    pub(crate) agreement_sha256: String,
    /// The imported agreement's own id (a rendered document carries one); the package's
    /// is the migration's.
    pub(crate) id: Option<String>,
    pub(crate) sections: Vec<String>,
    pub(crate) notes: Vec<ImportNote>,
}

/// Writes an import's outcome to its cache entry. A cache that cannot be written only
/// costs time on the next run.
pub(crate) fn write_outcome<O: Serialize>(out: &Path, key: &str, options: &Options, outcome: O) {
    let entry = Cached {
        tool_version: options.tool_version.as_str(),
        outcome,
    };
    // Streamed through the compressor to the file: a 100,000-row register's outcome is
    // hundreds of megabytes of JSON, never held whole.
    let _ = write_atomic_with(&cache_path(out, key), |w| {
        let mut lz4 = lz4_flex::frame::FrameEncoder::new(w);
        serde_json::to_writer(&mut lz4, &entry)?;
        lz4.finish().map_err(std::io::Error::other)?;
        Ok(())
    });
}

/// The cache key of a borough's [`PackagedIndex`].
pub(crate) fn index_key(borough: &str) -> String {
    dsa_package::sha256_hex(format!("packaged documents\n{borough}").as_bytes())
}

/// A borough's index of documents packaged on their own, as the last run wrote it for
/// this tool version; empty when there is none.
pub(crate) fn read_index(out: &Path, borough: &str, options: &Options) -> PackagedIndex {
    read_cache(&cache_path(out, &index_key(borough)))
        .and_then(|json| serde_json::from_slice::<PackagedIndex>(&json).ok())
        .filter(|i| i.tool_version == options.tool_version)
        .unwrap_or_default()
}

/// The outcome the cache gives for a key: its entry, else the borough's index of
/// documents packaged on their own (the agreement read back from the package and checked
/// against the digest). None when neither serves (no entry for this tool version,
/// unreadable, a package that no longer holds what was written): the input is then
/// imported again.
pub(crate) fn cached_outcome(
    out: &Path,
    key: &str,
    options: &Options,
    index: &PackagedIndex,
) -> Option<Result<Imported, (Status, String)>> {
    let entry = read_cache(&cache_path(out, key))
        .and_then(|json| serde_json::from_slice::<Cached>(&json).ok())
        .filter(|c| c.tool_version == options.tool_version);
    if let Some(entry) = entry {
        return Some(entry.outcome);
    }
    let p = index.documents.get(key)?;
    // Only this tool's package paths: an edited index reads nothing else.
    let inside = Path::new(&p.package)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside || !p.package.starts_with("packages/") {
        return None;
    }
    let zip = std::fs::read(out.join(&p.package)).ok()?;
    let json = dsa_package::read_entry(&zip, "agreement.json", CACHE_MOST).ok()?;
    if dsa_package::sha256_hex(&json) != p.agreement_sha256 {
        return None;
    }
    let mut agreement = dsa_model::json::from_slice(&json).ok()?;
    agreement.id = p.id.clone();
    Some(Ok(Imported::Document {
        agreement: Box::new(agreement),
        sections: p.sections.clone(),
        notes: p.notes.clone(),
    }))
}

/// OUT/.cache/KEY.json.lz4: an import's outcome as LZ4-compressed JSON (`lz4cat`
/// shows it). Provenance makes an entry ~100 KB of JSON, more than the package it
/// feeds; LZ4 keeps about a fifth of that at a small fraction of the cost of deflating
/// it, and writing less costs less (gzip here cost more CPU than the writes it saved).
pub(crate) fn cache_path(out: &Path, key: &str) -> PathBuf {
    out.join(".cache").join(format!("{key}.{CACHE_SUFFIX}"))
}

pub(crate) const CACHE_SUFFIX: &str = "json.lz4";

pub(crate) fn write_cache(path: &Path, json: &[u8]) -> Result<(), MigrateError> {
    use std::io::Write;
    let mut lz4 = lz4_flex::frame::FrameEncoder::new(Vec::with_capacity(json.len() / 3));
    lz4.write_all(json)
        .map_err(|e| e.to_string())
        .and_then(|()| lz4.finish().map_err(|e| e.to_string()))
        .map_err(|e| MigrateError::Output(path.display().to_string(), e))
        .and_then(|bytes| write_atomic(path, &bytes))
}

/// The JSON of a cache entry, or None when it is missing or unreadable (the input is
/// then imported again).
pub(crate) fn read_cache(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut json = Vec::new();
    lz4_flex::frame::FrameDecoder::new(std::io::BufReader::new(file))
        .take(CACHE_MOST + 1)
        .read_to_end(&mut json)
        .ok()?;
    (json.len() as u64 <= CACHE_MOST).then_some(json)
}

/// Bounded, as any input: a cached agreement larger than this is not one this tool wrote.
pub(crate) const CACHE_MOST: u64 = 1 << 30;

/// Marks temporary files; a run removes those a killed run left behind.
pub(crate) const TMP_MARK: &str = ".dsa-tmp-";

/// Removes files under `dir` matching `doomed` (missing directories are fine).
pub(crate) fn remove_files(dir: &Path, doomed: &dyn Fn(&Path) -> bool) -> Result<(), MigrateError> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry =
            entry.map_err(|e| MigrateError::Output(dir.display().to_string(), e.to_string()))?;
        if entry.file_type().is_file() && doomed(entry.path()) {
            std::fs::remove_file(entry.path()).map_err(|e| {
                MigrateError::Output(entry.path().display().to_string(), e.to_string())
            })?;
        }
    }
    Ok(())
}

/// Like [`write_atomic`], for content written piece by piece through a buffered writer.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), MigrateError> {
    let err = |e: std::io::Error| {
        if matches!(
            e.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ) {
            // Which OUT is filled in by `migrate`, which knows it.
            MigrateError::DiskFull(String::new(), path.display().to_string())
        } else {
            MigrateError::Output(path.display().to_string(), e.to_string())
        }
    };
    let mut tmp_name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp_name.push(format!("{TMP_MARK}{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    // The directory is made only when missing: making it every time (a mkdir that fails
    // with "exists") locks its parent directory, and the workers queued on that lock.
    let file = match std::fs::File::create(&tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(err)?;
            }
            std::fs::File::create(&tmp)
        }
        created => created,
    }
    .map_err(err)?;
    let mut w = std::io::BufWriter::new(file);
    // A failed write (a full disk) leaves nothing behind: no partial file under any name.
    let written = write(&mut w)
        .and_then(|_| w.into_inner().map_err(|e| e.into_error()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// Writes a file atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), MigrateError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Reads an input again for its package; the package must hold what was imported, byte
/// for byte, so the digest is checked against the import's.
/// Stores a source once beside the packages, named by its digest (the same file in two
/// boroughs, or on the next run, is written once), and says where.
pub(crate) fn store_source(
    out: &Path,
    source: &dsa_package::Source,
) -> Result<dsa_package::SourceRef, MigrateError> {
    let ext = source
        .name()
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "bin".into());
    let stored_at = format!("sources/{}.{ext}", source.sha256());
    let path = out.join(&stored_at);
    let size = source.bytes().len() as u64;
    if std::fs::metadata(&path).map_or(true, |m| m.len() != size) {
        write_atomic(&path, source.bytes())?;
    }
    Ok(dsa_package::SourceRef {
        name: source.name().to_string(),
        size,
        sha256: source.sha256().to_string(),
        stored_at,
    })
}

pub(crate) fn read_source(inp: &Input) -> Result<dsa_package::Source, String> {
    let bytes = std::fs::read(&inp.path).map_err(|e| e.to_string())?;
    let source = dsa_package::Source::new(inp.rel.clone(), bytes);
    if source.sha256() != inp.sha256 {
        return Err("the file changed while it was being migrated".into());
    }
    Ok(source)
}

/// Where a register row is in the run's [`RowStore`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowAt {
    offset: u64,
    len: u32,
}

/// The run's register rows, on disk (OUT/rows.dsa-tmp-PID.jsonl, one JSON line per row)
/// from their import until their packages are written: the run holds only each row's
/// join keys and where it is. Held in memory, a 100,000-row register's rows (agreements
/// with provenance) took a gigabyte.
pub(crate) struct RowStore {
    path: PathBuf,
    writer: std::sync::Mutex<RowWriter>,
    reader: std::sync::OnceLock<std::io::Result<std::fs::File>>,
}

struct RowWriter {
    w: std::io::BufWriter<std::fs::File>,
    len: u64,
    /// The first write that failed: the run stops on it (`RowStore::finish`).
    failed: Option<std::io::Error>,
}

impl RowStore {
    pub(crate) fn create(out: &Path) -> Result<RowStore, MigrateError> {
        let path = out.join(format!("rows{TMP_MARK}{}.jsonl", std::process::id()));
        let file = std::fs::create_dir_all(out)
            .and_then(|()| std::fs::File::create(&path))
            .map_err(|e| MigrateError::Output(path.display().to_string(), e.to_string()))?;
        Ok(RowStore {
            path,
            writer: std::sync::Mutex::new(RowWriter {
                w: std::io::BufWriter::new(file),
                len: 0,
                failed: None,
            }),
            reader: std::sync::OnceLock::new(),
        })
    }

    /// Appends a row's JSON line (ending in a newline); None once a write has failed.
    pub(crate) fn put(&self, line: &[u8]) -> Option<RowAt> {
        let mut w = match self.writer.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        if w.failed.is_some() {
            return None;
        }
        match w.w.write_all(line) {
            Ok(()) => {
                let at = RowAt {
                    offset: w.len,
                    len: line.len() as u32,
                };
                w.len += line.len() as u64;
                Some(at)
            }
            Err(e) => {
                w.failed = Some(e);
                None
            }
        }
    }

    /// Flushes what was put, for reading; a write that failed stops the run (a full disk
    /// is named as such).
    pub(crate) fn finish(&self) -> Result<(), MigrateError> {
        let mut w = match self.writer.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        let e = match w.failed.take() {
            Some(e) => e,
            None => match w.w.flush() {
                Ok(()) => return Ok(()),
                Err(e) => e,
            },
        };
        Err(
            if matches!(
                e.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            ) {
                MigrateError::DiskFull(String::new(), self.path.display().to_string())
            } else {
                MigrateError::Output(self.path.display().to_string(), e.to_string())
            },
        )
    }

    /// A row put earlier (after [`RowStore::finish`]).
    pub(crate) fn get(&self, at: RowAt) -> Result<Row, String> {
        let file = self
            .reader
            .get_or_init(|| std::fs::File::open(&self.path))
            .as_ref()
            .map_err(|e| format!("cannot read the register rows back: {e}"))?;
        let mut line = vec![0; at.len as usize];
        read_exact_at(file, &mut line, at.offset)
            .map_err(|e| format!("cannot read the register rows back: {e}"))?;
        serde_json::from_slice(&line).map_err(|e| format!("cannot read a register row back: {e}"))
    }

    /// Removes the file (the run is over).
    pub(crate) fn remove(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}
