[package]
name = "{{name}}-guest"
version = "0.1.0"
edition = "2024"

[dependencies]
zirv-guest = { path = "{{zirv}}/crates/guest" }

# Built for RISC-V on its own, outside the host workspace.
[workspace]

[profile.release]
opt-level = 3
lto = true
codegen-units = 1
panic = "abort"
