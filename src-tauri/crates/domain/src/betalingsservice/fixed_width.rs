//! Fixed-width records of 128 characters: X fields left-aligned and space-padded,
//! N fields right-aligned and zero-padded (positions 1-based, as in the guide).

use crate::tr;
use chrono::NaiveDate;

use super::BsError;

/// The length of every record.
pub const RECORD_LENGTH: usize = 128;

/// A record being written. Positions are 1-based and inclusive, as the reference lists them.
pub struct RecordWriter {
    chars: Vec<char>,
}

impl RecordWriter {
    /// A blank record starting with `kind` (e.g. `BS042`).
    pub fn new(kind: &str) -> RecordWriter {
        let mut record = RecordWriter {
            chars: vec![' '; RECORD_LENGTH],
        };
        record.x(1, 5, kind);
        record
    }

    /// Text at `pos`, `len` wide, left-aligned; longer text is cut (callers check lengths first).
    pub fn x(&mut self, pos: usize, len: usize, text: &str) -> &mut Self {
        let text: Vec<char> = text.chars().take(len).collect();
        for i in 0..len {
            self.chars[pos - 1 + i] = text.get(i).copied().unwrap_or(' ');
        }
        self
    }

    /// A number at `pos`, `len` wide, right-aligned with leading zeros.
    pub fn n(&mut self, pos: usize, len: usize, value: u64) -> &mut Self {
        let text = format!("{value:0len$}");
        assert!(
            text.len() == len,
            "a number wider than its field is caught before writing"
        );
        self.x(pos, len, &text)
    }

    /// Digits given as text (PBS number, debtor group), right-aligned with leading zeros.
    pub fn digits(&mut self, pos: usize, len: usize, digits: &str) -> &mut Self {
        self.x(pos, len, &format!("{digits:0>len$}"))
    }

    /// `DDMMYYYY`.
    pub fn date8(&mut self, pos: usize, date: NaiveDate) -> &mut Self {
        self.x(pos, 8, &date.format("%d%m%Y").to_string())
    }

    /// `DDMMYY`.
    pub fn date6(&mut self, pos: usize, date: NaiveDate) -> &mut Self {
        self.x(pos, 6, &date.format("%d%m%y").to_string())
    }

    /// Appends the record, encoded as Latin-1, and CR-LF.
    pub fn finish_into(&self, out: &mut Vec<u8>) {
        out.extend(self.chars.iter().map(|&c| latin1(c)));
        out.extend_from_slice(b"\r\n");
    }
}

/// A character in ISO 8859-1; anything outside the printable range becomes `?`
/// (æøåÆØÅ have the same bytes in Latin-1 and Windows-1252, R35 reference §3).
fn latin1(c: char) -> u8 {
    match c as u32 {
        code @ (0x20..=0x7E | 0xA0..=0xFF) => code as u8,
        _ => b'?',
    }
}

/// Makes free text safe for a record: typographic dashes and quotes become plain
/// ones, and letters outside Latin-1 their Latin spelling ("Mikołaj" → "Mikolaj",
/// "Жанна" → "Zhanna"): the bank prints the name on the parents' statement, where a
/// `?` would stand for a letter. Only what has no Latin spelling becomes `?`.
pub fn plain_text(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    for c in crate::text::composed(text).chars() {
        match c {
            '–' | '—' => plain.push('-'),
            '‘' | '’' => plain.push('\''),
            '“' | '”' => plain.push('"'),
            '…' => plain.push('.'),
            c if c.is_control() => plain.push(' '),
            c if latin1(c) != b'?' || c == '?' => plain.push(c),
            c => match crate::text::in_latin(c) {
                Some(latin) if latin.chars().all(|l| latin1(l) != b'?') => plain.push_str(latin),
                _ => plain.push('?'),
            },
        }
    }
    plain
}

/// A record being read, with its line number for messages.
pub struct RecordReader<'a> {
    /// 1-based line in the file.
    pub line: usize,
    chars: &'a [char],
}

