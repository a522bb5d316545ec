//! §3 in prose: rights requests and complaints (§3.1), the data subjects' description
//! (§3.2; its options are `data_subjects`), deceased individuals (§3.3).

use super::*;

impl Recogniser {
    /// §3.1 and Appendix C text: rectification and erasure, and the "Complaints" label
    /// that starts the complaints part.
    pub(super) fn rights_line(&mut self, l: &Line) {
        let n = norm(l.residual);
        if n == "complaints" {
            self.sublabel = Some(Section::Complaints);
            self.seen.entry(Section::Complaints).or_default().0 = true;
            self.prov("/complaints", l.loc, l.text, None);
            return;
        }
        if n.starts_with("rectification, erasure or restriction") {
            self.prov("/rectification_erasure", l.loc, l.text, None);
            return;
        }
        append(&mut self.a.rectification_erasure, l.residual);
        self.value("/rectification_erasure", l.loc, l.text, None);
    }

    /// §3.1 complaints.
    pub(super) fn complaints_line(&mut self, l: &Line) {
        let t = l.residual.trim_start_matches("The parties will").trim();
        if t.is_empty() {
            self.prov("/complaints", l.loc, l.text, None);
        } else {
            append(&mut self.a.complaints, l.residual);
            self.value("/complaints", l.loc, l.text, None);
        }
    }

    /// §3.2: a type of data subject per bullet, else the description.
    pub(super) fn data_subjects_line(&mut self, l: &Line) {
        if norm(l.residual).starts_with("types of data subjects") {
            self.prov("/data_subjects", l.loc, l.text, None);
            return;
        }
        if l.bullet && self.subject_bullet(l.text, &l.item, l.loc) {
            return;
        }
        append(&mut self.a.data_subjects.description, l.residual);
        self.value("/data_subjects/description", l.loc, l.text, None);
    }

    /// §3.3 deceased individuals.
    pub(super) fn deceased_line(&mut self, l: &Line) {
        let d = self
            .a
            .deceased_individuals
            .get_or_insert(DeceasedIndividuals {
                may_be_shared: true,
                notes: None,
            });
        append(&mut d.notes, l.residual);
        self.value("/deceased_individuals/notes", l.loc, l.text, None);
    }
}
