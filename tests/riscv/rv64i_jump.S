#include "test.h"
START
  /* conditional branches, taken and not taken, signed/unsigned edges */
  TEST_BR_TAKEN(2, beq, 0, 0)
  TEST_BR_TAKEN(3, beq, -1, -1)
  TEST_BR_NOT_TAKEN(4, beq, 0, 1)
  TEST_BR_NOT_TAKEN(5, beq, 0x100000000, 0)
  TEST_BR_TAKEN(6, bne, 0, 1)
  TEST_BR_TAKEN(7, bne, 0x100000000, 0)
  TEST_BR_NOT_TAKEN(8, bne, -1, -1)
  TEST_BR_TAKEN(9, blt, -1, 0)
  TEST_BR_TAKEN(10, blt, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_NOT_TAKEN(11, blt, 0, -1)
  TEST_BR_NOT_TAKEN(12, blt, 5, 5)
  TEST_BR_TAKEN(13, bge, 0, -1)
  TEST_BR_TAKEN(14, bge, 5, 5)
  TEST_BR_NOT_TAKEN(15, bge, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(16, bltu, 0, -1)
  TEST_BR_TAKEN(17, bltu, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_NOT_TAKEN(18, bltu, -1, 0)
  TEST_BR_NOT_TAKEN(19, bltu, 5, 5)
  TEST_BR_TAKEN(20, bgeu, -1, 0)
  TEST_BR_TAKEN(21, bgeu, 5, 5)
  TEST_BR_NOT_TAKEN(22, bgeu, 0, -1)
  /* backward branch: a loop of 10 iterations */
  li TESTNUM, 23; li x14, 0; li x15, 10
1: addi x14, x14, 1; blt x14, x15, 1b
  CHECK(23, x14, 10)
  /* jal links pc + 4 */
  li TESTNUM, 30
  jal x14, 2f
3: j fail
2: la x7, 3b; bne x14, x7, fail
  /* jal x0 (plain jump) */
  li TESTNUM, 31; j 4f; j fail
4:
  /* jalr links pc + 4 and jumps to rs1 + imm */
  li TESTNUM, 32
  la x11, 5f - 8
  jalr x14, 8(x11)
6: j fail
5: la x7, 6b; bne x14, x7, fail
  /* jalr with rd == rs1: the target uses the old value */
  li TESTNUM, 33
  la x11, 7f
  jalr x11, 0(x11)
8: j fail
7: la x7, 8b; bne x11, x7, fail
  /* jalr clears bit 0 of the target */
  li TESTNUM, 34
  la x11, 9f
  jalr x14, 1(x11)
  j fail
9:
  li TESTNUM, 35
  la x11, 10f + 1
  jalr x0, 0(x11)
  j fail
10:
  /* jalr with a negative offset */
  li TESTNUM, 36
  la x11, 11f + 16
  jalr x0, -16(x11)
  j fail
11:
  /* call / ret through ra */
  li TESTNUM, 37
  li x14, 0
  call func
  CHECK(37, x14, 42)
  /* fences are no-ops */
  li TESTNUM, 38
  fence
  fence rw, rw
  fence.i
  li x14, 1
  CHECK(38, x14, 1)
  /* the write ecall returns its length in a0 */
  li TESTNUM, 39
  li a0, 1; la a1, msg; li a2, 3; li a7, 64; ecall
  CHECK(39, a0, 3)
END
func:
  li x14, 42
  ret
.section .rodata
msg: .ascii "ok\n"
