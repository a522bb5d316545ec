//! The agreement itself: one `Agreement` holds every section of the Pan-London
//! template, plus the gateway's data flows, provenance and unmapped source content.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code_list;
use crate::data::{
    CriminalOffenceData, DataCategories, DataItem, DataSubjects, EndOfSharingRow,
    OutsideUkProcessing, PersonalDataItem, RetentionRow, RightHandling, SpecialCategoryItem,
    StorageAndSecurity,
};
use crate::flows::{DataFlow, MpsScenario};
use crate::lawful_basis::{
    ConfidentialityDuty, LawEnforcementProcessing, LawfulBasis, LegislationEntry,
};
use crate::parties::{LocalPartner, Party};
use crate::provenance::{Correction, ExtraAttribute, Provenance, SourceFile, UnmappedContent};

/// Version of this exchange format. Readers accept the same major version. A minor version
/// only adds optional fields, so a document of an earlier 1.x reads as a valid 1.1 one.
/// 1.1 listed source files once in `sources` and gave provenance records the nearest
/// heading instead of the whole heading path; 1.0 repeated both in every record.
pub const FORMAT_VERSION: &str = "1.1";

code_list! {
    /// How the parties stand as controllers (§1.2).
    pub enum SharingType ("1.2") {
        ControllerToController => "controller_to_controller", "Controller to Controller";
        JointControllers => "joint_controllers", "between Joint Controllers";
    }
}

code_list! {
    /// Where parties sign the agreement (§1.2).
    pub enum SigningRoute ("1.2") {
        Isg => "isg", "A signatory from each party will agree to sharing under this DSA on the Information Sharing Gateway (ISG).";
        Other => "other", "Another route agreed by the parties";
    }
}

code_list! {
    /// Lifecycle status of the agreement (ISG: draft / finalised / archived; registers add more).
    pub enum AgreementStatus ("ISG") {
        Draft => "draft", "Draft";
        UnderReview => "under_review", "Under review";
        Live => "live", "Live / signed / finalised";
        Expired => "expired", "Expired";
        Terminated => "terminated", "Terminated";
        Archived => "archived", "Archived";
    }
}

code_list! {
    /// Review cycle in years (ISG review cycle: 1, 2 or 3 years).
    pub enum ReviewCycle ("1.4") {
        OneYear => "1_year", "Every year";
        TwoYears => "2_years", "Every 2 years";
        ThreeYears => "3_years", "Every 3 years";
    }
}

impl ReviewCycle {
    /// Length of the cycle in years.
    pub fn years(self) -> u32 {
        match self {
            ReviewCycle::OneYear => 1,
            ReviewCycle::TwoYears => 2,
            ReviewCycle::ThreeYears => 3,
        }
    }
}

code_list! {
    /// Purpose family of a pan-London DSA (the Pan-London DSA project's agreement types).
    pub enum DsaType ("1") {
        MultiAgencySafeguarding => "multi_agency_safeguarding", "Multi-Agency Safeguarding (children)";
        AdultSafeguarding => "adult_safeguarding", "Adult Safeguarding";
        Mappa => "mappa", "Multi-Agency Public Protection Arrangements (MAPPA)";
        Licensing => "licensing", "Licensing";
        AntiSocialBehaviour => "anti_social_behaviour", "Anti-Social Behaviour (ASB)";
        IntegratedOffenderManagement => "integrated_offender_management", "Integrated Offender Management (IOM)";
        DomesticAbuseMarac => "domestic_abuse_marac", "Domestic Abuse MARAC";
        GangsViolenceMatrix => "gangs_violence_matrix", "Gangs Violence Matrix";
        Prevent => "prevent", "Prevent";
        YouthOffending => "youth_offending", "Youth Offending Service";
        EnvironmentalCrime => "environmental_crime", "Environmental crime";
        SupportingFamilies => "supporting_families", "Supporting Families";
        ResidualCrime => "residual_crime", "Residual crime";
        SeriousViolence => "serious_violence", "Serious Violence Duty";
        Liia => "liia", "London Innovation and Improvement Alliance (LIIA)";
        Pabe => "pabe", "PABE";
        Other => "other", "Other";
    }
}

code_list! {
    /// Specified authority under the Serious Violence Duty (§2.1.1).
    pub enum SvdSpecifiedAuthority ("2.1.1") {
        LocalAuthorities => "local_authorities", "Local authorities",
            cite "PCSC Act 2022 s11, Sch 1", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/11";
        Probation => "probation", "Probation Service",
            cite "PCSC Act 2022 s11, Sch 1", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/11";
        FireRescue => "fire_rescue", "Fire & Rescue services",
            cite "PCSC Act 2022 s11, Sch 1", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/11";
        Police => "police", "Police",
            cite "PCSC Act 2022 s11, Sch 1", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/11";
        IntegratedHealthBoards => "integrated_health_boards", "Integrated Health Boards",
            cite "PCSC Act 2022 s11, Sch 1", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/11";
        LocalHealthBoards => "local_health_boards", "Local Health Boards",
            cite "PCSC Act 2022 s11, Sch 1", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/11";
        YouthOffendingTeams => "youth_offending_teams", "Youth Offending Teams",
            cite "PCSC Act 2022 s11, Sch 1", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/11";
    }
}

