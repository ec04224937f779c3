/* ferry: the labels of the answers that the front ends offer (the resume
 * question's choices, the trust question's), with their one parser.
 *
 * A label is translated text with its hotkey marked by '&' ("&Resume",
 * "Re&name"), as mc does, so that a translation can move the hotkey.  The
 * command line and the file manager both draw and read them through this
 * module; the decision (decide.h) knows nothing of labels.
 */
#ifndef FERRY_CHOICE_H
#define FERRY_CHOICE_H

#include <stddef.h>
#include <wchar.h>

#include "xfer/decide.h"

/* The translated label of an answer to the "target exists" question. */
const char *choice_label(enum xfer_policy);
/* The hotkey of that label, in lower case (a wide character: a
 * translation may choose any letter); 0 if it has none. */
wint_t	choice_hotkey(enum xfer_policy);
/* The same for any label with a '&' (0 if it has none). */
wint_t	choice_label_hotkey(const char *label);
/* Where the hotkey is: *before bytes come before the '&', the hotkey
 * takes *key bytes after it (0 when the label has none: then *before is
 * the whole length). */
void	choice_label_split(const char *label, size_t *before, size_t *key);
/* The label as "[r]esume" (the hotkey in brackets, '&' gone) in buf. */
void	choice_label_bracketed(const char *label, char *buf, size_t len);

#endif
