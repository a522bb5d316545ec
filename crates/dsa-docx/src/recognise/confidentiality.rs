//! The common-law duty of confidence (§2.5): overrides chosen from the template's list,
//! written as bullets that are kept, deleted, struck through or marked (☒/☐, [X]/[ ]).

use super::*;

/// One override bullet as read, decided when the list ends.
pub(super) struct OverrideBullet {
    basis: ConfidentialityOverride,
    justification: Option<String>,
    loc: String,
    struck: bool,
    mark: Option<Mark>,
}

/// The override an item names by its head (the wording before " ("), if any.
fn override_named(item: &str) -> Option<ConfidentialityOverride> {
    let n = norm(item);
    ConfidentialityOverride::all().iter().copied().find(|o| {
        let w = norm(o.wording());
        let head = w.split(" (").next().unwrap_or(&w);
        n.starts_with(head)
    })
}

impl Recogniser {
    /// §2.6.1 text other than the override bullets.
    pub(super) fn confidentiality_line(&mut self, l: &Line) {
        let c = self.a.confidentiality.get_or_insert_with(Default::default);
        append(&mut c.notes, l.residual);
        self.value("/confidentiality/notes", l.loc, l.text, None);
    }

    pub(super) fn confidentiality_bullet(&mut self, p: &Paragraph, text: &str, loc: &str) {
        let item = strip_bullet(text);
        let (label, mark) = split_inline_mark(item);
        let mark = crate::marks::from_check(p.leading_check()).or(mark);
        match override_named(&label) {
            Some(o) => {
                let head_len = norm(o.wording())
                    .split(" (")
                    .next()
                    .map(str::len)
                    .unwrap_or(0);
                // Justification: what follows the option's own wording and instructions.
                let unstruck = p.unstruck_text();
                let residual = strip_placeholders(&split_inline_mark(strip_bullet(&unstruck)).0);
                let rest = residual
                    .split_once(')')
                    .map(|(_, r)| r)
                    .or_else(|| residual.get(head_len..))
                    .unwrap_or("");
                let rest = rest.trim_start_matches(['.', ':', '-', ' ']).trim();
                let wording = norm(o.wording());
                let justification =
                    (!rest.is_empty() && !wording.contains(&norm(rest))).then(|| rest.to_string());
                self.overrides.push(OverrideBullet {
                    basis: o,
                    justification,
                    loc: loc.to_string(),
                    struck: p.struck(),
                    mark,
                });
                self.prov("/confidentiality/overrides", loc, text, None);
            }
            None => {
                let c = self.a.confidentiality.get_or_insert_with(Default::default);
                append(&mut c.notes, item);
                self.value("/confidentiality/notes", loc, text, None);
            }
        }
    }

    /// Decides which duty-of-confidence overrides were chosen once the list is complete:
    /// marks win where any bullet is marked; else struck bullets are the unchosen ones;
    /// else the bullets kept are chosen, unless every option is kept (unfilled).
    pub(super) fn finish_overrides(&mut self) {
        if self.overrides.is_empty() {
            return;
        }
        let list = std::mem::take(&mut self.overrides);
        let marked = list.iter().any(|o| o.mark.is_some());
        let chosen: Vec<&OverrideBullet> = if marked {
            list.iter()
                .filter(|o| !o.struck && o.mark.as_ref().is_some_and(Mark::chosen))
                .collect()
        } else {
            let unstruck: Vec<_> = list.iter().filter(|o| !o.struck).collect();
            if unstruck.len() == ConfidentialityOverride::all().len() {
                self.diag(
                    DiagnosticCode::OptionsUnfilled,
                    &list[0].loc,
                    "duty of confidence overrides left as in the template: none chosen".into(),
                );
                return;
            }
            unstruck
        };
        for o in chosen {
            let c = self.a.confidentiality.get_or_insert_with(Default::default);
            if c.overrides.iter().any(|x| x.basis == o.basis) {
                continue;
            }
            c.overrides.push(ChosenOverride {
                basis: o.basis,
                justification: o.justification.clone(),
            });
            let i = c.overrides.len() - 1;
            let text = o.basis.wording().to_string();
            self.seen.entry(Section::Confidentiality).or_default().1 += 1;
            self.prov(
                format!("/confidentiality/overrides/{i}"),
                &o.loc,
                &text,
                None,
            );
        }
    }
}
