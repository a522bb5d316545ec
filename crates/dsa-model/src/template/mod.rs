//! The Pan-London DSA template as data: one definition of its sections, in order, that
//! every part of the toolkit reads — DOCX recognition (headings and their synonyms), the
//! rendered agreement's outline, the semantic diff's materiality, and the published field
//! reference (spec/reference.md, "Template sections"). Its standard wording, and where an
//! agreement's content goes in it, is [`wording`].
//!
//! Each section has its number and heading as the template writes them
//! (`samples/template/pan-london-dsa-template.txt`), its parent, the top-level fields of
//! the agreement that hold it (a JSON Pointer is `/` and the field), the fields whose
//! change is material (alters who shares what, on which basis, or for how long), whether
//! the template lets a document delete it as inapplicable, the headings other documents
//! give it, and the code lists of its option tables.

pub mod wording;

/// One section of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateSection {
    /// Section number as the template numbers it: "2.4.1", "5.4".
    pub number: &'static str,
    /// Heading as the template words it.
    pub heading: &'static str,
    /// Heading level, 1 (top) to 3.
    pub level: u8,
    /// The enclosing section's number, for subsections.
    pub parent: Option<&'static str>,
    /// Top-level agreement fields the section holds. "@parties" is the §1.2 summary of who
    /// the parties are (their details are Appendix A's `parties`).
    pub fields: &'static [&'static str],
    /// Fields (or `field/subfield` paths) whose change is material.
    pub material: &'static [&'static str],
    /// The template says to delete the section when it does not apply: absent, then,
    /// from the agreement (`None`), not present and empty.
    pub optional: bool,
    /// Other headings documents give the section (lower case, without numbering).
    pub synonyms: &'static [&'static str],
    /// Code lists (`CodeList::NAME`) of the option tables in the section.
    pub code_lists: &'static [&'static str],
}

impl TemplateSection {
    /// JSON Pointer of the section's first field, if it holds one.
    pub fn pointer(&self) -> Option<String> {
        self.fields
            .iter()
            .find(|f| !f.starts_with('@'))
            .map(|f| format!("/{f}"))
    }
}

