//! Reading the offline-evaluation files of `shared/data/PROTOCOL.md` (MovieLens CSV) from any
//! reader, and the protocol's split rule. The models never read files: this module is for the
//! evaluation command and benchmarks.

use std::collections::HashMap;
use std::io::Read;

use serde::Deserialize;

use crate::dataset::{Interactions, Rating};
use crate::models::content::ItemContent;

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("line {line}: {source}")]
    Csv {
        line: u64,
        #[source]
        source: csv::Error,
    },
    #[error("{0}")]
    Io(#[from] csv::Error),
}

fn csv_error(err: csv::Error) -> DataError {
    match err.position() {
        Some(pos) => DataError::Csv {
            line: pos.line(),
            source: err,
        },
        None => DataError::Io(err),
    }
}

fn read_rows<T: for<'de> Deserialize<'de>>(reader: impl Read) -> Result<Vec<T>, DataError> {
    // `trim` strips the `\r` of the CRLF files as well as stray spaces.
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    csv.deserialize()
        .map(|row| row.map_err(csv_error))
        .collect()
}

#[derive(Deserialize)]
struct RatingRow {
    #[serde(rename = "userId")]
    user: i64,
    #[serde(rename = "movieId")]
    movie: i64,
    rating: f32,
    timestamp: i64,
}

/// Reads `userId,movieId,rating,timestamp` rows (ratings.csv, train.csv, test.csv).
pub fn read_ratings(reader: impl Read) -> Result<Vec<Rating>, DataError> {
    Ok(read_rows::<RatingRow>(reader)?
        .into_iter()
        .map(|r| Rating {
            user: r.user,
            item: r.movie,
            value: r.rating,
            time: r.timestamp,
        })
        .collect())
}

/// A row of MovieLens `movies.csv`, with the year taken from the title's "(1995)" suffix.
#[derive(Debug, Clone, PartialEq)]
pub struct Movie {
    pub id: i64,
    pub title: String,
    pub genres: Vec<String>,
    pub year: Option<i32>,
}

#[derive(Deserialize)]
struct MovieRow {
    #[serde(rename = "movieId")]
    movie: i64,
    title: String,
    genres: String,
}

/// Reads MovieLens `movies.csv` (`movieId,title,genres`, genres `|`-separated).
pub fn read_movies(reader: impl Read) -> Result<Vec<Movie>, DataError> {
    Ok(read_rows::<MovieRow>(reader)?
        .into_iter()
        .map(|m| Movie {
            id: m.movie,
            year: title_year(&m.title),
            genres: m
                .genres
                .split('|')
                .filter(|g| !g.is_empty() && *g != "(no genres listed)")
                .map(str::to_owned)
                .collect(),
            title: m.title,
        })
        .collect())
}

fn title_year(title: &str) -> Option<i32> {
    let inner = title.trim_end().strip_suffix(')')?;
    let (_, year) = inner.rsplit_once('(')?;
    year.trim().parse().ok()
}

/// A row of MovieLens `tags.csv`: a user's free-text tag on a movie.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub user: i64,
    pub item: i64,
    pub tag: String,
    pub time: i64,
}

#[derive(Deserialize)]
struct TagRow {
    #[serde(rename = "userId")]
    user: i64,
    #[serde(rename = "movieId")]
    movie: i64,
    tag: String,
    timestamp: i64,
}

/// Reads MovieLens `tags.csv` (`userId,movieId,tag,timestamp`).
pub fn read_tags(reader: impl Read) -> Result<Vec<Tag>, DataError> {
    Ok(read_rows::<TagRow>(reader)?
        .into_iter()
        .map(|t| Tag {
            user: t.user,
            item: t.movie,
            tag: t.tag,
            time: t.timestamp,
        })
        .collect())
}

