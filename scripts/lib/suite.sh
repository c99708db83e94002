# suite.sh — sourced by regress.sh, baseline.sh and noise.sh, which each run the regression suite
# and then need the run folder it made.  Expects $top (the project folder) to be set.

# run_regress_suite RESULTS: runs bench/suites/regress.suite into RESULTS and sets RUN to the run
# folder it made, which bench.pl prints on its stdout when the run finished.  Returns bench.pl's
# status (1: finished but some points failed, RUN set; above 1: RUN unset), or 3 when bench.pl
# printed no run folder.
run_regress_suite() {
	RUN=
	_st=0
	_run=$("$top/scripts/bench.pl" --suite "$top/bench/suites/regress.suite" --results "$1") || _st=$?
	[ "$_st" -le 1 ] || return "$_st"
	if [ -z "$_run" ] || [ ! -d "$_run" ]; then
		echo "$(basename "$0" .sh): bench.pl named no run folder" >&2
		return 3
	fi
	RUN=$_run
	return "$_st"
}
