//! The SSH client of the server's tests: it trusts any host key (the servers are the
//! tests' own, on loopback), logs in with a password and opens a terminal with a shell.

use std::num::NonZeroU16;

use russh::client::{self, Handle};
use russh::keys::PublicKeyOrCertificate;

pub struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A screen side for `vt100`.
pub fn side(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a screen side is never 0")
}

/// Logs in on `handle` as `user` with `code`, then opens a session with a terminal of
/// `w` × `h` and a shell: what a student's `ssh` does.
pub async fn open_terminal(
    handle: &mut Handle<Client>,
    user: &str,
    code: &str,
    (w, h): (u16, u16),
) -> Result<russh::Channel<client::Msg>, String> {
    let auth = handle
        .authenticate_password(user, code)
        .await
        .map_err(|e| format!("auth: {e}"))?;
    if !auth.success() {
        return Err("the class code was refused".into());
    }
    let channel = handle
        .channel_open_session()
        .await
        .map_err(|e| format!("session: {e}"))?;
    channel
        .request_pty(
            true,
            "xterm-256color",
            u32::from(w),
            u32::from(h),
            0,
            0,
            &[],
        )
        .await
        .map_err(|e| format!("pty: {e}"))?;
    channel
        .request_shell(true)
        .await
        .map_err(|e| format!("shell: {e}"))?;
    Ok(channel)
}
