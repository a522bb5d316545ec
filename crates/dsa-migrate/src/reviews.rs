//! Review dates, where people act on them: `OUT/reviews.ics` (one all-day event per
//! agreement's review date, for the IG team's calendar) and the report's "overdue and
//! upcoming reviews" section. Both read the report entries, so they agree with
//! report.json. Events are deterministic (their stamp is the run's `--as-of` date), so a
//! re-run on the same day writes the same file.

use chrono::NaiveDate;
use icalendar::{Calendar, Component, EventLike};

use crate::{Entries, Summary};

/// How far ahead a review counts as upcoming in the report.
pub(crate) const UPCOMING_DAYS: i64 = 90;

/// One agreement's review, as the report and the calendar show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Due {
    pub date: NaiveDate,
    pub title: String,
    pub reference: Option<String>,
    pub borough: String,
    pub id: String,
    pub package: String,
}

/// Every agreement with a review date, by date.
pub(crate) fn all(entries: &Entries) -> std::io::Result<Vec<Due>> {
    let mut v = Vec::new();
    for a in entries.agreements()? {
        let a = a?;
        if let Some(date) = a.review_date {
            v.push(Due {
                date,
                title: a.title,
                reference: a.reference,
                borough: a.borough,
                id: a.id,
                package: a.package,
            });
        }
    }
    v.sort();
    Ok(v)
}

/// Reviews before `as_of` (overdue) and within [`UPCOMING_DAYS`] after it (upcoming).
pub(crate) fn overdue_and_upcoming(
    entries: &Entries,
    as_of: NaiveDate,
) -> std::io::Result<(Vec<Due>, Vec<Due>)> {
    let (overdue, rest): (Vec<Due>, Vec<Due>) =
        all(entries)?.into_iter().partition(|d| d.date < as_of);
    let upcoming = rest
        .into_iter()
        .filter(|d| (d.date - as_of).num_days() <= UPCOMING_DAYS)
        .collect();
    Ok((overdue, upcoming))
}

/// `reviews.ics`: one event per review date, titled with the agreement's title and
/// reference. The icalendar crate escapes text and folds long lines (RFC 5545). Written
/// event by event, the calendar's own lines around them: a calendar of every event held
/// at once took 370 MB for 100,000 agreements.
pub(crate) fn write_calendar(
    summary: &Summary,
    entries: &Entries,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut cal = Calendar::new();
    cal.name("Data sharing agreement reviews");
    let empty = cal.done().to_string();
    let (head, tail) = empty
        .rsplit_once("END:VCALENDAR")
        .ok_or_else(|| std::io::Error::other("the calendar has no end"))?;
    w.write_all(head.as_bytes())?;
    for d in all(entries)? {
        let title = match &d.reference {
            Some(r) => format!("Review due: {} ({r})", d.title),
            None => format!("Review due: {}", d.title),
        };
        let borough = if d.borough.is_empty() {
            "pan-London"
        } else {
            d.borough.as_str()
        };
        let stamp = summary.as_of.unwrap_or(d.date);
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}.{}@pan-london-dsa", d.id, borough))
            .summary(&title)
            .description(&format!(
                "Review of the data sharing agreement {:?} ({borough}); package {}",
                d.title, d.package
            ))
            // An all-day event on the review date: DTEND is exclusive (RFC 5545 3.6.1), the
            // next day, so calendars show it on the date itself.
            .starts(d.date)
            .ends(d.date.succ_opt().unwrap_or(d.date))
            .timestamp(stamp.and_time(chrono::NaiveTime::MIN).and_utc());
        w.write_all(event.done().to_string().as_bytes())?;
    }
    w.write_all(b"END:VCALENDAR")?;
    w.write_all(tail.as_bytes())
}
