//! Support for the end-to-end tests: a tauri-driver per test with its own data
//! folder, a WebDriver session on the real app window, and helpers that find
//! inputs by their visible label, as a person would.

pub mod flows;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::error::NewSessionError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use tokio::process::{Child, Command};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The app binary under test (built by `make test` with the UI embedded); the
/// release build when `SKOLEKONTOR_APP_BINARY=release` (for measurements), the one the
/// Debian package installed when `SKOLEKONTOR_APP_BINARY=installed` (`make test-package`).
pub fn app_binary() -> PathBuf {
    let path = match std::env::var("SKOLEKONTOR_APP_BINARY").as_deref() {
        Ok("installed") => PathBuf::from("/usr/bin/skolekontor"),
        Ok("release") => workspace().join("target/release/skolekontor"),
        _ => workspace().join("target/debug/skolekontor"),
    };
    assert!(
        path.exists(),
        "build the app first: cargo build -p skolekontor --features custom-protocol"
    );
    path
}

/// The CLI binary, for preparing data folders (same profile as the app).
pub fn cli_binary() -> PathBuf {
    app_binary().with_file_name("skolekontor-cli")
}

/// A running tauri-driver, killed with its whole process group when dropped
/// (a stale WebKitWebDriver on port 4445 would hang the next run).
pub struct Driver {
    process: Child,
    port: u16,
}

impl Driver {
    /// Starts tauri-driver with the app pointed at `data_dir`.
    pub async fn start(data_dir: &Path, port: u16) -> Driver {
        Driver::start_with(data_dir, port, &[]).await
    }

    /// Starts tauri-driver with the app pointed at `data_dir` and further variables
    /// for the app (`SKOLEKONTOR_TODAY`, `SKOLEKONTOR_SAVE_DIR`).
    pub async fn start_with(
        data_dir: &Path,
        port: u16,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Driver {
        let mut command = Command::new("tauri-driver");
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .env("SKOLEKONTOR_DATA_DIR", data_dir)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .kill_on_drop(true);
        let process = command
            .spawn()
            .expect("tauri-driver missing: cargo install tauri-driver --version 2.1.0 --locked");
        let driver = Driver { process, port };
        // tauri-driver listens before the WebKitWebDriver it starts does, and drops a
        // request it cannot pass on (the client then sees an incomplete message), so
        // both ports must answer before a session is asked for.
        wait_for_port(port, "tauri-driver").await;
        wait_for_port(port + 1, "WebKitWebDriver").await;
        driver
    }

    /// Opens a session: this starts the app's window.
    pub async fn session(&self) -> App {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary() }),
        );
        capabilities.insert("browserName".into(), serde_json::json!("wry"));
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut attempts_left = 3;
        loop {
            let result = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match result {
                Ok(client) => return App { client },
                // A request lost on its way through the driver never reached
                // WebKitWebDriver, so no window was opened: asking again is safe.
                Err(
                    NewSessionError::Failed(_)
                    | NewSessionError::FailedC(_)
                    | NewSessionError::Lost(_),
                ) if attempts_left > 1 => {
                    attempts_left -= 1;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(error) => panic!("WebDriver session on the app: {error:?}"),
            }
        }
    }
}

/// Waits until something listens on `port` on this machine.
async fn wait_for_port(port: u16, what: &str) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not listen on port {port}");
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(pid) = self
            .process
            .id()
            .and_then(|pid| i32::try_from(pid).ok())
            .filter(|pid| *pid > 1)
        {
            // The driver, WebKitWebDriver and the app share the group. Signalled by
            // the system call, never the `kill` command (see Cargo.toml).
            let group = Pid::from_raw(pid);
            let _ = killpg(group, Signal::SIGTERM);
            std::thread::sleep(Duration::from_millis(300));
            let _ = killpg(group, Signal::SIGKILL);
        }
    }
}

/// The app's window through WebDriver.
pub struct App {
    /// The WebDriver client.
    pub client: Client,
}

const WAIT: Duration = Duration::from_secs(20);

fn label_xpath(label: &str) -> String {
    format!("//label[normalize-space(text()[1])='{label}']")
}

impl App {
    /// Waits for an element by XPath.
    pub async fn wait_xpath(&self, xpath: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
        {
            Ok(element) => element,
            Err(error) => {
                // What the window showed is the quickest way to see why.
                self.screenshot("failure").await;
                panic!("not found: {xpath}: {error} (see tests/artifacts/failure.png)")
            }
        }
    }

    /// Waits for a heading with this text.
    pub async fn heading(&self, text: &str) -> Element {
        self.wait_xpath(&format!(
            "//*[self::h1 or self::h2 or self::h3][normalize-space(.)='{text}']"
        ))
        .await
    }

