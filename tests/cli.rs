//! The command line as a user runs it: exit codes, messages, formats.

mod common;

use std::path::Path;
use std::process::Output;

use briefbench::store::DEFAULT_BRIEF;
use common::bin;

fn run(args: &[&str], data: &Path) -> Output {
    bin(data).args(args).output().expect("run briefbench")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// Fails, showing `output` whole, unless it says `what`.
fn says(output: &str, what: &str) {
    assert!(output.contains(what), "expected {what:?} in:\n{output}");
}

/// `briefbench config` on this config text: refused with exit 2 (its output returned).
fn config_refused(dir: &Path, text: &str) -> Output {
    write(dir, "config.ron", text);
    let o = run(&["config"], dir);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    o
}

#[test]
fn validate_the_embedded_brief() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["validate"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    says(
        &stdout(&o),
        "ok: 7 sections, 53 claims, 20 sources, 0 warnings",
    );
}

#[test]
fn a_typo_in_a_field_names_file_line_and_column_and_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let text = DEFAULT_BRIEF.replacen("kind: Body,", "knd: Body,", 1);
    let line = text.lines().position(|l| l.contains("knd: Body")).unwrap() + 1;
    let file = write(d.path(), "typo.ron", &text);
    let o = run(&["validate", &file], d.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("{file}:{line}:")), "{err}");
    assert!(err.contains("knd"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The workbench refuses it the same way, before touching the terminal.
    let o = run(&[&file], d.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validation_errors_and_warnings() {
    let d = tempfile::tempdir().unwrap();
    let dup = write(
        d.path(),
        "dup.ron",
        &DEFAULT_BRIEF.replacen("\"summary.2\"", "\"summary.1\"", 1),
    );
    let o = run(&["validate", &dup], d.path());
    assert_eq!(o.status.code(), Some(2));
    says(&stderr(&o), "duplicate-claim-id");
    let dangling = write(
        d.path(),
        "dangling.ron",
        &DEFAULT_BRIEF.replacen("[^16]", "[^96]", 1),
    );
    let o = run(&["validate", &dangling], d.path());
    assert_eq!(o.status.code(), Some(0), "warnings do not stop the load");
    let out = stdout(&o);
    assert!(
        out.contains("warning[dangling-marker]") && out.contains("warning[uncited-source]"),
        "{out}"
    );
    assert!(out.contains("2 warnings"), "{out}");
}

#[test]
fn unreadable_and_non_utf8_files() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["validate", "/nonexistent/brief.ron"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/brief.ron"));
    let p = d.path().join("bin.ron");
    std::fs::write(&p, b"(\xff\xfe)").unwrap();
    let o = run(&["check", p.to_str().unwrap()], d.path());
    assert_eq!(o.status.code(), Some(2));
    says(&stderr(&o), "not UTF-8");
}

#[test]
fn check_exit_codes_gate_a_brief() {
    let d = tempfile::tempdir().unwrap();
    assert_eq!(
        run(&["check"], d.path()).status.code(),
        Some(1),
        "the seed has unsupported claims"
    );
    let clean = write(
        d.path(),
        "clean.ron",
        r#"(schema: 1, id: "c", title: "Clean", date: "2026-03-08",
            sections: [(id: "s", kind: Body, claims: [
                (id: "s.1", text: "Meta tests a shopping feature in its AI tool to rival ChatGPT [1],[2]."),
                (id: "s.2", text: "In short:"),
            ])],
            sources: [
                (number: 1, date: "2026-03-03", kind: News, lang: "en", outlet: "Reuters",
                 text: "Meta tests shopping feature in AI tool to rival ChatGPT"),
                (number: 2, date: "2026-03-03", kind: News, lang: "en",
                 text: "Meta adds shopping to its assistant to take on ChatGPT and Gemini"),
            ])"#,
    );
    let o = run(&["check", &clean], d.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    says(
        &stdout(&o),
        "2 claims: 1 supported, 0 weak, 0 unsupported, 1 uncited",
    );
    assert_eq!(
        run(&["check", &clean, "--fail-on", "weak"], d.path())
            .status
            .code(),
        Some(0)
    );
    // "In short:" cites nothing but states nothing either: `--fail-on uncited` passes it,
    // and fails a factual sentence that cites nothing.
    assert_eq!(
        run(&["check", &clean, "--fail-on", "uncited"], d.path())
            .status
            .code(),
        Some(0)
    );
    let uncited = clean.replace("clean.ron", "uncited.ron");
    std::fs::write(
        &uncited,
        std::fs::read_to_string(&clean)
            .unwrap()
            .replace("In short:", "Meta paid $5 billion for Scale AI in 2025."),
    )
    .unwrap();
    for (fail_on, code) in [("unsupported", 0), ("uncited", 1)] {
        assert_eq!(
            run(&["check", &uncited, "--fail-on", fail_on], d.path())
                .status
                .code(),
            Some(code),
            "--fail-on {fail_on}"
        );
    }
    assert_eq!(
        run(&["check", "/nonexistent.ron"], d.path()).status.code(),
        Some(2)
    );
}

#[test]
fn check_json_has_the_promised_fields() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["check", "--format", "json"], d.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty());
    let c = items
        .iter()
        .find(|c| c["id"] == "hardware-organization.3")
        .unwrap();
    for key in [
        "id", "section", "text", "cites", "verdict", "score", "reasons",
    ] {
        assert!(!c[key].is_null(), "{key}");
    }
    assert_eq!(c["cites"], serde_json::json!([5]));
    let r = &c["reasons"][0];
    for key in ["code", "message", "sources", "terms"] {
        assert!(!r[key].is_null(), "reason.{key}");
    }
    assert!(
        items.iter().all(|c| c["verdict"] != "supported"),
        "check lists only what is not supported"
    );
}

#[test]
fn export_carries_the_analysts_flags() {
    let d = tempfile::tempdir().unwrap();
    let mut flags = briefbench::flags::Flags::open(d.path(), "meta-ai-strategy").unwrap();
    flags.set_mark(
        "hardware-organization.3",
        Some(briefbench::flags::Mark::Disputed),
    );
    flags.set_note(
        "hardware-organization.3",
        "source 5 is about 2026 chips, not MTIA 3",
    );
    flags.save().unwrap();
    let out = d.path().join("review.md");
    let o = run(
        &["export", "--format", "md", "-o", out.to_str().unwrap()],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("analyst: **disputed**"), "{md}");
    assert!(
        md.contains("  - Note:\n    > source 5 is about 2026 chips, not MTIA 3"),
        "{md}"
    );
    // --data-dir overrides the environment.
    let other = tempfile::tempdir().unwrap();
    let o = run(
        &[
            "export",
            "--format",
            "json",
            "--data-dir",
            other.path().to_str().unwrap(),
        ],
        d.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["mark"].is_null())
    );
    let o = run(&["export", "--format", "csv"], d.path());
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("hardware-organization.3,") && l.contains("disputed"))
    );
}

