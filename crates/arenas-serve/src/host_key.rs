//! The server's host key: an ed25519 key made on the first run in the class folder, readable
//! by its owner alone, and the same key on every later run so that students' `ssh` knows
//! the server again.

use std::io;
use std::path::Path;

use rand::TryRngCore;
use russh::keys::PrivateKey;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;

/// The key's file in the class folder.
pub const FILE: &str = "host_ed25519";
/// The most a key file may hold.
const MAX_BYTES: u64 = 16 * 1024;

/// The host key in `dir`, made (mode 0600) when there is none.
///
/// # Errors
/// When the folder or the key cannot be read or written, or the file there is not a key.
pub fn load_or_create(dir: &Path) -> io::Result<PrivateKey> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(FILE);
    match arenas_files::files::read_text(&path, MAX_BYTES) {
        Ok(text) => PrivateKey::from_openssh(text.as_bytes()).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} is not an OpenSSH private key: {e}", path.display()),
            )
        }),
        Err(_) if !path.exists() => create(&path),
        Err(d) => Err(io::Error::other(d.to_string())),
    }
}

fn create(path: &Path) -> io::Result<PrivateKey> {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut seed)
        .map_err(|e| io::Error::other(format!("no randomness for a host key: {e}")))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| io::Error::other(format!("cannot encode the host key: {e}")))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    file.sync_all()?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_readable_by_its_owner_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = load_or_create(dir.path()).expect("made");
        let again = load_or_create(dir.path()).expect("read back");
        assert_eq!(first.public_key(), again.public_key());
        assert_eq!(first.algorithm(), russh::keys::Algorithm::Ed25519);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE))
                .expect("the key file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Something else in its place is an error, not a new key.
        std::fs::write(dir.path().join(FILE), "not a key").expect("write");
        assert!(load_or_create(dir.path()).is_err());
    }
}
