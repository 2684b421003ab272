//! The prover service on PostgreSQL (a throwaway cluster on 127.0.0.1 started by
//! scripts/postgres-cluster.sh): a front end (`zirv serve --jobs 0`) and two `zirv worker`s
//! share the queue, each job runs once; a worker SIGKILLed mid-job has its job completed by
//! the other after the lease runs out; proofs stored in PostgreSQL verify.
//!
//! Needs Debian's `postgresql` (scripts/setup.sh installs it). Without it the test fails,
//! unless ZIRV_SKIP_POSTGRES=1 says to skip it.

mod common;

use common::service::*;
use common::{write, zirv};
use serde_json::json;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A cluster, stopped when dropped.
struct Cluster {
    dir: PathBuf,
    url: String,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/postgres-cluster.sh")
}

impl Cluster {
    fn start(dir: &Path) -> Option<Cluster> {
        // A free port: bind one and let it go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = dir.join("pg");
        let o = Command::new("bash")
            .arg(script())
            .args(["start", dir.to_str().unwrap(), &port.to_string()])
            .output()
            .unwrap();
        if o.status.code() == Some(3) && std::env::var("ZIRV_SKIP_POSTGRES").as_deref() == Ok("1") {
            eprintln!("skipped: no PostgreSQL server and ZIRV_SKIP_POSTGRES=1");
            return None;
        }
        assert!(
            o.status.success(),
            "cannot start PostgreSQL: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let url = String::from_utf8(o.stdout).unwrap().trim().to_string();
        Some(Cluster { dir, url })
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .args(["stop", self.dir.to_str().unwrap()])
            .output();
    }
}

fn worker(url: &str) -> Proc {
    let p = Proc::start(&[
        "worker",
        "--database",
        url,
        "--jobs",
        "1",
        "--lease-secs",
        "2",
        "--poll-ms",
        "50",
    ]);
    assert!(p.banner.starts_with("worker "), "{}", p.banner);
    p
}

#[test]
fn two_workers_share_a_postgres_queue_and_take_over_a_killed_workers_job() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(pg) = Cluster::start(tmp.path()) else {
        return;
    };
    // Three processes start at once on the empty database: they create the tables one at a
    // time, and all come up.
    let (front, mut workers) = std::thread::scope(|s| {
        let front = s.spawn(|| Proc::serve(&pg.url, &["--jobs", "0"]));
        let w1 = s.spawn(|| worker(&pg.url));
        let w2 = s.spawn(|| worker(&pg.url));
        (
            front.join().unwrap(),
            [w1.join().unwrap(), w2.join().unwrap()],
        )
    });
    let addr = front.addr.clone();

    // Ten jobs of about 0.3 s each: both workers take some, each job is claimed once.
    let id = register(&addr, &long_program(0x31, 64));
    let jobs: Vec<String> = (0..10).map(|_| submit(&addr, &id, "execute")).collect();
    let mut ran_on = HashSet::new();
    for j in &jobs {
        let s = wait_job(&addr, j);
        assert_eq!(s["state"], "succeeded", "{s}");
        assert_eq!(s["attempts"], 1, "{s}");
        ran_on.insert(s["worker"].as_str().unwrap().to_string());
        let r = rpc(&addr, "get_result", json!({ "job_id": j }));
        assert_eq!(output0(&r), 0x31);
    }
    assert_eq!(ran_on.len(), 2, "both workers took jobs: {ran_on:?}");

    // A proof made by a worker, kept in PostgreSQL, verifies.
    let small = program(0x32, 0);
    let small_id = register(&addr, &small);
    let job = submit(&addr, &small_id, "prove");
    assert_eq!(wait_job(&addr, &job)["state"], "succeeded");
    let r = rpc(&addr, "get_result", json!({ "job_id": job }));
    let proof = write(tmp.path(), "pg-proof.bin", &unb64(&r["proof"]));
    let o = zirv(&["verify", &proof, "--program-id", &small_id]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // A long job; the worker that holds it is SIGKILLed; the other completes it.
    let long = register(&addr, &long_program(0x33, 384));
    let job = submit(&addr, &long, "execute");
    let s = wait_running(&addr, &job);
    let holder = s["worker"].as_str().unwrap().to_string();
    let pid: u32 = holder.split('-').next().unwrap().parse().unwrap();
    let victim = workers.iter_mut().find(|w| w.pid() == pid).unwrap();
    victim.kill();
    let s = wait_job(&addr, &job);
    assert_eq!(s["state"], "succeeded", "{s}");
    assert_eq!(s["attempts"], 2, "{s}");
    assert_ne!(s["worker"].as_str().unwrap(), holder);
    let r = rpc(&addr, "get_result", json!({ "job_id": job }));
    assert_eq!(output0(&r), 0x33);
}
