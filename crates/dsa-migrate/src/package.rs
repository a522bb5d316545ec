//! The package stage: a candidate's agreement assembled (its document, register row and
//! the join between them), validated and zipped with its page.

use super::*;

/// An agreement validated and zipped, not yet written.
pub(crate) struct Built {
    pub(crate) zip: Vec<u8>,
    pub(crate) title: String,
    pub(crate) reference: Option<String>,
    pub(crate) review_date: Option<chrono::NaiveDate>,
    pub(crate) termination_date: Option<chrono::NaiveDate>,
    pub(crate) publish_date: Option<chrono::NaiveDate>,
    pub(crate) dsa_type: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) parties: Vec<String>,
    /// The first import notes, for the report.
    pub(crate) notes: Vec<ImportNote>,
    /// The agreement's page (`html::page`), and where it goes under OUT.
    pub(crate) page: String,
    pub(crate) page_path: String,
    pub(crate) findings: Vec<Finding>,
    pub(crate) import_notes: usize,
    /// sha256 of the package's agreement.json.
    pub(crate) agreement_sha256: String,
    /// Its rows of gateway.xlsx (borough and package filled in where it is written).
    pub(crate) gateway: gateway::GatewayRows,
}

/// Validates an agreement (its id set) and builds its package.
pub(crate) fn build_package(
    agreement: &Agreement,
    notes: &[ImportNote],
    sources: &[dsa_package::Source],
    register_row: Option<&dsa_package::RegisterRow>,
    options: &Options,
    borough: &str,
) -> Result<Built, MigrateError> {
    let id = agreement.id.clone().unwrap_or_default();
    let fail = |e: &dyn std::fmt::Display| MigrateError::Output(id.clone(), e.to_string());
    let findings = match options.as_of {
        Some(d) => validation::validate_as_of(agreement, d),
        None => validation::validate(agreement),
    };
    let json = dsa_json::to_string(agreement).map_err(|e| fail(&e))?;
    let xml = match options.xml {
        true => Some(dsa_xml::to_string(agreement).map_err(|e| fail(&e))?),
        false => None,
    };
    let mut validation_json = serde_json::to_string_pretty(&findings).map_err(|e| fail(&e))?;
    validation_json.push('\n');
    let mut notes_json = serde_json::to_string_pretty(notes).map_err(|e| fail(&e))?;
    notes_json.push('\n');
    let (zip, manifest) = dsa_package::build_with_manifest(&dsa_package::Contents {
        json: &json,
        xml: xml.as_deref(),
        validation: &validation_json,
        import_notes: &notes_json,
        sources,
        register_row,
        tool_version: &options.tool_version,
    })
    .map_err(|e| fail(&e))?;
    let agreement_sha256 = manifest
        .entries
        .into_iter()
        .find(|e| e.name == "agreement.json")
        .map(|e| e.sha256)
        .unwrap_or_default();
    let dir = borough_dir(borough);
    let key = agreement_key(borough, &id);
    let page = html::page::agreement_page(agreement, &findings, notes, &dir, &key);
    Ok(Built {
        zip,
        page,
        page_path: html::page::path(&dir, &id),
        title: agreement.title.clone(),
        reference: agreement.reference.clone(),
        review_date: agreement.review.review_date,
        termination_date: match agreement.review.termination {
            Some(dsa_model::Termination::OnDate(d)) => Some(d),
            _ => None,
        },
        publish_date: agreement.review.publish_date,
        dsa_type: agreement.dsa_type.map(|t| t.wording().to_string()),
        status: agreement.status.map(|t| t.wording().to_string()),
        parties: agreement.parties.iter().map(|p| p.name.clone()).collect(),
        notes: notes.iter().take(REPORTED_NOTES).cloned().collect(),
        gateway: gateway::rows_of(agreement, "", ""),
        findings,
        import_notes: notes.len(),
        agreement_sha256,
    })
}

