#include "test.h"
START
  la x20, data
  /* aligned loads and their extension */
  li TESTNUM, 2;  lb  x14, 0(x20);  CHECK(2, x14, 0xffffffffffffff81)
  li TESTNUM, 3;  lbu x14, 0(x20);  CHECK(3, x14, 0x81)
  li TESTNUM, 4;  lh  x14, 0(x20);  CHECK(4, x14, 0xffffffffffff8281)
  li TESTNUM, 5;  lhu x14, 0(x20);  CHECK(5, x14, 0x8281)
  li TESTNUM, 6;  lw  x14, 0(x20);  CHECK(6, x14, 0xffffffff84838281)
  li TESTNUM, 7;  lwu x14, 0(x20);  CHECK(7, x14, 0x84838281)
  li TESTNUM, 8;  ld  x14, 0(x20);  CHECK(8, x14, 0x8887868584838281)
  li TESTNUM, 9;  lb  x14, 8(x20);  CHECK(9, x14, 0x01)
  li TESTNUM, 10; lw  x14, 8(x20);  CHECK(10, x14, 0x04030201)
  /* negative offsets */
  addi x21, x20, 16
  li TESTNUM, 11; ld  x14, -16(x21); CHECK(11, x14, 0x8887868584838281)
  li TESTNUM, 12; lbu x14, -1(x21);  CHECK(12, x14, 0x08)
  /* misaligned loads, crossing the 8-byte boundary at data+8 */
  li TESTNUM, 20; ld  x14, 5(x20);  CHECK(20, x14, 0x0504030201888786)
  li TESTNUM, 21; lw  x14, 6(x20);  CHECK(21, x14, 0x02018887)
  li TESTNUM, 22; lwu x14, 7(x20);  CHECK(22, x14, 0x03020188)
  li TESTNUM, 23; lh  x14, 7(x20);  CHECK(23, x14, 0x0188)
  li TESTNUM, 24; lh  x14, 6(x20);  CHECK(24, x14, 0xffffffffffff8887)
  li TESTNUM, 25; lhu x14, 3(x20);  CHECK(25, x14, 0x8584)
  li TESTNUM, 26; ld  x14, 1(x20);  CHECK(26, x14, 0x0188878685848382)
  li TESTNUM, 27; lw  x14, 5(x20);  CHECK(27, x14, 0x01888786)
  /* a load into x0 still reads (and x0 stays zero) */
  li TESTNUM, 28; ld x0, 0(x20); bnez x0, fail
  /* stores, then loads back; neighbours keep their bytes */
  la x21, buf
  li x11, 0x1122334455667788
  li TESTNUM, 30; sd x11, 0(x21); ld x14, 0(x21); CHECK(30, x14, 0x1122334455667788)
  li TESTNUM, 31; sb x0, 1(x21); ld x14, 0(x21); CHECK(31, x14, 0x1122334455660088)
  li TESTNUM, 32; li x12, 0xabcd; sh x12, 2(x21); ld x14, 0(x21); CHECK(32, x14, 0x11223344abcd0088)
  li TESTNUM, 33; li x12, 0xdeadbeefcafef00d; sw x12, 4(x21); ld x14, 0(x21); CHECK(33, x14, 0xcafef00dabcd0088)
  li TESTNUM, 34; lw x14, 4(x21); CHECK(34, x14, 0xffffffffcafef00d)
  /* misaligned stores crossing the boundary at buf+8 */
  sd x0, 8(x21)
  li TESTNUM, 40; li x12, 0x0102030405060708; sd x12, 5(x21)
  ld x14, 0(x21); CHECK(40, x14, 0x0607080dabcd0088)
  ld x14, 8(x21); CHECK(41, x14, 0x0000000102030405)
  li TESTNUM, 42; li x12, 0xa1a2a3a4; sw x12, 7(x21)
  ld x14, 0(x21); CHECK(42, x14, 0xa407080dabcd0088)
  ld x14, 8(x21); CHECK(43, x14, 0x0000000102a1a2a3)
  li TESTNUM, 44; li x12, 0xb1b2; sh x12, 7(x21)
  ld x14, 0(x21); CHECK(44, x14, 0xb207080dabcd0088)
  lbu x14, 8(x21); CHECK(45, x14, 0xb1)
  /* sb/sh/sw of the low bytes only */
  li TESTNUM, 46; li x12, -1; sd x0, 16(x21); sb x12, 16(x21); ld x14, 16(x21); CHECK(46, x14, 0xff)
  li TESTNUM, 47; sh x12, 18(x21); ld x14, 16(x21); CHECK(47, x14, 0xffff00ff)
  li TESTNUM, 48; sw x12, 20(x21); ld x14, 16(x21); CHECK(48, x14, 0xffffffffffff00ff)
  /* store then load with rd == base */
  li TESTNUM, 50; la x14, data; ld x14, 0(x14); CHECK(50, x14, 0x8887868584838281)
END

.section .data
.balign 8
data: .byte 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08
.balign 8
buf: .zero 32
