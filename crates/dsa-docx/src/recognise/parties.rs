//! Parties (§1.2, Appendix A): organisations named in lists, statements and tables, each once.

use super::*;

impl Recogniser {
    /// Finds or adds the party a name refers to, returning its id.
    pub(super) fn ensure_party(&mut self, name: &str, loc: &str) -> Option<String> {
        let name = strip_placeholders(name);
        let name = dsa_text::strip_defined_term(name.trim())
            .trim_end_matches(['.', ',', ';', ':'])
            .trim();
        if name.is_empty() {
            return None;
        }
        let n = norm(name);
        if let Some(p) = self
            .a
            .parties
            .iter()
            .find(|p| norm(&p.name) == n || norm(&p.id) == n)
        {
            return Some(p.id.clone());
        }
        if let Some(org) = recognise_org(name) {
            if self.a.party(&org.id).is_none() {
                let idx = self.a.parties.len();
                let mut party = Party::new(org.id.clone(), org.name.clone(), org.kind);
                party.london_authority = org.london_authority;
                self.a.parties.push(party);
                self.prov(format!("/parties/{idx}"), loc, name, None);
            }
            return Some(org.id);
        }
        // Close to a known party's name (typos, extra words).
        let best = self
            .a
            .parties
            .iter()
            .map(|p| {
                // Jaro is quadratic in the lengths: a "name" of thousands of characters
                // (a damaged or hostile document) is no organisation's name, and comparing
                // two took seconds (found by fuzzing).
                let name = norm(&p.name);
                let sim = if name.len().max(n.len()) > MAX_NAME_CHARS {
                    0.0
                } else {
                    strsim::jaro_winkler(&name, &n)
                };
                (sim, p.id.clone())
            })
            .fold(None, |b: Option<(f64, String)>, x| match b {
                Some(bb) if bb.0 >= x.0 => Some(bb),
                _ => Some(x),
            });
        if let Some((sim, id)) = best {
            if sim >= 0.92 {
                self.diag(
                    DiagnosticCode::PartyBySimilarity,
                    loc,
                    format!("{name:?} taken to be party {id:?} (similarity {sim:.2})"),
                );
                return Some(id);
            }
        }
        // Names that are clearly not organisations are not parties.
        if name.len() > 80 || name.split_whitespace().count() > 10 {
            return None;
        }
        let id = slug(name);
        if id.is_empty() {
            return None;
        }
        let idx = self.a.parties.len();
        self.a
            .parties
            .push(Party::new(id.clone(), name, PartyKind::Other));
        self.prov(format!("/parties/{idx}"), loc, name, Some(0.5));
        self.diag(
            DiagnosticCode::PartyUnknown,
            loc,
            format!("{name:?} is not a known organisation; added as party {id:?} of kind other"),
        );
        Some(id)
    }

