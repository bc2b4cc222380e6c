//! Greffe's documents typeset with Typst, used as a library: a structured [`Document`]
//! becomes Typst *data* — strings, never markup, so nothing a user typed is ever interpreted —
//! laid out by the document template and exported as PDF/A-2b with every font embedded.
//!
//! Fonts ship inside the binary (Typst's own open-licensed assets: Libertinus Serif for the
//! text, New Computer Modern and DejaVu Sans Mono behind it), and cover Latin with its
//! extensions A and B, Vietnamese, Greek and Cyrillic. A character none of them has is
//! neither dropped nor left to a blank box: it is printed as `[U+XXXX]` and logged.
//! The template reads no file and reaches no network: the world it compiles in has one
//! source and the fonts, nothing else.

use domain::document::{Block, Document};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// The fonts, parsed once.
static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
    typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});

static BOOK: LazyLock<LazyHash<FontBook>> = LazyLock::new(|| LazyHash::new(FontBook::from_fonts(FONTS.iter())));

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The default template: a function `render(data)` of the document's data.
pub const DEFAULT_TEMPLATE: &str = include_str!("default.typ");

/// What a printed document says about itself: its verification code, the juridiction that
/// issues it, and when.
#[derive(Debug, Clone)]
pub struct Meta<'a> {
    /// The document's code (printed at the foot of each page, and in the PDF's metadata).
    pub code: &'a str,
    pub juridiction: &'a str,
    /// When it is issued (UTC).
    pub issued: chrono::DateTime<chrono::Utc>,
    /// The same, as printed (« 7 décembre 2026 à 10 h 32 »).
    pub issued_label: &'a str,
}

/// A document to typeset in another process (`greffe composer`): what [`pdf`] takes, as
/// data that crosses a pipe. A juridiction's template is code its admin wrote: it runs there,
/// with bounded memory and time, so that no template can take the server down.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Job {
    pub doc: Document,
    pub code: String,
    pub juridiction: String,
    pub issued: chrono::DateTime<chrono::Utc>,
    pub issued_label: String,
    pub template: Option<String>,
}

impl Job {
    /// Typesets the job in this process.
    pub fn run(&self) -> Result<Vec<u8>, PrintError> {
        let meta = Meta {
            code: &self.code,
            juridiction: &self.juridiction,
            issued: self.issued,
            issued_label: &self.issued_label,
        };
        pdf(&self.doc, &meta, self.template.as_deref())
    }
}

/// Why a document could not be printed (a template that fails to compile), in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintError(pub String);

impl std::fmt::Display for PrintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether some embedded font has `c`.
pub fn covered(c: char) -> bool {
    c.is_whitespace() || FONTS.iter().any(|f| f.info().coverage.contains(c as u32))
}

