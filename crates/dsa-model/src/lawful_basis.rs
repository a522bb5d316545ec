//! Lawful basis (template §2.4): UK GDPR Article 6 and 9 conditions, DPA 2018
//! Schedule 1 Parts 1–3, and Part 3 (law enforcement) processing with Schedule 8.
//!
//! Paragraph numbers were checked against the legislation.gov.uk text of the Data
//! Protection Act 2018 (Schedule 1 paras 1–37, Schedule 8 paras 1–9). Where the
//! template's wording abbreviates the statutory heading (e.g. "Administration of
//! justice" for para 7 "Administration of justice and parliamentary purposes") the
//! variant keeps the template's wording and the citation names the paragraph.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::parties::Applicability;
use crate::{code_list, dpa_sch, dpv_gdpr, uk_gdpr};

code_list! {
    /// UK GDPR Article 6(1) lawful basis for processing personal data (§2.4.1).
    pub enum Article6Condition ("2.4.1") {
        Consent => "a_consent", "a) consent",
            cite "UK GDPR Art 6(1)(a)", uri uk_gdpr!(6), dpv dpv_gdpr!("A6-1-a"), template false;
        Contract => "b_contract", "b) performance of a contract",
            cite "UK GDPR Art 6(1)(b)", uri uk_gdpr!(6), dpv dpv_gdpr!("A6-1-b"), template false;
        LegalObligation => "c_legal_obligation", "c) legal obligation",
            cite "UK GDPR Art 6(1)(c)", uri uk_gdpr!(6), dpv dpv_gdpr!("A6-1-c");
        VitalInterests => "d_vital_interests", "d) vital interests",
            cite "UK GDPR Art 6(1)(d)", uri uk_gdpr!(6), dpv dpv_gdpr!("A6-1-d"), template false;
        PublicTask => "e_public_task", "e) performance of a task carried out in the public interest",
            cite "UK GDPR Art 6(1)(e)", uri uk_gdpr!(6), dpv dpv_gdpr!("A6-1-e");
        RecognisedLegitimateInterest => "ea_recognised_legitimate_interest", "ea) recognised legitimate interest",
            cite "UK GDPR Art 6(1)(ea)", uri uk_gdpr!(6), template false;
        LegitimateInterests => "f_legitimate_interests", "f) purposes of the legitimate interests",
            cite "UK GDPR Art 6(1)(f)", uri uk_gdpr!(6), dpv dpv_gdpr!("A6-1-f");
    }
}

code_list! {
    /// UK GDPR Article 9(2) condition for processing special category data (§2.4.1).
    pub enum Article9Condition ("2.4.1") {
        ExplicitConsent => "a_explicit_consent", "a) explicit consent",
            cite "UK GDPR Art 9(2)(a)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-a"), template false;
        Employment => "b_employment_social_security", "b) employment, social security and social protection law",
            cite "UK GDPR Art 9(2)(b)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-b"), template false;
        VitalInterests => "c_vital_interests", "c) vital interests of a person physically or legally incapable of giving consent",
            cite "UK GDPR Art 9(2)(c)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-c"), template false;
        NotForProfit => "d_not_for_profit", "d) legitimate activities of a not-for-profit body",
            cite "UK GDPR Art 9(2)(d)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-d"), template false;
        MadePublic => "e_manifestly_made_public", "e) personal data manifestly made public by the data subject",
            cite "UK GDPR Art 9(2)(e)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-e"), template false;
        LegalClaims => "f_legal_claims", "f) necessary for the establishment, exercise or defence of legal claims or whenever courts are acting in their judicial capacity",
            cite "UK GDPR Art 9(2)(f)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-f");
        SubstantialPublicInterest => "g_substantial_public_interest", "g) substantial public interest",
            cite "UK GDPR Art 9(2)(g)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-g");
        HealthOrSocialCare => "h_health_social_care", "h) purposes of preventive or occupational medicine, for the assessment of the working capacity of the employee, medical diagnosis, the provision of health or social care or treatment or the management of health or social care systems and services",
            cite "UK GDPR Art 9(2)(h)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-h");
        PublicHealth => "i_public_health", "i) public interest in the area of public health, such as protecting against serious cross-border threats to health or ensuring high standards of quality and safety of health care and of medicinal products or medical devices",
            cite "UK GDPR Art 9(2)(i)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-i");
        Archiving => "j_archiving_research_statistics", "j) archiving purposes in the public interest, scientific or historical research purposes or statistical purposes",
            cite "UK GDPR Art 9(2)(j)", uri uk_gdpr!(9), dpv dpv_gdpr!("A9-2-j");
    }
}

