//! `marqueectl import …`: bulk content imports straight into the database.
//!
//! Every format shares the same contract, implemented here once:
//! - **Idempotent**: rows are matched on their natural key (external ids, e-mail of the imported
//!   account, (profile, movie) for ratings) and inserted, updated when they differ, or skipped.
//! - **Batched**: each batch of `--batch-size` records is one transaction. A killed import leaves
//!   whole batches behind; re-running it skips what is there and finishes the rest, so the end
//!   state equals an uninterrupted run's.
//! - **Rejects**: a record that breaks a rule is named `file:line: field N (name): what [rule]` on
//!   stderr and written to the reject file; the good records are imported and the exit code is 3.
//!   `--strict` runs the whole import in one transaction and rolls it back at the first reject.
//!   `--dry-run` runs everything in one transaction that is always rolled back.

mod imdb_top;
pub mod jsonl;
mod movielens;
mod sports;
pub mod store;
mod tmdb;
mod trailers;

pub use movielens::new_movie as movielens_new_movie;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use marquee_db::DbConn;
use serde::Serialize;

use crate::content::RuleError;
use crate::context::Context;
use crate::output::{Render, Table};
use crate::report;
use crate::report::HintExt as _;

#[derive(Debug, clap::Args)]
pub struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// A MovieLens folder: ml-latest-small/ml-25m (CSV: movies, links, tags, ratings), ml-1m
    /// (.dat) or ml-100k (u.item, u.data, u.user)
    Movielens(movielens::Opts),
    /// The Kaggle "IMDB top 1000" CSV: movies, genres, directors and stars, scores, gross
    ImdbTop(imdb_top::Opts),
    /// TMDB movie details with credits appended (JSON Lines or a JSON array): movies, genres,
    /// countries, people, cast and crew; keyed on TMDB id, enriching movies known by IMDb id
    Tmdb(tmdb::Opts),
    /// A `marqueectl export` file: restores movies, people, credits, accounts and ratings with
    /// their ids
    Jsonl(jsonl::Opts),
    /// Trailers with renditions and subtitles for movies already in the catalogue (CSV or JSON
    /// Lines)
    #[command(after_help = trailers::FORMATS_HELP)]
    Trailers(trailers::Opts),
    /// Sports leagues, teams, players, fixtures and results, match events and highlights (JSON
    /// Lines; CSV for fixtures and results)
    #[command(after_help = sports::FORMATS_HELP)]
    Sports(sports::Opts),
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    let result = match opts.command {
        Command::Movielens(opts) => movielens::run(opts, ctx),
        Command::ImdbTop(opts) => imdb_top::run(opts, ctx),
        Command::Tmdb(opts) => tmdb::run(opts, ctx),
        Command::Jsonl(opts) => jsonl::run(opts, ctx),
        Command::Trailers(opts) => trailers::run(opts, ctx),
        Command::Sports(opts) => sports::run(opts, ctx),
    };
    // Whatever was committed, a failed or partial import included (batches commit one by one).
    // A partial import (some records rejected, exit code 3) finished too.
    let finished = match &result {
        Ok(()) => true,
        Err(err) => err.downcast_ref::<crate::report::PartialImport>().is_some(),
    };
    refresh_statistics(ctx, finished);
    result
}

/// After a bulk load, PostgreSQL's planner statistics still describe the tables as they were
/// before it (or half-way, when autovacuum read them mid-load), and list queries pick nested
/// loops for what are now thousands of rows: a genre list sorted by rating took 12 ms on
/// ml-latest-small, 7 ms after `ANALYZE`. Refreshed here; a failure only costs speed until
/// autovacuum's next pass, so it is reported and not an error — and not at all after an import
/// that failed (with the database down, its own error says so; a second warning adds nothing).
///
/// Only the tables of the schema the connection works in are analyzed, not every schema of the
/// database.
fn refresh_statistics(ctx: &Context, report: bool) {
    use diesel::RunQueryDsl as _;
    use std::io::Write as _;
    let Ok(url @ marquee_db::DatabaseUrl::Postgres(_)) = ctx.database_url() else {
        return;
    };
    #[derive(diesel::QueryableByName)]
    struct Table {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let outcome = ctx.connect(&url).and_then(|mut conn| {
        let tables: Vec<Table> = diesel::sql_query(
            "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()",
        )
        .load(&mut conn)?;
        if !tables.is_empty() {
            let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
            diesel::sql_query(format!("ANALYZE {}", names.join(", "))).execute(&mut conn)?;
        }
        Ok(())
    });
    if let (Err(err), true) = (outcome, report) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "warning: cannot refresh the planner statistics ({err:#}); queries may be slower until autovacuum analyzes the tables"
        );
    }
}

