//! The template's own words, section by section, as the signable agreement prints them
//! (`samples/template/pan-london-dsa-template.txt`, with its "[delete …]" instructions and
//! "[Describe …]" placeholders taken out).
//!
//! A section is a sequence of [`Piece`]s: standard paragraphs, which every agreement
//! prints as they are, and [`Slot`]s, where the agreement's own content goes. Wording
//! that carries a choice (the sharing type in §1.2, "completed a DPIA" in §2.3, "strictly
//! necessary" in §2.4.2) is a slot, printed only when the agreement makes that choice:
//! reading the printed agreement back must give the same agreement.

/// One piece of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A standard paragraph, printed as it is.
    Text(&'static str),
    /// Where the agreement's own content goes.
    Slot(Slot),
}

/// A place in the template where an agreement's content goes. Writers match on it
/// exhaustively, so a slot added here is a compile error until every writer places it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// §1.1: the agreement's ownership text, else the template's ([`OWNERSHIP`]).
    Ownership,
    /// §1.2: the sharing type sentence and the signing route sentence.
    PartiesIntro,
    /// §1.2.1: local partners named by the agreement.
    LocalPartners,
    /// §1.3: "All parties will" and the responsibilities the agreement keeps.
    Responsibilities,
    /// §1.4: the publish, review and termination table.
    ReviewTable,
    /// §1.4: review arrangements the agreement adds.
    ReviewArrangements,
    /// §2.1: purposes, per party where stated.
    Purposes,
    /// §2.1.1: the specified and relevant authorities.
    SvdAuthorities,
    /// §2.1.1: notes the agreement adds.
    SvdNotes,
    /// §2.2: benefits to individuals, parties and society.
    Benefits,
    /// §2.3: the working group's DPIA sentence (when it did one), reference and notes.
    Dpia,
    /// §2.4: the appropriate policy document sentence (when the parties agree it).
    PolicyDocument,
    /// §2.4.1: the Article 6, Article 9 and Schedule 1 option tables.
    Part2Conditions,
    /// §2.4.2: the competent authorities and their purposes.
    CompetentAuthorities,
    /// §2.4.2: the "strictly necessary" paragraph (when the authorities say so).
    StrictlyNecessary,
    /// §2.4.2: the Schedule 8 option table.
    Schedule8,
    /// §2.5: proportionality and necessity.
    Proportionality,
    /// §2.6.1: the overrides of the duty of confidence.
    ConfidentialityOverrides,
    /// §3.1: rectification, erasure or restriction; complaints.
    RightsRequests,
    /// §3.2: the types of data subjects and their description.
    DataSubjects,
    /// §3.3: notes on deceased individuals.
    Deceased,
    /// §4.1: Part 2 and Part 3 data categories, anonymisation.
    DataCategories,
    /// §4.2.1: the personal data table.
    PersonalData,
    /// §4.2.2: the special category data table.
    SpecialCategoryData,
    /// §4.2.3: the criminal offence data sentence.
    CriminalOffenceData,
    /// §4.3: handling and security standards.
    Storage,
    /// §4.4: outside UK processing.
    OutsideUk,
    /// §4.5: how data quality is assured.
    DataQuality,
    /// §4.6: how incidents are handled.
    Breaches,
    /// §4.7.1: the retention table.
    Retention,
    /// §4.7.2: the end-of-sharing table.
    EndOfSharing,
    /// Appendix A: the parties, their duties and competent-authority status.
    Parties,
    /// Appendix B: the legislation table.
    Legislation,
    /// Appendix C: the data subject rights table.
    Rights,
    /// Appendix D: the MPS scenarios.
    Scenarios,
}

use Piece::{Slot as S, Text};

/// §1.1's standard text, printed when the agreement has no ownership text of its own.
pub const OWNERSHIP: &str = "This agreement was drafted under the Pan-London Data Sharing Project by a working group of selected representatives from the parties to the agreement, facilitated by LOTI (London Office of Technology and Innovation) at London Councils. Parties to this agreement cannot amend it, or add appendices, unless agreed as part of a formal review. Operational documents and processes will sit under this DSA.";

/// §1.2's first sentence, before the sharing type.
pub const PARTIES_LISTED: &str = "The parties are registered data controllers under data protection legislation and are listed in Appendix A.";

/// §1.2's signing sentence, when the route is the ISG.
pub const SIGNING_ON_ISG: &str = "A signatory from each party will agree to sharing under this DSA on the Information Sharing Gateway (ISG).";

