//! Reads n, computes the n-th Fibonacci number modulo 2^64, commits (n, fib(n)).
#![no_std]
#![no_main]

zirv_guest::entrypoint!(main);

fn main() {
    let n: u32 = zirv_guest::io::read();
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    zirv_guest::println!("fib({n}) = {a}");
    zirv_guest::io::commit(&n);
    zirv_guest::io::commit(&a);
}
