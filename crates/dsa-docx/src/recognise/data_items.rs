//! Data categories (§4.1) and data items (§4.2 personal and special category data), in
//! tables and in sentences.

use super::*;

impl Recogniser {
    pub(super) fn data_line(
        &mut self,
        s: Option<Section>,
        bullet: bool,
        item: &str,
        text: &str,
        residual: &str,
        loc: &str,
    ) {
        // Lists of data items in prose protocols: "Name, address and date of birth".
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
        let mut p2: Vec<(Part2DataCategory, bool, String, String)> = Vec::new();
        let mut p3: Vec<(Part3DataCategory, bool, String, String)> = Vec::new();
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.trim().is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                if c == 0 {
                    match match_code::<Part2DataCategory>(&text) {
                        Some((x, _)) => p2.push((x, cell.struck(), l, text.trim().to_string())),
                        None => self.unmapped(&l, text.trim()),
                    }
                } else {
                    match match_code::<Part3DataCategory>(&text) {
                        Some((x, _)) => p3.push((x, cell.struck(), l, text.trim().to_string())),
                        None => self.unmapped(&l, text.trim()),
                    }
                }
            }
        }
        let keep2 = choose_listed(&p2.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>());
        let keep3 = choose_listed(&p3.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>());
        if keep2.is_none() || keep3.is_none() {
            self.diag(
                DiagnosticKind::Missing,
                loc,
                "data categories left as in the template: none chosen".into(),
            );
        }
        for (i, (x, _, l, text)) in p2.into_iter().enumerate() {
            if keep2.as_ref().is_some_and(|k| k[i]) {
                self.a.data_categories.part2.push(x);
                let j = self.a.data_categories.part2.len() - 1;
                self.value(format!("/data_categories/part2/{j}"), &l, &text, None);
            } else {
                self.prov("/data_categories/part2", &l, &text, None);
            }
        }
        for (i, (x, _, l, text)) in p3.into_iter().enumerate() {
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

    pub(super) fn data_items_table(&mut self, t: &Table, loc: &str) {
        // Personal (4.2.1) or special category (4.2.2): whichever list the rows match.
        let mut personal = 0;
        let mut special = 0;
        for row in t.rows.iter().skip(1) {
            let label = row.cells.first().map(Cell::text).unwrap_or_default();
            if match_code::<SpecialCategoryItem>(&label).is_some_and(|(_, c)| c >= 0.9) {
                special += 1;
            } else if match_code::<PersonalDataItem>(&label).is_some() {
                personal += 1;
            }
        }
        if special > personal {
            self.items_table::<SpecialCategoryItem>(t, loc, "/special_category_data", |a| {
                &mut a.special_category_data
            });
        } else {
            self.items_table::<PersonalDataItem>(t, loc, "/personal_data", |a| {
                &mut a.personal_data
            });
        }
    }

    pub(super) fn items_table<C: CodeList>(
        &mut self,
        t: &Table,
        loc: &str,
        field: &str,
        list: impl Fn(&mut Agreement) -> &mut Vec<DataItem<C>>,
    ) {
        let header_is_label = t
            .rows
            .first()
            .and_then(|r| r.cells.first())
            .is_some_and(|c| norm(&c.text()).contains("type of data"));
        if header_is_label {
            self.header_prov(t, loc, field);
        }
        struct Info<C> {
            code: C,
            conf: f64,
            struck: bool,
            desc: String,
            mark: Mark,
            text: String,
            r: usize,
        }
        let mut rows = Vec::new();
        let skip = usize::from(header_is_label);
        for (r, row) in t.rows.iter().enumerate().skip(skip) {
            let Some(label_cell) = row.cells.first() else {
                continue;
            };
            let label = label_cell.text();
            let full = row_text(row);
            if full.trim().is_empty() {
                continue;
            }
            let (label_clean, inline) = split_inline_mark(&label_cell.unstruck_text());
            let desc = strip_placeholders(
                &row.cells
                    .iter()
                    .skip(1)
                    .map(Cell::unstruck_text)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            match match_code::<C>(if label_clean.trim().is_empty() {
                &label
            } else {
                &label_clean
            }) {
                Some((code, conf)) => {
                    let mark = inline.unwrap_or_else(|| {
                        let m = parse_mark(&desc);
                        if matches!(m, Mark::Positive | Mark::Negative) {
                            m
                        } else {
                            Mark::Empty
                        }
                    });
                    let desc = if matches!(mark, Mark::Positive | Mark::Negative)
                        && parse_mark(&desc) == mark
                    {
                        String::new()
                    } else {
                        desc
                    };
                    rows.push(Info {
                        code,
                        conf,
                        struck: label_cell.struck(),
                        desc,
                        mark,
                        text: full,
                        r,
                    })
                }
                None => self.unmatched_row(loc, r, &label, &full, C::NAME),
            }
        }
        let template_rows = C::all().len();
        let any_struck = rows.iter().any(|r| r.struck);
        let any_mark = rows.iter().any(|r| r.mark != Mark::Empty);
        let any_desc = rows.iter().any(|r| !r.desc.is_empty());
        let complete = rows.len() >= template_rows;
        let unfilled = complete && !any_struck && !any_mark && !any_desc;
        if unfilled {
            self.diag(
                DiagnosticKind::Missing,
                loc,
                format!("{} table left as in the template: no item chosen", C::NAME),
            );
        }
        for ri in rows {
            let chosen = if unfilled || ri.struck {
                false
            } else if any_mark {
                ri.mark.chosen()
            } else if complete && any_desc {
                // Every row kept: the described rows are the chosen ones.
                !ri.desc.is_empty()
            } else {
                true
            };
            let row_loc = format!("{loc}/tr[{}]", ri.r);
            if !chosen {
                self.prov(field, &row_loc, &ri.text, None);
                continue;
            }
            let exclusions = ri
                .desc
                .split_inclusive(['.', '\n'])
                .filter(|s| norm(s).contains("exclud"))
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
                .join(" ");
            let l = list(&mut self.a);
            if l.iter().any(|d| d.item == ri.code) {
                self.prov(field, &row_loc, &ri.text, None);
                continue;
            }
            l.push(DataItem {
                item: ri.code,
                description: (!ri.desc.is_empty()).then(|| ri.desc.clone()),
                datasets: Vec::new(),
                exclusions: (!exclusions.is_empty()).then_some(exclusions),
            });
            let i = l.len() - 1;
            self.value(
                format!("{field}/{i}"),
                &row_loc,
                &ri.text,
                (ri.conf < 1.0).then_some(ri.conf),
            );
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