#[test]
fn escape_sequences_in_a_brief_never_reach_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    let evil = DEFAULT_BRIEF.replacen(
        "The MTIA 3 is specifically",
        "The \\u{1b}]52;c;ZXZpbA==\\u{7}MTIA \\u{1b}[2J3\\u{9b}31m\\u{202e} is specifically",
        1,
    );
    let file = write(d.path(), "evil.ron", &evil);
    for args in [
        vec!["check", &file],
        vec!["export", &file, "--format", "md"],
        vec!["export", &file, "--format", "csv"],
    ] {
        let o = run(&args, d.path());
        let out = stdout(&o);
        assert!(out.contains("MTIA"), "{args:?}");
        assert!(
            !out.contains('\x1b')
                && !out.contains('\x07')
                && !out.contains('\u{9b}')
                && !out.contains('\u{202e}'),
            "{args:?}"
        );
    }
}

#[test]
fn help_and_version() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["--version"], d.path());
    assert!(stdout(&o).starts_with("briefbench "));
    for cmd in [
        vec!["--help"],
        vec!["validate", "--help"],
        vec!["check", "--help"],
        vec!["export", "--help"],
    ] {
        let o = run(&cmd, d.path());
        assert_eq!(o.status.code(), Some(0), "{cmd:?}");
        assert!(stdout(&o).contains("Usage: briefbench"), "{cmd:?}");
    }
    assert_eq!(
        run(&["check", "--format", "xml"], d.path()).status.code(),
        Some(2)
    );
}