/// §1.2's signing sentence when the parties agreed another route; the route follows.
pub const SIGNING_OTHER: &str = "The parties have agreed another signing route:";

/// §2.3's sentence saying the working group did a DPIA.
pub const WORKING_GROUP_DPIA: &str = "The working group that drafted this DSA completed a DPIA. Parties may use that DPIA in its entirety, adapt it to fit that party’s template and risk tolerances, use their own process and template, or not undertake a DPIA.";

/// §1.3's lead-in to the responsibilities.
pub const ALL_PARTIES_WILL: &str = "All parties will";

/// §2.4's first paragraph; the second sentence is [`POLICY_DOCUMENT`].
pub const LAWFUL_BASIS_LISTED: &str =
    "Each party’s lawful basis for the sharing of the data under this DSA is listed below.";

/// §2.4's appropriate policy document sentence.
pub const POLICY_DOCUMENT: &str = "All parties agree that they have an appropriate policy document in place when processing special category data or personal data relating to criminal convictions and offences.";

/// §2.4.2's "strictly necessary" paragraph.
pub const STRICTLY_NECESSARY: &str = "Section 35(4) requires the consent of the data subject, which is not generally used by parties to this agreement, and 35(5) requires that the processing be ‘strictly necessary’ for the law enforcement purposes, and meets a condition in Schedule 8. The competent authorities that are party to this DSA consider the data sharing to be ‘strictly necessary’ and do not consider that there are less intrusive means of obtaining personal data held by partners.";

/// §3.1's rectification paragraph, printed when the agreement has none of its own.
pub const RECTIFICATION: &str = "If an individual successfully requests the erasure or limitation of use of their data, the relevant party will communicate this to the other parties where appropriate. Each party is responsible for securely disposing of such information or limiting its processing.";

/// §3.3's standard text.
pub const DECEASED: &str = "The sharing may involve data of deceased persons which will not be covered by data protection legislation, but will still require due regard to the common law duty of confidentiality and the Human Rights Act.";

/// Appendix D's closing sentence.
pub const SCENARIOS_BEYOND: &str =
    "Sharing of data beyond that stipulated above will need to be justified on case-by-case basis";

