//! Purposes (§2.1) and the Serious Violence Duty table (§2.1.1).

use super::*;

impl Recogniser {
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
