//! Networks of organisations; members live in the `network_members` join table.

use std::collections::HashMap;

use crossrota_domain::ids::{NetworkId, OrgId};
use crossrota_domain::organisation::{Network, NetworkKind, NewNetwork};
use sqlx::QueryBuilder;

use crate::db::{CHUNK, Conn, after_raw, on_conn, push_list, sorted_unique};
use crate::error::{Context, Result, StoreError, corrupt};
use crate::exists::{IdTable, require_ids};
use crate::page::Page;
use crate::store::Store;

#[derive(sqlx::FromRow)]
struct NetworkRow {
    id: i64,
    name: String,
    kind: String,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    network_id: i64,
    org_id: i64,
}

impl Store {
    /// Creates a network and its membership in one transaction; `AlreadyExists` when the name
    /// is taken, `NotFound` when a member organisation is unknown.
    pub async fn create_network(&self, n: &NewNetwork) -> Result<Network> {
        let members = sorted_unique(&n.members);
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_members(c, &members).await?;
        let id: i64 = on_conn!(c, |c| {
            sqlx::query_scalar("INSERT INTO networks (name, kind) VALUES ($1, $2) RETURNING id")
                .bind(&n.name)
                .bind(n.kind.as_str())
                .fetch_one(&mut *c)
                .await
        })
        .unique_as("network", || n.name.clone())?;
        insert_members(c, id, &members).await?;
        tx.commit().await?;
        Ok(Network {
            id: NetworkId(id),
            name: n.name.clone(),
            kind: n.kind,
            members,
        })
    }

    /// Replaces a network's name, kind and membership in one transaction.
    pub async fn update_network(&self, id: NetworkId, n: &NewNetwork) -> Result<Network> {
        let members = sorted_unique(&n.members);
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_members(c, &members).await?;
        let updated: Option<i64> = on_conn!(c, |c| {
            sqlx::query_scalar(
                "UPDATE networks SET name = $1, kind = $2 WHERE id = $3 RETURNING id",
            )
            .bind(&n.name)
            .bind(n.kind.as_str())
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await
        })
        .unique_as("network", || n.name.clone())?;
        if updated.is_none() {
            return Err(StoreError::not_found("network", id));
        }
        on_conn!(c, |c| {
            sqlx::query("DELETE FROM network_members WHERE network_id = $1")
                .bind(id.0)
                .execute(&mut *c)
                .await?;
        });
        insert_members(c, id.0, &members).await?;
        tx.commit().await?;
        Ok(Network {
            id,
            name: n.name.clone(),
            kind: n.kind,
            members,
        })
    }

    /// One network with its members.
    pub async fn get_network(&self, id: NetworkId) -> Result<Network> {
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let row: Option<NetworkRow> = on_conn!(c, |c| {
            sqlx::query_as("SELECT id, name, kind FROM networks WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut *c)
                .await?
        });
        let row = row.ok_or_else(|| StoreError::not_found("network", id))?;
        let networks = with_members(c, vec![row]).await?;
        tx.commit().await?;
        networks
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::not_found("network", id))
    }

    /// A page of networks by id, with members.
    pub async fn list_networks(&self, page: Page<NetworkId>) -> Result<Vec<Network>> {
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let rows: Vec<NetworkRow> = on_conn!(c, |c| {
            sqlx::query_as("SELECT id, name, kind FROM networks WHERE id > $1 ORDER BY id LIMIT $2")
                .bind(after_raw(page.after.map(|a| a.0)))
                .bind(page.sql_limit())
                .fetch_all(&mut *c)
                .await?
        });
        let networks = with_members(c, rows).await?;
        tx.commit().await?;
        Ok(networks)
    }

    /// Every network `org` is a member of, by id.
    pub async fn networks_of_org(&self, org: OrgId) -> Result<Vec<Network>> {
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let rows: Vec<NetworkRow> = on_conn!(c, |c| {
            sqlx::query_as(
                "SELECT n.id, n.name, n.kind FROM networks n \
                 JOIN network_members m ON m.network_id = n.id \
                 WHERE m.org_id = $1 ORDER BY n.id",
            )
            .bind(org.0)
            .fetch_all(&mut *c)
            .await?
        });
        let networks = with_members(c, rows).await?;
        tx.commit().await?;
        Ok(networks)
    }
}

async fn require_members(c: &mut Conn<'_>, members: &[OrgId]) -> Result<()> {
    let ids: Vec<i64> = members.iter().map(|m| m.0).collect();
    require_ids(c, IdTable::Organisations, &ids).await
}

async fn insert_members(c: &mut Conn<'_>, network: i64, members: &[OrgId]) -> Result<()> {
    for chunk in members.chunks(CHUNK) {
        on_conn!(c, |c, Db| {
            let mut qb =
                QueryBuilder::<Db>::new("INSERT INTO network_members (network_id, org_id) ");
            qb.push_values(chunk, |mut row, org| {
                row.push_bind(network).push_bind(org.0);
            });
            qb.build().execute(&mut *c).await?;
        });
    }
    Ok(())
}

/// Completes network rows with their members, keeping the rows' order.
async fn with_members(c: &mut Conn<'_>, rows: Vec<NetworkRow>) -> Result<Vec<Network>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut members: HashMap<i64, Vec<OrgId>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<MemberRow> = on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT network_id, org_id FROM network_members WHERE network_id IN ",
            );
            push_list(&mut qb, chunk.iter().copied());
            qb.push(" ORDER BY network_id, org_id");
            qb.build_query_as().fetch_all(&mut *c).await?
        });
        for m in found {
            members
                .entry(m.network_id)
                .or_default()
                .push(OrgId(m.org_id));
        }
    }
    rows.into_iter()
        .map(|r| {
            Ok(Network {
                id: NetworkId(r.id),
                kind: NetworkKind::parse(&r.kind)
                    .ok_or_else(|| corrupt("networks.kind", &r.kind))?,
                name: r.name,
                members: members.remove(&r.id).unwrap_or_default(),
            })
        })
        .collect()
}
