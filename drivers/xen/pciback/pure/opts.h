/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * opts.h - parser for the toolstack's per-function options, opts-N.
 *
 * libxl writes, beside each dev-N under the backend node, a line such as
 * "msitranslate=0,power_mgmt=0,permissive=1,rdm_policy=strict":
 *
 *	key   := [a-z_]+
 *	value := [A-Za-z0-9_]+
 *	opts  := [ key '=' value { ',' key '=' value } ]
 *
 * Only "permissive" concerns a PV backend; its value must be 0 or 1.
 * Other keys are for device models and are skipped, so a newer toolstack
 * adding keys keeps working.  A key given twice takes the last value.
 * Errors are -EINVAL with the offending offset and a reason, as for the
 * slot parser; nothing is stored then.
 */
#ifndef XEN_PCIBK_PURE_OPTS_H
#define XEN_PCIBK_PURE_OPTS_H

#include <xen/xendd-pure.h>
#include "slot.h"

/**
 * struct xen_pcibk_opts - what opts-N asks of the backend
 * @permissive: "permissive=1": the guest may write any config register
 */
struct xen_pcibk_opts {
	bool permissive;
};

int xen_pcibk_opts_parse(const char *buf, size_t len,
			 struct xen_pcibk_opts *opts,
			 struct xen_pcibk_slot_error *err);

#endif /* XEN_PCIBK_PURE_OPTS_H */
