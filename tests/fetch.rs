//! `briefbench fetch` and the fetch core against a server on 127.0.0.1 serving fixtures
//! written for these tests (tests/fixtures/fetch/): extraction, charsets, PDF, redirects,
//! failures and their messages, limits, robots.txt, the cache, and what the analysis makes
//! of fetched pages. Nothing here reaches beyond the loopback interface.

mod common;

use std::path::Path;
use std::time::Duration;

use briefbench::fetch::http::{Client, Limits};
use briefbench::fetch::{self, Cache, RobotsBook, url_key};
use common::web::Server;

fn client(timeout_secs: u64) -> Client {
    Client::new(Limits {
        timeout: Duration::from_secs(timeout_secs),
        ..Limits::default()
    })
}

fn page(server: &Server, path: &str) -> fetch::Entry {
    page_with(server, path, &RobotsBook::default())
}

fn page_with(server: &Server, path: &str, robots: &RobotsBook) -> fetch::Entry {
    let url = url_key::normalise(&server.url(path)).unwrap();
    fetch::fetch_page(&client(5), Some(robots), &url)
}

#[test]
fn the_article_keeps_its_story_and_drops_nav_ads_and_comments() {
    let server = Server::start();
    let e = page(&server, "/article");
    assert!(e.ok(), "{e:?}");
    let text = e.text.unwrap();
    for story in [
        "4.2 million dollars",
        "harbour bridge",
        "eighteen months",
        "independent review",
    ] {
        assert!(
            text.contains(story),
            "story words {story:?} missing from:\n{text}"
        );
    }
    for noise in [
        "Sportsdesk",
        "Weatherwatch",
        "widgetmax",
        "Zorblatt",
        "Quibble",
        "zeppelin",
        "Cookie settings",
    ] {
        assert!(!text.contains(noise), "{noise:?} kept in:\n{text}");
    }
    assert_eq!(
        e.meta.title.as_deref(),
        Some("Riverton approves harbour bridge budget")
    );
    assert_eq!(e.meta.site_name.as_deref(), Some("The Riverton Ledger"));
    assert_eq!(e.meta.published.as_deref(), Some("2026-03-02"));
    assert!(
        e.meta
            .byline
            .as_deref()
            .is_some_and(|b| b.contains("Mara Lindqvist"))
    );
    assert_eq!(e.status, 200);
    assert!(
        server
            .user_agents()
            .iter()
            .all(|ua| ua.starts_with("briefbench/")),
        "{:?}",
        server.user_agents()
    );
}

#[test]
fn charsets_declared_only_in_a_meta_tag_are_decoded() {
    let server = Server::start();
    let cp = page(&server, "/cp1252").text.unwrap();
    assert!(
        cp.contains("€1.50")
            && cp.contains("Renée Dupré")
            && cp.contains("“the first rise in years”"),
        "{cp}"
    );
    let sj = page(&server, "/sjis").text.unwrap();
    assert!(sj.contains("東京では今日、大雪が降りました"), "{sj}");
}

#[test]
fn pdf_and_plain_text_are_read() {
    let server = Server::start();
    let pdf = page(&server, "/ferry.pdf");
    assert!(
        pdf.text
            .as_deref()
            .is_some_and(|t| t.contains("harbour ferry carried 1200 passengers")),
        "{pdf:?}"
    );
    let txt = page(&server, "/notes.txt").text.unwrap();
    assert!(
        txt.starts_with("Plain notes from the field.\n\nThe harbour ferry"),
        "{txt}"
    );
}

#[test]
fn a_redirect_chain_ends_at_its_page_and_a_loop_is_an_error() {
    let server = Server::start();
    let e = page(&server, "/redirect/1");
    assert!(e.ok(), "{e:?}");
    assert_eq!(e.final_url, server.url("/article"));
    assert_eq!(e.url, server.url("/redirect/1"), "keyed by the URL cited");
    let e = page(&server, "/loop/a");
    assert_eq!(
        e.error.as_deref(),
        Some("more than 10 redirects (a redirect loop?)")
    );
    assert!(e.text.is_none());
}

