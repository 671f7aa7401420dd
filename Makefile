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

# Every test: unit, corpus, differential and behaviour tests (ctest).
test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The Debian package (CPack, DEB generator): build/diffgram-launch_VERSION_ARCH.deb.
package: build
	@cmake --build $(BUILD) --target package

clean:
	rm -rf $(BUILD)
