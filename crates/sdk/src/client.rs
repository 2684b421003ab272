//! [`ProverClient`]: one API for executing, proving and verifying, whether the work happens in
//! this process (the embedded backend) or on a prover service (`zirv serve`, the remote backend,
//! feature `remote`). A host writes its code once and picks where proofs are made by how it
//! builds the client.
//!
//! Verifying is always local: a proof is checked by this process's verifier against the
//! program id the caller expects, whoever made the proof. The remote backend speaks the
//! service's JSON-RPC API ([`crate::wire`]); it lives in this crate (not in `zirv-service`) so
//! that a host needs neither tokio nor the service's database drivers to use a service.

use crate::{
    ExecuteError, ExecutionReport, Expected, HashKind, ProgramId, ProgramIdError, ProofFile,
    ProveError, ProveOptions, ProvePhase, PublicValues, SecurityLevel, Stdin, VerifyError,
    VerifyOptions, execute, program_id, prove_with, verify,
};
use std::path::Path;
use std::sync::Arc;
use thiserror::Error;
use zirv_core::Rom;
use zirv_emulator::NullIo;

/// A program prepared for proving: its id (under the client's hash) and, for the embedded
/// backend, its transpiled ROM.
#[derive(Clone, Debug)]
pub struct ProgramKey {
    id: ProgramId,
    rom: Option<Arc<Rom>>,
}

impl ProgramKey {
    /// The program id: what proofs of this program are verified against.
    pub fn program_id(&self) -> &ProgramId {
        &self.id
    }
}

/// A proof: the bytes of a proof file (as `zirv prove` writes them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
    bytes: Vec<u8>,
    file: ProofFile,
}

