# The two commands of the README, and the other entry points. Every target bootstraps first, so
# a fresh Debian machine needs nothing but `make`.
BUILD ?= build
JOBS  ?= $(shell nproc)
BIN   := $(BUILD)/src/diffgram-launch

.PHONY: all bootstrap build run test unit it bench fuzz package clean

all: build

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

# The main job on the bundled example: resolve examples/diffgram.env, check it, then exec the
# demo target, which prints the settings the way Diffgram's settings.py would see them.
run: build
	$(BIN) --no-dotenv --env-file examples/diffgram.env --service default -- /usr/bin/python3 examples/demo_settings.py

# Every test: unit, corpus, differential and behaviour tests (ctest); then the whole suite again
# under AddressSanitizer+UndefinedBehaviorSanitizer; then every libFuzzer target (at least 60 s
# in total). Any failure, sanitizer report or fuzzer crash fails `make test`.
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 20
test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	@bash scripts/sanitize.sh $(ASAN_BUILD)
	@bash scripts/fuzz.sh $(TEST_FUZZ_SECONDS) $(FUZZ_BUILD) 60

# Each libFuzzer target for FUZZ_SECONDS (clang, -fsanitize=fuzzer,address,undefined).
fuzz: bootstrap
	@bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BUILD)

# The Debian package (CPack, DEB generator): build/diffgram-launch_VERSION_ARCH.deb.
package: build
	@cmake --build $(BUILD) --target package

# Benchmarks against the peers (issue 9): installs them, builds Release in build-bench/, writes
# bench/results.md. Figures only; see bench/README.md.
bench:
	@/usr/bin/python3 bench/run.py

clean:
	rm -rf $(BUILD)
