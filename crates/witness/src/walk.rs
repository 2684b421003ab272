//! Witness generation in bounded memory: one walk over the execution in step order that builds
//! every instance of every machine, hands it to a visitor, and forgets it.
//!
//! The walk replays the chunk traces a group at a time (one chunk per core, in parallel, each
//! into its own rows of Main), so at any time the walk holds:
//! - Main's rows of less than one instance plus one group, and each register's last version
//!   (the state that makes the next rows' register ages);
//! - for each machine that answers ops (and MemAlign), the ops (requests) routed to it that do
//!   not yet fill an instance: as soon as `2^log_rows` are waiting, their instance is built and
//!   handed on;
//! - Mem's accesses (in bounded memory too: past a budget they are spilled to disk in sorted runs,
//!   [`crate::spill`]) and the 16-bit table's and the ROM's counts, for the end.
//!
//! At the end it builds the last (padded) instance of each machine, the single-instance
//! machines, Mem's instances from its sorted rows, and the tables' multiplicities (complete
//! only now: every instance counted its look-ups as it was built).
//!
//! Every instance is exactly what [`crate::generate`] and cutting its whole traces would give
//! (the tests compare them), so a prover can walk twice, once to commit and once to prove, and
//! get the same rows. Memory is bounded by the instance height, the chunk size and the spill
//! budget, whatever the run's length (the chunk traces come from a [`ChunkSource`], which may
//! keep them on disk: `zirv_emulator::ChunkStore`).

use crate::spill::{DEFAULT_SPILL_ROWS, Sorted, SortedRows};
use crate::{ChunkOut, WitnessError, check_limits, replay_into, rom_data_height};
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;
use zirv_core::event::PrecompileCall;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_core::op::{Op, OpKind};
use zirv_core::rom::{NUM_REGS, Rom};
use zirv_emulator::{ChunkSource, ChunkTrace};
use zirv_machines::{MachineId, Val, route, route_call};
use zirv_sm_main::columns::WIDTH_COLS;
use zirv_sm_main::{RegVersions, fill_register_ages};
use zirv_sm_mem::{
    Access, AlignRequest, MemRow, align_trace, input_trace, input_words, mem_instance,
    output_trace, reg_file_trace, rom_data_words,
};
use zirv_sm_rom::columns::table_height;
use zirv_sm_rom::multiplicity_trace;
use zirv_sm_tables::U16Counts;

/// One instance of a machine's rows (a table machine's: its multiplicities only).
pub struct Piece {
    /// The machine.
    pub machine: MachineId,
    /// Its place among the machine's instances (in the machine's row order).
    pub index: usize,
    /// Its rows.
    pub rows: RowMajorMatrix<Val>,
}

/// What a walk learns besides the instances.
#[derive(Clone, Debug)]
pub struct Walked {
    /// Steps executed.
    pub steps: u64,
    /// Instances made of each machine.
    pub instances: BTreeMap<MachineId, usize>,
}

/// How to walk.
#[derive(Clone, Copy, Debug)]
pub struct WalkOptions {
    /// log2 of the rows of an instance (all but each machine's last).
    pub log_rows: usize,
    /// Mem rows held in memory before a sorted run is spilled to disk.
    pub spill_rows: usize,
}

impl WalkOptions {
    /// Instances of `2^log_rows` rows, the default spill budget.
    pub fn new(log_rows: usize) -> Self {
        WalkOptions {
            log_rows,
            spill_rows: DEFAULT_SPILL_ROWS,
        }
    }
}

/// The height of a machine's last instance with `n` rows.
pub fn padded(n: usize) -> usize {
    n.max(4).next_power_of_two()
}

