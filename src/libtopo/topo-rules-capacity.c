/* topo-rules-capacity.c: CAP001–CAP005 — VM sizes Azure knows, and the planned dedicated vCPUs
 * against the quotas the design declares (policy.quotas)
 *
 * The figures come from topo-capacity (one linear pass); this file only judges them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-capacity.h"
#include "topo-validator-private.h"
#include "topo-vm-sizes.h"

/* CAP001 */
static void
check_size (TopoValidation *v,
            guint i)
{
  const TopoResource *r = v->res[i];
  g_autofree char *suggestion = NULL;
  TopoDiagnostic *d;

  if (r->vm_size == NULL || topo_vm_size_is_known (r->vm_size))
    return;
  suggestion = topo_vm_size_suggest (r->vm_size);
  if (suggestion == NULL)
    {
      topo_validation_add (v, "CAP001", TOPO_SEVERITY_ERROR,
                           topo_validation_message ("CAP001",
                             _("“%s” has the VM size “%s”, which is not an Azure VM size."),
                             topo_resource_get_name (r), r->vm_size),
                           r->id, NULL);
      return;
    }
  d = topo_validation_add (v, "CAP001", TOPO_SEVERITY_ERROR,
                           topo_validation_message ("CAP001",
                             _("“%s” has the VM size “%s”, which is not an Azure VM size; the nearest is “%s”."),
                             topo_resource_get_name (r), r->vm_size, suggestion),
                           r->id, NULL);
  topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                           g_strdup_printf (_("Change the VM size of “%s” to “%s”"),
                                            topo_resource_get_name (r), suggestion),
                           g_strconcat ("vm_size=", suggestion, NULL));
}

typedef struct
{
  guint  position;
  gint64 vcpus_max;   /* its share of the row at maximum scale */
} Share;

