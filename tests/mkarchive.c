/* mkarchive.c — a test helper: write an archive holding exactly the entries named on the command
 * line, however hostile ("..", absolute paths, links out of the tree), which the real archivers
 * refuse to make.  Built with libarchive's writer.
 *
 *   mkarchive FORMAT OUT ENTRY...
 *   FORMAT: 7z, zip, tar, tar.gz, tar.xz
 *   ENTRY:  f:PATH:CONTENT   regular file
 *           d:PATH           directory
 *           l:PATH:TARGET    symbolic link
 *           h:PATH:TARGET    hard link
 *           z:PATH:SIZE      SIZE zero bytes (an "archive bomb" that is slow to extract)
 *           u:PATH:CONTENT   regular file whose size is not given up front (zip: streamed,
 *                            with a data descriptor)
 *           p:PATH:MODE      empty regular file with octal MODE (4755: setuid)
 *           D:PATH:MODE      directory with octal MODE (3777: setgid, sticky, world-writable)
 */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(struct archive *a, int rc, const char *what)
{
	if (rc < ARCHIVE_WARN) {
		fprintf(stderr, "mkarchive: %s: %s\n", what, archive_error_string(a));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct archive *a = archive_write_new();
	const char *fmt;

	if (argc < 4) {
		fprintf(stderr, "usage: mkarchive FORMAT OUT ENTRY...\n");
		return 2;
	}
	fmt = argv[1];
	if (strcmp(fmt, "7z") == 0)
		check(a, archive_write_set_format_7zip(a), "format");
	else if (strcmp(fmt, "zip") == 0)
		check(a, archive_write_set_format_zip(a), "format");
	else if (strncmp(fmt, "tar", 3) == 0)
		check(a, archive_write_set_format_pax_restricted(a), "format");
	else
		return fprintf(stderr, "mkarchive: unknown format %s\n", fmt), 2;
	if (strcmp(fmt, "tar.gz") == 0)
		check(a, archive_write_add_filter_gzip(a), "gzip");
	if (strcmp(fmt, "tar.xz") == 0)
		check(a, archive_write_add_filter_xz(a), "xz");
	archive_write_set_options(a, "compression-level=1"); /* fast to make, even for bombs */
	check(a, archive_write_open_filename(a, argv[2]), argv[2]);
	for (int i = 3; i < argc; i++) {
		char *spec = strdup(argv[i]), *path, *arg;
		struct archive_entry *e = archive_entry_new();
		char type = spec[0];

		path = spec + 2;
		arg = strchr(path, ':');
		if (arg)
			*arg++ = '\0';
		archive_entry_set_pathname(e, path);
		archive_entry_set_mtime(e, 1577836800, 0);
		switch (type) {
		case 'f':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, arg ? (la_int64_t)strlen(arg) : 0);
			break;
		case 'd':
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
			break;
		case 'l':
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_perm(e, 0777);
			archive_entry_set_symlink(e, arg);
			break;
		case 'u':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_unset_size(e);
			break;
		case 'z':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, strtoll(arg, NULL, 10));
			break;
		case 'p':
		case 'D':
			archive_entry_set_filetype(e, type == 'p' ? AE_IFREG : AE_IFDIR);
			archive_entry_set_perm(e, (mode_t)strtol(arg ? arg : "0", NULL, 8));
			archive_entry_set_size(e, 0);
			break;
		case 'h':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_hardlink(e, arg);
			archive_entry_set_size(e, 0);
			break;
		default:
			fprintf(stderr, "mkarchive: bad entry %s\n", argv[i]);
			return 2;
		}
		check(a, archive_write_header(a, e), path);
		if ((type == 'f' || type == 'u') && arg && *arg)
			if (archive_write_data(a, arg, strlen(arg)) < 0)
				check(a, ARCHIVE_FATAL, path);
		for (long long left = type == 'z' ? strtoll(arg, NULL, 10) : 0; left > 0;) {
			static const char zeros[1 << 16];
			size_t n = left < (long long)sizeof zeros ? (size_t)left : sizeof zeros;
			if (archive_write_data(a, zeros, n) < 0)
				check(a, ARCHIVE_FATAL, path);
			left -= (long long)n;
		}
		archive_entry_free(e);
		free(spec);
	}
	check(a, archive_write_close(a), "close");
	archive_write_free(a);
	return 0;
}
