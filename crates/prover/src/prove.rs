//! Proving a witness in two phases (docs/prover.md, "Instances and the global bus"), written once
//! over the hash scheme ([`HashScheme`]):
//!
//! 1. **Commit**: each instance's rows are committed (the preprocessed commitment of its later
//!    proof); only the root is kept ([`commit_instance`]).
//! 2. **Challenges**: the bus challenges are drawn from the statement and every root
//!    (`zirv_stark::transcript`).
//! 3. **Prove**: each instance's rows are committed again (the same root; phase 1's data is
//!    reused instead while all of it fits in [`KEEP_COMMITTED_BYTES`]), its bus columns built
//!    under the challenges, and its uni-stark proof made ([`prove_instance`]).
//!
//! One instance is in the prover's hands at a time in each phase; phase 1's output (kinds,
//! heights, roots) and phase 2's inputs (an instance's rows, the challenges, its index) are plain
//! data, so the phases can run in different processes.

use crate::bus_trace::bus_trace;
use crate::instances::{Instance, Run, cut, mem_end, order_key, walk_instances};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use p3_uni_stark::{PreprocessedProverData, prove_with_preprocessed, setup_preprocessed};
use serde::{Serialize, de::DeserializeOwned};
use std::collections::BTreeMap;
use std::time::Instant;
use thiserror::Error;
use zirv_core::Rom;
use zirv_machines::{DEFAULT_INSTANCE_LOG_ROWS, MAX_INSTANCE_LOG_ROWS, MachineId, TableSource};
use zirv_stark::bus::{BusChallenges, boundary_sum, limbs};
use zirv_stark::instance::log_height;
use zirv_stark::program_id::{anchors, encode_id};
use zirv_stark::proof::{InstanceProof, MEM_END};
use zirv_stark::transcript::{InstanceHeader, Statement, bus_challenges, instance_config};
use zirv_stark::{
    Challenge, Commitment, HashKind, HashScheme, InstanceAir, InstanceKind, Keccak, Poseidon2,
    ProgramId, ProofFile, SecurityLevel, Stark, Val,
};
use zirv_witness::{WalkOptions, Witness};

/// Runs `$body` with `$h` the hash scheme of `$kind`.
macro_rules! by_hash {
    ($kind:expr, |$h:ident| $body:expr) => {
        match $kind {
            HashKind::Poseidon2 => {
                type $h = Poseidon2;
                $body
            }
            HashKind::Keccak => {
                type $h = Keccak;
                $body
            }
        }
    };
}

/// How to prove.
#[derive(Clone, Copy, Debug)]
pub struct ProveOptions {
    /// Merkle/transcript hash.
    pub hash: HashKind,
    /// FRI security level.
    pub security: SecurityLevel,
    /// log2 of the rows of one instance of a machine that is cut into instances (Main, Mem,
    /// MemAlign, the ALU machines): at most `zirv_machines::MAX_INSTANCE_LOG_ROWS`, at least 4.
    pub instance_log_rows: usize,
    /// The most steps a run may take to be proven (at most `zirv_machines::MAX_STEPS`, the
    /// default): a guard against runs that never end (used where the run is executed,
    /// `zirv_sdk::prove`).
    pub max_steps: u64,
    /// Bytes of chunk traces held in memory where the run is executed (`zirv_sdk::prove`);
    /// the rest go to a temporary file and are read back a group at a time
    /// (`zirv_emulator::ChunkStore`; default 1 GiB, about 700 M steps of SHA-256).
    pub chunk_bytes: usize,
}

impl Default for ProveOptions {
    fn default() -> Self {
        ProveOptions {
            hash: HashKind::default(),
            security: SecurityLevel::default(),
            instance_log_rows: DEFAULT_INSTANCE_LOG_ROWS,
            max_steps: zirv_machines::MAX_STEPS,
            chunk_bytes: zirv_emulator::DEFAULT_CHUNK_BYTES,
        }
    }
}

