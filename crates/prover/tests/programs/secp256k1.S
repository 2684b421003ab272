/* secp256k1 double (CSR 0x804) and add (0x803, two operands): G twice in OUTPUT (words 0-7
 * and 8-15), the first doubled in place (2G), then G added to it (3G). The prover tests compare
 * the proof's outputs with the emulator's (whose curve arithmetic its own tests check against
 * k256). */
    .section .text.init
    .globl _start
_start:
    mv s0, a1              /* OUTPUT */
    li t0, 0x59f2815b16f81798
    sd t0, 0(s0)
    sd t0, 64(s0)
    li t0, 0x29bfcdb2dce28d9
    sd t0, 8(s0)
    sd t0, 72(s0)
    li t0, 0x55a06295ce870b07
    sd t0, 16(s0)
    sd t0, 80(s0)
    li t0, 0x79be667ef9dcbbac
    sd t0, 24(s0)
    sd t0, 88(s0)
    li t0, 0x9c47d08ffb10d4b8
    sd t0, 32(s0)
    sd t0, 96(s0)
    li t0, 0xfd17b448a6855419
    sd t0, 40(s0)
    sd t0, 104(s0)
    li t0, 0x5da4fbfc0e1108a8
    sd t0, 48(s0)
    sd t0, 112(s0)
    li t0, 0x483ada7726a3c465
    sd t0, 56(s0)
    sd t0, 120(s0)
    csrs 0x804, s0
    addi s1, s0, 64
    .option push
    .option norvc
    csrs 0x803, s0
    add x0, s1, x0
    .option pop
    li a0, 0
    li a7, 93
    ecall
