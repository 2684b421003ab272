//! What the end-to-end tests share: the test programs and [`verify`]. (The machine tests' kit,
//! the stand-in sender and the real-proof helper, is `zirv-testkit`.)

#![allow(dead_code)]

pub mod programs;

/// Verifies with the default options and returns the outputs of a valid proof.
pub fn verify(
    bytes: &[u8],
    expected: zirv_sdk::Expected<'_>,
) -> Result<[u32; zirv_core::memmap::NUM_OUTPUTS], zirv_sdk::VerifyError> {
    zirv_sdk::verify(bytes, expected, &zirv_sdk::VerifyOptions::default()).map(|v| v.outputs)
}

/// Whether a witness is rejected: the prover refuses it (a debug build checks constraints) or
/// the verifier rejects its proof.
pub fn rejected(rom: &zirv_core::Rom, witness: zirv_witness::Witness) -> bool {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        zirv_prover::prove_witness(rom, witness, &zirv_sdk::ProveOptions::default())
    }));
    match r {
        Err(_) | Ok(Err(_)) => true,
        Ok(Ok((file, _))) => verify(&file.to_bytes(), zirv_sdk::Expected::Rom(rom)).is_err(),
    }
}
