/* topo-diff.c: computing the semantic difference between two versions of a design
 *
 * Resources are matched in two passes (id, then type + name among the ones left), teams alike;
 * every reference of OLD is then read through that matching, so a design whose ids were all
 * regenerated compares by meaning. Values are compared in their effective form (an absent "sku"
 * equals "Standard_LRS"), so a change only of spelling is no change. One pass over each
 * collection with hash lookups: linear in the size of both designs (tests/bench-diff.c).
 *
 * The reports (text, JSON, Markdown, textconv) are in topo-diff-output.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-diff"

#include "config.h"

#include <string.h>

#include "topo-diff.h"
#include "topo-diff-private.h"
#include "topo-resource-private.h"

/* Properties ------------------------------------------------------------------------------------ */

static const char *
get_group (const TopoResource *r, char *buf)
{
  return r->group;
}

static const char *
get_region (const TopoResource *r, char *buf)
{
  return r->region;
}

static const char *
get_environment (const TopoResource *r, char *buf)
{
  return r->environment;
}

static const char *
get_team (const TopoResource *r, char *buf)
{
  return r->team;
}

static const char *
get_project (const TopoResource *r, char *buf)
{
  return r->project;
}

static const char *
get_purpose (const TopoResource *r, char *buf)
{
  return topo_purpose_to_string (r->purpose);
}

static const char *
get_public_network_access (const TopoResource *r, char *buf)
{
  if (r->kind != TOPO_KIND_WORKSPACE && r->kind != TOPO_KIND_STORAGE)
    return NULL;
  return topo_resource_public_network_access (r) ? "true" : "false";
}

static const char *
get_storage (const TopoResource *r, char *buf)
{
  return r->storage;
}

static const char *
get_key_vault (const TopoResource *r, char *buf)
{
  return r->key_vault;
}

static const char *
get_app_insights (const TopoResource *r, char *buf)
{
  return r->app_insights;
}

static const char *
get_container_registry (const TopoResource *r, char *buf)
{
  return r->container_registry;
}

static const char *
get_workspace (const TopoResource *r, char *buf)
{
  return r->workspace;
}

static const char *
get_vm_size (const TopoResource *r, char *buf)
{
  return r->vm_size;
}

static const char *
format_count (gint64 value, char *buf)
{
  if (value < 0)
    return NULL;
  g_snprintf (buf, TOPO_DIFF_PROP_BUF, "%" G_GINT64_FORMAT, value);
  return buf;
}

static const char *
get_min_nodes (const TopoResource *r, char *buf)
{
  return format_count (r->min_nodes, buf);
}

static const char *
get_max_nodes (const TopoResource *r, char *buf)
{
  return format_count (r->max_nodes, buf);
}

static const char *
get_node_count (const TopoResource *r, char *buf)
{
  return format_count (r->node_count, buf);
}

static const char *
get_data (const TopoResource *r, char *buf)
{
  return r->kind == TOPO_KIND_STORAGE ? topo_data_to_string (topo_resource_data (r)) : NULL;
}

static const char *
get_sensitivity (const TopoResource *r, char *buf)
{
  return r->kind == TOPO_KIND_STORAGE ? topo_level_to_string (topo_resource_sensitivity (r)) : NULL;
}

static const char *
get_sku (const TopoResource *r, char *buf)
{
  return r->kind == TOPO_KIND_STORAGE ? topo_resource_sku (r) : NULL;
}

static const char *
get_hns (const TopoResource *r, char *buf)
{
  if (r->kind != TOPO_KIND_STORAGE)
    return NULL;
  return topo_resource_hns (r) ? "true" : "false";
}

static const char *
get_existing (const TopoResource *r, char *buf)
{
  /* Shown only when set: most resources are deployed, and say nothing about it. */
  return r->existing ? "true" : NULL;
}

