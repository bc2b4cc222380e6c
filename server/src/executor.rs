//! The executor Leptos spawns its tasks on (resource fetches, suspense waits): tokio's, with
//! each task keeping alive the reactive owners it was spawned under until it ends.
//!
//! Why: a task reads contexts by walking up from its owner to the request's root, holding a
//! read lock on its own owner and a temporary strong handle to each parent
//! (`reactive_graph` 0.2.16, `Owner::with_context`). When the client leaves mid-page, the
//! connection drops the root; if a task's temporary handle was the last one, the parent is
//! dropped inside the walk, its clean-up takes a write lock on the owner the task is still
//! reading, and the worker thread blocks for good (seen under load: a tokio worker lost in
//! `RwLock::write_contended` below `use_context`). Held by the task, the lineage cannot end
//! during such a walk; it is released when the task ends, as the page would release it.

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use leptos::reactive::owner::Owner;

struct KeepLineage;

/// The owner current where a task is spawned, then each of its parents up to the root.
fn lineage() -> Vec<Owner> {
    let mut owners = Vec::new();
    let mut next = Owner::current();
    while let Some(owner) = next {
        next = owner.parent();
        owners.push(owner);
    }
    owners
}

impl CustomExecutor for KeepLineage {
    fn spawn(&self, fut: PinnedFuture<()>) {
        let owners = lineage();
        tokio::spawn(async move {
            fut.await;
            drop(owners);
        });
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        let owners = lineage();
        tokio::task::spawn_local(async move {
            fut.await;
            drop(owners);
        });
    }

    fn poll_local(&self) {}
}

/// Installs the executor for the process, before anything of Leptos spawns (idempotent).
/// Warns if another executor was installed first: the mitigation would then be off.
pub fn install() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        if Executor::init_custom_executor(KeepLineage).is_err() {
            tracing::warn!("another task executor was installed first: owners are not kept by tasks");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A task spawned under a page's owner still reaches the request's root after the
    /// connection dropped its handles to both: without the executor, the root would be gone
    /// (the owner tree holds parents weakly) while the task walked up to it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_task_keeps_its_owners_alive_until_it_ends() {
        install();
        let root = Owner::new_root(None);
        let page = root.with(|| Owner::current().expect("root is current").child());
        let (go, wait) = tokio::sync::oneshot::channel::<()>();
        let (report, seen) = tokio::sync::oneshot::channel::<(bool, bool)>();
        page.with(|| {
            leptos::task::spawn(async move {
                let _ = wait.await;
                let owner = Owner::current().expect("the task runs under its owner");
                let parent = owner.parent();
                let _ = report.send((parent.is_some(), parent.and_then(|p| p.parent()).is_none()));
            })
        });
        let weak_root = root.downgrade();
        drop(page);
        drop(root);
        assert!(weak_root.upgrade().is_some(), "the task holds the root while it runs");
        go.send(()).expect("the task waits");
        let (reached_root, root_is_top) = seen.await.expect("the task reports");
        assert!(reached_root && root_is_top, "the task walked up to the root");
        // Released once the task ended.
        for _ in 0..100 {
            if weak_root.upgrade().is_none() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the root outlived the task");
    }
}
