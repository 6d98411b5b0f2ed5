// SPDX-License-Identifier: GPL-2.0-only
/*
 * netfront_xenstore.c - differential fuzz target for xen-netfront's
 * xenstore value parsers (mac, decimal numbers).
 *
 * The input is offered to xennet_parse_mac() and xennet_parse_uint() as a
 * (buffer, length) pair in a heap block of exactly that size, so ASan
 * catches any read past the length.  A reference written differently
 * (strtoul() on NUL-terminated copies of each field) must agree on
 * accept/reject and on the value; an accepted mac must format back to the
 * input, case aside.  Any disagreement abort()s.
 */
#include "../../drivers/net/xen-netfront/pure/xenstore.c"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "netfront_xenstore: %s\n", what);
		abort();
	}
}

static int ref_mac(const char *s, size_t len, u8 *mac)
{
	char field[3];
	unsigned int i;

	if (len == 18 && s[17] == '\0')
		len = 17;
	if (len != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		char *end;

		if (!isxdigit((unsigned char)s[3 * i]) ||
		    !isxdigit((unsigned char)s[3 * i + 1]))
			return -EINVAL;
		if (i < 5 && s[3 * i + 2] != ':')
			return -EINVAL;
		field[0] = s[3 * i];
		field[1] = s[3 * i + 1];
		field[2] = '\0';
		mac[i] = (u8)strtoul(field, &end, 16);
	}
	if (mac[0] & 1)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		if (mac[i])
			return 0;
	return -EINVAL;
}

static int ref_uint(const char *s, size_t len, u32 max, u32 *val)
{
	char buf[32];
	size_t i;
	unsigned long long v;

	if (len && s[len - 1] == '\0')
		len--;
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
	/* Leading zeros do not change the value; strip them for strtoull. */
	while (len > 1 && s[0] == '0') {
		s++;
		len--;
	}
	if (len > 20)
		return -ERANGE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoull(buf, NULL, 10);
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*val = (u32)v;
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const u32 maxes[] = { 0, 1, 16, 0xffff, 0xffffffffu };
	const char *s = (const char *)data;
	u8 mac[6], rmac[6];
	unsigned int i;
	int err, rerr;

	err = xennet_parse_mac(s, size, mac);
	rerr = ref_mac(s, size, rmac);
	fz_check(err == rerr, "mac verdict differs from reference");
	if (!err) {
		char text[18];

		fz_check(!memcmp(mac, rmac, 6), "mac value differs");
		snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x",
			 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		for (i = 0; i < 17; i++)
			fz_check(tolower((unsigned char)s[i]) == text[i],
				 "mac does not format back to its input");
	}

	for (i = 0; i < ARRAY_SIZE(maxes); i++) {
		u32 v = 0xdeadbeef, rv = 0xdeadbeef;

		err = xennet_parse_uint(s, size, maxes[i], &v);
		rerr = ref_uint(s, size, maxes[i], &rv);
		fz_check(err == rerr, "uint verdict differs from reference");
		fz_check(v == rv, "uint value differs");
		fz_check(err || v <= maxes[i], "uint above its maximum");
	}
	return 0;
}