/// Why the proof system made no proof of a run or witness. Every case but `InstanceHeight` and
/// `Witness` is a bug in Zirv (witness generation builds only shapes the prover takes): please
/// report it.
#[derive(Debug, Error)]
pub enum ProveError {
    /// The run cannot be proven (it failed, or runs an op no machine proves, or is too long).
    #[error(transparent)]
    Witness(#[from] zirv_witness::WitnessError),
    /// The instance height asked for is out of range.
    #[error("instance height 2^{0} is out of range (2^4 to 2^{MAX_INSTANCE_LOG_ROWS} rows)")]
    InstanceHeight(usize),
    /// Committing failed.
    #[error("the prover failed to commit {0}")]
    Setup(String),
    /// The STARK prover failed.
    #[error("the STARK prover failed: {0}")]
    Stark(String),
    /// The proof did not serialize.
    #[error("the proof does not serialize: {0}")]
    Encode(String),
}

/// Where the time went, and the shape of the proof.
#[derive(Clone, Debug, Default)]
pub struct ProveStats {
    /// Steps proven.
    pub steps: u64,
    /// Seconds in the emulator (trace mode).
    pub execute_s: f64,
    /// Seconds building the witness.
    pub witness_s: f64,
    /// Seconds committing every instance (phase 1, without building the instances).
    pub commit_s: f64,
    /// Seconds building bus columns (phase 2).
    pub bus_s: f64,
    /// Seconds in the instance STARK proofs (phase 2: re-commit, quotient, openings).
    pub stark_s: f64,
    /// Seconds in the prover in all (cutting, both phases).
    pub prove_s: f64,
    /// Per instance: (name, rows, machine columns, bus columns).
    pub shapes: Vec<(String, usize, usize, usize)>,
}

/// Progress of a proof: `(phase, instance, instances)`, phase 1 committing, 2 proving.
pub type Progress<'a> = &'a mut dyn FnMut(u8, usize, usize);

/// The AIR of an instance of `rom` with its rows.
fn instance_air(rom: &Rom, kind: InstanceKind, rows: RowMajorMatrix<Val>) -> InstanceAir {
    InstanceAir::new(
        kind,
        kind.machine().air(TableSource::Program(rom)),
        Some(rows),
    )
}

/// Phase 1's prover data of all instances together is kept for phase 2 (which then does not
/// commit again) while it stays under this many bytes (an estimate: the rows' low-degree
/// extension and Merkle tree). Beyond it, phase 2 commits each instance again (the same root):
/// about 40 % more commitment work, but memory bounded by one instance. 1.5 GiB keeps most of a
/// run of a million steps, and with one instance being proven and the walk's buffers stays
/// well under 8 GB (BENCHMARKS.md).
pub const KEEP_COMMITTED_BYTES: usize = 3 << 29;

/// What phase 1 keeps of an instance: its root, and its committed data when kept.
pub struct Committed<H: HashScheme> {
    /// The commitment to its rows.
    pub root: Commitment<H>,
    /// The committed rows (low-degree extension, Merkle tree), for phase 2 to reuse.
    pub data: Option<PreprocessedProverData<Stark<H>>>,
}

/// The bytes of an instance's committed data (estimate): its rows' low-degree extension
/// (blowup 2) and the Merkle tree over it (about two 32-byte digests per extended row).
fn committed_bytes(instance: &Instance) -> usize {
    let rows = instance.rows.values.len() / instance.rows.width.max(1);
    2 * rows * (instance.rows.width * std::mem::size_of::<Val>() + 64)
}

/// Phase 1 for one instance: the commitment to its rows (with the committed data if `keep`).
pub fn commit_instance<H: HashScheme>(
    level: SecurityLevel,
    rom: &Rom,
    instance: Instance,
    keep: bool,
) -> Result<Committed<H>, ProveError> {
    let config = H::config(level);
    let (kind, h) = (instance.kind, log_height(&instance.rows));
    let air = instance_air(rom, kind, instance.rows);
    let (pd, vk) = setup_preprocessed(&config, &air, h)
        .map_err(|e| ProveError::Setup(format!("{}: {e:?}", kind.name())))?
        .ok_or_else(|| ProveError::Setup(format!("{}: no rows", kind.name())))?;
    Ok(Committed {
        root: vk.commitment,
        data: keep.then_some(pd),
    })
}

/// The public values of instance proofs: the challenges, the bus part (filled in later), the
/// machine's own.
fn publics(ch: &BusChallenges, kind: InstanceKind, outputs: &[u32]) -> Vec<Val> {
    let mut p = ch.public_values();
    p.extend([Val::ZERO; 3]);
    if kind == InstanceKind::Machine(MachineId::Output) {
        p.extend(outputs.iter().map(|&o| Val::from_u32(o)));
    }
    p
}

/// Phase 2 for one instance: its bus columns and proof, and the time spent on each.
pub fn prove_instance<H: HashScheme>(
    level: SecurityLevel,
    rom: &Rom,
    instance: Instance,
    committed: Option<PreprocessedProverData<Stark<H>>>,
    index: usize,
    challenges: &(BusChallenges, H::Challenger),
    outputs: &[u32],
) -> Result<(InstanceProof, Challenge, f64, f64), ProveError>
where
    Commitment<H>: Serialize,
{
    let (ch, transcript) = challenges;
    let t = Instant::now();
    let h = log_height(&instance.rows);
    let air = instance_air(rom, instance.kind, instance.rows);
    let rows = air.preprocessed_rows();
    let mut public_values = publics(ch, instance.kind, outputs);
    let (bus, part) = bus_trace(&air, rows, ch, &public_values);
    let s = zirv_stark::bus::CHALLENGE_PUBLICS;
    public_values[s..s + 3].copy_from_slice(&limbs(part));
    let bus_s = t.elapsed().as_secs_f64();
    if std::env::var_os("ZIRV_CHECK_CONSTRAINTS").is_some() {
        // Witness debugging: Plonky3's row-by-row check names the failing row (and panics).
        p3_air::check_constraints(&air, &bus, &public_values);
    }
    let t = Instant::now();
    let config = instance_config::<H>(level, transcript, index);
    let pd = match committed {
        Some(pd) => pd,
        None => {
            setup_preprocessed(&config, &air, h)
                .map_err(|e| ProveError::Setup(format!("{}: {e:?}", instance.kind.name())))?
                .ok_or_else(|| ProveError::Setup(format!("{}: no rows", instance.kind.name())))?
                .0
        }
    };
    let proof = prove_with_preprocessed(&config, &air, bus, &public_values, Some(&pd))
        .map_err(|e| ProveError::Stark(format!("{}: {e:?}", instance.kind.name())))?;
    let out = InstanceProof {
        kind: instance.kind.code(),
        log_height: h as u8,
        root: encode(&pd.commitment)?,
        bus_part: limbs(part).map(|v| v.as_canonical_u64()),
        proof: encode(&proof)?,
    };
    Ok((out, part, bus_s, t.elapsed().as_secs_f64()))
}

fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>, ProveError> {
    postcard::to_allocvec(v).map_err(|e| ProveError::Encode(e.to_string()))
}

/// The fixed tables of `rom`, each with its machine (what table machines answer from).
pub fn tables(rom: &Rom) -> Result<Vec<(MachineId, RowMajorMatrix<Val>)>, ProveError> {
    Ok(anchors(rom)
        .map_err(|e| ProveError::Setup(e.to_string()))?
        .into_iter()
        .map(|(m, air, _)| (m, air.preprocessed_rows().clone()))
        .collect())
}

/// Where a proof's instances come from: each call hands every instance to its argument, the
/// same rows every time, in any order ([`walk_instances`] for a run, a list for a witness).
pub type Source<'a> =
    dyn FnMut(&mut dyn FnMut(Instance) -> Result<(), ProveError>) -> Result<(), ProveError> + 'a;

/// What phase 1 learnt of an instance (in walk order until sorted).
struct Header<H: HashScheme> {
    kind: InstanceKind,
    index: usize,
    log_height: usize,
    width: usize,
    root: Commitment<H>,
    data: Option<PreprocessedProverData<Stark<H>>>,
}

/// Proves the instances `source` hands out (every instance of a run of `rom` with these
/// outputs, whose Main has `steps` rows in instances of `2^log_rows`): phase 1, the challenges,
/// phase 2. Progress: phase 1 by steps walked, phase 2 by instances proven.
#[allow(clippy::too_many_arguments)]
pub fn prove_instances<H: HashScheme>(
    level: SecurityLevel,
    rom: &Rom,
    source: &mut Source<'_>,
    (steps, log_rows): (u64, usize),
    outputs: &[u32; zirv_core::memmap::NUM_OUTPUTS],
    progress: Progress<'_>,
    stats: &mut ProveStats,
) -> Result<ProofFile, ProveError>
where
    Commitment<H>: Serialize + DeserializeOwned,
{
    let mut headers: Vec<Header<H>> = Vec::new();
    let mut end: Option<(usize, [Val; MEM_END])> = None;
    let mut budget = KEEP_COMMITTED_BYTES;
    progress(1, 0, steps as usize);
    source(&mut |inst| {
        if inst.kind == InstanceKind::Machine(MachineId::Main) {
            let walked = ((inst.index + 1) << log_rows).min(steps as usize);
            progress(1, walked, steps as usize);
        }
        if inst.kind == InstanceKind::Machine(MachineId::Mem)
            && end.is_none_or(|(i, _)| inst.index >= i)
        {
            end = Some((inst.index, mem_end(&inst.rows)));
        }
        let bytes = committed_bytes(&inst);
        let keep = bytes <= budget;
        if keep {
            budget -= bytes;
        }
        let (kind, index, log_height, width) = (
            inst.kind,
            inst.index,
            log_height(&inst.rows),
            inst.rows.width,
        );
        let t = Instant::now();
        let c = commit_instance::<H>(level, rom, inst, keep)?;
        stats.commit_s += t.elapsed().as_secs_f64();
        headers.push(Header {
            kind,
            index,
            log_height,
            width,
            root: c.root,
            data: c.data,
        });
        Ok(())
    })?;
    headers.sort_by_key(|h| order_key(h.kind, h.index));
    let n = headers.len();
    let place: BTreeMap<_, usize> = headers
        .iter()
        .enumerate()
        .map(|(k, h)| (order_key(h.kind, h.index), k))
        .collect();
    stats.shapes = headers
        .iter()
        .map(|h| {
            let air = InstanceAir::new(h.kind, h.kind.machine().air(TableSource::ShapeOnly), None);
            (h.kind.name(), 1 << h.log_height, h.width, air.bus_width())
        })
        .collect();
    let (_, end) = end.ok_or_else(|| ProveError::Setup("Mem: no instance".into()))?;
    let roots: Vec<Commitment<H>> = headers.iter().map(|h| h.root.clone()).collect();
    let id = program_id_bytes::<H>(
        headers
            .iter()
            .map(|h| (h.kind, h.log_height))
            .zip(roots.iter()),
    )?;
    let challenges = {
        let views: Vec<InstanceHeader<'_, H>> = headers
            .iter()
            .zip(&roots)
            .map(|(h, root)| InstanceHeader {
                kind: h.kind,
                log_height: h.log_height,
                root,
            })
            .collect();
        let statement = Statement {
            security: level,
            program_id: &id,
            outputs,
            mem_end: &end,
        };
        bus_challenges::<H>(&statement, &views)
    };
    let mut kept: Vec<_> = headers.iter_mut().map(|h| h.data.take()).collect();
    let heights: Vec<usize> = headers.iter().map(|h| h.log_height).collect();
    drop(headers);
    let mut proofs: Vec<Option<InstanceProof>> = vec![None; n];
    let mut total = boundary_sum(&challenges.0, &end);
    let mut done = 0;
    source(&mut |inst| {
        let k = *place.get(&inst.order_key()).ok_or_else(|| changed(&inst))?;
        if heights[k] != log_height(&inst.rows) || proofs[k].is_some() {
            return Err(changed(&inst));
        }
        progress(2, done, n);
        done += 1;
        let (proof, part, bus_s, stark_s) =
            prove_instance::<H>(level, rom, inst, kept[k].take(), k, &challenges, outputs)?;
        total += part;
        stats.bus_s += bus_s;
        stats.stark_s += stark_s;
        proofs[k] = Some(proof);
        Ok(())
    })?;
    let proofs = proofs
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| ProveError::Setup("phase 2 made fewer instances than phase 1".into()))?;
    if total != Challenge::ZERO {
        // Only a witness that lies gets here (the fault-injection tests make such witnesses):
        // its proof is made all the same and the verifier rejects it.
        tracing::debug!("the bus does not balance: this proof will not verify");
    }
    Ok(ProofFile {
        hash: H::KIND,
        security: level,
        program_id: ProgramId {
            hash: H::KIND,
            bytes: id,
        },
        outputs: *outputs,
        mem_end: end.map(|v| v.as_canonical_u64()),
        instances: proofs,
    })
}

