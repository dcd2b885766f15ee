//! Words as the analysis compares them: folded for case and accents, lightly stemmed,
//! with figures read as figures ("83 out of 100" and "83/100" are one figure; 83 is not 8.3).

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// A term of a claim that the analysis looks for in its sources.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As it reads in the claim (first spelling met), for messages.
    pub shown: super::Word,
    /// What is compared (a stem, or a figure like `#83/100`), as its id in the brief's
    /// vocabulary; `None` when no source has it at all.
    pub key: Option<u32>,
    /// Other ids that count as found: a fraction's numerator (`83` for `83/100`), the
    /// figures inside a hedged figure's range ("over fifty" is found by 51).
    pub alts: Vec<u32>,
    pub kind: TermKind,
    /// Where it first stands in the claim's text (markers stripped), in bytes.
    pub at: usize,
    /// Consecutive names share a run ("Maher Saba"): a person named by surname alone is
    /// still named.
    pub run: Option<u32>,
    /// The brief's topic: in half or more of its sources ("Meta", "AI" in a brief on Meta's
    /// AI). Finding it shows nothing; it weighs as an ordinary word.
    pub topic: bool,
}

impl Term {
    pub fn weight(&self) -> f32 {
        if self.topic {
            TermKind::Word.weight()
        } else {
            self.kind.weight()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// A capitalised or all-caps word, or one with digits: names and products.
    Name,
    /// A number, fraction, percentage or date part.
    Figure,
    /// Any other word that is neither common English nor brief boilerplate.
    Word,
    /// How the writer characterises things ("strategically", "coherent"): read, shown,
    /// but hardly counted, since sources rarely repeat a writer's adjectives.
    Framing,
}

impl TermKind {
    /// How much a term of this kind weighs in the share of a claim that its sources carry.
    /// Names and figures are what a reader checks first: on WiCE, other words weighing a
    /// quarter of a name separated the labels best (AUROC 0.810 at 0.5 against 2.0, 0.785
    /// at 1.0); a source often says in other words what the writer's verbs say. Framing
    /// barely counts.
    pub fn weight(self) -> f32 {
        match self {
            TermKind::Name | TermKind::Figure => 2.0,
            TermKind::Word => 0.5,
            TermKind::Framing => 0.25,
        }
    }

    /// Whether a missing term of this kind is a fact a source should give.
    pub fn checkable(self) -> bool {
        self != TermKind::Framing
    }
}

/// Every stem and figure the sources of a brief hold, each with a number, so that bags are
/// short sorted lists of numbers: compared by binary search, never by string.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    /// Raw word -> what stemming it gave: most words repeat, and stemming is the costly part.
    cache: FxHashMap<String, WordInfo>,
    /// Whether an id is worth comparing stories on (a stem of three letters or more that is
    /// not common English, a figure, an outlet).
    feature: Vec<bool>,
    /// Whether an id names a relayed outlet (`@wsj`).
    outlet: Vec<bool>,
    /// The value of every figure id, sorted by value once the sources are read
    /// ([`Vocab::finish`]), so that a hedged figure finds the figures in its range.
    values: Vec<(f64, u32)>,
}

impl Vocab {
    pub fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.feature.len() as u32;
        let feature = key.starts_with(['#', '@']) || (key.chars().count() >= 3 && !is_common(key));
        self.feature.push(feature);
        self.outlet.push(key.starts_with('@'));
        self.ids.insert(key.to_string(), id);
        id
    }

    /// Takes in a vocabulary built from the sources that follow this one's, and returns, for
    /// each of its ids, the id here. Its words are added in the order it met them, so a
    /// vocabulary built a chunk of sources per core and merged chunk by chunk numbers every
    /// word as one built source by source does (the ids, and whatever sorts by them, agree).
    pub fn absorb(&mut self, other: Vocab) -> Vec<u32> {
        let mut keys: Vec<String> = vec![String::new(); other.feature.len()];
        for (key, id) in other.ids {
            keys[id as usize] = key;
        }
        let value_of: FxHashMap<u32, f64> = other.values.iter().map(|&(v, id)| (id, v)).collect();
        let map: Vec<u32> = keys
            .into_iter()
            .enumerate()
            .map(|(local, key)| {
                if let Some(&id) = self.ids.get(&key) {
                    return id;
                }
                let id = self.feature.len() as u32;
                self.feature.push(other.feature[local]);
                self.outlet.push(other.outlet[local]);
                self.ids.insert(key, id);
                if let Some(&v) = value_of.get(&(local as u32)) {
                    self.values.push((v, id));
                }
                id
            })
            .collect();
        for (raw, info) in other.cache {
            self.cache.entry(raw).or_insert(WordInfo {
                id: map[info.id as usize],
                ..info
            });
        }
        map
    }

    /// Sorts what hedged figures are looked up in; call once every source is read.
    pub fn finish(&mut self) {
        self.values.sort_by(|a, b| a.0.total_cmp(&b.0));
    }

