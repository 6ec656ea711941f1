/* SPDX-License-Identifier: MIT */
/*
 * Private helpers shared by the /proc maps and smaps printer
 * (maps_render.c), its parser (maps_parse.c) and the VmFlags mnemonic
 * table (flags_names.c).
 *
 * Ownership of struct vms_area_ext: an ext is reference counted
 * (ext->refs); vms_insert_area and the snapshot loader attach one with
 * refs == 1, vms__area_copy takes a reference, and vms__area_release drops
 * it through vms__ext_put() (declared in internal.h, defined in
 * maps_parse.c), which frees anon_name (strlen + 1 bytes) and the ext
 * itself (sizeof(struct vms_area_ext)) with vms__free when the last
 * reference goes.
 */
#ifndef VMS_MAPS_H
#define VMS_MAPS_H

#include "internal.h"

/*
 * The kernel's maps column for names: the header is padded to 72 chars,
 * then one more space is written (25 + 6 * sizeof(void *) - 1 on LP64).
 */
#define VMS__MAPS_PAD		72

/* The x86 [vsyscall] gate area, listed after the last area. */
#define VMS__GATE_START		0xffffffffff600000ULL
#define VMS__GATE_END		0xffffffffff601000ULL
#define VMS__GATE_FLAGS		VMS_EXEC

/*
 * The two-letter mnemonic of a flag bit: "rd", "??" for a bit the kernel
 * has no name for, or "" for a bit that prints nothing (protection keys).
 */
const char *vms__flag_mnemonic(unsigned int bit);

/*
 * The inverse of vms_flags_mnemonics: "rd wr mr " -> flags.  Tokens are
 * separated by spaces; each "??" stands for the lowest unnamed bit above
 * the previous token, so that any printed set of bits parses back to
 * itself.  0, or -EINVAL on an unknown token or a bit the model reserves.
 */
int vms__flags_parse(const char *s, size_t len, uint64_t *flags);

/* The operations of special areas ([vdso], [vvar], ...) loaded from text. */
bool vms__is_snapshot_special(const struct vms_vm_ops *ops);

#endif /* VMS_MAPS_H */
