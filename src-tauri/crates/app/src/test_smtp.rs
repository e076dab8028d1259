//! In builds for tests only: the tests' own SMTP server (tests/support/smtp-test-server.py
//! on Debian's python3-aiosmtpd: STARTTLS on a throw-away CA it makes itself, login
//! required, messages kept in a Maildir), shared by the app's tests and the
//! end-to-end tests. Starting it makes the program trust its CA
//! (SKOLEKONTOR_SMTP_TEST_ROOT, read only in test builds).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running test SMTP server; stopped when dropped.
pub struct TestSmtpServer {
    process: Child,
    /// The port it listens on (127.0.0.1, name `localhost` in its certificate).
    pub port: u16,
    folder: tempfile::TempDir,
}

impl TestSmtpServer {
    /// Starts the server for `user`/`password`, answering each message after
    /// `delay_ms` (a slow server, to watch the window while it sends).
    pub fn start(user: &str, password: &str, delay_ms: u32) -> TestSmtpServer {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../tests/support/smtp-test-server.py");
        // Debian's own interpreter, where python3-aiosmtpd is installed.
        let mut process = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(port.to_string())
            .arg(folder.path())
            .args([user, password, &delay_ms.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("Debian's python3 with python3-aiosmtpd");
        let mut line = String::new();
        if let Some(out) = process.stdout.take() {
            let _ = std::io::BufReader::new(out).read_line(&mut line);
        }
        assert_eq!(line.trim(), "ready", "the test's SMTP server started");
        std::env::set_var("SKOLEKONTOR_SMTP_TEST_ROOT", folder.path().join("ca.pem"));
        TestSmtpServer {
            process,
            port,
            folder,
        }
    }

    /// The CA the program must trust (for a program started as another process).
    pub fn ca(&self) -> PathBuf {
        self.folder.path().join("ca.pem")
    }

    /// Every message received so far, raw, oldest first.
    pub fn received(&self) -> Vec<Vec<u8>> {
        let new = self.folder.path().join("mail").join("new");
        let mut files: Vec<PathBuf> = std::fs::read_dir(new)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files.iter().filter_map(|f| std::fs::read(f).ok()).collect()
    }
}

impl Drop for TestSmtpServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
