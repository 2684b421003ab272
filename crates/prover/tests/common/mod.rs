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
