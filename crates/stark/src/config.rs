//! The STARK configuration: Goldilocks, its cubic extension for challenges, FRI with Merkle
//! trees over Poseidon2 (default) or Keccak-256, and security levels.
//!
//! **Security** (conjectured, the usual FRI estimate): `num_queries * log_blowup +
//! query_pow_bits`. Blowup is 2 (`log_blowup = 1`, enough for the degree-3 constraints of every
//! machine) and the query phase grinds 16 bits, so
//! - [`SecurityLevel::Bits100`] (default): 84 queries -> 84 + 16 = **100 bits**;
//! - [`SecurityLevel::Bits128`] (`--security 128`): 112 queries -> 112 + 16 = **128 bits**.
//!
//! Challenges live in the degree-3 extension of Goldilocks (x^3 - x - 1, about 2^192 elements),
//! so the LogUp and constraint-combination soundness errors (roughly rows * degree / 2^192) stay
//! far below 2^-128 for every table size this machine can hold.
//!
//! **Hash**: Poseidon2 over Goldilocks by default (an algebraic hash keeps recursive
//! verification open); Keccak-256 is an option that proves faster on CPUs with vectorised Keccak
//! (about 2x in shared/plonky3-notes.md). The program id is a commitment under the chosen hash,
//! so a program has one id per hash.

use p3_challenger::{
    CanObserve, CanSample, DuplexChallenger, FieldChallenger, GrindingChallenger, HashChallenger,
    SerializingChallenger64,
};
use p3_commit::{ExtensionMmcs, Mmcs};
use p3_dft::Radix2DitParallel;
use p3_field::Field;
use p3_field::extension::CubicTrinomialExtensionField;
use p3_fri::{FriParameters, TwoAdicFriPcs};
use p3_goldilocks::{
    Goldilocks, Poseidon2Goldilocks, default_goldilocks_poseidon2_8,
    default_goldilocks_poseidon2_12,
};
use p3_keccak::{Keccak256Hash, KeccakF, VECTOR_LEN};
use p3_matrix::dense::RowMajorMatrix;
use p3_merkle_tree::MerkleTreeMmcs;
use p3_symmetric::{
    CompressionFunctionFromHasher, PaddingFreeSponge, SerializingHasher, TruncatedPermutation,
};
use p3_uni_stark::StarkConfig;
use serde::{Deserialize, Serialize};

/// The base field.
pub type Val = Goldilocks;
/// The challenge field: Goldilocks^3.
pub type Challenge = CubicTrinomialExtensionField<Val>;
type Dft = Radix2DitParallel<Val>;

/// The FRI commitment scheme over a hash scheme's Merkle trees.
pub type Pcs<H> = TwoAdicFriPcs<
    Val,
    Dft,
    <H as HashScheme>::Mmcs,
    ExtensionMmcs<Val, Challenge, <H as HashScheme>::Mmcs>,
>;
/// The STARK configuration of a hash scheme.
pub type Stark<H> = StarkConfig<Pcs<H>, Challenge, <H as HashScheme>::Challenger>;
/// The commitment type of a hash scheme (a Merkle cap).
pub type Commitment<H> = <<H as HashScheme>::Mmcs as Mmcs<Val>>::Commitment;

/// A hash for Merkle trees and the transcript. Prover, verifier and program ids are written once,
/// generic over it; [`HashKind`] picks one at run time.
pub trait HashScheme: Sized + Send + Sync + 'static {
    /// The Merkle tree commitment scheme.
    type Mmcs: Mmcs<
            Val,
            MultiProof: Sync,
            Error: Send + Sync,
            ProverData<RowMajorMatrix<Val>>: Send + Sync,
            Commitment: Send + Sync,
        > + Clone
        + Send
        + Sync;
    /// The Fiat-Shamir transcript.
    type Challenger: FieldChallenger<Val>
        + CanObserve<<Self::Mmcs as Mmcs<Val>>::Commitment>
        + CanSample<Challenge>
        + GrindingChallenger<Witness = Val>
        + Clone
        + Send
        + Sync;
    /// Which hash this is.
    const KIND: HashKind;
    /// The commitment scheme at a security level.
    fn pcs(level: SecurityLevel) -> Pcs<Self>;
    /// A fresh transcript.
    fn challenger() -> Self::Challenger;
    /// The configuration at a security level, with a fresh transcript.
    fn config(level: SecurityLevel) -> Stark<Self> {
        Self::config_from(level, Self::challenger())
    }
    /// The configuration at a security level whose proofs continue `challenger`'s transcript
    /// (an instance proof continues the transcript that drew the bus challenges).
    fn config_from(level: SecurityLevel, challenger: Self::Challenger) -> Stark<Self> {
        StarkConfig::new(Self::pcs(level), challenger)
    }
}

type P2Sponge = Poseidon2Goldilocks<12>;
type P2Hash = PaddingFreeSponge<P2Sponge, 12, 8, 4>;
type P2Compress = TruncatedPermutation<Poseidon2Goldilocks<8>, 2, 4, 8>;
type P2Mmcs =
    MerkleTreeMmcs<<Val as Field>::Packing, <Val as Field>::Packing, P2Hash, P2Compress, 2, 4>;

/// Poseidon2 over Goldilocks (standard constants): Merkle trees and a duplex transcript.
#[derive(Clone, Copy, Debug)]
pub struct Poseidon2;

