//! The cache never answers with what the brief no longer says: truncated, flipped, foreign
//! and other builds' files are misses, and the directory keeps under its cap.

use std::path::{Path, PathBuf};

use super::brief::{self, Need, Opened};
use super::*;
use crate::links::Links;
use crate::store;
use crate::support;

/// The seed brief written as a file large enough to be cached (a comment pads it past
/// [`brief::CACHE_FROM`]).
fn large_seed(dir: &Path) -> PathBuf {
    let path = dir.join("seed.ron");
    let padding = format!("\n// {}\n", "padding ".repeat(140_000));
    std::fs::write(&path, format!("{}{padding}", store::DEFAULT_BRIEF)).unwrap();
    path
}

/// Opens `path` through `cache`, loading it in full on a miss.
fn open(path: &Path, cache: &Cache) -> Opened {
    brief::open(
        path,
        Some(cache),
        None,
        Need::Everything,
        || store::load_path(path),
        support::assess,
    )
    .expect("the seed loads")
}

fn fresh(path: &Path) -> (store::Loaded, Links, support::Assessment) {
    let loaded = store::load_path(path).unwrap();
    let links = Links::build(&loaded.brief);
    let assessment = support::assess(&loaded.brief, &links);
    (loaded, links, assessment)
}

/// The opened brief is the one a fresh load gives, field for field.
fn assert_as_fresh(opened: &Opened, path: &Path) {
    let (loaded, links, assessment) = fresh(path);
    assert_eq!(opened.loaded.brief, loaded.brief);
    assert_eq!(opened.loaded.warnings, loaded.warnings);
    assert_eq!(opened.loaded.name, loaded.name);
    assert_eq!(opened.links, links);
    assert_eq!(opened.assessment, assessment);
}

#[test]
fn a_reopened_brief_is_the_brief_loaded_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let cache = Cache::new(dir.path().join("cache"));
    let first = open(&path, &cache);
    assert!(!first.cached, "an empty cache misses");
    assert!(cache.file_for(Kind::Brief, &path).exists());
    let again = open(&path, &cache);
    assert!(again.cached, "the second open is a hit");
    assert_as_fresh(&again, &path);
    // The penalties that make the scores are kept too (JSON never shows them).
    let penalties: u32 = again
        .assessment
        .claims
        .iter()
        .flat_map(|c| &c.reasons)
        .map(|r| u32::from(r.penalty))
        .sum();
    assert!(penalties > 0);
}

#[test]
fn an_edited_brief_misses() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let cache = Cache::new(dir.path().join("cache"));
    open(&path, &cache);
    let text = std::fs::read_to_string(&path).unwrap();
    // Same length, one letter of a source changed.
    let edited = text.replacen("Kenya", "Kenyo", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&path, &edited).unwrap();
    let opened = open(&path, &cache);
    assert!(!opened.cached);
    assert_as_fresh(&opened, &path);
}

#[test]
fn a_cut_or_flipped_cache_misses_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let cache = Cache::new(dir.path().join("cache"));
    open(&path, &cache);
    let file = cache.file_for(Kind::Brief, &path);
    let good = std::fs::read(&file).unwrap();
    let key = brief::key_for(&std::fs::read(&path).unwrap());
    for cut in (0..good.len()).step_by(good.len() / 151 + 1) {
        std::fs::write(&file, &good[..cut]).unwrap();
        assert!(
            cache.load(Kind::Brief, &path, &key).is_none(),
            "cut at {cut}"
        );
    }
    for at in (0..good.len()).step_by(good.len() / 211 + 1) {
        let mut bad = good.clone();
        bad[at] ^= 0x5a;
        std::fs::write(&file, &bad).unwrap();
        assert!(
            cache.load(Kind::Brief, &path, &key).is_none(),
            "flip at {at}"
        );
    }
    // A miss rebuilds: the open after a damaged file is right, and writes a good one.
    let opened = open(&path, &cache);
    assert!(!opened.cached);
    assert_as_fresh(&opened, &path);
    assert!(open(&path, &cache).cached);
}

