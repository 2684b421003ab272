//! Verification: a proof file against a program (its ELF's ROM or its id).
//!
//! Order of checks, cheapest first, so that no malformed proof reaches Plonky3's verifier with a
//! shape it was not built for:
//! 1. the file parses ([`ProofFile::from_bytes`]);
//! 2. the proof is for the expected program id (and so the expected hash), at no less than the
//!    minimum security level;
//! 3. the instance list is one a proof can have (every machine of the registry in order, as
//!    many instances as its [`Rows`] policy allows, each table's anchor once), every height is
//!    within its machine's bound (`zirv_machines::Height`; tables and anchors the program id's),
//!    all rows together within the limits, every root and proof decodes, and each anchor's
//!    root is the program id's commitment to that table;
//! 4. the bus challenges are derived from the statement and every root
//!    (`zirv_stark::transcript`); each instance proof is verified (in parallel with the
//!    `parallel` feature) with its root as the preprocessed commitment, the challenges, its
//!    bus part and its machine's public values as public values;
//! 5. the instances' bus parts and the boundary messages (boot state, Mem's start and end) sum
//!    to zero.

use crate::error::{StarkCheck, VerifyError};
use p3_field::PrimeCharacteristicRing;
use p3_uni_stark::{PreprocessedVerifierKey, Proof, verify_with_preprocessed};
use serde::de::DeserializeOwned;
use zirv_core::Rom;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_machines::{
    Height, MAX_LOG_HEIGHT, MAX_LOG_STEPS, MAX_LOG_TOTAL_ROWS, MachineId, Rows, TableSource,
};
use zirv_stark::bus::{BusChallenges, CHALLENGE_PUBLICS, boundary_sum, from_limbs};
use zirv_stark::config::Stark;
use zirv_stark::transcript::{InstanceHeader, Statement, bus_challenges, instance_config};
use zirv_stark::{
    Challenge, Commitment, HashKind, HashScheme, InstanceAir, InstanceKind, Keccak, Poseidon2,
    ProgramId, ProofFile, SecurityLevel, Val, program_id,
};

/// What the verifier checks the proof against.
#[derive(Clone, Copy, Debug)]
pub enum Expected<'a> {
    /// The program itself (its id is recomputed: a commitment to its tables).
    Rom(&'a Rom),
    /// A program id (nothing is committed).
    Id(&'a ProgramId),
}

/// How to verify.
#[derive(Clone, Copy, Debug, Default)]
pub struct VerifyOptions {
    /// The lowest security level accepted (default: 100 bits).
    pub min_security: SecurityLevel,
}

/// What a valid proof proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The 64 public u32 outputs.
    pub outputs: [u32; NUM_OUTPUTS],
    /// The program.
    pub program_id: ProgramId,
    /// The hash of its Merkle trees and transcript.
    pub hash: HashKind,
    /// The security level it was made at.
    pub security: SecurityLevel,
}

/// Verifies a proof file's bytes against `expected`.
pub fn verify(
    bytes: &[u8],
    expected: Expected<'_>,
    opts: &VerifyOptions,
) -> Result<Verified, VerifyError> {
    let file = ProofFile::from_bytes(bytes)?;
    let expected_id = match expected {
        Expected::Rom(rom) => program_id(rom, file.hash)?,
        Expected::Id(id) => id.clone(),
    };
    if expected_id != file.program_id {
        return Err(VerifyError::WrongProgram {
            found: file.program_id.to_string(),
            expected: expected_id.to_string(),
        });
    }
    if file.security.bits() < opts.min_security.bits() {
        return Err(VerifyError::Security {
            found: file.security.bits(),
            min: opts.min_security.bits(),
        });
    }
    match file.hash {
        HashKind::Poseidon2 => verify_stark::<Poseidon2>(&file)?,
        HashKind::Keccak => verify_stark::<Keccak>(&file)?,
    }
    Ok(Verified {
        outputs: file.outputs,
        program_id: file.program_id,
        hash: file.hash,
        security: file.security,
    })
}

