// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the pciback slot parser (drivers/xen/pciback/pure/slot.c):
 * single BDFs as written to new_slot/remove_slot/bind, hide= slot lists,
 * the matcher and the formatter.
 *
 * Every input is copied into a heap buffer of exactly its length, so ASan
 * catches a read past the end; inputs are string literals whose length is
 * sizeof - 1, so they may contain NUL bytes.
 */
#include "../../drivers/xen/pciback/pure/slot.c"
#include "xtest.h"

#define DEVFN(dev, fn)	(((dev) << 3) | (fn))
#define ANY		XEN_PCIBK_SLOT_ANY

static char *exact_copy(const char *in, size_t len)
{
	char *buf = malloc(len ? len : 1);

	if (!buf)
		abort();
	memcpy(buf, in, len);
	return buf;
}

static int parse_bdf(const char *in, size_t len, unsigned int flags,
		     struct xen_pcibk_slot *slot,
		     struct xen_pcibk_slot_error *err)
{
	char *buf = exact_copy(in, len);
	int ret = xen_pcibk_slot_parse(buf, len, flags, slot, err);

	free(buf);
	return ret;
}

static int parse_list(const char *in, size_t len, unsigned int flags,
		      struct xen_pcibk_slot *slots, size_t max, size_t *count,
		      struct xen_pcibk_slot_error *err)
{
	char *buf = exact_copy(in, len);
	int ret = xen_pcibk_slot_list_parse(buf, len, flags, slots, max, count,
					    err);

	free(buf);
	return ret;
}

static bool slot_is(const struct xen_pcibk_slot *s, int domain, int bus,
		    int dev, int func)
{
	return s->domain == domain && s->bus == bus && s->dev == dev &&
	       s->func == func;
}

/* Parse literal @in as a single BDF and expect it to be (d, b, dv, fn). */
#define XCHECK_BDF(in, flags, d, b, dv, fn)				\
	do {								\
		struct xen_pcibk_slot s_ = { 0 };			\
		struct xen_pcibk_slot_error e_ = { 0 };		\
		XCHECK_EQ(parse_bdf(in, sizeof(in) - 1, flags, &s_, &e_), 0); \
		XCHECK(slot_is(&s_, d, b, dv, fn));			\
	} while (0)

/* Parse literal @in as a single BDF and expect exactly this error. */
#define XCHECK_BDF_ERR(in, flags, ret, at, why)				\
	do {								\
		struct xen_pcibk_slot s_ = { 0 };			\
		struct xen_pcibk_slot_error e_ = { 0 };		\
		XCHECK_EQ(parse_bdf(in, sizeof(in) - 1, flags, &s_, &e_), ret); \
		XCHECK_EQ(e_.pos, at);					\
		XCHECK_STR(e_.reason ? e_.reason : "(null)", why);	\
	} while (0)

/* Parse literal @in as a list into max entries and expect this error. */
#define XCHECK_LIST_ERR(in, flags, max, ret, at, why)			\
	do {								\
		struct xen_pcibk_slot l_[8];				\
		struct xen_pcibk_slot_error e_ = { 0 };		\
		size_t n_;						\
		XCHECK_EQ(parse_list(in, sizeof(in) - 1, flags, l_, max, &n_, \
				     &e_), ret);			\
		XCHECK_EQ(e_.pos, at);					\
		XCHECK_STR(e_.reason ? e_.reason : "(null)", why);	\
	} while (0)

/* --- single BDF: accepted forms --- */

XTEST(bdf_with_domain_is_accepted)
{
	XCHECK_BDF("0000:04:1d.0", 0, 0, 4, 0x1d, 0);
}

XTEST(bdf_without_domain_gets_domain_zero)
{
	XCHECK_BDF("02:01.7", 0, 0, 2, 1, 7);
}

XTEST(bdf_with_trailing_newline_as_echo_writes_is_accepted)
{
	XCHECK_BDF("0000:04:1d.0\n", 0, 0, 4, 0x1d, 0);
}

XTEST(bdf_without_domain_with_trailing_newline_is_accepted)
{
	XCHECK_BDF("02:01.7\n", 0, 0, 2, 1, 7);
}

