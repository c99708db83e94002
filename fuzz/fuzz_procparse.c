/* fuzz_procparse.c — libFuzzer target over src/procparse.c, the parsers of /proc text that
 * proc-sampler (stat, statm, smaps_rollup, meminfo, status) and util.c's proc_field_at use.
 *
 *   make fuzz builds it with libFuzzer (build-fuzz/fuzz-procparse) and runs it on
 *   fuzz/seeds/procparse; make test runs those seeds through it with a plain main.
 *
 * Every input goes to every parser, in a heap copy of exactly its size (no NUL after it), so
 * that AddressSanitizer catches a parser reading past LEN.  Beyond memory errors it checks what
 * procparse.h promises, and aborts if a promise breaks: a parsed stat has a NUL-terminated comm
 * taken from between the first '(' and the last ')', a positive pid, and a state byte from the
 * input; a field found is a non-negative value whose "KEY:" begins a line of the input.
 */
#include "../src/procparse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The keys shellout asks for, and two odd ones (empty; a prefix of others). */
static const char *const keys[] = {
	"Pss", "Committed_AS", "VmRSS", "VmHWM", "Tgid", "AnonHugePages", "MemAvailable", "", "Vm",
};

/* Tells whether "KEY:" begins a line of TEXT. */
static int key_begins_line(const char *text, size_t len, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen < len; i++)
		if ((i == 0 || text[i - 1] == '\n') && memcmp(text + i, key, klen) == 0 &&
		    text[i + klen] == ':')
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	struct proc_stat st;
	unsigned long long a, b;

	if (!text)
		return 0;
	memcpy(text, data, size);

	memset(&st, 0x55, sizeof st);
	if (procparse_stat(text, size, &st) == 0) {
		const char *open = memchr(text, '(', size);

		if (!open || !memchr(st.comm, '\0', sizeof st.comm) || st.pid <= 0 || st.ppid < 0 ||
		    !memchr(text, st.state, size) ||
		    strncmp(st.comm, open + 1, strlen(st.comm)) != 0)
			abort();
	}
	procparse_statm(text, size, &a, &b);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		long v = procparse_field(text, size, keys[i]);

		if (v < -1 || (v >= 0 && !key_begins_line(text, size, keys[i])))
			abort();
	}
	free(text);
	return 0;
}
