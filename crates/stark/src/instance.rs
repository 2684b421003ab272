//! One instance of a proof as a uni-stark AIR: a machine's rows (committed before the bus
//! challenges, so they sit in the *preprocessed* slot, whose commitment phase 1 made) and its
//! part of the global bus (the *main* trace: a running sum and one fraction column per group of
//! messages, built after the challenges).
//!
//! [`InstanceAir`] runs the machine's own AIR through [`Adapter`], a builder whose `main()` is
//! the machine's columns of the preprocessed slot and which records every bus message instead of
//! handing it to `p3-lookup`; then it writes the LogUp constraints of those messages over the
//! base field ([`crate::bus`]). A machine with a fixed table (ROM, RomData, the 16-bit table)
//! has `[table | multiplicities]` as its rows and sends each table row once on the table bus;
//! its *anchor* instance has the table alone in the preprocessed slot, committed in the program
//! id, and receives each row once: so the table a machine answers from is the program's.
//!
//! Message grouping: each fraction column carries one or two messages, as many as keep the
//! constraint `prod(den) * f = sum(count_j * prod_{l != j} den_l)` within degree 3 (the degrees
//! come from a symbolic run of the machine's AIR).

use crate::bus::{BUS_PUBLICS, CHALLENGE_PUBLICS, Ext, MAX_FIELDS, fingerprint_expr};
use crate::config::Val;
use p3_air::symbolic::{AirLayout, SymbolicAirBuilder, SymbolicExpression};
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::Matrix;
use p3_matrix::dense::RowMajorMatrix;
use zirv_data_bus::BusId;
use zirv_machines::{MachineId, Tables, ZirvAir};

/// What an instance proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKind {
    /// Rows of a machine.
    Machine(MachineId),
    /// A table machine's fixed table, committed in the program id.
    Anchor(MachineId),
}

impl InstanceKind {
    /// Its code in the transcript and the proof file.
    pub fn code(self) -> u32 {
        match self {
            InstanceKind::Machine(m) => m as u32,
            InstanceKind::Anchor(m) => 0x100 + m as u32,
        }
    }

    /// The kind with this code.
    pub fn from_code(code: u32) -> Option<InstanceKind> {
        let m = |c: u32| MachineId::ALL.iter().copied().find(|&m| m as u32 == c);
        if code >= 0x100 {
            m(code - 0x100)
                .filter(|m| m.is_preprocessed())
                .map(InstanceKind::Anchor)
        } else {
            m(code).map(InstanceKind::Machine)
        }
    }

    /// The machine.
    pub fn machine(self) -> MachineId {
        match self {
            InstanceKind::Machine(m) | InstanceKind::Anchor(m) => m,
        }
    }

    /// Its name in messages.
    pub fn name(self) -> String {
        match self {
            InstanceKind::Machine(m) => m.spec().name.to_string(),
            InstanceKind::Anchor(m) => format!("{} table", m.spec().name),
        }
    }
}

/// Bus column of the first-row flag (1 on the first row, else 0). Plonky3's row selectors are
/// not normalised (`is_first_row` is `Z_H(x) / (x - 1)`, `N` on the first row), so they may
/// filter constraints but not serve as values; a machine's `is_first_row()` and
/// `is_last_row()` inside an instance are these flag columns, which messages may count with.
pub const BUS_FIRST: usize = 3;
/// Bus column of the last-row flag.
pub const BUS_LAST: usize = 4;
/// First bus column of the fraction groups (three per group).
pub const BUS_GROUPS: usize = 5;

/// A message: its fields and signed count.
pub type Message<E> = (Vec<E>, E);

/// An instance's AIR (see the module docs).
#[derive(Clone, Debug)]
pub struct InstanceAir {
    kind: InstanceKind,
    air: ZirvAir,
    rows: Option<RowMajorMatrix<Val>>,
    table_width: usize,
    machine_width: usize,
    groups: Vec<Vec<usize>>,
    machine_publics: usize,
}

