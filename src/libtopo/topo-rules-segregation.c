/* topo-rules-segregation.c: SEG001–SEG007, separation of environments and production data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-validator-private.h"

static const char *
env_name (TopoValidation *v,
          int index)
{
  return topo_policy_environments (v->policy)[v->env[index]];
}

/* SEG001: every RG has an environment of policy.environments. */
static void
check_environments (TopoValidation *v)
{
  const char *first_env = topo_policy_environments (v->policy)[0];

  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_RESOURCE_GROUP, i)
    {
      const TopoResource *r = v->res[i];
      TopoDiagnostic *d;
      char *message;

      if (r->kind != TOPO_KIND_RESOURCE_GROUP || v->env[i] >= 0)
        continue;
      if (r->environment == NULL)
        message = topo_validation_message ("SEG001", _("Resource group “%s” has no environment."),
                                           topo_resource_get_name (r));
      else
        message = topo_validation_message ("SEG001",
                                           _("Resource group “%s” has the environment “%s”, which is not one of the policy's environments."),
                                           topo_resource_get_name (r), r->environment);
      d = topo_validation_add (v, "SEG001", TOPO_SEVERITY_ERROR, message, r->id, NULL);
      if (first_env != NULL)
        topo_diagnostic_set_fix (d, TOPO_FIX_SET_PROPERTIES,
                                 g_strdup_printf (_("Set the environment to “%s”"), first_env),
                                 g_strconcat ("environment=", first_env, NULL));
    }
}

static void
set_remove_link_fix (TopoDiagnostic *d,
                     TopoLinkType type,
                     const char *from_name,
                     const char *to_name)
{
  topo_diagnostic_set_fix (d, TOPO_FIX_REMOVE_LINK,
                           g_strdup_printf (_("Remove the %s link from “%s” to “%s”"),
                                            topo_link_type_to_string (type), from_name, to_name),
                           g_strdup (topo_link_type_to_string (type)));
}

/* SEG002, SEG004, SEG007: datastore links to production data. SEG006: promotion order. */
static void
check_links (TopoValidation *v)
{
  for (guint l = 0; l < v->n_links; l++)
    {
      const TopoLink *link = topo_document_get_link (v->doc, l);
      int from = v->link_from[l], to = v->link_to[l];
      TopoDiagnostic *d;

      if (from < 0 || to < 0)
        continue;

      if (link->type == TOPO_LINK_DATASTORE &&
          topo_resource_data (v->res[to]) == TOPO_DATA_PRODUCTION)
        {
          const char *ws_name = topo_validation_name (v, from);
          const char *st_name = topo_validation_name (v, to);

          if (v->env[from] >= 0 && !v->prod[from])
            {
              d = topo_validation_add (v, "SEG002", TOPO_SEVERITY_ERROR,
                                       topo_validation_message ("SEG002",
                                         _("Workspace “%s” (environment %s) has a datastore link to “%s”, which holds production data."),
                                         ws_name, env_name (v, from), st_name),
                                       link->from, link->to, NULL);
              set_remove_link_fix (d, link->type, ws_name, st_name);
            }
          if (topo_link_access (link) == TOPO_ACCESS_WRITE)
            {
              d = topo_validation_add (v, "SEG004", TOPO_SEVERITY_WARNING,
                                       topo_validation_message ("SEG004",
                                         _("Workspace “%s” has write access to “%s”, which holds production data."),
                                         ws_name, st_name),
                                       link->from, link->to, NULL);
              topo_diagnostic_set_fix (d, TOPO_FIX_LINK_READ_ONLY,
                                       g_strdup_printf (_("Make the link from “%s” to “%s” read-only"),
                                                        ws_name, st_name),
                                       NULL);
            }
          if (v->res[from]->kind == TOPO_KIND_WORKSPACE &&
              v->res[from]->purpose == TOPO_PURPOSE_EXPLORATION)
            {
              d = topo_validation_add (v, "SEG007", TOPO_SEVERITY_WARNING,
                                       topo_validation_message ("SEG007",
                                         _("Exploration workspace “%s” has a datastore link to “%s”, which holds production data."),
                                         ws_name, st_name),
                                       link->from, link->to, NULL);
              set_remove_link_fix (d, link->type, ws_name, st_name);
            }
        }
      else if (link->type == TOPO_LINK_PROMOTION && v->env[from] >= 0 && v->env[to] >= 0 &&
               v->env[to] <= v->env[from])
        {
          const char *from_name = topo_validation_name (v, from);
          const char *to_name = topo_validation_name (v, to);

          d = topo_validation_add (v, "SEG006", TOPO_SEVERITY_WARNING,
                                   topo_validation_message ("SEG006",
                                     v->env[to] == v->env[from]
                                     ? _("The promotion from “%s” (%s) to “%s” (%s) stays in the same environment.")
                                     : _("The promotion from “%s” (%s) to “%s” (%s) goes backwards through the environments."),
                                     from_name, env_name (v, from), to_name, env_name (v, to)),
                                   link->from, link->to, NULL);
          /* Reversing only helps a backward promotion; within one environment it stays wrong. */
          if (v->env[to] < v->env[from])
            topo_diagnostic_set_fix (d, TOPO_FIX_REVERSE_LINK,
                                     g_strdup_printf (_("Reverse the promotion to go from “%s” to “%s”"),
                                                      to_name, from_name),
                                     NULL);
        }
    }
}

