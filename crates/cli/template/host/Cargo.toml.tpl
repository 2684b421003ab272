[package]
name = "{{name}}-host"
version = "0.1.0"
edition = "2024"

[dependencies]
zirv-sdk = { path = "{{zirv}}/crates/sdk" }
