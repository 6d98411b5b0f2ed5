// SPDX-License-Identifier: GPL-2.0-only
/*
 * opts.c - parser for the toolstack's "key=value,..." opts-N line.
 */
#include <xen/xendd-pure.h>
#include "opts.h"

static bool xen_pcibk_opts_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

static bool xen_pcibk_opts_value_char(char c)
{
	return xen_pcibk_opts_key_char(c) || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int xen_pcibk_opts_fail(struct xen_pcibk_slot_error *err, size_t pos,
			       const char *reason)
{
	err->pos = pos;
	err->reason = reason;
	return -EINVAL;
}

/**
 * xen_pcibk_opts_parse() - parse an opts-N value
 * @buf: input, need not be NUL-terminated
 * @len: number of bytes in @buf; 0 means no options
 * @opts: filled in on success, untouched on error
 * @err: on error, offset of the offending byte and reason; may be NULL
 *
 * Return: 0 or -EINVAL.
 */
int xen_pcibk_opts_parse(const char *buf, size_t len,
			 struct xen_pcibk_opts *opts,
			 struct xen_pcibk_slot_error *err)
{
	struct xen_pcibk_slot_error unused;
	struct xen_pcibk_opts tmp = { .permissive = false };
	size_t pos = 0, key, key_len, val, val_len;

	if (!err)
		err = &unused;
	while (pos < len) {
		key = pos;
		while (pos < len && xen_pcibk_opts_key_char(buf[pos]))
			pos++;
		key_len = pos - key;
		if (!key_len)
			return xen_pcibk_opts_fail(err, pos, "expected a key");
		if (pos == len || buf[pos] != '=')
			return xen_pcibk_opts_fail(err, pos,
						   "expected '=' after key");
		val = ++pos;
		while (pos < len && xen_pcibk_opts_value_char(buf[pos]))
			pos++;
		val_len = pos - val;
		if (!val_len)
			return xen_pcibk_opts_fail(err, pos,
						   "expected a value");
		if (pos < len && buf[pos] != ',')
			return xen_pcibk_opts_fail(err, pos,
						   "expected ',' after value");
		if (key_len == 10 && !memcmp(buf + key, "permissive", 10)) {
			if (val_len != 1 || (buf[val] != '0' && buf[val] != '1'))
				return xen_pcibk_opts_fail(err, val,
							   "permissive must be 0 or 1");
			tmp.permissive = buf[val] == '1';
		}
		if (pos < len) {
			pos++;
			if (pos == len)
				return xen_pcibk_opts_fail(err, pos,
							   "expected a key after ','");
		}
	}
	*opts = tmp;
	return 0;
}
