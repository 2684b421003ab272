/* Self-checking test macros. Each test sets gp to its number; on a mismatch the program
 * exits with that number, on success with 0. Only the `write` (64) and `exit` (93) ecalls are
 * used, so the same ELF runs under qemu-riscv64 (the reference) and zirv. */
#define TESTNUM gp

#define START  .section .text.init; .globl _start; _start:
#define PASS   pass: li a0, 0; li a7, 93; ecall;
#define FAIL   fail: mv a0, TESTNUM; bnez a0, 1f; li a0, 255; 1: li a7, 93; ecall;
#define END    PASS FAIL

/* rd = inst(v1, v2) */
#define TEST_RR(n, inst, result, v1, v2) \
  li TESTNUM, n; li x11, v1; li x12, v2; inst x14, x11, x12; li x7, result; bne x14, x7, fail;
/* rd = inst(v1, imm) */
#define TEST_RI(n, inst, result, v1, imm) \
  li TESTNUM, n; li x11, v1; inst x14, x11, imm; li x7, result; bne x14, x7, fail;
/* rd == rs1 */
#define TEST_RR_SRC1_EQ_DEST(n, inst, result, v1, v2) \
  li TESTNUM, n; li x11, v1; li x12, v2; inst x11, x11, x12; li x7, result; bne x11, x7, fail;
/* rd == rs2 */
#define TEST_RR_SRC2_EQ_DEST(n, inst, result, v1, v2) \
  li TESTNUM, n; li x11, v1; li x12, v2; inst x12, x11, x12; li x7, result; bne x12, x7, fail;
/* rs1 == rs2 == rd */
#define TEST_RR_ALL_EQ(n, inst, result, v1) \
  li TESTNUM, n; li x11, v1; inst x11, x11, x11; li x7, result; bne x11, x7, fail;
/* x0 as destination stays zero */
#define TEST_RR_ZERODEST(n, inst, v1, v2) \
  li TESTNUM, n; li x11, v1; li x12, v2; inst x0, x11, x12; bne x0, zero, fail;
#define TEST_RI_ZERODEST(n, inst, v1, imm) \
  li TESTNUM, n; li x11, v1; inst x0, x11, imm; bne x0, zero, fail;
/* x0 as a source */
#define TEST_RR_ZEROSRC1(n, inst, result, v2) \
  li TESTNUM, n; li x12, v2; inst x14, x0, x12; li x7, result; bne x14, x7, fail;
#define TEST_RR_ZEROSRC2(n, inst, result, v1) \
  li TESTNUM, n; li x11, v1; inst x14, x11, x0; li x7, result; bne x14, x7, fail;
/* compare a register with an expected value */
#define CHECK(n, reg, value) li TESTNUM, n; li x7, value; bne reg, x7, fail;
/* branch taken / not taken */
#define TEST_BR_TAKEN(n, inst, v1, v2) \
  li TESTNUM, n; li x11, v1; li x12, v2; inst x11, x12, 2f; j fail; 2:;
#define TEST_BR_NOT_TAKEN(n, inst, v1, v2) \
  li TESTNUM, n; li x11, v1; li x12, v2; inst x11, x12, fail;
