//! Data flows, as the Information Sharing Gateway holds them: a data sharing summary
//! (the agreement) holds many flows, each from providing to receiving parties by some
//! transfer modes. Appendix D's MPS scenarios (§5.4) are also recorded as flows.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code_list;

code_list! {
    /// Direction of a flow (ISG "direction").
    pub enum FlowDirection ("ISG") {
        OneWay => "one_way", "One way: providing parties to receiving parties";
        TwoWay => "two_way", "Two way: each party provides and receives";
    }
}

code_list! {
    /// How often data flows (ISG "frequency").
    pub enum Frequency ("ISG") {
        RealTime => "real_time", "Real time / continuous";
        Daily => "daily", "Daily";
        Weekly => "weekly", "Weekly";
        Fortnightly => "fortnightly", "Fortnightly";
        Monthly => "monthly", "Monthly";
        Quarterly => "quarterly", "Quarterly";
        Annually => "annually", "Annually";
        AdHoc => "ad_hoc", "Ad hoc / as required";
        Other => "other", "Other";
    }
}

code_list! {
    /// Number of records per transfer, banded (ISG "number of records").
    pub enum VolumeBand ("ISG") {
        UpTo10 => "1_10", "1 to 10 records";
        UpTo100 => "11_100", "11 to 100 records";
        UpTo1000 => "101_1000", "101 to 1,000 records";
        UpTo10000 => "1001_10000", "1,001 to 10,000 records";
        UpTo100000 => "10001_100000", "10,001 to 100,000 records";
        Over100000 => "over_100000", "More than 100,000 records";
    }
}

code_list! {
    /// Transfer mode (ISG: paper, removable media, electronic, voice).
    pub enum TransferMode ("ISG") {
        PaperPost => "paper_post", "Paper: post";
        PaperCourier => "paper_courier", "Paper: courier";
        PaperStaff => "paper_staff", "Paper: carried by staff";
        Fax => "fax", "Paper: fax";
        PaperDataSubject => "paper_data_subject", "Paper: carried by the data subject";
        RemovableMedia => "removable_media", "Removable media";
        Email => "email", "Electronic: email (secure or encrypted)";
        SecureFileTransfer => "secure_file_transfer", "Electronic: secure file transfer or sharing platform (e.g. Box)";
        Automated => "automated", "Electronic: automated / API";
        ManualUpload => "manual_upload", "Electronic: manual upload or download";
        TextMessage => "text_message", "Electronic: text message";
        OnSite => "on_site", "Electronic: on-site access to a system";
        Voice => "voice", "Voice: telephone";
        Meeting => "meeting", "Verbal: in a meeting";
    }
}

/// A transfer mode with the controls that protect it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The mode.
    pub mode: TransferMode,
    /// Controls, e.g. "TLS-enforced email", "encrypted, password sent separately".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controls: Option<String>,
}

/// What one data subject's data is in a flow (Appendix D "Data subject/Data").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectData {
    /// The data subject, e.g. "Suspect".
    pub subject: String,
    /// The data about them, e.g. "Name, address, dob, relevant criminal history".
    pub data: String,
}

/// A data flow: who provides what to whom, how and how often (ISG data flow).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataFlow {
    /// Identifier, unique within the agreement.
    pub id: String,
    /// Flow name, e.g. "Monthly Multi-agency Meeting".
    pub name: String,
    /// Party ids of providing parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub providing: Vec<String>,
    /// Party ids of receiving parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receiving: Vec<String>,
    /// Recipients as written when they are not (all) parties, e.g.
    /// "Local Authority. Not appropriate for voluntary Agency".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients_note: Option<String>,
    /// Direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<FlowDirection>,
    /// Frequency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// Frequency as written when "other" or more specific.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency_detail: Option<String>,
    /// Number of records per transfer, banded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<VolumeBand>,
    /// Transfer modes with their controls.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
    /// Means of sharing as written, e.g. "Via Box prior to meeting".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub means_of_sharing: Option<String>,
    /// System or platform used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Data per data subject.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<SubjectData>,
    /// Storage after transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_after_transfer: Option<String>,
    /// Security after transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_after_transfer: Option<String>,
    /// Who can access the data after transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_after_transfer: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An Appendix D scenario: detailed guidance to MPS officers on appropriate datasets (§5.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MpsScenario {
    /// Scenario title, e.g. "Monthly Multi-agency Meeting".
    pub title: String,
    /// Data per data subject.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<SubjectData>,
    /// Means of sharing, e.g. "Via Box prior to meeting".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub means_of_sharing: Option<String>,
    /// Relevant recipients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Id of the data flow this scenario is modelled as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
}
