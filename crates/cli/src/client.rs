//! `zirv client ...`: talk to a prover service (`zirv serve`) over its JSON-RPC API, through the
//! SDK's remote client. `prove` and `execute` do the whole round (register, submit, wait with
//! progress, fetch); `register`, `submit`, `status`, `wait`, `result` and `cancel` are the API's
//! calls one by one, for scripts (`--json`: one object on stdout, as elsewhere).
//!
//! Exit status: 0 on success; 1 when the service refuses the call or the job failed or was
//! cancelled (the error's kind is printed, and its code with `--json`); 251 for a local file
//! that cannot be read or written; 252 when the service cannot be reached; 2 for usage errors.

use crate::EXIT_BAD_INPUT;
use crate::program_id::Hash;
use crate::report::{Failure, Progress, fail, succeed};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;
use zirv_sdk::HashKind;
use zirv_sdk::remote::{RemoteClient, RemoteError};
use zirv_sdk::wire::{JobKind, JobResult, JobState, JobStatus, SubmitParams};

/// Exit status when the service cannot be reached.
pub const EXIT_UNREACHABLE: u8 = 252;

#[derive(Args)]
pub struct ClientArgs {
    /// The service's address.
    #[arg(long, default_value = "http://127.0.0.1:7878")]
    url: String,
    /// Bearer token.
    #[arg(long)]
    token: Option<String>,
    /// One JSON object on stdout.
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    cmd: ClientCmd,
}

#[derive(Subcommand)]
enum ClientCmd {
    /// Register an ELF; prints its program id.
    Register {
        elf: PathBuf,
        #[arg(long, value_enum, default_value = "poseidon2")]
        hash: Hash,
    },
    /// Submit a job of a registered program; prints its id.
    Submit {
        #[arg(long)]
        program_id: String,
        #[arg(long, value_enum)]
        kind: Kind,
        /// Input file, framed as records.
        #[arg(long, short)]
        input: Option<PathBuf>,
        #[arg(long)]
        security: Option<u32>,
    },
    /// A job's status.
    Status { job_id: String },
    /// Wait for a job to end, showing its phase.
    Wait { job_id: String },
    /// A succeeded job's result (prove jobs: `-o` writes the proof).
    Result {
        job_id: String,
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Cancel a job.
    Cancel { job_id: String },
    /// Register, execute and print the outputs.
    Execute {
        elf: PathBuf,
        #[arg(long, short)]
        input: Option<PathBuf>,
    },
    /// Register, prove and write the proof (check it with `zirv verify`).
    Prove {
        elf: PathBuf,
        #[arg(long, short)]
        input: Option<PathBuf>,
        #[arg(long, short = 'o', default_value = "proof.bin")]
        output: PathBuf,
        #[arg(long, value_enum, default_value = "poseidon2")]
        hash: Hash,
        #[arg(long)]
        security: Option<u32>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    Execute,
    Prove,
}

fn remote_failure(e: RemoteError) -> Failure {
    match &e {
        RemoteError::Transport { .. } => {
            Failure::new("unreachable", EXIT_UNREACHABLE, e.to_string())
        }
        RemoteError::Service { name, code, .. } => Failure {
            kind: name,
            code: Some(i64::from(*code)),
            message: e.to_string(),
            status: 1,
        },
        RemoteError::Protocol(_) => Failure::new("protocol", 1, e.to_string()),
    }
}

fn read(path: &PathBuf, what: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| {
        Failure::new(
            "io",
            EXIT_BAD_INPUT,
            format!("cannot read {what} {}: {e}", path.display()),
        )
    })
}

fn input(path: &Option<PathBuf>) -> Result<Vec<u8>, Failure> {
    path.as_ref()
        .map_or(Ok(Vec::new()), |p| read(p, "input file"))
}

fn status_json(s: &JobStatus) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Null)
}

fn result_json(r: &JobResult) -> Value {
    let words: Vec<u32> = r
        .outputs
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    json!({
        "job_id": r.job_id,
        "kind": r.kind,
        "exit_code": r.exit_code,
        "steps": r.steps,
        "outputs": words,
        "stdout": String::from_utf8_lossy(&r.stdout),
        "stderr": String::from_utf8_lossy(&r.stderr),
        "proof_bytes": r.proof.len(),
        "seconds": r.seconds,
    })
}

/// Waits for `job_id`, showing its phase on a terminal unless `quiet`.
fn wait(c: &RemoteClient, job_id: &str, quiet: bool) -> Result<JobStatus, Failure> {
    let progress = Progress::new(quiet);
    let s = c.wait(job_id, &mut |s| {
        progress.message(format!(
            "job {}: {} ({:.0}%)",
            s.job_id,
            s.phase,
            s.progress * 100.0
        ))
    });
    progress.finish();
    s.map_err(remote_failure)
}

