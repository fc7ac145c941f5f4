# Ferry's build. `make run` and `make test` work on a fresh Debian machine with the
# Swift toolchain: missing system packages are installed first.

SWIFT ?= swift
PREFIX ?= /usr/local
# System packages the build and the tests need (C libraries through pkg-config, and
# git, which the tests use to make their repositories).
APT_PACKAGES := pkg-config libgit2-dev libyaml-dev git
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
FERRY := .build/debug/ferry

.PHONY: all deps build test run bench install clean

all: build

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

# The main job on this repository's own manifests: until the sync lands, validate
# them and show what would be sent.
run: build
	$(FERRY) validate
	$(FERRY) render | head -40
	@echo
	@echo "Next: $(FERRY) render -o json | less    $(FERRY) validate --help"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

bench: deps
	$(SWIFT) build -c release --product ferry-bench
	.build/release/ferry-bench

install: deps
	$(SWIFT) build -c release --product ferry
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/ferry $(DESTDIR)$(PREFIX)/bin/ferry

clean:
	rm -rf .build
