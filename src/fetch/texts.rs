//! Fetched text lent to a loaded brief: a source with no text of its own (or only its
//! title) reads its page's text; the page's metadata fills an empty title, outlet, author
//! or a guessed date. Looking up is I/O ([`FetchedTexts::load`]); lending is not
//! ([`FetchedTexts::apply`]), so the model stays free of files.

use serde::Serialize;

use super::{Cache, Entry, url_key};
use crate::import::guess;
use crate::model::{Brief, Source};

/// Where a source's text came from, as the viewer and exports say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextOrigin {
    /// Its own, given in the brief.
    Brief,
    /// Its page's, fetched on that day from that (final) URL.
    Fetched {
        at: String,
        from: String,
        truncated: bool,
    },
    /// No text of its own, and the fetch failed.
    NotFetched { error: String },
    /// No text of its own and nothing fetched (yet, when it has a URL).
    None { has_url: bool },
}

impl TextOrigin {
    /// `brief`, `fetched` or `none`, as exports name it.
    pub fn label(&self) -> &'static str {
        match self {
            TextOrigin::Brief => "brief",
            TextOrigin::Fetched { .. } => "fetched",
            TextOrigin::NotFetched { .. } | TextOrigin::None { .. } => "none",
        }
    }

    /// One line for the viewer.
    pub fn describe(&self) -> String {
        match self {
            TextOrigin::Brief => "from the brief".into(),
            TextOrigin::Fetched {
                at,
                from,
                truncated,
            } => format!(
                "fetched {} from {from}{}",
                at.get(..10).unwrap_or(at),
                if *truncated {
                    " (cut at the size limit)"
                } else {
                    ""
                }
            ),
            TextOrigin::NotFetched { error } => format!("not fetched: {error}"),
            TextOrigin::None { has_url: true } => "no text: run `briefbench fetch`".into(),
            TextOrigin::None { has_url: false } => "no text, and no URL to fetch".into(),
        }
    }
}

/// What one source got from its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOrigin {
    pub text: TextOrigin,
    /// Fields filled from the page's metadata: `title`, `outlet`, `author`, `date`.
    pub from_page: Vec<&'static str>,
    /// When its page was fetched (successfully or not).
    pub fetched_at: Option<String>,
    /// Why its page gave no text, when it did not.
    pub fetch_error: Option<String>,
}

impl SourceOrigin {
    /// A source as its brief gives it: nothing was looked up for it.
    pub fn as_filed(source: &Source) -> SourceOrigin {
        SourceOrigin {
            text: if has_own_text(source) {
                TextOrigin::Brief
            } else {
                TextOrigin::None {
                    has_url: source.url.is_some(),
                }
            },
            from_page: Vec::new(),
            fetched_at: None,
            fetch_error: None,
        }
    }

    pub fn is_from_page(&self, field: &str) -> bool {
        self.from_page.contains(&field)
    }
}

/// Each source's origin, by its index in the brief's sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins(pub Vec<SourceOrigin>);

impl Origins {
    /// Every source as its brief gives it (nothing was looked up), one by one: what pages
    /// are lent over.
    pub fn from_brief(brief: &Brief) -> Origins {
        Origins(brief.sources.iter().map(SourceOrigin::as_filed).collect())
    }

    /// Where the source at `index` got its text and fields; `None` when nothing was looked
    /// up for the brief (it keeps no list then, rather than 100,000 entries saying "as
    /// filed", and the viewer has nothing to say of it).
    pub fn get(&self, index: usize) -> Option<&SourceOrigin> {
        self.0.get(index)
    }

    /// What there is to say of where `source` (at `index` in its brief) got its text: its
    /// origin when one is listed; else, when nothing was looked up, only that it has no
    /// text (and whether a fetch could bring it), a source with its own text being the rule.
    pub fn worth_saying(
        &self,
        index: usize,
        source: &Source,
    ) -> Option<std::borrow::Cow<'_, SourceOrigin>> {
        match self.0.get(index) {
            Some(o) => Some(std::borrow::Cow::Borrowed(o)),
            None => Some(SourceOrigin::as_filed(source))
                .filter(|o| o.text != TextOrigin::Brief)
                .map(std::borrow::Cow::Owned),
        }
    }
}

/// The source row of `export --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow<'a> {
    pub number: u32,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub date: &'a str,
    /// `news`, `social`, … as the workbench labels it.
    pub kind: &'static str,
    /// The language its text is read in (a fetched page's, when it lent the text).
    pub lang: &'a str,
    /// Which of `date`, `kind` and `lang` the importer (or the fetch) guessed: the
    /// workbench marks them "(guessed)", and an export says so too.
    pub guessed: Vec<&'static str>,
    pub text_origin: &'static str,
    pub fetched_at: Option<&'a str>,
    pub fetch_error: Option<&'a str>,
}

