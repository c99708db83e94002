/* tree.c — see tree.h.  Hashing is OpenSSL's SHA-256 (EVP); walking is glibc's fts. */
#define _GNU_SOURCE
#include "tree.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void hex(const unsigned char *md, unsigned len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < len; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * len] = '\0';
}

/* Hashes the file at PATH (or, if DATA, DATALEN bytes of DATA) into OUT; returns 0 or -1. */
static int sha256(const char *path, const void *data, size_t datalen, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[1 << 16];
	unsigned mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int fd = -1, rc = -1;
	ssize_t n;

	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		goto out;
	if (data) {
		if (!EVP_DigestUpdate(ctx, data, datalen))
			goto out;
	} else {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			goto out;
		while ((n = read(fd, buf, sizeof buf)) > 0)
			if (!EVP_DigestUpdate(ctx, buf, (size_t)n))
				goto out;
		if (n < 0)
			goto out;
	}
	if (!EVP_DigestFinal_ex(ctx, md, &mdlen))
		goto out;
	hex(md, mdlen, out);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(ctx);
	return rc;
}

static struct tree_entry *tree_add(struct tree *t)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct tree_entry *e = realloc(t->e, cap * sizeof *e);
		if (!e)
			return NULL;
		t->e = e;
		t->cap = cap;
	}
	memset(&t->e[t->n], 0, sizeof t->e[0]);
	return &t->e[t->n++];
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct tree_entry *)a)->path, ((const struct tree_entry *)b)->path);
}

int tree_scan(const char *dir, struct tree *t, char *why, size_t whylen)
{
	char *const roots[] = { (char *)dir, NULL };
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
	FTSENT *f;
	size_t rootlen;

	memset(t, 0, sizeof *t);
	if (!fts)
		return set_why(why, whylen, "%s:", dir);
	rootlen = strlen(dir);
	while ((f = fts_read(fts)) != NULL) {
		struct tree_entry *e;
		char target[4096];
		ssize_t tl;

		if (f->fts_info == FTS_DP)
			continue;
		if (f->fts_info == FTS_DNR || f->fts_info == FTS_ERR || f->fts_info == FTS_NS) {
			set_why(why, whylen, "%s: %s", f->fts_path, strerror(f->fts_errno));
			goto fail;
		}
		if (f->fts_level == 0) {
			if (f->fts_info != FTS_D) {
				set_why(why, whylen, "%s: not a directory", dir);
				goto fail;
			}
			continue;
		}
		if (!(e = tree_add(t)) || !(e->path = strdup(f->fts_path + rootlen +
							     (f->fts_path[rootlen] == '/'))))
			goto oom;
		e->size = f->fts_statp->st_size;
		strcpy(e->hash, "-");
		switch (f->fts_info) {
		case FTS_D:
			e->type = 'd';
			e->size = -1;
			break;
		case FTS_F:
			e->type = 'f';
			if (sha256(f->fts_accpath, NULL, 0, e->hash) < 0) {
				set_why(why, whylen, "%s:", f->fts_path);
				goto fail;
			}
			break;
		case FTS_SL:
		case FTS_SLNONE:
			e->type = 'l';
			if ((tl = readlink(f->fts_accpath, target, sizeof target - 1)) < 0) {
				set_why(why, whylen, "%s: readlink:", f->fts_path);
				goto fail;
			}
			target[tl] = '\0';
			e->size = tl;
			if (!(e->target = strdup(target)) || sha256(NULL, target, (size_t)tl, e->hash) < 0)
				goto oom;
			break;
		default:
			e->type = 'o';
			e->size = 0;
			break;
		}
	}
	fts_close(fts);
	qsort(t->e, t->n, sizeof t->e[0], cmp_entry);
	return 0;
oom:
	set_why(why, whylen, "out of memory");
fail:
	fts_close(fts);
	tree_free(t);
	return -1;
}

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

/* Unescapes S in place; returns S, or NULL on a bad escape. */
static char *unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r != '\\') {
			*w++ = *r;
			continue;
		}
		switch (*++r) {
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case '\\': *w++ = '\\'; break;
		default: return NULL;
		}
	}
	*w = '\0';
	return s;
}