XTEST(bdf_upper_case_hex_is_accepted)
{
	XCHECK_BDF("ABCD:EF:1F.7", 0, 0xabcd, 0xef, 0x1f, 7);
}

XTEST(bdf_mixed_case_hex_is_accepted)
{
	XCHECK_BDF("aBcD:eF:1f.7", 0, 0xabcd, 0xef, 0x1f, 7);
}

XTEST(bdf_maximum_values_are_accepted)
{
	XCHECK_BDF("ffff:ff:1f.7", 0, 0xffff, 0xff, 0x1f, 7);
}

XTEST(bdf_minimum_values_are_accepted)
{
	XCHECK_BDF("0000:00:00.0", 0, 0, 0, 0, 0);
}

XTEST(bdf_fields_may_have_fewer_digits)
{
	XCHECK_BDF("1:2:3.4", 0, 1, 2, 3, 4);
	XCHECK_BDF("a:1.0", 0, 0, 0xa, 1, 0);
}

XTEST(bdf_three_digit_number_before_colon_is_a_domain)
{
	XCHECK_BDF("100:02:01.0", 0, 0x100, 2, 1, 0);
}

XTEST(bdf_wildcard_function_is_accepted)
{
	XCHECK_BDF("0000:03:00.*", 0, 0, 3, 0, ANY);
}

XTEST(bdf_wildcard_device_and_function_is_accepted)
{
	XCHECK_BDF("00:*.*", 0, 0, 0, ANY, ANY);
}

XTEST(bdf_wildcard_with_domain_and_newline_is_accepted)
{
	XCHECK_BDF("0001:02:*.*\n", 0, 1, 2, ANY, ANY);
}

XTEST(bdf_exact_mode_accepts_plain_bdf)
{
	XCHECK_BDF("0000:00:02.0\n", XEN_PCIBK_SLOT_EXACT, 0, 0, 2, 0);
}

XTEST(bdf_parse_reads_only_len_bytes)
{
	struct xen_pcibk_slot s = { 0 };

	XCHECK_EQ(parse_bdf("00:01.0garbage", 7, 0, &s, NULL), 0);
	XCHECK(slot_is(&s, 0, 0, 1, 0));
}

XTEST(bdf_parse_accepts_null_error_struct)
{
	struct xen_pcibk_slot s = { 0 };

	XCHECK_EQ(parse_bdf("00:01.0", 7, 0, &s, NULL), 0);
	XCHECK_EQ(parse_bdf("00:01.8", 7, 0, &s, NULL), -ERANGE);
}

XTEST(bdf_parse_leaves_slot_untouched_on_error)
{
	struct xen_pcibk_slot s = { .domain = 9, .bus = 9, .dev = 9,
				    .func = 1 };

	XCHECK_EQ(parse_bdf("0005:06:07.8", 12, 0, &s, NULL), -ERANGE);
	XCHECK(slot_is(&s, 9, 9, 9, 1));
}

/* --- single BDF: malformed input, exact errno, position and reason --- */

XTEST(bdf_empty_input_is_rejected)
{
	XCHECK_BDF_ERR("", 0, -EINVAL, 0, "expected hex digit");
}

XTEST(bdf_lone_newline_is_rejected)
{
	XCHECK_BDF_ERR("\n", 0, -EINVAL, 0, "expected hex digit");
}

XTEST(bdf_empty_bus_is_rejected)
{
	XCHECK_BDF_ERR(":01.0", 0, -EINVAL, 0, "expected hex digit");
}

XTEST(bdf_empty_bus_after_domain_is_rejected)
{
	XCHECK_BDF_ERR("0000::01.0", 0, -EINVAL, 5, "expected hex digit");
}

XTEST(bdf_empty_device_is_rejected)
{
	XCHECK_BDF_ERR("02:.0", 0, -EINVAL, 3, "expected hex digit");
}

XTEST(bdf_empty_function_is_rejected)
{
	XCHECK_BDF_ERR("02:01.", 0, -EINVAL, 6, "expected hex digit");
}

XTEST(bdf_missing_function_is_rejected_at_end_of_input)
{
	XCHECK_BDF_ERR("02:01", 0, -EINVAL, 5, "expected '.' after device");
}

