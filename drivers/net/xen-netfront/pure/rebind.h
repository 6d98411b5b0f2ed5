/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rebind.h - deciding when the backend is gone and whether a new one the
 * toolstack points us at is acceptable (see ../rebind.c).
 */
#ifndef XENNET_PURE_REBIND_H
#define XENNET_PURE_REBIND_H

#include <xen/xendd-pure.h>

bool xennet_backend_lost(u32 frontend, u32 backend, bool dir_exists);
int xennet_parse_backend_path(const char *s, size_t len, u32 *backend_id,
			      u32 *frontend_id, u32 *devid);
int xennet_parse_devid(const char *nodename, size_t len, u32 *devid);
int xennet_rebind_target_ok(const char *path, size_t len, u32 backend_id,
			    u32 devid);

#endif /* XENNET_PURE_REBIND_H */
