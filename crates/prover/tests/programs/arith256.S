/* arith256 (CSR 0x801) and arith256_mod (0x802) calls: fills a, c and m in data, then
 * - arith256 with a = b (one pointer, read twice), dl and dh to OUTPUT words 0-3 and 4-7;
 * - arith256_mod with a = c (one pointer), d to OUTPUT words 8-11;
 * - arith256_mod of the first call's results (inputs in OUTPUT), d to OUTPUT words 12-15.
 * The prover tests compare the proof's outputs with the emulator's (whose arithmetic its own
 * tests check against num-bigint). */
    .section .text.init
    .globl _start
_start:
    mv s0, a1              /* OUTPUT */
    li s1, 0xA0440000      /* a at +0, c at +32, m at +64 */
    li t0, 0x9e3779b97f4a7c15
    mv t1, t0
    mv t3, s1
    li t2, 12
1:  sd t1, 0(t3)
    add t1, t1, t0
    addi t3, t3, 8
    addi t2, t2, -1
    bnez t2, 1b
    addi t3, s1, 128       /* arith256: a = b = D, c = D+32, dl = OUT, dh = OUT+32 */
    sd s1, 0(t3)
    sd s1, 8(t3)
    addi t4, s1, 32
    sd t4, 16(t3)
    sd s0, 24(t3)
    addi t4, s0, 32
    sd t4, 32(t3)
    csrs 0x801, t3
    addi t3, s1, 176       /* arith256_mod: a = D, b = D+32, c = D, m = D+64, d = OUT+64 */
    sd s1, 0(t3)
    addi t4, s1, 32
    sd t4, 8(t3)
    sd s1, 16(t3)
    addi t4, s1, 64
    sd t4, 24(t3)
    addi t4, s0, 64
    sd t4, 32(t3)
    csrs 0x802, t3
    addi t3, s1, 224       /* arith256_mod: a = dl, b = dh, c = D+32, m = D+64, d = OUT+96 */
    sd s0, 0(t3)
    addi t4, s0, 32
    sd t4, 8(t3)
    addi t4, s1, 32
    sd t4, 16(t3)
    addi t4, s1, 64
    sd t4, 24(t3)
    addi t4, s0, 96
    sd t4, 32(t3)
    csrs 0x802, t3
    li a0, 0
    li a7, 93
    ecall
