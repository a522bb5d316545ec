//! The sample registers: known facts, golden records, and every cell accounted for.

use std::path::PathBuf;

use calamine::Reader;
use dsa_xlsx::{import, Options, Profile};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/trackers")
}

fn registers() -> Vec<(String, Vec<u8>, Options)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir()).unwrap() {
        let p = e.unwrap().path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "xlsx" | "xls" | "ods" | "xlsm") {
            continue;
        }
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let profile_path = dir().join(format!("{stem}.profile.toml"));
        let profile = std::fs::read_to_string(&profile_path)
            .ok()
            .map(|t| Profile::from_toml(&t).unwrap());
        v.push((
            p.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read(&p).unwrap(),
            Options {
                profile,
                limits: dsa_xlsx::Limits::default(),
            },
        ));
    }
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn at_least_six_registers_from_real_writers() {
    let r = registers();
    assert!(r.len() >= 6, "{}", r.len());
    for ext in ["xlsx", "xls", "ods"] {
        assert!(
            r.iter().any(|(n, _, _)| n.ends_with(ext)),
            "no .{ext} sample"
        );
    }
}

#[test]
fn every_register_holds_its_known_facts() {
    let mut errors = Vec::new();
    for (name, bytes, opts) in registers() {
        let (records, _) =
            import(&bytes, Some(&name), &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let stem = name.rsplit_once('.').unwrap().0;
        let facts: Vec<Value> = serde_json::from_str(
            &std::fs::read_to_string(dir().join("expected").join(format!("{stem}.facts.json")))
                .unwrap(),
        )
        .unwrap();
        for f in facts {
            let sheet = f["sheet"].as_str().unwrap();
            let row = f["row"].as_u64().unwrap() as u32;
            let Some(rec) = records.iter().find(|r| r.sheet == sheet && r.row == row) else {
                errors.push(format!(
                    "{name}: no record for {sheet} row {row} (have {:?})",
                    records
                        .iter()
                        .map(|r| (&r.sheet, r.row))
                        .collect::<Vec<_>>()
                ));
                continue;
            };
            let a = serde_json::to_value(&rec.agreement).unwrap();
            for (k, want) in f.as_object().unwrap() {
                let got = match k.as_str() {
                    "sheet" | "row" => continue,
                    "title" | "reference" | "isg_reference" | "status" => a[k].clone(),
                    "publish_date" | "review_date" => a["review"][k].clone(),
                    "signed_on" => a["register"]["signed_on"].clone(),
                    "termination" => match a["review"]["termination"]["kind"].as_str() {
                        Some("ongoing") => Value::from("ongoing"),
                        _ => a["review"]["termination"]["date"].clone(),
                    },
                    "parties" => {
                        let mut ids: Vec<String> = a["parties"]
                            .as_array()
                            .unwrap_or(&vec![])
                            .iter()
                            .map(|p| p["id"].as_str().unwrap().to_string())
                            .collect();
                        ids.sort();
                        Value::from(ids)
                    }
                    "article6" => Value::from(
                        a["lawful_basis"]["article6"]
                            .as_array()
                            .unwrap_or(&vec![])
                            .iter()
                            .map(|c| c["condition"].clone())
                            .collect::<Vec<_>>(),
                    ),
                    "hidden" => Value::from(
                        rec.diagnostics
                            .iter()
                            .any(|d| d.code == dsa_model::DiagnosticCode::RowHidden),
                    ),
                    "extra" => {
                        let names: Vec<&str> = a["extra_attributes"]
                            .as_array()
                            .map(|v| v.iter().filter_map(|x| x["name"].as_str()).collect())
                            .unwrap_or_default();
                        for n in want.as_array().unwrap() {
                            if !names.contains(&n.as_str().unwrap()) {
                                errors.push(format!(
                                    "{name} {sheet}!{row}: extra attribute {n} missing (have {names:?})"
                                ));
                            }
                        }
                        continue;
                    }
                    other => panic!("unknown fact {other}"),
                };
                if &got != want {
                    errors.push(format!("{name} {sheet}!{row}: {k}: got {got}, want {want}"));
                }
            }
        }
    }
    assert!(
        errors.is_empty(),
        "{} mismatches:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

/// A cell as a person reads it in the sheet: a date cell as its date (ISO), not Excel's
/// serial number.
fn cell_text(d: &calamine::Data) -> String {
    match d {
        calamine::Data::Empty => String::new(),
        calamine::Data::String(s) => s.trim().to_string(),
        calamine::Data::DateTime(dt) if dt.is_datetime() => {
            let x = dt.as_datetime().unwrap();
            if x.time() == chrono::NaiveTime::MIN {
                x.date().to_string()
            } else {
                x.format("%Y-%m-%d %H:%M").to_string()
            }
        }
        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

#[test]
fn every_cell_lands_in_a_field_an_attribute_or_the_report() {
    for (name, bytes, opts) in registers() {
        let (records, reports) = import(&bytes, Some(&name), &opts).unwrap();
        let mut wb =
            calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
        for sheet in wb.sheet_names() {
            let range = wb.worksheet_range(&sheet).unwrap();
            let (r0, _) = range.start().unwrap_or((0, 0));
            let report = reports.iter().find(|r| r.sheet == sheet).unwrap();
            for (i, row) in range.rows().enumerate() {
                let row_no = r0 + i as u32 + 1;
                for d in row {
                    let t = cell_text(d);
                    if t.is_empty() {
                        continue;
                    }
                    let in_header = report.header_row == Some(row_no)
                        && (report.mapped.iter().any(|(h, _)| *h == t)
                            || report.unmapped.contains(&t));
                    let in_report = report.preamble.iter().any(|(r, x)| *r == row_no && *x == t)
                        || report
                            .note_rows
                            .iter()
                            .any(|(r, x)| *r == row_no && *x == t);
                    let in_record = records
                        .iter()
                        .filter(|r| r.sheet == sheet && r.row == row_no)
                        .any(|r| r.agreement.provenance.iter().any(|p| p.text == t));
                    assert!(
                        in_header || in_report || in_record,
                        "{name} {sheet}!{row_no}: {t:?} lost"
                    );
                }
            }
        }
    }
}

#[test]
fn a_date_cell_reads_as_its_date_not_a_serial_number() {
    // openpyxl wrote Expired!D2 as a datetime (number format yyyy-mm-dd h:mm:ss).
    let bytes = std::fs::read(dir().join("camden-register.xlsx")).unwrap();
    let (records, _) = import(&bytes, Some("camden-register.xlsx"), &Options::default()).unwrap();
    let r = records
        .iter()
        .find(|r| r.sheet == "Expired" && r.row == 2)
        .unwrap();
    let start = r.cells.iter().find(|c| c.column == "D").unwrap();
    assert_eq!(start.text, "2015-01-01");
    let prov = r
        .agreement
        .provenance
        .iter()
        .find(|p| p.field == "/review/publish_date")
        .unwrap();
    assert_eq!(prov.text, "2015-01-01");
}

#[test]
fn every_register_matches_its_golden_records() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (name, bytes, opts) in registers() {
        let (records, reports) = import(&bytes, Some(&name), &opts).unwrap();
        let mut out = String::new();
        for r in &records {
            let line = serde_json::json!({"sheet": r.sheet, "row": r.row, "diagnostics": r.diagnostics, "agreement": r.agreement});
            out.push_str(&serde_json::to_string(&line).unwrap());
            out.push('\n');
        }
        out.push_str(&serde_json::to_string(&serde_json::json!({ "sheets": reports })).unwrap());
        out.push('\n');
        let stem = name.rsplit_once('.').unwrap().0;
        let golden = dir().join("expected").join(format!("{stem}.jsonl"));
        if update {
            std::fs::write(&golden, &out).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("{} missing", golden.display()));
        for (i, (g, w)) in out.lines().zip(want.lines()).enumerate() {
            let g: Value = serde_json::from_str(g).unwrap();
            let w: Value = serde_json::from_str(w).unwrap();
            assert_eq!(g, w, "{name}: line {} differs", i + 1);
        }
        assert_eq!(
            out.lines().count(),
            want.lines().count(),
            "{name}: record count"
        );
    }
}

/// A control character XML 1.0 cannot carry (here U+0001, which rust_xlsxwriter writes as
/// the `_x0001_` escape and calamine reads back) is replaced with U+FFFD and reported on
/// its row, so the row stays importable and writable as XML.
#[test]
fn control_characters_in_cells_are_replaced_and_reported() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Reference", "Title", "Status"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "WCC-1").unwrap();
    ws.write_string(1, 1, "Licensing\u{1} DSA\u{1F}").unwrap();
    ws.write_string(1, 2, "Live").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let (records, _) = import(&bytes, Some("register.xlsx"), &Options::default()).unwrap();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.agreement.title, "Licensing\u{FFFD} DSA\u{FFFD}");
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("row 2, column B: 2 character(s)")
                && d.message.contains("U+FFFD")),
        "{:?}",
        r.diagnostics
    );
    // Writable as XML now.
    let xml = dsa_xml::to_string(&r.agreement).unwrap();
    assert!(xml.contains("Licensing\u{FFFD} DSA\u{FFFD}"));
}

