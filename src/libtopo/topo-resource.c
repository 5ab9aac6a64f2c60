/* topo-resource.c: copying, comparing and reading the value structs of a design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-resource"

#include "config.h"

#include <string.h>

#include "topo-resource.h"

const char *const topo_associated_keys[4] = { "storage", "key_vault", "app_insights", "container_registry" };
const TopoKind topo_associated_kinds[4] = {
  TOPO_KIND_STORAGE, TOPO_KIND_KEY_VAULT, TOPO_KIND_APP_INSIGHTS, TOPO_KIND_CONTAINER_REGISTRY,
};

static JsonObject *
copy_extra (JsonObject *extra)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy = NULL;

  if (extra == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), extra);
  copy = json_node_copy (node);
  return json_node_dup_object (copy);
}

static gboolean
extra_equal (JsonObject *a,
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
                                copy_extra (g_array_index (access, TopoAccessEntry, i).extra) };
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
  self->min_nodes = -1;
  self->max_nodes = -1;
  self->node_count = -1;
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
  c->extra = copy_extra (r->extra);
  c->layout_extra = copy_extra (r->layout_extra);
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
        !extra_equal (g_array_index (a, TopoAccessEntry, i).extra,
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
         extra_equal (a->layout_extra, b->layout_extra) &&
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
         extra_equal (a->extra, b->extra);
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

/* Links */

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
  c->extra = copy_extra (link->extra);
  return c;
}

void
topo_link_free (TopoLink *link)
{
  if (link == NULL)
    return;
  g_free (link->from);
  g_free (link->to);
  g_clear_pointer (&link->extra, json_object_unref);
  g_free (link);
}

gboolean
topo_link_equal (const TopoLink *a,
                 const TopoLink *b)
{
  return a->type == b->type && a->access == b->access &&
         g_strcmp0 (a->from, b->from) == 0 && g_strcmp0 (a->to, b->to) == 0 &&
         extra_equal (a->extra, b->extra);
}

TopoAccess
topo_link_access (const TopoLink *link)
{
  return link->access == TOPO_ACCESS_UNSET ? TOPO_ACCESS_READ : link->access;
}

/* Teams */

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
  c->extra = copy_extra (team->extra);
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
         extra_equal (a->extra, b->extra);
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

/* Policy */

static const char *const default_environments[] = { "dev", "test", "qa", "staging", "prod", NULL };
static const char *const default_production[] = { "prod", NULL };
static const char *const empty_list[] = { NULL };

TopoPolicy *
topo_policy_new (void)
{
  return g_new0 (TopoPolicy, 1);
}

TopoPolicy *
topo_policy_copy (const TopoPolicy *p)
{
  TopoPolicy *c = g_new0 (TopoPolicy, 1);

  c->allowed_regions = g_strdupv (p->allowed_regions);
  c->residency = p->residency;
  c->required_tags = g_strdupv (p->required_tags);
  c->naming = p->naming;
  c->environments = g_strdupv (p->environments);
  c->production_environments = g_strdupv (p->production_environments);
  c->extra = copy_extra (p->extra);
  return c;
}

void
topo_policy_free (TopoPolicy *p)
{
  if (p == NULL)
    return;
  g_strfreev (p->allowed_regions);
  g_strfreev (p->required_tags);
  g_strfreev (p->environments);
  g_strfreev (p->production_environments);
  g_clear_pointer (&p->extra, json_object_unref);
  g_free (p);
}

static gboolean
strv_equal0 (GStrv a,
             GStrv b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char *const *) a, (const char *const *) b);
}

gboolean
topo_policy_equal (const TopoPolicy *a,
                   const TopoPolicy *b)
{
  return strv_equal0 (a->allowed_regions, b->allowed_regions) &&
         a->residency == b->residency &&
         strv_equal0 (a->required_tags, b->required_tags) &&
         a->naming == b->naming &&
         strv_equal0 (a->environments, b->environments) &&
         strv_equal0 (a->production_environments, b->production_environments) &&
         extra_equal (a->extra, b->extra);
}

const char *const *
topo_policy_allowed_regions (const TopoPolicy *p)
{
  return p->allowed_regions ? (const char *const *) p->allowed_regions : empty_list;
}

TopoResidency
topo_policy_residency (const TopoPolicy *p)
{
  return p->residency == TOPO_RESIDENCY_UNSET ? TOPO_RESIDENCY_GEOGRAPHY : p->residency;
}

const char *const *
topo_policy_required_tags (const TopoPolicy *p)
{
  return p->required_tags ? (const char *const *) p->required_tags : empty_list;
}

TopoNaming
topo_policy_naming (const TopoPolicy *p)
{
  return p->naming == TOPO_NAMING_UNSET ? TOPO_NAMING_AZURE : p->naming;
}

const char *const *
topo_policy_environments (const TopoPolicy *p)
{
  return p->environments ? (const char *const *) p->environments : default_environments;
}

const char *const *
topo_policy_production_environments (const TopoPolicy *p)
{
  return p->production_environments ? (const char *const *) p->production_environments
                                    : default_production;
}

int
topo_policy_environment_index (const TopoPolicy *p,
                               const char       *env)
{
  const char *const *envs = topo_policy_environments (p);

  if (env == NULL)
    return -1;
  for (int i = 0; envs[i]; i++)
    if (strcmp (envs[i], env) == 0)
      return i;
  return -1;
}

gboolean
topo_policy_is_production (const TopoPolicy *p,
                           const char       *env)
{
  return env != NULL && g_strv_contains (topo_policy_production_environments (p), env);
}
