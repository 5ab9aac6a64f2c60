/* topo-rules-deployability.c: DEP001–DEP005, what keeps the ARM export from deploying
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
      gboolean inverted = r->max_nodes >= 0 && r->min_nodes > r->max_nodes;
      TopoDiagnostic *d;
      char *message;

      if (inverted)
        message = topo_validation_message ("DEP005",
                                           _("Cluster “%s” has a minimum of %" G_GINT64_FORMAT " nodes, more than its maximum of %" G_GINT64_FORMAT "."),
                                           topo_resource_get_name (r), r->min_nodes, r->max_nodes);
      else
        message = topo_validation_message ("DEP005",
                                           _("Cluster “%s” keeps at least %" G_GINT64_FORMAT " nodes running."),
                                           topo_resource_get_name (r), r->min_nodes);
      d = topo_validation_add (v, "DEP005", inverted ? TOPO_SEVERITY_ERROR : TOPO_SEVERITY_WARNING,
                               message, r->id, NULL);
      topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                               g_strdup_printf (_("Set the minimum node count of “%s” to 0"),
                                                topo_resource_get_name (r)),
                               g_strdup ("min_nodes=0"));
    }
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

  for (guint k = 0; k < 3; k++)
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
      gboolean premium = g_str_has_prefix (sku, "Premium");
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
        g_string_append (arg, g_str_equal (sku, "Premium_ZRS") ? "sku=Standard_ZRS" : "sku=Standard_LRS");
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
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
    check_workspace (v, i);
}
