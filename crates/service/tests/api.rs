//! The service in process (SQLite in a temporary file, an ephemeral loopback port): the SDK's
//! `ProverClient` proves the same program embedded and remotely with the same result; the
//! JSON-RPC parser answers any bytes and any parameters with a response and a known error
//! code, never a panic, and the service keeps serving.

use object::elf::{PF_R, PF_X};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::Arc;
use zirv_core::elf::build_test_elf;
use zirv_sdk::wire::ErrorKind;
use zirv_sdk::{ProgramId, Proof, ProverClient, Stdin};
use zirv_service::{Limits, ServeConfig, Service, WorkerConfig};

/// `addi x5, x0, value; sw x5, 0(a1); addi a0, x0, code; addi a7, x0, 93; ecall`.
fn program(value: i32, code: i32) -> Vec<u8> {
    let addi = |rd: u32, rs1: u32, imm: i32| ((imm as u32) << 20) | (rs1 << 15) | (rd << 7) | 0x13;
    let sw = (5 << 20) | (11 << 15) | (2 << 12) | 0x23;
    let words = [
        addi(5, 0, value),
        sw,
        addi(10, 0, code),
        addi(17, 0, 93),
        0x73,
    ];
    let code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, &code, code.len() as u64)],
    )
}

fn config(db: &std::path::Path) -> ServeConfig {
    ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: db.to_str().unwrap().to_string(),
        token: Some("tok".into()),
        limits: Limits::default(),
        worker: WorkerConfig::new(1),
    }
}

#[test]
fn prover_client_embedded_and_remote_agree() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(zirv_service::start(config(&dir.path().join("j.db"))))
        .unwrap();
    let url = format!("http://{}", server.addr());
    let elf = program(0x2a, 0);
    let stdin = Stdin::new();

    let embedded = ProverClient::embedded();
    let remote = ProverClient::remote(&url, Some("tok"));
    let key = embedded.setup(&elf).unwrap();
    let remote_key = remote.setup(&elf).unwrap();
    assert_eq!(key.program_id(), remote_key.program_id());

    let report = remote.execute(&elf, &stdin).unwrap();
    assert_eq!(
        (report.exit_code, report.public_values.words()[0]),
        (0, 0x2a)
    );

    let mut phases = Vec::new();
    let proof = remote
        .prove_with_progress(&remote_key, &stdin, |p| phases.push(p.phase))
        .unwrap();
    assert_eq!(
        phases.last().map(String::as_str),
        Some("done"),
        "{phases:?}"
    );
    let mut pv = embedded.verify(&proof, key.program_id()).unwrap();
    assert_eq!(pv.read_slice(4).unwrap(), &0x2au32.to_le_bytes());

    let local = embedded.prove(&key, &stdin).unwrap();
    assert_eq!(
        remote
            .verify(&local, remote_key.program_id())
            .unwrap()
            .words()[0],
        0x2a
    );
    // Options travel: Keccak at 128 bits, proven remotely, verified with a 128-bit minimum.
    let opts = zirv_sdk::ProveOptions {
        hash: zirv_sdk::HashKind::Keccak,
        security: zirv_sdk::SecurityLevel::Bits128,
        ..Default::default()
    };
    let strict = ProverClient::remote(&url, Some("tok"))
        .with_options(opts)
        .with_min_security(zirv_sdk::SecurityLevel::Bits128);
    let k = strict.setup(&elf).unwrap();
    assert!(k.program_id().to_string().starts_with("keccak:"));
    let kp = strict.prove(&k, &stdin).unwrap();
    assert_eq!(strict.verify(&kp, k.program_id()).unwrap().words()[0], 0x2a);
    // A 100-bit proof does not pass a 128-bit minimum.
    let weak = ProverClient::embedded().with_min_security(zirv_sdk::SecurityLevel::Bits128);
    assert!(weak.verify(&local, key.program_id()).is_err());
    // Save and load.
    let path = dir.path().join("p.bin");
    local.save(&path).unwrap();
    assert_eq!(Proof::load(&path).unwrap(), local);
    // Another program's id: refused.
    let other = embedded.setup(&program(0x2b, 0)).unwrap();
    assert!(matches!(
        embedded.verify(&local, other.program_id()),
        Err(zirv_sdk::ClientError::Verify(_))
    ));
    // A failing run: the service's job_failed, with the job's reason.
    let failing = remote.setup(&program(1, 4)).unwrap();
    let e = remote.prove(&failing, &stdin).unwrap_err();
    let zirv_sdk::ClientError::Remote(e) = e else {
        panic!("{e}")
    };
    assert_eq!(e.kind(), Some(ErrorKind::JobFailed), "{e}");
    // A wrong token.
    let e = ProverClient::remote(&url, Some("nope"))
        .setup(&elf)
        .unwrap_err();
    assert!(e.to_string().contains("unauthenticated"), "{e}");
    assert!(ProgramId::parse(&key.program_id().to_string()).is_ok());
    rt.block_on(server.shutdown());
}

