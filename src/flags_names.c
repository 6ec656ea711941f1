// SPDX-License-Identifier: MIT
/*
 * VmFlags mnemonics, as show_smap_vma_flags() in fs/proc/task_mmu.c
 * prints them: bit ascending, two letters and a space per set bit.  The
 * kernel's table starts as "??" everywhere, so a bit without a name
 * still shows up; the protection-key bits are named "" and print nothing
 * (their value has its own ProtectionKey: line).
 */
#include <string.h>

#include "maps.h"

/* NULL entries print "??"; every VMS_* bit of vmspace.h that 6.18 names. */
static const char *const names[64] = {
	[0] = "rd", [1] = "wr", [2] = "ex", [3] = "sh",
	[4] = "mr", [5] = "mw", [6] = "me", [7] = "ms",
	[8] = "gd", [9] = "um", [10] = "pf", [11] = "gu",
	[12] = "uw", [13] = "lo", [14] = "io", [15] = "sr",
	[16] = "rr", [17] = "dc", [18] = "de", [19] = "lf",
	[20] = "ac", [21] = "nr", [22] = "ht", [23] = "sf",
	[24] = "ar", [25] = "wf", [26] = "dd", [27] = "sd",
	[28] = "mm", [29] = "hg", [30] = "nh", [31] = "mg",
	[32] = "", [33] = "", [34] = "", [35] = "",
	[37] = "ss",
	/* 39 VM_ALLOW_ANY_UNCACHED has no mnemonic: "??" */
	[40] = "dp", [41] = "ui", [42] = "sl",
};

const char *vms__flag_mnemonic(unsigned int bit)
{
	if (bit >= 64)
		return "";
	return names[bit] ? names[bit] : "??";
}

int vms_flags_mnemonics(uint64_t flags, char *buf, size_t len)
{
	size_t pos = 0;

	for (unsigned int bit = 0; bit < 64; bit++) {
		const char *n;

		if (!(flags & (1ULL << bit)))
			continue;
		n = vms__flag_mnemonic(bit);
		if (!n[0])
			continue;
		for (int i = 0; i < 3; i++, pos++)
			if (pos + 1 < len)
				buf[pos] = i < 2 ? n[i] : ' ';
	}
	if (len)
		buf[pos < len ? pos : len - 1] = '\0';
	return (int)pos;
}

/* The lowest bit above 'after' that prints "??" and the model may hold. */
static int next_unnamed(int after)
{
	for (int bit = after + 1; bit < 64; bit++) {
		if ((1ULL << bit) & VMS__INTERNAL)
			return -1;
		if (!names[bit])
			return bit;
	}
	return -1;
}

int vms__flags_parse(const char *s, size_t len, uint64_t *flags)
{
	uint64_t f = 0;
	int last = -1;
	size_t i = 0;

	while (i < len) {
		int bit = -1;

		if (s[i] == ' ') {
			i++;
			continue;
		}
		/* a token is exactly two characters followed by a space or
		 * the end */
		if (i + 2 > len || (i + 2 < len && s[i + 2] != ' '))
			return -EINVAL;
		if (s[i] == '?' && s[i + 1] == '?') {
			bit = next_unnamed(last);
		} else {
			for (int b = 0; b < 64; b++) {
				if (names[b] && names[b][0] &&
				    names[b][0] == s[i] &&
				    names[b][1] == s[i + 1]) {
					bit = b;
					break;
				}
			}
		}
		if (bit < 0)
			return -EINVAL;
		f |= 1ULL << bit;
		last = bit;
		i += 2;
	}
	*flags = f;
	return 0;
}
