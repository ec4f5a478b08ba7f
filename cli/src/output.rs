//! Printing command results to stdout, as aligned text (`--output table`, for people) or JSON
//! (`--output json`, for scripts). Commands build a serializable result and implement
//! [`Render::table`]; they never write to stdout themselves.

use std::io::{self, Write};

use clap::builder::styling::Style;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people
    Table,
    /// One JSON document for scripts
    Json,
}

/// A command's result. JSON comes from `Serialize`, so both formats show the same data.
pub trait Render: Serialize {
    fn table(&self, table: &mut Table);
}

#[derive(Debug)]
pub struct Output {
    format: Format,
    quiet: bool,
    color: bool,
}

impl Output {
    pub fn new(format: Format, quiet: bool, color: bool) -> Output {
        Output {
            format,
            quiet,
            color,
        }
    }

    /// Whether `--quiet` asked for no confirmations or progress.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Prints data the user asked for (`db status`); `--quiet` does not hide it.
    pub fn data<R: Render>(&self, result: &R) -> anyhow::Result<()> {
        self.print(result, false)
    }

    /// Prints the result of an action (`db migrate`). In table form that is a confirmation, which
    /// `--quiet` hides; JSON was asked for explicitly, so it is always printed.
    pub fn outcome<R: Render>(&self, result: &R) -> anyhow::Result<()> {
        self.print(result, self.quiet)
    }

    /// Raw bytes such as a completion script, which has no table or JSON form.
    pub fn raw(&self, bytes: &[u8]) -> anyhow::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout.write_all(bytes)?;
        stdout.flush()?;
        Ok(())
    }

    fn print<R: Render>(&self, result: &R, hide_table: bool) -> anyhow::Result<()> {
        let text = match self.format {
            Format::Json => serde_json::to_string_pretty(result)? + "\n",
            Format::Table if hide_table => return Ok(()),
            Format::Table => {
                let mut table = Table::default();
                result.table(&mut table);
                table.render(self.color)
            }
        };
        self.raw(text.as_bytes())
    }
}

/// Lines of text in aligned columns, built up in blocks: runs of `name: value` fields, tables
/// with a bold header, and single lines. A table is set off from what precedes it by a blank line.
#[derive(Debug, Default)]
pub struct Table {
    blocks: Vec<Block>,
}

#[derive(Debug)]
enum Block {
    Fields(Vec<Vec<String>>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Line(String),
}

impl Table {
    /// A `name: value` line; consecutive fields align with each other.
    pub fn field(&mut self, name: &str, value: impl Into<String>) {
        let row = vec![format!("{name}:"), value.into()];
        match self.blocks.last_mut() {
            Some(Block::Fields(rows)) => rows.push(row),
            _ => self.blocks.push(Block::Fields(vec![row])),
        }
    }

    /// Starts a new table with these column titles.
    pub fn header<const N: usize>(&mut self, titles: [&str; N]) {
        let header = titles.iter().map(|t| t.to_uppercase()).collect();
        self.blocks.push(Block::Table {
            header,
            rows: Vec::new(),
        });
    }

    /// A row of the table started by the last `header` (or a headerless table of its own).
    pub fn row<const N: usize>(&mut self, cells: [String; N]) {
        match self.blocks.last_mut() {
            Some(Block::Table { rows, .. }) => rows.push(cells.into()),
            _ => self.blocks.push(Block::Table {
                header: Vec::new(),
                rows: vec![cells.into()],
            }),
        }
    }

    /// A line of its own, such as "already up to date".
    pub fn line(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Line(text.into()));
    }

    fn render(&self, color: bool) -> String {
        let bold = Style::new().bold();
        let mut out = String::new();
        for (i, block) in self.blocks.iter().enumerate() {
            match block {
                Block::Line(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Fields(rows) => out.push_str(&align(rows, &widths(rows))),
                Block::Table { header, rows } => {
                    if i > 0 {
                        out.push('\n');
                    }
                    let widths = widths(std::iter::once(header).chain(rows));
                    if !header.is_empty() {
                        let line = align([header], &widths);
                        let line = line.trim_end();
                        out.push_str(&if color {
                            format!("{bold}{line}{bold:#}")
                        } else {
                            line.into()
                        });
                        out.push('\n');
                    }
                    out.push_str(&align(rows, &widths));
                }
            }
        }
        out
    }
}

fn widths<'a>(rows: impl IntoIterator<Item = &'a Vec<String>>) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let width = cell.chars().count();
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => widths.push(width),
            }
        }
    }
    widths
}

/// One line per row, every cell but the last padded, so lines carry no trailing spaces.
fn align<'a>(rows: impl IntoIterator<Item = &'a Vec<String>>, widths: &[usize]) -> String {
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                out.push_str(cell);
            } else {
                let width = widths.get(i).copied().unwrap_or(0);
                out.push_str(&format!("{cell:<width$}  "));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_fields_and_tables_separately() {
        let mut t = Table::default();
        t.field("backend", "sqlite");
        t.field("url", "sqlite:///x.db");
        t.header(["version", "state"]);
        t.row(["2026-11-23-000000".into(), "applied".into()]);
        t.row(["1".into(), "pending".into()]);
        assert_eq!(
            t.render(false),
            "backend:  sqlite\n\
             url:      sqlite:///x.db\n\
             \n\
             VERSION            STATE\n\
             2026-11-23-000000  applied\n\
             1                  pending\n"
        );
    }

    #[test]
    fn bolds_only_the_header_when_colored() {
        let mut t = Table::default();
        t.header(["a"]);
        t.row(["x".into()]);
        assert_eq!(t.render(true), "\u{1b}[1mA\u{1b}[0m\nx\n");
    }

    #[test]
    fn lines_do_not_disturb_field_alignment() {
        let mut t = Table::default();
        t.line("a rather long line of its own");
        t.field("k", "v");
        t.field("key", "value");
        assert_eq!(
            t.render(false),
            "a rather long line of its own\nk:    v\nkey:  value\n"
        );
    }
}
