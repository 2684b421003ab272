//! The remote backend of [`crate::ProverClient`], and a plain client of the prover service's
//! JSON-RPC API (`zirv client` uses it): blocking HTTP/1.1 (`ureq`), one JSON-RPC 2.0 call per
//! request, the messages of [`crate::wire`]. Long calls wait with `watch_job` (a long poll), so
//! progress reaches the caller as the service reports it.

use crate::wire::{
    self, ErrorKind, JobKind, JobRef, JobResult, JobStatus, RegisterParams, RegisterResult,
    SubmitParams, WatchParams,
};
use crate::{ExecutionReport, HashKind, Progress, PublicValues, SecurityLevel, Stdin};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use thiserror::Error;

/// Why a call to the service failed.
#[derive(Debug, Error)]
pub enum RemoteError {
    /// The service could not be reached, or the connection broke.
    #[error("cannot reach the prover service at {url}: {message}")]
    Transport {
        /// The service's URL.
        url: String,
        /// What failed.
        message: String,
    },
    /// The service answered with a JSON-RPC error.
    #[error("the service refused the call ({name}, code {code}): {message}")]
    Service {
        /// The service's error kind, if it is one of ours.
        kind: Option<ErrorKind>,
        /// The kind's name, or `unknown`.
        name: &'static str,
        /// The JSON-RPC error code.
        code: i32,
        /// The message.
        message: String,
        /// The error's data (for a failed job: its `kind` and `message`).
        data: Option<Value>,
    },
    /// The answer is not what the API promises.
    #[error("unexpected answer from the prover service: {0}")]
    Protocol(String),
}

impl RemoteError {
    /// The service's error kind, if the service refused the call.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            RemoteError::Service { kind, .. } => *kind,
            _ => None,
        }
    }
}

/// A client of one service.
pub struct RemoteClient {
    url: String,
    token: Option<String>,
    agent: ureq::Agent,
    next_id: AtomicU64,
}

