// SPDX-License-Identifier: GPL-2.0-only
/*
 * rebind.c - the checks behind a driver-domain restart (rebind.h).
 *
 * A backend path written by the toolstack has the form
 * "/local/domain/<backend-id>/backend/vif/<frontend-id>/<devid>"
 * (xen/interface/io/xenbus.h and docs/misc/xenstore-paths of Xen).
 */
#include <xen/xendd-pure.h>
#include "rebind.h"
#include "state.h"
#include "xenstore.h"

#define XENNET_DOMID_MAX	0x7fef	/* DOMID_FIRST_RESERVED - 1 */
#define XENNET_DEVID_MAX	0xffff

/**
 * xennet_backend_lost() - did the backend vanish under a set-up device?
 * @frontend: our state (XENNET_XB_*)
 * @backend: the backend's state as read; Unknown when missing or unparsable
 * @dir_exists: the backend's directory is still in xenstore
 *
 * A backend directory disappears without going through Closing when its
 * domain was destroyed (the toolstack removes the dead domain's whole
 * tree).  Only then, and only while we are between Initialising and
 * Connected, is the device kept for a new backend: a Closing or Closed
 * frontend is being removed by the toolstack, which deletes both ends.
 * A state that reads as Unknown while the directory is still there is a
 * garbage value (a confused backend or toolstack), not a dead domain: like
 * any state we do not know, it is ignored.
 *
 * Return: true when the device should wait for a new backend.
 */
bool xennet_backend_lost(u32 frontend, u32 backend, bool dir_exists)
{
	if (backend != XENNET_XB_UNKNOWN || dir_exists)
		return false;
	return frontend >= XENNET_XB_INITIALISING &&
	       frontend <= XENNET_XB_CONNECTED;
}

/*
 * Match the literal @lit at *pos; advance past it.
 */
static bool xennet_path_lit(const char *s, size_t len, size_t *pos,
			    const char *lit)
{
	size_t n = strlen(lit);

	if (len - *pos < n || memcmp(s + *pos, lit, n))
		return false;
	*pos += n;
	return true;
}

/*
 * Parse the decimal component at *pos, up to the next '/' or the end;
 * advance past it.  No sign, no leading zero (other than "0" itself): a
 * path names one node, not one of several spellings.
 */
static int xennet_path_uint(const char *s, size_t len, size_t *pos, u32 max,
			    u32 *val)
{
	size_t start = *pos, end = *pos;

	while (end < len && s[end] != '/')
		end++;
	if (end - start > 1 && s[start] == '0')
		return -EINVAL;
	*pos = end;
	return xennet_parse_uint(s + start, end - start, max, val);
}

/**
 * xennet_parse_backend_path() - split a vif backend path into its numbers.
 * @s: the value of the frontend's "backend" key
 * @len: its length; a single trailing NUL is tolerated
 * @backend_id: the backend domain named by the path
 * @frontend_id: the frontend domain named by the path
 * @devid: the device number named by the path
 *
 * Return: 0, or -EINVAL for anything but
 * "/local/domain/<id>/backend/vif/<id>/<devid>" with in-range numbers.
 * The outputs are written only on success.
 */
int xennet_parse_backend_path(const char *s, size_t len, u32 *backend_id,
			      u32 *frontend_id, u32 *devid)
{
	u32 be, fe, dev;
	size_t pos = 0;

	if (len && s[len - 1] == '\0')
		len--;
	if (!xennet_path_lit(s, len, &pos, "/local/domain/") ||
	    xennet_path_uint(s, len, &pos, XENNET_DOMID_MAX, &be) ||
	    !xennet_path_lit(s, len, &pos, "/backend/vif/") ||
	    xennet_path_uint(s, len, &pos, XENNET_DOMID_MAX, &fe) ||
	    !xennet_path_lit(s, len, &pos, "/") ||
	    xennet_path_uint(s, len, &pos, XENNET_DEVID_MAX, &dev) ||
	    pos != len)
		return -EINVAL;
	*backend_id = be;
	*frontend_id = fe;
	*devid = dev;
	return 0;
}

/**
 * xennet_parse_devid() - the device number of our own xenstore node.
 * @nodename: "device/vif/<devid>" (the xenbus device's nodename)
 * @len: its length
 * @devid: where to store the number (untouched on error)
 *
 * Return: 0 or -EINVAL.
 */
int xennet_parse_devid(const char *nodename, size_t len, u32 *devid)
{
	size_t pos = 0;
	u32 v;

	if (!xennet_path_lit(nodename, len, &pos, "device/vif/") ||
	    xennet_path_uint(nodename, len, &pos, XENNET_DEVID_MAX, &v) ||
	    pos != len)
		return -EINVAL;
	*devid = v;
	return 0;
}

/**
 * xennet_rebind_target_ok() - may we connect to this new backend?
 * @path: the new value of our "backend" key
 * @len: its length
 * @backend_id: the new value of our "backend-id" key
 * @devid: our own device number
 *
 * Our directory is writable by ourselves, so these keys are only as good
 * as their consistency: the path must be a vif backend path, of the
 * domain "backend-id" names and of our device number.  The grants and
 * event channels of the next connection go to "backend-id".
 *
 * Return: 0, or -EINVAL when the keys disagree or are malformed.
 */
int xennet_rebind_target_ok(const char *path, size_t len, u32 backend_id,
			    u32 devid)
{
	u32 be, fe, dev;

	if (xennet_parse_backend_path(path, len, &be, &fe, &dev))
		return -EINVAL;
	if (be != backend_id || dev != devid)
		return -EINVAL;
	return 0;
}
