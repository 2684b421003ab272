//! Helpers for the prover service's tests: `zirv serve` / `zirv worker` as child processes on
//! ephemeral loopback ports, a plain JSON-RPC client over HTTP/1.1 on a TCP socket (no client
//! library: what any language's HTTP client sends), and hand-encoded guests.

use super::{ECALL, addi, sw};
use object::elf::{PF_R, PF_X};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use zirv_core::elf::build_test_elf;

/// Stores `value` in output slot 0 and exits with `code`, after `prefix`'s instructions.
pub fn program_with(prefix: &[u32], value: i32, code: i32) -> Vec<u8> {
    let mut words = prefix.to_vec();
    words.extend([
        addi(5, 0, value),
        sw(5, 11, 0), // a1 = OUTPUT at boot
        addi(10, 0, code),
        addi(17, 0, 93),
        ECALL,
    ]);
    let code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, &code, code.len() as u64)],
    )
}

/// A run of a handful of steps that commits `value` and exits with `code`.
pub fn program(value: i32, code: i32) -> Vec<u8> {
    program_with(&[], value, code)
}

/// `lui rd, imm20`.
fn lui(rd: u32, imm20: u32) -> u32 {
    (imm20 << 12) | (rd << 7) | 0x37
}

/// `bne rs1, x0, -4` (back to the previous instruction).
fn bne_back(rs1: u32) -> u32 {
    // imm = -4: imm[12] = 1, imm[10:5] = 0b111111, imm[4:1] = 0b1110, imm[11] = 1.
    (1 << 31) | (0b11_1111 << 25) | (rs1 << 15) | (1 << 12) | (0b1110 << 8) | (1 << 7) | 0x63
}

/// A run of about `2 * (mega << 20)` steps (a count-down loop) that commits `value`: long
/// enough to be caught running, too long to prove (execute jobs only).
pub fn long_program(value: i32, mega: u32) -> Vec<u8> {
    let t0 = 5;
    program_with(
        &[lui(t0, mega << 8), addi(t0, t0, -1), bne_back(t0)],
        value,
        0,
    )
}

/// A `zirv serve` or `zirv worker` child; killed when dropped.
pub struct Proc {
    /// The child.
    pub child: Child,
    /// `host:port` (serve only).
    pub addr: String,
    /// The first line it printed.
    pub banner: String,
}

impl Proc {
    /// Starts `zirv ARGS` and reads its first stdout line.
    pub fn start(args: &[&str]) -> Proc {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zirv"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        out.read_line(&mut banner).unwrap();
        assert!(
            !banner.is_empty(),
            "zirv {args:?} printed nothing: did it start?"
        );
        // Keep draining its stdout so that it never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = out.read_to_end(&mut sink);
        });
        let addr = banner
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or("")
            .to_string();
        Proc {
            child,
            addr,
            banner,
        }
    }

    /// `zirv serve --listen 127.0.0.1:0 --database DB EXTRA...`.
    pub fn serve(db: &str, extra: &[&str]) -> Proc {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--database", db];
        args.extend_from_slice(extra);
        Proc::start(&args)
    }

    /// SIGKILL, and wait for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP/1.1 request; (status, body).
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    let split = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8_lossy(&resp[..split]).to_string();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    (status, resp[split + 4..].to_vec())
}

/// A JSON-RPC call with an optional bearer token: (HTTP status, the response object).
pub fn rpc_as(addr: &str, token: Option<&str>, method: &str, params: Value) -> (u16, Value) {
    let body = json!({ "jsonrpc": "2.0", "id": 7, "method": method, "params": params });
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a));
    }
    let (status, body) = http(addr, "POST", "/", &headers, body.to_string().as_bytes());
    (status, serde_json::from_slice(&body).unwrap())
}

/// A JSON-RPC call that must succeed: its result.
pub fn rpc(addr: &str, method: &str, params: Value) -> Value {
    let (status, v) = rpc_as(addr, None, method, params);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["jsonrpc"], "2.0");
    assert_eq!(v["id"], 7);
    v.get("result")
        .cloned()
        .unwrap_or_else(|| panic!("{method} failed: {v}"))
}

/// A JSON-RPC call that must fail: its error code and the error object.
pub fn rpc_err(addr: &str, method: &str, params: Value) -> (i64, Value) {
    let (_, v) = rpc_as(addr, None, method, params);
    let e = v
        .get("error")
        .cloned()
        .unwrap_or_else(|| panic!("{method} did not fail: {v}"));
    (e["code"].as_i64().unwrap(), e)
}

/// Base64.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// From base64.
pub fn unb64(v: &Value) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(v.as_str().unwrap())
        .unwrap()
}

/// Waits (by `watch_job`) until the job ends; its final status.
pub fn wait_job(addr: &str, job_id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut revision = 0;
    loop {
        let s = rpc(
            addr,
            "watch_job",
            json!({ "job_id": job_id, "revision": revision, "timeout_ms": 5000 }),
        );
        if ["succeeded", "failed", "cancelled"].contains(&s["state"].as_str().unwrap()) {
            return s;
        }
        revision = s["revision"].as_i64().unwrap();
        assert!(Instant::now() < deadline, "job {job_id} did not end: {s}");
    }
}

/// Waits until the job is running; its status.
pub fn wait_running(addr: &str, job_id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = rpc(addr, "get_job", json!({ "job_id": job_id }));
        if s["state"] == "running" {
            return s;
        }
        assert_eq!(s["state"], "queued", "{s}");
        assert!(Instant::now() < deadline, "job {job_id} never ran: {s}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Output slot 0 of a result.
pub fn output0(result: &Value) -> u32 {
    let out = unb64(&result["outputs"]);
    assert_eq!(out.len(), 256);
    u32::from_le_bytes(out[..4].try_into().unwrap())
}

/// Registers `elf`; its program id.
pub fn register(addr: &str, elf: &[u8]) -> String {
    rpc(addr, "register_program", json!({ "elf": b64(elf) }))["program_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Submits a job; its id.
pub fn submit(addr: &str, program_id: &str, kind: &str) -> String {
    rpc(
        addr,
        "submit_job",
        json!({ "program_id": program_id, "kind": kind, "input": "" }),
    )["job_id"]
        .as_str()
        .unwrap()
        .to_string()
}
