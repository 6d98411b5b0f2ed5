// SPDX-License-Identifier: GPL-2.0-only
/*
 * aer-inject - make dom0's PCIe AER core believe a function reported an
 * error, through the kernel's software injector (module aer_inject,
 * /dev/aer_inject).
 *
 *   aer-inject DDDD:BB:DD.F cor|uncor STATUS
 *
 * STATUS is the bit mask for the function's AER Correctable or
 * Uncorrectable Error Status register (e.g. cor 0x1 "receiver error",
 * uncor 0x100000 "unsupported request"); whether an uncorrectable error
 * is fatal is the function's severity register's business.  The injector
 * fakes those registers and the root port's, then runs the root port's
 * AER interrupt handler, so the whole recovery (error_detected,
 * mmio_enabled / slot_reset, resume) follows as for a real error.
 *
 * The record written is the injector's ABI: three bytes bus, device,
 * function, then the two status masks, four TLP header log words and the
 * PCI domain, all native-endian 32-bit words at natural alignment.
 *
 * Prints what it wrote, or the errno the injector answered (ENODEV: no
 * such function or no AER service on its root port; EPROTONOSUPPORT: no
 * AER capability; EINVAL: the error is masked), and exits 1 on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INJECT_DEV	"/dev/aer_inject"

struct aer_inject_record {
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
	uint32_t uncor_status;
	uint32_t cor_status;
	uint32_t header_log[4];
	uint32_t domain;
};

_Static_assert(offsetof(struct aer_inject_record, uncor_status) == 4,
	       "status words start at byte 4");
_Static_assert(offsetof(struct aer_inject_record, domain) == 28,
	       "domain is the last word");
_Static_assert(sizeof(struct aer_inject_record) == 32, "32-byte record");

static void usage(void)
{
	fprintf(stderr, "usage: aer-inject DDDD:BB:DD.F cor|uncor STATUS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct aer_inject_record rec;
	unsigned int domain, bus, dev, fn;
	unsigned long status;
	char *end;
	ssize_t n;
	int fd, e;

	if (argc != 4)
		usage();
	memset(&rec, 0, sizeof(rec));
	if (sscanf(argv[1], "%x:%x:%x.%x", &domain, &bus, &dev, &fn) != 4 ||
	    domain > 0xffff || bus > 0xff || dev > 0x1f || fn > 7) {
		fprintf(stderr, "aer-inject: bad PCI address '%s'\n", argv[1]);
		usage();
	}
	errno = 0;
	status = strtoul(argv[3], &end, 0);
	if (errno || *end || end == argv[3] || !status || status > UINT32_MAX) {
		fprintf(stderr, "aer-inject: bad status mask '%s'\n", argv[3]);
		usage();
	}
	rec.domain = domain;
	rec.bus = bus;
	rec.dev = dev;
	rec.fn = fn;
	if (!strcmp(argv[2], "cor"))
		rec.cor_status = status;
	else if (!strcmp(argv[2], "uncor"))
		rec.uncor_status = status;
	else
		usage();

	fd = open(INJECT_DEV, O_WRONLY);
	if (fd < 0) {
		e = errno;
		printf("aer-inject: error: open %s: errno %d (%s)\n",
		       INJECT_DEV, e, strerror(e));
		return 1;
	}
	n = write(fd, &rec, sizeof(rec));
	e = errno;
	close(fd);
	if (n != (ssize_t)sizeof(rec)) {
		printf("aer-inject: error: write %04x:%02x:%02x.%x cor_status=0x%08x uncor_status=0x%08x: ",
		       domain, bus, dev, fn, rec.cor_status, rec.uncor_status);
		if (n < 0)
			printf("errno %d (%s)\n", e, strerror(e));
		else
			printf("short write, %zd of %zu bytes\n", n, sizeof(rec));
		return 1;
	}
	printf("aer-inject: injected into %04x:%02x:%02x.%x cor_status=0x%08x uncor_status=0x%08x (%zu bytes)\n",
	       domain, bus, dev, fn, rec.cor_status, rec.uncor_status, sizeof(rec));
	return 0;
}
