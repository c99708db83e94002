/* drv_libarchive.c — extract in this process with libarchive: a new reader and disk writer for
 * every extraction, as a program that links the library would do per archive.
 *
 * Safety: ARCHIVE_EXTRACT_SECURE_NODOTDOT, _SECURE_SYMLINKS and _SECURE_NOABSOLUTEPATHS refuse
 * entries with "..", entries written through a symlink, and absolute paths, so nothing lands
 * outside OUTDIR.  A refused or failed entry is reported and the rest is still extracted (as
 * bsdtar does); the extraction then counts as failed.
 *
 * Every return below ARCHIVE_OK counts: libarchive returns ARCHIVE_WARN, not FAILED, when a write
 * fails (ENOSPC: "Write failed", the file left short), so a WARN is never taken for success.
 *
 * Safe as root: no setuid or setgid bit is ever restored (the entry's mode loses it before it is
 * written, and the extraction then fails: the tree is not what the archive holds), and file
 * flags (chattr +i) are not restored (no ARCHIVE_EXTRACT_FFLAGS).
 *
 * The deadline: checked before every header and after every data block, also while the data of
 * an entry that was refused is read through (libarchive would otherwise decompress a refused 4
 * GiB entry whole, inside archive_read_next_header, where nothing can stop it).
 *
 * The archive is opened here, by this process, without blocking and checked to be a regular file
 * (it may have been replaced by a FIFO since the runner looked), and read from that descriptor. */
#define _GNU_SOURCE
#include "driver.h"
#include "util.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXTRACT_FLAGS                                                                      \
	(ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_NODOTDOT |   \
	 ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS)

/* Records the first failure: CALL, the entry (if any) and libarchive's own words; for the disk
 * writer, whose errno is the system call's, with the system's words where libarchive leaves
 * them out ("Write failed": full disk? file too large?).  The reader's errno may be one of
 * libarchive's own codes (EILSEQ for a format error), whose system words would mislead. */
static void fail(struct outcome *out, const char *call, struct archive *a, const char *entry)
{
	const char *said = archive_error_string(a) ? archive_error_string(a) : "failed";
	int err = archive_errno(a);
	const char *sys = err > 0 && strncmp(call, "archive_write", 13) == 0 ? strerror(err) : NULL;

	if (out->status != OUT_OK)
		return;
	out->status = OUT_ERROR;
	snprintf(out->reason, sizeof out->reason, "%s%s%s: %s%s%s", call, entry ? ": " : "",
		 entry ? entry : "", said, sys && !strstr(said, sys) ? ": " : "",
		 sys && !strstr(said, sys) ? sys : "");
}

/* Copies the current entry's data from R to W, block by block (holes stay holes), checking the
 * deadline after every block; with W NULL (an entry that was refused), reads it through without
 * writing, so that it is not decompressed out of the deadline's reach.  Returns an ARCHIVE_*
 * code: ARCHIVE_FATAL once the deadline has passed (out->status OUT_TIMEOUT) or, reading through,
 * when the stream is lost; a warning while reading through only means more of the same entry. */
static int copy_data(struct archive *r, struct archive *w, const struct job *job,
		     struct outcome *out, const char *entry)
{
	const void *buf;
	size_t size;
	la_int64_t offset;

	for (;;) {
		int rc = archive_read_data_block(r, &buf, &size, &offset);

		if (rc == ARCHIVE_EOF)
			return ARCHIVE_OK;
		if (rc != ARCHIVE_OK && (w || rc < ARCHIVE_WARN)) {
			fail(out, "archive_read_data_block", r, entry);
			return !w ? ARCHIVE_FATAL : rc == ARCHIVE_WARN ? ARCHIVE_FAILED : rc;
		}
		if (w && archive_write_data_block(w, buf, size, offset) != ARCHIVE_OK) {
			fail(out, "archive_write_data_block", w, entry);
			return ARCHIVE_FAILED;
		}
		if (now_ns() > job->deadline_ns) {
			out->status = OUT_TIMEOUT;
			snprintf(out->reason, sizeof out->reason, "timed out in %s", entry);
			return ARCHIVE_FATAL;
		}
	}
}

