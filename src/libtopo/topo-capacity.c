/* topo-capacity.c: dedicated vCPUs per region and quota family, against policy.quotas
 *
 * One pass over the resources: each compute resolves its resource group (the previous one is
 * tried first, resources of one RG usually follow each other), its size (a few recent sizes are
 * tried before the hash table) and its row (families of a region are few: a linear scan on
 * interned family strings). The quotas are matched afterwards, then the rows are sorted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-capacity"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-capacity.h"
#include "topo-arm-export.h"
#include "topo-format.h"
#include "topo-regions.h"
#include "topo-vm-sizes.h"

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch (p)
#else
#define PREFETCH(p) ((void) (p))
#endif
#define PREFETCH_DISTANCE 16

#define MAX_GPU_MODELS 8
#define SIZE_CACHE 4

typedef struct
{
  TopoCapacityRow  row;
  const char      *models[MAX_GPU_MODELS];   /* interned, distinct */
  guint            n_models;
  char            *models_text;
} Row;

typedef struct
{
  const char *region;
  Row        *total;
  GPtrArray  *families;   /* of Row*, borrowed from the plan's rows */
} Region;

typedef struct
{
  TopoCapacityRollup rollup;
} Rollup;

typedef struct
{
  const char        *name;
  const TopoVmSize  *spec;
  const char        *family;  /* interned; NULL = unknown size */
} SizeHit;

typedef struct
{
  TopoDocument *doc;
  TopoCapacity *plan;
  GHashTable   *regions;          /* region → Region* */
  GPtrArray    *region_list;      /* of Region* (owned) */
  Region       *last_region;
  SizeHit       cache[SIZE_CACHE];
  guint         cache_next;
  GHashTable   *env_index;        /* environment → Rollup* */
  GHashTable   *project_index;    /* project → Rollup* */
  Rollup       *no_env, *no_project, *no_workspace;
  int          *workspace_rollup; /* per resource position: Rollup index in workspaces, -1 */
  GPtrArray    *rollups;          /* every Rollup (owned) */
} Planner;

gboolean
topo_capacity_nodes (const TopoResource *r,
                     gint64 *min_nodes,
                     gint64 *max_nodes)
{
  gint64 lo, hi;

  switch (r->kind)
    {
    case TOPO_KIND_COMPUTE_INSTANCE:
      lo = hi = 1;
      break;
    case TOPO_KIND_COMPUTE_CLUSTER:
      lo = r->min_nodes != TOPO_COUNT_UNSET ? r->min_nodes : TOPO_ARM_DEFAULT_MIN_NODES;
      hi = r->max_nodes != TOPO_COUNT_UNSET ? r->max_nodes : TOPO_ARM_DEFAULT_MAX_NODES;
      lo = MAX (lo, 0);
      /* a minimum above the maximum (DEP005) cannot deploy; plan with the larger */
      hi = MAX (MAX (hi, 0), lo);
      break;
    case TOPO_KIND_AKS:
      lo = hi = MAX (r->node_count != TOPO_COUNT_UNSET ? r->node_count : TOPO_ARM_DEFAULT_AKS_NODES, 0);
      break;
    default:
      return FALSE;
    }
  if (min_nodes != NULL)
    *min_nodes = lo;
  if (max_nodes != NULL)
    *max_nodes = hi;
  return TRUE;
}

const char *
topo_capacity_vm_size (const TopoResource *r)
{
  return r->vm_size != NULL ? r->vm_size : TOPO_ARM_DEFAULT_VM_SIZE;
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_array_unref (row->row.computes);
  g_free (row->models_text);
  g_free (row);
}

static Row *
row_new (TopoCapacityRowKind kind,
         const char *region,
         const char *family)
{
  Row *row = g_new0 (Row, 1);

  row->row.kind = kind;
  row->row.region = region;
  row->row.family = family;
  row->row.quota = TOPO_CAPACITY_NO_QUOTA;
  row->row.gpu_family = family != NULL && topo_vm_family_is_gpu (family);
  row->row.computes = g_array_new (FALSE, FALSE, sizeof (guint));
  return row;
}

