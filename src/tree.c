/* tree.c — see tree.h.  Hashing is OpenSSL's SHA-256 (EVP); walking is glibc's fts. */
#define _GNU_SOURCE
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
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
	if (!fts) {
		snprintf(why, whylen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	rootlen = strlen(dir);
	while ((f = fts_read(fts)) != NULL) {
		struct tree_entry *e;
		char target[4096];
		ssize_t tl;

		if (f->fts_info == FTS_DP)
			continue;
		if (f->fts_info == FTS_DNR || f->fts_info == FTS_ERR || f->fts_info == FTS_NS) {
			snprintf(why, whylen, "%s: %s", f->fts_path, strerror(f->fts_errno));
			goto fail;
		}
		if (f->fts_level == 0) {
			if (f->fts_info != FTS_D) {
				snprintf(why, whylen, "%s: not a directory", dir);
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
				snprintf(why, whylen, "%s: %s", f->fts_path, strerror(errno));
				goto fail;
			}
			break;
		case FTS_SL:
		case FTS_SLNONE:
			e->type = 'l';
			if ((tl = readlink(f->fts_accpath, target, sizeof target - 1)) < 0) {
				snprintf(why, whylen, "%s: readlink: %s", f->fts_path, strerror(errno));
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
	snprintf(why, whylen, "out of memory");
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

int tree_read(FILE *f, struct tree *t, char *why, size_t whylen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;

	memset(t, 0, sizeof *t);
	while ((len = getline(&line, &cap, f)) > 0) {
		char *field[5] = { 0 }, *save = NULL, *end;
		struct tree_entry *e;
		int nf = 0;

		lineno++;
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		for (char *p = strtok_r(line, "\t", &save); p && nf < 5; p = strtok_r(NULL, "\t", &save))
			field[nf++] = p;
		if (nf < 4 || strlen(field[0]) != 1 || !strchr("fdlo", field[0][0]) ||
		    strlen(field[2]) > 64 || !unescape(field[3]) || (field[4] && !unescape(field[4])))
			goto bad;
		if (!(e = tree_add(t)))
			goto oom;
		e->type = field[0][0];
		e->size = strcmp(field[1], "-") == 0 ? -1 : strtoll(field[1], &end, 10);
		if (e->size >= 0 && *end)
			goto bad;
		strcpy(e->hash, field[2]);
		if (!(e->path = strdup(field[3])) || (field[4] && !(e->target = strdup(field[4]))))
			goto oom;
	}
	free(line);
	if (ferror(f)) {
		snprintf(why, whylen, "read error: %s", strerror(errno));
		tree_free(t);
		return -1;
	}
	qsort(t->e, t->n, sizeof t->e[0], cmp_entry);
	return 0;
bad:
	snprintf(why, whylen, "line %ld: not a manifest line", lineno);
	goto fail;
oom:
	snprintf(why, whylen, "out of memory");
fail:
	free(line);
	tree_free(t);
	return -1;
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
