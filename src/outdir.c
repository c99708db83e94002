/* outdir.c — see outdir.h.
 *
 * The walk that empties OUTDIR is written here rather than taken from fts or nftw: both start
 * from a path and re-resolve it (and fts re-resolves each entry's path under FTS_NOCHDIR), which
 * is exactly what a swap of a directory for a symlink exploits.  Here every call is relative to
 * a descriptor whose identity was checked, and no call follows a link. */
#define _GNU_SOURCE
#include "outdir.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/* The mark that says "shellout made or emptied this directory; its contents are disposable". */
#define OUTDIR_MARK "user.shellout.outdir"

/* True when the directory (DEV, INO) is "/", one of ABS's parents, or ABS itself when SELF:
 * each is stat()ed, so whatever names lead there (links, bind mounts), the directory is the
 * same one. */
static bool on_the_way(const char *abs, bool self, dev_t dev, ino_t ino)
{
	char buf[PATH_MAX];
	size_t n = abs ? strlen(abs) : 0;
	struct stat st;

	if (n == 0 || abs[0] != '/' || n >= sizeof buf)
		return false;
	memcpy(buf, abs, n + 1);
	if (stat("/", &st) == 0 && st.st_dev == dev && st.st_ino == ino)
		return true;
	for (size_t i = 1; i <= n; i++) {
		char c = buf[i];

		if (c != '/' && c != '\0')
			continue;
		if (c == '\0' && !self)
			break;
		buf[i] = '\0';
		if (stat(buf, &st) == 0 && st.st_dev == dev && st.st_ino == ino)
			return true;
		buf[i] = c;
	}
	return false;
}

/* The mount of descriptor FD (statx's mount id; the device where that is unknown), so that a
 * bind mount of the same file system inside OUTDIR is noticed too. */
static uint64_t mount_of(int fd, const struct stat *st)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) == 0 && (stx.stx_mask & STATX_MNT_ID))
		return stx.stx_mnt_id;
	return (uint64_t)st->st_dev | (1ull << 63);
}

/* Reads the names in directory DFD, but "." and "..", into *NAMES (NUL-separated, malloc'd);
 * returns how many, or -1 with errno set.  Reading them all first means one descriptor per
 * level of the walk, not two, and no entry is skipped while its neighbours are removed. */
static long read_names(int dfd, char **names)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	size_t used = 0, cap = 0;
	long n = 0;
	char *buf = NULL;

	if (!d) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		errno = err;
		return -1;
	}
	for (errno = 0; (e = readdir(d)) != NULL; errno = 0) {
		size_t len = strlen(e->d_name) + 1;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (used + len > cap) {
			char *grown = realloc(buf, cap = (cap + len) * 2);
			if (!grown) {
				free(buf);
				closedir(d);
				errno = ENOMEM;
				return -1;
			}
			buf = grown;
		}
		memcpy(buf + used, e->d_name, len);
		used += len;
		n++;
	}
	if (errno) {
		int err = errno;
		free(buf);
		closedir(d);
		errno = err;
		return -1;
	}
	closedir(d);
	*names = buf;
	return n;
}

/* One directory on the walk's stack: its entries (read once), the next to visit, its identity
 * (checked when the walk climbs back into it through "..") and its name in its parent. */
struct level {
	char *names;
	const char *next;
	long left;
	dev_t dev;
	ino_t ino;
	const char *name; /* inside the parent level's names; NULL at OUTDIR */
	size_t rlen;      /* strlen(rel) inside this directory */
};

/* What one walk does with each entry, and what it found. */
struct walk {
	const struct outdir *od;
	bool remove;       /* empty OUTDIR; else only clear setuid/setgid bits */
	const char *verb;  /* "empty" or "scrub", for messages */
	long found;        /* scrub: entries whose bits were cleared */
	char *first;       /* scrub: the first of them, FLEN bytes */
	size_t flen;
	char rel[PATH_MAX]; /* the current entry, relative to OUTDIR (truncated when deeper) */
	char *why;
	size_t whylen;
};

/* Writes "OUTDIR: cannot VERB: OUTDIR/REL: errno's words" into WHY; returns -1. */
static int walk_failed(struct walk *w)
{
	return set_why(w->why, w->whylen, "%s: cannot %s: %s%s%s:", w->od->path, w->verb,
		       w->od->path, w->rel[0] ? "/" : "", w->rel);
}

/* chmod of descriptor FD, an O_PATH one too (which fchmod refuses): through its /proc name,
 * which reaches the same inode whatever its path is now.  Returns 0, or -1 with errno set. */
