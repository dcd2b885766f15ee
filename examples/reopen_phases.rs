//! Where a warm reopen of a large brief spends its time, phase by phase:
//! `cargo run --release --example reopen_phases -- FILE`. The cache is keyed by the build, so
//! a first run of this example fills it (and says so); run it again for the figures.
use std::time::Instant;

use briefbench::cache::brief::{self, Need};
use briefbench::cache::{Cache, Kind};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn lap(what: &str, t: &mut Instant) {
    eprintln!(
        "{what:<28} {:>8.1} ms  {:>5} MB resident",
        t.elapsed().as_secs_f64() * 1e3,
        resident_mb()
    );
    *t = Instant::now();
}

/// The process's resident memory now (Linux; 0 elsewhere), to see which phase holds what.
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb >> 10)
}

fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("FILE"));
    let cache = Cache::open_default().expect("a cache directory");
    let all = Instant::now();
    let mut t = Instant::now();
    let key = brief::key_now(&path, Some(&cache)).expect("a cacheable brief");
    lap("read and hash the brief", &mut t);
    let Some((hit, _)) = cache.load_any_fetched(Kind::Brief, &path, &key, |_| true) else {
        brief::open(
            &path,
            Some(&cache),
            None,
            Need::Everything,
            || briefbench::library::open_brief(&path),
            briefbench::support::assess,
        )
        .expect("a brief that opens");
        eprintln!("the cache was cold: filled now, run again");
        return;
    };
    lap("read and check the entry", &mut t);
    let (loaded, links, assessment) = brief::decode(
        hit.into_parts(),
        &path.display().to_string(),
        Need::Everything,
    )
    .expect("an entry that decodes");
    lap("decode (each part freed once decoded)", &mut t);
    if std::env::var_os("SIZES").is_some() {
        // What each part holds once decoded: dropped one by one, the memory given back.
        let settle = |what: &str, t: &mut Instant| {
            std::thread::sleep(std::time::Duration::from_millis(200));
            lap(what, t);
        };
        let (mut loaded, links, assessment) = (loaded, links, assessment);
        settle("settled", &mut t);
        drop(assessment);
        settle("  without the assessment", &mut t);
        drop(links);
        settle("  without the links", &mut t);
        drop(std::mem::take(&mut loaded.brief.sources));
        settle("  without the sources", &mut t);
        drop(loaded);
        settle("  without the rest", &mut t);
        return;
    }
    if std::env::var_os("PARTS").is_some() {
        let b = briefbench::cache::encode(&loaded.brief.sources);
        let mut t = Instant::now();
        let _s: Vec<briefbench::model::Source> = postcard::from_bytes(&b).unwrap();
        lap(&format!("  sources alone ({} MB)", b.len() >> 20), &mut t);
        let b = briefbench::cache::encode(&assessment);
        let mut t = Instant::now();
        let _a: briefbench::support::Assessment = postcard::from_bytes(&b).unwrap();
        lap(
            &format!("  assessment alone ({} MB)", b.len() >> 20),
            &mut t,
        );
        let ev: Vec<_> = assessment.claims.iter().map(|c| &c.evidence).collect();
        let rs: Vec<_> = assessment.claims.iter().map(|c| &c.reasons).collect();
        let words: Vec<_> = assessment
            .claims
            .iter()
            .map(|c| {
                (
                    &c.found,
                    &c.missing,
                    &c.unsupported,
                    &c.supplied,
                    &c.framing,
                    &c.not_counted,
                )
            })
            .collect();
        for (what, b) in [
            ("evidence", briefbench::cache::encode(&ev)),
            ("reasons", briefbench::cache::encode(&rs)),
            ("word lists", briefbench::cache::encode(&words)),
        ] {
            eprintln!("    {what}: {} KB", b.len() >> 10);
        }
        let b = briefbench::cache::encode(&links);
        let mut t = Instant::now();
        let _l: briefbench::links::Links = postcard::from_bytes(&b).unwrap();
        lap(&format!("  links alone ({} MB)", b.len() >> 20), &mut t);
        let b = briefbench::cache::encode(&loaded.brief.sections);
        let mut t = Instant::now();
        let _l: Vec<briefbench::model::Section> = postcard::from_bytes(&b).unwrap();
        lap(&format!("  sections alone ({} MB)", b.len() >> 20), &mut t);
    }
    let origins = briefbench::fetch::texts::Origins::from_brief(&loaded.brief);
    lap("origins of the texts", &mut t);
    let dir = tempfile::tempdir().unwrap();
    let flags = briefbench::flags::Flags::open(dir.path(), &loaded.brief.id).unwrap();
    lap("flags", &mut t);
    let app = briefbench::tui::app::App::assessed(loaded, flags, links, assessment);
    lap("the workbench's state", &mut t);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 45)).unwrap();
    term.draw(|f| briefbench::tui::view::render(f, &app))
        .unwrap();
    lap("first frame", &mut t);
    eprintln!(
        "{:<28} {:>8.1} ms",
        "in all",
        all.elapsed().as_secs_f64() * 1e3
    );
    drop((app, origins));
    lap("drop", &mut t);
}
