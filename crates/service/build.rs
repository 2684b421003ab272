//! Generates the gRPC server and client from `proto/zirv/prover/v1/prover.proto` with `protox`
//! (a protobuf compiler in Rust), so that no `protoc` needs to be installed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto = "proto/zirv/prover/v1/prover.proto";
    println!("cargo:rerun-if-changed={proto}");
    let fds = protox::compile([proto], ["proto"])?;
    tonic_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(fds)?;
    Ok(())
}
