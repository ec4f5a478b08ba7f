//! What the client remembers between runs that is not a secret: the last server and email,
//! in `$XDG_CONFIG_HOME/marquee/state.json` (default `~/.config/marquee`).

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Remembered {
    pub server: Option<String>,
    pub email: Option<String>,
}

/// `$XDG_CONFIG_HOME/marquee`, else the platform's config directory, else `./.marquee`: the
/// directory the credential store uses too.
pub use marquee_api::credentials::config_dir;

impl Remembered {
    /// Missing or unreadable state is just "nothing remembered".
    pub fn load(dir: &Path) -> Remembered {
        std::fs::read_to_string(dir.join("state.json"))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, dir: &Path) -> anyhow::Result<()> {
        crate::credentials::create_private_dir(dir)?;
        std::fs::write(dir.join("state.json"), serde_json::to_string_pretty(self)?)?;
        Ok(())
    }
}
