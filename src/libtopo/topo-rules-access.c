/* topo-rules-access.c: RBAC001–RBAC005, teams' roles and data-access levels on workspaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-validator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-validator-private.h"

static const char *
team_name (TopoValidation *v,
           int team)
{
  return topo_team_get_name (topo_document_get_team (v->doc, team));
}

static const char *
team_id (TopoValidation *v,
         int team)
{
  return topo_document_get_team (v->doc, team)->id;
}

static void
set_role_fix (TopoDiagnostic *d,
              TopoValidation *v,
              guint ws,
              int team,
              TopoRole role)
{
  char *label;

  if (role == TOPO_ROLE_UNSET)
    label = g_strdup_printf (_("Remove team “%s” from workspace “%s”"),
                             team_name (v, team), topo_validation_name (v, ws));
  else
    label = g_strdup_printf (_("Give team “%s” the role %s on workspace “%s”"),
                             team_name (v, team), topo_role_to_string (role),
                             topo_validation_name (v, ws));
  topo_diagnostic_set_fix (d, TOPO_FIX_SET_ROLE, label,
                           role == TOPO_ROLE_UNSET ? NULL : g_strdup (topo_role_to_string (role)));
}

/* RBAC001: storage above the team's level, reached through the workspace's datastore links. */
static void
check_data_reach (TopoValidation *v,
                  guint ws,
                  GArray *roles)
{
  TopoLevel max_sensitivity = TOPO_LEVEL_UNSET;

  for (guint k = v->ds_off[ws]; k < v->ds_off[ws + 1]; k++)
    max_sensitivity = MAX (max_sensitivity, topo_resource_sensitivity (v->res[v->link_to[v->ds_links[k]]]));
  if (max_sensitivity == TOPO_LEVEL_UNSET)
    return;

  for (guint t = 0; t < roles->len; t++)
    {
      int team = g_array_index (roles, TopoTeamRole, t).team;
      TopoLevel level = topo_team_data_access (topo_document_get_team (v->doc, team));
      g_autoptr(GPtrArray) subjects = NULL;
      GString *names;
      TopoDiagnostic *d;

      if (level >= max_sensitivity)
        continue;
      g_autoptr(GHashTable) listed = g_hash_table_new (g_direct_hash, g_direct_equal);

      subjects = g_ptr_array_new ();
      g_ptr_array_add (subjects, (gpointer) v->res[ws]->id);
      g_ptr_array_add (subjects, (gpointer) team_id (v, team));
      names = g_string_new (NULL);
      for (guint k = v->ds_off[ws]; k < v->ds_off[ws + 1]; k++)
        {
          int st = v->link_to[v->ds_links[k]];
          TopoLevel sensitivity = topo_resource_sensitivity (v->res[st]);

          /* each storage once, even if two links lead to it */
          if (sensitivity <= level || !g_hash_table_add (listed, GINT_TO_POINTER (st + 1)))
            continue;
          g_ptr_array_add (subjects, (gpointer) v->res[st]->id);
          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append_printf (names, _("“%s” (%s)"), topo_validation_name (v, st),
                                  topo_level_to_string (sensitivity));
        }
      d = topo_validation_addv (v, "RBAC001", TOPO_SEVERITY_ERROR,
                                topo_validation_message ("RBAC001",
                                  _("Team “%s” (data access %s) can reach %s through workspace “%s”."),
                                  team_name (v, team), topo_level_to_string (level), names->str,
                                  topo_validation_name (v, ws)),
                                subjects);
      g_string_free (names, TRUE);
      set_role_fix (d, v, ws, team, TOPO_ROLE_UNSET);
    }
}

/* RBAC002: one workspace, one data-access level. */
static void
check_mixed_levels (TopoValidation *v,
                    guint ws,
                    GArray *roles)
{
  TopoLevel min = TOPO_N_LEVELS, max = TOPO_LEVEL_UNSET;
  g_autoptr(GPtrArray) subjects = NULL;
  GString *names;

  for (guint t = 0; t < roles->len; t++)
    {
      TopoLevel level = topo_team_data_access (topo_document_get_team (v->doc, g_array_index (roles, TopoTeamRole, t).team));
      min = MIN (min, level);
      max = MAX (max, level);
    }
  if (roles->len < 2 || min == max)
    return;

  subjects = g_ptr_array_new ();
  g_ptr_array_add (subjects, (gpointer) v->res[ws]->id);
  names = g_string_new (NULL);
  for (guint t = 0; t < roles->len; t++)
    {
      int team = g_array_index (roles, TopoTeamRole, t).team;

      g_ptr_array_add (subjects, (gpointer) team_id (v, team));
      if (t > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, _("“%s” (%s)"), team_name (v, team),
                              topo_level_to_string (topo_team_data_access (topo_document_get_team (v->doc, team))));
    }
  topo_validation_addv (v, "RBAC002", TOPO_SEVERITY_WARNING,
                        topo_validation_message ("RBAC002",
                          _("Workspace “%s” gives access to teams of different data-access levels: %s."),
                          topo_validation_name (v, ws), names->str),
                        subjects);
  g_string_free (names, TRUE);
}

