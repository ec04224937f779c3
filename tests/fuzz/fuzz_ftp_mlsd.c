/* ferry: fuzz target for MLSD listings and MLST fact lines
 * (src/ftp/listparse.c).  The input is a listing as a server sends it. */
#include "config.h"

#include "fuzz_list.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_list_run(data, size, 1, 1710504000);
	return (0);
}
