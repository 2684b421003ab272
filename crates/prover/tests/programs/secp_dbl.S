/* A secp256k1 double (CSR 0x804) of the generator, in OUTPUT: no machine proves the curve
 * precompiles yet, so witness generation refuses the run by name. */
    .section .text.init
    .globl _start
_start:
    mv s0, a1              /* OUTPUT */
    li t0, 0x59f2815b16f81798
    sd t0, 0(s0)
    li t0, 0x29bfcdb2dce28d9
    sd t0, 8(s0)
    li t0, 0x55a06295ce870b07
    sd t0, 16(s0)
    li t0, 0x79be667ef9dcbbac
    sd t0, 24(s0)
    li t0, 0x9c47d08ffb10d4b8
    sd t0, 32(s0)
    li t0, 0xfd17b448a6855419
    sd t0, 40(s0)
    li t0, 0x5da4fbfc0e1108a8
    sd t0, 48(s0)
    li t0, 0x483ada7726a3c465
    sd t0, 56(s0)
    csrs 0x804, s0
    li a0, 0
    li a7, 93
    ecall
