//! How a command ends: human text on stderr (and results on stdout), or with `--json` exactly
//! one JSON object on stdout for scripts: `{"ok": true, ...results}` or `{"ok": false, "error":
//! {"kind", "code", "message"}}`. The exit status is the same either way.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;
use zirv_emulator::GuestIo;
use zirv_sdk::ProvePhase;

/// The proving bar's length: phase 1 (committing, by steps walked) fills the first
/// [`COMMIT_SHARE`], phase 2 (proving, by instances) the rest: about their shares of the time.
const BAR: u64 = 1000;
const COMMIT_SHARE: u64 = 200;

/// Why a command failed: a stable `kind` for scripts, the verifier's error `code` where there
/// is one, the message, and the exit status.
pub struct Failure {
    /// `usage`, `io`, `elf`, `input`, `program_id`, `vm`, `too_long`, `unprovable`, `prover`,
    /// `invalid_proof`, `commit`; for `zirv client`: `unreachable`, `protocol` or the service's
    /// error kind (`invalid_elf`, `unknown_job`, `job_failed`, ...).
    pub kind: &'static str,
    /// `zirv_verifier::VerifyError::code` for invalid proofs; the service's JSON-RPC error
    /// code for `zirv client`.
    pub code: Option<i64>,
    /// What was wrong, and where.
    pub message: String,
    /// The exit status.
    pub status: u8,
}

impl Failure {
    /// A failure of `kind` with exit status `status`.
    pub fn new(kind: &'static str, status: u8, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            code: None,
            message: message.into(),
            status,
        }
    }
}

/// Reports `failure` and returns its exit status.
pub fn fail(json: bool, failure: Failure) -> ExitCode {
    if json {
        let error = json!({
            "kind": failure.kind,
            "code": failure.code,
            "message": failure.message,
        });
        println!("{}", json!({ "ok": false, "error": error }));
    } else {
        eprintln!("error: {}", failure.message);
    }
    ExitCode::from(failure.status)
}

/// With `--json`, prints `results` (an object) with `"ok": true`; exit status 0.
pub fn succeed(json: bool, results: Value) -> ExitCode {
    if json {
        let mut v = results;
        v["ok"] = Value::Bool(true);
        println!("{v}");
    }
    ExitCode::SUCCESS
}

/// The progress of a proof on stderr: a spinner with the phase and the time spent, then a bar
/// over both phases (phase 1 by steps walked, with steps/s; phase 2 by instances proven) with
/// the time left (indicatif's estimate). Drawn only when stderr is a terminal and not
/// `--quiet`/`--json`. It ticks only after execution, so the guest's own output never
/// interleaves with it.
pub struct Progress {
    bar: ProgressBar,
    /// When phase 1 started.
    committing: std::cell::Cell<Option<std::time::Instant>>,
}

impl Progress {
    /// A display, hidden when `quiet`.
    pub fn new(quiet: bool) -> Progress {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Progress {
            bar,
            committing: std::cell::Cell::new(None),
        }
    }

    /// A phase starts.
    pub fn phase(&self, phase: ProvePhase) {
        match phase {
            ProvePhase::Execute => self.bar.set_message("executing the guest (trace mode)"),
            ProvePhase::Prove => {
                self.bar.set_message("proving (STARK)");
                self.bar.enable_steady_tick(Duration::from_millis(120));
            }
            ProvePhase::Commit { steps, total } => {
                if self.bar.length().is_none() {
                    self.bar.set_length(BAR);
                    self.bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} {msg} [{bar:24}] ({elapsed}, about {eta} left)",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                }
                self.bar.set_position(COMMIT_SHARE * steps / total.max(1));
                let started = self
                    .committing
                    .get()
                    .unwrap_or_else(std::time::Instant::now);
                self.committing.set(Some(started));
                let rate = steps as f64 / started.elapsed().as_secs_f64().max(1e-3);
                self.bar.set_message(format!(
                    "phase 1/2: committing (step {steps} of {total}, {rate:.0} steps/s)"
                ));
            }
            ProvePhase::ProveInstance { index, total } => {
                let proven = (BAR - COMMIT_SHARE) * index as u64 / total.max(1) as u64;
                self.bar.set_position(COMMIT_SHARE + proven);
                self.bar.set_message(format!(
                    "phase 2/2: proving instance {} of {total}",
                    index + 1
                ));
            }
        }
    }

    /// Shows `text` (a remote job's phase, for `zirv client`), ticking.
    pub fn message(&self, text: String) {
        self.bar.set_message(text);
        self.bar.enable_steady_tick(Duration::from_millis(120));
    }

    /// Clears the display.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The guest's stdout and stderr both to this process's stderr (with `--json`, stdout holds
/// only the JSON object).
pub struct StderrIo;

impl GuestIo for StderrIo {
    fn write(&mut self, _fd: u64, bytes: &[u8]) {
        let _ = std::io::stderr().write_all(bytes);
    }
}
