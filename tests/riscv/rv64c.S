#include "test.h"
.option rvc
START
  la sp, stack_top
  /* c.addi4spn: rd' = sp + nzuimm (max 1020) */
  li TESTNUM, 2; c.addi4spn s0, sp, 1020; addi x7, sp, 1020; bne s0, x7, fail
  c.addi4spn a5, sp, 4; addi x7, sp, 4; bne a5, x7, fail
  /* c.addi16sp: -512..496 */
  li TESTNUM, 3; mv x13, sp; c.addi16sp sp, -512; addi x7, x13, -512; bne sp, x7, fail
  c.addi16sp sp, 496; c.addi16sp sp, 16; bne sp, x13, fail
  /* c.li / c.lui / c.addi / c.addiw */
  c.li a0, -32; CHECK(4, a0, -32)
  c.li a0, 31;  CHECK(5, a0, 31)
  c.lui a1, 1;  CHECK(6, a1, 0x1000)
  c.lui a1, 0xfffe0; CHECK(7, a1, 0xfffffffffffe0000)
  c.lui a1, 0x1f; CHECK(8, a1, 0x1f000)
  c.addi a0, -32; CHECK(9, a0, -1)
  c.addi a0, 1; CHECK(10, a0, 0)
  li a0, 0x7fffffff; c.addiw a0, 1; CHECK(11, a0, 0xffffffff80000000)
  li a0, 0x1ffffffff; c.addiw a0, 0; CHECK(12, a0, -1)
  c.nop
  /* shifts and logic on rd' */
  li s1, 0x8000000000000001; c.srli s1, 63; CHECK(13, s1, 1)
  li s1, 0x8000000000000000; c.srai s1, 63; CHECK(14, s1, -1)
  li s1, 0x8000000000000000; c.srai s1, 1; CHECK(15, s1, 0xc000000000000000)
  li s1, 0xffff; c.andi s1, -32; CHECK(16, s1, 0xffe0)
  li s1, 0xffff; c.andi s1, 15; CHECK(17, s1, 0xf)
  li a2, 1; c.slli a2, 63; CHECK(18, a2, 0x8000000000000000)
  li x31, 3; c.slli x31, 1; CHECK(19, x31, 6)
  li a2, 10; li a3, 3; c.sub a2, a3; CHECK(20, a2, 7)
  li a2, 0xff; li a3, 0x0f; c.xor a2, a3; CHECK(21, a2, 0xf0)
  li a2, 0xf0; li a3, 0x0f; c.or a2, a3; CHECK(22, a2, 0xff)
  li a2, 0xf0; li a3, 0x3c; c.and a2, a3; CHECK(23, a2, 0x30)
  li a2, 0x80000000; li a3, 1; c.subw a2, a3; CHECK(24, a2, 0x7fffffff)
  li a2, 0x7fffffff; li a3, 1; c.addw a2, a3; CHECK(25, a2, 0xffffffff80000000)
  /* c.mv / c.add on full registers */
  li x20, 0x123456789; c.mv x21, x20; CHECK(26, x21, 0x123456789)
  li x22, 5; c.add x22, x21; CHECK(27, x22, 0x12345678e)
  /* loads and stores: c.lw/c.ld/c.sw/c.sd (rd', rs1', max offsets), sp-relative forms */
  la s0, buf
  li a4, 0x8765432112345678
  c.sd a4, 248(s0); c.ld a5, 248(s0); CHECK(28, a5, 0x8765432112345678)
  c.sw a4, 124(s0); c.lw a5, 124(s0); CHECK(29, a5, 0x12345678)
  li a4, 0xfedcba98; c.sw a4, 0(s0); c.lw a5, 0(s0); CHECK(30, a5, 0xfffffffffedcba98)
  la sp, buf
  li x25, 0x0123456789abcdef
  c.sdsp x25, 504(sp); c.ldsp x26, 504(sp); CHECK(31, x26, 0x0123456789abcdef)
  c.swsp x25, 252(sp); c.lwsp x26, 252(sp); CHECK(32, x26, 0xffffffff89abcdef)
  c.sdsp x25, 0(sp); c.lwsp x26, 4(sp); CHECK(33, x26, 0x01234567)
  la sp, stack_top
  /* c.j forward and backward */
  li TESTNUM, 34
  c.j 1f
  c.j fail_far
2: c.j 3f
1: c.j 2b
3:
  /* c.beqz / c.bnez */
  li TESTNUM, 35; li s1, 0; c.beqz s1, 4f; j fail
4: li s1, 1; c.beqz s1, fail_far2; c.bnez s1, 5f; j fail
5: li s1, 0; c.bnez s1, fail_far2
  /* c.jr / c.jalr */
  li TESTNUM, 36; la x5, 6f; c.jr x5; j fail
6: li TESTNUM, 37; la x5, 7f; c.jalr x5
8: j fail
7: la x7, 8b; bne ra, x7, fail
  /* c.jalr links pc + 2 */
  li TESTNUM, 38; la x5, func; c.jalr x5; CHECK(38, a0, 77)
END
fail_far: j fail
fail_far2: j fail
func: li a0, 77; c.jr ra
.section .data
.balign 8
buf: .zero 520
stack: .zero 1024
stack_top:
