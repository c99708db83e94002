/* corpus.c — build/corpus-gen: generate a test tree from a spec, deterministically: the same spec
 * gives the same tree, byte for byte, on every machine.
 *
 *   corpus-gen SPEC DIR     DIR must not exist or be empty
 *
 * A spec is a text file, one directive a line ('#' starts a comment); PATH is the rest of the
 * line, so it may contain spaces; SIZE takes K, M, G suffixes (binary).
 *   text SIZE SEED PATH           compressible English-like text
 *   random SIZE SEED PATH         incompressible bytes
 *   empty PATH                    an empty file
 *   dir PATH                      an (empty) directory
 *   symlink TARGET PATH           a symbolic link
 *   many COUNT MIN MAX SEED PATH  COUNT text files of MIN..MAX bytes in nested directories
 *                                 under PATH, some named with spaces or non-ASCII letters,
 *                                 every 50th empty, plus empty directories and a symlink
 * Files get mode 0644, directories 0755, and every entry the same fixed mtime.
 * Exit status: 0 done, 2 usage error, 3 SPEC unreadable or malformed (a bad directive), or DIR
 * not writable.
 */
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXED_MTIME 1577836800 /* 2020-01-01T00:00:00Z */

/* splitmix64, written out rather than taken from libc: the sequence must be the same on every
 * machine and every libc version, which rand()/random() do not promise. */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static const char *const words[] = {
	"the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be",
	"by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
	"an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has",
	"there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "process",
	"archive", "memory", "kernel", "fork", "library", "extract", "compress", "benchmark",
	"latency", "page", "table", "child", "parent", "signal", "descriptor", "throughput",
	"decoder", "dictionary", "entropy", "stream", "buffer", "syscall", "overcommit", "resident",
};

/* Fills BUF with LEN bytes of text: Zipf-like word choice, so it compresses like prose. */
static void gen_text(uint64_t *s, char *buf, size_t len)
{
	const size_t nwords = sizeof words / sizeof words[0];
	size_t i = 0, col = 0;

	while (i < len) {
		uint64_t r = next(s);
		double u = (double)(r >> 11) / 9007199254740992.0;
		const char *w = words[(size_t)(u * u * u * (double)nwords)];
		size_t wl = strlen(w);

		for (size_t k = 0; k < wl && i < len; k++)
			buf[i++] = (col == 0 && k == 0) ? (char)(w[k] - 32) : w[k];
		col += wl + 1;
		if (i < len)
			buf[i++] = col > 72 ? (col = 0, '\n') : ' ';
	}
}

static void gen_random(uint64_t *s, char *buf, size_t len)
{
	for (size_t i = 0; i < len; i += 8) {
		uint64_t r = next(s);
		memcpy(buf + i, &r, len - i < 8 ? len - i : 8);
	}
}

