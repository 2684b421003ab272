//! Why a proof was rejected, precisely enough for a service to map each case to an error code.

use p3_uni_stark::VerificationError;
use std::fmt::Debug;
use thiserror::Error;
use zirv_stark::{ProgramIdError, ProofFileError};

/// Why a proof was rejected.
#[derive(Debug, Error)]
pub enum VerifyError {
    /// The file's header does not parse (the error names the field and byte offset).
    #[error(transparent)]
    File(#[from] ProofFileError),
    /// The program id (given, or in the proof) is not one this build can use.
    #[error(transparent)]
    ProgramId(#[from] ProgramIdError),
    /// The proof is of another program (or of the same program under another hash).
    #[error("the proof is for program {found}, not {expected}")]
    WrongProgram {
        /// The id in the proof.
        found: String,
        /// The id expected.
        expected: String,
    },
    /// The proof's security level is below the minimum asked for.
    #[error("the proof has {found} bits of conjectured security; at least {min} were asked for")]
    Security {
        /// Its level, in bits.
        found: u32,
        /// The minimum, in bits.
        min: u32,
    },
    /// The instance list is not one a proof can have.
    #[error("the proof's instances: {0}")]
    Layout(String),
    /// The STARK proof's bytes do not decode.
    #[error("the STARK proof (from byte offset {offset} of the file) does not decode: {reason}")]
    Encoding {
        /// Byte offset of the STARK proof in the file.
        offset: usize,
        /// The decoder's message.
        reason: String,
    },
    /// An instance's height is outside its machine's bound.
    #[error("instance {instance} ({machine}) has 2^{log_height} rows; {machine} has {bound}")]
    Height {
        /// The machine.
        machine: &'static str,
        /// The instance's index in the proof.
        instance: usize,
        /// log2 of its height.
        log_height: usize,
        /// The bound, in words.
        bound: String,
    },
    /// The STARK verifier rejected the proof.
    #[error("invalid proof: {0}")]
    Stark(StarkCheck),
}

impl VerifyError {
    /// A stable number for each kind of rejection (for services and the wasm module): 1 file,
    /// 2 program id, 3 wrong program, 4 security, 5 instance list, 6 encoding, 8 height, and
    /// 10 + [`StarkCheck::code`] for the STARK's checks (7 was the single-segment layout's
    /// instance count, no longer used).
    pub fn code(&self) -> u32 {
        match self {
            VerifyError::File(_) => 1,
            VerifyError::ProgramId(_) => 2,
            VerifyError::WrongProgram { .. } => 3,
            VerifyError::Security { .. } => 4,
            VerifyError::Layout(_) => 5,
            VerifyError::Encoding { .. } => 6,
            VerifyError::Height { .. } => 8,
            VerifyError::Stark(c) => 10 + c.code(),
        }
    }
}

/// Which check of the STARK failed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum StarkCheck {
    /// The proof's shape (number or size of opened values, commitments, domains).
    #[error("the proof's shape is wrong: {0}")]
    Shape(String),
    /// The bus (LogUp) argument: the machines' messages do not balance.
    #[error("the bus does not balance (a message sent is not received, or the reverse): {0}")]
    Bus(String),
    /// The constraints do not hold at the out-of-domain point.
    #[error("the constraints do not hold: {0}")]
    Constraints(String),
    /// The polynomial openings (FRI, Merkle paths, proof of work) do not check.
    #[error("the openings do not check (FRI, Merkle paths or proof of work): {0}")]
    Openings(String),
    /// A proof-of-work or transcript step.
    #[error("a transcript step failed: {0}")]
    Transcript(String),
}

impl StarkCheck {
    /// 0 shape, 1 bus, 2 constraints, 3 openings, 4 transcript.
    pub fn code(&self) -> u32 {
        match self {
            StarkCheck::Shape(_) => 0,
            StarkCheck::Bus(_) => 1,
            StarkCheck::Constraints(_) => 2,
            StarkCheck::Openings(_) => 3,
            StarkCheck::Transcript(_) => 4,
        }
    }

    /// Classifies Plonky3's error on an instance proof (`context` names the instance).
    pub fn from_uni_error<E: Debug>(e: VerificationError<E>, context: String) -> StarkCheck {
        let text = format!("{context}: {e:?}");
        match e {
            VerificationError::OodEvaluationMismatch { .. } => StarkCheck::Constraints(text),
            VerificationError::InvalidOpeningArgument(_) => StarkCheck::Openings(text),
            VerificationError::InvalidOodPowWitness => StarkCheck::Transcript(text),
            _ => StarkCheck::Shape(text),
        }
    }
}
