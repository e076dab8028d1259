//! The school's Markdown texts onto the layout (headings, paragraphs, bold and
//! italic, bullet and numbered lists, tables, rules), and as HTML for the editor's
//! live preview. Raw HTML in a text is shown as text, never run.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::fonts::Face;
use crate::layout::{Column, DocumentBuilder, Span, Table};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Collects inline text in the current face.
#[derive(Default)]
struct Inline {
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
}

impl Inline {
    fn face(&self) -> Face {
        Face::Regular
            .with_bold(self.bold > 0)
            .with_italic(self.italic > 0)
    }

    fn push(&mut self, text: &str) {
        let face = self.face();
        self.spans.push(Span {
            text: text.to_string(),
            face,
        });
    }

    fn take(&mut self) -> Vec<Span> {
        std::mem::take(&mut self.spans)
    }

    fn plain(&mut self) -> String {
        self.take().into_iter().map(|s| s.text).collect()
    }
}

/// A list being read: its next number, or `None` for bullets.
struct ListState {
    next: Option<u64>,
}

/// Lays `markdown` out on `doc`.
pub fn render_markdown(doc: &mut DocumentBuilder, markdown: &str) {
    let mut inline = Inline::default();
    let mut lists: Vec<ListState> = Vec::new();
    let mut item_marker: Option<String> = None;
    let mut table: Option<Table> = None;
    let mut row: Vec<String> = Vec::new();

    let flush_item = |doc: &mut DocumentBuilder,
                      inline: &mut Inline,
                      marker: &mut Option<String>,
                      depth: usize| {
        if let Some(m) = marker.take() {
            let spans = inline.take();
            doc.list_item(&m, &spans, depth.saturating_sub(1));
        }
    };

    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Strong) => inline.bold += 1,
            Event::End(TagEnd::Strong) => inline.bold = inline.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => inline.italic += 1,
            Event::End(TagEnd::Emphasis) => inline.italic = inline.italic.saturating_sub(1),
            // A quotation is set in italic.
            Event::Start(Tag::BlockQuote(_)) => inline.italic += 1,
            Event::End(TagEnd::BlockQuote(_)) => inline.italic = inline.italic.saturating_sub(1),
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                inline.push(&text)
            }
            Event::SoftBreak => inline.push(" "),
            Event::HardBreak => inline.push("\n"),
            Event::End(TagEnd::Heading(level)) => {
                let text = inline.plain();
                doc.heading(&text, heading_level(level));
            }
            Event::End(TagEnd::Paragraph) => {
                if item_marker.is_some() {
                    inline.push("\n");
                } else {
                    let spans = inline.take();
                    doc.rich_paragraph(&spans);
                }
            }
            Event::Start(Tag::List(start)) => {
                flush_item(doc, &mut inline, &mut item_marker, lists.len());
                lists.push(ListState { next: start });
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    doc.space(4.0);
                }
            }
            Event::Start(Tag::Item) => {
                let marker = match lists.last_mut() {
                    Some(ListState { next: Some(n) }) => {
                        let marker = format!("{n}.");
                        *n += 1;
                        marker
                    }
                    _ => "•".to_string(),
                };
                item_marker = Some(marker);
            }
            Event::End(TagEnd::Item) => {
                trim_trailing_break(&mut inline.spans);
                flush_item(doc, &mut inline, &mut item_marker, lists.len());
            }
            Event::Rule => doc.rule(),
            Event::Start(Tag::Table(alignments)) => {
                table = Some(Table {
                    columns: Vec::with_capacity(alignments.len()),
                    rows: Vec::new(),
                });
            }
            Event::End(TagEnd::TableCell) => row.push(inline.plain()),
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.columns = row.drain(..).map(|title| Column::new(title, 1.0)).collect();
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    doc.table(&t);
                }
            }
            _ => {}
        }
    }
}

fn trim_trailing_break(spans: &mut Vec<Span>) {
    while spans.last().is_some_and(|s| s.text == "\n") {
        spans.pop();
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        _ => 3,
    }
}

/// The text as HTML for the editor's preview. Raw HTML is escaped, so a text can
/// never run script inside the program's window; links and images become their text,
/// as on paper, so the preview holds nothing that loads or leads anywhere.
pub fn markdown_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).filter_map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        Event::Start(Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Link | TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_a_text_is_shown_not_run() {
        let html =
            markdown_html("Hej <script>alert(1)</script> **Ida**\n\n<img src=x onerror=alert(1)>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<strong>Ida</strong>"));
    }

    #[test]
    fn links_and_images_in_a_text_are_shown_as_their_text_in_the_preview() {
        let html = markdown_html(
            "Læs [vores side](https://eksempel.dk/x) og <https://eksempel.dk/y>.\n\n![skolens logo](https://eksempel.dk/logo.png)",
        );
        assert!(!html.contains("<a") && !html.contains("href"), "{html}");
        assert!(!html.contains("<img") && !html.contains("src="), "{html}");
        assert!(
            html.contains("vores side") && html.contains("skolens logo"),
            "{html}"
        );
        assert!(
            html.contains("https://eksempel.dk/y"),
            "an autolink stays as text: {html}"
        );
    }
}