static int
compare_shares (gconstpointer a,
                gconstpointer b)
{
  const Share *x = a, *y = b;

  if (x->vcpus_max != y->vcpus_max)
    return x->vcpus_max > y->vcpus_max ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

static gint64
vcpus_per_node (const TopoResource *r)
{
  const TopoVmSize *size = topo_vm_size_lookup (topo_capacity_vm_size (r));

  return size != NULL ? size->vcpus : 0;
}

/* The row's computes, the largest share of the planned maximum first (the one to fix first). */
static GArray *
shares_of (TopoValidation *v,
           const TopoCapacityRow *row)
{
  GArray *shares = g_array_sized_new (FALSE, FALSE, sizeof (Share), row->computes->len);

  for (guint k = 0; k < row->computes->len; k++)
    {
      Share s = { g_array_index (row->computes, guint, k), 0 };
      gint64 hi = 0;

      topo_capacity_nodes (v->res[s.position], NULL, &hi);
      s.vcpus_max = hi * vcpus_per_node (v->res[s.position]);
      g_array_append_val (shares, s);
    }
  g_array_sort (shares, compare_shares);
  return shares;
}

/* "id=max" lines that lower clusters' maximum node counts, largest share first, until the row
 * fits its quota, keeping each cluster at its minimum and at one node at least; NULL when
 * lowering maximums cannot make it fit. *n_changed: how many clusters change. */
static char *
fit_arg (TopoValidation *v,
         GArray *shares,
         gint64 excess,
         guint *n_changed,
         const char **only)
{
  g_autoptr(GString) arg = g_string_new (NULL);

  *n_changed = 0;
  for (guint k = 0; k < shares->len && excess > 0; k++)
    {
      const TopoResource *r = v->res[g_array_index (shares, Share, k).position];
      gint64 lo, hi, per_node = vcpus_per_node (r), cut;

      if (r->kind != TOPO_KIND_COMPUTE_CLUSTER || per_node == 0)
        continue;
      topo_capacity_nodes (r, &lo, &hi);
      cut = MIN (hi - MAX (lo, 1), (excess + per_node - 1) / per_node);
      if (cut <= 0)
        continue;
      excess -= cut * per_node;
      g_string_append_printf (arg, "%s%s=%" G_GINT64_FORMAT, arg->len > 0 ? "\n" : "", r->id, hi - cut);
      *only = r->id;
      (*n_changed)++;
    }
  return excess > 0 || *n_changed == 0 ? NULL : g_strdup (arg->str);
}

/* CAP002 (a family in a region) and CAP003 (a region's total) */
static void
check_quota (TopoValidation *v,
             const TopoCapacityRow *row,
             TopoDocument *doc)
{
  g_autoptr(GArray) shares = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  TopoDiagnostic *d;
  const char *rule = row->kind == TOPO_CAPACITY_ROW_REGION_TOTAL ? "CAP003" : "CAP002";
  const char *only = NULL;
  char *arg;
  guint n_changed;

  if (!topo_capacity_row_exceeded (row))
    return;
  shares = shares_of (v, row);
  subjects = g_ptr_array_sized_new (shares->len);
  for (guint k = 0; k < shares->len; k++)
    g_ptr_array_add (subjects, v->res[g_array_index (shares, Share, k).position]->id);

  if (row->kind == TOPO_CAPACITY_ROW_REGION_TOTAL)
    d = topo_validation_addv (v, rule, TOPO_SEVERITY_WARNING,
                              topo_validation_message (rule,
                                _("In %s, the computes plan up to %lld dedicated vCPUs at maximum scale, over the regional total quota of %lld."),
                                row->region, (long long) row->vcpus_max, (long long) row->quota),
                              subjects);
  else
    d = topo_validation_addv (v, rule, TOPO_SEVERITY_ERROR,
                              topo_validation_message (rule,
                                _("In %s, the %s computes plan up to %lld dedicated vCPUs at maximum scale, over the family's quota of %lld."),
                                row->region, row->family, (long long) row->vcpus_max,
                                (long long) row->quota),
                              subjects);

  arg = fit_arg (v, shares, row->vcpus_max - row->quota, &n_changed, &only);
  if (arg == NULL)
    return;
  if (n_changed == 1)
    topo_diagnostic_set_fix (d, TOPO_FIX_SET_MAX_NODES,
                             g_strdup_printf (_("Set the maximum node count of “%s” to %s"),
                                              topo_resource_get_name (topo_document_lookup (doc, only)),
                                              strchr (arg, '=') + 1),
                             arg);
  else
    topo_diagnostic_set_fix (d, TOPO_FIX_SET_MAX_NODES,
                             g_strdup_printf (ngettext ("Lower the maximum node count of %u cluster to fit the quota",
                                                        "Lower the maximum node counts of %u clusters to fit the quota",
                                                        n_changed), n_changed),
                             arg);
}

/* CAP004 */
static void
check_gpu_quota (TopoValidation *v,
                 const TopoCapacityRow *row)
{
  g_autoptr(GArray) shares = NULL;
  g_autoptr(GPtrArray) subjects = NULL;

  if (!row->gpu_family || row->quota != TOPO_CAPACITY_NO_QUOTA || row->computes->len == 0)
    return;
  shares = shares_of (v, row);
  subjects = g_ptr_array_sized_new (shares->len);
  for (guint k = 0; k < shares->len; k++)
    g_ptr_array_add (subjects, v->res[g_array_index (shares, Share, k).position]->id);
  topo_validation_addv (v, "CAP004", TOPO_SEVERITY_WARNING,
                        topo_validation_message ("CAP004",
                          _("In %s, the GPU family %s plans up to %lld dedicated vCPUs, and the policy declares no quota for it: request quota before deploying."),
                          row->region, row->family, (long long) row->vcpus_max),
                        subjects);
}

/* CAP005 */
static void
check_idle (TopoValidation *v,
            guint i)
{
  const TopoResource *r = v->res[i];
  const char *env;
  gint64 per_node;
  TopoDiagnostic *d;
  char *message;

  if (r->min_nodes == TOPO_COUNT_UNSET || r->min_nodes <= 0 || v->env[i] < 0 || v->prod[i])
    return;
  env = topo_policy_environments (v->policy)[v->env[i]];
  per_node = vcpus_per_node (r);
  if (per_node > 0)
    message = topo_validation_message ("CAP005",
                                       g_dngettext (GETTEXT_PACKAGE,
                                                    "Cluster “%s” keeps %lld node (%lld dedicated vCPUs) allocated while idle in the non-production environment “%s”.",
                                                    "Cluster “%s” keeps %lld nodes (%lld dedicated vCPUs) allocated while idle in the non-production environment “%s”.",
                                                    (gulong) r->min_nodes),
                                       topo_resource_get_name (r), (long long) r->min_nodes,
                                       (long long) (r->min_nodes * per_node), env);
  else
    message = topo_validation_message ("CAP005",
                                       g_dngettext (GETTEXT_PACKAGE,
                                                    "Cluster “%s” keeps %lld node allocated while idle in the non-production environment “%s”.",
                                                    "Cluster “%s” keeps %lld nodes allocated while idle in the non-production environment “%s”.",
                                                    (gulong) r->min_nodes),
                                       topo_resource_get_name (r), (long long) r->min_nodes, env);
  d = topo_validation_add (v, "CAP005", TOPO_SEVERITY_INFO, message, r->id, NULL);
  topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                           g_strdup_printf (_("Set the minimum node count of “%s” to 0"),
                                            topo_resource_get_name (r)),
                           g_strdup ("min_nodes=0"));
}

void
topo_rules_capacity (TopoValidation *v)
{
  g_autoptr(TopoCapacity) plan = NULL;

  TOPO_FOREACH_OF_KINDS (v, TOPO_KIND_COMPUTE_INSTANCE, TOPO_KIND_COMPUTE_CLUSTER, i)
    {
      check_size (v, i);
      if (v->res[i]->kind == TOPO_KIND_COMPUTE_CLUSTER)
        check_idle (v, i);
    }
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_AKS, i)
    check_size (v, i);

  plan = topo_capacity_compute (v->doc);
  for (guint k = 0; k < plan->rows->len; k++)
    {
      const TopoCapacityRow *row = g_ptr_array_index (plan->rows, k);

      check_quota (v, row, v->doc);
      check_gpu_quota (v, row);
    }
  for (guint k = 0; k < plan->regions->len; k++)
    check_quota (v, g_ptr_array_index (plan->regions, k), v->doc);
}
