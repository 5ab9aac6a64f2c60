/* topo-capacity.h: the capacity plan of a design — dedicated vCPUs per region and quota family
 * at minimum and maximum scale, against the quotas of policy.quotas, with roll-ups per
 * environment, project and workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

/* A row's quota when the policy declares none. */
#define TOPO_CAPACITY_NO_QUOTA (-1)

typedef enum
{
  TOPO_CAPACITY_ROW_FAMILY,         /* one quota family in one region */
  TOPO_CAPACITY_ROW_UNKNOWN_SIZE,   /* computes of a region whose size is not a known Azure size */
  TOPO_CAPACITY_ROW_REGION_TOTAL,   /* every family of one region (the regional total quota) */
} TopoCapacityRowKind;

typedef struct
{
  TopoCapacityRowKind kind;
  const char *region;        /* as the resource group spells it */
  const char *family;        /* the size tables' spelling (or the quota's, for a family they do
                              * not know); NULL for UNKNOWN_SIZE and REGION_TOTAL rows */
  gint64      vcpus_min;     /* dedicated vCPUs with every cluster at its minimum */
  gint64      vcpus_max;     /* … at its maximum */
  gint64      gpus_min;
  gint64      gpus_max;
  const char *gpu_models;    /* "T4" or "A100, V100"; NULL without GPUs */
  gint64      quota;         /* declared vCPUs (the family's, or the regional total), or NO_QUOTA */
  gboolean    gpu_family;    /* a GPU family: it starts at a quota of 0 */
  guint       n_unsized;     /* computes whose size has no vCPU figure (they count as 0) */
  GArray     *computes;      /* of guint: positions in the document of the computes counted */
} TopoCapacityRow;

/* planned > quota */
static inline gboolean
topo_capacity_row_exceeded (const TopoCapacityRow *row)
{
  return row->quota != TOPO_CAPACITY_NO_QUOTA && row->vcpus_max > row->quota;
}

/* One environment, project or workspace. */
typedef struct
{
  const char *id;            /* environment or project name, workspace id; NULL = none */
  const char *name;          /* shown: the same, or the workspace's Azure name; NULL = none */
  gint64      vcpus_min;
  gint64      vcpus_max;
  gint64      gpus_min;
  gint64      gpus_max;
  guint       n_computes;
  GArray     *computes;      /* of guint: positions in the document of the computes counted */
} TopoCapacityRollup;

typedef struct
{
  /* Of TopoCapacityRow*: family rows sorted by region, then family (unknown sizes last in a
   * region); the region totals sorted by region. */
  GPtrArray *rows;
  GPtrArray *regions;
  /* Of TopoCapacityRollup*: environments in policy order (an RG's environment the policy does
   * not list after them, then none); projects and workspaces sorted by name, none last. */
  GPtrArray *environments;
  GPtrArray *projects;
  GPtrArray *workspaces;
  guint      n_computes;     /* computes, compute clusters and AKS clusters counted */
  guint      n_unplaced;     /* the ones without a region (no resource group): not counted */
  guint      n_exceeded;     /* rows and region totals over their quota */
} TopoCapacity;

/* The plan of doc. Counts: a compute instance is one node; a cluster has min_nodes at minimum
 * and max_nodes at maximum scale; an AKS cluster has node_count at both. Unset values take the
 * ARM export's defaults (topo-arm-export.h), negative counts count as 0. A compute's region is
 * its resource group's. O(resources + links + quotas): about 0.3 ms for 10 000 resources
 * (tests/bench-capacity.c). Strings and positions refer to doc: they stay valid while doc is
 * not modified. */
TopoCapacity *topo_capacity_compute    (TopoDocument *doc);
void          topo_capacity_free       (TopoCapacity *capacity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoCapacity, topo_capacity_free)

/* Node counts a compute plans with (see topo_capacity_compute); FALSE for other kinds. */
gboolean      topo_capacity_nodes      (const TopoResource *resource, gint64 *min_nodes,
                                        gint64 *max_nodes);
/* The effective VM size of a compute or AKS cluster (the export's default when unset). */
const char   *topo_capacity_vm_size    (const TopoResource *resource);

/* The ids of a row's computes, in document order (doc must be the one the plan was made of,
 * unmodified). */
GStrv         topo_capacity_row_ids    (const TopoCapacityRow *row, TopoDocument *doc);
GStrv         topo_capacity_rollup_ids (const TopoCapacityRollup *rollup, TopoDocument *doc);

/* The plan as JSON (one object: rows, regions, environments, projects, workspaces) and as CSV
 * (one header, one line per row with its section), each ending with a newline. */
char         *topo_capacity_to_json    (const TopoCapacity *capacity);
char         *topo_capacity_to_csv     (const TopoCapacity *capacity);

/* One line of an image legend's capacity summary. */
typedef struct
{
  char     *text;
  int       level;    /* 0 fine, 1 a GPU family without quota, 2 over quota */
  gboolean  indented; /* a family under its region */
} TopoCapacityLine;

/* The lines for an image's legend (translated): one per region (in doc's lane order) with its
 * planned vCPUs against the total quota and its GPUs, then under it each family with a quota or
 * a problem. Of TopoCapacityLine, free function set. */
GPtrArray    *topo_capacity_summary    (const TopoCapacity *capacity, TopoDocument *doc);

G_END_DECLS
