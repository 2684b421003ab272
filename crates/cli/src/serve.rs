//! `zirv serve` (the prover service: gRPC, JSON-RPC, /health, /metrics on one port, with
//! workers) and `zirv worker` (workers only, on a shared PostgreSQL). Both stop on SIGINT or
//! SIGTERM after the jobs they run have ended; a job of a process that is killed is taken over
//! (PostgreSQL: after its lease) or requeued at the next start (SQLite).
//!
//! Exit status: 0 after a clean stop; 1 when the database cannot be opened or the address
//! cannot be bound; 2 for usage errors.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use zirv_service::{Limits, ServeConfig, WorkerConfig};

#[derive(Args)]
pub struct WorkerOpts {
    /// Jobs this process runs at once (0: none, front ends only).
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// Seconds a worker's claim on a job lasts without renewal; after it, another worker takes
    /// the job over.
    #[arg(long, default_value_t = 30)]
    lease_secs: u64,
    /// Times a job is claimed before it is failed as `worker_lost`.
    #[arg(long, default_value_t = 3)]
    max_attempts: u32,
    /// Milliseconds an idle worker waits before looking for work again.
    #[arg(long, default_value_t = 500)]
    poll_ms: u64,
    /// Step limit of execute and prove jobs (proofs: at most the prover's own limit).
    #[arg(long, default_value_t = 1 << 32)]
    max_steps: u64,
}

impl WorkerOpts {
    fn config(&self) -> Result<WorkerConfig> {
        if self.lease_secs == 0 || self.max_attempts == 0 {
            bail!("--lease-secs and --max-attempts must be at least 1");
        }
        let mut cfg = WorkerConfig::new(self.jobs);
        cfg.lease = Duration::from_secs(self.lease_secs);
        cfg.max_attempts = self.max_attempts;
        cfg.poll = Duration::from_millis(self.poll_ms.max(1));
        cfg.max_steps = self.max_steps;
        Ok(cfg)
    }
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address for JSON-RPC (POST /), gRPC, /health and /metrics (port 0: any free port; the
    /// address is printed on stdout).
    #[arg(long, default_value = "127.0.0.1:7878")]
    listen: SocketAddr,
    /// The job store: a SQLite file path (created if missing) or postgres://user@host/db.
    #[arg(long, default_value = "zirv-service.db")]
    database: String,
    /// Require `Authorization: Bearer TOKEN` on every call (gRPC metadata likewise).
    #[arg(long)]
    token: Option<String>,
    /// Read the token from a file (its first line).
    #[arg(long, conflicts_with = "token")]
    token_file: Option<std::path::PathBuf>,
    /// Largest ELF accepted, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    max_elf_bytes: usize,
    /// Largest job input accepted, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    max_input_bytes: usize,
    /// Largest request body (JSON-RPC) or message (gRPC), in bytes.
    #[arg(long, default_value_t = 48 << 20)]
    max_request_bytes: usize,
    /// Most jobs waiting in the queue; submits beyond it get the `busy` error.
    #[arg(long, default_value_t = 256)]
    max_queue: u64,
    #[command(flatten)]
    worker: WorkerOpts,
}

#[derive(Args)]
pub struct WorkerArgs {
    /// The job store shared with the service: postgres://user@host/db (or a SQLite file, for
    /// a worker that is the only process on it).
    #[arg(long)]
    database: String,
    #[command(flatten)]
    worker: WorkerOpts,
}

/// The service's log (jobs claimed, ended, warnings) on stderr.
fn init_log() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    init_log();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Completes on SIGINT or SIGTERM.
async fn stop_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

fn token(args: &ServeArgs) -> Result<Option<String>> {
    match (&args.token, &args.token_file) {
        (Some(t), _) => Ok(Some(t.clone())),
        (None, Some(f)) => {
            let text = std::fs::read_to_string(f)
                .with_context(|| format!("cannot read the token file {}", f.display()))?;
            let t = text.lines().next().unwrap_or("").trim().to_string();
            if t.is_empty() {
                bail!("the token file {} is empty", f.display());
            }
            Ok(Some(t))
        }
        (None, None) => Ok(None),
    }
}

fn serve_main(args: ServeArgs) -> Result<()> {
    let token = token(&args)?;
    if !args.listen.ip().is_loopback() && token.is_none() {
        eprintln!(
            "warning: listening on {} with no --token: anyone who reaches it can submit jobs",
            args.listen
        );
    }
    let cfg = ServeConfig {
        listen: args.listen,
        database: args.database.clone(),
        token,
        limits: Limits {
            max_elf_bytes: args.max_elf_bytes,
            max_input_bytes: args.max_input_bytes,
            max_request_bytes: args.max_request_bytes,
            max_queue: args.max_queue,
        },
        worker: args.worker.config()?,
    };
    let worker_id = cfg.worker.id.clone();
    runtime()?.block_on(async move {
        let server = zirv_service::start(cfg).await?;
        // Scripts and tests read the address (port 0 picks one) from this first line.
        println!("listening on http://{}", server.addr());
        eprintln!(
            "zirv serve: JSON-RPC on POST /, gRPC, /health, /metrics; worker {worker_id}; \
             database {}",
            args.database
        );
        stop_signal().await;
        eprintln!("zirv serve: stopping (running jobs finish first)");
        server.shutdown().await;
        Ok::<_, anyhow::Error>(())
    })
}

fn worker_main(args: WorkerArgs) -> Result<()> {
    let cfg = args.worker.config()?;
    if cfg.concurrency == 0 {
        bail!("--jobs 0: a worker with no jobs would do nothing");
    }
    let url = zirv_service::database_url(&args.database);
    runtime()?.block_on(async move {
        let store = zirv_service::open_store(&url, &cfg).await?;
        println!("worker {} on {}", cfg.id, args.database);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let run = tokio::spawn(zirv_service::worker::run_workers(
            store,
            Arc::default(),
            Arc::default(),
            cfg,
            stopped,
        ));
        stop_signal().await;
        eprintln!("zirv worker: stopping (running jobs finish first)");
        let _ = stop.send(true);
        let _ = run.await;
        Ok::<_, anyhow::Error>(())
    })
}

pub fn serve(args: ServeArgs) -> ExitCode {
    match serve_main(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

pub fn worker(args: WorkerArgs) -> ExitCode {
    match worker_main(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
