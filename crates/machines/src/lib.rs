//! The machine registry: every machine of a Zirv proof, in one list.
//!
//! Each entry of [`registry!`] gives a machine's [`MachineId`], its AIR type (a variant of
//! [`ZirvAir`]) and its [`MachineSpec`]: name, whether it has a preprocessed table and whose,
//! how its rows are cut into instances ([`Rows`]), the height bound the verifier enforces per
//! instance, its public values, and which op kinds it answers on the operation bus (with the
//! function that builds its traces from those ops). Everything that used to be wired by
//! position comes from here: the witness's traces (keyed by machine), the instances of a proof,
//! the verifier's height checks and instance rules.
//!
//! Adding a machine (ARCHITECTURE.md, "Adding a machine"): write its crate (columns, AIR, trace),
//! add one entry below, and, if it answers ops, give the op kinds in its spec. The feature
//! `test-machine` adds `Example`, a trivial machine that shows it.

mod air;

use p3_matrix::dense::RowMajorMatrix;
use zirv_core::Rom;
use zirv_core::event::PrecompileCall;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_core::op::{Op, OpKind};
use zirv_sm_arith::ArithAir;
use zirv_sm_binary::BinaryAir;
use zirv_sm_main::MainAir;
use zirv_sm_mem::reg_file::REG_ROWS;
use zirv_sm_mem::{InputDataAir, MemAir, MemAlignAir, OutputAir, RegFileAir, RomDataAir};
use zirv_sm_rom::RomAir;
use zirv_sm_shift::ShiftAir;
use zirv_sm_tables::{RANGE_BITS, RangeAir, U16Counts};

/// The base field of every machine: Goldilocks.
pub type Val = p3_goldilocks::Goldilocks;

/// The most steps one proof holds: 2^36. Timestamps (`4 * step + slot + 1`) stay below the
/// Output machine's read at `FINAL_TS = 2^40`, and all rows of a proof stay far below the
/// Goldilocks prime, so no bus multiplicity can wrap (docs/prover.md, "Limits").
pub const MAX_STEPS: u64 = 1 << MAX_LOG_STEPS;
/// log2 of [`MAX_STEPS`].
pub const MAX_LOG_STEPS: usize = 36;
/// The most rows all instances of a proof have together: 2^40.
pub const MAX_LOG_TOTAL_ROWS: usize = 40;
/// The largest height of one instance of a machine that is cut into instances (2^22 rows); the
/// prover's instance height is at most this ([`DEFAULT_INSTANCE_LOG_ROWS`] by default).
pub const MAX_INSTANCE_LOG_ROWS: usize = 22;
/// The prover's default instance height (2^20 rows: one Main instance proves in about 2 GB).
pub const DEFAULT_INSTANCE_LOG_ROWS: usize = 20;
/// The largest height of any instance or table (2^28 rows), the bound the security analysis
/// assumes.
pub const MAX_LOG_HEIGHT: usize = 28;

// The limits keep the statement sound (checked at compile time):
// timestamps `4 * step + slot + 1` stay below Output's read at FINAL_TS;
const _: () = assert!(4 * MAX_STEPS + 4 < zirv_data_bus::FINAL_TS);
// at most 512 messages of weight 1 per row (Secp256k1 has the most: 277): no tuple can be sent
// p times;
const _: () = assert!((1u128 << MAX_LOG_TOTAL_ROWS) * 512 < 0xffff_ffff_0000_0001u128);
const _: () = assert!(MAX_LOG_STEPS <= MAX_LOG_TOTAL_ROWS);
const _: () = assert!(DEFAULT_INSTANCE_LOG_ROWS <= MAX_INSTANCE_LOG_ROWS);
// InputData's rows are words of the INPUT region.
const _: () = assert!(
    1u64 << INPUT_LOG_ROWS <= (zirv_core::memmap::INPUT_END - zirv_core::memmap::INPUT_ADDR) / 8
);
/// log2 of InputData's largest height (one instance, one row per input word): 2^22 words, so a
/// proven run's input is at most 32 MiB (the emulator's INPUT region is larger; witness
/// generation refuses longer inputs by name).
pub const INPUT_LOG_ROWS: usize = 22;

