//! `make test-package`: the program the Debian package installed starts and shows the
//! set-up screen through WebDriver, on an empty data folder. Run with
//! `SKOLEKONTOR_APP_BINARY=installed` under Xvfb and a keyring session.

use skolekontor_e2e::{app_binary, Driver};

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let binary = app_binary();
    assert_eq!(
        binary,
        std::path::Path::new("/usr/bin/skolekontor"),
        "set SKOLEKONTOR_APP_BINARY=installed"
    );
    let data = tempfile::tempdir().expect("a data folder");
    let driver = Driver::start(data.path(), 4601).await;
    let app = driver.session().await;
    app.heading("Velkommen til Skolekontor").await;
    app.screenshot("installed-package-setup").await;
    app.quit().await;
    println!("the installed program showed the set-up screen");
}