static int fd_chmod(int fd, mode_t mode)
{
	char proc[64];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	return chmod(proc, mode);
}

/* Clears the setuid/setgid bits of FD (an O_PATH or real descriptor of what fstatat saw as ST);
 * returns 0 or -1 with WHY. */
static int clear_bits(struct walk *w, int fd, const struct stat *st)
{
	if (fd_chmod(fd, st->st_mode & 07777 & ~(mode_t)(S_ISUID | S_ISGID)) < 0)
		return walk_failed(w);
	if (w->found++ == 0)
		snprintf(w->first, w->flen, "%s", w->rel);
	return 0;
}

/* Opens directory NAME of DFD, which fstatat saw as ST, checked to be that same directory on
 * OUTDIR's mount; for emptying, made u+rwx first.  Returns the descriptor, or -1 with WHY. */
static int enter(struct walk *w, int dfd, const char *name, const struct stat *st)
{
	int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat now;

	if (sub < 0 && errno == EACCES && w->remove) {
		/* Extracted with mode 000 (not readable by its owner): add u+rwx, by descriptor. */
		int p = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (p >= 0 && fstat(p, &now) == 0 && now.st_ino == st->st_ino && now.st_dev == st->st_dev)
			(void)fd_chmod(p, now.st_mode | 0700); /* failing, the open below says why */
		if (p >= 0)
			close(p);
		sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (sub < 0)
		return walk_failed(w);
	if (fstat(sub, &now) < 0) {
		walk_failed(w);
		close(sub);
		return -1;
	}
	/* swapped between fstatat and openat (ESTALE), or another mount (EXDEV): never touch it,
	 * not even its root's mode */
	if (now.st_dev != st->st_dev || now.st_ino != st->st_ino || mount_of(sub, &now) != w->od->mnt) {
		errno = now.st_dev != st->st_dev || now.st_ino != st->st_ino ? ESTALE : EXDEV;
		walk_failed(w);
		close(sub);
		return -1;
	}
	/* Emptying: an extracted directory may lack u+w or u+x, and its entries could not be
	 * removed; failing (not our directory, not root), the removals say why. */
	if (w->remove && (now.st_mode & 0700) != 0700)
		(void)fchmod(sub, now.st_mode | 0700);
	if (!w->remove && (now.st_mode & (S_ISUID | S_ISGID)) && clear_bits(w, sub, &now) < 0) {
		close(sub);
		return -1;
	}
	return sub;
}

/* Handles one entry other than a directory: removes it, or clears its bits. */
static int visit_file(struct walk *w, int dfd, const char *name, const struct stat *st)
{
	int fd, rc = 0;
	struct stat now;

	if (w->remove)
		return unlinkat(dfd, name, 0) < 0 && errno != ENOENT ? walk_failed(w) : 0;
	if (S_ISLNK(st->st_mode) || !(st->st_mode & (S_ISUID | S_ISGID)))
		return 0;
	/* O_PATH: opens a file of any mode without reading it, and never follows a link */
	if ((fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : walk_failed(w);
	if (fstat(fd, &now) < 0)
		rc = walk_failed(w);
	else if (now.st_dev != st->st_dev || now.st_ino != st->st_ino)
		rc = (errno = ESTALE, walk_failed(w));
	else if (mount_of(fd, &now) != w->od->mnt)
		rc = (errno = EXDEV, walk_failed(w)); /* a file bind-mounted in: not ours to change */
	else
		rc = clear_bits(w, fd, &now); /* hard-linked too: it is reachable through OUTDIR */
	close(fd);
	return rc;
}

/* Walks everything under OUTDIR depth first, without recursion and holding one directory
 * descriptor at a time (a hostile archive may nest directories thousands deep): it climbs back
 * through "..", checked to be the directory it left.  Returns 0, or -1 with WHY. */
static int walk_tree(struct walk *w)
{
	struct level *stack = NULL;
	size_t depth = 0, cap = 0;
	/* OUTDIR's own descriptor is used, never closed: no extra calls (strace counts them) */
	int cur = w->od->fd, rc = 0;
	long n;

	w->rel[0] = '\0';
	for (;;) {
		struct level *top;

		if (depth == cap) {
			struct level *grown = realloc(stack, (cap = cap ? cap * 2 : 16) * sizeof *stack);
			if (!grown) {
				errno = ENOMEM;
				rc = walk_failed(w);
				break;
			}
			stack = grown;
		}
		/* a new level: the directory CUR was just entered */
		top = &stack[depth];
		if ((n = read_names(cur, &top->names)) < 0) {
			rc = walk_failed(w);
			break;
		}
		top->next = top->names;
		top->left = n;
		top->rlen = strlen(w->rel);
		if (depth == 0) {
			top->dev = w->od->dev;
			top->ino = w->od->ino;
			top->name = NULL;
		}
		depth++;
		/* visit this level's entries, descending into the first directory met */
		for (;;) {
			struct stat st;
			const char *name;
			int sub;

			top = &stack[depth - 1];
			if (top->left == 0) {
				int up;
				struct stat ust;

				free(top->names);
				if (--depth == 0)
					goto out;
				/* REL still names the directory being left, for a message */
				w->rel[top->rlen] = '\0';
				up = openat(cur, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (up < 0 || fstat(up, &ust) < 0) {
					rc = walk_failed(w);
					if (up >= 0)
						close(up);
					goto out;
				}
				if (ust.st_dev != stack[depth - 1].dev || ust.st_ino != stack[depth - 1].ino) {
					close(up);
					errno = ESTALE; /* moved while we were inside */
					rc = walk_failed(w);
					goto out;
				}
				w->rel[stack[depth - 1].rlen] = '\0';
				if (cur != w->od->fd)
					close(cur);
				cur = up;
				if (w->remove && unlinkat(cur, top->name, AT_REMOVEDIR) < 0 && errno != ENOENT) {
					snprintf(w->rel + stack[depth - 1].rlen, sizeof w->rel - stack[depth - 1].rlen,
						 "%s%s", stack[depth - 1].rlen ? "/" : "", top->name);
					rc = walk_failed(w);
					goto out;
				}
				continue;
			}
			name = top->next;
			top->next += strlen(name) + 1;
			top->left--;
			snprintf(w->rel + top->rlen, sizeof w->rel - top->rlen, "%s%s", top->rlen ? "/" : "",
				 name);
			if (fstatat(cur, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
				if (errno == ENOENT)
					continue;
				rc = walk_failed(w);
				goto out;
			}
			if (!S_ISDIR(st.st_mode)) {
				if (visit_file(w, cur, name, &st) < 0) {
					rc = -1;
					goto out;
				}
				w->rel[top->rlen] = '\0';
				continue;
			}
			if ((sub = enter(w, cur, name, &st)) < 0) {
				rc = -1;
				goto out;
			}
			if (cur != w->od->fd)
				close(cur);
			cur = sub;
			if (depth == cap) {
				struct level *grown = realloc(stack, (cap *= 2) * sizeof *stack);
				if (!grown) {
					errno = ENOMEM;
					rc = walk_failed(w);
					goto out;
				}
				stack = grown;
			}
			stack[depth].dev = st.st_dev;
			stack[depth].ino = st.st_ino;
			stack[depth].name = name;
			break; /* read the new level */
		}
	}
out:
	while (depth > 0)
		free(stack[--depth].names);
	free(stack);
	if (cur != w->od->fd)
		close(cur);
	return rc;
}

long outdir_scrub(const struct outdir *od, char *first, size_t flen, char *why, size_t whylen)
{
	static struct walk w; /* PATH_MAX of rel: not on the stack */
	struct stat st;

	w = (struct walk){ .od = od, .remove = false, .verb = "clear setuid/setgid bits in",
			   .first = first, .flen = flen, .why = why, .whylen = whylen };
	first[0] = '\0';
	/* OUTDIR itself: an archive's "." entry may carry the bits too */
	if (fstat(od->fd, &st) < 0)
		return walk_failed(&w);
	if ((st.st_mode & (S_ISUID | S_ISGID)) && clear_bits(&w, od->fd, &st) < 0)
		return -1;
	if (w.found)
		snprintf(first, flen, ".");
	return walk_tree(&w) < 0 ? -1 : w.found;
}

int outdir_prepare(struct outdir *od, const char *path, const char *const *keep, char *why,
		   size_t whylen, int *unsafe)
{
	char cwd[PATH_MAX], home[PATH_MAX];
	struct stat st, named;
	const char *h = getenv("HOME");
	long n;
	char *names = NULL;

	*unsafe = 0;
	od->fd = -1;
	/* mkdir -p */
	if (mkdir_parents(path, 0777) < 0 || (mkdir(path, 0777) < 0 && errno != EEXIST))
		return set_why(why, whylen, "%s: cannot create:", path);
	od->fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (od->fd < 0) {
		int err = errno;
		bool link = lstat(path, &named) == 0 && S_ISLNK(named.st_mode);

		*unsafe = link;
		return set_why(why, whylen, "%s: %s", path,
			       link ? "a symbolic link: name the directory itself as OUTDIR" :
			       err == ENOTDIR ? "not a directory" : strerror(err));
	}
	if (fstat(od->fd, &st) < 0 || !realpath(path, od->path)) {
		set_why(why, whylen, "%s:", path);
		goto fail;
	}
	od->dev = st.st_dev;
	od->ino = st.st_ino;
	od->mnt = mount_of(od->fd, &st);
	if (lstat(od->path, &named) < 0 || named.st_dev != st.st_dev || named.st_ino != st.st_ino) {
		set_why(why, whylen, "%s: changed while it was being opened", path);
		goto fail;
	}
	if (faccessat(od->fd, ".", W_OK | X_OK, 0) < 0) {
		set_why(why, whylen, "%s: not writable:", path);
		goto fail;
	}
	/* OUTDIR is emptied before every extraction: refuse any choice that would lose data. */
	*unsafe = 1;
	if (h && h[0] && realpath(h, home) && on_the_way(home, true, st.st_dev, st.st_ino)) {
		set_why(why, whylen, "%s: refusing to use /, $HOME or a parent of it as OUTDIR (it is emptied)",
			path);
		goto fail;
	}
	if (on_the_way("/", true, st.st_dev, st.st_ino)) {
		set_why(why, whylen, "%s: refusing to use / as OUTDIR (it is emptied)", path);
		goto fail;
	}
	if (getcwd(cwd, sizeof cwd) && on_the_way(cwd, true, st.st_dev, st.st_ino)) {
		set_why(why, whylen,
			"%s: refusing to use the working directory or one of its parents as OUTDIR (it is emptied)",
			path);
		goto fail;
	}
	for (; keep && *keep; keep++) {
		if (on_the_way(*keep, false, st.st_dev, st.st_ino)) {
			set_why(why, whylen,
				"%s: refusing an OUTDIR that contains the archive or the manifest (it is emptied)",
				path);
			goto fail;
		}
	}
	/* /tmp, /dev/shm, /var/tmp: every user's files live there side by side. */
	if ((st.st_mode & S_ISVTX) && (st.st_mode & S_IWOTH)) {
		set_why(why, whylen,
			"%s: a world-writable sticky directory, shared by every user: refusing to empty it "
			"(name a directory inside it)", path);
		goto fail;
	}
	/* Only a directory that is empty, or that a run of ours marked, is emptied: anything else may
	 * hold the user's files.  Without extended attributes (tmpfs before Linux 6.6), a directory
	 * stays usable only while it is empty at the start of a run. */
	if (fgetxattr(od->fd, OUTDIR_MARK, NULL, 0) < 0) {
		if ((n = read_names(od->fd, &names)) < 0) {
			*unsafe = 0;
			set_why(why, whylen, "%s: cannot read:", path);
			goto fail;
		}
		free(names);
		if (n > 0) {
			set_why(why, whylen,
				"%s: not empty and not an OUTDIR of an earlier run: refusing to empty it "
				"(empty it yourself or name a new directory)", path);
			goto fail;
		}
	}
	*unsafe = 0;
	return 0;
fail:
	close(od->fd);
	od->fd = -1;
	return -1;
}

void outdir_claim(const struct outdir *od)
{
	/* Failure (no user xattrs here) only means the next run needs an empty directory. */
	(void)fsetxattr(od->fd, OUTDIR_MARK, "1", 1, 0);
}

int outdir_check(const struct outdir *od, char *why, size_t whylen)
{
	struct stat st;

	if (fstat(od->fd, &st) < 0 || st.st_nlink == 0)
		return set_why(why, whylen, "%s: OUTDIR was removed during the run", od->path);
	if (lstat(od->path, &st) < 0 || st.st_dev != od->dev || st.st_ino != od->ino)
		return set_why(why, whylen, "%s: OUTDIR was moved or replaced during the run: stopping "
			       "(nothing of what is there now was touched)", od->path);
	return 0;
}

int outdir_empty(const struct outdir *od, char *why, size_t whylen)
{
	static struct walk w;

	if (outdir_check(od, why, whylen) < 0)
		return -1;
	w = (struct walk){ .od = od, .remove = true, .verb = "empty", .why = why, .whylen = whylen };
	return walk_tree(&w);
}

void outdir_close(struct outdir *od)
{
	if (od->fd >= 0)
		close(od->fd);
	od->fd = -1;
}