/// The pieces of each section, by section number (`template::SECTIONS`).
pub const WORDING: &[(&str, &[Piece])] = &[
    ("1", &[]),
    ("1.1", &[S(Slot::Ownership)]),
    ("1.2", &[S(Slot::PartiesIntro)]),
    ("1.2.1", &[
        Text("The parties to this DSA may employ or work with other data controllers specific to their organisation or borough eg a local charity, or NHS Trust employed to deliver a local authority service. These local partners may be involved in sharing data under this DSA. As the local partners change at different times, it is not possible to make them a party to the DSA when it is published to the Information Sharing Gateway. Instead, the parties must seek agreement from their relevant local partners to this DSA, and document this."),
        S(Slot::LocalPartners),
    ]),
    ("1.3", &[S(Slot::Responsibilities)]),
    ("1.4", &[
        S(Slot::ReviewTable),
        Text("This DSA will be reviewed through the Pan-London Data Sharing Project, unless otherwise agreed by the parties’ Data Protection Officers. The review will ensure the purposes are still relevant, the scope has not changed, the benefits to the data subjects and organisations are being realised, and the procedures for data security are effective."),
        Text("Changes in legislation and developments in the areas of public sector data sharing will be considered as and when they arise, as will any changes to the parties."),
        Text("A party becomes a data controller when they receive personal data shared under this DSA and may continue to process this data when this DSA ends, where the party has documented a lawful basis to do so."),
        S(Slot::ReviewArrangements),
    ]),
    ("2", &[]),
    ("2.1", &[S(Slot::Purposes)]),
    ("2.1.1", &[
        Text("The Serious Violence Duty (SVD) in the Police, Crime, Sentencing and Courts Act 2022 requires local partnerships to complete a Strategic Needs Assessment (SNA) to understand how violence is affecting their communities, and design a response through a Violence Reduction Strategy. Under the SVD there are specific limitations under section 16 and 17 of the PCSC Act on the disclosure of information by health and social care authorities. Patient information and personal information (ie information that can be used to identify a person either directly or indirectly) is not permitted to be disclosed and health and social authorities can only share anonymous data."),
        S(Slot::SvdAuthorities),
        Text("Preventing violence and its root causes can improve the health and wellbeing of individuals and communities and have wider positive implications for the economy and society. Violence is a major cause of ill health and poor wellbeing and is strongly related to inequalities. Interventions, especially those in early childhood, can stop people from developing a propensity for violence, and improve educational outcomes, employment prospects and long-term health outcomes."),
        Text("Where a party wishes to use personal data, special category data, personal data relating to criminal convictions and offences, and personal data processed for law enforcement purposes shared under this DSA for meeting responsibilities under the SVD, it must ensure that it justifies the use and necessary, lawful and proportionate to do so."),
        Text("The SVD is separate from the existing powers to share data under the Crime & Disorder Act 1998 section 115."),
        S(Slot::SvdNotes),
    ]),
    ("2.2", &[S(Slot::Benefits)]),
    ("2.3", &[
        Text("Each party is responsible for undertaking a DPIA where it considers it necessary."),
        S(Slot::Dpia),
    ]),
    ("2.4", &[S(Slot::PolicyDocument)]),
    ("2.4.1", &[
        Text("For processing personal data the UK GDPR lists lawful basis conditions in Article 6 (personal data) and Article 9 (special category data) that must be identified to cover the processing. Part 2 of the Data Protection Act 2018 (DPA 2018) covers general processing. When processing special category data, a condition from Schedule 1 Part 1, or Schedule 1 Part 2 of the DPA 2018 must be identified."),
        Text("Article 10 of the UK GDPR applies when processing data relating to criminal convictions and offences, and a condition from the DPA 2018 Schedule 1 Part 3 must be identified."),
        Text("The conditions relevant to this DSA are:"),
        S(Slot::Part2Conditions),
    ]),
    ("2.4.2", &[
        Text("The DPA 2018 covers processing for law enforcement purposes in Part 3. The law enforcement purposes are defined in Section 31 as “prevention, investigation, detection or prosecution of criminal offences or the execution of criminal penalties, including the safeguarding against and the prevention of threats to public security”."),
        Text("Processing must be carried out by a ‘competent authority’, which is defined in Section 30, with reference to Schedule 7."),
        S(Slot::CompetentAuthorities),
        Text("There are additional safeguards required for ‘sensitive processing’. This is defined in Section 35(8) as:"),
        Text("(a) the processing of personal data revealing racial or ethnic origin, political opinions, religious or philosophical beliefs or trade union membership;"),
        Text("(b) the processing of genetic data, or of biometric data, for the purpose of uniquely identifying an individual;"),
        Text("(c) the processing of data concerning health;"),
        Text("(d) the processing of data concerning an individual’s sex life or sexual orientation."),
        Text("One of either Section 35(4) or (5) must apply. Both require an appropriate policy document to be in place."),
        S(Slot::StrictlyNecessary),
        S(Slot::Schedule8),
    ]),
    ("2.4.3", &[
        Text("The parties have legislation, statutory guidance, and public duties for processing personal data that justifies the lawful basis conditions identified above. These are listed in Appendix B."),
    ]),
    ("2.5", &[S(Slot::Proportionality)]),
    ("2.6", &[
        Text("The disclosure of any personal data to achieve the objectives listed in this DSA must consider the Human Rights Act 1998 (HRA) and the Common Law Duty of Confidence."),
    ]),
    ("2.6.1", &[
        Text("A duty of confidence arises where it is reasonable for a data subject to expect that the information will be kept confidential. The duty can be overridden by legislation or justifiable necessity, or where consent has been provided by the data subject."),
        Text("While much of the personal data processed under this DSA is considered confidential, it is considered that data subjects will expect the parties to share personal data for the purposes of safeguarding and wellbeing, preventing harm, and the prevention and detection of crime."),
        S(Slot::ConfidentialityOverrides),
    ]),
    ("3", &[]),
    ("3.1", &[
        Text("The data subject rights and how each party complies with them are listed in Appendix C."),
        S(Slot::RightsRequests),
    ]),
    ("3.2", &[
        Text("Parties to this agreement are in positions of power over data subjects and individual data subjects have little or no control over why and how their data is processed. Many of the data subjects are vulnerable."),
        S(Slot::DataSubjects),
    ]),
    ("3.3", &[Text(DECEASED), S(Slot::Deceased)]),
    ("4", &[]),
    ("4.1", &[S(Slot::DataCategories)]),
    ("4.2", &[
        Text("For agreements involving personal data being shared by the MPS, specific guidance to MPS officers/staff on appropriate datasets will be provided within Appendix D."),
        Text("The types of personal data to be shared are listed below."),
    ]),
    ("4.2.1", &[S(Slot::PersonalData)]),
    ("4.2.2", &[
        Text("The types of personal data to be shared are listed below."),
        S(Slot::SpecialCategoryData),
    ]),
    ("4.2.3", &[S(Slot::CriminalOffenceData)]),
    ("4.3", &[S(Slot::Storage)]),
    ("4.4", &[S(Slot::OutsideUk)]),
    ("4.5", &[
        Text("Each partner is responsible for ensuring the accuracy and relevance of the personal data that it processes and shares and must have clear processes in place for managing data quality."),
        Text("Any party learning of the inaccuracy of personal data is responsible for promptly informing the parties with whom that data has been shared."),
        S(Slot::DataQuality),
    ]),
    ("4.6", &[
        Text("All parties must have a clear policy and procedure regarding the reporting and handling of data protection breaches and cyber security incidents which impact the confidentiality, integrity or accessibility of data."),
        Text("If the incident may impact the processing of another party to this DSA, all relevant parties should be informed as soon as possible, with all relevant parties agreeing to the appropriate coordination of the incident. The decision to report the incident will lie with the data controller(s) of the information. The parties agree to provide all reasonable assistance to each other, at their own expense, to facilitate the handling of any personal data incident."),
        Text("Each party has internal disciplinary procedures that cover security breaches (including misuse or unauthorised disclosure). If misuse is found, each party has a mechanism to facilitate an investigation, including initiating criminal proceedings where necessary."),
        S(Slot::Breaches),
    ]),
    ("4.7", &[
        Text("The parties may have different retention periods, potentially with a different period for combined data."),
        Text("Each party will state a retention period and securely dispose of or delete personal data once it is no longer required."),
    ]),
    ("4.7.1", &[
        Text("The following retention periods apply to the data shared under this DSA. These may be for the data each party is sharing and/or for the combined data being shared."),
        S(Slot::Retention),
    ]),
    ("4.7.2", &[
        Text("The parties must agree what happens to the shared data once the data sharing activity ends."),
        S(Slot::EndOfSharing),
    ]),
    ("5", &[]),
    ("5.1", &[S(Slot::Parties)]),
    ("5.2", &[S(Slot::Legislation)]),
    ("5.3", &[S(Slot::Rights)]),
    ("5.4", &[S(Slot::Scenarios), Text(SCENARIOS_BEYOND)]),
];