/* Writes SIZE bytes made by GEN (seeded with SEED) to a new file PATH; returns 0 or -1. */
static int write_file(const char *path, uint64_t size, uint64_t seed,
		      void (*gen)(uint64_t *, char *, size_t))
{
	static char buf[1 << 16];
	uint64_t s = seed;
	int fd;

	if (mkdir_parents(path, 0755) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (size > 0) {
		size_t n = size < sizeof buf ? (size_t)size : sizeof buf;
		gen(&s, buf, n);
		if (write(fd, buf, n) != (ssize_t)n) {
			close(fd);
			return -1;
		}
		size -= n;
	}
	if (fchmod(fd, 0644) < 0)
		return close(fd), -1;
	return close(fd);
}

static int make_dir(const char *path)
{
	if (mkdir_parents(path, 0755) < 0 || (mkdir(path, 0755) < 0 && errno != EEXIST))
		return -1;
	return chmod(path, 0755);
}

/* The "many" directive: COUNT files of MIN..MAX bytes under ROOT. */
static int gen_many(const char *root, long count, uint64_t min, uint64_t max, uint64_t seed)
{
	static const char *const level1[] = { "alpha", "beta", "gamma dir", "délta" };
	static const char *const level2[] = { "one", "two", "three", "ünïcödé", "with space" };
	char path[4096];
	uint64_t s = seed;

	/* The components added below are short; bounding ROOT keeps every snprintf in range. */
	if (strlen(root) > sizeof path - 256)
		return errno = ENAMETOOLONG, -1;
	for (long k = 0; k < count; k++) {
		int depth = (int)(k % 4);
		size_t used = (size_t)snprintf(path, sizeof path, "%s", root);
		uint64_t size;

		if (depth >= 1)
			used += (size_t)snprintf(path + used, sizeof path - used, "/%s", level1[k % 4]);
		if (depth >= 2)
			used += (size_t)snprintf(path + used, sizeof path - used, "/%s", level2[k % 5]);
		if (depth >= 3)
			used += (size_t)snprintf(path + used, sizeof path - used, "/deep-%ld", k % 3);
		if (k % 11 == 5)
			snprintf(path + used, sizeof path - used, "/café – résumé %04ld.txt", k);
		else if (k % 7 == 3)
			snprintf(path + used, sizeof path - used, "/file with spaces %04ld.txt", k);
		else
			snprintf(path + used, sizeof path - used, "/file-%04ld.txt", k);
		size = k % 50 == 49 ? 0 : min + next(&s) % (max - min + 1);
		if (write_file(path, size, seed * 1000003 + (uint64_t)k, gen_text) < 0)
			return -1;
	}
	for (int d = 0; d < 3; d++) {
		snprintf(path, sizeof path, "%s/empty dir %d", root, d);
		if (make_dir(path) < 0)
			return -1;
	}
	snprintf(path, sizeof path, "%s/empty dir 0/nested empty", root);
	if (make_dir(path) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/link to first file", root);
	return symlink("file-0000.txt", path);
}

/* Gives every entry under DIR the same mtime, children before parents. */
static int fix_times(const char *dir)
{
	char *const roots[] = { (char *)dir, NULL };
	const struct timespec ts[2] = { { FIXED_MTIME, 0 }, { FIXED_MTIME, 0 } };
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
	FTSENT *e;
	int rc = 0;

	if (!fts)
		return -1;
	while ((e = fts_read(fts)) != NULL)
		if (e->fts_info != FTS_D &&
		    utimensat(AT_FDCWD, e->fts_accpath, ts, AT_SYMLINK_NOFOLLOW) < 0)
			rc = -1;
	fts_close(fts);
	return rc;
}

/* Runs one spec line (relative to the working directory, which is the output tree); returns 0,
 * 1 for a bad line, or -1 for a write error (errno set). */
static int run_line(char *line)
{
	char kind[16], a[64], b[64], c[64], d[64];
	uint64_t size, seed, min, max;
	long count;
	int off = 0;

	if (sscanf(line, "%15s %n", kind, &off) != 1)
		return 0; /* blank */
	line += off;
	if (strcmp(kind, "text") == 0 || strcmp(kind, "random") == 0) {
		if (sscanf(line, "%63s %63s %n", a, b, &off) != 2 || !line[off] ||
		    parse_size(a, &size) < 0 || parse_size(b, &seed) < 0)
			return 1;
		return write_file(line + off, size, seed, kind[0] == 't' ? gen_text : gen_random);
	}
	if (strcmp(kind, "empty") == 0)
		return *line ? write_file(line, 0, 0, gen_text) : 1;
	if (strcmp(kind, "dir") == 0)
		return *line ? make_dir(line) : 1;
	if (strcmp(kind, "symlink") == 0) {
		char target[4096];
		if (sscanf(line, "%4095s %n", target, &off) != 1 || !line[off])
			return 1;
		return mkdir_parents(line + off, 0755) < 0 ? -1 : symlink(target, line + off);
	}
	if (strcmp(kind, "many") == 0) {
		if (sscanf(line, "%63s %63s %63s %63s %n", a, b, c, d, &off) != 4 || !line[off] ||
		    parse_count(a, 1, 10000000, &count) < 0 || parse_size(b, &min) < 0 ||
		    parse_size(c, &max) < 0 || parse_size(d, &seed) < 0 || max < min)
			return 1;
		return gen_many(line + off, count, min, max, seed);
	}
	return 1;
}

int main(int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	FILE *spec;

	prog_name = "corpus-gen";
	if (argc != 3 || argv[1][0] == '-')
		die(EXIT_USAGE, "usage: corpus-gen SPEC DIR");
	if (!(spec = fopen(argv[1], "re")))
		die(EXIT_ENV, "%s:", argv[1]);
	umask(022);
	if (mkdir(argv[2], 0755) < 0 && errno != EEXIST)
		die(EXIT_ENV, "%s: cannot create:", argv[2]);
	if (rmdir(argv[2]) < 0 || mkdir(argv[2], 0755) < 0) /* refuses a non-empty DIR */
		die(EXIT_ENV, "%s: must not exist or be empty:", argv[2]);
	if (chdir(argv[2]) < 0)
		die(EXIT_ENV, "%s:", argv[2]);
	while ((len = getline(&line, &cap, spec)) > 0) {
		char *hash = strchr(line, '#');
		int rc;

		lineno++;
		if (hash)
			*hash = '\0';
		len = (ssize_t)strlen(line);
		while (len > 0 && strchr(" \t\r\n", line[len - 1]))
			line[--len] = '\0';
		if ((rc = run_line(line)) > 0)
			die(EXIT_ENV, "%s:%ld: bad directive: %s", argv[1], lineno, line);
		if (rc < 0)
			die(EXIT_ENV, "%s:%ld: cannot write:", argv[1], lineno);
	}
	if (ferror(spec))
		die(EXIT_ENV, "%s: cannot read:", argv[1]);
	free(line);
	fclose(spec);
	if (fix_times(".") < 0)
		die(EXIT_ENV, "%s: cannot set times:", argv[2]);
	return EXIT_OK;
}
