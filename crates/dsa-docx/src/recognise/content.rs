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
        if self.on_cover()
            && self.other_part.is_none()
            && self.title_open()
            && title::reads_as_title(text, p.bold())
        {
            self.offer_title(title::TitleSource::FirstParagraph, text, text, loc);
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
        let other_route = dsa_model::template::wording::SIGNING_OTHER.trim_end_matches(':');
        if let Some(rest) = text
            .trim()
            .get(..other_route.len())
            .filter(|p| p.eq_ignore_ascii_case(other_route))
            .map(|_| {
                text.trim()[other_route.len()..]
                    .trim_start_matches([':', '.'])
                    .trim()
            })
        {
            self.a.signing_route = Some(SigningRoute::Other);
            if !rest.is_empty() {
                self.a.signing_route_detail = Some(rest.to_string());
            }
            self.value("/signing_route", loc, text, None);
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
                    DiagnosticCode::OptionsUnfilled,
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
        let l = Line {
            text,
            residual,
            item,
            bullet,
            loc,
        };
        // Each section's reader, in the module of its template part (ARCHITECTURE.md).
        match s {
            None | Some(Agreement) => self.metadata_line(text, residual, loc),
            Some(Ownership) => self.ownership_line(&l),
            // "Signed for and on behalf of each party…": the signature page's lead-in.
            Some(Signatures) if norm(residual).starts_with("signed for and on behalf of") => {
                self.prov("/parties", loc, text, None)
            }
            Some(Parties) | Some(AppendixParties) | Some(Signatures) | Some(Appendices) => {
                self.party_line(text, residual, loc)
            }
            Some(LocalPartners) => self.local_partner_line(&l),
            Some(Responsibilities) => self.responsibility_line(&l),
            Some(Review) => self.review_line(text, residual, loc),
            Some(Purpose) | Some(PurposeAndBenefits) => self.purpose_line(&l),
            Some(SeriousViolenceDuty) => self.svd_line(&l),
            Some(Benefits) => self.benefit_line(&l),
            Some(Dpia) => self.dpia_line(&l),
            Some(LawfulBasis)
            | Some(LawEnforcement)
            | Some(Legislation)
            | Some(AppendixLegislation)
            | Some(OtherLegislation) => self.prose_basis(text, residual, loc),
            Some(Proportionality) => self.proportionality_line(&l),
            Some(Confidentiality) => self.confidentiality_line(&l),
            Some(Individuals) | Some(Rights) | Some(AppendixRights) => self.rights_line(&l),
            Some(Complaints) => self.complaints_line(&l),
            Some(DataSubjects) => self.data_subjects_line(&l),
            Some(Deceased) => self.deceased_line(&l),
            Some(Data) | Some(DataCategories) | Some(PersonalData) | Some(SpecialCategory) => {
                // Bullets after "Information may be shared about:" name people, not data.
                if l.bullet
                    && self.list_lead == Some(list_sentences::ListKind::DataSubjects)
                    && self.subject_bullet(text, &l.item, loc)
                {
                    return;
                }
                self.data_line(s, l.bullet, &l.item, text, residual, loc)
            }
            Some(CriminalOffence) => self.criminal_offence_line(&l),
            Some(Security) => self.security_line(&l),
            Some(OutsideUk) => self.outside_uk_line(&l),
            Some(DataQuality) => self.data_quality_line(&l),
            Some(Breaches) => self.breaches_line(&l),
            Some(Retention) => self.retention_line(text, residual, loc),
            Some(EndOfSharing) => self.end_of_sharing_line(&l),
            Some(AppendixScenarios) => self.unmapped(loc, text),
            Some(CarriedOver) => self.unmapped(loc, text),
            Some(DataFlows) => {
                if !self.flow_caption(text, loc) {
                    self.unmapped(loc, text)
                }
            }
        }
    }
}