impl Article9Condition {
    /// Whether DPA 2018 s10 requires a Schedule 1 condition alongside this Article 9
    /// condition: (b), (h), (i), (j) need Part 1; (g) needs Part 2 (DPA 2018 s10(2)–(3)).
    pub fn needs_schedule1(self) -> bool {
        matches!(
            self,
            Self::Employment
                | Self::SubstantialPublicInterest
                | Self::HealthOrSocialCare
                | Self::PublicHealth
                | Self::Archiving
        )
    }
}

code_list! {
    /// DPA 2018 Schedule 1 Part 1 condition (for Article 9(2)(b), (h), (i), (j)) (§2.4.1).
    pub enum Schedule1Part1Condition ("2.4.1") {
        Employment => "employment_social_security", "Employment, social security and social protection",
            cite "DPA 2018 Sch 1 Pt 1 para 1", uri dpa_sch!(1, 1);
        HealthOrSocialCare => "health_social_care", "Health or social care",
            cite "DPA 2018 Sch 1 Pt 1 para 2", uri dpa_sch!(1, 2);
        PublicHealth => "public_health", "Public health",
            cite "DPA 2018 Sch 1 Pt 1 para 3", uri dpa_sch!(1, 3);
        Research => "research", "Research",
            cite "DPA 2018 Sch 1 Pt 1 para 4", uri dpa_sch!(1, 4);
    }
}

code_list! {
    /// DPA 2018 Schedule 1 Part 2 substantial public interest condition (for Article 9(2)(g)) (§2.4.1).
    pub enum Schedule1Part2Condition ("2.4.1") {
        StatutoryGovernment => "statutory_government_purposes", "Statutory & government purposes",
            cite "DPA 2018 Sch 1 Pt 2 para 6", uri dpa_sch!(1, 6);
        AdministrationOfJustice => "administration_of_justice", "Administration of justice",
            cite "DPA 2018 Sch 1 Pt 2 para 7", uri dpa_sch!(1, 7);
        Equality => "equality_of_opportunity", "Equality of opportunity or treatment",
            cite "DPA 2018 Sch 1 Pt 2 para 8", uri dpa_sch!(1, 8);
        RacialEthnicDiversity => "racial_ethnic_diversity_senior_levels", "Racial/ethnic diversity at senior management",
            cite "DPA 2018 Sch 1 Pt 2 para 9", uri dpa_sch!(1, 9);
        PreventingUnlawfulActs => "preventing_detecting_unlawful_acts", "Preventing or detecting unlawful acts",
            cite "DPA 2018 Sch 1 Pt 2 para 10", uri dpa_sch!(1, 10);
        ProtectingAgainstDishonesty => "protecting_public_against_dishonesty", "Protecting the public against dishonesty",
            cite "DPA 2018 Sch 1 Pt 2 para 11", uri dpa_sch!(1, 11);
        RegulatoryRequirements => "regulatory_unlawful_acts_dishonesty", "Regulatory for unlawful acts and dishonesty",
            cite "DPA 2018 Sch 1 Pt 2 para 12", uri dpa_sch!(1, 12);
        Journalism => "journalism_unlawful_acts", "Journalism etc in connection with unlawful acts and dishonesty etc",
            cite "DPA 2018 Sch 1 Pt 2 para 13", uri dpa_sch!(1, 13), template false;
        PreventingFraud => "preventing_fraud", "Preventing fraud",
            cite "DPA 2018 Sch 1 Pt 2 para 14", uri dpa_sch!(1, 14);
        TerroristFinancing => "terrorist_financing_money_laundering", "Terrorist financing or money laundering",
            cite "DPA 2018 Sch 1 Pt 2 para 15", uri dpa_sch!(1, 15);
        DisabilitySupport => "support_disability_medical_condition", "Support for individuals with disability or medical condition",
            cite "DPA 2018 Sch 1 Pt 2 para 16", uri dpa_sch!(1, 16);
        Counselling => "counselling", "Counselling etc",
            cite "DPA 2018 Sch 1 Pt 2 para 17", uri dpa_sch!(1, 17), template false;
        Safeguarding => "safeguarding_children_individuals_at_risk", "Safeguarding of children and individuals at risk",
            cite "DPA 2018 Sch 1 Pt 2 para 18", uri dpa_sch!(1, 18);
        EconomicWellBeing => "safeguarding_economic_well_being", "Safeguarding economic well-being",
            cite "DPA 2018 Sch 1 Pt 2 para 19", uri dpa_sch!(1, 19);
        Insurance => "insurance", "Insurance",
            cite "DPA 2018 Sch 1 Pt 2 para 20", uri dpa_sch!(1, 20), template false;
        OccupationalPensions => "occupational_pensions", "Occupational pensions",
            cite "DPA 2018 Sch 1 Pt 2 para 21", uri dpa_sch!(1, 21), template false;
        PoliticalParties => "political_parties", "Political parties",
            cite "DPA 2018 Sch 1 Pt 2 para 22", uri dpa_sch!(1, 22), template false;
        ElectedRepresentativesRequests => "elected_representatives_requests", "Elected representatives responding to requests",
            cite "DPA 2018 Sch 1 Pt 2 para 23", uri dpa_sch!(1, 23), template false;
        DisclosureToElectedRepresentatives => "disclosure_to_elected_representatives", "Disclosure to elected representatives",
            cite "DPA 2018 Sch 1 Pt 2 para 24", uri dpa_sch!(1, 24), template false;
        InformingAboutPrisoners => "informing_elected_representatives_prisoners", "Informing elected representatives about prisoners",
            cite "DPA 2018 Sch 1 Pt 2 para 25", uri dpa_sch!(1, 25), template false;
        LegalJudgments => "publication_legal_judgments", "Publication of legal judgments",
            cite "DPA 2018 Sch 1 Pt 2 para 26", uri dpa_sch!(1, 26), template false;
        AntiDoping => "anti_doping_sport", "Anti-doping in sport",
            cite "DPA 2018 Sch 1 Pt 2 para 27", uri dpa_sch!(1, 27), template false;
        SportStandards => "standards_behaviour_sport", "Standards of behaviour in sport",
            cite "DPA 2018 Sch 1 Pt 2 para 28", uri dpa_sch!(1, 28), template false;
    }
}

