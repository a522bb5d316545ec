//! Every sample's JSON-LD is parsed by an independent JSON-LD processor (pyld, installed by
//! .ci/run) into RDF, and the statements integrators rely on are there.

use std::path::Path;
use std::process::Command;

const PYLD: &str = r#"
import json, sys
from pyld import jsonld
doc = json.load(open(sys.argv[1]))
print(jsonld.to_rdf(doc, {"format": "application/n-quads"}))
"#;

fn nquads(doc: &serde_json::Value) -> String {
    // Removed when dropped, a failing test included.
    let dir_guard = tempfile::Builder::new()
        .prefix("dsa-jsonld-")
        .tempdir()
        .unwrap();
    let dir = dir_guard.path().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("doc.jsonld");
    std::fs::write(&file, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    let out = Command::new("python3")
        .args(["-c", PYLD])
        .arg(&file)
        .output()
        .expect("python3 runs (.ci/run installs pyld)");
    assert!(
        out.status.success(),
        "pyld failed (install it with `pip install pyld`): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn samples_parse_as_json_ld_with_dpv_terms() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/agreements");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let a = dsa_model::json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let doc = dsa_jsonld::to_jsonld(&a);
        let rdf = nquads(&doc);
        let me = format!("<{}>", dsa_jsonld::agreement_iri(&a));
        let has = |s: &str| rdf.lines().any(|l| l.contains(s));
        assert!(
            has(&format!("{me} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/dpv#DataSharingAgreement>")),
            "{}: {rdf}",
            p.display()
        );
        // One legal-basis statement per chosen condition, each typed with its DPV concept
        // when it has one, and sourced to legislation.gov.uk.
        let lb = &a.lawful_basis;
        let chosen = lb.article6.len()
            + lb.article9.len()
            + lb.schedule1_part1.len()
            + lb.schedule1_part2.len()
            + lb.schedule1_part3.len()
            + a.law_enforcement.as_ref().map_or(0, |l| l.schedule8.len());
        let bases = rdf
            .lines()
            .filter(|l| l.starts_with(&me) && l.contains("<https://w3id.org/dpv#hasLegalBasis>"))
            .count();
        assert_eq!(bases, chosen, "{}", p.display());
        for c in &lb.article6 {
            use dsa_model::CodeList;
            let iri = c.condition.dpv_iri().unwrap();
            assert!(has(&format!("<{iri}>")), "{}: {iri}", p.display());
        }
        assert!(has(
            "<http://purl.org/dc/terms/source> <http://www.legislation.gov.uk/id/"
        ));
        let data = rdf
            .lines()
            .filter(|l| l.starts_with(&me) && l.contains("<https://w3id.org/dpv#hasPersonalData>"))
            .count();
        assert_eq!(
            data,
            a.personal_data.len() + a.special_category_data.len(),
            "{}",
            p.display()
        );
        let entities = rdf
            .lines()
            .filter(|l| l.starts_with(&me) && l.contains("<https://w3id.org/dpv#hasEntity>"))
            .count();
        assert_eq!(entities, a.parties.len());
        n += 1;
    }
    assert!(n >= 4);
}
