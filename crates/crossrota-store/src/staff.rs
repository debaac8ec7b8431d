//! Members of staff; the networks each has joined live in the `staff_networks` join table.

use std::collections::HashMap;

use chrono::NaiveDate;
use crossrota_domain::ids::{NetworkId, OrgId, StaffId};
use crossrota_domain::staff::{Band, NewStaff, Registration, RegulatoryBody, Staff, StaffGroup};
use sqlx::query_builder::Separated;
use sqlx::{Database, Encode, QueryBuilder, Type};

use crate::db::{CHUNK, Conn, after_raw, on_conn, push_list, sorted_unique};
use crate::error::{Context, Result, StoreError, corrupt};
use crate::exists::{IdTable, require_ids};
use crate::page::Page;
use crate::store::Store;

/// The columns a staff write sets, in `push_staff_values` order.
macro_rules! staff_value_columns {
    () => {
        "org_id, employee_number, name, staff_group, band, \
         registration_body, registration_number, registration_expires_on"
    };
}

/// The columns every staff query selects, in `StaffRow` order.
macro_rules! staff_columns {
    () => {
        "id, org_id, employee_number, name, staff_group, band, \
         registration_body, registration_number, registration_expires_on"
    };
}

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    org_id: i64,
    employee_number: String,
    name: String,
    staff_group: String,
    band: i32,
    registration_body: Option<String>,
    registration_number: Option<String>,
    registration_expires_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct StaffNetworkRow {
    staff_id: i64,
    network_id: i64,
}

impl StaffRow {
    fn into_staff(self, networks: Vec<NetworkId>) -> Result<Staff> {
        let staff_group = StaffGroup::parse(&self.staff_group)
            .ok_or_else(|| corrupt("staff.staff_group", &self.staff_group))?;
        let band = u8::try_from(self.band)
            .map_err(|e| e.to_string())
            .and_then(Band::new)
            .map_err(|e| corrupt("staff.band", e))?;
        let registration = match (
            self.registration_body,
            self.registration_number,
            self.registration_expires_on,
        ) {
            (Some(body), Some(number), Some(expires_on)) => Some(Registration {
                body: RegulatoryBody::parse(&body)
                    .ok_or_else(|| corrupt("staff.registration_body", &body))?,
                number,
                expires_on,
            }),
            (None, None, None) => None,
            _ => return Err(corrupt("staff.registration", "partly empty")),
        };
        Ok(Staff {
            id: StaffId(self.id),
            org: OrgId(self.org_id),
            employee_number: self.employee_number,
            name: self.name,
            staff_group,
            band,
            registration,
            networks,
        })
    }
}

impl Store {
    /// Creates a member of staff with their networks in one transaction; `AlreadyExists` when
    /// the organisation already has that employee number, `NotFound` for an unknown
    /// organisation or network.
    pub async fn create_staff(&self, s: &NewStaff) -> Result<Staff> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_references(c, std::slice::from_ref(s)).await?;
        let id = insert(c, s).await?;
        tx.commit().await?;
        Ok(stored(id, s))
    }

    /// Replaces everything about a member of staff, networks included, in one transaction.
    pub async fn update_staff(&self, id: StaffId, s: &NewStaff) -> Result<Staff> {
        let mut tx = self.write().await?;
        let c = &mut tx.conn();
        require_references(c, std::slice::from_ref(s)).await?;
        update(c, id, s).await?;
        tx.commit().await?;
        Ok(stored(id, s))
    }

    /// One member of staff.
    pub async fn get_staff(&self, id: StaffId) -> Result<Staff> {
        self.get_staff_many(&[id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::not_found("staff", id))
    }

    /// Several members of staff by id, sorted by id; unknown ids are simply absent. Works in
    /// chunks, so ten thousand ids take a few dozen queries.
    pub async fn get_staff_many(&self, ids: &[StaffId]) -> Result<Vec<Staff>> {
        let ids: Vec<i64> = sorted_unique(ids).into_iter().map(|i| i.0).collect();
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let found: Vec<StaffRow> = on_conn!(c, |c, Db| {
                let mut qb = QueryBuilder::<Db>::new(concat!(
                    "SELECT ",
                    staff_columns!(),
                    " FROM staff WHERE id IN "
                ));
                push_list(&mut qb, chunk.iter().copied());
                qb.push(" ORDER BY id");
                qb.build_query_as().fetch_all(&mut *c).await?
            });
            rows.extend(found);
        }
        let staff = with_networks(c, rows).await?;
        tx.commit().await?;
        Ok(staff)
    }

    /// A page of staff by id, of one organisation or of all.
    pub async fn list_staff(&self, org: Option<OrgId>, page: Page<StaffId>) -> Result<Vec<Staff>> {
        let after = after_raw(page.after.map(|a| a.0));
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let rows: Vec<StaffRow> = on_conn!(c, |c| match org {
            Some(org) => {
                sqlx::query_as(concat!(
                    "SELECT ",
                    staff_columns!(),
                    " FROM staff WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3"
                ))
                .bind(org.0)
                .bind(after)
                .bind(page.sql_limit())
                .fetch_all(&mut *c)
                .await?
            }
            None => {
                sqlx::query_as(concat!(
                    "SELECT ",
                    staff_columns!(),
                    " FROM staff WHERE id > $1 ORDER BY id LIMIT $2"
                ))
                .bind(after)
                .bind(page.sql_limit())
                .fetch_all(&mut *c)
                .await?
            }
        });
        let staff = with_networks(c, rows).await?;
        tx.commit().await?;
        Ok(staff)
    }

    /// The member of staff `org` knows by `employee_number`, if any.
    pub async fn find_staff(&self, org: OrgId, employee_number: &str) -> Result<Option<Staff>> {
        let mut tx = self.snapshot().await?;
        let c = &mut tx.conn();
        let row: Option<StaffRow> = on_conn!(c, |c| {
            sqlx::query_as(concat!(
                "SELECT ",
                staff_columns!(),
                " FROM staff WHERE org_id = $1 AND employee_number = $2"
            ))
            .bind(org.0)
            .bind(employee_number)
            .fetch_optional(&mut *c)
            .await?
        });
        let staff = with_networks(c, row.into_iter().collect()).await?;
        tx.commit().await?;
        Ok(staff.into_iter().next())
    }
}

