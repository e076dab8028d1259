//! A small flow layout on printpdf operations: text is measured with the real font
//! metrics and wrapped to the column, and a page break comes by itself when the
//! next block does not fit. Every page gets a header (school and document) and a
//! footer (the template version, "side N af M"). A block (a paragraph line group, a
//! form row, a table row, a signature row) is never split across pages, and a
//! heading stays with what follows it.

mod labels;
mod table;
pub mod text;

use chrono::NaiveDate;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rgb, TextItem, WindingOrder,
    XObjectId, XObjectTransform,
};

pub use table::{Column, Table};
pub use text::Span;

use crate::fonts::{Face, Fonts};
use crate::DocumentError;

const PAGE_WIDTH: f32 = 595.28; // A4 in points
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_SIDE: f32 = 62.0; // ~22 mm
const MARGIN_TOP: f32 = 72.0;
const MARGIN_BOTTOM: f32 = 70.0;
/// The size of body text in points.
pub const BODY_SIZE: f32 = 10.5;
const SMALL_SIZE: f32 = 8.5;
/// The logo's height in the header, in points (about 10 mm).
const LOGO_HEIGHT: f32 = 28.0;
/// The most bytes a logo may have.
pub const MAX_LOGO_BYTES: usize = 1_000_000;

/// A text run placed on a line.
struct Placed {
    face: Face,
    size: f32,
    x: f32,
    text: String,
}

/// Who signs, for a signature block.
#[derive(Debug, Clone)]
pub struct Signer {
    /// The capacity they sign in ("Forælder", "Skolens leder").
    pub role: String,
    /// The name printed under the line; empty leaves it to be written by hand.
    pub name: String,
}

/// A document being laid out, top to bottom.
pub struct DocumentBuilder {
    doc: PdfDocument,
    fonts: &'static Fonts,
    ids: Vec<FontId>,
    header: String,
    /// The school's logo and its width in points at [`LOGO_HEIGHT`].
    logo: Option<(XObjectId, f32, f32)>,
    title: String,
    /// Where each document of a batch begins (page index) and its footer note;
    /// pages are numbered within their document.
    sections: Vec<(usize, String)>,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Header and footer on every page (not on label sheets).
    frame: bool,
}

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

impl DocumentBuilder {
    /// A new A4 document with `title` (metadata and header), `header` (the school)
    /// on every page, and `date` as its creation date (the same input gives the
    /// same document).
    pub fn new(
        title: &str,
        header: &str,
        date: NaiveDate,
    ) -> Result<DocumentBuilder, DocumentError> {
        let fonts = Fonts::shared()?;
        let mut doc = PdfDocument::new(title);
        let timestamp = date
            .and_hms_opt(12, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0);
        if let Ok(when) = printpdf::OffsetDateTime::from_unix_timestamp(timestamp) {
            doc.metadata.info.creation_date = when;
            doc.metadata.info.modification_date = when;
            doc.metadata.info.metadata_date = when;
        }
        doc.metadata.info.creator = "Skolekontor".into();
        doc.metadata.info.producer = "Skolekontor".into();
        let ids = fonts
            .faces
            .iter()
            .map(|font| doc.add_font(&font.parsed))
            .collect();
        let mut builder = DocumentBuilder {
            doc,
            fonts,
            ids,
            header: header.to_string(),
            logo: None,
            title: title.to_string(),
            sections: vec![(0, String::new())],
            pages: Vec::new(),
            y: 0.0,
            frame: true,
        };
        builder.new_page();
        Ok(builder)
    }

    /// Puts the school's logo (PNG or JPEG) at the left of every page's header.
    pub fn set_logo(&mut self, bytes: &[u8]) -> Result<(), DocumentError> {
        let image = decode_logo(bytes)?;
        let dpi = image.height as f32 * 72.0 / LOGO_HEIGHT;
        let width = image.width as f32 * 72.0 / dpi;
        let id = self.doc.add_image(&image);
        self.logo = Some((id, width, dpi));
        Ok(())
    }

    /// Starts a document of a batch on a fresh page, with its own page numbers and
    /// `note` (the template version) at the foot of its pages.
    pub fn start_section(&mut self, note: &str) {
        self.page_break();
        let page = self.pages.len() - 1;
        match self.sections.last_mut() {
            Some(last) if last.0 == page => last.1 = note.to_string(),
            _ => self.sections.push((page, note.to_string())),
        }
    }

