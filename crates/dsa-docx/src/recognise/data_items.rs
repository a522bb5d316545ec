//! Data categories (§4.1) and data items (§4.2 personal and special category data), in
//! tables and in sentences.

use super::*;

impl Recogniser {
    /// §4.2.3: what criminal offence data is shared ("The data is limited to ...").
    pub(super) fn criminal_offence_line(&mut self, l: &Line) {
        let residual = l.residual;
        let n = norm(residual);
        let desc = residual
            .find("The data is")
            .map(|i| {
                residual[i + "The data is".len()..]
                    .trim()
                    .trim_end_matches('.')
                    .trim()
                    .to_string()
            })
            .unwrap_or_else(|| residual.to_string());
        if n.starts_with("personal data relating to criminal convictions and offences is shared")
            && desc.is_empty()
        {
            self.prov("/criminal_offence_data", l.loc, l.text, None);
            return;
        }
        let c = self
            .a
            .criminal_offence_data
            .get_or_insert_with(Default::default);
        if !desc.is_empty() {
            append(&mut c.description, &desc);
        }
        self.value("/criminal_offence_data/description", l.loc, l.text, None);
    }

    pub(super) fn data_line(
        &mut self,
        s: Option<Section>,
        bullet: bool,
        item: &str,
        text: &str,
        residual: &str,
        loc: &str,
    ) {
        // Lists of data items in prose protocols: "Name, address and date of birth"; but
        // "financial information is not shared" and "names are removed" add nothing.
        if list_sentences::negated(&format!(" {} ", norm(residual))) {
            self.unmapped(loc, text);
            return;
        }
        let mut matched = false;
        let candidates: Vec<String> = if bullet || item.len() < 160 {
            split_names(item)
        } else {
            Vec::new()
        };
        let mut hits: Vec<(Option<PersonalDataItem>, Option<SpecialCategoryItem>, f64)> =
            Vec::new();
        for cand in &candidates {
            let c = norm(cand);
            let special = match_code::<SpecialCategoryItem>(cand).or_else(|| special_keyword(&c));
            let personal = match_code::<PersonalDataItem>(cand).or_else(|| personal_keyword(&c));
            match (personal, special) {
                (_, Some((sp, conf)))
                    if s == Some(Section::SpecialCategory) || personal.is_none() =>
                {
                    hits.push((None, Some(sp), conf))
                }
                (Some((pd, conf)), _) => hits.push((Some(pd), None, conf)),
                _ => {}
            }
        }
        if !hits.is_empty() && hits.len() * 2 >= candidates.len() {
            for (pd, sp, conf) in hits {
                if let Some(pd) = pd {
                    if !self.a.personal_data.iter().any(|d| d.item == pd) {
                        let i = self.a.personal_data.len();
                        self.a.personal_data.push(DataItem {
                            item: pd,
                            description: None,
                            datasets: Vec::new(),
                            exclusions: None,
                        });
                        self.value(
                            format!("/personal_data/{i}"),
                            loc,
                            text,
                            (conf < 1.0).then_some(conf),
                        );
                    }
                }
                if let Some(sp) = sp {
                    if !self.a.special_category_data.iter().any(|d| d.item == sp) {
                        let i = self.a.special_category_data.len();
                        self.a.special_category_data.push(DataItem {
                            item: sp,
                            description: None,
                            datasets: Vec::new(),
                            exclusions: None,
                        });
                        self.value(
                            format!("/special_category_data/{i}"),
                            loc,
                            text,
                            (conf < 1.0).then_some(conf),
                        );
                    }
                }
            }
            matched = true;
        }
        let n = norm(residual);
        if n.contains("criminal") && (n.contains("conviction") || n.contains("offence")) {
            self.a
                .criminal_offence_data
                .get_or_insert_with(Default::default);
            self.value("/criminal_offence_data", loc, text, Some(0.8));
            matched = true;
        }
        if !matched {
            if s == Some(Section::DataCategories) {
                append(&mut self.a.data_categories.anonymisation, residual);
                self.value("/data_categories/anonymisation", loc, text, Some(0.6));
            } else {
                self.unmapped(loc, text);
            }
        }
    }