/* SEG003: production data in a non-production RG. */
static void
check_production_storage (TopoValidation *v)
{
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_STORAGE, i)
    {
      const TopoResource *r = v->res[i];
      TopoDiagnostic *d;
      gpointer target;

      if (r->kind != TOPO_KIND_STORAGE || v->env[i] < 0 || v->prod[i] ||
          topo_resource_data (r) != TOPO_DATA_PRODUCTION)
        continue;
      d = topo_validation_add (v, "SEG003", TOPO_SEVERITY_ERROR,
                               topo_validation_message ("SEG003",
                                 _("Storage “%s” holds production data but sits in resource group “%s” (environment %s)."),
                                 topo_resource_get_name (r), topo_validation_name (v, v->rg[i]),
                                 env_name (v, i)),
                               r->id, NULL);
      if (v->region[i] != NULL &&
          g_hash_table_lookup_extended (v->prod_rg_by_region, v->region[i], NULL, &target))
        {
          const TopoResource *rg = v->res[GPOINTER_TO_INT (target)];

          topo_diagnostic_set_fix (d, TOPO_FIX_REPARENT,
                                   g_strdup_printf (_("Move “%s” to production resource group “%s”"),
                                                    topo_resource_get_name (r), topo_resource_get_name (rg)),
                                   g_strdup (rg->id));
        }
    }
}

/* SEG005: an associated resource serving workspaces of different environments. */
static void
check_shared_associated (TopoValidation *v)
{
  int *first_env = topo_validation_new (v, int, v->n_resources);
  guint8 *mixed = topo_validation_new0 (v, guint8, v->n_resources);
  gboolean any_mixed = FALSE;

  for (guint i = 0; i < v->n_resources; i++)
    first_env[i] = -1;

  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
    {
      if (v->env[i] < 0)
        continue;
      for (guint k = 0; k < 4; k++)
        {
          int a;

          if ((a = v->assoc[i * 4 + k]) < 0)
            continue;
          if (first_env[a] < 0)
            first_env[a] = v->env[i];
          else if (first_env[a] != v->env[i])
            mixed[a] = any_mixed = TRUE;
        }
    }
  if (!any_mixed)
    return;

  /* Rare: gather the workspaces of each shared resource, in document order. */
  {
    g_autoptr(GHashTable) users = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);

    TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
      {
        const TopoResource *r = v->res[i];

        if (v->env[i] < 0)
          continue;
        for (guint k = 0; k < 4; k++)
          {
            int a;
            GPtrArray *list;

            if ((a = v->assoc[i * 4 + k]) < 0 || !mixed[a])
              continue;
            list = g_hash_table_lookup (users, GINT_TO_POINTER (a + 1));
            if (list == NULL)
              {
                list = g_ptr_array_new ();
                g_ptr_array_add (list, (gpointer) v->res[a]->id);
                g_hash_table_insert (users, GINT_TO_POINTER (a + 1), list);
              }
            /* Workspaces come in order and name a resource in one slot only (the slots have
             * different kinds): comparing with the last one dedupes in O(1). */
            if (g_ptr_array_index (list, list->len - 1) != (gpointer) r->id)
              g_ptr_array_add (list, (gpointer) r->id);
          }
      }

    for (guint a = 0; a < v->n_resources; a++)
      {
        GPtrArray *list;
        GString *names;

        if (!mixed[a])
          continue;
        list = g_hash_table_lookup (users, GINT_TO_POINTER (a + 1));
        names = g_string_new (NULL);
        for (guint j = 1; j < list->len; j++)
          {
            int w = topo_validation_index (v, g_ptr_array_index (list, j));

            if (j > 1)
              g_string_append (names, ", ");
            g_string_append_printf (names,
                                    /* Translators: one item of a list of names in a finding: a name in
                                     * quotes and, in parentheses, its level or environment (a value of
                                     * the format, not translated) */
                                    _("“%s” (%s)"), topo_validation_name (v, w), env_name (v, w));
          }
        topo_validation_addv (v, "SEG005", TOPO_SEVERITY_WARNING,
                              topo_validation_message ("SEG005",
                                _("“%s” serves workspaces of different environments: %s."),
                                topo_validation_name (v, a), names->str),
                              list);
        g_string_free (names, TRUE);
      }
  }
}

void
topo_rules_segregation (TopoValidation *v)
{
  check_environments (v);
  check_links (v);
  check_production_storage (v);
  check_shared_associated (v);
}