/// The layout of a file that can be CSV or JSON Lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// Comma-separated values with a header line
    Csv,
    /// One JSON object per line
    Jsonl,
}

impl FileFormat {
    /// `given`, else from the extension: `.csv`, `.jsonl`/`.ndjson`.
    fn of(path: &Path, given: Option<FileFormat>) -> anyhow::Result<FileFormat> {
        if let Some(format) = given {
            return Ok(format);
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("csv") => Ok(FileFormat::Csv),
            Some("jsonl" | "ndjson") => Ok(FileFormat::Jsonl),
            _ => Err(report::hinted(
                anyhow::anyhow!(
                    "cannot tell the format of {} from its extension",
                    path.display()
                ),
                "name the file *.csv or *.jsonl, or pass --format csv|jsonl",
            )),
        }
    }
}

/// A shared rule of [`marquee_server::rules`] as an import rule error.
pub fn broken(b: marquee_server::rules::Broken) -> RuleError {
    RuleError::new(b.rule, b.message)
}

/// A JSON Lines file, read line by line (blank lines are skipped).
pub struct JsonLines {
    pub name: String,
    lines: std::io::Lines<std::io::BufReader<File>>,
    line: u64,
}

impl JsonLines {
    pub fn open(path: &Path) -> anyhow::Result<JsonLines> {
        use std::io::BufRead;
        let file = File::open(path)
            .with_hint(|_| "check the path")
            .with_context(|| format!("cannot open {}", path.display()))?;
        Ok(JsonLines {
            name: file_name(path),
            lines: std::io::BufReader::new(file).lines(),
            line: 0,
        })
    }

    /// The next non-blank line and its number; `None` at the end.
    pub fn next_line(&mut self) -> anyhow::Result<Option<(u64, String)>> {
        for text in self.lines.by_ref() {
            self.line += 1;
            let text = text.with_context(|| format!("cannot read {}:{}", self.name, self.line))?;
            let text = text.trim_start_matches('\u{feff}').trim_end_matches('\r');
            if !text.trim().is_empty() {
                return Ok(Some((self.line, text.to_owned())));
            }
        }
        Ok(None)
    }
}

/// Deserialises one JSON value, naming the path of what is wrong (`renditions[1].quality`):
/// wrong types, missing and unknown fields. The path is empty for the line as a whole.
pub fn from_json<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, (String, RuleError)> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, RuleError::new("json", err.into_inner().to_string()))
    })
}

