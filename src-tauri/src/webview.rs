//! WebKitGTK settings for a forms-and-tables program (Linux only).
//!
//! Measured under `make measure`: WebKit's web-content process was most of the
//! program's memory. The office screens need neither GPU compositing nor a
//! browser's page caches, so both are turned down (figures in docs/performance.md).

use tauri::Runtime;

/// Applies the settings to the main window's webview.
pub fn tune<R: Runtime>(app: &tauri::App<R>) {
    #[cfg(target_os = "linux")]
    if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
        let _ = window.with_webview(|platform| apply_office_settings(&platform.inner()));
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// The settings themselves, on any WebKitGTK view: also used by
/// `examples/blank_webview.rs`, so that the memory floor it measures has them too.
#[cfg(target_os = "linux")]
pub fn apply_office_settings(view: &webkit2gtk::WebView) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    if let Some(settings) = WebViewExt::settings(view) {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        settings.set_enable_page_cache(false);
    }
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
}
