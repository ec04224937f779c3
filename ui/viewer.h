/* ferry: F3, the viewer: a text file as lines, any other as hex, read in
 * pieces through the worker (MC_READ) as the user scrolls, so that a
 * large remote file is never fetched whole. */
#ifndef FERRY_UI_VIEWER_H
#define FERRY_UI_VIEWER_H

#include <stdint.h>
#include <wchar.h>

struct msg_ev;
struct view;
struct worker;

#define VIEWER_CHUNK	(64 * 1024)	/* bytes a request */
#define VIEWER_SEEK_MAX	(16 << 20)	/* bytes a search reads, then
					   pauses */

struct viewer {
	char		*location;	/* owned */
	struct view	*v;
	uint64_t	 base;		/* the first byte read: End in a long
					   file jumps to its last piece */
	uint64_t	 loaded;	/* the byte after the last read */
	uint64_t	 size;		/* 0: unknown */
	int		 eof;
	int		 hex;		/* decided on the first piece */
	uint64_t	 job;		/* the MC_READ awaited, 0: none */
	char		*carry;		/* a text line not ended yet */
	/* Text read from base > 0: its bytes up to the first line's end,
	 * the end of a line that began before base (shown once the piece
	 * before has come); NULL until the first piece from base came. */
	char		*head;
	int		 back;		/* the awaited piece is the one
					   before base */
	uint64_t	 back_off;	/* where that piece begins */
	size_t		 up_rows;	/* rows to scroll up once it came */
	struct worker	*w;
	/* Search ('/' or F7, then n): a part of a line, case ignored. */
	wchar_t		*typing;	/* being typed, NULL: not */
	size_t		 ntyped;
	char		*search;	/* the last one (owned) */
	size_t		 scan;		/* the next line to look at */
	size_t		 scan_from;	/* where this search began */
	int		 wrapped;	/* past the end, from the start */
	int		 paused;	/* after VIEWER_SEEK_MAX: n goes on */
	uint64_t	 seek_base;	/* loaded when it began or went on */
	int		 seeking;	/* it goes on in the next pieces */
	char		*note;		/* for the bottom line (owned) */
};

/* Open on location (title: its name, already safe) and ask for the
 * first piece. */
struct viewer *viewer_open(struct worker *, const char *location,
	    const char *title, uint64_t size);
void	viewer_free(struct viewer *);
/* The piece it waits for arrived (ev->id == job). */
void	viewer_data(struct viewer *, struct msg_ev *);
/* A key; returns 1 when it closes the viewer.  Scrolling near the end
 * asks for the next piece, near the top (after End) the one before; End
 * in a file with more than a piece unread reads its last piece instead,
 * Home then its first; a search reads on until it finds the text or
 * the file ends (Esc stops it). */
int	viewer_key(struct viewer *, struct worker *, int code, wint_t key);
void	viewer_draw(struct viewer *);

#endif
