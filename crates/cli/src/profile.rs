//! `zirv prove --profile`: where the STARK prover's time goes, from Plonky3's own tracing spans
//! (`commit to trace data`: the bus columns' commitment; `quotient_values` and `commit to
//! quotient poly chunks`: the quotient; `open`: the openings and FRI), summed over every instance
//! proof. A tracing layer records each span's wall time when it closes; nothing is recorded
//! without the flag.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tracing::span::{Attributes, Id};
use tracing::{Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// Seconds per span name.
#[derive(Clone, Default)]
pub struct Profile(Arc<Mutex<BTreeMap<&'static str, (f64, usize)>>>);

struct Started(Instant);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Profile {
    fn on_new_span(&self, _attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Started(Instant::now()));
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let Some(started) = span.extensions().get::<Started>().map(|s| s.0) else {
            return;
        };
        let mut totals = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let e = totals.entry(span.name()).or_default();
        e.0 += started.elapsed().as_secs_f64();
        e.1 += 1;
    }
}

impl Profile {
    /// Starts recording (Plonky3's spans down to debug level) for the rest of the process.
    pub fn install() -> Self {
        let profile = Profile::default();
        let filter = tracing_subscriber::filter::Targets::new().with_target("p3_", Level::DEBUG);
        let _ = tracing_subscriber::registry()
            .with(profile.clone().with_filter(filter))
            .try_init();
        profile
    }

    /// Seconds in the spans named `name`.
    pub fn seconds(&self, name: &str) -> f64 {
        let totals = self.0.lock().unwrap_or_else(|e| e.into_inner());
        totals.get(name).map_or(0.0, |t| t.0)
    }

    /// The prover's phases in seconds, in words.
    pub fn summary(&self) -> String {
        PHASES
            .iter()
            .map(|(span, what)| format!("{what} {:.2} s", self.seconds(span)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Plonky3's spans that make the STARK prover's phases, and what they are in Zirv.
const PHASES: [(&str, &str); 5] = [
    (
        "commit to preprocessed trace",
        "rows' commitments (phase 1, and phase 2's re-commits)",
    ),
    ("commit to trace data", "bus columns' commitments"),
    ("quotient_values", "quotient evaluation"),
    ("commit to quotient poly chunks", "quotient commitment"),
    ("open", "openings (FRI)"),
];

impl Profile {}