/// Parses a JSON Lines line into a value; a syntax error names the column.
pub fn json_line(text: &str) -> Result<serde_json::Value, RuleError> {
    serde_json::from_str(text).map_err(|e| {
        RuleError::new(
            "json-syntax",
            format!(
                "not valid JSON: {} at column {}",
                strip_position(&e),
                e.column()
            ),
        )
    })
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A parsed record with what a reject found while writing it must name: its line and the
/// record as it was in the file.
pub struct Located<T> {
    pub line: u64,
    pub record: Vec<String>,
    pub item: T,
}

/// Every line of a JSON Lines file through `parse`; a line that fails is rejected as `entity`,
/// named by the JSON path `parse` gives (none for a syntax error: the message has the column).
pub fn read_json_lines<T>(
    session: &mut Session,
    path: &Path,
    entity: &'static str,
    mut parse: impl FnMut(serde_json::Value) -> Result<T, (String, RuleError)>,
) -> anyhow::Result<(String, Vec<Located<T>>)> {
    let mut file = JsonLines::open(path)?;
    let mut items = Vec::new();
    while let Some((line, text)) = file.next_line()? {
        match json_line(&text)
            .map_err(|e| (String::new(), e))
            .and_then(&mut parse)
        {
            Ok(item) => items.push(Located {
                line,
                record: vec![text],
                item,
            }),
            Err((field, err)) => {
                let at = Position {
                    file: &file.name,
                    line,
                    field: (!field.is_empty()).then_some(Field::Path(&field)),
                };
                session.reject(entity, &at, &err, &[text.as_str()])?;
            }
        }
    }
    Ok((file.name, items))
}

/// Every record of a file holding one JSON array of objects, or else of a JSON Lines file
/// ([`read_json_lines`]), through `parse`. An array element is named by the line it starts on
/// (and the JSON path within it). The array is read whole; a syntax error in it stops the import,
/// since no later element can be found reliably after one.
pub fn read_json_records<T>(
    session: &mut Session,
    path: &Path,
    entity: &'static str,
    mut parse: impl FnMut(serde_json::Value) -> Result<T, (String, RuleError)>,
) -> anyhow::Result<(String, Vec<Located<T>>)> {
    let text = std::fs::read_to_string(path)
        .with_hint(|_| "check the path; the file must be UTF-8 JSON")
        .with_context(|| format!("cannot read {}", path.display()))?;
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let Some(mut rest) = body.strip_prefix('[') else {
        return read_json_lines(session, path, entity, parse);
    };
    let name = file_name(path);
    // Line numbers advance with the read position, counted once over the text.
    let (mut counted, mut line) = (0usize, 1u64);
    let mut line_at = |rest: &str| {
        let offset = text.len() - rest.len();
        line += text[counted..offset].matches('\n').count() as u64;
        counted = offset;
        line
    };
    let mut items = Vec::new();
    let mut first = true;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(']') {
            if !after.trim().is_empty() {
                let at = line_at(after.trim_start());
                return Err(report::hinted(
                    anyhow::anyhow!("{name}:{at}: text after the closing ] of the array"),
                    "a file holds one JSON array, or one JSON object per line",
                ));
            }
            break;
        }
        if !first {
            rest = match rest.strip_prefix(',') {
                Some(after) => after.trim_start(),
                None => {
                    let at = line_at(rest);
                    return Err(report::hinted(
                        anyhow::anyhow!("{name}:{at}: expected , or ] between array elements"),
                        "fix the JSON; the import stopped here and wrote nothing from this file",
                    ));
                }
            };
        }
        first = false;
        let line = line_at(rest);
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        let value = match values.next() {
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                return Err(report::hinted(
                    anyhow::anyhow!(
                        "{name}:{}: not valid JSON: {} at column {}",
                        line + e.line() as u64 - 1,
                        strip_position(&e),
                        e.column()
                    ),
                    "fix the JSON; the import stopped here and wrote nothing from this file",
                ));
            }
            None => {
                return Err(report::hinted(
                    anyhow::anyhow!("{name}:{line}: the array is not closed with ]"),
                    "fix the JSON; the import stopped here and wrote nothing from this file",
                ));
            }
        };
        let source = &rest[..values.byte_offset()];
        rest = &rest[values.byte_offset()..];
        match parse(value) {
            Ok(item) => items.push(Located {
                line,
                record: vec![source.to_owned()],
                item,
            }),
            Err((field, err)) => {
                let at = Position {
                    file: &name,
                    line,
                    field: (!field.is_empty()).then_some(Field::Path(&field)),
                };
                session.reject(entity, &at, &err, &[source])?;
            }
        }
    }
    Ok((name, items))
}

