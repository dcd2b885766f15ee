//! Deterministic large briefs for benchmarks and scale tests: news headlines and social
//! posts of 40 to 200 characters, about one in ten with CJK or Cyrillic text and emoji,
//! and claims with realistic marker use, dangling and repeated markers included.

use crate::model::{Brief, Claim, Section, SectionKind, Source, SourceKind, Start};

/// A small, fast, seeded generator (splitmix64): the same seed gives the same brief.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const COMPANIES: &[&str] = &[
    "Meta",
    "Alphabet",
    "Microsoft",
    "Nvidia",
    "OpenAI",
    "Anthropic",
    "Apple",
    "Amazon",
    "Samsung",
    "TSMC",
    "Mistral",
    "ByteDance",
    "Tencent",
    "Baidu",
    "Sama",
    "Reality Labs",
    "WhatsApp",
    "Instagram",
];
const VERBS: &[&str] = &[
    "launches",
    "tests",
    "delays",
    "expands",
    "cuts",
    "invests in",
    "acquires",
    "sues",
    "partners with",
    "trains",
    "unveils",
    "restructures",
    "hires for",
    "scales back",
    "doubles down on",
];
const THINGS: &[&str] = &[
    "custom AI chips",
    "a shopping assistant",
    "open-weight models",
    "data centres in Texas",
    "a superintelligence lab",
    "content moderation in Kenya",
    "AI glasses",
    "a chatbot for WhatsApp",
    "ad targeting tools",
    "its Llama roadmap",
    "GPU clusters",
    "an applied AI team",
    "labeling contracts",
    "EU compliance work",
    "inference accelerators",
];
const TAILS: &[&str] = &[
    "as rivals close in",
    "amid regulatory pressure",
    "ahead of earnings",
    "after a report by the WSJ",
    "analysts say",
    "sources tell Reuters",
    "to cut costs",
    "in a bid to stave off EU action",
    "for 2026",
    "despite investor doubts",
    "with mixed early results",
];
const CJK: &[&str] = &[
    "人工智慧",
    "晶片",
    "資料中心",
    "量產",
    "メタ",
    "生成AI",
    "開発者",
    "市場",
    "規制",
    "投資",
];
const CYRILLIC: &[&str] = &[
    "Мета",
    "искусственный",
    "интеллект",
    "чипы",
    "рынок",
    "инвесторы",
    "помощник",
    "покупки",
];
const EMOJI: &[&str] = &["🚨", "🤖", "⚪️", "🟢", "🔹", "📈", "🇪🇺"];
const TAGS: &[&str] = &[
    "#AI", "#Meta", "$META", "#LLM", "@Reuters", "#tech", "$NVDA",
];
const LANGS: &[(&str, usize)] = &[
    ("en", 70),
    ("de", 6),
    ("nl", 4),
    ("it", 4),
    ("fr", 5),
    ("ja", 4),
    ("zh", 4),
    ("ru", 3),
];

/// "Company verb thing tail", and sometimes a second clause after `joiner`.
fn sentence(rng: &mut Rng, second_one_in: usize, joiner: &str) -> String {
    let mut s = format!(
        "{} {} {} {}",
        rng.pick(COMPANIES),
        rng.pick(VERBS),
        rng.pick(THINGS),
        rng.pick(TAILS)
    );
    if rng.chance(second_one_in) {
        s.push_str(&format!(
            "{joiner} {} {} {}",
            rng.pick(COMPANIES),
            rng.pick(VERBS),
            rng.pick(THINGS)
        ));
    }
    s
}

fn headline(rng: &mut Rng) -> String {
    sentence(rng, 3, ",")
}

fn fit(mut s: String, rng: &mut Rng) -> String {
    // 40 to 200 characters, cut like a feed cuts a post.
    let target = 40 + rng.below(161);
    while s.chars().count() < target {
        s.push(' ');
        s.push_str(&headline(rng));
    }
    if s.chars().count() > target {
        s = s.chars().take(target.saturating_sub(3)).collect::<String>() + "...";
    }
    s
}

