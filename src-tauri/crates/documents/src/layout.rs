//! A small flow layout on printpdf operations: text is measured with the real font
//! metrics and wrapped to the column, and a page break comes by itself when the
//! next block does not fit. Every page gets a header line and a footer with
//! "side N af M". Blocks are never split across pages (a heading stays with the
//! line after it), which is what contracts and forms need.

use chrono::NaiveDate;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rgb,
    TextItem,
};

use crate::fonts::{Face, Fonts};
use crate::DocumentError;

const PAGE_WIDTH: f32 = 595.28; // A4 in points
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_SIDE: f32 = 62.0; // ~22 mm
const MARGIN_TOP: f32 = 70.0;
const MARGIN_BOTTOM: f32 = 70.0;
const BODY_SIZE: f32 = 10.5;

/// A text run placed on a line.
struct Placed {
    face: Face,
    size: f32,
    x: f32,
    text: String,
}

/// A document being laid out, top to bottom.
pub struct DocumentBuilder {
    doc: PdfDocument,
    fonts: Fonts,
    ids: [FontId; 3],
    header: String,
    pages: Vec<Vec<Op>>,
    y: f32,
}

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb { r: level, g: level, b: level, icc_profile: None })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

impl DocumentBuilder {
    /// A new A4 document with `title` (PDF metadata), `header` on every page, and
    /// `date` as its creation date (so the same input gives the same document).
    pub fn new(title: &str, header: &str, date: NaiveDate) -> Result<DocumentBuilder, DocumentError> {
        let fonts = Fonts::load()?;
        let mut doc = PdfDocument::new(title);
        let timestamp = date.and_hms_opt(12, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
        if let Ok(when) = printpdf::OffsetDateTime::from_unix_timestamp(timestamp) {
            doc.metadata.info.creation_date = when;
            doc.metadata.info.modification_date = when;
            doc.metadata.info.metadata_date = when;
        }
        doc.metadata.info.creator = "Skolekontor".into();
        doc.metadata.info.producer = "Skolekontor".into();
        let ids = [doc.add_font(&fonts.regular.parsed), doc.add_font(&fonts.bold.parsed), doc.add_font(&fonts.mono.parsed)];
        let mut builder = DocumentBuilder { doc, fonts, ids, header: header.to_string(), pages: Vec::new(), y: 0.0 };
        builder.new_page();
        Ok(builder)
    }

    fn font_id(&self, face: Face) -> FontId {
        self.ids[match face {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Mono => 2,
        }]
        .clone()
    }

    fn column_width() -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN_SIDE
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_HEIGHT - MARGIN_TOP;
    }

    /// Starts a new page unless `height` points still fit on this one.
    fn ensure_room(&mut self, height: f32) {
        if self.y - height < MARGIN_BOTTOM {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page always exists")
    }

    fn text_ops(&self, placed: &Placed, baseline: f32) -> Vec<Op> {
        vec![
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(self.font_id(placed.face)), size: Pt(placed.size) },
            Op::SetTextCursor { pos: Point { x: Pt(placed.x), y: Pt(baseline) } },
            Op::ShowText { items: vec![TextItem::Text(placed.text.clone())] },
            Op::EndTextSection,
        ]
    }

