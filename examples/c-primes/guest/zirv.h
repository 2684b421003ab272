/* A minimal C interface to the Zirv guest ABI (the project's docs/guest.md). */
#ifndef ZIRV_H
#define ZIRV_H
#include <stddef.h>
#include <stdint.h>

/* INPUT: records [u64 length][payload padded to 8] from 0x10000008. */
#define ZIRV_INPUT_DATA ((const uint8_t *)0x10000008UL)
/* OUTPUT: the 64 public u32 values. */
#define ZIRV_OUTPUT ((volatile uint32_t *)0xA0410000UL)

static inline long zirv_write(int fd, const void *buf, size_t len) {
  register long a0 __asm__("a0") = fd;
  register const void *a1 __asm__("a1") = buf;
  register size_t a2 __asm__("a2") = len;
  register long a7 __asm__("a7") = 64;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

static inline void __attribute__((noreturn)) zirv_exit(long code) {
  register long a0 __asm__("a0") = code;
  register long a7 __asm__("a7") = 93;
  __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
  __builtin_unreachable();
}

/* The next input record: its payload and length. */
static const uint8_t *zirv_next = ZIRV_INPUT_DATA;
static inline const uint8_t *zirv_read(uint64_t *len) {
  *len = *(const uint64_t *)zirv_next;
  const uint8_t *payload = zirv_next + 8;
  zirv_next += 8 + ((*len + 7) & ~7ULL);
  return payload;
}
#endif
