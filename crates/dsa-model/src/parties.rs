//! Parties (template §1.2, Appendix A §5.1), the canonical list of London's 33 local
//! authorities, and how rows of the template name the parties they apply to.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::code_list;
use crate::codes::CodeList;

/// Which parties a condition, legislation row, right or retention row applies to
/// (the template's "Applicable party" / "Organisation" columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "scope", content = "parties", rename_all = "snake_case")]
pub enum Applicability {
    /// "All parties".
    AllParties,
    /// The named parties, by party id (each must be in `parties`).
    Named(Vec<String>),
    /// The document chose the row but did not say for which parties.
    Unspecified,
}

impl Applicability {
    /// Party ids named explicitly (empty for all/unspecified).
    pub fn named(&self) -> &[String] {
        match self {
            Applicability::Named(ids) => ids,
            _ => &[],
        }
    }
}

code_list! {
    /// Kind of organisation a party is (Appendix A "Organisation name or type").
    pub enum PartyKind ("5.1") {
        LondonBorough => "london_borough", "London Borough";
        CityOfLondon => "city_of_london", "City of London Corporation";
        Police => "police", "Police";
        Probation => "probation", "Probation Service";
        NhsTrust => "nhs_trust", "NHS trust";
        IntegratedCareBoard => "integrated_care_board", "Integrated care board";
        FireRescue => "fire_rescue", "Fire & Rescue service";
        Ambulance => "ambulance", "Ambulance service";
        YouthJustice => "youth_justice", "Youth Offending Team / youth justice service";
        Education => "education", "Education provider or authority";
        Prison => "prison", "Prison or youth custody authority";
        CentralGovernment => "central_government", "Central government department or agency";
        Voluntary => "voluntary_sector", "Voluntary or community sector organisation";
        HousingProvider => "housing_provider", "Registered housing provider";
        Other => "other", "Other organisation";
    }
}

/// A signatory for a party (ISG sign-off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Name of the person signing.
    pub name: String,
    /// Their role, e.g. "Data Protection Officer" or "SIRO".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Date signed, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_on: Option<chrono::NaiveDate>,
}

/// A party to the agreement (Appendix A, §5.1), as the gateway holds an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Identifier used by other fields to refer to this party (stable slug, e.g.
    /// "camden" or "met-police"); London authorities use their canonical code.
    pub id: String,
    /// Organisation name as written in the agreement.
    pub name: String,
    /// Kind of organisation.
    pub kind: PartyKind,
    /// The canonical London local authority, when the party is one (§5.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub london_authority: Option<LondonAuthority>,
    /// Duties of the party relevant to this sharing (Appendix A "Duties").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<String>,
    /// Whether the party is a Part 3 competent authority for this DSA (Appendix A).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competent_authority: Option<bool>,
    /// ICO data protection register number (e.g. of the form "ZA123456").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ico_registration: Option<String>,
    /// NHS Organisation Data Service code, where the party has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ods_code: Option<String>,
    /// Who signs (or signed) for the party.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<Signatory>,
}

impl Party {
    /// A party with just its id, name and kind; the rest empty.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: PartyKind) -> Party {
        Party {
            id: id.into(),
            name: name.into(),
            kind,
            london_authority: None,
            duties: Vec::new(),
            competent_authority: None,
            ico_registration: None,
            ods_code: None,
            signatories: Vec::new(),
        }
    }
}

/// A local partner working with a party under this DSA (§1.2.1): not a party, but
/// its agreement must be sought and documented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalPartner {
    /// Name of the local partner (e.g. a local charity or NHS trust).
    pub name: String,
    /// Party id of the party the partner works with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// How the partner's agreement was documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_documented: Option<String>,
}

macro_rules! london {
    ($($variant:ident => $code:literal, $gss:literal, $name:literal, $short:literal, [$($alias:literal),*];)+) => {
        code_list! {
            /// The 33 London local authorities (32 boroughs and the City of London),
            /// identified by ONS GSS code; the URI is the ONS statistical geography.
            pub enum LondonAuthority ("5.1") {
                $($variant => $code, $name, cite concat!("ONS GSS ", $gss),
                    uri concat!("http://statistics.data.gov.uk/id/statistical-geography/", $gss);)+
            }
        }
        impl LondonAuthority {
            /// ONS GSS code, E09000001 (City of London) to E09000033 (Westminster).
            pub fn gss_code(self) -> &'static str {
                match self { $(LondonAuthority::$variant => $gss),+ }
            }
            /// The place name without "London Borough of" etc.
            pub fn short_name(self) -> &'static str {
                match self { $(LondonAuthority::$variant => $short),+ }
            }
            /// Common names people write besides the generated ones.
            fn extra_aliases(self) -> &'static [&'static str] {
                match self { $(LondonAuthority::$variant => &[$($alias),*]),+ }
            }
        }
    };
}