/* In the order of the format's key order. */
const TopoDiffProp _topo_diff_props[] = {
  { "existing", get_existing, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "group", get_group, TRUE, TOPO_DIFF_RESOURCE_MOVED },
  { "region", get_region, FALSE, TOPO_DIFF_RESOURCE_MOVED },
  { "environment", get_environment, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "purpose", get_purpose, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "team", get_team, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "project", get_project, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "public_network_access", get_public_network_access, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "storage", get_storage, TRUE, TOPO_DIFF_RESOURCE_CHANGED },
  { "key_vault", get_key_vault, TRUE, TOPO_DIFF_RESOURCE_CHANGED },
  { "app_insights", get_app_insights, TRUE, TOPO_DIFF_RESOURCE_CHANGED },
  { "container_registry", get_container_registry, TRUE, TOPO_DIFF_RESOURCE_CHANGED },
  { "workspace", get_workspace, TRUE, TOPO_DIFF_RESOURCE_CHANGED },
  { "vm_size", get_vm_size, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "min_nodes", get_min_nodes, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "max_nodes", get_max_nodes, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "node_count", get_node_count, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "data", get_data, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "sensitivity", get_sensitivity, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "sku", get_sku, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
  { "hns", get_hns, FALSE, TOPO_DIFF_RESOURCE_CHANGED },
};
const guint _topo_diff_n_props = G_N_ELEMENTS (_topo_diff_props);

char *
_topo_diff_json_value (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

char *
_topo_diff_strv_value (const char *const *strv)
{
  if (strv == NULL)
    return NULL;
  return g_strjoinv (", ", (char **) strv);
}

char *
_topo_diff_layout_value (const TopoResource *r)
{
  if (!r->has_layout)
    return NULL;
  if (r->kind == TOPO_KIND_RESOURCE_GROUP)
    return g_strdup_printf ("%g, %g, %g × %g", r->layout.x, r->layout.y, r->layout.w, r->layout.h);
  return g_strdup_printf ("%g, %g", r->layout.x, r->layout.y);
}

/* Changes --------------------------------------------------------------------------------------- */

static void
change_free (gpointer data)
{
  TopoDiffChange *c = data;

  g_free (c->id);
  g_free (c->old_id);
  g_free (c->name);
  g_free (c->parent);
  g_free (c->key);
  g_free (c->old_value);
  g_free (c->new_value);
  g_free (c->from);
  g_free (c->to);
  g_free (c->message);
  g_strfreev (c->subjects);
  g_free (c);
}

void
topo_diff_free (TopoDiff *diff)
{
  if (diff == NULL)
    return;
  g_ptr_array_unref (diff->changes);
  g_free (diff);
}

gboolean
topo_diff_is_empty (const TopoDiff *diff)
{
  g_return_val_if_fail (diff != NULL, TRUE);
  return diff->changes->len == 0;
}

typedef struct
{
  TopoDocument  *old_doc;
  TopoDocument  *new_doc;
  TopoDiffFlags  flags;
  GHashTable    *old2new;       /* old resource id → new TopoResource (borrowed) */
  GHashTable    *new2old;       /* new resource id → old TopoResource */
  GHashTable    *team_old2new;  /* old team id → new TopoTeam */
  GHashTable    *team_new2old;  /* new team id → old TopoTeam */
  GHashTable    *note_new2old;  /* new note id → old TopoNote */
  GHashTable    *note_old2new;
  GPtrArray     *lists[TOPO_N_DIFF_KINDS];
} Differ;

static TopoDiffChange *
add_change (Differ       *d,
            TopoDiffKind  kind)
{
  TopoDiffChange *c = g_new0 (TopoDiffChange, 1);

  c->kind = kind;
  c->resource_kind = -1;
  c->link_type = -1;
  if (d->lists[kind] == NULL)
    d->lists[kind] = g_ptr_array_new ();
  g_ptr_array_add (d->lists[kind], c);
  return c;
}

static TopoDiffChange *
add_resource_change (Differ             *d,
                     TopoDiffKind        kind,
                     const TopoResource *o,
                     const TopoResource *r,
                     const char         *key,
                     const char         *old_value,
                     const char         *new_value)
{
  const TopoResource *subject = r != NULL ? r : o;
  TopoDiffChange *c = add_change (d, kind);

  c->id = g_strdup (subject->id);
  if (o != NULL && r != NULL && !g_str_equal (o->id, r->id))
    c->old_id = g_strdup (o->id);
  c->resource_kind = subject->kind;
  c->name = g_strdup (topo_resource_get_name (subject));
  c->key = g_strdup (key);
  c->old_value = g_strdup (old_value);
  c->new_value = g_strdup (new_value);
  return c;
}

/* The id in NEW of the resource OLD calls old_id; unmatched ids stay as they are. */
static const char *
map_ref (Differ     *d,
         const char *old_id)
{
  const TopoResource *r;

  if (old_id == NULL)
    return NULL;
  r = g_hash_table_lookup (d->old2new, old_id);
  return r != NULL ? r->id : old_id;
}

static const char *
map_team (Differ     *d,
          const char *old_id)
{
  const TopoTeam *t;

  if (old_id == NULL)
    return NULL;
  t = g_hash_table_lookup (d->team_old2new, old_id);
  return t != NULL ? t->id : old_id;
}

/* A finding's subject: a resource or a team id. */
static const char *
map_subject (Differ     *d,
             const char *old_id)
{
  const TopoResource *r = g_hash_table_lookup (d->old2new, old_id);
  const TopoTeam *t;

  if (r != NULL)
    return r->id;
  t = g_hash_table_lookup (d->team_old2new, old_id);
  return t != NULL ? t->id : old_id;
}

/* Matching -------------------------------------------------------------------------------------- */

static void
queue_free (gpointer data)
{
  g_queue_free (data);
}

static void
match_resources (Differ *d)
{
  guint n_old = topo_document_get_n_resources (d->old_doc);
  guint n_new = topo_document_get_n_resources (d->new_doc);
  g_autoptr(GHashTable) by_name = NULL;

  for (guint i = 0; i < n_new; i++)
    {
      const TopoResource *r = topo_document_get_resource (d->new_doc, i);
      const TopoResource *o = topo_document_lookup (d->old_doc, r->id);

      if (o != NULL && o->kind == r->kind)
        {
          g_hash_table_insert (d->old2new, o->id, (gpointer) r);
          g_hash_table_insert (d->new2old, r->id, (gpointer) o);
        }
    }
  if (g_hash_table_size (d->old2new) == n_old || g_hash_table_size (d->new2old) == n_new)
    return;

  /* The ones left over: same type and Azure name, in document order. */
  by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, queue_free);
  for (guint i = 0; i < n_old; i++)
    {
      const TopoResource *o = topo_document_get_resource (d->old_doc, i);
      char *key;
      GQueue *q;

      if (g_hash_table_contains (d->old2new, o->id))
        continue;
      key = g_strdup_printf ("%d:%s", o->kind, topo_resource_get_name (o));
      q = g_hash_table_lookup (by_name, key);
      if (q == NULL)
        g_hash_table_insert (by_name, key, q = g_queue_new ());
      else
        g_free (key);
      g_queue_push_tail (q, (gpointer) o);
    }
  for (guint i = 0; i < n_new; i++)
    {
      const TopoResource *r = topo_document_get_resource (d->new_doc, i);
      g_autofree char *key = NULL;
      const TopoResource *o;
      GQueue *q;

      if (g_hash_table_contains (d->new2old, r->id))
        continue;
      key = g_strdup_printf ("%d:%s", r->kind, topo_resource_get_name (r));
      q = g_hash_table_lookup (by_name, key);
      if (q == NULL || (o = g_queue_pop_head (q)) == NULL)
        continue;
      /* An id NEW no longer has, taken over by another resource: keep the lookups one-to-one. */
      if (g_hash_table_contains (d->old2new, o->id))
        continue;
      g_hash_table_insert (d->old2new, o->id, (gpointer) r);
      g_hash_table_insert (d->new2old, r->id, (gpointer) o);
    }
}

static void
match_teams (Differ *d)
{
  guint n_old = topo_document_get_n_teams (d->old_doc);
  guint n_new = topo_document_get_n_teams (d->new_doc);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_new; i++)
    {
      const TopoTeam *t = topo_document_get_team (d->new_doc, i);
      const TopoTeam *o = topo_document_lookup_team (d->old_doc, t->id);

      if (o != NULL)
        {
          g_hash_table_insert (d->team_old2new, o->id, (gpointer) t);
          g_hash_table_insert (d->team_new2old, t->id, (gpointer) o);
        }
    }
  for (guint i = 0; i < n_old; i++)
    {
      const TopoTeam *o = topo_document_get_team (d->old_doc, i);

      if (!g_hash_table_contains (d->team_old2new, o->id) && o->name != NULL &&
          !g_hash_table_contains (by_name, o->name))
        g_hash_table_insert (by_name, o->name, (gpointer) o);
    }
  for (guint i = 0; i < n_new; i++)
    {
      const TopoTeam *t = topo_document_get_team (d->new_doc, i);
      const TopoTeam *o;

      if (g_hash_table_contains (d->team_new2old, t->id) || t->name == NULL)
        continue;
      o = g_hash_table_lookup (by_name, t->name);
      if (o == NULL || g_hash_table_contains (d->team_old2new, o->id))
        continue;
      g_hash_table_insert (d->team_old2new, o->id, (gpointer) t);
      g_hash_table_insert (d->team_new2old, t->id, (gpointer) o);
    }
}

