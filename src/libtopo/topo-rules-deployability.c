/* topo-rules-deployability.c: DEP001–DEP007, what keeps the ARM export from deploying
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-validator-private.h"

/* DEP001 */
static void
check_without_group (TopoValidation *v,
                     guint i)
{
  const TopoResource *r = v->res[i];
  TopoDiagnostic *d;
  int target = v->first_rg;

  d = topo_validation_add (v, "DEP001", TOPO_SEVERITY_ERROR,
                           topo_validation_message ("DEP001", _("“%s” is not in a resource group."),
                                                    topo_resource_get_name (r)),
                           r->id, NULL);
  /* A compute goes where its workspace is, so the fix does not cause a DEP002. */
  if (topo_kind_is_compute (r->kind) && r->workspace != NULL)
    {
      int w = v->workspace[i];
      if (w >= 0 && v->rg[w] >= 0)
        target = v->rg[w];
    }
  if (target >= 0)
    topo_diagnostic_set_fix (d, TOPO_FIX_REPARENT,
                             g_strdup_printf (_("Put “%s” into resource group “%s”"),
                                              topo_resource_get_name (r), topo_validation_name (v, target)),
                             g_strdup (v->res[target]->id));
}

/* DEP002, DEP005 */
static void
check_compute (TopoValidation *v,
               guint i)
{
  const TopoResource *r = v->res[i];
  int w = v->workspace[i];

  if (w >= 0 && v->rg[i] >= 0 && v->rg[w] >= 0 && v->rg[i] != v->rg[w])
    {
      TopoDiagnostic *d;

      d = topo_validation_add (v, "DEP002", TOPO_SEVERITY_ERROR,
                               topo_validation_message ("DEP002",
                                 _("Compute “%s” is in resource group “%s”, but its workspace “%s” is in “%s”."),
                                 topo_resource_get_name (r), topo_validation_name (v, v->rg[i]),
                                 topo_validation_name (v, w), topo_validation_name (v, v->rg[w])),
                               r->id, v->res[w]->id, NULL);
      topo_diagnostic_set_fix (d, TOPO_FIX_REPARENT,
                               g_strdup_printf (_("Move “%s” into resource group “%s”"),
                                                topo_resource_get_name (r), topo_validation_name (v, v->rg[w])),
                               g_strdup (v->res[v->rg[w]]->id));
    }

  if (r->kind == TOPO_KIND_COMPUTE_CLUSTER && r->min_nodes > 0)
    {
      gboolean inverted = r->max_nodes != TOPO_COUNT_UNSET && r->min_nodes > r->max_nodes;
      TopoDiagnostic *d;
      char *message;

      if (inverted)
        message = topo_validation_message ("DEP005",
                                           g_dngettext (GETTEXT_PACKAGE,
                                                        "Cluster “%s” has a minimum of %lld node, more than its maximum of %lld.",
                                                        "Cluster “%s” has a minimum of %lld nodes, more than its maximum of %lld.",
                                                        (gulong) r->min_nodes),
                                           topo_resource_get_name (r), (long long) r->min_nodes,
                                           (long long) r->max_nodes);
      else
        message = topo_validation_message ("DEP005",
                                           g_dngettext (GETTEXT_PACKAGE,
                                                        "Cluster “%s” keeps at least %lld node running.",
                                                        "Cluster “%s” keeps at least %lld nodes running.",
                                                        (gulong) r->min_nodes),
                                           topo_resource_get_name (r), (long long) r->min_nodes);
      d = topo_validation_add (v, "DEP005", inverted ? TOPO_SEVERITY_ERROR : TOPO_SEVERITY_WARNING,
                               message, r->id, NULL);
      topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                               g_strdup_printf (_("Set the minimum node count of “%s” to 0"),
                                                topo_resource_get_name (r)),
                               g_strdup ("min_nodes=0"));
    }
}

/* DEP006: counts Azure rejects. One finding per resource, naming every bad count. */
static void
check_counts (TopoValidation *v,
              guint i)
{
  const TopoResource *r = v->res[i];
  g_autoptr(GString) what = NULL;
  g_autoptr(GString) arg = NULL;
  TopoDiagnostic *d;

  if (r->existing)
    return;   /* not deployed: its node counts are whatever Azure has */
  if (r->kind == TOPO_KIND_COMPUTE_CLUSTER)
    {
      gboolean bad_min = r->min_nodes != TOPO_COUNT_UNSET && r->min_nodes < 0;
      gboolean bad_max = r->max_nodes != TOPO_COUNT_UNSET && r->max_nodes < 0;

      if (!bad_min && !bad_max)
        return;
      what = g_string_new (NULL);
      arg = g_string_new (NULL);
      if (bad_min)
        {
          g_string_append_printf (what, g_dngettext (GETTEXT_PACKAGE, "a minimum of %lld node",
                                                     "a minimum of %lld nodes",
                                                     (gulong) r->min_nodes),
                                  (long long) r->min_nodes);
          g_string_append (arg, "min_nodes=0");
        }
      if (bad_max)
        {
          /* A maximum below a valid minimum would trade this finding for DEP005. */
          gint64 max = !bad_min && r->min_nodes != TOPO_COUNT_UNSET ? r->min_nodes : 0;

          if (bad_min)
            {
              g_string_append (what, _(" and "));
              g_string_append_c (arg, '\n');
            }
          g_string_append_printf (what, g_dngettext (GETTEXT_PACKAGE, "a maximum of %lld node",
                                                     "a maximum of %lld nodes",
                                                     (gulong) r->max_nodes),
                                  (long long) r->max_nodes);
          g_string_append_printf (arg, "max_nodes=%" G_GINT64_FORMAT, max);
        }
      d = topo_validation_add (v, "DEP006", TOPO_SEVERITY_ERROR,
                               topo_validation_message ("DEP006", _("Cluster “%s” has %s."),
                                                        topo_resource_get_name (r), what->str),
                               r->id, NULL);
      topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                               g_strdup_printf (_("Make the node counts of “%s” valid"),
                                                topo_resource_get_name (r)),
                               g_string_free (g_steal_pointer (&arg), FALSE));
      return;
    }
  if (r->node_count == TOPO_COUNT_UNSET || r->node_count > 0)
    return;
  d = topo_validation_add (v, "DEP006", TOPO_SEVERITY_ERROR,
                           topo_validation_message ("DEP006",
                             _("AKS cluster “%s” has a node count of %lld."),
                             topo_resource_get_name (r), (long long) r->node_count),
                           r->id, NULL);
  topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                           g_strdup_printf (_("Set the node count of “%s” to 1"), topo_resource_get_name (r)),
                           g_strdup ("node_count=1"));
}

