/* outdir.c — see outdir.h. */
#define _GNU_SOURCE
#include "outdir.h"

#include <errno.h>
#include <fts.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int outdir_prepare(const char *path, const char *archive_abs, char *abs, size_t abslen,
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
	if (strcmp(real, "/") == 0 || (h && realpath(h, home) && strcmp(real, home) == 0)) {
		snprintf(why, whylen, "%s: refusing to use / or $HOME as OUTDIR (it is emptied)", path);
		return -1;
	}
	if (getcwd(cwd, sizeof cwd) && is_ancestor_or_same(real, cwd)) {
		snprintf(why, whylen,
			 "%s: refusing to use the working directory or its parent as OUTDIR (it is emptied)",
			 path);
		return -1;
	}
	if (archive_abs && is_ancestor_or_same(real, archive_abs)) {
		snprintf(why, whylen, "%s: refusing an OUTDIR that contains the archive (it is emptied)",
			 path);
		return -1;
	}
	*unsafe = 0;
	if (strlen(real) >= abslen) {
		snprintf(why, whylen, "%s: path too long", path);
		return -1;
	}
	strcpy(abs, real);
	return 0;
}

int outdir_empty(const char *abs, char *why, size_t whylen)
{
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
				continue;
			}
		} else {
			switch (e->fts_info) {
			case FTS_D:
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