#[test]
fn a_body_that_does_not_decode_whole_is_a_miss() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let (loaded, links, assessment) = fresh(&path);
    let parts = brief::encode(&loaded, &links, &assessment);
    assert_eq!(parts.len(), 7, "head, sources, 4 runs of claims, rest");
    assert!(brief::decode(parts.clone(), "x", Need::Everything).is_some());
    // Each part cut short, or a byte longer, the others whole: only the decoding stands
    // between them and a hit.
    for (i, part) in parts.iter().enumerate() {
        let mut cuts: Vec<usize> = (0..part.len()).step_by(part.len() / 37 + 1).collect();
        cuts.push(part.len() - 1);
        for cut in cuts {
            let mut forged = parts.clone();
            forged[i].truncate(cut);
            assert!(
                brief::decode(forged, "x", Need::Everything).is_none(),
                "part {i} cut at {cut}"
            );
        }
        let mut longer = parts.clone();
        longer[i].push(0);
        assert!(
            brief::decode(longer, "x", Need::Everything).is_none(),
            "part {i} longer"
        );
    }
    // Parts of one kind in the place of another's, or one missing, are refused.
    for (a, b) in [(0, 1), (1, 2), (5, 6), (0, 6)] {
        let mut swapped = parts.clone();
        swapped.swap(a, b);
        assert!(
            brief::decode(swapped, "x", Need::Everything).is_none(),
            "parts {a} and {b} swapped"
        );
    }
    assert!(brief::decode(parts[..6].to_vec(), "x", Need::Everything).is_none());
    // An assessment of another brief (fewer claims) is refused.
    let mut other = assessment.clone();
    other.claims.pop();
    let parts = brief::encode(&loaded, &links, &other);
    assert!(brief::decode(parts, "x", Need::Everything).is_none());
}

/// Rewrites the table of part lengths at the end of `file` through `edit` (the count of
/// parts and the hash written anew to match), keeping header and parts.
fn rewrite_table(file: &Path, edit: impl FnOnce(&mut Vec<u64>, &mut u64)) {
    let bytes = std::fs::read(file).unwrap();
    let (_, after): (Header, &[u8]) = postcard::take_from_bytes(&bytes[MAGIC.len()..]).unwrap();
    let body_at = bytes.len() - after.len();
    let n = u64::from_le_bytes(bytes[bytes.len() - 16..bytes.len() - 8].try_into().unwrap());
    let table_at = bytes.len() - 16 - 8 * n as usize;
    let mut lens: Vec<u64> = bytes[table_at..bytes.len() - 16]
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let mut count = n;
    edit(&mut lens, &mut count);
    let mut out = bytes[..table_at].to_vec();
    for l in &lens {
        out.extend_from_slice(&l.to_le_bytes());
    }
    out.extend_from_slice(&count.to_le_bytes());
    let hash = body_hash(&out[body_at..]);
    out.extend_from_slice(&hash.to_le_bytes());
    std::fs::write(file, out).unwrap();
}

/// A file whose table of parts lies (each rewritten with a hash that matches, so only the
/// table's checks and the decoding stand between it and a hit) is a miss, never a panic.
#[test]
fn a_file_whose_parts_are_told_wrong_is_a_miss() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let cache = Cache::new(dir.path().join("cache"));
    open(&path, &cache);
    let file = cache.file_for(Kind::Brief, &path);
    let good = std::fs::read(&file).unwrap();
    let key = brief::key_for(&std::fs::read(&path).unwrap());
    let hit = || brief::cached(&path, Some(&cache), None, Need::Everything);
    rewrite_table(&file, |_, _| {});
    assert!(hit().is_some(), "rewritten as it was, it is still a hit");
    type Edit = fn(&mut Vec<u64>, &mut u64);
    let edits: [(&str, Edit); 9] = [
        // A byte moved from one part to the next: the lengths still add up.
        ("a byte from the first part to the second", |l, _| {
            l[0] -= 1;
            l[1] += 1;
        }),
        ("a byte from the second part to the first", |l, _| {
            l[0] += 1;
            l[1] -= 1;
        }),
        ("a byte from the last claims' run to the rest", |l, _| {
            l[5] -= 1;
            l[6] += 1;
        }),
        (
            "the head's and the first sources' lengths swapped",
            |l, _| l.swap(0, 1),
        ),
        ("one part fewer, its bytes the last's", |l, c| {
            let last = l.pop().unwrap();
            *l.last_mut().unwrap() += last;
            *c -= 1;
        }),
        ("no parts", |l, c| {
            l.clear();
            *c = 0;
        }),
        ("lengths that do not add up", |l, _| l[6] += 1),
        ("a count past the table", |_, c| *c = 1000),
        ("a length past any file", |l, _| l[0] = u64::MAX),
    ];
    for (what, edit) in edits {
        rewrite_table(&file, edit);
        assert!(hit().is_none(), "{what}");
        std::fs::write(&file, &good).unwrap();
    }
    assert!(cache.load(Kind::Brief, &path, &key).is_some());
}