XTEST(bdf_missing_device_dot_with_domain_is_rejected)
{
	XCHECK_BDF_ERR("02:01:0", 0, -EINVAL, 7, "expected '.' after device");
}

XTEST(bdf_wrong_separator_after_bus_is_rejected)
{
	XCHECK_BDF_ERR("02-01.0", 0, -EINVAL, 2, "expected ':' after bus");
}

XTEST(bdf_three_digit_bus_without_domain_is_out_of_range)
{
	XCHECK_BDF_ERR("002:01.0", 0, -ERANGE, 2,
		       "bus has more than 2 hex digits");
}

XTEST(bdf_three_digit_bus_with_domain_is_out_of_range)
{
	XCHECK_BDF_ERR("0000:002:01.0", 0, -ERANGE, 7,
		       "bus has more than 2 hex digits");
}

XTEST(bdf_five_digit_domain_is_out_of_range_not_truncated)
{
	XCHECK_BDF_ERR("10000:02:01.0", 0, -ERANGE, 4,
		       "domain has more than 4 hex digits");
}

XTEST(bdf_five_digit_domain_of_zeros_is_still_rejected)
{
	XCHECK_BDF_ERR("00000:02:01.0", 0, -ERANGE, 4,
		       "domain has more than 4 hex digits");
}

XTEST(bdf_three_digit_device_is_out_of_range)
{
	XCHECK_BDF_ERR("02:001.0", 0, -ERANGE, 5,
		       "device has more than 2 hex digits");
}

XTEST(bdf_device_0x20_is_out_of_range)
{
	XCHECK_BDF_ERR("02:20.0", 0, -ERANGE, 3, "device above 1f");
}

XTEST(bdf_device_ff_with_domain_is_out_of_range)
{
	XCHECK_BDF_ERR("0000:02:ff.0", 0, -ERANGE, 8, "device above 1f");
}

XTEST(bdf_device_value_error_comes_before_its_extra_digit)
{
	XCHECK_BDF_ERR("02:0:41d.0", 0, -ERANGE, 5, "device above 1f");
}

XTEST(bdf_function_value_error_comes_before_its_extra_digit)
{
	XCHECK_BDF_ERR("02:01.80", 0, -ERANGE, 6, "function above 7");
}

XTEST(bdf_function_8_is_out_of_range)
{
	XCHECK_BDF_ERR("02:01.8", 0, -ERANGE, 6, "function above 7");
}

XTEST(bdf_function_f_is_out_of_range)
{
	XCHECK_BDF_ERR("02:01.f", 0, -ERANGE, 6, "function above 7");
}

XTEST(bdf_two_digit_function_is_out_of_range)
{
	XCHECK_BDF_ERR("02:01.00", 0, -ERANGE, 7,
		       "function has more than 1 hex digit");
}

XTEST(bdf_trailing_blank_is_rejected)
{
	XCHECK_BDF_ERR("02:01.0 ", 0, -EINVAL, 7,
		       "expected end of input after function");
}

XTEST(bdf_leading_blank_is_rejected)
{
	XCHECK_BDF_ERR(" 02:01.0", 0, -EINVAL, 0, "expected hex digit");
}

XTEST(bdf_blank_inside_is_rejected)
{
	XCHECK_BDF_ERR("02 :01.0", 0, -EINVAL, 2, "expected ':' after bus");
}

XTEST(bdf_garbage_after_function_is_rejected)
{
	XCHECK_BDF_ERR("0000:02:01.0:", 0, -EINVAL, 12,
		       "expected end of input after function");
}

XTEST(bdf_two_trailing_newlines_are_rejected)
{
	XCHECK_BDF_ERR("02:01.0\n\n", 0, -EINVAL, 8,
		       "data after trailing newline");
}

XTEST(bdf_data_after_newline_is_rejected)
{
	XCHECK_BDF_ERR("02:01.0\n02:01.1", 0, -EINVAL, 8,
		       "data after trailing newline");
}

XTEST(bdf_crlf_is_rejected)
{
	XCHECK_BDF_ERR("02:01.0\r\n", 0, -EINVAL, 7,
		       "expected end of input after function");
}