/// The instances' kinds, checked against the registry: every machine in registry order with
/// at least one instance (exactly one for [`Rows::Single`]), each table machine followed by
/// its anchor; heights within bounds and the limits.
fn check_instances(file: &ProofFile, tables: &[usize]) -> Result<Vec<InstanceKind>, VerifyError> {
    let layout = |msg: String| VerifyError::Layout(msg);
    let kinds = file
        .instances
        .iter()
        .enumerate()
        .map(|(i, p)| {
            InstanceKind::from_code(p.kind)
                .ok_or_else(|| layout(format!("instance {i} has the unknown kind {}", p.kind)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut expected = vec![];
    for &m in MachineId::ALL {
        expected.push(InstanceKind::Machine(m));
        if m.is_preprocessed() {
            expected.push(InstanceKind::Anchor(m));
        }
    }
    let mut next = expected.iter().peekable();
    let mut prev: Option<InstanceKind> = None;
    for (i, &k) in kinds.iter().enumerate() {
        let repeat = prev == Some(k)
            && matches!(k, InstanceKind::Machine(m) if m.spec().rows != Rows::Single);
        if !repeat && next.next() != Some(&k) {
            return Err(layout(format!(
                "instance {i} is a {} instance, out of place (or one too many)",
                k.name()
            )));
        }
        prev = Some(k);
    }
    if let Some(k) = next.next() {
        return Err(layout(format!("the proof has no {} instance", k.name())));
    }
    let table_height = |m: MachineId| {
        let at = MachineId::ALL
            .iter()
            .filter(|t| t.is_preprocessed())
            .position(|&t| t == m);
        at.map(|i| tables[i])
    };
    let (mut total, mut main) = (0u64, 0u64);
    for (i, (&k, p)) in kinds.iter().zip(&file.instances).enumerate() {
        let h = p.log_height as usize;
        let m = k.machine();
        let bound = match k {
            InstanceKind::Anchor(_) => Height::FromProgramId,
            InstanceKind::Machine(_) => m.spec().height,
        };
        let ok = h <= MAX_LOG_HEIGHT
            && match bound {
                Height::Exactly(log) => h == log,
                Height::AtMost(log) => h <= log,
                Height::FromProgramId => table_height(m) == Some(h),
            };
        if !ok {
            return Err(VerifyError::Height {
                machine: m.spec().name,
                instance: i,
                log_height: h,
                bound: match bound {
                    Height::Exactly(log) => format!("exactly 2^{log}"),
                    Height::AtMost(log) => format!("at most 2^{log}"),
                    Height::FromProgramId => "the program id's".into(),
                },
            });
        }
        total += 1 << h;
        if k == InstanceKind::Machine(MachineId::Main) {
            main += 1 << h;
        }
    }
    if total > 1 << MAX_LOG_TOTAL_ROWS || main > 1 << MAX_LOG_STEPS {
        return Err(layout(format!(
            "{total} rows ({main} Main rows) exceed the limits of a proof (2^{MAX_LOG_TOTAL_ROWS} \
             rows, 2^{MAX_LOG_STEPS} steps)"
        )));
    }
    Ok(kinds)
}

/// Canonical u64s to field elements (the file parser refused non-canonical ones).
fn vals<const N: usize>(v: &[u64; N]) -> [Val; N] {
    v.map(Val::from_u64)
}

fn verify_stark<H: HashScheme>(file: &ProofFile) -> Result<(), VerifyError>
where
    Commitment<H>: DeserializeOwned + serde::Serialize,
{
    let tables = file.program_id.decode::<H>()?;
    let heights: Vec<usize> = tables.iter().map(|(_, h)| *h).collect();
    let kinds = check_instances(file, &heights)?;
    let decode_err = |i: usize, what: &str, e: postcard::Error| VerifyError::Encoding {
        offset: file.instance_proof_offset(i),
        reason: format!("instance {i}'s {what}: {e}"),
    };
    let roots = file
        .instances
        .iter()
        .enumerate()
        .map(|(i, p)| {
            postcard::from_bytes::<Commitment<H>>(&p.root).map_err(|e| decode_err(i, "root", e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut anchors = tables.iter();
    for (i, (&k, p)) in kinds.iter().zip(&file.instances).enumerate() {
        if let InstanceKind::Anchor(m) = k {
            let (id_root, _) = anchors.next().expect("one anchor per table");
            if postcard::to_allocvec(id_root).ok().as_deref() != Some(&p.root[..]) {
                return Err(VerifyError::Stark(StarkCheck::Openings(format!(
                    "instance {i} ({} table) is not the program id's table",
                    m.spec().name
                ))));
            }
        }
    }
    let end = vals(&file.mem_end);
    let headers: Vec<InstanceHeader<'_, H>> = kinds
        .iter()
        .zip(&roots)
        .zip(&file.instances)
        .map(|((&kind, root), p)| InstanceHeader {
            kind,
            log_height: p.log_height as usize,
            root,
        })
        .collect();
    let statement = Statement {
        security: file.security,
        program_id: &file.program_id.bytes,
        outputs: &file.outputs,
        mem_end: &end,
    };
    let (ch, transcript) = bus_challenges::<H>(&statement, &headers);
    let check = |i: usize| verify_instance::<H>(file, i, kinds[i], &roots[i], &ch, &transcript);
    #[cfg(feature = "parallel")]
    let parts: Vec<Result<Challenge, VerifyError>> = {
        use rayon::prelude::*;
        (0..kinds.len()).into_par_iter().map(check).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<Result<Challenge, VerifyError>> = (0..kinds.len()).map(check).collect();
    let mut total = boundary_sum(&ch, &end);
    for part in parts {
        total += part?;
    }
    if total != Challenge::ZERO {
        return Err(VerifyError::Stark(StarkCheck::Bus(
            "the instances' bus parts and the boundary messages do not sum to zero".into(),
        )));
    }
    Ok(())
}

/// Verifies instance `i`'s proof; returns its bus part.
fn verify_instance<H: HashScheme>(
    file: &ProofFile,
    i: usize,
    kind: InstanceKind,
    root: &Commitment<H>,
    ch: &BusChallenges,
    transcript: &H::Challenger,
) -> Result<Challenge, VerifyError>
where
    Commitment<H>: DeserializeOwned,
{
    let p = &file.instances[i];
    let proof: Proof<Stark<H>> =
        postcard::from_bytes(&p.proof).map_err(|e| VerifyError::Encoding {
            offset: file.instance_proof_offset(i),
            reason: format!("instance {i}'s proof: {e}"),
        })?;
    let air = InstanceAir::new(kind, kind.machine().air(TableSource::ShapeOnly), None);
    let mut publics = ch.public_values();
    publics.extend(vals(&p.bus_part));
    if kind == InstanceKind::Machine(MachineId::Output) {
        publics.extend(file.outputs.iter().map(|&o| Val::from_u32(o)));
    }
    debug_assert_eq!(
        publics.len(),
        p3_air::BaseAir::<Val>::num_public_values(&air)
    );
    let vk = PreprocessedVerifierKey::<Stark<H>> {
        width: air.rows_width(),
        degree_bits: p.log_height as usize,
        commitment: root.clone(),
    };
    let config = instance_config::<H>(file.security, transcript, i);
    verify_with_preprocessed(&config, &air, &proof, &publics, Some(&vk)).map_err(|e| {
        VerifyError::Stark(StarkCheck::from_uni_error(
            e,
            format!("instance {i} ({})", kind.name()),
        ))
    })?;
    debug_assert_eq!(CHALLENGE_PUBLICS + 3, zirv_stark::bus::BUS_PUBLICS);
    Ok(from_limbs(vals(&p.bus_part)))
}