/// A report of the claims leaves the sources unread when it can, and has the claims and
/// their assessment all the same; with pages to lend, the sources are read.
#[test]
fn a_report_of_the_claims_leaves_the_sources_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let cache = Cache::new(dir.path().join("cache"));
    open(&path, &cache);
    let claims = brief::cached(&path, Some(&cache), None, Need::Claims).expect("a hit");
    let (loaded, links, assessment) = fresh(&path);
    assert!(claims.loaded.brief.sources.is_empty());
    assert_eq!(claims.loaded.brief.sections, loaded.brief.sections);
    assert_eq!(claims.loaded.warnings, loaded.warnings);
    assert_eq!((&claims.links, &claims.assessment), (&links, &assessment));
    let all = brief::cached(&path, Some(&cache), None, Need::Everything).expect("a hit");
    assert_eq!(all.loaded.brief, loaded.brief);
    // A pages cache to look in: which pages the sources borrow is in the sources.
    let pages = crate::fetch::Cache::in_data_dir(&dir.path().join("data"));
    put_page(&pages, "https://example.com/none", "unrelated");
    let with_pages = brief::cached(&path, Some(&cache), Some(&pages), Need::Claims);
    assert_eq!(with_pages.expect("a hit").loaded.brief, loaded.brief);
}

/// Rewrites the header of `file` through `edit`, keeping its body.
fn rewrite_header(file: &Path, edit: impl FnOnce(&mut Header)) {
    let bytes = std::fs::read(file).unwrap();
    let (mut header, body): (Header, &[u8]) =
        postcard::take_from_bytes(&bytes[MAGIC.len()..]).unwrap();
    edit(&mut header);
    let mut out = MAGIC.to_vec();
    out.extend(postcard::to_stdvec(&header).unwrap());
    out.extend_from_slice(body);
    std::fs::write(file, out).unwrap();
}

#[test]
fn another_build_s_or_another_key_s_cache_misses() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let cache = Cache::new(dir.path().join("cache"));
    open(&path, &cache);
    let file = cache.file_for(Kind::Brief, &path);
    let good = std::fs::read(&file).unwrap();
    let key = brief::key_for(&std::fs::read(&path).unwrap());
    assert!(cache.load(Kind::Brief, &path, &key).is_some());
    type Edit = fn(&mut Header);
    let edits: [(&str, Edit); 5] = [
        ("version", |h| h.version = "0.0.1".into()),
        ("build", |h| h.build ^= 1),
        ("format", |h| h.format += 1),
        ("kind", |h| h.kind = Kind::Search),
        ("fetched pages", |h| h.key.fetched = 7),
    ];
    for (what, edit) in edits {
        rewrite_header(&file, edit);
        assert!(cache.load(Kind::Brief, &path, &key).is_none(), "{what}");
        std::fs::write(&file, &good).unwrap();
    }
    // Another config's rules: the same file asked under another key.
    let other = Key { rules: 1, ..key };
    assert!(cache.load(Kind::Brief, &path, &other).is_none());
    assert!(cache.load(Kind::Brief, &path, &key).is_some());
    // A search index's file is no brief's.
    std::fs::copy(&file, cache.file_for(Kind::Search, &path)).unwrap();
    assert!(cache.load(Kind::Search, &path, &key).is_none());
}

#[test]
fn the_directory_keeps_under_its_cap_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("cache")).with_cap(2_500);
    let body = vec![7u8; 1_000];
    let key = Key::of_content(b"brief");
    let names = ["a.ron", "b.ron", "c.ron"].map(|n| dir.path().join(n));
    for (i, name) in names.iter().enumerate() {
        cache.save(Kind::Brief, name, &key, &body).unwrap();
        // Distinct modification times, oldest first.
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + i as u64);
        let f = std::fs::File::options()
            .append(true)
            .open(cache.file_for(Kind::Brief, name))
            .unwrap();
        f.set_modified(at).unwrap();
    }
    let info = cache.info();
    assert_eq!(info.files, 2, "{info:?}");
    assert!(info.bytes <= 2_500);
    assert!(
        !cache.file_for(Kind::Brief, &names[0]).exists(),
        "the oldest went"
    );
    assert!(cache.load(Kind::Brief, &names[2], &key).is_some());
    // A file larger than the cap on its own is not kept.
    let small = Cache::new(dir.path().join("small")).with_cap(100);
    small.save(Kind::Brief, &names[0], &key, &body).unwrap();
    assert_eq!(small.info().files, 0);
}

