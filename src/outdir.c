/* outdir.c — see outdir.h. */
#define _GNU_SOURCE
#include "outdir.h"

#include <errno.h>
#include <fts.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/* The mark that says "shellout made or emptied this directory; its contents are disposable". */
#define OUTDIR_MARK "user.shellout.outdir"

/* Returns 1 if directory PATH has no entries, 0 if it has, -1 on error. */
static int is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return -1;
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* mkdir -p: creates each missing component of PATH; returns 0 or -1 with errno set. */
static int mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof buf) {
		errno = n ? ENAMETOOLONG : ENOENT;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, 0777) < 0 && errno != EEXIST)
				return -1;
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

/* True when directory A is B or an ancestor of B (both absolute and canonical). */
static int is_ancestor_or_same(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (strcmp(a, "/") == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

int outdir_prepare(const char *path, const char *const *keep, char *abs, size_t abslen,
		   char *why, size_t whylen, int *unsafe)
{
	char real[PATH_MAX], cwd[PATH_MAX], home[PATH_MAX];
	struct stat st;
	const char *h = getenv("HOME");

	*unsafe = 0;
	if (mkdirs(path) < 0) {
		snprintf(why, whylen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	if (!realpath(path, real) || stat(real, &st) < 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, whylen, "%s: not a directory", path);
		return -1;
	}
	if (access(real, W_OK | X_OK) < 0) {
		snprintf(why, whylen, "%s: not writable: %s", path, strerror(errno));
		return -1;
	}
	/* OUTDIR is emptied before every extraction: refuse any choice that would lose data. */
	*unsafe = 1;
	if (strcmp(real, "/") == 0 || (h && realpath(h, home) && is_ancestor_or_same(real, home))) {
		snprintf(why, whylen, "%s: refusing to use /, $HOME or a parent of it as OUTDIR (it is emptied)",
			 path);
		return -1;
	}
	if (getcwd(cwd, sizeof cwd) && is_ancestor_or_same(real, cwd)) {
		snprintf(why, whylen,
			 "%s: refusing to use the working directory or one of its parents as OUTDIR (it is emptied)",
			 path);
		return -1;
	}
	for (; keep && *keep; keep++) {
		if (is_ancestor_or_same(real, *keep)) {
			snprintf(why, whylen,
				 "%s: refusing an OUTDIR that contains the archive (it is emptied)", path);
			return -1;
		}
	}
	/* Only a directory that is empty, or that a run of ours marked, is emptied: anything else may
	 * hold the user's files.  Without extended attributes (tmpfs before Linux 6.6), a directory
	 * stays usable only while it is empty at the start of a run. */
	if (getxattr(real, OUTDIR_MARK, NULL, 0) < 0) {
		int empty = is_empty(real);

		if (empty < 0) {
			*unsafe = 0;
			snprintf(why, whylen, "%s: cannot read: %s", path, strerror(errno));
			return -1;
		}
		if (!empty) {
			snprintf(why, whylen,
				 "%s: not empty and not an OUTDIR of an earlier run: refusing to empty it "
				 "(empty it yourself or name a new directory)", path);
			return -1;
		}
	}
	*unsafe = 0;
	if (strlen(real) >= abslen) {
		snprintf(why, whylen, "%s: path too long", path);
		return -1;
	}
	strcpy(abs, real);
	return 0;
}

/* The mount a path is on (statx's mount id; the device number where that is unknown), so that a
 * bind mount of the same file system inside OUTDIR is noticed too. */
static uint64_t mount_of(const char *path, const struct stat *st)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) == 0 &&
	    (stx.stx_mask & STATX_MNT_ID))
		return stx.stx_mnt_id;
	return (uint64_t)st->st_dev | (1ull << 63);
}

void outdir_claim(const char *abs)
{
	/* Failure (no user xattrs here) only means the next run needs an empty directory. */
	(void)setxattr(abs, OUTDIR_MARK, "1", 1, 0);
}

int outdir_empty(const char *abs, char *why, size_t whylen)
{
	uint64_t root_mount = 0;
	char *const roots[] = { (char *)abs, NULL };
	/* fts: a well-kept walker; FTS_PHYSICAL never follows a symlink (a hostile archive may leave
	 * one pointing anywhere), FTS_XDEV never descends into another file system. */
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_XDEV | FTS_NOCHDIR, NULL);
	FTSENT *e;
	int rc = 0;

	if (!fts) {
		snprintf(why, whylen, "%s: cannot walk: %s", abs, strerror(errno));
		return -1;
	}
	while ((e = fts_read(fts)) != NULL) {
		int r = 0;

		if (e->fts_level == 0) {
			if (e->fts_info == FTS_DNR || e->fts_info == FTS_ERR) {
				errno = e->fts_errno;
				r = -1;
			} else {
				if (e->fts_info == FTS_D)
					root_mount = mount_of(e->fts_accpath, e->fts_statp);
				continue;
			}
		} else {
			switch (e->fts_info) {
			case FTS_D:
				if (mount_of(e->fts_accpath, e->fts_statp) != root_mount) {
					/* never touch another mount, not even its root's mode */
					fts_set(fts, e, FTS_SKIP);
					errno = EXDEV;
					r = -1;
					break;
				}
				/* an extracted directory may be mode 000: make it readable so it can be emptied */
				if ((e->fts_statp->st_mode & 0700) != 0700)
					chmod(e->fts_accpath, e->fts_statp->st_mode | 0700);
				continue;
			case FTS_DP:
				r = rmdir(e->fts_accpath);
				break;
			case FTS_DNR:
			case FTS_ERR:
				errno = e->fts_errno;
				r = -1;
				break;
			default:
				r = unlink(e->fts_accpath);
				break;
			}
		}
		if (r < 0 && rc == 0) {
			snprintf(why, whylen, "%s: cannot empty: %s: %s", abs, e->fts_path, strerror(errno));
			rc = -1;
		}
	}
	fts_close(fts);
	return rc;
}
