//! The prover service's JSON-RPC 2.0 messages (docs/service.md), shared by the service
//! (`zirv-service`, which serves them) and [`crate::ProverClient`]'s remote backend (which sends
//! them), so that the two cannot drift apart. Bytes travel as standard base64 strings.
//!
//! The error codes ([`ErrorKind`]) are the service's for both front ends: the JSON-RPC error
//! code, and on gRPC the metadata entry `zirv-error-code` next to the gRPC status.

use serde::{Deserialize, Serialize};

/// The JSON-RPC method names.
pub mod method {
    /// [`super::RegisterParams`] -> [`super::RegisterResult`].
    pub const REGISTER_PROGRAM: &str = "register_program";
    /// [`super::SubmitParams`] -> [`super::JobStatus`].
    pub const SUBMIT_JOB: &str = "submit_job";
    /// [`super::JobRef`] -> [`super::JobStatus`].
    pub const GET_JOB: &str = "get_job";
    /// [`super::WatchParams`] -> [`super::JobStatus`] (long poll).
    pub const WATCH_JOB: &str = "watch_job";
    /// [`super::JobRef`] -> [`super::JobResult`].
    pub const GET_RESULT: &str = "get_result";
    /// [`super::JobRef`] -> [`super::JobStatus`].
    pub const CANCEL_JOB: &str = "cancel_job";
}

/// Serde for `Vec<u8>` as a base64 string.
pub mod b64 {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Encodes.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    /// Decodes; a string that is not base64 is a typed error naming the field's value's fault.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        STANDARD
            .decode(s.as_bytes())
            .map_err(|e| serde::de::Error::custom(format!("invalid base64: {e}")))
    }
}

/// `register_program`'s parameters.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegisterParams {
    /// The ELF.
    #[serde(with = "b64")]
    pub elf: Vec<u8>,
    /// `poseidon2` (default) or `keccak`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// `register_program`'s result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegisterResult {
    /// The program id (`poseidon2:<hex>` or `keccak:<hex>`).
    pub program_id: String,
}

/// What a job does.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Run the guest (fast mode): exit code, steps, outputs, stdout, stderr.
    Execute,
    /// Run and prove it: also the proof file.
    Prove,
}

impl JobKind {
    /// The name used on the wire and in the store.
    pub fn name(self) -> &'static str {
        match self {
            JobKind::Execute => "execute",
            JobKind::Prove => "prove",
        }
    }

    /// From [`JobKind::name`].
    pub fn from_name(s: &str) -> Option<JobKind> {
        match s {
            "execute" => Some(JobKind::Execute),
            "prove" => Some(JobKind::Prove),
            _ => None,
        }
    }
}

/// Where a job is.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for a worker.
    Queued,
    /// A worker holds it.
    Running,
    /// Finished; its result can be fetched.
    Succeeded,
    /// Ended with an error (`error`).
    Failed,
    /// Cancelled before it ended.
    Cancelled,
}

impl JobState {
    /// Every state, in order.
    pub const ALL: [JobState; 5] = [
        JobState::Queued,
        JobState::Running,
        JobState::Succeeded,
        JobState::Failed,
        JobState::Cancelled,
    ];

    /// The name used on the wire and in the store.
    pub fn name(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    /// From [`JobState::name`].
    pub fn from_name(s: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Whether the job has ended (no further change).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            JobState::Succeeded | JobState::Failed | JobState::Cancelled
        )
    }
}

/// `submit_job`'s parameters.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SubmitParams {
    /// A registered program's id.
    pub program_id: String,
    /// Execute or prove.
    pub kind: JobKind,
    /// Framed input records (`Stdin::to_bytes`).
    #[serde(with = "b64", default)]
    pub input: Vec<u8>,
    /// Conjectured security bits of the proof: 100 (default) or 128.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<u32>,
}

/// A job, by id.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct JobRef {
    /// The job id.
    pub job_id: String,
}

/// `watch_job`'s parameters: returns as soon as the job's revision differs from `revision`
/// (or it has ended), or after `timeout_ms` (at most 30 000) with the status as it is.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WatchParams {
    /// The job id.
    pub job_id: String,
    /// The revision the caller has seen (0: none).
    #[serde(default)]
    pub revision: i64,
    /// How long to wait for a change.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

/// Why a job failed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct JobError {
    /// `invalid_input`, `vm`, `guest_failed`, `too_long`, `unprovable`, `prover`,
    /// `worker_lost`.
    pub kind: String,
    /// What happened.
    pub message: String,
}

/// A job's status.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct JobStatus {
    /// The job id.
    pub job_id: String,
    /// Its program.
    pub program_id: String,
    /// Execute or prove.
    pub kind: JobKind,
    /// Where it is.
    pub state: JobState,
    /// `queued`, `starting`, `executing`, `witness`, `committing`, `proving`, `done`, `failed`, `cancelled`.
    pub phase: String,
    /// 0..=1: by phase, then instance by instance while committing and proving.
    pub progress: f64,
    /// How many times a worker took it.
    pub attempts: u32,
    /// The worker holding (or that last held) it.
    pub worker: Option<String>,
    /// Why it failed.
    pub error: Option<JobError>,
    /// Milliseconds since the Unix epoch.
    pub created_ms: i64,
    /// Milliseconds since the Unix epoch.
    pub updated_ms: i64,
    /// Increases with every change.
    pub revision: i64,
}