    pub(super) fn categories_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/data_categories");
        type Listed<C> = (C, bool, Option<Mark>, String, String);
        let mut p2: Vec<Listed<Part2DataCategory>> = Vec::new();
        let mut p3: Vec<Listed<Part3DataCategory>> = Vec::new();
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.trim().is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                let (label, mark) = crate::marks::cell_label(cell);
                let label = if label.trim().is_empty() {
                    text.clone()
                } else {
                    label
                };
                if c == 0 {
                    match match_code::<Part2DataCategory>(&label) {
                        Some((x, _)) => {
                            p2.push((x, cell.struck(), mark, l, text.trim().to_string()))
                        }
                        None => self.unmapped(&l, text.trim()),
                    }
                } else {
                    match match_code::<Part3DataCategory>(&label) {
                        Some((x, _)) => {
                            p3.push((x, cell.struck(), mark, l, text.trim().to_string()))
                        }
                        None => self.unmapped(&l, text.trim()),
                    }
                }
            }
        }
        fn listed<C: Copy>(v: &[Listed<C>]) -> Vec<(C, bool, Option<Mark>)> {
            v.iter().map(|x| (x.0, x.1, x.2.clone())).collect()
        }
        let keep2 = choose_listed(&listed(&p2));
        let keep3 = choose_listed(&listed(&p3));
        if keep2.is_none() || keep3.is_none() {
            self.diag(
                DiagnosticCode::OptionsUnfilled,
                loc,
                "data categories left as in the template: none chosen".into(),
            );
        }
        for (i, (x, _, _, l, text)) in p2.into_iter().enumerate() {
            if keep2.as_ref().is_some_and(|k| k[i]) {
                self.a.data_categories.part2.push(x);
                let j = self.a.data_categories.part2.len() - 1;
                self.value(format!("/data_categories/part2/{j}"), &l, &text, None);
            } else {
                self.prov("/data_categories/part2", &l, &text, None);
            }
        }
        for (i, (x, _, _, l, text)) in p3.into_iter().enumerate() {
            if keep3.as_ref().is_some_and(|k| k[i]) {
                self.a.data_categories.part3.push(x);
                let j = self.a.data_categories.part3.len() - 1;
                self.value(format!("/data_categories/part3/{j}"), &l, &text, None);
            } else {
                self.prov("/data_categories/part3", &l, &text, None);
            }
        }
    }

    pub(super) fn anonymisation_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/data_categories/anonymisation");
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = strip_placeholders(&cell.text());
                if text.is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                // "Key to re-identification held by: Camden" on a line of its own.
                let label = dsa_model::template::wording::KEY_HOLDER;
                let (text, holder): (Vec<&str>, Vec<&str>) = text
                    .lines()
                    .partition(|line| !line.trim_start().starts_with(label));
                for h in holder {
                    let name = h.trim_start()[label.len()..].trim_start_matches(':').trim();
                    if let Some(id) = self.ensure_party(name, &l) {
                        self.a.data_categories.pseudonymisation_key_holder = Some(id);
                        self.value("/data_categories/pseudonymisation_key_holder", &l, h, None);
                    }
                }
                let text = text.join("\n");
                if text.trim().is_empty() {
                    continue;
                }
                append(&mut self.a.data_categories.anonymisation, &text);
                self.value("/data_categories/anonymisation", &l, &text, None);
                // "... the key is held by the MPS"
                let n = norm(&text);
                if let Some(pos) = n.find("held by") {
                    let after =
                        &text[text.len().saturating_sub(n.len() - pos - 7).min(text.len())..];
                    let name = after
                        .trim()
                        .trim_end_matches('.')
                        .trim_start_matches("the ")
                        .to_string();
                    if let Some(id) =
                        recognise_org(&name).and_then(|_| self.ensure_party(&name, &l))
                    {
                        self.a.data_categories.pseudonymisation_key_holder = Some(id);
                        self.value(
                            "/data_categories/pseudonymisation_key_holder",
                            &l,
                            &text,
                            Some(0.8),
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn personal_keyword(c: &str) -> Option<(PersonalDataItem, f64)> {
    use PersonalDataItem::*;
    let table: &[(&str, PersonalDataItem)] = &[
        ("full name", Name),
        ("names", Name),
        ("name", Name),
        ("addresses", Address),
        ("address", Address),
        ("date of birth", DateOfBirth),
        ("dates of birth", DateOfBirth),
        ("dob", DateOfBirth),
        ("telephone", Contact),
        ("phone", Contact),
        ("email", Contact),
        ("contact details", Contact),
        ("postcode", Postcode),
        ("age", Age),
        ("gender", Gender),
        ("sex", Gender),
        ("nhs number", NhsNumber),
        ("school", Education),
        ("education", Education),
        ("housing", Housing),
        ("tenancy", Housing),
        ("family", Family),
        ("next of kin", Family),
        ("financial", Financial),
        ("benefits", Financial),
        ("employment", Employment),
        ("social media", SocialMedia),
        ("photographs", Images),
        ("cctv", Images),
        ("images", Images),
        ("referral", Referral),
        ("assessment", Referral),
        ("physical description", PhysicalDescription),
        ("passport", IdentityDocuments),
        ("reference number", UniqueReference),
        ("case number", UniqueReference),
        ("social care", SocialCare),
        ("gp", GpContact),
        ("location", Location),
    ];
    let c = c.trim().trim_end_matches('.');
    table
        .iter()
        .find(|(k, _)| c == *k || c.starts_with(&format!("{k} ")) || c.ends_with(&format!(" {k}")))
        .map(|(_, v)| (*v, 0.85))
}

pub(super) fn special_keyword(c: &str) -> Option<(SpecialCategoryItem, f64)> {
    use SpecialCategoryItem::*;
    let table: &[(&str, SpecialCategoryItem)] = &[
        ("health", Health),
        ("mental health", Health),
        ("medical", Health),
        ("disability", Health),
        ("ethnicity", RacialEthnic),
        ("ethnic origin", RacialEthnic),
        ("race", RacialEthnic),
        ("religion", Religious),
        ("religious", Religious),
        ("sexual orientation", SexLife),
        ("sexuality", SexLife),
        ("biometric", Biometric),
        ("genetic", Genetic),
        ("dna", Genetic),
        ("political", Political),
        ("trade union", TradeUnion),
    ];
    let c = c.trim().trim_end_matches('.');
    table
        .iter()
        .find(|(k, _)| c.contains(k))
        .map(|(_, v)| (*v, 0.8))
}
