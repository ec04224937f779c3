/* ferry: the evidence shown with a "target exists" question, as lines of
 * translated text that are safe to print (names escaped).  The command
 * line's prompt and the file manager's dialog both show these lines. */
#ifndef FERRY_XFER_EVIDENCE_H
#define FERRY_XFER_EVIDENCE_H

#include "xfer/decide.h"

#define EVIDENCE_LINES	6

struct evidence {
	char	*line[EVIDENCE_LINES];	/* malloc'd */
	int	 n;
};

/* record: 0 no resume record, 1 it matches the source, -1 the source
 * changed since (see struct xfer_question). */
void	evidence_build(struct evidence *, const char *source,
	    const char *target, const struct xfer_facts *,
	    const struct xfer_plan *, int record);
void	evidence_free(struct evidence *);
/* A modification time at the precision a side gives it (UTC):
 * "2026-10-29 14:02:07", "2026-10-29 14:02" for a LIST time,
 * "2026-10-29" for a LIST date, or "unknown" (translated). */
void	evidence_time(int64_t t, enum vfs_time_prec, char *buf, size_t len);

#endif
