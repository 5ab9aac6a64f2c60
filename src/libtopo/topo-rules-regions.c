/* topo-rules-regions.c: REG001–REG006, regions and data residency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-validator-private.h"

static gboolean
is_sensitive_storage (const TopoResource *r)
{
  return topo_resource_data (r) == TOPO_DATA_PRODUCTION ||
         topo_resource_sensitivity (r) >= TOPO_LEVEL_CONFIDENTIAL;
}

static const char *
bad_region_reason (const TopoRegion *info)
{
  return info == NULL ? _("is not an Azure region")
                      : _("is a canary or stage region, not for customers");
}

/* REG001, REG002: regions of RGs and lanes. */
static void
check_region_names (TopoValidation *v)
{
  const char *const *allowed = topo_policy_allowed_regions (v->policy);
  const char *const *lanes = topo_document_get_lanes (v->doc);
  const char *first_allowed = NULL;

  const char *suggested;

  for (guint i = 0; allowed[i] != NULL && first_allowed == NULL; i++)
    {
      const TopoRegion *info = topo_region_lookup (allowed[i]);
      if (info != NULL && info->customer)
        first_allowed = allowed[i];
    }
  /* REG001's fix: the first allowed region, else the first lane that is a customer region. */
  suggested = first_allowed;
  for (guint i = 0; suggested == NULL && lanes != NULL && lanes[i] != NULL; i++)
    {
      const TopoRegion *info = topo_region_lookup (lanes[i]);
      if (info != NULL && info->customer)
        suggested = lanes[i];
    }

  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_RESOURCE_GROUP, i)
    {
      const TopoResource *r = v->res[i];
      const TopoRegion *info = v->region_info[i];

      if (r->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      if (info == NULL || !info->customer)
        {
          TopoDiagnostic *d = topo_validation_add (v, "REG001", TOPO_SEVERITY_ERROR,
                                                   topo_validation_message ("REG001",
                                                     _("The region “%s” of resource group “%s” %s."),
                                                     r->region != NULL ? r->region : "", topo_resource_get_name (r),
                                                     bad_region_reason (info)),
                                                   r->id, NULL);
          if (suggested != NULL)
            topo_diagnostic_set_fix (d, TOPO_FIX_MOVE_GROUP_REGION,
                                     g_strdup_printf (_("Move “%s” to %s"), topo_resource_get_name (r),
                                                      suggested),
                                     g_strdup (suggested));
        }
      if (allowed[0] != NULL && (r->region == NULL || !g_strv_contains (allowed, r->region)))
        {
          TopoDiagnostic *d = topo_validation_add (v, "REG002", TOPO_SEVERITY_ERROR,
                                                   topo_validation_message ("REG002",
                                                     _("Resource group “%s” is in %s, which is not an allowed region."),
                                                     topo_resource_get_name (r), r->region != NULL ? r->region : ""),
                                                   r->id, NULL);
          if (first_allowed != NULL)
            topo_diagnostic_set_fix (d, TOPO_FIX_MOVE_GROUP_REGION,
                                     g_strdup_printf (_("Move “%s” to %s"), topo_resource_get_name (r),
                                                      first_allowed),
                                     g_strdup (first_allowed));
        }
    }

  /* A lane is not a resource: its finding has no subjects and names the lane. */
  for (guint i = 0; lanes != NULL && lanes[i] != NULL; i++)
    {
      const TopoRegion *info = topo_region_lookup (lanes[i]);

      if (info == NULL || !info->customer)
        topo_validation_add (v, "REG001", TOPO_SEVERITY_ERROR,
                             topo_validation_message ("REG001", _("The lane “%s” %s."), lanes[i],
                                                      bad_region_reason (info)),
                             NULL, NULL);
    }
}

/* TRUE when a and b (resource indexes with RGs) lie on different sides of the residency
 * boundary; unknown regions cannot be placed (REG001 reports them). */
static gboolean
crosses_boundary (TopoValidation *v,
                  TopoResidency residency,
                  int a,
                  int b)
{
  switch (residency)
    {
    case TOPO_RESIDENCY_REGION:
      return g_strcmp0 (v->region[a], v->region[b]) != 0;
    case TOPO_RESIDENCY_GEOGRAPHY:
      return v->region_info[a] != NULL && v->region_info[b] != NULL &&
             g_strcmp0 (v->region_info[a]->geography, v->region_info[b]->geography) != 0;
    case TOPO_RESIDENCY_NONE:
    case TOPO_RESIDENCY_UNSET:
    case TOPO_N_RESIDENCY:
    default:
      return FALSE;
    }
}