impl InstanceAir {
    /// The AIR of an instance of `kind` (`air` is the machine's: its table, if any, is what an
    /// anchor commits), with its rows when proving (the verifier has none).
    pub fn new(kind: InstanceKind, air: ZirvAir, rows: Option<RowMajorMatrix<Val>>) -> Self {
        let table_width = BaseAir::<Val>::preprocessed_width(&air);
        let machine_width = match kind {
            InstanceKind::Machine(_) => BaseAir::<Val>::width(&air),
            InstanceKind::Anchor(_) => 0,
        };
        let machine_publics = match kind {
            InstanceKind::Machine(_) => BaseAir::<Val>::num_public_values(&air),
            InstanceKind::Anchor(_) => 0,
        };
        let mut me = InstanceAir {
            kind,
            air,
            rows,
            table_width,
            machine_width,
            groups: vec![],
            machine_publics,
        };
        me.groups = me.plan_groups();
        me
    }

    /// Its rows (the prover's; panics for a verifier's AIR, which has none).
    pub fn preprocessed_rows(&self) -> &RowMajorMatrix<Val> {
        self.rows
            .as_ref()
            .expect("a prover's instance has its rows")
    }

    /// What it proves.
    pub fn kind(&self) -> InstanceKind {
        self.kind
    }

    /// Width of its rows (the preprocessed slot).
    pub fn rows_width(&self) -> usize {
        self.table_width + self.machine_width
    }

    /// Width of its bus columns (the main trace): the running sum, the first- and last-row
    /// flags, and the fraction groups ([`BUS_FIRST`], [`BUS_LAST`], [`BUS_GROUPS`]).
    pub fn bus_width(&self) -> usize {
        BUS_GROUPS + 3 * self.groups.len()
    }

    /// The messages of each fraction column.
    pub fn groups(&self) -> &[Vec<usize>] {
        &self.groups
    }

    /// Public values of its machine (after [`BUS_PUBLICS`]).
    pub fn machine_publics(&self) -> usize {
        self.machine_publics
    }

    /// Every message of the current row, with the machine's constraints handed to `builder`;
    /// `first` and `last` are 1 on the first and last row and 0 elsewhere.
    pub fn messages<AB: AirBuilder<F = Val>>(
        &self,
        builder: &mut AB,
        first: AB::Expr,
        last: AB::Expr,
    ) -> Vec<Message<AB::Expr>> {
        let pre = builder.preprocessed().clone();
        let (cur, next) = (pre.current_slice(), pre.next_slice());
        let t = self.table_width;
        let table: Vec<AB::Expr> = cur[..t].iter().map(|&v| v.into()).collect();
        let publics: Vec<AB::PublicVar> = builder.public_values()[BUS_PUBLICS..].to_vec();
        let mut messages = match self.kind {
            InstanceKind::Machine(_) => {
                let mut adapter = Adapter {
                    inner: builder,
                    main: Cols {
                        cur: cur[t..].to_vec(),
                        next: next[t..].to_vec(),
                    },
                    pre: Cols {
                        cur: cur[..t].to_vec(),
                        next: next[..t].to_vec(),
                    },
                    publics,
                    first,
                    last,
                    messages: vec![],
                };
                self.air.eval(&mut adapter);
                adapter.messages
            }
            InstanceKind::Anchor(_) => vec![],
        };
        if self.kind.machine().spec().tables != Tables::None {
            let mut fields = vec![
                AB::Expr::from_u32(BusId::Table as u32),
                AB::Expr::from_u32(self.kind.machine() as u32),
            ];
            fields.extend(table);
            let count = match self.kind {
                InstanceKind::Machine(_) => AB::Expr::ONE,
                InstanceKind::Anchor(_) => AB::Expr::NEG_ONE,
            };
            messages.push((fields, count));
        }
        messages
    }

