//! Workers: claim a job from the store, run it on a blocking thread, renew the lease and report
//! the phase while it runs, record the result. `zirv serve` runs workers next to its front
//! ends; `zirv worker` runs only workers, for more proving machines on one PostgreSQL.
//!
//! A job's failure (a VM error, a run that cannot be proven, even a panic in the prover) is
//! recorded on the job and the worker takes the next one: nothing a job does stops the service.

use crate::metrics::Metrics;
use crate::store::{Claimed, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Notify, mpsc, watch};
use zirv_sdk::wire::{JobError, JobKind, JobResult};
use zirv_sdk::{
    CaptureIo, ExecOptions, ExecuteError, ProgramId, ProveError, ProveOptions, SecurityLevel,
    Stdin, execute_with, phase_progress, prove_with,
};

/// How workers behave.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// This process's worker id (jobs record who runs them).
    pub id: String,
    /// Jobs run at once by this process.
    pub concurrency: usize,
    /// How long a claim holds without renewal; a dead worker's job is taken over after it.
    pub lease: Duration,
    /// Claims of one job before it is failed as `worker_lost`.
    pub max_attempts: u32,
    /// How often an idle worker looks for work (it also wakes on submits in this process).
    pub poll: Duration,
    /// The step limit of execute and prove jobs (a proof holds at most `zirv_sdk::MAX_STEPS`).
    pub max_steps: u64,
}

impl WorkerConfig {
    /// Defaults, with an id made of the process id and a random suffix.
    pub fn new(concurrency: usize) -> WorkerConfig {
        WorkerConfig {
            id: format!("{}-{:08x}", std::process::id(), rand::random::<u32>()),
            concurrency,
            lease: Duration::from_secs(30),
            max_attempts: 3,
            poll: Duration::from_millis(500),
            max_steps: ExecOptions::default().max_steps,
        }
    }
}