/* The storage SKUs of Microsoft.Storage/storageAccounts (2023-05-01); ARM compares them
 * case-insensitively. */
static const char *const storage_skus[] = {
  "Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS", "Premium_ZRS",
  "Standard_GZRS", "Standard_RAGZRS",
};

/* DEP007 */
static void
check_storage_sku (TopoValidation *v,
                   guint i)
{
  const TopoResource *r = v->res[i];
  TopoDiagnostic *d;

  if (r->sku == NULL || r->existing)
    return;   /* the default, Standard_LRS; an existing account has the SKU Azure gave it */
  for (guint k = 0; k < G_N_ELEMENTS (storage_skus); k++)
    if (g_ascii_strcasecmp (r->sku, storage_skus[k]) == 0)
      return;
  d = topo_validation_add (v, "DEP007", TOPO_SEVERITY_ERROR,
                           topo_validation_message ("DEP007",
                             _("Storage account “%s” has the SKU “%s”, which is not one of Standard_LRS, Standard_GRS, Standard_RAGRS, Standard_ZRS, Standard_GZRS, Standard_RAGZRS, Premium_LRS, Premium_ZRS."),
                             topo_resource_get_name (r), r->sku),
                           r->id, NULL);
  topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                           g_strdup_printf (_("Use the SKU Standard_LRS for “%s”"), topo_resource_get_name (r)),
                           g_strdup ("sku=Standard_LRS"));
}

/* DEP003, DEP004 */
static void
check_workspace (TopoValidation *v,
                 guint i)
{
  const TopoResource *ws = v->res[i];
  static const char *const labels[3] = { N_("storage account"), N_("key vault"), N_("Application Insights") };
  GString *missing = NULL;
  int st;

  /* An existing workspace has its associated resources already; the export creates none. */
  for (guint k = 0; k < 3 && !ws->existing; k++)
    {
      if (v->assoc[i * 4 + k] >= 0)
        continue;
      if (missing == NULL)
        missing = g_string_new (NULL);
      else
        g_string_append (missing, ", ");
      g_string_append (missing, _(labels[k]));
    }
  if (missing != NULL)
    {
      topo_validation_add (v, "DEP003", TOPO_SEVERITY_INFO,
                           topo_validation_message ("DEP003",
                             _("Workspace “%s” has no associated %s."),
                             topo_resource_get_name (ws), missing->str),
                           ws->id, NULL);
      g_string_free (missing, TRUE);
    }

  st = v->assoc[i * 4];
  if (st >= 0)
    {
      const TopoResource *s = v->res[st];
      const char *sku = topo_resource_sku (s);
      gboolean premium = g_ascii_strncasecmp (sku, "Premium", 7) == 0;
      gboolean hns = topo_resource_hns (s);
      TopoDiagnostic *d;
      GString *arg;

      if (!premium && !hns)
        return;
      d = topo_validation_add (v, "DEP004", TOPO_SEVERITY_ERROR,
                               topo_validation_message ("DEP004",
                                 premium && hns ? _("“%s”, the default storage of workspace “%s”, is %s with a hierarchical namespace.")
                                 : premium ? _("“%s”, the default storage of workspace “%s”, is %s.")
                                 : _("“%s”, the default storage of workspace “%s”, has a hierarchical namespace%s."),
                                 topo_resource_get_name (s), topo_resource_get_name (ws),
                                 premium ? sku : ""),
                               s->id, ws->id, NULL);
      arg = g_string_new (NULL);
      if (premium)
        g_string_append (arg, g_ascii_strcasecmp (sku, "Premium_ZRS") == 0 ? "sku=Standard_ZRS" : "sku=Standard_LRS");
      if (hns)
        g_string_append (arg, premium ? "\nhns" : "hns");
      topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                               g_strdup_printf (_("Make “%s” Standard storage without a hierarchical namespace"),
                                                topo_resource_get_name (s)),
                               g_string_free (arg, FALSE));
    }
}

void
topo_rules_deployability (TopoValidation *v)
{
  for (guint u = 0; u < v->ungrouped->len; u++)
    check_without_group (v, g_array_index (v->ungrouped, guint, u));
  TOPO_FOREACH_OF_KINDS (v, TOPO_KIND_COMPUTE_INSTANCE, TOPO_KIND_COMPUTE_CLUSTER, i)
    check_compute (v, i);
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_COMPUTE_CLUSTER, i)
    check_counts (v, i);
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_AKS, i)
    check_counts (v, i);
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_STORAGE, i)
    check_storage_sku (v, i);
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
    check_workspace (v, i);
}