static void
region_free (gpointer data)
{
  Region *region = data;

  g_ptr_array_unref (region->families);
  g_free (region);
}

static Region *
get_region (Planner *p,
            const char *name)
{
  Region *region;

  if (p->last_region != NULL && strcmp (p->last_region->region, name) == 0)
    return p->last_region;
  region = g_hash_table_lookup (p->regions, name);
  if (region == NULL)
    {
      region = g_new0 (Region, 1);
      region->region = name;
      region->families = g_ptr_array_new ();
      region->total = row_new (TOPO_CAPACITY_ROW_REGION_TOTAL, name, NULL);
      g_ptr_array_add (p->plan->regions, region->total);
      g_hash_table_insert (p->regions, (gpointer) name, region);
      g_ptr_array_add (p->region_list, region);
    }
  p->last_region = region;
  return region;
}

/* family: interned, NULL for unknown sizes */
static Row *
get_row (Planner *p,
         Region *region,
         const char *family)
{
  Row *row;

  for (guint i = 0; i < region->families->len; i++)
    {
      row = g_ptr_array_index (region->families, i);
      if (row->row.family == family)
        return row;
    }
  row = row_new (family != NULL ? TOPO_CAPACITY_ROW_FAMILY : TOPO_CAPACITY_ROW_UNKNOWN_SIZE,
                 region->region, family);
  g_ptr_array_add (region->families, row);
  g_ptr_array_add (p->plan->rows, row);
  return row;
}

static const SizeHit *
lookup_size (Planner *p,
             const char *name)
{
  SizeHit *hit;

  for (guint i = 0; i < SIZE_CACHE; i++)
    if (p->cache[i].name != NULL && strcmp (p->cache[i].name, name) == 0)
      return &p->cache[i];
  hit = &p->cache[p->cache_next];
  p->cache_next = (p->cache_next + 1) % SIZE_CACHE;
  hit->name = name;
  hit->spec = topo_vm_size_lookup (name);
  hit->family = hit->spec != NULL ? hit->spec->quota_family : topo_vm_size_quota_family (name);
  /* the tables' strings are interned; one spelling per family key */
  if (hit->family != NULL)
    hit->family = topo_vm_family_canonical (hit->family);
  return hit;
}

static Rollup *
rollup_new (Planner *p,
            GPtrArray *list,
            const char *id,
            const char *name)
{
  Rollup *r = g_new0 (Rollup, 1);

  r->rollup.id = id;
  r->rollup.name = name;
  r->rollup.computes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (p->rollups, r);
  g_ptr_array_add (list, r);
  return r;
}

static Rollup *
keyed_rollup (Planner *p,
              GHashTable *index,
              GPtrArray *list,
              Rollup **none,
              const char *key)
{
  Rollup *r;

  if (key == NULL)
    {
      if (*none == NULL)
        *none = rollup_new (p, list, NULL, NULL);
      return *none;
    }
  r = g_hash_table_lookup (index, key);
  if (r == NULL)
    {
      r = rollup_new (p, list, key, key);
      g_hash_table_insert (index, (gpointer) key, r);
    }
  return r;
}

static void
rollup_free (gpointer data)
{
  TopoCapacityRollup *r = data;

  g_array_unref (r->computes);
  g_free (r);
}

static void
rollup_add (Rollup *r,
            guint position,
            gint64 vmin, gint64 vmax, gint64 gmin, gint64 gmax)
{
  g_array_append_val (r->rollup.computes, position);
  r->rollup.vcpus_min += vmin;
  r->rollup.vcpus_max += vmax;
  r->rollup.gpus_min += gmin;
  r->rollup.gpus_max += gmax;
  r->rollup.n_computes++;
}

