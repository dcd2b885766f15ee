//! A day of the calendar, written `YYYY-MM-DD` as briefs and queries write it. The calendar is
//! `time`'s, so 2026-02-31 and 2025-02-29 are refused by the type, not by a hand table.
//!
//! The model keeps dates as the text the brief gave (an imported source may have none yet,
//! and `validate` must point at a bad one where it stands); what checks or compares a date
//! goes through [`Day`].

use std::fmt;
use std::str::FromStr;

/// A day, with its ISO text kept beside it: filters compare it with the text of thousands
/// of sources a keystroke, and ISO text orders as the days do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    date: time::Date,
    text: [u8; 10],
}

/// Text that is no `YYYY-MM-DD` day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date like 2026-03-03")]
pub struct NotADay(pub String);

impl Day {
    /// The day of this year, month and day, if the calendar has one.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
        Day::of(date)
    }

    /// Today, in UTC.
    pub fn today() -> Day {
        Day::of(time::OffsetDateTime::now_utc().date()).expect("this year has four digits")
    }

    /// Days of years 0 to 9999 only: the text is four digits of year.
    fn of(date: time::Date) -> Option<Day> {
        if !(0..=9999).contains(&date.year()) {
            return None;
        }
        let s = format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        );
        let text = s.as_bytes().try_into().expect("ten bytes");
        Some(Day { date, text })
    }

    pub fn date(self) -> time::Date {
        self.date
    }

    /// `YYYY-MM-DD`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.text).expect("made of ASCII digits and dashes")
    }
}

impl FromStr for Day {
    type Err = NotADay;

    fn from_str(s: &str) -> Result<Day, NotADay> {
        calendar_date(s)
            .and_then(Day::of)
            .ok_or_else(|| NotADay(s.to_string()))
    }
}

/// Whether `s` is a day as [`Day`] reads one, `YYYY-MM-DD`: asked of every source of a large
/// brief, so answered with no `Day` (and no string) made.
pub fn is_day(s: &str) -> bool {
    calendar_date(s).is_some()
}

/// The date `s` gives as `YYYY-MM-DD` (four digits of year, so years 0 to 9999), if it is
/// one.
fn calendar_date(s: &str) -> Option<time::Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    time::Date::from_calendar_date(y as i32, month, u8::try_from(d).ok()?).ok()
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_decides_which_days_there_are() {
        for bad in [
            "2026-02-31",
            "2026-02-30",
            "2025-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-3-8",
            "2026-03-0a",
            "+026-03-08",
            "",
        ] {
            assert!(bad.parse::<Day>().is_err(), "{bad}");
        }
        for good in ["2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01"] {
            assert_eq!(good.parse::<Day>().unwrap().to_string(), good);
        }
    }

    #[test]
    fn days_order_as_their_text_does() {
        let a: Day = "2025-12-31".parse().unwrap();
        let b: Day = "2026-01-01".parse().unwrap();
        assert!(a < b && a.as_str() < b.as_str());
        assert_eq!(Day::from_ymd(2026, 2, 31), None);
        assert!(Day::today() > b);
    }
}
