//! The manual pages (*man-sider*) of both programs, made from the CLI's own help by
//! clap_mangen for the Debian package: `skolekontor-cli manual-pages DIR` writes
//! `skolekontor-cli.1`, one page per subcommand, and `skolekontor.1` for the window.

use clap::CommandFactory;
use std::path::Path;

/// Writes every page into `dir`.
pub fn write_pages(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(crate::in_danish(crate::Cli::command()), dir)?;
    let mut page = std::fs::File::create(dir.join("skolekontor.1"))?;
    clap_mangen::Man::new(window_program()).render(&mut page)
}

/// The window takes no arguments; its page says what it is and where its data lives.
fn window_program() -> clap::Command {
    clap::Command::new("skolekontor")
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .about("Skolekontoret for en friskole med SFO og børnehave")
        .long_about(
            "Skolekontor er kontorets program for en lille dansk friskole med SFO og \
             børnehave: børn og forældre, venteliste og optagelse, takster og \
             Betalingsservice, udmeldelse, klassekasser, fravær, samtykker og persondata. \
             Programmet åbner et vindue; ved første start sættes skolen op, og \
             gendannelsesnøglen vises én gang.",
        )
        .after_long_help(
            "Skolens data ligger krypteret i programmets datamappe (eller i mappen \
             SKOLEKONTOR_DATA_DIR peger på), og nøglen gemmes i styresystemets nøglering \
             (gnome-keyring, KWallet eller KeePassXC). Se også skolekontor-cli(1).",
        )
}
