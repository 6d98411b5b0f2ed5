// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the parser of the toolstack's opts-N line (pure/opts.c).
 */
#include "../../drivers/xen/pciback/pure/opts.c"
#include "xtest.h"

#define XCHECK_OPTS(in, perm)						\
	do {								\
		struct xen_pcibk_opts o_ = { .permissive = !(perm) };	\
		XCHECK_EQ(xen_pcibk_opts_parse(in, sizeof(in) - 1, &o_,	\
					       NULL), 0);		\
		XCHECK_EQ(o_.permissive, perm);				\
	} while (0)

#define XCHECK_OPTS_ERR(in, at, why)					\
	do {								\
		struct xen_pcibk_opts o_ = { .permissive = true };	\
		struct xen_pcibk_slot_error e_ = { 0 };			\
		XCHECK_EQ(xen_pcibk_opts_parse(in, sizeof(in) - 1, &o_,	\
					       &e_), -EINVAL);		\
		XCHECK_EQ(e_.pos, at);					\
		XCHECK_STR(e_.reason ? e_.reason : "(null)", why);	\
		XCHECK_EQ(o_.permissive, true);				\
	} while (0)

XTEST(opts_libxl_default_line)
{
	XCHECK_OPTS("msitranslate=0,power_mgmt=0,permissive=0,rdm_policy=strict",
		    false);
}

XTEST(opts_libxl_permissive_line)
{
	XCHECK_OPTS("msitranslate=1,power_mgmt=0,permissive=1,rdm_policy=relaxed",
		    true);
}

XTEST(opts_empty_means_defaults)
{
	XCHECK_OPTS("", false);
}

XTEST(opts_permissive_alone)
{
	XCHECK_OPTS("permissive=1", true);
}

XTEST(opts_last_value_wins)
{
	XCHECK_OPTS("permissive=1,permissive=0", false);
	XCHECK_OPTS("permissive=0,permissive=1", true);
}

XTEST(opts_unknown_keys_skipped)
{
	XCHECK_OPTS("seize=1,future_key=Abc_9,permissive=1", true);
}

XTEST(opts_longer_key_is_not_permissive)
{
	XCHECK_OPTS("permissive_x=7", false);
	XCHECK_OPTS("xpermissive=7", false);
}

XTEST(opts_permissive_value_checked)
{
	XCHECK_OPTS_ERR("permissive=2", 11, "permissive must be 0 or 1");
	XCHECK_OPTS_ERR("permissive=10", 11, "permissive must be 0 or 1");
	XCHECK_OPTS_ERR("permissive=yes", 11, "permissive must be 0 or 1");
}

XTEST(opts_syntax_errors)
{
	XCHECK_OPTS_ERR("=1", 0, "expected a key");
	XCHECK_OPTS_ERR("permissive", 10, "expected '=' after key");
	XCHECK_OPTS_ERR("permissive=", 11, "expected a value");
	XCHECK_OPTS_ERR("a=1,", 4, "expected a key after ','");
	XCHECK_OPTS_ERR("a=1,,b=2", 4, "expected a key");
	XCHECK_OPTS_ERR("a=1 b=2", 3, "expected ',' after value");
	XCHECK_OPTS_ERR("Key=1", 0, "expected a key");
	XCHECK_OPTS_ERR("a=1\n", 3, "expected ',' after value");
}

XTEST(opts_nul_rejected)
{
	XCHECK_OPTS_ERR("a=1\0", 3, "expected ',' after value");
	XCHECK_OPTS_ERR("a\0=1", 1, "expected '=' after key");
}

XTEST(opts_err_may_be_null)
{
	struct xen_pcibk_opts o;

	XCHECK_EQ(xen_pcibk_opts_parse("x", 1, &o, NULL), -EINVAL);
}