fn write_proof(r: &JobResult, out: &PathBuf) -> Result<(), Failure> {
    std::fs::write(out, &r.proof).map_err(|e| {
        Failure::new(
            "io",
            EXIT_BAD_INPUT,
            format!("cannot write {}: {e}", out.display()),
        )
    })
}

/// Registers, runs one job to its end and fetches its result.
fn round(
    c: &RemoteClient,
    elf: &PathBuf,
    input_path: &Option<PathBuf>,
    kind: JobKind,
    hash: HashKind,
    security: Option<u32>,
    quiet: bool,
) -> Result<JobResult, Failure> {
    let elf = read(elf, "ELF")?;
    let input = input(input_path)?;
    let program_id = c.register(&elf, hash).map_err(remote_failure)?;
    let job = c
        .submit(&SubmitParams {
            program_id,
            kind,
            input,
            security,
        })
        .map_err(remote_failure)?;
    wait(c, &job.job_id, quiet)?;
    c.result(&job.job_id).map_err(remote_failure)
}

fn dispatch(args: ClientArgs) -> Result<Value, Failure> {
    let c = RemoteClient::new(&args.url, args.token.as_deref());
    let quiet = args.json;
    let say = |line: String| {
        if !quiet {
            println!("{line}");
        }
    };
    match args.cmd {
        ClientCmd::Register { elf, hash } => {
            let id = c
                .register(&read(&elf, "ELF")?, hash.into())
                .map_err(remote_failure)?;
            say(id.clone());
            Ok(json!({ "program_id": id }))
        }
        ClientCmd::Submit {
            program_id,
            kind,
            input: i,
            security,
        } => {
            let kind = match kind {
                Kind::Execute => JobKind::Execute,
                Kind::Prove => JobKind::Prove,
            };
            let s = c
                .submit(&SubmitParams {
                    program_id,
                    kind,
                    input: input(&i)?,
                    security,
                })
                .map_err(remote_failure)?;
            say(s.job_id.clone());
            Ok(status_json(&s))
        }
        ClientCmd::Status { job_id } => {
            let s = c.status(&job_id).map_err(remote_failure)?;
            say(format!(
                "{} {} {:.0}%",
                s.state.name(),
                s.phase,
                s.progress * 100.0
            ));
            Ok(status_json(&s))
        }
        ClientCmd::Wait { job_id } => {
            let s = wait(&c, &job_id, quiet)?;
            say(s.state.name().to_string());
            if s.state != JobState::Succeeded {
                // The job's failure, as `get_result` reports it.
                c.result(&job_id).map_err(remote_failure)?;
            }
            Ok(status_json(&s))
        }
        ClientCmd::Result { job_id, output } => {
            let r = c.result(&job_id).map_err(remote_failure)?;
            if let Some(out) = &output {
                write_proof(&r, out)?;
            }
            say(result_json(&r).to_string());
            Ok(result_json(&r))
        }
        ClientCmd::Cancel { job_id } => {
            let s = c.cancel(&job_id).map_err(remote_failure)?;
            say(s.state.name().to_string());
            Ok(status_json(&s))
        }
        ClientCmd::Execute { elf, input } => execute_round(&c, &elf, &input, quiet),
        ClientCmd::Prove {
            elf,
            input,
            output,
            hash,
            security,
        } => {
            let r = round(
                &c,
                &elf,
                &input,
                JobKind::Prove,
                hash.into(),
                security,
                quiet,
            )?;
            prove_report(&r, &output, quiet)
        }
    }
}

/// `execute`: register, run, print the guest's output.
fn execute_round(
    c: &RemoteClient,
    elf: &PathBuf,
    input: &Option<PathBuf>,
    quiet: bool,
) -> Result<Value, Failure> {
    let r = round(
        c,
        elf,
        input,
        JobKind::Execute,
        HashKind::default(),
        None,
        quiet,
    )?;
    if !quiet {
        print!("{}", String::from_utf8_lossy(&r.stdout));
        eprint!("{}", String::from_utf8_lossy(&r.stderr));
        eprintln!("exit code {}, {} steps", r.exit_code, r.steps);
    }
    Ok(result_json(&r))
}

/// `prove`'s end: write the proof, report.
fn prove_report(r: &JobResult, output: &PathBuf, quiet: bool) -> Result<Value, Failure> {
    write_proof(r, output)?;
    if !quiet {
        eprintln!(
            "proved {} steps in {:.2} s; proof {} bytes -> {}",
            r.steps,
            r.seconds,
            r.proof.len(),
            output.display()
        );
    }
    let mut v = result_json(r);
    v["proof"] = json!(output.display().to_string());
    Ok(v)
}

pub fn client(args: ClientArgs) -> ExitCode {
    let json = args.json;
    match dispatch(args) {
        Ok(v) => succeed(json, v),
        Err(f) => fail(json, f),
    }
}