/// The width the prover's instance height is meant for (about Main's): a wider machine's
/// instances get fewer rows, so every instance has about the same number of cells.
pub const CELLS_WIDTH: usize = 64;

/// Whose preprocessed table a machine has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tables {
    /// None.
    None,
    /// The program's (ROM, initial data): committed in the program id, with its height.
    Program,
    /// A fixed table, the same for every program (still committed in the program id).
    Fixed,
}

/// How a machine's rows are cut into instances of at most the prover's instance height (all but
/// the last of a machine exactly that height, the last padded to a power of two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// One instance: its whole trace (tables, InputData, Output, RegFile).
    Single,
    /// Independent rows, zero rows are padding: cut anywhere (MemAlign, the ALU machines).
    Independent,
    /// Precompile calls of [`MachineSpec::rows_per_call`] rows each, padded as the machine
    /// pads: an instance holds whole calls and is built from them (witness generation keeps the
    /// calls, not rows to cut).
    Calls,
    /// Main: consecutive steps; each instance receives its first `(pc, step)` and sends the
    /// next on the continuation bus.
    MainChain,
    /// Mem: rows sorted by (address, timestamp); each instance starts with a carry row of the
    /// previous instance's last row (the start row for the first), received on the
    /// continuation bus.
    MemChain,
}

/// The height a verifier accepts for each instance of a machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Height {
    /// Exactly `2^log` rows.
    Exactly(usize),
    /// At most `2^log` rows.
    AtMost(usize),
    /// The height in the program id (the program's table).
    FromProgramId,
}

/// Builds one instance of a machine from `(op, a, b)` Main sent it (ops of the kinds it
/// answers, in step order; at most an instance's rows), with its look-ups counted in the 16-bit
/// table: one row per op, padded with zero rows to a power of two (at least 4).
pub type Traces = fn(&[(Op, u64, u64)], &mut U16Counts) -> RowMajorMatrix<Val>;

/// Builds one instance of a precompile machine from the calls routed to it (in step order; at
/// most [`MachineSpec::calls_per_instance`]), with its look-ups counted in the 16-bit table.
pub type CallTraces = fn(&[PrecompileCall], &mut U16Counts) -> RowMajorMatrix<Val>;

/// What the registry knows of a machine.
#[derive(Clone, Copy)]
pub struct MachineSpec {
    /// Its name (in messages, `zirv prove`'s shapes, docs).
    pub name: &'static str,
    /// Its preprocessed table.
    pub tables: Tables,
    /// How its rows become instances.
    pub rows: Rows,
    /// The verifier's height bound per instance.
    pub height: Height,
    /// How many public values its instances take (the proof's public outputs go to Output).
    pub public_values: usize,
    /// The op kinds it answers on the operation bus.
    pub ops: &'static [OpKind],
    /// Builds its traces from the ops routed to it. `None` for the machines whose traces
    /// witness generation builds itself, from the whole execution (Main and the memory machines,
    /// which depend on each other's rows, and the tables, which count everyone's look-ups).
    pub traces: Option<Traces>,
    /// The precompiles it proves (Main's calls of these ops are routed to it).
    pub calls: &'static [Op],
    /// Builds its instances from its calls.
    pub call_traces: Option<CallTraces>,
    /// Rows one call takes.
    pub rows_per_call: usize,
    /// Its width (columns), for the height of its instances.
    pub call_width: usize,
}

