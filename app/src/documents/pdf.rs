//! PDF rendering of a [`Document`]: A4 pages, the two standard Helvetica faces in
//! WinAnsiEncoding (every French letter, «», €, œ), text wrapped with the faces' metrics,
//! tables with a repeated header, "page n / N" at the foot. Written by hand: the format needs
//! little for text, and no font file has to ship.

use crate::domain::document::{Block, Document};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.7;
const BODY: f32 = 10.0;
const LEADING: f32 = 1.3;
const CELL_PAD: f32 = 3.0;

/// Advance widths (thousandths of an em) of ASCII 32..=126: Helvetica, then Helvetica-Bold.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611,
    556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
    280, 389, 584,
];

/// The letter an accented one is drawn on (same advance width in these faces).
fn base_letter(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ý' | 'ÿ' => 'y',
        'Ý' | 'Ÿ' => 'Y',
        _ => return None,
    })
}

/// Width of `c` in thousandths of an em.
fn glyph(bold: bool, c: char) -> f32 {
    let table = if bold { &BOLD } else { &REGULAR };
    let c = base_letter(c).unwrap_or(c);
    let w = match c {
        ' '..='~' => table[c as usize - 32],
        '\u{a0}' | '\u{202f}' | '\u{2009}' => 278,
        '’' | '‘' | '‚' => {
            if bold {
                278
            } else {
                222
            }
        }
        '“' | '”' | '„' => {
            if bold {
                500
            } else {
                333
            }
        }
        '…' | '—' | 'Œ' | 'Æ' => 1000,
        'œ' => 944,
        'æ' => 889,
        '°' => 400,
        '•' => 350,
        '·' => 278,
        _ => 556,
    };
    f32::from(w)
}

/// Width of `s` in points at `size`.
fn width(s: &str, bold: bool, size: f32) -> f32 {
    s.chars().map(|c| glyph(bold, c)).sum::<f32>() * size / 1000.0
}

/// The WinAnsiEncoding byte of `c` (`?` when it has none).
fn winansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '\u{202f}' | '\u{2009}' => 0xa0,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        'Œ' => 0x8c,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        'œ' => 0x9c,
        'Ÿ' => 0x9f,
        _ => b'?',
    }
}

/// `s` as a PDF literal string in WinAnsiEncoding.
fn literal(s: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in s.chars() {
        let c = match c {
            '\t' => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        match winansi(c) {
            b @ (b'(' | b')' | b'\\') => out.extend([b'\\', b]),
            b => out.push(b),
        }
    }
    out.push(b')');
    out
}

/// Splits `text` into lines no wider than `max` points (a word too long is cut).
pub(crate) fn wrap(text: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, bold, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it overflows.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(&piece, bold, size) > max && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// Pages being filled: content streams and the cursor (distance from the top).
struct Layout {
    pages: Vec<Vec<u8>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn page(&mut self) -> &mut Vec<u8> {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN - 20.0 && self.y > MARGIN {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, baseline_from_top: f32, s: &str, bold: bool, size: f32) {
        let font = if bold { "F2" } else { "F1" };
        let y = PAGE_H - baseline_from_top;
        let mut op = format!("BT /{font} {size:.1} Tf {x:.2} {y:.2} Td ").into_bytes();
        op.extend(literal(s));
        op.extend_from_slice(b" Tj ET\n");
        self.page().extend(op);
    }

    /// Lines of text from the cursor, starting at `x`; the cursor moves below them.
    fn lines(&mut self, x: f32, lines: &[String], bold: bool, size: f32) {
        let lead = size * LEADING;
        for l in lines {
            self.ensure(lead);
            self.y += lead;
            self.text(x, self.y - (lead - size) / 2.0 - size * 0.2, l, bold, size);
        }
    }

    fn rule(&mut self, x0: f32, top0: f32, x1: f32, top1: f32) {
        let op = format!(
            "0.5 w {x0:.2} {:.2} m {x1:.2} {:.2} l S\n",
            PAGE_H - top0,
            PAGE_H - top1
        );
        self.page().extend(op.into_bytes());
    }

    fn shade(&mut self, x: f32, top: f32, w: f32, h: f32) {
        let op = format!("0.92 g {x:.2} {:.2} {w:.2} {h:.2} re f 0 g\n", PAGE_H - top - h);
        self.page().extend(op.into_bytes());
    }
}

/// Column widths for a table of `rows` (header first) over `total` points: each column
/// gets at least its longest word, the rest shared by content length.
fn columns(rows: &[&Vec<String>], total: f32) -> Vec<f32> {
    let n = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1);
    let mut natural = vec![0f32; n];
    let mut least = vec![0f32; n];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let bold = r == 0;
            natural[c] = natural[c].max(width(cell, bold, BODY) + 2.0 * CELL_PAD);
            let word = cell.split(' ').map(|w| width(w, bold, BODY)).fold(0f32, f32::max);
            least[c] = least[c].max((word + 2.0 * CELL_PAD).min(total / n as f32));
        }
    }
    let sum: f32 = natural.iter().sum();
    if sum <= total {
        return natural.iter().map(|w| w * total / sum.max(1.0)).collect();
    }
    let spare = (total - least.iter().sum::<f32>()).max(0.0);
    let extra: Vec<f32> = natural.iter().zip(&least).map(|(n, l)| (n - l).max(0.0)).collect();
    let extra_sum: f32 = extra.iter().sum::<f32>().max(1.0);
    least
        .iter()
        .zip(&extra)
        .map(|(l, e)| l + spare * e / extra_sum)
        .collect()
}

