# listwash developer tasks. Each target is a thin call into a script that documents itself.

.PHONY: bench bench-check bench-micro bench-growth bench-instructions pgo

# The reference benchmark (../shared/bench): release build, 1M rows, listwash checked against
# the Python reference and timed with its peers. ROWS=, RUNS=, PEERS=, MODES= pass through.
bench:
	Benchmarks/bench.sh

# The same scripts on 2,000 rows with the debug binary and no peers: checks the harness quickly.
bench-check:
	ROWS=2000 RUNS=1 BUILD=debug PEERS=none Benchmarks/bench.sh

# Micro-benchmarks of the hot paths (Benchmarks/Micro, ordo-one/benchmark, release build).
# MICRO= picks the action: "save NAME", "compare NAME", "check NAME" (see Benchmarks/micro.sh).
bench-micro:
	Benchmarks/micro.sh $(MICRO)

# Wall time and peak memory at 100k, 1M and 10M rows (ROWS_LIST=), table and charts
# (bench-work/growth.svg). BUILD=debug ROWS_LIST="2000 20000" checks the script quickly.
bench-growth:
	Benchmarks/growth.sh

# Instructions per pipe stage on 100k rows (valgrind callgrind): reproducible where wall times
# are not. BINS="old new" compares two binaries (default: the release build).
bench-instructions:
	Benchmarks/instructions.sh $(BINS)

# Refreshes the profile that guides release builds (Benchmarks/pgo/listwash.profdata): an
# instrumented build, a training run on 200k generated rows, vCards and XML, then the guided
# build. Re-run after large changes to the hot paths. ROWS= passes through.
pgo:
	Benchmarks/pgo.sh

.PHONY: test demo fuzz fuzz-quick conformance

# Every test (the README's test command; CI runs exactly this through .ci/run).
test:
	scripts/test.sh

# The main job on the bundled sample data, against the embedded sandbox.
demo:
	scripts/demo.sh

# libFuzzer + AddressSanitizer over every parser and normalizer, SECONDS each (default 60).
fuzz:
	scripts/fuzz.sh $(SECONDS)

# The seeded mutation loop in the debug build (what CI runs briefly).
fuzz-quick:
	scripts/fuzz.sh --quick $(or $(SECONDS),20)

conformance:
	scripts/conformance.sh