/// Every record of a CSV file whose header starts with `columns` through `parse`; a record that
/// fails is rejected as `entity`, named by the column `column` maps the failing path to.
pub fn read_csv_records<T>(
    session: &mut Session,
    path: &Path,
    columns: &[&str],
    entity: &'static str,
    mut parse: impl FnMut(&csv::StringRecord) -> Result<T, (String, RuleError)>,
    column: impl Fn(&str) -> (usize, &'static str),
) -> anyhow::Result<(String, Vec<Located<T>>)> {
    let mut file = CsvFile::open(path, columns)?;
    let mut items = Vec::new();
    while let Some(record) = file.next_record()? {
        match record {
            Record::Broken { line, error } => {
                let at = Position {
                    file: &file.name,
                    line,
                    field: None,
                };
                session.reject(entity, &at, &error, &[])?;
            }
            Record::Ok { line, fields } => match parse(&fields) {
                Ok(item) => items.push(Located {
                    line,
                    record: fields.iter().map(str::to_owned).collect(),
                    item,
                }),
                Err((path, err)) => {
                    let (n, name) = column(&path);
                    let at = Position {
                        file: &file.name,
                        line,
                        field: Some(Field::Column(n, name)),
                    };
                    let record: Vec<&str> = fields.iter().collect();
                    session.reject(entity, &at, &err, &record)?;
                }
            },
        }
    }
    Ok((file.name, items))
}

/// Writes `items` in batches of `--batch-size`, each batch in one transaction.
pub fn write_batches<T>(
    conn: &mut DbConn,
    session: &mut Session,
    phase: &str,
    items: &[Located<T>],
    mut each: impl FnMut(&mut DbConn, &mut Session, &Located<T>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    session.progress().phase(phase);
    let mut done = 0u64;
    for chunk in items.chunks(session.batch_size()) {
        marquee_db::write_transaction(conn, |conn| -> anyhow::Result<()> {
            for item in chunk {
                each(conn, session, item)?;
            }
            Ok(())
        })?;
        done += chunk.len() as u64;
        session.progress().batch(phase, done);
    }
    Ok(())
}

/// Flags every import shares.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Abort at the first rejected record and roll back everything this run wrote
    #[arg(long)]
    strict: bool,

    /// Validate and report what would change, writing nothing to the database
    #[arg(long)]
    dry_run: bool,

    /// Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current
    /// directory; only created when something is rejected]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    rejects: Option<PathBuf>,

    /// Records per transaction
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,
}

/// What happened to one kind of row.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Counts {
    pub inserted: u64,
    pub updated: u64,
    pub skipped: u64,
    pub rejected: u64,
}

#[derive(Debug, Serialize)]
struct Summary {
    format: &'static str,
    dry_run: bool,
    entities: BTreeMap<&'static str, Counts>,
    rejected: u64,
    rejects_file: Option<String>,
    warnings: Vec<String>,
    seconds: f64,
}

impl Render for Summary {
    fn table(&self, table: &mut Table) {
        if self.dry_run {
            table.line("dry run: nothing was written; the counts say what an import would do");
        }
        table.header(["entity", "inserted", "updated", "skipped", "rejected"]);
        for (name, c) in &self.entities {
            table.row([
                (*name).to_owned(),
                c.inserted.to_string(),
                c.updated.to_string(),
                c.skipped.to_string(),
                c.rejected.to_string(),
            ]);
        }
        table.line("");
        table.field("time", format!("{:.2}s", self.seconds));
        if let Some(file) = &self.rejects_file {
            table.field("rejects", file.clone());
        }
    }
}

/// How many reject lines go to stderr before the rest are only counted (all are in the file).
const REJECTS_SHOWN: u64 = 20;

/// One import run: counts, the reject file and progress reporting.
pub struct Session {
    strict: bool,
    batch_size: usize,
    rejects_path: PathBuf,
    rejects: Option<csv::Writer<File>>,
    rejected: u64,
    entities: BTreeMap<&'static str, Counts>,
    warnings: Vec<String>,
    progress: Progress,
}