XTEST(bdf_nul_byte_inside_is_rejected)
{
	XCHECK_BDF_ERR("02:01\0.0", 0, -EINVAL, 5, "expected '.' after device");
}

XTEST(bdf_nul_byte_after_is_rejected)
{
	XCHECK_BDF_ERR("02:01.0\0", 0, -EINVAL, 7,
		       "expected end of input after function");
}

XTEST(bdf_leading_plus_is_rejected)
{
	XCHECK_BDF_ERR("+02:01.0", 0, -EINVAL, 0, "expected hex digit");
}

XTEST(bdf_leading_minus_is_rejected)
{
	XCHECK_BDF_ERR("-1:01.0", 0, -EINVAL, 0, "expected hex digit");
}

XTEST(bdf_0x_prefix_is_rejected)
{
	XCHECK_BDF_ERR("0x02:01.0", 0, -EINVAL, 1, "expected ':' after bus");
}

XTEST(bdf_0x_prefix_on_device_is_rejected)
{
	XCHECK_BDF_ERR("02:0x1.0", 0, -EINVAL, 4, "expected '.' after device");
}

XTEST(bdf_non_hex_letter_is_rejected)
{
	XCHECK_BDF_ERR("0000:00:1g.0", 0, -EINVAL, 9,
		       "expected '.' after device");
}

XTEST(bdf_non_ascii_byte_is_rejected)
{
	XCHECK_BDF_ERR("\3772:01.0", 0, -EINVAL, 0, "expected hex digit");
}

XTEST(bdf_wildcard_bus_is_rejected)
{
	XCHECK_BDF_ERR("*:01.0", 0, -EINVAL, 0,
		       "wildcard only allowed for device and function");
}

XTEST(bdf_wildcard_bus_after_domain_is_rejected)
{
	XCHECK_BDF_ERR("0000:*:01.0", 0, -EINVAL, 5,
		       "wildcard only allowed for device and function");
}

XTEST(bdf_wildcard_domain_is_rejected)
{
	XCHECK_BDF_ERR("*:00:01.0", 0, -EINVAL, 0,
		       "wildcard only allowed for device and function");
}

XTEST(bdf_wildcard_device_with_exact_function_is_rejected)
{
	XCHECK_BDF_ERR("00:*.3", 0, -EINVAL, 5,
		       "wildcard device needs wildcard function");
}

XTEST(bdf_wildcard_device_with_out_of_range_function_is_rejected_first)
{
	XCHECK_BDF_ERR("00:*.23", 0, -EINVAL, 5,
		       "wildcard device needs wildcard function");
}

XTEST(bdf_double_wildcard_device_is_rejected)
{
	XCHECK_BDF_ERR("02:**.*", 0, -EINVAL, 4, "expected '.' after device");
}

XTEST(bdf_wildcard_function_in_exact_mode_is_rejected)
{
	XCHECK_BDF_ERR("0000:00:01.*", XEN_PCIBK_SLOT_EXACT, -EINVAL, 11,
		       "wildcard not allowed in an exact BDF");
}

XTEST(bdf_wildcard_device_in_exact_mode_is_rejected)
{
	XCHECK_BDF_ERR("00:*.*\n", XEN_PCIBK_SLOT_EXACT, -EINVAL, 3,
		       "wildcard not allowed in an exact BDF");
}

XTEST(bdf_in_parentheses_is_rejected)
{
	XCHECK_BDF_ERR("(00:01.0)", 0, -EINVAL, 0, "expected hex digit");
}

/* --- hide= lists: accepted forms --- */