/// How a §1.2.1 bullet names the party a local partner works with: "Camden Safeguarding
/// Children Partnership (local partner of London Borough of Camden): agreement recorded".
pub const LOCAL_PARTNER_OF: &str = "local partner of";

/// How a §4.2 description names the datasets shared ("Datasets: School census extract").
pub const DATASETS: &str = "Datasets";

/// How a §4.2 description names what is excluded ("Excluded: full case notes").
pub const EXCLUDED: &str = "Excluded";

/// How §4.1 names who holds the key to re-identify pseudonymised data, when its
/// description does not already say ("Key to re-identification held by: Camden").
pub const KEY_HOLDER: &str = "Key to re-identification held by";

/// How §2.3 gives the DPIA's reference.
pub const DPIA_REFERENCE: &str = "DPIA reference";

/// The §1.4 review table's row for the gateway's review cycle (the template has none).
pub const REVIEW_CYCLE: &str = "Review cycle";

/// What the signable agreement adds after the template's appendices, and how it labels
/// it: the reader of filled-in templates knows these labels, so the rendering reads back.
pub mod added {
    /// The heading of the data flows appendix.
    pub const FLOWS_HEADING: &str = "Appendix E: Data flows (Information Sharing Gateway)";
    /// The heading of the content a source document had that no section holds, printed
    /// as it was, paragraph by paragraph.
    pub const CARRIED_OVER_HEADING: &str = "Content carried over from the source document";
    /// The heading of the signature page.
    pub const SIGNATURES_HEADING: &str = "Signatures";
    /// The signature page's opening sentence.
    pub const SIGNATURES_INTRO: &str = "Signed for and on behalf of each party to this agreement.";