/// The protocol's split: per user, sorted by (time, item), the last `max(1, n / 5)` go to the
/// second list. Applied to train.csv it carves the validation split hyperparameters are tuned on.
pub fn split(records: &[Rating]) -> (Vec<Rating>, Vec<Rating>) {
    let mut sorted = records.to_vec();
    sorted.sort_by_key(|r| (r.user, r.time, r.item));
    let mut train = Vec::with_capacity(sorted.len());
    let mut test = Vec::with_capacity(sorted.len() / 5 + 1);
    for group in sorted.chunk_by(|a, b| a.user == b.user) {
        let n_test = (group.len() / 5).max(1);
        let (head, tail) = group.split_at(group.len() - n_test);
        train.extend_from_slice(head);
        test.extend_from_slice(tail);
    }
    (train, test)
}

/// Item content for every item of `train` from MovieLens movies and tags. A tag is also an
/// interaction: one its author made after their last training interaction belongs to the held-out
/// period, so it is left out (it would leak the test set into the features).
pub fn item_content(train: &Interactions, movies: &[Movie], tags: &[Tag]) -> Vec<ItemContent> {
    let mut content = vec![ItemContent::default(); train.n_items()];
    for m in movies {
        if let Some(i) = train.items().index(m.id) {
            let c = &mut content[i as usize];
            c.genres.clone_from(&m.genres);
            c.year = m.year;
        }
    }
    let last_seen: HashMap<i64, i64> = (0..train.n_users() as u32)
        .map(|u| {
            let last = train
                .history(u)
                .iter()
                .map(|e| e.time)
                .max()
                .unwrap_or(i64::MIN);
            (train.users().id(u), last)
        })
        .collect();
    for t in tags {
        let in_train_period = last_seen.get(&t.user).is_none_or(|&last| t.time <= last);
        if let (true, Some(i)) = (in_train_period, train.items().index(t.item)) {
            content[i as usize].tags.push(t.tag.clone());
        }
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_crlf_ratings() {
        let text =
            "userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\r\n";
        let rows = read_ratings(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            Rating {
                user: 1,
                item: 31,
                value: 2.5,
                time: 1260759144
            }
        );
    }

    #[test]
    fn bad_row_names_its_line() {
        let text = "userId,movieId,rating,timestamp\n1,31,2.5,1\n1,x,3.0,2\n";
        let err = read_ratings(text.as_bytes()).unwrap_err();
        assert!(err.to_string().starts_with("line 3:"), "{err}");
    }

    #[test]
    fn reads_movies_with_quoted_titles() {
        let text = "movieId,title,genres\r\n11,\"American President, The (1995)\",Comedy|Drama|Romance\r\n\
                    99,Untitled,(no genres listed)\r\n";
        let movies = read_movies(text.as_bytes()).unwrap();
        assert_eq!(movies[0].title, "American President, The (1995)");
        assert_eq!(movies[0].year, Some(1995));
        assert_eq!(movies[0].genres, ["Comedy", "Drama", "Romance"]);
        assert_eq!(movies[1].year, None);
        assert!(movies[1].genres.is_empty());
    }

    #[test]
    fn split_takes_the_last_fifth_by_time_then_item() {
        let mut records = Vec::new();
        // Ten ratings: two go to test. The last three share a timestamp, so the item id decides.
        for item in 0..7 {
            records.push(Rating {
                user: 1,
                item,
                value: 1.0,
                time: item,
            });
        }
        for item in [30, 10, 20] {
            records.push(Rating {
                user: 1,
                item,
                value: 1.0,
                time: 100,
            });
        }
        // Four ratings: floor(4 / 5) = 0, still one goes to test.
        for item in 0..4 {
            records.push(Rating {
                user: 2,
                item,
                value: 1.0,
                time: 0,
            });
        }
        let (train, test) = split(&records);
        let test_items: Vec<(i64, i64)> = test.iter().map(|r| (r.user, r.item)).collect();
        assert_eq!(test_items, [(1, 20), (1, 30), (2, 3)]);
        assert_eq!(train.len(), 11);
    }
}
