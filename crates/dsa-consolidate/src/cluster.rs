//! Grouping agreements that are variants of one agreement.

use crate::borough::{group_title, variant_borough};
use crate::likeness::Features;
use crate::{commonest, Member};
use dsa_model::{CodeList, LondonAuthority};
use serde::Serialize;

/// A group of variants of one agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// A name for people: the commonest title with the borough removed.
    pub name: String,
    /// The agreement type the members share (code), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dsa_type: Option<String>,
    /// Member labels (files), in input order.
    pub members: Vec<String>,
    /// Indices of the members in the input.
    #[serde(skip)]
    pub indices: Vec<usize>,
    /// London authorities covered (a variant's borough, or every authority party of a
    /// multi-borough member), by GSS code order.
    pub covered: Vec<String>,
    /// Which of the 33 have no variant in this group.
    pub missing: Vec<String>,
    /// Members that name no single borough (already multi-borough, or none).
    pub not_per_borough: Vec<String>,
}

/// Groups the members that are variants of one agreement ([`Features::same_agreement`]:
/// the type, lawful basis, data and purpose they state, titles only where they name a
/// purpose). Deterministic: each member joins the first group whose first member it is
/// a variant of; groups in order of their first member.
pub fn cluster(members: &[Member]) -> Vec<Group> {
    struct Open {
        dsa_type: Option<String>,
        features: Features,
        indices: Vec<usize>,
    }
    let mut open: Vec<Open> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let features = Features::of(&m.agreement);
        match open
            .iter_mut()
            .find(|g| g.features.same_agreement(&features))
        {
            Some(g) => {
                g.indices.push(i);
                // A group's type is the first stated by a member.
                if g.dsa_type.is_none() {
                    g.dsa_type = m.agreement.dsa_type.map(|t| t.code().to_string());
                }
            }
            None => open.push(Open {
                dsa_type: m.agreement.dsa_type.map(|t| t.code().to_string()),
                features,
                indices: vec![i],
            }),
        }
    }
    open.into_iter()
        .map(|g| {
            let mut covered: Vec<LondonAuthority> = Vec::new();
            let mut not_per_borough = Vec::new();
            let mut names: Vec<String> = Vec::new();
            for &i in &g.indices {
                let a = &members[i].agreement;
                match variant_borough(a) {
                    Some((_, la)) => {
                        covered.push(la);
                        names.push(group_title(&a.title, Some(la)));
                    }
                    None => {
                        covered.extend(crate::borough::authorities(a).into_iter().map(|x| x.1));
                        not_per_borough.push(members[i].label.clone());
                        names.push(group_title(&a.title, None));
                    }
                }
            }
            covered.sort_by_key(|la| la.gss_code());
            covered.dedup();
            let missing = LondonAuthority::all()
                .iter()
                .filter(|la| !covered.contains(la))
                .map(|la| la.wording().to_string())
                .collect();
            Group {
                name: commonest(&names),
                dsa_type: g.dsa_type,
                members: g
                    .indices
                    .iter()
                    .map(|&i| members[i].label.clone())
                    .collect(),
                indices: g.indices,
                covered: covered.iter().map(|la| la.wording().to_string()).collect(),
                missing,
                not_per_borough,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents that state no title are never grouped: nothing says they are variants of
    /// one agreement.
    #[test]
    fn untitled_documents_stay_apart() {
        let m = |label: &str| Member {
            label: label.into(),
            agreement: dsa_model::Agreement::new(""),
        };
        let groups = cluster(&[m("a.docx"), m("b.docx")]);
        assert_eq!(groups.len(), 2);
    }
}
