//! Keeps bytes that are not UTF-8 from ending the whole read.
//!
//! The XML parser stops for good at the first byte that is not UTF-8. Real exports carry such
//! bytes in the odd post (text pasted from a legacy encoding), so the file is passed through
//! [`Utf8Guard`] first: each invalid byte is replaced by U+001A (SUBSTITUTE, one byte, so byte
//! offsets stay those of the file) and its offset is noted. The reader then passes over the item
//! that held it, and drops the stand-in wherever else it turns up (XML forbids that character).

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// The byte that stands in for an invalid one.
pub(super) const STAND_IN: u8 = 0x1A;

/// How much is copied from the underlying reader at a time.
const CHUNK: usize = 64 * 1024;

/// A `BufRead` that yields only valid UTF-8 and counts what its reader consumed.
pub(super) struct Utf8Guard<R> {
    inner: R,
    buf: Box<[u8]>,
    /// Next byte to hand out.
    start: usize,
    /// End of the checked bytes; `ready..end` is the start of a character still incomplete.
    ready: usize,
    /// End of the bytes copied from `inner`.
    end: usize,
    /// File offset of `buf[start]`: bytes handed out and consumed so far.
    consumed: u64,
    /// File offsets of invalid sequences not yet claimed by the reader, in order.
    invalid: VecDeque<u64>,
    at_eof: bool,
}

impl<R: BufRead> Utf8Guard<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            buf: vec![0; CHUNK + 4].into_boxed_slice(),
            start: 0,
            ready: 0,
            end: 0,
            consumed: 0,
            invalid: VecDeque::new(),
            at_eof: false,
        }
    }

    /// Bytes of the file consumed so far.
    pub(super) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Forgets the invalid sequences before `upto`, answering the first one at or after `from`.
    pub(super) fn take_invalid(&mut self, from: u64, upto: u64) -> Option<u64> {
        let mut first = None;
        while let Some(&offset) = self.invalid.front() {
            if offset >= upto {
                break;
            }
            self.invalid.pop_front();
            if offset >= from && first.is_none() {
                first = Some(offset);
            }
        }
        first
    }

    /// Copies more bytes from `inner` behind the unfinished character, if any, and checks them.
    fn refill(&mut self) -> io::Result<()> {
        loop {
            self.buf.copy_within(self.ready..self.end, 0);
            self.end -= self.ready;
            self.start = 0;
            self.ready = 0;
            if self.at_eof {
                // A character cut off by the end of the file.
                self.substitute(0, self.end);
                self.ready = self.end;
                return Ok(());
            }
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                self.at_eof = true;
                continue;
            }
            let take = available.len().min(self.buf.len() - self.end);
            self.buf[self.end..self.end + take].copy_from_slice(&available[..take]);
            self.inner.consume(take);
            self.end += take;
            self.check();
            if self.ready > 0 {
                return Ok(());
            }
        }
    }

    /// Moves `ready` over the valid bytes, replacing invalid ones, and stops before a character
    /// that the next read may complete.
    fn check(&mut self) {
        let mut from = self.ready;
        loop {
            match std::str::from_utf8(&self.buf[from..self.end]) {
                Ok(_) => {
                    self.ready = self.end;
                    return;
                }
                Err(error) => {
                    let bad = from + error.valid_up_to();
                    match error.error_len() {
                        Some(len) => {
                            self.substitute(bad, bad + len);
                            from = bad + len;
                        }
                        None => {
                            self.ready = bad;
                            return;
                        }
                    }
                }
            }
        }
    }

    fn substitute(&mut self, from: usize, to: usize) {
        if from < to {
            self.invalid.push_back(self.consumed + (from - self.start) as u64);
            self.buf[from..to].fill(STAND_IN);
        }
    }
}

impl<R: BufRead> Read for Utf8Guard<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Utf8Guard<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.ready {
            self.refill()?;
        }
        Ok(&self.buf[self.start..self.ready])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.ready - self.start);
        self.start += amount;
        self.consumed += amount as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per call, to split characters.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn through_guard(data: &[u8], step: usize) -> (Vec<u8>, Vec<u64>) {
        let inner = io::BufReader::with_capacity(step, Trickle { data, step });
        let mut guard = Utf8Guard::new(inner);
        let mut out = Vec::new();
        guard.read_to_end(&mut out).expect("reading from memory");
        assert_eq!(guard.consumed(), data.len() as u64);
        let invalid = guard.invalid.iter().copied().collect();
        (out, invalid)
    }

    #[test]
    fn valid_text_passes_unchanged_whatever_the_chunking() {
        let text = "Café – “quoted” 𝄞 end".as_bytes();
        for step in 1..6 {
            let (out, invalid) = through_guard(text, step);
            assert_eq!(out, text, "step {step}");
            assert!(invalid.is_empty());
        }
    }

    #[test]
    fn invalid_bytes_are_replaced_in_place_and_noted() {
        let mut data = b"ab".to_vec();
        data.push(0xFF);
        data.extend_from_slice("é".as_bytes());
        data.extend_from_slice(&[0xC3]); // a lead byte cut off by the end of the file
        for step in 1..4 {
            let (out, invalid) = through_guard(&data, step);
            assert_eq!(out, [b'a', b'b', STAND_IN, 0xC3, 0xA9, STAND_IN], "step {step}");
            assert_eq!(invalid, [2, 5], "step {step}");
        }
    }

    #[test]
    fn claimed_offsets_are_forgotten() {
        let data = [b'x', 0xFE, b'y', 0xFF, b'z'];
        let mut guard = Utf8Guard::new(&data[..]);
        let mut out = Vec::new();
        guard.read_to_end(&mut out).expect("reading from memory");
        assert_eq!(
            guard.take_invalid(2, 3),
            None,
            "offset 1 is before the range and dropped"
        );
        assert_eq!(guard.take_invalid(0, 10), Some(3));
        assert_eq!(guard.take_invalid(0, 10), None);
    }
}
