//! What `update` asks the world to do (an [`Effect`]: save the flags, analyse the brief,
//! summarise the picker's briefs), and what comes back (a [`Msg`]: a key's action, or the
//! result of an effect). `update` never does I/O; the loop hands its effects to a
//! [`Runner`], which does each off the UI thread and sends the result back through the
//! channel the loop polls alongside the terminal's events.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use super::action::Action;
use crate::flags::{FlagError, SaveRequest, Saved};
use crate::library::Summary;
use crate::links::Links;
use crate::model::Brief;
use crate::support::Assessment;

/// Something `update` wants done outside the state: I/O or long work.
#[derive(Debug)]
pub enum Effect {
    /// Lock, merge and write the flags; answered by [`Msg::FlagsSaved`], [`Msg::SaveFailed`]
    /// or (while another process holds the lock) [`Msg::SaveWaiting`] and later one of those.
    SaveFlags {
        request: Box<SaveRequest>,
        /// What the save is for, for the status line ("flagged weak on summary.1").
        done: String,
        /// Quit once saved (a quit with unsaved flags).
        then_quit: bool,
    },
    /// Analyse the brief, counting claims done in `progress`; answered by
    /// [`Msg::AnalysisDone`] (or [`Msg::AnalysisLost`]).
    Analyse {
        brief: Arc<Brief>,
        links: Arc<Links>,
        progress: Arc<AtomicUsize>,
    },
    /// Summarise each brief file (claims, weak, unsupported), one [`Msg::BriefSummarised`]
    /// each, in order.
    Summarise { paths: Vec<(usize, PathBuf)> },
    /// Build each brief's search index, for the picker's search across briefs; one
    /// [`Msg::BriefIndexed`] each.
    Index { paths: Vec<PathBuf> },
}

/// The effects of one update, in the order they were asked for.
pub type Effects = Vec<Effect>;

/// What `update` takes: an action (a key, the mouse, a resize), a paste, or the result of
/// an effect.
#[derive(Debug)]
pub enum Msg {
    Action(Action),
    /// Text the terminal pasted (bracketed): one edit.
    Paste(String),
    FlagsSaved {
        saved: Saved,
        done: String,
        then_quit: bool,
    },
    SaveFailed {
        error: String,
        done: String,
        then_quit: bool,
    },
    /// Another process holds the save lock: the save waits for it, the edit kept.
    SaveWaiting {
        done: String,
    },
    AnalysisDone(Box<Assessment>),
    /// The analysis thread ended without a result (it panicked).
    AnalysisLost,
    /// One brief of the picker's folder summarised (entry index, summary or why not).
    BriefSummarised {
        entry: usize,
        summary: Result<Summary, std::sync::Arc<crate::library::OpenError>>,
    },
    /// One brief's search index built (`None`: the brief could not be read).
    BriefIndexed {
        path: PathBuf,
        index: Option<Box<super::picker::Searchable>>,
    },
}

/// A brief's search index, for the picker's search across briefs.
fn index_of(path: &std::path::Path) -> Option<Box<super::picker::Searchable>> {
    let loaded = crate::library::open_brief(path).ok()?;
    let links = Links::build(&loaded.brief);
    Some(Box::new(super::picker::Searchable::of(
        &loaded.brief,
        &links,
    )))
}

impl From<Action> for Msg {
    fn from(a: Action) -> Msg {
        Msg::Action(a)
    }
}

/// How long one try at the save lock waits before the worker says it is waiting and tries
/// again (picking up newer edits in between).
const LOCK_TRY: Duration = Duration::from_millis(250);

struct SaveJob {
    request: Box<SaveRequest>,
    done: String,
    then_quit: bool,
}

/// Runs effects on other threads; their results come back through [`Runner::try_recv`].
pub struct Runner {
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
    /// The save worker's queue, started with the first save.
    saves: Option<mpsc::Sender<SaveJob>>,
    /// Set when the runner goes away: background summaries stop between briefs.
    cancel: Arc<AtomicBool>,
    /// Effects started whose last result has not come back yet.
    busy: Arc<AtomicUsize>,
}