int tree_write(FILE *f, const struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct tree_entry *e = &t->e[i];

		fprintf(f, "%c\t", e->type);
		if (e->size < 0)
			fputs("-", f);
		else
			fprintf(f, "%lld", e->size);
		fprintf(f, "\t%s\t", e->hash);
		put_escaped(f, e->path);
		if (e->target) {
			fputc('\t', f);
			put_escaped(f, e->target);
		}
		fputc('\n', f);
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* ---- reading: the exact inverse of tree_write over what tree_scan produces ----
 *
 * A manifest is the expected result of every verified extraction, so a line the writer cannot
 * have written (a signed or padded size, a short or upper-case hash, a stray field, a path twice)
 * is refused with its line number instead of being read as something else.  The format is too
 * small for a parser library to pay for itself; each rule below is one the writer guarantees. */

/* Parses S as tree_write prints a size ("%lld" of a value >= 0: "0" or digits without a leading
 * zero, no sign, no blanks) into *OUT; returns 0, or -1. */
static int parse_manifest_size(const char *s, long long *out)
{
	long long v = 0;

	if (s[0] < '0' || s[0] > '9' || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (LLONG_MAX - (*s - '0')) / 10)
			return -1;
		v = 10 * v + (*s - '0');
	}
	*out = v;
	return 0;
}

/* Whether S is a SHA-256 as hex() writes it: 64 lowercase hex digits. */
static int is_sha256_hex(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == 64 && s[n] == '\0';
}

/* Whether P is a path tree_scan can produce: relative, its components non-empty and neither
 * "." nor "..", no trailing "/". */
