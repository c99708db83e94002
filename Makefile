# shellout — what does it cost to extract an archive by running 7z as a child process, compared
# with calling libarchive inside the process?  See README.md.
#
#   make            build the drivers and tools into build/
#   make test       build (also with ASan+UBSan) and run every test
#   make bench      run a benchmark suite (SUITE=quick, the default, or full) into results/
#   make regress    run the regression suite and compare it with the baseline (BASELINE=DIR)
#   make baseline   re-record the baseline (bench/baseline/, or BASELINE=DIR), on purpose
#   make noise      measure how far times drift between runs here (RUNS=5), for --min-effect
#   make corpus     generate every archive in bench/corpus/ (the big ones take minutes)
#   make deps       install the Debian packages that are missing (other targets do it first)
#   make distro-check  make bench and make test in a fresh minimal Debian (DISTRO=trixie)
#   make fuzz       build the fuzz targets with libFuzzer and run each for FUZZ_SECONDS (600)
#   make clean      remove what the build made, but the corpus (build/corpus) and build/distro
#   make distclean  remove everything make made, the corpus and build/distro too
#
# Drivers are discovered: every src/drv_METHOD.c becomes build/extract-METHOD, compiled and linked
# with the pkg-config modules its `.links = "..."` line declares (driver.h).  Add a method by
# adding one file; a fuzz target likewise (fuzz/fuzz_NAME.c).  CC, CFLAGS, CPPFLAGS, LDFLAGS,
# LDLIBS, WERROR and BUILD can be overridden.  Warnings are errors in make test (and so in CI)
# only: WERROR=-Werror there, empty elsewhere, so that a newer compiler's new warning does not stop
# someone who only wants to run the benchmark (`make test WERROR=` turns it off, `make
# WERROR=-Werror` on).  Objects are rebuilt when the flags change (BUILD/.flags) or a header they
# include does (-MMD -MP: BUILD/obj/*.d).

CC      ?= cc
CFLAGS  ?= -O2 -g
WERROR  ?=
WARN     = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes $(WERROR)
LDFLAGS ?=
BUILD   ?= build
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CORPUS   = build/corpus

# pkg(--cflags|--libs,MODULES): pkg-config's flags for MODULES ("" for none), expanded when a
# recipe runs, i.e. after deps has installed pkg-config and the libraries; a module pkg-config
# does not know stops the build.  links_of(METHOD): the modules src/drv_METHOD.c declares.
pkg       = $(if $(strip $(2)),$(call pkg_ok,$(shell pkg-config $(1) $(2) 2>/dev/null || echo '!'),$(2)))
pkg_ok    = $(if $(filter !,$(1)),$(error pkg-config $(2): not found (make deps installs it)),$(1))
links_of  = $(shell sed -n 's/^[[:space:]]*\.links[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' src/drv_$(1).c)
# The programs other than the drivers: verify and unit use libcrypto, mkarchive and the fuzz
# targets libarchive too.  Their objects are compiled with both modules' --cflags.
OTHER_PKGS = libarchive libcrypto
CRYPTO_LIBS = $(call pkg,--libs,libcrypto)

DRIVERS   := $(patsubst src/drv_%.c,%,$(wildcard src/drv_*.c))
FUZZERS   := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
RUNNER    := runner describe child tool outdir ballast launch_child util procparse
PROGRAMS  := $(DRIVERS:%=$(BUILD)/extract-%) $(BUILD)/corpus-gen $(BUILD)/verify $(BUILD)/floor-spawn \
             $(BUILD)/proc-sampler $(BUILD)/tool-info
