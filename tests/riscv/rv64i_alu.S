#include "test.h"
START
  /* add / sub: overflow wraps */
  TEST_RR(2, add, 0x0000000000000000, 0x0, 0x0)
  TEST_RR(3, add, 0x8000000000000000, 0x7fffffffffffffff, 0x1)
  TEST_RR(4, add, 0x0000000000000000, 0xffffffffffffffff, 0x1)
  TEST_RR(5, add, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff)
  TEST_RR(6, sub, 0xffffffffffffffff, 0x0, 0x1)
  TEST_RR(7, sub, 0x7fffffffffffffff, 0x8000000000000000, 0x1)
  TEST_RR(8, sub, 0x8000000000000001, 0x0, 0x7fffffffffffffff)
  TEST_RR_SRC1_EQ_DEST(9, add, 24, 13, 11)
  TEST_RR_SRC2_EQ_DEST(10, sub, 2, 13, 11)
  TEST_RR_ALL_EQ(11, add, 26, 13)
  TEST_RR_ALL_EQ(12, sub, 0, 13)
  TEST_RR_ZERODEST(13, add, 7, 8)
  TEST_RR_ZEROSRC1(14, add, 5, 5)
  TEST_RR_ZEROSRC2(15, sub, 5, 5)
  TEST_RR_ZEROSRC1(16, sub, -5, 5)
  /* logic */
  TEST_RR(20, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f)
  TEST_RR(21, or,  0xfff0fff0fffff0ff, 0xfff0fff000f0f00f, 0x00f000f0ff0ff0ff)
  TEST_RR(22, xor, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
  TEST_RR_ZEROSRC1(23, or, 0x1234, 0x1234)
  TEST_RR_ZEROSRC2(24, xor, 0x1234, 0x1234)
  TEST_RR_ZEROSRC1(25, and, 0, 0x1234)
  TEST_RI(26, andi, 0xff00ff00ff00ff00 & -256, 0xff00ff00ff00ff00, -256)
  TEST_RI(27, ori, 0xffffffffffffff0f, 0x000000000000000f, -241)
  TEST_RI(28, xori, 0xffffffffff00f00f, 0x0000000000ff0ff0, -1)
  TEST_RI(29, xori, 0x0000000000ff0f00, 0x0000000000ff0ff0, 0x0f0)
  TEST_RI(30, addi, 0xffffffffffff8000 + 0x7ff, 0xffffffffffff8000, 0x7ff)
  TEST_RI(31, addi, 0x7fffffffffffffff + (-2048), 0x7fffffffffffffff, -2048)
  TEST_RI(32, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
  TEST_RI_ZERODEST(33, addi, 1, 1)
  TEST_RI(34, addi, 7, 7, 0)
  /* comparisons */
  TEST_RR(40, slt, 0, 0x0, 0x0)
  TEST_RR(41, slt, 1, 0x8000000000000000, 0x0)
  TEST_RR(42, slt, 0, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_RR(43, slt, 1, 0xffffffffffffffff, 0x0)
  TEST_RR(44, sltu, 0, 0xffffffffffffffff, 0x0)
  TEST_RR(45, sltu, 1, 0x0, 0xffffffffffffffff)
  TEST_RR(46, sltu, 1, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_RR(47, sltu, 0, 5, 5)
  TEST_RI(48, slti, 1, 0xfffffffffffffff0, -1)
  TEST_RI(49, slti, 0, 0x7fffffffffffffff, -2048)
  TEST_RI(50, sltiu, 1, 0x0, -1)   /* -1 sign-extends to the largest unsigned value */
  TEST_RI(51, sltiu, 0, 0xffffffffffffffff, -1)
  TEST_RI(52, sltiu, 1, 0x0, 1)    /* seqz */
  TEST_RR_ZEROSRC1(53, sltu, 1, 5) /* snez */
  TEST_RR_ZERODEST(54, slt, 1, 2)
  /* shifts: amounts at the limits, only the low 6 bits count */
  TEST_RR(60, sll, 0x8000000000000000, 0x1, 63)
  TEST_RR(61, sll, 0x1, 0x1, 64)
  TEST_RR(62, sll, 0x2, 0x1, 65)
  TEST_RR(63, sll, 0x8000000000000000, 0x1, 0xffffffffffffffff)
  TEST_RR(64, srl, 0x1, 0x8000000000000000, 63)
  TEST_RR(65, srl, 0x8000000000000000, 0x8000000000000000, 0)
  TEST_RR(66, srl, 0x8000000000000000, 0x8000000000000000, 64)
  TEST_RR(67, sra, 0xffffffffffffffff, 0x8000000000000000, 63)
  TEST_RR(68, sra, 0xc000000000000000, 0x8000000000000000, 1)
  TEST_RR(69, sra, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)
  TEST_RI(70, slli, 0x8000000000000000, 0x1, 63)
  TEST_RI(71, srli, 0x1, 0x8000000000000000, 63)
  TEST_RI(72, srai, 0xffffffffffffffff, 0x8000000000000000, 63)
  TEST_RI(73, srai, 0x8000000000000000, 0x8000000000000000, 0)
  TEST_RI(74, slli, 0x21, 0x21, 0)
  /* 32-bit forms: results are sign-extended from bit 31 */
  TEST_RR(80, addw, 0xffffffff80000000, 0x7fffffff, 0x1)
  TEST_RR(81, addw, 0x0, 0xffffffff, 0x1)
  TEST_RR(82, addw, 0x2, 0x1234567800000001, 0xabcdef0000000001)
  TEST_RR(83, subw, 0x7fffffff, 0xffffffff80000000, 0x1)
  TEST_RR(84, subw, 0xffffffffffffffff, 0x0, 0x1)
  TEST_RI(85, addiw, 0xffffffff80000000, 0x7fffffff, 1)
  TEST_RI(86, addiw, 0x7fffffff, 0x000000007ffff800, 0x7ff)
  TEST_RI(87, addiw, 0xfffffffffffff800, 0x100000000, -2048)
  TEST_RI(88, addiw, 0xffffffffffffffff, 0xffffffff, 0)   /* sext.w */
  TEST_RR(89, sllw, 0xffffffff80000000, 0x1, 31)
  TEST_RR(90, sllw, 0x1, 0x1, 32)    /* only the low 5 bits count */
  TEST_RR(91, sllw, 0x0, 0xffffffff00000000, 0)
  TEST_RR(92, srlw, 0x1, 0xffffffff80000000, 31)
  TEST_RR(93, srlw, 0xffffffff80000000, 0x80000000, 0)
  TEST_RR(94, srlw, 0x7fffffff, 0xffffffff, 33)
  TEST_RR(95, sraw, 0xffffffffffffffff, 0x80000000, 31)
  TEST_RR(96, sraw, 0xffffffffc0000000, 0x0000000080000000, 1)
  TEST_RR(97, sraw, 0x3fffffff, 0xffffffff7fffffff, 1)
  TEST_RI(98, slliw, 0xffffffff80000000, 0x1, 31)
  TEST_RI(99, srliw, 0x1, 0x80000000, 31)
  TEST_RI(100, srliw, 0xffffffff80000000, 0x80000000, 0)
  TEST_RI(101, sraiw, 0xffffffffffffffff, 0x80000000, 31)
  TEST_RI(102, sraiw, 0x7fffffff, 0x17fffffff, 0)
  TEST_RR_ZERODEST(103, addw, 1, 2)
  /* lui / auipc */
  li TESTNUM, 110; lui x14, 0x80000; li x7, 0xffffffff80000000; bne x14, x7, fail
  li TESTNUM, 111; lui x14, 0x7ffff; li x7, 0x7ffff000; bne x14, x7, fail
  li TESTNUM, 112; lui x0, 0x12345; bnez x0, fail
  li TESTNUM, 113
1: auipc x14, 0
  la x7, 1b
  bne x14, x7, fail
  li TESTNUM, 114
2: auipc x14, 0x80000          /* negative offset: pc - 2^31, high pc bits must survive */
  la x7, 2b
  li x8, 0xffffffff80000000
  add x7, x7, x8
  bne x14, x7, fail
  li TESTNUM, 115
3: auipc x14, 1
  la x7, 3b
  addi x7, x7, 2047
  addi x7, x7, 2047
  addi x7, x7, 2
  bne x14, x7, fail
END
