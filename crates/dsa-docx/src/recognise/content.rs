//! Paragraphs inside a section: template wording, choices made in sentences, and the
//! dispatch of other text to the reader of the section it is in.

use super::*;

/// A cheap test before the party-statement pattern: the word "between".
fn n_between(text: &str) -> bool {
    use memchr::memmem;
    static FINDERS: std::sync::LazyLock<[memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| {
            [
                memmem::Finder::new("between"),
                memmem::Finder::new("Between"),
                memmem::Finder::new("BETWEEN"),
            ]
        });
    text.len() < 600 && FINDERS.iter().any(|f| f.find(text.as_bytes()).is_some())
}

impl Recogniser {
    pub(super) fn content(&mut self, p: &Paragraph, text: &str, loc: &str) {
        let s = self.section();
        // Before the first heading: the title paragraph, unless a title was already read
        // (a generic heading gives way to the specific title below it).
        if self.path.is_empty()
            && self.other_part.is_none()
            && self.title_open()
            && title::reads_as_title(text, p.bold())
        {
            self.offer_title(title::TitleSource::FirstParagraph, text, loc);
            return;
        }
        if n_between(text) && self.party_statement(text, loc) {
            return;
        }
        if let Some(sec) = s.filter(|_| !is_bullet(p, text) && absent::says_not_applicable(text)) {
            self.section_absent(sec, loc, text, "says it is not applicable");
            if self.absent.contains(&sec) {
                return;
            }
        }
        // Sentences that carry a choice inside template wording.
        let n = norm(text);
        if n.contains("controller to controller") || n.contains("joint controllers") {
            self.sharing_type(p, text, loc);
            return;
        }
        if n.contains("information sharing gateway") && n.contains("signatory") {
            self.a.signing_route = Some(SigningRoute::Isg);
            self.value("/signing_route", loc, text, None);
            return;
        }
        let residual = strip_placeholders(text);
        if residual.is_empty() {
            // A placeholder left in: empty, not content.
            let field = s.map(Section::pointer).unwrap_or("/title");
            self.prov(field, loc, text, None);
            return;
        }
        if s == Some(Section::AppendixScenarios) && self.scenario_line(text, loc) {
            return;
        }
        if s == Some(Section::Confidentiality) && is_bullet(p, text) {
            self.confidentiality_bullet(p, text, loc);
            return;
        }
        if s == Some(Section::Benefits) {
            let b = norm(&residual);
            if b == "individuals" || b.starts_with("individuals ") {
                self.benefit = BenefitCtx::Individuals;
                self.prov("/benefits/individuals", loc, text, None);
                return;
            }
            if b.starts_with("parties") || b.starts_with("organisations") {
                self.benefit = BenefitCtx::Parties;
                self.prov("/benefits/parties", loc, text, None);
                return;
            }
            if b == "society" || b.starts_with("society ") || b.starts_with("wider society") {
                self.benefit = BenefitCtx::Society;
                self.prov("/benefits/society", loc, text, None);
                return;
            }
        }
        // The template's suggested responsibilities and benefits are values when kept.
        // So are options written as bullets where data and its subjects are listed: a
        // bullet with an option's exact wording is a choice, not template text.
        let values_in_template =
            matches!(s, Some(Section::Responsibilities) | Some(Section::Benefits))
                || (is_bullet(p, text)
                    && matches!(
                        s,
                        Some(
                            Section::Data
                                | Section::DataCategories
                                | Section::PersonalData
                                | Section::SpecialCategory
                                | Section::DataSubjects
                        )
                    ));
        if !values_in_template && template_similarity_stripped(&residual) >= 0.8 {
            self.boilerplate(s, text, loc);
            return;
        }
        self.section_content(s, p, text, &residual, loc);
    }

    /// Boilerplate (template wording) confirms the section; some sentences also carry
    /// a choice.
    pub(super) fn boilerplate(&mut self, s: Option<Section>, text: &str, loc: &str) {
        let n = norm(text);
        match s {
            Some(Section::LawfulBasis) if n.contains("appropriate policy document") => {
                self.a.lawful_basis.appropriate_policy_document = Some(true);
                self.value("/lawful_basis/appropriate_policy_document", loc, text, None);
                return;
            }
            Some(Section::LawEnforcement)
                if n.contains("strictly necessary")
                    && n.contains("competent authorities that are party") =>
            {
                if let Some(le) = self.a.law_enforcement.as_mut() {
                    le.strictly_necessary = Some(true);
                }
                self.value("/law_enforcement/strictly_necessary", loc, text, None);
                return;
            }
            Some(Section::Dpia)
                if n.contains("working group") && n.contains("completed a dpia") =>
            {
                self.a
                    .dpia
                    .get_or_insert_with(Default::default)
                    .working_group_dpia = Some(true);
                self.value("/dpia/working_group_dpia", loc, text, None);
                return;
            }
            _ => {}
        }
        let field = s.map(Section::pointer).unwrap_or("/title");
        self.prov(field, loc, text, None);
    }

