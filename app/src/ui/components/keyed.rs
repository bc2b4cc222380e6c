//! State that belongs to a route's key (an affaire's id) rather than to the view showing it.

use leptos::prelude::*;

/// Keeps what a page creates for a key — its resources and signals — across the re-runs of
/// the closure that shows it, and creates it afresh when the key changes (the next affaire).
///
/// The server walks a suspense's children several times before it renders them, running
/// every closure inside each time: a resource created in the closure was created, fetched and
/// serialised into the page two or three times per request.
pub struct Keyed<K: 'static, T: 'static> {
    slot: StoredValue<Option<(K, T, Owner)>>,
    owner: Owner,
}

impl<K: 'static, T: 'static> Clone for Keyed<K, T> {
    fn clone(&self) -> Self {
        Self {
            slot: self.slot,
            owner: self.owner.clone(),
        }
    }
}

impl<K, T> Default for Keyed<K, T>
where
    K: PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<K, T> Keyed<K, T>
where
    K: PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    /// A slot owned by the component being built.
    pub fn new() -> Self {
        Self {
            slot: StoredValue::new(None),
            owner: Owner::current().expect("Keyed is made inside a component"),
        }
    }

    /// What `make` created for `key`, made now under an owner of its own if `key` is new (the
    /// previous key's owner is cleaned up).
    pub fn get(&self, key: K, make: impl FnOnce(&K) -> T) -> T {
        if let Some(kept) = self
            .slot
            .try_with_value(|s| s.as_ref().filter(|(k, ..)| *k == key).map(|(_, t, _)| t.clone()))
            .flatten()
        {
            return kept;
        }
        let owner = self.owner.child();
        let made = owner.with(|| make(&key));
        if let Some((_, _, old)) = self
            .slot
            .try_update_value(|s| s.replace((key, made.clone(), owner)))
            .flatten()
        {
            old.cleanup();
        }
        made
    }
}
