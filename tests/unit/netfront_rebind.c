// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of xen-netfront's driver-domain restart checks
 * (pure/rebind.c): when a vanished backend keeps the device, and which
 * new backend keys are accepted.
 */
#include "../../drivers/net/xen-netfront/pure/xenstore.c"
#include "../../drivers/net/xen-netfront/pure/rebind.c"
#include "xtest.h"

static int path_of(const char *s, u32 *be, u32 *fe, u32 *dev)
{
	return xennet_parse_backend_path(s, strlen(s), be, fe, dev);
}

static int target(const char *s, u32 be, u32 dev)
{
	return xennet_rebind_target_ok(s, strlen(s), be, dev);
}

XTEST(backend_gone_while_connected_is_lost)
{
	XCHECK(xennet_backend_lost(XENNET_XB_CONNECTED, XENNET_XB_UNKNOWN, false));
}

XTEST(backend_gone_while_connecting_is_lost)
{
	XCHECK(xennet_backend_lost(XENNET_XB_INITIALISING, XENNET_XB_UNKNOWN, false));
	XCHECK(xennet_backend_lost(XENNET_XB_INIT_WAIT, XENNET_XB_UNKNOWN, false));
	XCHECK(xennet_backend_lost(XENNET_XB_INITIALISED, XENNET_XB_UNKNOWN, false));
}

XTEST(backend_gone_while_closing_is_a_removal_not_a_loss)
{
	XCHECK(!xennet_backend_lost(XENNET_XB_CLOSING, XENNET_XB_UNKNOWN, false));
	XCHECK(!xennet_backend_lost(XENNET_XB_CLOSED, XENNET_XB_UNKNOWN, false));
	XCHECK(!xennet_backend_lost(XENNET_XB_UNKNOWN, XENNET_XB_UNKNOWN, false));
}

/*
 * A garbage "state" (dom0 rewrote it, or the backend is confused) reads
 * as Unknown, but the backend's directory is still there: ignored, as
 * mainline ignores it.  Taken for a dead domain (found writing the faults
 * scenario's case 3), it dropped the queues, and the device stayed
 * "lost" once the same backend answered again, so that a later real loss
 * would have been ignored.
 */
XTEST(garbage_state_with_the_directory_present_is_not_a_loss)
{
	XCHECK(!xennet_backend_lost(XENNET_XB_CONNECTED, XENNET_XB_UNKNOWN, true));
	XCHECK(!xennet_backend_lost(XENNET_XB_INITIALISING, XENNET_XB_UNKNOWN, true));
	XCHECK(!xennet_backend_lost(XENNET_XB_CONNECTED, XENNET_XB_CONNECTED, true));
}

XTEST(backend_closing_is_not_a_loss)
{
	XCHECK(!xennet_backend_lost(XENNET_XB_CONNECTED, XENNET_XB_CLOSING, false));
	XCHECK(!xennet_backend_lost(XENNET_XB_CONNECTED, XENNET_XB_CLOSED, false));
	XCHECK(!xennet_backend_lost(XENNET_XB_CONNECTED, XENNET_XB_INIT_WAIT, false));
}

XTEST(backend_path_parses)
{
	u32 be = 99, fe = 99, dev = 99;

	XCHECK_EQ(path_of("/local/domain/7/backend/vif/12/0", &be, &fe, &dev), 0);
	XCHECK_EQ(be, 7);
	XCHECK_EQ(fe, 12);
	XCHECK_EQ(dev, 0);
}

XTEST(backend_path_in_dom0_parses)
{
	u32 be = 99, fe, dev;

	XCHECK_EQ(path_of("/local/domain/0/backend/vif/3/1", &be, &fe, &dev), 0);
	XCHECK_EQ(be, 0);
	XCHECK_EQ(dev, 1);
}

XTEST(backend_path_with_trailing_nul_parses)
{
	const char s[] = "/local/domain/7/backend/vif/12/0";
	u32 be, fe, dev;

	XCHECK_EQ(xennet_parse_backend_path(s, sizeof(s), &be, &fe, &dev), 0);
}

XTEST(backend_path_of_another_device_type_is_rejected)
{
	u32 be, fe, dev;

	XCHECK_EQ(path_of("/local/domain/7/backend/vbd/12/0", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("/local/domain/7/backend/vif", &be, &fe, &dev), -EINVAL);
}

XTEST(backend_path_with_extra_components_is_rejected)
{
	u32 be, fe, dev;

	XCHECK_EQ(path_of("/local/domain/7/backend/vif/12/0/", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("/local/domain/7/backend/vif/12/0/state", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("/local/domain/7/backend/vif/12", &be, &fe, &dev), -EINVAL);
}

XTEST(backend_path_with_odd_numbers_is_rejected)
{
	u32 be, fe, dev;

	XCHECK_EQ(path_of("/local/domain/07/backend/vif/12/0", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("/local/domain/-7/backend/vif/12/0", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("/local/domain//backend/vif/12/0", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("/local/domain/7x/backend/vif/12/0", &be, &fe, &dev), -EINVAL);
}

XTEST(backend_path_with_reserved_domid_is_rejected)
{
	u32 be, fe, dev;

	/* DOMID_SELF (0x7ff0) and above are not domains. */
	XCHECK_EQ(path_of("/local/domain/32752/backend/vif/12/0", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("/local/domain/32751/backend/vif/12/0", &be, &fe, &dev), 0);
	XCHECK_EQ(path_of("/local/domain/7/backend/vif/12/65536", &be, &fe, &dev), -EINVAL);
}

XTEST(backend_path_failure_leaves_outputs_alone)
{
	u32 be = 5, fe = 6, dev = 7;

	XCHECK_EQ(path_of("/local/domain/7/backend/vif/12/x", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(be, 5);
	XCHECK_EQ(fe, 6);
	XCHECK_EQ(dev, 7);
}

XTEST(backend_path_relative_is_rejected)
{
	u32 be, fe, dev;

	XCHECK_EQ(path_of("local/domain/7/backend/vif/12/0", &be, &fe, &dev), -EINVAL);
	XCHECK_EQ(path_of("", &be, &fe, &dev), -EINVAL);
}

XTEST(devid_of_nodename_parses)
{
	u32 dev = 99;

	XCHECK_EQ(xennet_parse_devid("device/vif/3", 12, &dev), 0);
	XCHECK_EQ(dev, 3);
	XCHECK_EQ(xennet_parse_devid("device/vbd/3", 12, &dev), -EINVAL);
	XCHECK_EQ(xennet_parse_devid("device/vif/", 11, &dev), -EINVAL);
}

XTEST(rebind_to_the_domain_backend_id_names_is_accepted)
{
	XCHECK_EQ(target("/local/domain/9/backend/vif/4/0", 9, 0), 0);
}

XTEST(rebind_whose_path_and_backend_id_disagree_is_rejected)
{
	/* Grants would go to one domain while another serves the device. */
	XCHECK_EQ(target("/local/domain/9/backend/vif/4/0", 8, 0), -EINVAL);
}

XTEST(rebind_to_another_device_number_is_rejected)
{
	XCHECK_EQ(target("/local/domain/9/backend/vif/4/1", 9, 0), -EINVAL);
}