/// Phase 2 met an instance phase 1 did not commit (a bug: both walk the same run).
fn changed(inst: &Instance) -> ProveError {
    ProveError::Setup(format!(
        "{} instance {}: not the instance phase 1 committed",
        inst.kind.name(),
        inst.index
    ))
}

/// The program id's bytes: the anchors' roots and heights, from every instance's kind and
/// height with its root, in canonical order.
pub fn program_id_bytes<'a, H: HashScheme>(
    instances: impl Iterator<Item = ((InstanceKind, usize), &'a Commitment<H>)>,
) -> Result<Vec<u8>, ProveError>
where
    Commitment<H>: Serialize + 'a,
{
    let tables: Vec<(Commitment<H>, usize)> = instances
        .filter(|((kind, _), _)| matches!(kind, InstanceKind::Anchor(_)))
        .map(|((_, h), r)| (r.clone(), h))
        .collect();
    encode_id(&tables).map_err(|e| ProveError::Setup(e.to_string()))
}

/// The transcript's view of instances and their roots.
pub fn headers<'a, H: HashScheme>(
    instances: &[Instance],
    roots: &'a [Commitment<H>],
) -> Vec<InstanceHeader<'a, H>> {
    instances
        .iter()
        .zip(roots)
        .map(|(i, root)| InstanceHeader {
            kind: i.kind,
            log_height: log_height(&i.rows),
            root,
        })
        .collect()
}