XTEST(list_empty_string_has_zero_entries)
{
	struct xen_pcibk_slot l[2];
	size_t n = 99;

	XCHECK_EQ(parse_list("", 0, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 0);
}

XTEST(list_of_blanks_and_newline_has_zero_entries)
{
	struct xen_pcibk_slot l[2];
	size_t n = 99;

	XCHECK_EQ(parse_list(" \t\n", 3, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 0);
}

XTEST(list_with_one_entry_is_accepted)
{
	struct xen_pcibk_slot l[2];
	size_t n = 0;

	XCHECK_EQ(parse_list("(02:01.7)", 9, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 1);
	XCHECK(slot_is(&l[0], 0, 2, 1, 7));
}

XTEST(list_with_and_without_domain_is_accepted)
{
	static const char in[] = "(02:01.7)(0000:04:1d.0)";
	struct xen_pcibk_slot l[2];
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 2);
	XCHECK(slot_is(&l[0], 0, 2, 1, 7));
	XCHECK(slot_is(&l[1], 0, 4, 0x1d, 0));
}

XTEST(list_allows_blanks_between_entries_and_around_parentheses)
{
	static const char in[] = " \t( 02:01.7\t) \t(0000:04:1D.0 )\t ";
	struct xen_pcibk_slot l[2];
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 2);
	XCHECK(slot_is(&l[0], 0, 2, 1, 7));
	XCHECK(slot_is(&l[1], 0, 4, 0x1d, 0));
}

XTEST(list_allows_one_trailing_newline)
{
	struct xen_pcibk_slot l[2];
	size_t n = 0;

	XCHECK_EQ(parse_list("(02:01.7)\n", 10, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 1);
	XCHECK_EQ(parse_list("(02:01.7) \t\n", 12, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 1);
}

XTEST(list_accepts_wildcards)
{
	static const char in[] = "(00:*.*)(0000:03:00.*)";
	struct xen_pcibk_slot l[2];
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 2);
	XCHECK(slot_is(&l[0], 0, 0, ANY, ANY));
	XCHECK(slot_is(&l[1], 0, 3, 0, ANY));
}

XTEST(list_accepts_maximum_values)
{
	struct xen_pcibk_slot l[1];
	size_t n = 0;

	XCHECK_EQ(parse_list("(FFFF:FF:1F.7)", 14, 0, l, 1, &n, NULL), 0);
	XCHECK_EQ(n, 1);
	XCHECK(slot_is(&l[0], 0xffff, 0xff, 0x1f, 7));
}

XTEST(list_filling_the_array_exactly_is_accepted)
{
	static const char in[] = "(00:01.0)(00:02.0)";
	struct xen_pcibk_slot l[2];
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, l, 2, &n, NULL), 0);
	XCHECK_EQ(n, 2);
}

XTEST(list_counting_mode_stores_nothing_and_counts_all)
{
	static const char in[] = "(00:01.0) (00:02.0) (00:*.*)\n";
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, NULL, 0, &n, NULL), 0);
	XCHECK_EQ(n, 3);
}

XTEST(list_counting_mode_still_validates)
{
	static const char in[] = "(00:01.0)(00:02.8)";
	struct xen_pcibk_slot_error e = { 0 };
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, NULL, 0, &n, &e), -ERANGE);
	XCHECK_EQ(n, 1);
	XCHECK_EQ(e.pos, 16);
}

XTEST(list_next_iterates_entries_then_reports_end)
{
	static const char in[] = " (00:01.0) (0001:02:*.*)\t\n";
	struct xen_pcibk_slot s = { 0 };
	size_t pos = 0;

	XCHECK_EQ(xen_pcibk_slot_list_next(in, sizeof(in) - 1, &pos, 0, &s,
					   NULL), 1);
	XCHECK(slot_is(&s, 0, 0, 1, 0));
	XCHECK_EQ(pos, 10);
	XCHECK_EQ(xen_pcibk_slot_list_next(in, sizeof(in) - 1, &pos, 0, &s,
					   NULL), 1);
	XCHECK(slot_is(&s, 1, 2, ANY, ANY));
	XCHECK_EQ(xen_pcibk_slot_list_next(in, sizeof(in) - 1, &pos, 0, &s,
					   NULL), 0);
	XCHECK_EQ(pos, sizeof(in) - 1);
	XCHECK_EQ(xen_pcibk_slot_list_next(in, sizeof(in) - 1, &pos, 0, &s,
					   NULL), 0);
}

