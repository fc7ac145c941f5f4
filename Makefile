# Ferry's build. `make run` and `make test` work on a fresh Debian machine with the
# Swift toolchain: missing system packages are installed first.

SWIFT ?= swift
PREFIX ?= /usr/local
# System packages the build and the tests need (C libraries through pkg-config, and
# git, which the tests use to make their repositories).
APT_PACKAGES := pkg-config libgit2-dev libyaml-dev zlib1g-dev git
# Only `make test` needs these: systemd-analyze, to verify contrib/systemd's units (Debian's
# systemd package; installing it on a machine that does not boot with systemd changes nothing else),
# and GNU time (/usr/bin/time), which measures the peak memory of the bad-input corpus's runs.
TEST_APT_PACKAGES := systemd time
# `make bench` reads the peak memory of each ferry run with GNU time too.
BENCH_APT_PACKAGES := time
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
FERRY := .build/debug/ferry
# The embedded local cluster `make run` and `make demo` use, kept in this checkout.
CLUSTER_DIR ?= $(CURDIR)/.ferry/cluster
LOCAL_KUBECONFIG := $(CLUSTER_DIR)/kubeconfig

.PHONY: all deps build test run demo cluster bench fuzz install clean

all: build

deps:
	@missing=""; \
	for p in $(APT_PACKAGES) $(EXTRA_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

# Starts the local cluster unless it is running.
cluster: build
	@$(FERRY) cluster status --data-dir $(CLUSTER_DIR) >/dev/null 2>&1 || $(FERRY) cluster start --data-dir $(CLUSTER_DIR) --port 0

# The main job: sync this repository's own manifests/ at HEAD to the local cluster,
# wait for the Spark rollouts, and show the result.
run: cluster
	$(FERRY) sync --kubeconfig $(LOCAL_KUBECONFIG)
	@echo
	$(FERRY) status --kubeconfig $(LOCAL_KUBECONFIG)
	@echo
	@echo "Next, try:"
	@echo "  export KUBECONFIG=$(LOCAL_KUBECONFIG)"
	@echo "  kubectl get deploy,rs,pods,svc -n spark"
	@echo "  kubectl set image deploy/spark-worker -n spark spark-worker=spark:1.6.3 && $(FERRY) diff   # drift"
	@echo "  $(FERRY) sync                                  # git wins again"
	@echo "  make demo                                      # the whole 2.1.0 -> 1.6.3 -> revert story"
	@echo "  git clone -q . /tmp/ferry-hooks && cd /tmp/ferry-hooks && $(CURDIR)/$(FERRY) hooks install && git config ferry.hookSync true"
	@echo "  sed -i 's/spark:2.1.0/spark:2.2.0/' manifests/spark-worker.yaml && git commit -qam 'Spark workers on 2.2.0'   # the hook rolls it out"
	@echo "  $(CURDIR)/$(FERRY) agent --interval 10s &      # the agent: commits roll out, drift heals; curl 127.0.0.1:9402/metrics"
	@echo "  $(FERRY) cluster stop --data-dir $(CLUSTER_DIR)"

# The classic story in a scratch clone: sync 2.1.0, bump to 1.6.3, sync (a rollout),
# look at the rollout history, revert, sync.
demo: cluster
	FERRY=$(CURDIR)/$(FERRY) KUBECONFIG=$(LOCAL_KUBECONFIG) contrib/demo.sh

# The embedded cluster's own tests run first, on their own, so that the tests that start
# processes (which block threads of the concurrency pool while they wait) cannot starve
# the in-process servers some of them start (their controllers run on the wall clock;
# the controller tests' run on simulated time and need no such care).
test:
	@$(MAKE) --no-print-directory deps EXTRA_APT_PACKAGES="$(TEST_APT_PACKAGES)"
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest --filter FerryLocalClusterTests
	$(SWIFT) test --skip-build --disable-xctest --skip FerryLocalClusterTests

# The benchmarks drive the release `ferry` in processes of its own, so both are built.
bench:
	@$(MAKE) --no-print-directory deps EXTRA_APT_PACKAGES="$(BENCH_APT_PACKAGES)"
	$(SWIFT) build -c release --product ferry
	$(SWIFT) build -c release --product ferry-bench
	.build/release/ferry-bench

# libFuzzer over the YAML parser and the manifest decoder (fuzz/, a package of its own,
# never part of `make test`), for FUZZ_SECONDS, from the seeds in fuzz/seeds. New inputs
# go to .build-fuzz/corpus; a crash, hang or leak stops it and leaves the input in
# .build-fuzz/artifacts/ (replay it with `.build-fuzz/debug/ferry-fuzz FILE`).
FUZZ_SECONDS ?= 60
FUZZ_BUILD := $(CURDIR)/.build-fuzz
fuzz: deps
	cd fuzz && $(SWIFT) build -c debug --product ferry-fuzz --scratch-path $(FUZZ_BUILD) \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
	mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	$(FUZZ_BUILD)/debug/ferry-fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-dict=fuzz/yaml.dict -artifact_prefix=$(FUZZ_BUILD)/artifacts/ -print_final_stats=1 \
		$(FUZZ_BUILD)/corpus fuzz/seeds

install: deps
	$(SWIFT) build -c release --product ferry
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/ferry $(DESTDIR)$(PREFIX)/bin/ferry

clean:
	-$(FERRY) cluster stop --data-dir $(CLUSTER_DIR) 2>/dev/null
	rm -rf .build .ferry