void
topo_rules_access (TopoValidation *v)
{
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (TopoTeamRole));
  /* Broadest role of each team on non-prod workspaces (RBAC003); UNSET = none. */
  TopoRole *nonprod_max = topo_validation_new0 (v, TopoRole, v->n_teams);

  guint n_ws = v->kind_off[TOPO_KIND_WORKSPACE + 1] - v->kind_off[TOPO_KIND_WORKSPACE];
  guint *off = topo_validation_new (v, guint, n_ws + 1);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (TopoTeamRole));
  guint j = 0;

  /* Every workspace's team roles once (the team lookups are the cost), kept for the second pass. */
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
    {
      /* Access lists hang three pointers deep below the workspace: fetch them early. */
      if (i_k + 2 * TOPO_PREFETCH_DISTANCE < v->kind_off[TOPO_KIND_WORKSPACE + 1])
        TOPO_PREFETCH (&v->res[v->by_kind[i_k + 2 * TOPO_PREFETCH_DISTANCE]]->access);
      if (i_k + TOPO_PREFETCH_DISTANCE < v->kind_off[TOPO_KIND_WORKSPACE + 1])
        {
          const GArray *access = v->res[v->by_kind[i_k + TOPO_PREFETCH_DISTANCE]]->access;
          if (access != NULL)
            TOPO_PREFETCH (access->data);
        }
      if (i_k + TOPO_PREFETCH_DISTANCE / 2 < v->kind_off[TOPO_KIND_WORKSPACE + 1])
        {
          const GArray *access = v->res[v->by_kind[i_k + TOPO_PREFETCH_DISTANCE / 2]]->access;
          for (guint a = 0; access != NULL && a < access->len && a < 4; a++)
            TOPO_PREFETCH (g_array_index (access, TopoAccessEntry, a).team);
        }
      off[j++] = all->len;
      topo_validation_team_roles (v, i, roles);
      g_array_append_vals (all, roles->data, roles->len);
      if (v->env[i] < 0 || v->prod[i])
        continue;
      for (guint t = 0; t < roles->len; t++)
        {
          TopoTeamRole *tr = &g_array_index (roles, TopoTeamRole, t);
          nonprod_max[tr->team] = MAX (nonprod_max[tr->team], tr->role);
        }
    }
  off[j] = all->len;

  j = 0;
  TOPO_FOREACH_OF_KIND (v, TOPO_KIND_WORKSPACE, i)
    {
      const TopoResource *ws = v->res[i];
      guint first = off[j], last = off[j + 1];

      j++;
      if (first == last)
        continue;
      g_array_set_size (roles, 0);
      g_array_append_vals (roles, &g_array_index (all, TopoTeamRole, first), last - first);
      check_data_reach (v, i, roles);
      check_mixed_levels (v, i, roles);

      for (guint t = 0; t < roles->len; t++)
        {
          TopoTeamRole tr = g_array_index (roles, TopoTeamRole, t);
          const TopoTeam *team = topo_document_get_team (v->doc, tr.team);
          TopoDiagnostic *d;

          /* RBAC003 */
          if (v->prod[i] && nonprod_max[tr.team] != TOPO_ROLE_UNSET && tr.role > nonprod_max[tr.team])
            {
              d = topo_validation_add (v, "RBAC003", TOPO_SEVERITY_WARNING,
                                       topo_validation_message ("RBAC003",
                                         _("Team “%s” is %s on production workspace “%s” but at most %s outside production."),
                                         topo_team_get_name (team), topo_role_to_string (tr.role),
                                         topo_resource_get_name (ws), topo_role_to_string (nonprod_max[tr.team])),
                                       ws->id, team->id, NULL);
              set_role_fix (d, v, i, tr.team, nonprod_max[tr.team]);
            }

          /* RBAC004 */
          if (topo_team_is_external (team) && ws->purpose != TOPO_PURPOSE_PROJECT)
            {
              d = topo_validation_add (v, "RBAC004", TOPO_SEVERITY_WARNING,
                                       topo_validation_message ("RBAC004",
                                         ws->purpose == TOPO_PURPOSE_NONE
                                         ? _("External team “%s” has access to workspace “%s”, which has no purpose%s.")
                                         : _("External team “%s” has access to workspace “%s”, whose purpose is %s."),
                                         topo_team_get_name (team), topo_resource_get_name (ws),
                                         ws->purpose == TOPO_PURPOSE_NONE ? "" : topo_purpose_to_string (ws->purpose)),
                                       ws->id, team->id, NULL);
              set_role_fix (d, v, i, tr.team, TOPO_ROLE_UNSET);
            }

          /* RBAC005 */
          if (tr.role == TOPO_ROLE_OWNER || tr.role == TOPO_ROLE_CONTRIBUTOR)
            {
              d = topo_validation_add (v, "RBAC005", TOPO_SEVERITY_INFO,
                                       topo_validation_message ("RBAC005",
                                         _("Team “%s” is %s on workspace “%s”."),
                                         topo_team_get_name (team), topo_role_to_string (tr.role),
                                         topo_resource_get_name (ws)),
                                       ws->id, team->id, NULL);
              set_role_fix (d, v, i, tr.team, TOPO_ROLE_DATA_SCIENTIST);
            }
        }
    }
}
