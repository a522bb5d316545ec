//! §1 of the template in prose: ownership (§1.1), local partners (§1.2.1) and the
//! parties' responsibilities (§1.3).

use super::*;

impl Recogniser {
    /// §1.1: the ownership text, when the document has its own.
    pub(super) fn ownership_line(&mut self, l: &Line) {
        append(&mut self.a.ownership, l.residual);
        self.value("/ownership", l.loc, l.text, None);
    }

    /// §1.2.1: a local partner per bullet.
    pub(super) fn local_partner_line(&mut self, l: &Line) {
        if !l.bullet {
            self.unmapped(l.loc, l.text);
            return;
        }
        // "Name (local partner of Party): how their agreement is documented".
        let of = dsa_model::template::wording::LOCAL_PARTNER_OF;
        let (mut name, mut party, mut documented) = (l.item.clone(), None, None);
        if let Some((n, rest)) = l.item.split_once(&format!(" ({of} ")) {
            if let Some((p, after)) = rest.split_once(')') {
                name = n.trim().to_string();
                party = self.ensure_party(p.trim(), l.loc);
                let d = after.trim_start_matches(':').trim();
                documented = (!d.is_empty()).then(|| d.to_string());
            }
        }
        let i = self.a.local_partners.len();
        self.a.local_partners.push(LocalPartner {
            name,
            party,
            agreement_documented: documented,
        });
        self.value(format!("/local_partners/{i}"), l.loc, l.text, None);
    }

    /// §1.3: a responsibility per bullet (the template's own are values when kept).
    pub(super) fn responsibility_line(&mut self, l: &Line) {
        if l.bullet
            || template_similarity_stripped(l.residual) < 0.8
            || self.a.responsibilities.is_empty() && l.item.len() > 30
        {
            if norm(&l.item) == "all parties will" {
                self.prov("/responsibilities", l.loc, l.text, None);
                return;
            }
            let i = self.a.responsibilities.len();
            self.a.responsibilities.push(l.item.clone());
            self.value(format!("/responsibilities/{i}"), l.loc, l.text, None);
        } else {
            self.prov("/responsibilities", l.loc, l.text, None);
        }
    }
}