    /// Figure ids whose value lies in `lo..=hi`.
    fn figures_in(&self, lo: f64, hi: f64) -> impl Iterator<Item = u32> + '_ {
        let from = self.values.partition_point(|v| v.0 < lo);
        self.values[from..]
            .iter()
            .take_while(move |v| v.0 <= hi)
            .map(|v| v.1)
    }

    /// How many ids it has given.
    pub fn id_count(&self) -> usize {
        self.feature.len()
    }

    pub fn get(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }

    pub fn is_feature(&self, id: u32) -> bool {
        self.feature.get(id as usize).copied().unwrap_or(false)
    }

    pub fn is_outlet(&self, id: u32) -> bool {
        self.outlet.get(id as usize).copied().unwrap_or(false)
    }

    fn word_id(&mut self, raw: &str) -> u32 {
        self.word_info(raw).id
    }

    fn word_info(&mut self, raw: &str) -> WordInfo {
        if let Some(info) = self.cache.get(raw) {
            return *info;
        }
        let month = month_of(raw);
        let folded = month.map_or_else(|| fold(raw), str::to_string);
        let id = self.intern(&stem(&folded));
        let info = WordInfo {
            id,
            // "May" is a month, not the modal.
            common: month.is_none() && is_common(&folded),
            len: folded.chars().count(),
            framing: super::framing::is_framing(&folded),
            number: !super::figures::figures(raw).is_empty(),
        };
        self.cache.insert(raw.to_string(), info);
        info
    }

    /// The bag of everything in `texts`, adding to the vocabulary.
    pub fn bag(&mut self, texts: &[&str]) -> Bag {
        let mut ids = Vec::new();
        for text in texts {
            self.add_ids(text, &mut ids);
        }
        Bag::of(ids)
    }

    /// Adds the ids of everything in `text` to `ids` (unsorted, repeats and all), adding
    /// to the vocabulary: [`Vocab::bag`] of several texts is [`Bag::of`] their ids.
    pub fn add_ids(&mut self, text: &str, ids: &mut Vec<u32>) {
        let numbers = self.add_word_ids(text, ids);
        // A text with no digit has figures only where one of its words is a number word
        // ("fifty", the "twenty" of "twenty-five"), and no date: most sources' texts are
        // done here, without reading them for figures (see [`WordInfo::number`]).
        if numbers || text.bytes().any(|b| b.is_ascii_digit()) {
            self.add_figure_ids(text, ids);
        }
    }

    /// The words' part of [`Vocab::add_ids`]; whether any word has figures of its own.
    fn add_word_ids(&mut self, text: &str, ids: &mut Vec<u32>) -> bool {
        let mut numbers = false;
        for w in words(text) {
            if !w.chars().all(|c| c.is_ascii_digit()) {
                let info = self.word_info(w);
                numbers |= info.number;
                ids.push(info.id);
            }
        }
        numbers
    }

    /// The figures' and dates' part of [`Vocab::add_ids`].
    fn add_figure_ids(&mut self, text: &str, ids: &mut Vec<u32>) {
        let mut key = String::new();
        for f in super::figures::figures(text) {
            if f.value.is_none() && !f.key.contains('/') {
                // A month an ISO date gives: the word a written date has.
                ids.push(self.word_id(&f.key));
                continue;
            }
            let before = self.feature.len();
            let id = self.intern(prefixed(&mut key, FIGURE, &f.key));
            if self.feature.len() > before
                && let Some(v) = f.value
            {
                self.values.push((v, id));
            }
            ids.push(id);
        }
        for (date, _) in super::figures::dates(text) {
            ids.push(self.intern(prefixed(&mut key, DATE, &date)));
        }
    }

    /// The id of a word the vocabulary has met (as written).
    pub fn known_word(&self, raw: &str) -> Option<u32> {
        self.cache.get(raw).map(|info| info.id)
    }

    /// The bag of a text whose words were all added already (a sentence of a source whose
    /// whole text went through [`Vocab::bag`]): read-only, so sources' sentences can be
    /// cut on every core once the vocabulary is built.
    pub fn known_bag(&self, text: &str) -> Bag {
        let mut ids: Vec<u32> = words(text)
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .filter_map(|w| self.known_word(w))
            .collect();
        let mut key = String::new();
        for f in super::figures::figures(text) {
            let id = if f.value.is_none() && !f.key.contains('/') {
                self.known_word(&f.key)
            } else {
                self.get(prefixed(&mut key, FIGURE, &f.key))
            };
            ids.extend(id);
        }
        for (date, _) in super::figures::dates(text) {
            ids.extend(self.get(prefixed(&mut key, DATE, &date)));
        }
        ids.sort_unstable();
        ids.dedup();
        Bag(ids)
    }
}

/// A word as the vocabulary has seen it.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    /// Its stem's id.
    id: u32,
    /// Common English or brief boilerplate.
    common: bool,
    /// Characters, folded.
    len: usize,
    /// How a writer characterises things (see [`TermKind::Framing`]).
    framing: bool,
    /// It has figures of its own: it is, or starts with, a number word. Every figure of a
    /// text without digits starts in such a word, since a figure's words are ASCII letters
    /// and hyphens, and a word ends at the hyphen ("twenty-five" needs "twenty").
    number: bool,
}

/// What a text can be matched on: its stems and figures, as sorted vocabulary ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bag(pub Vec<u32>);

impl Bag {
    /// The bag of `ids`: sorted, each once.
    pub fn of(mut ids: Vec<u32>) -> Bag {
        ids.sort_unstable();
        ids.dedup();
        Bag(ids)
    }