#[test]
fn import_writes_a_store_that_loads_and_text_briefs_open_directly() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("seed.ron");
    let o = run(
        &[
            "import",
            "tests/fixtures/seed-meta-ai-strategy.txt",
            "-o",
            out.to_str().unwrap(),
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    says(&stderr(&o), "7 sections, 53 claims, 20 sources");
    let o = run(&["validate", out.to_str().unwrap()], d.path());
    assert_eq!(o.status.code(), Some(0));
    // check, search and export read Markdown as they read RON.
    let o = run(
        &["check", "tests/fixtures/references.md", "--format", "json"],
        d.path(),
    );
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&o)).is_ok());
    let o = run(
        &["search", "tests/fixtures/footnotes.md", "reuters"],
        d.path(),
    );
    assert!(stdout(&o).starts_with("[2] "), "{}", stdout(&o));
    let bad = write(
        d.path(),
        "bad.md",
        "# T\n\nSales rose [1]. Then fell [7].\n\n## Sources\n\n1. A report - 2026-03-01\n",
    );
    // A marker with no source never blocks a brief: it imports, and the warning says where.
    let o = run(&["import", &bad], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "bad.md:3:27: warning[dangling-marker]: claim \"summary.2\" cites [7], but there is no source 7"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&["validate", &bad], d.path());
    assert_eq!(o.status.code(), Some(0));
    says(&stdout(&o), "bad.md:3:27: warning[dangling-marker]");
    assert_eq!(
        stdout(&o).matches("dangling-marker").count(),
        1,
        "the store's unlocated duplicate is dropped: {}",
        stdout(&o)
    );
    let empty = write(d.path(), "empty.txt", "");
    let o = run(&[&empty], d.path());
    assert_eq!(o.status.code(), Some(2));
    says(&stderr(&o), "empty.txt: the file is empty");
}