    /// Groups messages into fraction columns within degree 3, from a symbolic run.
    fn plan_groups(&self) -> Vec<Vec<usize>> {
        let layout = AirLayout {
            preprocessed_width: self.rows_width(),
            main_width: 0,
            num_public_values: BUS_PUBLICS + self.machine_publics,
            ..Default::default()
        };
        let mut b = SymbolicAirBuilder::<Val>::new(layout);
        let (first, last) = (b.is_first_row(), b.is_last_row());
        let messages = self.messages(&mut b, first, last);
        let degree = |e: &SymbolicExpression<Val>| e.degree_multiple();
        let degrees: Vec<(usize, usize)> = messages
            .iter()
            .map(|(fields, count)| {
                assert!(fields.len() <= MAX_FIELDS, "a bus tuple is too wide");
                (fields.iter().map(degree).max().unwrap_or(0), degree(count))
            })
            .collect();
        let fits = |g: &[usize]| {
            let dens: usize = g.iter().map(|&j| degrees[j].0).sum();
            let rhs = g
                .iter()
                .map(|&j| degrees[j].1 + dens - degrees[j].0)
                .max()
                .unwrap_or(0);
            (dens + 1).max(rhs) <= 3
        };
        let mut groups: Vec<Vec<usize>> = vec![];
        for j in 0..messages.len() {
            match groups.last_mut() {
                Some(g) if fits(&[g.as_slice(), &[j]].concat()) => g.push(j),
                _ => {
                    assert!(fits(&[j]), "a bus message of degree above 3");
                    groups.push(vec![j]);
                }
            }
        }
        groups
    }
}

impl BaseAir<Val> for InstanceAir {
    fn width(&self) -> usize {
        self.bus_width()
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        self.rows.clone()
    }
    fn preprocessed_width(&self) -> usize {
        self.rows_width()
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![0, 1, 2, BUS_FIRST, BUS_LAST]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        match self.kind {
            InstanceKind::Machine(_) => {
                let t = self.table_width;
                let mut cols = BaseAir::<Val>::preprocessed_next_row_columns(&self.air);
                cols.retain(|&c| c < t);
                cols.extend(
                    BaseAir::<Val>::main_next_row_columns(&self.air)
                        .into_iter()
                        .map(|c| c + t),
                );
                cols
            }
            InstanceKind::Anchor(_) => vec![],
        }
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
    fn num_public_values(&self) -> usize {
        BUS_PUBLICS + self.machine_publics
    }
}

impl<AB: AirBuilder<F = Val>> Air<AB> for InstanceAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let (cur, next) = (main.current_slice(), main.next_slice());
        let (first, last): (AB::Expr, AB::Expr) = (cur[BUS_FIRST].into(), cur[BUS_LAST].into());
        builder.when_first_row().assert_one(first.clone());
        builder.when_last_row().assert_one(last.clone());
        builder.when_transition().assert_zero(next[BUS_FIRST]);
        builder.when_transition().assert_zero(last.clone());
        let messages = self.messages(builder, first, last);
        let publics: Vec<AB::Expr> = builder.public_values()[..BUS_PUBLICS]
            .iter()
            .map(|&v| v.into())
            .collect();
        let ext = |i: usize| Ext([0, 1, 2].map(|k| publics[3 * i + k].clone()));
        let alpha = ext(0);
        let betas: Vec<Ext<AB::Expr>> = (1..=MAX_FIELDS).map(ext).collect();
        let sum = ext(CHALLENGE_PUBLICS / 3);

