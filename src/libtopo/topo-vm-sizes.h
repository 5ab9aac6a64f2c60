/* topo-vm-sizes.h: the Azure VM size names (data/azure-vm-size-families.tsv) and their quota
 * families, and the nearest known name for a misspelt one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exactly a known size name ("Standard_DS3_v2"). */
gboolean    topo_vm_size_is_known      (const char *name);
/* The quota family of a known size ("standardDSv2Family"), or NULL. */
const char *topo_vm_size_quota_family  (const char *name);
/* The known size name closest to name: the same name in another case, with the "Standard_"
 * prefix it lacks, or within a small edit distance; NULL when nothing is close. A known name
 * is its own suggestion. */
char       *topo_vm_size_suggest       (const char *name);
/* TRUE for a known size; otherwise a translated reason that says what to use instead when
 * something is close (*reason is owned by the caller). */
gboolean    topo_vm_size_check         (const char *name, char **reason);
/* All known names, sorted; the array belongs to the library. */
const char *const *topo_vm_sizes_get_all (guint *n_sizes);

G_END_DECLS