impl Session {
    fn new(format: &'static str, common: &Common, ctx: &Context) -> Session {
        Session {
            strict: common.strict,
            batch_size: common.batch_size as usize,
            rejects_path: common
                .rejects
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("{format}.rejects.csv"))),
            rejects: None,
            rejected: 0,
            entities: BTreeMap::new(),
            warnings: Vec::new(),
            progress: Progress::new(ctx.output.is_quiet()),
        }
    }

    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    pub fn counts(&mut self, entity: &'static str) -> &mut Counts {
        self.entities.entry(entity).or_default()
    }

    /// Records a broken record: an error under `--strict`, else a reject line and file row.
    pub fn reject(
        &mut self,
        entity: &'static str,
        at: &Position<'_>,
        err: &RuleError,
        record: &[&str],
    ) -> anyhow::Result<()> {
        let place = at.to_string();
        if self.strict {
            return Err(report::hinted(
                anyhow::anyhow!("{place}: {err}"),
                "fix the record, or run without --strict to import the good records and collect \
                 the bad ones in a reject file; nothing was written",
            ));
        }
        self.counts(entity).rejected += 1;
        self.rejected += 1;
        if self.rejected <= REJECTS_SHOWN {
            self.progress.say(&format!("rejected {place}: {err}"));
        }
        if self.rejects.is_none() {
            let mut writer = csv::Writer::from_path(&self.rejects_path).with_context(|| {
                format!(
                    "cannot create the reject file {}",
                    self.rejects_path.display()
                )
            })?;
            writer.write_record(["file", "line", "field", "rule", "message", "record"])?;
            self.rejects = Some(writer);
        }
        if let Some(writer) = &mut self.rejects {
            let field = at.field.map(|f| f.to_string()).unwrap_or_default();
            writer.write_record([
                at.file,
                &at.line.to_string(),
                &field,
                err.rule,
                &err.message,
                &record.join(","),
            ])?;
        }
        Ok(())
    }

    /// A problem that did not stop a record from being imported.
    pub fn warn(&mut self, message: String) {
        self.progress.say(&format!("warning: {message}"));
        self.warnings.push(message);
    }

    pub fn progress(&mut self) -> &mut Progress {
        &mut self.progress
    }
}

/// Where a record or one of its fields is: `file:line: field N (name)` in a CSV file,
/// `file:line: renditions[1].quality` in a JSON Lines file.
#[derive(Debug, Clone, Copy)]
pub struct Position<'a> {
    pub file: &'a str,
    pub line: u64,
    pub field: Option<Field<'a>>,
}

/// A field of a record.
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    /// 1-based CSV field number and the column's name.
    Column(usize, &'a str),
    /// The path of a JSON value in its line's object (`renditions[1].quality`).
    Path(&'a str),
}

impl std::fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Column(n, name) => write!(f, "{n} ({name})"),
            Field::Path(path) => f.write_str(path),
        }
    }
}

impl std::fmt::Display for Position<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        match self.field {
            Some(field @ Field::Column(..)) => write!(f, ": field {field}")?,
            Some(field @ Field::Path(_)) => write!(f, ": {field}")?,
            None => {}
        }
        Ok(())
    }
}

/// The rollback `--dry-run` forces once everything has been validated and counted.
#[derive(Debug)]
struct DryRunRollback;

impl std::fmt::Display for DryRunRollback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("dry run: rolled back")
    }
}

impl std::error::Error for DryRunRollback {}

/// Runs an import body under the shared contract (see the module docs) and prints its summary.
fn execute(
    ctx: &Context,
    format: &'static str,
    common: &Common,
    body: impl FnOnce(&mut DbConn, &mut Session) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let url = ctx.database_url()?;
    let mut conn = ctx.connect_migrated(&url)?;
    let status = marquee_db::migrate::status(&mut conn)
        .map_err(anyhow::Error::from_boxed)
        .with_context(|| format!("cannot read the migration state of {}", url.redacted()))?;
    if !status.pending.is_empty() {
        return Err(report::hinted(
            anyhow::anyhow!(
                "{} has {} pending migrations",
                url.redacted(),
                status.pending.len()
            ),
            "run `marqueectl db migrate` first",
        ));
    }
    let started = std::time::Instant::now();
    let mut session = Session::new(format, common, ctx);
    if common.strict || common.dry_run {
        // One transaction for everything; the per-batch transactions become savepoints.
        let dry_run = common.dry_run;
        let result = marquee_db::write_transaction::<(), anyhow::Error, _>(&mut conn, |conn| {
            body(conn, &mut session)?;
            if dry_run {
                Err(DryRunRollback.into())
            } else {
                Ok(())
            }
        });
        match result {
            Err(err) if err.is::<DryRunRollback>() => {}
            other => other?,
        }
    } else {
        body(&mut conn, &mut session)?;
    }
    session.progress.finish();
    if let Some(mut writer) = session.rejects.take() {
        writer.flush().context("cannot write the reject file")?;
    }
    let rejected = session.rejected;
    let rejects_file = (rejected > 0).then(|| session.rejects_path.display().to_string());
    ctx.output.outcome(&Summary {
        format,
        dry_run: common.dry_run,
        entities: session.entities,
        rejected,
        rejects_file: rejects_file.clone(),
        warnings: session.warnings,
        seconds: started.elapsed().as_secs_f64(),
    })?;
    match rejects_file {
        Some(file) => Err(report::PartialImport { rejected, file }.into()),
        None => Ok(()),
    }
}

