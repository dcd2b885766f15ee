//! Many pages at once: up to `jobs` fetches in flight, at most two to one host, each URL
//! fetched once however many sources cite it, cached pages reused unless refreshed.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

use url::Url;

use super::{Cache, Entry, RobotsBook, fetch_page, http, url_key};

/// At most this many requests to one host at once.
const PER_HOST: usize = 2;

#[derive(Debug, Clone)]
pub struct Options {
    pub limits: http::Limits,
    /// Fetches in flight at once.
    pub jobs: usize,
    pub ignore_robots: bool,
    /// Fetch again what the cache holds.
    pub refresh: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: http::Limits::default(),
            jobs: 4,
            ignore_robots: false,
            refresh: false,
        }
    }
}

/// One page to fetch, and the sources that cite it.
#[derive(Debug, Clone)]
pub struct Request {
    pub url: Url,
    pub sources: Vec<u32>,
}

/// How a page's fetch ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Fetched now, its text in the cache.
    Fetched(Entry),
    /// The cache already held its text; nothing was requested.
    Cached(Entry),
    /// No text: the entry says why. A good entry from before is kept in the cache.
    Failed(Entry),
}

impl Outcome {
    pub fn entry(&self) -> &Entry {
        match self {
            Outcome::Fetched(e) | Outcome::Cached(e) | Outcome::Failed(e) => e,
        }
    }
}

/// Groups `(source number, URL)` pairs by normalised URL, in the order first cited. URLs
/// that are not http(s) come back apart, with why.
pub fn requests(urls: &[(u32, String)]) -> (Vec<Request>, Vec<(u32, url_key::UrlError)>) {
    let mut out: Vec<Request> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut bad = Vec::new();
    for (n, raw) in urls {
        match url_key::normalise(raw) {
            Ok(url) => match at.get(url.as_str()) {
                Some(&i) => out[i].sources.push(*n),
                None => {
                    at.insert(url.to_string(), out.len());
                    out.push(Request {
                        url,
                        sources: vec![*n],
                    });
                }
            },
            Err(e) => bad.push((*n, e)),
        }
    }
    (out, bad)
}

/// Fetches every request, calling `started` and `finished` as each begins and ends (from
/// the worker threads), and returns the outcomes in the requests' order.
pub fn run(
    requests: &[Request],
    cache: &Cache,
    options: &Options,
    started: &(dyn Fn(&Request) + Sync),
    finished: &(dyn Fn(&Request, &Outcome) + Sync),
) -> Vec<Outcome> {
    cache.tidy();
    let client = http::Client::new(options.limits.clone());
    let robots = RobotsBook::default();
    let queue = Queue {
        state: Mutex::new(QueueState {
            pending: (0..requests.len()).collect(),
            per_host: HashMap::new(),
        }),
        changed: Condvar::new(),
    };
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; requests.len()]);
    let hosts: Vec<String> = requests.iter().map(|r| url_key::host_key(&r.url)).collect();
    std::thread::scope(|s| {
        for _ in 0..options.jobs.clamp(1, 64).min(requests.len().max(1)) {
            s.spawn(|| {
                while let Some(i) = queue.take(&hosts) {
                    let req = &requests[i];
                    let outcome = fetch_one(req, cache, options, &client, &robots, started);
                    queue.done(&hosts[i]);
                    finished(req, &outcome);
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|o| o.expect("every request ran"))
        .collect()
}

fn fetch_one(
    req: &Request,
    cache: &Cache,
    options: &Options,
    client: &http::Client,
    robots: &RobotsBook,
    started: &(dyn Fn(&Request) + Sync),
) -> Outcome {
    let before = cache.get(req.url.as_str());
    if !options.refresh
        && let Some(e) = before.as_ref().filter(|e| e.ok())
    {
        return Outcome::Cached(e.clone());
    }
    started(req);
    let entry = fetch_page(client, (!options.ignore_robots).then_some(robots), &req.url);
    let keep_old = !entry.ok() && before.as_ref().is_some_and(Entry::ok);
    // Best effort: a cache that cannot be written costs a refetch next time, and the
    // outcome still carries the text for this run.
    if !keep_old {
        let _ = cache.put(&entry);
    }
    if entry.ok() {
        Outcome::Fetched(entry)
    } else {
        Outcome::Failed(entry)
    }
}

struct QueueState {
    pending: VecDeque<usize>,
    per_host: HashMap<String, usize>,
}

/// The pending requests, handed out so that no host has more than [`PER_HOST`] in flight.
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

impl Queue {
    fn take(&self, hosts: &[String]) -> Option<usize> {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if st.pending.is_empty() {
                return None;
            }
            let free = st
                .pending
                .iter()
                .position(|&i| st.per_host.get(&hosts[i]).copied().unwrap_or(0) < PER_HOST);
            if let Some(at) = free {
                let i = st.pending.remove(at).expect("position is in range");
                *st.per_host.entry(hosts[i].clone()).or_default() += 1;
                return Some(i);
            }
            st = self.changed.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn done(&self, host: &str) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = st.per_host.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_url_cited_twice_is_one_request() {
        let (reqs, bad) = requests(&[
            (1, "https://x.org/a#p2".into()),
            (2, "ftp://x.org/f".into()),
            (3, "https://X.org/a".into()),
        ]);
        assert_eq!(reqs.len(), 1);
        assert_eq!(reqs[0].sources, vec![1, 3]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 2);
    }
}
