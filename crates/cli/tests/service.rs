//! `zirv serve` end to end, on ephemeral loopback ports: a plain JSON-RPC client over HTTP and a
//! gRPC client generated from the .proto each register, execute and prove, and `zirv verify`
//! accepts the proof; bad requests get their error codes while the server keeps serving;
//! concurrent jobs; SIGKILL and restart keep finished results and finish queued jobs.

mod common;

use common::service::*;
use common::{write, zirv};
use serde_json::json;
use std::time::Duration;
use zirv_service::grpc::proto;
use zirv_service::grpc::proto::prover_client::ProverClient;

fn verify_with_cli(dir: &std::path::Path, proof: &[u8], program_id: &str) -> String {
    let path = write(dir, "proof.bin", proof);
    let o = zirv(&["verify", &path, "--program-id", program_id]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn json_rpc_registers_executes_proves_and_the_proof_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let server = Proc::serve(db.to_str().unwrap(), &[]);
    let addr = &server.addr;
    let (status, body) = http(addr, "GET", "/health", &[], b"");
    assert_eq!((status, &body[..]), (200, &br#"{"status":"ok"}"#[..]));

    let elf = program(0x55, 0);
    let id = register(addr, &elf);
    assert!(id.starts_with("poseidon2:"), "{id}");
    // The id is the one `zirv program-id` computes.
    let path = write(dir.path(), "p.elf", &elf);
    let o = zirv(&["program-id", &path]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), id);
    // Registering again is idempotent; under Keccak it is another id.
    assert_eq!(register(addr, &elf), id);
    let keccak = rpc(
        addr,
        "register_program",
        json!({ "elf": b64(&elf), "hash": "keccak" }),
    );
    assert!(
        keccak["program_id"]
            .as_str()
            .unwrap()
            .starts_with("keccak:")
    );

    let job = submit(addr, &id, "execute");
    let s = wait_job(addr, &job);
    assert_eq!(s["state"], "succeeded", "{s}");
    let r = rpc(addr, "get_result", json!({ "job_id": job }));
    assert_eq!((r["exit_code"].as_u64(), output0(&r)), (Some(0), 0x55));

    let job = submit(addr, &id, "prove");
    let s = wait_job(addr, &job);
    assert_eq!(
        (s["state"].as_str(), s["phase"].as_str()),
        (Some("succeeded"), Some("done"))
    );
    let r = rpc(addr, "get_result", json!({ "job_id": job }));
    let out = verify_with_cli(dir.path(), &unb64(&r["proof"]), &id);
    assert!(out.starts_with("outputs: 0x00000055"), "{out}");

    let (status, body) = http(addr, "GET", "/metrics", &[], b"");
    let text = String::from_utf8(body).unwrap();
    assert_eq!(status, 200);
    assert!(text.contains("zirv_jobs{state=\"succeeded\"} 2"), "{text}");
    assert!(text.contains("zirv_queue_depth 0"), "{text}");
    let steps: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("zirv_steps_proven_per_second "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(steps > 0.0, "{text}");
}

/// A gRPC request with the bearer token.
fn auth<T>(m: T) -> tonic::Request<T> {
    let mut r = tonic::Request::new(m);
    r.metadata_mut()
        .insert("authorization", "Bearer s3cret".parse().unwrap());
    r
}

#[test]
fn grpc_registers_executes_proves_and_the_proof_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let server = Proc::serve(db.to_str().unwrap(), &["--token", "s3cret"]);
    let url = format!("http://{}", server.addr);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        // A proof is larger than gRPC clients take by default (4 MiB): even a 10-step run's,
        // with one instance of every machine (docs/service.md).
        let mut c = ProverClient::connect(url)
            .await
            .unwrap()
            .max_decoding_message_size(usize::MAX);
        // Without the token: UNAUTHENTICATED, with the service's code.
        let e = c
            .register_program(proto::RegisterProgramRequest {
                elf: program(0x66, 0),
                hash: String::new(),
            })
            .await
            .unwrap_err();
        assert_eq!(e.code(), tonic::Code::Unauthenticated);
        assert_eq!(e.metadata().get("zirv-error-code").unwrap(), "-32007");

        let id = c
            .register_program(auth(proto::RegisterProgramRequest {
                elf: program(0x66, 0),
                hash: String::new(),
            }))
            .await
            .unwrap()
            .into_inner()
            .program_id;
        for kind in [proto::JobKind::Execute, proto::JobKind::Prove] {
            let job = c
                .submit_job(auth(proto::SubmitJobRequest {
                    program_id: id.clone(),
                    kind: kind as i32,
                    input: Vec::new(),
                    security: 0,
                }))
                .await
                .unwrap()
                .into_inner();
            // Watch: the phases arrive as a stream that ends with the final state.
            let mut stream = c
                .watch_job(auth(proto::JobRef {
                    job_id: job.job_id.clone(),
                }))
                .await
                .unwrap()
                .into_inner();
            let mut phases = Vec::new();
            let mut last = None;
            while let Some(s) = stream.message().await.unwrap() {
                phases.push(s.phase.clone());
                last = Some(s);
            }
            let last = last.unwrap();
            assert_eq!(last.state, proto::JobState::Succeeded as i32, "{phases:?}");
            let r = c
                .get_result(auth(proto::JobRef {
                    job_id: job.job_id.clone(),
                }))
                .await
                .unwrap()
                .into_inner();
            assert_eq!(r.outputs[..4], 0x66u32.to_le_bytes());
            if kind == proto::JobKind::Prove {
                let out = verify_with_cli(dir.path(), &r.proof, &id);
                assert!(out.starts_with("outputs: 0x00000066"), "{out}");
            }
        }
        // Unknown job: NOT_FOUND, code -32005.
        let e = c
            .get_job(auth(proto::JobRef {
                job_id: "nope".into(),
            }))
            .await
            .unwrap_err();
        assert_eq!(e.code(), tonic::Code::NotFound);
        assert_eq!(e.metadata().get("zirv-error-code").unwrap(), "-32005");
        // A malformed ELF: INVALID_ARGUMENT, code -32001.
        let e = c
            .register_program(auth(proto::RegisterProgramRequest {
                elf: b"\x7fELF not really".to_vec(),
                hash: String::new(),
            }))
            .await
            .unwrap_err();
        assert_eq!(e.code(), tonic::Code::InvalidArgument);
        assert_eq!(e.metadata().get("zirv-error-code").unwrap(), "-32001");
    });
}

