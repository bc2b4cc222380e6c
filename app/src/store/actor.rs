//! Who acts, and from where, for the audit log; and the ids of new records.

use super::StoreResult;
use super::audit::{self, Event};
use crate::domain::account::CurrentUser;
use sea_orm::ConnectionTrait;

/// A fresh random id (UUID v4 form).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Who acts, and from where, for the audit log.
pub struct Actor<'a> {
    pub user: &'a CurrentUser,
    pub ip: &'a str,
}

impl Actor<'_> {
    pub(crate) async fn log<C: ConnectionTrait>(
        &self,
        db: &C,
        action: &str,
        entity: &str,
        id: &str,
        detail: Option<String>,
    ) -> StoreResult<()> {
        audit::record(
            db,
            Event {
                user_id: Some(self.user.id),
                actor: Some(&self.user.email),
                juridiction_id: Some(self.user.juridiction_id),
                action,
                entity,
                entity_id: Some(id.to_owned()),
                ip: self.ip,
                success: true,
                detail,
            },
        )
        .await
    }
}
