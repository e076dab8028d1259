//! The vendored fonts (DejaVu Sans in five faces, see `assets/fonts/LICENSE-DejaVu.txt`) with the
//! metrics the layout measures text by.

use printpdf::ParsedFont;

use crate::DocumentError;

const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");
const MONO: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSansMono.ttf");
const ITALIC: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Oblique.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-BoldOblique.ttf");

/// What stands for a letter no vendored font has.
const REPLACEMENT: char = '\u{FFFD}';

/// Which face to set text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// Body text.
    Regular,
    /// Headings and labels.
    Bold,
    /// Keys and codes, where every character must be told apart.
    Mono,
    /// Emphasis.
    Italic,
    /// Strong emphasis inside emphasis.
    BoldItalic,
}

impl Face {
    /// The face with bold added or removed.
    pub fn with_bold(self, bold: bool) -> Face {
        match (self, bold) {
            (Face::Regular | Face::Bold, true) => Face::Bold,
            (Face::Italic | Face::BoldItalic, true) => Face::BoldItalic,
            (Face::Regular | Face::Bold, false) => Face::Regular,
            (Face::Italic | Face::BoldItalic, false) => Face::Italic,
            (Face::Mono, _) => Face::Mono,
        }
    }

    /// The face with italic added or removed.
    pub fn with_italic(self, italic: bool) -> Face {
        match (self, italic) {
            (Face::Regular | Face::Italic, true) => Face::Italic,
            (Face::Bold | Face::BoldItalic, true) => Face::BoldItalic,
            (Face::Regular | Face::Italic, false) => Face::Regular,
            (Face::Bold | Face::BoldItalic, false) => Face::Bold,
            (Face::Mono, _) => Face::Mono,
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Mono => 2,
            Face::Italic => 3,
            Face::BoldItalic => 4,
        }
    }
}

/// A parsed font and what it takes to measure text with it.
pub struct Font {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
}

impl Font {
    fn load(bytes: &[u8], name: &'static str) -> Result<Font, DocumentError> {
        let parsed =
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(DocumentError::Font(name))?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        Ok(Font {
            parsed,
            units_per_em,
        })
    }

    /// Width of `text` in points at `size`, as [`Font::printable`] draws it.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = self
                    .glyph(c)
                    .or_else(|| self.glyph(REPLACEMENT))
                    .unwrap_or(0);
                u32::from(self.parsed.get_horizontal_advance(glyph))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }

    /// The text as this font draws it: a letter it has no glyph for (a Chinese name in
    /// DejaVu Sans) becomes the replacement mark �, so a missing letter shows on the
    /// page instead of leaving a silent gap.
    pub fn printable<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if text.chars().all(|c| self.glyph(c).is_some()) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mark = if self.glyph(REPLACEMENT).is_some() {
            REPLACEMENT
        } else {
            '?'
        };
        text.chars()
            .map(|c| match c {
                c if self.glyph(c).is_some() => c,
                c if c.is_whitespace() => ' ',
                _ => mark,
            })
            .collect()
    }

    /// The glyph that draws `c`, if the font has one (glyph 0 is the "missing" box).
    fn glyph(&self, c: char) -> Option<u16> {
        self.parsed
            .lookup_glyph_index(c as u32)
            .filter(|&glyph| glyph != 0)
    }
}

/// The five faces, parsed, in [`Face::index`] order.
pub struct Fonts {
    pub(crate) faces: [Font; 5],
}

impl Fonts {
    /// The vendored fonts, parsed once per process (parsing five faces takes
    /// longer than laying out a contract).
    pub fn shared() -> Result<&'static Fonts, DocumentError> {
        static FONTS: std::sync::OnceLock<Result<Fonts, &'static str>> = std::sync::OnceLock::new();
        match FONTS.get_or_init(|| {
            Fonts::load().map_err(|e| match e {
                DocumentError::Font(name) => name,
                _ => "DejaVu Sans",
            })
        }) {
            Ok(fonts) => Ok(fonts),
            Err(name) => Err(DocumentError::Font(name)),
        }
    }

    /// Parses the vendored fonts.
    pub fn load() -> Result<Fonts, DocumentError> {
        Ok(Fonts {
            faces: [
                Font::load(REGULAR, "DejaVu Sans")?,
                Font::load(BOLD, "DejaVu Sans Bold")?,
                Font::load(MONO, "DejaVu Sans Mono")?,
                Font::load(ITALIC, "DejaVu Sans Oblique")?,
                Font::load(BOLD_ITALIC, "DejaVu Sans Bold Oblique")?,
            ],
        })
    }

    /// The font of a face.
    pub fn face(&self, face: Face) -> &Font {
        &self.faces[face.index()]
    }
}