        let col = |row: &[AB::Var], at: usize| Ext([0, 1, 2].map(|k| row[at + k].into()));
        let acc = col(cur, 0);
        let mut row_sum = Ext::<AB::Expr>::zero();
        for (g, members) in self.groups.iter().enumerate() {
            let f = col(cur, BUS_GROUPS + 3 * g);
            let dens: Vec<Ext<AB::Expr>> = members
                .iter()
                .map(|&j| fingerprint_expr(&alpha, &betas, &messages[j].0))
                .collect();
            let all = dens
                .iter()
                .cloned()
                .reduce(|a, b| a * b)
                .expect("a group has a message");
            let mut rhs = Ext::<AB::Expr>::zero();
            for (j, &m) in members.iter().enumerate() {
                let others = dens
                    .iter()
                    .enumerate()
                    .filter(|&(l, _)| l != j)
                    .map(|(_, d)| d.clone())
                    .reduce(|a, b| a * b)
                    .unwrap_or_else(|| Ext::base(AB::Expr::ONE));
                rhs = rhs + others.scale(&messages[m].1);
            }
            for e in (all * f.clone() - rhs).0 {
                builder.assert_zero(e);
            }
            row_sum = row_sum + f;
        }
        let acc_next = col(next, 0);
        for e in acc.0.clone() {
            builder.when_first_row().assert_zero(e);
        }
        for e in (acc_next - acc.clone() - row_sum.clone()).0 {
            builder.when_transition().assert_zero(e);
        }
        for e in (acc + row_sum - sum).0 {
            builder.when_last_row().assert_zero(e);
        }
    }
}

/// A two-row window of owned columns (a slice of the preprocessed slot).
#[derive(Clone, Debug)]
pub struct Cols<V> {
    cur: Vec<V>,
    next: Vec<V>,
}

impl<V> Cols<V> {
    /// A window of these rows.
    pub fn new(cur: Vec<V>, next: Vec<V>) -> Self {
        Cols { cur, next }
    }
}

impl<V> WindowAccess<V> for Cols<V> {
    fn current_slice(&self) -> &[V] {
        &self.cur
    }
    fn next_slice(&self) -> &[V] {
        &self.next
    }
}

/// Runs a machine's AIR inside an instance: its `main()` and `preprocessed()` are its columns
/// of the instance's preprocessed slot, its public values the machine's, its constraints go to
/// the instance's builder, and its bus messages are recorded.
pub struct Adapter<'a, AB: AirBuilder> {
    inner: &'a mut AB,
    main: Cols<AB::Var>,
    pre: Cols<AB::Var>,
    publics: Vec<AB::PublicVar>,
    first: AB::Expr,
    last: AB::Expr,
    messages: Vec<Message<AB::Expr>>,
}

impl<AB: AirBuilder> AirBuilder for Adapter<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = Cols<AB::Var>;
    type MainWindow = Cols<AB::Var>;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    fn main(&self) -> Cols<AB::Var> {
        self.main.clone()
    }
    fn preprocessed(&self) -> &Cols<AB::Var> {
        &self.pre
    }
    fn is_first_row(&self) -> AB::Expr {
        self.first.clone()
    }
    fn is_last_row(&self) -> AB::Expr {
        self.last.clone()
    }
    fn is_transition(&self) -> AB::Expr {
        self.inner.is_transition()
    }
    fn is_transition_window(&self, size: usize) -> AB::Expr {
        self.inner.is_transition_window(size)
    }
    fn assert_zero<I: Into<AB::Expr>>(&mut self, x: I) {
        self.inner.assert_zero(x);
    }
    fn public_values(&self) -> &[AB::PublicVar] {
        &self.publics
    }
    fn periodic_values(&self) -> &[AB::PeriodicVar] {
        &[]
    }
}

impl<AB: AirBuilder> InteractionBuilder for Adapter<'_, AB> {
    fn push_interaction<E: Into<AB::Expr>>(
        &mut self,
        _bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<AB::Expr>>,
    ) {
        // Every tuple starts with its bus id, so the bus name adds nothing to the fingerprint.
        let (count, _) = count.into().into_parts();
        self.messages
            .push((fields.into_iter().map(Into::into).collect(), count));
    }

    fn push_local_interaction(
        &mut self,
        _tuples: impl IntoIterator<Item = (Vec<AB::Expr>, Count<AB::Expr>)>,
    ) {
        unreachable!("Zirv's machines send every message on the global bus");
    }

    fn num_global_interactions(&self) -> usize {
        self.messages.len()
    }
}

/// The height of a trace.
pub fn log_height(m: &RowMajorMatrix<Val>) -> usize {
    m.height().trailing_zeros() as usize
}
