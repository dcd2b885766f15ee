//! The fast reader against `ron`, differentially: on generated briefs written every way a
//! store may be (by the store, by `ron` compact and pretty, and by a writer that varies every
//! choice RON leaves open) it reads what `ron` reads; on broken and mutated text it either
//! declines or reads exactly what `ron` reads, and the loader's errors stay `ron`'s.

use std::collections::BTreeSet;

use briefbench::model::{Brief, Claim, Guessed, Section, SectionKind, Source, SourceKind, Start};
use briefbench::ron_error::RonError;
use briefbench::ron_fast;
use briefbench::store::{self, DEFAULT_BRIEF, LoadError};
use briefbench::synth::Rng;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Cases a property; `BRIEFBENCH_FUZZ_CASES` runs more (or fewer) by hand.
fn config(cases: u32) -> Config {
    let cases = std::env::var("BRIEFBENCH_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x0f57_2026_0017),
        failure_persistence: None,
        ..Config::default()
    }
}

fn ron(text: &str) -> Result<Brief, ron::error::SpannedError> {
    store::ron_options().from_str(text)
}

/// The contract: the fast reader declines, or reads what `ron` reads.
fn agrees(text: &str) -> Result<(), TestCaseError> {
    if let Some(fast) = ron_fast::from_str::<Brief>(text) {
        match ron(text) {
            Ok(slow) => prop_assert_eq!(fast, slow, "{:?}", text),
            Err(e) => prop_assert!(false, "read where ron errs ({}): {:?}", e, text),
        }
    }
    Ok(())
}

/// Read by both, to the same brief.
fn both_read(text: &str, brief: &Brief) -> Result<(), TestCaseError> {
    let slow = ron(text);
    prop_assert!(slow.is_ok(), "ron: {:?} on {:?}", slow, text);
    prop_assert_eq!(slow.as_ref().unwrap(), brief, "ron's reading of {:?}", text);
    let fast = ron_fast::from_str::<Brief>(text);
    prop_assert!(fast.is_some(), "declined: {:?}", text);
    prop_assert_eq!(fast.as_ref().unwrap(), brief, "{:?}", text);
    Ok(())
}

/// The loader answers what `ron` alone would: the same brief, or `ron`'s error byte for byte.
fn loader_is_rons(text: &str) -> Result<(), TestCaseError> {
    let loaded = store::parse_str(text, "m.ron");
    match ron(text.strip_prefix('\u{feff}').unwrap_or(text)) {
        Ok(brief) if brief.schema == briefbench::model::SCHEMA_VERSION => {
            prop_assert_eq!(loaded.ok(), Some(brief))
        }
        Ok(_) => {
            let schema_refused = matches!(loaded, Err(LoadError::Other { .. }));
            prop_assert!(schema_refused, "{:?}", loaded.map(|_| ()));
        }
        Err(e) => prop_assert_eq!(
            loaded.err().map(|e| e.to_string()),
            Some(RonError::new("m.ron", &e).to_string())
        ),
    }
    Ok(())
}

// ---- Generated briefs ----