/// The export rows of a brief's sources with their origins.
pub fn source_rows<'a>(brief: &'a Brief, origins: &'a Origins) -> Vec<SourceRow<'a>> {
    brief
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let o = origins.get(i);
            SourceRow {
                number: s.number,
                url: s.url.as_deref(),
                title: s.title.as_deref(),
                outlet: s.outlet.as_deref(),
                date: &s.date,
                kind: s.kind.label(),
                lang: &s.lang,
                guessed: s.guessed.iter().map(|&g| g.into()).collect(),
                text_origin: o.map_or(if has_own_text(s) { "brief" } else { "none" }, |o| {
                    o.text.label()
                }),
                fetched_at: o.and_then(|o| o.fetched_at.as_deref()),
                fetch_error: o.and_then(|o| o.fetch_error.as_deref()),
            }
        })
        .collect()
}

/// Whether a source carries text of its own: not empty, and not merely its title, its URL
/// or the words of its URL's path (what the importer puts where an entry gives no text).
pub fn has_own_text(s: &Source) -> bool {
    let text = s.text.trim();
    if text.is_empty() {
        return false;
    }
    let same = |other: &str| other.trim().eq_ignore_ascii_case(text);
    !(s.title.as_deref().is_some_and(same)
        || s.url.as_deref().is_some_and(same)
        || s.url
            .as_deref()
            .and_then(guess::title_from_path)
            .is_some_and(|t| same(&t)))
}

/// The cache entries of a brief's sources, by source index.
#[derive(Debug, Clone, Default)]
pub struct FetchedTexts {
    entries: Vec<Option<Entry>>,
}

impl FetchedTexts {
    /// Looks up each source's URL in the cache (reads only; a damaged entry is a miss).
    pub fn load(brief: &Brief, cache: &Cache) -> FetchedTexts {
        FetchedTexts {
            entries: brief
                .sources
                .iter()
                .map(|s| {
                    let url = url_key::normalise(s.url.as_deref()?).ok()?;
                    cache.get(url.as_str())
                })
                .collect(),
        }
    }

    /// Whether any source has an entry.
    pub fn is_empty(&self) -> bool {
        self.entries.iter().all(Option::is_none)
    }

    /// A hash of the entries and which sources they belong to: what an assessment of the
    /// brief with these texts lent depends on besides the brief (the brief cache's
    /// `Key::fetched`). 0 when there is none, as for a brief read with no pages at all.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::Hasher;
        if self.is_empty() {
            return 0;
        }
        let mut h = rustc_hash::FxHasher::default();
        for (i, entry) in self.entries.iter().enumerate() {
            if let Some(e) = entry {
                h.write_usize(i);
                h.write(&serde_json::to_vec(e).expect("plain data serializes"));
            }
        }
        // Never 0, which says "no pages".
        h.finish() | 1
    }

    /// Lends the fetched texts and metadata to the brief's sources, and says where each
    /// source's text now comes from.
    pub fn apply(&self, brief: &mut Brief) -> Origins {
        if self.is_empty() {
            return Origins::default();
        }
        let mut origins = Origins::from_brief(brief);
        for (i, s) in brief.sources.iter_mut().enumerate() {
            let Some(entry) = self.entries.get(i).and_then(Option::as_ref) else {
                continue;
            };
            let o = &mut origins.0[i];
            o.fetched_at = Some(entry.fetched_at.clone());
            o.fetch_error = entry.error.clone();
            let Some(text) = entry.text.as_ref().filter(|_| entry.ok()) else {
                if o.text != TextOrigin::Brief {
                    o.text = TextOrigin::NotFetched {
                        error: entry.error.clone().unwrap_or_default(),
                    };
                }
                continue;
            };
            if o.text != TextOrigin::Brief && !text.trim().is_empty() {
                s.text = text.clone();
                if s.is_guessed(crate::model::Guessed::Lang) {
                    s.lang = guess::guess_lang(&s.text).into();
                }
                o.text = TextOrigin::Fetched {
                    at: entry.fetched_at.clone(),
                    from: entry.final_url.clone(),
                    truncated: entry.truncated,
                };
            }
            fill_from_page(s, entry, &mut o.from_page);
        }
        origins
    }
}

