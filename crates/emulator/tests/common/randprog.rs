//! A random RV64IMAC program generator for differential testing against qemu-riscv64.
//!
//! A program initialises x1..x30 with random values (edge values included), runs random
//! straight-line and branching code over all of RV64IMAC (ALU, M, loads/stores of every width,
//! misaligned included, AMOs, lr/sc, lui/auipc, jal/jalr, counted loops), then writes every
//! register and the 4 KiB data area to stdout with `write(1)` and calls `exit(0)`.
//!
//! Rules that keep programs deterministic and equal on both machines:
//! - x31 holds the data area's middle and is never written; memory offsets stay in the area.
//! - only forward branches and jumps, plus counted loops whose counter (x30) the body does not
//!   write, so every program ends;
//! - AMO and lr/sc addresses are aligned (qemu faults on misaligned atomics);
//! - nothing stores between an lr and its sc (qemu's sc compares the value, Zirv's the
//!   reservation: they agree when no store intervenes).

use std::fmt::Write;

/// splitmix64: a small deterministic PRNG, so a seed reproduces a program anywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// A value with a bias to edge cases.
    pub fn value(&mut self) -> u64 {
        const EDGES: &[u64] = &[
            0,
            1,
            2,
            u64::MAX,
            u64::MAX - 1,
            i64::MIN as u64,
            i64::MAX as u64,
            0x8000_0000,
            0x7fff_ffff,
            0xffff_ffff,
            0xffff_ffff_8000_0000,
            0x1_0000_0000,
            63,
            64,
            31,
            32,
        ];
        match self.below(4) {
            0 => *self.pick(EDGES),
            1 => self.below(256),
            2 => (self.next() as i32) as i64 as u64,
            _ => self.next(),
        }
    }
    pub fn imm12(&mut self) -> i64 {
        match self.below(4) {
            0 => *self.pick(&[0, 1, -1, 2047, -2048, 31, 32, 63]),
            _ => self.below(4096) as i64 - 2048,
        }
    }
}

