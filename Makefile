# Two commands do all the set-up on a fresh Debian machine with Swift:
#   make site   renders this repository's content/ into public/
#   make test   runs every test
#   make install  builds the self-contained release binary, installs it as $(PREFIX)/bin/handbook
#   make dist     builds dist/handbook-VERSION-linux-ARCH.tar.gz: one executable needing only
#                 the C library (Swift runtime, Foundation, cmark-gfm linked statically), licences
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: site test deps unit check-content e2e clean bench install dist dist-test mutants coverage fuzz

deps:
	@scripts/install-deps.sh

site: deps
	$(SWIFT) build -c release --product handbook
	.build/release/handbook build --content content --output public

# The same self-contained executable `make dist` packs (it runs on a machine without Swift).
install: deps
	scripts/dist.sh --build-only
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build-dist/release/handbook $(DESTDIR)$(PREFIX)/bin/handbook

dist: deps
	scripts/dist.sh

# Unpacks the tarball outside the checkout and runs it with no toolchain visible
# (HANDBOOK_SKIP_DIST=1 skips it locally, never when CI=true).
dist-test: deps
	scripts/dist-test.sh

# Unit, pipeline, golden, broken-handbook and end-to-end tests (swift test), the default
# theme in headless Chromium (scripts/browser-test.sh, tests/browser), `handbook mcp` driven by
# PyPI's MCP client in a virtual environment of its own (scripts/mcp-test.sh, tests/mcp), this
# repository's own handbook checked with --strict, the CI recipes of docs/ci validated, and
# every mutation of `make mutants` checked to still apply to the code (its text found once), and
# the self-contained executable of `make dist` unpacked and run where no toolchain is visible
# (a release build: HANDBOOK_SKIP_DIST=1 skips it locally, never under CI=true).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/browser-test.sh
	scripts/mcp-test.sh
	.build/debug/handbook check --content content --strict
	scripts/ci-recipes-test.sh
	scripts/mutants.py --check
	scripts/dist-test.sh

# Handbook against Hugo and cmark-gfm on 10,000 generated records (scripts/bench.sh; N=100000 for more).
bench: deps
	scripts/bench.sh $(N)

# The property-based fuzz targets, long (make test runs them briefly): make fuzz N=100000.
fuzz: deps
	$(SWIFT) build --build-tests
	HANDBOOK_FUZZ_COUNT=$(or $(N),20000) $(SWIFT) test --skip-build --filter PropertyTests

# Curated one-line mutations, each built in a scratch worktree and tested (slow: not part of test).
mutants: deps
	nice -n 10 scripts/mutants.py

# Line coverage per source folder (an instrumented build in .build-coverage).
coverage: deps
	scripts/coverage.py

clean:
	rm -rf .build .build-dist .build-coverage public dist
