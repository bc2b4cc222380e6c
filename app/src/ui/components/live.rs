//! Live dossier events: the server-sent-event stream a page listens to.

use crate::domain::pourvoi::LiveEvent;
#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// Opens the server-sent-event stream at `url` and calls `on_event` for each dossier event;
/// closed when the calling component is.
#[cfg(feature = "hydrate")]
pub fn listen(url: String, on_event: impl Fn(LiveEvent) + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(&url) else {
        return;
    };
    // A stream that reconnects catches up with some overlap: each event is handled once.
    let mut seen = std::collections::VecDeque::<String>::new();
    let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |m: web_sys::MessageEvent| {
        if let Some(e) = m
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<LiveEvent>(&s).ok())
        {
            if seen.contains(&e.id) {
                return;
            }
            if seen.len() >= 500 {
                seen.pop_front();
            }
            seen.push_back(e.id.clone());
            on_event(e);
        }
    });
    let _ = source.add_event_listener_with_callback("evenement", cb.as_ref().unchecked_ref());
    cb.forget();
    let source = StoredValue::new_local(source);
    on_cleanup(move || {
        source.try_with_value(|s| s.close());
    });
}

#[cfg(not(feature = "hydrate"))]
pub fn listen(_url: String, _on_event: impl Fn(LiveEvent) + 'static) {}
