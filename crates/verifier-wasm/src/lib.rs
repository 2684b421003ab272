//! The Zirv verifier as a WebAssembly module: `zirv_verifier::verify` behind a C ABI that any
//! wasm host (a browser, Node.js, wasmtime, another program) can call.
//!
//! Build: `bash scripts/wasm-verifier.sh` (rustup's `wasm32-unknown-unknown` target where it can
//! be installed, else Debian's `rustc-web` with `-Z build-std`); it prints the `.wasm` path.
//! Use (scripts/wasm-verify.mjs does this from Node.js):
//! 1. `zirv_alloc(n)` twice: room for the proof file's bytes and the program id's text;
//! 2. copy both in, call `zirv_verify(proof, proof_len, id, id_len, out)` with `out` a
//!    256-byte buffer (also from `zirv_alloc`);
//! 3. 0 means valid, with the 64 public outputs (u32 little endian) in `out`; any other value is
//!    [`zirv_verifier::VerifyError::code`] (or 100: the program id text does not parse);
//!    `zirv_free` returns each buffer.
//!
//! The minimum security level is the default (100).

use zirv_verifier::{Expected, ProgramId, VerifyOptions, verify};

/// Allocates `len` bytes for the host to fill (freed with [`zirv_free`]).
#[unsafe(no_mangle)]
pub extern "C" fn zirv_alloc(len: usize) -> *mut u8 {
    let mut v = vec![0u8; len.max(1)];
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Frees a buffer of `len` bytes from [`zirv_alloc`].
///
/// # Safety
/// `ptr` and `len` are those of one earlier `zirv_alloc`, not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zirv_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes a buffer from `zirv_alloc` (a Vec of capacity `len.max(1)`).
    drop(unsafe { Vec::from_raw_parts(ptr, len.max(1), len.max(1)) });
}

/// Status when the program id's text does not parse.
pub const BAD_PROGRAM_ID: u32 = 100;

/// Verifies the proof file at `proof` against the program id text at `id`; writes the outputs
/// to `out` (256 bytes) and returns 0 when the proof is valid, else the error's code.
///
/// # Safety
/// The three buffers are valid for their lengths (`out` for 256 bytes).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zirv_verify(
    proof: *const u8,
    proof_len: usize,
    id: *const u8,
    id_len: usize,
    out: *mut u8,
) -> u32 {
    // SAFETY: the caller guarantees the buffers.
    let (proof, id, out) = unsafe {
        (
            std::slice::from_raw_parts(proof, proof_len),
            std::slice::from_raw_parts(id, id_len),
            std::slice::from_raw_parts_mut(out, 256),
        )
    };
    verify_bytes(proof, id, out)
}

/// The safe core of [`zirv_verify`].
pub fn verify_bytes(proof: &[u8], id: &[u8], out: &mut [u8]) -> u32 {
    let Some(id) = std::str::from_utf8(id)
        .ok()
        .and_then(|t| ProgramId::parse(t.trim()).ok())
    else {
        return BAD_PROGRAM_ID;
    };
    match verify(proof, Expected::Id(&id), &VerifyOptions::default()) {
        Ok(v) => {
            for (chunk, o) in out.chunks_exact_mut(4).zip(v.outputs) {
                chunk.copy_from_slice(&o.to_le_bytes());
            }
            0
        }
        Err(e) => e.code(),
    }
}