code_list! {
    /// Relevant authority able to cooperate with the specified authorities (§2.1.1).
    pub enum SvdRelevantAuthority ("2.1.1") {
        Education => "education", "Education authorities";
        YouthCustody => "youth_custody", "Youth Custody authorities";
        Prison => "prison", "Prison authorities";
        Section10Person => "section_10_person", "An organisation or person described in s10 of the PCSC Act",
            cite "PCSC Act 2022 s10", uri "http://www.legislation.gov.uk/id/ukpga/2022/32/section/10";
    }
}

/// The agreement's termination (§1.4 "Termination Date (N/A if ongoing)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum Termination {
    /// "N/A if ongoing": no termination date.
    Ongoing,
    /// Terminates on this date.
    OnDate(NaiveDate),
}

/// Review and termination (§1.4) and the review cycle the gateway holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewTerms {
    /// Publish date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_date: Option<NaiveDate>,
    /// Next review date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<NaiveDate>,
    /// Termination date, or ongoing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<Termination>,
    /// Review cycle (1, 2 or 3 years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_cycle: Option<ReviewCycle>,
    /// Who reviews and how, when it differs from the template's standard text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrangements: Option<String>,
}

/// A purpose of the sharing (§2.1, "the purpose(s) for each party").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Party id the purpose belongs to; absent for a purpose of all parties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The purpose.
    pub description: String,
}

/// Serious Violence Duty section (§2.1.1). Absent when the section was removed
/// because the SVD does not apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriousViolenceDuty {
    /// Specified authorities involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub specified_authorities: Vec<SvdSpecifiedAuthority>,
    /// Relevant authorities involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relevant_authorities: Vec<SvdRelevantAuthority>,
    /// Further text of the section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A benefit to a named party (§2.2 "name the relevant party and the benefit").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyBenefit {
    /// Party id; absent when the benefit is to all parties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The benefit.
    pub benefit: String,
}

/// Benefits (§2.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Benefits {
    /// Benefits to individuals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub individuals: Vec<String>,
    /// Benefits to parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<PartyBenefit>,
    /// Benefits to society.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub society: Vec<String>,
}

/// Data Protection Impact Assessment (§2.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dpia {
    /// Whether the drafting working group completed a DPIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_group_dpia: Option<bool>,
    /// Reference or location of the DPIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Further text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Deceased individuals (§3.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeceasedIndividuals {
    /// Whether the sharing may involve data of deceased persons.
    pub may_be_shared: bool,
    /// Further text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// What an organisation's register (tracker) of agreements records about one agreement,
/// beyond the agreement's own content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterDetails {
    /// Information asset owner or lead officer responsible for the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Date the organisation signed the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_on: Option<NaiveDate>,
    /// Where the signed document is kept (path, URL, system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_location: Option<String>,
    /// Notes recorded against the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A Data Sharing Agreement: every section of the Pan-London template, mapped
