//! Canonical model of a Pan-London Data Sharing Agreement (DSA).
//!
//! One [`Agreement`] holds every section of the Pan-London DSA template and maps
//! one-to-one onto the Information Sharing Gateway's data sharing summary and data
//! flows. Readers (DOCX, registers, XML) produce it; writers (JSON, XML, packages)
//! consume it. This crate depends on nothing else of ours.
//!
//! JSON is the model's own serde form; [`json`] reads it with the format-version check and
//! error codes (`dsa-json` writes it). Code lists ([`codes::CodeList`]) carry each option's wording,
//! statutory citation, legislation.gov.uk URI and DPV IRI.

pub mod agreement;
pub mod codes;
pub mod data;
pub mod diagnostic;
pub mod flows;
pub mod json;
pub mod lawful_basis;
pub mod limits;
pub mod parties;
pub mod provenance;
pub mod template;
pub mod texts;
pub mod validation;

pub use agreement::*;
pub use codes::{CodeList, CodeListInfo};
pub use data::*;
pub use diagnostic::{Diagnostic, DiagnosticCode, DiagnosticKind};
pub use flows::*;
pub use lawful_basis::*;
pub use limits::Limits;
pub use parties::*;
pub use provenance::*;

/// Every code list of the model, for documentation and importers.
pub fn code_lists() -> Vec<CodeListInfo> {
    use codes::describe;
    vec![
        describe::<SharingType>(),
        describe::<SigningRoute>(),
        describe::<AgreementStatus>(),
        describe::<ReviewCycle>(),
        describe::<DsaType>(),
        describe::<SvdSpecifiedAuthority>(),
        describe::<SvdRelevantAuthority>(),
        describe::<Article6Condition>(),
        describe::<Article9Condition>(),
        describe::<Schedule1Part1Condition>(),
        describe::<Schedule1Part2Condition>(),
        describe::<Schedule1Part3Condition>(),
        describe::<Schedule8Condition>(),
        describe::<ConfidentialityOverride>(),
        describe::<DataSubjectType>(),
        describe::<DataSubjectRight>(),
        describe::<Part2DataCategory>(),
        describe::<Part3DataCategory>(),
        describe::<PersonalDataItem>(),
        describe::<SpecialCategoryItem>(),
        describe::<DisposalMethod>(),
        describe::<PartyKind>(),
        describe::<LondonAuthority>(),
        describe::<FlowDirection>(),
        describe::<Frequency>(),
        describe::<VolumeBand>(),
        describe::<TransferMode>(),
    ]
}
