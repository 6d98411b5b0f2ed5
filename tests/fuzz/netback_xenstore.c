// SPDX-License-Identifier: GPL-2.0-only
/*
 * netback_xenstore.c - differential fuzz target for xen-netback's
 * xenstore value parsers (rate, mac, unsigned numbers).
 *
 * The input is offered as an exact-size heap buffer (ASan catches reads
 * past the length).  A reference written with strtoul() on a
 * NUL-terminated copy must agree on accept/reject and on the values.
 */
#include "../../drivers/net/xen-netback/pure/xsparse.c"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "netback_xenstore: %s\n", what);
		abort();
	}
}

/* Reference: digits only, then an optional single trailing NUL. */
static int ref_uint(const char *s, size_t len, unsigned long max,
		    unsigned long *val)
{
	char buf[64];
	size_t i;

	if (len && s[len - 1] == '\0')
		len--;
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return -EINVAL;
	/* Leading zeros do not count towards the value's size. */
	while (len > 1 && s[0] == '0') {
		s++;
		len--;
	}
	if (len >= sizeof(buf))
		return -ERANGE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*val = strtoul(buf, NULL, 10);
	if (errno || *val > max)
		return -ERANGE;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long a = 0, b = 0, r = 0, b2, u2;
	char *s = malloc(size ? size : 1);
	int e1, e2;
	u8 mac[6];

	if (!s)
		abort();
	memcpy(s, data, size);

	e1 = xenvif_parse_uint(s, size, 0xffffffffUL, &a);
	e2 = ref_uint(s, size, 0xffffffffUL, &r);
	fz_check((e1 == 0) == (e2 == 0), "uint accept/reject differs");
	if (!e1)
		fz_check(a == r, "uint value differs");

	if (!xenvif_parse_rate(s, size, &b2, &u2)) {
		const char *comma = memchr(s, ',', size);

		fz_check(comma != NULL, "rate without comma accepted");
		fz_check(!ref_uint(s, comma - s, (unsigned long)-2, &b) && b == b2,
			 "rate bytes differ");
		fz_check(u2 >= 1 && u2 <= 0xffffffffUL, "rate usec range");
	}

	/* xdp-headroom: a parsed value is accepted iff it leaves half a page. */
	if (!e1)
		fz_check((xenvif_check_xdp_headroom(a) == 0) == (a < 2048),
			 "xdp-headroom bound");
	/* multi-queue-num-queues: accepted iff 1..max, returned unchanged. */
	if (!e1) {
		int q = xenvif_check_num_queues(a, 8);

		fz_check(q == ((a >= 1 && a <= 8) ? (int)a : -EINVAL),
			 "num-queues bound");
	}

	if (!xenvif_parse_mac(s, size, mac)) {
		char out[18];

		fz_check(size == 17 || (size == 18 && !s[17]), "mac length");
		snprintf(out, sizeof(out), "%02x:%02x:%02x:%02x:%02x:%02x",
			 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		fz_check(!strncasecmp(out, s, 17), "mac does not round-trip");
	}
	free(s);
	return 0;
}