    /// The bag with its ids renumbered by `map` (see [`Vocab::absorb`]).
    pub fn renumbered(&self, map: &[u32]) -> Bag {
        Bag(renumber(&self.0, map))
    }

    pub fn has(&self, id: u32) -> bool {
        self.0.binary_search(&id).is_ok()
    }

    pub fn contains(&self, term: &Term) -> bool {
        term.key.is_some_and(|k| self.has(k)) || term.alts.iter().any(|&a| self.has(a))
    }

    pub fn union(bags: &[&Bag]) -> Bag {
        let mut ids: Vec<u32> = bags.iter().flat_map(|b| b.0.iter().copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        Bag(ids)
    }
}

/// A 256-bit summary of a set of ids (a Bloom filter): two bits per id, by a hash of it.
/// An id with either bit clear is not in the set; one with both set may be. A source's
/// ids (60 to 80) leave about one absent id in six passing. Held apart from a source's
/// bags, it answers most lookups of an absent term without them: the bags lie elsewhere
/// on the heap, and a large brief's are read out of cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signature([u64; 4]);

impl Signature {
    /// The two bits of `id`, as (word, bit) pairs: bytes of one 64-bit Fibonacci hash.
    fn bits(id: u32) -> [(usize, u64); 2] {
        let h = u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let at = |b: u64| ((b >> 6) as usize & 3, 1u64 << (b & 63));
        [at(h >> 56), at((h >> 48) & 0xff)]
    }

    pub fn of<'a>(ids: impl IntoIterator<Item = &'a u32>) -> Signature {
        let mut words = [0u64; 4];
        for &id in ids {
            for (w, bit) in Self::bits(id) {
                words[w] |= bit;
            }
        }
        Signature(words)
    }

    /// False when `id` is surely not in the set.
    pub fn may_have(self, id: u32) -> bool {
        Self::bits(id).iter().all(|&(w, bit)| self.0[w] & bit != 0)
    }

    /// False when neither `term`'s key nor any of its alternatives is in the set.
    pub fn may_hold(self, term: &Term) -> bool {
        term.key.is_some_and(|k| self.may_have(k)) || term.alts.iter().any(|&a| self.may_have(a))
    }
}

/// Ids renumbered by `map`, sorted again.
pub fn renumber(ids: &[u32], map: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = ids.iter().map(|&id| map[id as usize]).collect();
    out.sort_unstable();
    out
}

/// The words of `text`: runs of letters and digits, split at hyphens and apostrophes
/// (a possessive `'s` is dropped). CJK runs come out as one word each.
pub fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    Runs { text, at: 0 }
        .flat_map(|w| {
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            Pieces {
                rest: Some(trim_apostrophes(w)),
            }
        })
        .filter(|w| !w.is_empty())
}

/// `w` without the apostrophes (`'` or `’`) it starts or ends with.
fn trim_apostrophes(mut w: &str) -> &str {
    while let Some(rest) = w.strip_prefix('\'').or_else(|| w.strip_prefix('’')) {
        w = rest;
    }
    while let Some(rest) = w.strip_suffix('\'').or_else(|| w.strip_suffix('’')) {
        w = rest;
    }
    w
}

/// The pieces of a word between its apostrophes (as `str::split` at `'` and `’` gives them,
/// empty ones too), found by bytes: most words have none.
struct Pieces<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let b = rest.as_bytes();
        // `’` is E2 80 99 in UTF-8; `'` one byte.
        let cut = b.iter().enumerate().find_map(|(i, &c)| match c {
            b'\'' => Some((i, 1)),
            0xE2 if b[i..].starts_with("’".as_bytes()) => Some((i, 3)),
            _ => None,
        });
        match cut {
            Some((at, len)) => {
                self.rest = Some(&rest[at + len..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The runs of letters, digits and apostrophes of a text, read a byte at a time where it is
/// ASCII: [`words`] is asked of every source and claim, and splitting by `char` decoded
/// every character to ask of it.
struct Runs<'a> {
    text: &'a str,
    at: usize,
}

/// Which ASCII bytes are part of a word: letters, digits and the apostrophe.
const WORD_BYTE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'\'';
        b += 1;
    }
    table
};

/// Whether the non-ASCII character at byte `i` of `text` is part of a word, and its length.
#[inline(never)]
fn wide_class(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().expect("a character starts here");
    (c.is_alphanumeric() || c == '’', c.len_utf8())
}

impl Runs<'_> {
    /// Where the stretch from byte `i` of characters that are (`inside`) or are not part of
    /// a word ends.
    fn end_of(&self, mut i: usize, inside: bool) -> usize {
        let b = self.text.as_bytes();
        while let Some(&c) = b.get(i) {
            let (word, n) = if c.is_ascii() {
                (WORD_BYTE[usize::from(c)], 1)
            } else {
                wide_class(self.text, i)
            };
            if word != inside {
                break;
            }
            i += n;
        }
        i
    }
}

impl<'a> Iterator for Runs<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.end_of(self.at, false);
        self.at = self.end_of(start, true);
        (start < self.at).then(|| &self.text[start..self.at])
    }
}

/// Lower case with accents removed: `Gründet` -> `grundet`.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// How a full date is kept in the vocabulary: apart from its parts' figures.
pub fn date_key(iso: &str) -> String {
    let mut key = String::new();
    prefixed(&mut key, DATE, iso);
    key
}

