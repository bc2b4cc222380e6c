//! In-process fan-out of dossier events to the server-sent-event streams of this server.

use crate::domain::dossier::LiveEvent;
use tokio::sync::{broadcast, watch};

/// Publishes committed dossier events; every open stream holds a receiver.
#[derive(Clone)]
pub struct Hub {
    events: broadcast::Sender<LiveEvent>,
    closing: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            events: broadcast::channel(1024).0,
            closing: watch::channel(false).0,
        }
    }
}

impl Hub {
    /// Sends `events` to every current subscriber (none listening is fine).
    pub fn publish(&self, events: Vec<LiveEvent>) {
        for e in events {
            let _ = self.events.send(e);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    /// Tells every stream to end (server shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once `close` has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.closing.subscribe();
        async move {
            let _ = rx.wait_for(|closing| *closing).await;
        }
    }
}
