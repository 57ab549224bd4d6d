/* Exits with status 7 through SYS_EXIT_EXTENDED. */
#include "semihosting.h"

int main(void) { return 7; }
