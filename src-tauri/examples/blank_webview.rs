//! The floor under the program's memory figure: WebKitGTK alone — a window of the
//! program's size with an empty page and the shell's WebKit settings (webview.rs), but
//! no Tauri and none of the program. `make measure` runs it and measures its processes
//! the same way as the program's, so the two figures can be set side by side.

#[cfg(target_os = "linux")]
fn main() {
    use gtk::prelude::*;
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContext, WebContextExt, WebView,
        WebViewExt,
    };

    gtk::init().expect("GTK needs a display");
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    // The program's window size (tauri.conf.json).
    window.set_default_size(1200, 800);
    let context = WebContext::default().expect("WebKit's default context");
    context.set_cache_model(CacheModel::DocumentViewer);
    let view = WebView::with_context(&context);
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        settings.set_enable_page_cache(false);
    }
    window.add(&view);
    view.load_uri("about:blank");
    window.show_all();
    view.connect_load_changed(|_, event| {
        if event == webkit2gtk::LoadEvent::Finished {
            // The measuring side waits for this line.
            println!("blank page shown");
        }
    });
    window.connect_destroy(|_| gtk::main_quit());
    gtk::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("blank_webview measures WebKitGTK and runs on Linux only");
}
