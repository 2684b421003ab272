//! The durable job store: programs, jobs and their results, in SQLite (a file, nothing to
//! install) or PostgreSQL (shared by several `zirv serve` / `zirv worker` processes), through
//! `sqlx`'s `Any` driver so that one set of queries serves both.
//!
//! Why the queue is the database: a job exists once it is committed, so a restart loses no
//! queued job and no finished result. Workers claim a job with one atomic `UPDATE ... WHERE id =
//! (SELECT ... LIMIT 1)` that sets a lease (`lease_until`); on PostgreSQL the inner select takes
//! `FOR UPDATE SKIP LOCKED`, so concurrent workers never claim the same job; SQLite serializes
//! writers. A worker renews its lease while it works; a job whose lease ran out (its worker
//! died) is claimed again, up to `max_attempts` times, then failed with kind `worker_lost`.
//! Every write of a worker's progress or result names the worker and requires the job still
//! to be `running`, so a worker that lost its job (lease taken over, job cancelled) cannot
//! overwrite what another wrote.
//!
//! Only `BIGINT`, `DOUBLE PRECISION`, `TEXT` and byte strings are used: the types `Any` decodes
//! alike on both databases.

use crate::error::ServiceError;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use std::time::{SystemTime, UNIX_EPOCH};
use zirv_sdk::wire::{ErrorKind, JobError, JobKind, JobResult, JobState, JobStatus};

/// Which database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One file, one process.
    Sqlite,
    /// Shared by several processes.
    Postgres,
}

/// The store.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// A job as a worker claimed it.
#[derive(Clone, Debug)]
pub struct Claimed {
    /// The job id.
    pub id: String,
    /// Its program's id.
    pub program_id: String,
    /// Execute or prove.
    pub kind: JobKind,
    /// Framed input.
    pub input: Vec<u8>,
    /// Security bits of a proof.
    pub security: u32,
    /// Which claim this is (1 = first).
    pub attempts: u32,
}

/// A new job.
pub struct NewJob<'a> {
    /// Its program.
    pub program_id: &'a str,
    /// Execute or prove.
    pub kind: JobKind,
    /// Framed input.
    pub input: &'a [u8],
    /// Security bits.
    pub security: u32,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

const STATUS_COLUMNS: &str = "id, program_id, kind, state, phase, progress, attempts, worker, \
                              error_kind, error_message, created_ms, updated_ms, revision";

fn schema(backend: Backend) -> Vec<String> {
    let blob = match backend {
        Backend::Sqlite => "BLOB",
        Backend::Postgres => "BYTEA",
    };
    vec![
        format!(
            "CREATE TABLE IF NOT EXISTS zirv_programs (id TEXT PRIMARY KEY, elf {blob} NOT NULL, \
             created_ms BIGINT NOT NULL)"
        ),
        format!(
            "CREATE TABLE IF NOT EXISTS zirv_jobs (id TEXT PRIMARY KEY, program_id TEXT NOT NULL, \
             kind TEXT NOT NULL, input {blob} NOT NULL, security BIGINT NOT NULL, \
             state TEXT NOT NULL, phase TEXT NOT NULL, progress DOUBLE PRECISION NOT NULL, \
             attempts BIGINT NOT NULL, worker TEXT, lease_until BIGINT NOT NULL, \
             error_kind TEXT, error_message TEXT, created_ms BIGINT NOT NULL, \
             updated_ms BIGINT NOT NULL, revision BIGINT NOT NULL, exit_code BIGINT, \
             steps BIGINT, outputs {blob}, stdout {blob}, stderr {blob}, proof {blob}, \
             seconds DOUBLE PRECISION)"
        ),
        "CREATE INDEX IF NOT EXISTS zirv_jobs_queue ON zirv_jobs (state, created_ms)".into(),
    ]
}

fn get<'r, T>(row: &'r AnyRow, col: &str) -> Result<T, ServiceError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(col).map_err(ServiceError::db)
}

