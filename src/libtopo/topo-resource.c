/* topo-resource.c: copying, comparing and reading the value structs of a design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-resource"

#include "config.h"

#include <string.h>

#include "topo-resource.h"
#include "topo-resource-private.h"

const char *const topo_associated_keys[4] = { "storage", "key_vault", "app_insights", "container_registry" };
const TopoKind topo_associated_kinds[4] = {
  TOPO_KIND_STORAGE, TOPO_KIND_KEY_VAULT, TOPO_KIND_APP_INSIGHTS, TOPO_KIND_CONTAINER_REGISTRY,
};

JsonObject *
_topo_json_object_copy (JsonObject *extra)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;

  if (extra == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), extra);
  copy = json_node_copy (node);
  return json_node_dup_object (copy);
}

gboolean
_topo_json_object_equal0 (JsonObject *a,
                          JsonObject *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_object_equal (a, b);
}

static void
tag_clear (gpointer data)
{
  TopoTag *tag = data;

  g_free (tag->key);
  g_free (tag->value);
}

static void
access_clear (gpointer data)
{
  TopoAccessEntry *entry = data;

  g_free (entry->team);
  g_clear_pointer (&entry->extra, json_object_unref);
}

static GArray *
tags_copy (GArray *tags)
{
  GArray *copy;

  if (tags == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (TopoTag), tags->len);
  g_array_set_clear_func (copy, tag_clear);
  for (guint i = 0; i < tags->len; i++)
    {
      TopoTag tag = { g_strdup (g_array_index (tags, TopoTag, i).key),
                      g_strdup (g_array_index (tags, TopoTag, i).value) };
      g_array_append_val (copy, tag);
    }
  return copy;
}

static GArray *
access_copy (GArray *access)
{
  GArray *copy;

  if (access == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (TopoAccessEntry), access->len);
  g_array_set_clear_func (copy, access_clear);
  for (guint i = 0; i < access->len; i++)
    {
      TopoAccessEntry entry = { g_strdup (g_array_index (access, TopoAccessEntry, i).team),
                                g_array_index (access, TopoAccessEntry, i).role,
                                _topo_json_object_copy (g_array_index (access, TopoAccessEntry, i).extra) };
      g_array_append_val (copy, entry);
    }
  return copy;
}

TopoResource *
topo_resource_new (TopoKind    kind,
                   const char *id)
{
  TopoResource *self = g_new0 (TopoResource, 1);

  self->id = g_strdup (id);
  self->kind = kind;
  self->public_network_access = TOPO_TRI_UNSET;
  self->hns = TOPO_TRI_UNSET;
  self->min_nodes = TOPO_COUNT_UNSET;
  self->max_nodes = TOPO_COUNT_UNSET;
  self->node_count = TOPO_COUNT_UNSET;
  return self;
}

TopoResource *
topo_resource_copy (const TopoResource *r)
{
  TopoResource *c = g_memdup2 (r, sizeof *r);

  c->id = g_strdup (r->id);
  c->name = g_strdup (r->name);
  c->tags = tags_copy (r->tags);
  c->group = g_strdup (r->group);
  c->region = g_strdup (r->region);
  c->environment = g_strdup (r->environment);
  c->team = g_strdup (r->team);
  c->project = g_strdup (r->project);
  c->access = access_copy (r->access);
  c->storage = g_strdup (r->storage);
  c->key_vault = g_strdup (r->key_vault);
  c->app_insights = g_strdup (r->app_insights);
  c->container_registry = g_strdup (r->container_registry);
  c->workspace = g_strdup (r->workspace);
  c->vm_size = g_strdup (r->vm_size);
  c->sku = g_strdup (r->sku);
  c->extra = _topo_json_object_copy (r->extra);
  c->layout_extra = _topo_json_object_copy (r->layout_extra);
  return c;
}

void
topo_resource_free (TopoResource *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->name);
  g_clear_pointer (&r->tags, g_array_unref);
  g_free (r->group);
  g_free (r->region);
  g_free (r->environment);
  g_free (r->team);
  g_free (r->project);
  g_clear_pointer (&r->access, g_array_unref);
  g_free (r->storage);
  g_free (r->key_vault);
  g_free (r->app_insights);
  g_free (r->container_registry);
  g_free (r->workspace);
  g_free (r->vm_size);
  g_free (r->sku);
  g_clear_pointer (&r->extra, json_object_unref);
  g_clear_pointer (&r->layout_extra, json_object_unref);
  g_free (r);
}

static gboolean
tags_equal (GArray *a,
            GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_array_index (a, TopoTag, i).key, g_array_index (b, TopoTag, i).key) != 0 ||
        g_strcmp0 (g_array_index (a, TopoTag, i).value, g_array_index (b, TopoTag, i).value) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
access_equal (GArray *a,
              GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_array_index (a, TopoAccessEntry, i).team,
                   g_array_index (b, TopoAccessEntry, i).team) != 0 ||
        g_array_index (a, TopoAccessEntry, i).role != g_array_index (b, TopoAccessEntry, i).role ||
        !_topo_json_object_equal0 (g_array_index (a, TopoAccessEntry, i).extra,
                      g_array_index (b, TopoAccessEntry, i).extra))
      return FALSE;
  return TRUE;
}

/* Equality of the saved state (runtime bounds are ignored). */
gboolean
topo_resource_equal (const TopoResource *a,
                     const TopoResource *b)
{
  return a->kind == b->kind &&
         g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         tags_equal (a->tags, b->tags) &&
         a->has_layout == b->has_layout &&
         (!a->has_layout || memcmp (&a->layout, &b->layout, sizeof a->layout) == 0) &&
         _topo_json_object_equal0 (a->layout_extra, b->layout_extra) &&
         g_strcmp0 (a->group, b->group) == 0 &&
         g_strcmp0 (a->region, b->region) == 0 &&
         g_strcmp0 (a->environment, b->environment) == 0 &&
         g_strcmp0 (a->team, b->team) == 0 &&
         g_strcmp0 (a->project, b->project) == 0 &&
         a->purpose == b->purpose &&
         access_equal (a->access, b->access) &&
         g_strcmp0 (a->storage, b->storage) == 0 &&
         g_strcmp0 (a->key_vault, b->key_vault) == 0 &&
         g_strcmp0 (a->app_insights, b->app_insights) == 0 &&
         g_strcmp0 (a->container_registry, b->container_registry) == 0 &&
         a->public_network_access == b->public_network_access &&
         g_strcmp0 (a->workspace, b->workspace) == 0 &&
         g_strcmp0 (a->vm_size, b->vm_size) == 0 &&
         a->min_nodes == b->min_nodes &&
         a->max_nodes == b->max_nodes &&
         a->node_count == b->node_count &&
         a->data == b->data &&
         a->sensitivity == b->sensitivity &&
         g_strcmp0 (a->sku, b->sku) == 0 &&
         a->hns == b->hns &&
         a->existing == b->existing &&
         _topo_json_object_equal0 (a->extra, b->extra);
}

