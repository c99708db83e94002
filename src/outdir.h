/* outdir.h — the output directory: created once, checked to be safe to empty, emptied before
 * every extraction without ever following a link or leaving its file system. */
#ifndef SHELLOUT_OUTDIR_H
#define SHELLOUT_OUTDIR_H

#include <stddef.h>

/* Creates PATH (and missing parents) if needed and checks it is a writable directory that may be
 * emptied: not "/", not $HOME or one of its ancestors, not the working directory or one of its
 * ancestors, holding none of KEEP (a NULL-terminated list of absolute paths: the archive, as named
 * and as resolved, and the manifest), and either empty or claimed by an earlier run.
 * On success returns 0 and writes its absolute path into ABS (ABSLEN bytes); on failure returns
 * -1 with a one-line reason in WHY (WHYLEN bytes) and *unsafe set when the problem is the choice
 * of directory (a usage error) rather than the environment. */
int outdir_prepare(const char *path, const char *const *keep, char *abs, size_t abslen,
		   char *why, size_t whylen, int *unsafe);

/* Marks ABS as an OUTDIR of shellout's (extended attribute user.shellout.outdir), so that later
 * runs may empty it although it is not empty; call once every other check has passed. */
void outdir_claim(const char *abs);

/* Removes everything inside ABS (not ABS itself); returns 0, or -1 with a reason in WHY. */
int outdir_empty(const char *abs, char *why, size_t whylen);

#endif