    /// Which section a page belongs to: its first page, page count and note.
    fn section_of(&self, page: usize) -> (usize, usize, &str) {
        let index = self
            .sections
            .iter()
            .rposition(|(start, _)| *start <= page)
            .unwrap_or(0);
        let (start, note) = &self.sections[index];
        let end = self
            .sections
            .get(index + 1)
            .map(|(next, _)| *next)
            .unwrap_or(self.pages.len());
        (*start, end - start, note)
    }

    fn column_width() -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN_SIDE
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_HEIGHT - MARGIN_TOP;
    }

    /// Starts a new page unless `height` points still fit on this one.
    fn ensure_room(&mut self, height: f32) -> bool {
        let top_of_page = self.y >= PAGE_HEIGHT - MARGIN_TOP - 0.5;
        if self.y - height < MARGIN_BOTTOM && !top_of_page {
            self.new_page();
            return true;
        }
        false
    }

    /// Starts the next block on a new page (one family's contract after another's).
    pub fn page_break(&mut self) {
        if self.y < PAGE_HEIGHT - MARGIN_TOP - 0.5 {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page always exists")
    }

    fn text_ops(&self, placed: &Placed, baseline: f32) -> Vec<Op> {
        vec![
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.ids[placed.face.index()].clone()),
                size: Pt(placed.size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(placed.x),
                    y: Pt(baseline),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(visual_order(
                    &self.fonts.face(placed.face).printable(&placed.text),
                ))],
            },
            Op::EndTextSection,
        ]
    }

    fn line_ops(from: (f32, f32), to: (f32, f32), thickness: f32) -> Vec<Op> {
        vec![
            Op::SetOutlineColor { col: grey(0.25) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(from.0, from.1), point(to.0, to.1)],
                    is_closed: false,
                },
            },
        ]
    }

    fn rect_ops(left: f32, top: f32, right: f32, bottom: f32, fill: Option<f32>) -> Vec<Op> {
        let ring = PolygonRing {
            points: vec![
                point(left, top),
                point(right, top),
                point(right, bottom),
                point(left, bottom),
            ],
        };
        let mode = if fill.is_some() {
            PaintMode::FillStroke
        } else {
            PaintMode::Stroke
        };
        vec![
            Op::SetFillColor {
                col: grey(fill.unwrap_or(1.0)),
            },
            Op::SetOutlineColor { col: grey(0.35) },
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![ring],
                    mode,
                    winding_order: WindingOrder::NonZero,
                },
            },
            Op::SetFillColor { col: grey(0.0) },
        ]
    }

    /// Breaks plain `text` into lines no wider than `width` at `size`.
    pub fn wrap(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        text::wrap(
            self.fonts,
            &[Span {
                text: text.to_string(),
                face,
            }],
            size,
            width,
        )
        .iter()
        .map(|l| text::line_text(l))
        .collect()
    }

    fn placed_lines(&self, spans: &[Span], size: f32, left: f32, width: f32) -> Vec<Vec<Placed>> {
        text::wrap(self.fonts, spans, size, width)
            .into_iter()
            .map(|line| {
                line.into_iter()
                    .map(|run| Placed {
                        face: run.face,
                        size,
                        x: left + run.x,
                        text: run.text,
                    })
                    .collect()
            })
            .collect()
    }

    /// Places lines from the top of the room left; a block that does not fit goes to
    /// the next page whole, one taller than a page is split between lines.
    fn block(&mut self, lines: Vec<Vec<Placed>>, leading: f32, keep_with_next: f32) {
        let height = lines.len() as f32 * leading;
        self.ensure_room(height + keep_with_next);
        for line in lines {
            self.ensure_room(leading);
            let baseline = self.y - leading * 0.8;
            let ops: Vec<Op> = line
                .iter()
                .flat_map(|p| self.text_ops(p, baseline))
                .collect();
            self.ops().extend(ops);
            self.y -= leading;
        }
    }

    /// A heading (level 1 the document title, 2 a section, 3 a subsection), kept
    /// with at least three lines of what follows.
    pub fn heading(&mut self, text: &str, level: u8) {
        let size = match level {
            0 | 1 => 18.0,
            2 => 13.0,
            _ => 11.5,
        };
        self.space(if level <= 1 { 0.0 } else { 6.0 });
        let lines = self.placed_lines(
            &[Span {
                text: text.to_string(),
                face: Face::Bold,
            }],
            size,
            MARGIN_SIDE,
            Self::column_width(),
        );
        self.block(lines, size * 1.35, BODY_SIZE * 1.45 * 3.0);
        self.space(4.0);
    }

    /// A wrapped paragraph of body text.
    pub fn paragraph(&mut self, text: &str) {
        self.styled_paragraph(text, Face::Regular, BODY_SIZE);
    }

    /// A wrapped paragraph in a face and size.
    pub fn styled_paragraph(&mut self, text: &str, face: Face, size: f32) {
        self.rich_paragraph_sized(
            &[Span {
                text: text.to_string(),
                face,
            }],
            size,
        );
    }

    /// A wrapped paragraph of runs in several faces (bold and italic inside a line).
    pub fn rich_paragraph(&mut self, spans: &[Span]) {
        self.rich_paragraph_sized(spans, BODY_SIZE);
    }

    fn rich_paragraph_sized(&mut self, spans: &[Span], size: f32) {
        let lines = self.placed_lines(spans, size, MARGIN_SIDE, Self::column_width());
        self.block(lines, size * 1.45, 0.0);
        self.space(size * 0.6);
    }

    /// A list item: `marker` ("•", "3.") hanging left of the wrapped text, indented by `depth`.
    pub fn list_item(&mut self, marker: &str, spans: &[Span], depth: usize) {
        let indent = MARGIN_SIDE + 14.0 + depth as f32 * 16.0;
        let text_left = indent + 16.0;
        let mut lines = self.placed_lines(
            spans,
            BODY_SIZE,
            text_left,
            PAGE_WIDTH - MARGIN_SIDE - text_left,
        );
        if let Some(first) = lines.first_mut() {
            first.insert(
                0,
                Placed {
                    face: Face::Regular,
                    size: BODY_SIZE,
                    x: indent,
                    text: marker.to_string(),
                },
            );
        }
        self.block(lines, BODY_SIZE * 1.45, 0.0);
        self.space(2.0);
    }

    /// A form row: a bold label in the left column, the value wrapped beside it.
    pub fn field(&mut self, label: &str, value: &str) {
        let label_width = Self::column_width() * 0.32;
        let label_lines = self.wrap(label, Face::Bold, BODY_SIZE, label_width - 8.0);
        let value_lines = self.wrap(
            value,
            Face::Regular,
            BODY_SIZE,
            Self::column_width() - label_width,
        );
        let count = label_lines.len().max(value_lines.len());
        let placed = (0..count)
            .map(|i| {
                let mut line = Vec::new();
                if let Some(text) = label_lines.get(i) {
                    line.push(Placed {
                        face: Face::Bold,
                        size: BODY_SIZE,
                        x: MARGIN_SIDE,
                        text: text.clone(),
                    });
                }
                if let Some(text) = value_lines.get(i) {
                    line.push(Placed {
                        face: Face::Regular,
                        size: BODY_SIZE,
                        x: MARGIN_SIDE + label_width,
                        text: text.clone(),
                    });
                }
                line
            })
            .collect();
        self.block(placed, BODY_SIZE * 1.6, 0.0);
    }

    /// A form row to fill in by hand: the label and a ruled line.
    pub fn blank_field(&mut self, label: &str) {
        let label_width = Self::column_width() * 0.32;
        self.field(label, "");
        let y = self.y + 3.0;
        let ops = Self::line_ops(
            (MARGIN_SIDE + label_width, y),
            (PAGE_WIDTH - MARGIN_SIDE, y),
            0.4,
        );
        self.ops().extend(ops);
    }

    /// A thin rule across the column.
    pub fn rule(&mut self) {
        self.ensure_room(12.0);
        self.space(4.0);
        let y = self.y;
        let ops = Self::line_ops((MARGIN_SIDE, y), (PAGE_WIDTH - MARGIN_SIDE, y), 0.5);
        self.ops().extend(ops);
        self.space(8.0);
    }

    /// Lines in the monospaced face inside a ruled box, never split across pages.
    pub fn boxed_code(&mut self, lines: &[String], size: f32) {
        let leading = size * 1.6;
        let padding = 10.0;
        let height = lines.len() as f32 * leading + 2.0 * padding;
        self.ensure_room(height);
        let top = self.y;
        let (left, right, bottom) = (MARGIN_SIDE, PAGE_WIDTH - MARGIN_SIDE, top - height);
        let frame = Self::rect_ops(left, top, right, bottom, None);
        self.ops().extend(frame);
        self.y -= padding;
        let placed = lines
            .iter()
            .map(|text| {
                vec![Placed {
                    face: Face::Mono,
                    size,
                    x: left + padding,
                    text: text.clone(),
                }]
            })
            .collect();
        self.block(placed, leading, 0.0);
        self.y = bottom;
        self.space(12.0);
    }

    /// Lays out `content` so that it starts on a fresh page rather than break across
    /// one, when it fits on a page by itself: the text before a signature block goes
    /// with it, instead of the signatures starting an almost empty page.
    pub fn keep_together(&mut self, content: impl Fn(&mut DocumentBuilder)) {
        let (pages, ops, y) = (self.pages.len(), self.ops().len(), self.y);
        content(self);
        let top_of_page = y >= PAGE_HEIGHT - MARGIN_TOP - 0.5;
        if self.pages.len() == pages || top_of_page {
            return;
        }
        let after = self.y;
        let fits_alone = {
            // Measure it on a page of its own.
            let spare = self.pages.len();
            self.new_page();
            content(self);
            let fits = self.pages.len() == spare + 1;
            self.pages.truncate(spare);
            fits
        };
        if !fits_alone {
            self.y = after;
            return; // longer than a page: breaking it is unavoidable
        }
        self.pages.truncate(pages);
        self.ops().truncate(ops);
        self.y = y;
        self.new_page();
        content(self);
    }

    /// Signature blocks, two to a row: the signer's role, a date line and a
    /// signature line with the name under it. A row is never split across pages.
    pub fn signatures(&mut self, signers: &[Signer]) {
        const ROW_HEIGHT: f32 = 92.0;
        let block_width = (Self::column_width() - 30.0) / 2.0;
        self.space(10.0);
        for row in signers.chunks(2) {
            self.ensure_room(ROW_HEIGHT);
            let top = self.y;
            for (i, signer) in row.iter().enumerate() {
                let left = MARGIN_SIDE + i as f32 * (block_width + 30.0);
                let role = Placed {
                    face: Face::Bold,
                    size: BODY_SIZE,
                    x: left,
                    text: signer.role.clone(),
                };
                let mut ops = self.text_ops(&role, top - 12.0);
                ops.extend(Self::line_ops(
                    (left + 30.0, top - 38.0),
                    (left + 130.0, top - 38.0),
                    0.5,
                ));
                ops.extend(self.text_ops(
                    &Placed {
                        face: Face::Regular,
                        size: SMALL_SIZE,
                        x: left,
                        text: "Dato".into(),
                    },
                    top - 36.0,
                ));
                ops.extend(Self::line_ops(
                    (left, top - 70.0),
                    (left + block_width, top - 70.0),
                    0.6,
                ));
                let caption = if signer.name.is_empty() {
                    "Underskrift".to_string()
                } else {
                    format!("Underskrift: {}", signer.name)
                };
                let caption_lines = self.wrap(&caption, Face::Regular, SMALL_SIZE, block_width);
                for (n, line) in caption_lines.iter().take(2).enumerate() {
                    let placed = Placed {
                        face: Face::Regular,
                        size: SMALL_SIZE,
                        x: left,
                        text: line.clone(),
                    };
                    ops.extend(self.text_ops(&placed, top - 81.0 - n as f32 * 10.0));
                }
                self.ops().extend(ops);
            }
            self.y = top - ROW_HEIGHT;
        }
    }

    /// A signature line with a caption under it (the recovery sheet's).
    pub fn signature_line(&mut self, caption: &str) {
        self.ensure_room(50.0);
        self.space(28.0);
        let y = self.y;
        let mut ops = Self::line_ops((MARGIN_SIDE, y), (MARGIN_SIDE + 220.0, y), 0.6);
        ops.extend(self.text_ops(
            &Placed {
                face: Face::Regular,
                size: 9.0,
                x: MARGIN_SIDE,
                text: caption.to_string(),
            },
            y - 12.0,
        ));
        self.ops().extend(ops);
        self.y -= 20.0;
    }

    /// Vertical space in points (none at the top of a page).
    pub fn space(&mut self, points: f32) {
        if self.y < PAGE_HEIGHT - MARGIN_TOP - 0.5 {
            self.y -= points;
        }
    }

    /// How many pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Adds header and footer to every page and returns the PDF bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let frames: Vec<Vec<Op>> = (0..self.pages.len())
            .map(|index| {
                let (start, count, note) = self.section_of(index);
                self.page_frame(index - start + 1, count, note)
            })
            .collect();
        let pages: Vec<Vec<Op>> = std::mem::take(&mut self.pages);
        let finished: Vec<PdfPage> = pages
            .into_iter()
            .zip(frames)
            .map(|(mut ops, frame)| {
                if self.frame {
                    ops.extend(frame);
                }
                PdfPage::new(Mm(210.0), Mm(297.0), ops)
            })
            .collect();
        self.doc
            .with_pages(finished)
            .save(&PdfSaveOptions::default(), &mut Vec::new())
    }

    fn page_frame(&self, page: usize, count: usize, note: &str) -> Vec<Op> {
        let right_aligned = |text: String, face: Face| {
            let width = self.fonts.face(face).width(&text, SMALL_SIZE);
            Placed {
                face,
                size: SMALL_SIZE,
                x: PAGE_WIDTH - MARGIN_SIDE - width,
                text,
            }
        };
        let header_x = self
            .logo
            .as_ref()
            .map(|(_, width, _)| MARGIN_SIDE + width + 8.0)
            .unwrap_or(MARGIN_SIDE);
        let header = Placed {
            face: Face::Bold,
            size: SMALL_SIZE,
            x: header_x,
            text: self.header.clone(),
        };
        let title = right_aligned(self.title.clone(), Face::Regular);
        let footer = right_aligned(format!("side {page} af {count}"), Face::Regular);
        let note_text = note.to_string();
        let note = Placed {
            face: Face::Regular,
            size: SMALL_SIZE,
            x: MARGIN_SIDE,
            text: note_text,
        };
        let mut ops = Vec::new();
        if let Some((id, _, dpi)) = &self.logo {
            ops.push(Op::UseXobject {
                id: id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(Pt(MARGIN_SIDE)),
                    translate_y: Some(Pt(PAGE_HEIGHT - 44.0)),
                    dpi: Some(*dpi),
                    ..XObjectTransform::default()
                },
            });
        }
        ops.extend(self.text_ops(&header, PAGE_HEIGHT - 42.0));
        ops.extend(self.text_ops(&title, PAGE_HEIGHT - 42.0));
        ops.extend(Self::line_ops(
            (MARGIN_SIDE, PAGE_HEIGHT - 48.0),
            (PAGE_WIDTH - MARGIN_SIDE, PAGE_HEIGHT - 48.0),
            0.4,
        ));
        ops.extend(Self::line_ops(
            (MARGIN_SIDE, 50.0),
            (PAGE_WIDTH - MARGIN_SIDE, 50.0),
            0.4,
        ));
        ops.extend(self.text_ops(&footer, 38.0));
        if !note.text.is_empty() {
            ops.extend(self.text_ops(&note, 38.0));
        }
        ops
    }
}