const ALU_RR: &[&str] = &[
    "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw", "sllw",
    "srlw", "sraw", "mul", "mulh", "mulhsu", "mulhu", "mulw", "div", "divu", "rem", "remu", "divw",
    "divuw", "remw", "remuw",
];
const ALU_RI: &[&str] = &["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"];
const SHIFT_I: &[(&str, u64)] = &[
    ("slli", 64),
    ("srli", 64),
    ("srai", 64),
    ("slliw", 32),
    ("srliw", 32),
    ("sraiw", 32),
];
const LOADS: &[(&str, i64)] = &[
    ("lb", 1),
    ("lh", 2),
    ("lw", 4),
    ("ld", 8),
    ("lbu", 1),
    ("lhu", 2),
    ("lwu", 4),
];
const STORES: &[(&str, i64)] = &[("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)];
const AMOS: &[&str] = &[
    "amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu", "amomaxu",
];
const BRANCHES: &[&str] = &["beq", "bne", "blt", "bge", "bltu", "bgeu"];

/// Data area size; x31 points at its middle.
pub const DATA_BYTES: i64 = 4096;

struct Gen {
    rng: Rng,
    out: String,
    label: usize,
    /// Registers the current code may not write (loop counters).
    reserved: Vec<u8>,
}

impl Gen {
    /// A destination register: x1..x30 (rarely x0), not reserved.
    fn rd(&mut self) -> u8 {
        loop {
            let r = if self.rng.chance(3) {
                0
            } else {
                1 + self.rng.below(30) as u8
            };
            if !self.reserved.contains(&r) {
                return r;
            }
        }
    }
    /// A source register: x0..x31.
    fn rs(&mut self) -> u8 {
        self.rng.below(32) as u8
    }
    fn line(&mut self, s: &str) {
        self.out.push_str("  ");
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn new_label(&mut self) -> String {
        self.label += 1;
        format!(".L{}", self.label)
    }
    /// A memory offset from x31 for an access of `w` bytes; `aligned` rounds it down.
    fn mem_off(&mut self, w: i64, aligned: bool) -> i64 {
        let off = self.rng.below((DATA_BYTES - 8) as u64) as i64 - DATA_BYTES / 2;
        if aligned { off & !(w - 1) } else { off }
    }

    fn alu_rr(&mut self) {
        let op = *self.rng.pick(ALU_RR);
        let (d, a, b) = (self.rd(), self.rs(), self.rs());
        self.line(&format!("{op} x{d}, x{a}, x{b}"));
    }

    fn alu_ri(&mut self) {
        let op = *self.rng.pick(ALU_RI);
        let (d, a, i) = (self.rd(), self.rs(), self.rng.imm12());
        self.line(&format!("{op} x{d}, x{a}, {i}"));
    }

    fn load(&mut self) {
        let (op, w) = *self.rng.pick(LOADS);
        let aligned = self.rng.chance(70);
        let (d, off) = (self.rd(), self.mem_off(w, aligned));
        self.line(&format!("{op} x{d}, {off}(x31)"));
    }

    fn store(&mut self) {
        let (op, w) = *self.rng.pick(STORES);
        let aligned = self.rng.chance(70);
        let (s, off) = (self.rs(), self.mem_off(w, aligned));
        self.line(&format!("{op} x{s}, {off}(x31)"));
    }

    fn instr(&mut self) {
        match self.rng.below(100) {
            0..=29 => self.alu_rr(),
            30..=44 => self.alu_ri(),
            45..=51 => {
                let (op, lim) = *self.rng.pick(SHIFT_I);
                let (d, a, s) = (self.rd(), self.rs(), self.rng.below(lim));
                self.line(&format!("{op} x{d}, x{a}, {s}"));
            }
            52..=54 => {
                let d = self.rd();
                let v = self.rng.below(1 << 20);
                let op = if self.rng.chance(50) { "lui" } else { "auipc" };
                self.line(&format!("{op} x{d}, {v}"));
            }
            55..=66 => self.load(),
            67..=78 => self.store(),
            79..=83 => self.amo(),
            84..=85 => self.lr_sc(),
            86..=93 => self.forward_branch(),
            94..=96 => self.jump(),
            _ => {
                let (d, v) = (self.rd(), self.rng.value());
                self.line(&format!("li x{d}, {v:#x}"));
            }
        }
    }

    /// A writable register other than x0.
    fn free_reg(&mut self) -> u8 {
        loop {
            let r = 1 + self.rng.below(30) as u8;
            if !self.reserved.contains(&r) {
                return r;
            }
        }
    }

    /// An address register for an atomic: a fresh register = x31 + aligned offset.
    fn atomic_addr(&mut self, w: i64) -> u8 {
        let t = self.free_reg();
        let off = self.mem_off(w, true);
        self.line(&format!("addi x{t}, x31, {off}"));
        t
    }

    fn amo(&mut self) {
        let w: i64 = if self.rng.chance(50) { 4 } else { 8 };
        let t = self.atomic_addr(w);
        let op = *self.rng.pick(AMOS);
        let (d, s) = (self.rd(), self.rs());
        let sfx = if w == 4 { "w" } else { "d" };
        let ord = *self.rng.pick(&["", ".aq", ".rl", ".aqrl"]);
        self.line(&format!("{op}.{sfx}{ord} x{d}, x{s}, (x{t})"));
    }

    fn lr_sc(&mut self) {
        let w: i64 = if self.rng.chance(50) { 4 } else { 8 };
        let sfx = if w == 4 { "w" } else { "d" };
        let t = self.atomic_addr(w);
        self.reserved.push(t);
        let d = self.rd();
        self.line(&format!("lr.{sfx} x{d}, (x{t})"));
        for _ in 0..self.rng.below(3) {
            self.alu_rr();
        }
        // Mostly the reserved address; sometimes another one (which must fail on both).
        let u = if self.rng.chance(80) {
            t
        } else {
            self.atomic_addr(w)
        };
        let (d2, s) = (self.rd(), self.rs());
        self.line(&format!("sc.{sfx} x{d2}, x{s}, (x{u})"));
        self.reserved.pop();
    }

    fn forward_branch(&mut self) {
        let op = *self.rng.pick(BRANCHES);
        let (a, b) = (self.rs(), self.rs());
        let l = self.new_label();
        self.line(&format!("{op} x{a}, x{b}, {l}"));
        for _ in 0..1 + self.rng.below(4) {
            self.instr_simple();
        }
        self.out.push_str(&format!("{l}:\n"));
    }

    fn jump(&mut self) {
        let l = self.new_label();
        let d = self.rd();
        if self.rng.chance(50) {
            self.line(&format!("jal x{d}, {l}"));
        } else {
            let t = self.free_reg();
            self.line(&format!("la x{t}, {l}"));
            let off = *self.rng.pick(&[0i64, 1]);
            if off == 1 {
                // jalr clears bit 0 of the target.
                self.line(&format!("addi x{t}, x{t}, 1"));
            }
            self.line(&format!("jalr x{d}, 0(x{t})"));
        }
        self.instr_simple();
        self.out.push_str(&format!("{l}:\n"));
    }

    /// An instruction without control flow (inside forward branches and jumps).
    fn instr_simple(&mut self) {
        match self.rng.below(4) {
            0 => self.alu_rr(),
            1 => self.alu_ri(),
            2 => self.load(),
            _ => self.store(),
        }
    }

    fn counted_loop(&mut self) {
        let n = 1 + self.rng.below(6);
        self.line(&format!("li x30, {n}"));
        let l = self.new_label();
        self.out.push_str(&format!("{l}:\n"));
        self.reserved.push(30);
        for _ in 0..2 + self.rng.below(8) {
            self.instr();
        }
        self.reserved.pop();
        self.line("addi x30, x30, -1");
        self.line(&format!("bnez x30, {l}"));
    }
}

/// The assembly source of random program `seed` with about `len` instructions.
pub fn generate(seed: u64, len: usize) -> String {
    let mut g = Gen {
        rng: Rng::new(seed),
        out: String::new(),
        label: 0,
        reserved: vec![30, 31],
    };
    g.out
        .push_str(".section .text.init\n.globl _start\n_start:\n");
    g.line("la x31, data_mid");
    for r in 1..=30 {
        let v = g.rng.value();
        g.line(&format!("li x{r}, {v:#x}"));
    }
    // The loop counter is reserved only inside loops; elsewhere x30 is an ordinary register.
    g.reserved = vec![31];
    let mut n = 0;
    while n < len {
        if g.rng.chance(4) {
            g.counted_loop();
            n += 8;
        } else {
            g.instr();
            n += 1;
        }
    }
    // Dump registers x1..x30 (x31 is the fixed data pointer) after the data area.
    g.line("la x31, dump");
    for r in 1..=30 {
        g.line(&format!("sd x{r}, {}(x31)", 8 * (r - 1)));
    }
    g.line("li a0, 1");
    g.line("la a1, dump");
    g.line("li a2, 240");
    g.line("li a7, 64");
    g.line("ecall");
    g.line("li a0, 1");
    g.line("la a1, data");
    g.line(&format!("li a2, {DATA_BYTES}"));
    g.line("li a7, 64");
    g.line("ecall");
    g.line("li a0, 0");
    g.line("li a7, 93");
    g.line("ecall");
    let mut data = String::new();
    let _ = writeln!(data, ".section .data\n.balign 8\ndata:");
    for _ in 0..DATA_BYTES / 8 {
        let _ = writeln!(data, "  .dword {:#x}", g.rng.value());
    }
    let _ = writeln!(
        data,
        ".set data_mid, data + {}\n.balign 8\ndump: .zero 240",
        DATA_BYTES / 2
    );
    g.out.push_str(&data);
    g.out
}
