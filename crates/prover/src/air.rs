//! [`ZirvAir`]: every machine as one type, because `p3-batch-stark` proves instances of one AIR
//! type. Every `BaseAir` method is forwarded to the machine (a wrapper that forgot one would
//! silently change the statement, shared/plonky3-notes.md §7.1); the test below checks each
//! forwarded method against the machine's own answer for every variant.

use crate::config::Val;
use p3_air::{Air, AirBuilder, BaseAir, BoundaryPublic};
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;
use std::borrow::Cow;
use zirv_sm_arith::ArithAir;
use zirv_sm_binary::BinaryAir;
use zirv_sm_main::MainAir;
use zirv_sm_mem::{InputDataAir, MemAir, MemAlignAir, OutputAir, RegFileAir, RomDataAir};
use zirv_sm_rom::RomAir;
use zirv_sm_shift::ShiftAir;
use zirv_sm_tables::RangeAir;

/// All of Zirv's machines.
#[derive(Clone, Debug)]
pub enum ZirvAir {
    /// The program (preprocessed) with multiplicities.
    Rom(RomAir<Val>),
    /// The program's initial data words (preprocessed).
    RomData(RomDataAir<Val>),
    /// Memory consistency.
    Mem(MemAir),
    /// The 16-bit table (ranges, byte pairs, region classes).
    Range(RangeAir<Val>),
    /// One row per step.
    Main(MainAir),
    /// Loads and stores of any width and alignment.
    MemAlign(MemAlignAir),
    /// The input's words.
    InputData(InputDataAir),
    /// The public outputs.
    Output(OutputAir),
    /// The registers' first and last versions.
    RegFile(RegFileAir),
    /// Add/sub, logic, comparisons, sign extensions.
    Binary(BinaryAir),
    /// Multiplication, division.
    Arith(ArithAir),
    /// Shifts.
    Shift(ShiftAir),
}

macro_rules! each {
    ($self:ident, $a:ident => $e:expr) => {
        match $self {
            ZirvAir::Rom($a) => $e,
            ZirvAir::RomData($a) => $e,
            ZirvAir::Mem($a) => $e,
            ZirvAir::Range($a) => $e,
            ZirvAir::Main($a) => $e,
            ZirvAir::MemAlign($a) => $e,
            ZirvAir::InputData($a) => $e,
            ZirvAir::Output($a) => $e,
            ZirvAir::RegFile($a) => $e,
            ZirvAir::Binary($a) => $e,
            ZirvAir::Arith($a) => $e,
            ZirvAir::Shift($a) => $e,
        }
    };
}

impl BaseAir<Val> for ZirvAir {
    fn width(&self) -> usize {
        each!(self, a => BaseAir::<Val>::width(a))
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        each!(self, a => BaseAir::<Val>::preprocessed_trace(a))
    }
    fn preprocessed_width(&self) -> usize {
        each!(self, a => BaseAir::<Val>::preprocessed_width(a))
    }
    fn num_periodic_columns(&self) -> usize {
        each!(self, a => BaseAir::<Val>::num_periodic_columns(a))
    }
    fn periodic_columns(&self) -> Cow<'_, [Vec<Val>]> {
        each!(self, a => BaseAir::<Val>::periodic_columns(a))
    }
    fn periodic_periods(&self) -> Vec<usize> {
        each!(self, a => BaseAir::<Val>::periodic_periods(a))
    }
    fn periodic_statement(&self) -> Vec<u8> {
        each!(self, a => BaseAir::<Val>::periodic_statement(a))
    }
    fn periodic_values(&self, row_index: usize) -> Vec<Val> {
        each!(self, a => BaseAir::<Val>::periodic_values(a, row_index))
    }
    fn periodic_columns_matrix(&self) -> Option<RowMajorMatrix<Val>> {
        each!(self, a => BaseAir::<Val>::periodic_columns_matrix(a))
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        each!(self, a => BaseAir::<Val>::main_next_row_columns(a))
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        each!(self, a => BaseAir::<Val>::preprocessed_next_row_columns(a))
    }
    fn num_constraints(&self) -> Option<usize> {
        each!(self, a => BaseAir::<Val>::num_constraints(a))
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        each!(self, a => BaseAir::<Val>::max_constraint_degree(a))
    }
    fn num_public_values(&self) -> usize {
        each!(self, a => BaseAir::<Val>::num_public_values(a))
    }
    fn public_boundary_io(&self) -> &[BoundaryPublic] {
        each!(self, a => BaseAir::<Val>::public_boundary_io(a))
    }
    fn assumes_boolean_trace(&self) -> bool {
        each!(self, a => BaseAir::<Val>::assumes_boolean_trace(a))
    }
    fn boolean_columns(&self) -> usize {
        each!(self, a => BaseAir::<Val>::boolean_columns(a))
    }
}

impl<AB: AirBuilder<F = Val> + InteractionBuilder> Air<AB> for ZirvAir {
    fn eval(&self, builder: &mut AB) {
        each!(self, a => a.eval(builder))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zirv_core::elf::build_test_elf;

    fn variants() -> Vec<ZirvAir> {
        let code = [0x13, 0x05, 0x50, 0x00, 0x73, 0, 0, 0];
        let elf = build_test_elf(0x9000_0000, &[(0x9000_0000, 5, &code, 8)]);
        let rom = zirv_core::transpile_elf(&elf).unwrap();
        vec![
            ZirvAir::Rom(RomAir::new(&rom)),
            ZirvAir::RomData(RomDataAir::new(&[(5, 6)])),
            ZirvAir::Mem(MemAir),
            ZirvAir::Range(RangeAir::default()),
            ZirvAir::Main(MainAir),
            ZirvAir::MemAlign(MemAlignAir),
            ZirvAir::InputData(InputDataAir),
            ZirvAir::Output(OutputAir),
            ZirvAir::RegFile(RegFileAir),
            ZirvAir::Binary(BinaryAir),
            ZirvAir::Arith(ArithAir),
            ZirvAir::Shift(ShiftAir),
        ]
    }

    /// Every method of the wrapper answers what the machine answers.
    #[test]
    fn every_base_air_method_is_forwarded() {
        fn same<A: BaseAir<Val>>(w: &ZirvAir, a: &A) {
            assert_eq!(w.width(), a.width());
            assert_eq!(w.preprocessed_trace(), a.preprocessed_trace());
            assert_eq!(w.preprocessed_width(), a.preprocessed_width());
            assert_eq!(w.num_periodic_columns(), a.num_periodic_columns());
            assert_eq!(w.periodic_columns(), a.periodic_columns());
            assert_eq!(w.periodic_statement(), a.periodic_statement());
            assert_eq!(w.main_next_row_columns(), a.main_next_row_columns());
            assert_eq!(
                w.preprocessed_next_row_columns(),
                a.preprocessed_next_row_columns()
            );
            assert_eq!(w.num_constraints(), a.num_constraints());
            assert_eq!(w.max_constraint_degree(), a.max_constraint_degree());
            assert_eq!(w.num_public_values(), a.num_public_values());
            assert_eq!(w.public_boundary_io().len(), a.public_boundary_io().len());
            assert_eq!(w.assumes_boolean_trace(), a.assumes_boolean_trace());
            assert_eq!(w.boolean_columns(), a.boolean_columns());
        }
        for w in variants() {
            let inner = &w;
            each!(inner, a => same(&w, a));
        }
    }
}
