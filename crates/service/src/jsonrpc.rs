//! The JSON-RPC 2.0 front end: `jsonrpsee`'s method registry and dispatch (request parsing,
//! ids, standard errors) over the HTTP server of [`crate::http`], which also carries gRPC,
//! `/health` and `/metrics` on the same port. Each method is one [`Service`] call with the
//! parameters and results of `zirv_sdk::wire`; errors carry the service's code and, in `data`,
//! its `kind` (and for a failed job the job's own error).
//!
//! `watch_job` is a long poll (plain HTTP has no server push): it answers when the job's
//! revision differs from the caller's, or after a timeout.

use crate::error::ServiceError;
use crate::service::Service;
use jsonrpsee::RpcModule;
use jsonrpsee::types::{ErrorObjectOwned, Params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use zirv_sdk::wire::{
    self, ErrorKind, JobRef, RegisterParams, RegisterResult, SubmitParams, WatchParams,
};

type Rpc = Result<Value, ErrorObjectOwned>;

fn params<T: DeserializeOwned>(p: &Params<'static>) -> Result<T, ErrorObjectOwned> {
    p.parse::<T>().map_err(|e| {
        ServiceError::new(
            ErrorKind::InvalidParams,
            format!("invalid parameters: {}", e.message()),
        )
        .to_rpc()
    })
}

fn reply<T: Serialize>(r: Result<T, ServiceError>) -> Rpc {
    let v = r.map_err(|e| e.to_rpc())?;
    serde_json::to_value(v)
        .map_err(|e| ServiceError::new(ErrorKind::Internal, e.to_string()).to_rpc())
}

/// The methods, each over `service`.
pub fn module(service: Arc<Service>) -> RpcModule<Arc<Service>> {
    let mut m = RpcModule::new(service);
    let registered = [
        m.register_async_method(wire::method::REGISTER_PROGRAM, |p, s, _| async move {
            let p: RegisterParams = params(&p)?;
            reply(
                s.register(p.elf, p.hash.as_deref())
                    .await
                    .map(|program_id| RegisterResult { program_id }),
            )
        })
        .map(|_| ()),
        m.register_async_method(wire::method::SUBMIT_JOB, |p, s, _| async move {
            let p: SubmitParams = params(&p)?;
            reply(s.submit(&p.program_id, p.kind, &p.input, p.security).await)
        })
        .map(|_| ()),
        m.register_async_method(wire::method::GET_JOB, |p, s, _| async move {
            let p: JobRef = params(&p)?;
            reply(s.status(&p.job_id).await)
        })
        .map(|_| ()),
        m.register_async_method(wire::method::WATCH_JOB, |p, s, _| async move {
            let p: WatchParams = params(&p)?;
            let timeout = Duration::from_millis(p.timeout_ms.unwrap_or(10_000));
            reply(s.watch(&p.job_id, p.revision, timeout).await)
        })
        .map(|_| ()),
        m.register_async_method(wire::method::GET_RESULT, |p, s, _| async move {
            let p: JobRef = params(&p)?;
            reply(s.result(&p.job_id).await)
        })
        .map(|_| ()),
        m.register_async_method(wire::method::CANCEL_JOB, |p, s, _| async move {
            let p: JobRef = params(&p)?;
            reply(s.cancel(&p.job_id).await)
        })
        .map(|_| ()),
    ];
    for r in registered {
        // The names are distinct constants: registering cannot fail.
        r.expect("each method name is registered once");
    }
    m
}

/// A JSON-RPC error response (no request id could be read: `id` null).
pub fn error_response(id: Value, e: &ServiceError) -> String {
    let err = e.to_rpc();
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": err.code(), "message": err.message(), "data": err.data() },
    })
    .to_string()
}

/// Answers one HTTP body: a request or a batch (an array of requests). Never fails: what is
/// not JSON is a parse error (-32700), what is not a request an invalid request (-32600).
pub async fn handle(module: &RpcModule<Arc<Service>>, body: &[u8]) -> String {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return error_response(
                Value::Null,
                &ServiceError::new(ErrorKind::Parse, format!("the body is not JSON: {e}")),
            );
        }
    };
    match parsed {
        Value::Array(calls) if !calls.is_empty() => {
            let mut out = Vec::with_capacity(calls.len());
            for c in calls {
                out.push(one(module, c).await);
            }
            format!("[{}]", out.join(","))
        }
        v => one(module, v).await,
    }
}

async fn one(module: &RpcModule<Arc<Service>>, call: Value) -> String {
    // Only a string or number id is echoed back (JSON-RPC 2.0, section 5).
    let id = match call.get("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
        _ => Value::Null,
    };
    match module.raw_json_request(&call.to_string(), 1).await {
        Ok((resp, _)) => resp,
        Err(e) => error_response(
            id,
            &ServiceError::new(
                ErrorKind::InvalidRequest,
                format!("not a JSON-RPC 2.0 request object: {e}"),
            ),
        ),
    }
}