static int is_scan_path(const char *p)
{
	for (;;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

/* The entry of T (sorted by path) whose path is the first LEN bytes of P, or NULL. */
static const struct tree_entry *tree_find(const struct tree *t, const char *p, size_t len)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(t->e[mid].path, p, len);

		if (c == 0 && t->e[mid].path[len])
			c = 1;
		if (c == 0)
			return &t->e[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Checks one manifest line (LINE, LEN bytes with its newline) against the entries read so far
 * in T and appends it; returns 0, or -1 with the reason in WHY (-2: out of memory). */
static int read_line(char *line, size_t len, struct tree *t, char *why, size_t whylen)
{
	char *field[6], *p = line, linkhash[65];
	const char *slash;
	const struct tree_entry *prev = t->n ? &t->e[t->n - 1] : NULL, *parent;
	struct tree_entry *e;
	long long size = -1;
	size_t nf = 0;
	char type;

	if (line[len - 1] != '\n')
		return set_why(why, whylen, "no newline at the end of the line (truncated?)");
	line[--len] = '\0';
	if (strlen(line) != len)
		return set_why(why, whylen, "a NUL byte in the line");
	/* Split at every tab (strtok would merge empty fields): escaped fields hold none. */
	for (;;) {
		field[nf++] = p;
		if (!(p = strchr(p, '\t')))
			break;
		*p++ = '\0';
		if (nf == 6)
			break;
	}
	if (nf < 4)
		return set_why(why, whylen, "%zu fields, expected TYPE SIZE SHA256 PATH [TARGET]", nf);
	type = field[0][0];
	if (!type || field[0][1] || !strchr("fdlo", type))
		return set_why(why, whylen, "unknown type '%.16s' (f, d, l or o)", field[0]);
	if (nf != (type == 'l' ? 5u : 4u))
		return set_why(why, whylen, "%s fields for type %c, expected %d", nf == 6 ? "6 or more" :
				nf == 5 ? "5" : "4", type, type == 'l' ? 5 : 4);
	/* What tree_scan writes per type: d "-" "-", o "0" "-", f and l a size and a SHA-256. */
	if (type == 'd' || type == 'o') {
		const char *want = type == 'd' ? "-" : "0";

		if (strcmp(field[1], want) != 0)
			return set_why(why, whylen, "size '%.32s' for type %c, expected %s", field[1], type,
					want);
		if (strcmp(field[2], "-") != 0)
			return set_why(why, whylen, "hash '%.70s' for type %c, expected -", field[2], type);
		size = type == 'd' ? -1 : 0;
	} else {
		if (parse_manifest_size(field[1], &size) < 0)
			return set_why(why, whylen, "size '%.32s' is not a decimal number of bytes", field[1]);
		if (!is_sha256_hex(field[2]))
			return set_why(why, whylen, "hash '%.70s' is not 64 lowercase hex digits", field[2]);
	}
	if (!unescape(field[3]))
		return set_why(why, whylen, "a bad escape in the path (only \\t, \\n and \\\\)");
	if (!is_scan_path(field[3]))
		return set_why(why, whylen, "path '%.256s' is not relative and normal", field[3]);
	if (type == 'l') {
		if (!unescape(field[4]))
			return set_why(why, whylen, "a bad escape in the link target");
		if (!field[4][0])
			return set_why(why, whylen, "an empty link target");
		if (strlen(field[4]) != (unsigned long long)size)
			return set_why(why, whylen, "link target of %zu bytes, but size %lld",
					strlen(field[4]), size);
		if (sha256(NULL, field[4], strlen(field[4]), linkhash) < 0)
			return set_why(why, whylen, "out of memory"), -2;
		if (strcmp(linkhash, field[2]) != 0)
			return set_why(why, whylen, "hash is not the SHA-256 of the link target");
	}
	/* Sorted bytewise and unique, as tree_scan sorts: so a duplicate is always the line before. */
	if (prev && strcmp(prev->path, field[3]) >= 0)
		return set_why(why, whylen, strcmp(prev->path, field[3]) == 0 ?
				"path '%.256s' again" : "path '%.256s' out of order (the manifest is sorted)",
				field[3]);
	/* A walk lists every directory it descends into; its name sorts before its entries'. */
	if ((slash = strrchr(field[3], '/'))) {
		parent = tree_find(t, field[3], (size_t)(slash - field[3]));
		if (!parent || parent->type != 'd')
			return set_why(why, whylen, "parent '%.*s' is not listed as a directory",
					(int)(slash - field[3]) > 256 ? 256 : (int)(slash - field[3]), field[3]);
	}
	if (!(e = tree_add(t)))
		return set_why(why, whylen, "out of memory"), -2;
	e->type = type;
	e->size = size;
	strcpy(e->hash, field[2]);
	if (!(e->path = strdup(field[3])) || (type == 'l' && !(e->target = strdup(field[4]))))
		return set_why(why, whylen, "out of memory"), -2;
	return 0;
}

int tree_read(FILE *f, const char *name, struct tree *t, char *why, size_t whylen)
{
	char *line = NULL, reason[512];
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = 0;

	memset(t, 0, sizeof *t);
	errno = 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		if ((rc = read_line(line, (size_t)len, t, reason, sizeof reason)) < 0)
			break;
	}
	if (rc == 0 && ferror(f)) {
		set_why(why, whylen, "%s: read error:", name);
		rc = -1;
	} else if (rc == -2) {
		set_why(why, whylen, "%s: out of memory", name);
	} else if (rc < 0) {
		set_why(why, whylen, "%s:%ld: %s", name, lineno, reason);
	}
	free(line);
	if (rc < 0)
		tree_free(t);
	return rc < 0 ? -1 : 0;
}

size_t tree_diff(const struct tree *want, const struct tree *got, size_t max,
		 void (*report)(const char *what, const char *path, const char *detail, void *arg),
		 void *arg)
{
	size_t i = 0, j = 0, n = 0;
	char detail[256];

	while (i < want->n || j < got->n) {
		int c = i == want->n ? 1 : j == got->n ? -1 : strcmp(want->e[i].path, got->e[j].path);
		const struct tree_entry *w = i < want->n ? &want->e[i] : NULL;
		const struct tree_entry *g = j < got->n ? &got->e[j] : NULL;

		detail[0] = '\0';
		if (c < 0) {
			if (n++ < max)
				report("missing", w->path, "", arg);
			i++;
			continue;
		}
		if (c > 0) {
			if (n++ < max)
				report("extra", g->path, "", arg);
			j++;
			continue;
		}
		if (w->type != g->type) {
			snprintf(detail, sizeof detail, "type %c, expected %c", g->type, w->type);
			if (n++ < max)
				report("type differs", w->path, detail, arg);
		} else if (w->type == 'l' && strcmp(w->target ? w->target : "", g->target ? g->target : "")) {
			snprintf(detail, sizeof detail, "-> %s, expected -> %s", g->target ? g->target : "",
				 w->target ? w->target : "");
			if (n++ < max)
				report("link differs", w->path, detail, arg);
		} else if (w->size != g->size) {
			snprintf(detail, sizeof detail, "%lld bytes, expected %lld", g->size, w->size);
			if (n++ < max)
				report("size differs", w->path, detail, arg);
		} else if (strcmp(w->hash, g->hash) != 0) {
			if (n++ < max)
				report("content differs", w->path, "", arg);
		}
		i++;
		j++;
	}
	return n;
}

void tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].path);
		free(t->e[i].target);
	}
	free(t->e);
	memset(t, 0, sizeof *t);
}
