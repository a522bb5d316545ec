//! The gateway's data flows written as one label/value table per flow ("Flow reference",
//! "Provided by", "Received by", …), as the signable rendering's Appendix E writes them.
//! A flow whose reference is already known (one Appendix D's scenarios gave) is replaced
//! by the table, which says all of it.

use dsa_model::template::wording::added::FlowRow;

use super::*;

/// Whether a table is a data flow's: two columns, the first row its reference.
pub(super) fn is_flow_table(t: &Table) -> bool {
    t.rows.first().is_some_and(|r| {
        r.cells.len() == 2 && FlowRow::from_label(&r.cells[0].text()) == Some(FlowRow::Reference)
    }) && t.rows.iter().all(|r| r.cells.len() == 2)
}

/// The option of a code list whose wording a cell gives.
fn by_wording<C: CodeList>(text: &str) -> Option<C> {
    let n = norm(text);
    C::all().iter().copied().find(|c| norm(c.wording()) == n)
}

impl Recogniser {
    pub(super) fn flow_table(&mut self, t: &Table, loc: &str) {
        let mut f = DataFlow {
            id: String::new(),
            name: self.flow_name.take().unwrap_or_default(),
            providing: Vec::new(),
            receiving: Vec::new(),
            recipients_note: None,
            direction: None,
            frequency: None,
            frequency_detail: None,
            volume: None,
            transfers: Vec::new(),
            means_of_sharing: None,
            platform: None,
            data: Vec::new(),
            storage_after_transfer: None,
            security_after_transfer: None,
            access_after_transfer: None,
            notes: None,
        };
        let text = |s: String| Some(s).filter(|s| !s.is_empty());
        for (i, r) in t.rows.iter().enumerate() {
            let value = r.cells[1].text().trim().to_string();
            let at = cell_loc(loc, i, 1);
            let Some(row) = FlowRow::from_label(&r.cells[0].text()) else {
                self.unmapped(&at, &row_text(r));
                continue;
            };
            let parties = |me: &mut Self| -> Vec<String> {
                dsa_text::split_names(&value.replace('\n', ";"))
                    .iter()
                    .filter_map(|n| me.ensure_party(n, &at))
                    .collect()
            };
            use FlowRow::*;
            match row {
                Reference => f.id = value.clone(),
                ProvidedBy => f.providing = parties(self),
                ReceivedBy => f.receiving = parties(self),
                Recipients => f.recipients_note = text(value.clone()),
                Direction => f.direction = by_wording(&value),
                Frequency => f.frequency = by_wording(&value),
                FrequencyDetail => f.frequency_detail = text(value.clone()),
                Volume => f.volume = by_wording(&value),
                Transfer => {
                    for line in value.lines().map(str::trim).filter(|l| !l.is_empty()) {
                        // "Electronic: email (secure or encrypted): TLS-enforced email":
                        // the mode's wording, then its controls.
                        let n = norm(line);
                        let found = TransferMode::all()
                            .iter()
                            .copied()
                            .filter(|m| n.starts_with(&norm(m.wording())))
                            .max_by_key(|m| m.wording().len());
                        if let Some(mode) = found {
                            let rest = line
                                .get(mode.wording().len()..)
                                .unwrap_or("")
                                .trim_start_matches([':', ' '])
                                .trim();
                            let controls = (!rest.is_empty()).then(|| rest.to_string());
                            f.transfers
                                .push(dsa_model::flows::Transfer { mode, controls });
                        }
                    }
                }
                MeansOfSharing => f.means_of_sharing = text(value.clone()),
                Platform => f.platform = text(value.clone()),
                Data => {
                    f.data = value
                        .lines()
                        .filter_map(|l| l.split_once(" / "))
                        .map(|(s, d)| SubjectData {
                            subject: s.trim().to_string(),
                            data: d.trim().to_string(),
                        })
                        .collect()
                }
                StorageAfterTransfer => f.storage_after_transfer = text(value.clone()),
                SecurityAfterTransfer => f.security_after_transfer = text(value.clone()),
                AccessAfterTransfer => f.access_after_transfer = text(value.clone()),
                Notes => f.notes = text(value.clone()),
            }
        }
        if f.id.is_empty() {
            f.id = dsa_text::slug(&f.name);
        }
        // A flow Appendix D's scenario gave stands for this one: the table says all of
        // it, and the scenario points to it.
        // (Same name, or the same data by the same means: what a scenario says of it.)
        let derived = self.a.mps_scenarios.iter().position(|sc| {
            sc.flow.as_ref().is_some_and(|id| {
                *id != f.id
                    && self.a.data_flows.iter().any(|g| {
                        g.id == *id
                            && g.name == sc.title
                            && (g.name == f.name
                                || (g.data == f.data && g.means_of_sharing == f.means_of_sharing))
                    })
            })
        });
        if let Some(k) = derived {
            if let Some(old) = self.a.mps_scenarios[k].flow.replace(f.id.clone()) {
                if let Some(i) = self.a.data_flows.iter().position(|g| g.id == old) {
                    self.a.data_flows[i].id = f.id.clone();
                }
            }
        }
        let idx = match self.a.data_flows.iter().position(|g| g.id == f.id) {
            Some(i) => {
                self.a.data_flows[i] = f;
                i
            }
            None => {
                self.a.data_flows.push(f);
                self.a.data_flows.len() - 1
            }
        };
        self.value(
            format!("/data_flows/{idx}"),
            loc,
            &t.rows.iter().map(row_text).collect::<Vec<_>>().join("; "),
            None,
        );
    }

