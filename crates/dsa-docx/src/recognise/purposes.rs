//! §2: purposes (§2.1), the Serious Violence Duty (§2.1.1, its table and notes),
//! benefits (§2.2), the DPIA (§2.3) and proportionality (§2.5).

use super::*;

impl Recogniser {
    /// §2.1: a purpose, for the party it names first ("MPS: to share ...") if it does.
    pub(super) fn purpose_line(&mut self, l: &Line) {
        let (party, desc) = self.party_prefix(&l.item, l.loc);
        let i = self.a.purposes.len();
        self.a.purposes.push(dsa_model::Purpose {
            party,
            description: desc,
        });
        self.value(format!("/purposes/{i}"), l.loc, l.text, None);
    }

    /// §2.1.1 in prose.
    pub(super) fn svd_line(&mut self, l: &Line) {
        let svd = self
            .a
            .serious_violence_duty
            .get_or_insert_with(Default::default);
        append(&mut svd.notes, l.residual);
        self.value("/serious_violence_duty/notes", l.loc, l.text, None);
    }

    /// §2.2: a benefit, to individuals, parties or society as the last label said.
    pub(super) fn benefit_line(&mut self, l: &Line) {
        match self.benefit {
            BenefitCtx::Individuals => {
                let i = self.a.benefits.individuals.len();
                self.a.benefits.individuals.push(l.item.clone());
                self.value(format!("/benefits/individuals/{i}"), l.loc, l.text, None);
            }
            BenefitCtx::Society => {
                let i = self.a.benefits.society.len();
                self.a.benefits.society.push(l.item.clone());
                self.value(format!("/benefits/society/{i}"), l.loc, l.text, None);
            }
            BenefitCtx::Parties => {
                let (party, benefit) = self.party_prefix(&l.item, l.loc);
                let i = self.a.benefits.parties.len();
                self.a
                    .benefits
                    .parties
                    .push(PartyBenefit { party, benefit });
                self.value(format!("/benefits/parties/{i}"), l.loc, l.text, None);
            }
        }
    }

    /// §2.3.
    pub(super) fn dpia_line(&mut self, l: &Line) {
        let d = self.a.dpia.get_or_insert_with(Default::default);
        let label = dsa_model::template::wording::DPIA_REFERENCE;
        if let Some(r) = l
            .residual
            .get(..label.len())
            .filter(|p| p.eq_ignore_ascii_case(label))
            .and_then(|_| l.residual[label.len()..].strip_prefix(':'))
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            d.reference = Some(r.to_string());
            self.value("/dpia/reference", l.loc, l.text, None);
            return;
        }
        append(&mut d.notes, l.residual);
        self.value("/dpia/notes", l.loc, l.text, None);
    }

    /// §2.5.
    pub(super) fn proportionality_line(&mut self, l: &Line) {
        append(&mut self.a.proportionality, l.residual);
        self.value("/proportionality", l.loc, l.text, None);
    }

    pub(super) fn svd_table(&mut self, t: &Table, loc: &str) {
        self.header_prov(t, loc, "/serious_violence_duty");
        let svd = self
            .a
            .serious_violence_duty
            .get_or_insert_with(Default::default)
            .clone();
        let mut svd = svd;
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = cell.text();
                if text.trim().is_empty() {
                    continue;
                }
                let l = cell_loc(loc, r, c);
                if cell.struck() {
                    self.prov("/serious_violence_duty", &l, text.trim(), None);
                    continue;
                }
                if let Some((x, conf)) =
                    match_code::<SvdSpecifiedAuthority>(&text).filter(|_| c == 0)
                {
                    if !svd.specified_authorities.contains(&x) {
                        svd.specified_authorities.push(x);
                    }
                    let i = svd
                        .specified_authorities
                        .iter()
                        .position(|y| *y == x)
                        .unwrap_or(0);
                    self.value(
                        format!("/serious_violence_duty/specified_authorities/{i}"),
                        &l,
                        text.trim(),
                        (conf < 1.0).then_some(conf),
                    );
                } else if let Some((x, conf)) = match_code::<SvdRelevantAuthority>(&text) {
                    if !svd.relevant_authorities.contains(&x) {
                        svd.relevant_authorities.push(x);
                    }
                    let i = svd
                        .relevant_authorities
                        .iter()
                        .position(|y| *y == x)
                        .unwrap_or(0);
                    self.value(
                        format!("/serious_violence_duty/relevant_authorities/{i}"),
                        &l,
                        text.trim(),
                        (conf < 1.0).then_some(conf),
                    );
                } else {
                    self.unmapped(&l, text.trim());
                }
            }
        }
        self.a.serious_violence_duty = Some(svd);
    }
}