/// What the store holds after writing `s` under `id`.
pub(crate) fn stored(id: StaffId, s: &NewStaff) -> Staff {
    Staff {
        id,
        org: s.org,
        employee_number: s.employee_number.clone(),
        name: s.name.clone(),
        staff_group: s.staff_group,
        band: s.band,
        registration: s.registration.clone(),
        networks: sorted_unique(&s.networks),
    }
}

/// `NotFound` unless every organisation and network the staff rows refer to exists.
pub(crate) async fn require_references(c: &mut Conn<'_>, staff: &[NewStaff]) -> Result<()> {
    let orgs: Vec<i64> = staff.iter().map(|s| s.org.0).collect();
    require_ids(c, IdTable::Organisations, &orgs).await?;
    let networks: Vec<i64> = staff
        .iter()
        .flat_map(|s| s.networks.iter().map(|n| n.0))
        .collect();
    require_ids(c, IdTable::Networks, &networks).await
}

/// Inserts a member of staff and their networks; returns the new id.
pub(crate) async fn insert(c: &mut Conn<'_>, s: &NewStaff) -> Result<StaffId> {
    insert_many(c, &[s])
        .await?
        .remove(&s.employee_number)
        .ok_or_else(|| StoreError::not_found("inserted staff", staff_key(s)))
}

/// Replaces a member of staff and their networks; `NotFound` for an unknown id.
pub(crate) async fn update(c: &mut Conn<'_>, id: StaffId, s: &NewStaff) -> Result<()> {
    if update_many(c, &[(id, s)]).await? == 0 {
        return Err(StoreError::not_found("staff", id));
    }
    Ok(())
}

/// Inserts staff of one organisation, and their networks, with multi-row statements;
/// returns the new ids by employee number.
pub(crate) async fn insert_many(
    c: &mut Conn<'_>,
    rows: &[&NewStaff],
) -> Result<HashMap<String, StaffId>> {
    let mut ids = HashMap::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let inserted: Vec<(i64, String)> = on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new(concat!(
                "INSERT INTO staff (",
                staff_value_columns!(),
                ") "
            ));
            qb.push_values(chunk, |mut row, s| push_staff_values(&mut row, s));
            qb.push(" RETURNING id, employee_number");
            qb.build_query_as().fetch_all(&mut *c).await
        })
        .unique_as("staff", || chunk_key(chunk.iter().copied()))?;
        ids.extend(inserted.into_iter().map(|(id, n)| (n, StaffId(id))));
    }
    let networks = rows
        .iter()
        .filter_map(|s| Some((*ids.get(&s.employee_number)?, s.networks.as_slice())));
    insert_networks(c, networks).await?;
    Ok(ids)
}

/// Replaces staff rows, and their networks, with multi-row statements; returns how many of
/// the ids existed. Each id must appear once.
pub(crate) async fn update_many(c: &mut Conn<'_>, rows: &[(StaffId, &NewStaff)]) -> Result<u64> {
    let mut updated = 0;
    for chunk in rows.chunks(CHUNK) {
        // `WITH v(..) AS (VALUES ..) UPDATE .. FROM v` is the form both dialects accept
        // (SQLite cannot name the columns of a VALUES subquery any other way).
        updated += on_conn!(c, |c, Db| {
            let mut qb =
                QueryBuilder::<Db>::new(concat!("WITH v (id, ", staff_value_columns!(), ") AS ("));
            qb.push_values(chunk, |mut row, (id, s)| {
                row.push_bind(id.0);
                push_staff_values(&mut row, s);
            });
            qb.push(
                ") UPDATE staff SET org_id = v.org_id, employee_number = v.employee_number, \
                 name = v.name, staff_group = v.staff_group, band = v.band, \
                 registration_body = v.registration_body, \
                 registration_number = v.registration_number, \
                 registration_expires_on = v.registration_expires_on \
                 FROM v WHERE staff.id = v.id",
            );
            qb.build().execute(&mut *c).await.map(|r| r.rows_affected())
        })
        .unique_as("staff", || chunk_key(chunk.iter().map(|(_, s)| *s)))?;
        on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new("DELETE FROM staff_networks WHERE staff_id IN ");
            push_list(&mut qb, chunk.iter().map(|(id, _)| id.0));
            qb.build().execute(&mut *c).await?;
        });
    }
    let networks = rows.iter().map(|(id, s)| (*id, s.networks.as_slice()));
    insert_networks(c, networks).await?;
    Ok(updated)
}