    /// "Flow 2: Police representations…": the name of the flow whose table follows.
    pub(super) fn flow_caption(&mut self, text: &str, loc: &str) -> bool {
        static CAPTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?i)^flow\s+\d+\s*[:.–-]\s*(.+)$").expect("regex")
        });
        let Some(c) = CAPTION.captures(text.trim()) else {
            return false;
        };
        self.flow_name = Some(c[1].trim().to_string());
        self.prov("/data_flows", loc, text, None);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::test_blocks::{para, table};

    #[test]
    fn a_flow_table_gives_the_flow_the_gateway_holds() {
        let mut r = Recogniser::new(None, "word/document.xml".into());
        r.body(&[
            para("Appendix E: Data flows (Information Sharing Gateway)", Some(2)),
            para("Flow 1: Police Merlin referral to MASH", None),
            table(&[
                ["Flow reference", "merlin-referral"],
                ["Provided by", "Metropolitan Police Service"],
                ["Received by", "London Borough of Camden; Islington Council"],
                ["Direction", "One way: providing parties to receiving parties"],
                ["Frequency", "Daily"],
                [
                    "Transfer",
                    "Electronic: email (secure or encrypted): TLS-enforced secure email\nVerbal: in a meeting",
                ],
                ["Data", "Suspect / Name, address\nVictim / Name"],
            ]),
        ]);
        let (a, _, _) = r.finish();
        assert_eq!(a.data_flows.len(), 1, "{:?}", a.data_flows);
        let f = &a.data_flows[0];
        assert_eq!(f.id, "merlin-referral");
        assert_eq!(f.name, "Police Merlin referral to MASH");
        assert_eq!(f.providing, ["met-police"]);
        assert_eq!(f.receiving, ["camden", "islington"]);
        assert_eq!(f.direction, Some(FlowDirection::OneWay));
        assert_eq!(f.frequency, Some(Frequency::Daily));
        assert_eq!(f.transfers.len(), 2);
        assert_eq!(f.transfers[0].mode, TransferMode::Email);
        assert_eq!(
            f.transfers[0].controls.as_deref(),
            Some("TLS-enforced secure email")
        );
        assert_eq!(f.transfers[1].mode, TransferMode::Meeting);
        assert_eq!(f.transfers[1].controls, None);
        assert_eq!(f.data.len(), 2);
        assert_eq!(f.data[1].subject, "Victim");
    }
}
