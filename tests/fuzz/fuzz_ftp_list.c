/* ferry: fuzz target for LIST output (src/ftp/listparse.c): Unix ls -l,
 * DOS/IIS and EPLF lines.  The input is a listing as a server sends it;
 * "now", which places "Mon dd hh:mm" dates, is one of four moments chosen
 * by the input's length (a leap day, the epoch, years far from it). */
#include "config.h"

#include "fuzz_list.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t nows[] = {
		1710504000,		/* 2024-03-15T12:00:00Z */
		0,			/* 1970-01-01 */
		951782400,		/* 2000-02-29 */
		253402300799LL,		/* 9999-12-31T23:59:59Z */
	};

	fuzz_list_run(data, size, 0, nows[size % 4]);
	return (0);
}
