/* topo-vm-sizes.h: the Azure VM size names (data/azure-vm-size-families.tsv) and their quota
 * families, the specifications of the sizes ML compute uses most (data/azure-vm-sizes.tsv:
 * vCPUs, memory, GPUs), and the nearest known name for a misspelt one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One row of azure-vm-sizes.tsv. */
typedef struct
{
  const char *name;           /* "Standard_NC24ads_A100_v4" */
  const char *series;         /* "NC_A100_v4" */
  const char *quota_family;   /* as Azure spells it ("StandardNCADSA100v4Family") */
  guint       vcpus;
  double      memory_gib;
  guint       gpus;           /* 0 without GPU; NVadsA10_v5 partitions count as 1 */
  const char *gpu_model;      /* "A100", NULL without GPU */
} TopoVmSize;

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
/* All known names (both tables), sorted; the array belongs to the library. */
const char *const *topo_vm_sizes_get_all (guint *n_sizes);

/* The specification of a size (exact name), NULL when the size is unknown or only its name
 * and family are known (the 1 502-name list has no vCPU figures). */
const TopoVmSize  *topo_vm_size_lookup   (const char *name);
/* Every specified size, sorted by name; the array belongs to the library. */
const TopoVmSize  *topo_vm_sizes_get_specs (guint *n_sizes);

/* Quota family strings are not spelt uniformly ("Standard NCASv3_T4 Family",
 * "standardNCASv3_T4Family"): the key families compare on is the string in lower case without
 * spaces (azure-vm-sizes-SOURCES.md, caveat 6). Newly allocated. */
char              *topo_vm_family_key    (const char *family);
/* TRUE when a specified size of the family (compared by key) has GPUs: such families start
 * at a quota of 0 in a subscription (Azure ML how-to-manage-quotas). */
gboolean           topo_vm_family_is_gpu (const char *family);
/* The family's spelling in the size tables for a key or any spelling of it, or NULL. */
const char        *topo_vm_family_canonical (const char *family);
/* Every quota family of the size tables once (by key), in the tables' spelling, sorted by key;
 * NULL-terminated, belongs to the library. */
const char *const *topo_vm_families_get_all (guint *n_families);

G_END_DECLS