/// one-to-one onto the Information Sharing Gateway's data sharing summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Exchange format version: "1.1" as this toolkit writes it; readers take any 1.x.
    pub format_version: String,
    /// Stable agreement id (derived from reference or content, never from run order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Title of the agreement (§1).
    pub title: String,
    /// Local or pan-London reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Information Sharing Gateway reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isg_reference: Option<String>,
    /// Document version, e.g. "2.1".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Lifecycle status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AgreementStatus>,
    /// Purpose family of the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dsa_type: Option<DsaType>,
    /// Ownership of this agreement (§1.1), when it differs from the template's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<String>,
    /// Controller to controller, or joint controllers (§1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing_type: Option<SharingType>,
    /// Signing route: the ISG or another agreed route (§1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_route: Option<SigningRoute>,
    /// The other signing route, when not the ISG (§1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_route_detail: Option<String>,
    /// Local partners and how their agreement is documented (§1.2.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub local_partners: Vec<LocalPartner>,
    /// Responsibilities of parties (§1.3), one per bullet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<String>,
    /// Review and termination (§1.4).
    #[serde(default)]
    pub review: ReviewTerms,
    /// Purposes for each party (§2.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    /// Serious Violence Duty (§2.1.1); absent when removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serious_violence_duty: Option<SeriousViolenceDuty>,
    /// Benefits (§2.2).
    #[serde(default)]
    pub benefits: Benefits,
    /// DPIA (§2.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
    /// Part 2 lawful basis conditions (§2.4.1).
    #[serde(default)]
    pub lawful_basis: LawfulBasis,
    /// Part 3 processing for law enforcement purposes (§2.4.2); absent when deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_enforcement: Option<LawEnforcementProcessing>,
    /// Applicable legislation (§2.4.3, Appendix B §5.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legislation: Vec<LegislationEntry>,
    /// Proportionality and necessity (§2.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proportionality: Option<String>,
    /// Common-law duty of confidence (§2.6.1); absent when deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidentiality: Option<ConfidentialityDuty>,
    /// Data subject rights, per right and party (§3.1, Appendix C §5.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_subject_rights: Vec<RightHandling>,
    /// Rectification, erasure or restriction arrangements (§3.1), when they differ from the standard text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectification_erasure: Option<String>,
    /// How complaints will be handled (§3.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaints: Option<String>,
    /// Data subjects (§3.2).
    #[serde(default)]
    pub data_subjects: DataSubjects,
    /// Deceased individuals (§3.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deceased_individuals: Option<DeceasedIndividuals>,
    /// Data categories (§4.1).
    #[serde(default)]
    pub data_categories: DataCategories,
    /// Personal data items (§4.2.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personal_data: Vec<DataItem<PersonalDataItem>>,
    /// Special category data items (§4.2.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_category_data: Vec<DataItem<SpecialCategoryItem>>,
    /// Criminal offence data (§4.2.3); absent when deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_offence_data: Option<CriminalOffenceData>,
    /// Storing and handling information securely (§4.3).
    #[serde(default)]
    pub storage_and_security: StorageAndSecurity,
    /// Outside UK processing (§4.4); absent when deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_uk_processing: Option<OutsideUkProcessing>,
    /// Data quality arrangements (§4.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_quality: Option<String>,
    /// Data breach and incident handling (§4.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaches: Option<String>,
    /// Retention periods (§4.7.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention: Vec<RetentionRow>,
    /// What happens when sharing ends (§4.7.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub end_of_sharing: Vec<EndOfSharingRow>,
    /// Parties to the agreement (Appendix A, §5.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// MPS guidance scenarios (Appendix D, §5.4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mps_scenarios: Vec<MpsScenario>,
    /// Data flows, as the Information Sharing Gateway holds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_flows: Vec<DataFlow>,
    /// What a register (tracker) records about the agreement (ISG: senior officer, sign-off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<RegisterDetails>,
    /// Files the agreement was read from (set by importers); the first is the one its
    /// provenance records point into unless they name another.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceFile>,
    /// Where each value came from (set by importers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<Provenance>,
    /// Source content that maps to no field, kept verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmapped: Vec<UnmappedContent>,
    /// Named values from sources (e.g. register columns) that map to no field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<ExtraAttribute>,
    /// Values corrected after import, in the order they were applied (set by migration).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
}

impl Agreement {
    /// An empty agreement with the given title and the current format version.
    pub fn new(title: impl Into<String>) -> Self {
        Agreement {
            format_version: FORMAT_VERSION.to_string(),
            id: None,
            title: title.into(),
            reference: None,
            isg_reference: None,
            version: None,
            status: None,
            dsa_type: None,
            ownership: None,
            sharing_type: None,
            signing_route: None,
            signing_route_detail: None,
            local_partners: Vec::new(),
            responsibilities: Vec::new(),
            review: ReviewTerms::default(),
            purposes: Vec::new(),
            serious_violence_duty: None,
            benefits: Benefits::default(),
            dpia: None,
            lawful_basis: LawfulBasis::default(),
            law_enforcement: None,
            legislation: Vec::new(),
            proportionality: None,
            confidentiality: None,
            data_subject_rights: Vec::new(),
            rectification_erasure: None,
            complaints: None,
            data_subjects: DataSubjects::default(),
            deceased_individuals: None,
            data_categories: DataCategories::default(),
            personal_data: Vec::new(),
            special_category_data: Vec::new(),
            criminal_offence_data: None,
            storage_and_security: StorageAndSecurity::default(),
            outside_uk_processing: None,
            data_quality: None,
            breaches: None,
            retention: Vec::new(),
            end_of_sharing: Vec::new(),
            parties: Vec::new(),
            mps_scenarios: Vec::new(),
            data_flows: Vec::new(),
            register: None,
            sources: Vec::new(),
            provenance: Vec::new(),
            unmapped: Vec::new(),
            extra_attributes: Vec::new(),
            corrections: Vec::new(),
        }
    }

    /// Finds a party by id.
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }
}
