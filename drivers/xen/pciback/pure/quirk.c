// SPDX-License-Identifier: GPL-2.0-only
/*
 * quirk.c - parser for "DDDD:BB:DD.F-REG:SIZE:MASK" quirk specs.
 *
 * The BDF part is handed to the slot parser (exact form); the rest is
 * scanned here left to right with the same error reporting.
 */
#include <xen/xendd-pure.h>
#include "quirk.h"

static int xen_pcibk_quirk_fail(struct xen_pcibk_slot_error *err, size_t pos,
				int ret, const char *reason)
{
	err->pos = pos;
	err->reason = reason;
	return ret;
}

/* Scan up to @digits hex digits at *@pos; more digits is -ERANGE. */
static int xen_pcibk_quirk_number(const char *buf, size_t len, size_t *pos,
				  unsigned int digits, u32 *val,
				  struct xen_pcibk_slot_error *err,
				  const char *too_long)
{
	size_t start = *pos;
	u32 v = 0;
	int d;

	while (*pos < len && (d = xendd_hex_value(buf[*pos])) >= 0) {
		if (*pos - start == digits)
			return xen_pcibk_quirk_fail(err, *pos, -ERANGE,
						    too_long);
		v = v * 16 + d;
		(*pos)++;
	}
	if (*pos == start)
		return xen_pcibk_quirk_fail(err, *pos, -EINVAL,
					    "expected hex digit");
	*val = v;
	return 0;
}

static int xen_pcibk_quirk_expect(const char *buf, size_t len, size_t *pos,
				  char c, struct xen_pcibk_slot_error *err,
				  const char *reason)
{
	if (*pos >= len || buf[*pos] != c)
		return xen_pcibk_quirk_fail(err, *pos, -EINVAL, reason);
	(*pos)++;
	return 0;
}

/**
 * xen_pcibk_quirk_parse() - parse a quirk spec written to sysfs "quirks"
 * @buf: input, need not be NUL-terminated
 * @len: number of bytes in @buf
 * @spec: filled in on success, untouched on error
 * @err: on error, offset of the offending byte and reason; may be NULL
 *
 * Return: 0, -EINVAL for a syntax or consistency error, -ERANGE for a
 * number out of range or with too many digits.
 */
int xen_pcibk_quirk_parse(const char *buf, size_t len,
			  struct xen_pcibk_quirk_spec *spec,
			  struct xen_pcibk_slot_error *err)
{
	struct xen_pcibk_slot_error unused;
	struct xen_pcibk_quirk_spec tmp;
	size_t dash, pos, reg_at, size_at, mask_at;
	u32 reg, size, mask;
	int ret;

	if (!err)
		err = &unused;
	for (dash = 0; dash < len && buf[dash] != '-'; dash++)
		if (buf[dash] == '\n' || buf[dash] == '\0')
			break;
	if (dash == len || buf[dash] != '-')
		return xen_pcibk_quirk_fail(err, dash, -EINVAL,
					    "expected '-' after BDF");
	ret = xen_pcibk_slot_parse(buf, dash, XEN_PCIBK_SLOT_EXACT,
				   &tmp.slot, err);
	if (ret)
		return ret;

	pos = dash + 1;
	reg_at = pos;
	ret = xen_pcibk_quirk_number(buf, len, &pos, 3, &reg, err,
				     "register above fff");
	if (ret)
		return ret;
	ret = xen_pcibk_quirk_expect(buf, len, &pos, ':', err,
				     "expected ':' after register");
	if (ret)
		return ret;
	size_at = pos;
	ret = xen_pcibk_quirk_number(buf, len, &pos, 1, &size, err,
				     "size has more than 1 digit");
	if (ret)
		return ret;
	if (size != 1 && size != 2 && size != 4)
		return xen_pcibk_quirk_fail(err, size_at, -EINVAL,
					    "size must be 1, 2 or 4");
	if (reg & (size - 1))
		return xen_pcibk_quirk_fail(err, reg_at, -EINVAL,
					    "register not aligned to size");
	ret = xen_pcibk_quirk_expect(buf, len, &pos, ':', err,
				     "expected ':' after size");
	if (ret)
		return ret;
	mask_at = pos;
	ret = xen_pcibk_quirk_number(buf, len, &pos, 8, &mask, err,
				     "mask has more than 8 hex digits");
	if (ret)
		return ret;
	if (size < 4 && (mask >> (8 * size)))
		return xen_pcibk_quirk_fail(err, mask_at, -EINVAL,
					    "mask wider than the field");
	if (pos < len && buf[pos] == '\n')
		pos++;
	else if (pos < len)
		return xen_pcibk_quirk_fail(err, pos, -EINVAL,
					    "expected end of input after mask");
	if (pos < len)
		return xen_pcibk_quirk_fail(err, pos, -EINVAL,
					    "data after trailing newline");
	tmp.reg = reg;
	tmp.size = size;
	tmp.mask = mask;
	*spec = tmp;
	return 0;
}
