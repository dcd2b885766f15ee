#![no_main]
//! The query parser, and a search over the embedded brief with what it parsed.
use std::sync::OnceLock;

use briefbench::search::{Index, Query, Scope};
use libfuzzer_sys::fuzz_target;

static INDEX: OnceLock<Index> = OnceLock::new();

fuzz_target!(|q: &str| {
    let index = INDEX.get_or_init(|| {
        let brief = briefbench::store::load_default().unwrap().brief;
        Index::build(&brief, &briefbench::links::Links::build(&brief))
    });
    let query = Query::parse(q);
    for scope in [Scope::Sources, Scope::Claims] {
        let r = index.search(&query, scope, None, 10);
        assert!(r.hits.len() <= 10);
    }
});
