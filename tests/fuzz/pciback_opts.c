// SPDX-License-Identifier: GPL-2.0-only
/*
 * pciback_opts.c - differential fuzz target for the opts-N parser.
 *
 * Every input is parsed by pure/opts.c and by a reference that splits the
 * text at ',' and '=' and checks each piece with strspn().  They must
 * agree on accept/reject and on the permissive flag; a rejection must
 * name an offset within the input and leave the output untouched.
 */
#include "../../drivers/xen/pciback/pure/opts.c"

#include <stdio.h>
#include <stdlib.h>

#define FZ_KEY	"abcdefghijklmnopqrstuvwxyz_"
#define FZ_VAL	FZ_KEY "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

static void fz_die(const char *what, const u8 *data, size_t size)
{
	fprintf(stderr, "pciback_opts: %s (%zu bytes: \"%.*s\")\n", what, size,
		(int)size, (const char *)data);
	abort();
}

/* One "key=value" item, NUL-terminated, no ','. */
static bool ref_item(const char *item, bool *perm)
{
	const char *eq = strchr(item, '=');
	size_t klen;

	if (!eq)
		return false;
	klen = eq - item;
	if (!klen || strspn(item, FZ_KEY) != klen)
		return false;
	if (!eq[1] || strspn(eq + 1, FZ_VAL) != strlen(eq + 1))
		return false;
	if (klen == 10 && !strncmp(item, "permissive", 10)) {
		if (strcmp(eq + 1, "0") && strcmp(eq + 1, "1"))
			return false;
		*perm = eq[1] == '1';
	}
	return true;
}

static bool ref_parse(const u8 *data, size_t size, bool *perm)
{
	char *s, *item, *next;
	bool ok = true;

	*perm = false;
	if (!size)
		return true;
	if (memchr(data, '\0', size))
		return false;
	s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	for (item = s; ok && item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		ok = ref_item(item, perm);
	}
	free(s);
	return ok;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_pcibk_opts o = { .permissive = true };
	struct xen_pcibk_slot_error err = { .pos = SIZE_MAX };
	bool ok, perm;
	int ret;

	ret = xen_pcibk_opts_parse((const char *)data, size, &o, &err);
	ok = ref_parse(data, size, &perm);
	if (ok != !ret)
		fz_die(ok ? "parser rejects valid opts" : "parser accepts bad opts",
		       data, size);
	if (ret) {
		if (ret != -EINVAL)
			fz_die("unexpected errno", data, size);
		if (!err.reason || err.pos > size)
			fz_die("error without reason or past the end", data,
			       size);
		if (!o.permissive)
			fz_die("output written on error", data, size);
		return 0;
	}
	if (o.permissive != perm)
		fz_die("permissive differs from reference", data, size);
	return 0;
}
