//! The Zirv prover service (`zirv serve`, `zirv worker`; docs/service.md).
//!
//! One job model ([`Service`]: register a program by its ELF, submit an execute or prove job,
//! status, watch, result, cancel) behind two front ends that share one port: gRPC
//! (`proto/zirv/prover/v1/prover.proto`, [`grpc`]) and JSON-RPC 2.0 over HTTP ([`jsonrpc`]),
//! plus `/health` and Prometheus `/metrics` ([`http`]). Jobs live in a database ([`store`]:
//! SQLite by default, PostgreSQL to share the queue between processes), so a restart loses
//! nothing that was accepted, and workers ([`worker`]) claim jobs under a lease so that a dead
//! worker's job is taken over.
//!
//! Proving goes through the SDK's public API only (`zirv_sdk::prove_with`, `execute_with`):
//! the service does not know how proofs are made, and follows the prover as it changes.

pub mod error;
pub mod grpc;
pub mod http;
pub mod jsonrpc;
pub mod metrics;
pub mod service;
pub mod store;
pub mod worker;

pub use error::ServiceError;
pub use service::{Limits, Service};
pub use store::{Backend, Store};
pub use worker::WorkerConfig;

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

/// How to run a service.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// Where to listen (port 0: any free port, see [`Server::addr`]).
    pub listen: SocketAddr,
    /// `sqlite://FILE?mode=rwc` or `postgres://...` (see [`database_url`]).
    pub database: String,
    /// The bearer token every call must carry (none: no authentication).
    pub token: Option<String>,
    /// Size and queue limits.
    pub limits: Limits,
    /// The workers this process runs (concurrency 0: none, front ends only).
    pub worker: WorkerConfig,
}

/// A running service.
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    http: JoinHandle<std::io::Result<()>>,
    workers: JoinHandle<()>,
}

/// The database URL of `--database`'s value: a URL as given, or a file path as SQLite
/// (created if missing).
pub fn database_url(value: &str) -> String {
    if value.contains("://") || value.starts_with("sqlite:") {
        value.to_string()
    } else {
        format!("sqlite://{value}?mode=rwc")
    }
}

/// Opens the store and, on SQLite (one process owns the file), returns the jobs that were
/// running when the last process stopped to the queue (or fails them after too many tries).
pub async fn open_store(url: &str, worker: &WorkerConfig) -> Result<Store, ServiceError> {
    let store = Store::connect(url, 16).await?;
    if store.backend() == Backend::Sqlite {
        let n = store.requeue_running(worker.max_attempts).await?;
        if n > 0 {
            tracing::info!("{n} job(s) left running by the last process: requeued or failed");
        }
    }
    Ok(store)
}

/// Starts the front ends and workers of `cfg`.
pub async fn start(cfg: ServeConfig) -> Result<Server, ServiceError> {
    let url = database_url(&cfg.database);
    let store = open_store(&url, &cfg.worker).await?;
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| {
            ServiceError::new(
                zirv_sdk::wire::ErrorKind::Internal,
                format!("cannot listen on {}: {e}", cfg.listen),
            )
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServiceError::new(zirv_sdk::wire::ErrorKind::Internal, e.to_string()))?;
    let service = Arc::new(Service {
        store: store.clone(),
        limits: cfg.limits,
        token: cfg.token,
        metrics: Arc::default(),
        submitted: Arc::new(Notify::new()),
    });
    let (stop, stopped) = watch::channel(false);
    let workers = tokio::spawn(worker::run_workers(
        store,
        service.metrics.clone(),
        service.submitted.clone(),
        cfg.worker,
        stopped.clone(),
    ));
    let mut until = stopped;
    let shutdown = async move {
        let _ = until.wait_for(|s| *s).await;
    };
    let http = tokio::spawn(http::serve(listener, http::router(service), shutdown));
    Ok(Server {
        addr,
        stop,
        http,
        workers,
    })
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting work, lets running jobs finish and returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.http.await;
        let _ = self.workers.await;
    }
}
