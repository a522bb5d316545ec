//! The Pan-London DSA type an agreement's title (or purpose) names.
//!
//! One vocabulary for every reader: documents name their type in a title such as
//! "Pan-London Data Sharing Agreement: Anti-Social Behaviour (ASB) – Lewisham" or "Havering
//! Anti-Social Behaviour Information Sharing Protocol"; registers in a "Type" column. Long
//! forms and the project's abbreviations are both read, matched on word boundaries so that
//! "mas" is not found in "Christmas" nor "iom" in "biometric".

use dsa_model::DsaType;

use crate::norm;

/// How strongly a phrase names a type: long forms are the type's own name; bare
/// abbreviations and words also used in prose ("prevent", "licensing") are weaker.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Strength {
    Name,
    Abbreviation,
}

/// Phrases naming each type, most specific first: MAPPA before multi-agency
/// safeguarding, adult safeguarding before safeguarding.
const PHRASES: &[(&str, DsaType, Strength)] = {
    use DsaType::*;
    use Strength::*;
    &[
        ("multi-agency public protection", Mappa, Name),
        ("multi agency public protection", Mappa, Name),
        ("mappa", Mappa, Abbreviation),
        ("adult safeguarding", AdultSafeguarding, Name),
        ("safeguarding adults", AdultSafeguarding, Name),
        ("safeguarding of adults", AdultSafeguarding, Name),
        ("asg", AdultSafeguarding, Abbreviation),
        ("multi-agency safeguarding", MultiAgencySafeguarding, Name),
        ("multi agency safeguarding", MultiAgencySafeguarding, Name),
        ("safeguarding children", MultiAgencySafeguarding, Name),
        ("children's safeguarding", MultiAgencySafeguarding, Name),
        ("mash", MultiAgencySafeguarding, Abbreviation),
        ("mas", MultiAgencySafeguarding, Abbreviation),
        ("anti-social behaviour", AntiSocialBehaviour, Name),
        ("anti social behaviour", AntiSocialBehaviour, Name),
        ("antisocial behaviour", AntiSocialBehaviour, Name),
        ("asb", AntiSocialBehaviour, Abbreviation),
        (
            "integrated offender management",
            IntegratedOffenderManagement,
            Name,
        ),
        ("iom", IntegratedOffenderManagement, Abbreviation),
        ("domestic abuse marac", DomesticAbuseMarac, Name),
        (
            "multi-agency risk assessment conference",
            DomesticAbuseMarac,
            Name,
        ),
        ("marac", DomesticAbuseMarac, Abbreviation),
        ("gangs violence matrix", GangsViolenceMatrix, Name),
        ("gang violence matrix", GangsViolenceMatrix, Name),
        ("gangs matrix", GangsViolenceMatrix, Name),
        ("gvm", GangsViolenceMatrix, Abbreviation),
        ("youth offending", YouthOffending, Name),
        ("youth justice", YouthOffending, Name),
        ("yos", YouthOffending, Abbreviation),
        ("yot", YouthOffending, Abbreviation),
        ("environmental crime", EnvironmentalCrime, Name),
        ("enviro crime", EnvironmentalCrime, Name),
        ("supporting families", SupportingFamilies, Name),
        ("troubled families", SupportingFamilies, Name),
        ("residual crime", ResidualCrime, Name),
        ("serious violence duty", SeriousViolence, Name),
        ("london innovation and improvement alliance", Liia, Name),
        ("liia", Liia, Abbreviation),
        ("pabe", Pabe, Abbreviation),
        ("prevent", Prevent, Abbreviation),
        ("licensing", Licensing, Abbreviation),
    ]
};

/// Whether `needle` occurs in `hay` with no letter or digit either side.
fn has_word(hay: &str, needle: &str) -> bool {
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    hay.match_indices(needle).any(|(i, _)| {
        edge(hay[..i].chars().next_back()) && edge(hay[i + needle.len()..].chars().next())
    })
}

/// The type a title names, with a confidence: 1.0 for a type's own name, 0.9 for an
/// abbreviation or a word that prose also uses.
pub fn dsa_type_in_title(title: &str) -> Option<(DsaType, f64)> {
    let n = norm(title);
    PHRASES
        .iter()
        .find(|(p, _, _)| has_word(&n, p))
        .map(|(_, t, s)| (*t, if *s == Strength::Name { 1.0 } else { 0.9 }))
}

/// The type a purpose statement names: only a type's own name counts (prose "to prevent
/// crime" or "licensing functions" is not a type), at confidence 0.7.
pub fn dsa_type_in_purpose(text: &str) -> Option<(DsaType, f64)> {
    let n = norm(text);
    PHRASES
        .iter()
        .filter(|(_, _, s)| *s == Strength::Name)
        .find(|(p, _, _)| has_word(&n, p))
        .map(|(_, t, _)| (*t, 0.7))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DsaType::*;

    fn t(s: &str) -> Option<DsaType> {
        dsa_type_in_title(s).map(|x| x.0)
    }

    #[test]
    fn long_and_short_forms() {
        for (title, want) in [
            ("Multi-Agency Public Protection Arrangements (MAPPA) DSA – Hackney", Mappa),
            ("Pan-London Data Sharing Agreement: Multi-Agency Safeguarding (MAS) – Enfield", MultiAgencySafeguarding),
            ("Adult Safeguarding (ASG) DSA – Redbridge", AdultSafeguarding),
            ("Information Sharing Agreement for Adult Safeguarding between City of Westminster and partners", AdultSafeguarding),
            ("Havering Anti-Social Behaviour Information Sharing Protocol", AntiSocialBehaviour),
            ("Pan-London Data Sharing Agreement: Prevent (PRV) – Hackney", Prevent),
            ("Domestic Abuse MARAC DSA – Ealing", DomesticAbuseMarac),
            ("Gangs Violence Matrix (GVM) DSA – Westminster", GangsViolenceMatrix),
            ("Southwark Youth Offending Service Information Sharing Protocol", YouthOffending),
            ("Environmental Crime DSA – Enfield", EnvironmentalCrime),
            ("Camden Residual Crime Information Sharing Protocol", ResidualCrime),
            ("Waltham Forest Information Sharing Protocol: Supporting Families", SupportingFamilies),
            ("London Innovation and Improvement Alliance Data Sharing Agreement – Hackney", Liia),
            ("Kingston upon Thames Information Sharing Protocol: PABE", Pabe),
            ("Licensing DSA – Greenwich", Licensing),
            ("IOM DSA", IntegratedOffenderManagement),
        ] {
            assert_eq!(t(title), Some(want), "{title}");
        }
    }

    #[test]
    fn words_not_parts_of_words() {
        assert_eq!(t("Christmas market data sharing"), None);
        assert_eq!(t("Biometric data protocol"), None);
        assert_eq!(t("Pan-London Data Sharing Agreement"), None);
        assert_eq!(t("The Data Sharing Agreement"), None);
    }

    #[test]
    fn purpose_needs_a_type_name() {
        assert_eq!(dsa_type_in_purpose("to prevent crime and disorder"), None);
        assert_eq!(dsa_type_in_purpose("for its licensing functions"), None);
        assert_eq!(
            dsa_type_in_purpose("to respond to anti-social behaviour").map(|x| x.0),
            Some(AntiSocialBehaviour)
        );
    }
}
