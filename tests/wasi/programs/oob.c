// Stores through a pointer far outside the linear memory: the store must trap.
#include <stdint.h>
#include <stdio.h>

int main(void) {
  volatile uint8_t* pointer = (volatile uint8_t*)(uintptr_t)0xFFFFFFF0u;
  *pointer = 1;
  printf("the store did not trap\n");
  return 0;
}