fn table(l: &mut Layout, header: &[String], rows: &[Vec<String>]) {
    let total = PAGE_W - 2.0 * MARGIN;
    let header = header.to_vec();
    let all: Vec<&Vec<String>> = std::iter::once(&header).chain(rows.iter()).collect();
    let widths = columns(&all, total);
    let lead = BODY * LEADING;
    let draw_row = |l: &mut Layout, cells: &[String], bold: bool| {
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| wrap(cells.get(c).map_or("", String::as_str), bold, BODY, w - 2.0 * CELL_PAD))
            .collect();
        let h = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * CELL_PAD;
        let top = l.y;
        if bold {
            l.shade(MARGIN, top, total, h);
        }
        let mut x = MARGIN;
        for (c, lines) in wrapped.iter().enumerate() {
            for (i, line) in lines.iter().enumerate() {
                let baseline = top + CELL_PAD + (i as f32 + 1.0) * lead - (lead - BODY) / 2.0 - BODY * 0.2;
                l.text(x + CELL_PAD, baseline, line, bold, BODY);
            }
            l.rule(x, top, x, top + h);
            x += widths[c];
        }
        l.rule(x, top, x, top + h);
        l.rule(MARGIN, top, MARGIN + total, top);
        l.rule(MARGIN, top + h, MARGIN + total, top + h);
        l.y = top + h;
        h
    };
    let row_height = |cells: &[String], bold: bool| {
        widths
            .iter()
            .enumerate()
            .map(|(c, w)| wrap(cells.get(c).map_or("", String::as_str), bold, BODY, w - 2.0 * CELL_PAD).len())
            .max()
            .unwrap_or(1) as f32
            * lead
            + 2.0 * CELL_PAD
    };
    // A row taller than a page is cut into rows of at most `fit` lines.
    let fit = (((PAGE_H - 2.0 * MARGIN - 20.0) - row_height(&header, true) - 2.0 * CELL_PAD) / lead)
        .floor()
        .max(1.0) as usize;
    let mut pieces: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    for row in rows {
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| wrap(row.get(c).map_or("", String::as_str), false, BODY, w - 2.0 * CELL_PAD))
            .collect();
        let n = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        if n <= fit {
            pieces.push(row.clone());
            continue;
        }
        for start in (0..n).step_by(fit) {
            pieces.push(
                wrapped
                    .iter()
                    .map(|lines| {
                        lines
                            .iter()
                            .skip(start)
                            .take(fit)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect(),
            );
        }
    }
    l.ensure(row_height(&header, true) + row_height(pieces.first().unwrap_or(&header), false));
    draw_row(l, &header, true);
    for row in &pieces {
        let h = row_height(row, false);
        if l.y + h > PAGE_H - MARGIN - 20.0 {
            l.new_page();
            draw_row(l, &header, true);
        }
        draw_row(l, row, false);
    }
}