/// A succeeded job's result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct JobResult {
    /// The job id.
    pub job_id: String,
    /// Execute or prove.
    pub kind: JobKind,
    /// The guest's exit code (prove jobs: 0).
    pub exit_code: u64,
    /// Steps executed.
    pub steps: u64,
    /// The 64 public outputs, 256 bytes little endian.
    #[serde(with = "b64")]
    pub outputs: Vec<u8>,
    /// The guest's stdout.
    #[serde(with = "b64")]
    pub stdout: Vec<u8>,
    /// The guest's stderr.
    #[serde(with = "b64")]
    pub stderr: Vec<u8>,
    /// Prove jobs: the proof file's bytes (empty for execute jobs).
    #[serde(with = "b64", default)]
    pub proof: Vec<u8>,
    /// Seconds the worker spent on it.
    pub seconds: f64,
}

/// The service's error kinds, each with its JSON-RPC code (also sent with gRPC errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The request body is not JSON (JSON-RPC only).
    Parse,
    /// Not a JSON-RPC 2.0 request object.
    InvalidRequest,
    /// No such method.
    MethodNotFound,
    /// Missing or ill-typed parameters, an unknown hash, kind or security level.
    InvalidParams,
    /// A bug or a database failure.
    Internal,
    /// The ELF is not a RISC-V program Zirv runs.
    InvalidElf,
    /// The ELF, input or request exceeds the server's limit.
    TooLarge,
    /// The input is not a whole number of records.
    InvalidInput,
    /// No program with that id is registered.
    UnknownProgram,
    /// No job with that id.
    UnknownJob,
    /// The queue is full: retry later.
    Busy,
    /// Missing or wrong bearer token.
    Unauthenticated,
    /// The job has not ended yet.
    NotFinished,
    /// The job failed (the error's data names why).
    JobFailed,
    /// The job was cancelled.
    JobCancelled,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 15] = [
        ErrorKind::Parse,
        ErrorKind::InvalidRequest,
        ErrorKind::MethodNotFound,
        ErrorKind::InvalidParams,
        ErrorKind::Internal,
        ErrorKind::InvalidElf,
        ErrorKind::TooLarge,
        ErrorKind::InvalidInput,
        ErrorKind::UnknownProgram,
        ErrorKind::UnknownJob,
        ErrorKind::Busy,
        ErrorKind::Unauthenticated,
        ErrorKind::NotFinished,
        ErrorKind::JobFailed,
        ErrorKind::JobCancelled,
    ];

    /// The JSON-RPC error code.
    pub fn code(self) -> i32 {
        match self {
            ErrorKind::Parse => -32700,
            ErrorKind::InvalidRequest => -32600,
            ErrorKind::MethodNotFound => -32601,
            ErrorKind::InvalidParams => -32602,
            ErrorKind::Internal => -32603,
            ErrorKind::InvalidElf => -32001,
            ErrorKind::TooLarge => -32002,
            ErrorKind::InvalidInput => -32003,
            ErrorKind::UnknownProgram => -32004,
            ErrorKind::UnknownJob => -32005,
            ErrorKind::Busy => -32006,
            ErrorKind::Unauthenticated => -32007,
            ErrorKind::NotFinished => -32008,
            ErrorKind::JobFailed => -32009,
            ErrorKind::JobCancelled => -32010,
        }
    }

    /// A stable name (`invalid_elf`, `unknown_job`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Parse => "parse",
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::MethodNotFound => "method_not_found",
            ErrorKind::InvalidParams => "invalid_params",
            ErrorKind::Internal => "internal",
            ErrorKind::InvalidElf => "invalid_elf",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::UnknownProgram => "unknown_program",
            ErrorKind::UnknownJob => "unknown_job",
            ErrorKind::Busy => "busy",
            ErrorKind::Unauthenticated => "unauthenticated",
            ErrorKind::NotFinished => "not_finished",
            ErrorKind::JobFailed => "job_failed",
            ErrorKind::JobCancelled => "job_cancelled",
        }
    }

    /// From [`ErrorKind::code`].
    pub fn from_code(code: i32) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_distinct() {
        for a in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_code(a.code()), Some(a));
            for b in ErrorKind::ALL {
                assert!(a == b || (a.code() != b.code() && a.name() != b.name()));
            }
        }
        for s in JobState::ALL {
            assert_eq!(JobState::from_name(s.name()), Some(s));
        }
    }

    #[test]
    fn bytes_travel_as_base64() {
        let p = RegisterParams {
            elf: vec![0x7f, b'E', b'L', b'F'],
            hash: None,
        };
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v, serde_json::json!({ "elf": "f0VMRg==" }));
        assert_eq!(serde_json::from_value::<RegisterParams>(v).unwrap(), p);
        let e = serde_json::from_str::<RegisterParams>(r#"{"elf":"!!"}"#).unwrap_err();
        assert!(e.to_string().contains("invalid base64"), "{e}");
    }
}
