//! JSON processing with `serde_json`: parses a list of orders, commits the number of orders,
//! the total in cents and the name of the largest order.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;

zirv_guest::entrypoint!(main);

#[derive(Deserialize)]
struct Order {
    item: String,
    qty: u32,
    price_cents: u64,
}

fn main() {
    let doc: String = zirv_guest::io::read();
    let orders: Vec<Order> = match serde_json::from_str(&doc) {
        Ok(o) => o,
        Err(e) => panic!("the input is not a JSON list of orders: {e}"),
    };
    let total: u64 = orders.iter().map(|o| o.qty as u64 * o.price_cents).sum();
    let largest = orders.iter().max_by_key(|o| o.qty as u64 * o.price_cents).map(|o| o.item.as_str()).unwrap_or("");
    zirv_guest::io::commit(&(orders.len() as u32));
    zirv_guest::io::commit(&total);
    zirv_guest::io::commit(largest);
}