/// Proves a witness of `rom` (tests use it to prove faulty witnesses): its instances are cut
/// from its whole traces ([`cut`]).
pub fn prove_witness(
    rom: &Rom,
    witness: Witness,
    opts: &ProveOptions,
) -> Result<(ProofFile, ProveStats), ProveError> {
    check_options(opts)?;
    let t = Instant::now();
    let steps = witness.steps;
    let outputs = witness.outputs;
    let instances = cut(witness, &tables(rom)?, opts.instance_log_rows);
    let mut source = |f: &mut dyn FnMut(Instance) -> Result<(), ProveError>| {
        instances.iter().try_for_each(|i| f(i.clone()))
    };
    let mut stats = ProveStats {
        steps,
        ..ProveStats::default()
    };
    let shape = (steps, opts.instance_log_rows);
    let proof = by_hash!(opts.hash, |H| prove_instances::<H>(
        opts.security,
        rom,
        &mut source,
        shape,
        &outputs,
        &mut |_, _, _| {},
        &mut stats
    ))?;
    stats.prove_s = t.elapsed().as_secs_f64();
    Ok((proof, stats))
}

/// Proves a run of `rom` in bounded memory: its instances are built from the chunk traces as
/// each phase needs them (twice: [`walk_instances`]), so no whole trace is ever held. Reports
/// each phase's progress; the stats' `witness_s` is the time spent building instances.
pub fn prove_run(
    rom: &Rom,
    run: Run<'_>,
    opts: &ProveOptions,
    progress: Progress<'_>,
) -> Result<(ProofFile, ProveStats), ProveError> {
    check_options(opts)?;
    let t = Instant::now();
    let tables = tables(rom)?;
    let run_steps = run.chunks.steps();
    let mut walking = 0.0;
    let mut source = |f: &mut dyn FnMut(Instance) -> Result<(), ProveError>| {
        let t = Instant::now();
        let mut inner = 0.0;
        let walk = WalkOptions::new(opts.instance_log_rows);
        let walked = walk_instances(rom, &run, &tables, walk, &mut |i| {
            let t = Instant::now();
            let r = f(i);
            inner += t.elapsed().as_secs_f64();
            r
        })?;
        walking += t.elapsed().as_secs_f64() - inner;
        debug_assert_eq!(walked.steps, run_steps);
        Ok(())
    };
    let mut stats = ProveStats {
        steps: run_steps,
        ..ProveStats::default()
    };
    let shape = (run_steps, opts.instance_log_rows);
    let proof = by_hash!(opts.hash, |H| prove_instances::<H>(
        opts.security,
        rom,
        &mut source,
        shape,
        run.outputs,
        progress,
        &mut stats
    ))?;
    stats.witness_s = walking;
    stats.prove_s = t.elapsed().as_secs_f64();
    Ok((proof, stats))
}

fn check_options(opts: &ProveOptions) -> Result<(), ProveError> {
    if !(4..=MAX_INSTANCE_LOG_ROWS).contains(&opts.instance_log_rows) {
        return Err(ProveError::InstanceHeight(opts.instance_log_rows));
    }
    Ok(())
}
