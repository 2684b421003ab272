#include "test.h"
/* zirv-only: machine-mode CSRs, the UART port, ebreak/wfi as no-ops, boot registers, input
 * and output. (qemu-user cannot run these: they need machine mode and the Zirv memory map.) */
START
  /* boot state: sp, a0 = INPUT, a1 = OUTPUT */
  li x7, 0xA0400000; li TESTNUM, 2; bne sp, x7, fail
  li x7, 0x10000000; li TESTNUM, 3; bne a0, x7, fail
  li x7, 0xA0410000; li TESTNUM, 4; bne a1, x7, fail
  mv s0, a0
  mv s1, a1
  /* CSR read-modify-writes on mscratch (0x340) */
  li TESTNUM, 10; csrr x14, mscratch; CHECK(10, x14, 0)
  li x11, 0xf0; csrrw x14, mscratch, x11; CHECK(11, x14, 0)
  csrr x14, mscratch; CHECK(12, x14, 0xf0)
  li x11, 0x0f; csrrs x14, mscratch, x11; CHECK(13, x14, 0xf0)
  csrr x14, mscratch; CHECK(14, x14, 0xff)
  li x11, 0x3c; csrrc x14, mscratch, x11; CHECK(15, x14, 0xff)
  csrr x14, mscratch; CHECK(16, x14, 0xc3)
  csrrwi x14, mscratch, 5; CHECK(17, x14, 0xc3)
  csrrsi x14, mscratch, 0x18; CHECK(18, x14, 5)
  csrrci x14, mscratch, 1; CHECK(19, x14, 0x1d)
  csrr x14, mscratch; CHECK(20, x14, 0x1c)
  /* rd == rs1 */
  li x11, 0x77; csrrw x11, mscratch, x11; CHECK(21, x11, 0x1c)
  csrr x14, mscratch; CHECK(22, x14, 0x77)
  li x11, 0x100; csrrs x11, mscratch, x11; CHECK(23, x11, 0x77)
  csrr x14, mscratch; CHECK(24, x14, 0x177)
  li x11, 0x7; csrrc x11, mscratch, x11; CHECK(25, x11, 0x177)
  csrr x14, mscratch; CHECK(26, x14, 0x170)
  /* csrrs/csrrc with x0 do not write; csrw with rd = x0 */
  csrrs x14, mscratch, x0; CHECK(27, x14, 0x170)
  csrw mscratch, x0; csrr x14, mscratch; CHECK(28, x14, 0)
  /* other CSRs are independent; unknown ones read 0 */
  csrwi mtvec, 9; csrr x14, mtvec; CHECK(29, x14, 9)
  csrr x14, mscratch; CHECK(30, x14, 0)
  csrr x14, 0x7c0; CHECK(31, x14, 0)
  csrr x14, marchid; CHECK(32, x14, 0x5A495256)
  csrr x14, cycle; CHECK(33, x14, 0)
  /* no-ops */
  li TESTNUM, 40; ebreak; wfi; c.ebreak; fence; fence.i
  /* the UART byte port */
  li x11, 0xA0400200; li x12, 'U'; sb x12, 0(x11); li x12, '\n'; sb x12, 0(x11)
  /* input: the free-input slot reads 0, then records */
  li TESTNUM, 50; ld x14, 0(s0); CHECK(50, x14, 0)
  ld x14, 8(s0); CHECK(51, x14, 4)
  lw x14, 16(s0); CHECK(52, x14, 0x04030201)
  li x7, 0x7ffffff8; add x7, x7, s0; ld x14, 0(x7); CHECK(53, x14, 0)
  /* outputs */
  li x12, 0xcafebabe; sw x12, 0(s1)
  li x12, 0x12345678; sw x12, 252(s1)
END
