// SPDX-License-Identifier: GPL-2.0-only
/*
 * xdp-attach - load a tiny XDP program with bpf(2) and attach it to an
 * interface in native (driver) mode through rtnetlink, for the lab.
 *
 *   xdp-attach IFACE pass|drop     return XDP_PASS / XDP_DROP
 *   xdp-attach IFACE tx            swap the Ethernet addresses, XDP_TX
 *   xdp-attach IFACE redirect      swap them, bpf_redirect() to IFACE itself
 *                                  (through the driver's ndo_xdp_xmit)
 *   xdp-attach IFACE off           detach the native program
 *
 * No libbpf and no clang: the programs are a handful of instructions
 * written out here.  Exit status 0 when the kernel accepted the change.
 */
#include <errno.h>
#include <stddef.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)	INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define JGT_REG(d, s, o)	INSN(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define CALL(f)			INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Build the program for @mode into @p; returns its length or -1. */
static int build(const char *mode, int ifindex, struct bpf_insn *p)
{
	int n = 0, jump;

	if (!strcmp(mode, "pass") || !strcmp(mode, "drop")) {
		p[n++] = MOV_IMM(BPF_REG_0, strcmp(mode, "pass") ? XDP_DROP : XDP_PASS);
		p[n++] = EXIT();
		return n;
	}
	if (strcmp(mode, "tx") && strcmp(mode, "redirect"))
		return -1;
	/* r2 = data, r3 = data_end; pass frames shorter than two addresses. */
	p[n++] = LDX(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct xdp_md, data));
	p[n++] = LDX(BPF_W, BPF_REG_3, BPF_REG_1, offsetof(struct xdp_md, data_end));
	p[n++] = MOV_REG(BPF_REG_4, BPF_REG_2);
	p[n++] = ADD_IMM(BPF_REG_4, 12);
	p[n++] = JGT_REG(BPF_REG_4, BPF_REG_3, 0);	/* patched below */
	jump = n - 1;
	/* Swap destination (0..5) and source (6..11). */
	p[n++] = LDX(BPF_W, BPF_REG_5, BPF_REG_2, 0);
	p[n++] = LDX(BPF_H, BPF_REG_6, BPF_REG_2, 4);
	p[n++] = LDX(BPF_W, BPF_REG_7, BPF_REG_2, 6);
	p[n++] = LDX(BPF_H, BPF_REG_8, BPF_REG_2, 10);
	p[n++] = STX(BPF_W, BPF_REG_2, BPF_REG_7, 0);
	p[n++] = STX(BPF_H, BPF_REG_2, BPF_REG_8, 4);
	p[n++] = STX(BPF_W, BPF_REG_2, BPF_REG_5, 6);
	p[n++] = STX(BPF_H, BPF_REG_2, BPF_REG_6, 10);
	if (!strcmp(mode, "tx")) {
		p[n++] = MOV_IMM(BPF_REG_0, XDP_TX);
	} else {
		p[n++] = MOV_IMM(BPF_REG_1, ifindex);
		p[n++] = MOV_IMM(BPF_REG_2, 0);
		p[n++] = CALL(BPF_FUNC_redirect);
	}
	p[n++] = EXIT();
	p[jump].off = (short)(n - jump - 1);
	p[n++] = MOV_IMM(BPF_REG_0, XDP_PASS);
	p[n++] = EXIT();
	return n;
}

static int load(const struct bpf_insn *insns, int n)
{
	static char log[65536];
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.insns = (unsigned long)insns;
	a.insn_cnt = (unsigned int)n;
	a.license = (unsigned long)"GPL";
	a.log_buf = (unsigned long)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		fprintf(stderr, "xdp-attach: BPF_PROG_LOAD: %s\n%s", strerror(errno), log);
	return fd;
}

static void put_attr(struct nlmsghdr *h, unsigned short type, const void *data, unsigned int len)
{
	struct rtattr *rta = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* RTM_SETLINK with IFLA_XDP { FD, FLAGS = DRV_MODE }; fd -1 detaches. */
static int attach(int ifindex, int fd)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
		char attrs[128];
	} req;
	char buf[4096];
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	__u32 flags = XDP_FLAGS_DRV_MODE;
	struct rtattr *nest;
	struct nlmsgerr *e;
	int s, err = -1;
	ssize_t got;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.i));
	req.h.nlmsg_type = RTM_SETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.i.ifi_family = AF_UNSPEC;
	req.i.ifi_index = ifindex;
	nest = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.h.nlmsg_len));
	put_attr(&req.h, IFLA_XDP | NLA_F_NESTED, NULL, 0);
	put_attr(&req.h, IFLA_XDP_FD, &fd, sizeof(fd));
	put_attr(&req.h, IFLA_XDP_FLAGS, &flags, sizeof(flags));
	nest->rta_len = (unsigned short)((char *)&req + req.h.nlmsg_len - (char *)nest);

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0 || sendto(s, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&nl, sizeof(nl)) < 0) {
		perror("xdp-attach: netlink");
		goto out;
	}
	got = recv(s, buf, sizeof(buf), 0);
	if (got < (ssize_t)NLMSG_LENGTH(sizeof(*e))) {
		perror("xdp-attach: netlink reply");
		goto out;
	}
	e = NLMSG_DATA((struct nlmsghdr *)buf);
	if (((struct nlmsghdr *)buf)->nlmsg_type != NLMSG_ERROR) {
		fprintf(stderr, "xdp-attach: unexpected netlink reply\n");
		goto out;
	}
	err = e->error;
	if (err)
		fprintf(stderr, "xdp-attach: RTM_SETLINK IFLA_XDP: %s\n", strerror(-err));
out:
	if (s >= 0)
		close(s);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct bpf_insn prog[32];
	int ifindex, n, fd;

	if (argc != 3) {
		fprintf(stderr, "usage: xdp-attach IFACE pass|drop|tx|redirect|off\n");
		return 2;
	}
	ifindex = (int)if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "xdp-attach: no interface %s\n", argv[1]);
		return 1;
	}
	if (!strcmp(argv[2], "off"))
		return attach(ifindex, -1);
	n = build(argv[2], ifindex, prog);
	if (n < 0) {
		fprintf(stderr, "xdp-attach: unknown program %s\n", argv[2]);
		return 2;
	}
	fd = load(prog, n);
	if (fd < 0)
		return 1;
	if (attach(ifindex, fd))
		return 1;
	printf("xdp-attach: %s program attached to %s (native mode)\n", argv[2], argv[1]);
	return 0;
}