/* REG003, REG004 on datastore and replication links; REG005 on inference links. */
static void
check_links (TopoValidation *v)
{
  TopoResidency residency = topo_policy_residency (v->policy);

  for (guint l = 0; l < v->n_links; l++)
    {
      const TopoLink *link = topo_document_get_link (v->doc, l);
      int from = v->link_from[l], to = v->link_to[l];
      const char *from_name, *to_name;

      if (from < 0 || to < 0 || v->region[from] == NULL || v->region[to] == NULL)
        continue;

      if (link->type == TOPO_LINK_DATASTORE || link->type == TOPO_LINK_REPLICATION)
        {
          gboolean sensitive = is_sensitive_storage (v->res[to]) ||
                               (link->type == TOPO_LINK_REPLICATION && is_sensitive_storage (v->res[from]));

          if (sensitive && crosses_boundary (v, residency, from, to))
            {
              TopoDiagnostic *d;

              from_name = topo_validation_name (v, from);
              to_name = topo_validation_name (v, to);
              d = topo_validation_add (v, "REG003", TOPO_SEVERITY_ERROR,
                                       topo_validation_message ("REG003",
                                         link->type == TOPO_LINK_DATASTORE
                                         ? _("Workspace “%s” (%s) reaches protected data in “%s” (%s) across the %s residency boundary.")
                                         : _("Storage “%s” (%s) replicates protected data with “%s” (%s) across the %s residency boundary."),
                                         from_name, v->region[from], to_name, v->region[to],
                                         topo_residency_to_string (residency)),
                                       link->from, link->to, NULL);
              topo_diagnostic_set_fix (d, TOPO_FIX_REMOVE_LINK,
                                       g_strdup_printf (_("Keep the data in its boundary: remove the %s link from “%s” to “%s”"),
                                                        topo_link_type_to_string (link->type), from_name, to_name),
                                       g_strdup (topo_link_type_to_string (link->type)));
            }
          else if (g_strcmp0 (v->region[from], v->region[to]) != 0)
            {
              from_name = topo_validation_name (v, from);
              to_name = topo_validation_name (v, to);
              topo_validation_add (v, "REG004", TOPO_SEVERITY_INFO,
                                   topo_validation_message ("REG004",
                                     _("The %s link from “%s” (%s) to “%s” (%s) joins two regions."),
                                     topo_link_type_to_string (link->type),
                                     from_name, v->region[from], to_name, v->region[to]),
                                   link->from, link->to, NULL);
            }
        }
      else if (link->type == TOPO_LINK_INFERENCE && v->region_info[from] != NULL &&
               v->region_info[to] != NULL &&
               g_strcmp0 (v->region_info[from]->geography, v->region_info[to]->geography) != 0)
        {
          from_name = topo_validation_name (v, from);
          to_name = topo_validation_name (v, to);
          topo_validation_add (v, "REG005", TOPO_SEVERITY_WARNING,
                               topo_validation_message ("REG005",
                                 _("Workspace “%s” (%s) serves through AKS cluster “%s” in another geography (%s)."),
                                 from_name, v->region_info[from]->geography, to_name,
                                 v->region_info[to]->geography),
                               link->from, link->to, NULL);
        }
    }
}

/* REG006: associated resources in another region than their workspace. */
static void
check_associated (TopoValidation *v)
{
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
    {
      const TopoResource *ws = v->res[i];

      if (v->region[i] == NULL)
        continue;
      for (guint k = 0; k < 4; k++)
        {
          int a;

          if ((a = v->assoc[i * 4 + k]) < 0 ||
              v->region[a] == NULL || g_str_equal (v->region[a], v->region[i]))
            continue;
          topo_validation_add (v, "REG006", TOPO_SEVERITY_INFO,
                               topo_validation_message ("REG006",
                                 _("Workspace “%s” (%s) uses “%s” in %s."),
                                 topo_resource_get_name (ws), v->region[i],
                                 topo_validation_name (v, a), v->region[a]),
                               ws->id, v->res[a]->id, NULL);
        }
    }
}

void
topo_rules_regions (TopoValidation *v)
{
  check_region_names (v);
  check_links (v);
  check_associated (v);
}
