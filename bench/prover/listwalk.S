/* Prover benchmark: a loop of internal ops and memory only (no ALU op, so it is provable
 * before the Binary machine exists). It walks a linked list of N entries {next, target} in
 * initialised data: each iteration loads both words, stores and reloads on the stack with
 * several widths, and jumps (jalr) to the entry's target: the loop head, or `done` for the
 * last entry. 8 steps per iteration; N is set with -DN=... (see bench/prove.sh). */
#ifndef N
#define N 8192
#endif
    .section .text.init
    .globl _start
_start:
1:  auipc t1, %pcrel_hi(list)
    ld t1, %pcrel_lo(1b)(t1)      /* the first entry's address (list[0] holds it) */
loop:
    ld t0, 0(t1)
    ld t2, 8(t1)
    sd t0, -16(sp)
    sw t2, -7(sp)
    lbu t3, -15(sp)
    sb t3, 0(a1)
    mv t1, t0
    jalr zero, 0(t2)
done:
    li a0, 0
    li a7, 93
    ecall

    .section .data
    .balign 16
list:
    .dword entries
    .dword 0
entries:
    .rept N - 1
    .dword . + 16
    .dword loop
    .endr
    .dword 0
    .dword done