/// The JSON-RPC dispatcher over a service with a SQLite store.
fn dispatcher(
    rt: &tokio::runtime::Runtime,
    db: &std::path::Path,
) -> jsonrpsee::RpcModule<Arc<Service>> {
    let store = rt
        .block_on(zirv_service::Store::connect(
            &zirv_service::database_url(db.to_str().unwrap()),
            4,
        ))
        .unwrap();
    let service = Arc::new(Service {
        store,
        limits: Limits {
            max_elf_bytes: 4096,
            max_input_bytes: 256,
            ..Limits::default()
        },
        token: None,
        metrics: Arc::default(),
        submitted: Arc::default(),
    });
    zirv_service::jsonrpc::module(service)
}

/// Every response is a JSON-RPC 2.0 object (or an array of them) with a result or an error of
/// a known code.
fn check_response(text: &str) -> Result<(), TestCaseError> {
    let v: Value = serde_json::from_str(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let all = match &v {
        Value::Array(a) => a.clone(),
        _ => vec![v.clone()],
    };
    for r in all {
        prop_assert_eq!(&r["jsonrpc"], "2.0", "{}", text);
        prop_assert!(
            matches!(r["id"], Value::Null | Value::String(_) | Value::Number(_)),
            "{}",
            text
        );
        if let Some(e) = r.get("error") {
            let code = e["code"].as_i64().unwrap_or(0) as i32;
            prop_assert!(ErrorKind::from_code(code).is_some(), "{}", text);
        } else {
            prop_assert!(r.get("result").is_some(), "{}", text);
        }
    }
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9:=+/]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("elf".to_string()),
                    Just("job_id".to_string()),
                    Just("program_id".to_string()),
                    Just("kind".to_string()),
                    Just("input".to_string()),
                    Just("hash".to_string()),
                    Just("security".to_string()),
                    Just("revision".to_string()),
                    Just("timeout_ms".to_string()),
                    "[a-z]{1,6}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_get_a_json_rpc_answer(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let rpc = dispatcher(&rt, &dir.path().join("f.db"));
        let text = rt.block_on(zirv_service::jsonrpc::handle(&rpc, &bytes));
        check_response(&text)?;
    }

    #[test]
    fn any_params_get_a_result_or_a_known_error(
        method in prop_oneof![
            Just("register_program"), Just("submit_job"), Just("get_job"),
            Just("watch_job"), Just("get_result"), Just("cancel_job"), Just("nope"),
        ],
        params in json_value(),
        id in json_value(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let rpc = dispatcher(&rt, &dir.path().join("f.db"));
        let req = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        let text = rt.block_on(zirv_service::jsonrpc::handle(&rpc, req.to_string().as_bytes()));
        check_response(&text)?;
        // Still serving: a well-formed call answers.
        let ok = json!({ "jsonrpc": "2.0", "id": 1, "method": "get_job", "params": { "job_id": "x" } });
        let text = rt.block_on(zirv_service::jsonrpc::handle(&rpc, ok.to_string().as_bytes()));
        let v: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&v["error"]["code"], -32005);
    }
}
