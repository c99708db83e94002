/* tree.h — manifests: a sorted list of every entry under a directory with its type, size and
 * SHA-256 (of the contents, or of a symlink's target), and the comparison of two of them.
 *
 * Manifest text, one entry a line, sorted by path (bytewise):
 *     TYPE <tab> SIZE <tab> SHA256 <tab> PATH [<tab> LINK-TARGET]
 * TYPE is f (file), d (directory), l (symlink) or o (other).  SIZE is decimal (no sign, no
 * leading zero), SHA256 64 lowercase hex digits; a directory has "-" for both, an other "0" and
 * "-"; a symlink's SIZE is its target's length, its SHA256 the target's.  PATH is relative,
 * without "./", "." or ".." components; every directory above an entry has its own line; tab,
 * newline and backslash in names are written \t, \n and \\.  Each line ends in a newline.
 */
#ifndef SHELLOUT_TREE_H
#define SHELLOUT_TREE_H

#include <stdio.h>

struct tree_entry {
	char type;
	long long size;    /* -1 for directories */
	char hash[65];     /* lowercase hex, or "-" */
	char *path;        /* unescaped */
	char *target;      /* symlinks: unescaped target; else NULL */
};

struct tree {
	struct tree_entry *e;
	size_t n, cap;
};

/* Walks DIR (never following links) into T, sorted; returns 0, or -1 with a reason in WHY. */
int tree_scan(const char *dir, struct tree *t, char *why, size_t whylen);
/* Reads a manifest from F (called NAME in messages) into T; accepts exactly what tree_write writes
 * for a tree_scan (one line per entry, sorted, no path twice); returns 0, or -1 with
 * "NAME:LINE: reason" (the first bad line) or "NAME: reason" in WHY. */
int tree_read(FILE *f, const char *name, struct tree *t, char *why, size_t whylen);
/* Writes T as manifest text to F; returns 0, or -1 on a write error. */
int tree_write(FILE *f, const struct tree *t);
/* Calls REPORT for each difference between WANT and GOT (up to MAX of them); returns the count
 * of differences found (0: identical). */
size_t tree_diff(const struct tree *want, const struct tree *got, size_t max,
		 void (*report)(const char *what, const char *path, const char *detail, void *arg),
		 void *arg);
void tree_free(struct tree *t);

#endif