impl Proof {
    /// Parses a proof file's bytes (its format only; [`ProverClient::verify`] checks the proof).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Proof, ClientError> {
        let file =
            ProofFile::from_bytes(&bytes).map_err(|e| ClientError::ProofFile(e.to_string()))?;
        Ok(Proof { bytes, file })
    }

    /// The proof file's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The program id the proof claims to be of (checked by [`ProverClient::verify`]).
    pub fn claimed_program_id(&self) -> &ProgramId {
        &self.file.program_id
    }

    /// Writes the proof file.
    pub fn save(&self, path: &Path) -> Result<(), ClientError> {
        std::fs::write(path, &self.bytes).map_err(|source| ClientError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Reads a proof file.
    pub fn load(path: &Path) -> Result<Proof, ClientError> {
        let bytes = std::fs::read(path).map_err(|source| ClientError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Proof::from_bytes(bytes)
    }
}

/// Where a long call is: the phase's name (`queued`, `starting`, `executing`, `witness`,
/// `committing`, `proving`, `done`) and a fraction of the work, by phase.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// The phase.
    pub phase: String,
    /// 0..=1.
    pub fraction: f64,
}

/// The phase name and progress fraction of a prover phase, as the service reports them too:
/// `executing`, then `committing` (by steps walked) and `proving` (instance by instance). A phase that
/// moves nothing forward (the prover's start, or one the prover may add later) is `None`: the
/// last report stands.
pub fn phase_progress(phase: ProvePhase) -> Option<(&'static str, f64)> {
    let part = |index: usize, total: usize| index as f64 / total.max(1) as f64;
    match phase {
        ProvePhase::Execute => Some(("executing", 0.05)),
        ProvePhase::Commit { steps, total } => Some((
            "committing",
            0.1 + 0.3 * part(steps as usize, total as usize),
        )),
        ProvePhase::ProveInstance { index, total } => {
            Some(("proving", 0.6 + 0.4 * part(index, total)))
        }
        _ => None,
    }
}

/// Why a client call failed.
#[derive(Debug, Error)]
pub enum ClientError {
    /// The ELF was rejected.
    #[error("invalid ELF: {0}")]
    Elf(#[from] zirv_core::ElfError),
    /// The program id could not be computed.
    #[error(transparent)]
    ProgramId(#[from] ProgramIdError),
    /// The VM stopped the run.
    #[error(transparent)]
    Execute(#[from] ExecuteError),
    /// No proof was made.
    #[error(transparent)]
    Prove(#[from] ProveError),
    /// The proof is invalid, or not of the expected program.
    #[error("invalid proof: {0}")]
    Verify(#[from] VerifyError),
    /// The bytes are not a proof file.
    #[error("not a proof file: {0}")]
    ProofFile(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The remote service refused the call or could not be reached.
    #[cfg(feature = "remote")]
    #[error(transparent)]
    Remote(#[from] crate::remote::RemoteError),
}

enum Backend {
    Embedded,
    #[cfg(feature = "remote")]
    Remote(crate::remote::RemoteClient),
}

/// Executes, proves and verifies, in this process or on a service.
///
/// ```no_run
/// use zirv_sdk::{ProverClient, Stdin};
/// let elf = std::fs::read("guest.elf").unwrap();
/// let client = ProverClient::embedded();
/// let key = client.setup(&elf).unwrap();
/// let mut stdin = Stdin::new();
/// stdin.write(&10u64);
/// let proof = client.prove(&key, &stdin).unwrap();
/// let mut outputs = client.verify(&proof, key.program_id()).unwrap();
/// let sum: u64 = outputs.read().unwrap();
/// ```
pub struct ProverClient {
    backend: Backend,
    opts: ProveOptions,
    min_security: SecurityLevel,
}

impl ProverClient {
    /// Proves in this process (default options: Poseidon2, 100 bits).
    pub fn embedded() -> ProverClient {
        ProverClient {
            backend: Backend::Embedded,
            opts: ProveOptions::default(),
            min_security: SecurityLevel::default(),
        }
    }

    /// Proves on the service at `url` (`http://host:port`), with an optional bearer token.
    #[cfg(feature = "remote")]
    pub fn remote(url: &str, token: Option<&str>) -> ProverClient {
        ProverClient {
            backend: Backend::Remote(crate::remote::RemoteClient::new(url, token)),
            opts: ProveOptions::default(),
            min_security: SecurityLevel::default(),
        }
    }

    /// Sets the hash (of program ids and proofs) and the security level of proofs.
    pub fn with_options(mut self, opts: ProveOptions) -> ProverClient {
        self.opts = opts;
        self
    }

    /// Sets the lowest security level [`ProverClient::verify`] accepts (default 100 bits).
    pub fn with_min_security(mut self, level: SecurityLevel) -> ProverClient {
        self.min_security = level;
        self
    }

    /// The options proofs are made with.
    pub fn options(&self) -> ProveOptions {
        self.opts
    }

    /// Runs `elf` on `stdin` (fast mode; remote: a service's execute job).
    pub fn execute(&self, elf: &[u8], stdin: &Stdin) -> Result<ExecutionReport, ClientError> {
        match &self.backend {
            Backend::Embedded => Ok(execute(elf, stdin)?),
            #[cfg(feature = "remote")]
            Backend::Remote(r) => {
                let id = r.register(elf, self.opts.hash)?;
                Ok(r.execute(&id, stdin, &mut |_| {})?)
            }
        }
    }

    /// Prepares `elf` for proving: transpiles it and computes its program id (remote: registers
    /// it with the service, which returns the id).
    pub fn setup(&self, elf: &[u8]) -> Result<ProgramKey, ClientError> {
        match &self.backend {
            Backend::Embedded => {
                let rom = zirv_core::transpile_elf(elf)?;
                let id = program_id(&rom, self.opts.hash)?;
                Ok(ProgramKey {
                    id,
                    rom: Some(Arc::new(rom)),
                })
            }
            #[cfg(feature = "remote")]
            Backend::Remote(r) => {
                let text = r.register(elf, self.opts.hash)?;
                let id = ProgramId::parse(&text).map_err(|e| {
                    crate::remote::RemoteError::Protocol(format!(
                        "the service returned an invalid program id {text:?}: {e}"
                    ))
                })?;
                Ok(ProgramKey { id, rom: None })
            }
        }
    }

    /// Executes and proves the program of `key` on `stdin`.
    pub fn prove(&self, key: &ProgramKey, stdin: &Stdin) -> Result<Proof, ClientError> {
        self.prove_with_progress(key, stdin, |_| {})
    }

    /// As [`ProverClient::prove`], reporting each phase to `on_progress` as it starts.
    pub fn prove_with_progress(
        &self,
        key: &ProgramKey,
        stdin: &Stdin,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<Proof, ClientError> {
        let opts = ProveOptions {
            hash: key.id.hash,
            ..self.opts
        };
        match (&self.backend, &key.rom) {
            (Backend::Embedded, Some(rom)) => {
                let input = stdin.to_bytes();
                let (file, _stats) = prove_with(rom, &input, &opts, &mut NullIo, |p| {
                    if let Some((phase, fraction)) = phase_progress(p) {
                        on_progress(Progress {
                            phase: phase.to_string(),
                            fraction,
                        })
                    }
                })?;
                on_progress(Progress {
                    phase: "done".into(),
                    fraction: 1.0,
                });
                Proof::from_bytes(file.to_bytes())
            }
            (Backend::Embedded, None) => Err(ClientError::ProofFile(
                "this key was made by a remote client: it holds no program to prove here".into(),
            )),
            #[cfg(feature = "remote")]
            (Backend::Remote(r), _) => {
                let bytes = r.prove(&key.id.to_string(), stdin, opts.security, &mut on_progress)?;
                Proof::from_bytes(bytes)
            }
        }
    }

    /// Verifies `proof` against `program_id` in this process and returns its public values.
    pub fn verify(
        &self,
        proof: &Proof,
        program_id: &ProgramId,
    ) -> Result<PublicValues, ClientError> {
        let v = verify(
            &proof.bytes,
            Expected::Id(program_id),
            &VerifyOptions {
                min_security: self.min_security,
            },
        )?;
        Ok(PublicValues::from_outputs(&v.outputs))
    }
}

/// The hash named `name` (`poseidon2` or `keccak`).
pub fn hash_from_name(name: &str) -> Option<HashKind> {
    [HashKind::Poseidon2, HashKind::Keccak]
        .into_iter()
        .find(|h| h.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_moves_forward() {
        let total = 3;
        let mut phases = vec![ProvePhase::Execute, ProvePhase::Prove];
        phases.extend((0..total as u64).map(|steps| ProvePhase::Commit {
            steps,
            total: total as u64,
        }));
        phases.extend((0..total).map(|index| ProvePhase::ProveInstance { index, total }));
        let fractions: Vec<f64> = phases
            .into_iter()
            .filter_map(phase_progress)
            .map(|(_, f)| f)
            .collect();
        assert_eq!(fractions.len(), 1 + 2 * total);
        assert!(fractions.windows(2).all(|w| w[0] < w[1]), "{fractions:?}");
        assert!(fractions.iter().all(|f| (0.0..1.0).contains(f)));
    }
}