impl Default for Runner {
    fn default() -> Self {
        Runner::new()
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Runner {
    pub fn new() -> Runner {
        let (tx, rx) = mpsc::channel();
        Runner {
            tx,
            rx,
            saves: None,
            cancel: Arc::new(AtomicBool::new(false)),
            busy: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Whether some effect is still running (the loop redraws more often for progress).
    pub fn busy(&self) -> bool {
        self.busy.load(Ordering::Relaxed) > 0
    }

    pub fn run_all(&mut self, effects: Effects) {
        for e in effects {
            self.run(e);
        }
    }

    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::SaveFlags {
                request,
                done,
                then_quit,
            } => {
                let job = SaveJob {
                    request,
                    done,
                    then_quit,
                };
                let saves = self.saves.get_or_insert_with(|| {
                    let (tx, rx) = mpsc::channel();
                    let out = self.tx.clone();
                    let busy = Arc::clone(&self.busy);
                    std::thread::spawn(move || save_worker(rx, out, busy));
                    tx
                });
                self.busy.fetch_add(1, Ordering::Relaxed);
                if let Err(mpsc::SendError(job)) = saves.send(job) {
                    self.busy.fetch_sub(1, Ordering::Relaxed);
                    let _ = self.tx.send(Msg::SaveFailed {
                        error: "the save thread stopped".into(),
                        done: job.done,
                        then_quit: job.then_quit,
                    });
                }
            }
            Effect::Analyse {
                brief,
                links,
                progress,
            } => {
                let out = self.tx.clone();
                let busy = Guard::new(&self.busy);
                std::thread::spawn(move || {
                    let _busy = busy;
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        crate::support::assess_with_progress(&brief, &links, &progress)
                    }));
                    let _ = out.send(match done {
                        Ok(a) => Msg::AnalysisDone(Box::new(a)),
                        Err(_) => Msg::AnalysisLost,
                    });
                });
            }
            Effect::Index { paths } => {
                let out = self.tx.clone();
                let cancel = Arc::clone(&self.cancel);
                let busy = Guard::new(&self.busy);
                std::thread::spawn(move || {
                    let _busy = busy;
                    for path in paths {
                        if cancel.load(Ordering::Relaxed) {
                            return;
                        }
                        let index = index_of(&path);
                        if out.send(Msg::BriefIndexed { path, index }).is_err() {
                            return;
                        }
                    }
                });
            }
            Effect::Summarise { paths } => {
                let out = self.tx.clone();
                let cancel = Arc::clone(&self.cancel);
                let busy = Guard::new(&self.busy);
                std::thread::spawn(move || {
                    let _busy = busy;
                    for (entry, path) in paths {
                        if cancel.load(Ordering::Relaxed) {
                            return;
                        }
                        let summary = crate::library::summarize(&path).summary;
                        if out.send(Msg::BriefSummarised { entry, summary }).is_err() {
                            return;
                        }
                    }
                });
            }
        }
    }

    /// A result that has come back, if any.
    pub fn try_recv(&self) -> Option<Msg> {
        self.rx.try_recv().ok()
    }

    /// Waits at most `timeout` for a result.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Msg> {
        self.rx.recv_timeout(timeout).ok()
    }
}

/// Counts a running effect for as long as it lives.
struct Guard(Arc<AtomicUsize>);

impl Guard {
    fn new(busy: &Arc<AtomicUsize>) -> Guard {
        busy.fetch_add(1, Ordering::Relaxed);
        Guard(Arc::clone(busy))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The save worker: one save at a time; a newer request (which holds every edit the older
/// one held, and more) replaces one still waiting. Behind another process's lock it says
/// so once and keeps trying until the lock is free.
fn save_worker(rx: mpsc::Receiver<SaveJob>, out: mpsc::Sender<Msg>, busy: Arc<AtomicUsize>) {
    while let Ok(mut job) = rx.recv() {
        let mut jobs = 1;
        let newer = |job: &mut SaveJob, jobs: &mut usize| {
            while let Ok(next) = rx.try_recv() {
                let then_quit = job.then_quit || next.then_quit;
                *job = next;
                job.then_quit = then_quit;
                *jobs += 1;
            }
        };
        newer(&mut job, &mut jobs);
        let mut said_waiting = false;
        let msg = loop {
            match job.request.run(LOCK_TRY) {
                Ok(saved) => {
                    break Msg::FlagsSaved {
                        saved,
                        done: job.done,
                        then_quit: job.then_quit,
                    };
                }
                Err(FlagError::Busy { .. }) => {
                    if !said_waiting {
                        said_waiting = true;
                        let _ = out.send(Msg::SaveWaiting {
                            done: job.done.clone(),
                        });
                    }
                    newer(&mut job, &mut jobs);
                }
                Err(e) => {
                    break Msg::SaveFailed {
                        error: e.to_string(),
                        done: job.done,
                        then_quit: job.then_quit,
                    };
                }
            }
        };
        busy.fetch_sub(jobs, Ordering::Relaxed);
        if out.send(msg).is_err() {
            return;
        }
    }
}

/// Runs effects here and now, each result fed back to `update` until none is left: for
/// tests and tools that drive `update` without a loop. A save behind another process's
/// lock waits [`crate::flags::LOCK_PATIENCE`] once, then reports [`Msg::SaveWaiting`].
pub fn settle<S>(state: &mut S, mut effects: Effects, update: impl Fn(&mut S, Msg) -> Effects) {
    while !effects.is_empty() {
        let mut next = Vec::new();
        for e in effects {
            let msgs = match e {
                Effect::SaveFlags {
                    request,
                    done,
                    then_quit,
                } => vec![match request.run(crate::flags::LOCK_PATIENCE) {
                    Ok(saved) => Msg::FlagsSaved {
                        saved,
                        done,
                        then_quit,
                    },
                    Err(FlagError::Busy { .. }) => Msg::SaveWaiting { done },
                    Err(e) => Msg::SaveFailed {
                        error: e.to_string(),
                        done,
                        then_quit,
                    },
                }],
                Effect::Analyse {
                    brief,
                    links,
                    progress,
                } => vec![Msg::AnalysisDone(Box::new(
                    crate::support::assess_with_progress(&brief, &links, &progress),
                ))],
                Effect::Index { paths } => paths
                    .into_iter()
                    .map(|path| Msg::BriefIndexed {
                        index: index_of(&path),
                        path,
                    })
                    .collect(),
                Effect::Summarise { paths } => paths
                    .into_iter()
                    .map(|(entry, path)| Msg::BriefSummarised {
                        entry,
                        summary: crate::library::summarize(&path).summary,
                    })
                    .collect(),
            };
            for m in msgs {
                next.extend(update(state, m));
            }
        }
        effects = next;
    }
}
