//! The agreement as JSON-LD, using the W3C Data Privacy Vocabulary (DPV) for what it has
//! terms for: the agreement (`dpv:DataSharingAgreement`), legal bases, personal data and
//! special categories, data subjects, purposes, entities and storage duration.
//!
//! Each code-list value is typed with its DPV concept where DPV has one, and identified
//! by its legislation.gov.uk URI (`dct:source`) where it is statutory: DPV has no terms for
//! DPA 2018 Schedules 1 and 8, so for those the legislation URI is the only stable
//! identifier. The context is inline (no network needed to read the document).

use dsa_model::{Agreement, Applicability, CodeList};
use dsa_text::slug;
use serde_json::{json, Map, Value};

/// Base IRI of agreements and their parts.
pub const AGREEMENT_BASE: &str = "urn:pan-london-dsa:agreement:";

/// Vocabulary IRI for the few properties DPV has no term for.
pub const VOCAB: &str = "urn:pan-london-dsa:vocab#";

fn context() -> Value {
    json!({
        "dpv": "https://w3id.org/dpv#",
        "dct": "http://purl.org/dc/terms/",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "dsa": VOCAB,
        "title": "dct:title",
        "identifier": "dct:identifier",
        "description": "dct:description",
        "label": "rdfs:label",
        "source": {"@id": "dct:source", "@type": "@id"},
        "sameAs": {"@id": "owl:sameAs", "@type": "@id"},
        "citation": "dsa:citation",
        "appliesTo": {"@id": "dsa:appliesTo", "@type": "@id", "@container": "@set"},
        "appliesToAllParties": {"@id": "dsa:appliesToAllParties", "@type": "xsd:boolean"},
        "hasEntity": {"@id": "dpv:hasEntity", "@container": "@set"},
        "hasLegalBasis": {"@id": "dpv:hasLegalBasis", "@container": "@set"},
        "hasPersonalData": {"@id": "dpv:hasPersonalData", "@container": "@set"},
        "hasDataSubject": {"@id": "dpv:hasDataSubject", "@container": "@set"},
        "hasPurpose": {"@id": "dpv:hasPurpose", "@container": "@set"},
        "hasStorageCondition": {"@id": "dpv:hasStorageCondition", "@container": "@set"},
        "reviewDate": {"@id": "dsa:reviewDate", "@type": "xsd:date"},
        "publishDate": {"@id": "dct:issued", "@type": "xsd:date"},
        "durationMonths": {"@id": "dsa:durationMonths", "@type": "xsd:integer"},
        "isgReference": "dsa:isgReference",
        "icoRegistration": "dsa:icoRegistration",
        "odsCode": "dsa:odsCode"
    })
}

/// A code-list value as a node: typed with its DPV concept, identified by its legislation
/// URI (`source`), labelled with the template's wording.
fn coded<C: CodeList>(base: &str, kind: &str, c: C) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("@id".into(), json!(format!("{base}#{kind}-{}", c.code())));
    if let Some(iri) = c.dpv_iri() {
        m.insert("@type".into(), json!(iri));
    }
    m.insert("label".into(), json!(c.wording()));
    if let Some(cite) = c.citation() {
        m.insert("citation".into(), json!(cite));
    }
    if let Some(uri) = c.legislation_uri() {
        m.insert("source".into(), json!(uri));
    }
    m
}

fn applies(base: &str, a: &Applicability, m: &mut Map<String, Value>) {
    match a {
        Applicability::AllParties => {
            m.insert("appliesToAllParties".into(), json!(true));
        }
        Applicability::Named(ids) => {
            m.insert(
                "appliesTo".into(),
                json!(ids
                    .iter()
                    .map(|i| format!("{base}#party-{}", slug(i)))
                    .collect::<Vec<_>>()),
            );
        }
        Applicability::Unspecified => {}
    }
}

/// The agreement's IRI: from its id, else its reference, else its title.
pub fn agreement_iri(a: &Agreement) -> String {
    let key =
        a.id.as_deref()
            .or(a.reference.as_deref())
            .unwrap_or(a.title.as_str());
    format!("{AGREEMENT_BASE}{}", slug(key))
}

