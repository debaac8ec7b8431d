//! Thin gRPC adapters for `crossrota.v1.RosterService`: authenticate, decode, call the roster
//! service, encode. No rule lives here; the encoding of service-level job types (which the
//! proto crate cannot see) is assembled from the proto crate's domain conversions.

use std::pin::Pin;

use crossrota_domain::FieldErrors;
use crossrota_domain::ids::RosterJobId;
use crossrota_proto::convert::roster_job::{
    AbsenceInput, ProblemInput, PublishedInput, ReplanRoster, SubmitRosterJob,
    roster_options_to_proto,
};
use crossrota_proto::convert::roster_result::{job_event, job_status_filter};
use crossrota_proto::convert::{next_page_token, page_from, required_id, timestamp};
use crossrota_proto::crossrota::v1 as pb;
use crossrota_proto::crossrota::v1::roster_service_server::RosterService as Rpc;
use crossrota_service::roster::{
    Absence, Published, Replan, RosterJob, RosterJobEvent, StoredSubmission, Submission,
};
use crossrota_service::{Caller, Page, PassportService, RosterService};
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status};

use crate::auth;
use crate::status::{invalid, to_status};

/// The gRPC face of the roster service.
#[derive(Debug, Clone)]
pub struct RosterApi {
    /// Authenticates callers (keys live with the passport service).
    passport: PassportService,
    roster: RosterService,
}

impl RosterApi {
    /// Wraps the services.
    pub fn new(passport: PassportService, roster: RosterService) -> Self {
        Self { passport, roster }
    }

    async fn caller<T>(&self, request: &Request<T>) -> Result<Caller, Status> {
        auth::caller(&self.passport, request).await
    }
}

type Reply<T> = Result<Response<T>, Status>;

/// The stream of a WatchRosterJob call.
pub type EventStream = Pin<Box<dyn Stream<Item = Result<pb::RosterJobEvent, Status>> + Send>>;

fn job_id(raw: i64) -> Result<RosterJobId, Status> {
    required_id("id", raw).map(RosterJobId).map_err(invalid)
}

fn decode<T, P>(p: P) -> Result<T, Status>
where
    T: TryFrom<P, Error = FieldErrors>,
{
    T::try_from(p).map_err(invalid)
}

#[tonic::async_trait]
impl Rpc for RosterApi {
    async fn submit_roster_job(
        &self,
        request: Request<pb::SubmitRosterJobRequest>,
    ) -> Reply<pb::RosterJob> {
        let caller = self.caller(&request).await?;
        let submit: SubmitRosterJob = decode(request.into_inner())?;
        let options = submit.options;
        let job = match submit.problem {
            ProblemInput::Model(model) => {
                self.roster
                    .submit(
                        &caller,
                        Submission {
                            model,
                            options,
                            name: submit.name,
                        },
                    )
                    .await
            }
            ProblemInput::Stored(problem) => {
                let problem = *problem;
                self.roster
                    .submit_stored(
                        &caller,
                        StoredSubmission {
                            problem,
                            options,
                            name: submit.name,
                        },
                    )
                    .await
            }
        }
        .map_err(to_status)?;
        Ok(Response::new(job_to_proto(&job)))
    }

    async fn list_roster_jobs(
        &self,
        request: Request<pb::ListRosterJobsRequest>,
    ) -> Reply<pb::ListRosterJobsResponse> {
        let caller = self.caller(&request).await?;
        let req = request.into_inner();
        let (after, limit) = page_from(req.page_size, &req.page_token).map_err(invalid)?;
        let status = job_status_filter("status", req.status).map_err(invalid)?;
        let page = Page {
            after: after.map(RosterJobId),
            limit,
        };
        let (jobs, next) = self
            .roster
            .list(&caller, status, page)
            .await
            .map_err(to_status)?;
        Ok(Response::new(pb::ListRosterJobsResponse {
            next_page_token: next_page_token(jobs.len(), limit, next.map(|id| id.0)),
            jobs: jobs.iter().map(job_to_proto).collect(),
        }))
    }

    async fn get_roster_job(
        &self,
        request: Request<pb::GetRosterJobRequest>,
    ) -> Reply<pb::RosterJob> {
        let caller = self.caller(&request).await?;
        let id = job_id(request.get_ref().id)?;
        let job = self.roster.get(&caller, id).await.map_err(to_status)?;
        Ok(Response::new(job_to_proto(&job)))
    }

    async fn get_roster_job_model(
        &self,
        request: Request<pb::GetRosterJobRequest>,
    ) -> Reply<pb::RosterModel> {
        let caller = self.caller(&request).await?;
        let id = job_id(request.get_ref().id)?;
        let model = self.roster.model(&caller, id).await.map_err(to_status)?;
        Ok(Response::new(pb::RosterModel::from(&model)))
    }

    type WatchRosterJobStream = EventStream;

    async fn watch_roster_job(
        &self,
        request: Request<pb::WatchRosterJobRequest>,
    ) -> Reply<EventStream> {
        let caller = self.caller(&request).await?;
        let id = job_id(request.get_ref().id)?;
        let events = self.roster.watch(&caller, id).await.map_err(to_status)?;
        let stream = ReceiverStream::new(events).map(|e| Ok(event_to_proto(&e)));
        Ok(Response::new(Box::pin(stream)))
    }

    async fn cancel_roster_job(
        &self,
        request: Request<pb::CancelRosterJobRequest>,
    ) -> Reply<pb::RosterJob> {
        let caller = self.caller(&request).await?;
        let id = job_id(request.get_ref().id)?;
        let job = self.roster.cancel(&caller, id).await.map_err(to_status)?;
        Ok(Response::new(job_to_proto(&job)))
    }

    async fn replan_roster(
        &self,
        request: Request<pb::ReplanRosterRequest>,
    ) -> Reply<pb::RosterJob> {
        let caller = self.caller(&request).await?;
        let replan: ReplanRoster = decode(request.into_inner())?;
        let replan = Replan {
            published: match replan.published {
                PublishedInput::Job(id) => Published::Job(RosterJobId(id)),
                PublishedInput::Roster { model, roster } => Published::Roster { model, roster },
            },
            absences: replan.absences.into_iter().map(absence).collect(),
            extra_demands: replan.extra_demands,
            change_penalty: replan.change_penalty,
            options: replan.options,
            name: replan.name,
        };
        let job = self
            .roster
            .replan(&caller, replan)
            .await
            .map_err(to_status)?;
        Ok(Response::new(job_to_proto(&job)))
    }
}

fn absence(a: AbsenceInput) -> Absence {
    Absence {
        staff: a.staff,
        from_day: a.from_day,
        days: a.days,
    }
}

fn event_to_proto(e: &RosterJobEvent) -> pb::RosterJobEvent {
    job_event(e.job, e.status, e.progress.as_ref())
}

fn job_to_proto(job: &RosterJob) -> pb::RosterJob {
    pb::RosterJob {
        id: job.id.0,
        org_id: job.org.0,
        name: job.name.clone(),
        status: pb::RosterJobStatus::from(job.status) as i32,
        options: Some(roster_options_to_proto(&job.options)),
        created_at: Some(timestamp(job.created_at)),
        started_at: job.started_at.map(timestamp),
        finished_at: job.finished_at.map(timestamp),
        progress: job
            .progress
            .as_ref()
            .map(|p| job_event(job.id, job.status, Some(p))),
        error: job.error.clone().unwrap_or_default(),
        cancel_requested: job.cancel_requested,
        result: job.outcome.as_ref().map(pb::RosterResult::from),
        published_job_id: job.published_job.map_or(0, |id| id.0),
    }
}