XTEST(list_next_leaves_position_and_slot_alone_on_error)
{
	static const char in[] = "(00:01.0)(00:02.8)";
	struct xen_pcibk_slot_error e = { 0 };
	struct xen_pcibk_slot s = { 0 };
	size_t pos = 9;

	XCHECK_EQ(xen_pcibk_slot_list_next(in, sizeof(in) - 1, &pos, 0, &s,
					   &e), -ERANGE);
	XCHECK_EQ(pos, 9);
	XCHECK_EQ(e.pos, 16);
	XCHECK(slot_is(&s, 0, 0, 0, 0));
}

XTEST(list_next_rejects_position_beyond_end)
{
	struct xen_pcibk_slot_error e = { 0 };
	struct xen_pcibk_slot s;
	size_t pos = 5;

	XCHECK_EQ(xen_pcibk_slot_list_next("(", 1, &pos, 0, &s, &e), -EINVAL);
	XCHECK_EQ(e.pos, 1);
}

XTEST(list_keeps_entries_parsed_before_an_error)
{
	static const char in[] = "(02:01.7)(x";
	struct xen_pcibk_slot l[4];
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, l, 4, &n, NULL), -EINVAL);
	XCHECK_EQ(n, 1);
	XCHECK(slot_is(&l[0], 0, 2, 1, 7));
}

/* --- hide= lists: malformed input --- */

XTEST(list_function_f_is_out_of_range)
{
	XCHECK_LIST_ERR("(02:01.f)(0000:04:1d.0)", 0, 8, -ERANGE, 7,
			"function above 7");
}

XTEST(list_missing_closing_parenthesis_is_rejected)
{
	XCHECK_LIST_ERR("(02:01.7", 0, 8, -EINVAL, 8, "expected ')'");
}

XTEST(list_entry_without_parentheses_is_rejected)
{
	XCHECK_LIST_ERR("02:01.7", 0, 8, -EINVAL, 0, "expected '('");
}

XTEST(list_nested_parentheses_are_rejected)
{
	XCHECK_LIST_ERR("((02:01.7))", 0, 8, -EINVAL, 1, "expected hex digit");
}

XTEST(list_extra_closing_parenthesis_is_rejected)
{
	XCHECK_LIST_ERR("(02:01.7))", 0, 8, -EINVAL, 9, "expected '('");
}

XTEST(list_empty_entry_is_rejected)
{
	XCHECK_LIST_ERR("(00:01.0)()", 0, 8, -EINVAL, 10, "expected hex digit");
}

XTEST(list_trailing_garbage_is_rejected)
{
	XCHECK_LIST_ERR("(02:01.7)x", 0, 8, -EINVAL, 9, "expected '('");
}

XTEST(list_garbage_inside_entry_is_rejected)
{
	XCHECK_LIST_ERR("(02:01.7x)", 0, 8, -EINVAL, 8, "expected ')'");
}

XTEST(list_comma_separator_is_rejected)
{
	XCHECK_LIST_ERR("(02:01.7),(00:02.0)", 0, 8, -EINVAL, 9,
			"expected '('");
}

XTEST(list_blank_inside_bdf_is_rejected)
{
	XCHECK_LIST_ERR("(02: 01.7)", 0, 8, -EINVAL, 4, "expected hex digit");
}

XTEST(list_two_trailing_newlines_are_rejected)
{
	XCHECK_LIST_ERR("(02:01.7)\n\n", 0, 8, -EINVAL, 10,
			"data after trailing newline");
}

XTEST(list_newline_between_entries_is_rejected)
{
	XCHECK_LIST_ERR("(02:01.7)\n(00:02.0)", 0, 8, -EINVAL, 10,
			"data after trailing newline");
}

XTEST(list_nul_byte_is_rejected)
{
	XCHECK_LIST_ERR("(02:01.7\0)", 0, 8, -EINVAL, 8, "expected ')'");
}

XTEST(list_wildcard_bus_is_rejected)
{
	XCHECK_LIST_ERR("(*:01.0)", 0, 8, -EINVAL, 1,
			"wildcard only allowed for device and function");
}

XTEST(list_wildcard_in_exact_mode_is_rejected)
{
	XCHECK_LIST_ERR("(00:01.0)(00:01.*)", XEN_PCIBK_SLOT_EXACT, 8, -EINVAL,
			16, "wildcard not allowed in an exact BDF");
}

