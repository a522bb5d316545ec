//! Signature blocks: a label/value table per signatory ("Signed for", "Name", "Role",
//! "Date"), as the signable rendering and many older protocols end.

use dsa_model::template::wording::added::SignatureRow;

use super::*;

/// What a signature block's row label says.
fn row_of(label: &str) -> Option<SignatureRow> {
    let n = norm(label);
    let n = n.trim_end_matches(':').trim();
    Some(match n {
        "signed for"
        | "signed on behalf of"
        | "for and on behalf of"
        | "organisation"
        | "party"
        | "on behalf of" => SignatureRow::SignedFor,
        "name" | "signatory" | "print name" | "name of signatory" => SignatureRow::Name,
        "role" | "position" | "job title" | "title" | "designation" => SignatureRow::Role,
        "signature" | "signed" => SignatureRow::Signature,
        "date" | "date signed" => SignatureRow::Date,
        _ => return None,
    })
}

/// Whether a table is a signature block: two columns, every label one of a block's, with
/// the party and the name among them.
pub(super) fn is_signature_block(t: &Table) -> bool {
    let rows: Option<Vec<SignatureRow>> = t
        .rows
        .iter()
        .map(|r| {
            (r.cells.len() == 2)
                .then(|| row_of(&r.cells[0].text()))
                .flatten()
        })
        .collect();
    rows.is_some_and(|rs| rs.contains(&SignatureRow::SignedFor) && rs.contains(&SignatureRow::Name))
}

impl Recogniser {
    /// One signature block: the party (found or added) and, when named, its signatory.
    pub(super) fn signature_block(&mut self, t: &Table, loc: &str) {
        let mut party = None;
        let mut signatory = Signatory {
            name: String::new(),
            role: None,
            signed_on: None,
        };
        for (i, r) in t.rows.iter().enumerate() {
            let label = r.cells[0].text();
            let value = r.cells[1].text().trim().to_string();
            let at = cell_loc(loc, i, 1);
            match row_of(&label) {
                Some(SignatureRow::SignedFor) if !value.is_empty() => {
                    party = self.ensure_party(&value, &at);
                }
                Some(SignatureRow::Name) => signatory.name = value,
                Some(SignatureRow::Role) if !value.is_empty() => signatory.role = Some(value),
                Some(SignatureRow::Date) => {
                    signatory.signed_on = dsa_text::find_date(&value).map(|d| d.date)
                }
                _ => {}
            }
        }
        let Some(id) = party else {
            self.unmapped_table(t, loc);
            return;
        };
        let Some(idx) = self.a.parties.iter().position(|p| p.id == id) else {
            return;
        };
        let all = t.rows.iter().map(row_text).collect::<Vec<_>>().join("; ");
        if signatory.name.is_empty() {
            // A block left to fill in: the party signs, nobody is named yet.
            self.prov(format!("/parties/{idx}"), loc, &all, None);
            return;
        }
        let k = self.a.parties[idx].signatories.len();
        self.a.parties[idx].signatories.push(signatory);
        self.value(format!("/parties/{idx}/signatories/{k}"), loc, &all, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::test_blocks::{para, table};

    #[test]
    fn a_signature_block_names_the_party_and_its_signatory() {
        let mut r = Recogniser::new(None, "word/document.xml".into());
        r.body(&[
            para("Signatures", Some(1)),
            table(&[
                ["Signed for", "Metropolitan Police Service"],
                ["Name", "Jane Doe"],
                ["Position:", "Data Protection Officer"],
                ["Signature", ""],
                ["Date", "29 January 2021"],
            ]),
            // Left to fill in: the party, nobody named.
            table(&[
                ["Signed for", "London Borough of Camden"],
                ["Name", ""],
                ["Date", ""],
            ]),
        ]);
        let (a, _, _) = r.finish();
        let met = a.party("met-police").expect("the police");
        assert_eq!(met.signatories.len(), 1);
        let s = &met.signatories[0];
        assert_eq!(s.name, "Jane Doe");
        assert_eq!(s.role.as_deref(), Some("Data Protection Officer"));
        assert_eq!(s.signed_on, chrono::NaiveDate::from_ymd_opt(2021, 1, 29));
        let camden = a.party("camden").expect("Camden");
        assert!(camden.signatories.is_empty());
        // The labels are no parties.
        assert_eq!(a.parties.len(), 2, "{:?}", a.parties);
    }

    #[test]
    fn only_a_block_with_a_party_and_a_name_is_one() {
        let t = |rows: &[[&str; 2]]| match table(rows) {
            Block::Table(t) => t,
            _ => unreachable!(),
        };
        assert!(is_signature_block(&t(&[
            ["Signed for", "X"],
            ["Name", "Y"]
        ])));
        assert!(!is_signature_block(&t(&[["Name", "Y"], ["Role", "Z"]])));
        assert!(!is_signature_block(&t(&[
            ["Signed for", "X"],
            ["Name", "Y"],
            ["Reference", "R"]
        ])));
    }
}
