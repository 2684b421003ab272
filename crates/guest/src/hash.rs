//! SHA-256 and Keccak-256 on the compression precompiles, as RustCrypto `digest` hashers.
//!
//! [`Sha256`] and [`Keccak256`] implement the same `digest` traits (`Digest`, `Update`,
//! `FixedOutput`, `Reset`, ...) as `sha2::Sha256` and `sha3::Keccak256`, and give the same
//! digests, so a program written against those switches by changing one import:
//!
//! ```ignore
//! // use sha2::{Digest, Sha256};
//! use zirv_guest::hash::{Digest, Sha256};
//! let digest = Sha256::digest(b"abc");
//! ```
//!
//! Each 64-byte SHA-256 block is one [`sha256_compress`] call and each 136-byte Keccak-256
//! block one [`keccakf`] call (one VM step each); padding and the byte shuffling around them
//! are ordinary guest code.

use crate::precompiles::{keccakf, sha256_compress};
use core::fmt;
use digest::block_buffer::Eager;
use digest::core_api::{
    AlgorithmName, Block, BlockSizeUser, Buffer, BufferKindUser, CoreWrapper, FixedOutputCore,
    OutputSizeUser, Reset, UpdateCore,
};
use digest::typenum::{U32, U64, U136};
use digest::{HashMarker, Output};

pub use digest::{self, Digest};

const SHA256_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The block-level SHA-256 core; use [`Sha256`].
#[derive(Clone)]
pub struct Sha256Core {
    state: [u32; 8],
    blocks: u64,
}

impl Default for Sha256Core {
    fn default() -> Self {
        Sha256Core {
            state: SHA256_IV,
            blocks: 0,
        }
    }
}

fn block64(b: &Block<Sha256Core>) -> &[u8; 64] {
    <&[u8; 64]>::try_from(&b[..]).expect("a SHA-256 block is 64 bytes")
}

impl HashMarker for Sha256Core {}
impl BlockSizeUser for Sha256Core {
    type BlockSize = U64;
}
impl BufferKindUser for Sha256Core {
    type BufferKind = Eager;
}
impl OutputSizeUser for Sha256Core {
    type OutputSize = U32;
}
impl UpdateCore for Sha256Core {
    fn update_blocks(&mut self, blocks: &[Block<Self>]) {
        for b in blocks {
            self.blocks += 1;
            sha256_compress(&mut self.state, block64(b));
        }
    }
}
impl FixedOutputCore for Sha256Core {
    fn finalize_fixed_core(&mut self, buffer: &mut Buffer<Self>, out: &mut Output<Self>) {
        let bit_len = 8 * (buffer.get_pos() as u64 + 64 * self.blocks);
        let state = &mut self.state;
        buffer.len64_padding_be(bit_len, |b| sha256_compress(state, block64(b)));
        for (chunk, v) in out.chunks_exact_mut(4).zip(self.state.iter()) {
            chunk.copy_from_slice(&v.to_be_bytes());
        }
    }
}
impl Reset for Sha256Core {
    fn reset(&mut self) {
        *self = Self::default();
    }
}
impl AlgorithmName for Sha256Core {
    fn write_alg_name(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sha256")
    }
}
impl fmt::Debug for Sha256Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sha256Core { ... }")
    }
}

/// SHA-256 on the SHA-256 compression precompile, a drop-in for `sha2::Sha256`.
pub type Sha256 = CoreWrapper<Sha256Core>;

/// The block-level Keccak-256 core; use [`Keccak256`].
#[derive(Clone, Default)]
pub struct Keccak256Core {
    state: [u64; 25],
}

impl Keccak256Core {
    fn absorb(&mut self, block: &[u8]) {
        if (block.as_ptr() as usize).is_multiple_of(8) {
            // Aligned input (the usual case: the input region and heap buffers are): one load
            // per lane instead of eight byte loads.
            let words = block.as_ptr().cast::<u64>();
            for (i, lane) in self.state.iter_mut().enumerate().take(block.len() / 8) {
                // SAFETY: `block` has `block.len() / 8` whole, 8-byte aligned words.
                *lane ^= u64::from_le(unsafe { words.add(i).read() });
            }
        } else {
            for (lane, bytes) in self.state.iter_mut().zip(block.chunks_exact(8)) {
                *lane ^= u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
            }
        }
        keccakf(&mut self.state);
    }
}

