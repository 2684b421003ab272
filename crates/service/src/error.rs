//! The service's one error type. Each error has a kind ([`ErrorKind`], shared with the SDK's
//! client) that fixes its JSON-RPC code and its gRPC status, so the two front ends report every
//! failure the same way; the message names what was wrong.

use serde_json::Value;
use thiserror::Error;
use zirv_sdk::wire::ErrorKind;

/// A refused or failed service call.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct ServiceError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// What was wrong.
    pub message: String,
    /// Extra data (a failed job's own error).
    pub data: Option<Value>,
}

impl ServiceError {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ServiceError {
        ServiceError {
            kind,
            message: message.into(),
            data: None,
        }
    }

    /// The same, with data.
    pub fn with_data(mut self, data: Value) -> ServiceError {
        self.data = Some(data);
        self
    }

    /// A database failure.
    pub fn db(e: sqlx::Error) -> ServiceError {
        ServiceError::new(ErrorKind::Internal, format!("database: {e}"))
    }

    /// The gRPC status of this error: the code that fits, with the service's code and kind in
    /// the metadata entries `zirv-error-code` and `zirv-error-kind`.
    pub fn to_status(&self) -> tonic::Status {
        use tonic::Code;
        let code = match self.kind {
            ErrorKind::Parse
            | ErrorKind::InvalidRequest
            | ErrorKind::InvalidParams
            | ErrorKind::InvalidElf
            | ErrorKind::InvalidInput => Code::InvalidArgument,
            ErrorKind::MethodNotFound => Code::Unimplemented,
            ErrorKind::Internal => Code::Internal,
            ErrorKind::TooLarge => Code::ResourceExhausted,
            ErrorKind::UnknownProgram | ErrorKind::UnknownJob => Code::NotFound,
            ErrorKind::Busy => Code::Unavailable,
            ErrorKind::Unauthenticated => Code::Unauthenticated,
            ErrorKind::NotFinished => Code::FailedPrecondition,
            ErrorKind::JobFailed => Code::Aborted,
            ErrorKind::JobCancelled => Code::Cancelled,
        };
        let message = match &self.data {
            Some(d) => format!("{} ({d})", self.message),
            None => self.message.clone(),
        };
        let mut status = tonic::Status::new(code, message);
        let md = status.metadata_mut();
        if let Ok(v) = self.kind.code().to_string().parse() {
            md.insert("zirv-error-code", v);
        }
        if let Ok(v) = self.kind.name().parse() {
            md.insert("zirv-error-kind", v);
        }
        status
    }

    /// The JSON-RPC error object of this error.
    pub fn to_rpc(&self) -> jsonrpsee::types::ErrorObjectOwned {
        let mut data = serde_json::json!({ "kind": self.kind.name() });
        if let Some(d) = &self.data {
            data["detail"] = d.clone();
        }
        jsonrpsee::types::ErrorObjectOwned::owned(self.kind.code(), &self.message, Some(data))
    }
}
