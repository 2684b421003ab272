//! [`ZirvAir`]: every machine as one type, because `p3-batch-stark` proves instances of one AIR
//! type. It is generated from the registry's list (`registry!` in lib.rs), so a machine is added
//! in one place. Every `BaseAir` method is forwarded to the machine (a wrapper that forgot one
//! would silently change the statement, shared/plonky3-notes.md §7.1); the test below checks
//! each forwarded method against the machine's own answer for every variant.

/// Generates [`ZirvAir`] and its `BaseAir`/`Air` impls from the registry's list.
macro_rules! zirv_air {
    ($( $(#[cfg($cfg:meta)])? $(#[doc = $doc:literal])* $id:ident($air:ty), )*) => {
    pub use zirv_air_generated::ZirvAir;

    mod zirv_air_generated {
        use super::*;
        use crate::Val;
        use p3_air::{Air, AirBuilder, BaseAir, BoundaryPublic};
        use p3_lookup::InteractionBuilder;
        use p3_matrix::dense::RowMajorMatrix;
        use std::borrow::Cow;

        /// All of Zirv's machines, as one AIR type.
        #[derive(Clone, Debug)]
        pub enum ZirvAir {
            $( $(#[cfg($cfg)])? $(#[doc = $doc])* $id($air), )*
        }

        impl ZirvAir {
            /// Which machine this is.
            pub fn id(&self) -> crate::MachineId {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(_) => crate::MachineId::$id, )*
                }
            }
        }

        impl BaseAir<Val> for ZirvAir {
            fn width(&self) -> usize {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::width(a), )*
                }
            }
            fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::preprocessed_trace(a), )*
                }
            }
            fn preprocessed_width(&self) -> usize {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::preprocessed_width(a), )*
                }
            }
            fn num_periodic_columns(&self) -> usize {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::num_periodic_columns(a), )*
                }
            }
            fn periodic_columns(&self) -> Cow<'_, [Vec<Val>]> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::periodic_columns(a), )*
                }
            }
            fn periodic_periods(&self) -> Vec<usize> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::periodic_periods(a), )*
                }
            }
            fn periodic_statement(&self) -> Vec<u8> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::periodic_statement(a), )*
                }
            }
            fn periodic_values(&self, row_index: usize) -> Vec<Val> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::periodic_values(a, row_index), )*
                }
            }
            fn periodic_columns_matrix(&self) -> Option<RowMajorMatrix<Val>> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::periodic_columns_matrix(a), )*
                }
            }
            fn main_next_row_columns(&self) -> Vec<usize> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::main_next_row_columns(a), )*
                }
            }
            fn preprocessed_next_row_columns(&self) -> Vec<usize> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::preprocessed_next_row_columns(a), )*
                }
            }
            fn num_constraints(&self) -> Option<usize> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::num_constraints(a), )*
                }
            }
            fn max_constraint_degree(&self) -> Option<usize> {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::max_constraint_degree(a), )*
                }
            }
            fn num_public_values(&self) -> usize {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::num_public_values(a), )*
                }
            }
            fn public_boundary_io(&self) -> &[BoundaryPublic] {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::public_boundary_io(a), )*
                }
            }
            fn assumes_boolean_trace(&self) -> bool {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::assumes_boolean_trace(a), )*
                }
            }
            fn boolean_columns(&self) -> usize {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => BaseAir::<Val>::boolean_columns(a), )*
                }
            }
        }

        impl<AB: AirBuilder<F = Val> + InteractionBuilder> Air<AB> for ZirvAir {
            fn eval(&self, builder: &mut AB) {
                match self {
                    $( $(#[cfg($cfg)])? ZirvAir::$id(a) => a.eval(builder), )*
                }
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            use crate::{MachineId, TableSource};
            use zirv_core::elf::build_test_elf;

            fn same<A: BaseAir<Val>>(w: &ZirvAir, a: &A) {
                assert_eq!(w.width(), a.width());
                assert_eq!(w.preprocessed_trace(), a.preprocessed_trace());
                assert_eq!(w.preprocessed_width(), a.preprocessed_width());
                assert_eq!(w.num_periodic_columns(), a.num_periodic_columns());
                assert_eq!(w.periodic_columns(), a.periodic_columns());
                assert_eq!(w.periodic_periods(), a.periodic_periods());
                assert_eq!(w.periodic_statement(), a.periodic_statement());
                assert_eq!(w.periodic_columns_matrix(), a.periodic_columns_matrix());
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

            /// Every method of the wrapper answers what the machine answers, for the prover's
            /// and the verifier's view of every machine; the registry's public-value counts
            /// are the machines' own.
            #[test]
            fn every_base_air_method_is_forwarded() {
                let code = [0x13, 0x05, 0x50, 0x00, 0x73, 0, 0, 0];
                let elf = build_test_elf(0x9000_0000, &[(0x9000_0000, 5, &code, 8)]);
                let rom = zirv_core::transpile_elf(&elf).unwrap();
                for &m in MachineId::ALL {
                    for source in [TableSource::Program(&rom), TableSource::ShapeOnly] {
                        let w = m.air(source);
                        assert_eq!(w.id(), m);
                        assert_eq!(w.num_public_values(), m.spec().public_values);
                        match &w {
                            $( $(#[cfg($cfg)])? ZirvAir::$id(a) => same(&w, a), )*
                        }
                    }
                }
            }
        }
    }
    };
}

pub(crate) use zirv_air;
