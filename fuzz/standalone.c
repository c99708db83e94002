/* standalone.c — a main() for the fuzz targets where libFuzzer is not: runs each file named on
 * the command line (a directory: each regular file in it, in name order) through
 * LLVMFuzzerTestOneInput once, from a buffer of exactly its size, as libFuzzer hands them over.
 * `make test` links every fuzz/fuzz_NAME.c with it (with $(CC), and again under ASan+UBSan) and
 * runs the seeds, so the targets build and their seeds pass on any machine; `make fuzz` links
 * them with libFuzzer's main instead.
 *
 *   build/fuzz-NAME FILE|DIR...   prints "fuzz-NAME: N inputs" when all ran
 *
 * Exit status: 0 every input ran; 2 no arguments; 3 an input could not be read (one line names
 * it).  A target that finds a bug aborts, with the sanitizer's report when there is one.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *me;

/* Runs the file PATH through the target; returns 0, or -1 (errno set) if it cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rbe");
	char *buf = NULL, *exact;
	size_t len = 0, cap = 0, n;
	int err = 0;

	if (!f)
		return -1;
	for (;;) {
		if (len == cap) {
			char *p = realloc(buf, cap ? 2 * cap : 4096);
			if (!p) {
				err = ENOMEM;
				break;
			}
			buf = p;
			cap = cap ? 2 * cap : 4096;
		}
		len += n = fread(buf + len, 1, cap - len, f);
		if (n == 0) {
			err = ferror(f) ? (errno ? errno : EIO) : 0;
			break;
		}
	}
	fclose(f);
	/* A copy of exactly LEN bytes, so that a read past the end is the sanitizer's to catch. */
	if (!err && !(exact = malloc(len ? len : 1)))
		err = ENOMEM;
	if (err) {
		free(buf);
		errno = err;
		return -1;
	}
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput((const uint8_t *)exact, len);
	free(exact);
	return 0;
}

static int regular(const struct dirent *d)
{
	return d->d_type == DT_REG || d->d_type == DT_UNKNOWN;
}

int main(int argc, char **argv)
{
	long count = 0;

	me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", me);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct dirent **names;
		int n = scandir(argv[i], &names, regular, alphasort);

		if (n < 0 && errno != ENOTDIR) {
			fprintf(stderr, "%s: %s: %s\n", me, argv[i], strerror(errno));
			return 3;
		}
		if (n < 0) {
			if (run_file(argv[i]) < 0) {
				fprintf(stderr, "%s: %s: %s\n", me, argv[i], strerror(errno));
				return 3;
			}
			count++;
			continue;
		}
		for (int j = 0; j < n; j++) {
			char path[4096];

			snprintf(path, sizeof path, "%s/%s", argv[i], names[j]->d_name);
			if (run_file(path) < 0) {
				fprintf(stderr, "%s: %s: %s\n", me, path, strerror(errno));
				return 3;
			}
			count++;
			free(names[j]);
		}
		free(names);
	}
	printf("%s: %ld inputs\n", me, count);
	return 0;
}
