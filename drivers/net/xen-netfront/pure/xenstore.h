/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore.h - parsing what the toolstack and backend write to xenstore,
 * and the features we offer from what the backend advertises.
 *
 * Values are taken as (buffer, length); a buffer need not be
 * NUL-terminated and is never read past its length.
 */
#ifndef XENNET_PURE_XENSTORE_H
#define XENNET_PURE_XENSTORE_H

#include <xen/xendd-pure.h>

#define XENNET_MAC_LEN	6

int xennet_parse_mac(const char *s, size_t len, u8 mac[XENNET_MAC_LEN]);
int xennet_parse_uint(const char *s, size_t len, u32 max, u32 *val);

/* Backend feature keys we act on (bits of a xennet_backend_features). */
#define XENNET_BF_RX_COPY	0x01	/* feature-rx-copy */
#define XENNET_BF_SG		0x02	/* feature-sg */
#define XENNET_BF_GSO_TCPV4	0x04	/* feature-gso-tcpv4 */
#define XENNET_BF_GSO_TCPV6	0x08	/* feature-gso-tcpv6 */
#define XENNET_BF_IPV6_CSUM	0x10	/* feature-ipv6-csum-offload */
#define XENNET_BF_SPLIT_EVTCHN	0x20	/* feature-split-event-channels */
#define XENNET_BF_XDP_HEADROOM	0x40	/* feature-xdp-headroom */
#define XENNET_BF_CTRL_RING	0x80	/* feature-ctrl-ring */

/* Offloads the frontend may use on transmit (map to NETIF_F_*). */
#define XENNET_TXF_IP_CSUM	0x01
#define XENNET_TXF_IPV6_CSUM	0x02
#define XENNET_TXF_SG		0x04
#define XENNET_TXF_TSO		0x08
#define XENNET_TXF_TSO6		0x10

u32 xennet_tx_offloads(u32 backend_features);
bool xennet_backend_trusted(int param, int key, u32 backend_domid);
u32 xennet_num_queues(u32 wanted, u32 backend_max);

#endif /* XENNET_PURE_XENSTORE_H */
