//! The inventory stage: the backlog's files, walked in order; links inside the backlog
//! followed, those leading out and broken ones reported, never dropped.

use super::*;

/// The files of a backlog, and the entries it reports without reading: links that lead
/// outside it, broken links, unreadable folders. Symbolic links inside the backlog are
/// followed (a linked document is an input like any other); the output folder, when it
/// lies inside the backlog, is left out, so a second run does not migrate the first's
/// packages.
pub(crate) fn read_tree(
    root: &Path,
    out: &Path,
    corrections: Option<&Path>,
) -> Result<Walked, MigrateError> {
    if !root.is_dir() {
        return Err(MigrateError::Input(
            root.display().to_string(),
            "not a directory".into(),
        ));
    }
    let canonical_root = root
        .canonicalize()
        .map_err(|e| MigrateError::Input(root.display().to_string(), e.to_string()))?;
    let canonical_out = canonical_out(out);
    let corrections = corrections.and_then(|p| p.canonicalize().ok());
    let rel_of = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let reported = |rel: String, status: Status, reason: String| InputReport {
        borough: rel
            .split_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or_default(),
        path: rel,
        status,
        reason: Some(reason),
        sha256: String::new(),
        agreements: Vec::new(),
    };
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let mut walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            // A folder linked into itself: its files are walked where they are.
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => {
                let path = e.path().map(rel_of).unwrap_or_default();
                let broken = e.path().is_some_and(|p| p.is_symlink() && !p.exists());
                let reason = if broken {
                    let target = e
                        .path()
                        .and_then(|p| std::fs::read_link(p).ok())
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    format!("broken symbolic link (to {target})")
                } else {
                    format!("cannot read: {e}")
                };
                refused.push(reported(path, Status::Failed, reason));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if is_dir && entry.depth() > 0 {
            let real = entry.path().canonicalize().ok();
            if real.is_some() && real == canonical_out {
                walk.skip_current_dir();
                continue;
            }
        }
        if entry.path_is_symlink() {
            let real = entry.path().canonicalize().ok();
            if !real
                .as_ref()
                .is_some_and(|r| r.starts_with(&canonical_root))
            {
                let target = real.map(|r| r.display().to_string()).unwrap_or_default();
                refused.push(reported(
                    rel_of(entry.path()),
                    Status::Skipped,
                    format!(
                        "symbolic link to {target}, outside the backlog: copy it into the backlog to migrate it"
                    ),
                ));
                if is_dir {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            let is_corrections = corrections.as_ref().is_some_and(|c| {
                c.file_name() == Some(entry.file_name())
                    && entry.path().canonicalize().ok().as_ref() == Some(c)
            });
            if is_corrections {
                refused.push(reported(
                    rel_of(entry.path()),
                    Status::Skipped,
                    "the corrections file (--corrections): applied to the agreements, not migrated"
                        .into(),
                ));
                continue;
            }
            files.push((rel_of(entry.path()), entry.path().to_path_buf()));
        }
    }
    Ok((files, refused))
}

/// A backlog's files (relative path, path) and the entries reported without reading.
pub(crate) type Walked = (Vec<(String, PathBuf)>, Vec<InputReport>);

/// Where `out` is (or will be) on disk, links resolved.
pub(crate) fn canonical_out(out: &Path) -> Option<PathBuf> {
    if let Ok(p) = out.canonicalize() {
        return Some(p);
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new(".")).canonicalize().ok()?;
    Some(parent.join(out.file_name()?))
}
