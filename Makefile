# SPDX-License-Identifier: GPL-2.0-only
#
# xen-dd: out-of-tree xen-pciback, xen-netback and xen-netfront.
#
# The front door.  "make help" lists the targets; README.md explains them.
# Kernel selection: KDIR=/path/to/headers, or KVER=<release> (a full
# release such as 6.12.117+deb12-amd64, or a prefix such as 6.1 or 6.12);
# by default the newest installed linux-headers-*-amd64.

SHELL := /bin/bash
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

HEADERS_GLOB := /usr/src/linux-headers-*-amd64
installed_kvers = $(shell ls -d $(HEADERS_GLOB) 2>/dev/null | sed 's|/usr/src/linux-headers-||' | sort -V)

# KVER/KDIR as given are resolved into KREL (the release modules install
# under) and KSRC (the headers to build against).
ifneq ($(KDIR),)
  KSRC := $(KDIR)
  KREL := $(or $(KVER),$(shell $(TOP)/scripts/krel.sh $(KDIR)))
else
  ifeq ($(KVER),)
    KREL := $(lastword $(installed_kvers))
  else ifneq ($(wildcard /usr/src/linux-headers-$(KVER) /lib/modules/$(KVER)/build),)
    KREL := $(KVER)
  else
    KREL := $(lastword $(shell ls -d /usr/src/linux-headers-$(KVER).[0-9]*-amd64 \
	     2>/dev/null | sed -e 's|/usr/src/linux-headers-||' | sort -V))
  endif
  KSRC := $(firstword $(wildcard /usr/src/linux-headers-$(KREL) /lib/modules/$(KREL)/build))
endif

XENDD_VERSION := $(shell $(TOP)/scripts/version.sh)
KBUILD_ARGS := -C $(KSRC) M=$(TOP) XENDD_ROOT=$(TOP) XENDD_VERSION=$(XENDD_VERSION)

MODULES := drivers/xen/pciback/xen-pciback.ko \
	   drivers/net/xen-netback/xen-netback.ko \
	   drivers/net/xen-netfront/xen-netfront.ko

.PHONY: all modules need-kdir deps clean matrix w1 sparse style kdoc pure-includes \
	lint check check-host unit replay fuzz lab lab-deps lab-shell lab-test lab-suite \
	install uninstall dkms-install dkms-remove dist deb compat-report help bench lab-suite-full soak \
	hostile-report

all: modules

need-kdir:
	@if [ -z "$(KSRC)" ] || [ ! -d "$(KSRC)" ]; then \
		echo "No kernel headers found for KVER='$(KVER)' KDIR='$(KDIR)'." >&2; \
		echo "Install them with: tests/deps.sh build   (or set KDIR=...)" >&2; \
		exit 1; \
	fi

deps:
	@$(TOP)/tests/deps.sh

modules: need-kdir
	$(MAKE) $(KBUILD_ARGS) modules

# Build every installed header set, each in its own copy of the tree so the
# objects of one kernel never mix with another's.  Any compiler warning at
# W=1 fails the target.  Extra make variables: MATRIX_FLAGS.
matrix w1 sparse:
	@$(TOP)/tests/tools/build-matrix.sh $@ $(if $(filter command line,$(origin KVER)),$(KVER),$(installed_kvers))

compat-report: need-kdir
	@$(MAKE) -s $(KBUILD_ARGS) XENDD_COMPAT_REPORT=1 modules 2>/dev/null | grep '^compat:' | sort -u || true

style:
	@$(TOP)/tests/tools/lint.sh style

kdoc:
	@$(TOP)/tests/tools/lint.sh kdoc

pure-includes:
	@$(TOP)/tests/tools/lint.sh pure-includes

lint:
	@$(TOP)/tests/check.sh lint

# Host unit tests and corpus replays only (quick).
check-host unit replay:
	@$(TOP)/tests/check.sh $(if $(filter check-host,$@),host,$@)