/// Walks the run of `rom` given by its chunk traces (in order, the last ending in the exit; in
/// memory or partly on disk, loaded a group at a time),
/// the input bytes it ran on and its public outputs, handing every instance of
/// `2^opts.log_rows` rows (each machine's last padded) to `visit`, in an order that interleaves machines. Stops at
/// the first error, of the run (as [`crate::generate`]'s) or of the visitor.
pub fn walk<E: From<WitnessError>>(
    rom: &Rom,
    chunks: &dyn ChunkSource,
    input: &[u8],
    outputs: &[u32; NUM_OUTPUTS],
    opts: WalkOptions,
    visit: &mut dyn FnMut(Piece) -> Result<(), E>,
) -> Result<Walked, E> {
    let steps = check_limits(chunks.steps(), input)?;
    let mut w = Walker::new(rom, opts, visit);
    let threads = rayon::current_num_threads().max(1);
    let (mut first, n) = (0, chunks.count());
    while first < n {
        let end = (first + threads).min(n);
        let group = (first..end)
            .map(|i| chunks.load(i))
            .collect::<Result<Vec<_>, _>>()
            .map_err(WitnessError::Spill)?;
        w.group(rom, &group, end == n)?;
        first = end;
    }
    w.finish(rom, input, outputs)?;
    Ok(Walked {
        steps,
        instances: w.made,
    })
}

/// The walk's state between groups.
struct Walker<'v, E> {
    h: usize,
    visit: &'v mut dyn FnMut(Piece) -> Result<(), E>,
    made: BTreeMap<MachineId, usize>,
    /// Main's rows not yet in an instance, the first of them step `main_first`.
    main: Vec<Val>,
    main_first: u64,
    regs: RegVersions,
    /// Per machine that answers ops (registry order), its waiting ops.
    op_machines: Vec<MachineId>,
    route: [Option<usize>; OpKind::COUNT],
    ops: Vec<Vec<(Op, u64, u64)>>,
    /// Per precompile machine (registry order), its waiting calls and how many fill an
    /// instance.
    call_machines: Vec<(MachineId, usize)>,
    calls: Vec<Vec<PrecompileCall>>,
    requests: Vec<AlignRequest>,
    /// Mem's rows so far (accesses; init rows at the end).
    mem: SortedRows,
    /// Accesses just made (moved into `mem`).
    accesses: Vec<Access>,
    u16: U16Counts,
    rom_counts: Vec<u64>,
}

impl<'v, E: From<WitnessError>> Walker<'v, E> {
    fn new(rom: &Rom, opts: WalkOptions, visit: &'v mut dyn FnMut(Piece) -> Result<(), E>) -> Self {
        let op_machines: Vec<MachineId> = MachineId::ALL
            .iter()
            .copied()
            .filter(|m| m.spec().traces.is_some() && !m.spec().ops.is_empty())
            .collect();
        let route =
            OpKind::ALL.map(|k| route(k).and_then(|m| op_machines.iter().position(|&o| o == m)));
        let call_machines: Vec<(MachineId, usize)> = MachineId::ALL
            .iter()
            .filter(|m| m.spec().call_traces.is_some())
            .map(|&m| (m, m.spec().calls_per_instance(opts.log_rows)))
            .collect();
        Walker {
            h: 1 << opts.log_rows,
            calls: vec![Vec::new(); call_machines.len()],
            call_machines,
            visit,
            made: BTreeMap::new(),
            main: Vec::new(),
            main_first: 0,
            regs: [(0, 0); NUM_REGS],
            ops: vec![Vec::new(); op_machines.len()],
            op_machines,
            route,
            requests: Vec::new(),
            mem: SortedRows::new(opts.spill_rows),
            accesses: Vec::new(),
            u16: U16Counts::default(),
            rom_counts: vec![0; rom.insts.len()],
        }
    }

    /// Hands `rows` on as the next instance of `machine`.
    fn emit(&mut self, machine: MachineId, rows: RowMajorMatrix<Val>) -> Result<(), E> {
        let index = self.made.entry(machine).or_default();
        let piece = Piece {
            machine,
            index: *index,
            rows,
        };
        *index += 1;
        (self.visit)(piece)
    }