#[test]
fn clear_removes_every_file_and_info_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("cache"));
    let key = Key::of_content(b"brief");
    cache
        .save(Kind::Brief, Path::new("a.ron"), &key, b"one")
        .unwrap();
    cache
        .save(Kind::Search, Path::new("a.ron"), &key, b"two")
        .unwrap();
    let info = cache.info();
    assert_eq!((info.files, info.briefs, info.search), (2, 1, 1));
    let gone = cache.clear().unwrap();
    assert_eq!(gone.files, 2);
    assert_eq!(gone.bytes, info.bytes);
    assert_eq!(cache.info(), Info::default());
    assert!(cache.load(Kind::Brief, Path::new("a.ron"), &key).is_none());
}

/// The large seed with its first source's text left out (its URL kept), and a pages
/// cache (`fetched/` of a data dir) that holds `page` for that URL.
fn seed_with_page(dir: &Path, page: &str) -> (PathBuf, crate::fetch::Cache, String) {
    let mut brief = store::load_default().unwrap().brief;
    brief.sources[0].text = String::new();
    brief.sources[0].url = Some("https://example.org/news/the-page".into());
    let path = dir.join("seed.ron");
    let padding = format!("\n// {}\n", "padding ".repeat(140_000));
    std::fs::write(&path, store::to_ron_string(&brief) + &padding).unwrap();
    let pages = crate::fetch::Cache::in_data_dir(&dir.join("data"));
    let url = crate::fetch::url_key::normalise(brief.sources[0].url.as_deref().unwrap())
        .unwrap()
        .to_string();
    put_page(&pages, &url, page);
    (path, pages, url)
}

fn put_page(pages: &crate::fetch::Cache, url: &str, text: &str) {
    let mut entry = crate::fetch::Entry::new(url);
    entry.status = 200;
    entry.text = Some(text.into());
    pages.put(&entry).unwrap();
}

fn open_with_pages(path: &Path, cache: &Cache, pages: &crate::fetch::Cache) -> Opened {
    brief::open(
        path,
        Some(cache),
        Some(pages),
        Need::Everything,
        || store::load_path(path),
        support::assess,
    )
    .expect("the seed loads")
}

/// The brief loaded afresh, its sources lent the pages, and assessed.
fn fresh_with_pages(
    path: &Path,
    pages: &crate::fetch::Cache,
) -> (Links, support::Assessment, String) {
    let mut loaded = store::load_path(path).unwrap();
    crate::fetch::FetchedTexts::load(&loaded.brief, pages).apply(&mut loaded.brief);
    let links = Links::build(&loaded.brief);
    let assessment = support::assess(&loaded.brief, &links);
    (links, assessment, loaded.brief.sources[0].text.clone())
}