/* Resources ------------------------------------------------------------------------------------- */

/* The members of two objects (either may be NULL) whose values differ, as triples: key, old
 * value, new value (as text, NULL where absent). The new object's members come in its order,
 * then those only the old one has. */
static GPtrArray *
changed_members (JsonObject *old_obj,
                 JsonObject *new_obj)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  if (new_obj != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (new_obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *nv = json_object_get_member (new_obj, l->data);
          JsonNode *ov = old_obj != NULL ? json_object_get_member (old_obj, l->data) : NULL;

          if (ov != NULL && json_node_equal (ov, nv))
            continue;
          g_ptr_array_add (out, g_strdup (l->data));
          g_ptr_array_add (out, _topo_diff_json_value (ov));
          g_ptr_array_add (out, _topo_diff_json_value (nv));
        }
    }
  if (old_obj != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (old_obj);

      for (GList *l = members; l != NULL; l = l->next)
        if (new_obj == NULL || !json_object_has_member (new_obj, l->data))
          {
            g_ptr_array_add (out, g_strdup (l->data));
            g_ptr_array_add (out, _topo_diff_json_value (json_object_get_member (old_obj, l->data)));
            g_ptr_array_add (out, NULL);
          }
    }
  return out;
}

static void
diff_extra (Differ             *d,
            TopoDiffKind        kind,
            const TopoResource *o,
            const TopoResource *r,
            JsonObject         *old_extra,
            JsonObject         *new_extra,
            const char         *prefix)
{
  g_autoptr(GPtrArray) changed = NULL;

  if (old_extra == NULL && new_extra == NULL)
    return;   /* nearly every resource: no array made */
  changed = changed_members (old_extra, new_extra);
  for (guint i = 0; i < changed->len; i += 3)
    {
      g_autofree char *key = g_strconcat (prefix, changed->pdata[i], NULL);

      add_resource_change (d, kind, o, r, key, changed->pdata[i + 1], changed->pdata[i + 2]);
    }
}

static gboolean
access_listed_before (GArray     *access,
                      guint       index,
                      const char *team)
{
  for (guint j = 0; j < index; j++)
    if (g_str_equal (g_array_index (access, TopoAccessEntry, j).team, team))
      return TRUE;
  return FALSE;
}

static void
diff_access (Differ             *d,
             const TopoResource *o,
             const TopoResource *r)
{
  if (r->access != NULL)
    for (guint i = 0; i < r->access->len; i++)
      {
        const char *team = g_array_index (r->access, TopoAccessEntry, i).team;
        const TopoTeam *old_team = g_hash_table_lookup (d->team_new2old, team);
        TopoRole old_role, new_role;
        TopoDiffKind kind;

        if (access_listed_before (r->access, i, team))
          continue;
        /* A team NEW added has no role in OLD, even if OLD had an unrelated team of that id. */
        old_role = old_team != NULL ? topo_resource_get_access (o, old_team->id) : TOPO_ROLE_UNSET;
        new_role = topo_resource_get_access (r, team);
        if (old_role == new_role)
          continue;
        kind = old_role == TOPO_ROLE_UNSET ? TOPO_DIFF_ACCESS_GRANTED
             : new_role > old_role ? TOPO_DIFF_ACCESS_WIDENED : TOPO_DIFF_ACCESS_NARROWED;
        add_resource_change (d, kind, o, r, team, topo_role_to_string (old_role),
                             topo_role_to_string (new_role));
      }
  if (o->access != NULL)
    for (guint i = 0; i < o->access->len; i++)
      {
        const char *old_team = g_array_index (o->access, TopoAccessEntry, i).team;
        const TopoTeam *new_team = g_hash_table_lookup (d->team_old2new, old_team);

        if (access_listed_before (o->access, i, old_team))
          continue;
        if (new_team != NULL && topo_resource_get_access (r, new_team->id) != TOPO_ROLE_UNSET)
          continue;
        add_resource_change (d, TOPO_DIFF_ACCESS_REVOKED, o, r, map_team (d, old_team),
                             topo_role_to_string (topo_resource_get_access (o, old_team)), NULL);
      }
}