/// `s` as a Typst string literal. A character no font has becomes a visible `[U+XXXX]`
/// (logged); control characters other than line breaks and tabs are dropped.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if !covered(c) => {
                tracing::warn!(character = %format!("U+{:04X}", c as u32), "no embedded font has this character");
                out.push_str(&format!("[U+{:04X}]", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from("(");
    for i in items {
        out.push_str(&i);
        out.push(',');
    }
    out.push(')');
    out
}

/// The document as a Typst dictionary literal.
pub fn data(doc: &Document, meta: &Meta<'_>) -> String {
    let blocks = doc.blocks.iter().map(|b| match b {
        Block::Heading(level, t) => format!("(k: \"h\", l: {level}, t: {})", lit(t)),
        Block::Paragraph(t) => format!("(k: \"p\", t: {})", lit(t)),
        Block::Fields(rows) => format!(
            "(k: \"f\", rows: {})",
            array(rows.iter().map(|(a, b)| array([lit(a), lit(b)])))
        ),
        Block::Table(head, rows) => format!(
            "(k: \"t\", head: {}, rows: {})",
            array(head.iter().map(|h| lit(h))),
            array(rows.iter().map(|r| array(r.iter().map(|c| lit(c)))))
        ),
        Block::Signatures(who) => format!("(k: \"s\", who: {})", array(who.iter().map(|w| lit(w)))),
    });
    format!(
        "(title: {}, name: {}, authority: {}, code: {}, juridiction: {}, issued: {}, blocks: {})",
        lit(&doc.title),
        lit(&doc.name),
        array(doc.authority.iter().map(|a| lit(a))),
        lit(meta.code),
        lit(meta.juridiction),
        lit(meta.issued_label),
        array(blocks)
    )
}

/// The one-file world a document compiles in.
struct Sandbox {
    main: FileId,
    source: Source,
    today: Datetime,
}

impl World for Sandbox {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &BOOK
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            Ok(Bytes::from_string(self.source.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

impl Sandbox {
    /// Where in the template an error lies: « (ligne 12, colonne 5) », or nothing when it
    /// lies outside the template (in the data the document passes it).
    fn place(&self, e: &typst::diag::SourceDiagnostic, template_len: usize) -> String {
        use typst::WorldExt;
        match self.range(e.span) {
            Some(r) if r.start <= template_len => {
                let lines = self.source.lines();
                match (lines.byte_to_line(r.start), lines.byte_to_column(r.start)) {
                    (Some(l), Some(c)) => format!(" (ligne {}, colonne {})", l + 1, c + 1),
                    _ => String::new(),
                }
            }
            _ => String::new(),
        }
    }
}

fn datetime(t: chrono::DateTime<chrono::Utc>) -> Option<Datetime> {
    use chrono::{Datelike, Timelike};
    Datetime::from_ymd_hms(
        t.year(),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
}

/// Prints `doc` with `template` (Typst source defining `render(data)`; the default one when
/// `None`) as PDF/A-2b. A template that does not compile gives its first error, in French.
pub fn pdf(doc: &Document, meta: &Meta<'_>, template: Option<&str>) -> Result<Vec<u8>, PrintError> {
    let text = format!(
        "{}\n#render({})\n",
        template.unwrap_or(DEFAULT_TEMPLATE),
        data(doc, meta)
    );
    let main = FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/document.typ").map_err(|_| PrintError("chemin du modèle invalide".into()))?,
    ));
    let issued = datetime(meta.issued).ok_or_else(|| PrintError("date d'émission invalide".into()))?;
    let world = Sandbox {
        main,
        source: Source::new(main, text),
        today: issued,
    };
    let template_len = template.unwrap_or(DEFAULT_TEMPLATE).len();
    let compiled = typst::compile::<PagedDocument>(&world);
    let result = match compiled.output {
        Ok(document) => {
            let options = PdfOptions {
                ident: Smart::Custom(meta.code.to_owned()),
                creator: Smart::Custom(Some("Greffe".into())),
                timestamp: Some(Timestamp::new_utc(issued)),
                standards: PdfStandards::new(&[PdfStandard::A_2b])
                    .map_err(|e| PrintError(format!("norme PDF/A : {}", e.message())))?,
                ..Default::default()
            };
            typst_pdf::pdf(&document, &options).map_err(|errors| {
                PrintError(format!(
                    "export PDF impossible : {}",
                    errors.first().map(|e| e.message.to_string()).unwrap_or_default()
                ))
            })
        }
        Err(errors) => Err(PrintError(match errors.first() {
            Some(e) => {
                let mut m = format!(
                    "le modèle ne se compose pas{} — message de Typst : {}",
                    world.place(e, template_len),
                    e.message
                );
                for h in &e.hints {
                    m.push_str(&format!(" ({})", h.v));
                }
                m
            }
            None => "le modèle ne se compose pas".to_owned(),
        })),
    };
    // Bound the memoisation cache across documents.
    typst::comemo::evict(10);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::document::{Block, Document};

    fn doc(name: &str) -> Document {
        Document {
            name: "jugement-test".into(),
            authority: vec!["TRIBUNAL JUDICIAIRE DE LYON".into(), "Chambre correctionnelle".into()],
            title: "Jugement correctionnel".into(),
            blocks: vec![
                Block::Heading(1, "Prévenu".into()),
                Block::Fields(vec![("Nom".into(), name.into())]),
                Block::Paragraph("Le tribunal, statuant publiquement, contradictoirement \"à l'égard\" de #prévenu $x$ *gras* [lien] \\ @ref <label>.".into()),
                Block::Table(
                    vec!["Infraction".into(), "Peine".into()],
                    vec![vec!["Vol".into(), "6 mois".into()], vec!["Recel".into(), "100 jours-amende".into()]],
                ),
                Block::Signatures(vec!["Le greffier".into(), "Le président".into()]),
            ],
        }
    }

    fn meta() -> Meta<'static> {
        Meta {
            code: "GRF-TEST-0001",
            juridiction: "Tribunal judiciaire de Lyon",
            issued: chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap(),
            issued_label: "7 décembre 2026",
        }
    }

    #[test]
    fn every_script_a_court_meets_is_covered() {
        for name in [
            "WÓJCIK-ŞAHİN Łukasz Nguyễn",
            "Ștefan Țăranu",
            "Ελευθέριος Παπαδόπουλος",
            "Дмитрий Шостакович",
            "Đặng Thị Hương",
            "Ærø Øster Åsa Ñúñez Çelik Gülşen",
        ] {
            let missing: Vec<char> = name.chars().filter(|c| !covered(*c)).collect();
            assert!(missing.is_empty(), "{name}: {missing:?}");
        }
        assert!(!covered('\u{10FFFD}'));
    }

    #[test]
    fn user_text_is_data_never_markup() {
        let d = data(&doc("A \"B\" \\ #c"), &meta());
        assert!(d.contains(r#""A \"B\" \\ #c""#), "{d}");
        // An uncovered character is printed visibly.
        assert!(lit("x\u{10FFFD}y").contains("[U+10FFFD]"));
        assert_eq!(lit("a\u{0}b\u{1b}c"), "\"abc\"");
    }

    #[test]
    fn a_document_prints_as_pdf_a_with_its_fonts_embedded() {
        let pdf = pdf(&doc("WÓJCIK-ŞAHİN Łukasz Nguyễn"), &meta(), None).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("pdfaid:part"), "no PDF/A identification");
        assert!(text.contains("FontFile"), "fonts not embedded");
        assert!(!text.contains("/BaseFont /Helvetica"));
    }

    #[test]
    fn a_template_that_does_not_compile_says_why() {
        let e = pdf(&doc("X"), &meta(), Some("#let render(data) = {\n  undefined-thing\n}")).unwrap_err();
        assert!(e.0.contains("modèle"), "{e}");
        assert!(e.0.contains("ligne 2, colonne 3"), "{e}");
        // A loop that never ends is stopped.
        let e = pdf(
            &doc("X"),
            &meta(),
            Some("#let render(data) = { let i = 0; while i >= 0 { i += 1 } }"),
        )
        .unwrap_err();
        assert!(e.0.contains("infinite"), "{e}");
        // Nor the network, through a package.
        let e = pdf(
            &doc("X"),
            &meta(),
            Some("#import \"@preview/x:0.1.0\": *\n#let render(data) = []"),
        )
        .unwrap_err();
        assert!(e.0.contains("ligne 1"), "{e}");
        // A template cannot read a file.
        let e = pdf(&doc("X"), &meta(), Some("#let render(data) = read(\"/etc/passwd\")")).unwrap_err();
        assert!(e.0.contains("modèle"), "{e}");
    }
}
