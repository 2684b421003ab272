# {{name}}

A Zirv project: `guest/` runs inside the Zirv zkVM, `host/` prepares its input, proves the
guest's run, verifies the proof and reads the public outputs it carries.

```sh
zirv build                             # build the guest (release); prints the ELF's path
cargo run --release -- 10              # the host: proves the guest's run with n = 10, verifies it
cargo run --release -- 10 --execute    # only run it (no proof)
cargo test --release                   # the host's tests: the verified outputs equal the host's
```

The guest reads its input with `zirv_guest::io::read::<T>()` (values the host wrote with
`Stdin::write`), prints with `zirv_guest::println!`, and publishes results with
`zirv_guest::io::commit(&value)`; the host reads them back from the verified proof
(`client.verify(&proof, key.program_id())?.read()`), or from `report.public_values` with
`--execute`. `ProverClient::remote(url, token)` (zirv-sdk feature `remote`) proves on a
prover service (`zirv serve`) instead of in process.
