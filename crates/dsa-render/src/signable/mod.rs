//! The agreement laid out as the Pan-London template lays it out, ready to sign: a cover,
//! a contents list, each section's standard wording (`dsa_model::template::wording`) with
//! the agreement's own content in its slots, the options chosen in the template's tables
//! with the "Applicable party" column filled, the gateway's data flows one small table per
//! flow, and a signature block per party.
//!
//! It is written so that reading it back gives the same agreement: options not chosen
//! are left out (the template's "delete unnecessary options"), wording that carries a
//! choice appears only when the agreement makes it, an inapplicable section is left out,
//! and parties are named as Appendix A names them. No internal id or code is printed.

mod appendices;
mod data;
mod front;
mod words;

use dsa_model::template::wording::{wording, Piece, Slot};
use dsa_model::template::SECTIONS;
use dsa_model::Agreement;

use crate::document::{Block, Document, Heading};
use words::Ctx;

/// The marking the header and footer carry: agreements shared under the template are
/// OFFICIAL under the Government Security Classifications.
pub const MARKING: &str = "OFFICIAL";

/// How much of the template a document prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// The whole template: its standard wording with the agreement's content (the
    /// signable agreement).
    Standard,
    /// The agreement's own content under the template's headings, without the standard
    /// paragraphs every agreement shares (a migration's page per agreement: what this one
    /// says, a fifth of the size).
    ContentOnly,
}

/// The agreement as a signable document.
pub fn document(a: &Agreement) -> Document {
    document_with(a, Wording::Standard)
}

/// The agreement as a document, with or without the template's standard wording.
pub fn document_with(a: &Agreement, wording_kept: Wording) -> Document {
    let ctx = Ctx::new(a);
    let mut blocks = match wording_kept {
        Wording::Standard => vec![Block::Contents, Block::PageBreak],
        Wording::ContentOnly => Vec::new(),
    };
    for s in SECTIONS {
        let presence = presence(a, s.number);
        if presence == Presence::Absent {
            continue;
        }
        let mut body = Vec::new();
        for piece in wording(s.number) {
            match piece {
                Piece::Text(t) if wording_kept == Wording::Standard => {
                    body.push(Block::Para(t.to_string()))
                }
                Piece::Text(_) => {}
                Piece::Slot(slot) => fill(&ctx, *slot, &mut body),
            }
        }
        // A subsection the agreement says nothing in is left out, as a filled-in
        // template deletes it; a top-level section always stays (its subsections follow).
        let shown = presence == Presence::IfContent || wording_kept == Wording::ContentOnly;
        if body.is_empty() && shown && s.level > 1 {
            continue;
        }
        if s.number == "5" {
            blocks.push(Block::PageBreak);
        }
        blocks.push(Block::Heading(Heading {
            level: s.level,
            number: if s.level <= 2 {
                format!("{}.", s.number)
            } else {
                s.number.to_string()
            },
            text: s.heading.to_string(),
        }));
        blocks.extend(body);
    }
    appendices::after_template(&ctx, &mut blocks, wording_kept == Wording::Standard);
    Document {
        title: a.title.clone(),
        marking: MARKING,
        cover: front::cover(&ctx),
        blocks,
    }
}

/// Whether a section is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    /// The agreement does not have it (a section the template lets a document delete).
    Absent,
    /// Printed, even with nothing of the agreement's in it: the template's structure, or
    /// a section the agreement keeps (reading its heading back keeps it again).
    Kept,
    /// Printed when it has content.
    IfContent,
}

fn presence(a: &Agreement, number: &str) -> Presence {
    let kept = |b: bool| if b { Presence::Kept } else { Presence::Absent };
    match number {
        "1.2" | "1.3" | "1.4" | "5.1" => Presence::Kept,
        "2.1.1" => kept(a.serious_violence_duty.is_some()),
        "2.3" => kept(a.dpia.is_some()),
        "2.4.2" => kept(a.law_enforcement.is_some()),
        "2.6.1" => kept(a.confidentiality.is_some()),
        "3.3" => kept(
            a.deceased_individuals
                .as_ref()
                .is_some_and(|d| d.may_be_shared),
        ),
        "4.2.3" => kept(a.criminal_offence_data.is_some()),
        "4.4" => kept(a.outside_uk_processing.is_some()),
        "5.4" if a.mps_scenarios.is_empty() => Presence::Absent,
        _ => {
            let standard = wording(number).iter().any(|p| matches!(p, Piece::Text(_)));
            if standard {
                Presence::Kept
            } else {
                Presence::IfContent
            }
        }
    }
}

/// Puts one slot's content.
fn fill(ctx: &Ctx, slot: Slot, out: &mut Vec<Block>) {
    use Slot::*;
    match slot {
        Ownership => front::ownership(ctx, out),
        PartiesIntro => front::parties_intro(ctx, out),
        LocalPartners => front::local_partners(ctx, out),
        Responsibilities => front::responsibilities(ctx, out),
        ReviewTable => front::review_table(ctx, out),
        ReviewArrangements => front::review_arrangements(ctx, out),
        Purposes => front::purposes(ctx, out),
        SvdAuthorities => front::svd_authorities(ctx, out),
        SvdNotes => front::svd_notes(ctx, out),
        Benefits => front::benefits(ctx, out),
        Dpia => front::dpia(ctx, out),
        PolicyDocument => front::policy_document(ctx, out),
        Part2Conditions => front::part2_conditions(ctx, out),
        CompetentAuthorities => front::competent_authorities(ctx, out),
        StrictlyNecessary => front::strictly_necessary(ctx, out),
        Schedule8 => front::schedule8(ctx, out),
        Proportionality => front::proportionality(ctx, out),
        ConfidentialityOverrides => front::confidentiality(ctx, out),
        RightsRequests => data::rights_requests(ctx, out),
        DataSubjects => data::data_subjects(ctx, out),
        Deceased => data::deceased(ctx, out),
        DataCategories => data::data_categories(ctx, out),
        PersonalData => data::personal_data(ctx, out),
        SpecialCategoryData => data::special_category_data(ctx, out),
        CriminalOffenceData => data::criminal_offence_data(ctx, out),
        Storage => data::storage(ctx, out),
        OutsideUk => data::outside_uk(ctx, out),
        DataQuality => data::data_quality(ctx, out),
        Breaches => data::breaches(ctx, out),
        Retention => data::retention(ctx, out),
        EndOfSharing => data::end_of_sharing(ctx, out),
        Parties => appendices::parties(ctx, out),
        Legislation => appendices::legislation(ctx, out),
        Rights => appendices::rights(ctx, out),
        Scenarios => appendices::scenarios(ctx, out),
    }
}
