//! [`Layout`]: the instances of one proof, in order, derived from the registry and the instance
//! count of each split machine (the only part of the shape a proof chooses).

use crate::{MachineId, Split, TableSource, Val, ZirvAir, split_machines};
use p3_field::PrimeCharacteristicRing;
use thiserror::Error;
use zirv_core::memmap::NUM_OUTPUTS;

/// A shape no proof has.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// The wrong number of instance counts.
    #[error("{found} instance counts; a proof has one per split machine ({expected})")]
    Counts {
        /// Counts given.
        found: usize,
        /// Split machines.
        expected: usize,
    },
    /// A machine with an instance count outside its range.
    #[error("{machine} has {count} instances (1 to {max})")]
    Instances {
        /// The machine.
        machine: &'static str,
        /// Its count.
        count: usize,
        /// The most it may have.
        max: usize,
    },
}

/// The machine of every instance of a proof, in instance order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    instances: Vec<MachineId>,
}

impl Layout {
    /// The layout with `counts[i]` instances of the `i`-th split machine (`split_machines()`
    /// order) and one of every other machine.
    pub fn from_split_counts(counts: &[usize]) -> Result<Layout, LayoutError> {
        let split: Vec<MachineId> = split_machines().collect();
        if counts.len() != split.len() {
            return Err(LayoutError::Counts {
                found: counts.len(),
                expected: split.len(),
            });
        }
        let mut instances = Vec::new();
        for &m in MachineId::ALL {
            let n = match m.spec().split {
                Split::One => 1,
                Split::PowersOfTwo { max } => {
                    let i = split.iter().position(|&s| s == m).expect("a split machine");
                    let n = counts[i];
                    if n == 0 || n > max {
                        return Err(LayoutError::Instances {
                            machine: m.spec().name,
                            count: n,
                            max,
                        });
                    }
                    n
                }
            };
            instances.extend(std::iter::repeat_n(m, n));
        }
        Ok(Layout { instances })
    }

    /// The machine of each instance.
    pub fn machines(&self) -> &[MachineId] {
        &self.instances
    }

    /// How many instances `machine` has.
    pub fn count(&self, machine: MachineId) -> usize {
        self.instances.iter().filter(|&&m| m == machine).count()
    }

    /// The instance counts of the split machines (what a proof records).
    pub fn split_counts(&self) -> Vec<usize> {
        split_machines().map(|m| self.count(m)).collect()
    }

    /// Every instance's AIR (one AIR per machine, cloned for its further instances).
    pub fn airs(&self, source: TableSource<'_>) -> Vec<ZirvAir> {
        let mut airs: Vec<ZirvAir> = Vec::with_capacity(self.instances.len());
        for (i, &m) in self.instances.iter().enumerate() {
            let air = match i.checked_sub(1).map(|p| self.instances[p]) {
                Some(prev) if prev == m => airs[i - 1].clone(),
                _ => m.air(source),
            };
            airs.push(air);
        }
        airs
    }

    /// Every instance's public values: the outputs for the machines that take them.
    pub fn public_values(&self, outputs: &[u32; NUM_OUTPUTS]) -> Vec<Vec<Val>> {
        self.instances
            .iter()
            .map(|m| match m.spec().public_values {
                0 => vec![],
                _ => outputs.iter().map(|&v| Val::from_u32(v)).collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_checked() {
        let n = split_machines().count();
        let l = Layout::from_split_counts(&vec![2; n]).unwrap();
        assert_eq!(l.split_counts(), vec![2; n]);
        assert_eq!(l.machines().len(), MachineId::ALL.len() + n);
        assert!(Layout::from_split_counts(&vec![1; n + 1]).is_err());
        assert!(Layout::from_split_counts(&vec![0; n]).is_err());
        assert!(Layout::from_split_counts(&vec![4; n]).is_err());
    }
}
