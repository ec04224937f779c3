/* ferry: the session environment (see env.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/env.h"

void
env_warn(const struct vfs_env *env, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (env == NULL || env->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	env->log(env->arg, 0, line);
}
