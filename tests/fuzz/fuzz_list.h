/* ferry: what the two listing targets (fuzz_ftp_list, fuzz_ftp_mlsd)
 * check of every entry a listing gives. */
#ifndef FERRY_FUZZ_LIST_H
#define FERRY_FUZZ_LIST_H

#include "ftp/listparse.h"
#include "fuzz.h"

static inline void
fuzz_list_run(const uint8_t *data, size_t size, int mlsd, int64_t now)
{
	struct vfs_list list = { NULL, 0 };
	const struct vfs_entry *e;
	char *bad;
	size_t i, nbad;

	nbad = ftp_list_parse((const char *)data, size, mlsd, now, &list,
	    &bad);
	fuzz_check((nbad == 0) == (bad == NULL));
	fuzz_check(list.n + nbad <= size);
	for (i = 0; i < list.n; i++) {
		e = &list.v[i];
		fuzz_check(e->name[0] != '\0');
		fuzz_check(strcmp(e->name, ".") != 0);
		fuzz_check(strcmp(e->name, "..") != 0);
		fuzz_check(strchr(e->name, '\n') == NULL);
		fuzz_check(e->st.type > VFS_NONE && e->st.type <= VFS_OTHER);
		fuzz_check((e->st.mode & ~07777u) == 0);
		fuzz_check(!e->st.is_link || !e->st.size_known);
	}
	vfs_list_free(&list);
	free(bad);
}

#endif
