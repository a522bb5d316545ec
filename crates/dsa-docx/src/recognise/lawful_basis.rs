//! Lawful basis in prose (§2.4, older protocols) and the Part 3 competent authorities table.

use super::*;

/// The head of an override's wording ("Section 251 support"), normalised.
fn override_head(o: ConfidentialityOverride) -> String {
    let w = norm(o.wording());
    w.split(" (").next().unwrap_or(&w).to_string()
}

impl Recogniser {
    /// Lawful basis laid out as a table of labels and details ("Legal basis | Detail",
    /// "Condition | How it applies"): each cell read as prose would be, a cell citing
    /// nothing (a label) kept as evidence for the section.
    pub(super) fn basis_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/lawful_basis");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = strip_placeholders(&cell.unstruck_text());
                if text.is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                let cites = !find_citations(&text).is_empty()
                    || norm(&text).contains("competent authorit")
                    || norm(&text).contains("duty of confidence");
                if c == 0 && !cites {
                    self.prov("/lawful_basis", &l, &text, None);
                } else {
                    self.prose_basis(&text, &text, &l);
                }
            }
        }
    }

    /// "The Metropolitan Police Service is a competent authority for the purposes of
    /// Part 3": the named parties are competent authorities, and Part 3 applies.
    fn prose_competent_authorities(&mut self, text: &str, residual: &str, loc: &str) -> bool {
        static CA: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?i)^(?:the\s+)?(.{3,160}?)\s+(?:is|are|acts as|act as)\s+(?:a\s+|the\s+)?competent\s+authorit(?:y|ies)\b")
                .expect("regex")
        });
        if !residual.contains("ompetent") {
            return false;
        }
        let Some(names) = CA.captures(residual.trim()).and_then(|c| c.get(1)) else {
            return false;
        };
        if norm(names.as_str()).contains(" not ") {
            return false;
        }
        let mut any = false;
        for n in split_names(names.as_str()) {
            let Some(id) = self.ensure_party(&n, loc) else {
                continue;
            };
            if let Some(p) = self.a.parties.iter_mut().find(|p| p.id == id) {
                p.competent_authority = Some(true);
            }
            let le = self.a.law_enforcement.get_or_insert_with(Default::default);
            if le.competent_authorities.iter().any(|c| c.party == id) {
                continue;
            }
            le.competent_authorities.push(CompetentAuthority {
                party: id,
                purposes: None,
            });
            let i = le.competent_authorities.len() - 1;
            self.value(
                format!("/law_enforcement/competent_authorities/{i}"),
                loc,
                text,
                Some(0.9),
            );
            any = true;
        }
        any
    }

    /// "The common law duty of confidence will be met by implied consent or the overriding
    /// public interest" (or "does not apply"): the overrides a protocol relies on.
    fn prose_overrides(&mut self, text: &str, residual: &str, loc: &str) -> bool {
        if !residual.contains("onfiden") {
            return false;
        }
        let n = norm(residual);
        if !(n.contains("duty of confidence") || n.contains("duty of confidentiality")) {
            return false;
        }
        let found: Vec<ConfidentialityOverride> = if n.contains("does not apply")
            || n.contains("not applicable")
            || n.contains("do not apply")
        {
            vec![ConfidentialityOverride::NotApplicable]
        } else {
            ConfidentialityOverride::all()
                .iter()
                .copied()
                .filter(|o| *o != ConfidentialityOverride::NotApplicable)
                .filter(|o| n.contains(&override_head(*o)))
                .collect()
        };
        if found.is_empty() {
            return false;
        }
        for o in found {
            let c = self.a.confidentiality.get_or_insert_with(Default::default);
            if c.overrides.iter().any(|x| x.basis == o) {
                continue;
            }
            c.overrides.push(ChosenOverride {
                basis: o,
                justification: None,
            });
            let i = c.overrides.len() - 1;
            self.value(
                format!("/confidentiality/overrides/{i}"),
                loc,
                text,
                Some(0.9),
            );
        }
        true
    }

    pub(super) fn prose_basis(&mut self, text: &str, residual: &str, loc: &str) {
        let mut used = self.prose_competent_authorities(text, residual, loc);
        used |= self.prose_overrides(text, residual, loc);
        for c in find_citations(residual) {
            self.add_citation(c, text, loc);
            used = true;
        }
        for (act, section) in find_acts(residual) {
            let legislation = match &section {
                Some(s) => format!("{act} s{s}"),
                None => act.clone(),
            };
            if self
                .a
                .legislation
                .iter()
                .any(|l| norm(&l.legislation) == norm(&legislation))
            {
                used = true;
                continue;
            }
            // "Data Protection Act 2018" is the framework itself, not a gateway.
            if norm(&act).starts_with("data protection act")
                || norm(&act).starts_with("human rights act")
                    && self.section() != Some(Section::Legislation)
            {
                continue;
            }
            let i = self.a.legislation.len();
            self.a.legislation.push(LegislationEntry {
                legislation,
                applies_to: Applicability::Unspecified,
                main_purpose: None,
                how_it_applies: None,
                legislation_uri: None,
            });
            self.value(format!("/legislation/{i}"), loc, text, Some(0.9));
            used = true;
        }
        let n = norm(residual);
        if n.contains("appropriate policy document") {
            self.a.lawful_basis.appropriate_policy_document = Some(true);
            self.value("/lawful_basis/appropriate_policy_document", loc, text, None);
            used = true;
        }
        if !used {
            self.unmapped(loc, text);
        }
    }

    pub(super) fn add_citation(&mut self, c: Citation, text: &str, loc: &str) {
        match dsa_text::apply_citation(&mut self.a, c) {
            Some(f) => self.value(f, loc, text, Some(0.9)),
            None => self.prov("/lawful_basis", loc, text, None),
        }
    }

    pub(super) fn competent_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/law_enforcement/competent_authorities");
        self.a.law_enforcement.get_or_insert_with(Default::default);
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let name = row
                .cells
                .first()
                .map(Cell::unstruck_text)
                .unwrap_or_default();
            let purposes = row
                .cells
                .get(1)
                .map(Cell::unstruck_text)
                .unwrap_or_default();
            let full = row
                .cells
                .iter()
                .map(Cell::text)
                .collect::<Vec<_>>()
                .join(" | ");
            if strip_placeholders(&name).trim().is_empty() && purposes.trim().is_empty() {
                if !full.replace('|', "").trim().is_empty() {
                    self.prov(
                        "/law_enforcement/competent_authorities",
                        &format!("{loc}/tr[{r}]"),
                        full.trim(),
                        None,
                    );
                }
                continue;
            }
            let row_loc = format!("{loc}/tr[{r}]");
            for n in split_names(&name) {
                if let Some(id) = self.ensure_party(&n, &row_loc) {
                    if let Some(p) = self.a.parties.iter_mut().find(|p| p.id == id) {
                        p.competent_authority = Some(true);
                    }
                    let purposes = strip_placeholders(&purposes);
                    let le = self.a.law_enforcement.get_or_insert_with(Default::default);
                    le.competent_authorities.push(CompetentAuthority {
                        party: id,
                        purposes: (!purposes.is_empty()).then_some(purposes),
                    });
                    let i = le.competent_authorities.len() - 1;
                    self.value(
                        format!("/law_enforcement/competent_authorities/{i}"),
                        &row_loc,
                        full.trim(),
                        None,
                    );
                }
            }
        }
    }
}
