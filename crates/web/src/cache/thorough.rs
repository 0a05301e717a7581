//! The thread that makes pages' thorough forms (brotli at quality 6, about ten times the quick
//! gzip's time): one page at a time, at the lowest CPU priority. Under a burst of misses it
//! takes no time from the readers waiting for a page, whose quick forms are sent meanwhile;
//! when the server has time to spare it makes them at once.

use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, SyncSender};

/// Work for the thread: make one page's thorough form and count what it added.
pub(crate) type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
pub(crate) struct ThoroughForms {
    /// Hands a job to the thread only while it waits for one (a channel that holds nothing):
    /// a page read again while it is busy waits for a later reader. Started on first use;
    /// `None` if the system gave no thread.
    thread: OnceLock<Option<SyncSender<Job>>>,
}

impl ThoroughForms {
    /// Gives `job` to the thread if it is idle; true if it took it. The thread ends when the
    /// cache holding this is dropped.
    pub fn offer(&self, job: Job) -> bool {
        let Some(thread) = self.thread.get_or_init(start) else {
            return false;
        };
        thread.try_send(job).is_ok()
    }
}

fn start() -> Option<SyncSender<Job>> {
    let (jobs, received) = std::sync::mpsc::sync_channel(0);
    let started = std::thread::Builder::new()
        .name("thorough-forms".into())
        .spawn(move || run(received));
    match started {
        Ok(_) => Some(jobs),
        Err(error) => {
            tracing::warn!(%error, "pages will be sent in their quick forms only: no thread to make thorough ones");
            None
        }
    }
}

fn run(jobs: Receiver<Job>) {
    lowest_priority();
    for job in jobs {
        job();
    }
}

/// Makes the calling thread the last the scheduler runs while others are ready (on Linux a
/// thread has a nice value of its own).
fn lowest_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: setpriority only changes a scheduling value; `0` names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    /// Offers jobs until one is taken, or fails the test after a while.
    fn offer_until_taken(forms: &ThoroughForms, make: impl Fn() -> Job) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !forms.offer(make()) {
            assert!(Instant::now() < deadline, "the thread never took a job");
            std::thread::yield_now();
        }
    }

    #[test]
    fn one_page_is_made_at_a_time_and_the_thread_takes_the_next_when_done() {
        let forms = ThoroughForms::default();
        let (release, held) = mpsc::channel::<()>();
        let held = std::sync::Arc::new(std::sync::Mutex::new(held));
        let (done, finished) = mpsc::channel::<&str>();
        offer_until_taken(&forms, || {
            let (held, done) = (held.clone(), done.clone());
            Box::new(move || {
                held.lock().unwrap().recv().unwrap();
                done.send("first").unwrap();
            })
        });
        let refused_done = done.clone();
        assert!(
            !forms.offer(Box::new(move || refused_done.send("refused").unwrap())),
            "busy with the first page"
        );
        release.send(()).unwrap();
        assert_eq!(finished.recv_timeout(Duration::from_secs(10)), Ok("first"));
        offer_until_taken(&forms, || {
            let done = done.clone();
            Box::new(move || done.send("second").unwrap())
        });
        assert_eq!(finished.recv_timeout(Duration::from_secs(10)), Ok("second"));
        assert!(finished.try_recv().is_err(), "the refused job never ran");
    }
}
