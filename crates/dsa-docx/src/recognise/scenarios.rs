//! Appendix D: MPS sharing scenarios and the data flows they describe.

use super::*;

impl Recogniser {
    /// Appendix D laid out as a table: one scenario per row, columns found by their
    /// headings ("Scenario", "Data subject/Data", "Means of sharing", "Relevant
    /// recipients", "Notes").
    pub(super) fn scenarios_table(&mut self, t: &Table, loc: &str) {
        self.finish_scenario();
        self.header_prov(t, loc, "/mps_scenarios");
        let heads: Vec<String> = t.rows[0].cells.iter().map(|c| norm(&c.text())).collect();
        let col = |pred: &dyn Fn(&str) -> bool| heads.iter().position(|h| pred(h));
        let title_col = col(&|h| h.starts_with("scenario")).unwrap_or(0);
        let data_col = col(&|h| h.contains("data subject") || h == "data");
        let means_col = col(&|h| h.contains("means") || h.contains("method"));
        let recip_col = col(&|h| h.contains("recipient"));
        let notes_col = col(&|h| h.starts_with("note"));
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.cells.get(c))
                    .map(|c| strip_placeholders(&c.unstruck_text()))
                    .filter(|s| !s.is_empty())
            };
            let row_loc = format!("{loc}/tr[{r}]");
            let Some(title) = cell(Some(title_col)) else {
                let full = row_text(row);
                if !full.trim().is_empty() {
                    self.prov("/mps_scenarios", &row_loc, full.trim(), None);
                }
                continue;
            };
            let title = title
                .split_once(['–', '—', ':', '-'])
                .filter(|(head, _)| norm(head).starts_with("scenario"))
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or(title);
            let data = cell(data_col)
                .map(|v| {
                    let (subject, data) = v
                        .split_once('/')
                        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                        .unwrap_or((v.clone(), String::new()));
                    vec![SubjectData { subject, data }]
                })
                .unwrap_or_default();
            self.scenario = Some((
                MpsScenario {
                    title,
                    data,
                    means_of_sharing: cell(means_col),
                    recipients: cell(recip_col),
                    notes: cell(notes_col),
                    flow: None,
                },
                row_loc.clone(),
            ));
            self.prov("/mps_scenarios", &row_loc, row_text(row).trim(), None);
            self.finish_scenario();
        }
    }

    pub(super) fn scenario_line(&mut self, text: &str, loc: &str) -> bool {
        let t = text.trim();
        let n = norm(t);
        let value = |t: &str| -> String {
            t.split_once(['–', '—', ':', '-'])
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        if n.starts_with("scenario") {
            self.finish_scenario();
            let title = value(t);
            let title = if title.is_empty() {
                t.to_string()
            } else {
                title
            };
            self.scenario = Some((
                MpsScenario {
                    title,
                    data: Vec::new(),
                    means_of_sharing: None,
                    recipients: None,
                    notes: None,
                    flow: None,
                },
                loc.to_string(),
            ));
            self.prov("/mps_scenarios", loc, text, None);
            return true;
        }
        let Some((sc, _)) = self.scenario.as_mut() else {
            return false;
        };
        if n.starts_with("data subject") {
            let v = value(t);
            let (subject, data) = v
                .split_once('/')
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                .unwrap_or((v.clone(), String::new()));
            sc.data.push(SubjectData { subject, data });
        } else if n.starts_with("means of sharing") {
            sc.means_of_sharing = Some(value(t));
        } else if n.starts_with("relevant recipient") || n.starts_with("recipient") {
            sc.recipients = Some(value(t));
        } else if n.starts_with("notes") {
            let v = value(t);
            let v = v.trim_matches(['.', '…', ' ']).to_string();
            if !v.is_empty() {
                sc.notes = Some(v);
            }
        } else {
            return false;
        }
        self.prov("/mps_scenarios", loc, text, None);
        true
    }

    /// Closes the open scenario: records it and the data flow it describes.
    pub(super) fn finish_scenario(&mut self) {
        let Some((mut sc, loc)) = self.scenario.take() else {
            return;
        };
        let i = self.a.mps_scenarios.len();
        let flow_id = format!("scenario-{}", i + 1);
        let means = sc.means_of_sharing.clone().unwrap_or_default();
        let m = norm(&means);
        let mut transfers = Vec::new();
        let mut add = |mode: TransferMode| {
            if !transfers.iter().any(|t: &Transfer| t.mode == mode) {
                transfers.push(Transfer {
                    mode,
                    controls: None,
                });
            }
        };
        if m.contains("box")
            || m.contains("sharepoint")
            || m.contains("egress")
            || m.contains("secure file")
        {
            add(TransferMode::SecureFileTransfer);
        }
        if m.contains("email") || m.contains("e-mail") {
            add(TransferMode::Email);
        }
        if m.contains("meeting") {
            add(TransferMode::Meeting);
        }
        if m.contains("phone") || m.contains("telephone") || m.contains("verbal") {
            add(TransferMode::Voice);
        }
        if m.contains("post") || m.contains("letter") {
            add(TransferMode::PaperPost);
        }
        let providing: Vec<String> = self
            .a
            .party("met-police")
            .map(|p| vec![p.id.clone()])
            .unwrap_or_default();
        let mut receiving = Vec::new();
        if let Some(r) = &sc.recipients {
            let rn = norm(r);
            if rn.contains("local authority") || rn.contains("council") {
                receiving.extend(
                    self.a
                        .parties
                        .iter()
                        .filter(|p| p.london_authority.is_some())
                        .map(|p| p.id.clone()),
                );
            }
            for name in split_names(r) {
                if let Some(org) = recognise_org(&name) {
                    if self.a.party(&org.id).is_some() && !receiving.contains(&org.id) {
                        receiving.push(org.id);
                    }
                }
            }
        }
        sc.flow = Some(flow_id.clone());
        self.a.data_flows.push(DataFlow {
            id: flow_id,
            name: sc.title.clone(),
            providing,
            receiving,
            recipients_note: sc.recipients.clone(),
            direction: Some(FlowDirection::OneWay),
            frequency: None,
            frequency_detail: None,
            volume: None,
            transfers,
            means_of_sharing: sc.means_of_sharing.clone(),
            platform: m.contains("box").then(|| "Box".to_string()),
            data: sc.data.clone(),
            storage_after_transfer: None,
            security_after_transfer: None,
            access_after_transfer: None,
            notes: sc.notes.clone(),
        });
        let title = sc.title.clone();
        self.a.mps_scenarios.push(sc);
        self.seen.entry(Section::AppendixScenarios).or_default().1 += 1;
        self.prov(format!("/mps_scenarios/{i}"), &loc, &title, None);
    }

    // ----- tables ------------------------------------------------------------------
}