london! {
    CityOfLondon => "city_of_london", "E09000001", "City of London Corporation", "City of London", ["Corporation of London", "City of London", "CoL", "Common Council of the City of London"];
    BarkingAndDagenham => "barking_and_dagenham", "E09000002", "London Borough of Barking and Dagenham", "Barking and Dagenham", ["LBBD", "Barking", "Barking & Dagenham"];
    Barnet => "barnet", "E09000003", "London Borough of Barnet", "Barnet", ["LBB Barnet"];
    Bexley => "bexley", "E09000004", "London Borough of Bexley", "Bexley", [];
    Brent => "brent", "E09000005", "London Borough of Brent", "Brent", [];
    Bromley => "bromley", "E09000006", "London Borough of Bromley", "Bromley", [];
    Camden => "camden", "E09000007", "London Borough of Camden", "Camden", [];
    Croydon => "croydon", "E09000008", "London Borough of Croydon", "Croydon", [];
    Ealing => "ealing", "E09000009", "London Borough of Ealing", "Ealing", [];
    Enfield => "enfield", "E09000010", "London Borough of Enfield", "Enfield", [];
    Greenwich => "greenwich", "E09000011", "Royal Borough of Greenwich", "Greenwich", ["RBG", "Royal Greenwich"];
    Hackney => "hackney", "E09000012", "London Borough of Hackney", "Hackney", [];
    HammersmithAndFulham => "hammersmith_and_fulham", "E09000013", "London Borough of Hammersmith and Fulham", "Hammersmith and Fulham", ["LBHF", "H&F", "Hammersmith & Fulham", "Hammersmith"];
    Haringey => "haringey", "E09000014", "London Borough of Haringey", "Haringey", [];
    Harrow => "harrow", "E09000015", "London Borough of Harrow", "Harrow", [];
    Havering => "havering", "E09000016", "London Borough of Havering", "Havering", [];
    Hillingdon => "hillingdon", "E09000017", "London Borough of Hillingdon", "Hillingdon", [];
    Hounslow => "hounslow", "E09000018", "London Borough of Hounslow", "Hounslow", [];
    Islington => "islington", "E09000019", "London Borough of Islington", "Islington", [];
    KensingtonAndChelsea => "kensington_and_chelsea", "E09000020", "Royal Borough of Kensington and Chelsea", "Kensington and Chelsea", ["RBKC", "Kensington & Chelsea", "Kensington"];
    KingstonUponThames => "kingston_upon_thames", "E09000021", "Royal Borough of Kingston upon Thames", "Kingston upon Thames", ["RBK", "Kingston"];
    Lambeth => "lambeth", "E09000022", "London Borough of Lambeth", "Lambeth", [];
    Lewisham => "lewisham", "E09000023", "London Borough of Lewisham", "Lewisham", [];
    Merton => "merton", "E09000024", "London Borough of Merton", "Merton", [];
    Newham => "newham", "E09000025", "London Borough of Newham", "Newham", [];
    Redbridge => "redbridge", "E09000026", "London Borough of Redbridge", "Redbridge", [];
    RichmondUponThames => "richmond_upon_thames", "E09000027", "London Borough of Richmond upon Thames", "Richmond upon Thames", ["LBRuT", "Richmond"];
    Southwark => "southwark", "E09000028", "London Borough of Southwark", "Southwark", [];
    Sutton => "sutton", "E09000029", "London Borough of Sutton", "Sutton", [];
    TowerHamlets => "tower_hamlets", "E09000030", "London Borough of Tower Hamlets", "Tower Hamlets", ["LBTH"];
    WalthamForest => "waltham_forest", "E09000031", "London Borough of Waltham Forest", "Waltham Forest", ["LBWF"];
    Wandsworth => "wandsworth", "E09000032", "London Borough of Wandsworth", "Wandsworth", [];
    Westminster => "westminster", "E09000033", "Westminster City Council", "Westminster", ["City of Westminster", "WCC"];
}