code_list! {
    /// DPA 2018 Schedule 1 Part 3 condition for criminal convictions and offences data (UK GDPR Art 10) (§2.4.1).
    pub enum Schedule1Part3Condition ("2.4.1") {
        Consent => "consent", "Consent",
            cite "DPA 2018 Sch 1 Pt 3 para 29", uri dpa_sch!(1, 29), template false;
        VitalInterests => "vital_interests", "Protecting individual's vital interests",
            cite "DPA 2018 Sch 1 Pt 3 para 30", uri dpa_sch!(1, 30), template false;
        NotForProfit => "not_for_profit_bodies", "Processing by not-for-profit bodies",
            cite "DPA 2018 Sch 1 Pt 3 para 31", uri dpa_sch!(1, 31), template false;
        PublicDomain => "public_domain", "Personal data in the public domain",
            cite "DPA 2018 Sch 1 Pt 3 para 32", uri dpa_sch!(1, 32), template false;
        LegalClaims => "legal_claims", "Legal claims",
            cite "DPA 2018 Sch 1 Pt 3 para 33", uri dpa_sch!(1, 33);
        JudicialActs => "judicial_acts", "Judicial acts",
            cite "DPA 2018 Sch 1 Pt 3 para 34", uri dpa_sch!(1, 34);
        IndecencyAccounts => "accounts_child_indecency_offences", "Accounts for child indecency offences",
            cite "DPA 2018 Sch 1 Pt 3 para 35", uri dpa_sch!(1, 35);
        ExtensionOfPart2 => "extension_of_part2", "Extension of Sch 1 Pt 2",
            cite "DPA 2018 Sch 1 Pt 3 para 36", uri dpa_sch!(1, 36);
        ExtensionOfInsurance => "extension_of_insurance", "Extension of insurance conditions",
            cite "DPA 2018 Sch 1 Pt 3 para 37", uri dpa_sch!(1, 37), template false;
    }
}

code_list! {
    /// DPA 2018 Schedule 8 condition for sensitive processing for law enforcement purposes (s35(5)) (§2.4.2).
    pub enum Schedule8Condition ("2.4.2") {
        StatutoryPurposes => "statutory_purposes", "Statutory purposes",
            cite "DPA 2018 Sch 8 para 1", uri dpa_sch!(8, 1);
        AdministrationOfJustice => "administration_of_justice", "Administration of justice",
            cite "DPA 2018 Sch 8 para 2", uri dpa_sch!(8, 2);
        VitalInterests => "vital_interests", "Protecting individual's vital interests",
            cite "DPA 2018 Sch 8 para 3", uri dpa_sch!(8, 3), template false;
        Safeguarding => "safeguarding_children_individuals_at_risk", "Safeguarding of children and individuals at risk",
            cite "DPA 2018 Sch 8 para 4", uri dpa_sch!(8, 4);
        PublicDomain => "public_domain", "Personal data already in the public domain",
            cite "DPA 2018 Sch 8 para 5", uri dpa_sch!(8, 5), template false;
        LegalClaims => "legal_claims", "Legal claims",
            cite "DPA 2018 Sch 8 para 6", uri dpa_sch!(8, 6);
        JudicialActs => "judicial_acts", "Judicial acts",
            cite "DPA 2018 Sch 8 para 7", uri dpa_sch!(8, 7);
        PreventingFraud => "preventing_fraud", "Preventing fraud",
            cite "DPA 2018 Sch 8 para 8", uri dpa_sch!(8, 8);
        Archiving => "archiving", "Archiving",
            cite "DPA 2018 Sch 8 para 9", uri dpa_sch!(8, 9);
    }
}

