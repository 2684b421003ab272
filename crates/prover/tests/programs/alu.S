/* One ALU op (add), proven by the Binary machine. */
    .section .text.init
    .globl _start
_start:
    li t0, 5
    add t1, t0, t0
    li a0, 0
    li a7, 93
    ecall
