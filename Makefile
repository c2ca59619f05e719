# listwash developer tasks. Each target is a thin call into a script that documents itself.

.PHONY: bench bench-check

# The reference benchmark (../shared/bench): release build, 1M rows, listwash checked against
# the Python reference and timed with its peers. ROWS=, RUNS=, PEERS=, MODES= pass through.
bench:
	Benchmarks/bench.sh

# The same scripts on 2,000 rows with the debug binary and no peers: checks the harness quickly.
bench-check:
	ROWS=2000 RUNS=1 BUILD=debug PEERS=none Benchmarks/bench.sh