/// Binds the columns named by `staff_value_columns!` for one row.
fn push_staff_values<DB: Database>(row: &mut Separated<'_, DB, &'static str>, s: &NewStaff)
where
    i64: for<'t> Encode<'t, DB> + Type<DB>,
    i32: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    Option<String>: for<'t> Encode<'t, DB> + Type<DB>,
    Option<NaiveDate>: for<'t> Encode<'t, DB> + Type<DB>,
{
    let reg = s.registration.as_ref();
    row.push_bind(s.org.0)
        .push_bind(s.employee_number.clone())
        .push_bind(s.name.clone())
        .push_bind(s.staff_group.as_str().to_owned())
        .push_bind(i32::from(s.band.get()))
        .push_bind(reg.map(|r| r.body.as_str().to_owned()))
        .push_bind(reg.map(|r| r.number.clone()))
        .push_bind(reg.map(|r| r.expires_on));
}

/// Ids of the staff `org` knows by the given employee numbers.
pub(crate) async fn ids_by_employee_number(
    c: &mut Conn<'_>,
    org: OrgId,
    employee_numbers: &[&str],
) -> Result<HashMap<String, StaffId>> {
    let mut found = HashMap::with_capacity(employee_numbers.len());
    for chunk in employee_numbers.chunks(CHUNK) {
        let rows: Vec<(String, i64)> = on_conn!(c, |c, Db| {
            let mut qb =
                QueryBuilder::<Db>::new("SELECT employee_number, id FROM staff WHERE org_id = ");
            qb.push_bind(org.0);
            qb.push(" AND employee_number IN ");
            push_list(&mut qb, chunk.iter().map(|s| (*s).to_owned()));
            qb.build_query_as().fetch_all(&mut *c).await?
        });
        found.extend(rows.into_iter().map(|(n, id)| (n, StaffId(id))));
    }
    Ok(found)
}

fn staff_key(s: &NewStaff) -> String {
    format!("org {} employee {}", s.org, s.employee_number)
}

/// The key named when a multi-row write clashes: the row itself when there is one.
fn chunk_key<'a>(mut rows: impl ExactSizeIterator<Item = &'a NewStaff>) -> String {
    match (rows.len(), rows.next()) {
        (1, Some(s)) => staff_key(s),
        _ => "in this batch".to_owned(),
    }
}

/// Inserts `(staff, networks)` memberships with multi-row statements.
async fn insert_networks<'a>(
    c: &mut Conn<'_>,
    staff: impl IntoIterator<Item = (StaffId, &'a [NetworkId])>,
) -> Result<()> {
    let pairs: Vec<(i64, i64)> = staff
        .into_iter()
        .flat_map(|(id, networks)| {
            sorted_unique(networks)
                .into_iter()
                .map(move |n| (id.0, n.0))
        })
        .collect();
    for chunk in pairs.chunks(CHUNK) {
        on_conn!(c, |c, Db| {
            let mut qb =
                QueryBuilder::<Db>::new("INSERT INTO staff_networks (staff_id, network_id) ");
            qb.push_values(chunk, |mut row, (staff, network)| {
                row.push_bind(*staff).push_bind(*network);
            });
            qb.build().execute(&mut *c).await?;
        });
    }
    Ok(())
}

/// Completes staff rows with their networks, keeping the rows' order.
async fn with_networks(c: &mut Conn<'_>, rows: Vec<StaffRow>) -> Result<Vec<Staff>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut networks: HashMap<i64, Vec<NetworkId>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<StaffNetworkRow> = on_conn!(c, |c, Db| {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT staff_id, network_id FROM staff_networks WHERE staff_id IN ",
            );
            push_list(&mut qb, chunk.iter().copied());
            qb.push(" ORDER BY staff_id, network_id");
            qb.build_query_as().fetch_all(&mut *c).await?
        });
        for n in found {
            networks
                .entry(n.staff_id)
                .or_default()
                .push(NetworkId(n.network_id));
        }
    }
    rows.into_iter()
        .map(|r| {
            let nets = networks.remove(&r.id).unwrap_or_default();
            r.into_staff(nets)
        })
        .collect()
}