    pub(super) fn applicability(&mut self, mark: &Mark, loc: &str) -> Applicability {
        match mark {
            Mark::All => Applicability::AllParties,
            Mark::Parties(names) => {
                let mut ids: Vec<String> = Vec::new();
                for n in names {
                    if let Some(id) = self.ensure_party(n, loc) {
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
                if ids.is_empty() {
                    Applicability::Unspecified
                } else {
                    Applicability::Named(ids)
                }
            }
            _ => Applicability::Unspecified,
        }
    }

    /// A party named where the document lists its parties (Appendix A, §1.2, "The
    /// parties are: ..."): found or added, and recorded as listed.
    pub(super) fn list_party(&mut self, name: &str, loc: &str) -> Option<String> {
        let id = self.ensure_party(name, loc)?;
        self.listed_parties.insert(id.clone());
        Some(id)
    }

    /// Once the document is read: a name taken for a party only where options are applied
    /// ("Applicable party", Appendix B's "Party to which it applies") is no party when the
    /// document lists its parties elsewhere ("Local authorities", "Licensing Authority"
    /// are types of organisation). Such parties are removed with every reference to them,
    /// and noted. A document that lists none keeps every party it names.
    pub(super) fn finish_parties(&mut self) {
        if self.listed_parties.is_empty() {
            return;
        }
        // Appendix A's generic "London Borough" row lists every borough named elsewhere.
        if self.boroughs_listed {
            let boroughs: Vec<String> = self
                .a
                .parties
                .iter()
                .filter(|p| p.london_authority.is_some())
                .map(|p| p.id.clone())
                .collect();
            self.listed_parties.extend(boroughs);
        }
        let unlisted: Vec<(usize, String, String)> = self
            .a
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| !self.listed_parties.contains(&p.id))
            .map(|(i, p)| (i, p.id.clone(), p.name.clone()))
            .collect();
        if unlisted.is_empty() {
            return;
        }
        for (i, _, name) in &unlisted {
            let field = format!("/parties/{i}");
            let at = self
                .a
                .provenance
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.source.path.clone())
                .unwrap_or_default();
            self.diags.push(Diagnostic {
                code: DiagnosticCode::PartyNotListed,
                section: Some(Section::AppendixParties.label().to_string()),
                location: at,
                message: format!(
                    "{name:?} is named where options are applied but is not listed as a party: not added as one"
                ),
            });
        }
        let listed = std::mem::take(&mut self.listed_parties);
        self.a.remove_parties(|id| listed.contains(id));
        // Provenance of parties points at list positions: renumber it to the survivors.
        let mut map = std::collections::BTreeMap::new();
        let mut next = 0;
        let total = self.a.parties.len() + unlisted.len();
        for i in 0..total {
            if unlisted.iter().any(|u| u.0 == i) {
                continue;
            }
            map.insert(format!("/parties/{i}"), format!("/parties/{next}"));
            next += 1;
        }
        for p in &mut self.a.provenance {
            if !p.field.starts_with("/parties/") {
                continue;
            }
            let (head, rest) = match p.field["/parties/".len()..].find('/') {
                Some(k) => p.field.split_at("/parties/".len() + k),
                None => (p.field.as_str(), ""),
            };
            p.field = match map.get(head) {
                Some(new) => format!("{new}{rest}"),
                None => "/parties".to_string(),
            };
        }
        self.listed_parties = listed;
    }

