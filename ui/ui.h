/* ferry: the interactive file manager (the only code that uses curses). */
#ifndef FERRY_UI_H
#define FERRY_UI_H

/* Run the file manager; right pane at location (NULL: the current
 * directory).  Returns the exit status. */
struct worker_conf;

/* conf: the session options (the file manager adds its questions). */
int	ui_main(const char *location, const struct worker_conf *conf);

#endif