static void
row_add (Row *row,
         guint position,
         const TopoVmSize *spec,
         gint64 vmin, gint64 vmax, gint64 gmin, gint64 gmax)
{
  row->row.vcpus_min += vmin;
  row->row.vcpus_max += vmax;
  row->row.gpus_min += gmin;
  row->row.gpus_max += gmax;
  if (spec == NULL)
    row->row.n_unsized++;
  else if (spec->gpu_model != NULL)
    {
      guint i;

      for (i = 0; i < row->n_models && row->models[i] != spec->gpu_model; i++)
        ;
      if (i == row->n_models && i < MAX_GPU_MODELS)
        row->models[row->n_models++] = spec->gpu_model;
    }
  g_array_append_val (row->row.computes, position);
}

/* The workspace an AKS cluster serves: the first inference link to it. */
static void
aks_workspaces (Planner *p,
                int *aks_ws)
{
  guint m = topo_document_get_n_links (p->doc);

  for (guint l = 0; l < m; l++)
    {
      const TopoLink *link = topo_document_get_link (p->doc, l);
      const TopoResource *ws, *aks;

      if (link->type != TOPO_LINK_INFERENCE)
        continue;
      ws = topo_document_lookup (p->doc, link->from);
      aks = topo_document_lookup (p->doc, link->to);
      if (ws == NULL || aks == NULL || ws->kind != TOPO_KIND_WORKSPACE || aks->kind != TOPO_KIND_AKS)
        continue;
      if (aks_ws[aks->position] < 0)
        aks_ws[aks->position] = ws->position;
    }
}

static Rollup *
workspace_rollup (Planner *p,
                  int ws)
{
  const TopoResource *w;

  if (ws < 0)
    {
      if (p->no_workspace == NULL)
        p->no_workspace = rollup_new (p, p->plan->workspaces, NULL, NULL);
      return p->no_workspace;
    }
  if (p->workspace_rollup[ws] < 0)
    {
      w = topo_document_get_resource (p->doc, ws);
      p->workspace_rollup[ws] = p->plan->workspaces->len;
      rollup_new (p, p->plan->workspaces, w->id, topo_resource_get_name (w));
    }
  return g_ptr_array_index (p->plan->workspaces, p->workspace_rollup[ws]);
}

static void
match_quotas (Planner *p)
{
  const TopoPolicy *policy = topo_document_get_policy (p->doc);
  g_autoptr(GHashTable) unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; policy->quotas != NULL && i < policy->quotas->len; i++)
    {
      const TopoQuota *q = &g_array_index (policy->quotas, TopoQuota, i);
      Region *region = get_region (p, q->region);
      const char *family;
      char *key;

      if (q->family == NULL)
        {
          region->total->row.quota = q->vcpus;   /* the last entry wins */
          continue;
        }
      family = topo_vm_family_canonical (q->family);
      if (family == NULL)
        {
          /* a family the tables do not know: its first spelling stands for its key */
          key = topo_vm_family_key (q->family);
          family = g_hash_table_lookup (unknown, key);
          if (family == NULL)
            g_hash_table_insert (unknown, key, (gpointer) (family = q->family));
          else
            g_free (key);
        }
      get_row (p, region, family)->row.quota = q->vcpus;
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const TopoCapacityRow *x = *(const TopoCapacityRow * const *) a;
  const TopoCapacityRow *y = *(const TopoCapacityRow * const *) b;
  int cmp = strcmp (x->region, y->region);

  if (cmp != 0)
    return cmp;
  if ((x->family == NULL) != (y->family == NULL))
    return x->family == NULL ? 1 : -1;
  return x->family == NULL ? 0 : g_ascii_strcasecmp (x->family, y->family);
}

static int
compare_rollups (gconstpointer a,
                 gconstpointer b)
{
  const TopoCapacityRollup *x = *(const TopoCapacityRollup * const *) a;
  const TopoCapacityRollup *y = *(const TopoCapacityRollup * const *) b;

  if ((x->name == NULL) != (y->name == NULL))
    return x->name == NULL ? 1 : -1;
  if (x->name == NULL)
    return 0;
  return strcmp (x->name, y->name) != 0 ? strcmp (x->name, y->name) : g_strcmp0 (x->id, y->id);
}

