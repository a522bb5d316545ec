//! Review dates where IG officers act on them: DSA019 on overdue reviews, reviews.ics
//! (parsed back with the icalendar crate's parser) with one event per review date, and
//! the report's "overdue and upcoming reviews" section, all against `as_of`.

use std::path::PathBuf;

use dsa_migrate::{migrate, Options};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn reviews_are_findings_calendar_events_and_a_report_section() {
    let out = tempfile::tempdir().unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let options = Options {
        jobs: Some(2),
        tool_version: "test".into(),
        resume: false,
        held_bytes: dsa_migrate::HELD_AGREEMENTS_BUDGET,
        as_of: Some(as_of),
        ..Default::default()
    };
    migrate(
        &repo().join("samples/backlog"),
        out.path(),
        &options,
        &|| {},
    )
    .unwrap();
    let report = dsa_migrate::read_report(out.path()).unwrap();
    assert_eq!(report.as_of, Some(as_of));
    let with_review: Vec<_> = report
        .agreements
        .iter()
        .filter(|a| a.review_date.is_some())
        .collect();
    assert!(with_review.len() >= 6, "{}", with_review.len());
    let overdue: Vec<_> = with_review
        .iter()
        .filter(|a| a.review_date.unwrap() < as_of)
        .collect();
    let upcoming = with_review
        .iter()
        .filter(|a| {
            let d = a.review_date.unwrap();
            d >= as_of && (d - as_of).num_days() <= 90
        })
        .count();
    assert!(!overdue.is_empty());
    // Each overdue review is a DSA019 warning of its agreement.
    for a in &overdue {
        assert!(
            a.findings.iter().any(|f| f.code == "DSA019"),
            "{}: {:?}",
            a.title,
            a.findings
        );
    }

    // One event per review date, titled with the title and reference, on that date.
    let ics = std::fs::read_to_string(out.path().join("reviews.ics")).unwrap();
    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), with_review.len());
    for a in &with_review {
        let want = match &a.reference {
            Some(r) => format!("Review due: {} ({r})", a.title),
            None => format!("Review due: {}", a.title),
        };
        let date = a.review_date.unwrap().format("%Y%m%d").to_string();
        // All day on that date: DTEND is exclusive, the next day.
        let next = a
            .review_date
            .unwrap()
            .succ_opt()
            .unwrap()
            .format("%Y%m%d")
            .to_string();
        let found = events.iter().any(|e| {
            let prop = |n: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == n)
                    .map(|p| p.val.to_string())
            };
            prop("SUMMARY").is_some_and(|s| s.replace("\\,", ",").replace("\\;", ";") == want)
                && prop("DTSTART").as_deref() == Some(date.as_str())
                && prop("DTEND").as_deref() == Some(next.as_str())
        });
        assert!(found, "no event {want:?} on {date}");
    }
    // Deterministic: stamped with the as-of date, not the clock.
    assert!(ics.contains("DTSTAMP:20240301T000000Z"));

    // The report's section counts what report.json says.
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("Overdue and upcoming reviews"));
    assert!(html.contains(&format!("data-reviews=\"overdue\">{}</b>", overdue.len())));
    assert!(html.contains(&format!("data-reviews=\"upcoming\">{upcoming}</b>")));
    assert!(html.contains("<a href=\"reviews.ics\">"));
}
