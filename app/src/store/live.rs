//! In-process fan-out of dossier events to the server-sent-event streams of this server.

use crate::domain::dossier::LiveEvent;
use tokio::sync::broadcast;

/// Publishes committed dossier events; every open stream holds a receiver.
#[derive(Clone)]
pub struct Hub(broadcast::Sender<LiveEvent>);

impl Default for Hub {
    fn default() -> Self {
        Self(broadcast::channel(1024).0)
    }
}

impl Hub {
    /// Sends `events` to every current subscriber (none listening is fine).
    pub fn publish(&self, events: Vec<LiveEvent>) {
        for e in events {
            let _ = self.0.send(e);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.0.subscribe()
    }
}
