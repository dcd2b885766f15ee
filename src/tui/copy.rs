//! `y` copies: then `i` the claim's id, `t` its text, `u` the selected source's URL. The
//! text goes to the terminal's clipboard as OSC 52, written by the app itself: the text is
//! sanitized and base64-encoded, so no byte of a brief reaches the terminal as a control
//! sequence.

use super::action::Action;
use super::app::App;
use crate::sanitize::Safe;

/// Opens the menu: the status line says which key copies what.
pub fn open_menu(app: &mut App) {
    app.ui.memory.copy_menu = true;
    app.set_status(
        "copy: i the claim's id · t its text · u the source's URL · Esc nothing",
        false,
    );
}

/// The key after `y`: copies what it names, or nothing.
pub fn choose(app: &mut App, action: Action) {
    app.ui.memory.copy_menu = false;
    let Action::Input(c) = action else {
        app.set_status("nothing copied", false);
        return;
    };
    let claim = app.doc.brief().claim(app.nav.at);
    let (what, text) = match c {
        'i' => ("claim id", claim.map(|c| c.id.clone())),
        't' => ("claim text", claim.map(|c| c.text.clone())),
        'u' => (
            "source URL",
            app.nav
                .source
                .and_then(|n| app.doc.brief().source(n))
                .and_then(|s| s.url.clone()),
        ),
        _ => {
            app.set_status("nothing copied", false);
            return;
        }
    };
    match text {
        Some(t) if !t.is_empty() => {
            app.ui.memory.clipboard = Some(Safe::new(&t).into_string());
            app.set_status(format!("copied the {what}"), false);
        }
        _ => app.set_status(format!("nothing to copy: no {what} here"), true),
    }
}

/// Writes what `y` chose to the terminal's clipboard, if anything.
pub fn flush(app: &mut App) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(text) = app.take_clipboard() {
        let mut out = std::io::stdout();
        out.write_all(osc52(&text).as_bytes())?;
        out.flush()?;
    }
    Ok(())
}

/// The OSC 52 sequence that puts `text` on the clipboard: ESC ] 52 ; c ; base64 BEL.
pub fn osc52(text: &str) -> String {
    format!(
        "\x1b]52;c;{}\x07",
        base64(Safe::new(text).as_str().as_bytes())
    )
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_the_rfc_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64("進軍".as_bytes()), "6YCy6LuN");
    }

    #[test]
    fn no_byte_of_the_text_reaches_the_terminal_raw() {
        let evil = "a\x1b]52;c;aGk=\x07b\x1b[2J";
        let seq = osc52(evil);
        // The only ESC and BEL are the sequence's own.
        assert_eq!(seq.matches('\x1b').count(), 1);
        assert_eq!(seq.matches('\x07').count(), 1);
        assert!(seq.starts_with("\x1b]52;c;") && seq.ends_with('\x07'));
        let body = &seq["\x1b]52;c;".len()..seq.len() - 1];
        assert!(
            body.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        );
        assert_eq!(body, base64(Safe::new(evil).as_str().as_bytes()));
    }
}
