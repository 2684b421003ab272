#include "test.h"
/* Set the 8 bytes at mem to v, run `inst rd, rs2v, (mem)`, check rd and the new memory word. */
#define TEST_AMO(n, inst, old, src, rdval, newval) \
  li TESTNUM, n; la x11, mem; li x7, old; sd x7, 0(x11); li x12, src; \
  inst x14, x12, (x11); li x7, rdval; bne x14, x7, fail; \
  ld x15, 0(x11); li x7, newval; bne x15, x7, fail;
START
  /* lr/sc: success stores and writes 0 */
  li TESTNUM, 2
  la x11, mem; li x7, 0x1111; sd x7, 0(x11)
  lr.d x14, (x11); CHECK(2, x14, 0x1111)
  li x12, 0x2222; sc.d x15, x12, (x11); CHECK(3, x15, 0)
  ld x14, 0(x11); CHECK(4, x14, 0x2222)
  /* sc without a reservation fails, writes 1 and does not store */
  li x12, 0x3333; sc.d x15, x12, (x11); CHECK(5, x15, 1)
  ld x14, 0(x11); CHECK(6, x14, 0x2222)
  /* sc to another address than the reserved one fails (and clears the reservation) */
  la x13, mem2
  lr.d x14, (x11)
  sc.d x15, x12, (x13); CHECK(7, x15, 1)
  ld x14, 0(x13); CHECK(8, x14, 0)
  sc.d x15, x12, (x11); CHECK(9, x15, 1)
  /* lr.w sign-extends; sc.w stores 4 bytes */
  li x7, 0x5555555580000000; sd x7, 0(x11)
  addi x16, x11, 4
  lr.w x14, (x16); CHECK(10, x14, 0x55555555)
  lr.w x14, (x11); CHECK(11, x14, 0xffffffff80000000)
  li x12, 0xaaaaaaaa12345678; sc.w x15, x12, (x11); CHECK(12, x15, 0)
  ld x14, 0(x11); CHECK(13, x14, 0x5555555512345678)
  /* rd == rs2 and rd == rs1 in sc */
  lr.d x14, (x11)
  li x12, 7; sc.d x12, x12, (x11); CHECK(14, x12, 0)
  ld x14, 0(x11); CHECK(15, x14, 7)
  mv x16, x11
  lr.d x14, (x16)
  li x12, 9; sc.d x16, x12, (x16); CHECK(16, x16, 0)
  ld x14, 0(x11); CHECK(17, x14, 9)
  /* sc with rd = x0 */
  lr.d x14, (x11); li x12, 10; sc.d x0, x12, (x11); ld x14, 0(x11); CHECK(18, x14, 10)
  /* a plain load/compute between lr and sc keeps the reservation */
  lr.d x14, (x11); addi x14, x14, 1; ld x20, 0(x11); sc.d x15, x14, (x11); CHECK(19, x15, 0)
  ld x14, 0(x11); CHECK(20, x14, 11)

  /* AMOs, 64-bit */
  TEST_AMO(30, amoswap.d, 0x1, 0x2, 0x1, 0x2)
  TEST_AMO(31, amoadd.d, 0x7fffffffffffffff, 0x1, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_AMO(32, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
  TEST_AMO(33, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
  TEST_AMO(34, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
  TEST_AMO(35, amomin.d, 0x5, -3, 0x5, -3)
  TEST_AMO(36, amomin.d, -3, 0x5, -3, -3)
  TEST_AMO(37, amomax.d, 0x5, -3, 0x5, 0x5)
  TEST_AMO(38, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_AMO(39, amominu.d, 0x5, -3, 0x5, 0x5)
  TEST_AMO(40, amominu.d, -3, 0x5, -3, 0x5)
  TEST_AMO(41, amomaxu.d, 0x5, -3, 0x5, -3)
  TEST_AMO(42, amomaxu.d, -1, 0, -1, -1)
  /* AMOs, 32-bit: rd is the sign-extended old word, only the low word of memory changes,
     min/max compare the low 32 bits of rs2 */
  TEST_AMO(50, amoswap.w, 0x1111111180000000, 0x22222222, 0xffffffff80000000, 0x1111111122222222)
  TEST_AMO(51, amoadd.w, 0x11111111ffffffff, 0x1, -1, 0x1111111100000000)
  TEST_AMO(52, amoadd.w, 0x000000007fffffff, 0x1, 0x7fffffff, 0x0000000080000000)
  TEST_AMO(53, amoxor.w, 0xaaaaaaaa0f0f0f0f, 0xffffffffffffffff, 0x0f0f0f0f, 0xaaaaaaaaf0f0f0f0)
  TEST_AMO(54, amoand.w, 0xaaaaaaaaf0f0f0f0, 0x00000000ffff0000, 0xfffffffff0f0f0f0, 0xaaaaaaaaf0f00000)
  TEST_AMO(55, amoor.w, 0xaaaaaaaa00000000, 0x1234000000000001, 0x0, 0xaaaaaaaa00000001)
  TEST_AMO(56, amomin.w, 0x0000000000000007, 0x0000000100000005, 0x7, 0x5)
  TEST_AMO(57, amomin.w, 0x0000000000000007, 0x00000000fffffffe, 0x7, 0xfffffffe)
  TEST_AMO(58, amomax.w, 0x0000000080000000, 0x1, 0xffffffff80000000, 0x1)
  TEST_AMO(59, amominu.w, 0x0000000080000000, 0x1, 0xffffffff80000000, 0x1)
  TEST_AMO(60, amomaxu.w, 0x0000000080000000, 0xffffffff00000001, 0xffffffff80000000, 0x80000000)
  TEST_AMO(61, amomaxu.w, 0x0000000000000001, 0xffffffff, 0x1, 0xffffffff)
  /* AMO register aliasing: rd == rs2, rd == rs1, rd == x0 */
  li TESTNUM, 70; la x11, mem; li x7, 10; sd x7, 0(x11); li x12, 5
  amoadd.d x12, x12, (x11); CHECK(70, x12, 10); ld x14, 0(x11); CHECK(71, x14, 15)
  li TESTNUM, 72; la x11, mem; li x12, 1
  amoadd.d x11, x12, (x11); CHECK(72, x11, 15); la x11, mem; ld x14, 0(x11); CHECK(73, x14, 16)
  li TESTNUM, 74; la x11, mem; li x12, 4
  amoadd.d x0, x12, (x11); bnez x0, fail; ld x14, 0(x11); CHECK(74, x14, 20)
  li TESTNUM, 75; la x11, mem; li x12, 99
  amoswap.d x12, x12, (x11); CHECK(75, x12, 20); ld x14, 0(x11); CHECK(76, x14, 99)
  li TESTNUM, 77; la x11, mem; li x12, 3
  amoswap.w.aqrl x11, x12, (x11); CHECK(77, x11, 99); la x11, mem; ld x14, 0(x11); CHECK(78, x14, 3)
END
.section .data
.balign 8
mem: .dword 0
mem2: .dword 0