/// Runs `cfg.concurrency` worker loops until `stop` turns true; waits for running jobs.
pub async fn run_workers(
    store: Store,
    metrics: Arc<Metrics>,
    wake: Arc<Notify>,
    cfg: WorkerConfig,
    stop: watch::Receiver<bool>,
) {
    let mut tasks = Vec::new();
    for _ in 0..cfg.concurrency {
        let (store, metrics, wake, cfg, mut stop) = (
            store.clone(),
            metrics.clone(),
            wake.clone(),
            cfg.clone(),
            stop.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while !*stop.borrow() {
                match store.claim(&cfg.id, lease_ms(&cfg), cfg.max_attempts).await {
                    Ok(Some(job)) => run_job(&store, &metrics, &cfg, job).await,
                    Ok(None) => {
                        tokio::select! {
                            _ = wake.notified() => {}
                            _ = tokio::time::sleep(cfg.poll) => {}
                            _ = stop.changed() => {}
                        }
                    }
                    Err(e) => {
                        tracing::warn!("worker {}: claiming a job: {e}", cfg.id);
                        tokio::time::sleep(cfg.poll).await;
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}

fn lease_ms(cfg: &WorkerConfig) -> i64 {
    cfg.lease.as_millis() as i64
}

/// What a job's blocking work produced.
type Outcome = Result<(JobResult, Option<(u64, f64)>), JobError>;

fn job_error(kind: &str, message: impl Into<String>) -> JobError {
    JobError {
        kind: kind.into(),
        message: message.into(),
    }
}

/// Runs one claimed job to its end, renewing the lease meanwhile.
async fn run_job(store: &Store, metrics: &Metrics, cfg: &WorkerConfig, job: Claimed) {
    let elf = match store.program_elf(&job.program_id).await {
        Ok(Some(elf)) => elf,
        Ok(None) => {
            let e = job_error(
                "unknown_program",
                format!("program {} is gone", job.program_id),
            );
            let _ = store.fail(&job.id, &cfg.id, &e).await;
            return;
        }
        Err(e) => {
            tracing::warn!("worker {}: loading job {}'s program: {e}", cfg.id, job.id);
            return; // the lease runs out and the job is claimed again
        }
    };
    tracing::info!(
        "worker {}: job {} ({}, attempt {})",
        cfg.id,
        job.id,
        job.kind.name(),
        job.attempts
    );
    let (tx, mut phases) = mpsc::unbounded_channel();
    let id = job.id.clone();
    let max_steps = cfg.max_steps;
    let mut work = tokio::task::spawn_blocking(move || work(&job, &elf, max_steps, tx));
    let mut tick = tokio::time::interval(cfg.lease / 3);
    let mut ours = true;
    let outcome: Outcome = loop {
        tokio::select! {
            done = &mut work => break done.unwrap_or_else(|e| Err(job_error(
                "prover",
                format!("the job's work stopped abnormally: {e}"),
            ))),
            Some((phase, progress)) = phases.recv(), if ours => {
                ours = store
                    .heartbeat(&id, &cfg.id, lease_ms(cfg), Some((phase, progress)))
                    .await
                    .unwrap_or(true);
            }
            _ = tick.tick(), if ours => {
                ours = store.heartbeat(&id, &cfg.id, lease_ms(cfg), None).await.unwrap_or(true);
            }
        }
    };
    if !ours {
        // Cancelled, or taken over after a missed lease: the result is not ours to record.
        tracing::info!(
            "worker {}: job {id} is no longer ours (cancelled or taken over)",
            cfg.id
        );
        return;
    }
    match &outcome {
        Ok((r, _)) => tracing::info!(
            "worker {}: job {id} succeeded ({} steps, {:.2} s)",
            cfg.id,
            r.steps,
            r.seconds
        ),
        Err(e) => tracing::info!(
            "worker {}: job {id} failed ({}): {}",
            cfg.id,
            e.kind,
            e.message
        ),
    }
    let recorded = match outcome {
        Ok((result, proved)) => {
            if let Some((steps, seconds)) = proved {
                metrics.proved(steps, seconds);
            }
            metrics.finished(true);
            store.succeed(&cfg.id, &result).await
        }
        Err(e) => {
            metrics.finished(false);
            store.fail(&id, &cfg.id, &e).await
        }
    };
    if let Err(e) = recorded {
        tracing::warn!("worker {}: recording job {id}: {e}", cfg.id);
    }
}

/// The blocking part of a job: execute, or prove, reporting phases on `phases`.
fn work(
    job: &Claimed,
    elf: &[u8],
    max_steps: u64,
    phases: mpsc::UnboundedSender<(&'static str, f64)>,
) -> Outcome {
    let t = Instant::now();
    let stdin = Stdin::from_framed(&job.input)
        .map_err(|e| job_error("invalid_input", format!("invalid input: {e}")))?;
    match job.kind {
        JobKind::Execute => {
            let _ = phases.send(("executing", 0.1));
            let opts = ExecOptions {
                max_steps,
                ..ExecOptions::default()
            };
            let r = execute_with(elf, &stdin, &opts).map_err(|e| match e {
                ExecuteError::Elf(e) => job_error("invalid_elf", format!("invalid ELF: {e}")),
                e => job_error("vm", format!("execution failed: {e}")),
            })?;
            Ok((
                JobResult {
                    job_id: job.id.clone(),
                    kind: JobKind::Execute,
                    exit_code: r.exit_code,
                    steps: r.steps,
                    outputs: r.public_values.as_bytes().to_vec(),
                    stdout: r.stdout,
                    stderr: r.stderr,
                    proof: Vec::new(),
                    seconds: t.elapsed().as_secs_f64(),
                },
                None,
            ))
        }
        JobKind::Prove => prove_job(job, elf, max_steps, &phases, t),
    }
}

fn prove_job(
    job: &Claimed,
    elf: &[u8],
    max_steps: u64,
    phases: &mpsc::UnboundedSender<(&'static str, f64)>,
    t: Instant,
) -> Outcome {
    let id = ProgramId::parse(&job.program_id)
        .map_err(|e| job_error("unknown_program", format!("bad program id: {e}")))?;
    let rom = zirv_core::transpile_elf(elf)
        .map_err(|e| job_error("invalid_elf", format!("invalid ELF: {e}")))?;
    let opts = ProveOptions {
        hash: id.hash,
        security: SecurityLevel::from_bits(job.security).unwrap_or_default(),
        max_steps,
        ..ProveOptions::default()
    };
    let mut io = CaptureIo::default();
    let (file, stats) = prove_with(&rom, &job.input, &opts, &mut io, |p| {
        if let Some(p) = phase_progress(p) {
            let _ = phases.send(p);
        }
    })
    .map_err(|e| {
        let kind = match &e {
            ProveError::Vm(_) => "vm",
            ProveError::TooLong { .. } => "too_long",
            ProveError::Witness(_) => "unprovable",
            _ => "prover",
        };
        job_error(kind, e.to_string())
    })?;
    let outputs = zirv_sdk::PublicValues::from_outputs(&file.outputs);
    Ok((
        JobResult {
            job_id: job.id.clone(),
            kind: JobKind::Prove,
            exit_code: 0,
            steps: stats.steps,
            outputs: outputs.as_bytes().to_vec(),
            stdout: io.stdout,
            stderr: io.stderr,
            proof: file.to_bytes(),
            seconds: t.elapsed().as_secs_f64(),
        },
        Some((
            stats.steps,
            stats.execute_s + stats.witness_s + stats.prove_s,
        )),
    ))
}
