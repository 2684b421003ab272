//! The job model, once: register a program, submit a job, read its status, watch it, fetch its
//! result, cancel it. The gRPC and JSON-RPC front ends are thin translations of these calls, so
//! both check the same limits and refuse the same requests with the same [`ErrorKind`].

use crate::error::ServiceError;
use crate::metrics::Metrics;
use crate::store::{NewJob, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use zirv_sdk::wire::{ErrorKind, JobKind, JobResult, JobState, JobStatus};
use zirv_sdk::{HashKind, SecurityLevel, hash_from_name, program_id};

/// What the service accepts.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest ELF.
    pub max_elf_bytes: usize,
    /// The largest job input.
    pub max_input_bytes: usize,
    /// The largest request body (JSON-RPC) or message (gRPC).
    pub max_request_bytes: usize,
    /// The most jobs waiting in the queue; more are refused as [`ErrorKind::Busy`].
    pub max_queue: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_elf_bytes: 16 << 20,
            max_input_bytes: 16 << 20,
            max_request_bytes: 48 << 20,
            max_queue: 256,
        }
    }
}

/// The service's state, shared by the front ends (and the in-process workers, which wake on
/// `submitted`).
pub struct Service {
    /// The store.
    pub store: Store,
    /// The limits.
    pub limits: Limits,
    /// The bearer token every call must carry, if any.
    pub token: Option<String>,
    /// Counters for /metrics.
    pub metrics: Arc<Metrics>,
    /// Signalled on every submit, so idle workers in this process start at once.
    pub submitted: Arc<Notify>,
}

/// The longest a `watch_job` long poll waits.
pub const MAX_WATCH: Duration = Duration::from_secs(30);

impl Service {
    /// Registers `elf`; returns its program id under `hash` (default Poseidon2).
    pub async fn register(&self, elf: Vec<u8>, hash: Option<&str>) -> Result<String, ServiceError> {
        let hash = match hash {
            None | Some("") => HashKind::default(),
            Some(h) => hash_from_name(h).ok_or_else(|| {
                ServiceError::new(
                    ErrorKind::InvalidParams,
                    format!("unknown hash {h:?}: use poseidon2 or keccak"),
                )
            })?,
        };
        if elf.len() > self.limits.max_elf_bytes {
            return Err(ServiceError::new(
                ErrorKind::TooLarge,
                format!(
                    "the ELF is {} bytes, more than this server's limit of {} (--max-elf-bytes)",
                    elf.len(),
                    self.limits.max_elf_bytes
                ),
            ));
        }
        // Transpiling and committing take a while for large programs: off the async threads.
        let (id, elf) = tokio::task::spawn_blocking(move || {
            let rom = zirv_core::transpile_elf(&elf).map_err(|e| {
                ServiceError::new(ErrorKind::InvalidElf, format!("invalid ELF: {e}"))
            })?;
            let id = program_id(&rom, hash).map_err(|e| {
                ServiceError::new(ErrorKind::InvalidElf, format!("no program id: {e}"))
            })?;
            Ok::<_, ServiceError>((id.to_string(), elf))
        })
        .await
        .map_err(|e| ServiceError::new(ErrorKind::Internal, format!("register task: {e}")))??;
        self.store.put_program(&id, &elf).await?;
        Ok(id)
    }