# The README's test command: host tests, lint gates and the lab suite.
check:
	@$(TOP)/tests/check.sh all

FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) $(TOP)/tests/tools/fuzz.sh $(FUZZ_TARGET)

# The lab takes KVER as given (6.1 default, 6.12, or a full release) and
# PCIBACK/NETBACK/NETFRONT=ours|debian from the environment.
LAB := $(TOP)/tests/lab/lab.sh
lab-deps:
	@$(TOP)/tests/deps.sh lab
# make lab and make lab-shell show our modules in every role unless told
# otherwise; the test scenarios default to tests/lab/roles.default.
OURS := PCIBACK=$${PCIBACK:-ours} NETBACK=$${NETBACK:-ours} NETFRONT=$${NETFRONT:-ours}
lab: lab-deps
	@$(OURS) $(LAB) walkthrough
lab-shell: lab-deps
	@$(OURS) $(LAB) shell
lab-test: lab-deps
	@if [ -z "$(SCENARIO)" ]; then echo "usage: make lab-test SCENARIO=<name> (see: tests/lab/lab.sh list)" >&2; exit 2; fi
	@$(LAB) run $(SCENARIO)
lab-suite: lab-deps
	@$(LAB) suite
lab-suite-full: lab-deps
	@$(LAB) suite full
# The soak (issue #9): our three modules under two-way traffic for
# SOAK_MINUTES (default 10), nicdom restarts, replugs and rogue cases mixed in.
SOAK_MINUTES ?= 10
soak: lab-deps
	@SOAK_MINUTES=$(SOAK_MINUTES) $(LAB) run soak@pciback=ours,netback=ours,netfront=ours
# Benchmarks: Debian's and our netback/netfront side by side in one boot.
bench: lab-deps
	@$(TOP)/tests/deps.sh bench
	@$(TOP)/bench/run.sh
# The hostile-peer scenarios (issue #9: rogue-frontend, rogue-backend,
# rogue-pcifront, faults) ours against Debian's, case by case, from the
# newest lab results under $LAB_RESULTS (default tests/lab/results); runs
# no lab.  HOSTILE_REPORT_ARGS: e.g. --passed, --detail, result folders.
# Also written to build/hostile/ (hostile.md, hostile.json).
HOSTILE_REPORT_ARGS ?=
hostile-report:
	@$(TOP)/tests/lab/tools/hostile-report.py --out $(TOP)/build/hostile $(HOSTILE_REPORT_ARGS)

install: modules
	$(MAKE) $(KBUILD_ARGS) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KREL)

uninstall:
	rm -f $(foreach m,$(MODULES:.ko=),$(foreach x,ko ko.xz ko.zst ko.gz,/lib/modules/$(KREL)/updates/$(m).$(x)))
	depmod -a $(KREL)

dist:
	@$(TOP)/scripts/dist.sh

# xen-dd-dkms_<version>_all.deb under build/deb/ (Documentation/admin-guide/driver-domain.rst).
deb:
	@$(TOP)/scripts/deb.sh

# Every kernel with headers, unless KVER or KDIR names one.
dkms-install:
	@$(TOP)/scripts/dkms.sh install $(if $(filter command line environment,$(origin KVER) $(origin KDIR)),$(KREL))

dkms-remove:
	@$(TOP)/scripts/dkms.sh remove

clean:
	-[ -z "$(KSRC)" ] || $(MAKE) $(KBUILD_ARGS) clean
	rm -rf $(TOP)/build

help:
	@sed -n 's/^## \?//p' $(TOP)/README.md 2>/dev/null || true
	@echo "Targets: all matrix w1 sparse style kdoc pure-includes lint check check-host fuzz"
	@echo "         lab lab-shell lab-test lab-suite lab-suite-full bench soak hostile-report install uninstall dkms-install dkms-remove dist deb clean"

print-krel:
	@echo $(KREL)
print-ksrc:
	@echo $(KSRC)
