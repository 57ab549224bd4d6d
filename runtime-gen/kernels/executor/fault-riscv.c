/* RV32 trap: every trap is a fault for the executor (ARS_EXIT_FAULT). */
#include "executor.h"
#include "port.h"

void ars_exit_fault(void) { ars_exit(ARS_EXIT_FAULT); }