static void
diff_tags (Differ             *d,
           const TopoResource *o,
           const TopoResource *r)
{
  if (r->tags != NULL)
    for (guint i = 0; i < r->tags->len; i++)
      {
        const TopoTag *tag = &g_array_index (r->tags, TopoTag, i);
        const char *ov = topo_resource_get_tag (o, tag->key);

        if (g_strcmp0 (ov, tag->value) != 0)
          {
            g_autofree char *key = g_strconcat ("tags.", tag->key, NULL);
            add_resource_change (d, TOPO_DIFF_RESOURCE_CHANGED, o, r, key, ov, tag->value);
          }
      }
  if (o->tags != NULL)
    for (guint i = 0; i < o->tags->len; i++)
      {
        const TopoTag *tag = &g_array_index (o->tags, TopoTag, i);

        if (topo_resource_get_tag (r, tag->key) == NULL)
          {
            g_autofree char *key = g_strconcat ("tags.", tag->key, NULL);
            add_resource_change (d, TOPO_DIFF_RESOURCE_CHANGED, o, r, key, tag->value, NULL);
          }
      }
}

static void
diff_resource (Differ             *d,
               const TopoResource *o,
               const TopoResource *r)
{
  char obuf[TOPO_DIFF_PROP_BUF], nbuf[TOPO_DIFF_PROP_BUF];
  gboolean moved = FALSE;

  if (!g_str_equal (o->id, r->id))
    add_resource_change (d, TOPO_DIFF_RESOURCE_CHANGED, o, r, "id", o->id, r->id);
  if (!g_str_equal (topo_resource_get_name (o), topo_resource_get_name (r)))
    add_resource_change (d, TOPO_DIFF_RESOURCE_RENAMED, o, r, "name", topo_resource_get_name (o),
                         topo_resource_get_name (r));

  for (guint p = 0; p < _topo_diff_n_props; p++)
    {
      const TopoDiffProp *prop = &_topo_diff_props[p];
      const char *ov = prop->get (o, obuf);
      const char *nv = prop->get (r, nbuf);

      if (prop->ref)
        ov = map_ref (d, ov);
      if (g_strcmp0 (ov, nv) == 0)
        continue;
      add_resource_change (d, prop->kind, o, r, prop->key, ov, nv);
      moved |= prop->kind == TOPO_DIFF_RESOURCE_MOVED;
    }

  diff_tags (d, o, r);
  diff_extra (d, TOPO_DIFF_RESOURCE_CHANGED, o, r, o->extra, r->extra, "");
  if (o->access != NULL || r->access != NULL)
    diff_access (d, o, r);

  /* A move to another group or region changes the position too; only a pure move is layout. */
  if (!moved && !(d->flags & TOPO_DIFF_IGNORE_LAYOUT))
    {
      g_autofree char *ol = _topo_diff_layout_value (o);
      g_autofree char *nl = _topo_diff_layout_value (r);

      if (g_strcmp0 (ol, nl) != 0)
        add_resource_change (d, TOPO_DIFF_LAYOUT_MOVED, o, r, "layout", ol, nl);
      diff_extra (d, TOPO_DIFF_LAYOUT_MOVED, o, r, o->layout_extra, r->layout_extra, "layout.");
    }
}

static void
diff_resources (Differ *d)
{
  guint n_old = topo_document_get_n_resources (d->old_doc);
  guint n_new = topo_document_get_n_resources (d->new_doc);

  for (guint i = 0; i < n_new; i++)
    {
      const TopoResource *r = topo_document_get_resource (d->new_doc, i);
      const TopoResource *o = g_hash_table_lookup (d->new2old, r->id);

      if (o == NULL)
        {
          TopoDiffChange *c = add_resource_change (d, TOPO_DIFF_RESOURCE_ADDED, NULL, r, NULL, NULL, NULL);
          c->parent = g_strdup (r->kind == TOPO_KIND_RESOURCE_GROUP ? r->region : r->group);
        }
      else
        diff_resource (d, o, r);
    }
  for (guint i = 0; i < n_old; i++)
    {
      const TopoResource *o = topo_document_get_resource (d->old_doc, i);

      if (!g_hash_table_contains (d->old2new, o->id))
        {
          TopoDiffChange *c = add_resource_change (d, TOPO_DIFF_RESOURCE_REMOVED, o, NULL, NULL, NULL, NULL);
          c->parent = g_strdup (o->kind == TOPO_KIND_RESOURCE_GROUP ? o->region : o->group);
        }
    }
}

/* Links ----------------------------------------------------------------------------------------- */

static TopoDiffChange *
add_link_change (Differ         *d,
                 TopoDiffKind    kind,
                 const TopoLink *link,
                 const char     *from,
                 const char     *to,
                 guint           index)
{
  TopoDiffChange *c = add_change (d, kind);

  c->link_type = link->type;
  c->from = g_strdup (from);
  c->to = g_strdup (to);
  c->link_index = index;
  return c;
}

static char *
link_key (TopoLinkType  type,
          const char   *from,
          const char   *to)
{
  return g_strdup_printf ("%d\x1f%s\x1f%s", type, from, to);
}