/// What a figure's key is prefixed with in the vocabulary (`#12%`), apart from words.
const FIGURE: &str = "#";
/// What a date's is (`#date:2025-03-12`).
const DATE: &str = "#date:";

/// `prefix` then `key`, made in `buf`, which the caller keeps from key to key: a `format!`
/// for every figure and date of every source was ~3% of a large brief's `check`.
fn prefixed<'b>(buf: &'b mut String, prefix: &str, key: &str) -> &'b str {
    buf.clear();
    buf.push_str(prefix);
    buf.push_str(key);
    buf
}

/// A capitalised month name or abbreviation (`Dec`, `Sept`) as the full month name:
/// "Dec. 20, 1998" and "20 December 1998" name one month.
fn month_of(raw: &str) -> Option<&'static str> {
    if !raw.starts_with(char::is_uppercase) {
        return None;
    }
    super::figures::month(&raw.to_lowercase())
}

/// A light stemmer for matching, not for show: plurals, -ing, -ed, -ation and the
/// British/American -ise/-ize pairs fold together (`investigations` ~ `investigates`,
/// `sexualized` ~ `sexualise`).
pub fn stem(folded: &str) -> String {
    let mut w = folded.to_string();
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.len() > 3
        && w.ends_with('s')
        && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is"))
    {
        w.pop();
    }
    const SUFFIXES: [(&str, &str); 10] = [
        ("ization", "ize"),
        ("isation", "ize"),
        ("ation", "ate"),
        ("izing", "ize"),
        ("ising", "ize"),
        ("ized", "ize"),
        ("ised", "ize"),
        ("ise", "ize"),
        ("ing", ""),
        ("ed", ""),
    ];
    for (suffix, with) in SUFFIXES {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
        {
            w.truncate(base.len());
            w.push_str(with);
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// Figures in `text`, normalised (see [`super::figures`]): `83 out of 100` and `83/100`
/// -> `83/100`; `1,000` -> `1000`; `12 percent` -> `12%`; decimals keep their point (`8.3`).
pub fn figures(text: &str) -> Vec<String> {
    super::figures::figures(text)
        .into_iter()
        .filter(|f| f.value.is_some() || f.key.contains('/'))
        .map(|f| f.key)
        .collect()
}

/// The key terms of a claim's text (markers already stripped), each once, in order:
/// figures first, then words. Terms are looked up in `vocab` (the sources' words), which
/// they never add to.
pub fn key_terms(text: &str, vocab: &Vocab) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    // Terms seen, by vocabulary id, or by stem for words no source has.
    let mut seen_ids = rustc_hash::FxHashSet::default();
    let mut seen = rustc_hash::FxHashSet::default();
    let figures = super::figures::figures(text);
    let mut key = String::new();
    for fig in &figures {
        if fig.value.is_none() && !fig.key.contains('/') {
            // A month from an ISO date in the claim: its written name is a word below.
            continue;
        }
        if seen.insert(prefixed(&mut key, FIGURE, &fig.key).to_string()) {
            let mut alts: Vec<u32> = Vec::new();
            if let Some((num, _)) = fig.key.split_once('/') {
                alts.extend(vocab.get(prefixed(&mut key, FIGURE, num)));
            }
            if let Some((lo, hi)) = fig.range {
                alts.extend(vocab.figures_in(lo, hi));
            }
            let at = fig.at;
            // Shown as written ("$5bn" reads better than 5000000000), except the parts of
            // an ISO date, which share one span.
            let shared = figures.iter().filter(|f| f.at == at).count() > 1;
            let written = text[at..fig.end].trim_end_matches([' ', ',', '.', ';', ':']);
            out.push(Term {
                key: vocab.get(prefixed(&mut key, FIGURE, &fig.key)),
                alts,
                shown: if shared || written.is_empty() {
                    fig.key.as_str().into()
                } else {
                    written.into()
                },
                kind: TermKind::Figure,
                at,
                run: None,
                topic: false,
            });
        }
    }
    // A word opening a sentence is capitalised anyway: only later capitals make a name.
    let mut sentence_start = true;
    // Consecutive names form a run; anything else between them ends it.
    let mut run: u32 = 0;
    let mut in_run = false;
    let base = text.as_ptr() as usize;
    for raw in text.split_whitespace() {
        let opens = sentence_start;
        sentence_start = raw.ends_with(['.', ':', '!', '?']);
        let breaks_run = raw.ends_with([',', ';', ':', '.', ')']);
        for w in words(raw) {
            if w.chars().all(|c| c.is_ascii_digit()) {
                in_run = false;
                continue;
            }
            let at = w.as_ptr() as usize - base;
            // Most words are lower case already: only others are copied to be lowered.
            let lower = if w
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                std::borrow::Cow::Borrowed(w)
            } else {
                std::borrow::Cow::Owned(w.to_lowercase())
            };
            // Number words, scales and "percent" are parts of figures, compared as values
            // above.
            let in_figure = figures.iter().any(|f| f.at <= at && at < f.end);
            if in_figure || super::figures::number_word(&lower).is_some() {
                in_run = false;
                continue;
            }
            let qualifier = QUALIFIERS.binary_search(&&*lower).is_ok();
            // A word the sources have is known already; only new words are folded and stemmed.
            let (key, common, len, stemmed, framing) = match vocab.cache.get(w) {
                Some(info) => (Some(info.id), info.common, info.len, None, info.framing),
                None => {
                    let month = month_of(w);
                    let folded = month.map_or_else(|| fold(w), str::to_string);
                    let stemmed = stem(&folded);
                    (
                        vocab.get(&stemmed),
                        month.is_none() && is_common(&folded),
                        folded.chars().count(),
                        Some(stemmed),
                        super::framing::is_framing(&folded),
                    )
                }
            };
            let caps = w.chars().filter(|c| c.is_uppercase()).count();
            let has_digit = w.chars().any(|c| c.is_ascii_digit());
            let name = has_digit
                || caps >= 2
                || (caps == 1 && !opens && w.starts_with(char::is_uppercase));
            if !qualifier && (len < 2 || common || (!name && len < 4)) {
                in_run = false;
                continue;
            }
            let kind = if name {
                TermKind::Name
            } else if framing {
                TermKind::Framing
            } else {
                TermKind::Word
            };
            let term_run = if name {
                if !in_run {
                    run += 1;
                }
                in_run = true;
                Some(run)
            } else {
                in_run = false;
                None
            };
            let fresh = match (key, stemmed) {
                (Some(id), _) => seen_ids.insert(id),
                (None, Some(st)) => seen.insert(st),
                (None, None) => false,
            };
            if fresh {
                out.push(Term {
                    key,
                    alts: Vec::new(),
                    shown: w.into(),
                    kind,
                    at,
                    run: term_run,
                    topic: false,
                });
            }
        }
        if breaks_run {
            in_run = false;
        }
    }
    out
}

/// Words of the claim that were read and not counted as terms: common English and brief
/// boilerplate of five letters or more ("history", "company", "strategy"), so that the
/// Why panel can say so rather than drop them silently. Function words are left out.
pub fn not_counted(text: &str) -> Vec<super::Word> {
    let mut out: Vec<super::Word> = Vec::new();
    let mut seen: Vec<super::Word> = Vec::new();
    // Five characters take five bytes at least: shorter words need no folding.
    // An ASCII word is folded into this buffer, not a new string: most words are read and
    // left (3.5% of a large brief's `check`, when each was copied).
    let mut buf = [0u8; COMMON_LONGEST];
    for w in words(text).filter(|w| w.len() >= 5) {
        let owned;
        let folded: &str = if w.is_ascii() {
            // An ASCII word no common word is as long as is none.
            if w.len() > COMMON_LONGEST {
                continue;
            }
            let buf = &mut buf[..w.len()];
            buf.copy_from_slice(w.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).expect("ASCII, lowered")
        } else {
            owned = fold(w);
            &owned
        };
        if folded.chars().count() >= 5
            && is_common(folded)
            && FUNCTION_WORDS.binary_search(&folded).is_err()
            && !seen.iter().any(|s| s == folded)
        {
            out.push(w.into());
            seen.push(folded.into());
        }
    }
    out
}

/// Common words that qualify a fact, and that people check: "the only", "the first", "the
/// largest", and when it stands in time ("currently", "the following year", "shortly
/// after", "until 2018", "in early 1956"). A source that gives the fact without the
/// qualifier supports it only in part. The temporal ones moved WiCE's AUROC 0.813 → 0.814,
/// balanced accuracy 0.739 → 0.743 and the phrases' token F1 0.556 → 0.568.
const QUALIFIERS: &[&str] = &[
    "biggest",
    "currently",
    "early",
    "first",
    "following",
    "highest",
    "largest",
    "last",
    "least",
    "lowest",
    "most",
    "oldest",
    "only",
    "second",
    "shortly",
    "smallest",
    "sole",
    "third",
    "until",
    "youngest",
];

/// Words of five letters or more that carry grammar, not content. Sorted.
const FUNCTION_WORDS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "along",
    "alongside",
    "already",
    "although",
    "always",
    "among",
    "another",
    "around",
    "because",
    "before",
    "behind",
    "being",
    "below",
    "between",
    "beyond",
    "could",
    "despite",
    "during",
    "either",
    "every",
    "further",
    "furthermore",
    "however",
    "indeed",
    "itself",
    "other",
    "quite",
    "rather",
    "since",
    "their",
    "there",
    "thereby",
    "therefore",
    "these",
    "those",
    "through",
    "toward",
    "towards",
    "under",
    "until",
    "upon",
    "where",
    "whereas",
    "whether",
    "which",
    "while",
    "whom",
    "whose",
    "within",
    "without",
    "would",
];

