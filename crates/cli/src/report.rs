//! How a command ends: human text on stderr (and results on stdout), or with `--json` exactly
//! one JSON object on stdout for scripts: `{"ok": true, ...results}` or `{"ok": false, "error":
//! {"kind", "code", "message"}}`. The exit status is the same either way.

use serde_json::{Value, json};
use std::process::ExitCode;

/// Why a command failed: a stable `kind` for scripts, the verifier's error `code` where there
/// is one, the message, and the exit status.
pub struct Failure {
    /// `usage`, `io`, `elf`, `input`, `program_id`, `vm`, `too_long`, `unprovable`, `prover`,
    /// `invalid_proof`, `commit`.
    pub kind: &'static str,
    /// `zirv_verifier::VerifyError::code` for invalid proofs.
    pub code: Option<u32>,
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
