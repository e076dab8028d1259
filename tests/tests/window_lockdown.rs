//! The locked-down window (issue 8, R29): from the web side, the app's own commands
//! answer; plugin commands the capabilities do not grant (opener, dialog, file system)
//! are refused; the Content-Security-Policy blocks eval and any connection but IPC;
//! navigation away from the program's own pages is refused (issue 17); a second start
//! of the program ends and leaves the running window as it was.

use skolekontor_e2e::{flows, Driver};

const PROBE: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const out = {};
  const attempt = async (name, command, args) => {
    try { const answer = await invoke(command, args); out[name] = 'allowed:' + JSON.stringify(answer).slice(0, 40); }
    catch (e) { out[name] = 'refused:' + String(e && (e.message || e)); }
  };
  await attempt('start', 'start', {});
  await attempt('opener', 'plugin:opener|open_url', { url: 'https://example.com/' });
  await attempt('dialog', 'plugin:dialog|open', { options: {} });
  await attempt('fs', 'plugin:fs|read_file', { path: '/etc/hostname' });
  try { out.eval = String(eval('1 + 1')); } catch (e) { out.eval = 'blocked'; }
  // The WebDriver server answers on this port; `no-cors` leaves only the CSP to stop it.
  try { await fetch('http://127.0.0.1:4499/status', { mode: 'no-cors' }); out.fetch = 'allowed'; }
  catch (e) { out.fetch = 'blocked'; }
  return out;
})().then(done, (e) => done({ error: String(e) }));
"#;

#[tokio::test(flavor = "multi_thread")]
async fn commands_outside_the_capabilities_are_refused_and_the_csp_blocks_eval_and_connections() {
    let data = tempfile::tempdir().unwrap();
    flows::demo_school(data.path(), "2026-11-23");
    let driver = Driver::start(data.path(), 4499).await;
    let app = driver.session().await;
    app.heading("Log ind").await;
    let out = app
        .client
        .execute_async(PROBE, vec![])
        .await
        .expect("the probe runs");
    let get = |name: &str| out[name].as_str().unwrap_or_default().to_string();
    assert!(
        get("start").starts_with("allowed:"),
        "the app's own command answers: {out}"
    );
    for plugin in ["opener", "dialog", "fs"] {
        assert!(
            get(plugin).starts_with("refused:"),
            "{plugin} must be refused: {out}"
        );
    }
    assert_eq!(get("eval"), "blocked", "no unsafe-eval: {out}");
    assert_eq!(get("fetch"), "blocked", "no connections but IPC: {out}");
    println!("window lockdown probe: {out}");

    // The window stays ours: a script (or a link) sending it elsewhere is refused.
    let before: String = app
        .client
        .execute("return window.location.href;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    for away in [
        "https://example.com/",
        "about:blank",
        "file:///etc/hostname",
    ] {
        let _ = app
            .client
            .execute(&format!("window.location.href = '{away}';"), vec![])
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        let now = app
            .client
            .execute("return window.location.href;", vec![])
            .await
            .unwrap();
        assert_eq!(
            now.as_str(),
            Some(before.as_str()),
            "{away} must be refused"
        );
        app.heading("Log ind").await;
    }
    assert!(before.starts_with("tauri://localhost"), "{before}");

    // One instance at a time: a second start hands over to the running window and
    // ends; the first window still answers.
    let mut second = std::process::Command::new(skolekontor_e2e::app_binary())
        .env("SKOLEKONTOR_DATA_DIR", data.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut ended = None;
    for _ in 0..150 {
        ended = second.try_wait().unwrap();
        if ended.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    if ended.is_none() {
        let _ = second.kill();
        panic!("a second instance kept running beside the first");
    }
    app.heading("Log ind").await;
    app.quit().await;
}
