//! How a save combines this instance's edits with the file another writer (a second
//! workbench, `briefbench flag`) may have changed meanwhile: field by field, three ways.
//!
//! For each field this instance edited, compare the disk's copy with what this instance
//! last read (the base). If the disk still holds the base, nobody else touched that field:
//! ours goes in, whatever the clocks say. If both changed it, the later edit wins, by a
//! timestamp that is believed only when it is a real one (a time far in the future, such as
//! `u64::MAX` in a hand-edited file, counts as no time at all). Fields this instance did not
//! edit are the disk's.

use std::collections::{BTreeMap, BTreeSet};

use super::{Flag, Mark};

/// One field of a flag, edited and merged on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Mark,
    Note,
}

/// How far ahead of this machine's clock a timestamp may be and still be believed: clocks
/// of two machines sharing a data directory differ, but not by a day.
const CLOCK_SLACK_MS: u64 = 24 * 60 * 60 * 1000;

/// A field's value and the time it was set.
#[derive(PartialEq)]
enum Value<'a> {
    Mark(Option<Mark>, u64),
    Note(&'a str, u64),
}

fn value(flag: &Flag, field: Field) -> Value<'_> {
    match field {
        Field::Mark => Value::Mark(flag.mark, flag.mark_at),
        Field::Note => Value::Note(&flag.note, flag.note_at),
    }
}

fn time(flag: &Flag, field: Field) -> u64 {
    match field {
        Field::Mark => flag.mark_at,
        Field::Note => flag.note_at,
    }
}

pub(super) fn copy_field(from: &Flag, to: &mut Flag, field: Field) {
    match field {
        Field::Mark => {
            to.mark = from.mark;
            to.mark_at = from.mark_at;
        }
        Field::Note => {
            to.note.clone_from(&from.note);
            to.note_at = from.note_at;
        }
    }
}

/// Whether two flags hold the same value of `field`, set at the same time.
pub(super) fn same(a: &Flag, b: &Flag, field: Field) -> bool {
    value(a, field) == value(b, field)
}

/// A timestamp as a merge believes it: one past `now` plus the slack is no real time.
fn believed(t: u64, now: u64) -> u64 {
    if t > now.saturating_add(CLOCK_SLACK_MS) {
        0
    } else {
        t
    }
}

/// Writes the `touched` fields of `ours` into `disk`, unless another writer changed the same
/// field since `base` was read, later than we did.
pub fn merge(
    disk: &mut BTreeMap<String, Flag>,
    base: &BTreeMap<String, Flag>,
    ours: &BTreeMap<String, Flag>,
    touched: &BTreeSet<(String, Field)>,
    now: u64,
) {
    let empty = Flag::default();
    for (id, field) in touched {
        let ours = ours.get(id).unwrap_or(&empty);
        let base = base.get(id).unwrap_or(&empty);
        let theirs = disk.entry(id.clone()).or_default();
        let they_changed_it = value(theirs, *field) != value(base, *field);
        let theirs_is_later = believed(time(theirs, *field), now) > time(ours, *field);
        if !(they_changed_it && theirs_is_later) {
            copy_field(ours, theirs, *field);
        }
        theirs.updated = believed(theirs.mark_at, now).max(believed(theirs.note_at, now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(mark: Option<Mark>, mark_at: u64, note: &str, note_at: u64) -> Flag {
        Flag {
            mark,
            note: note.into(),
            updated: mark_at.max(note_at),
            mark_at,
            note_at,
        }
    }

    fn one(id: &str, f: Flag) -> BTreeMap<String, Flag> {
        BTreeMap::from([(id.to_string(), f)])
    }

    #[test]
    fn their_note_and_our_mark_both_survive() {
        let base = one("x", flag(None, 1, "", 1));
        let mut disk = one("x", flag(None, 1, "IMPORTANT", 5));
        let ours = one("x", flag(Some(Mark::Weak), 9, "", 1));
        let touched = BTreeSet::from([("x".to_string(), Field::Mark)]);
        merge(&mut disk, &base, &ours, &touched, 10);
        assert_eq!(disk["x"], flag(Some(Mark::Weak), 9, "IMPORTANT", 5));
    }

    #[test]
    fn an_untouched_field_on_disk_takes_our_edit_whatever_its_time() {
        let base = one("x", flag(Some(Mark::Weak), u64::MAX, "", 0));
        let mut disk = base.clone();
        let ours = one("x", flag(Some(Mark::Verified), 10, "", 0));
        let touched = BTreeSet::from([("x".to_string(), Field::Mark)]);
        merge(&mut disk, &base, &ours, &touched, 10);
        assert_eq!(disk["x"].mark, Some(Mark::Verified));
    }

    #[test]
    fn both_changed_the_later_wins_and_a_future_time_is_no_time() {
        let base = one("x", flag(None, 1, "", 1));
        let ours = one("x", flag(Some(Mark::Weak), 8, "", 1));
        let touched = BTreeSet::from([("x".to_string(), Field::Mark)]);
        let mut disk = one("x", flag(Some(Mark::Disputed), 9, "", 1));
        merge(&mut disk, &base, &ours, &touched, 10);
        assert_eq!(disk["x"].mark, Some(Mark::Disputed), "theirs is later");
        let mut disk = one("x", flag(Some(Mark::Disputed), u64::MAX, "", 1));
        merge(&mut disk, &base, &ours, &touched, 10);
        assert_eq!(disk["x"].mark, Some(Mark::Weak), "u64::MAX is no real time");
        assert!(disk["x"].updated <= 10);
    }
}
