/* Counts the primes below n (read as a u64 record) with a sieve; prints the count with
 * picolibc's snprintf and publishes it as public output 0. */
#include <stdio.h>
#include <string.h>
#include "zirv.h"

#define MAX_N 1000000
static unsigned char composite[MAX_N];

int main(void) {
  uint64_t len;
  const uint8_t *p = zirv_read(&len);
  if (len != 8) {
    static const char msg[] = "expected one u64 record\n";
    zirv_write(2, msg, sizeof msg - 1);
    return 1;
  }
  uint64_t n;
  memcpy(&n, p, 8);
  if (n > MAX_N) n = MAX_N;
  uint32_t count = 0;
  for (uint64_t i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (uint64_t j = i * i; j < n; j += i) composite[j] = 1;
  }
  char buf[64];
  int k = snprintf(buf, sizeof buf, "primes below %lu: %u\n", (unsigned long)n, count);
  zirv_write(1, buf, (size_t)k);
  ZIRV_OUTPUT[0] = count;
  return 0;
}
