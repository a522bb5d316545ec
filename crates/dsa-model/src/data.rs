//! Individuals and data (template §3 and §4): data subjects, rights, data
//! categories, personal and special category data items, retention.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::parties::Applicability;
use crate::{code_list, dpv_core, dpv_pd, uk_gdpr};

code_list! {
    /// Type of data subject (§3.2).
    pub enum DataSubjectType ("3.2") {
        ServiceUsers => "service_users", "Customers, service users, clients or residents", dpv dpv_core!("Customer");
        LicenceHolders => "licence_permit_holders", "Licence and permit holders";
        ContractorStaff => "contractor_staff", "Service provider/contractor staff";
        Employees => "employees", "Employees", dpv dpv_core!("Employee");
        Patients => "patients", "Patients", dpv dpv_core!("Patient");
        Witnesses => "witnesses", "Witnesses";
        Complainants => "complainants_enquirers", "Complainants and enquirers";
        Victims => "victims", "Victim/complainant of crime";
        Carers => "carers_family", "Carers/Guardians/Family/Support network/Next of Kin";
        Offenders => "offenders", "Actual or suspected offenders or perpetrators";
        PeopleInImages => "people_in_images", "People in images in photographs, film, body worn/dashcam footage, CCTV, or audio recordings";
        Professionals => "professional_advisers", "Advisers, consultants and professional experts eg doctor, social worker, police officer, lawyer";
        Visitors => "visitors", "Visitors", dpv dpv_core!("Visitor");
        Volunteers => "volunteers", "Volunteers";
        Traders => "traders_inspected", "Traders or people subject to inspection";
        ElectedOfficials => "elected_officials", "Councillors, MPs, elected officials";
        Students => "students", "Students", dpv dpv_core!("Student");
        Supporters => "supporters_members", "Supporters or group members", dpv dpv_core!("Member");
    }
}

/// Data subjects (§3.2): the ticked types and the explanation the template asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataSubjects {
    /// Types of data subject kept in the table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<DataSubjectType>,
    /// Types written in that match no template option, verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_types: Vec<String>,
    /// Text explaining the data subjects specifically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

code_list! {
    /// Data subject right (Appendix C, §5.3).
    pub enum DataSubjectRight ("5.3") {
        BeInformed => "be_informed", "The right to be informed about the collection and use of personal data – privacy information.",
            cite "UK GDPR Arts 13-14", uri uk_gdpr!(13);
        Access => "access", "The right of access to details of data use and to receive a copy of their personal data, commonly called a subject access request.",
            cite "UK GDPR Art 15", uri uk_gdpr!(15);
        Rectification => "rectification", "The right to rectification to have inaccurate personal data rectified or completed if it is incomplete.",
            cite "UK GDPR Art 16", uri uk_gdpr!(16);
        Erasure => "erasure", "The right to erasure",
            cite "UK GDPR Art 17", uri uk_gdpr!(17);
        RestrictProcessing => "restrict_processing", "The right to restrict processing and limit how their data is used.",
            cite "UK GDPR Art 18", uri uk_gdpr!(18);
        DataPortability => "data_portability", "The right to data portability to obtain and re-use their personal data.",
            cite "UK GDPR Art 20", uri uk_gdpr!(20);
        Object => "object", "The right to object to the use and sharing of personal data where the parties are using the public interest or legitimate interests conditions",
            cite "UK GDPR Art 21", uri uk_gdpr!(21);
    }
}

/// How the parties comply with one data subject right (a row of Appendix C).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RightHandling {
    /// The right.
    pub right: DataSubjectRight,
    /// Party or type of party the row is about.
    pub applies_to: Applicability,
    /// False when the row says the right does not apply to this DSA.
    pub applicable: bool,
    /// How the party complies, or why the right does not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
}

code_list! {
    /// Data category under Part 2 (general) processing (§4.1).
    pub enum Part2DataCategory ("4.1") {
        Personal => "personal", "Personal data";
        SpecialCategory => "special_category", "Special category data", cite "UK GDPR Art 9(1)", uri uk_gdpr!(9);
        CriminalOffence => "criminal_offence", "Personal data relating to criminal convictions and offences",
            cite "UK GDPR Art 10", uri uk_gdpr!(10), dpv dpv_pd!("CriminalOffence");
        Pseudonymised => "pseudonymised", "Pseudonymised data";
        Anonymised => "anonymised_aggregate", "Anonymised/Aggregate data";
    }
}

code_list! {
    /// Data category under Part 3 (law enforcement) processing (§4.1).
    pub enum Part3DataCategory ("4.1") {
        Personal => "personal", "Personal data";
        Sensitive => "sensitive", "Sensitive data", cite "DPA 2018 s35(8)",
            uri "http://www.legislation.gov.uk/id/ukpga/2018/12/section/35";
        Pseudonymised => "pseudonymised", "Pseudonymised data";
        Anonymised => "anonymised_aggregate", "Anonymised/Aggregate data";
    }
}

/// Data categories (§4.1) and the anonymisation statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCategories {
    /// Categories kept under Part 2 processing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part2: Vec<Part2DataCategory>,
    /// Categories kept under Part 3 processing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part3: Vec<Part3DataCategory>,
    /// Any anonymisation or pseudonymisation of data or outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymisation: Option<String>,
    /// Party id of the organisation holding the re-identification key, for pseudonymised data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonymisation_key_holder: Option<String>,
}

