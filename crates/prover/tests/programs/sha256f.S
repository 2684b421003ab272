/* SHA-256 compression calls (CSR 0x805, two operands): a state in OUTPUT compressed with a
 * block in the program ROM (the code itself), then with a block in data that starts at a copy
 * of the state. The prover tests compare the proof's outputs with the emulator's (whose
 * compression its own tests check against sha2::compress256). */
    .section .text.init
    .globl _start
_start:
    mv s0, a1              /* OUTPUT: the state */
    li s1, 0xA0440000      /* data */
    li t0, 0x9e3779b97f4a7c15
    mv t1, t0
    mv t3, s0
    li t2, 4
1:  sd t1, 0(t3)
    add t1, t1, t0
    addi t3, t3, 8
    addi t2, t2, -1
    bnez t2, 1b
    la a2, _start          /* a block of code, in ROM */
    .option push
    .option norvc
    csrs 0x805, s0
    add x0, a2, x0
    .option pop
    mv t3, s1              /* data: 8 words of t1 += t0 */
    li t2, 8
2:  sd t1, 0(t3)
    add t1, t1, t0
    addi t3, t3, 8
    addi t2, t2, -1
    bnez t2, 2b
    .option push
    .option norvc
    csrs 0x805, s0
    add x0, s1, x0
    .option pop
    li a0, 0
    li a7, 93
    ecall
