//! The VM's precompiles (abi.md, "Precompiles"; docs/guest.md gives every layout byte for
//! byte): keccak-f[1600], SHA-256 compression, 256-bit multiply-add with and without a modulus,
//! and secp256k1 point addition and doubling. Each call is one VM step.
//!
//! These are safe wrappers: they place the operands in 8-byte aligned memory as the ABI
//! requires and make the call with inline assembly (`csrs CSR, rs`, or for the two-operand
//! precompiles `csrs CSR, rs1` followed by `add x0, rs2, x0` in the same `asm!` block, with
//! compressed instructions turned off so the pair is exactly what the transpiler folds).
//!
//! Preconditions that the VM checks (a zero modulus, a point off the curve or with a coordinate
//! not below p, adding equal or opposite points) stop the run inside the VM with an error naming
//! the precompile, the pc and the operand; these wrappers do not check them first, except where
//! a function says so. On any other target than the Zirv VM the same functions compute in plain
//! Rust (and panic where the VM would stop), so host code and tests can call them.
//!
//! Built on these: [`crate::hash`] (SHA-256 and Keccak-256 with the RustCrypto `digest`
//! traits) and [`crate::ecdsa`] (secp256k1 signature verification).

#[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
mod native;
#[cfg(all(target_arch = "riscv64", target_os = "none"))]
mod vm;

/// A 256-bit number: four 64-bit limbs, least significant first.
pub type U256 = [u64; 4];

/// An affine secp256k1 point, as the VM reads it: `x` then `y`, each a [`U256`].
#[repr(C, align(8))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Point {
    /// The x coordinate (below the field prime p).
    pub x: U256,
    /// The y coordinate (below the field prime p).
    pub y: U256,
}

/// The secp256k1 field prime `p = 2^256 - 2^32 - 977`.
pub const SECP256K1_P: U256 = [0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX];
/// The secp256k1 group order n.
pub const SECP256K1_N: U256 = [
    0xBFD2_5E8C_D036_4141,
    0xBAAE_DCE6_AF48_A03B,
    0xFFFF_FFFF_FFFF_FFFE,
    0xFFFF_FFFF_FFFF_FFFF,
];

/// keccak-f[1600] on `state` in place (CSR 0x800). Lane `x + 5y` is `state[x + 5y]`, as in
/// `tiny_keccak::keccakf`.
pub fn keccakf(state: &mut [u64; 25]) {
    #[cfg(all(target_arch = "riscv64", target_os = "none"))]
    vm::keccakf(state);
    #[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
    native::keccakf(state);
}

#[repr(C, align(8))]
struct AlignedState([u32; 8]);
#[repr(C, align(8))]
struct AlignedBlock([u8; 64]);

/// One SHA-256 compression of the 64-byte `block` into `state` (CSR 0x805), as
/// `sha2::compress256`: no padding, no finalisation. `state[0]` is the first state word.
pub fn sha256_compress(state: &mut [u32; 8], block: &[u8; 64]) {
    // Both already 8-byte aligned (a hasher's state, a block of aligned input): no copies.
    #[cfg(all(target_arch = "riscv64", target_os = "none"))]
    if (state.as_ptr() as usize | block.as_ptr() as usize).is_multiple_of(8) {
        vm::sha256f(state, block);
        return;
    }
    let mut s = AlignedState(*state);
    let b = AlignedBlock(*block);
    #[cfg(all(target_arch = "riscv64", target_os = "none"))]
    vm::sha256f(&mut s.0, &b.0);
    #[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
    native::sha256_compress(&mut s.0, &b.0);
    *state = s.0;
}

/// `a*b + c` as a 512-bit number (CSR 0x801): returns `(dl, dh)` with
/// `a*b + c = dh·2^256 + dl`. Never overflows.
pub fn arith256(a: &U256, b: &U256, c: &U256) -> (U256, U256) {
    #[cfg(all(target_arch = "riscv64", target_os = "none"))]
    return vm::arith256(a, b, c);
    #[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
    return native::arith256(a, b, c);
}

/// `(a*b + c) mod m` (CSR 0x802), fully reduced (`< m`); `a`, `b`, `c` need not be reduced.
///
/// # Panics
/// If `m` is zero (checked here, before the call, on every target).
pub fn arith256_mod(a: &U256, b: &U256, c: &U256, m: &U256) -> U256 {
    assert!(*m != [0; 4], "arith256_mod: the modulus is zero");
    #[cfg(all(target_arch = "riscv64", target_os = "none"))]
    return vm::arith256_mod(a, b, c, m);
    #[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
    return native::arith256_mod(a, b, c, m);
}

/// `p1 = p1 + p2` on secp256k1 (CSR 0x803). Both must be points on the curve with coordinates
/// below p, and `p1 != p2`, `p1 != -p2` (use [`secp256k1_double`], and the point at infinity,
/// for those: [`crate::ecdsa`] shows how); otherwise the VM stops the run (and this panics on
/// the host).
pub fn secp256k1_add(p1: &mut Point, p2: &Point) {
    #[cfg(all(target_arch = "riscv64", target_os = "none"))]
    vm::secp256k1_add(p1, p2);
    #[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
    native::secp256k1_add(p1, p2);
}

/// `p = 2p` on secp256k1 (CSR 0x804). `p` must be on the curve with coordinates below p;
/// otherwise the VM stops the run (and this panics on the host).
pub fn secp256k1_double(p: &mut Point) {
    #[cfg(all(target_arch = "riscv64", target_os = "none"))]
    vm::secp256k1_double(p);
    #[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
    native::secp256k1_double(p);
}

/// Whether `p` lies on secp256k1 with coordinates below the field prime (software, with
/// [`arith256_mod`]).
pub fn secp256k1_on_curve(p: &Point) -> bool {
    if !lt(&p.x, &SECP256K1_P) || !lt(&p.y, &SECP256K1_P) {
        return false;
    }
    let zero = [0; 4];
    let x2 = arith256_mod(&p.x, &p.x, &zero, &SECP256K1_P);
    let x3_7 = arith256_mod(&x2, &p.x, &[7, 0, 0, 0], &SECP256K1_P);
    arith256_mod(&p.y, &p.y, &zero, &SECP256K1_P) == x3_7
}

/// `a < b`.
pub(crate) fn lt(a: &U256, b: &U256) -> bool {
    for i in (0..4).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

#[cfg(test)]
pub(crate) mod tests;
