# suite.sh — sourced by regress.sh, baseline.sh and noise.sh, which each run the regression suite
# and then need the run folder it made.  Expects $top (the project folder) to be set.

# run_regress_suite RESULTS: runs bench/suites/regress.suite into RESULTS and sets RUN to the run
# folder it made, found as RESULTS/latest, which bench.pl moves to a finished run.  Returns
# bench.pl's status (1: finished but some points failed, RUN set; above 1: RUN unset), or 3 when
# RESULTS/latest did not move to a new run.
run_regress_suite() {
	RUN=
	_before=$(readlink "$1/latest" 2>/dev/null || true)
	_st=0
	"$top/scripts/bench.pl" --suite "$top/bench/suites/regress.suite" --results "$1" || _st=$?
	[ "$_st" -le 1 ] || return "$_st"
	_run=$(readlink "$1/latest" 2>/dev/null || true)
	if [ -z "$_run" ] || [ "$_run" = "$_before" ]; then
		echo "$(basename "$0" .sh): $1/latest does not point at a new run" >&2
		return 3
	fi
	RUN=$1/$_run
	return "$_st"
}