/// How the report and a corrections file name an agreement: `borough/id`, or the id alone
/// for files at the top of the backlog.
pub(crate) fn agreement_key(borough: &str, id: &str) -> String {
    if borough.is_empty() {
        id.to_string()
    } else {
        format!("{borough}/{id}")
    }
}

/// The folder a borough's packages and pages go in: its own name, `_top` for files at the
/// top of the backlog.
pub(crate) fn borough_dir(borough: &str) -> String {
    if borough.is_empty() {
        "_top".to_string()
    } else {
        borough.to_string()
    }
}

/// Merges a register row's metadata into a document's agreement; disagreements become
/// conflicts (the document's value is kept and the register's is reported).
pub(crate) fn join(a: &mut Agreement, row: &Agreement) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    let mut conflict = |field: &str, d: String, r: String| {
        conflicts.push(Conflict {
            field: field.into(),
            document: d,
            register: r,
        });
    };
    macro_rules! merge {
        ($field:expr, $doc:expr, $reg:expr, $show:expr) => {
            match (&$doc, &$reg) {
                (None, Some(_)) => $doc = $reg.clone(),
                (Some(d), Some(r)) if d != r => conflict($field, $show(d), $show(r)),
                _ => {}
            }
        };
    }
    let s = |x: &String| x.clone();
    let d = |x: &chrono::NaiveDate| x.to_string();
    // A title that names nothing ("Data Sharing Agreement") gives way to the register's
    // specific one, and the difference is listed; two specific titles that differ are a
    // conflict, the document's kept.
    let generic = |t: &str| norm_title(t).is_empty();
    if !generic(&row.title) && norm_title(&a.title) != norm_title(&row.title) {
        if !a.title.trim().is_empty() {
            conflict("/title", a.title.clone(), row.title.clone());
        }
        if generic(&a.title) {
            a.title = row.title.clone();
            a.provenance.retain(|p| p.field != "/title");
        }
    }
    merge!(
        "/dsa_type",
        a.dsa_type,
        row.dsa_type,
        |x: &dsa_model::DsaType| { x.code().to_string() }
    );
    merge!("/reference", a.reference, row.reference, s);
    merge!("/isg_reference", a.isg_reference, row.isg_reference, s);
    merge!(
        "/status",
        a.status,
        row.status,
        |x: &dsa_model::AgreementStatus| x.code().to_string()
    );
    merge!(
        "/review/publish_date",
        a.review.publish_date,
        row.review.publish_date,
        d
    );
    merge!(
        "/review/review_date",
        a.review.review_date,
        row.review.review_date,
        d
    );
    if a.register.is_none() {
        a.register = row.register.clone();
    }
    for p in &row.parties {
        if a.party(&p.id).is_none() {
            a.parties.push(p.clone());
        }
    }
    a.extra_attributes
        .extend(row.extra_attributes.iter().cloned());
    for p in &row.provenance {
        if p.field.starts_with("/parties/") || p.field.starts_with("/extra_attributes/") {
            continue; // indices differ after merging; the row's own record keeps them
        }
        // The record names the register (listed in `sources`) and its path the row.
        let p = a.adopt_provenance(row, p);
        a.provenance.push(p);
    }
    conflicts
}

/// An agreement ready to be packaged: with its import notes, its sources, and the
/// conflicts its join found.
pub(crate) type Assembled = (
    Agreement,
    Vec<ImportNote>,
    Vec<dsa_package::Source>,
    Vec<Conflict>,
    Option<dsa_package::RegisterRow>,
);

/// What packaging an agreement draws on, besides the agreement's own candidate.
pub(crate) struct Packaging<'a> {
    pub(crate) inputs: &'a [Input],
    /// Every register row: its register's input, its label, where it is stored.
    pub(crate) rows: &'a [(usize, String, RowAt)],
    pub(crate) store: &'a RowStore,
    /// The borough's registers, each stored once beside the packages (OUT/sources).
    pub(crate) registers: &'a HashMap<usize, Result<dsa_package::SourceRef, String>>,
    pub(crate) out: &'a Path,
    pub(crate) options: &'a Options,
    pub(crate) index: &'a PackagedIndex,
}

