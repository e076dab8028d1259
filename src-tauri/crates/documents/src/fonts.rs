//! The vendored fonts (DejaVu, see `assets/fonts/LICENSE-DejaVu.txt`) with the
//! metrics the layout measures text by.

use printpdf::ParsedFont;

use crate::DocumentError;

const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");
const MONO: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSansMono.ttf");

/// Which face to set text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// Body text.
    Regular,
    /// Headings and labels.
    Bold,
    /// Keys and codes, where every character must be told apart.
    Mono,
}

/// A parsed font and what it takes to measure text with it.
pub struct Font {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
}

impl Font {
    fn load(bytes: &[u8], name: &'static str) -> Result<Font, DocumentError> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(DocumentError::Font(name))?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        Ok(Font { parsed, units_per_em })
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = self.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
                u32::from(self.parsed.get_horizontal_advance(glyph))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// The three faces, parsed.
pub struct Fonts {
    pub(crate) regular: Font,
    pub(crate) bold: Font,
    pub(crate) mono: Font,
}

impl Fonts {
    /// Parses the vendored fonts.
    pub fn load() -> Result<Fonts, DocumentError> {
        Ok(Fonts {
            regular: Font::load(REGULAR, "DejaVu Sans")?,
            bold: Font::load(BOLD, "DejaVu Sans Bold")?,
            mono: Font::load(MONO, "DejaVu Sans Mono")?,
        })
    }

    /// The font of a face.
    pub fn face(&self, face: Face) -> &Font {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Mono => &self.mono,
        }
    }
}
