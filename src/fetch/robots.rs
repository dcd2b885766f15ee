//! robots.txt (RFC 9309): the group for our agent (else `*`), its Allow and Disallow rules,
//! the longest match winning, `*` and `$` understood.

/// The rules that apply to briefbench on one host.
#[derive(Debug, Clone, Default)]
pub struct Robots {
    /// (allow, pattern) in the order given.
    rules: Vec<(bool, String)>,
    /// The host could not say (a 5xx): nothing may be fetched from it.
    deny_all: bool,
}

impl Robots {
    /// No robots.txt (a 4xx, or none at all): everything may be fetched.
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// The host's robots.txt failed with a server error: RFC 9309 says assume it forbids all.
    pub fn deny_all() -> Robots {
        Robots {
            rules: Vec::new(),
            deny_all: true,
        }
    }

    /// The rules for `agent` (matched case-insensitively as a prefix of its product token).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut ours: Vec<(bool, String)> = Vec::new();
        let mut star: Vec<(bool, String)> = Vec::new();
        let (mut found_ours, mut in_agents) = (false, false);
        let (mut group_ours, mut group_star) = (false, false);
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        group_ours = false;
                        group_star = false;
                    }
                    in_agents = true;
                    let v = value.to_ascii_lowercase();
                    if v == "*" {
                        group_star = true;
                    } else if !v.is_empty() && agent.starts_with(&v) {
                        group_ours = true;
                        found_ours = true;
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    // An empty Disallow allows everything: no rule.
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_string());
                    if group_ours {
                        ours.push(rule.clone());
                    }
                    if group_star {
                        star.push(rule);
                    }
                }
                _ => in_agents = false,
            }
        }
        Robots {
            rules: if found_ours { ours } else { star },
            deny_all: false,
        }
    }

    /// Whether `path` (with its query) may be fetched: the longest matching rule decides,
    /// Allow winning a tie.
    pub fn allows(&self, path: &str) -> bool {
        if self.deny_all {
            return false;
        }
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// A robots pattern against a path: a prefix match, `*` any run, `$` the end.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = path;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 && anchored {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    !anchored || rest.is_empty() || pattern.ends_with('*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_wins_over_the_star_group() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /\n\nUser-agent: BriefBench\nDisallow: /private/\n",
            "briefbench/0.1.0",
        );
        assert!(r.allows("/news/a"));
        assert!(!r.allows("/private/x"));
    }

    #[test]
    fn the_longest_rule_decides() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /a\nAllow: /a/open\nDisallow: /*.pdf$\n",
            "briefbench",
        );
        assert!(!r.allows("/a/closed"));
        assert!(r.allows("/a/open/page"));
        assert!(!r.allows("/doc/x.pdf"));
        assert!(r.allows("/doc/x.pdf?v=1"));
        assert!(r.allows("/b"));
    }

    #[test]
    fn an_empty_disallow_allows_everything() {
        let r = Robots::parse("User-agent: *\nDisallow:\n", "briefbench");
        assert!(r.allows("/anything"));
        assert!(!Robots::deny_all().allows("/"));
    }
}