#[test]
fn malformed_requests_get_their_error_codes_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let server = Proc::serve(
        db.to_str().unwrap(),
        &[
            "--token",
            "t0k",
            "--max-input-bytes",
            "64",
            "--max-request-bytes",
            "8192",
        ],
    );
    let addr = &server.addr;
    let call = |method: &str, params| rpc_as(addr, Some("t0k"), method, params);
    let code = |(_, v): (u16, serde_json::Value)| v["error"]["code"].as_i64().unwrap_or(0);

    // Wrong or missing token: HTTP 401, -32007.
    let (status, v) = rpc_as(addr, Some("wrong"), "get_job", json!({ "job_id": "x" }));
    assert_eq!(
        (status, v["error"]["code"].as_i64()),
        (401, Some(-32007)),
        "{v}"
    );
    let (status, _) = rpc_as(addr, None, "get_job", json!({ "job_id": "x" }));
    assert_eq!(status, 401);
    // Invalid JSON: -32700; not a request: -32600; no such method: -32601; bad params: -32602.
    let auth = [("Authorization", "Bearer t0k")];
    let (status, body) = http(addr, "POST", "/", &auth, b"{\"jsonrpc\": ");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (status, v["error"]["code"].as_i64()),
        (200, Some(-32700)),
        "{v}"
    );
    let (_, body) = http(addr, "POST", "/", &auth, b"[1]");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v[0]["error"]["code"], -32600, "{v}");
    assert_eq!(code(call("no_such_method", json!({}))), -32601);
    assert_eq!(code(call("get_job", json!({ "id": 3 }))), -32602);
    assert_eq!(
        code(call("register_program", json!({ "elf": "@@" }))),
        -32602
    );
    // A malformed ELF: -32001, with the reason.
    let (_, v) = call(
        "register_program",
        json!({ "elf": b64(b"\x7fELF\x02\x01") }),
    );
    assert_eq!(v["error"]["code"], -32001, "{v}");
    assert_eq!(v["error"]["data"]["kind"], "invalid_elf");
    // Unknown hash, program, job; security level.
    assert_eq!(
        code(call(
            "register_program",
            json!({ "elf": b64(&program(1, 0)), "hash": "md5" })
        )),
        -32602
    );
    let ok = call("register_program", json!({ "elf": b64(&program(1, 0)) })).1;
    let id = ok["result"]["program_id"].as_str().unwrap().to_string();
    let submit_with = |p: serde_json::Value| call("submit_job", p);
    assert_eq!(
        code(submit_with(
            json!({ "program_id": "poseidon2:00", "kind": "execute" })
        )),
        -32004
    );
    assert_eq!(code(call("get_job", json!({ "job_id": "0123" }))), -32005);
    assert_eq!(
        code(call("cancel_job", json!({ "job_id": "0123" }))),
        -32005
    );
    assert_eq!(
        code(submit_with(
            json!({ "program_id": id, "kind": "prove", "security": 80 })
        )),
        -32602
    );
    // Oversized input (limit 64 bytes): -32002; input that is not records: -32003.
    let big = b64(&[0u8; 72]);
    assert_eq!(
        code(submit_with(
            json!({ "program_id": id, "kind": "execute", "input": big })
        )),
        -32002
    );
    // A request body over --max-request-bytes: HTTP 413, -32002.
    let huge = json!({ "jsonrpc": "2.0", "id": 1, "method": "register_program",
                       "params": { "elf": b64(&[0u8; 9000]) } });
    let (status, body) = http(addr, "POST", "/", &auth, huge.to_string().as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (status, v["error"]["code"].as_i64()),
        (413, Some(-32002)),
        "{v}"
    );
    let bad = b64(&[5, 0, 0]);
    assert_eq!(
        code(submit_with(
            json!({ "program_id": id, "kind": "execute", "input": bad })
        )),
        -32003
    );

    // Still serving.
    let (_, v) = call("get_job", json!({ "job_id": "0123" }));
    assert_eq!(v["error"]["code"], -32005);
    let (status, _) = http(addr, "GET", "/health", &[], b"");
    assert_eq!(status, 200);
}