#[test]
fn fetched_pages_are_lent_anew_and_a_changed_page_is_assessed_again() {
    let dir = tempfile::tempdir().unwrap();
    let page = "Meta said it would open its model weights to researchers in Kenya.";
    let (path, pages, url) = seed_with_page(dir.path(), page);
    let cache = Cache::new(dir.path().join("cache"));

    let first = open_with_pages(&path, &cache, &pages);
    assert!(!first.cached);
    assert_eq!(first.loaded.brief.sources[0].text, page, "the page is lent");
    assert_eq!(first.origins.0[0].text.label(), "fetched");
    let own = first.own_sources.as_ref().expect("the page lent something");
    assert_eq!(own[0].text, "", "the brief's own source is kept as filed");

    // The same file and pages: a hit, the page lent again, the assessment as fresh.
    let again = open_with_pages(&path, &cache, &pages);
    assert!(again.cached);
    assert_eq!(again.loaded.brief, first.loaded.brief);
    assert_eq!(again.origins, first.origins);
    assert_eq!(again.own_sources, first.own_sources);
    let (links, assessment, _) = fresh_with_pages(&path, &pages);
    assert_eq!((&again.links, &again.assessment), (&links, &assessment));
    // What the cache holds is the brief as its file gives it, not the page's text.
    let key = brief::key_for(&std::fs::read(&path).unwrap());
    let (hit, fetched) = cache
        .load_any_fetched(Kind::Brief, &path, &key, |_| true)
        .unwrap();
    assert_ne!(fetched, 0, "keyed on the page it read");
    let (filed, ..) = brief::decode(hit.into_parts(), "x", Need::Everything).unwrap();
    assert_eq!(filed.brief, store::load_path(&path).unwrap().brief);

    // The page fetched again with other words: assessed again, never the old verdicts.
    let other = "Nothing here about any model.";
    put_page(&pages, &url, other);
    let changed = open_with_pages(&path, &cache, &pages);
    assert!(!changed.cached, "a page fetched again is a miss");
    assert_eq!(changed.loaded.brief.sources[0].text, other);
    let (links, assessment, text) = fresh_with_pages(&path, &pages);
    assert_eq!(text, other);
    assert_eq!((&changed.links, &changed.assessment), (&links, &assessment));
    assert!(
        open_with_pages(&path, &cache, &pages).cached,
        "and cached anew"
    );

    // Without the pages (another data dir): the brief as filed, not the cached verdicts.
    let bare = brief::open(
        &path,
        Some(&cache),
        None,
        Need::Everything,
        || store::load_path(&path),
        support::assess,
    )
    .unwrap();
    assert!(!bare.cached);
    assert_eq!(bare.loaded.brief.sources[0].text, "");
    assert!(bare.own_sources.is_none());
    assert_as_fresh(&bare, &path);
}

/// The key read a piece at a time is the key of the bytes, whatever their length falls on;
/// a file over the cap has none.
#[test]
fn a_file_read_in_pieces_keys_as_its_bytes_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.ron");
    for len in [0, 1, PIECE - 1, PIECE, PIECE + 1, 3 * PIECE + 5] {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            Key::of_file(&path, u64::MAX),
            Some(Key::of_content(&bytes)),
            "{len} bytes"
        );
    }
    assert_eq!(Key::of_file(&path, 100), None, "over the cap");
    assert_eq!(Key::of_file(&dir.path().join("none"), u64::MAX), None);
}

/// An editor saving the brief while it is loaded never files one version's results under
/// the other's bytes: the result is keyed by the bytes that were parsed. Here the file is
/// A when the cache looks it up, B while it is parsed, and A again by the time it is saved.
#[test]
fn a_brief_saved_while_it_loads_is_filed_under_the_bytes_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let cache = Cache::new(dir.path().join("cache"));
    let a = std::fs::read_to_string(&path).unwrap();
    let b = a.replacen("Meta Platforms has", "Beta Platforms has", 1);
    assert_ne!(a, b);
    assert_eq!(a.len(), b.len(), "same length, as an in-place save");
    let opened = brief::open(
        &path,
        Some(&cache),
        None,
        Need::Everything,
        || {
            std::fs::write(&path, &b).unwrap();
            let loaded = store::load_path(&path);
            std::fs::write(&path, &a).unwrap();
            loaded
        },
        support::assess,
    )
    .unwrap();
    assert!(
        opened
            .loaded
            .brief
            .claims()
            .any(|(_, c)| c.text.contains("Beta Platforms"))
    );
    // The file says A: what opens is A, fresh or from an entry filed under A's bytes.
    let again = open(&path, &cache);
    assert_as_fresh(&again, &path);
}

/// A sequence's length told past what its bytes could hold allocates no more than the
/// bytes: no abort, no vector of a billion sources, a miss.
#[test]
fn a_forged_length_allocates_no_more_than_its_bytes() {
    for told in [1u64 << 40, u64::MAX >> 1, 1000] {
        let mut bytes = postcard::to_stdvec(&told).unwrap();
        bytes.extend_from_slice(&[0; 64]);
        assert!(
            brief::whole_seq::<crate::model::Source>(&bytes).is_none(),
            "{told}"
        );
        assert!(
            brief::whole_seq::<support::ClaimAssessment>(&bytes).is_none(),
            "{told}"
        );
    }
    let (loaded, ..) = fresh(&large_seed(tempfile::tempdir().unwrap().path()));
    let bytes = encode(&loaded.brief.sources);
    let decoded = brief::whole_seq::<crate::model::Source>(&bytes).unwrap();
    assert_eq!(decoded, loaded.brief.sources);
    assert_eq!(
        decoded.capacity(),
        decoded.len(),
        "allocated once, at its length"
    );
}