XTEST(list_overflow_is_no_space_at_the_first_entry_that_does_not_fit)
{
	static const char in[] = "(02:01.7)(00:02.0) (00:03.0)";
	struct xen_pcibk_slot_error e = { 0 };
	struct xen_pcibk_slot l[2];
	size_t n = 0;

	XCHECK_EQ(parse_list(in, sizeof(in) - 1, 0, l, 2, &n, &e), -ENOSPC);
	XCHECK_EQ(n, 2);
	XCHECK_EQ(e.pos, 19);
	XCHECK_STR(e.reason, "too many entries");
	XCHECK(slot_is(&l[1], 0, 0, 2, 0));
}

XTEST(list_overflow_into_empty_array_is_no_space)
{
	XCHECK_LIST_ERR(" (00:01.0)", 0, 0, -ENOSPC, 1, "too many entries");
}

XTEST(list_syntax_error_in_overflowing_entry_wins_over_no_space)
{
	XCHECK_LIST_ERR("(02:01.7)(00:02.8)", 0, 1, -ERANGE, 16,
			"function above 7");
}

XTEST(list_error_after_overflow_is_reported_as_no_space)
{
	XCHECK_LIST_ERR("(02:01.7)(00:02.0)(x", 0, 1, -ENOSPC, 9,
			"too many entries");
}

/* --- matcher --- */

XTEST(match_exact_slot_matches_only_its_function)
{
	struct xen_pcibk_slot s = { .domain = 0, .bus = 2, .dev = 1,
				    .func = 7 };

	XCHECK(xen_pcibk_slot_match(&s, 0, 2, DEVFN(1, 7)));
	XCHECK(!xen_pcibk_slot_match(&s, 0, 2, DEVFN(1, 6)));
	XCHECK(!xen_pcibk_slot_match(&s, 0, 2, DEVFN(2, 7)));
	XCHECK(!xen_pcibk_slot_match(&s, 0, 3, DEVFN(1, 7)));
	XCHECK(!xen_pcibk_slot_match(&s, 1, 2, DEVFN(1, 7)));
}

XTEST(match_wildcard_function_matches_every_function_of_the_device)
{
	struct xen_pcibk_slot s = { .domain = 0, .bus = 3, .dev = 0,
				    .func = ANY };
	unsigned int devfn, hits = 0;

	for (devfn = 0; devfn < 256; devfn++)
		hits += xen_pcibk_slot_match(&s, 0, 3, devfn);
	XCHECK_EQ(hits, 8);
	XCHECK(xen_pcibk_slot_match(&s, 0, 3, DEVFN(0, 7)));
	XCHECK(!xen_pcibk_slot_match(&s, 0, 3, DEVFN(1, 0)));
}

XTEST(match_wildcard_device_matches_the_whole_bus_only)
{
	struct xen_pcibk_slot s = { .domain = 1, .bus = 0, .dev = ANY,
				    .func = ANY };
	unsigned int devfn, hits = 0;

	for (devfn = 0; devfn < 256; devfn++)
		hits += xen_pcibk_slot_match(&s, 1, 0, devfn);
	XCHECK_EQ(hits, 256);
	XCHECK(!xen_pcibk_slot_match(&s, 1, 1, 0));
	XCHECK(!xen_pcibk_slot_match(&s, 0, 0, 0));
}

XTEST(match_devfn_above_ff_never_matches)
{
	struct xen_pcibk_slot s = { .domain = 0, .bus = 0, .dev = ANY,
				    .func = ANY };

	XCHECK(!xen_pcibk_slot_match(&s, 0, 0, 0x100));
}

XTEST(match_domain_above_ffff_never_matches)
{
	struct xen_pcibk_slot s = { .domain = 0, .bus = 0, .dev = 0,
				    .func = 0 };

	XCHECK(!xen_pcibk_slot_match(&s, 0x10000, 0, 0));
	XCHECK(!xen_pcibk_slot_match(&s, 0, 0x100, 0));
}

/* --- formatter --- */