/// Lower-cases, turns "&" into "and", drops punctuation and collapses spaces.
fn normalise(s: &str) -> String {
    let s = s.replace('&', " and ");
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// Strips the words that name the kind of council rather than the place.
fn strip_council_words(n: &str) -> String {
    const DROP: &[&str] = &[
        "the",
        "london",
        "borough",
        "royal",
        "of",
        "council",
        "lb",
        "rb",
        "corporation",
    ];
    let words: Vec<&str> = n.split(' ').collect();
    // "City of London" keeps its words: without them nothing is left.
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !DROP.contains(w))
        .collect();
    kept.join(" ")
}

/// Normalised aliases, and normalised place names without council words, computed once:
/// resolution runs for every name in every imported document.
#[allow(clippy::type_complexity)]
static ALIASES: std::sync::LazyLock<(
    Vec<(String, LondonAuthority)>,
    Vec<(String, LondonAuthority)>,
)> = std::sync::LazyLock::new(|| {
    let mut exact = Vec::new();
    let mut stripped = Vec::new();
    for la in LondonAuthority::all() {
        for a in la.aliases() {
            exact.push((normalise(&a), *la));
        }
        stripped.push((strip_council_words(&normalise(la.short_name())), *la));
    }
    (exact, stripped)
});

impl LondonAuthority {
    /// Every name this authority is known by (canonical, short, common aliases).
    pub fn aliases(self) -> Vec<String> {
        let short = self.short_name();
        let mut v = vec![
            self.wording().to_string(),
            short.to_string(),
            format!("{short} Council"),
            format!("LB {short}"),
            format!("London Borough of {short}"),
            format!("{short} London Borough Council"),
        ];
        v.extend(self.extra_aliases().iter().map(|s| s.to_string()));
        v
    }

    /// Resolves a name as written in a document ("LB Camden", "Camden Council",
    /// "RBKC", "Royal Borough of Kensington & Chelsea") to the canonical authority.
    /// Exact after normalisation; returns `None` rather than guessing.
    pub fn resolve(name: &str) -> Option<LondonAuthority> {
        let n = normalise(name);
        if n.is_empty() {
            return None;
        }
        // Exact alias first, so "City of London" and "City of Westminster" stay apart.
        if let Some((_, la)) = ALIASES.0.iter().find(|(a, _)| *a == n) {
            return Some(*la);
        }
        let stripped = strip_council_words(&n);
        if stripped.is_empty() {
            return None;
        }
        ALIASES
            .1
            .iter()
            .find(|(s, _)| *s == stripped)
            .map(|(_, la)| *la)
    }

    /// Looks an authority up by its GSS code.
    pub fn from_gss(gss: &str) -> Option<LondonAuthority> {
        Self::all()
            .iter()
            .copied()
            .find(|la| la.gss_code().eq_ignore_ascii_case(gss.trim()))
    }

    /// Party kind for this authority.
    pub fn party_kind(self) -> PartyKind {
        if self == LondonAuthority::CityOfLondon {
            PartyKind::CityOfLondon
        } else {
            PartyKind::LondonBorough
        }
    }
}

impl Applicability {
    /// Keeps only the named parties `keep` accepts; a list left empty is unspecified.
    pub fn retain_parties(&mut self, keep: &impl Fn(&str) -> bool) {
        if let Applicability::Named(ids) = self {
            ids.retain(|id| keep(id));
            if ids.is_empty() {
                *self = Applicability::Unspecified;
            }
        }
    }
}