static void
finish_row (TopoCapacity *plan,
            Row *row)
{
  if (row->n_models > 0)
    {
      GString *text = g_string_new (NULL);
      const char *sorted[MAX_GPU_MODELS];

      memcpy (sorted, row->models, sizeof sorted);
      for (guint i = 1; i < row->n_models; i++)   /* a handful: insertion sort */
        for (guint j = i; j > 0 && strcmp (sorted[j - 1], sorted[j]) > 0; j--)
          {
            const char *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
          }
      for (guint i = 0; i < row->n_models; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", sorted[i]);
      row->models_text = g_string_free (text, FALSE);
      row->row.gpu_models = row->models_text;
    }
  if (topo_capacity_row_exceeded (&row->row))
    plan->n_exceeded++;
}

TopoCapacity *
topo_capacity_compute (TopoDocument *doc)
{
  Planner p = { 0 };
  TopoCapacity *plan;
  guint n;
  const char *last_group = NULL;
  const TopoResource *last_rg = NULL;
  const char *last_ws = NULL;
  const TopoResource *rollup_rg = NULL;
  Rollup *env_rollup = NULL, *project_rollup = NULL;
  int last_ws_pos = -1;
  int *aks_ws;
  const char *const *envs;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  plan = g_new0 (TopoCapacity, 1);
  plan->rows = g_ptr_array_new_with_free_func (row_free);
  plan->regions = g_ptr_array_new_with_free_func (row_free);
  plan->environments = g_ptr_array_new_with_free_func (rollup_free);
  plan->projects = g_ptr_array_new_with_free_func (rollup_free);
  plan->workspaces = g_ptr_array_new_with_free_func (rollup_free);

  n = topo_document_get_n_resources (doc);
  p.doc = doc;
  p.plan = plan;
  p.regions = g_hash_table_new (g_str_hash, g_str_equal);
  p.region_list = g_ptr_array_new_with_free_func (region_free);
  p.env_index = g_hash_table_new (g_str_hash, g_str_equal);
  p.project_index = g_hash_table_new (g_str_hash, g_str_equal);
  p.rollups = g_ptr_array_new ();
  /* one more than needed: an empty design still gets an array */
  p.workspace_rollup = g_new (int, n + 1);
  aks_ws = g_new (int, n + 1);
  memset (p.workspace_rollup, 0xff, sizeof (int) * (n + 1));
  memset (aks_ws, 0xff, sizeof (int) * (n + 1));

  /* environments in policy order first */
  envs = topo_policy_environments (topo_document_get_policy (doc));
  for (guint i = 0; envs[i] != NULL; i++)
    keyed_rollup (&p, p.env_index, plan->environments, &p.no_env, envs[i]);

  aks_workspaces (&p, aks_ws);

  for (guint i = 0; i < n; i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      const SizeHit *size;
      gint64 lo, hi, vmin, vmax, gmin, gmax;
      const TopoResource *rg;
      Region *region;
      int ws;

      /* 10 000 resources do not fit in L2: overlap the cache misses (as the validator does) */
      if (i + 2 * PREFETCH_DISTANCE < n)
        PREFETCH (topo_document_get_resource (doc, i + 2 * PREFETCH_DISTANCE));
      if (i + PREFETCH_DISTANCE < n)
        {
          const TopoResource *ahead = topo_document_get_resource (doc, i + PREFETCH_DISTANCE);

          if (ahead->group != NULL)
            PREFETCH (ahead->group);
          if (ahead->vm_size != NULL)
            PREFETCH (ahead->vm_size);
        }
      if (!topo_capacity_nodes (r, &lo, &hi))
        continue;
      plan->n_computes++;
      if (r->group == NULL)
        {
          plan->n_unplaced++;
          continue;
        }
      if (last_group == NULL || strcmp (last_group, r->group) != 0)
        {
          last_group = r->group;
          last_rg = topo_document_lookup (doc, r->group);
        }
      rg = last_rg;
      if (rg == NULL || rg->kind != TOPO_KIND_RESOURCE_GROUP || rg->region == NULL)
        {
          plan->n_unplaced++;
          continue;
        }

      size = lookup_size (&p, topo_capacity_vm_size (r));
      vmin = size->spec != NULL ? lo * size->spec->vcpus : 0;
      vmax = size->spec != NULL ? hi * size->spec->vcpus : 0;
      gmin = size->spec != NULL ? lo * size->spec->gpus : 0;
      gmax = size->spec != NULL ? hi * size->spec->gpus : 0;

      region = get_region (&p, rg->region);
      row_add (get_row (&p, region, size->family), i, size->spec, vmin, vmax, gmin, gmax);
      row_add (region->total, i, size->spec, vmin, vmax, gmin, gmax);

      /* an RG has one environment and project: the last RG's rollups are tried first */
      if (rg != rollup_rg)
        {
          rollup_rg = rg;
          env_rollup = keyed_rollup (&p, p.env_index, plan->environments, &p.no_env, rg->environment);
          project_rollup = keyed_rollup (&p, p.project_index, plan->projects, &p.no_project, rg->project);
        }
      rollup_add (env_rollup, i, vmin, vmax, gmin, gmax);
      rollup_add (project_rollup, i, vmin, vmax, gmin, gmax);
      if (r->kind == TOPO_KIND_AKS)
        ws = aks_ws[i];
      else if (r->workspace == NULL)
        ws = -1;
      else
        {
          /* computes of one workspace usually follow each other */
          if (last_ws == NULL || strcmp (last_ws, r->workspace) != 0)
            {
              const TopoResource *w = topo_document_lookup (doc, r->workspace);

              last_ws = r->workspace;
              last_ws_pos = w != NULL && w->kind == TOPO_KIND_WORKSPACE ? (int) w->position : -1;
            }
          ws = last_ws_pos;
        }
      rollup_add (workspace_rollup (&p, ws), i, vmin, vmax, gmin, gmax);
    }

  match_quotas (&p);

  for (guint i = 0; i < plan->rows->len; i++)
    finish_row (plan, g_ptr_array_index (plan->rows, i));
  for (guint i = 0; i < plan->regions->len; i++)
    finish_row (plan, g_ptr_array_index (plan->regions, i));
  g_ptr_array_sort (plan->rows, compare_rows);
  g_ptr_array_sort (plan->regions, compare_rows);

  /* environments the policy lists but no compute uses are dropped; the order stays */
  for (guint i = plan->environments->len; i > 0; i--)
    if (((TopoCapacityRollup *) g_ptr_array_index (plan->environments, i - 1))->n_computes == 0)
      g_ptr_array_remove_index (plan->environments, i - 1);
  g_ptr_array_sort (plan->projects, compare_rollups);
  g_ptr_array_sort (plan->workspaces, compare_rollups);

  g_free (aks_ws);
  g_free (p.workspace_rollup);
  g_ptr_array_unref (p.rollups);
  g_hash_table_unref (p.env_index);
  g_hash_table_unref (p.project_index);
  g_hash_table_unref (p.regions);
  g_ptr_array_unref (p.region_list);
  return plan;
}

void
topo_capacity_free (TopoCapacity *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->rows);
  g_ptr_array_unref (plan->regions);
  g_ptr_array_unref (plan->environments);
  g_ptr_array_unref (plan->projects);
  g_ptr_array_unref (plan->workspaces);
  g_free (plan);
}

