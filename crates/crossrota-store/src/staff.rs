//! Members of staff; the networks each has joined live in the `staff_networks` join table.

use std::collections::HashMap;

use chrono::NaiveDate;
use crossrota_domain::ids::{NetworkId, OrgId, StaffId};
use crossrota_domain::staff::{Band, NewStaff, Registration, RegulatoryBody, Staff, StaffGroup};
use sqlx::QueryBuilder;

use crate::db::{CHUNK, Conn, after_raw, on_conn, push_list, sorted_unique};
use crate::error::{Context, Result, StoreError, corrupt};
use crate::exists::{IdTable, require_ids};
use crate::page::Page;
use crate::store::Store;

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
    let reg = s.registration.as_ref();
    let id: i64 = on_conn!(c, |c| {
        sqlx::query_scalar(
            "INSERT INTO staff (org_id, employee_number, name, staff_group, band, \
             registration_body, registration_number, registration_expires_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(s.org.0)
        .bind(&s.employee_number)
        .bind(&s.name)
        .bind(s.staff_group.as_str())
        .bind(i32::from(s.band.get()))
        .bind(reg.map(|r| r.body.as_str()))
        .bind(reg.map(|r| r.number.as_str()))
        .bind(reg.map(|r| r.expires_on))
        .fetch_one(&mut *c)
        .await
    })
    .unique_as("staff", || staff_key(s))?;
    insert_networks(c, id, &s.networks).await?;
    Ok(StaffId(id))
}

/// Replaces a member of staff and their networks; `NotFound` for an unknown id.
pub(crate) async fn update(c: &mut Conn<'_>, id: StaffId, s: &NewStaff) -> Result<()> {
    let reg = s.registration.as_ref();
    let result = on_conn!(c, |c| {
        sqlx::query(
            "UPDATE staff SET org_id = $1, employee_number = $2, name = $3, staff_group = $4, \
             band = $5, registration_body = $6, registration_number = $7, \
             registration_expires_on = $8 WHERE id = $9",
        )
        .bind(s.org.0)
        .bind(&s.employee_number)
        .bind(&s.name)
        .bind(s.staff_group.as_str())
        .bind(i32::from(s.band.get()))
        .bind(reg.map(|r| r.body.as_str()))
        .bind(reg.map(|r| r.number.as_str()))
        .bind(reg.map(|r| r.expires_on))
        .bind(id.0)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
    })
    .unique_as("staff", || staff_key(s))?;
    if result == 0 {
        return Err(StoreError::not_found("staff", id));
    }
    on_conn!(c, |c| {
        sqlx::query("DELETE FROM staff_networks WHERE staff_id = $1")
            .bind(id.0)
            .execute(&mut *c)
            .await?;
    });
    insert_networks(c, id.0, &s.networks).await
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

async fn insert_networks(c: &mut Conn<'_>, staff: i64, networks: &[NetworkId]) -> Result<()> {
    let networks = sorted_unique(networks);
    for chunk in networks.chunks(CHUNK) {
        on_conn!(c, |c, Db| {
            let mut qb =
                QueryBuilder::<Db>::new("INSERT INTO staff_networks (staff_id, network_id) ");
            qb.push_values(chunk, |mut row, network| {
                row.push_bind(staff).push_bind(network.0);
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