/// Fuzz regressions that import: every row must also write as XML (an .xls sheet name
/// with U+0001 once reached an untitled row's title unreplaced).
#[test]
fn fuzz_regression_registers_write_as_xml() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz-regressions");
    let mut imported = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if !p
            .extension()
            .is_some_and(|x| x == "xls" || x == "xlsx" || x == "ods")
        {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let Ok((records, _)) = import(&bytes, Some(&name), &Options::default()) else {
            continue;
        };
        for r in &records {
            dsa_xml::to_string(&r.agreement)
                .unwrap_or_else(|e| panic!("{name} {}!{}: {e}", r.sheet, r.row));
        }
        imported += records.len();
    }
    assert!(imported > 0, "no fuzz regression register imports");
}

/// An .ods whose content.xml ends inside a table (truncated): calamine 0.38 looped for
/// ever on it (found by the mutation test); it is refused as damaged instead.
#[test]
fn an_ods_cut_off_inside_a_table_is_refused_not_hung() {
    use std::io::{Read, Write};
    let ods = std::fs::read(dir().join("lambeth-dsa-log.ods")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(ods)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "content.xml" {
            let text = String::from_utf8(data).unwrap();
            let cut = text.rfind("</table:table>").unwrap();
            data = text.as_bytes()[..cut].to_vec();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    let err = import(&bytes, Some("cut.ods"), &Options::default()).unwrap_err();
    assert!(err.to_string().contains("ends inside a table"), "{err}");
}
