//! briefbench: check a research brief claim by claim against its sources.
//!
//! The core (`model`, `cite`, `store`, `validate`, `support`, `search`, `flags`, `export`,
//! `import`, and the settings: `config`, `style`) knows nothing of the terminal; `tui` maps
//! its state to widgets and keys to actions.

pub mod cache;
pub mod cite;
pub mod config;
pub mod date;
pub mod export;
pub mod fetch;
pub mod flags;
pub mod fsio;
pub mod import;
pub mod library;
pub mod links;
pub mod model;
pub mod places;
pub mod ron_error;
pub mod ron_fast;
pub mod sanitize;
pub mod search;
pub mod store;
pub mod style;
pub mod support;
#[cfg(feature = "testkit")]
pub mod synth;
pub mod tui;
pub mod validate;