/// The page's metadata where the source gives none: an empty field, one the importer made
/// from the URL (the host as outlet, the path's words as title), or a guessed date.
fn fill_from_page(s: &mut Source, entry: &Entry, from_page: &mut Vec<&'static str>) {
    let m = &entry.meta;
    let url = s.url.clone().unwrap_or_default();
    let from_url = [guess::host(&url), guess::title_from_path(&url)];
    // The page's value for a field the source does not really give, noted as taken.
    let mut from_the_page =
        |field: Option<&str>, value: &Option<String>, name: &'static str| -> Option<String> {
            let given = field.is_some_and(|f| {
                !f.trim().is_empty() && !from_url.iter().any(|u| u.as_deref() == Some(f))
            });
            let v = value.as_ref().filter(|_| !given)?;
            from_page.push(name);
            Some(v.clone())
        };
    if let Some(v) = from_the_page(s.title.as_deref(), &m.title, "title") {
        s.title = Some(v);
    }
    if let Some(v) = from_the_page(s.outlet.as_deref(), &m.site_name, "outlet") {
        s.outlet = Some(v.into());
    }
    if let Some(v) = from_the_page(s.author.as_deref(), &m.byline, "author") {
        s.author = Some(v);
    }
    if (s.date.is_empty() || s.is_guessed(crate::model::Guessed::Date))
        && let Some(d) = &m.published
    {
        s.date = d.into();
        s.guessed.remove(&crate::model::Guessed::Date);
        from_page.push("date");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    fn source(text: &str, title: Option<&str>) -> Source {
        Source {
            number: 1,
            date: "2026-03-01".into(),
            kind: SourceKind::News,
            lang: "en".into(),
            url: Some("https://x.org/news/meta-opens-model".into()),
            outlet: None,
            author: None,
            title: title.map(str::to_string),
            text: text.into(),
            gloss: None,
            guessed: [crate::model::Guessed::Date].into(),
        }
    }

    #[test]
    fn a_title_or_url_words_are_not_text_of_its_own() {
        assert!(!has_own_text(&source("", None)));
        assert!(!has_own_text(&source("Meta opens", Some("Meta opens"))));
        assert!(!has_own_text(&source("Meta opens model", None)));
        assert!(has_own_text(&source(
            "Meta said on Tuesday it would.",
            Some("Meta opens")
        )));
    }

    /// With nothing looked up no list is kept; what the viewer hears is only that a source
    /// has no text of its own.
    #[test]
    fn with_nothing_lent_only_a_missing_text_is_worth_saying() {
        let none = Origins::default();
        let own = source("Meta said on Tuesday it would.", None);
        assert!(none.worth_saying(0, &own).is_none());
        let bare = source("", None);
        assert_eq!(
            none.worth_saying(0, &bare).map(|o| o.text.clone()),
            Some(TextOrigin::None { has_url: true })
        );
        // A listed origin is said as listed, even "from the brief".
        let listed = Origins(vec![SourceOrigin::as_filed(&own)]);
        assert_eq!(
            listed.worth_saying(0, &own).map(|o| o.text.clone()),
            Some(TextOrigin::Brief)
        );
    }

    #[test]
    fn fetched_text_fills_a_source_without_its_own_and_only_that() {
        let mut entry = Entry::new("https://x.org/news/meta-opens-model");
        entry.text = Some("The page's story.".into());
        entry.meta.site_name = Some("X News".into());
        entry.meta.published = Some("2026-02-28".into());
        let texts = FetchedTexts {
            entries: vec![Some(entry.clone()), Some(entry)],
        };
        let mut brief = crate::store::load_default().unwrap().brief;
        brief.sources.truncate(2);
        brief.sources[0] = source("Meta opens", Some("Meta opens"));
        brief.sources[1] = source("Its own words.", None);
        let origins = texts.apply(&mut brief);
        assert_eq!(brief.sources[0].text, "The page's story.");
        assert_eq!(origins.0[0].text.label(), "fetched");
        assert_eq!(brief.sources[0].outlet.as_deref(), Some("X News"));
        assert_eq!(brief.sources[0].date, "2026-02-28");
        assert!(origins.0[0].is_from_page("outlet") && origins.0[0].is_from_page("date"));
        assert_eq!(brief.sources[1].text, "Its own words.");
        assert_eq!(origins.0[1].text, TextOrigin::Brief);
    }

    #[test]
    fn a_failed_fetch_is_said_for_a_source_without_text() {
        let mut entry = Entry::new("https://x.org/news/meta-opens-model");
        entry.error = Some("HTTP 404 Not Found".into());
        let texts = FetchedTexts {
            entries: vec![Some(entry)],
        };
        let mut brief = crate::store::load_default().unwrap().brief;
        brief.sources.truncate(1);
        brief.sources[0] = source("", None);
        let origins = texts.apply(&mut brief);
        assert_eq!(
            origins.0[0].text.describe(),
            "not fetched: HTTP 404 Not Found"
        );
    }
}