XTEST(format_writes_canonical_lower_case_form)
{
	struct xen_pcibk_slot s = { .domain = 0xabcd, .bus = 0xef, .dev = 0x1f,
				    .func = 7 };
	char buf[XEN_PCIBK_SLOT_STR_SIZE];

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, sizeof(buf)), 12);
	XCHECK_STR(buf, "abcd:ef:1f.7");
}

XTEST(format_pads_every_field)
{
	struct xen_pcibk_slot s = { .domain = 0, .bus = 2, .dev = 1,
				    .func = 0 };
	char buf[XEN_PCIBK_SLOT_STR_SIZE];

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, sizeof(buf)), 12);
	XCHECK_STR(buf, "0000:02:01.0");
}

XTEST(format_writes_wildcard_function_as_star)
{
	struct xen_pcibk_slot s = { .domain = 0, .bus = 3, .dev = 0,
				    .func = ANY };
	char buf[XEN_PCIBK_SLOT_STR_SIZE];

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, sizeof(buf)), 12);
	XCHECK_STR(buf, "0000:03:00.*");
}

XTEST(format_writes_wildcard_device_as_star)
{
	struct xen_pcibk_slot s = { .domain = 0, .bus = 0, .dev = ANY,
				    .func = ANY };
	char buf[XEN_PCIBK_SLOT_STR_SIZE];

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, sizeof(buf)), 11);
	XCHECK_STR(buf, "0000:00:*.*");
}

XTEST(format_into_exactly_fitting_buffer_succeeds)
{
	struct xen_pcibk_slot s = { .domain = 1, .bus = 2, .dev = 3,
				    .func = 4 };
	char *buf = malloc(13);

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, 13), 12);
	XCHECK_STR(buf, "0001:02:03.4");
	free(buf);
}

XTEST(format_into_short_buffer_is_no_space_and_not_truncated)
{
	struct xen_pcibk_slot s = { .domain = 1, .bus = 2, .dev = 3,
				    .func = 4 };
	char *buf = malloc(12);

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, 12), -ENOSPC);
	XCHECK_STR(buf, "");
	free(buf);
}

XTEST(format_into_zero_size_buffer_writes_nothing)
{
	struct xen_pcibk_slot s = { .domain = 1, .bus = 2, .dev = 3,
				    .func = 4 };
	char buf[1] = { 'x' };

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, 0), -ENOSPC);
	XCHECK_EQ(buf[0], 'x');
}

XTEST(format_rejects_out_of_range_slot)
{
	struct xen_pcibk_slot dev = { .dev = 0x20, .func = 0 };
	struct xen_pcibk_slot func = { .dev = 0, .func = 8 };
	struct xen_pcibk_slot neg = { .dev = -2, .func = 0 };
	char buf[XEN_PCIBK_SLOT_STR_SIZE];

	XCHECK_EQ(xen_pcibk_slot_format(&dev, buf, sizeof(buf)), -EINVAL);
	XCHECK_EQ(xen_pcibk_slot_format(&func, buf, sizeof(buf)), -EINVAL);
	XCHECK_EQ(xen_pcibk_slot_format(&neg, buf, sizeof(buf)), -EINVAL);
}

XTEST(format_rejects_wildcard_device_with_exact_function)
{
	struct xen_pcibk_slot s = { .dev = ANY, .func = 3 };
	char buf[XEN_PCIBK_SLOT_STR_SIZE];

	XCHECK_EQ(xen_pcibk_slot_format(&s, buf, sizeof(buf)), -EINVAL);
}

XTEST(format_output_parses_back_to_the_same_slot)
{
	static const char * const in[] = {
		"2:1.7", "ABCD:EF:1F.7", "0000:03:00.*", "00:*.*", "ffff:ff:1f.7",
	};
	char buf[XEN_PCIBK_SLOT_STR_SIZE];
	struct xen_pcibk_slot a, b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(in); i++) {
		XCHECK_EQ(parse_bdf(in[i], strlen(in[i]), 0, &a, NULL), 0);
		XCHECK(xen_pcibk_slot_format(&a, buf, sizeof(buf)) > 0);
		XCHECK_EQ(parse_bdf(buf, strlen(buf), 0, &b, NULL), 0);
		XCHECK(slot_is(&b, a.domain, a.bus, a.dev, a.func));
	}
}
