/* ferry: helpers for '/' separated paths, in any backend's namespace
 * (local paths and the paths of FTP and SFTP servers alike).  Pure. */
#ifndef FERRY_PATH_H
#define FERRY_PATH_H

/* dir and name joined with one '/' (name alone when dir is empty);
 * malloc'd. */
char	*path_join(const char *dir, const char *name);
/* The last component, a pointer into path ("a/b" -> "b"; a trailing
 * slash stays: "a/b/" -> "b/"). */
const char *path_basename(const char *path);
/* The directory holding the last component, malloc'd: "a/b" -> "a",
 * "/a" -> "/", "b" and "" -> ".", "a/b//" -> "a". */
char	*path_parent(const char *path);
/* True if a name from a listing is safe to use as one path component:
 * not empty, not "." or "..", no '/' and no NUL. */
int	path_name_is_safe(const char *name);

/* An absolute path with "." and ".." applied (never above "/") and
 * doubled or trailing slashes dropped: "/a/./b/../c//" -> "/a/c";
 * malloc'd.  A relative path is taken from "/". */
char	*path_normalise(const char *path);

#endif