    /// Queues a job.
    pub async fn submit(
        &self,
        program_id: &str,
        kind: JobKind,
        input: &[u8],
        security: Option<u32>,
    ) -> Result<JobStatus, ServiceError> {
        let security = match security {
            None | Some(0) => SecurityLevel::default().bits(),
            Some(b) => SecurityLevel::from_bits(b)
                .ok_or_else(|| {
                    ServiceError::new(
                        ErrorKind::InvalidParams,
                        format!("security {b} is not offered: use 100 or 128"),
                    )
                })?
                .bits(),
        };
        if input.len() > self.limits.max_input_bytes {
            return Err(ServiceError::new(
                ErrorKind::TooLarge,
                format!(
                    "the input is {} bytes, more than this server's limit of {} \
                     (--max-input-bytes)",
                    input.len(),
                    self.limits.max_input_bytes
                ),
            ));
        }
        zirv_sdk::Stdin::from_framed(input).map_err(|e| {
            ServiceError::new(ErrorKind::InvalidInput, format!("invalid input: {e}"))
        })?;
        if !self.store.has_program(program_id).await? {
            return Err(ServiceError::new(
                ErrorKind::UnknownProgram,
                format!("no program {program_id:?} is registered: register its ELF first"),
            ));
        }
        let job = NewJob {
            program_id,
            kind,
            input,
            security,
        };
        let status = self.store.submit(job, self.limits.max_queue).await?;
        self.submitted.notify_waiters();
        Ok(status)
    }

    /// A job's status.
    pub async fn status(&self, job_id: &str) -> Result<JobStatus, ServiceError> {
        self.store
            .status(job_id)
            .await?
            .ok_or_else(|| unknown_job(job_id))
    }

    /// The job's status once its revision differs from `revision` or it has ended, or after
    /// `timeout` as it is then.
    pub async fn watch(
        &self,
        job_id: &str,
        revision: i64,
        timeout: Duration,
    ) -> Result<JobStatus, ServiceError> {
        let deadline = tokio::time::Instant::now() + timeout.min(MAX_WATCH);
        loop {
            let s = self.status(job_id).await?;
            if s.revision != revision
                || s.state.is_final()
                || tokio::time::Instant::now() >= deadline
            {
                return Ok(s);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A succeeded job's result; a job that failed, was cancelled or has not ended is an error
    /// of its own kind.
    pub async fn result(&self, job_id: &str) -> Result<JobResult, ServiceError> {
        let s = self.status(job_id).await?;
        match s.state {
            JobState::Succeeded => self.store.result(job_id).await?.ok_or_else(|| {
                ServiceError::new(ErrorKind::Internal, "a succeeded job has no result")
            }),
            JobState::Failed => {
                let e = s.error.unwrap_or(zirv_sdk::wire::JobError {
                    kind: "unknown".into(),
                    message: String::new(),
                });
                Err(ServiceError::new(
                    ErrorKind::JobFailed,
                    format!("job {job_id} failed ({}): {}", e.kind, e.message),
                )
                .with_data(serde_json::json!({ "kind": e.kind, "message": e.message })))
            }
            JobState::Cancelled => Err(ServiceError::new(
                ErrorKind::JobCancelled,
                format!("job {job_id} was cancelled"),
            )),
            JobState::Queued | JobState::Running => Err(ServiceError::new(
                ErrorKind::NotFinished,
                format!("job {job_id} is {} ({})", s.state.name(), s.phase),
            )),
        }
    }

    /// Cancels a job.
    pub async fn cancel(&self, job_id: &str) -> Result<JobStatus, ServiceError> {
        self.store
            .cancel(job_id)
            .await?
            .ok_or_else(|| unknown_job(job_id))
    }

    /// Whether `header` (an `Authorization` value) carries the token, when one is required.
    pub fn authorized(&self, header: Option<&str>) -> Result<(), ServiceError> {
        let Some(token) = &self.token else {
            return Ok(());
        };
        let given = header.and_then(|h| h.strip_prefix("Bearer "));
        if given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
            Ok(())
        } else {
            Err(ServiceError::new(
                ErrorKind::Unauthenticated,
                "missing or wrong bearer token (Authorization: Bearer TOKEN)",
            ))
        }
    }
}

fn unknown_job(job_id: &str) -> ServiceError {
    ServiceError::new(ErrorKind::UnknownJob, format!("no job {job_id:?}"))
}

/// Compares without an early exit, so the time taken tells nothing about the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
