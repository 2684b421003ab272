//! One HTTP server on one port for everything: gRPC (HTTP/2, routed by its
//! `/zirv.prover.v1.Prover/...` paths), JSON-RPC (`POST /`), `GET /health` and `GET /metrics`.
//! `axum`'s server speaks HTTP/1.1 and cleartext HTTP/2 on the same socket, so a gRPC client
//! and a plain HTTP client can use the same address.
//!
//! The JSON-RPC body is read with the server's request size limit; a larger one is answered
//! with HTTP 413 and the service's `too_large` error, and a wrong or missing bearer token with
//! HTTP 401 and `unauthenticated`, both as JSON-RPC error responses. `/health` and `/metrics`
//! need no token (they reveal counts, nothing of a job).

use crate::error::ServiceError;
use crate::grpc::Grpc;
use crate::jsonrpc;
use crate::service::Service;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jsonrpsee::RpcModule;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use zirv_sdk::wire::ErrorKind;

#[derive(Clone)]
struct App {
    service: Arc<Service>,
    rpc: Arc<RpcModule<Arc<Service>>>,
}

/// The router of all front ends over `service`.
pub fn router(service: Arc<Service>) -> Router {
    let grpc = tonic::service::Routes::new(Grpc::new(service.clone()).server())
        .prepare()
        .into_axum_router();
    let app = App {
        rpc: Arc::new(jsonrpc::module(service.clone())),
        service,
    };
    Router::new()
        .route("/", post(rpc))
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .with_state(app)
        .merge(grpc)
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn rpc(State(app): State<App>, req: Request) -> Response {
    let auth = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if let Err(e) = app.service.authorized(auth) {
        return json_response(
            StatusCode::UNAUTHORIZED,
            jsonrpc::error_response(Value::Null, &e),
        );
    }
    let limit = app.service.limits.max_request_bytes;
    let body = match axum::body::to_bytes(req.into_body(), limit).await {
        Ok(b) => b,
        Err(e) => {
            let e = ServiceError::new(
                ErrorKind::TooLarge,
                format!("the request body exceeds this server's limit of {limit} bytes ({e})"),
            );
            return json_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                jsonrpc::error_response(Value::Null, &e),
            );
        }
    };
    json_response(StatusCode::OK, jsonrpc::handle(&app.rpc, &body).await)
}

async fn health(State(app): State<App>) -> Response {
    match app.service.store.counts().await {
        Ok(_) => json_response(StatusCode::OK, r#"{"status":"ok"}"#.into()),
        Err(e) => json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({ "status": "unavailable", "reason": e.to_string() }).to_string(),
        ),
    }
}

async fn metrics(State(app): State<App>) -> Response {
    match app.service.metrics.render(&app.service.store).await {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            text,
        )
            .into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response(),
    }
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service())
        .with_graceful_shutdown(shutdown)
        .await
}