fn fields(l: &mut Layout, lines: &[(String, String)]) {
    let label_w = 150.0;
    let value_x = MARGIN + label_w;
    let value_w = PAGE_W - MARGIN - value_x;
    let lead = BODY * LEADING;
    for (label, value) in lines {
        let left = wrap(label, true, BODY, label_w - 8.0);
        let right = wrap(value, false, BODY, value_w);
        // Kept together when short; a long value goes on over the next page line by line.
        l.ensure(left.len().max(right.len()).min(4) as f32 * lead);
        for i in 0..left.len().max(right.len()) {
            l.ensure(lead);
            l.y += lead;
            if let Some(s) = left.get(i) {
                l.text(MARGIN, l.y - lead * 0.3, s, true, BODY);
            }
            if let Some(s) = right.get(i) {
                l.text(value_x, l.y - lead * 0.3, s, false, BODY);
            }
        }
    }
}

/// Lays the document out on pages: one content stream per page, footers included.
fn layout(doc: &Document) -> Vec<Vec<u8>> {
    let mut l = Layout::new();
    let text_w = PAGE_W - 2.0 * MARGIN;
    for line in &doc.authority {
        let wrapped = wrap(line, true, BODY, text_w);
        l.lines(MARGIN, &wrapped, true, BODY);
    }
    l.y += 18.0;
    let size = 16.0;
    for t in wrap(&doc.title, true, size, text_w) {
        l.y += size * LEADING;
        let x = (PAGE_W - width(&t, true, size)) / 2.0;
        l.text(x, l.y - size * 0.3, &t, true, size);
    }
    l.y += 12.0;
    for block in &doc.blocks {
        match block {
            Block::Heading(level, s) => {
                let size = if *level <= 1 { 12.0 } else { 10.5 };
                l.ensure(size * LEADING * 3.0);
                l.y += if *level <= 1 { 10.0 } else { 5.0 };
                let wrapped = wrap(s, true, size, text_w);
                l.lines(MARGIN, &wrapped, true, size);
                l.y += 2.0;
            }
            Block::Paragraph(s) => {
                let wrapped = wrap(s, false, BODY, text_w);
                l.lines(MARGIN, &wrapped, false, BODY);
                l.y += 4.0;
            }
            Block::Fields(lines) => {
                fields(&mut l, lines);
                l.y += 4.0;
            }
            Block::Table(header, rows) => {
                table(&mut l, header, rows);
                l.y += 8.0;
            }
            Block::Signatures(who) => {
                l.ensure(who.len() as f32 * 40.0 + 20.0);
                l.y += 16.0;
                let col = text_w / who.len().max(1) as f32;
                let top = l.y;
                for (i, s) in who.iter().enumerate() {
                    l.y = top;
                    let wrapped = wrap(s, true, BODY, col - 10.0);
                    l.lines(MARGIN + i as f32 * col, &wrapped, true, BODY);
                }
                l.y += 40.0;
            }
        }
    }
    let total = l.pages.len();
    let title = doc.title.clone();
    for (i, page) in l.pages.iter_mut().enumerate() {
        let footer = format!("{title} — page {} / {total}", i + 1);
        let x = (PAGE_W - width(&footer, false, 8.0)) / 2.0;
        let mut op = format!("BT /F1 8.0 Tf {x:.2} {:.2} Td ", MARGIN / 2.0).into_bytes();
        op.extend(literal(&footer));
        op.extend_from_slice(b" Tj ET\n");
        page.extend(op);
    }
    l.pages
}

/// `s` as a PDF text string in UTF-16BE (for the document information).
fn utf16(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for u in s.encode_utf16() {
        out.push_str(&format!("{u:04X}"));
    }
    out.push('>');
    out
}