/// Reads a logo the school chose: PNG or JPEG, at most [`MAX_LOGO_BYTES`].
/// The text in the order it is drawn from left to right: a run of Hebrew or Arabic
/// letters reversed by the Unicode bidirectional algorithm, so a name written right to
/// left reads as it should (PDF draws the characters it is given left to right).
fn visual_order(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let info = unicode_bidi::BidiInfo::new(text, None);
    if !info.has_rtl() {
        return text.to_string();
    }
    info.paragraphs
        .iter()
        .map(|paragraph| info.reorder_line(paragraph, paragraph.range.clone()))
        .collect()
}

pub fn decode_logo(bytes: &[u8]) -> Result<RawImage, DocumentError> {
    let image = RawImage::decode_from_bytes(bytes, &mut Vec::new()).map_err(|_| logo_refused())?;
    if image.width == 0 || image.height == 0 {
        return Err(logo_refused());
    }
    Ok(image)
}

fn logo_refused() -> DocumentError {
    DocumentError::Logo("Logoet skal være et PNG- eller JPEG-billede på højst 1 MB.".into())
}

/// The logo as it is kept: checked, scaled down to what a 10 mm header needs at
/// print resolution (120 pixels high), as PNG. A photo-sized logo would otherwise
/// be compressed into every PDF again.
pub fn prepare_logo(bytes: &[u8]) -> Result<Vec<u8>, DocumentError> {
    if bytes.len() > MAX_LOGO_BYTES
        || !(bytes.starts_with(b"\x89PNG") || bytes.starts_with(&[0xFF, 0xD8]))
    {
        return Err(logo_refused());
    }
    let image = image::load_from_memory(bytes).map_err(|_| logo_refused())?;
    if image.width() == 0 || image.height() == 0 || image.width() > 8000 || image.height() > 8000 {
        return Err(logo_refused());
    }
    let scaled = if image.height() > 120 {
        image.resize(
            image.width() * 120 / image.height() + 1,
            120,
            image::imageops::FilterType::Lanczos3,
        )
    } else {
        image
    };
    let mut png = Vec::new();
    scaled
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|_| logo_refused())?;
    decode_logo(&png)?;
    Ok(png)
}