SPECS     := $(wildcard bench/corpus/*.spec)
# The archives `make test` uses: small enough to generate in seconds.
SMALL     := one-1k many-files text-64k
DEPS_OK   := build/.deps-ok
TOOLS_OK  := $(BUILD)/.tools-ok

.PHONY: all deps san testprogs corpus corpus-small test bench reference regress baseline noise \
	distro-check fuzz fuzz-build fuzz-targets clean distclean FORCE
.DELETE_ON_ERROR:
.SECONDARY: # keep objects between builds

all: $(PROGRAMS) $(TOOLS_OK)

# Two steps, because the tools are checked by the drivers' own resolver (build/tool-info), which
# needs the compiler that the first step installs.
deps:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory $(BUILD)/tool-info
	@scripts/deps.sh --tools $(BUILD)/tool-info

$(DEPS_OK): scripts/deps.sh
	@scripts/deps.sh
	@mkdir -p $(@D) && touch $@

$(TOOLS_OK): scripts/deps.sh $(BUILD)/tool-info
	@scripts/deps.sh --tools $(BUILD)/tool-info
	@touch $@

# The compile and link flags, rewritten only when they differ: every object depends on the file,
# so that a build with other flags into the same BUILD (make test's -Werror) rebuilds them.  '+':
# run under make -n and -q too, so that they tell what a build would do.
FLAGS     := $(BUILD)/.flags
FLAGS_NOW  = $(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) | $(LDFLAGS) $(LDLIBS)
COMPILE    = $(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP
$(FLAGS): FORCE
	+@mkdir -p $(@D)
	+@printf '%s\n' '$(subst ','\'',$(FLAGS_NOW))' | cmp -s - $@ 2> /dev/null || \
		printf '%s\n' '$(subst ','\'',$(FLAGS_NOW))' > $@
FORCE:

# The headers each object includes, as the compiler found them (-MMD -MP: a removed header is
# no error).
-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d)

$(BUILD)/obj/%.o: src/%.c $(FLAGS) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(COMPILE) $(call pkg,--cflags,$(OTHER_PKGS)) -c -o $@ $<

# A driver is compiled with its own modules' --cflags and linked with their --libs alone: a
# spawning driver declares none, so it does not load libarchive and its start-up is not charged
# for it (tests/15-link.t).
$(BUILD)/obj/drv_%.o: src/drv_%.c $(FLAGS) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(COMPILE) $(call pkg,--cflags,$(call links_of,$*)) -c -o $@ $<

$(BUILD)/extract-%: $(BUILD)/obj/drv_%.o $(RUNNER:%=$(BUILD)/obj/%.o)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(call pkg,--libs,$(call links_of,$*)) $(LDLIBS)

$(BUILD)/verify: $(BUILD)/obj/verify.o $(BUILD)/obj/tree.o $(BUILD)/obj/util.o $(BUILD)/obj/procparse.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CRYPTO_LIBS) $(LDLIBS)

$(BUILD)/corpus-gen: $(BUILD)/obj/corpus.o $(BUILD)/obj/util.o $(BUILD)/obj/procparse.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/floor-spawn: $(BUILD)/obj/floor_spawn.o $(BUILD)/obj/tool.o $(BUILD)/obj/util.o $(BUILD)/obj/procparse.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/proc-sampler: $(BUILD)/obj/sampler.o $(BUILD)/obj/util.o $(BUILD)/obj/procparse.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tool-info: $(BUILD)/obj/tool_info.o $(BUILD)/obj/tool.o $(BUILD)/obj/util.o $(BUILD)/obj/procparse.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Test helpers: unit tests, an archive writer for hostile and bomb archives, the fuzz targets.
TESTPROGS := $(BUILD)/unit $(BUILD)/mkarchive $(FUZZERS:%=$(BUILD)/fuzz-%)
$(BUILD)/obj/tests/%.o: tests/%.c $(FLAGS) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(COMPILE) $(call pkg,--cflags,$(OTHER_PKGS)) -c -o $@ $<

$(BUILD)/unit: $(BUILD)/obj/tests/unit.o $(BUILD)/obj/tool.o $(BUILD)/obj/tree.o $(BUILD)/obj/util.o $(BUILD)/obj/procparse.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CRYPTO_LIBS) $(LDLIBS)

$(BUILD)/mkarchive: $(BUILD)/obj/tests/mkarchive.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(call pkg,--libs,libarchive) $(LDLIBS)

# Fuzz targets are discovered: every fuzz/fuzz_NAME.c (one LLVMFuzzerTestOneInput) becomes
# $(BUILD)/fuzz-NAME, linked with FUZZ_MAIN: fuzz/standalone.c by default, which runs the files it
# is given through the target once (make test runs the seeds so, also under ASan+UBSan), or
# nothing and -fsanitize=fuzzer in make fuzz.  Each links against libshellout.a, every src/*.c
# that is neither a driver nor a program's main file, so the linker takes the objects a target
# uses and a new target or source file needs no edit here.
LIBSRC    := $(filter-out src/drv_%.c $(shell grep -l '^int main' src/*.c),$(wildcard src/*.c))
FUZZ_MAIN ?= $(BUILD)/obj/fuzz/standalone.o
$(BUILD)/libshellout.a: $(LIBSRC:src/%.c=$(BUILD)/obj/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/obj/fuzz/%.o: fuzz/%.c $(FLAGS) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(COMPILE) -c -o $@ $<

$(BUILD)/fuzz-%: $(BUILD)/obj/fuzz/fuzz_%.o $(FUZZ_MAIN) $(BUILD)/libshellout.a
	$(CC) $(CFLAGS) $(LDFLAGS) $(FUZZ_LDFLAGS) -Wl,--as-needed -o $@ $^ \
		$(call pkg,--libs,$(OTHER_PKGS)) $(LDLIBS)

fuzz-build: $(FUZZERS:%=$(BUILD)/fuzz-%)

# make fuzz [FUZZ_SECONDS=600]: install a clang with libFuzzer if none is here (scripts/deps.sh
# --fuzz), build every target with libFuzzer, ASan and UBSan into build-fuzz/, run them all at
# once, each for FUZZ_SECONDS on fuzz/seeds/NAME/ and what earlier runs found
# (build-fuzz/corpus/NAME/), and report executions and crashes per target (scripts/fuzz.sh; exit
# 1 if one crashed).  make test only builds them (fuzz-targets) and runs the seeds.
FUZZ_SECONDS ?= 600
FUZZFLAGS     = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
FUZZ_MAKE     = $(MAKE) --no-print-directory BUILD=build-fuzz CC="$$cc" CFLAGS='$(FUZZFLAGS)' \
		WERROR='$(WERROR)' FUZZ_MAIN= FUZZ_LDFLAGS=-fsanitize=fuzzer fuzz-build
fuzz: $(DEPS_OK)
	@scripts/deps.sh --fuzz
	@cc=$$(scripts/fuzz-cc.sh) && $(FUZZ_MAKE)
	@scripts/fuzz.sh build-fuzz '$(FUZZ_SECONDS)' $(FUZZERS)

# In make test: with libFuzzer too where a clang can (-Werror for clang too), else a note.
fuzz-targets: $(DEPS_OK)
	@if cc=$$(scripts/fuzz-cc.sh 2> /dev/null); then $(FUZZ_MAKE); else \
		echo "== no clang with libFuzzer here: fuzz targets built without it (make fuzz installs it)"; fi

# The same programs with AddressSanitizer and UndefinedBehaviorSanitizer, in build-san/.
san:
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS='$(SANFLAGS)' WERROR='$(WERROR)' all testprogs

testprogs: $(TESTPROGS)

# Corpus: per spec a tree and its manifest (NAME.stamp), remade when the spec, the script or the
# sources of the generator and the manifest change, not when the programs are merely rebuilt (a
# flag change, make clean); per archive NAME.FORMAT, made from the tree by the tools.  Only the
# archives a suite names are made for it (`make bench`), several at once: the big ones take
# minutes, and most formats of the biggest trees are used by no suite.
FORMATS   := 7z zip tar.gz tar.xz
NPROC     := $(shell nproc 2>/dev/null || echo 1)
CORPUS_SRC := src/corpus.c src/verify.c src/tree.c src/tree.h
$(CORPUS)/%.stamp: bench/corpus/%.spec scripts/make-corpus.sh $(CORPUS_SRC) | build/corpus-gen build/verify
	scripts/make-corpus.sh $< $(CORPUS) build
	@touch $@

define ARCHIVE_RULE
$(CORPUS)/%.$(1): $(CORPUS)/%.stamp | build/tool-info $(TOOLS_OK)
	scripts/make-corpus.sh bench/corpus/$$*.spec $(CORPUS) build $(1)
endef
$(foreach f,$(FORMATS),$(eval $(call ARCHIVE_RULE,$(f))))

# archives_of(NAMES): every archive of those specs.  suite_archives(FILE): the archives FILE's
# steps name (archive=, archives=, without :N) whose spec exists; bench.pl names any other.
archives_of = $(foreach s,$(1),$(FORMATS:%=$(CORPUS)/$(s).%))
suite_archives = $(filter $(call archives_of,$(SPECS:bench/corpus/%.spec=%)),$(addprefix $(CORPUS)/,\
	$(shell sed -n 's/.*[[:space:]]archives\{0,1\}=\([^[:space:]]*\).*/\1/p' '$(1)' 2>/dev/null | \
		tr ',' '\n' | sed 's/:.*//' | sort -u)))
corpus: $(call archives_of,$(SPECS:bench/corpus/%.spec=%))
corpus-small: $(call archives_of,$(SMALL))

# -Werror for everything make test builds (and so in CI); `make test WERROR=` builds without.
test: WERROR = -Werror
test: all testprogs san fuzz-targets corpus-small
	@SHELLOUT_BUILD=build prove -f tests/
	@echo "== again under AddressSanitizer and UndefinedBehaviorSanitizer"
	@SHELLOUT_BUILD=build-san prove -f tests/

# make bench [SUITE=quick|full|FILE] [RESULTS=DIR]: build, make the archives the suite's steps
# name, run it (scripts/bench.pl), and leave RESULTS/<UTC time>-<host>/.
SUITE   ?= quick
RESULTS ?= results
SUITE_FILE   = $(if $(findstring /,$(SUITE)),$(SUITE),bench/suites/$(SUITE).suite)
# The folders reach the recipes through the environment, not pasted into the shell line, so
# that a ' or a $ in them means nothing to the shell.
export SUITE_FILE RESULTS
bench: all
	@$(MAKE) --no-print-directory -j$(NPROC) $(call suite_archives,$(SUITE_FILE))
	@scripts/bench.pl --suite "$$SUITE_FILE" --results "$$RESULTS"

# make reference: record results/reference/full/ with SUITE=full (up to 30 minutes) and rewrite
# the README's findings block from its report.  On purpose only: nothing else re-records it.
reference:
	@scripts/reference.sh

# make regress [BASELINE=DIR] [REGRESS_FLAGS=...]: run bench/suites/regress.suite into RESULTS/,
# compare it with the baseline (scripts/regress.pl; its options in REGRESS_FLAGS), write
# regress.md into the run folder; exit 1 if anything regressed.  `make baseline` re-records the
# baseline from BASELINE_RUNS pooled runs (default 3); nothing else writes it.
BASELINE       ?= bench/baseline
export BASELINE
REGRESS_FLAGS  ?=
REGRESS_CORPUS = $(call suite_archives,bench/suites/regress.suite)
regress: all $(REGRESS_CORPUS)
	@scripts/regress.sh "$$BASELINE" "$$RESULTS" $(REGRESS_FLAGS)

baseline: all $(REGRESS_CORPUS)
	@scripts/baseline.sh "$$BASELINE"

# make noise [RUNS=5]: how far times drift between runs of an unchanged tree here (scripts/noise.sh),
# to choose regress.pl's --min-effect.
RUNS ?= 5
noise: all $(REGRESS_CORPUS)
	@scripts/noise.sh '$(RUNS)'

# make distro-check [DISTRO=trixie]: debootstrap a minimal Debian into build/distro/, install only
# git and make in it, clone the committed tree, and run the README's `make bench` and `make test`
# there (scripts/distro-check.sh; needs root, debootstrap and unshare, which deps installs).
DISTRO ?= trixie
distro-check:
	@scripts/deps.sh --distro-check
	@scripts/distro-check.sh '$(DISTRO)'

# make clean: every build output but the corpus (minutes to remake) and build/distro (the clean
# rooms of distro-check, which removes them itself unless KEEP=1).  make distclean: those too,
# build/distro without crossing into another file system, and nothing at all while anything is
# mounted below build/distro in this mount namespace (distro-check mounts only in its own).
clean:
	rm -rf build-san build-fuzz $(filter-out build/corpus build/distro,$(wildcard build/* build/.[!.]*))

distclean: clean
	@if [ -d build/distro ] && awk -v r="$$(cd build/distro && pwd -P)" \
		'$$5 == r || index($$5, r "/") == 1 { f = 1 } END { exit !f }' /proc/self/mountinfo; then \
		echo "distclean: something is mounted under build/distro: unmount it first" >&2; exit 1; fi
	rm -rf --one-file-system $(CORPUS) build/distro
	@rmdir build 2> /dev/null || true