    /// Replays a group of chunks into Main's rows and builds every instance they fill.
    fn group(
        &mut self,
        rom: &Rom,
        chunks: &[Cow<'_, ChunkTrace>],
        ends_run: bool,
    ) -> Result<(), E> {
        let old = self.main.len();
        let group_steps: u64 = chunks.iter().map(|c| c.steps).sum();
        self.main
            .resize(old + group_steps as usize * WIDTH_COLS, Val::ZERO);
        let mut slices = Vec::with_capacity(chunks.len());
        let mut rest = &mut self.main[old..];
        for c in chunks {
            let (mine, tail) = rest.split_at_mut(c.steps as usize * WIDTH_COLS);
            slices.push(mine);
            rest = tail;
        }
        let n = chunks.len();
        let outs: Vec<Result<ChunkOut, WitnessError>> = chunks
            .par_iter()
            .zip(slices)
            .enumerate()
            .map(|(k, (c, rows))| replay_into(rom, c, ends_run && k + 1 == n, rows))
            .collect();
        for out in outs {
            let out = out?;
            fill_register_ages(
                &mut self.main,
                self.main_first,
                &out.sends.regs,
                &mut self.regs,
                &mut self.u16,
            );
            self.u16.merge(&out.sends.u16);
            self.accesses.extend(out.sends.accesses);
            self.requests.extend(out.sends.align);
            for op in out.sends.ops {
                if let Some(m) = self.route[op.0.kind() as usize] {
                    self.ops[m].push(op);
                }
            }
            for call in out.sends.calls {
                let k = self
                    .call_machines
                    .iter()
                    .position(|(m, _)| route_call(call.op) == Some(*m));
                if let Some(k) = k {
                    self.calls[k].push(call);
                }
            }
            self.rom_counts
                .iter_mut()
                .zip(out.rom_counts)
                .for_each(|(c, n)| *c += n);
        }
        let h = self.h;
        while self.main.len() >= h * WIDTH_COLS {
            let rows: Vec<Val> = self.main.drain(..h * WIDTH_COLS).collect();
            self.main_first += h as u64;
            self.emit(MachineId::Main, RowMajorMatrix::new(rows, WIDTH_COLS))?;
        }
        self.flush_ops(false)?;
        self.flush_calls(false)?;
        self.flush_align(false)?;
        self.keep_accesses()
    }

    /// Moves the accesses just made into Mem's rows.
    fn keep_accesses(&mut self) -> Result<(), E> {
        for a in self.accesses.drain(..) {
            self.mem
                .push(MemRow {
                    addr8: a.addr8,
                    ts: a.ts,
                    value: a.value,
                    is_write: a.is_write,
                    is_init: false,
                })
                .map_err(WitnessError::Spill)?;
        }
        Ok(())
    }

    /// Builds the instances the waiting ops fill (with `last`, also the rest, padded; and one
    /// of padding for a machine that got no op at all).
    fn flush_ops(&mut self, last: bool) -> Result<(), E> {
        for k in 0..self.op_machines.len() {
            let m = self.op_machines[k];
            let build = m
                .spec()
                .traces
                .expect("machines that answer ops build traces");
            loop {
                let n = self.ops[k].len().min(self.h);
                let none_yet = !self.made.contains_key(&m);
                if !(n == self.h || last && (n > 0 || none_yet)) {
                    break;
                }
                let rows = build(&self.ops[k][..n], &mut self.u16);
                self.ops[k].drain(..n);
                self.emit(m, rows)?;
            }
        }
        Ok(())
    }

    /// As [`Self::flush_ops`], for the precompile machines' calls (an instance holds
    /// `calls_per_instance` of them).
    fn flush_calls(&mut self, last: bool) -> Result<(), E> {
        for k in 0..self.call_machines.len() {
            let (m, per) = self.call_machines[k];
            let build = m
                .spec()
                .call_traces
                .expect("precompile machines build traces");
            loop {
                let n = self.calls[k].len().min(per);
                let none_yet = !self.made.contains_key(&m);
                if !(n == per || last && (n > 0 || none_yet)) {
                    break;
                }
                let rows = build(&self.calls[k][..n], &mut self.u16);
                self.calls[k].drain(..n);
                self.emit(m, rows)?;
            }
        }
        Ok(())
    }

    /// As [`Self::flush_ops`], for MemAlign's requests (whose words go to Mem's accesses).
    fn flush_align(&mut self, last: bool) -> Result<(), E> {
        loop {
            let n = self.requests.len().min(self.h);
            let none_yet = !self.made.contains_key(&MachineId::MemAlign);
            if !(n == self.h || last && (n > 0 || none_yet)) {
                return Ok(());
            }
            let rows = align_trace::<Val>(&self.requests[..n], &mut self.accesses, &mut self.u16);
            self.requests.drain(..n);
            self.emit(MachineId::MemAlign, rows)?;
        }
    }

    /// The last instances: Main's, the op machines', MemAlign's, the single machines', Mem's,
    /// and the tables' multiplicities.
    fn finish(&mut self, rom: &Rom, input: &[u8], outputs: &[u32; NUM_OUTPUTS]) -> Result<(), E> {
        let left = self.main.len() / WIDTH_COLS;
        if left > 0 {
            let mut rows = std::mem::take(&mut self.main);
            rows.resize(padded(left) * WIDTH_COLS, Val::ZERO);
            self.emit(MachineId::Main, RowMajorMatrix::new(rows, WIDTH_COLS))?;
        }
        self.flush_ops(true)?;
        self.flush_calls(true)?;
        self.flush_align(true)?;
        for &m in MachineId::ALL {
            let spec = m.spec();
            if let (Some(build), []) = (spec.traces, spec.ops) {
                let rows = build(&[], &mut self.u16);
                self.emit(m, rows)?;
            }
        }
        let (input_data, input_init) = input_trace::<Val>(&input_words(input), &mut self.u16);
        self.emit(MachineId::InputData, input_data)?;
        let output = output_trace::<Val>(outputs, &mut self.accesses);
        self.emit(MachineId::Output, output)?;
        self.emit(MachineId::RegFile, reg_file_trace(&self.regs))?;
        self.keep_accesses()?;
        let init = rom_data_words(&rom.memory).into_iter().chain(input_init);
        for (addr8, value) in init {
            let row = MemRow {
                addr8,
                ts: 0,
                value,
                is_write: true,
                is_init: true,
            };
            self.mem.push(row).map_err(WitnessError::Spill)?;
        }
        let mem = std::mem::replace(&mut self.mem, SortedRows::new(1));
        let sorted = mem.into_sorted().map_err(WitnessError::Spill)?;
        self.mem_instances(sorted)?;
        let rom_mult = multiplicity_trace::<Val>(&self.rom_counts, table_height(rom));
        self.emit(MachineId::Rom, rom_mult)?;
        let rom_data = RowMajorMatrix::new(Val::zero_vec(rom_data_height(rom)), 1);
        self.emit(MachineId::RomData, rom_data)?;
        let u16 = self.u16.trace();
        self.emit(MachineId::U16, u16)?;
        debug_assert!(MachineId::ALL.iter().all(|m| self.made.contains_key(m)));
        Ok(())
    }

    /// Mem's instances from its sorted rows: each a carry row of the row before its first (the
    /// start row for the first instance) and `2^log_rows - 1` rows, the last padded.
    fn mem_instances(&mut self, rows: Sorted) -> Result<(), E> {
        let mut rows = rows.peekable();
        let mut prev: Option<MemRow> = None;
        let mut batch = Vec::with_capacity(self.h - 1);
        loop {
            batch.clear();
            while batch.len() < self.h - 1 {
                match rows.next() {
                    Some(r) => batch.push(r.map_err(WitnessError::Spill)?),
                    None => break,
                }
            }
            let n = batch.len();
            let height = if n + 1 == self.h {
                self.h
            } else {
                padded(n + 1)
            };
            let u16 = &mut self.u16;
            let inst = mem_instance(&batch, prev.as_ref(), height, &mut |v| u16.range(v));
            self.emit(MachineId::Mem, inst)?;
            prev = batch.last().copied().or(prev);
            if rows.peek().is_none() {
                return Ok(());
            }
        }
    }
}