    /// Breaks `text` into lines no wider than `width` at `size`.
    pub fn wrap(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        let font = self.fonts.face(face);
        let mut lines = Vec::new();
        for paragraph_line in text.lines() {
            let mut line = String::new();
            for word in paragraph_line.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if font.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the column is broken by characters.
                for c in word.chars() {
                    if !line.is_empty() && font.width(&format!("{line}{c}"), size) > width {
                        lines.push(std::mem::take(&mut line));
                    }
                    line.push(c);
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Places whole lines as one block (kept on one page when it fits on any).
    fn block(&mut self, lines: Vec<Vec<Placed>>, leading: f32, keep_with_next: f32) {
        let height = lines.len() as f32 * leading;
        self.ensure_room(height + keep_with_next);
        for line in lines {
            let baseline = self.y - leading * 0.8;
            let ops: Vec<Op> = line.iter().flat_map(|p| self.text_ops(p, baseline)).collect();
            self.ops().extend(ops);
            self.y -= leading;
        }
    }

    /// A heading (level 1 large, level 2 smaller), kept with what follows.
    pub fn heading(&mut self, text: &str, level: u8) {
        let size = if level <= 1 { 18.0 } else { 13.0 };
        let lines = self.wrap(text, Face::Bold, size, Self::column_width());
        self.space(if level <= 1 { 0.0 } else { 6.0 });
        let placed = lines
            .into_iter()
            .map(|text| vec![Placed { face: Face::Bold, size, x: MARGIN_SIDE, text }])
            .collect();
        self.block(placed, size * 1.35, BODY_SIZE * 3.0);
        self.space(4.0);
    }

    /// A wrapped paragraph of body text.
    pub fn paragraph(&mut self, text: &str) {
        self.styled_paragraph(text, Face::Regular, BODY_SIZE);
    }

    /// A wrapped paragraph in a face and size.
    pub fn styled_paragraph(&mut self, text: &str, face: Face, size: f32) {
        let lines = self.wrap(text, face, size, Self::column_width());
        let placed = lines.into_iter().map(|text| vec![Placed { face, size, x: MARGIN_SIDE, text }]).collect();
        self.block(placed, size * 1.45, 0.0);
        self.space(size * 0.6);
    }

    /// A form row: a bold label in the left column, the value wrapped beside it.
    pub fn field(&mut self, label: &str, value: &str) {
        let label_width = Self::column_width() * 0.32;
        let value_lines = self.wrap(value, Face::Regular, BODY_SIZE, Self::column_width() - label_width);
        let placed = value_lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let mut line = vec![Placed { face: Face::Regular, size: BODY_SIZE, x: MARGIN_SIDE + label_width, text }];
                if i == 0 {
                    line.push(Placed { face: Face::Bold, size: BODY_SIZE, x: MARGIN_SIDE, text: label.to_string() });
                }
                line
            })
            .collect();
        self.block(placed, BODY_SIZE * 1.6, 0.0);
    }

    /// Lines in the monospaced face inside a ruled box, never split across pages.
    pub fn boxed_code(&mut self, lines: &[String], size: f32) {
        let leading = size * 1.6;
        let padding = 10.0;
        let height = lines.len() as f32 * leading + 2.0 * padding;
        self.ensure_room(height);
        let top = self.y;
        let (left, right, bottom) = (MARGIN_SIDE, PAGE_WIDTH - MARGIN_SIDE, top - height);
        let frame = Line {
            points: vec![point(left, top), point(right, top), point(right, bottom), point(left, bottom)],
            is_closed: true,
        };
        let ops = vec![
            Op::SetOutlineColor { col: grey(0.2) },
            Op::SetOutlineThickness { pt: Pt(1.2) },
            Op::DrawLine { line: frame },
        ];
        self.ops().extend(ops);
        self.y -= padding;
        let placed = lines
            .iter()
            .map(|text| vec![Placed { face: Face::Mono, size, x: left + padding, text: text.clone() }])
            .collect();
        self.block(placed, leading, 0.0);
        self.y = bottom;
        self.space(12.0);
    }

    /// A signature line with a caption under it.
    pub fn signature_line(&mut self, caption: &str) {
        self.ensure_room(50.0);
        self.space(28.0);
        let y = self.y;
        let line = Line { points: vec![point(MARGIN_SIDE, y), point(MARGIN_SIDE + 220.0, y)], is_closed: false };
        self.ops().extend([
            Op::SetOutlineColor { col: grey(0.0) },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawLine { line },
        ]);
        let caption = Placed { face: Face::Regular, size: 9.0, x: MARGIN_SIDE, text: caption.to_string() };
        let ops = self.text_ops(&caption, y - 12.0);
        self.ops().extend(ops);
        self.y -= 20.0;
    }

    /// Vertical space in points.
    pub fn space(&mut self, points: f32) {
        self.y -= points;
    }

    /// Adds header and "side N af M" to every page and returns the PDF bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let count = self.pages.len();
        let pages: Vec<Vec<Op>> = std::mem::take(&mut self.pages);
        let finished: Vec<PdfPage> = pages
            .into_iter()
            .enumerate()
            .map(|(index, mut ops)| {
                let header = Placed { face: Face::Regular, size: 8.5, x: MARGIN_SIDE, text: self.header.clone() };
                let footer_text = format!("side {} af {}", index + 1, count);
                let footer_width = self.fonts.regular.width(&footer_text, 8.5);
                let footer = Placed { face: Face::Regular, size: 8.5, x: PAGE_WIDTH - MARGIN_SIDE - footer_width, text: footer_text };
                ops.extend(self.text_ops(&header, PAGE_HEIGHT - 40.0));
                ops.extend(self.text_ops(&footer, 36.0));
                PdfPage::new(Mm(210.0), Mm(297.0), ops)
            })
            .collect();
        self.doc.with_pages(finished).save(&PdfSaveOptions::default(), &mut Vec::new())
    }
}
