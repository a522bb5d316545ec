//! The common-law duty of confidence (§2.5): overrides chosen from the template's list.

use super::*;

impl Recogniser {
    pub(super) fn confidentiality_bullet(&mut self, p: &Paragraph, text: &str, loc: &str) {
        let item = strip_bullet(text);
        let n = norm(item);
        let found = ConfidentialityOverride::all().iter().copied().find(|o| {
            let w = norm(o.wording());
            let head: String = w.split(" (").next().unwrap_or(&w).to_string();
            n.starts_with(&head)
        });
        match found {
            Some(o) => {
                let head_len = norm(o.wording())
                    .split(" (")
                    .next()
                    .map(str::len)
                    .unwrap_or(0);
                // Justification: what follows the option's own wording and instructions.
                let residual = strip_placeholders(&p.unstruck_text());
                let rest = residual
                    .split_once(')')
                    .map(|(_, r)| r)
                    .or_else(|| residual.get(head_len..))
                    .unwrap_or("");
                let rest = rest.trim_start_matches(['.', ':', '-', ' ']).trim();
                let wording = norm(o.wording());
                let justification =
                    (!rest.is_empty() && !wording.contains(&norm(rest))).then(|| rest.to_string());
                self.overrides
                    .push((o, justification, loc.to_string(), p.struck()));
                self.prov("/confidentiality/overrides", loc, text, None);
            }
            None => {
                let c = self.a.confidentiality.get_or_insert_with(Default::default);
                append(&mut c.notes, item);
                self.value("/confidentiality/notes", loc, text, None);
            }
        }
    }

    /// Decides which duty-of-confidence overrides were chosen once the list is complete.
    pub(super) fn finish_overrides(&mut self) {
        if self.overrides.is_empty() {
            return;
        }
        let list = std::mem::take(&mut self.overrides);
        let unstruck: Vec<_> = list.iter().filter(|o| !o.3).collect();
        let all_kept = unstruck.len() == ConfidentialityOverride::all().len();
        if all_kept {
            self.diag(
                DiagnosticKind::Missing,
                &list[0].2,
                "duty of confidence overrides left as in the template: none chosen".into(),
            );
            return;
        }
        for (o, just, loc, _) in unstruck {
            let c = self.a.confidentiality.get_or_insert_with(Default::default);
            c.overrides.push(ChosenOverride {
                basis: *o,
                justification: just.clone(),
            });
            let i = c.overrides.len() - 1;
            let text = o.wording().to_string();
            self.seen.entry(Section::Confidentiality).or_default().1 += 1;
            self.prov(format!("/confidentiality/overrides/{i}"), loc, &text, None);
        }
    }

    // ----- Appendix D scenarios --------------------------------------------------------
}