impl RemoteClient {
    /// A client of the service at `url` (`http://host:port`), sending `token` as a bearer token.
    pub fn new(url: &str, token: Option<&str>) -> RemoteClient {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(10))
            .timeout_read(Duration::from_secs(60))
            .build();
        RemoteClient {
            url: url.trim_end_matches('/').to_string() + "/",
            token: token.map(str::to_string),
            agent,
            next_id: AtomicU64::new(1),
        }
    }

    /// One JSON-RPC call.
    pub fn call<P: Serialize, R: DeserializeOwned>(
        &self,
        method: &str,
        params: &P,
    ) -> Result<R, RemoteError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let body = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        let mut req = self.agent.post(&self.url);
        if let Some(t) = &self.token {
            req = req.set("Authorization", &format!("Bearer {t}"));
        }
        let transport = |message: String| RemoteError::Transport {
            url: self.url.clone(),
            message,
        };
        let resp = match req.send_json(body) {
            Ok(r) => r,
            // A refused call (401, 413, ...) still carries a JSON-RPC error in its body.
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(transport(e.to_string())),
        };
        let v: Value = resp
            .into_json()
            .map_err(|e| transport(format!("reading the answer: {e}")))?;
        if let Some(err) = v.get("error") {
            let code = err.get("code").and_then(Value::as_i64).unwrap_or(0) as i32;
            let kind = ErrorKind::from_code(code);
            return Err(RemoteError::Service {
                kind,
                name: kind.map_or("unknown", ErrorKind::name),
                code,
                message: err
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                data: err.get("data").cloned(),
            });
        }
        let result = v
            .get("result")
            .cloned()
            .ok_or_else(|| RemoteError::Protocol(format!("no result or error in {v}")))?;
        serde_json::from_value(result)
            .map_err(|e| RemoteError::Protocol(format!("{method}'s result: {e}")))
    }

    /// Registers `elf`; returns its program id under `hash`.
    pub fn register(&self, elf: &[u8], hash: HashKind) -> Result<String, RemoteError> {
        let r: RegisterResult = self.call(
            wire::method::REGISTER_PROGRAM,
            &RegisterParams {
                elf: elf.to_vec(),
                hash: Some(hash.name().to_string()),
            },
        )?;
        Ok(r.program_id)
    }

    /// Submits a job.
    pub fn submit(&self, params: &SubmitParams) -> Result<JobStatus, RemoteError> {
        self.call(wire::method::SUBMIT_JOB, params)
    }

    /// A job's status.
    pub fn status(&self, job_id: &str) -> Result<JobStatus, RemoteError> {
        self.call(wire::method::GET_JOB, &job_ref(job_id))
    }

    /// Cancels a job.
    pub fn cancel(&self, job_id: &str) -> Result<JobStatus, RemoteError> {
        self.call(wire::method::CANCEL_JOB, &job_ref(job_id))
    }

    /// A succeeded job's result.
    pub fn result(&self, job_id: &str) -> Result<JobResult, RemoteError> {
        self.call(wire::method::GET_RESULT, &job_ref(job_id))
    }

    /// Waits until the job ends, reporting every change of its status to `on_status`.
    pub fn wait(
        &self,
        job_id: &str,
        on_status: &mut dyn FnMut(&JobStatus),
    ) -> Result<JobStatus, RemoteError> {
        let mut revision = 0;
        loop {
            let s: JobStatus = self.call(
                wire::method::WATCH_JOB,
                &WatchParams {
                    job_id: job_id.to_string(),
                    revision,
                    timeout_ms: Some(20_000),
                },
            )?;
            if s.revision != revision {
                on_status(&s);
                revision = s.revision;
            }
            if s.state.is_final() {
                return Ok(s);
            }
        }
    }

    /// Submits a job, waits for it and fetches its result (a failed or cancelled job is the
    /// service's error, as `get_result` reports it).
    fn run(
        &self,
        params: SubmitParams,
        on_progress: &mut dyn FnMut(Progress),
    ) -> Result<JobResult, RemoteError> {
        let job = self.submit(&params)?;
        self.wait(&job.job_id, &mut |s| {
            on_progress(Progress {
                phase: s.phase.clone(),
                fraction: s.progress,
            })
        })?;
        self.result(&job.job_id)
    }

    /// Executes the registered program `program_id` on `stdin`.
    pub fn execute(
        &self,
        program_id: &str,
        stdin: &Stdin,
        on_progress: &mut dyn FnMut(Progress),
    ) -> Result<ExecutionReport, RemoteError> {
        let r = self.run(
            SubmitParams {
                program_id: program_id.to_string(),
                kind: JobKind::Execute,
                input: stdin.to_bytes(),
                security: None,
            },
            on_progress,
        )?;
        Ok(ExecutionReport {
            exit_code: r.exit_code,
            steps: r.steps,
            public_values: public_values(&r.outputs)?,
            stdout: r.stdout,
            stderr: r.stderr,
            stats: Default::default(),
        })
    }

    /// Proves the registered program `program_id` on `stdin`; the proof file's bytes.
    pub fn prove(
        &self,
        program_id: &str,
        stdin: &Stdin,
        security: SecurityLevel,
        on_progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<u8>, RemoteError> {
        let r = self.run(
            SubmitParams {
                program_id: program_id.to_string(),
                kind: JobKind::Prove,
                input: stdin.to_bytes(),
                security: Some(security.bits()),
            },
            on_progress,
        )?;
        Ok(r.proof)
    }
}

fn job_ref(job_id: &str) -> JobRef {
    JobRef {
        job_id: job_id.to_string(),
    }
}

/// The public values of a result's 256 output bytes.
pub fn public_values(outputs: &[u8]) -> Result<PublicValues, RemoteError> {
    if outputs.len() != 256 {
        return Err(RemoteError::Protocol(format!(
            "the outputs are {} bytes, not 256",
            outputs.len()
        )));
    }
    let words: [u32; 64] = std::array::from_fn(|i| {
        u32::from_le_bytes([
            outputs[4 * i],
            outputs[4 * i + 1],
            outputs[4 * i + 2],
            outputs[4 * i + 3],
        ])
    });
    Ok(PublicValues::from_outputs(&words))
}