impl MachineSpec {
    const fn new(name: &'static str, height: Height) -> Self {
        MachineSpec {
            name,
            tables: Tables::None,
            rows: Rows::Single,
            height,
            public_values: 0,
            ops: &[],
            traces: None,
            calls: &[],
            call_traces: None,
            rows_per_call: 0,
            call_width: 0,
        }
    }
    const fn proves(
        mut self,
        calls: &'static [Op],
        rows_per_call: usize,
        width: usize,
        traces: CallTraces,
    ) -> Self {
        self.calls = calls;
        self.call_width = width;
        self.rows = Rows::Calls;
        self.call_traces = Some(traces);
        self.rows_per_call = rows_per_call;
        self
    }
    /// How many calls one of its instances holds when the prover's instances have `2^log_rows`
    /// rows: as many as fill the cells of an instance [`CELLS_WIDTH`] columns wide (a precompile
    /// machine is much wider than Main: Keccakf's 2^20 rows would be 22 GB of trace), rounded
    /// down to a power of two of rows; at least one (a call's rows are never split).
    pub fn calls_per_instance(&self, log_rows: usize) -> usize {
        let cells = (1usize << log_rows) * CELLS_WIDTH;
        let rows = cells / self.call_width.max(1);
        let rows = if rows == 0 { 0 } else { 1 << rows.ilog2() };
        (rows / self.rows_per_call.max(1)).max(1)
    }
    const fn tables(mut self, tables: Tables) -> Self {
        self.tables = tables;
        self
    }
    const fn answers(mut self, ops: &'static [OpKind], traces: Traces) -> Self {
        self.ops = ops;
        self.rows = Rows::Independent;
        self.traces(traces)
    }
    const fn rows(mut self, rows: Rows) -> Self {
        self.rows = rows;
        self
    }
    const fn traces(mut self, traces: Traces) -> Self {
        self.traces = Some(traces);
        self
    }
    const fn public_values(mut self, n: usize) -> Self {
        self.public_values = n;
        self
    }
}

/// How a verifier or prover gets a machine's preprocessed table.
#[derive(Clone, Copy, Debug)]
pub enum TableSource<'a> {
    /// From the program (the prover, or a verifier given the ELF).
    Program(&'a Rom),
    /// Not at all: the verifier's shape-only view (the tables are committed in the program id).
    ShapeOnly,
}

