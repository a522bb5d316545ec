//! The `dsa` binary: exit codes, stdin/stdout, errors that name the file.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dsa(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dsa"));
    cmd.args(args).current_dir(repo());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run dsa");
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    }
    child.wait_with_output().unwrap()
}

const MAS: &str = "samples/agreements/multi-agency-safeguarding.json";

#[test]
fn validate_clean_samples_exits_zero() {
    let out = dsa(&["validate", MAS, "samples/agreements/mappa.xml"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("multi-agency-safeguarding.json: ok"), "{s}");
}

#[test]
fn validate_broken_sample_exits_one_and_names_rule_and_field() {
    let out = dsa(
        &["validate", "tests/fixtures/broken-special-category.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("DSA002"), "{s}");
    assert!(s.contains("/lawful_basis/article9"), "{s}");

    let out = dsa(
        &[
            "validate",
            "--format",
            "json",
            "tests/fixtures/broken-special-category.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["ok"], false);
    assert_eq!(v[0]["findings"][0]["code"], "DSA002");
}

#[test]
fn unreadable_input_exits_three_naming_the_file() {
    let out = dsa(&["validate", "no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no/such/file.json"));

    let out = dsa(
        &["convert", "-", "-t", "xml"],
        Some(b"{\"format_version\":\"1.0\",\"titel\":\"x\"}"),
    );
    assert_eq!(out.status.code(), Some(3));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("<stdin>") && e.contains("E-JSON-001") && e.contains("titel"),
        "{e}"
    );
}

#[test]
fn convert_json_to_xml_and_back_through_pipes() {
    let json = std::fs::read(repo().join(MAS)).unwrap();
    let xml = dsa(&["convert", "-", "-f", "json", "-t", "xml"], Some(&json));
    assert_eq!(xml.status.code(), Some(0));
    assert_eq!(
        xml.stdout,
        std::fs::read(repo().join("samples/agreements/multi-agency-safeguarding.xml")).unwrap()
    );
    let back = dsa(&["convert", "-", "-t", "json"], Some(&xml.stdout));
    assert_eq!(back.status.code(), Some(0));
    assert_eq!(back.stdout, json);
}

#[test]
fn convert_writes_output_file() {
    let dir = std::env::temp_dir().join(format!("dsa-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_path = dir.join("mas.xml");
    let out = dsa(
        &[
            "convert",
            MAS,
            "-t",
            "xml",
            "-o",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out_path)
        .unwrap()
        .contains("<agreement xmlns="));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_error_exits_two_and_help_documents_exit_codes() {
    let out = dsa(&["convert", MAS, "-t", "yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    let help = dsa(&["--help"], None);
    let h = String::from_utf8_lossy(&help.stdout);
    for code in [
        "0  success",
        "1  validate found errors",
        "2  usage error",
        "3  an input",
        "4  an output",
    ] {
        assert!(h.contains(code), "{h}");
    }
}

#[test]
fn schema_command_prints_each_format() {
    let js = dsa(&["schema", "--format", "json-schema"], None);
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let xsd = dsa(&["schema", "--format", "xsd"], None);
    assert!(String::from_utf8_lossy(&xsd.stdout).contains("<xs:schema"));
    let md = dsa(&["schema", "--format", "markdown"], None);
    assert_eq!(
        String::from_utf8_lossy(&md.stdout),
        std::fs::read_to_string(repo().join("spec/reference.md")).unwrap()
    );
}
