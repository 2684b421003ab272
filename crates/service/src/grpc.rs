//! The gRPC front end: the `zirv.prover.v1.Prover` service of `proto/zirv/prover/v1/prover.proto`
//! (code generated at build time by `tonic-build` from `protox`'s parse, no `protoc`), each
//! method a translation of one [`Service`] call. The generated client is public
//! ([`proto::prover_client::ProverClient`]) for Rust callers and tests.

use crate::error::ServiceError;
use crate::service::Service;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio_stream::Stream;
use tonic::{Request, Response, Status};
use zirv_sdk::wire::{self, ErrorKind};

/// The generated messages, server and client.
#[allow(missing_docs, clippy::all)]
pub mod proto {
    tonic::include_proto!("zirv.prover.v1");
}

use proto::prover_server::Prover;

/// The gRPC service over a [`Service`].
pub struct Grpc {
    service: Arc<Service>,
}

impl Grpc {
    /// Serves `service`.
    pub fn new(service: Arc<Service>) -> Grpc {
        Grpc { service }
    }

    /// The tonic server, with the message size limit of the service.
    pub fn server(self) -> proto::prover_server::ProverServer<Grpc> {
        let max = self.service.limits.max_request_bytes;
        proto::prover_server::ProverServer::new(self)
            .max_decoding_message_size(max)
            .max_encoding_message_size(usize::MAX)
    }

    #[allow(clippy::result_large_err)] // tonic's handlers return `Status` as it is
    fn check<T>(&self, req: &Request<T>) -> Result<(), Status> {
        let auth = req
            .metadata()
            .get("authorization")
            .and_then(|v| v.to_str().ok());
        self.service.authorized(auth).map_err(|e| e.to_status())
    }
}

fn kind_to_proto(k: wire::JobKind) -> i32 {
    match k {
        wire::JobKind::Execute => proto::JobKind::Execute as i32,
        wire::JobKind::Prove => proto::JobKind::Prove as i32,
    }
}

fn state_to_proto(s: wire::JobState) -> i32 {
    (match s {
        wire::JobState::Queued => proto::JobState::Queued,
        wire::JobState::Running => proto::JobState::Running,
        wire::JobState::Succeeded => proto::JobState::Succeeded,
        wire::JobState::Failed => proto::JobState::Failed,
        wire::JobState::Cancelled => proto::JobState::Cancelled,
    }) as i32
}

/// The protobuf form of a status.
pub fn status_to_proto(s: wire::JobStatus) -> proto::JobStatus {
    let (error_kind, error_message) = s.error.map(|e| (e.kind, e.message)).unwrap_or_default();
    proto::JobStatus {
        job_id: s.job_id,
        program_id: s.program_id,
        kind: kind_to_proto(s.kind),
        state: state_to_proto(s.state),
        phase: s.phase,
        progress: s.progress,
        attempts: s.attempts,
        worker: s.worker.unwrap_or_default(),
        error_kind,
        error_message,
        created_ms: s.created_ms,
        updated_ms: s.updated_ms,
    }
}

type WatchStream = Pin<Box<dyn Stream<Item = Result<proto::JobStatus, Status>> + Send>>;

fn status_err(e: ServiceError) -> Status {
    e.to_status()
}

#[tonic::async_trait]
impl Prover for Grpc {
    async fn register_program(
        &self,
        req: Request<proto::RegisterProgramRequest>,
    ) -> Result<Response<proto::RegisterProgramResponse>, Status> {
        self.check(&req)?;
        let r = req.into_inner();
        let hash = (!r.hash.is_empty()).then_some(r.hash.as_str());
        let program_id = self
            .service
            .register(r.elf, hash)
            .await
            .map_err(status_err)?;
        Ok(Response::new(proto::RegisterProgramResponse { program_id }))
    }

    async fn submit_job(
        &self,
        req: Request<proto::SubmitJobRequest>,
    ) -> Result<Response<proto::JobStatus>, Status> {
        self.check(&req)?;
        let r = req.into_inner();
        let kind = match proto::JobKind::try_from(r.kind) {
            Ok(proto::JobKind::Execute) => wire::JobKind::Execute,
            Ok(proto::JobKind::Prove) => wire::JobKind::Prove,
            _ => {
                return Err(ServiceError::new(
                    ErrorKind::InvalidParams,
                    format!("job kind {} is not EXECUTE (1) or PROVE (2)", r.kind),
                )
                .to_status());
            }
        };
        let s = self
            .service
            .submit(&r.program_id, kind, &r.input, Some(r.security))
            .await
            .map_err(status_err)?;
        Ok(Response::new(status_to_proto(s)))
    }

    async fn get_job(
        &self,
        req: Request<proto::JobRef>,
    ) -> Result<Response<proto::JobStatus>, Status> {
        self.check(&req)?;
        let s = self
            .service
            .status(&req.into_inner().job_id)
            .await
            .map_err(status_err)?;
        Ok(Response::new(status_to_proto(s)))
    }

    type WatchJobStream = WatchStream;

    async fn watch_job(
        &self,
        req: Request<proto::JobRef>,
    ) -> Result<Response<WatchStream>, Status> {
        self.check(&req)?;
        let id = req.into_inner().job_id;
        // An unknown job is an error of the call, not of the stream.
        self.service.status(&id).await.map_err(status_err)?;
        let service = self.service.clone();
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        tokio::spawn(async move {
            let mut revision = 0; // revisions start at 1: the first poll returns at once
            while !tx.is_closed() {
                // Short polls, so that a client that went away is noticed soon.
                match service.watch(&id, revision, Duration::from_secs(2)).await {
                    Ok(s) if s.revision != revision => {
                        revision = s.revision;
                        let done = s.state.is_final();
                        if tx.send(Ok(status_to_proto(s))).await.is_err() || done {
                            return;
                        }
                    }
                    Ok(_) => {} // no change within the poll
                    Err(e) => {
                        let _ = tx.send(Err(e.to_status())).await;
                        return;
                    }
                }
            }
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )))
    }

    async fn get_result(
        &self,
        req: Request<proto::JobRef>,
    ) -> Result<Response<proto::JobResult>, Status> {
        self.check(&req)?;
        let r = self
            .service
            .result(&req.into_inner().job_id)
            .await
            .map_err(status_err)?;
        Ok(Response::new(proto::JobResult {
            job_id: r.job_id,
            kind: kind_to_proto(r.kind),
            exit_code: r.exit_code,
            steps: r.steps,
            outputs: r.outputs,
            stdout: r.stdout,
            stderr: r.stderr,
            proof: r.proof,
            seconds: r.seconds,
        }))
    }

    async fn cancel_job(
        &self,
        req: Request<proto::JobRef>,
    ) -> Result<Response<proto::JobStatus>, Status> {
        self.check(&req)?;
        let s = self
            .service
            .cancel(&req.into_inner().job_id)
            .await
            .map_err(status_err)?;
        Ok(Response::new(status_to_proto(s)))
    }
}
