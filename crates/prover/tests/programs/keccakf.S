/* keccak-f[1600] precompile calls (CSR 0x800): fills a state in data, permutes it twice in
 * place, copies it to OUTPUT and permutes it there once more; the outputs are the 25 lanes.
 * The prover tests compare them with tiny-keccak's permutation. */
    .section .text.init
    .globl _start
_start:
    mv s0, a1              /* OUTPUT */
    li s1, 0xA0440000      /* the state in data */
    li t0, 0x9e3779b97f4a7c15
    mv t1, t0
    mv t3, s1
    li t2, 25
1:  sd t1, 0(t3)
    add t1, t1, t0
    addi t3, t3, 8
    addi t2, t2, -1
    bnez t2, 1b
    csrs 0x800, s1
    csrs 0x800, s1
    mv t3, s1
    mv t4, s0
    li t2, 25
2:  ld t1, 0(t3)
    sd t1, 0(t4)
    addi t3, t3, 8
    addi t4, t4, 8
    addi t2, t2, -1
    bnez t2, 2b
    csrs 0x800, s0
    li a0, 0
    li a7, 93
    ecall