fn status_of(row: &AnyRow) -> Result<JobStatus, ServiceError> {
    let kind: String = get(row, "kind")?;
    let state: String = get(row, "state")?;
    let bad = |what: &str, v: &str| {
        ServiceError::new(ErrorKind::Internal, format!("the store holds {what} {v:?}"))
    };
    let error_kind: Option<String> = get(row, "error_kind")?;
    let error_message: Option<String> = get(row, "error_message")?;
    Ok(JobStatus {
        job_id: get(row, "id")?,
        program_id: get(row, "program_id")?,
        kind: JobKind::from_name(&kind).ok_or_else(|| bad("job kind", &kind))?,
        state: JobState::from_name(&state).ok_or_else(|| bad("job state", &state))?,
        phase: get(row, "phase")?,
        progress: get(row, "progress")?,
        attempts: get::<i64>(row, "attempts")? as u32,
        worker: get(row, "worker")?,
        error: error_kind.map(|kind| JobError {
            kind,
            message: error_message.unwrap_or_default(),
        }),
        created_ms: get(row, "created_ms")?,
        updated_ms: get(row, "updated_ms")?,
        revision: get(row, "revision")?,
    })
}

impl Store {
    /// Connects to `url` (`sqlite://FILE?mode=rwc` or `postgres://...`) and creates the tables
    /// where missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, ServiceError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(ServiceError::new(
                ErrorKind::InvalidParams,
                format!("database {url:?}: use sqlite://FILE or postgres://..."),
            ));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| {
                ServiceError::new(ErrorKind::Internal, format!("cannot open {url}: {e}"))
            })?;
        if backend == Backend::Sqlite {
            // Readers do not wait for the writer; the file survives a crash mid-write.
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await
                .map_err(ServiceError::db)?;
        }
        let mut tx = pool.begin().await.map_err(ServiceError::db)?;
        if backend == Backend::Postgres {
            // Processes starting together create the tables one at a time (concurrent
            // CREATE ... IF NOT EXISTS can still collide), and "already exists, skipping"
            // notices are not worth a log line.
            for stmt in [
                "SELECT pg_advisory_xact_lock(7277301)",
                "SET LOCAL client_min_messages TO warning",
            ] {
                sqlx::query(stmt)
                    .execute(&mut *tx)
                    .await
                    .map_err(ServiceError::db)?;
            }
        }
        for stmt in schema(backend) {
            sqlx::query(&stmt)
                .execute(&mut *tx)
                .await
                .map_err(ServiceError::db)?;
        }
        tx.commit().await.map_err(ServiceError::db)?;
        Ok(Store { pool, backend })
    }

    /// Which database.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Keeps a program (nothing if it is known).
    pub async fn put_program(&self, id: &str, elf: &[u8]) -> Result<(), ServiceError> {
        sqlx::query(
            "INSERT INTO zirv_programs (id, elf, created_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(elf.to_vec())
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        Ok(())
    }

    /// A program's ELF.
    pub async fn program_elf(&self, id: &str) -> Result<Option<Vec<u8>>, ServiceError> {
        let row = sqlx::query("SELECT elf FROM zirv_programs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(ServiceError::db)?;
        row.map(|r| get(&r, "elf")).transpose()
    }

    /// Whether a program is registered.
    pub async fn has_program(&self, id: &str) -> Result<bool, ServiceError> {
        let row = sqlx::query("SELECT id FROM zirv_programs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(ServiceError::db)?;
        Ok(row.is_some())
    }

    /// Queues a job unless `max_queue` jobs are queued already ([`ErrorKind::Busy`]). Its
    /// `created_ms` (the queue's order) is now, or one more than the newest job's if that is not
    /// earlier: jobs submitted within one millisecond are claimed in the order they came (the
    /// id, random, broke such ties before).
    pub async fn submit(&self, job: NewJob<'_>, max_queue: u64) -> Result<JobStatus, ServiceError> {
        let id = format!("{:032x}", rand::random::<u128>());
        let now = now_ms();
        let done = sqlx::query(
            "INSERT INTO zirv_jobs (id, program_id, kind, input, security, state, phase, \
             progress, attempts, lease_until, created_ms, updated_ms, revision) \
             SELECT $1, $2, $3, $4, $5, 'queued', 'queued', 0.0, 0, 0, \
             CASE WHEN (SELECT COALESCE(MAX(created_ms), 0) FROM zirv_jobs) >= $6 \
             THEN (SELECT MAX(created_ms) FROM zirv_jobs) + 1 ELSE $6 END, $6, 1 \
             WHERE (SELECT COUNT(*) FROM zirv_jobs WHERE state = 'queued') < $7",
        )
        .bind(&id)
        .bind(job.program_id)
        .bind(job.kind.name())
        .bind(job.input.to_vec())
        .bind(i64::from(job.security))
        .bind(now)
        .bind(max_queue as i64)
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        if done.rows_affected() == 0 {
            return Err(ServiceError::new(
                ErrorKind::Busy,
                format!("the queue is full ({max_queue} jobs waiting): retry later"),
            ));
        }
        self.status(&id).await?.ok_or_else(|| {
            ServiceError::new(ErrorKind::Internal, "a job vanished right after its insert")
        })
    }

    /// A job's status.
    pub async fn status(&self, id: &str) -> Result<Option<JobStatus>, ServiceError> {
        let row = sqlx::query(&format!(
            "SELECT {STATUS_COLUMNS} FROM zirv_jobs WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        row.as_ref().map(status_of).transpose()
    }

    /// A job's result columns (set only for a succeeded job).
    pub async fn result(&self, id: &str) -> Result<Option<JobResult>, ServiceError> {
        let row = sqlx::query(
            "SELECT id, kind, exit_code, steps, outputs, stdout, stderr, proof, seconds \
             FROM zirv_jobs WHERE id = $1 AND state = 'succeeded'",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        let Some(row) = row else { return Ok(None) };
        let kind: String = get(&row, "kind")?;
        Ok(Some(JobResult {
            job_id: get(&row, "id")?,
            kind: JobKind::from_name(&kind).unwrap_or(JobKind::Execute),
            exit_code: get::<Option<i64>>(&row, "exit_code")?.unwrap_or(0) as u64,
            steps: get::<Option<i64>>(&row, "steps")?.unwrap_or(0) as u64,
            outputs: get::<Option<Vec<u8>>>(&row, "outputs")?.unwrap_or_default(),
            stdout: get::<Option<Vec<u8>>>(&row, "stdout")?.unwrap_or_default(),
            stderr: get::<Option<Vec<u8>>>(&row, "stderr")?.unwrap_or_default(),
            proof: get::<Option<Vec<u8>>>(&row, "proof")?.unwrap_or_default(),
            seconds: get::<Option<f64>>(&row, "seconds")?.unwrap_or(0.0),
        }))
    }

    /// Cancels a queued or running job (a job that ended stays as it is).
    pub async fn cancel(&self, id: &str) -> Result<Option<JobStatus>, ServiceError> {
        sqlx::query(
            "UPDATE zirv_jobs SET state = 'cancelled', phase = 'cancelled', updated_ms = $2, \
             revision = revision + 1 WHERE id = $1 AND state IN ('queued', 'running')",
        )
        .bind(id)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        self.status(id).await
    }

    /// Fails the jobs whose lease ran out `max_attempts` times, then claims the oldest queued
    /// job or one whose worker's lease ran out.
    pub async fn claim(
        &self,
        worker: &str,
        lease_ms: i64,
        max_attempts: u32,
    ) -> Result<Option<Claimed>, ServiceError> {
        let now = now_ms();
        sqlx::query(
            "UPDATE zirv_jobs SET state = 'failed', phase = 'failed', error_kind = 'worker_lost', \
             error_message = 'the worker running it stopped (' || CAST(attempts AS TEXT) || \
             ' times); not retried', updated_ms = $1, revision = revision + 1 \
             WHERE state = 'running' AND lease_until < $1 AND attempts >= $2",
        )
        .bind(now)
        .bind(i64::from(max_attempts))
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let row = sqlx::query(&format!(
            "UPDATE zirv_jobs SET state = 'running', phase = 'starting', progress = 0.0, \
             worker = $1, lease_until = $2, attempts = attempts + 1, updated_ms = $3, \
             revision = revision + 1 WHERE id = (SELECT id FROM zirv_jobs \
             WHERE state = 'queued' OR (state = 'running' AND lease_until < $3) \
             ORDER BY created_ms, id LIMIT 1{lock}) \
             RETURNING id, program_id, kind, input, security, attempts"
        ))
        .bind(worker)
        .bind(now + lease_ms)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        let Some(row) = row else { return Ok(None) };
        let kind: String = get(&row, "kind")?;
        Ok(Some(Claimed {
            id: get(&row, "id")?,
            program_id: get(&row, "program_id")?,
            kind: JobKind::from_name(&kind).unwrap_or(JobKind::Execute),
            input: get(&row, "input")?,
            security: get::<i64>(&row, "security")? as u32,
            attempts: get::<i64>(&row, "attempts")? as u32,
        }))
    }

    /// Puts every running job back in the queue (or fails it after `max_attempts`): at the
    /// start of the only process of a SQLite store, whatever was running died with the last one.
    pub async fn requeue_running(&self, max_attempts: u32) -> Result<u64, ServiceError> {
        let now = now_ms();
        sqlx::query("UPDATE zirv_jobs SET lease_until = 0 WHERE state = 'running'")
            .execute(&self.pool)
            .await
            .map_err(ServiceError::db)?;
        let failed = sqlx::query(
            "UPDATE zirv_jobs SET state = 'failed', phase = 'failed', error_kind = 'worker_lost', \
             error_message = 'the service stopped while running it (' || CAST(attempts AS TEXT) \
             || ' times); not retried', updated_ms = $1, revision = revision + 1 \
             WHERE state = 'running' AND attempts >= $2",
        )
        .bind(now)
        .bind(i64::from(max_attempts))
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        let requeued = sqlx::query(
            "UPDATE zirv_jobs SET state = 'queued', phase = 'queued', progress = 0.0, \
             updated_ms = $1, revision = revision + 1 WHERE state = 'running'",
        )
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        Ok(failed.rows_affected() + requeued.rows_affected())
    }

    /// Renews `worker`'s lease on job `id` and records its phase; false when the job is no
    /// longer this worker's to run (cancelled, or taken over).
    pub async fn heartbeat(
        &self,
        id: &str,
        worker: &str,
        lease_ms: i64,
        phase: Option<(&str, f64)>,
    ) -> Result<bool, ServiceError> {
        let now = now_ms();
        let done = match phase {
            Some((phase, progress)) => sqlx::query(
                "UPDATE zirv_jobs SET lease_until = $3, phase = $4, progress = $5, \
                 updated_ms = $6, revision = revision + 1 \
                 WHERE id = $1 AND worker = $2 AND state = 'running'",
            )
            .bind(id)
            .bind(worker)
            .bind(now + lease_ms)
            .bind(phase)
            .bind(progress)
            .bind(now),
            None => sqlx::query(
                "UPDATE zirv_jobs SET lease_until = $3 \
                 WHERE id = $1 AND worker = $2 AND state = 'running'",
            )
            .bind(id)
            .bind(worker)
            .bind(now + lease_ms),
        }
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a succeeded job's result; false when the job was no longer this worker's.
    pub async fn succeed(&self, worker: &str, r: &JobResult) -> Result<bool, ServiceError> {
        let done = sqlx::query(
            "UPDATE zirv_jobs SET state = 'succeeded', phase = 'done', progress = 1.0, \
             exit_code = $3, steps = $4, outputs = $5, stdout = $6, stderr = $7, proof = $8, \
             seconds = $9, updated_ms = $10, revision = revision + 1 \
             WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(&r.job_id)
        .bind(worker)
        .bind(r.exit_code as i64)
        .bind(r.steps as i64)
        .bind(r.outputs.clone())
        .bind(r.stdout.clone())
        .bind(r.stderr.clone())
        .bind(r.proof.clone())
        .bind(r.seconds)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a failed job; false when the job was no longer this worker's.
    pub async fn fail(
        &self,
        id: &str,
        worker: &str,
        error: &JobError,
    ) -> Result<bool, ServiceError> {
        let done = sqlx::query(
            "UPDATE zirv_jobs SET state = 'failed', phase = 'failed', error_kind = $3, \
             error_message = $4, updated_ms = $5, revision = revision + 1 \
             WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(&error.kind)
        .bind(&error.message)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .map_err(ServiceError::db)?;
        Ok(done.rows_affected() == 1)
    }

    /// How many jobs are in each state.
    pub async fn counts(&self) -> Result<Vec<(JobState, i64)>, ServiceError> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM zirv_jobs GROUP BY state")
            .fetch_all(&self.pool)
            .await
            .map_err(ServiceError::db)?;
        let mut out: Vec<(JobState, i64)> = JobState::ALL.iter().map(|s| (*s, 0)).collect();
        for r in rows {
            let state: String = get(&r, "state")?;
            let n: i64 = get(&r, "n")?;
            if let Some(slot) = out.iter_mut().find(|(s, _)| s.name() == state) {
                slot.1 = n;
            }
        }
        Ok(out)
    }
}
