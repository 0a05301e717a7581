//! How much memory the pictures being processed may take at once. Each upload is priced from
//! its header before a pixel is decoded ([`dateline_media::inspect`]) and waits, in turn, until
//! its share is free; one that would need more than the whole budget is refused. So no mix of
//! uploads takes the server past the budget, however many arrive together.

use dateline_media::MediaError;
use tokio::sync::{Semaphore, SemaphorePermit};

const MIB: u64 = 1024 * 1024;

/// The default: enough for the largest picture the media limits let through (40 megapixels
/// of RGBA, about 400 MiB of work) to be processed on its own.
pub const DEFAULT_PICTURE_MEMORY_MIB: u32 = 400;

pub(crate) struct PictureMemory {
    /// One permit per MiB of the budget.
    free: Semaphore,
    budget_mib: u32,
}

impl PictureMemory {
    pub(crate) fn new(budget_mib: u32) -> Self {
        Self {
            free: Semaphore::new(budget_mib as usize),
            budget_mib,
        }
    }

    /// Waits until `bytes` of the budget are free and holds them until the share is dropped.
    /// Waiters are served in order, so a large picture is not passed over forever by small ones.
    pub(crate) async fn share(&self, bytes: u64) -> Result<SemaphorePermit<'_>, MediaError> {
        let mib = bytes.div_ceil(MIB);
        let over = || {
            MediaError::NeedsTooMuchMemory(format!(
                "{mib} MiB to process, over the server's {} MiB for pictures",
                self.budget_mib
            ))
        };
        let mib = u32::try_from(mib).map_err(|_| over())?;
        if mib > self.budget_mib {
            return Err(over());
        }
        self.free
            .acquire_many(mib)
            .await
            .map_err(|closed| MediaError::Processing(closed.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn shares_wait_until_the_memory_is_free_and_oversized_ones_are_refused() {
        let memory = PictureMemory::new(10);
        let first = memory.share(6 * MIB).await.unwrap();
        let waiting = memory.share(6 * MIB);
        tokio::pin!(waiting);
        assert!(
            futures_poll_once(waiting.as_mut()).await.is_none(),
            "a second 6 MiB waits while 6 of 10 are taken"
        );
        drop(first);
        let _second = waiting.await.unwrap();
        assert!(matches!(
            memory.share(11 * MIB).await,
            Err(MediaError::NeedsTooMuchMemory(_))
        ));
        drop(_second);
        assert!(memory.share(10 * MIB).await.is_ok(), "the whole budget at once");
    }

    /// Polls a future once: its output if it was ready.
    async fn futures_poll_once<F: std::future::Future + Unpin>(future: F) -> Option<F::Output> {
        let mut future = future;
        std::future::poll_fn(|context| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut future).poll(context) {
                std::task::Poll::Ready(output) => Some(output),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }
}
