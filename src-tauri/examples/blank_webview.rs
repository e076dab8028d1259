//! The floor under the program's memory figure: WebKitGTK alone — a window of the
//! program's size with an empty page and the shell's WebKit settings
//! (`webview::apply_office_settings`), but no Tauri running and none of the program.
//! `make measure` runs it and measures its processes the same way as the program's,
//! so the two figures can be set side by side.

#[cfg(target_os = "linux")]
fn main() {
    use gtk::prelude::*;
    use webkit2gtk::{WebView, WebViewExt};

    let launched = std::time::Instant::now();
    gtk::init().expect("GTK needs a display");
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    // The program's window size (tauri.conf.json).
    window.set_default_size(1200, 800);
    let view = WebView::new();
    skolekontor_lib::webview::apply_office_settings(&view);
    window.add(&view);
    view.load_uri("about:blank");
    window.show_all();
    view.connect_load_changed(move |_, event| {
        if event == webkit2gtk::LoadEvent::Finished {
            // The measuring side waits for this line; the figure is the start-up floor.
            println!(
                "blank page shown {} ms after launch",
                launched.elapsed().as_millis()
            );
        }
    });
    window.connect_destroy(|_| gtk::main_quit());
    gtk::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("blank_webview measures WebKitGTK and runs on Linux only");
}