code_list! {
    /// Override of the common-law duty of confidence (§2.6.1).
    pub enum ConfidentialityOverride ("2.6.1") {
        NotApplicable => "not_applicable", "Not applicable";
        ImpliedConsent => "implied_consent", "Implied consent";
        ExplicitConsent => "explicit_consent", "Explicit consent";
        Section251 => "section_251_support", "Section 251 support (this means you have support from the Secretary of State for Health and Care or the Health Research Authority)",
            cite "NHS Act 2006 s251", uri "http://www.legislation.gov.uk/id/ukpga/2006/41/section/251";
        LegalRequirement => "legal_requirement", "Legal requirement (law that requires data sharing)";
        OverridingPublicInterest => "overriding_public_interest", "Overriding public interest (eg to prevent or detect a serious crime or to prevent serious harm to another person, balanced against the public interest in maintaining public confidence in public sector organisations)";
    }
}

/// One chosen condition and the parties it applies to (a row of a §2.4 table
/// that was kept, ticked or assigned to parties).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Chosen{C}")]
pub struct Chosen<C> {
    /// The condition relied on.
    pub condition: C,
    /// Which parties rely on it (the template's "Applicable party" column).
    pub applies_to: Applicability,
    /// Free-text qualification written against the condition, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Part 2 lawful basis conditions (§2.4.1): every table of the section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawfulBasis {
    /// Article 6 lawful basis conditions (§2.4.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub article6: Vec<Chosen<Article6Condition>>,
    /// Article 9 lawful basis conditions, for special category data (§2.4.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub article9: Vec<Chosen<Article9Condition>>,
    /// DPA 2018 Schedule 1 Part 1 conditions (§2.4.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule1_part1: Vec<Chosen<Schedule1Part1Condition>>,
    /// DPA 2018 Schedule 1 Part 2 conditions (§2.4.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule1_part2: Vec<Chosen<Schedule1Part2Condition>>,
    /// DPA 2018 Schedule 1 Part 3 conditions, for criminal offence data (§2.4.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule1_part3: Vec<Chosen<Schedule1Part3Condition>>,
    /// Whether all parties confirm an appropriate policy document is in place (§2.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appropriate_policy_document: Option<bool>,
}

impl LawfulBasis {
    /// True when no condition of any table was chosen.
    pub fn is_empty(&self) -> bool {
        self.article6.is_empty()
            && self.article9.is_empty()
            && self.schedule1_part1.is_empty()
            && self.schedule1_part2.is_empty()
            && self.schedule1_part3.is_empty()
            && self.appropriate_policy_document.is_none()
    }
}

/// A competent authority (DPA 2018 s30, Sch 7) and its law enforcement purposes (§2.4.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompetentAuthority {
    /// Party id of the competent authority.
    pub party: String,
    /// The law enforcement purposes it processes for (DPA 2018 s31).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purposes: Option<String>,
}

/// Part 3 processing for law enforcement purposes (§2.4.2). Absent when the
/// section was deleted as inapplicable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawEnforcementProcessing {
    /// Competent authorities that are parties, with their purposes (§2.4.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competent_authorities: Vec<CompetentAuthority>,
    /// Schedule 8 conditions for sensitive processing (§2.4.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule8: Vec<Chosen<Schedule8Condition>>,
    /// Whether the parties state the sensitive processing is "strictly necessary" (s35(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strictly_necessary: Option<bool>,
}

/// A row of Appendix B: legislation, statutory guidance or public duty relied on (§2.4.3, §5.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegislationEntry {
    /// Legislation or statutory guidance, e.g. "Crime and Disorder Act 1998 s115".
    pub legislation: String,
    /// Parties the legislation applies to.
    pub applies_to: Applicability,
    /// Main purpose of the legislation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_purpose: Option<String>,
    /// How it applies to this data sharing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_it_applies: Option<String>,
    /// legislation.gov.uk URI of the provision, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legislation_uri: Option<String>,
}

/// Common-law duty of confidence (§2.6.1). Absent when the section was deleted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidentialityDuty {
    /// The chosen override(s) and their justification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<ChosenOverride>,
    /// Further explanation written in the section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One chosen override of the duty of confidence, with the legal requirement or
/// public-interest justification the template asks to be stated (§2.6.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChosenOverride {
    /// The override relied on.
    pub basis: ConfidentialityOverride,
    /// "[State the legal requirement]" / "[State the justification]".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}
