//! How far a long command (an import) has gone: a bar redrawn in place on a terminal, and a
//! plain line now and then when the output is a file or a pipe. Written to standard error, so
//! the report on standard output stays clean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How often the bar is redrawn, and a plain line written.
const REDRAW: Duration = Duration::from_millis(200);
const LINE_EVERY: Duration = Duration::from_secs(5);

pub struct Bar {
    total_bytes: u64,
    terminal: bool,
    started: Instant,
    shown: Option<Instant>,
}

impl Bar {
    pub fn new(total_bytes: u64) -> Self {
        Self {
            total_bytes,
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
            shown: None,
        }
    }

    pub fn show(&mut self, bytes: u64, items: u64) {
        let every = if self.terminal { REDRAW } else { LINE_EVERY };
        if self.shown.is_some_and(|shown| shown.elapsed() < every) {
            return;
        }
        self.shown = Some(Instant::now());
        let percent = (bytes * 100)
            .checked_div(self.total_bytes)
            .unwrap_or(100)
            .min(100);
        let seconds = self.started.elapsed().as_secs();
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let filled = (percent / 4) as usize;
            let _ = write!(
                err,
                "\r[{}{}] {percent:>3}%  {items} records  {seconds}s ",
                "#".repeat(filled),
                " ".repeat(25 - filled)
            );
        } else {
            let _ = writeln!(err, "{percent}% read, {items} records, {seconds}s");
        }
        let _ = err.flush();
    }

    /// A line of the report, on standard output, with the bar moved out of its way.
    pub fn print_line(&mut self, line: &str) {
        if self.terminal && self.shown.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
            self.shown = None;
        }
        println!("{line}");
    }

    pub fn finish(&mut self) {
        if self.terminal && self.shown.is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }
}