#[test]
fn failures_say_what_happened() {
    let server = Server::start();
    let cases = [
        ("/status/404", "HTTP 404 Not Found"),
        ("/status/410", "HTTP 410 Gone"),
        ("/status/500", "HTTP 500 Internal Server Error"),
        ("/busy", "HTTP 429 Too Many Requests (after 3 tries)"),
        (
            "/busy-long",
            "HTTP 429 Too Many Requests (asked to wait 3600 s)",
        ),
        ("/binary", "not text: application/octet-stream"),
        ("/image.png", "not text: image/png"),
        (
            "/private/article",
            "disallowed by robots.txt (--ignore-robots fetches it anyway)",
        ),
    ];
    let robots = RobotsBook::default();
    for (path, message) in cases {
        let e = page_with(&server, path, &robots);
        assert_eq!(e.error.as_deref(), Some(message), "{path}");
        assert!(e.text.is_none(), "{path}");
    }
    assert_eq!(server.hits("/busy"), 3, "tried three times in all");
    assert_eq!(
        server.hits("/busy-long"),
        1,
        "a wait past the bound is not waited"
    );
    assert_eq!(
        server.hits("/robots.txt"),
        1,
        "robots.txt asked once per host"
    );
}

#[test]
fn a_503_with_retry_after_is_tried_again() {
    let server = Server::start();
    let e = page(&server, "/busy-once");
    assert_eq!(
        e.text.as_deref(),
        Some("Served on the second try."),
        "{e:?}"
    );
    assert_eq!(server.hits("/busy-once"), 2);
}

#[test]
fn a_stalling_server_times_out() {
    let server = Server::start();
    let url = url_key::normalise(&server.url("/stall")).unwrap();
    let started = std::time::Instant::now();
    let e = fetch::fetch_page(&client(1), None, &url);
    assert_eq!(e.error.as_deref(), Some("timed out after 1 s"));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "a hang, not a timeout"
    );
}

#[test]
fn a_50_mb_body_is_cut_at_the_cap_and_said_so() {
    let server = Server::start();
    let e = page(&server, "/huge");
    assert!(e.ok(), "{e:?}");
    assert!(e.truncated);
    let text = e.text.unwrap();
    assert!(
        text.len() <= 10 * 1024 * 1024 && text.len() > 9 * 1024 * 1024,
        "{}",
        text.len()
    );
}

// ---- the command ----

/// A Markdown brief citing pages of `server` by URL only, in `dir`.
fn brief(dir: &Path, server: &Server, sources: &[&str]) -> std::path::PathBuf {
    let mut md = String::from(
        "# Harbour Works\n\nDate: 2026-03-05\n\n\
         The Riverton council approved 4.2 million dollars for the harbour bridge[^1].\n\n",
    );
    for (i, path) in sources.iter().enumerate().skip(1) {
        md.push_str(&format!("Another page says something[^{}].\n\n", i + 1));
        let _ = path;
    }
    for (i, path) in sources.iter().enumerate() {
        md.push_str(&format!("[^{}]: {}\n", i + 1, server.url(path)));
    }
    let p = dir.join("harbour.md");
    std::fs::write(&p, md).unwrap();
    p
}

fn run(data: &Path, args: &[&str]) -> std::process::Output {
    common::bin(data).args(args).output().unwrap()
}

