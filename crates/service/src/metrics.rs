//! `/metrics` in Prometheus's text format: jobs by state and the queue depth (from the store,
//! so they count every process sharing it), and this process's proving counters (steps proven,
//! seconds proving, and their ratio as steps proven per second). Written by hand: a handful of
//! gauges and counters do not need a metrics library.

use crate::error::ServiceError;
use crate::store::Store;
use std::fmt::Write;
use std::sync::Mutex;

/// This process's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Counters>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counters {
    steps_proven: u64,
    prove_seconds: f64,
    jobs_finished: u64,
    jobs_failed: u64,
}

impl Metrics {
    /// A proof of `steps` steps took `seconds`.
    pub fn proved(&self, steps: u64, seconds: f64) {
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        c.steps_proven += steps;
        c.prove_seconds += seconds;
    }

    /// A job this process ran ended (`ok`: succeeded).
    pub fn finished(&self, ok: bool) {
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if ok {
            c.jobs_finished += 1;
        } else {
            c.jobs_failed += 1;
        }
    }

    /// The text of `/metrics`.
    pub async fn render(&self, store: &Store) -> Result<String, ServiceError> {
        let counts = store.counts().await?;
        let c = *self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let mut s = String::new();
        let _ = writeln!(s, "# HELP zirv_jobs Jobs in the store by state.");
        let _ = writeln!(s, "# TYPE zirv_jobs gauge");
        for (state, n) in &counts {
            let _ = writeln!(s, "zirv_jobs{{state=\"{}\"}} {n}", state.name());
        }
        let queued = counts.first().map_or(0, |(_, n)| *n);
        let _ = writeln!(s, "# HELP zirv_queue_depth Jobs waiting for a worker.");
        let _ = writeln!(s, "# TYPE zirv_queue_depth gauge");
        let _ = writeln!(s, "zirv_queue_depth {queued}");
        let _ = writeln!(
            s,
            "# HELP zirv_steps_proven_total Steps proven by this process."
        );
        let _ = writeln!(s, "# TYPE zirv_steps_proven_total counter");
        let _ = writeln!(s, "zirv_steps_proven_total {}", c.steps_proven);
        let _ = writeln!(
            s,
            "# HELP zirv_prove_seconds_total Seconds this process spent proving."
        );
        let _ = writeln!(s, "# TYPE zirv_prove_seconds_total counter");
        let _ = writeln!(s, "zirv_prove_seconds_total {}", c.prove_seconds);
        let rate = if c.prove_seconds > 0.0 {
            c.steps_proven as f64 / c.prove_seconds
        } else {
            0.0
        };
        let _ = writeln!(
            s,
            "# HELP zirv_steps_proven_per_second Steps proven per second of proving (this process)."
        );
        let _ = writeln!(s, "# TYPE zirv_steps_proven_per_second gauge");
        let _ = writeln!(s, "zirv_steps_proven_per_second {rate}");
        let _ = writeln!(
            s,
            "# HELP zirv_worker_jobs_total Jobs this process's workers ended."
        );
        let _ = writeln!(s, "# TYPE zirv_worker_jobs_total counter");
        let _ = writeln!(
            s,
            "zirv_worker_jobs_total{{result=\"succeeded\"}} {}",
            c.jobs_finished
        );
        let _ = writeln!(
            s,
            "zirv_worker_jobs_total{{result=\"failed\"}} {}",
            c.jobs_failed
        );
        Ok(s)
    }
}