/// The PDF file of `doc`; `created` is the creation date as `YYYYMMDDHHMMSS` (UTC).
pub fn render(doc: &Document, created: &str) -> Vec<u8> {
    let pages = layout(doc);
    // Objects: 1 catalog, 2 page tree, 3–4 fonts, 5 information, then a page and its content.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes());
    for face in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!("<< /Type /Font /Subtype /Type1 /BaseFont /{face} /Encoding /WinAnsiEncoding >>").into_bytes(),
        );
    }
    objects.push(
        format!(
            "<< /Title {} /Producer {} /Creator {} /CreationDate (D:{created}Z) >>",
            utf16(&doc.title),
            utf16("Greffe"),
            utf16("Greffe")
        )
        .into_bytes(),
    );
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rows: usize) -> Document {
        Document {
            name: "essai".into(),
            authority: vec!["TRIBUNAL JUDICIAIRE DE LYON".into()],
            title: "Notes d'audience".into(),
            blocks: vec![
                Block::Heading(1, "Affaire n° 1".into()),
                Block::Paragraph("Le prévenu, assisté de Me Œuvray, déclare « reconnaître les faits » (300 €).".into()),
                Block::Fields(vec![("Président".into(), "Mme Aubert".into())]),
                Block::Table(
                    vec!["Rang".into(), "Prévenu".into()],
                    (0..rows)
                        .map(|i| vec![i.to_string(), format!("PRÉVENU n° {i}")])
                        .collect(),
                ),
                Block::Signatures(vec!["Le greffier".into(), "Le président".into()]),
            ],
        }
    }

    #[test]
    fn french_text_is_encoded_in_winansi_and_parentheses_escaped() {
        assert_eq!(
            literal("é à ç « » € œ"),
            b"(\xe9 \xe0 \xe7 \xab \xbb \x80 \x9c)".to_vec()
        );
        assert_eq!(literal("(a\\b)"), b"(\\(a\\\\b\\))".to_vec());
        assert_eq!(literal("日"), b"(?)".to_vec());
        assert_eq!(literal("a\tb\u{c}c"), b"(a bc)".to_vec());
    }

    #[test]
    fn widths_follow_the_faces_and_wrapping_keeps_within_the_line() {
        assert_eq!(width("Hi", false, 10.0), (722.0 + 222.0) / 100.0);
        assert!(width("Hi", true, 10.0) > width("Hi", false, 10.0));
        assert_eq!(width("é", false, 10.0), width("e", false, 10.0));
        let text = "Le tribunal, statuant publiquement, en premier ressort et contradictoirement à l'égard du prévenu";
        let lines = wrap(text, false, 10.0, 120.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| width(l, false, 10.0) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let cut = wrap("anticonstitutionnellement", false, 10.0, 40.0);
        assert!(cut.len() > 1 && cut.concat() == "anticonstitutionnellement");
    }

    #[test]
    fn long_values_and_cells_go_on_over_the_next_pages_within_the_margins() {
        let long = vec!["procédure"; 1500].join(" ");
        let doc = Document {
            blocks: vec![
                Block::Fields(vec![("Observations".into(), long.clone())]),
                Block::Table(vec!["A".into(), "B".into()], vec![vec!["1".into(), long]]),
            ],
            ..doc(0)
        };
        let pages = layout(&doc);
        assert!(pages.len() >= 4, "{} pages", pages.len());
        for page in &pages {
            for line in String::from_utf8_lossy(page).lines().filter(|l| l.contains(" Td ")) {
                let parts: Vec<&str> = line.split(' ').collect();
                let at = parts.iter().position(|p| *p == "Td").unwrap();
                let y: f32 = parts[at - 1].parse().unwrap();
                let footer = (y - MARGIN / 2.0).abs() < 0.01;
                assert!(footer || (MARGIN..=PAGE_H - MARGIN).contains(&y), "text at y = {y}");
            }
        }
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).rposition(|w| w == needle)
    }

    #[test]
    fn the_file_has_a_valid_cross_reference_table_and_one_page_per_screenful() {
        for (rows, at_least) in [(3, 1), (120, 3)] {
            let pdf = render(&doc(rows), "20261201120000");
            assert!(pdf.starts_with(b"%PDF-1.4"));
            // Offsets are bytes: read them on the bytes (the text has WinAnsi letters).
            let at = find(&pdf, b"startxref\n").unwrap() + 10;
            let end = at + pdf[at..].iter().position(|b| *b == b'\n').unwrap();
            let start: usize = std::str::from_utf8(&pdf[at..end]).unwrap().parse().unwrap();
            assert!(pdf[start..].starts_with(b"xref\n"));
            let table = std::str::from_utf8(&pdf[start..at]).unwrap();
            let entries: Vec<&str> = table.lines().skip(3).take_while(|l| l.ends_with(" n ")).collect();
            let count = find(&pdf, b"/Count ").unwrap() + 7;
            let pages: usize = std::str::from_utf8(&pdf[count..count + 3])
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                pages >= at_least && (rows > 3 || pages == 1),
                "{rows} rows on {pages} pages"
            );
            assert_eq!(entries.len(), 5 + 2 * pages);
            for (i, e) in entries.iter().enumerate() {
                let offset: usize = e[..10].parse().unwrap();
                assert!(
                    pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
                    "object {}",
                    i + 1
                );
            }
            for page in 1..=pages {
                assert!(find(&pdf, format!("page {page} / {pages})").as_bytes()).is_some());
            }
        }
    }
}
