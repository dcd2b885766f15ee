//! `F` and `o` in the workbench: fetching the selected source's page (or, from the sections
//! pane, every page the brief cites) on a thread of its own, with its progress in the status
//! line, and opening a source's URL in the system browser.
//!
//! The fetch thread sends its progress and its end over a channel; `App::poll_fetch`, called by the loop,
//! takes them in, lends the new texts to the brief and reassesses it.

use std::sync::mpsc;

use crate::fetch::texts::Origins;
use crate::fetch::{self, Cache, FetchedTexts, Outcome};
use crate::model::{Brief, Source};

/// What the fetch thread says.
enum Msg {
    Progress { done: usize, total: usize },
    Done(Vec<(Vec<u32>, Outcome)>),
}

/// The fetched-text state of the workbench: where each source's text came from, the cache,
/// the sources as the brief gave them (to lend anew after a fetch), and a fetch under way.
#[derive(Default)]
pub struct Fetching {
    pub origins: Origins,
    cache: Option<Cache>,
    /// The brief's own sources, before any fetched text was lent to them; `None` while
    /// nothing has been lent (the brief's sources are its own: no copy of a large brief's
    /// sources is kept for nothing).
    original: Option<Vec<Source>>,
    job: Option<mpsc::Receiver<Msg>>,
    /// Pages done and in all, of the fetch under way.
    pub progress: Option<(usize, usize)>,
}

impl std::fmt::Debug for Fetching {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetching")
            .field("progress", &self.progress)
            .finish_non_exhaustive()
    }
}

impl Fetching {
    /// `original` are the brief's sources as loaded, before `origins` were lent (`None` when
    /// nothing was lent).
    pub fn new(original: Option<Vec<Source>>, origins: Origins, cache: Option<Cache>) -> Fetching {
        Fetching {
            origins,
            cache,
            original,
            job: None,
            progress: None,
        }
    }

    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Starts fetching the pages of these sources (all with a URL when `numbers` is
    /// `None`); the status to show.
    pub fn start(&mut self, brief: &Brief, numbers: Option<&[u32]>) -> Result<String, String> {
        if self.busy() {
            return Err("a fetch is already under way".into());
        }
        let Some(cache) = self.cache.clone() else {
            return Err("no data directory to keep pages in: set --data-dir".into());
        };
        let urls: Vec<(u32, String)> = brief
            .sources
            .iter()
            .filter(|s| numbers.is_none_or(|n| n.contains(&s.number)))
            .filter_map(|s| Some((s.number, s.url.clone()?)))
            .collect();
        let (requests, bad) = fetch::run::requests(&urls);
        if requests.is_empty() {
            return Err(match bad.first() {
                Some((n, why)) => format!("[{n}] not fetched: {why}"),
                None => "no URL to fetch".into(),
            });
        }
        let total = requests.len();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let done = std::sync::atomic::AtomicUsize::new(0);
            let progress = tx.clone();
            let finished = move |_: &fetch::run::Request, _: &Outcome| {
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                let _ = progress.send(Msg::Progress { done: d, total });
            };
            let outcomes = fetch::run(
                &requests,
                &cache,
                &fetch::Options::default(),
                &|_| {},
                &finished,
            );
            let _ = tx.send(Msg::Done(
                requests
                    .into_iter()
                    .map(|r| r.sources)
                    .zip(outcomes)
                    .collect(),
            ));
        });
        self.job = Some(rx);
        self.progress = Some((0, total));
        Ok(format!("fetching {}…", pages(total)))
    }

    /// Takes in what the fetch thread said. When it is done: the brief with the new texts
    /// lent (to reassess) and the summary to show.
    pub fn poll(&mut self, brief: &Brief) -> Polled {
        let Some(rx) = &self.job else {
            return Polled::Nothing;
        };
        let mut moved = false;
        loop {
            match rx.try_recv() {
                Ok(Msg::Progress { done, total }) => {
                    self.progress = Some((done, total));
                    moved = true;
                }
                Ok(Msg::Done(outcomes)) => {
                    self.job = None;
                    self.progress = None;
                    return Polled::Landed(self.lend(brief), summary(&outcomes));
                }
                Err(mpsc::TryRecvError::Empty) => {
                    return if moved {
                        Polled::Moved
                    } else {
                        Polled::Nothing
                    };
                }
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.job = None;
                    self.progress = None;
                    return Polled::Failed("the fetch stopped unexpectedly".into());
                }
            }
        }
    }

    /// The brief with its own sources back and the cache's texts lent anew.
    fn lend(&mut self, brief: &Brief) -> Box<Brief> {
        let mut b = brief.clone();
        // Before the first lending, the brief's sources are still its own.
        let original = self.original.get_or_insert_with(|| brief.sources.clone());
        if original.len() == b.sources.len() {
            b.sources.clone_from(original);
        }
        if let Some(cache) = &self.cache {
            self.origins = FetchedTexts::load(&b, cache).apply(&mut b);
        }
        Box::new(b)
    }
}

/// What [`Fetching::poll`] found.
pub enum Polled {
    Nothing,
    /// Progress: redraw the status line.
    Moved,
    Landed(Box<Brief>, String),
    Failed(String),
}

fn pages(n: usize) -> String {
    if n == 1 {
        "1 page".into()
    } else {
        format!("{n} pages")
    }
}

fn summary(outcomes: &[(Vec<u32>, Outcome)]) -> String {
    let (mut fetched, mut cached) = (0, 0);
    let mut failed = Vec::new();
    for (sources, o) in outcomes {
        match o {
            Outcome::Fetched(_) => fetched += 1,
            Outcome::Cached(_) => cached += 1,
            Outcome::Failed(e) => {
                let list: String = sources.iter().map(|n| format!("[{n}]")).collect();
                failed.push(format!("{list} {}", e.error.as_deref().unwrap_or("failed")));
            }
        }
    }
    let mut s = format!(
        "fetched {fetched}, cached {cached}, failed {}",
        failed.len()
    );
    if !failed.is_empty() {
        s.push_str(": ");
        s.push_str(&failed.join("; "));
    }
    s
}

/// Opens `url` in the system browser: `open` on macOS, `xdg-open` elsewhere, the URL passed
/// as one argument (never through a shell), the browser's output kept off the screen.
pub fn open_in_browser(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "not opened: {} links are not web pages",
            parsed.scheme()
        ));
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program)
        .arg(parsed.as_str())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    // Reaped on a thread of its own, so no zombie is left and the workbench never waits.
    std::thread::spawn(move || child.wait());
    Ok(())
}