static GStrv
position_ids (GArray       *computes,
              TopoDocument *doc)
{
  GStrv ids = g_new0 (char *, computes->len + 1);

  for (guint i = 0; i < computes->len; i++)
    ids[i] = g_strdup (topo_document_get_resource (doc, g_array_index (computes, guint, i))->id);
  return ids;
}

GStrv
topo_capacity_row_ids (const TopoCapacityRow *row,
                       TopoDocument *doc)
{
  return position_ids (row->computes, doc);
}

GStrv
topo_capacity_rollup_ids (const TopoCapacityRollup *rollup,
                          TopoDocument             *doc)
{
  return position_ids (rollup->computes, doc);
}

/* Output ------------------------------------------------------------------------------------- */

static void
json_key (GString *out,
          gboolean *first,
          const char *key)
{
  if (!*first)
    g_string_append (out, ", ");
  *first = FALSE;
  topo_json_write_string (out, key);
  g_string_append (out, ": ");
}

static void
json_str (GString *out, gboolean *first, const char *key, const char *value)
{
  json_key (out, first, key);
  if (value == NULL)
    g_string_append (out, "null");
  else
    topo_json_write_string (out, value);
}

static void
json_int (GString *out, gboolean *first, const char *key, gint64 value)
{
  json_key (out, first, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static const char *
row_kind_name (TopoCapacityRowKind kind)
{
  switch (kind)
    {
    case TOPO_CAPACITY_ROW_FAMILY:
      return "family";
    case TOPO_CAPACITY_ROW_UNKNOWN_SIZE:
      return "unknown-size";
    case TOPO_CAPACITY_ROW_REGION_TOTAL:
    default:
      return "region-total";
    }
}

static void
json_row (GString *out,
          const TopoCapacityRow *row)
{
  gboolean first = TRUE;

  g_string_append (out, "    {");
  json_str (out, &first, "region", row->region);
  if (row->kind != TOPO_CAPACITY_ROW_REGION_TOTAL)
    {
      json_str (out, &first, "family", row->family);
      json_key (out, &first, "gpu_family");
      g_string_append (out, row->gpu_family ? "true" : "false");
    }
  json_int (out, &first, "computes", row->computes->len);
  json_int (out, &first, "vcpus_min", row->vcpus_min);
  json_int (out, &first, "vcpus_max", row->vcpus_max);
  json_key (out, &first, "quota");
  if (row->quota == TOPO_CAPACITY_NO_QUOTA)
    g_string_append (out, "null, \"headroom\": null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT ", \"headroom\": %" G_GINT64_FORMAT,
                            row->quota, row->quota - row->vcpus_max);
  json_key (out, &first, "exceeded");
  g_string_append (out, topo_capacity_row_exceeded (row) ? "true" : "false");
  json_int (out, &first, "gpus_min", row->gpus_min);
  json_int (out, &first, "gpus_max", row->gpus_max);
  json_str (out, &first, "gpu_models", row->gpu_models);
  json_int (out, &first, "unsized", row->n_unsized);
  g_string_append_c (out, '}');
}

static void
json_rows (GString *out,
           const char *key,
           GPtrArray *rows)
{
  g_string_append_printf (out, "  \"%s\": [", key);
  for (guint i = 0; i < rows->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n" : "\n");
      json_row (out, g_ptr_array_index (rows, i));
    }
  g_string_append (out, rows->len > 0 ? "\n  ]" : "]");
}

static void
json_rollups (GString *out,
              const char *key,
              GPtrArray *rollups)
{
  g_string_append_printf (out, "  \"%s\": [", key);
  for (guint i = 0; i < rollups->len; i++)
    {
      const TopoCapacityRollup *r = g_ptr_array_index (rollups, i);
      gboolean first = TRUE;

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      if (g_str_equal (key, "workspaces"))
        json_str (out, &first, "id", r->id);
      json_str (out, &first, "name", r->name);
      json_int (out, &first, "computes", r->n_computes);
      json_int (out, &first, "vcpus_min", r->vcpus_min);
      json_int (out, &first, "vcpus_max", r->vcpus_max);
      json_int (out, &first, "gpus_min", r->gpus_min);
      json_int (out, &first, "gpus_max", r->gpus_max);
      g_string_append_c (out, '}');
    }
  g_string_append (out, rollups->len > 0 ? "\n  ]" : "]");
}

char *
topo_capacity_to_json (const TopoCapacity *plan)
{
  GString *out = g_string_new ("{\n");

  g_string_append_printf (out, "  \"computes\": %u,\n  \"unplaced\": %u,\n  \"exceeded\": %u,\n",
                          plan->n_computes, plan->n_unplaced, plan->n_exceeded);
  json_rows (out, "rows", plan->rows);
  g_string_append (out, ",\n");
  json_rows (out, "regions", plan->regions);
  g_string_append (out, ",\n");
  json_rollups (out, "environments", plan->environments);
  g_string_append (out, ",\n");
  json_rollups (out, "projects", plan->projects);
  g_string_append (out, ",\n");
  json_rollups (out, "workspaces", plan->workspaces);
  g_string_append (out, "\n}\n");
  return g_string_free (out, FALSE);
}

/* RFC 4180: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is
 * prefixed with ' so that spreadsheets do not run a design's names as formulas. */
static void
csv_field (GString *out,
           const char *value)
{
  gboolean quote;

  g_string_append_c (out, ',');
  if (value == NULL)
    return;
  quote = strpbrk (value, ",\"\r\n") != NULL || strchr ("=+-@", value[0]) != NULL;
  if (!quote)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (value[0] != '\0' && strchr ("=+-@", value[0]) != NULL)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_int (GString *out,
         gint64 value)
{
  g_string_append_printf (out, ",%" G_GINT64_FORMAT, value);
}

static void
csv_row (GString *out,
         const TopoCapacityRow *row)
{
  g_string_append (out, row_kind_name (row->kind));
  csv_field (out, row->region);
  csv_field (out, row->family);
  csv_int (out, row->computes->len);
  csv_int (out, row->vcpus_min);
  csv_int (out, row->vcpus_max);
  if (row->quota == TOPO_CAPACITY_NO_QUOTA)
    g_string_append (out, ",,");
  else
    {
      csv_int (out, row->quota);
      csv_int (out, row->quota - row->vcpus_max);
    }
  csv_int (out, row->gpus_min);
  csv_int (out, row->gpus_max);
  csv_field (out, row->gpu_models);
  csv_int (out, row->n_unsized);
  g_string_append (out, "\r\n");
}

static void
csv_rollups (GString *out,
             const char *section,
             GPtrArray *rollups)
{
  for (guint i = 0; i < rollups->len; i++)
    {
      const TopoCapacityRollup *r = g_ptr_array_index (rollups, i);

      g_string_append (out, section);
      csv_field (out, NULL);
      csv_field (out, r->name);
      csv_int (out, r->n_computes);
      csv_int (out, r->vcpus_min);
      csv_int (out, r->vcpus_max);
      g_string_append (out, ",,");
      csv_int (out, r->gpus_min);
      csv_int (out, r->gpus_max);
      g_string_append (out, ",,\r\n");
    }
}

char *
topo_capacity_to_csv (const TopoCapacity *plan)
{
  GString *out = g_string_new ("section,region,name,computes,vcpus_min,vcpus_max,quota,headroom,"
                               "gpus_min,gpus_max,gpu_models,unsized\r\n");

  for (guint i = 0; i < plan->rows->len; i++)
    csv_row (out, g_ptr_array_index (plan->rows, i));
  for (guint i = 0; i < plan->regions->len; i++)
    csv_row (out, g_ptr_array_index (plan->regions, i));
  csv_rollups (out, "environment", plan->environments);
  csv_rollups (out, "project", plan->projects);
  csv_rollups (out, "workspace", plan->workspaces);
  return g_string_free (out, FALSE);
}

static void
line_free (gpointer data)
{
  TopoCapacityLine *line = data;

  g_free (line->text);
  g_free (line);
}

static void
add_line (GPtrArray *lines,
          char *text,
          int level,
          gboolean indented)
{
  TopoCapacityLine *line = g_new0 (TopoCapacityLine, 1);

  line->text = text;
  line->level = level;
  line->indented = indented;
  g_ptr_array_add (lines, line);
}

static char *
range_text (gint64 lo,
            gint64 hi)
{
  return lo == hi ? g_strdup_printf ("%" G_GINT64_FORMAT, hi)
                  : g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, lo, hi);
}

/* "0–48 of 72 vCPUs" or "0–48 vCPUs" */
static char *
planned_text (const TopoCapacityRow *row)
{
  g_autofree char *planned = range_text (row->vcpus_min, row->vcpus_max);

  if (row->quota == TOPO_CAPACITY_NO_QUOTA)
    return g_strdup_printf (_("%s vCPUs"), planned);
  return g_strdup_printf (_("%s of %lld vCPUs"), planned, (long long) row->quota);
}

static int
lane_position (TopoDocument *doc,
               const char   *region)
{
  const char *const *lanes = topo_document_get_lanes (doc);

  for (int i = 0; lanes != NULL && lanes[i] != NULL; i++)
    if (g_str_equal (lanes[i], region))
      return i;
  return G_MAXINT;
}

static int
compare_lane_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      doc)
{
  const TopoCapacityRow *x = *(const TopoCapacityRow * const *) a;
  const TopoCapacityRow *y = *(const TopoCapacityRow * const *) b;
  int px = lane_position (doc, x->region), py = lane_position (doc, y->region);

  if (px != py)
    return px < py ? -1 : 1;
  return strcmp (x->region, y->region);
}

GPtrArray *
topo_capacity_summary (const TopoCapacity *plan,
                       TopoDocument       *doc)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);
  g_autoptr(GPtrArray) regions = g_ptr_array_sized_new (plan->regions->len);   /* borrowed */

  for (guint i = 0; i < plan->regions->len; i++)
    g_ptr_array_add (regions, g_ptr_array_index (plan->regions, i));
  g_ptr_array_sort_with_data (regions, compare_lane_order, doc);
  for (guint i = 0; i < regions->len; i++)
    {
      const TopoCapacityRow *total = g_ptr_array_index (regions, i);
      const TopoRegion *info = topo_region_lookup (total->region);
      g_autofree char *figures = planned_text (total);
      g_autoptr(GString) text = g_string_new (NULL);

      if (info != NULL)
        g_string_append_printf (text, "%s (%s): %s", info->display_name, total->region, figures);
      else
        g_string_append_printf (text, "%s: %s", total->region, figures);
      if (total->gpus_max > 0)
        {
          g_autofree char *gpus = range_text (total->gpus_min, total->gpus_max);

          g_string_append_printf (text, _(", %s GPUs (%s)"), gpus, total->gpu_models);
        }
      if (topo_capacity_row_exceeded (total))
        g_string_append_printf (text, " — %s", _("over the regional quota"));
      add_line (lines, g_string_free (g_steal_pointer (&text), FALSE),
                topo_capacity_row_exceeded (total) ? 2 : 0, FALSE);
      for (guint k = 0; k < plan->rows->len; k++)
        {
          const TopoCapacityRow *row = g_ptr_array_index (plan->rows, k);
          gboolean no_quota = row->gpu_family && row->quota == TOPO_CAPACITY_NO_QUOTA &&
                              row->computes->len > 0;
          g_autofree char *rf = NULL;

          if (row->region != total->region || row->family == NULL ||
              (row->quota == TOPO_CAPACITY_NO_QUOTA && !no_quota))
            continue;
          rf = planned_text (row);
          if (topo_capacity_row_exceeded (row))
            add_line (lines, g_strdup_printf ("%s: %s — %s", row->family, rf, _("over quota")), 2, TRUE);
          else if (no_quota)
            add_line (lines, g_strdup_printf ("%s: %s — %s", row->family, rf,
                                              _("no quota declared (GPU families start at 0)")), 1, TRUE);
          else
            add_line (lines, g_strdup_printf ("%s: %s", row->family, rf), 0, TRUE);
        }
    }
  return lines;
}