#[test]
fn failing_busy_and_cancelled_jobs_get_their_error_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let server = Proc::serve(
        db.to_str().unwrap(),
        &["--token", "t0k", "--max-queue", "1"],
    );
    let addr = &server.addr;
    let call = |method: &str, params| rpc_as(addr, Some("t0k"), method, params);
    let code = |(_, v): (u16, serde_json::Value)| v["error"]["code"].as_i64().unwrap_or(0);
    let submit_with = |p: serde_json::Value| call("submit_job", p);
    let ok = call("register_program", json!({ "elf": b64(&program(1, 0)) })).1;
    let id = ok["result"]["program_id"].as_str().unwrap().to_string();

    // A proof job of a run that fails: the job fails, its result is -32009 with the reason.
    let failing = call("register_program", json!({ "elf": b64(&program(1, 3)) })).1;
    let failing = failing["result"]["program_id"]
        .as_str()
        .unwrap()
        .to_string();
    let job = submit_with(json!({ "program_id": failing, "kind": "prove" })).1["result"]["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    let s = wait_job_as(addr, "t0k", &job);
    assert_eq!(s["state"], "failed", "{s}");
    assert_eq!(s["error"]["kind"], "unprovable", "{s}");
    let (_, v) = call("get_result", json!({ "job_id": job }));
    assert_eq!(v["error"]["code"], -32009, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("code 3"),
        "{v}"
    );

    // A long job holds the one worker; one more fills the queue (--max-queue 1); the next is
    // refused as busy (-32006); the queued one is cancelled (-32010 for its result).
    let long = call(
        "register_program",
        json!({ "elf": b64(&long_program(9, 512)) }),
    )
    .1;
    let long = long["result"]["program_id"].as_str().unwrap().to_string();
    let run = submit_with(json!({ "program_id": long, "kind": "execute" })).1["result"]["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_running_as(addr, "t0k", &run);
    let queued = submit_with(json!({ "program_id": id, "kind": "execute" })).1["result"]["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        code(submit_with(json!({ "program_id": id, "kind": "execute" }))),
        -32006
    );
    assert_eq!(
        code(call("get_result", json!({ "job_id": queued }))),
        -32008
    );
    let (_, v) = call("cancel_job", json!({ "job_id": queued }));
    assert_eq!(v["result"]["state"], "cancelled", "{v}");
    assert_eq!(
        code(call("get_result", json!({ "job_id": queued }))),
        -32010
    );
    // Cancelling the running job too: its result is never recorded.
    let (_, v) = call("cancel_job", json!({ "job_id": run }));
    assert_eq!(v["result"]["state"], "cancelled", "{v}");

    // Still serving: a fresh job succeeds.
    let job = submit_with(json!({ "program_id": id, "kind": "execute" })).1["result"]["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(wait_job_as(addr, "t0k", &job)["state"], "succeeded");
    assert_eq!(
        call("get_job", json!({ "job_id": run })).1["result"]["state"],
        "cancelled"
    );
    let (status, _) = http(addr, "GET", "/health", &[], b"");
    assert_eq!(status, 200);
}

fn wait_job_as(addr: &str, token: &str, job: &str) -> serde_json::Value {
    for _ in 0..600 {
        let (_, v) = rpc_as(addr, Some(token), "get_job", json!({ "job_id": job }));
        let s = v["result"].clone();
        if ["succeeded", "failed", "cancelled"].contains(&s["state"].as_str().unwrap_or("")) {
            return s;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("job {job} did not end");
}

fn wait_running_as(addr: &str, token: &str, job: &str) {
    for _ in 0..600 {
        let (_, v) = rpc_as(addr, Some(token), "get_job", json!({ "job_id": job }));
        if v["result"]["state"] == "running" {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("job {job} never ran");
}

#[test]
fn concurrent_jobs_complete_and_a_killed_server_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let db = db.to_str().unwrap();
    let mut server = Proc::serve(db, &["--jobs", "2"]);
    let addr = server.addr.clone();

    // 8 jobs from 8 threads at once (4 execute, 4 prove), each of its own program.
    let jobs: Vec<(String, String, u32, &str)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let addr = addr.clone();
                s.spawn(move || {
                    let value = 0x100 + i;
                    let id = register(&addr, &program(value, 0));
                    let kind = if i % 2 == 0 { "execute" } else { "prove" };
                    (submit(&addr, &id, kind), id, value as u32, kind)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut finished = Vec::new();
    for (job, id, value, kind) in &jobs {
        assert_eq!(wait_job(&addr, job)["state"], "succeeded");
        let r = rpc(&addr, "get_result", json!({ "job_id": job }));
        assert_eq!(output0(&r), *value);
        if *kind == "prove" {
            verify_with_cli(dir.path(), &unb64(&r["proof"]), id);
        }
        finished.push((job.clone(), r));
    }

    // Two long jobs running and one queued when the server is SIGKILLed.
    let long = register(&addr, &long_program(0x77, 128));
    let short = register(&addr, &program(0x78, 0));
    let running: Vec<String> = (0..2).map(|_| submit(&addr, &long, "execute")).collect();
    let queued = submit(&addr, &short, "execute");
    for j in &running {
        wait_running(&addr, j);
    }
    server.kill();

    // Restarted on the same file: every finished result is there, byte for byte; the jobs
    // that were running or queued finish.
    let server = Proc::serve(db, &["--jobs", "2"]);
    let addr = server.addr.clone();
    for (job, r) in &finished {
        assert_eq!(&rpc(&addr, "get_result", json!({ "job_id": job })), r);
    }
    for j in &running {
        let s = wait_job(&addr, j);
        assert_eq!(
            (s["state"].as_str(), s["attempts"].as_u64()),
            (Some("succeeded"), Some(2))
        );
        assert_eq!(
            output0(&rpc(&addr, "get_result", json!({ "job_id": j }))),
            0x77
        );
    }
    assert_eq!(wait_job(&addr, &queued)["state"], "succeeded");
    assert_eq!(
        output0(&rpc(&addr, "get_result", json!({ "job_id": queued }))),
        0x78
    );
}

#[test]
fn zirv_client_proves_and_reports_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("jobs.db");
    let server = Proc::serve(db.to_str().unwrap(), &[]);
    let url = format!("http://{}", server.addr);
    let elf = write(dir.path(), "p.elf", &program(0x99, 0));
    let proof = dir.path().join("client.bin");
    let proof = proof.to_str().unwrap();
    let o = zirv(&["client", "--url", &url, "prove", &elf, "-o", proof]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = zirv(&["verify", proof, "--elf", &elf]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = zirv(&["client", "--url", &url, "--json", "execute", &elf]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["ok"].as_bool(), v["outputs"][0].as_u64()),
        (Some(true), Some(0x99))
    );
    // The API's calls one by one: register, submit, wait, result -o, then zirv verify.
    let run = |args: &[&str]| {
        let mut all = vec!["client", "--url", url.as_str(), "--json"];
        all.extend_from_slice(args);
        let o = zirv(&all);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let id = run(&["register", &elf, "--hash", "keccak"])["program_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("keccak:"), "{id}");
    let job = run(&["submit", "--program-id", &id, "--kind", "prove"])["job_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(run(&["wait", &job])["state"], "succeeded");
    let keccak_proof = dir.path().join("k.bin");
    let r = run(&["result", &job, "-o", keccak_proof.to_str().unwrap()]);
    assert_eq!(r["outputs"][0], 0x99);
    let o = zirv(&[
        "verify",
        keccak_proof.to_str().unwrap(),
        "--program-id",
        &id,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Cancelling a job that ended leaves it as it was.
    assert_eq!(run(&["cancel", &job])["state"], "succeeded");
    // Unknown job: exit 1, the service's kind and code.
    let o = zirv(&["client", "--url", &url, "--json", "status", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "unknown_job");
    assert_eq!(v["error"]["code"], -32005);
    // Nobody listening: 252.
    let o = zirv(&["client", "--url", "http://127.0.0.1:1", "status", "x"]);
    assert_eq!(o.status.code(), Some(252));
}