static void
diff_links (Differ *d)
{
  guint n_old = topo_document_get_n_links (d->old_doc);
  guint n_new = topo_document_get_n_links (d->new_doc);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gboolean *matched = g_new0 (gboolean, n_new + 1);

  for (guint i = 0; i < n_new; i++)
    {
      const TopoLink *l = topo_document_get_link (d->new_doc, i);
      char *key = link_key (l->type, l->from, l->to);

      if (g_hash_table_contains (by_key, key))
        g_free (key);
      else
        g_hash_table_insert (by_key, key, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < n_old; i++)
    {
      const TopoLink *o = topo_document_get_link (d->old_doc, i);
      const char *from = map_ref (d, o->from), *to = map_ref (d, o->to);
      g_autofree char *key = NULL;
      guint j;

      /* An end NEW does not have under any id: the link cannot be there either. */
      if (!g_hash_table_contains (d->old2new, o->from) || !g_hash_table_contains (d->old2new, o->to))
        j = 0;
      else
        {
          key = link_key (o->type, from, to);
          j = GPOINTER_TO_UINT (g_hash_table_lookup (by_key, key));
        }
      if (j == 0 || matched[j - 1])
        {
          add_link_change (d, TOPO_DIFF_LINK_REMOVED, o, o->from, o->to, i);
          continue;
        }
      matched[j - 1] = TRUE;
      {
        const TopoLink *l = topo_document_get_link (d->new_doc, j - 1);

        if (topo_link_access (o) != topo_link_access (l) && o->type == TOPO_LINK_DATASTORE)
          {
            TopoDiffChange *c = add_link_change (d, TOPO_DIFF_LINK_CHANGED, l, l->from, l->to, j - 1);
            c->key = g_strdup ("access");
            c->old_value = g_strdup (topo_access_to_string (topo_link_access (o)));
            c->new_value = g_strdup (topo_access_to_string (topo_link_access (l)));
          }
        if (!(o->extra == NULL && l->extra == NULL) &&
            (o->extra == NULL || l->extra == NULL || !json_object_equal (o->extra, l->extra)))
          {
            JsonObject *oe = o->extra, *ne = l->extra;
            g_autoptr(GList) members = NULL;
            g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

            for (int side = 0; side < 2; side++)
              {
                JsonObject *obj = side == 0 ? ne : oe;

                if (obj == NULL)
                  continue;
                members = json_object_get_members (obj);
                for (GList *m = members; m != NULL; m = m->next)
                  {
                    JsonNode *ov = oe != NULL ? json_object_get_member (oe, m->data) : NULL;
                    JsonNode *nv = ne != NULL ? json_object_get_member (ne, m->data) : NULL;
                    TopoDiffChange *c;

                    if (!g_hash_table_add (seen, m->data) ||
                        (ov != NULL && nv != NULL && json_node_equal (ov, nv)))
                      continue;
                    c = add_link_change (d, TOPO_DIFF_LINK_CHANGED, l, l->from, l->to, j - 1);
                    c->key = g_strdup (m->data);
                    c->old_value = _topo_diff_json_value (ov);
                    c->new_value = _topo_diff_json_value (nv);
                  }
                g_clear_pointer (&members, g_list_free);
              }
          }
      }
    }

  for (guint i = 0; i < n_new; i++)
    if (!matched[i])
      {
        const TopoLink *l = topo_document_get_link (d->new_doc, i);
        add_link_change (d, TOPO_DIFF_LINK_ADDED, l, l->from, l->to, i);
      }

  /* Removed links after added ones inside their lists would read oddly: LINK_ADDED and
   * LINK_REMOVED are separate lists, so each keeps its own document order. */
}

/* Teams, policy, design ------------------------------------------------------------------------ */

static TopoDiffChange *
add_team_change (Differ         *d,
                 TopoDiffKind    kind,
                 const TopoTeam *subject,
                 const TopoTeam *old_team,
                 const char     *key,
                 const char     *old_value,
                 const char     *new_value)
{
  TopoDiffChange *c = add_change (d, kind);

  c->id = g_strdup (subject->id);
  if (old_team != NULL && !g_str_equal (old_team->id, subject->id))
    c->old_id = g_strdup (old_team->id);
  c->name = g_strdup (topo_team_get_name (subject));
  c->key = g_strdup (key);
  c->old_value = g_strdup (old_value);
  c->new_value = g_strdup (new_value);
  return c;
}

static void
diff_teams (Differ *d)
{
  guint n_old = topo_document_get_n_teams (d->old_doc);
  guint n_new = topo_document_get_n_teams (d->new_doc);

  for (guint i = 0; i < n_new; i++)
    {
      const TopoTeam *t = topo_document_get_team (d->new_doc, i);
      const TopoTeam *o = g_hash_table_lookup (d->team_new2old, t->id);

      if (o == NULL)
        {
          add_team_change (d, TOPO_DIFF_TEAM_ADDED, t, NULL, NULL, NULL, NULL);
          continue;
        }
      if (!g_str_equal (o->id, t->id))
        add_team_change (d, TOPO_DIFF_TEAM_CHANGED, t, o, "id", o->id, t->id);
      if (g_strcmp0 (o->name, t->name) != 0)
        add_team_change (d, TOPO_DIFF_TEAM_CHANGED, t, o, "name", o->name, t->name);
      if (topo_team_data_access (o) != topo_team_data_access (t))
        add_team_change (d, TOPO_DIFF_TEAM_CHANGED, t, o, "data_access",
                         topo_level_to_string (topo_team_data_access (o)),
                         topo_level_to_string (topo_team_data_access (t)));
      if (topo_team_is_external (o) != topo_team_is_external (t))
        add_team_change (d, TOPO_DIFF_TEAM_CHANGED, t, o, "external",
                         topo_team_is_external (o) ? "true" : "false",
                         topo_team_is_external (t) ? "true" : "false");
      if (!(o->extra == NULL && t->extra == NULL) &&
          (o->extra == NULL || t->extra == NULL || !json_object_equal (o->extra, t->extra)))
        {
          g_autoptr(GList) members = NULL;

          if (t->extra != NULL)
            {
              members = json_object_get_members (t->extra);
              for (GList *m = members; m != NULL; m = m->next)
                {
                  JsonNode *ov = o->extra != NULL ? json_object_get_member (o->extra, m->data) : NULL;
                  JsonNode *nv = json_object_get_member (t->extra, m->data);
                  g_autofree char *os = NULL, *ns = NULL;

                  if (ov != NULL && json_node_equal (ov, nv))
                    continue;
                  os = _topo_diff_json_value (ov);
                  ns = _topo_diff_json_value (nv);
                  add_team_change (d, TOPO_DIFF_TEAM_CHANGED, t, o, m->data, os, ns);
                }
              g_clear_pointer (&members, g_list_free);
            }
          if (o->extra != NULL)
            {
              members = json_object_get_members (o->extra);
              for (GList *m = members; m != NULL; m = m->next)
                if (t->extra == NULL || !json_object_has_member (t->extra, m->data))
                  {
                    g_autofree char *os = _topo_diff_json_value (json_object_get_member (o->extra, m->data));
                    add_team_change (d, TOPO_DIFF_TEAM_CHANGED, t, o, m->data, os, NULL);
                  }
            }
        }
    }
  for (guint i = 0; i < n_old; i++)
    {
      const TopoTeam *o = topo_document_get_team (d->old_doc, i);

      if (!g_hash_table_contains (d->team_old2new, o->id))
        add_team_change (d, TOPO_DIFF_TEAM_REMOVED, o, NULL, NULL, NULL, NULL);
    }
}

static void
add_keyed (Differ       *d,
           TopoDiffKind  kind,
           const char   *key,
           const char   *old_value,
           const char   *new_value)
{
  TopoDiffChange *c;

  if (g_strcmp0 (old_value, new_value) == 0)
    return;
  c = add_change (d, kind);
  c->key = g_strdup (key);
  c->old_value = g_strdup (old_value);
  c->new_value = g_strdup (new_value);
}

static void
diff_object_members (Differ       *d,
                     TopoDiffKind  kind,
                     JsonObject   *old_obj,
                     JsonObject   *new_obj)
{
  g_autoptr(GPtrArray) changed = changed_members (old_obj, new_obj);

  for (guint i = 0; i < changed->len; i += 3)
    add_keyed (d, kind, changed->pdata[i], changed->pdata[i + 1], changed->pdata[i + 2]);
}

/* policy.quotas as one value: "westeurope standardDSv2Family 96, westeurope total 200". */
char *
_topo_diff_quotas_value (const GArray *quotas)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; quotas != NULL && i < quotas->len; i++)
    {
      const TopoQuota *q = &g_array_index (quotas, TopoQuota, i);

      g_string_append_printf (out, "%s%s %s %" G_GINT64_FORMAT, i > 0 ? ", " : "", q->region,
                              q->family != NULL ? q->family : "total", q->vcpus);
    }
  return g_string_free (out, FALSE);
}