macro_rules! registry {
    ($(
        $(#[cfg($cfg:meta)])?
        $(#[doc = $doc:literal])*
        $id:ident($air:ty) = $spec:expr, air: |$src:ident| $make:expr;
    )*) => {
        /// Every machine, in instance order (machines with preprocessed tables first; every
        /// instance of a machine is contiguous).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum MachineId {
            $( $(#[cfg($cfg)])? $(#[doc = $doc])* $id, )*
        }

        impl MachineId {
            /// Every machine, in instance order.
            pub const ALL: &'static [MachineId] = &[ $( $(#[cfg($cfg)])? MachineId::$id, )* ];

            /// Its spec.
            pub fn spec(self) -> MachineSpec {
                match self {
                    $( $(#[cfg($cfg)])? MachineId::$id => $spec, )*
                }
            }

            /// Its AIR, with the preprocessed table from `source`.
            pub fn air(self, source: TableSource<'_>) -> ZirvAir {
                match self {
                    $( $(#[cfg($cfg)])? MachineId::$id => {
                        let $src = source;
                        ZirvAir::$id($make)
                    } )*
                }
            }
        }

        air::zirv_air! { $( $(#[cfg($cfg)])? $(#[doc = $doc])* $id($air), )* }
    };
}

registry! {
    /// The program's instructions (preprocessed) with their multiplicities.
    Rom(RomAir<Val>) = MachineSpec::new("Rom", Height::FromProgramId).tables(Tables::Program),
        air: |src| match src {
            TableSource::Program(rom) => RomAir::new(rom),
            TableSource::ShapeOnly => RomAir::shape_only(),
        };
    /// The program's initial data words (preprocessed).
    RomData(RomDataAir<Val>) =
        MachineSpec::new("RomData", Height::FromProgramId).tables(Tables::Program),
        air: |src| match src {
            TableSource::Program(rom) => {
                RomDataAir::new(&zirv_sm_mem::rom_data_words(&rom.memory))
            }
            TableSource::ShapeOnly => RomDataAir::shape_only(),
        };
    /// The 16-bit table (ranges, byte pairs, region classes, ALU look-ups).
    U16(RangeAir<Val>) =
        MachineSpec::new("U16", Height::Exactly(RANGE_BITS)).tables(Tables::Fixed),
        air: |src| match src {
            TableSource::Program(_) => RangeAir::default(),
            TableSource::ShapeOnly => RangeAir::shape_only(),
        };
    /// One row per step.
    Main(MainAir) = MachineSpec::new("Main", Height::AtMost(MAX_INSTANCE_LOG_ROWS))
        .rows(Rows::MainChain), air: |_s| MainAir;
    /// Loads and stores of any width and alignment.
    MemAlign(MemAlignAir) = MachineSpec::new("MemAlign", Height::AtMost(MAX_INSTANCE_LOG_ROWS))
        .rows(Rows::Independent), air: |_s| MemAlignAir;
    /// Memory consistency.
    Mem(MemAir) = MachineSpec::new("Mem", Height::AtMost(MAX_INSTANCE_LOG_ROWS))
        .rows(Rows::MemChain), air: |_s| MemAir;
    /// The input's words (at most one row per word of the INPUT region).
    InputData(InputDataAir) = MachineSpec::new("InputData", Height::AtMost(INPUT_LOG_ROWS)),
        air: |_s| InputDataAir;
    /// The public outputs: one row, bound to the proof's public values.
    Output(OutputAir) = MachineSpec::new("Output", Height::Exactly(0)).public_values(NUM_OUTPUTS),
        air: |_s| OutputAir;
    /// The registers' first and last versions: one row per register word.
    RegFile(RegFileAir) =
        MachineSpec::new("RegFile", Height::Exactly(REG_ROWS.trailing_zeros() as usize)),
        air: |_s| RegFileAir;
    /// Add/sub, logic, comparisons, sign extensions.
    Binary(BinaryAir) = MachineSpec::new("Binary", Height::AtMost(MAX_INSTANCE_LOG_ROWS))
        .answers(&[OpKind::Binary], zirv_sm_binary::binary_trace::<Val>),
        air: |_s| BinaryAir;
    /// Multiplication, division, remainder.
    Arith(ArithAir) = MachineSpec::new("Arith", Height::AtMost(MAX_INSTANCE_LOG_ROWS))
        .answers(&[OpKind::Arith], zirv_sm_arith::arith_trace::<Val>),
        air: |_s| ArithAir;
    /// Shifts.
    Shift(ShiftAir) = MachineSpec::new("Shift", Height::AtMost(MAX_INSTANCE_LOG_ROWS))
        .answers(&[OpKind::Shift], zirv_sm_shift::shift_trace::<Val>),
        air: |_s| ShiftAir;
    /// keccak-f[1600] calls (24 rows each: Plonky3's Keccak AIR).
    Keccakf(zirv_sm_keccakf::KeccakfAir) =
        MachineSpec::new("Keccakf", Height::AtMost(MAX_INSTANCE_LOG_ROWS)).proves(
            &[Op::Keccakf],
            zirv_sm_keccakf::ROWS_PER_CALL,
            zirv_sm_keccakf::WIDTH,
            zirv_sm_keccakf::keccakf_trace::<Val>,
        ),
        air: |_s| zirv_sm_keccakf::KeccakfAir;
    /// arith256 and arith256_mod calls (one row each: the 256-bit equations, limb by limb).
    ArithEq(zirv_sm_arith_eq::ArithEqAir) =
        MachineSpec::new("ArithEq", Height::AtMost(MAX_INSTANCE_LOG_ROWS)).proves(
            zirv_sm_arith_eq::OPS,
            zirv_sm_arith_eq::ROWS_PER_CALL,
            zirv_sm_arith_eq::WIDTH,
            zirv_sm_arith_eq::arith_eq_trace::<Val>,
        ),
        air: |_s| zirv_sm_arith_eq::ArithEqAir;
    /// SHA-256 compression calls (66 rows each: 64 rounds, the feed-forward).
    Sha256f(zirv_sm_sha256f::Sha256fAir) =
        MachineSpec::new("Sha256f", Height::AtMost(MAX_INSTANCE_LOG_ROWS)).proves(
            &[Op::Sha256f],
            zirv_sm_sha256f::ROWS_PER_CALL,
            zirv_sm_sha256f::WIDTH,
            zirv_sm_sha256f::sha256f_trace::<Val>,
        ),
        air: |_s| zirv_sm_sha256f::Sha256fAir;
    /// secp256k1 add and double calls (8 rows each: one field equation per row).
    Secp256k1(zirv_sm_secp256k1::Secp256k1Air) =
        MachineSpec::new("Secp256k1", Height::AtMost(MAX_INSTANCE_LOG_ROWS)).proves(
            zirv_sm_secp256k1::OPS,
            zirv_sm_secp256k1::ROWS_PER_CALL,
            zirv_sm_secp256k1::WIDTH,
            zirv_sm_secp256k1::secp256k1_trace::<Val>,
        ),
        air: |_s| zirv_sm_secp256k1::Secp256k1Air;
    #[cfg(feature = "test-machine")]
    /// A test-only machine (feature `test-machine`): answers nothing, proves a counter.
    Example(zirv_sm_example::ExampleAir) =
        MachineSpec::new("Example", Height::Exactly(zirv_sm_example::LOG_ROWS))
            .traces(zirv_sm_example::example_traces::<Val>),
        air: |_s| zirv_sm_example::ExampleAir;
}

/// The machine that answers ops of `kind` on the operation bus, if any.
pub fn route(kind: OpKind) -> Option<MachineId> {
    MachineId::ALL
        .iter()
        .copied()
        .find(|m| m.spec().ops.contains(&kind))
}

/// The machine that proves calls of the precompile `op`, if any.
pub fn route_call(op: Op) -> Option<MachineId> {
    MachineId::ALL
        .iter()
        .copied()
        .find(|m| m.spec().calls.contains(&op))
}

/// The machines with preprocessed tables, in instance order (they come first).
pub fn preprocessed_machines() -> impl Iterator<Item = MachineId> {
    MachineId::ALL
        .iter()
        .copied()
        .filter(|m| m.is_preprocessed())
}

impl MachineId {
    /// Whether it has a preprocessed table (committed in the program id).
    pub fn is_preprocessed(self) -> bool {
        self.spec().tables != Tables::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_external_op_kind_has_one_machine() {
        for kind in OpKind::ALL {
            let n = MachineId::ALL
                .iter()
                .filter(|m| m.spec().ops.contains(&kind))
                .count();
            match kind {
                OpKind::Binary | OpKind::Arith | OpKind::Shift => assert_eq!(n, 1, "{kind:?}"),
                // Precompiles are routed by op (`calls`), not by kind.
                OpKind::Precompile | OpKind::Internal | OpKind::System => {
                    assert_eq!(n, 0, "{kind:?}")
                }
            }
        }
    }

    #[test]
    fn every_precompile_has_one_machine() {
        for op in Op::ALL.iter().filter(|o| o.kind() == OpKind::Precompile) {
            let n = MachineId::ALL
                .iter()
                .filter(|m| m.spec().calls.contains(op))
                .count();
            assert_eq!(n, 1, "{op:?}");
        }
        assert_eq!(route_call(Op::Keccakf), Some(MachineId::Keccakf));
        assert_eq!(route_call(Op::Arith256), Some(MachineId::ArithEq));
        assert_eq!(route_call(Op::Arith256Mod), Some(MachineId::ArithEq));
        assert_eq!(route_call(Op::Sha256f), Some(MachineId::Sha256f));
        assert_eq!(route_call(Op::Secp256k1Add), Some(MachineId::Secp256k1));
        assert_eq!(route_call(Op::Secp256k1Dbl), Some(MachineId::Secp256k1));
        // Instances of about 2^20 x 64 cells: Keccakf's are 2^14 rows of 24-row calls.
        let k = MachineId::Keccakf.spec();
        assert_eq!(k.calls_per_instance(20), (1 << 14) / 24);
        assert_eq!(k.calls_per_instance(4), 1);
        for m in MachineId::ALL {
            let s = m.spec();
            if s.rows == Rows::Calls {
                assert_eq!(
                    s.call_width,
                    p3_air::BaseAir::<Val>::width(&m.air(TableSource::ShapeOnly)),
                    "{}",
                    s.name
                );
            }
        }
        for m in MachineId::ALL {
            let s = m.spec();
            assert_eq!(s.calls.is_empty(), s.call_traces.is_none(), "{}", s.name);
            assert_eq!(s.calls.is_empty(), s.rows != Rows::Calls, "{}", s.name);
        }
    }

    #[test]
    fn preprocessed_machines_come_first_and_ops_have_traces() {
        let first_plain = MachineId::ALL
            .iter()
            .position(|m| m.spec().tables == Tables::None)
            .unwrap();
        assert!(
            MachineId::ALL[first_plain..]
                .iter()
                .all(|m| m.spec().tables == Tables::None)
        );
        for m in MachineId::ALL {
            let s = m.spec();
            assert!(s.ops.is_empty() || s.traces.is_some(), "{}", s.name);
        }
    }
}
