# listwash developer tasks. Each target is a thin call into a script that documents itself.

.PHONY: bench bench-check

# The reference benchmark (../shared/bench): release build, 1M rows, listwash checked against
# the Python reference and timed with its peers. ROWS=, RUNS=, PEERS=, MODES= pass through.
bench:
	Benchmarks/bench.sh

# The same scripts on 2,000 rows with the debug binary and no peers: checks the harness quickly.
bench-check:
	ROWS=2000 RUNS=1 BUILD=debug PEERS=none Benchmarks/bench.sh

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