fn source(rng: &mut Rng, number: u32) -> Source {
    let social = rng.chance(2);
    let mut text = headline(rng);
    let exotic = rng.chance(10);
    if exotic {
        let words = if rng.chance(2) { CJK } else { CYRILLIC };
        let mut extra = String::new();
        for _ in 0..3 + rng.below(5) {
            extra.push_str(rng.pick(words));
            extra.push(' ');
        }
        text = format!("{} {extra}{text}", rng.pick(EMOJI));
    }
    if social {
        text = format!("{text} {} {}", rng.pick(TAGS), rng.pick(TAGS));
    }
    let text = fit(text, rng);
    let mut roll = rng.below(100);
    let lang = LANGS
        .iter()
        .find(|(_, w)| {
            if roll < *w {
                true
            } else {
                roll -= w;
                false
            }
        })
        .map_or("en", |(l, _)| l);
    let month = 1 + rng.below(3);
    let day = 1 + rng.below(28);
    Source {
        number,
        date: compact_str::format_compact!("2026-{month:02}-{day:02}"),
        kind: if social {
            SourceKind::Social
        } else if rng.chance(4) {
            SourceKind::Analysis
        } else {
            SourceKind::News
        },
        lang: lang.into(),
        url: rng.chance(3).then(|| {
            format!(
                "https://news.example/{number}/{}",
                rng.pick(THINGS).replace(' ', "-")
            )
        }),
        outlet: (social && rng.chance(5))
            .then(|| rng.pick(&["WSJ", "Reuters", "Bloomberg", "FT"]).into()),
        author: None,
        title: None,
        gloss: (lang != "en" && !rng.chance(5)).then(|| headline(rng)),
        text,
        guessed: Default::default(),
    }
}

fn claim_text(rng: &mut Rng, sources: u32) -> String {
    let mut s = sentence(rng, 2, ", while");
    // Most claims cite one to four sources, some none; a few cite a source that is not there.
    let markers = [0, 1, 1, 1, 2, 2, 3, 4][rng.below(8)];
    let mut first = true;
    for _ in 0..markers {
        let n = if rng.chance(50) {
            sources + 1 + rng.below(100) as u32
        } else {
            1 + rng.below(sources as usize) as u32
        };
        let sep = if first { " " } else { "," };
        let caret = if rng.chance(2) { "^" } else { "" };
        s.push_str(&format!("{sep}[{caret}{n}]"));
        first = false;
    }
    if rng.chance(30) && markers > 0 {
        // The same marker twice in one claim.
        s.push_str(" [1]");
    }
    s.push('.');
    s
}

/// A brief with `sources` sources and `claims` claims spread over `sections` sections.
pub fn brief(seed: u64, sources: u32, claims: usize, sections: usize) -> Brief {
    let mut rng = Rng::new(seed);
    let sections_n = sections.max(1);
    let per = claims.div_ceil(sections_n);
    let mut out = Vec::with_capacity(sections_n);
    let mut made = 0;
    for s in 0..sections_n {
        let id = format!("section-{}", s + 1);
        let n = per.min(claims - made);
        made += n;
        let claims = (0..n)
            .map(|c| Claim {
                id: format!("{id}.{}", c + 1),
                start: if c > 0 && rng.chance(4) {
                    Start::Paragraph
                } else {
                    Start::Sentence
                },
                text: claim_text(&mut rng, sources.max(1)),
            })
            .collect();
        out.push(Section {
            id,
            heading: Some(headline(&mut rng)),
            kind: SectionKind::Body,
            claims,
        });
    }
    Brief {
        schema: crate::model::SCHEMA_VERSION,
        id: format!("synthetic-{seed}"),
        title: format!("Synthetic brief: {sources} sources, {claims} claims"),
        date: "2026-04-01".into(),
        guessed: Default::default(),
        subtitle: None,
        summary: None,
        sections: out,
        sources: (1..=sources).map(|n| source(&mut rng, n)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_loadable() {
        let a = brief(7, 300, 200, 5);
        assert_eq!(a, brief(7, 300, 200, 5));
        assert_ne!(a, brief(8, 300, 200, 5));
        assert_eq!(a.claim_count(), 200);
        assert_eq!(a.sources.len(), 300);
        for s in &a.sources {
            let n = s.text.chars().count();
            assert!((40..=200).contains(&n), "{n}: {}", s.text);
        }
        let exotic = a
            .sources
            .iter()
            .filter(|s| s.text.chars().any(|c| c as u32 > 0x2000))
            .count();
        assert!((10..=70).contains(&exotic), "about one in ten: {exotic}");
        let text = crate::store::to_ron_string(&a);
        let loaded = crate::store::load_str(&text, "synth").unwrap();
        assert!(loaded.warnings.iter().any(|w| w.code == "dangling-marker"));
    }
}
