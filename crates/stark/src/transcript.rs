//! The global transcript: the bus challenges are drawn from everything a proof states before
//! its instance proofs, so no instance's rows can be chosen after them.
//!
//! Observed, in order: a domain tag with the format version, the security level, the program id's
//! bytes, the 64 public outputs, Mem's end state, the number of instances, and each instance's
//! kind, log2 height and root (the commitment to its rows, made in phase 1). Then `alpha` and
//! `beta` are drawn. Each instance proof continues this transcript after observing its own index,
//! so a proof is bound to its place in the list (and through its root to its rows).

use crate::bus::BusChallenges;
use crate::config::{Challenge, Commitment, HashScheme, SecurityLevel, Stark, Val};
use crate::instance::InstanceKind;
use crate::proof::{FORMAT_VERSION, MEM_END};
use p3_challenger::{CanObserve, CanSample};
use p3_field::PrimeCharacteristicRing;
use zirv_core::memmap::NUM_OUTPUTS;

/// An instance as the transcript sees it.
pub struct InstanceHeader<'a, H: HashScheme> {
    /// What it proves.
    pub kind: InstanceKind,
    /// log2 of its height.
    pub log_height: usize,
    /// The commitment to its rows.
    pub root: &'a Commitment<H>,
}

/// What the statement says before the instance proofs.
pub struct Statement<'a> {
    /// The security level.
    pub security: SecurityLevel,
    /// The program id's bytes.
    pub program_id: &'a [u8],
    /// The public outputs.
    pub outputs: &'a [u32; NUM_OUTPUTS],
    /// Mem's end state.
    pub mem_end: &'a [Val; MEM_END],
}

/// The bus challenges, and the transcript after drawing them.
pub fn bus_challenges<H: HashScheme>(
    statement: &Statement<'_>,
    instances: &[InstanceHeader<'_, H>],
) -> (BusChallenges, H::Challenger) {
    let mut ch = H::challenger();
    for b in b"zirv-bus" {
        ch.observe(Val::from_u8(*b));
    }
    ch.observe(Val::from_u16(FORMAT_VERSION));
    ch.observe(Val::from_u32(statement.security.bits()));
    ch.observe(Val::from_usize(statement.program_id.len()));
    for b in statement.program_id {
        ch.observe(Val::from_u8(*b));
    }
    for o in statement.outputs {
        ch.observe(Val::from_u32(*o));
    }
    for v in statement.mem_end {
        ch.observe(*v);
    }
    ch.observe(Val::from_usize(instances.len()));
    for i in instances {
        ch.observe(Val::from_u32(i.kind.code()));
        ch.observe(Val::from_usize(i.log_height));
        ch.observe(i.root.clone());
    }
    let alpha: Challenge = ch.sample();
    let beta: Challenge = ch.sample();
    (BusChallenges::new(alpha, beta), ch)
}

/// The configuration of instance `index`'s proof: it continues the bus transcript.
pub fn instance_config<H: HashScheme>(
    security: SecurityLevel,
    bus: &H::Challenger,
    index: usize,
) -> Stark<H> {
    let mut ch = bus.clone();
    ch.observe(Val::from_usize(index));
    H::config_from(security, ch)
}