    /// A statement of who the parties are, anywhere in the document: "This agreement is
    /// made between: (1) London Borough of Newham; (2) the Metropolitan Police Service",
    /// "This memorandum is between Hackney Council and the MPS". Taken only when it names
    /// at least two known organisations and most of what it names is one.
    pub(super) fn party_statement(&mut self, text: &str, loc: &str) -> bool {
        static BETWEEN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?i)\b(?:made|entered into|signed|agreed|is|are)\s+(?:by\s+and\s+)?between\b\s*:?\s*(.+)$")
                .expect("regex")
        });
        static ENUMERATOR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?:^|\s)(?:\(\d{1,2}\)|\(?[a-h]\)|\d{1,2}\.)\s+").expect("regex")
        });
        let Some(body) = BETWEEN.captures(text.trim()).and_then(|c| c.get(1)) else {
            return false;
        };
        let body = ENUMERATOR.replace_all(body.as_str(), " ");
        let body = body
            .trim()
            .trim_end_matches('.')
            .trim_end_matches(" and partners")
            .trim_end_matches(" and its partners");
        let names: Vec<String> = split_names(body)
            .into_iter()
            .map(|n| n.trim_start_matches("the ").trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let known: Vec<&String> = names
            .iter()
            .filter(|n| recognise_org(n).is_some())
            .collect();
        if known.len() < 2 || known.len() * 2 < names.len() {
            return false;
        }
        for k in known {
            self.list_party(k, loc);
        }
        self.value("/parties", loc, text, Some(0.9));
        true
    }

    // ----- blocks ----------------------------------------------------------------

    pub(super) fn party_line(&mut self, text: &str, residual: &str, loc: &str) {
        static INTRO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?i)^(?:the\s+)?(?:partners|parties|signatories|agencies|organisations|partner agencies)\b[^:]{0,40}?(?:\bare\b|\binclude\b|\bcomprise\b|:)\s*(?:the\s+following\s*:?)?\s*").expect("regex")
        });
        let item = strip_bullet(residual);
        let item = match INTRO.find(item) {
            Some(m) => &item[m.end()..],
            None => item,
        };
        let item = item.trim_end_matches('.');
        let n = norm(item);
        if n.contains("all london boroughs")
            || n.contains("all 32 london boroughs")
            || n.contains("all 33 london")
        {
            for la in LondonAuthority::all() {
                if *la == LondonAuthority::CityOfLondon
                    && !n.contains("city of london")
                    && !n.contains("33")
                {
                    continue;
                }
                self.list_party(la.wording(), loc);
            }
            self.value("/parties", loc, text, None);
            return;
        }
        if self.date_line(&n, text, loc) {
            return;
        }
        // A list item or short line naming organisations.
        let names = split_names(item);
        let known: Vec<String> = names
            .iter()
            .filter(|x| recognise_org(x).is_some())
            .cloned()
            .collect();
        if !known.is_empty() && (known.len() * 2 >= names.len()) && item.len() < 300 {
            for k in known {
                self.list_party(&k, loc);
            }
            self.value("/parties", loc, text, None);
            return;
        }
        self.unmapped(loc, text);
    }

    /// "MPS: to share ..." → (Some("met-police"), "to share ...").
    /// Purposes and party benefits written "Party: text" before the party was known (its
    /// only listing is Appendix A, after §2): the prefix names a party now.
    pub(super) fn finish_party_prefixes(&mut self) {
        let known = |a: &Agreement, text: &str| -> Option<(String, String)> {
            let (head, rest) = text.split_once(": ")?;
            let n = norm(head.trim());
            let p = a.parties.iter().find(|p| norm(&p.name) == n)?;
            (!rest.trim().is_empty()).then(|| (p.id.clone(), rest.trim().to_string()))
        };
        for i in 0..self.a.purposes.len() {
            if self.a.purposes[i].party.is_none() {
                if let Some((id, rest)) = known(&self.a, &self.a.purposes[i].description) {
                    self.a.purposes[i].party = Some(id);
                    self.a.purposes[i].description = rest;
                }
            }
        }
        for i in 0..self.a.benefits.parties.len() {
            if self.a.benefits.parties[i].party.is_none() {
                if let Some((id, rest)) = known(&self.a, &self.a.benefits.parties[i].benefit) {
                    self.a.benefits.parties[i].party = Some(id);
                    self.a.benefits.parties[i].benefit = rest;
                }
            }
        }
    }

    pub(super) fn party_prefix(&mut self, item: &str, loc: &str) -> (Option<String>, String) {
        if let Some((head, rest)) = item.split_once([':', '–', '—']) {
            let head = head.trim();
            if head.split_whitespace().count() <= 6
                && !rest.trim().is_empty()
                && recognise_org(head).is_some()
            {
                let id = self.ensure_party(head, loc);
                return (id, rest.trim().to_string());
            }
        }
        (None, item.to_string())
    }

    pub(super) fn parties_table(&mut self, t: &Table, loc: &str) {
        let header = t
            .rows
            .first()
            .map(|r| norm(&r.cells.iter().map(Cell::text).collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        let has_header = header.contains("organisation")
            || header.contains("duties")
            || header.contains("party")
            || header.contains("name");
        if has_header {
            self.header_prov(t, loc, "/parties");
        }
        for (r, row) in t.rows.iter().enumerate().skip(usize::from(has_header)) {
            let Some(name_cell) = row.cells.first() else {
                continue;
            };
            let row_loc = format!("{loc}/tr[{r}]");
            let raw_name = name_cell.unstruck_text();
            let full = row_text(row);
            if full.trim().is_empty() {
                continue;
            }
            // "ICO registration: Z123" and "ODS code: RV5" under the name are the party's codes.
            let (raw_name, codes) = party_codes(&raw_name);
            // "London Borough (state all or name each borough involved)" is the template's generic row.
            let name = raw_name
                .lines()
                .map(|l| {
                    strip_placeholders(l).replace("(state all or name each borough involved)", "")
                })
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            let duties: Vec<String> = row
                .cells
                .get(1)
                .map(|c| {
                    c.paragraphs()
                        .filter(|p| !p.struck())
                        .map(|p| strip_bullet(&strip_placeholders(&p.text())).to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let competent = row.cells.get(2).map(|c| parse_mark(&c.unstruck_text()));
            let mut ids: Vec<String> = Vec::new();
            let n = norm(&name);
            if n == "london borough" || n == "london boroughs" || n.is_empty() {
                // The template's generic row: the boroughs are the parties named elsewhere.
                self.boroughs_listed = true;
                // Duties of every borough party.
                ids = self
                    .a
                    .parties
                    .iter()
                    .filter(|p| p.london_authority.is_some())
                    .map(|p| p.id.clone())
                    .collect();
                if ids.is_empty() && !n.is_empty() {
                    self.diag(
                        DiagnosticCode::BoroughNotNamed,
                        &row_loc,
                        "Appendix A names no borough (\"state all or name each borough involved\")"
                            .into(),
                    );
                }
            } else if n.contains("all london boroughs")
                || n.contains("all 32")
                || n.contains("all 33")
            {
                for la in LondonAuthority::all() {
                    if let Some(id) = self.list_party(la.wording(), &row_loc) {
                        ids.push(id);
                    }
                }
            } else {
                for part in name.lines().flat_map(split_names) {
                    if let Some(id) = self.list_party(&part, &row_loc) {
                        ids.push(id);
                    }
                }
            }
            if name_cell.struck() {
                self.prov("/parties", &row_loc, full.trim(), None);
                continue;
            }
            if ids.len() == 1 {
                if let Some(p) = self.a.parties.iter_mut().find(|p| p.id == ids[0]) {
                    if let Some(i) = &codes.0 {
                        p.ico_registration = Some(i.clone());
                    }
                    if let Some(o) = &codes.1 {
                        p.ods_code = Some(o.clone());
                    }
                }
            }
            for id in &ids {
                if let Some(p) = self.a.parties.iter_mut().find(|p| &p.id == id) {
                    for d in &duties {
                        if !p.duties.contains(d) {
                            p.duties.push(d.clone());
                        }
                    }
                    match &competent {
                        Some(Mark::Positive | Mark::All | Mark::Parties(_)) => {
                            p.competent_authority = Some(true)
                        }
                        Some(Mark::Negative) => p.competent_authority = Some(false),
                        _ => {}
                    }
                }
            }
            let idx = ids
                .first()
                .and_then(|id| self.a.parties.iter().position(|p| &p.id == id));
            match idx {
                Some(i) => self.value(format!("/parties/{i}"), &row_loc, full.trim(), None),
                None => self.unmapped(&row_loc, full.trim()),
            }
        }
    }
}

/// A party cell's lines without its "ICO registration:" and "ODS code:" lines, and those
/// codes.
fn party_codes(cell: &str) -> (String, (Option<String>, Option<String>)) {
    let code = |line: &str, label: &str| {
        line.get(..label.len())
            .filter(|p| p.eq_ignore_ascii_case(label))
            .and_then(|_| line[label.len()..].trim_start().strip_prefix(':'))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let (mut rest, mut ico, mut ods) = (Vec::new(), None, None);
    for line in cell.lines() {
        let l = line.trim();
        if let Some(v) = code(l, "ICO registration") {
            ico = Some(v);
        } else if let Some(v) = code(l, "ODS code") {
            ods = Some(v);
        } else {
            rest.push(line);
        }
    }
    (rest.join("\n"), (ico, ods))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_under_a_party_name() {
        assert_eq!(
            party_codes("South London and Maudsley NHS Foundation Trust\nODS code: RV5\nICO registration: Z123"),
            (
                "South London and Maudsley NHS Foundation Trust".to_string(),
                (Some("Z123".to_string()), Some("RV5".to_string()))
            )
        );
        assert_eq!(party_codes("Camden").1, (None, None));
    }
    use crate::recognise::test_blocks::table;

    /// Names only in "Applicable party" or Appendix B columns are not parties, but the
    /// boroughs named there are when Appendix A keeps the generic "London Borough" row.
    #[test]
    fn parties_come_from_where_they_are_listed() {
        let mut r = Recogniser::new(None, "word/document.xml".into());
        r.body(&[
            table(&[
                &[
                    "Article 6 lawful basis conditions [delete unnecessary options]",
                    "Applicable party",
                ],
                &[
                    "e) performance of a task carried out in the public interest",
                    "London Borough of Camden",
                ],
            ]),
            table(&[
                &[
                    "Legislation/Statutory guidance",
                    "Party to which it applies",
                    "Main purpose of Legislation",
                    "How it applies to this data sharing",
                ],
                &[
                    "Licensing Act 2003",
                    "Licensing Authority",
                    "Licensing objectives",
                    "Representations",
                ],
            ]),
            table(&[
                &["Organisation name or type", "Duties"],
                &[
                    "London Borough (state all or name each borough involved)",
                    "Safeguarding",
                ],
                &["Metropolitan Police Service (“the MPS”)", "Policing"],
            ]),
        ]);
        let (a, diags, _) = r.finish();
        let names: Vec<&str> = a.parties.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Metropolitan Police Service"), "{names:?}");
        assert!(names.iter().any(|n| n.contains("Camden")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("Licensing")), "{names:?}");
        assert!(diags
            .iter()
            .any(|d| d.message.contains("Licensing Authority")));
        assert!(dsa_model::validation::validate(&a)
            .iter()
            .all(|f| !f.message.contains("is not a party")));
    }
}
