# {{name}}

A Zirv project: `guest/` runs inside the Zirv zkVM, `host/` prepares its input, runs it and
reads its public outputs.

```sh
zirv build                  # build the guest (release); prints the ELF's path
cargo run --release -- 10   # the host: builds the guest, runs it with n = 10, prints the result
cargo test --release        # the host's test: the guest's outputs equal the host's computation
```

The guest reads its input with `zirv_guest::io::read::<T>()` (values the host wrote with
`Stdin::write`), prints with `zirv_guest::println!`, and publishes results with
`zirv_guest::io::commit(&value)`; the host reads them back with `report.public_values.read()`.