/// Progress on stderr: an `indicatif` spinner on a terminal, plain lines otherwise, nothing with
/// `--quiet`. Never on stdout, which holds the summary (JSON in `--output json`).
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {msg} {pos} records ({per_sec}, {elapsed})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            plain: !quiet && !terminal,
        }
    }

    /// Starts a phase ("ratings.csv").
    pub fn phase(&mut self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_position(0);
            bar.reset_elapsed();
            bar.set_message(name.to_owned());
        }
    }

    /// A batch of a phase was committed; `done` records of the phase so far.
    pub fn batch(&mut self, name: &str, done: u64) {
        match &self.bar {
            Some(bar) => bar.set_position(done),
            None if self.plain => self.line(&format!("{name}: {done} records committed")),
            None => {}
        }
    }

    /// A line of its own (rejects, warnings), above the bar when there is one.
    pub fn say(&mut self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => self.line(text),
        }
    }

    fn line(&self, text: &str) {
        // Progress is best effort: a closed stderr must not fail the import.
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// A file of records read one by one with their line numbers: a CSV file with a header
/// ([`CsvFile`]) or the header-less, separator-delimited files of the older MovieLens layouts
/// ([`DelimitedFile`]).
pub trait Records {
    /// The file's name, as rejects name it.
    fn name(&self) -> &str;
    /// The next record; `None` at the end of the file. Only I/O failures are errors.
    fn next_record(&mut self) -> anyhow::Result<Option<Record>>;
}

impl Records for CsvFile {
    fn name(&self) -> &str {
        &self.name
    }

    fn next_record(&mut self) -> anyhow::Result<Option<Record>> {
        CsvFile::next_record(self)
    }
}

/// A header-less file of lines split on a separator (`\t`, `|`, `::`), as the ml-100k and ml-1m
/// layouts are: no quoting, so the csv crate (single-byte delimiters, quote handling) does not
/// fit `::`. Lines may end in CRLF or LF; a line that is not UTF-8 is read as Latin-1 (those
/// files are Latin-1, and Latin-1 decoding of a byte never fails). Blank lines are skipped.
pub struct DelimitedFile {
    pub name: String,
    reader: std::io::BufReader<File>,
    separator: &'static str,
    fields: usize,
    line: u64,
    buf: Vec<u8>,
}

impl DelimitedFile {
    /// Opens `path`, whose every line must have `fields` fields separated by `separator`.
    pub fn open(
        path: &Path,
        separator: &'static str,
        fields: usize,
    ) -> anyhow::Result<DelimitedFile> {
        let file = File::open(path)
            .with_hint(
                |_| "check the path; `marqueectl import movielens --help` lists the files each layout needs",
            )
            .with_context(|| format!("cannot open {}", path.display()))?;
        Ok(DelimitedFile {
            name: file_name(path),
            reader: std::io::BufReader::new(file),
            separator,
            fields,
            line: 0,
            buf: Vec::new(),
        })
    }
}

impl Records for DelimitedFile {
    fn name(&self) -> &str {
        &self.name
    }

    fn next_record(&mut self) -> anyhow::Result<Option<Record>> {
        use std::io::BufRead;
        loop {
            self.buf.clear();
            let read = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .with_context(|| format!("cannot read {}", self.name))?;
            if read == 0 {
                return Ok(None);
            }
            self.line += 1;
            let bytes = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|b| char::from(*b)).collect()),
            };
            let fields: Vec<&str> = text.split(self.separator).collect();
            if fields.len() != self.fields {
                return Ok(Some(Record::Broken {
                    line: self.line,
                    error: RuleError::new(
                        "field-count",
                        format!(
                            "{} fields separated by {:?} where this file has {}",
                            fields.len(),
                            self.separator,
                            self.fields
                        ),
                    ),
                }));
            }
            return Ok(Some(Record::Ok {
                line: self.line,
                fields: csv::StringRecord::from(fields),
            }));
        }
    }
}