/// The template's sections, in template order.
pub const SECTIONS: &[TemplateSection] = &[
    TemplateSection {
        number: "1",
        heading: "The Data Sharing Agreement",
        level: 1,
        parent: None,
        fields: &[
            "reference",
            "isg_reference",
            "version",
            "status",
            "dsa_type",
            "sharing_type",
            "signing_route",
            "signing_route_detail",
        ],
        material: &["dsa_type", "sharing_type"],
        optional: false,
        synonyms: &["the data sharing agreement", "introduction"],
        code_lists: &["DsaType", "AgreementStatus", "SharingType", "SigningRoute"],
    },
    TemplateSection {
        number: "1.1",
        heading: "Ownership of this agreement",
        level: 2,
        parent: Some("1"),
        fields: &["ownership"],
        material: &[],
        optional: false,
        synonyms: &["ownership of this agreement", "ownership"],
        code_lists: &[],
    },
    TemplateSection {
        number: "1.2",
        heading: "Parties to this agreement",
        level: 2,
        parent: Some("1"),
        fields: &["@parties"],
        material: &["parties"],
        optional: false,
        synonyms: &[
            "party to this agreement",
            "who is party to this agreement",
            "who are the parties",
            "the parties",
            "parties to this agreement",
            "parties to this protocol",
            "parties to the agreement",
            "parties to the protocol",
            "partner organisations",
            "partner agencies",
            "signatory organisations",
            "parties",
            "partners",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "1.2.1",
        heading: "Local Partners",
        level: 3,
        parent: Some("1.2"),
        fields: &["local_partners"],
        material: &["local_partners"],
        optional: false,
        synonyms: &["local partners"],
        code_lists: &[],
    },
    TemplateSection {
        number: "1.3",
        heading: "Responsibilities of parties involved",
        level: 2,
        parent: Some("1"),
        fields: &["responsibilities"],
        material: &[],
        optional: false,
        synonyms: &[
            "responsibilities of parties",
            "responsibilities",
            "roles and responsibilities",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "1.4",
        heading: "Review and termination",
        level: 2,
        parent: Some("1"),
        fields: &["review"],
        material: &[
            "review/review_date",
            "review/termination",
            "review/review_cycle",
        ],
        optional: false,
        synonyms: &[
            "review and termination",
            "review",
            "duration",
            "commencement",
            "termination",
            "document control",
        ],
        code_lists: &["ReviewCycle"],
    },
    TemplateSection {
        number: "2",
        heading: "Purpose and Benefits",
        level: 1,
        parent: None,
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &["purpose and benefits"],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.1",
        heading: "Purpose",
        level: 2,
        parent: Some("2"),
        fields: &["purposes"],
        material: &["purposes"],
        optional: false,
        synonyms: &[
            "purpose",
            "purposes",
            "aims and objectives",
            "objectives",
            "why information is shared",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.1.1",
        heading: "Serious Violence Duty",
        level: 3,
        parent: Some("2.1"),
        fields: &["serious_violence_duty"],
        material: &[],
        optional: true,
        synonyms: &["serious violence duty"],
        code_lists: &["SvdSpecifiedAuthority", "SvdRelevantAuthority"],
    },
    TemplateSection {
        number: "2.2",
        heading: "Benefits",
        level: 2,
        parent: Some("2"),
        fields: &["benefits"],
        material: &[],
        optional: false,
        synonyms: &["benefits", "expected benefits"],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.3",
        heading: "Data Protection Impact Assessment (DPIA)",
        level: 2,
        parent: Some("2"),
        fields: &["dpia"],
        material: &[],
        optional: false,
        synonyms: &[
            "data protection impact assessment",
            "dpia",
            "impact assessment",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.4",
        heading: "Lawful Basis",
        level: 2,
        parent: Some("2"),
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &[],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.4.1",
        heading: "Part 2 processing",
        level: 3,
        parent: Some("2.4"),
        fields: &["lawful_basis"],
        material: &["lawful_basis"],
        optional: false,
        synonyms: &[
            "lawful basis",
            "legal basis",
            "legal basis for sharing",
            "lawful basis for sharing",
            "legal framework",
            "legal gateway",
            "legal gateways",
            "part 2 processing",
            "conditions for processing",
        ],
        code_lists: &[
            "Article6Condition",
            "Article9Condition",
            "Schedule1Part1Condition",
            "Schedule1Part2Condition",
            "Schedule1Part3Condition",
        ],
    },
    TemplateSection {
        number: "2.4.2",
        heading: "Part 3 processing for law enforcement purposes",
        level: 3,
        parent: Some("2.4"),
        fields: &["law_enforcement"],
        material: &["law_enforcement"],
        optional: true,
        synonyms: &[
            "part 3 processing for law enforcement purposes",
            "part 3 processing",
            "law enforcement processing",
            "law enforcement purposes",
        ],
        code_lists: &["Schedule8Condition"],
    },
    TemplateSection {
        number: "2.4.3",
        heading: "Applicable legislation",
        level: 3,
        parent: Some("2.4"),
        fields: &["legislation"],
        material: &["legislation"],
        optional: false,
        synonyms: &[
            "applicable legislation",
            "relevant legislation",
            "legislation",
            "statutory powers",
            "legal powers",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.5",
        heading: "Proportionality and necessity",
        level: 2,
        parent: Some("2"),
        fields: &["proportionality"],
        material: &[],
        optional: false,
        synonyms: &[
            "proportionality and necessity",
            "proportionality",
            "necessity",
            "data minimisation",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.6",
        heading: "Other relevant legislation",
        level: 2,
        parent: Some("2"),
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &["other relevant legislation"],
        code_lists: &[],
    },
    TemplateSection {
        number: "2.6.1",
        heading: "Common law duty of confidence",
        level: 3,
        parent: Some("2.6"),
        fields: &["confidentiality"],
        material: &["confidentiality"],
        optional: true,
        synonyms: &[
            "common law duty of confidence",
            "duty of confidence",
            "duty of confidentiality",
            "confidentiality",
        ],
        code_lists: &["ConfidentialityOverride"],
    },
    TemplateSection {
        number: "3",
        heading: "Individuals",
        level: 1,
        parent: None,
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &["individuals"],
        code_lists: &[],
    },
    TemplateSection {
        number: "3.1",
        heading: "Data subject rights requests and complaints",
        level: 2,
        parent: Some("3"),
        fields: &["data_subject_rights", "rectification_erasure", "complaints"],
        material: &[],
        optional: false,
        synonyms: &[
            "data subject rights requests and complaints",
            "data subject rights",
            "rights of data subjects",
            "rights of individuals",
            "subject access requests",
            "subject access",
        ],
        code_lists: &["DataSubjectRight"],
    },
    TemplateSection {
        number: "3.2",
        heading: "Data subjects",
        level: 2,
        parent: Some("3"),
        fields: &["data_subjects"],
        material: &["data_subjects"],
        optional: false,
        synonyms: &["data subjects", "who the information is about"],
        code_lists: &["DataSubjectType"],
    },
    TemplateSection {
        number: "3.3",
        heading: "Deceased individuals",
        level: 2,
        parent: Some("3"),
        fields: &["deceased_individuals"],
        material: &["deceased_individuals"],
        optional: false,
        synonyms: &["deceased individuals", "deceased"],
        code_lists: &[],
    },
    TemplateSection {
        number: "4",
        heading: "Data",
        level: 1,
        parent: None,
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &["data"],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.1",
        heading: "Data categories",
        level: 2,
        parent: Some("4"),
        fields: &["data_categories"],
        material: &["data_categories"],
        optional: false,
        synonyms: &["data categories", "categories of data"],
        code_lists: &["Part2DataCategory", "Part3DataCategory"],
    },
    TemplateSection {
        number: "4.2",
        heading: "The data to be shared",
        level: 2,
        parent: Some("4"),
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &[],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.2.1",
        heading: "Personal data",
        level: 3,
        parent: Some("4.2"),
        fields: &["personal_data"],
        material: &["personal_data"],
        optional: false,
        synonyms: &[
            "what will be shared",
            "what is shared",
            "data shared",
            "the data to be shared",
            "data to be shared",
            "information to be shared",
            "information shared",
            "what information will be shared",
            "personal data",
            "data items",
        ],
        code_lists: &["PersonalDataItem"],
    },
    TemplateSection {
        number: "4.2.2",
        heading: "Special category data",
        level: 3,
        parent: Some("4.2"),
        fields: &["special_category_data"],
        material: &["special_category_data"],
        optional: false,
        synonyms: &[
            "special category data",
            "special category",
            "sensitive personal data",
        ],
        code_lists: &["SpecialCategoryItem"],
    },
    TemplateSection {
        number: "4.2.3",
        heading: "Personal data relating to criminal convictions and offences",
        level: 3,
        parent: Some("4.2"),
        fields: &["criminal_offence_data"],
        material: &["criminal_offence_data"],
        optional: true,
        synonyms: &[
            "personal data relating to criminal convictions and offences",
            "criminal offence data",
            "criminal convictions",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.3",
        heading: "Storing and handling information securely",
        level: 2,
        parent: Some("4"),
        fields: &["storage_and_security"],
        material: &[],
        optional: false,
        synonyms: &[
            "storing and handling information securely",
            "information security",
            "security",
            "storage",
            "secure transfer",
            "method of sharing",
            "how information will be shared",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.4",
        heading: "Outside UK processing",
        level: 2,
        parent: Some("4"),
        fields: &["outside_uk_processing"],
        material: &[],
        optional: true,
        synonyms: &["outside uk processing", "international transfers"],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.5",
        heading: "Data quality",
        level: 2,
        parent: Some("4"),
        fields: &["data_quality"],
        material: &[],
        optional: false,
        synonyms: &["data quality", "accuracy"],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.6",
        heading: "Data breaches and incidents",
        level: 2,
        parent: Some("4"),
        fields: &["breaches"],
        material: &[],
        optional: false,
        synonyms: &[
            "data breaches and incidents",
            "data breaches",
            "breaches",
            "security incidents",
            "incident management",
        ],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.7",
        heading: "Retention and Disposal",
        level: 2,
        parent: Some("4"),
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &[],
        code_lists: &[],
    },
    TemplateSection {
        number: "4.7.1",
        heading: "Retention periods",
        level: 3,
        parent: Some("4.7"),
        fields: &["retention"],
        material: &["retention"],
        optional: false,
        synonyms: &[
            "how long information is kept",
            "how long information will be kept",
            "retention of information",
            "how long data is kept",
            "retention and disposal",
            "retention periods",
            "retention",
            "disposal",
        ],
        code_lists: &["DisposalMethod"],
    },
    TemplateSection {
        number: "4.7.2",
        heading: "When sharing ends",
        level: 3,
        parent: Some("4.7"),
        fields: &["end_of_sharing"],
        material: &["end_of_sharing"],
        optional: false,
        synonyms: &["when sharing ends", "end of sharing"],
        code_lists: &[],
    },
    TemplateSection {
        number: "5",
        heading: "Appendices",
        level: 1,
        parent: None,
        fields: &[],
        material: &[],
        optional: false,
        synonyms: &["appendices"],
        code_lists: &[],
    },
    TemplateSection {
        number: "5.1",
        heading: "Appendix A: Parties to this agreement",
        level: 2,
        parent: Some("5"),
        fields: &["parties"],
        material: &["parties"],
        optional: false,
        synonyms: &["appendix a"],
        code_lists: &["PartyKind", "LondonAuthority"],
    },
    TemplateSection {
        number: "5.2",
        heading: "Appendix B: Applicable legislation",
        level: 2,
        parent: Some("5"),
        fields: &["legislation"],
        material: &["legislation"],
        optional: false,
        synonyms: &["appendix b"],
        code_lists: &[],
    },
    TemplateSection {
        number: "5.3",
        heading: "Appendix C: Data subject rights",
        level: 2,
        parent: Some("5"),
        fields: &["data_subject_rights"],
        material: &[],
        optional: false,
        synonyms: &["appendix c"],
        code_lists: &["DataSubjectRight"],
    },
    TemplateSection {
        number: "5.4",
        heading: "Appendix D: Detailed guidance on appropriate data sets for MPS Officers",
        level: 2,
        parent: Some("5"),
        fields: &["mps_scenarios"],
        material: &["mps_scenarios"],
        optional: false,
        synonyms: &["appendix d", "detailed guidance on appropriate data sets"],
        code_lists: &[],
    },
];

/// The section with this number.
/// The template section a field belongs to, for saying where a finding is: the section
/// that holds the pointer's top-level field (the first, where two hold it), e.g.
/// `/lawful_basis/article6/0` → §2.4.1.
pub fn section_of_pointer(pointer: &str) -> Option<&'static TemplateSection> {
    let top = pointer.trim_start_matches('/').split('/').next()?;
    if top.is_empty() {
        return None;
    }
    SECTIONS
        .iter()
        .find(|s| s.fields.contains(&top))
        .or_else(|| (top == "parties").then(|| section("5.1")).flatten())
}

pub fn section(number: &str) -> Option<&'static TemplateSection> {
    SECTIONS.iter().find(|s| s.number == number)
}

/// Top-level fields a change to which may be material (the first segment of every
/// section's `material` entries), plus those the gateway adds: data flows.
pub fn material_fields() -> impl Iterator<Item = &'static str> {
    SECTIONS
        .iter()
        .flat_map(|s| s.material.iter())
        .map(|m| m.split('/').next().unwrap_or(m))
        .chain(["data_flows"])
}

/// Whether a change at this path of top-level field and subfields is material by the
/// template: its field is material as a whole, or the `field/subfield` named is.
pub fn is_material_path(top: &str, sub: Option<&str>) -> bool {
    SECTIONS
        .iter()
        .flat_map(|s| s.material.iter())
        .any(|m| match m.split_once('/') {
            Some((f, s)) => f == top && sub == Some(s),
            None => *m == top,
        })
        || top == "data_flows"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_unique_and_parents_exist() {
        let mut seen = std::collections::BTreeSet::new();
        for s in SECTIONS {
            assert!(seen.insert(s.number), "{} twice", s.number);
            if let Some(p) = s.parent {
                assert!(
                    section(p).is_some(),
                    "{}'s parent {p} is no section",
                    s.number
                );
            }
            assert_eq!(
                s.level as usize,
                s.number.split('.').count(),
                "{}",
                s.number
            );
        }
    }

    #[test]
    fn every_code_list_named_exists() {
        let names: Vec<&str> = crate::code_lists().iter().map(|l| l.name).collect();
        for s in SECTIONS {
            for c in s.code_lists {
                assert!(
                    names.contains(c),
                    "{} names unknown code list {c}",
                    s.number
                );
            }
        }
    }

    #[test]
    fn every_field_named_is_a_field_of_the_agreement() {
        let schema =
            serde_json::to_value(schemars::schema_for!(crate::Agreement)).unwrap_or_default();
        let props = &schema["properties"];
        for s in SECTIONS {
            for f in s.fields.iter().chain(s.material.iter()) {
                let f = f.split('/').next().unwrap_or(f);
                if f.starts_with('@') {
                    continue;
                }
                assert!(
                    props.get(f).is_some(),
                    "{} names {f}, no field of Agreement",
                    s.number
                );
            }
        }
    }

    #[test]
    fn a_pointer_names_its_section() {
        let at = |p: &str| section_of_pointer(p).map(|s| s.number);
        assert_eq!(at("/lawful_basis/article6/0"), Some("2.4.1"));
        assert_eq!(at("/review/review_date"), Some("1.4"));
        assert_eq!(at("/parties/2/name"), Some("5.1"));
        assert_eq!(at("/retention"), Some("4.7.1"));
        assert_eq!(at("/no_such_field"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn materiality() {
        assert!(is_material_path("review", Some("review_date")));
        assert!(!is_material_path("review", Some("publish_date")));
        assert!(is_material_path("personal_data", None));
        assert!(!is_material_path("title", None));
    }
}
