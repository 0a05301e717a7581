//! Browser tests: the reader site in Debian's headless Chromium, driven over WebDriver.
//! They look for what a reader would notice: console errors, the direction Arabic pages are
//! laid out in, pages that do not fit a phone. Screenshots at 360 px and 1280 px are written
//! to `target/screenshots/` for people to look at.

mod browser;
mod site;

mod comments;
mod editor;
mod engagement;
mod naughty_strings;
mod newsroom;
mod reader_pages;
