/* topo-vm-size-chooser.h: a button whose popover lists the Azure VM sizes with their vCPUs,
 * memory and GPUs, filtered as the user types; any typed text can still be used (the validator
 * judges it: CAP001)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TOPO_TYPE_VM_SIZE_CHOOSER (topo_vm_size_chooser_get_type ())
G_DECLARE_FINAL_TYPE (TopoVmSizeChooser, topo_vm_size_chooser, TOPO, VM_SIZE_CHOOSER, GtkWidget)

/* Emits "size-activated" (const char *name) when a size is chosen, or typed text is used. */
GtkWidget  *topo_vm_size_chooser_new            (void);
/* What a size is, for lists and tooltips: "4 vCPUs · 14 GiB", "24 vCPUs · 220 GiB · 1× A100",
 * or its quota family for a size known only by name; NULL for an unknown size. */
char       *topo_vm_size_describe               (const char *name);

/* For tests: the search text, how many sizes match it, and choosing the match at position (or,
 * with G_MAXUINT, what Enter in the search field chooses). */
void        topo_vm_size_chooser_set_search     (TopoVmSizeChooser *self, const char *text);
guint       topo_vm_size_chooser_get_n_matches  (TopoVmSizeChooser *self);
const char *topo_vm_size_chooser_get_match      (TopoVmSizeChooser *self, guint position);
void        topo_vm_size_chooser_choose         (TopoVmSizeChooser *self, guint position);

G_END_DECLS