    /// The input labelled `label`, optionally inside the fieldset with legend `within`.
    pub async fn input(&self, within: Option<&str>, label: &str) -> Element {
        let scope = within
            .map(|l| format!("//fieldset[legend[normalize-space(.)='{l}']]"))
            .unwrap_or_default();
        let label_element = self
            .wait_xpath(&format!("{scope}{}", label_xpath(label)))
            .await;
        let id = label_element
            .attr("for")
            .await
            .expect("label attr")
            .expect("label has for=");
        self.client
            .find(Locator::Id(&id))
            .await
            .expect("labelled input")
    }

    /// Types `text` into the input labelled `label`.
    pub async fn fill(&self, within: Option<&str>, label: &str, text: &str) {
        let input = self.input(within, label).await;
        input.clear().await.expect("clear");
        if !text.is_empty() {
            input.send_keys(text).await.expect("type");
        }
    }

    /// Clicks the button with this visible text, scrolled to the middle of the window
    /// first: a button at the window's lower edge may not take WebKitWebDriver's click.
    pub async fn click_button(&self, text: &str) {
        let button = self
            .wait_xpath(&format!("//button[normalize-space(.)='{text}']"))
            .await;
        self.click(button).await;
    }

    /// The buttons with this visible text now, without waiting (to see one is absent).
    pub async fn buttons_named(&self, text: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::XPath(&format!(
                "//button[normalize-space(.)='{text}']"
            )))
            .await
            .expect("a search of the page")
    }

    /// Clicks an element after scrolling it to the middle of the window.
    pub async fn click(&self, element: Element) {
        let json = serde_json::to_value(&element).expect("element as JSON");
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![json],
            )
            .await
            .expect("scroll");
        element.click().await.expect("click");
    }

    /// Sets a native <select> (or another input by its id) as the user would and tells
    /// Svelte: WebKitWebDriver cannot pick an <option> by clicking it.
    pub async fn set_value(&self, id: &str, value: &str) {
        let element = self.wait_xpath(&format!("//*[@id='{id}']")).await;
        self.client
            .execute(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true })); arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::to_value(&element).expect("element as JSON"), serde_json::Value::String(value.into())],
            )
            .await
            .expect("set value");
    }

    /// Waits until the page contains `text` somewhere visible.
    pub async fn wait_text(&self, text: &str) -> Element {
        self.wait_xpath(&format!(
            "//*[contains(normalize-space(text()), \"{text}\")]"
        ))
        .await
    }

    /// Answers the program's own question (its modal dialog), whose text contains
    /// `asked`: yes with its yes button, no with "Nej"; waits until the dialog is
    /// gone. The page behind is inert while it is open, so nothing goes on unanswered.
    pub async fn answer(&self, asked: &str, yes: bool) {
        let dialog = "//dialog[@open]";
        self.wait_xpath(&format!("{dialog}//p[contains(., \"{asked}\")]"))
            .await;
        let button = if yes {
            format!("{dialog}//button[contains(@class, 'primary')]")
        } else {
            format!("{dialog}//button[normalize-space(.)='Nej' or normalize-space(.)='No']")
        };
        let button = self.wait_xpath(&button).await;
        self.click(button).await;
        let started = std::time::Instant::now();
        while !self
            .client
            .find_all(Locator::XPath(dialog))
            .await
            .expect("a search of the page")
            .is_empty()
        {
            assert!(started.elapsed() < WAIT, "the question stayed open");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Saves a screenshot of the window under `tests/artifacts/`.
    pub async fn screenshot(&self, name: &str) {
        // The X server's picture (ImageMagick), not WebDriver's: WebKitWebDriver's
        // screenshot can wait forever for a paint after a <select> changed, and it
        // would block every later command of the session behind it.
        let dir = workspace().join("tests/artifacts");
        std::fs::create_dir_all(&dir).expect("artifacts folder");
        let file = dir.join(format!("{name}.png"));
        let taken = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&file)
            .status();
        if !taken.map(|s| s.success()).unwrap_or(false) {
            eprintln!("screenshot {name}: `import -window root` failed (is DISPLAY set?)");
        }
    }

    /// Ends the session, which closes the app.
    pub async fn quit(self) {
        let _ = self.client.close().await;
        wait_for_app_exit().await;
    }
}

/// Waits until no app process is left (one instance at a time).
pub async fn wait_for_app_exit() {
    for _ in 0..50 {
        let running = std::process::Command::new("pgrep")
            .args(["-x", "skolekontor"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if !running {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