static void
diff_policy (Differ *d)
{
  const TopoPolicy *o = topo_document_get_policy (d->old_doc);
  const TopoPolicy *p = topo_document_get_policy (d->new_doc);
  struct { const char *key; const char *const *(*get) (const TopoPolicy *); } lists[] = {
    { "allowed_regions", topo_policy_allowed_regions },
    { "required_tags", topo_policy_required_tags },
    { "environments", topo_policy_environments },
    { "production_environments", topo_policy_production_environments },
  };

  if (topo_policy_equal (o, p))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *ov = _topo_diff_strv_value (lists[i].get (o));
      g_autofree char *nv = _topo_diff_strv_value (lists[i].get (p));

      /* The residency and naming entries keep the key order of the format. */
      if (i == 1)
        add_keyed (d, TOPO_DIFF_POLICY_CHANGED, "residency",
                   topo_residency_to_string (topo_policy_residency (o)),
                   topo_residency_to_string (topo_policy_residency (p)));
      add_keyed (d, TOPO_DIFF_POLICY_CHANGED, lists[i].key, ov, nv);
      if (i == 1)
        add_keyed (d, TOPO_DIFF_POLICY_CHANGED, "naming",
                   topo_naming_to_string (topo_policy_naming (o)),
                   topo_naming_to_string (topo_policy_naming (p)));
    }
  {
    g_autofree char *oq = _topo_diff_quotas_value (o->quotas);
    g_autofree char *nq = _topo_diff_quotas_value (p->quotas);

    add_keyed (d, TOPO_DIFF_POLICY_CHANGED, "quotas", oq, nq);
  }
  diff_object_members (d, TOPO_DIFF_POLICY_CHANGED, o->extra, p->extra);
}

static void
diff_design (Differ *d)
{
  add_keyed (d, TOPO_DIFF_DESIGN_CHANGED, "name", topo_document_get_name (d->old_doc),
             topo_document_get_name (d->new_doc));
  diff_object_members (d, TOPO_DIFF_DESIGN_CHANGED, topo_document_get_extra (d->old_doc),
                       topo_document_get_extra (d->new_doc));
  if (!(d->flags & TOPO_DIFF_IGNORE_LAYOUT))
    {
      g_autofree char *ol = _topo_diff_strv_value (topo_document_get_lanes (d->old_doc));
      g_autofree char *nl = _topo_diff_strv_value (topo_document_get_lanes (d->new_doc));

      add_keyed (d, TOPO_DIFF_LAYOUT_MOVED, "lanes", ol, nl);
    }
}

/* Notes ------------------------------------------------------------------------------------------ */

/* What a note is on, in NEW's ids: "lane REGION", a resource id, or "TYPE FROM → TO". */
static char *
note_place (Differ         *d,
            const TopoNote *note,
            gboolean        old)
{
  if (note->region != NULL)
    return g_strdup_printf ("lane %s", note->region);
  if (note->attach != NULL)
    return g_strdup (old ? map_ref (d, note->attach) : note->attach);
  return g_strdup_printf ("%s %s → %s", topo_link_type_to_string (note->link_type),
                          old ? map_ref (d, note->link_from) : note->link_from,
                          old ? map_ref (d, note->link_to) : note->link_to);
}