/// Text with what is hard for a RON string: quotes, backslashes, hashes, comment and
/// keyword look-alikes, control characters, RON's non-ASCII whitespace, CJK and emoji.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9 .,:;!?()\\[\\]-]{1,8}",
        3 => prop::sample::select(vec![
            "\"", "\\", "'", "\n", "\r\n", "\t", "\0", "\u{1}", "\u{1b}[2J", "\u{7}", "\u{7f}",
            "\u{85}", "\u{a0}", "\u{200e}", "\u{2028}", "\u{202e}", "\u{feff}", "#", "##",
            "\"#", "\"##", "r#\"", "/*", "*/", "//", "\\u{41}", "\\x41", "進軍", "市場",
            "Мета", "🚨", "👨\u{200d}👩\u{200d}👧", "‼\u{fe0f}", "e\u{301}", "\u{10ffff}",
            "None", "Some(", "[^1]", "[2]",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

fn guessed() -> impl Strategy<Value = BTreeSet<Guessed>> {
    prop::collection::btree_set(
        prop::sample::select(vec![Guessed::Date, Guessed::Lang, Guessed::Kind]),
        0..3,
    )
}

fn claim() -> impl Strategy<Value = Claim> {
    (
        text(),
        prop::sample::select(vec![Start::Sentence, Start::Paragraph, Start::Bullet]),
        text(),
    )
        .prop_map(|(id, start, text)| Claim { id, start, text })
}

fn section() -> impl Strategy<Value = Section> {
    (
        text(),
        prop::option::of(text()),
        prop::sample::select(vec![
            SectionKind::Summary,
            SectionKind::Body,
            SectionKind::Implications,
            SectionKind::Takeaways,
            SectionKind::Other,
        ]),
        prop::collection::vec(claim(), 0..4),
    )
        .prop_map(|(id, heading, kind, claims)| Section {
            id,
            heading,
            kind,
            claims,
        })
}

fn source() -> impl Strategy<Value = Source> {
    (
        any::<u32>(),
        text(),
        prop::sample::select(vec![
            SourceKind::Filing,
            SourceKind::News,
            SourceKind::Analysis,
            SourceKind::Social,
            SourceKind::Other,
        ]),
        text(),
        prop::collection::vec(prop::option::of(text()), 5),
        text(),
        guessed(),
    )
        .prop_map(
            |(number, date, kind, lang, mut opt, text, guessed)| Source {
                number,
                date: date.into(),
                kind,
                lang: lang.into(),
                url: opt.pop().unwrap(),
                outlet: opt.pop().unwrap().map(Into::into),
                author: opt.pop().unwrap(),
                title: opt.pop().unwrap(),
                text,
                gloss: opt.pop().unwrap(),
                guessed,
            },
        )
}

fn brief() -> impl Strategy<Value = Brief> {
    (
        prop_oneof![3 => Just(1u32), 1 => any::<u32>()],
        (text(), text(), text()),
        guessed(),
        (prop::option::of(text()), prop::option::of(text())),
        prop::collection::vec(section(), 0..3),
        prop::collection::vec(source(), 0..4),
    )
        .prop_map(
            |(schema, (id, title, date), guessed, (subtitle, summary), sections, sources)| Brief {
                schema,
                id,
                title,
                date,
                guessed,
                subtitle,
                summary,
                sections,
                sources,
            },
        )
}

// ---- A writer that varies what RON leaves open ----

/// A brief as the tree a RON writer walks.
enum V {
    Str(String),
    Num(u32),
    Ident(&'static str),
    Seq(Vec<V>),
    Struct(&'static str, Vec<(&'static str, Field)>),
}

enum Field {
    Required(V),
    /// An `Option`: absent or `None`; or the value, plain or in `Some(…)`.
    Optional(Option<V>),
    /// A `#[serde(default)]` field: may be left out when it holds the default.
    Defaulted(V, bool),
}

fn opt_str(o: &Option<String>) -> Field {
    Field::Optional(o.clone().map(V::Str))
}

fn set(g: &BTreeSet<Guessed>) -> Field {
    let items = g
        .iter()
        .map(|g| V::Str(<&str>::from(*g).to_string()))
        .collect();
    Field::Defaulted(V::Seq(items), g.is_empty())
}

fn tree(b: &Brief) -> V {
    let claim = |c: &Claim| {
        let start = match c.start {
            Start::Sentence => "Sentence",
            Start::Paragraph => "Paragraph",
            Start::Bullet => "Bullet",
        };
        V::Struct(
            "Claim",
            vec![
                ("id", Field::Required(V::Str(c.id.clone()))),
                (
                    "start",
                    Field::Defaulted(V::Ident(start), c.start == Start::Sentence),
                ),
                ("text", Field::Required(V::Str(c.text.clone()))),
            ],
        )
    };
    let section = |s: &Section| {
        let kind = match s.kind {
            SectionKind::Summary => "Summary",
            SectionKind::Body => "Body",
            SectionKind::Implications => "Implications",
            SectionKind::Takeaways => "Takeaways",
            SectionKind::Other => "Other",
        };
        V::Struct(
            "Section",
            vec![
                ("id", Field::Required(V::Str(s.id.clone()))),
                ("heading", opt_str(&s.heading)),
                ("kind", Field::Required(V::Ident(kind))),
                (
                    "claims",
                    Field::Required(V::Seq(s.claims.iter().map(claim).collect())),
                ),
            ],
        )
    };
    let source = |s: &Source| {
        let kind = match s.kind {
            SourceKind::Filing => "Filing",
            SourceKind::News => "News",
            SourceKind::Analysis => "Analysis",
            SourceKind::Social => "Social",
            SourceKind::Other => "Other",
        };
        V::Struct(
            "Source",
            vec![
                ("number", Field::Required(V::Num(s.number))),
                ("date", Field::Required(V::Str(s.date.to_string()))),
                ("kind", Field::Required(V::Ident(kind))),
                ("lang", Field::Required(V::Str(s.lang.to_string()))),
                ("url", opt_str(&s.url)),
                (
                    "outlet",
                    opt_str(&s.outlet.as_ref().map(ToString::to_string)),
                ),
                ("author", opt_str(&s.author)),
                ("title", opt_str(&s.title)),
                ("text", Field::Required(V::Str(s.text.clone()))),
                ("gloss", opt_str(&s.gloss)),
                ("guessed", set(&s.guessed)),
            ],
        )
    };
    V::Struct(
        "Brief",
        vec![
            ("schema", Field::Required(V::Num(b.schema))),
            ("id", Field::Required(V::Str(b.id.clone()))),
            ("title", Field::Required(V::Str(b.title.clone()))),
            ("date", Field::Required(V::Str(b.date.clone()))),
            ("guessed", set(&b.guessed)),
            ("subtitle", opt_str(&b.subtitle)),
            ("summary", opt_str(&b.summary)),
            (
                "sections",
                Field::Required(V::Seq(b.sections.iter().map(section).collect())),
            ),
            (
                "sources",
                Field::Required(V::Seq(b.sources.iter().map(source).collect())),
            ),
        ],
    )
}

/// Writes RON in the subset the fast reader reads, making every free choice at random.
struct Writer {
    rng: Rng,
    out: String,
}

impl Writer {
    fn coin(&mut self, one_in: usize) -> bool {
        self.rng.chance(one_in)
    }

    /// Whitespace and comments, where RON allows them: between any two tokens.
    fn gap(&mut self) {
        if self.coin(2) {
            return;
        }
        for _ in 0..=self.rng.below(2) {
            let piece = self.rng.pick(&[
                " ",
                "  ",
                "\n",
                "\t",
                "\r\n",
                "\x0B",
                "\x0C",
                "\n        ",
                "// a comment\n",
                "//\n",
                "// /* not a block */ \"not a string\n",
                "/* block */",
                "/**/",
                "/***/",
                "/* 進軍 🚨 // not a line */",
                "/* a * b / c */",
                "/*/ half */",
                "/* ) ] , */",
            ]);
            self.out.push_str(piece);
        }
    }

    fn string(&mut self, s: &str) {
        if self.coin(4) {
            // Raw, with more hashes than any run in the text.
            let mut run = 0;
            let mut most = 0;
            for c in s.chars() {
                run = if c == '#' { run + 1 } else { 0 };
                most = most.max(run);
            }
            let hashes = "#".repeat(most + 1 + self.rng.below(2));
            let quote_free = !s.contains('"');
            let hashes = if quote_free && self.coin(2) {
                String::new()
            } else {
                hashes
            };
            self.out.push('r');
            self.out.push_str(&hashes);
            self.out.push('"');
            self.out.push_str(s);
            self.out.push('"');
            self.out.push_str(&hashes);
            return;
        }
        self.out.push('"');
        for c in s.chars() {
            match (c, self.rng.below(6)) {
                ('"', _) => self.out.push_str("\\\""),
                ('\\', _) => self.out.push_str("\\\\"),
                ('\n', 0) => self.out.push_str("\\n"),
                ('\r', 0) => self.out.push_str("\\r"),
                ('\t', 0) => self.out.push_str("\\t"),
                ('\0', 0) => self.out.push_str("\\0"),
                ('\'', 0) => self.out.push_str("\\'"),
                (c, 1) => {
                    let hex = format!("{:x}", c as u32);
                    let pad = self.rng.below(7 - hex.len());
                    let hex = format!("{}{hex}", "0".repeat(pad));
                    let hex = if self.coin(2) {
                        hex.to_uppercase()
                    } else {
                        hex
                    };
                    self.out.push_str(&format!("\\u{{{hex}}}"));
                }
                (c, 2) if c.is_ascii() => {
                    let hex = format!("{:02x}", c as u32);
                    let hex = if self.coin(2) {
                        hex.to_uppercase()
                    } else {
                        hex
                    };
                    self.out.push_str(&format!("\\x{hex}"));
                }
                (c, _) => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, v: &V) {
        match v {
            V::Str(s) => self.string(s),
            V::Num(n) => {
                let zeros = if self.coin(8) { "00" } else { "" };
                self.out.push_str(&format!("{zeros}{n}"));
            }
            V::Ident(i) => self.out.push_str(i),
            V::Seq(items) => {
                self.out.push('[');
                self.list(items.iter(), |w, item| w.value(item));
                self.out.push(']');
            }
            V::Struct(name, fields) => {
                if self.coin(3) {
                    self.out.push_str(name);
                    self.gap();
                }
                self.out.push('(');
                let mut present: Vec<(&str, &Field)> = fields
                    .iter()
                    .filter(|(_, f)| match f {
                        Field::Required(_) => true,
                        Field::Optional(v) => v.is_some() || self.rng.chance(3),
                        Field::Defaulted(_, default) => !default || self.rng.chance(3),
                    })
                    .map(|(n, f)| (*n, f))
                    .collect();
                // Fields in any order, now and then.
                if self.coin(3) {
                    for i in (1..present.len()).rev() {
                        present.swap(i, self.rng.below(i + 1));
                    }
                }
                self.list(present.into_iter(), |w, (name, field)| {
                    w.out.push_str(name);
                    w.gap();
                    w.out.push(':');
                    w.gap();
                    match field {
                        Field::Required(v) | Field::Defaulted(v, _) => w.value(v),
                        Field::Optional(None) => w.out.push_str("None"),
                        Field::Optional(Some(v)) if w.coin(3) => {
                            w.out.push_str("Some");
                            w.gap();
                            w.out.push('(');
                            w.gap();
                            w.value(v);
                            w.gap();
                            if w.coin(3) {
                                w.out.push(',');
                                w.gap();
                            }
                            w.out.push(')');
                        }
                        Field::Optional(Some(v)) => w.value(v),
                    }
                });
                self.out.push(')');
            }
        }
    }

    /// Items separated by commas, with or without one after the last.
    fn list<T>(
        &mut self,
        items: impl ExactSizeIterator<Item = T>,
        mut each: impl FnMut(&mut Self, T),
    ) {
        let n = items.len();
        self.gap();
        for (i, item) in items.enumerate() {
            each(self, item);
            self.gap();
            if i + 1 < n || self.coin(2) {
                self.out.push(',');
                self.gap();
            }
        }
    }
}

fn varied(brief: &Brief, seed: u64) -> String {
    let mut w = Writer {
        rng: Rng::new(seed),
        out: String::new(),
    };
    w.gap();
    if w.coin(3) {
        w.out.push_str("#![enable(implicit_some)]");
        w.gap();
    }
    w.value(&tree(brief));
    w.gap();
    w.out
}

// ---- Mutations ----

/// One edit at a place given as a fraction of the text (1.0: the end).
#[derive(Debug, Clone)]
enum Edit {
    Truncate,
    Delete(usize),
    Insert(String),
    /// An ASCII byte with one bit flipped (staying ASCII), or another character put in.
    Flip(u8, char),
}

fn edit() -> impl Strategy<Value = (f64, Edit)> {
    let junk = prop_oneof![
        2 => prop::sample::select(vec![
            "(", ")", "[", "]", "{", "}", ":", ",", "\"", "\\", "\\u{", "\\x", "\\xC3\\xA9",
            "r#\"", "\"#", "#", "r#", "Some(", "Some", "None", "/*", "*/", "//", "\n", " ",
            "Brief", "Section", "Claim", "0x1F", "1_000", "-", "+", "'", "b\"", "\u{2028}",
            "\u{85}", "1.5", "4294967296", "schema: 2,", "start: Bullet,", "kind: Blog,",
            "guessed: [\"lang\"],", "guessed: [\"title\"],", "url: Some(\"u\"),", "url: \"u\",",
            "url: None,", "#![enable(implicit_some)]", "#![enable(unwrap_newtypes)]",
            "text: \"t\",", "id: r\"x\",", "/* /* */ */", "\\u{D800}", "\u{feff}",
        ])
        .prop_map(str::to_string),
        1 => "\\PC{0,4}",
    ];
    let edit = prop_oneof![
        1 => Just(Edit::Truncate),
        1 => (1usize..12).prop_map(Edit::Delete),
        3 => junk.prop_map(Edit::Insert),
        2 => (0u8..7, any::<char>()).prop_map(|(bit, c)| Edit::Flip(bit, c)),
    ];
    // The ends are where a store's text starts and stops: they get edits of their own.
    let at = prop_oneof![8 => 0.0f64..1.0, 1 => Just(0.0), 1 => Just(1.0)];
    (at, edit)
}

fn apply(text: &str, (at, edit): &(f64, Edit)) -> String {
    let mut at = ((text.len() as f64 * at) as usize).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let (head, tail) = text.split_at(at);
    match edit {
        Edit::Truncate => head.to_string(),
        Edit::Delete(n) => {
            let mut end = (at + n).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            format!("{head}{}", &text[end..])
        }
        Edit::Insert(junk) => format!("{head}{junk}{tail}"),
        Edit::Flip(bit, c) => {
            let Some(old) = tail.chars().next() else {
                return text.to_string();
            };
            let new = if old.is_ascii() {
                char::from(old as u8 ^ (1 << bit))
            } else {
                *c
            };
            format!("{head}{new}{}", &tail[old.len_utf8()..])
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    /// What the store writes, what `ron` writes compact and pretty (struct names, raw
    /// strings), and the varied writer's text: the fast reader reads each as `ron` does.
    #[test]
    fn reads_every_way_a_brief_is_written(b in brief(), seed in any::<u64>()) {
        both_read(&store::to_ron_string(&b), &b)?;
        both_read(&ron::to_string(&b).unwrap(), &b)?;
        let pretty = ron::ser::PrettyConfig::new().struct_names(true).escape_strings(false);
        both_read(&ron::ser::to_string_pretty(&b, pretty).unwrap(), &b)?;
        for i in 0..4 {
            both_read(&varied(&b, seed.wrapping_add(i)), &b)?;
        }
    }

    /// Mutated text, generated briefs: declined, or read as `ron` reads it.
    #[test]
    fn mutated_briefs_are_declined_or_read_as_ron_does(
        b in brief(),
        seed in any::<u64>(),
        writer in 0..3usize,
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let text = match writer {
            0 => store::to_ron_string(&b),
            1 => ron::to_string(&b).unwrap(),
            _ => varied(&b, seed),
        };
        let text = edits.iter().fold(text, |t, e| apply(&t, e));
        agrees(&text)?;
        loader_is_rons(&text)?;
    }
}

proptest! {
    #![proptest_config(config(2000))]

    /// Mutated text, the embedded brief (comments, the `implicit_some` attribute).
    #[test]
    fn the_mutated_seed_is_declined_or_read_as_ron_does(edits in prop::collection::vec(edit(), 1..4)) {
        let text = edits.iter().fold(DEFAULT_BRIEF.to_string(), |t, e| apply(&t, e));
        agrees(&text)?;
        loader_is_rons(&text)?;
    }
}

/// Every cut of a store is declined unless what is left is a whole store (a cut in trailing
/// whitespace or a final comment), and then read as `ron` reads it.
#[test]
fn truncation_at_every_point() {
    let small = store::to_ron_string(&briefbench::synth::brief(7, 12, 10, 3));
    for text in [DEFAULT_BRIEF, small.as_str()] {
        let mut read = 0;
        for (at, _) in text.char_indices() {
            let cut = &text[..at];
            if let Some(fast) = ron_fast::from_str::<Brief>(cut) {
                assert_eq!(Some(fast), ron(cut).ok(), "cut at {at}");
                read += 1;
            }
        }
        assert!(read <= 1, "{read} cuts read");
        assert!(ron_fast::from_str::<Brief>(text).is_some());
    }
}

/// Each ASCII byte of the embedded brief flipped, one bit at a time (a stride keeps it quick).
#[test]
fn byte_flips_across_the_seed() {
    let bytes = DEFAULT_BRIEF.as_bytes();
    let mut read = 0;
    for at in (0..bytes.len()).step_by(7) {
        if !bytes[at].is_ascii() {
            continue;
        }
        for bit in [0, 5] {
            let mut flipped = bytes.to_vec();
            flipped[at] ^= 1 << bit;
            let text = std::str::from_utf8(&flipped).expect("still ASCII there");
            if let Some(fast) = ron_fast::from_str::<Brief>(text) {
                assert_eq!(Some(fast), ron(text).ok(), "bit {bit} at {at}");
                read += 1;
            }
        }
    }
    // Flips inside strings keep a brief readable: the check above must have had work to do.
    assert!(read > 2000, "only {read} flipped texts were read");
}

#[test]
fn the_writer_uses_what_it_says() {
    // The varied writer is itself tested: over a few seeds it writes each construct.
    let b = store::load_default().unwrap().brief;
    let all: String = (0..40).map(|s| varied(&b, s)).collect();
    for construct in [
        "Brief",
        "Section",
        "Some",
        "None",
        "r#\"",
        "\\u{",
        "\\x",
        "/*",
        "//",
        "#![enable",
        ",)",
        ",]",
        "Sentence",
    ] {
        assert!(all.contains(construct), "never wrote {construct}");
    }
}