code_list! {
    /// Type of personal data (§4.2.1).
    pub enum PersonalDataItem ("4.2.1") {
        Name => "name", "Name", dpv dpv_pd!("Name");
        Address => "address", "Address";
        Contact => "contact_details", "Contact details (phone/email)", dpv dpv_pd!("Contact");
        Postcode => "postcode", "Postcode";
        PartialPostcode => "partial_postcode", "Partial postcode";
        DateOfBirth => "date_of_birth", "DOB", dpv dpv_pd!("BirthDate");
        Age => "age", "Age", dpv dpv_pd!("Age");
        Gender => "gender", "Gender", dpv dpv_pd!("Gender");
        Financial => "financial", "Financial information incl pension records", dpv dpv_pd!("Financial");
        Property => "property", "Property information";
        Family => "family_relationships", "Family / relationship information incl next of kin", dpv dpv_pd!("Family");
        Location => "location", "Location data eg GPS or IP address", dpv dpv_pd!("Location");
        NhsNumber => "nhs_number", "NHS number";
        UniqueReference => "unique_reference", "Any unique reference number", dpv dpv_pd!("Identifier");
        Other => "other", "Other (describe below)";
        SocialCare => "social_care", "Social care information";
        HumanResources => "human_resources", "Human Resources information";
        Employment => "employment", "Employment";
        SocialMedia => "social_media", "Social media names and activity", dpv dpv_pd!("SocialMedia");
        Education => "education", "Education information", dpv dpv_pd!("Education");
        GpContact => "gp_contact", "GP (or other medical professional) contact details";
        SupportNetwork => "support_network", "Support network";
        Housing => "housing", "Housing information";
        LegalRepresentative => "legal_representative", "Legal or personal representative incl Power of Attorney";
        Images => "images_recordings", "Images in photographs, film, body worn/dashcam footage, CCTV, or audio recordings";
        Referral => "referral_assessment", "Referral / Assessment information";
        Referees => "referees", "Referees";
        IdentityDocuments => "identity_documents", "Copies of ID like passport or driving licence", dpv dpv_pd!("OfficialID");
        PhysicalDescription => "physical_description", "Physical description", dpv dpv_pd!("PhysicalCharacteristic");
    }
}

code_list! {
    /// Type of special category data (§4.2.2, UK GDPR Art 9(1)).
    pub enum SpecialCategoryItem ("4.2.2") {
        Health => "health", "Information relating to an individual’s physical or mental health or condition",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("Health");
        Biometric => "biometric", "Biometric information to uniquely identify an individual eg facial recognition",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("Biometric");
        Genetic => "genetic", "Genetic data eg a DNA sample",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("Genetic");
        SexLife => "sex_life_orientation", "Information relating to an individual’s sexual life or sexual orientation",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("SexualPreference");
        RacialEthnic => "racial_ethnic_origin", "Racial or ethnic origin",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("Race");
        Political => "political_opinions", "Political opinions",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("PoliticalOpinion");
        Religious => "religious_philosophical_beliefs", "Religious or philosophical beliefs",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("Religion");
        TradeUnion => "trade_union_membership", "Trade union membership",
            cite "UK GDPR Art 9(1)", uri uk_gdpr!(9), dpv dpv_pd!("TradeUnionMembership");
    }
}

/// One kept row of the §4.2.1 / §4.2.2 tables: the type of data and its description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DataItem{T}")]
pub struct DataItem<T> {
    /// Type of data.
    pub item: T,
    /// "Describe the data": what exactly is shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Named datasets or reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
    /// Data specifically excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusions: Option<String>,
}

/// Criminal offence data (§4.2.3). Absent when the section was deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriminalOffenceData {
    /// "The data is [describe the data]".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Storing and handling information securely (§4.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageAndSecurity {
    /// Data format, location, data flows, roles and access controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling: Option<String>,
    /// Security standards and which party is responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_standards: Option<String>,
}

impl StorageAndSecurity {
    /// True when neither paragraph was filled in.
    pub fn is_empty(&self) -> bool {
        self.handling.is_none() && self.security_standards.is_none()
    }
}

/// A row of the outside-UK processing table (§4.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutsideUkRow {
    /// Party doing the processing.
    pub applies_to: Applicability,
    /// What is processed where, and under which safeguards.
    pub description: String,
    /// Destination country (ISO 3166 name or code), where stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_country: Option<String>,
    /// Transfer safeguard (adequacy regulations, IDTA, UK Addendum, ...), where stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguards: Option<String>,
}

/// Outside-UK processing (§4.4). Absent when the section was deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutsideUkProcessing {
    /// Summary description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Rows of the table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<OutsideUkRow>,
}

code_list! {
    /// How disposal at the end of the retention period happens (§4.7.1).
    pub enum DisposalMethod ("4.7.1") {
        Automated => "automated", "Automated deletion";
        Manual => "manual", "Manual deletion";
        Mixed => "mixed", "Automated and manual deletion";
    }
}

/// A row of the retention periods table (§4.7.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionRow {
    /// The data the period applies to.
    pub data: String,
    /// The organisation(s) keeping it.
    pub organisation: Applicability,
    /// Retention period as written, e.g. "6 years after case closure".
    pub period: String,
    /// The period in whole months, where the text states one unambiguously.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_months: Option<u32>,
    /// Automated or manual deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposal: Option<DisposalMethod>,
    /// What processes ensure disposal happens at the allotted time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposal_process: Option<String>,
}

/// A row of the "when sharing ends" table (§4.7.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndOfSharingRow {
    /// The data.
    pub data: String,
    /// The organisation(s).
    pub organisation: Applicability,
    /// What happens to it at the end of the sharing activity.
    pub action: String,
}