static char *
note_layout_value (const TopoNote *note)
{
  return note->has_layout ? g_strdup_printf ("%g, %g", note->x, note->y) : NULL;
}

static TopoDiffChange *
add_note_change (Differ         *d,
                 TopoDiffKind    kind,
                 const TopoNote *subject,
                 const TopoNote *old,
                 const char     *key,
                 const char     *old_value,
                 const char     *new_value)
{
  TopoDiffChange *c = add_change (d, kind);

  c->id = g_strdup (subject->id);
  if (old != NULL && !g_str_equal (old->id, subject->id))
    c->old_id = g_strdup (old->id);
  c->name = topo_note_text_to_plain (subject->text);
  c->key = g_strdup (key);
  c->old_value = g_strdup (old_value);
  c->new_value = g_strdup (new_value);
  return c;
}

/* By id, then by text for the notes left over on both sides (ids regenerated). */
static void
match_notes (Differ *d)
{
  guint n_old = topo_document_get_n_notes (d->old_doc);
  guint n_new = topo_document_get_n_notes (d->new_doc);
  g_autoptr(GHashTable) by_text = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, queue_free);

  for (guint i = 0; i < n_new; i++)
    {
      const TopoNote *r = topo_document_get_note (d->new_doc, i);
      const TopoNote *o = topo_document_lookup_note (d->old_doc, r->id);

      if (o != NULL)
        {
          g_hash_table_insert (d->note_new2old, r->id, (gpointer) o);
          g_hash_table_insert (d->note_old2new, o->id, (gpointer) r);
        }
    }
  for (guint i = 0; i < n_old; i++)
    {
      const TopoNote *o = topo_document_get_note (d->old_doc, i);
      GQueue *queue;

      if (g_hash_table_contains (d->note_old2new, o->id))
        continue;
      queue = g_hash_table_lookup (by_text, o->text);
      if (queue == NULL)
        g_hash_table_insert (by_text, o->text, queue = g_queue_new ());
      g_queue_push_tail (queue, (gpointer) o);
    }
  for (guint i = 0; i < n_new; i++)
    {
      const TopoNote *r = topo_document_get_note (d->new_doc, i);
      GQueue *queue;
      const TopoNote *o;

      if (g_hash_table_contains (d->note_new2old, r->id) ||
          (queue = g_hash_table_lookup (by_text, r->text)) == NULL ||
          (o = g_queue_pop_head (queue)) == NULL)
        continue;
      /* an id NEW gave to another note is not a regenerated one */
      if (topo_document_lookup_note (d->new_doc, o->id) != NULL)
        continue;
      g_hash_table_insert (d->note_new2old, r->id, (gpointer) o);
      g_hash_table_insert (d->note_old2new, o->id, (gpointer) r);
    }
}

static void
add_keyed_note (Differ         *d,
                const TopoNote *r,
                const TopoNote *o,
                const char     *key,
                const char     *old_value,
                const char     *new_value)
{
  if (g_strcmp0 (old_value, new_value) != 0)
    add_note_change (d, TOPO_DIFF_NOTE_CHANGED, r, o, key, old_value, new_value);
}

static void
diff_note_extra (Differ         *d,
                 const TopoNote *r,
                 const TopoNote *o,
                 JsonObject     *old_obj,
                 JsonObject     *new_obj)
{
  g_autoptr(GPtrArray) changed = changed_members (old_obj, new_obj);

  for (guint i = 0; i < changed->len; i += 3)
    add_keyed_note (d, r, o, changed->pdata[i], changed->pdata[i + 1], changed->pdata[i + 2]);
}

static void
diff_notes (Differ *d)
{
  guint n_old = topo_document_get_n_notes (d->old_doc);
  guint n_new = topo_document_get_n_notes (d->new_doc);

  match_notes (d);
  for (guint i = 0; i < n_new; i++)
    {
      const TopoNote *r = topo_document_get_note (d->new_doc, i);
      const TopoNote *o = g_hash_table_lookup (d->note_new2old, r->id);
      g_autofree char *np = note_place (d, r, FALSE);
      g_autofree char *op = NULL;

      if (o == NULL)
        {
          TopoDiffChange *c = add_note_change (d, TOPO_DIFF_NOTE_ADDED, r, NULL, NULL, NULL, NULL);

          c->parent = g_steal_pointer (&np);
          continue;
        }
      add_keyed_note (d, r, o, "text", o->text, r->text);
      add_keyed_note (d, r, o, "author", o->author, r->author);
      add_keyed_note (d, r, o, "date", o->date, r->date);
      diff_note_extra (d, r, o, o->extra, r->extra);
      op = note_place (d, o, TRUE);
      if (!g_str_equal (op, np))
        {
          TopoDiffChange *c = add_note_change (d, TOPO_DIFF_NOTE_MOVED, r, o, "attach", op, np);

          c->parent = g_strdup (np);
        }
      else if (!(d->flags & TOPO_DIFF_IGNORE_LAYOUT))
        {
          g_autofree char *ol = note_layout_value (o);
          g_autofree char *nl = note_layout_value (r);

          if (g_strcmp0 (ol, nl) != 0 ||
              !_topo_json_object_equal0 (o->layout_extra, r->layout_extra))
            add_note_change (d, TOPO_DIFF_NOTE_MOVED, r, o, "layout", ol, nl);
        }
    }
  for (guint i = 0; i < n_old; i++)
    {
      const TopoNote *o = topo_document_get_note (d->old_doc, i);

      if (!g_hash_table_contains (d->note_old2new, o->id))
        {
          TopoDiffChange *c = add_note_change (d, TOPO_DIFF_NOTE_REMOVED, o, NULL, NULL, NULL, NULL);

          c->parent = note_place (d, o, TRUE);
        }
    }
}

