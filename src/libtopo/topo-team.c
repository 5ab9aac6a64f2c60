/* topo-team.c: teams and their data-access levels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-team"

#include "config.h"

#include "topo-resource.h"
#include "topo-resource-private.h"

TopoTeam *
topo_team_new (const char *id)
{
  TopoTeam *self = g_new0 (TopoTeam, 1);

  self->id = g_strdup (id);
  self->external = TOPO_TRI_UNSET;
  return self;
}

TopoTeam *
topo_team_copy (const TopoTeam *team)
{
  TopoTeam *c = g_memdup2 (team, sizeof *team);

  c->id = g_strdup (team->id);
  c->name = g_strdup (team->name);
  c->extra = _topo_json_object_copy (team->extra);
  return c;
}

void
topo_team_free (TopoTeam *team)
{
  if (team == NULL)
    return;
  g_free (team->id);
  g_free (team->name);
  g_clear_pointer (&team->extra, json_object_unref);
  g_free (team);
}

gboolean
topo_team_equal (const TopoTeam *a,
                 const TopoTeam *b)
{
  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
         a->data_access == b->data_access && a->external == b->external &&
         _topo_json_object_equal0 (a->extra, b->extra);
}

TopoLevel
topo_team_data_access (const TopoTeam *team)
{
  return team->data_access == TOPO_LEVEL_UNSET ? TOPO_LEVEL_INTERNAL : team->data_access;
}

gboolean
topo_team_is_external (const TopoTeam *team)
{
  return team->external == TOPO_TRI_TRUE;
}

const char *
topo_team_get_name (const TopoTeam *team)
{
  return team->name != NULL ? team->name : team->id;
}
