// Verifies a proof with the verifier's WebAssembly module (crates/verifier-wasm) under Node.js:
//   node scripts/wasm-verify.mjs zirv_verifier_wasm.wasm proof.bin 'poseidon2:...'
// Prints "valid" and the outputs (exit 0), or "invalid <code>" (exit 1).
import { readFileSync } from "node:fs";

const [wasmPath, proofPath, id] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const { memory, zirv_alloc, zirv_free, zirv_verify } = instance.exports;
const put = (bytes) => {
  const p = zirv_alloc(bytes.length);
  new Uint8Array(memory.buffer, p, bytes.length).set(bytes);
  return p;
};
const proof = readFileSync(proofPath);
const idBytes = new TextEncoder().encode(id);
const pp = put(proof);
const ip = put(idBytes);
const op = zirv_alloc(256);
const code = zirv_verify(pp, proof.length, ip, idBytes.length, op);
const outputs = Array.from(new Uint32Array(memory.buffer.slice(op, op + 256)));
zirv_free(pp, proof.length);
zirv_free(ip, idBytes.length);
zirv_free(op, 256);
if (code === 0) {
  console.log("valid", outputs.map((o) => "0x" + o.toString(16).padStart(8, "0")).join(" "));
} else {
  console.log("invalid", code);
  process.exit(1);
}