impl HashScheme for Poseidon2 {
    type Mmcs = P2Mmcs;
    type Challenger = DuplexChallenger<Val, P2Sponge, 12, 8>;
    const KIND: HashKind = HashKind::Poseidon2;
    fn pcs(level: SecurityLevel) -> Pcs<Self> {
        let mmcs = P2Mmcs::new(
            P2Hash::new(default_goldilocks_poseidon2_12()),
            P2Compress::new(default_goldilocks_poseidon2_8()),
            0,
        );
        let fri = fri_parameters(level.fri(), ExtensionMmcs::new(mmcs.clone()));
        TwoAdicFriPcs::new(Dft::default(), mmcs, fri)
    }
    fn challenger() -> Self::Challenger {
        DuplexChallenger::new(default_goldilocks_poseidon2_12())
    }
}

type U64Hash = PaddingFreeSponge<KeccakF, 25, 17, 4>;
type KHash = SerializingHasher<U64Hash>;
type KCompress = CompressionFunctionFromHasher<U64Hash, 2, 4>;
type KMmcs = MerkleTreeMmcs<[Val; VECTOR_LEN], [u64; VECTOR_LEN], KHash, KCompress, 2, 4>;
type KChallenger = SerializingChallenger64<Val, HashChallenger<u8, Keccak256Hash, 32>>;

/// Keccak: Merkle trees over Keccak-f (vectorised lanes) and a Keccak-256 transcript.
#[derive(Clone, Copy, Debug)]
pub struct Keccak;

impl HashScheme for Keccak {
    type Mmcs = KMmcs;
    type Challenger = KChallenger;
    const KIND: HashKind = HashKind::Keccak;
    fn pcs(level: SecurityLevel) -> Pcs<Self> {
        let u64_hash = U64Hash::new(KeccakF {});
        let mmcs = KMmcs::new(KHash::new(u64_hash), KCompress::new(u64_hash), 0);
        let fri = fri_parameters(level.fri(), ExtensionMmcs::new(mmcs.clone()));
        TwoAdicFriPcs::new(Dft::default(), mmcs, fri)
    }
    fn challenger() -> Self::Challenger {
        KChallenger::from_hasher(vec![], Keccak256Hash {})
    }
}

/// The hash behind Merkle trees and the transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum HashKind {
    /// Poseidon2 over Goldilocks (default).
    #[default]
    Poseidon2,
    /// Keccak-256.
    Keccak,
}

impl HashKind {
    /// Its name (the program id's prefix, `--hash`'s value).
    pub fn name(self) -> &'static str {
        match self {
            HashKind::Poseidon2 => "poseidon2",
            HashKind::Keccak => "keccak",
        }
    }
}

/// A conjectured security level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SecurityLevel {
    /// 100 bits (default).
    #[default]
    Bits100,
    /// 128 bits.
    Bits128,
}

/// The FRI parameters of a security level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FriSettings {
    /// log2 of the blowup factor.
    pub log_blowup: usize,
    /// FRI queries.
    pub num_queries: usize,
    /// Proof-of-work bits before the query phase.
    pub query_pow_bits: usize,
}

impl FriSettings {
    /// Conjectured security: `num_queries * log_blowup + query_pow_bits`.
    pub fn conjectured_bits(&self) -> usize {
        self.num_queries * self.log_blowup + self.query_pow_bits
    }
}

impl SecurityLevel {
    /// The level for a number of bits (100 or 128).
    pub fn from_bits(bits: u32) -> Option<SecurityLevel> {
        match bits {
            100 => Some(SecurityLevel::Bits100),
            128 => Some(SecurityLevel::Bits128),
            _ => None,
        }
    }

    /// Its nominal security in bits (100 or 128): the ethSTARK estimate
    /// `queries * log_blowup + pow bits` the level is named after.
    pub fn bits(self) -> u32 {
        self.fri().conjectured_bits() as u32
    }

    /// Its security computed with `p3-security` ([`crate::security`]): conjectured and
    /// provable bits, at the largest instance height a proof may have.
    pub fn report(self) -> crate::security::SecurityReport {
        let inputs = crate::security::SecurityInputs::zirv(
            self.fri().num_queries,
            zirv_machines::MAX_LOG_HEIGHT,
        );
        crate::security::analyse(&inputs).expect("Zirv's FRI configurations are analysable")
    }

    /// Its FRI parameters.
    pub fn fri(self) -> FriSettings {
        let num_queries = match self {
            SecurityLevel::Bits100 => 84,
            SecurityLevel::Bits128 => 112,
        };
        FriSettings {
            log_blowup: 1,
            num_queries,
            query_pow_bits: 16,
        }
    }
}

fn fri_parameters<M>(s: FriSettings, mmcs: M) -> FriParameters<M> {
    FriParameters {
        log_blowup: s.log_blowup,
        log_final_poly_len: 0,
        // Fold up to 8:1 per round: fewer commit rounds and Merkle openings (smaller, faster
        // proofs); the query-security estimate does not depend on the arity.
        max_log_arity: 3,
        num_queries: s.num_queries,
        batch_proof_of_work_bits: 0,
        commit_proof_of_work_bits: 0,
        query_proof_of_work_bits: s.query_pow_bits,
        mmcs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_levels_give_their_bits() {
        assert_eq!(SecurityLevel::default().fri().conjectured_bits(), 100);
        assert_eq!(SecurityLevel::Bits128.fri().conjectured_bits(), 128);
        assert_eq!(SecurityLevel::from_bits(128), Some(SecurityLevel::Bits128));
        assert_eq!(SecurityLevel::from_bits(80), None);
    }
}
