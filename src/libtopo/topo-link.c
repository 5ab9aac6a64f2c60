/* topo-link.c: typed, directed links between resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-link"

#include "config.h"

#include "topo-resource.h"
#include "topo-resource-private.h"

TopoLink *
topo_link_new (TopoLinkType type,
               const char  *from,
               const char  *to)
{
  TopoLink *self = g_new0 (TopoLink, 1);

  self->type = type;
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  return self;
}

TopoLink *
topo_link_copy (const TopoLink *link)
{
  TopoLink *c = g_memdup2 (link, sizeof *link);

  c->from = g_strdup (link->from);
  c->to = g_strdup (link->to);
  c->compute = g_strdup (link->compute);
  c->extra = _topo_json_object_copy (link->extra);
  return c;
}

void
topo_link_free (TopoLink *link)
{
  if (link == NULL)
    return;
  g_free (link->from);
  g_free (link->to);
  g_free (link->compute);
  g_clear_pointer (&link->extra, json_object_unref);
  g_free (link);
}

gboolean
topo_link_equal (const TopoLink *a,
                 const TopoLink *b)
{
  return a->type == b->type && a->access == b->access &&
         g_strcmp0 (a->from, b->from) == 0 && g_strcmp0 (a->to, b->to) == 0 &&
         g_strcmp0 (a->compute, b->compute) == 0 &&
         _topo_json_object_equal0 (a->extra, b->extra);
}

TopoAccess
topo_link_access (const TopoLink *link)
{
  return link->access == TOPO_ACCESS_UNSET ? TOPO_ACCESS_READ : link->access;
}