/// A packaged candidate: its report entry, its gateway.xlsx rows, and (a document
/// packaged on its own) the index entry that points the cache at its package.
pub(crate) type Done = (
    AgreementReport,
    gateway::GatewayRows,
    Option<(String, Packaged)>,
);

impl Packaging<'_> {
    /// Validates and packages one candidate and writes its package and page: from what is
    /// held of it when that was built already under its id, else assembled anew.
    pub(crate) fn package(&self, c: &Candidate) -> Result<Done, MigrateError> {
        let id = c.id.clone();
        let held = match c.body {
            Body::Document(i) => take_held(&self.inputs[i]).map(|h| (i, h)),
            Body::Row(_) => None,
        };
        let held_key = held.as_ref().map(|(i, _)| &self.inputs[*i].cache_key);
        let (built, import_id, notes, conflicts, corrections) = match held {
            // Built at import under the id it has, with no row to join: as it is.
            Some((
                _,
                Held::Packaged {
                    id: at,
                    import_id,
                    notes,
                    built,
                },
            )) if at == id && c.register_row.is_none() && c.corrections.is_empty() => {
                (*built, import_id, notes, Vec::new(), Vec::new())
            }
            held => {
                let (mut agreement, notes, sources, conflicts, row) = self.assemble(c, held)?;
                let import_id = agreement.id.replace(id.clone());
                let corrected = self.options.corrections.apply(
                    &mut agreement,
                    &agreement_key(&c.borough, &id),
                    &c.corrections,
                );
                let built = build_package(
                    &agreement,
                    &notes,
                    &sources,
                    row.as_ref(),
                    self.options,
                    &c.borough,
                )?;
                (built, import_id, notes, conflicts, corrected)
            }
        };
        let rel = format!("packages/{}/{id}.zip", borough_dir(&c.borough));
        write_atomic(&self.out.join(&rel), &built.zip)?;
        write_atomic(&self.out.join(&built.page_path), built.page.as_bytes())?;
        // A held document packaged on its own: its package's agreement is the
        // imported one with the id set, and the borough's index points there.
        let indexed = match (held_key, c.register_row) {
            (Some(key), None) if c.corrections.is_empty() => Some((
                key.clone(),
                Packaged {
                    package: rel.clone(),
                    agreement_sha256: built.agreement_sha256.clone(),
                    id: import_id,
                    sections: c.sections.iter().map(|s| s.to_string()).collect(),
                    notes,
                },
            )),
            _ => None,
        };
        let findings = built.findings;
        let mut gateway_rows = built.gateway;
        gateway_rows.borough = if c.borough.is_empty() {
            "(top level)".to_string()
        } else {
            c.borough.clone()
        };
        gateway_rows.package = rel.clone();
        let report = AgreementReport {
            id,
            title: built.title,
            reference: built.reference,
            review_date: built.review_date,
            termination_date: built.termination_date,
            borough: c.borough.clone(),
            package: rel,
            sources: c.sources.iter().map(|(l, _)| l.clone()).collect(),
            origin: c.origin.to_string(),
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            warnings: findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            findings: {
                let mut f = findings;
                f.sort_by_key(|x| std::cmp::Reverse(x.severity));
                f.truncate(REPORTED_FINDINGS);
                f
            },
            sections_found: c.sections.iter().map(|x| x.to_string()).collect(),
            import_notes: built.import_notes,
            conflicts,
            join: c.join.clone(),
            publish_date: built.publish_date,
            dsa_type: built.dsa_type,
            status: built.status,
            parties: built.parties,
            notes: built.notes,
            page: built.page_path,
            corrections,
        };
        Ok((report, gateway_rows, indexed))
    }

    /// A candidate's agreement (joined to its register row, if any) with its import notes,
    /// sources and the join's conflicts, from what is held of it, or else the cache, the
    /// register row or a new import.
    pub(crate) fn assemble(
        &self,
        c: &Candidate,
        held: Option<(usize, Held)>,
    ) -> Result<Assembled, MigrateError> {
        let (inputs, rows) = (self.inputs, self.rows);
        let (held, mut held_source, uncached) = match held {
            Some((
                i,
                Held::Agreement {
                    agreement,
                    notes,
                    source,
                    uncached,
                },
            )) => (Some((agreement, notes)), Some((i, source)), uncached),
            // Built under another id (a document of the same reference came first): read
            // again and built again.
            Some((_, Held::Packaged { .. })) | None => (None, None, false),
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut sources: Vec<dsa_package::Source> = Vec::new();
        let mut register: Option<dsa_package::SourceRef> = None;
        for (_, i) in c.sources.iter().filter(|(_, i)| seen.insert(*i)) {
            // A held document's source is the very bytes it was imported from.
            if let Some((_, source)) = held_source.take_if(|(d, _)| d == i) {
                sources.push(source);
                continue;
            }
            // A register is referred to, not copied: its row goes in instead.
            if let Some(stored) = self.registers.get(i) {
                let stored = stored
                    .clone()
                    .map_err(|e| MigrateError::Input(inputs[*i].rel.clone(), e))?;
                register = Some(stored);
                continue;
            }
            sources.push(
                read_source(&inputs[*i])
                    .map_err(|e| MigrateError::Input(inputs[*i].rel.clone(), e))?,
            );
        }
        // The register row, standing alone or joined to a document.
        let row = match c.register_row.or(match c.body {
            Body::Row(r) => Some(r),
            Body::Document(_) => None,
        }) {
            Some(r) => Some(
                self.store
                    .get(rows[r].2)
                    .map_err(|e| MigrateError::Input(rows[r].1.clone(), e))?,
            ),
            None => None,
        };
        let (mut agreement, mut notes) = match (c.body, held, &row) {
            (Body::Document(i), Some((agreement, notes)), _) => {
                // Joined to a register row or corrected, the package's agreement is not
                // the imported one: the cache entry holds that, as imported.
                if uncached && (c.register_row.is_some() || !c.corrections.is_empty()) {
                    let imported = ImportedRef::Document {
                        agreement: &agreement,
                        sections: &c.sections,
                        notes: &notes,
                    };
                    let outcome = Ok::<_, (Status, String)>(imported);
                    write_outcome(self.out, &inputs[i].cache_key, self.options, outcome);
                }
                (*agreement, notes)
            }
            (Body::Document(i), None, _) => {
                let bytes = sources
                    .iter()
                    .find(|s| s.name() == inputs[i].rel)
                    .map(|s| s.bytes())
                    .unwrap_or_default();
                document_agreement(&inputs[i], bytes, self.out, self.options, self.index)
                    .map_err(|e| MigrateError::Input(inputs[i].rel.clone(), e))?
            }
            (Body::Row(r), _, row) => row
                .as_ref()
                .map(|row| (row.agreement.clone(), Vec::new()))
                .ok_or_else(|| MigrateError::Input(rows[r].1.clone(), "no such row".into()))?,
        };
        let conflicts = match (&row, c.register_row) {
            (Some(row), Some(_)) => join(&mut agreement, &row.agreement),
            _ => Vec::new(),
        };
        let register_row = match row {
            Some(row) => {
                // A register row's notes, whether the row stands alone or joins a document.
                notes.extend(row.notes);
                register.map(|register| dsa_package::RegisterRow {
                    register,
                    sheet: row.sheet,
                    row: row.row,
                    cells: row
                        .cells
                        .into_iter()
                        .map(|c| dsa_package::RowCell {
                            column: c.column,
                            header: c.header,
                            text: c.text,
                        })
                        .collect(),
                })
            }
            None => None,
        };
        Ok((agreement, notes, sources, conflicts, register_row))
    }
}