fn check_json(data: &Path, brief: &Path) -> serde_json::Value {
    let out = run(
        data,
        &["check", brief.to_str().unwrap(), "--format", "json"],
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn codes(check: &serde_json::Value, claim: &str) -> Vec<String> {
    check
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().is_some_and(|id| id.ends_with(claim)))
        .flat_map(|c| c["reasons"].as_array().unwrap().iter())
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn fetched_pages_give_the_verdicts_they_justify() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let md = brief(dir.path(), &server, &["/article", "/status/404"]);
    let before = check_json(&data, &md);
    let first = before.as_array().unwrap()[0].clone();
    assert!(
        codes(&before, ".1").iter().any(|c| c == "missing-terms"),
        "before the fetch the claim has nothing to be checked against: {first}"
    );

    let out = run(&data, &["fetch", md.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "one page failed: {err}");
    assert!(
        err.contains(&format!("[1] fetched {}", server.url("/article"))),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "[2] failed {}: HTTP 404 Not Found",
            server.url("/status/404")
        )),
        "{err}"
    );
    assert!(
        err.contains("1 fetched, 0 unchanged (cached), 1 failed: [2] HTTP 404 Not Found"),
        "{err}"
    );
    let before_text = std::fs::read_to_string(&md).unwrap();

    let after = check_json(&data, &md);
    let c = codes(&after, ".1");
    assert!(
        !c.iter().any(|c| c == "missing-terms"),
        "the page states the claim: {c:?}\n{after}"
    );
    assert_eq!(
        std::fs::read_to_string(&md).unwrap(),
        before_text,
        "the brief is never rewritten"
    );

    // The export says where each source's text came from.
    let out = run(&data, &["export", md.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["sources"];
    assert_eq!(s[0]["text_origin"], "fetched");
    assert_eq!(
        s[0]["outlet"], "The Riverton Ledger",
        "filled from the page"
    );
    assert_eq!(s[0]["title"], "Riverton approves harbour bridge budget");
    // Its language, read from the fetched page, is a guess, and says so.
    assert_eq!(s[0]["lang"], "en");
    assert!(
        s[0]["guessed"]
            .as_array()
            .is_some_and(|g| g.contains(&"lang".into())),
        "{}",
        s[0]
    );
    assert!(s[0]["fetched_at"].as_str().is_some_and(|d| d.len() == 20));
    assert_eq!(s[1]["text_origin"], "none");
    assert_eq!(s[1]["fetch_error"], "HTTP 404 Not Found");
}

#[test]
fn the_cache_is_reused_and_refreshed() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let md = brief(dir.path(), &server, &["/article", "/redirect/1"]);
    let out = run(&data, &["fetch", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 fetched, 0 unchanged (cached), 0 failed"),
        "{}",
        stderr(&out)
    );
    let hits = server.total_hits();

    let out = run(&data, &["fetch", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("0 fetched, 2 unchanged (cached), 0 failed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        server.total_hits(),
        hits,
        "a second run asks the server nothing"
    );

    let out = run(
        &data,
        &["fetch", md.to_str().unwrap(), "--refresh", "--only", "1"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("1 fetched, 0 unchanged (cached), 0 failed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        server.hits("/article"),
        3,
        "fetched, redirected to, refreshed"
    );
    let files = std::fs::read_dir(data.join("fetched")).unwrap().count();
    assert_eq!(files, 2, "one file per URL");
}

#[test]
fn a_killed_fetch_and_a_damaged_entry_leave_a_loadable_cache() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let md = brief(dir.path(), &server, &["/article", "/stall"]);
    let mut child = common::bin(&data)
        .args(["fetch", md.to_str().unwrap(), "--timeout", "30"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The article lands at once; the stall holds the fetch until it is killed.
    let article = Cache::in_data_dir(&data).path_for(&server.url("/article"));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !article.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(article.exists(), "the article was cached before the kill");
    child.kill().unwrap();
    child.wait().unwrap();
    let after = check_json(&data, &md);
    assert!(
        !codes(&after, ".1").iter().any(|c| c == "missing-terms"),
        "{after}"
    );

    // A damaged entry is a miss: the brief loads, and the next fetch writes it anew.
    std::fs::write(&article, b"{\"schema\":1,\"url\":\"http://").unwrap();
    let damaged = check_json(&data, &md);
    assert!(
        codes(&damaged, ".1").iter().any(|c| c == "missing-terms"),
        "{damaged}"
    );
    let out = run(&data, &["fetch", md.to_str().unwrap(), "--only", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 fetched"), "{}", stderr(&out));
}

#[test]
fn robots_txt_is_honoured_unless_ignored_and_the_output_says_so() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let md = brief(dir.path(), &server, &["/private/article"]);
    let out = run(&data, &["fetch", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("disallowed by robots.txt"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.hits("/private/article"), 0);
    let out = run(&data, &["fetch", md.to_str().unwrap(), "--ignore-robots"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("robots.txt ignored (--ignore-robots)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.hits("/private/article"), 1);
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start();
    let md = brief(dir.path(), &server, &["/article"]);
    let out = run(&data, &["fetch", md.to_str().unwrap(), "--only", "7"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--only 7: the brief has no source [7]"),
        "{}",
        stderr(&out)
    );
    let out = run(&data, &["fetch", md.to_str().unwrap(), "--timeout", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--timeout 0"), "{}", stderr(&out));
    let out = run(
        &data,
        &["fetch", dir.path().join("none.md").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(server.total_hits(), 0, "nothing fetched on bad input");
}

#[test]
fn control_characters_in_a_fetched_page_never_reach_the_terminal() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let md = brief(dir.path(), &server, &["/controls"]);
    let out = run(&data, &["fetch", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cached =
        std::fs::read_to_string(Cache::in_data_dir(&data).path_for(&server.url("/controls")))
            .unwrap();
    assert!(
        cached.contains("\\u001b]52"),
        "the cache keeps the page as it is"
    );
    let out = run(&data, &["search", md.to_str().unwrap(), "clipboard"]);
    let shown = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert!(
        shown.contains("clipboard write"),
        "search reads the fetched text: {shown}"
    );
    for bad in ['\x1b', '\x07', '\u{202e}', '\u{202c}'] {
        assert!(
            !shown.contains(bad),
            "{bad:?} reached the output: {shown:?}"
        );
    }
}
