/* A program of internal ops and memory only (no ALU op: nothing the Binary/Arith machines
 * would prove): copies, lui/auipc, loads and stores of every width and alignment (crossing
 * words, on the stack, in data, in OUTPUT), jal/jalr, a write ecall, public outputs, exit 0.
 * It does not check itself (that needs branches); the prover tests compare its outputs with
 * the emulator's. */
    .section .text.init
    .globl _start
_start:
    mv s0, a1              /* OUTPUT */
    li t0, 0x12
    li t1, -7
    lui t2, 0x12345
    auipc t3, 0
    sd t2, 0(s0)           /* outputs 0, 1 */
    sw t1, 8(s0)           /* output 2 */
    sh t0, 12(s0)          /* output 3, low half */
    sb t1, 14(s0)
    sb t0, 15(s0)
    /* misaligned and crossing stores on the stack */
    sd t2, -13(sp)
    sw t1, -6(sp)
    sw t1, -26(sp)
    lwu s5, -26(sp)
    sd s5, 88(s0)
    sh t0, -9(sp)
    sb t1, -1(sp)
    ld a2, -16(sp)
    ld a3, -8(sp)
    lwu a4, -13(sp)
    lhu a5, -11(sp)
    lbu a6, -1(sp)
    ld a7, -13(sp)
    sd a2, 16(s0)          /* outputs 4, 5 */
    sd a3, 24(s0)          /* outputs 6, 7 */
    sw a4, 32(s0)
    sh a5, 36(s0)
    sb a6, 38(s0)
    sd a7, 40(s0)
    /* read initialised data and the input */
    ld t4, 0(a0)           /* the free-input slot */
    ld t5, 8(a0)           /* first record's length */
    ld t6, 16(a0)          /* its payload */
    sd t5, 48(s0)
    sd t6, 56(s0)
    jal ra, func
    sd t2, 64(s0)
    sd s4, 72(s0)
    sb t2, 80(s0)          /* then print 3 bytes of OUTPUT */
    li a0, 1
    mv a1, s0
    li a2, 3
    li a7, 64
    ecall
    li a0, 0
    li a7, 93
    ecall
func:
1:  auipc s2, %pcrel_hi(msg)
    ld t2, %pcrel_lo(1b)(s2)
2:  auipc s3, %pcrel_hi(buf)
    ld s4, %pcrel_lo(2b)(s3)
    sb t0, %pcrel_lo(2b)(s3)
    jalr zero, 0(ra)

    .section .rodata
msg:
    .ascii "hi\n\0\0\0\0\0"
    .section .data
buf:
    .dword 0x1122334455667788
