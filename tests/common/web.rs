//! A small HTTP server on 127.0.0.1 for the fetch tests and the fetch benchmark: it serves
//! the fixtures in tests/fixtures/fetch/ and a set of misbehaving routes (redirect chains
//! and loops, error statuses, a stall, a 50 MB body), and counts the requests it gets.
//! One thread per connection, `Connection: close` on every answer: simple, and enough.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Server {
    ip: String,
    pub port: u16,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    user_agents: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts serving on a free port of 127.0.0.1; the thread ends with the process.
    pub fn start() -> Server {
        Server::start_on("127.0.0.1")
    }

    /// On another loopback address (127.0.0.2…), to be another host.
    pub fn start_on(ip: &str) -> Server {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback address");
        let port = listener.local_addr().unwrap().port();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let user_agents: Arc<Mutex<Vec<String>>> = Arc::default();
        let (h, u) = (Arc::clone(&hits), Arc::clone(&user_agents));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (h, u) = (Arc::clone(&h), Arc::clone(&u));
                std::thread::spawn(move || {
                    let _ = serve(stream, &h, &u);
                });
            }
        });
        Server {
            ip: ip.to_string(),
            port,
            hits,
            user_agents,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}:{}{path}", self.ip, self.port)
    }

    /// How many requests came for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    pub fn total_hits(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }

    pub fn user_agents(&self) -> Vec<String> {
        self.user_agents.lock().unwrap().clone()
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fetch")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn serve(
    stream: TcpStream,
    hits: &Mutex<HashMap<String, usize>>,
    user_agents: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("user-agent")
        {
            user_agents.lock().unwrap().push(v.trim().to_string());
        }
    }
    let n = {
        let mut hits = hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let mut out = stream;
    let html = "text/html";
    match path.as_str() {
        "/robots.txt" => reply(&mut out, 200, "text/plain", &fixture("robots.txt"), &[]),
        "/article" | "/private/article" => reply(
            &mut out,
            200,
            "text/html; charset=utf-8",
            &fixture("article.html"),
            &[],
        ),
        "/cp1252" => reply(&mut out, 200, html, &fixture("windows-1252.html"), &[]),
        "/sjis" => reply(&mut out, 200, html, &fixture("shift_jis.html"), &[]),
        "/controls" => reply(&mut out, 200, html, &fixture("controls.html"), &[]),
        "/ferry.pdf" => reply(&mut out, 200, "application/pdf", &fixture("ferry.pdf"), &[]),
        "/notes.txt" => reply(&mut out, 200, "text/plain", &fixture("notes.txt"), &[]),
        "/binary" => reply(
            &mut out,
            200,
            "application/octet-stream",
            &fixture("binary.bin"),
            &[],
        ),
        "/image.png" => reply(&mut out, 200, "image/png", b"\x89PNG\r\n\x1a\n", &[]),
        "/redirect/1" => redirect(&mut out, 302, "/redirect/2"),
        "/redirect/2" => redirect(&mut out, 301, "/redirect/3"),
        "/redirect/3" => redirect(&mut out, 307, "/article"),
        "/loop/a" => redirect(&mut out, 302, "/loop/b"),
        "/loop/b" => redirect(&mut out, 302, "/loop/a"),
        "/status/404" => reply(&mut out, 404, html, b"<p>gone fishing</p>", &[]),
        "/status/410" => reply(&mut out, 410, html, b"<p>gone</p>", &[]),
        "/status/500" => reply(&mut out, 500, html, b"<p>oops</p>", &[]),
        "/busy" => reply(&mut out, 429, html, b"slow down", &[("Retry-After", "1")]),
        "/busy-once" if n == 1 => reply(&mut out, 503, html, b"later", &[("Retry-After", "1")]),
        "/busy-once" => reply(
            &mut out,
            200,
            "text/plain",
            b"Served on the second try.",
            &[],
        ),
        "/busy-long" => reply(
            &mut out,
            429,
            html,
            b"slow down",
            &[("Retry-After", "3600")],
        ),
        "/stall" => {
            // Headers never come: the client's timeout must end it.
            std::thread::sleep(Duration::from_secs(30));
            Ok(())
        }
        "/huge" => {
            let total: usize = 50 * 1024 * 1024;
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {total}\r\nConnection: close\r\n\r\n"
            )?;
            let chunk = "All work and no play makes a very long page. ".repeat(1024);
            let mut sent = 0;
            while sent < total {
                let n = chunk.len().min(total - sent);
                // The client hangs up at its cap: the write fails and the thread ends.
                out.write_all(&chunk.as_bytes()[..n])?;
                sent += n;
            }
            Ok(())
        }
        p if p.starts_with("/page/") => {
            let body = bench_page(p.trim_start_matches("/page/"));
            reply(
                &mut out,
                200,
                "text/html; charset=utf-8",
                body.as_bytes(),
                &[],
            )
        }
        _ => reply(&mut out, 404, html, b"<p>no such page</p>", &[]),
    }
}

/// A generated article page of a few kilobytes, for the benchmark.
pub fn bench_page(id: &str) -> String {
    let mut story = String::new();
    for i in 0..12 {
        story.push_str(&format!(
            "<p>Paragraph {i} of story {id}: the council of town {id} voted on the budget for \
             its harbour, its schools and its roads, and the mayor said the figures for year \
             {i} were the best the town had seen in a decade of careful spending.</p>\n"
        ));
    }
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Story {id}</title>\
         <meta property=\"og:site_name\" content=\"Bench Daily\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/a\">Archive</a></nav>\
         <article><h1>Story {id}</h1>{story}</article>\
         <footer>Copyright Bench Daily</footer></body></html>"
    )
}

fn redirect(out: &mut TcpStream, status: u16, to: &str) -> std::io::Result<()> {
    reply(out, status, "text/html", b"moved", &[("Location", to)])
}

fn reply(
    out: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    headers: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}