const char *
topo_resource_get_name (const TopoResource *r)
{
  return r->name != NULL ? r->name : r->id;
}

const char *
topo_resource_get_tag (const TopoResource *r,
                       const char         *key)
{
  if (r->tags == NULL)
    return NULL;
  for (guint i = 0; i < r->tags->len; i++)
    if (g_strcmp0 (g_array_index (r->tags, TopoTag, i).key, key) == 0)
      return g_array_index (r->tags, TopoTag, i).value;
  return NULL;
}

void
topo_resource_set_tag (TopoResource *r,
                       const char   *key,
                       const char   *value)
{
  TopoTag tag;

  if (r->tags == NULL)
    {
      r->tags = g_array_new (FALSE, FALSE, sizeof (TopoTag));
      g_array_set_clear_func (r->tags, tag_clear);
    }
  for (guint i = 0; i < r->tags->len; i++)
    {
      TopoTag *existing = &g_array_index (r->tags, TopoTag, i);

      if (g_strcmp0 (existing->key, key) == 0)
        {
          g_free (existing->value);
          existing->value = g_strdup (value);
          return;
        }
    }
  tag.key = g_strdup (key);
  tag.value = g_strdup (value);
  g_array_append_val (r->tags, tag);
}

gboolean
topo_resource_remove_tag (TopoResource *r,
                          const char   *key)
{
  if (r->tags == NULL)
    return FALSE;
  for (guint i = 0; i < r->tags->len; i++)
    if (g_strcmp0 (g_array_index (r->tags, TopoTag, i).key, key) == 0)
      {
        g_array_remove_index (r->tags, i);
        return TRUE;
      }
  return FALSE;
}