    /// A row of a signature block.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SignatureRow {
        /// The party signing.
        SignedFor,
        /// The signatory's name.
        Name,
        /// The signatory's role.
        Role,
        /// Left blank for the signature.
        Signature,
        /// The date signed.
        Date,
    }

    impl SignatureRow {
        /// Every row, in order.
        pub const ALL: [SignatureRow; 5] = [
            SignatureRow::SignedFor,
            SignatureRow::Name,
            SignatureRow::Role,
            SignatureRow::Signature,
            SignatureRow::Date,
        ];

        /// The row's label.
        pub fn label(self) -> &'static str {
            match self {
                SignatureRow::SignedFor => "Signed for",
                SignatureRow::Name => "Name",
                SignatureRow::Role => "Role",
                SignatureRow::Signature => "Signature",
                SignatureRow::Date => "Date",
            }
        }
    }

    /// A row of a data flow's table, one per field of `DataFlow` the gateway holds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum FlowRow {
        /// The flow's id.
        Reference,
        /// Providing parties.
        ProvidedBy,
        /// Receiving parties.
        ReceivedBy,
        /// Who receives it, in words.
        Recipients,
        /// One way or two way.
        Direction,
        /// How often.
        Frequency,
        /// Frequency in words.
        FrequencyDetail,
        /// Volume band.
        Volume,
        /// Transfer modes, each with its controls.
        Transfer,
        /// Means of sharing, in words.
        MeansOfSharing,
        /// Platform or system.
        Platform,
        /// Subject / data lines.
        Data,
        /// Storage after transfer.
        StorageAfterTransfer,
        /// Security after transfer.
        SecurityAfterTransfer,
        /// Access after transfer.
        AccessAfterTransfer,
        /// Notes.
        Notes,
    }

    impl FlowRow {
        /// Every row, in order.
        pub const ALL: [FlowRow; 16] = [
            FlowRow::Reference,
            FlowRow::ProvidedBy,
            FlowRow::ReceivedBy,
            FlowRow::Recipients,
            FlowRow::Direction,
            FlowRow::Frequency,
            FlowRow::FrequencyDetail,
            FlowRow::Volume,
            FlowRow::Transfer,
            FlowRow::MeansOfSharing,
            FlowRow::Platform,
            FlowRow::Data,
            FlowRow::StorageAfterTransfer,
            FlowRow::SecurityAfterTransfer,
            FlowRow::AccessAfterTransfer,
            FlowRow::Notes,
        ];

        /// The row's label.
        pub fn label(self) -> &'static str {
            use FlowRow::*;
            match self {
                Reference => "Flow reference",
                ProvidedBy => "Provided by",
                ReceivedBy => "Received by",
                Recipients => "Recipients",
                Direction => "Direction",
                Frequency => "Frequency",
                FrequencyDetail => "Frequency detail",
                Volume => "Volume",
                Transfer => "Transfer",
                MeansOfSharing => "Means of sharing",
                Platform => "Platform",
                Data => "Data",
                StorageAfterTransfer => "Storage after transfer",
                SecurityAfterTransfer => "Security after transfer",
                AccessAfterTransfer => "Access after transfer",
                Notes => "Notes",
            }
        }

        /// The row a label names (case and a trailing colon ignored).
        pub fn from_label(label: &str) -> Option<FlowRow> {
            let l = label.trim().trim_end_matches(':').trim();
            FlowRow::ALL
                .into_iter()
                .find(|r| r.label().eq_ignore_ascii_case(l))
        }
    }
}

/// The pieces of one section (empty for a number the template does not have).
pub fn wording(number: &str) -> &'static [Piece] {
    WORDING
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, p)| *p)
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_its_wording_and_no_other_numbers() {
        for s in super::super::SECTIONS {
            assert!(
                WORDING.iter().any(|(n, _)| *n == s.number),
                "section {} has no wording entry",
                s.number
            );
        }
        for (n, _) in WORDING {
            assert!(super::super::section(n).is_some(), "{n} is not a section");
        }
    }

    #[test]
    fn every_slot_appears_once() {
        let mut slots = Vec::new();
        for (_, pieces) in WORDING {
            for p in *pieces {
                if let Piece::Slot(s) = p {
                    assert!(!slots.contains(s), "{s:?} twice");
                    slots.push(*s);
                }
            }
        }
        assert_eq!(slots.len(), 35);
    }

    #[test]
    fn standard_text_is_the_templates() {
        let template = include_str!("../../../../samples/template/pan-london-dsa-template.txt");
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let t = norm(template);
        for (n, pieces) in WORDING {
            for p in *pieces {
                if let Piece::Text(x) = p {
                    assert!(t.contains(&norm(x)), "§{n}: not the template's words: {x}");
                }
            }
        }
        for x in [
            OWNERSHIP,
            PARTIES_LISTED,
            SIGNING_ON_ISG,
            WORKING_GROUP_DPIA,
            LAWFUL_BASIS_LISTED,
            ALL_PARTIES_WILL,
            POLICY_DOCUMENT,
            STRICTLY_NECESSARY,
            RECTIFICATION,
            SCENARIOS_BEYOND,
        ] {
            assert!(t.contains(&norm(x)), "not the template's words: {x}");
        }
    }
}
