//! Rich text: runs in a face, broken into lines by the real font metrics.

use crate::fonts::{Face, Fonts};

/// A run of text in one face, as Markdown's bold and italic give it.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text; `\n` forces a line break.
    pub text: String,
    /// The face it is set in.
    pub face: Face,
}

impl Span {
    /// Body text.
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            face: Face::Regular,
        }
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            face: Face::Bold,
        }
    }
}

/// A piece of a line: text in one face at `x` points from the column's left edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub face: Face,
    pub x: f32,
    pub text: String,
}

/// A word as the wrapper sees it.
struct Word {
    face: Face,
    text: String,
    space_before: bool,
    break_before: bool,
}

fn words(spans: &[Span]) -> Vec<Word> {
    let mut words = Vec::new();
    let (mut space, mut hard_break) = (false, false);
    for span in spans {
        let mut current = String::new();
        for c in span.text.chars() {
            if c.is_whitespace() {
                if !current.is_empty() {
                    words.push(Word {
                        face: span.face,
                        text: std::mem::take(&mut current),
                        space_before: space,
                        break_before: hard_break,
                    });
                    hard_break = false;
                }
                space = true;
                hard_break |= c == '\n';
            } else {
                current.push(c);
            }
        }
        if !current.is_empty() {
            words.push(Word {
                face: span.face,
                text: current,
                space_before: space,
                break_before: hard_break,
            });
            space = false;
            hard_break = false;
        }
    }
    words
}

/// Breaks `spans` into lines no wider than `width` points at `size`.
pub fn wrap(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> Vec<Vec<Run>> {
    let mut lines: Vec<Vec<Run>> = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut x = 0.0_f32;
    for word in words(spans) {
        let font = fonts.face(word.face);
        let mut gap = if word.space_before && !line.is_empty() {
            font.width(" ", size)
        } else {
            0.0
        };
        let word_width = font.width(&word.text, size);
        if !line.is_empty() && (word.break_before || x + gap + word_width > width) {
            lines.push(std::mem::take(&mut line));
            x = 0.0;
            gap = 0.0;
        }
        if word_width > width {
            // A word wider than the column (a long e-mail address) is broken where a
            // reader expects it: before `@`, after `.`, `-`, `_` or `/`; only a piece
            // still wider than the column is broken by characters.
            for piece in break_pieces(&word.text) {
                let piece_width = font.width(piece, size);
                if x + piece_width > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    x = 0.0;
                }
                if piece_width <= width {
                    push(&mut line, word.face, x, piece, false);
                    x += piece_width;
                    continue;
                }
                for c in piece.chars() {
                    let w = font.width(&c.to_string(), size);
                    if x + w > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        x = 0.0;
                    }
                    push(&mut line, word.face, x, &c.to_string(), false);
                    x += w;
                }
            }
            continue;
        }
        push(&mut line, word.face, x + gap, &word.text, gap > 0.0);
        x += gap + word_width;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A long word in the pieces it may be broken between: `mette.skov@skolen.dk` →
/// `mette.`, `skov`, `@skolen.`, `dk`.
fn break_pieces(word: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, c) in word.char_indices() {
        let end = match c {
            '@' => at,
            '.' | '-' | '_' | '/' => at + c.len_utf8(),
            _ => continue,
        };
        if end > start {
            pieces.push(&word[start..end]);
            start = end;
        }
    }
    if start < word.len() {
        pieces.push(&word[start..]);
    }
    pieces
}

/// Adds a word to the line, joining it to the last run when the face is the same.
fn push(line: &mut Vec<Run>, face: Face, x: f32, text: &str, spaced: bool) {
    match line.last_mut() {
        Some(last) if last.face == face => {
            if spaced {
                last.text.push(' ');
            }
            last.text.push_str(text);
        }
        _ => line.push(Run {
            face,
            x,
            text: text.to_string(),
        }),
    }
}

/// The plain text of a line (for tests and measuring).
pub fn line_text(line: &[Run]) -> String {
    line.iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().expect("vendored fonts")
    }

    #[test]
    fn lines_never_exceed_the_width_and_keep_every_word() {
        let fonts = fonts();
        let text = "Forældrene forpligter sig til at betale skolepenge, SFO og børnehave til tiden hver måned. ".repeat(6);
        let lines = wrap(&fonts, &[Span::plain(text.clone())], 10.5, 200.0);
        assert!(lines.len() > 5);
        for line in &lines {
            let last = line.last().expect("a run");
            let right = last.x + fonts.face(last.face).width(&last.text, 10.5);
            assert!(right <= 200.5, "line too wide: {right}");
        }
        let joined: Vec<String> = lines.iter().map(|l| line_text(l)).collect();
        assert_eq!(
            joined.join(" ").split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn faces_change_inside_a_line_and_punctuation_stays_attached() {
        let fonts = fonts();
        let spans = [
            Span::plain("Eleven "),
            Span::bold("Ida Hansen"),
            Span::plain(", 3. klasse"),
        ];
        let lines = wrap(&fonts, &spans, 10.5, 400.0);
        assert_eq!(lines.len(), 1);
        let faces: Vec<Face> = lines[0].iter().map(|r| r.face).collect();
        assert_eq!(faces, [Face::Regular, Face::Bold, Face::Regular]);
        assert_eq!(lines[0][2].text, ", 3. klasse");
        assert!(lines[0][2].x > lines[0][1].x);
    }

    #[test]
    fn a_newline_forces_a_break_and_an_overlong_word_is_split() {
        let fonts = fonts();
        let lines = wrap(&fonts, &[Span::plain("Linje et\nLinje to")], 10.5, 400.0);
        assert_eq!(lines.len(), 2);
        let long = wrap(&fonts, &[Span::plain("x".repeat(200))], 10.5, 100.0);
        assert!(long.len() > 2);
    }

    #[test]
    fn an_email_address_wider_than_its_column_breaks_at_its_dots_and_at_sign() {
        let fonts = fonts();
        let address = "mette.bogh-sorensen@friskolen-ved-skoven.dk";
        let lines = wrap(&fonts, &[Span::plain(address)], 9.0, 90.0);
        let texts: Vec<String> = lines.iter().map(|l| line_text(l)).collect();
        assert!(texts.len() > 1, "{texts:?}");
        assert_eq!(texts.concat(), address);
        for pair in texts.windows(2) {
            let (end, next) = (
                pair[0].chars().last().unwrap(),
                pair[1].chars().next().unwrap(),
            );
            assert!(
                matches!(end, '.' | '-' | '_' | '/') || next == '@',
                "broken between {end:?} and {next:?}: {texts:?}"
            );
        }
    }
}
