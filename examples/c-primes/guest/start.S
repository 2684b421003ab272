/* Entry: the boot ROM has set sp; set gp, run main, exit with its return value. */
.section .text.init
.globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  call main
  li a7, 93
  ecall