#[test]
fn search_from_the_command_line() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["search", "kenya"], d.path());
    let out = stdout(&o);
    let numbers: Vec<&str> = out.lines().map(|l| l.split(']').next().unwrap()).collect();
    assert_eq!(numbers.len(), 3);
    for n in ["[8", "[9", "[18"] {
        assert!(numbers.contains(&n), "{numbers:?}");
    }
    let o = run(
        &[
            "search",
            "--claims",
            "superintelligence",
            "--format",
            "json",
            "--limit",
            "2",
        ],
        d.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert!(v[0]["text"].as_str().unwrap().contains("superintelligence"));
    let o = run(&["search", "lang:nl"], d.path());
    assert_eq!(stdout(&o).lines().count(), 2);
    // The words after the brief are one query, as if quoted.
    let store = format!("{}/data/meta-ai-strategy.ron", env!("CARGO_MANIFEST_DIR"));
    let quoted = run(&["search", &store, "svenska dagbladet"], d.path());
    let words = run(&["search", &store, "svenska", "dagbladet"], d.path());
    assert_eq!(words.status.code(), Some(0), "{}", stderr(&words));
    assert!(!stdout(&quoted).is_empty());
    assert_eq!(stdout(&words), stdout(&quoted));
    let o = run(&["search", "kind:blog"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("kind:blog"));
}

#[test]
fn search_on_a_large_brief_is_cached_and_never_stale() {
    let d = tempfile::tempdir().unwrap();
    let brief = briefbench::synth::brief(7, 4_000, 1_000, 8);
    let mut text = briefbench::store::to_ron_string(&brief);
    assert!(
        text.len() > 1 << 20,
        "large enough to be cached: {}",
        text.len()
    );
    let store = write(d.path(), "big.ron", &text);
    let cache_files = || {
        std::fs::read_dir(d.path().join("cache"))
            .map(|r| r.count())
            .unwrap_or(0)
    };
    let first = run(&["search", &store, "nvidia", "--format", "json"], d.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(cache_files(), 1, "the first search writes the cache");
    let second = run(&["search", &store, "nvidia", "--format", "json"], d.path());
    assert_eq!(
        stdout(&second),
        stdout(&first),
        "the cache answers as the brief does"
    );
    let uncached = run(
        &["search", &store, "nvidia", "--format", "json", "--no-cache"],
        d.path(),
    );
    assert_eq!(stdout(&uncached), stdout(&first));
    let claims = run(&["search", &store, "--claims", "meta"], d.path());
    let claims_uncached = run(
        &["search", &store, "--claims", "meta", "--no-cache"],
        d.path(),
    );
    assert!(!stdout(&claims).is_empty());
    assert_eq!(stdout(&claims), stdout(&claims_uncached));

    // Edit a source: the next search sees the edit, not the cached index.
    let word = "zyxwvutsrq";
    assert!(stdout(&run(&["search", &store, word], d.path())).is_empty());
    // The first source's text (claims come first in the file, then the sources).
    let sources_at = text.find("sources: [").expect("a sources list");
    let at = sources_at + text[sources_at..].find("text: \"").unwrap() + "text: \"".len();
    text.insert_str(at, &format!("{word} "));
    std::fs::write(&store, &text).unwrap();
    let edited = run(&["search", &store, word], d.path());
    assert_eq!(stdout(&edited).lines().count(), 1, "{}", stdout(&edited));

    // A damaged cache file is rebuilt, not trusted.
    for entry in std::fs::read_dir(d.path().join("cache")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"BBSEARCH garbage").unwrap();
    }
    let again = run(&["search", &store, word], d.path());
    assert_eq!(stdout(&again), stdout(&edited));
}

#[test]
fn flag_from_the_command_line() {
    let d = tempfile::tempdir().unwrap();
    // A global option before the command is the command's, not a file to open.
    let dd = d.path().to_str().unwrap();
    let o = run(
        &[
            "--data-dir",
            dd,
            "flag",
            "summary.2",
            "summary.3",
            "--mark",
            "weak",
            "--note",
            "thin",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    says(&stderr(&o), "2 claims flagged");
    let o = run(&["export", "--format", "json"], d.path());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let claim = |id: &str| {
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(claim("summary.2")["mark"], "weak");
    assert_eq!(claim("summary.3")["note"], "thin");
    // Each source with its kind and language; the seed's are given, not guessed.
    let eighth = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["number"] == 8)
        .cloned()
        .unwrap();
    assert_eq!(eighth["kind"], "social", "{eighth}");
    assert_eq!(eighth["lang"], "it", "{eighth}");
    assert_eq!(eighth["guessed"], serde_json::json!([]), "{eighth}");
    // `none` clears the verdict and keeps the note.
    let o = run(&["flag", "summary.2", "--mark", "none"], d.path());
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["export", "--format", "json"], d.path()))).unwrap();
    let c2 = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "summary.2")
        .unwrap()
        .clone();
    assert!(c2["mark"].is_null(), "{c2}");
    assert_eq!(c2["note"], "thin");

    let o = run(&["flag", "summary.99", "--mark", "weak"], d.path());
    assert_eq!(o.status.code(), Some(2));
    says(&stderr(&o), "no claim summary.99");
    let o = run(&["flag", "summary.1"], d.path());
    assert_eq!(o.status.code(), Some(2), "a mark or a note is required");
    let o = run(&["--data-dir", dd, "check"], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn config_is_shown_with_its_origin_and_a_bad_one_falls_back_to_the_defaults() {
    let d = tempfile::tempdir().unwrap();
    // No file: the defaults, every rebindable action with its keys.
    let o = run(&["config"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("// no file at "), "{out}");
    assert!(out.contains("config.ron: the defaults"), "{out}");
    assert!(out.contains("\"quit\": [\"q\", \"Ctrl-c\"]"), "{out}");
    assert!(out.contains("theme: dark"), "{out}");

    // A file: its theme, keys, default brief and data directory are used.
    let flags_dir = d.path().join("elsewhere");
    write(
        d.path(),
        "config.ron",
        &format!(
            "(\n  theme: light,\n  keys: {{\"quit\": [\"x\"]}},\n  default_brief: Some({:?}),\n  data_dir: Some({:?}),\n)",
            std::fs::canonicalize("tests/fixtures/footnotes.md").unwrap(),
            flags_dir
        ),
    );
    let o = run(&["config"], d.path());
    let out = stdout(&o);
    assert!(out.starts_with("// from "), "{out}");
    assert!(out.contains("theme: light"), "{out}");
    assert!(
        out.contains("\"quit\": [\"x\", \"Ctrl-c\"]"),
        "Ctrl-c always quits: {out}"
    );
    let o = run(&["validate"], d.path());
    says(&stdout(&o), "footnotes.md: ok: 2 sections, 6 claims");
    // The data dir from the config, unless the command line (here: the env) names one.
    let o = bin(d.path())
        .args(["flag", "summary.1", "--mark", "weak"])
        .env_remove("BRIEFBENCH_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    says(&stderr(&o), "elsewhere");

    // A typo: line and column, exit 2 for `config`, a warning and the defaults elsewhere.
    write(d.path(), "config.ron", "(\n  theme: purple,\n)");
    let o = run(&["config"], d.path());
    assert_eq!(o.status.code(), Some(2));
    says(&stderr(&o), "config.ron:2:");
    assert!(
        stdout(&o).contains("theme: dark"),
        "the defaults are printed"
    );
    let o = run(&["validate"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("config.ron:2:") && stderr(&o).contains("using the defaults"));
    assert!(stdout(&o).contains("53 claims"), "the embedded brief again");

    // A colour that is not one, or a style that does not exist: a RON error at its line
    // and column (the first character of the string), exit 2, and the defaults.
    let o = config_refused(
        d.path(),
        "(\n  keys: {\"quit\": [\"x\"], \"open_search\": [\"Ctrl-f\"]},\n  colors: {\"marker\": \"blurple\"},\n)",
    );
    says(
        &stderr(&o),
        "config.ron:3:23: colors: marker: \"blurple\" is not a colour",
    );
    assert!(
        stdout(&o).contains("\"open_search\": [\"/\"]"),
        "the defaults are used: {}",
        stdout(&o)
    );
    let o = config_refused(
        d.path(),
        "(\n  colors: {\n    \"weak\": \"red\",\n    \"markr\": \"blue\",\n  },\n)",
    );
    says(
        &stderr(&o),
        "config.ron:4:6: colors: no style \"markr\" (one of: text, dim,",
    );
    // Two keys that are not ones: the first (by action name) at its line and column, and
    // how many more.
    let o = config_refused(
        d.path(),
        "(\n  keys: {\"quit\": [\"Hyper-q\"], \"open_search\": [\"Ctrl-f\", \"Hyper-x\"]},\n)",
    );
    assert!(
        stderr(&o).contains("config.ron:2:57: keys: open_search: \"Hyper-x\" is not a key")
            && stderr(&o).contains("(and 1 more)"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("\"open_search\": [\"/\"]"),
        "the defaults are used: {}",
        stdout(&o)
    );
    let o = config_refused(d.path(), "(keys: {\"quit\": [\"Hyper-q\"]})");
    says(
        &stderr(&o),
        "config.ron:1:18: keys: quit: \"Hyper-q\" is not a key",
    );
    let o = run(&["validate"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("config.ron:1:18:") && stderr(&o).contains("using the defaults"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn config_keys_are_as_case_blind_as_terminals_and_ctrl_c_always_quits() {
    let d = tempfile::tempdir().unwrap();
    // Terminals send Ctrl-Q as Ctrl-q: accepted, and written as the workbench reads it.
    write(d.path(), "config.ron", "(keys: {\"quit\": [\"Ctrl-Q\"]})");
    let o = run(&["config"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    says(&stdout(&o), "\"quit\": [\"Ctrl-q\", \"Ctrl-c\"]");
    // No config takes Ctrl-c from quitting.
    let o = config_refused(
        d.path(),
        "(\n  keys: {\n    \"open_search\": [\"Ctrl-c\"],\n  },\n)",
    );
    says(
        &stderr(&o),
        "config.ron:3:21: keys: open_search: Ctrl-c always quits",
    );
}

#[test]
fn completions_and_man_page() {
    let d = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_briefbench"),
        ("zsh", "#compdef briefbench"),
        ("fish", "complete -c briefbench"),
    ] {
        let o = run(&["completions", shell], d.path());
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert!(out.contains(marker), "{shell}: {out}");
        for sub in ["check", "search", "flag", "import", "export", "config"] {
            assert!(out.contains(sub), "{shell} completes {sub}");
        }
    }
    let o = run(&["man"], d.path());
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    assert!(
        man.starts_with(".ie") || man.contains(".TH briefbench"),
        "{man}"
    );
    assert!(
        man.contains("search") && man.contains("data\\-dir"),
        "{man}"
    );
}

#[test]
fn search_spans_every_brief_in_a_folder() {
    let d = tempfile::tempdir().unwrap();
    let lib = d.path().join("briefs");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("meta.ron"), DEFAULT_BRIEF).unwrap();
    for f in ["footnotes.md", "references.md"] {
        std::fs::copy(format!("tests/fixtures/{f}"), lib.join(f)).unwrap();
    }
    let o = run(
        &["search", lib.to_str().unwrap(), "china", "--limit", "50"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let briefs: std::collections::BTreeSet<&str> =
        out.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        briefs.into_iter().collect::<Vec<_>>(),
        vec!["footnotes.md", "meta.ron", "references.md"],
        "{out}"
    );
    let o = run(
        &["search", lib.to_str().unwrap(), "kenya", "--format", "json"],
        d.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|h| h["brief"] == "meta.ron"),
        "{v}"
    );
    assert_eq!(v.as_array().unwrap().len(), 3);
}

#[test]
fn counts_of_one_are_singular() {
    let d = tempfile::tempdir().unwrap();
    let one = write(
        d.path(),
        "one.ron",
        r#"(schema: 1, id: "one", title: "One", date: "2026-03-08",
            sections: [(id: "s", kind: Body, claims: [
                (id: "s.1", text: "Meta tests a shopping feature in its AI tool to rival ChatGPT [1]."),
            ])],
            sources: [
                (number: 1, date: "2026-03-03", kind: News, lang: "en", outlet: "Reuters",
                 text: "Meta tests shopping feature in AI tool to rival ChatGPT"),
            ])"#,
    );
    let o = run(&["validate", &one], d.path());
    says(&stdout(&o), "ok: 1 section, 1 claim, 1 source, 0 warnings");
    let o = run(&["check", &one], d.path());
    says(&stdout(&o), ": 1 claim: 1 supported");
    let dd = d.path().join("data");
    let o = run(
        &[
            "--data-dir",
            dd.to_str().unwrap(),
            "flag",
            "s.1",
            "--brief",
            &one,
            "--mark",
            "weak",
        ],
        d.path(),
    );
    says(&stderr(&o), "1 claim flagged");
}

/// Standard output that fails (a full disk) is no fault of the input: the report says what
/// was being done and what failed, and the exit code (3) is neither "found" nor "bad input".
#[test]
fn a_failing_standard_output_is_reported_with_its_context_and_exits_3() {
    let d = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = bin(d.path())
        .args(["check", "--fail-on", "weak"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("briefbench: "), "{err}");
    assert!(err.contains("writing to standard output"), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        !err.contains('\x1b'),
        "no escape reaches the terminal: {err:?}"
    );
}

#[test]
fn check_on_a_large_brief_is_cached_and_never_stale_and_cache_clear_empties_it() {
    let d = tempfile::tempdir().unwrap();
    let brief = briefbench::synth::brief(7, 4_000, 1_000, 8);
    let mut text = briefbench::store::to_ron_string(&brief);
    assert!(text.len() > 1 << 20, "large enough to be cached");
    let store = write(d.path(), "big.ron", &text);
    let cached_briefs = || {
        std::fs::read_dir(d.path().join("cache")).map_or(0, |r| {
            r.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("brief-"))
            })
            .count()
        })
    };
    let first = run(&["check", &store, "--format", "json"], d.path());
    assert_eq!(cached_briefs(), 1, "the first check writes the cache");
    let second = run(&["check", &store, "--format", "json"], d.path());
    assert_eq!(
        stdout(&second),
        stdout(&first),
        "the cache answers as the brief"
    );
    assert_eq!(second.status.code(), first.status.code());
    let csv = |d: &Path| stdout(&run(&["export", &store, "--format", "csv"], d));
    assert_eq!(csv(d.path()), csv(d.path()));
    // The text report from the cache (which leaves the sources unread) is the report of a
    // run with a cache of its own, cold.
    let cold = tempfile::tempdir().unwrap();
    let warm_text = run(&["check", &store], d.path());
    assert_eq!(
        stdout(&warm_text),
        stdout(&run(&["check", &store], cold.path()))
    );
    assert!(
        stdout(&warm_text).contains(" claims: "),
        "{}",
        stdout(&warm_text)
    );

    // An edited claim is seen at once.
    let word = "zyxwvutsrq";
    let at = text.find("text: \"").unwrap() + "text: \"".len();
    text.insert_str(at, &format!("{word} "));
    std::fs::write(&store, &text).unwrap();
    let edited = run(&["check", &store, "--format", "json"], d.path());
    assert!(stdout(&edited).contains(word));
    assert!(!stdout(&first).contains(word));

    let info = run(&["cache", "info"], d.path());
    assert_eq!(info.status.code(), Some(0), "{}", stderr(&info));
    assert!(stdout(&info).contains("1 briefs"), "{}", stdout(&info));
    let clear = run(&["cache", "clear"], d.path());
    assert_eq!(clear.status.code(), Some(0), "{}", stderr(&clear));
    assert!(
        stdout(&clear).contains("removed 1 files"),
        "{}",
        stdout(&clear)
    );
    assert_eq!(cached_briefs(), 0);
    let after = run(&["check", &store, "--format", "json"], d.path());
    assert_eq!(stdout(&after), stdout(&edited));
}

#[test]
fn check_quiet_prints_nothing_and_exits_as_the_full_check() {
    let d = tempfile::tempdir().unwrap();
    let mut codes = Vec::new();
    for fail_on in ["weak", "unsupported", "uncited"] {
        let full = run(&["check", "--fail-on", fail_on], d.path());
        let quiet = run(&["check", "--quiet", "--fail-on", fail_on], d.path());
        assert_eq!(quiet.status.code(), full.status.code(), "{fail_on}");
        assert!(quiet.stdout.is_empty(), "{}", stdout(&quiet));
        assert!(!full.stdout.is_empty());
        codes.push(quiet.status.code());
    }
    assert!(
        codes.contains(&Some(1)),
        "the seed has weak claims: {codes:?}"
    );
    // A brief whose one claim its source states passes, quietly.
    let store = write(
        d.path(),
        "ok.ron",
        r#"(schema: 1, id: "ok", title: "Ok", date: "2026-03-01",
            sections: [(id: "s", kind: Body, claims: [
                (id: "s.1", text: "Nvidia shipped 4,000 Blackwell chips to Kenya in March [1]."),
            ])],
            sources: [(number: 1, date: "2026-03-01", kind: News, lang: "en",
                text: "Nvidia shipped 4,000 Blackwell chips to Kenya in March.")])"#,
    );
    let full = run(&["check", &store, "--fail-on", "weak"], d.path());
    assert_eq!(
        full.status.code(),
        Some(0),
        "{}{}",
        stdout(&full),
        stderr(&full)
    );
    let quiet = run(&["check", &store, "-q", "--fail-on", "weak"], d.path());
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty());
}

/// A file name holding a line break and an escape is named on one line, inert: the error
/// stays one line a script can read.
#[test]
fn a_file_name_with_a_line_break_is_named_on_one_line() {
    let d = tempfile::tempdir().unwrap();
    let store = write(d.path(), "bad\nname\x1b[2J.ron", "x");
    let out = run(&["validate", &store], d.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
    assert!(err.contains("bad name"), "{err:?}");
    assert!(!err.contains('\x1b'), "{err:?}");
}

/// `search` on a large store checks it for errors while it builds the index: a brief with
/// an error is refused as `validate` refuses it, with or without the cache.
#[test]
fn search_refuses_a_large_store_with_an_error_as_validate_does() {
    let d = tempfile::tempdir().unwrap();
    let brief = briefbench::synth::brief(11, 4_000, 1_000, 8);
    let first = brief.sections[0].claims[0].id.clone();
    let second = brief.sections[0].claims[1].id.clone();
    let text = briefbench::store::to_ron_string(&brief).replacen(
        &format!("id: \"{second}\""),
        &format!("id: \"{first}\""),
        1,
    );
    assert!(
        text.len() > 1 << 20,
        "large enough to be checked on a thread"
    );
    let store = write(d.path(), "big.ron", &text);
    let validated = run(&["validate", &store], d.path());
    assert_eq!(validated.status.code(), Some(2), "{}", stderr(&validated));
    let said = stderr(&validated)
        .lines()
        .find(|l| l.contains("duplicate-claim-id"))
        .expect("the error, located")
        .trim()
        .to_string();
    for args in [
        vec!["search", "--no-cache", &store, "x"],
        vec!["search", &store, "x"],
    ] {
        let out = run(&args, d.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(&said), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}