/// Common English, and the boilerplate of research briefs, which says nothing checkable.
pub fn is_common(folded: &str) -> bool {
    // Asked of every word of every source and claim: a hash set answers in one probe what a
    // binary search of the list took ten string comparisons for.
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| COMMON.iter().copied().collect());
    // No common word is longer than this; most words are not common, and go no further.
    folded.len() <= COMMON_LONGEST && SET.contains(folded)
}

/// Bytes in the longest word of [`COMMON`] (a unit test keeps it so).
const COMMON_LONGEST: usize = 13;

// Sorted, so that `binary_search` works; a unit test keeps it so.
const COMMON: &[&str] = &[
    "a",
    "ability",
    "able",
    "about",
    "above",
    "accelerate",
    "accelerates",
    "access",
    "according",
    "achieve",
    "achieving",
    "across",
    "act",
    "action",
    "active",
    "actual",
    "actually",
    "add",
    "added",
    "addition",
    "additional",
    "address",
    "advance",
    "advanced",
    "advantage",
    "advantages",
    "affect",
    "after",
    "again",
    "against",
    "aim",
    "aimed",
    "all",
    "allow",
    "allows",
    "along",
    "alongside",
    "already",
    "also",
    "although",
    "always",
    "amid",
    "among",
    "amount",
    "an",
    "analyses",
    "analysis",
    "analysts",
    "and",
    "another",
    "any",
    "approach",
    "are",
    "area",
    "areas",
    "around",
    "as",
    "aspect",
    "assess",
    "asset",
    "associated",
    "at",
    "available",
    "away",
    "back",
    "backed",
    "backing",
    "base",
    "based",
    "basis",
    "be",
    "became",
    "because",
    "become",
    "becomes",
    "been",
    "before",
    "begin",
    "behind",
    "being",
    "believe",
    "below",
    "benefit",
    "best",
    "better",
    "between",
    "beyond",
    "big",
    "both",
    "bring",
    "brings",
    "broad",
    "broader",
    "broadly",
    "build",
    "building",
    "built",
    "but",
    "by",
    "call",
    "called",
    "came",
    "can",
    "capabilities",
    "capability",
    "carries",
    "case",
    "cases",
    "cause",
    "central",
    "certain",
    "chain",
    "change",
    "changes",
    "character",
    "characterized",
    "choice",
    "claim",
    "claims",
    "clear",
    "clearly",
    "close",
    "closely",
    "come",
    "comes",
    "coming",
    "common",
    "company",
    "complex",
    "concern",
    "concerns",
    "condition",
    "consider",
    "considerable",
    "considered",
    "considering",
    "contain",
    "content",
    "context",
    "continue",
    "continued",
    "continues",
    "control",
    "core",
    "cost",
    "could",
    "create",
    "created",
    "creates",
    "creating",
    "critical",
    "critically",
    "cross",
    "current",
    "currently",
    "day",
    "days",
    "deal",
    "decision",
    "deep",
    "define",
    "degree",
    "deliberately",
    "deliver",
    "demand",
    "depend",
    "dependent",
    "depends",
    "describe",
    "described",
    "design",
    "designed",
    "despite",
    "detail",
    "details",
    "develop",
    "developed",
    "developing",
    "did",
    "direct",
    "direction",
    "directly",
    "do",
    "does",
    "doing",
    "done",
    "drive",
    "driven",
    "due",
    "during",
    "each",
    "early",
    "effect",
    "effective",
    "effort",
    "efforts",
    "either",
    "element",
    "elements",
    "enable",
    "enables",
    "end",
    "ensure",
    "entire",
    "entirely",
    "especially",
    "essential",
    "establish",
    "established",
    "establishes",
    "even",
    "event",
    "events",
    "every",
    "evidence",
    "evident",
    "example",
    "exist",
    "existing",
    "exists",
    "expand",
    "expected",
    "experience",
    "extent",
    "face",
    "faces",
    "facing",
    "fact",
    "factor",
    "factors",
    "far",
    "feature",
    "features",
    "field",
    "find",
    "first",
    "focus",
    "focused",
    "follow",
    "following",
    "for",
    "form",
    "forms",
    "forward",
    "found",
    "foundation",
    "from",
    "full",
    "fully",
    "function",
    "functioning",
    "fundamentally",
    "further",
    "furthermore",
    "future",
    "gain",
    "general",
    "generally",
    "generated",
    "get",
    "give",
    "given",
    "gives",
    "go",
    "goal",
    "going",
    "good",
    "great",
    "group",
    "grow",
    "growing",
    "growth",
    "had",
    "hand",
    "happen",
    "hard",
    "has",
    "have",
    "having",
    "he",
    "head",
    "help",
    "her",
    "here",
    "high",
    "higher",
    "highlight",
    "highlights",
    "highly",
    "his",
    "history",
    "hold",
    "holds",
    "how",
    "however",
    "idea",
    "identified",
    "if",
    "impact",
    "implication",
    "implications",
    "implies",
    "important",
    "improve",
    "in",
    "include",
    "included",
    "includes",
    "including",
    "increase",
    "increasing",
    "increasingly",
    "indeed",
    "indicate",
    "individual",
    "individuals",
    "information",
    "initial",
    "initiative",
    "instance",
    "instances",
    "intended",
    "internal",
    "into",
    "involve",
    "involved",
    "involving",
    "is",
    "issue",
    "issues",
    "it",
    "item",
    "its",
    "itself",
    "just",
    "key",
    "kind",
    "know",
    "known",
    "lack",
    "large",
    "larger",
    "last",
    "later",
    "lead",
    "leading",
    "least",
    "less",
    "level",
    "levels",
    "like",
    "likely",
    "limit",
    "limited",
    "line",
    "little",
    "long",
    "look",
    "low",
    "made",
    "main",
    "maintain",
    "major",
    "make",
    "making",
    "manner",
    "many",
    "mark",
    "material",
    "materially",
    "matter",
    "may",
    "mean",
    "meaning",
    "means",
    "meanwhile",
    "measure",
    "mechanism",
    "meet",
    "might",
    "mix",
    "model",
    "moment",
    "more",
    "most",
    "move",
    "moves",
    "much",
    "must",
    "nearly",
    "need",
    "needed",
    "needs",
    "new",
    "next",
    "no",
    "not",
    "notable",
    "notably",
    "note",
    "noted",
    "now",
    "number",
    "numbers",
    "of",
    "off",
    "offer",
    "offers",
    "often",
    "on",
    "once",
    "one",
    "only",
    "open",
    "operate",
    "operates",
    "operation",
    "operations",
    "opportunity",
    "or",
    "order",
    "other",
    "others",
    "our",
    "out",
    "over",
    "overall",
    "own",
    "part",
    "particular",
    "particularly",
    "parts",
    "past",
    "path",
    "pattern",
    "people",
    "per",
    "perhaps",
    "period",
    "place",
    "plan",
    "play",
    "point",
    "points",
    "position",
    "positioning",
    "possible",
    "potential",
    "power",
    "practice",
    "presence",
    "present",
    "presents",
    "pressure",
    "previous",
    "primary",
    "process",
    "produce",
    "produced",
    "program",
    "progress",
    "provide",
    "provided",
    "provides",
    "providing",
    "purpose",
    "put",
    "quality",
    "question",
    "range",
    "rate",
    "rather",
    "reach",
    "reached",
    "real",
    "reason",
    "recent",
    "reduce",
    "reflect",
    "regard",
    "regarding",
    "related",
    "relatively",
    "rely",
    "remain",
    "remains",
    "report",
    "reported",
    "represent",
    "representing",
    "require",
    "required",
    "requires",
    "rest",
    "result",
    "results",
    "return",
    "reveal",
    "reveals",
    "right",
    "rise",
    "role",
    "run",
    "same",
    "scale",
    "second",
    "see",
    "seem",
    "seen",
    "sense",
    "serve",
    "serves",
    "set",
    "several",
    "shape",
    "she",
    "short",
    "should",
    "show",
    "shows",
    "side",
    "sign",
    "signal",
    "signals",
    "significant",
    "similar",
    "simply",
    "since",
    "single",
    "size",
    "small",
    "so",
    "some",
    "source",
    "sources",
    "space",
    "specific",
    "specifically",
    "stage",
    "stand",
    "standard",
    "start",
    "state",
    "states",
    "step",
    "still",
    "strategic",
    "strategically",
    "strategy",
    "strong",
    "structure",
    "structures",
    "subject",
    "success",
    "successful",
    "such",
    "support",
    "supports",
    "sure",
    "system",
    "take",
    "taken",
    "taking",
    "target",
    "targeting",
    "term",
    "terms",
    "test",
    "tested",
    "tests",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "third",
    "this",
    "those",
    "through",
    "thus",
    "time",
    "times",
    "to",
    "today",
    "together",
    "too",
    "top",
    "total",
    "toward",
    "towards",
    "track",
    "turn",
    "type",
    "types",
    "under",
    "underscore",
    "underscored",
    "understand",
    "unit",
    "up",
    "upon",
    "us",
    "use",
    "used",
    "uses",
    "using",
    "value",
    "various",
    "very",
    "view",
    "was",
    "way",
    "ways",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whole",
    "whom",
    "whose",
    "why",
    "wide",
    "wider",
    "will",
    "with",
    "within",
    "without",
    "work",
    "working",
    "works",
    "world",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_signature_never_turns_away_an_id_of_its_set(
            set in proptest::collection::vec(proptest::prelude::any::<u32>(), 0..80),
            other in proptest::prelude::any::<u32>(),
        ) {
            let sig = Signature::of(&set);
            proptest::prop_assert!(set.iter().all(|&id| sig.may_have(id)));
            // And it is no bigger than the set it summarises.
            proptest::prop_assert!(!Signature::of(&[]).may_have(other));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_text_without_digits_has_figures_only_where_a_word_has(
            text in "((five|twenty|Fifty|-|'|’s|'s|é|x|thousand|billion| |about|one|sixty|tenth|over|\\.)){0,14}"
        ) {
            let mut vocab = Vocab::default();
            let mut ids = Vec::new();
            vocab.add_ids(&text, &mut ids);
            let flagged = words(&text).any(|w| vocab.cache[w].number);
            if !flagged {
                proptest::prop_assert!(super::super::figures::figures(&text).is_empty());
            }
            // And the ids are those read with the figures looked for, in the same order.
            let mut all = Vocab::default();
            let mut read = Vec::new();
            all.add_word_ids(&text, &mut read);
            all.add_figure_ids(&text, &mut read);
            proptest::prop_assert_eq!(ids, read);
        }
    }

    #[test]
    fn a_signature_turns_away_most_absent_ids() {
        // Seventy ids, about a source's: most of a thousand others are answered at once.
        let set: Vec<u32> = (0..70).map(|k| k * 17 + 3).collect();
        let sig = Signature::of(&set);
        let passed = (5000..6000).filter(|&id| sig.may_have(id)).count();
        assert!(passed < 250, "{passed} of 1000 absent ids passed");
    }

    #[test]
    fn not_counted_lists_boilerplate_not_grammar() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        let words = not_counted("The company's strategy, within the broader market, matters.");
        assert!(words.contains(&"company".into()), "{words:?}");
        assert!(!words.iter().any(|w| w == "within"), "{words:?}");
    }

    #[test]
    fn common_words_are_no_longer_than_the_longest_counted() {
        assert_eq!(
            COMMON.iter().map(|w| w.len()).max(),
            Some(COMMON_LONGEST),
            "is_common skips words longer than COMMON_LONGEST"
        );
    }

    proptest::proptest! {
        /// Read a byte at a time, the words are those a split by character gives.
        #[test]
        fn words_are_those_a_split_by_character_gives(
            text in "[a-zA-Z0-9 '’,.é中\u{0301}ß\\-\u{00a0}_]{0,40}"
        ) {
            let by_char: Vec<&str> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .flat_map(|w| {
                    let w = w
                        .strip_suffix("'s")
                        .or_else(|| w.strip_suffix("’s"))
                        .unwrap_or(w);
                    w.trim_matches(['\'', '’']).split(['\'', '’'])
                })
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), by_char);
        }
    }

    #[test]
    fn common_list_is_sorted() {
        assert!(
            COMMON.windows(2).all(|w| w[0] < w[1]),
            "COMMON must stay sorted"
        );
    }

    #[test]
    fn figures_match_as_figures() {
        assert_eq!(figures("an 83 out of 100 score"), vec!["83/100"]);
        assert_eq!(figures("moat score of 83/100."), vec!["83/100"]);
        assert_eq!(figures("8.3 and 83"), vec!["8.3", "83"]);
        assert_eq!(figures("1,000 units, 12% up"), vec!["1000", "12%"]);
        assert_eq!(figures("cites [12] and [^5]"), Vec::<String>::new());
        assert_eq!(figures("MTIA 3 in 2026"), vec!["3", "2026"]);
        let mut vocab = Vocab::default();
        let bag = vocab.bag(&["got 83"]);
        let t = |text: &str| key_terms(text, &vocab).remove(0);
        assert!(bag.contains(&t("a score of 83/100")));
        assert!(bag.contains(&t("83 out of 100")));
        assert!(!bag.contains(&t("8.3 points")));
    }

    #[test]
    fn stems_fold_variants_together() {
        let s = |w: &str| stem(&fold(w));
        assert_eq!(s("investigations"), s("investigates"));
        assert_eq!(s("sexualized"), s("sexualise"));
        assert_eq!(s("disabilities"), s("disability"));
        assert_eq!(s("organization"), s("organisation"));
        assert_eq!(s("Training"), s("trains"));
        assert_eq!(fold("Gründet"), "grundet");
    }

    #[test]
    fn key_terms_are_names_figures_and_rare_words() {
        let vocab = Vocab::default();
        let terms = key_terms(
            "The MTIA 3 is specifically architected for large language model training.",
            &vocab,
        );
        let shown: Vec<_> = terms.iter().map(|t| t.shown.as_str()).collect();
        assert_eq!(
            shown,
            // "large" and "model" say nothing checkable: they are boilerplate.
            vec!["3", "MTIA", "architected", "language", "training"]
        );
        assert_eq!(terms[1].kind, TermKind::Name);
        // "The" opens the sentence; "Meta's" is a name anywhere.
        let t = key_terms(
            "Leadership is evident, with Maher Saba at Meta's helm.",
            &vocab,
        );
        assert!(
            t.iter()
                .any(|t| t.shown == "Maher" && t.kind == TermKind::Name)
        );
        assert!(
            t.iter()
                .any(|t| t.shown == "Meta" && t.kind == TermKind::Name)
        );
    }

    #[test]
    fn vocabularies_built_in_chunks_and_merged_number_words_as_one_pass_does() {
        let texts = [
            "Meta tests 83 out of 100 chips in Kenya on 2026-03-04.",
            "Nvidia ships over fifty chips; Meta's tests were delayed.",
            "Gründet in Kenya: 1,000 investigations, 12 percent, Dec. 20, 1998.",
            "Investigates sexualized content; 8.3 and 83 are not one figure.",
        ];
        let mut whole = Vocab::default();
        let bags: Vec<Bag> = texts.iter().map(|t| whole.bag(&[t])).collect();
        whole.finish();
        let mut first = Vocab::default();
        let mut merged: Vec<Bag> = texts[..2].iter().map(|t| first.bag(&[t])).collect();
        let mut second = Vocab::default();
        let later: Vec<Bag> = texts[2..].iter().map(|t| second.bag(&[t])).collect();
        let map = first.absorb(second);
        merged.extend(later.iter().map(|b| b.renumbered(&map)));
        first.finish();
        assert_eq!(merged, bags);
        assert_eq!(first.ids, whole.ids);
        assert_eq!(first.feature, whole.feature);
        assert_eq!(first.outlet, whole.outlet);
        assert_eq!(first.values, whole.values);
        let ids = |v: &Vocab| {
            let mut c: Vec<(String, u32)> =
                v.cache.iter().map(|(k, i)| (k.clone(), i.id)).collect();
            c.sort();
            c
        };
        assert_eq!(ids(&first), ids(&whole));
        // The second chunk's numbers were not the whole's: the merge had work to do.
        assert!(
            map.iter()
                .enumerate()
                .any(|(local, &id)| local as u32 != id)
        );
    }
}