impl crate::Agreement {
    /// Removes the parties `keep` refuses, and every reference to them: applicability
    /// lists (left unspecified when emptied), competent authorities, purposes, benefits,
    /// local partners, the pseudonymisation key holder and data flows. Importers use it
    /// when a name they took for a party turns out to be none (a type of organisation in
    /// an "Applicable party" column). The places are those validation's
    /// `party_references` checks (DSA unknown-party); a test keeps them alike.
    pub fn remove_parties(&mut self, keep: impl Fn(&str) -> bool) {
        self.parties.retain(|p| keep(&p.id));
        let k = &keep;
        let lb = &mut self.lawful_basis;
        fn chosen<C>(list: &mut [crate::Chosen<C>], k: &impl Fn(&str) -> bool) {
            for c in list {
                c.applies_to.retain_parties(k);
            }
        }
        chosen(&mut lb.article6, k);
        chosen(&mut lb.article9, k);
        chosen(&mut lb.schedule1_part1, k);
        chosen(&mut lb.schedule1_part2, k);
        chosen(&mut lb.schedule1_part3, k);
        if let Some(le) = &mut self.law_enforcement {
            chosen(&mut le.schedule8, k);
            le.competent_authorities.retain(|c| k(&c.party));
        }
        for l in &mut self.legislation {
            l.applies_to.retain_parties(k);
        }
        for r in &mut self.data_subject_rights {
            r.applies_to.retain_parties(k);
        }
        for r in &mut self.retention {
            r.organisation.retain_parties(k);
        }
        for r in &mut self.end_of_sharing {
            r.organisation.retain_parties(k);
        }
        if let Some(o) = &mut self.outside_uk_processing {
            for r in &mut o.rows {
                r.applies_to.retain_parties(k);
            }
        }
        let drop = |id: &mut Option<String>| {
            if id.as_deref().is_some_and(|i| !k(i)) {
                *id = None;
            }
        };
        for p in &mut self.purposes {
            drop(&mut p.party);
        }
        for b in &mut self.benefits.parties {
            drop(&mut b.party);
        }
        for lp in &mut self.local_partners {
            drop(&mut lp.party);
        }
        drop(&mut self.data_categories.pseudonymisation_key_holder);
        for f in &mut self.data_flows {
            f.providing.retain(|i| k(i));
            f.receiving.retain(|i| k(i));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_three_authorities_with_sequential_gss_codes() {
        let all = LondonAuthority::all();
        assert_eq!(all.len(), 33);
        for (i, la) in all.iter().enumerate() {
            assert_eq!(la.gss_code(), format!("E090000{:02}", i + 1));
        }
        assert_eq!(LondonAuthority::CityOfLondon.gss_code(), "E09000001");
        assert_eq!(LondonAuthority::Westminster.gss_code(), "E09000033");
    }

    #[test]
    fn aliases_resolve() {
        use LondonAuthority::*;
        for (name, want) in [
            ("LB Camden", Camden),
            ("Camden Council", Camden),
            ("London Borough of Camden", Camden),
            ("RBKC", KensingtonAndChelsea),
            (
                "Royal Borough of Kensington & Chelsea",
                KensingtonAndChelsea,
            ),
            ("Hammersmith & Fulham Council", HammersmithAndFulham),
            ("LBHF", HammersmithAndFulham),
            ("City of London", CityOfLondon),
            ("City of Westminster", Westminster),
            ("Westminster City Council", Westminster),
            ("the London Borough of Tower Hamlets", TowerHamlets),
            ("Barking & Dagenham", BarkingAndDagenham),
        ] {
            assert_eq!(LondonAuthority::resolve(name), Some(want), "{name}");
        }
        assert_eq!(LondonAuthority::resolve("Metropolitan Police"), None);
        assert_eq!(LondonAuthority::resolve("London"), None);
        assert_eq!(LondonAuthority::resolve("Surrey County Council"), None);
    }

    #[test]
    fn removing_a_party_removes_every_reference_to_it() {
        let mut a = crate::Agreement::new("t");
        a.parties.push(Party::new(
            "met-police",
            "Metropolitan Police Service",
            PartyKind::Police,
        ));
        a.parties.push(Party::new(
            "local-authorities",
            "Local authorities",
            PartyKind::Other,
        ));
        a.lawful_basis.article6.push(crate::Chosen {
            condition: crate::Article6Condition::PublicTask,
            applies_to: Applicability::Named(vec!["local-authorities".into()]),
            note: None,
        });
        a.retention.push(crate::RetentionRow {
            data: "Case files".into(),
            organisation: Applicability::Named(vec![
                "met-police".into(),
                "local-authorities".into(),
            ]),
            period: "6 years".into(),
            period_months: Some(72),
            disposal: None,
            disposal_process: None,
        });
        a.remove_parties(|id| id != "local-authorities");
        assert_eq!(a.parties.len(), 1);
        assert_eq!(
            a.lawful_basis.article6[0].applies_to,
            Applicability::Unspecified
        );
        assert_eq!(
            a.retention[0].organisation,
            Applicability::Named(vec!["met-police".into()])
        );
        let findings = crate::validation::validate(&a);
        assert!(
            !findings
                .iter()
                .any(|f| f.message.contains("is not a party")),
            "{findings:?}"
        );
    }
}