/// The agreement as a JSON-LD document.
pub fn to_jsonld(a: &Agreement) -> Value {
    let base = agreement_iri(a);
    let mut doc = Map::new();
    doc.insert("@context".into(), context());
    doc.insert("@id".into(), json!(base));
    doc.insert("@type".into(), json!("dpv:DataSharingAgreement"));
    doc.insert("title".into(), json!(a.title));
    if let Some(r) = &a.reference {
        doc.insert("identifier".into(), json!(r));
    }
    if let Some(r) = &a.isg_reference {
        doc.insert("isgReference".into(), json!(r));
    }
    if let Some(d) = a.review.publish_date {
        doc.insert("publishDate".into(), json!(d.to_string()));
    }
    if let Some(d) = a.review.review_date {
        doc.insert("reviewDate".into(), json!(d.to_string()));
    }

    let entities: Vec<Value> = a
        .parties
        .iter()
        .map(|p| {
            let mut m = Map::new();
            m.insert("@id".into(), json!(format!("{base}#party-{}", slug(&p.id))));
            m.insert(
                "@type".into(),
                json!(["dpv:LegalEntity", "dpv:DataController"]),
            );
            m.insert("label".into(), json!(p.name));
            if let Some(la) = p.london_authority {
                if let Some(uri) = la.legislation_uri() {
                    m.insert("sameAs".into(), json!(uri));
                }
            }
            if let Some(ico) = &p.ico_registration {
                m.insert("icoRegistration".into(), json!(ico));
            }
            if let Some(ods) = &p.ods_code {
                m.insert("odsCode".into(), json!(ods));
            }
            Value::Object(m)
        })
        .collect();
    doc.insert("hasEntity".into(), json!(entities));

    let lb = &a.lawful_basis;
    let mut bases: Vec<Value> = Vec::new();
    macro_rules! conditions {
        ($list:expr, $kind:literal) => {
            for c in &$list {
                let mut m = coded(&base, $kind, c.condition);
                applies(&base, &c.applies_to, &mut m);
                if let Some(n) = &c.note {
                    m.insert("description".into(), json!(n));
                }
                bases.push(Value::Object(m));
            }
        };
    }
    conditions!(lb.article6, "art6");
    conditions!(lb.article9, "art9");
    conditions!(lb.schedule1_part1, "sch1p1");
    conditions!(lb.schedule1_part2, "sch1p2");
    conditions!(lb.schedule1_part3, "sch1p3");
    if let Some(le) = &a.law_enforcement {
        conditions!(le.schedule8, "sch8");
    }
    doc.insert("hasLegalBasis".into(), json!(bases));

    let mut data: Vec<Value> = Vec::new();
    for d in &a.personal_data {
        let mut m = coded(&base, "pd", d.item);
        if let Some(t) = &d.description {
            m.insert("description".into(), json!(t));
        }
        data.push(Value::Object(m));
    }
    for d in &a.special_category_data {
        let mut m = coded(&base, "scd", d.item);
        if !m.contains_key("@type") {
            m.insert("@type".into(), json!("dpv:SpecialCategoryPersonalData"));
        }
        if let Some(t) = &d.description {
            m.insert("description".into(), json!(t));
        }
        data.push(Value::Object(m));
    }
    doc.insert("hasPersonalData".into(), json!(data));

    let mut subjects: Vec<Value> = a
        .data_subjects
        .types
        .iter()
        .map(|t| Value::Object(coded(&base, "subject", *t)))
        .collect();
    for (i, t) in a.data_subjects.other_types.iter().enumerate() {
        subjects.push(json!({"@id": format!("{base}#subject-other-{}", i + 1), "@type": "dpv:DataSubject", "label": t}));
    }
    doc.insert("hasDataSubject".into(), json!(subjects));

    let purposes: Vec<Value> = a
        .purposes
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut m = Map::new();
            m.insert("@id".into(), json!(format!("{base}#purpose-{}", i + 1)));
            m.insert("@type".into(), json!("dpv:Purpose"));
            m.insert("description".into(), json!(p.description));
            if let Some(party) = &p.party {
                m.insert(
                    "appliesTo".into(),
                    json!([format!("{base}#party-{}", slug(party))]),
                );
            }
            Value::Object(m)
        })
        .collect();
    doc.insert("hasPurpose".into(), json!(purposes));

    let storage: Vec<Value> = a
        .retention
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut m = Map::new();
            m.insert("@id".into(), json!(format!("{base}#retention-{}", i + 1)));
            m.insert("@type".into(), json!("dpv:StorageDuration"));
            m.insert("label".into(), json!(r.period));
            m.insert("description".into(), json!(r.data));
            if let Some(months) = r.period_months {
                m.insert("durationMonths".into(), json!(months));
            }
            applies(&base, &r.organisation, &mut m);
            Value::Object(m)
        })
        .collect();
    doc.insert("hasStorageCondition".into(), json!(storage));
    Value::Object(doc)
}
