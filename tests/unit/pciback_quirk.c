// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the pciback quirk-spec parser (pure/quirk.c), the input
 * of the driver's "quirks" attribute: "DDDD:BB:DD.F-REG:SIZE:MASK".
 * Inputs are copied into heap buffers of exactly their length so ASan sees
 * any read past the end.
 */
#include "../../drivers/xen/pciback/pure/slot.c"
#include "../../drivers/xen/pciback/pure/quirk.c"
#include "xtest.h"

static int parse(const char *in, size_t len, struct xen_pcibk_quirk_spec *q,
		 struct xen_pcibk_slot_error *err)
{
	char *buf = malloc(len ? len : 1);
	int ret;

	if (!buf)
		abort();
	memcpy(buf, in, len);
	ret = xen_pcibk_quirk_parse(buf, len, q, err);
	free(buf);
	return ret;
}

#define XCHECK_QUIRK(in, d, b, dv, fn, r, s, m)				\
	do {								\
		struct xen_pcibk_quirk_spec q_;				\
		XCHECK_EQ(parse(in, sizeof(in) - 1, &q_, NULL), 0);	\
		XCHECK_EQ(q_.slot.domain, d);				\
		XCHECK_EQ(q_.slot.bus, b);				\
		XCHECK_EQ(q_.slot.dev, dv);				\
		XCHECK_EQ(q_.slot.func, fn);				\
		XCHECK_EQ(q_.reg, r);					\
		XCHECK_EQ(q_.size, s);					\
		XCHECK_EQ(q_.mask, m);					\
	} while (0)

#define XCHECK_QUIRK_ERR(in, ret, at, why)				\
	do {								\
		struct xen_pcibk_quirk_spec q_ = { .reg = 0x5a5a };	\
		struct xen_pcibk_slot_error e_ = { 0 };		\
		XCHECK_EQ(parse(in, sizeof(in) - 1, &q_, &e_), ret);	\
		XCHECK_EQ(e_.pos, at);					\
		XCHECK_STR(e_.reason ? e_.reason : "(null)", why);	\
		XCHECK_EQ(q_.reg, 0x5a5a);				\
	} while (0)

XTEST(quirk_full_spec_parses)
{
	XCHECK_QUIRK("0000:00:05.0-40:4:ffffffff", 0, 0, 5, 0, 0x40, 4,
		     0xffffffffU);
}

XTEST(quirk_with_trailing_newline_parses)
{
	XCHECK_QUIRK("0000:03:1f.7-e0:2:ff00\n", 0, 3, 0x1f, 7, 0xe0, 2,
		     0xff00);
}

XTEST(quirk_without_domain_defaults_to_domain_0)
{
	XCHECK_QUIRK("04:00.1-44:1:f", 0, 4, 0, 1, 0x44, 1, 0xf);
}

XTEST(quirk_upper_case_hex_accepted)
{
	XCHECK_QUIRK("ABCD:EF:1A.3-FFC:4:DEADBEEF", 0xabcd, 0xef, 0x1a, 3,
		     0xffc, 4, 0xdeadbeefU);
}

XTEST(quirk_zero_mask_is_read_only_field)
{
	XCHECK_QUIRK("0000:00:05.0-48:2:0", 0, 0, 5, 0, 0x48, 2, 0);
}

XTEST(quirk_extended_config_register_accepted)
{
	XCHECK_QUIRK("0000:00:05.0-100:4:1", 0, 0, 5, 0, 0x100, 4, 1);
}

XTEST(quirk_wildcard_bdf_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.*-40:4:1", -EINVAL, 11,
			 "wildcard not allowed in an exact BDF");
}

XTEST(quirk_missing_dash_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0", -EINVAL, 12, "expected '-' after BDF");
}

XTEST(quirk_empty_input_rejected)
{
	XCHECK_QUIRK_ERR("", -EINVAL, 0, "expected '-' after BDF");
}

XTEST(quirk_bad_bdf_reports_bdf_error)
{
	XCHECK_QUIRK_ERR("0000:00:20.0-40:4:1", -ERANGE, 8, "device above 1f");
}

XTEST(quirk_missing_register_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-:4:1", -EINVAL, 13, "expected hex digit");
}

XTEST(quirk_register_too_long_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-1000:4:1", -ERANGE, 16,
			 "register above fff");
}

XTEST(quirk_missing_colon_after_register_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40-4:1", -EINVAL, 15,
			 "expected ':' after register");
}

XTEST(quirk_size_3_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:3:1", -EINVAL, 16,
			 "size must be 1, 2 or 4");
}

XTEST(quirk_size_0_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:0:1", -EINVAL, 16,
			 "size must be 1, 2 or 4");
}

XTEST(quirk_size_two_digits_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:04:1", -ERANGE, 17,
			 "size has more than 1 digit");
}

XTEST(quirk_misaligned_register_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-42:4:1", -EINVAL, 13,
			 "register not aligned to size");
}

XTEST(quirk_mask_wider_than_field_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:1:100", -EINVAL, 18,
			 "mask wider than the field");
}

XTEST(quirk_mask_nine_digits_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:4:1ffffffff", -ERANGE, 26,
			 "mask has more than 8 hex digits");
}

XTEST(quirk_missing_mask_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:4:", -EINVAL, 18,
			 "expected hex digit");
}

XTEST(quirk_trailing_garbage_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:4:1 ", -EINVAL, 19,
			 "expected end of input after mask");
}

XTEST(quirk_second_newline_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:4:1\n\n", -EINVAL, 20,
			 "data after trailing newline");
}

XTEST(quirk_nul_in_input_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-40:4:1\0", -EINVAL, 19,
			 "expected end of input after mask");
}

XTEST(quirk_0x_prefix_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0-0x40:4:1", -EINVAL, 14,
			 "expected ':' after register");
}

XTEST(quirk_newline_before_dash_rejected)
{
	XCHECK_QUIRK_ERR("0000:00:05.0\n-40:4:1", -EINVAL, 12,
			 "expected '-' after BDF");
}
