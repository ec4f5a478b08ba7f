//! The JWT signing secret: `MARQUEE_JWT_SECRET` when set (length checked by `config`), else a
//! random one generated on first start and kept in `DATA_DIR/jwt-secret`, readable by its owner
//! only. Several servers behind one balancer must be given the same secret explicitly.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use base64::Engine;

use crate::config::AuthConfig;

pub const FILE_NAME: &str = "jwt-secret";

pub fn resolve(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = configured {
        return Ok(secret.as_bytes().to_vec());
    }
    let path = data_dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let secret = text.trim();
            anyhow::ensure!(
                secret.len() >= AuthConfig::MIN_JWT_SECRET_BYTES,
                "{} holds a secret shorter than {} bytes; delete it to have a new one generated (this logs everyone out)",
                path.display(),
                AuthConfig::MIN_JWT_SECRET_BYTES
            );
            check_permissions(&path)?;
            Ok(secret.as_bytes().to_vec())
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => generate(&path),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn generate(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut bytes = [0u8; 48];
    rand::fill(&mut bytes);
    let secret = base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(secret.as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("cannot write {}", path.display()))?;
            tracing::info!(path = %path.display(), "generated a new JWT signing secret");
            Ok(secret.into_bytes())
        }
        // Another server process sharing the data dir won the race: use its secret.
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok(text.trim().as_bytes().to_vec())
        }
        Err(err) => Err(err).with_context(|| format!("cannot create {}", path.display())),
    }
}

#[cfg(unix)]
fn check_permissions(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    anyhow::ensure!(
        mode & 0o077 == 0,
        "{} is readable by others (mode {:o}); run `chmod 600 {}`",
        path.display(),
        mode & 0o777,
        path.display()
    );
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path) -> anyhow::Result<()> {
    Ok(())
}
