//! An [`AirBuilder`] that shows an AIR the first columns of the main trace only, so a machine
//! can run another crate's AIR (Plonky3's `KeccakAir`, which borrows its row as exactly its own
//! columns) on a prefix of its row and add its own columns after it.

use p3_air::{AirBuilder, WindowAccess};

/// The first `width` columns of a two-row window.
#[derive(Clone, Debug)]
pub struct Prefix<W> {
    inner: W,
    width: usize,
}

impl<T, W: WindowAccess<T>> WindowAccess<T> for Prefix<W> {
    fn current_slice(&self) -> &[T] {
        &self.inner.current_slice()[..self.width]
    }
    fn next_slice(&self) -> &[T] {
        &self.inner.next_slice()[..self.width]
    }
}

/// `inner` with its main trace cut to the first `width` columns; every constraint goes to
/// `inner` unchanged.
pub struct PrefixBuilder<'a, AB> {
    inner: &'a mut AB,
    width: usize,
}

impl<'a, AB: AirBuilder> PrefixBuilder<'a, AB> {
    /// A view of `inner`'s first `width` main columns.
    pub fn new(inner: &'a mut AB, width: usize) -> Self {
        PrefixBuilder { inner, width }
    }
}

impl<AB: AirBuilder> AirBuilder for PrefixBuilder<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = AB::PreprocessedWindow;
    type MainWindow = Prefix<AB::MainWindow>;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    fn main(&self) -> Self::MainWindow {
        Prefix {
            inner: self.inner.main(),
            width: self.width,
        }
    }
    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        self.inner.preprocessed()
    }
    fn is_first_row(&self) -> Self::Expr {
        self.inner.is_first_row()
    }
    fn is_last_row(&self) -> Self::Expr {
        self.inner.is_last_row()
    }
    fn is_transition(&self) -> Self::Expr {
        self.inner.is_transition()
    }
    fn assert_zero<I: Into<Self::Expr>>(&mut self, x: I) {
        self.inner.assert_zero(x);
    }
    fn public_values(&self) -> &[Self::PublicVar] {
        self.inner.public_values()
    }
    fn periodic_values(&self) -> &[Self::PeriodicVar] {
        self.inner.periodic_values()
    }
}