    pub(super) fn sharing_type(&mut self, p: &Paragraph, text: &str, loc: &str) {
        // Keep what is not struck, then what is not an instruction.
        let visible = norm(&strip_placeholders(&p.unstruck_text()));
        let c2c = visible.contains("controller to controller");
        let joint = visible.contains("joint controller");
        let choice = match (c2c, joint) {
            (true, false) => Some(SharingType::ControllerToController),
            (false, true) => Some(SharingType::JointControllers),
            _ => None,
        };
        match choice {
            Some(c) => {
                self.a.sharing_type = Some(c);
                self.value("/sharing_type", loc, text, None);
            }
            None => {
                self.diag(
                    DiagnosticKind::Missing,
                    loc,
                    "sharing type left as in the template (both options kept)".into(),
                );
                self.prov("/sharing_type", loc, text, None);
            }
        }
    }

    pub(super) fn section_content(
        &mut self,
        s: Option<Section>,
        p: &Paragraph,
        text: &str,
        residual: &str,
        loc: &str,
    ) {
        use Section::*;
        let bullet = is_bullet(p, text);
        let item = strip_bullet(residual).to_string();
        // A lead-in ("Information may be shared about:") says what the bullets after it list.
        if !bullet {
            self.list_lead = list_sentences::lead_kind(residual);
        }
        // A list written as a sentence, wherever data and its subjects are described (a
        // numbered clause too: "1.2 The information shared includes names, ...").
        if (!bullet || residual.len() > 40)
            && matches!(
                s,
                Some(
                    Data | DataCategories
                        | PersonalData
                        | SpecialCategory
                        | DataSubjects
                        | Individuals
                )
            )
            && self.list_sentence(residual, loc)
        {
            return;
        }
        match s {
            None | Some(Agreement) => self.metadata_line(text, residual, loc),
            Some(Ownership) => {
                append(&mut self.a.ownership, residual);
                self.value("/ownership", loc, text, None);
            }
            Some(Parties) | Some(AppendixParties) | Some(Signatures) | Some(Appendices) => {
                self.party_line(text, residual, loc)
            }
            Some(LocalPartners) if bullet => {
                let i = self.a.local_partners.len();
                self.a.local_partners.push(LocalPartner {
                    name: item.clone(),
                    party: None,
                    agreement_documented: None,
                });
                self.value(format!("/local_partners/{i}"), loc, text, None);
            }
            Some(Responsibilities) => {
                if bullet
                    || template_similarity_stripped(residual) < 0.8
                    || self.a.responsibilities.is_empty() && item.len() > 30
                {
                    if norm(&item) == "all parties will" {
                        self.prov("/responsibilities", loc, text, None);
                        return;
                    }
                    let i = self.a.responsibilities.len();
                    self.a.responsibilities.push(item);
                    self.value(format!("/responsibilities/{i}"), loc, text, None);
                } else {
                    self.prov("/responsibilities", loc, text, None);
                }
            }
            Some(Review) => self.review_line(text, residual, loc),
            Some(Purpose) | Some(PurposeAndBenefits) => {
                let (party, desc) = self.party_prefix(&item, loc);
                let i = self.a.purposes.len();
                self.a.purposes.push(dsa_model::Purpose {
                    party,
                    description: desc,
                });
                self.value(format!("/purposes/{i}"), loc, text, None);
            }
            Some(SeriousViolenceDuty) => {
                let svd = self
                    .a
                    .serious_violence_duty
                    .get_or_insert_with(Default::default);
                append(&mut svd.notes, residual);
                self.value("/serious_violence_duty/notes", loc, text, None);
            }
            Some(Benefits) => match self.benefit {
                BenefitCtx::Individuals => {
                    let i = self.a.benefits.individuals.len();
                    self.a.benefits.individuals.push(item);
                    self.value(format!("/benefits/individuals/{i}"), loc, text, None);
                }
                BenefitCtx::Society => {
                    let i = self.a.benefits.society.len();
                    self.a.benefits.society.push(item);
                    self.value(format!("/benefits/society/{i}"), loc, text, None);
                }
                BenefitCtx::Parties => {
                    let (party, benefit) = self.party_prefix(&item, loc);
                    let i = self.a.benefits.parties.len();
                    self.a
                        .benefits
                        .parties
                        .push(PartyBenefit { party, benefit });
                    self.value(format!("/benefits/parties/{i}"), loc, text, None);
                }
            },
            Some(Dpia) => {
                let d = self.a.dpia.get_or_insert_with(Default::default);
                append(&mut d.notes, residual);
                self.value("/dpia/notes", loc, text, None);
            }
            Some(LawfulBasis)
            | Some(LawEnforcement)
            | Some(Legislation)
            | Some(AppendixLegislation)
            | Some(OtherLegislation) => self.prose_basis(text, residual, loc),
            Some(Proportionality) => {
                append(&mut self.a.proportionality, residual);
                self.value("/proportionality", loc, text, None);
            }
            Some(Confidentiality) => {
                let c = self.a.confidentiality.get_or_insert_with(Default::default);
                append(&mut c.notes, residual);
                self.value("/confidentiality/notes", loc, text, None);
            }
            Some(Individuals) | Some(Rights) | Some(AppendixRights) => {
                let n = norm(residual);
                if n == "complaints" {
                    self.sublabel = Some(Complaints);
                    self.seen.entry(Complaints).or_default().0 = true;
                    self.prov("/complaints", loc, text, None);
                    return;
                }
                if n.starts_with("rectification, erasure or restriction") {
                    self.prov("/rectification_erasure", loc, text, None);
                    return;
                }
                append(&mut self.a.rectification_erasure, residual);
                self.value("/rectification_erasure", loc, text, None);
            }
            Some(Complaints) => {
                let t = residual.trim_start_matches("The parties will").trim();
                if t.is_empty() {
                    self.prov("/complaints", loc, text, None);
                } else {
                    append(&mut self.a.complaints, residual);
                    self.value("/complaints", loc, text, None);
                }
            }
            Some(DataSubjects) => {
                if norm(residual).starts_with("types of data subjects") {
                    self.prov("/data_subjects", loc, text, None);
                    return;
                }
                if bullet && self.subject_bullet(text, &item, loc) {
                    return;
                }
                append(&mut self.a.data_subjects.description, residual);
                self.value("/data_subjects/description", loc, text, None);
            }
            Some(Deceased) => {
                let d = self
                    .a
                    .deceased_individuals
                    .get_or_insert(DeceasedIndividuals {
                        may_be_shared: true,
                        notes: None,
                    });
                append(&mut d.notes, residual);
                self.value("/deceased_individuals/notes", loc, text, None);
            }
            Some(Data) | Some(DataCategories) | Some(PersonalData) | Some(SpecialCategory) => {
                // Bullets after "Information may be shared about:" name people, not data.
                if bullet
                    && self.list_lead == Some(list_sentences::ListKind::DataSubjects)
                    && self.subject_bullet(text, &item, loc)
                {
                    return;
                }
                self.data_line(s, bullet, &item, text, residual, loc)
            }
            Some(CriminalOffence) => {
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
                if n.starts_with(
                    "personal data relating to criminal convictions and offences is shared",
                ) && desc.is_empty()
                {
                    self.prov("/criminal_offence_data", loc, text, None);
                    return;
                }
                let c = self
                    .a
                    .criminal_offence_data
                    .get_or_insert_with(Default::default);
                if !desc.is_empty() {
                    append(&mut c.description, &desc);
                }
                self.value("/criminal_offence_data/description", loc, text, None);
            }
            Some(Security) => {
                let n = norm(residual);
                let security = [
                    "encrypt",
                    "password",
                    "access control",
                    "rbac",
                    "cyber essentials",
                    "iso 27001",
                    "security",
                    "dsp toolkit",
                    "business continuity",
                ]
                .iter()
                .any(|k| n.contains(k));
                if security {
                    append(
                        &mut self.a.storage_and_security.security_standards,
                        residual,
                    );
                    self.value("/storage_and_security/security_standards", loc, text, None);
                } else {
                    append(&mut self.a.storage_and_security.handling, residual);
                    self.value("/storage_and_security/handling", loc, text, None);
                }
            }
            Some(OutsideUk) => {
                let o = self
                    .a
                    .outside_uk_processing
                    .get_or_insert_with(Default::default);
                append(&mut o.description, residual);
                self.value("/outside_uk_processing/description", loc, text, None);
            }
            Some(DataQuality) => {
                append(&mut self.a.data_quality, residual);
                self.value("/data_quality", loc, text, None);
            }
            Some(Breaches) => {
                append(&mut self.a.breaches, residual);
                self.value("/breaches", loc, text, None);
            }
            Some(Retention) => self.retention_line(text, residual, loc),
            Some(EndOfSharing) => {
                let i = self.a.end_of_sharing.len();
                self.a.end_of_sharing.push(EndOfSharingRow {
                    data: "All shared data".into(),
                    organisation: Applicability::AllParties,
                    action: residual.to_string(),
                });
                self.value(format!("/end_of_sharing/{i}"), loc, text, Some(0.7));
            }
            Some(AppendixScenarios) => self.unmapped(loc, text),
            Some(_) => self.unmapped(loc, text),
        }
    }
}