GArray *
topo_tags_array_new (void)
{
  GArray *tags = g_array_new (FALSE, FALSE, sizeof (TopoTag));

  g_array_set_clear_func (tags, tag_clear);
  return tags;
}

GArray *
topo_access_array_new (void)
{
  GArray *access = g_array_new (FALSE, FALSE, sizeof (TopoAccessEntry));

  g_array_set_clear_func (access, access_clear);
  return access;
}

TopoRole
topo_resource_get_access (const TopoResource *r,
                          const char         *team)
{
  TopoRole role = TOPO_ROLE_UNSET;

  if (r->access == NULL)
    return role;
  for (guint i = 0; i < r->access->len; i++)
    {
      const TopoAccessEntry *entry = &g_array_index (r->access, TopoAccessEntry, i);

      if (g_strcmp0 (entry->team, team) == 0 && entry->role > role)
        role = entry->role;
    }
  return role;
}

void
topo_resource_set_access (TopoResource *r,
                          const char   *team,
                          TopoRole      role)
{
  gboolean kept = FALSE;

  if (r->access == NULL)
    {
      if (role == TOPO_ROLE_UNSET)
        return;
      r->access = topo_access_array_new ();
    }
  /* The team's first entry keeps its place and takes the role; later duplicates go. */
  for (guint i = 0; i < r->access->len;)
    {
      TopoAccessEntry *entry = &g_array_index (r->access, TopoAccessEntry, i);

      if (g_strcmp0 (entry->team, team) != 0)
        i++;
      else if (role != TOPO_ROLE_UNSET && !kept)
        {
          entry->role = role;
          kept = TRUE;
          i++;
        }
      else
        g_array_remove_index (r->access, i);
    }
  if (role != TOPO_ROLE_UNSET && !kept)
    {
      TopoAccessEntry entry = { g_strdup (team), role, NULL };

      g_array_append_val (r->access, entry);
    }
}

gboolean
topo_resource_public_network_access (const TopoResource *r)
{
  return r->public_network_access != TOPO_TRI_FALSE;
}

TopoData
topo_resource_data (const TopoResource *r)
{
  return r->data == TOPO_DATA_UNSET ? TOPO_DATA_NONE : r->data;
}

TopoLevel
topo_resource_sensitivity (const TopoResource *r)
{
  return r->sensitivity == TOPO_LEVEL_UNSET ? TOPO_LEVEL_INTERNAL : r->sensitivity;
}

const char *
topo_resource_sku (const TopoResource *r)
{
  return r->sku != NULL ? r->sku : "Standard_LRS";
}

gboolean
topo_resource_hns (const TopoResource *r)
{
  return r->hns == TOPO_TRI_TRUE;
}

const char *
topo_resource_associated (const TopoResource *r,
                          guint               index)
{
  return *topo_resource_associated_slot ((TopoResource *) r, index);
}

char **
topo_resource_associated_slot (TopoResource *r,
                               guint         index)
{
  switch (index)
    {
    case 0: return &r->storage;
    case 1: return &r->key_vault;
    case 2: return &r->app_insights;
    default: return &r->container_registry;
    }
}
