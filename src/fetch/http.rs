//! One GET, done politely and within bounds: redirects followed (at most 10, the final URL
//! kept), a timeout for the whole exchange, the body cut at a byte cap, 429 and 503 tried
//! again after the wait the server asks for (bounded).

use std::io::Read;
use std::time::Duration;

use ureq::ResponseExt;

use super::FetchError;

/// How a request is bounded.
#[derive(Debug, Clone)]
pub struct Limits {
    /// For one exchange, redirects included, body included.
    pub timeout: Duration,
    /// Bytes of body kept; the rest is not read and the text is marked truncated.
    pub max_bytes: u64,
    /// The longest wait for a 429/503's Retry-After; a longer one gives up.
    pub max_retry_wait: Duration,
    /// Tries in all for a 429/503.
    pub tries: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(20),
            max_bytes: 10 * 1024 * 1024,
            max_retry_wait: Duration::from_secs(10),
            tries: 3,
        }
    }
}

/// What a server answered with a success status.
#[derive(Debug, Clone)]
pub struct Response {
    pub final_url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// The body went past the cap and was cut there.
    pub truncated: bool,
}

/// The User-Agent sent with every request, robots.txt's included.
pub fn user_agent() -> String {
    format!("briefbench/{}", env!("CARGO_PKG_VERSION"))
}

/// An HTTP client with the limits set.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    pub limits: Limits,
}

impl Client {
    pub fn new(limits: Limits) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(10)
            .max_redirects_will_error(true)
            .user_agent(user_agent())
            .timeout_global(Some(limits.timeout))
            .build()
            .into();
        Client { agent, limits }
    }

    /// GET `url`, trying again on 429/503 as the server asks (within the limits).
    pub fn get(&self, url: &str) -> Result<Response, FetchError> {
        let mut tried = 0;
        loop {
            tried += 1;
            match self.get_once(url) {
                Err(Retry { status, wait }) if tried < self.limits.tries => {
                    let wait = wait.unwrap_or(Duration::from_secs(1 << (tried - 1)));
                    if wait > self.limits.max_retry_wait {
                        return Err(FetchError::Status {
                            code: status,
                            note: format!(" (asked to wait {} s)", wait.as_secs()),
                        });
                    }
                    std::thread::sleep(wait);
                }
                Err(Retry { status, .. }) => {
                    return Err(FetchError::Status {
                        code: status,
                        note: format!(" (after {tried} tries)"),
                    });
                }
                Ok(r) => return r,
            }
        }
    }

    fn get_once(&self, url: &str) -> Result<Result<Response, FetchError>, Retry> {
        let mut resp = match self.agent.get(url).call() {
            Ok(r) => r,
            Err(e) => return Ok(Err(self.error(e))),
        };
        let status = resp.status().as_u16();
        if matches!(status, 429 | 503) {
            let wait = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Retry { status, wait });
        }
        if !(200..300).contains(&status) {
            return Ok(Err(FetchError::Status {
                code: status,
                note: String::new(),
            }));
        }
        let final_url = resp.get_uri().to_string();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cap = self.limits.max_bytes;
        let mut body = Vec::new();
        let read = resp
            .body_mut()
            .as_reader()
            .take(cap.saturating_add(1))
            .read_to_end(&mut body);
        if let Err(e) = read {
            return Ok(Err(self.io_error(e)));
        }
        let truncated = body.len() as u64 > cap;
        body.truncate(cap as usize);
        Ok(Ok(Response {
            final_url,
            status,
            content_type,
            body,
            truncated,
        }))
    }

    fn error(&self, e: ureq::Error) -> FetchError {
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout(self.limits.timeout.as_secs_f64()),
            ureq::Error::TooManyRedirects => FetchError::Redirects,
            ureq::Error::Io(io) => self.io_error(io),
            ureq::Error::HostNotFound => FetchError::Network("host not found".into()),
            ureq::Error::ConnectionFailed => FetchError::Network("connection failed".into()),
            other => FetchError::Network(other.to_string()),
        }
    }

    fn io_error(&self, e: std::io::Error) -> FetchError {
        if e.kind() == std::io::ErrorKind::TimedOut
            || e.get_ref()
                .and_then(|inner| inner.downcast_ref::<ureq::Error>())
                .is_some_and(|u| matches!(u, ureq::Error::Timeout(_)))
        {
            return FetchError::Timeout(self.limits.timeout.as_secs_f64());
        }
        FetchError::Network(e.to_string())
    }
}

/// A 429 or 503: try again, after `wait` if the server named one.
struct Retry {
    status: u16,
    wait: Option<Duration>,
}
