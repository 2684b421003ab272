//! The guest: reads n, publishes n and the sum of the squares 1..=n.
#![no_std]
#![no_main]

zirv_guest::entrypoint!(main);

fn main() {
    let n: u64 = zirv_guest::io::read();
    let sum: u64 = (1..=n).map(|k| k * k).sum();
    zirv_guest::println!("sum of squares 1..={n} = {sum}");
    zirv_guest::io::commit(&n);
    zirv_guest::io::commit(&sum);
}