static int la_extract(const struct job *job, struct outcome *out)
{
	struct archive *r = archive_read_new(), *w = archive_write_disk_new();
	struct archive_entry *e;
	struct stat st;
	int cwd = -1, fd = -1, rc = ARCHIVE_OK;

	if (!r || !w) {
		out->status = OUT_ERROR;
		snprintf(out->reason, sizeof out->reason, "archive_*_new: out of memory");
		goto done;
	}
	archive_read_support_filter_all(r);
	archive_read_support_format_all(r);
	archive_write_disk_set_options(w, EXTRACT_FLAGS);
	archive_write_disk_set_standard_lookup(w);
	/* Open before changing directory: ARCHIVE may be a relative path.  O_NONBLOCK: a FIFO
	 * cannot make open() wait; on a regular file it changes nothing. */
	fd = open(job->archive, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		out->status = OUT_ERROR;
		snprintf(out->reason, sizeof out->reason, "open: %s", strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		out->status = OUT_ERROR;
		snprintf(out->reason, sizeof out->reason, "not a regular file (a %s)", file_kind(st.st_mode));
		goto done;
	}
	/* The same 64 KiB reads as archive_read_open_filename, with its skip and seek. */
	if (archive_read_open_fd(r, fd, 64 * 1024) != ARCHIVE_OK) {
		fail(out, "archive_read_open_fd", r, NULL);
		goto done;
	}
	/* archive_write_disk writes relative to the working directory: OUTDIR, by descriptor. */
	cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cwd < 0 || fchdir(job->outdir_fd) < 0) {
		out->status = OUT_ERROR;
		snprintf(out->reason, sizeof out->reason, "fchdir %s: %s", job->outdir, strerror(errno));
		goto done;
	}
	while ((rc = archive_read_next_header(r, &e)) != ARCHIVE_EOF) {
		const char *name;

		if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
			fail(out, "archive_read_next_header", r, NULL); /* the stream is lost: stop */
			break;
		}
		name = archive_entry_pathname(e);
		if (rc == ARCHIVE_WARN) /* the entry may not be what the archive holds: a failure, go on */
			fail(out, "archive_read_next_header", r, name);
		if (now_ns() > job->deadline_ns) {
			out->status = OUT_TIMEOUT;
			snprintf(out->reason, sizeof out->reason, "timed out before %s", name);
			break;
		}
		if (archive_entry_perm(e) & (S_ISUID | S_ISGID)) {
			archive_entry_set_perm(e, archive_entry_perm(e) & ~(mode_t)(S_ISUID | S_ISGID));
			if (out->status == OUT_OK) {
				out->status = OUT_ERROR;
				snprintf(out->reason, sizeof out->reason,
					 "%s: a setuid or setgid entry: extracted without the bit", name);
			}
		}
		if ((rc = archive_write_header(w, e)) != ARCHIVE_OK) {
			fail(out, "archive_write_header", w, name); /* refused entry: go on */
			if (rc < ARCHIVE_WARN) {
				if (copy_data(r, NULL, job, out, name) == ARCHIVE_FATAL)
					break;
				continue;
			}
		}
		/* Copy even when the size is 0: a streamed zip entry's size is unknown until its end. */
		if (copy_data(r, w, job, out, name) == ARCHIVE_FATAL)
			break;
		if (archive_write_finish_entry(w) != ARCHIVE_OK)
			fail(out, "archive_write_finish_entry", w, name);
	}
	/* Close applies deferred directory times and permissions; its failure is a failure too. */
	if (archive_write_close(w) != ARCHIVE_OK)
		fail(out, "archive_write_close", w, NULL);
done:
	if (cwd >= 0) {
		if (fchdir(cwd) < 0 && out->status == OUT_OK) {
			out->status = OUT_ERROR;
			snprintf(out->reason, sizeof out->reason, "fchdir back: %s", strerror(errno));
		}
		close(cwd);
	}
	archive_read_free(r);
	archive_write_free(w);
	if (fd >= 0)
		close(fd); /* archive_read_open_fd leaves it to us */
	return out->status == OUT_OK ? 0 : -1;
}

const struct driver driver = {
	.method = "libarchive",
	.links = "libarchive",
	.extract = la_extract,
};
