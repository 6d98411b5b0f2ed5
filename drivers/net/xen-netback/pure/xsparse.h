/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/xsparse.h - parsers for the xenstore values the backend reads.
 */
#ifndef XENVIF_PURE_XSPARSE_H
#define XENVIF_PURE_XSPARSE_H

#include <xen/xendd-pure.h>

int xenvif_parse_uint(const char *s, size_t len, unsigned long max,
		      unsigned long *val);
int xenvif_parse_rate(const char *s, size_t len, unsigned long *bytes,
		      unsigned long *usec);
int xenvif_parse_mac(const char *s, size_t len, u8 mac[6]);
int xenvif_check_num_queues(unsigned long requested, unsigned int max);
int xenvif_check_xdp_headroom(unsigned long headroom);

#endif /* XENVIF_PURE_XSPARSE_H */