/// A report of the claims over an entry whose sources borrowed fetched pages, now that no
/// pages are there to lend: never the old verdicts, never a brief without its sources to
/// assess again; the brief is loaded afresh.
#[test]
fn a_report_without_the_pages_an_entry_borrowed_loads_the_brief_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let (path, pages, _) = seed_with_page(dir.path(), "Meta opened its weights in Kenya.");
    let cache = Cache::new(dir.path().join("cache"));
    assert!(!open_with_pages(&path, &cache, &pages).cached);
    assert!(brief::cached(&path, Some(&cache), None, Need::Claims).is_none());
    let report = brief::open(
        &path,
        Some(&cache),
        None,
        Need::Claims,
        || store::load_path(&path),
        support::assess,
    )
    .unwrap();
    assert!(!report.cached);
    assert_as_fresh(&report, &path);
}

/// The parts of a cache file, by its table of their lengths, but the first: the head holds
/// the links, whose map of citing claims is written in no set order.
fn parts_but_the_head(file: &[u8]) -> Vec<&[u8]> {
    let word = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().unwrap()) as usize;
    let count = word(file.len() - 16);
    let table = file.len() - 16 - 8 * count;
    let lens: Vec<usize> = (0..count).map(|k| word(table + 8 * k)).collect();
    let mut end = table;
    let mut parts: Vec<&[u8]> = lens[1..]
        .iter()
        .rev()
        .map(|&len| {
            end -= len;
            &file[end..end + len]
        })
        .collect();
    parts.reverse();
    parts
}

/// `a` and `b` hold for `path` entries alike (their heads aside, see [`parts_but_the_head`]).
fn assert_same_parts_but_the_head(path: &Path, a: &Cache, b: &Cache) {
    let bytes = |cache: &Cache| std::fs::read(cache.file_for(Kind::Brief, path)).unwrap();
    let (a, b) = (bytes(a), bytes(b));
    let (a, b) = (parts_but_the_head(&a), parts_but_the_head(&b));
    assert_eq!(a.len(), 1 + 4 + 1, "sources, four runs of claims, the rest");
    for (k, (a, b)) in a.iter().zip(&b).enumerate() {
        assert!(
            a == b,
            "part {} differs ({} and {} bytes)",
            k + 1,
            a.len(),
            b.len()
        );
    }
}

/// Reports on `path` through `cache`, giving the report and the flat index of every claim
/// in the order it was handed on, a run at a time.
fn report(path: &Path, cache: &Cache) -> (brief::Reported, Vec<usize>) {
    let (reported, runs) = report_runs(path, cache);
    (reported, runs.concat())
}

/// As [`report`], the runs apart.
fn report_runs(path: &Path, cache: &Cache) -> (brief::Reported, Vec<Vec<usize>>) {
    let mut handed = Vec::new();
    let reported = brief::report(
        path,
        Some(cache),
        None,
        || store::load_path(path),
        &brief::Progress::default(),
        |_| Vec::new(),
        |run: &mut Vec<usize>, c| run.push(c.flat),
        |run| handed.push(run),
    )
    .expect("the brief loads");
    (reported, handed)
}

#[test]
fn a_report_writes_the_entry_claim_by_claim_as_an_open_writes_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Claims enough for several runs of the assessment on every core, and for the cache's
    // four runs of claims to be uneven.
    let big = crate::synth::brief(7, 3_000, 4_003, 13);
    let path = dir.path().join("big.ron");
    std::fs::write(&path, store::to_ron_string(&big)).unwrap();
    let whole = Cache::new(dir.path().join("whole"));
    let streamed = Cache::new(dir.path().join("streamed"));
    open(&path, &whole);
    let (first, handed) = report(&path, &streamed);
    assert!(!first.cached);
    assert_eq!(handed, (0..4_003).collect::<Vec<_>>(), "in reading order");
    assert!(first.assessment.claims.is_empty(), "never held whole");
    assert_same_parts_but_the_head(&path, &whole, &streamed);
    let (again, runs) = report_runs(&path, &streamed);
    assert!(again.cached, "the second report is a hit");
    // From the cache too, the rows are made a run at a time, never all held at once.
    assert_eq!(runs.len(), 4, "runs of 1,024 claims");
    assert_eq!(runs.concat(), (0..4_003).collect::<Vec<_>>());
    assert_eq!(again.assessment, fresh(&path).2);
}