impl HashMarker for Keccak256Core {}
impl BlockSizeUser for Keccak256Core {
    type BlockSize = U136;
}
impl BufferKindUser for Keccak256Core {
    type BufferKind = Eager;
}
impl OutputSizeUser for Keccak256Core {
    type OutputSize = U32;
}
impl UpdateCore for Keccak256Core {
    fn update_blocks(&mut self, blocks: &[Block<Self>]) {
        for b in blocks {
            self.absorb(b);
        }
    }
}
impl FixedOutputCore for Keccak256Core {
    fn finalize_fixed_core(&mut self, buffer: &mut Buffer<Self>, out: &mut Output<Self>) {
        // Keccak's original padding (as Ethereum and `sha3::Keccak256`): 0x01 ... 0x80.
        let pos = buffer.get_pos();
        let block = buffer.pad_with_zeros();
        block[pos] ^= 0x01;
        block[135] ^= 0x80;
        let block = *block;
        self.absorb(&block);
        for (chunk, lane) in out.chunks_exact_mut(8).zip(self.state.iter()) {
            chunk.copy_from_slice(&lane.to_le_bytes());
        }
    }
}
impl Reset for Keccak256Core {
    fn reset(&mut self) {
        *self = Self::default();
    }
}
impl AlgorithmName for Keccak256Core {
    fn write_alg_name(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keccak256")
    }
}
impl fmt::Debug for Keccak256Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keccak256Core { ... }")
    }
}

/// Keccak-256 (Ethereum's hash) on the keccak-f precompile, a drop-in for `sha3::Keccak256`.
pub type Keccak256 = CoreWrapper<Keccak256Core>;

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// The Keccak-256 digest of `data`.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    Keccak256::digest(data).into()
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use rand::{Rng, SeedableRng};
    use std::vec::Vec;

    fn tiny_keccak256(data: &[u8]) -> [u8; 32] {
        use tiny_keccak::Hasher;
        let mut h = tiny_keccak::Keccak::v256();
        h.update(data);
        let mut out = [0u8; 32];
        h.finalize(&mut out);
        out
    }

    #[test]
    fn digests_match_sha2_and_tiny_keccak_at_every_length_around_the_blocks() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x4a5b);
        for len in (0..300).chain([1000, 4096, 10_001]) {
            let data: Vec<u8> = (0..len).map(|_| rng.random()).collect();
            assert_eq!(
                sha256(&data),
                <[u8; 32]>::from(sha2::Sha256::digest(&data)),
                "{len}"
            );
            assert_eq!(keccak256(&data), tiny_keccak256(&data), "{len}");
        }
        assert_eq!(
            sha256(&[0xFF; 200]),
            <[u8; 32]>::from(sha2::Sha256::digest([0xFF; 200]))
        );
    }

    /// Code written against `sha2::Sha256` compiles and agrees with the import switched.
    fn incremental<D: Digest + Clone + digest::Reset>(parts: &[&[u8]]) -> Vec<u8> {
        let mut h = D::new();
        for p in parts {
            h.update(p);
        }
        let copy = h.clone();
        let a = h.finalize().to_vec();
        assert_eq!(copy.finalize().to_vec(), a);
        let mut r = D::new();
        r.update(b"something else");
        Digest::reset(&mut r);
        for p in parts {
            Digest::update(&mut r, p);
        }
        assert_eq!(r.finalize().to_vec(), a);
        a
    }

    #[test]
    fn the_digest_traits_behave_like_sha2s() {
        let parts: [&[u8]; 4] = [b"abc", &[7; 63], &[1; 65], b""];
        assert_eq!(
            incremental::<Sha256>(&parts),
            incremental::<sha2::Sha256>(&parts)
        );
        let all: Vec<u8> = parts.concat();
        assert_eq!(
            incremental::<Keccak256>(&parts),
            tiny_keccak256(&all).to_vec()
        );
        // The known answers.
        assert_eq!(
            sha256(b"abc")[..4],
            [0xba, 0x78, 0x16, 0xbf],
            "FIPS 180-2 example"
        );
        assert_eq!(
            keccak256(b"")[..4],
            [0xc5, 0xd2, 0x46, 0x01],
            "Keccak-256 of nothing"
        );
    }
}
