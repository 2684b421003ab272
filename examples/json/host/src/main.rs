//! Sends a JSON document of orders to the guest; the guest parses it with serde_json and
//! commits (count, total in cents, largest order's item).

use anyhow::Result;
use serde::Deserialize;
use std::path::PathBuf;
use zirv_sdk::{BuildOptions, Stdin, run_guest};

const DOC: &str = r#"[
  {"item": "espresso", "qty": 2, "price_cents": 250},
  {"item": "croissant", "qty": 3, "price_cents": 180},
  {"item": "zk-proof", "qty": 1, "price_cents": 99900},
  {"item": "water", "qty": 10, "price_cents": 0}
]"#;

#[derive(Deserialize)]
struct Order {
    item: String,
    qty: u32,
    price_cents: u64,
}

/// The guest's (count, total, largest item) for `doc`, and its step count.
fn run_with_steps(doc: &str) -> Result<((u32, u64, String), u64)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = BuildOptions {
        target_dir: Some(dir.join("../../../target/guests")),
        ..BuildOptions::default()
    };
    let mut stdin = Stdin::new();
    stdin.write(doc);
    let mut report = run_guest(&dir.join("../guest"), &opts, &stdin)?;
    let pv = &mut report.public_values;
    Ok(((pv.read()?, pv.read()?, pv.read()?), report.steps))
}

/// The same computation on the host.
fn native(doc: &str) -> (u32, u64, String) {
    let orders: Vec<Order> = serde_json::from_str(doc).unwrap();
    let total = orders.iter().map(|o| o.qty as u64 * o.price_cents).sum();
    let largest = orders
        .iter()
        .max_by_key(|o| o.qty as u64 * o.price_cents)
        .map(|o| o.item.clone())
        .unwrap_or_default();
    (orders.len() as u32, total, largest)
}

fn main() -> Result<()> {
    let ((count, total, largest), steps) = run_with_steps(DOC)?;
    println!(
        "{count} orders, total {}.{:02}, largest: {largest} ({steps} steps)",
        total / 100,
        total % 100
    );
    anyhow::ensure!(
        (count, total, largest) == native(DOC),
        "the guest disagrees with the host"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guest's (count, total, largest item) for `doc`.
    fn run(doc: &str) -> Result<(u32, u64, String)> {
        Ok(run_with_steps(doc)?.0)
    }

    #[test]
    fn guest_matches_native() {
        assert_eq!(run(DOC).unwrap(), native(DOC));
        assert_eq!(run("[]").unwrap(), native("[]"));
    }

    #[test]
    fn bad_json_reaches_the_user_as_the_guests_panic() {
        let err = run("{not json").unwrap_err().to_string();
        assert!(err.contains("exited with code 101"), "{err}");
        assert!(
            err.contains("the input is not a JSON list of orders"),
            "{err}"
        );
    }
}