#[test]
fn a_report_of_a_small_brief_writes_its_four_runs_of_claims_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    let (whole, streamed) = (
        Cache::new(dir.path().join("whole")),
        Cache::new(dir.path().join("streamed")),
    );
    open(&path, &whole);
    report(&path, &streamed);
    assert_same_parts_but_the_head(&path, &whole, &streamed);
    let (again, _) = report(&path, &streamed);
    assert!(again.cached);
}

#[test]
fn a_report_whose_cache_cannot_be_written_still_reports_every_claim() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_seed(dir.path());
    // The cache's directory is a file: nothing can be written under it.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "not a directory").unwrap();
    let cache = Cache::new(blocked.join("cache"));
    let (reported, handed) = report(&path, &cache);
    assert!(!reported.cached);
    assert_eq!(handed.len(), fresh(&path).2.claims.len());
    assert_eq!(
        std::fs::read_to_string(&blocked).unwrap(),
        "not a directory"
    );
}

#[test]
fn an_entry_has_no_name_until_it_is_whole_and_one_given_up_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("cache"));
    let path = dir.path().join("brief.ron");
    std::fs::write(&path, "(brief)").unwrap();
    let key = Key::of_content(b"(brief)");
    let names = || -> Vec<String> {
        std::fs::read_dir(dir.path().join("cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    // A run killed while it writes (Ctrl-C in a long `check`) leaves what a writer given up
    // leaves: nothing, not even a temporary.
    let mut entry = cache.entry(Kind::Brief, &path, &key).unwrap();
    entry.part(&|w| w.write_all(b"half")).unwrap();
    assert!(names().is_empty(), "named while written: {:?}", names());
    drop(entry);
    assert!(names().is_empty(), "left behind: {:?}", names());
    let mut entry = cache.entry(Kind::Brief, &path, &key).unwrap();
    entry.part(&|w| w.write_all(b"whole")).unwrap();
    entry.finish(&cache).unwrap();
    let file = cache.file_for(Kind::Brief, &path);
    assert_eq!(names(), [file.file_name().unwrap().to_string_lossy()]);
    assert_eq!(
        cache.load(Kind::Brief, &path, &key).unwrap().body(),
        b"whole"
    );
}

/// A writer that takes `left` bytes, then fails.
struct FailsAfter {
    taken: Vec<u8>,
    left: usize,
}

impl std::io::Write for FailsAfter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.left {
            return Err(std::io::Error::other("disk full"));
        }
        self.left -= buf.len();
        self.taken.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl FailsAfter {
    fn new(left: usize) -> Self {
        FailsAfter {
            taken: Vec::new(),
            left,
        }
    }
}

/// The seed's sources, many times over: several pieces' worth, cut mid-field.
fn many_sources() -> Vec<crate::model::Source> {
    let brief = store::load_default().unwrap().brief;
    (0..400)
        .flat_map(|_| brief.sources.iter().cloned())
        .collect()
}

#[test]
fn encoding_in_pieces_writes_what_postcard_writes_whole() {
    let sources = many_sources();
    let whole = encode(&sources);
    assert!(whole.len() > 3 * PIECE, "{} bytes", whole.len());
    let mut written = FailsAfter::new(usize::MAX);
    encode_into(&sources, &mut written).unwrap();
    assert_eq!(written.taken, whole);
    let mut appended = b"before".to_vec();
    encode_append(&sources, &mut appended);
    assert_eq!(&appended[..6], b"before");
    assert_eq!(&appended[6..], &whole[..]);
}

#[test]
fn a_failed_write_while_encoding_is_the_error() {
    let sources = many_sources();
    for left in [0, PIECE / 2, 2 * PIECE + 7] {
        let mut out = FailsAfter::new(left);
        let e = encode_into(&sources, &mut out).unwrap_err();
        assert_eq!(e.to_string(), "disk full");
    }
}