/* Findings -------------------------------------------------------------------------------------- */

static char *
finding_key (const TopoDiagnostic *diag,
             Differ               *d,
             gboolean              from_old,
             GStrv               *out_subjects)
{
  GString *key = g_string_new (diag->rule);
  guint n = g_strv_length (diag->subjects);
  GStrv subjects = g_new0 (char *, n + 1);

  g_string_append_printf (key, "\x1f%d", diag->severity);
  for (guint i = 0; i < n; i++)
    {
      const char *id = from_old ? map_subject (d, diag->subjects[i]) : diag->subjects[i];

      subjects[i] = g_strdup (id);
      g_string_append_c (key, '\x1f');
      g_string_append (key, id);
    }
  *out_subjects = subjects;
  return g_string_free (key, FALSE);
}

static void
add_finding (Differ               *d,
             TopoDiffKind          kind,
             const TopoDiagnostic *diag,
             GStrv                 subjects)
{
  TopoDiffChange *c = add_change (d, kind);

  c->rule = diag->rule;
  c->severity = diag->severity;
  c->message = g_strdup (diag->message);
  c->subjects = subjects;
}

static void
diff_findings (Differ *d)
{
  g_autoptr(GPtrArray) old_diags = topo_validate (d->old_doc);
  g_autoptr(GPtrArray) new_diags = topo_validate (d->new_doc);
  g_autoptr(GHashTable) old_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) new_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) old_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) old_subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) new_subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  /* Multisets: the same finding twice must appear or disappear twice. */
  for (int side = 0; side < 2; side++)
    {
      GPtrArray *diags = side == 0 ? old_diags : new_diags;
      GPtrArray *keys = side == 0 ? old_keys : new_keys;
      GPtrArray *subjects = side == 0 ? old_subjects : new_subjects;
      GHashTable *counts = side == 0 ? old_counts : new_counts;

      for (guint i = 0; i < diags->len; i++)
        {
          GStrv s;
          char *key = finding_key (g_ptr_array_index (diags, i), d, side == 0, &s);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

          g_ptr_array_add (keys, key);
          g_ptr_array_add (subjects, s);
          g_hash_table_replace (counts, g_strdup (key), GUINT_TO_POINTER (n + 1));
        }
    }

  for (guint i = 0; i < new_diags->len; i++)
    {
      const char *key = g_ptr_array_index (new_keys, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (old_counts, key));

      if (n > 0)
        g_hash_table_replace (old_counts, g_strdup (key), GUINT_TO_POINTER (n - 1));
      else
        add_finding (d, TOPO_DIFF_FINDING_ADDED, g_ptr_array_index (new_diags, i),
                     g_steal_pointer (&new_subjects->pdata[i]));
    }
  for (guint i = 0; i < old_diags->len; i++)
    {
      const char *key = g_ptr_array_index (old_keys, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (new_counts, key));

      if (n > 0)
        g_hash_table_replace (new_counts, g_strdup (key), GUINT_TO_POINTER (n - 1));
      else
        add_finding (d, TOPO_DIFF_FINDING_REMOVED, g_ptr_array_index (old_diags, i),
                     g_steal_pointer (&old_subjects->pdata[i]));
    }
}

/* Entry point ----------------------------------------------------------------------------------- */

TopoDiff *
topo_diff_compute (TopoDocument  *old_doc,
                   TopoDocument  *new_doc,
                   TopoDiffFlags  flags)
{
  Differ d = { 0 };
  TopoDiff *diff;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (old_doc), NULL);
  g_return_val_if_fail (TOPO_IS_DOCUMENT (new_doc), NULL);

  d.old_doc = old_doc;
  d.new_doc = new_doc;
  d.flags = flags;
  d.old2new = g_hash_table_new (g_str_hash, g_str_equal);
  d.new2old = g_hash_table_new (g_str_hash, g_str_equal);
  d.team_old2new = g_hash_table_new (g_str_hash, g_str_equal);
  d.team_new2old = g_hash_table_new (g_str_hash, g_str_equal);
  d.note_new2old = g_hash_table_new (g_str_hash, g_str_equal);
  d.note_old2new = g_hash_table_new (g_str_hash, g_str_equal);

  match_resources (&d);
  match_teams (&d);
  if (!(flags & TOPO_DIFF_NO_FINDINGS))
    diff_findings (&d);
  diff_resources (&d);
  diff_links (&d);
  diff_teams (&d);
  diff_policy (&d);
  diff_design (&d);
  diff_notes (&d);

  diff = g_new0 (TopoDiff, 1);
  diff->changes = g_ptr_array_new_with_free_func (change_free);
  for (guint k = 0; k < TOPO_N_DIFF_KINDS; k++)
    {
      if (d.lists[k] == NULL)
        continue;
      diff->counts[k] = d.lists[k]->len;
      for (guint i = 0; i < d.lists[k]->len; i++)
        {
          TopoDiffChange *c = g_ptr_array_index (d.lists[k], i);

          if (k == TOPO_DIFF_FINDING_ADDED)
            diff->new_by_severity[c->severity]++;
          g_ptr_array_add (diff->changes, c);
        }
      g_ptr_array_unref (d.lists[k]);
    }

  g_hash_table_unref (d.old2new);
  g_hash_table_unref (d.new2old);
  g_hash_table_unref (d.team_old2new);
  g_hash_table_unref (d.team_new2old);
  g_hash_table_unref (d.note_new2old);
  g_hash_table_unref (d.note_old2new);
  return diff;
}