impl<'a> RecordReader<'a> {
    /// A record of exactly [`RECORD_LENGTH`] characters.
    pub fn new(line: usize, chars: &'a [char]) -> RecordReader<'a> {
        RecordReader { line, chars }
    }

    /// The text at `pos..pos+len`, as is.
    pub fn raw(&self, pos: usize, len: usize) -> String {
        self.chars[pos - 1..pos - 1 + len].iter().collect()
    }

    /// The text, trimmed.
    pub fn text(&self, pos: usize, len: usize) -> String {
        self.raw(pos, len).trim().to_string()
    }

    /// A number field; anything but digits is an error that names the field.
    pub fn number(&self, pos: usize, len: usize, field: &'static str) -> Result<u64, BsError> {
        let raw = self.raw(pos, len);
        if raw.is_empty() || !raw.chars().all(|c| c.is_ascii_digit()) {
            return Err(BsError::Field {
                line: self.line,
                field,
                reason: tr!("betalingsservice.must_be_digits"),
            });
        }
        raw.parse().map_err(|_| BsError::Field {
            line: self.line,
            field,
            reason: tr!("betalingsservice.too_large"),
        })
    }

    /// A `DDMMYY` date; all zeros (or blanks) is no date.
    pub fn date6(&self, pos: usize, field: &'static str) -> Result<Option<NaiveDate>, BsError> {
        let raw = self.raw(pos, 6);
        if raw.trim().is_empty() || raw == "000000" {
            return Ok(None);
        }
        // Only six ASCII digits can be split by byte position (found by fuzzing: a
        // Latin-1 letter in the field split a character).
        if !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BsError::Field {
                line: self.line,
                field,
                reason: tr!("betalingsservice.not_a_date6"),
            });
        }
        NaiveDate::parse_from_str(&format!("{}20{}", &raw[..4], &raw[4..]), "%d%m%Y")
            .map(Some)
            .map_err(|_| BsError::Field {
                line: self.line,
                field,
                reason: tr!("betalingsservice.not_a_date6"),
            })
    }

    /// A `DDMMYYYY` date.
    pub fn date8(&self, pos: usize, field: &'static str) -> Result<NaiveDate, BsError> {
        NaiveDate::parse_from_str(&self.raw(pos, 8), "%d%m%Y").map_err(|_| BsError::Field {
            line: self.line,
            field,
            reason: tr!("betalingsservice.not_a_date8"),
        })
    }
}

/// Splits a file into records of 128 characters. Lines end with CR-LF (a lone LF is
/// accepted on reading); trailing spaces may have been removed, so shorter lines
/// are padded; longer ones are an error.
pub fn records(bytes: &[u8]) -> Result<Vec<Vec<char>>, BsError> {
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let mut chars: Vec<char> = line.chars().collect();
        if chars.len() > RECORD_LENGTH {
            return Err(BsError::Length {
                line: i + 1,
                length: chars.len(),
            });
        }
        chars.resize(RECORD_LENGTH, ' ');
        out.push(chars);
    }
    if out.is_empty() {
        return Err(BsError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_padded_as_the_guide_says() {
        let mut record = RecordWriter::new("BS042");
        record
            .digits(6, 8, "1234")
            .n(61, 13, 310_000)
            .x(74, 30, "Søren Ærø");
        let mut out = Vec::new();
        record.finish_into(&mut out);
        assert_eq!(out.len(), 130);
        assert_eq!(&out[5..13], b"00001234");
        assert_eq!(&out[60..73], b"0000000310000");
        assert_eq!(out[74], 0xF8, "ø is one Latin-1 byte");
        assert_eq!(&out[128..], b"\r\n");
    }

    #[test]
    fn text_outside_latin_1_is_made_plain() {
        assert_eq!(plain_text("Skole – “SFO” €"), "Skole - \"SFO\" EUR");
        assert_eq!(plain_text("Åse Ørum"), "Åse Ørum");
        assert_eq!(
            plain_text("A\u{30a}se Zoe\u{308}"),
            "Åse Zoë",
            "composed, then Latin-1"
        );
    }

    #[test]
    fn a_name_from_another_alphabet_is_spelled_in_latin_never_as_question_marks() {
        for (name, spelled) in [
            ("Mikołaj Wiśniewski", "Mikolaj Wisniewski"),
            ("Şevval Yıldız", "Sevval Yildiz"),
            ("Анастасия Иванова", "Anastasiia Ivanova"),
            ("Đorđe Petrović", "Dorde Petrovic"),
            ("Þórdís Guðmundsdóttir", "Þórdís Guðmundsdóttir"),
        ] {
            assert_eq!(plain_text(name), spelled);
        }
        assert_eq!(
            plain_text("tab\there"),
            "tab here",
            "control characters become spaces"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_becomes_a_record_of_latin_1_bytes(text in "\\PC{0,80}") {
            let mut record = RecordWriter::new("BS042");
            record.x(52, 35, &plain_text(&text));
            let mut out = Vec::new();
            record.finish_into(&mut out);
            proptest::prop_assert_eq!(out.len(), RECORD_LENGTH + 2);
            proptest::prop_assert!(out[..RECORD_LENGTH].iter().all(|&b| (0x20..=0x7E).contains(&b) || b >= 0xA0));
        }
    }
}
