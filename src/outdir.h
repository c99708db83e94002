/* outdir.h — the output directory: opened once, checked to be safe to empty, and from then on
 * handled only by its descriptor: emptied before every extraction with *at() calls relative to
 * it, never following a link, never leaving its mount, and the tools run inside it.  A swap of
 * OUTDIR or of any parent for a link or another directory can then move no write and no delete
 * elsewhere; the swap itself is noticed before the next iteration (outdir_check). */
#ifndef SHELLOUT_OUTDIR_H
#define SHELLOUT_OUTDIR_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct outdir {
	int fd;              /* O_DIRECTORY|O_NOFOLLOW, close-on-exec */
	dev_t dev;           /* the identity it was opened with */
	ino_t ino;
	uint64_t mnt;        /* its mount (statx mount id, or the device with bit 63 set) */
	char path[PATH_MAX]; /* absolute, as resolved at open: for messages and outdir_check */
};

/* Creates PATH (and missing parents) if needed, opens it without following a final symlink and
 * checks that it is a writable directory that may be emptied: not "/", not $HOME or one of its
 * ancestors, not the working directory or one of its ancestors, not a directory on the way to
 * any of KEEP (a NULL-terminated list of absolute paths: the archive, as named and as resolved,
 * and the manifest) — all compared by device and inode, so that no alias (a bind mount, a link)
 * slips through —, not a world-writable sticky directory such as /tmp (shared by every user),
 * and either empty or claimed by an earlier run.  Returns 0 with OD filled in; or -1 with a
 * one-line reason in WHY (WHYLEN bytes) and *unsafe set when the problem is the choice of
 * directory (a usage error) rather than the environment. */
int outdir_prepare(struct outdir *od, const char *path, const char *const *keep, char *why,
		   size_t whylen, int *unsafe);

/* Marks OD as an OUTDIR of shellout's (extended attribute user.shellout.outdir), so that later
 * runs may empty it although it is not empty; call once every other check has passed. */
void outdir_claim(const struct outdir *od);

/* Checks that OD's path still names OD's directory and that the directory still exists;
 * returns 0, or -1 with a reason in WHY. */
int outdir_check(const struct outdir *od, char *why, size_t whylen);

/* Checks OD (outdir_check), then removes everything inside it (not OD itself); returns 0, or -1
 * with a reason in WHY. */
int outdir_empty(const struct outdir *od, char *why, size_t whylen);

/* Clears every setuid and setgid bit under OD (a hostile archive extracted as root could leave
 * a setuid-root program there); returns how many files had one (the first named in FIRST, FLEN
 * bytes), 0 if none, or -1 with a reason in WHY. */
long outdir_scrub(const struct outdir *od, char *first, size_t flen, char *why, size_t whylen);

void outdir_close(struct outdir *od);

#endif
