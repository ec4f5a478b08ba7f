//! What the index is fed: plain structs the server fills from the database.

/// The two kinds of searchable things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Movie,
    Person,
}

impl Kind {
    /// Stable code stored in the index (a fast field); changing it needs a reindex.
    pub(crate) fn code(self) -> u64 {
        match self {
            Kind::Movie => 0,
            Kind::Person => 1,
        }
    }

    pub(crate) fn from_code(code: u64) -> Option<Kind> {
        match code {
            0 => Some(Kind::Movie),
            1 => Some(Kind::Person),
            _ => None,
        }
    }

    /// Lowercase name, as used in URLs and wire types (`movie`, `person`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Movie => "movie",
            Kind::Person => "person",
        }
    }

    /// Prefix of the unique key term (`m42`, `p7`) used to replace or delete one document.
    pub(crate) fn key(self, id: i64) -> String {
        match self {
            Kind::Movie => format!("m{id}"),
            Kind::Person => format!("p{id}"),
        }
    }
}

/// A movie as the index sees it. `popularity` is any non-negative number where bigger means
/// more popular (the server uses the rating count); see [`crate::popularity_boost`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MovieDoc {
    pub id: i64,
    pub title: String,
    pub original_title: Option<String>,
    pub overview: String,
    pub keywords: Vec<String>,
    pub cast: Vec<String>,
    pub directors: Vec<String>,
    pub year: Option<i32>,
    pub genres: Vec<String>,
    /// Original language, as the catalogue spells it (ISO code or name); matched case- and
    /// accent-insensitively.
    pub language: Option<String>,
    pub countries: Vec<String>,
    pub popularity: f64,
}

/// A person (actor, director…) as the index sees them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonDoc {
    pub id: i64,
    pub name: String,
    /// Other spellings and names (birth name, transliterations).
    pub aliases: Vec<String>,
    /// Titles of the movies they are known for.
    pub known_for: Vec<String>,
    pub popularity: f64,
}

/// One searchable document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Movie(MovieDoc),
    Person(PersonDoc),
}

impl Document {
    pub fn kind(&self) -> Kind {
        match self {
            Document::Movie(_) => Kind::Movie,
            Document::Person(_) => Kind::Person,
        }
    }

    pub fn id(&self) -> i64 {
        match self {
            Document::Movie(movie) => movie.id,
            Document::Person(person) => person.id,
        }
    }
}

impl From<MovieDoc> for Document {
    fn from(movie: MovieDoc) -> Self {
        Document::Movie(movie)
    }
}

impl From<PersonDoc> for Document {
    fn from(person: PersonDoc) -> Self {
        Document::Person(person)
    }
}