/// A CSV file with a header, read record by record with line numbers. CRLF and LF are both
/// accepted; quoted fields may hold commas and line breaks.
pub struct CsvFile {
    pub name: String,
    reader: csv::Reader<File>,
    lines: LineCounter,
}

/// Line numbers from byte offsets, counted on a second read of the file as records advance:
/// the csv crate's own line count is one short in CRLF files, where a record's offset is that of
/// the `\n` ending the previous line (the `\r` ended it for the parser). Counting through the
/// record's first byte gives the right line for both line endings.
struct LineCounter {
    reader: std::io::BufReader<File>,
    offset: u64,
    line: u64,
}

impl LineCounter {
    /// The 1-based line holding byte `offset`; offsets must not decrease between calls.
    fn line_at(&mut self, offset: u64) -> std::io::Result<u64> {
        use std::io::BufRead;
        while self.offset < offset {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let take = buf
                .len()
                .min(usize::try_from(offset - self.offset).unwrap_or(usize::MAX));
            self.line += buf[..take].iter().filter(|b| **b == b'\n').count() as u64;
            self.reader.consume(take);
            self.offset += take as u64;
        }
        Ok(self.line)
    }
}

/// One record, or why it could not be read (wrong field count, invalid UTF-8).
pub enum Record {
    Ok {
        line: u64,
        fields: csv::StringRecord,
    },
    Broken {
        line: u64,
        error: RuleError,
    },
}

impl CsvFile {
    /// Opens `path` and checks that its header starts with `expected`.
    pub fn open(path: &Path, expected: &[&str]) -> anyhow::Result<CsvFile> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let file = File::open(path)
            .with_hint(
                |_| "check the path; `marqueectl import --help` lists the files each format needs",
            )
            .with_context(|| format!("cannot open {}", path.display()))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(file);
        let header = reader
            .headers()
            .with_context(|| format!("cannot read the header of {}", path.display()))?;
        let found: Vec<&str> = header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}'))
            .collect();
        if found.len() < expected.len() || found[..expected.len()] != *expected {
            return Err(report::hinted(
                anyhow::anyhow!("{name}:1: unexpected header {:?}", found.join(",")),
                format!("this format expects the columns {}", expected.join(",")),
            ));
        }
        let lines = LineCounter {
            reader: std::io::BufReader::new(
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
            ),
            offset: 0,
            line: 1,
        };
        Ok(CsvFile {
            name,
            reader,
            lines,
        })
    }

    /// The next record; `None` at the end of the file. Only I/O failures are errors.
    pub fn next_record(&mut self) -> anyhow::Result<Option<Record>> {
        let mut fields = csv::StringRecord::new();
        Ok(match self.reader.read_record(&mut fields) {
            Ok(false) => None,
            Ok(true) => {
                let line = self
                    .lines
                    .line_at(fields.position().map_or(0, |p| p.byte() + 1))?;
                Some(Record::Ok { line, fields })
            }
            Err(err) if matches!(err.kind(), csv::ErrorKind::Io(_)) => {
                return Err(err).with_context(|| format!("cannot read {}", self.name));
            }
            Err(err) => {
                let line = self
                    .lines
                    .line_at(err.position().map_or(0, |p| p.byte() + 1))?;
                let error = match err.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => RuleError::new(
                        "field-count",
                        format!("{len} fields where the header has {expected_len}"),
                    ),
                    csv::ErrorKind::Utf8 { .. } => RuleError::new("utf8", "not valid UTF-8"),
                    _ => RuleError::new("csv", err.to_string()),
                };
                Some(Record::Broken { line, error })
            }
        })
    }
}
