/* topo-arm-import-build.c: the second pass — references resolved, ids made unique, the document built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-arm-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "topo-arm-import-private.h"
#include "topo-document-private.h"
#include "topo-edit.h"
#include "topo-json-reader.h"

/* ---- second pass ---- */

typedef struct
{
  GHashTable *by_key;       /* "kind\x1frg\x1fname" (lower case) → Item */
  GHashTable *by_name;      /* "kind\x1fname" → Item (first) */
  GHashTable *ids;          /* used ids */
} Index;

static char *
key3 (int kind,
      const char *rg,
      const char *name)
{
  g_autofree char *lrg = g_ascii_strdown (rg != NULL ? rg : "", -1);
  g_autofree char *lname = g_ascii_strdown (name, -1);

  return g_strdup_printf ("%d\x1f%s\x1f%s", kind, lrg, lname);
}

static char *
key2 (int kind,
      const char *name)
{
  g_autofree char *lname = g_ascii_strdown (name, -1);

  return g_strdup_printf ("%d\x1f%s", kind, lname);
}

static void
index_item (Index *ix,
            Item *item)
{
  char *k3 = key3 (item->res->kind, item->rg_key, item->res->name);
  char *k2 = key2 (item->res->kind, item->res->name);

  if (!g_hash_table_contains (ix->by_key, k3))
    g_hash_table_insert (ix->by_key, k3, item);
  else
    g_free (k3);
  if (!g_hash_table_contains (ix->by_name, k2))
    g_hash_table_insert (ix->by_name, k2, item);
  else
    g_free (k2);
}

static Item *
find_item (Index *ix,
           int kind,
           const char *rg,
           const char *name)
{
  g_autofree char *k3 = NULL;
  g_autofree char *k2 = key2 (kind, name);
  Item *item = NULL;

  if (rg != NULL)
    {
      k3 = key3 (kind, rg, name);
      item = g_hash_table_lookup (ix->by_key, k3);
    }
  return item != NULL ? item : g_hash_table_lookup (ix->by_name, k2);
}

/* Whether a Topograph export listed the resource in metadata.topograph.existing. */
static gboolean
listed_existing (Import *im,
                 TopoKind kind,
                 const char *name)
{
  JsonNode *list = im->metadata != NULL ? _topo_member (im->metadata, "existing") : NULL;
  JsonArray *arr;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return FALSE;
  arr = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *e = json_array_get_element (arr, i);
      const char *type, *ename;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      type = _topo_literal_string (json_node_get_object (e), "type");
      ename = _topo_literal_string (json_node_get_object (e), "name");
      if (type != NULL && ename != NULL && _topo_kind_of_type (type) == (int) kind &&
          g_ascii_strcasecmp (ename, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A resource referenced but not defined in the template: added so the relation is kept. */
static Item *
placeholder (Import *im,
             Index *ix,
             TopoKind kind,
             const char *rg,
             const char *name,
             const char *path)
{
  Item *item;

  _topo_ensure_group (im, rg, NULL, path);
  item = _topo_add_item (im, kind, name, rg, path);
  index_item (ix, item);
  if (_topo_format_key_applies ("existing", kind))
    {
      /* Referenced, not deployed: the design keeps referring to it, and never creates it. */
      item->res->existing = TRUE;
      if (!listed_existing (im, kind, name))
        _topo_warn (im, path, _("%s '%s' is referenced but not defined in the template; imported as an "
                              "existing resource (referenced, not deployed)"),
                  topo_kind_to_string (kind), name);
    }
  else
    _topo_warn (im, path, _("%s '%s' is referenced but not defined in the template; added as a placeholder"),
                topo_kind_to_string (kind), name);
  return item;
}

/* The existing resources a Topograph export lists in metadata.topograph.existing: the template
 * names them only where something refers to them (an unreferenced one is only there). */
static void
add_listed_existing (Import *im,
                     Index *ix)
{
  JsonNode *list = im->metadata != NULL ? _topo_member (im->metadata, "existing") : NULL;
  JsonArray *arr;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return;
  arr = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *e = json_array_get_element (arr, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      const char *type = _topo_literal_string (o, "type");
      const char *name = _topo_literal_string (o, "name");
      const char *rg = _topo_literal_string (o, "resourceGroup");
      g_autofree char *path = g_strdup_printf ("$.metadata.topograph.existing[%u]", i);
      int kind;

      /* User text starting with '[' is written as "[[" */
      if (name != NULL && name[0] == '[')
        name = name[1] == '[' ? name + 1 : NULL;
      if (rg != NULL && rg[0] == '[')
        rg = rg[1] == '[' ? rg + 1 : NULL;
      if (type == NULL || name == NULL)
        continue;
      if (g_ascii_strcasecmp (type, "Microsoft.Resources/resourceGroups") == 0)
        continue;   /* _topo_import_listed_groups */
      kind = _topo_kind_of_type (type);
      if (kind < 0 || rg == NULL || !_topo_format_key_applies ("existing", kind) ||
          find_item (ix, kind, rg, name) != NULL)
        continue;
      placeholder (im, ix, kind, rg, name, path);
    }
}

static char *
sanitise_id (const char *name,
             const char *fallback)
{
  GString *s = g_string_new (NULL);

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    {
      char c = *p;
      if (!(g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-'))
        c = '-';
      if (c == '-' && s->len > 0 && s->str[s->len - 1] == '-')
        continue;
      g_string_append_c (s, c);
    }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  while (s->len > 0 && s->str[0] == '-')
    g_string_erase (s, 0, 1);
  if (s->len == 0)
    g_string_append (s, fallback);
  if (s->len > 200)
    g_string_truncate (s, 200);
  return g_string_free (s, FALSE);
}

static char *
unique_id (GHashTable *ids,
           const char *name,
           const char *fallback)
{
  g_autofree char *base = sanitise_id (name, fallback);
  char *id = g_strdup (base);

  for (guint k = 2; g_hash_table_contains (ids, id); k++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, k);
    }
  g_hash_table_add (ids, id);
  return g_strdup (id);
}

static Group *
group_of_item (Import *im,
               Item *item)
{
  return g_hash_table_lookup (im->groups, item->rg_key);
}

static void
resolve_assoc (Import *im,
               Index *ix,
               Item *ws)
{
  for (guint k = 0; k < 4; k++)
    {
      ParsedId id;
      Item *target;

      if (ws->assoc[k] == NULL)
        continue;
      if (!_topo_parse_resource_id (ws->assoc[k], &id) || _topo_kind_of_type (id.type) != (int) topo_associated_kinds[k])
        {
          _topo_warn (im, ws->assoc_path[k], _("'%s' is not a %s id; left unset"), ws->assoc[k],
                      topo_kind_to_string (topo_associated_kinds[k]));
          _topo_parsed_id_clear (&id);
          continue;
        }
      target = find_item (ix, topo_associated_kinds[k], id.rg != NULL ? id.rg : ws->rg_key, id.names[0]);
      if (target == NULL)
        target = placeholder (im, ix, topo_associated_kinds[k], id.rg != NULL ? id.rg : ws->rg_key,
                              id.names[0], ws->assoc_path[k]);
      /* Ids are assigned later: the slot holds the target item until _topo_build() patches it. */
      g_free (*topo_resource_associated_slot (ws->res, k));
      *topo_resource_associated_slot (ws->res, k) = (char *) target;
      _topo_parsed_id_clear (&id);
    }
}

typedef struct
{
  Item       *from;
  Item       *to;
  TopoLinkType type;
  TopoAccess access;
  char       *path;
  char       *from_id;
  char       *to_id;
  char       *compute;   /* inference: the attached compute's name when not the cluster's */
} PendingLink;

static void
pending_link_free (PendingLink *l)
{
  g_free (l->from_id);
  g_free (l->to_id);
  g_free (l->compute);
  g_free (l->path);
  g_free (l);
}

typedef struct
{
  GPtrArray  *all;       /* PendingLink, in order */
  GHashTable *index;     /* "type:from:to" → PendingLink */
} Links;

static char *
pending_key (TopoLinkType type,
             Item *from,
             Item *to)
{
  return g_strdup_printf ("%d:%p:%p", (int) type, (void *) from, (void *) to);
}

static PendingLink *
find_pending (Links *links,
              TopoLinkType type,
              Item *from,
              Item *to)
{
  g_autofree char *key = pending_key (type, from, to);

  return g_hash_table_lookup (links->index, key);
}

static void
add_pending (Links *links,
             TopoLinkType type,
             Item *from,
             Item *to,
             const char *path)
{
  PendingLink *l;

  if (from == to || find_pending (links, type, from, to) != NULL)
    return;
  l = g_new0 (PendingLink, 1);
  l->type = type;
  l->from = from;
  l->to = to;
  l->path = g_strdup (path);
  g_ptr_array_add (links->all, l);
  g_hash_table_insert (links->index, pending_key (type, from, to), l);
}

/* A team id from a principal: a parameter placeholder ("fraudPrincipalId") or a literal id. */
static char *
team_for_principal (Import *im,
                    const char *principal,
                    GHashTable *param_to_team)
{
  const char *team = g_hash_table_lookup (param_to_team, principal);

  if (team != NULL)
    return g_strdup (team);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const suffixes[] = { "PrincipalId", "GroupId", "ObjectId" };

      if (g_str_has_suffix (principal, suffixes[i]) && strlen (principal) > strlen (suffixes[i]))
        return g_strndup (principal, strlen (principal) - strlen (suffixes[i]));
    }
  return g_strconcat ("team-", principal, NULL);
}

/* The item a role assignment's scope names; when the template does not define it, *kind_out,
 * *rg_out and *name_out still say what the scope is (kind -1: not a resource the design has). */
static Item *
resolve_scope (Index *ix,
               RoleAssignment *ra,
               int *kind_out,
               char **rg_out,
               char **name_out)
{
  ParsedId id;
  int kind;
  Item *item = NULL;

  *kind_out = -1;
  if (ra->scope == NULL || !_topo_parse_resource_id (ra->scope, &id))
    return NULL;
  kind = _topo_kind_of_type (id.type);
  if (kind >= 0 && g_strv_length (id.names) == 1)
    {
      item = find_item (ix, kind, id.rg != NULL ? id.rg : ra->rg, id.names[0]);
      *kind_out = kind;
      *rg_out = g_strdup (id.rg != NULL ? id.rg : ra->rg);
      *name_out = g_strdup (id.names[0]);
    }
  _topo_parsed_id_clear (&id);
  return item;
}

/* A name that satisfies the published schema's pattern for the kind, or NULL when name does
 * already (placeholders made from parameter names often do not). */
static char *
fix_name (TopoKind kind,
          const char *name)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint min = 1, max = 260;
  gboolean lower = FALSE, hyphen = FALSE, underscore = FALSE;

  switch (kind)
    {
    case TOPO_KIND_STORAGE:
      min = 3, max = 24, lower = TRUE;
      break;
    case TOPO_KIND_KEY_VAULT:
      min = 3, max = 24, hyphen = TRUE;
      break;
    case TOPO_KIND_CONTAINER_REGISTRY:
      min = 5, max = 50;
      break;
    case TOPO_KIND_WORKSPACE:
      min = 3, max = 33, hyphen = TRUE, underscore = TRUE;
      break;
    case TOPO_KIND_AKS:
      min = 1, max = 63, hyphen = TRUE, underscore = TRUE;
      break;
    default:
      return NULL;
    }
  for (const char *p = name; *p != '\0' && s->len < max; p++)
    {
      char c = *p;
      if (g_ascii_isalnum (c))
        g_string_append_c (s, lower ? g_ascii_tolower (c) : c);
      else if ((c == '-' && hyphen) || (c == '_' && underscore))
        g_string_append_c (s, c);
      else if (hyphen)
        g_string_append_c (s, '-');
    }
  /* Workspaces and clusters start (and clusters end) with a letter or digit. */
  while (s->len > 0 && !g_ascii_isalnum (s->str[0]))
    g_string_erase (s, 0, 1);
  if (kind == TOPO_KIND_AKS)
    while (s->len > 0 && !g_ascii_isalnum (s->str[s->len - 1]))
      g_string_truncate (s, s->len - 1);
  while (s->len < min)
    g_string_append_c (s, '0');
  if (g_str_equal (s->str, name))
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* "rg/name" as written by the exporter's metadata. */
static Item *
find_endpoint (Index *ix,
               TopoKind kind,
               const char *text)
{
  const char *slash = strrchr (text, '/');
  g_autofree char *rg = NULL;
  const char *name = text;

  if (text[0] == '[' && text[1] == '[')
    text++;
  slash = strchr (text, '/');
  if (slash != NULL)
    {
      rg = g_strndup (text, slash - text);
      name = slash + 1;
    }
  else
    name = text;
  return find_item (ix, kind, rg, name);
}

/* The environment a CAF name part means ("rg-fraud-dev-weu" → dev), NULL when none or several
 * different ones; part receives the part as written. */
static const char *
environment_of_name (const char *name,
                     char **part)
{
  static const struct { const char *part; const char *env; } parts[] = {
    { "dev", "dev" }, { "development", "dev" }, { "test", "test" }, { "tst", "test" },
    { "qa", "qa" }, { "staging", "staging" }, { "stg", "staging" }, { "stage", "staging" },
    { "prod", "prod" }, { "prd", "prod" }, { "production", "prod" },
  };
  g_auto(GStrv) tokens = g_regex_split_simple ("[-_.()]", name != NULL ? name : "", 0, 0);
  const char *found = NULL;

  for (guint t = 0; tokens[t] != NULL; t++)
    for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
      if (g_ascii_strcasecmp (tokens[t], parts[k].part) == 0)
        {
          if (found != NULL && !g_str_equal (found, parts[k].env))
            {
              g_clear_pointer (part, g_free);
              return NULL;   /* "dev-to-prod": says nothing */
            }
          if (found == NULL && part != NULL)
            *part = g_strdup (tokens[t]);
          found = parts[k].env;
        }
  return found;
}

static const char *
environment_tag (const TopoResource *res)
{
  for (guint k = 0; res->tags != NULL && k < res->tags->len; k++)
    {
      const TopoTag *tag = &g_array_index (res->tags, TopoTag, k);

      if (g_str_equal (tag->key, "environment") && tag->value != NULL && tag->value[0] != '\0')
        return tag->value;
    }
  return NULL;
}

static const char *
environment_of_resource_name (const TopoResource *res)
{
  return environment_of_name (res->name, NULL);
}

/* The environment that every resource of G with one (ENVIRONMENT_OF says which) agrees on, and
 * the name of one of them as the example; NULL when none has one or two disagree. */
static const char *
agreed_environment (Import              *im,
                    Group               *g,
                    const char *       (*environment_of) (const TopoResource *res),
                    const char         **example)
{
  g_autofree char *lower = g_ascii_strdown (g->name, -1);
  const char *agreed = NULL;

  for (guint i = 0; i < im->items->len; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      const char *e;

      if (!g_str_equal (item->rg_key, lower) || (e = environment_of (item->res)) == NULL)
        continue;
      if (agreed != NULL && !g_str_equal (agreed, e))
        return NULL;
      agreed = e;
      *example = item->res->name;
    }
  return agreed;
}

/* An RG without an environment tag: the environment tag its resources agree on, else its CAF name
 * part, else one its resources' names agree on, else --environment. Says which was used. */
static void
infer_environment (Import *im,
                   Group *g)
{
  const char *path = g->path != NULL ? g->path : "$";
  g_autofree char *part = NULL;
  const char *example = NULL;
  const char *env;

  if (g->environment != NULL)
    return;   /* its environment tag says so: nothing inferred */
  /* A group the template does not declare (the deployment's own, at resource-group scope) has
   * no tags: its resources' environment tags, when they agree, say it. */
  env = agreed_environment (im, g, environment_tag, &example);
  if (env != NULL)
    {
      g->environment = g_strdup (env);
      _topo_warn (im, path, _("resource group '%s' is in environment '%s' (from the environment tag of its "
                              "resources, such as '%s')"), g->name, env, example);
      return;
    }
  env = environment_of_name (g->name, &part);
  if (env != NULL)
    {
      g->environment = g_strdup (env);
      _topo_warn (im, path, _("resource group '%s' is in environment '%s' (inferred from the name part '%s')"),
                  g->name, env, part);
      return;
    }
  env = agreed_environment (im, g, environment_of_resource_name, &example);
  if (env != NULL)
    {
      g->environment = g_strdup (env);
      _topo_warn (im, path, _("resource group '%s' is in environment '%s' (inferred from the names of its resources, such as '%s')"),
                  g->name, env, example);
      return;
    }
  if (im->environment != NULL)
    {
      g->environment = g_strdup (im->environment);
      _topo_warn (im, path, _("resource group '%s' is in environment '%s' (from --environment)"),
                  g->name, im->environment);
      return;
    }
  /* A Topograph export writes every environment the design has as a tag: a group without one
   * had none in the design either, which the design's metadata brings back (and SEG001 says). */
  if (im->design_text != NULL)
    return;
  _topo_warn (im, path, _("the environment of resource group '%s' is unknown (no environment tag, no "
                          "environment in its name; see --environment)"), g->name);
}

TopoDocument *
_topo_build (Import *im)
{
  TopoDocument *doc = topo_document_new ();
  Index ix;
  Links links_store = { g_ptr_array_new_with_free_func ((GDestroyNotify) pending_link_free),
                        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  Links *links = &links_store;
  g_autoptr(GHashTable) param_to_team = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) team_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lanes = g_ptr_array_new ();
  JsonNode *meta_teams = im->metadata != NULL ? _topo_member (im->metadata, "teams") : NULL;
  JsonNode *meta_links = im->metadata != NULL ? _topo_member (im->metadata, "links") : NULL;
  guint n_items;

  /* Built like a loaded file: no undo steps, so no layout invariants per insert. They ran on
   * every card (a scan of the whole document each, quadratic) and placed each new card at the
   * top left of its group, which left topo_layout_auto() nothing to lay out: every imported
   * card of a group sat on the same spot. The caller lays out and tidies once at the end. */
  _topo_document_set_recording (doc, FALSE);

  ix.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ix.by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ix.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < im->items->len; i++)
    index_item (&ix, g_ptr_array_index (im->items, i));
  add_listed_existing (im, &ix);

  /* Computes need their workspace. */
  n_items = im->items->len;
  for (guint i = 0; i < n_items; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      Item *ws;

      if (!topo_kind_is_compute (item->res->kind))
        continue;
      ws = find_item (&ix, TOPO_KIND_WORKSPACE, item->rg_key, item->parent);
      if (ws == NULL)
        ws = placeholder (im, &ix, TOPO_KIND_WORKSPACE, group_of_item (im, item)->name, item->parent, item->path);
      item->res->workspace = (char *) ws;   /* patched in _topo_build */
    }

  for (guint i = 0; i < im->items->len; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      if (item->res->kind == TOPO_KIND_WORKSPACE)
        resolve_assoc (im, &ix, item);
    }

  for (guint i = 0; i < im->refs->len; i++)
    {
      Ref *ref = g_ptr_array_index (im->refs, i);
      Item *ws = find_item (&ix, TOPO_KIND_WORKSPACE, ref->ws_rg, ref->ws_name);
      TopoKind kind = ref->kind == REF_DATASTORE ? TOPO_KIND_STORAGE : TOPO_KIND_AKS;
      const char *target_rg = ref->target_rg != NULL ? ref->target_rg : ref->ws_rg;
      Item *target;

      if (ws == NULL)
        {
          Group *g = g_hash_table_lookup (im->groups, ref->ws_rg);
          ws = placeholder (im, &ix, TOPO_KIND_WORKSPACE, g != NULL ? g->name : ref->ws_rg, ref->ws_name, ref->path);
        }
      target = find_item (&ix, kind, target_rg, ref->target_name);
      if (target == NULL)
        {
          Group *g = g_hash_table_lookup (im->groups, target_rg);
          target = placeholder (im, &ix, kind, g != NULL ? g->name : target_rg, ref->target_name, ref->path);
          g = group_of_item (im, target);
          /* A cluster of a group the template does not declare: the attach says where it is. */
          if (g->location == NULL && ref->location != NULL && ref->location[0] != '\0')
            {
              g->location = _topo_normalise_region (ref->location);
              _topo_warn (im, ref->path, _("resource group '%s' is not declared in the template; its location "
                                           "is taken from the computeLocation of the attached cluster '%s' (%s)"),
                          g->name, ref->target_name, g->location);
            }
        }
      add_pending (links, ref->kind == REF_DATASTORE ? TOPO_LINK_DATASTORE : TOPO_LINK_INFERENCE, ws, target,
                   ref->path);
      if (ref->compute != NULL)
        {
          PendingLink *l = find_pending (links, TOPO_LINK_INFERENCE, ws, target);

          if (l != NULL && l->compute == NULL)
            l->compute = g_strdup (ref->compute);
        }
    }

  /* Teams from our own metadata (exported by Topograph), then from role assignments. */
  if (meta_teams != NULL && JSON_NODE_HOLDS_ARRAY (meta_teams))
    {
      JsonArray *arr = json_node_get_array (meta_teams);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *t = json_array_get_element (arr, i);
          JsonObject *obj;
          const char *id, *name, *param, *level;
          JsonNode *external;
          TopoTeam *team;

          if (!JSON_NODE_HOLDS_OBJECT (t))
            continue;
          obj = json_node_get_object (t);
          id = _topo_literal_string (obj, "id");
          if (id == NULL || !topo_id_is_valid (id) || topo_document_lookup_team (doc, id) != NULL)
            continue;
          team = topo_team_new (id);
          name = _topo_literal_string (obj, "name");
          if (name != NULL)
            team->name = g_strdup (name[0] == '[' && name[1] == '[' ? name + 1 : name);
          level = _topo_literal_string (obj, "data_access");
          if (level != NULL && topo_level_from_string (level) > 0)
            team->data_access = topo_level_from_string (level);
          external = _topo_member (obj, "external");
          if (external != NULL && JSON_NODE_HOLDS_VALUE (external) &&
              json_node_get_value_type (external) == G_TYPE_BOOLEAN)
            team->external = json_node_get_boolean (external) ? TOPO_TRI_TRUE : TOPO_TRI_FALSE;
          param = _topo_literal_string (obj, "parameter");
          if (param != NULL)
            g_hash_table_insert (param_to_team, (gpointer) param, (gpointer) id);
          topo_document_insert_team (doc, topo_document_get_n_teams (doc), team);
        }
    }

  guint mapped = 0;

  for (guint i = 0; i < im->roles->len; i++)
    {
      RoleAssignment *ra = g_ptr_array_index (im->roles, i);
      int kind;
      g_autofree char *scope_rg = NULL;
      g_autofree char *scope_name = NULL;
      Item *target = resolve_scope (&ix, ra, &kind, &scope_rg, &scope_name);
      TopoRole role = topo_arm_role_from_guid (ra->role);
      gboolean blob_reader = g_ascii_strcasecmp (ra->role, TOPO_ARM_ROLE_STORAGE_BLOB_READER) == 0;
      gboolean blob_writer = g_ascii_strcasecmp (ra->role, TOPO_ARM_ROLE_STORAGE_BLOB_CONTRIBUTOR) == 0;

      if (target != NULL && kind == TOPO_KIND_STORAGE && (blob_reader || blob_writer) && ra->principal != NULL &&
          g_str_has_prefix (ra->principal, TOPO_ARM_REFERENCE_PREFIX))
        {
          /* "$reference(<workspace id>).identity.principalId" */
          g_autofree char *inner = g_strdup (ra->principal + strlen (TOPO_ARM_REFERENCE_PREFIX));
          char *close = strchr (inner, ')');
          ParsedId id;
          Item *ws = NULL;
          PendingLink *link;

          if (close != NULL)
            *close = '\0';
          if (_topo_parse_resource_id (inner, &id))
            {
              if (_topo_kind_of_type (id.type) == TOPO_KIND_WORKSPACE && g_strv_length (id.names) == 1)
                ws = find_item (&ix, TOPO_KIND_WORKSPACE, id.rg != NULL ? id.rg : ra->rg, id.names[0]);
              _topo_parsed_id_clear (&id);
            }
          link = ws != NULL ? find_pending (links, TOPO_LINK_DATASTORE, ws, target) : NULL;
          if (link != NULL)
            {
              if (blob_writer || link->access == TOPO_ACCESS_UNSET)
                link->access = blob_writer ? TOPO_ACCESS_WRITE : TOPO_ACCESS_READ;
              mapped++;
              continue;
            }
          _topo_warn (im, ra->path, _("storage role assignment without a matching datastore; skipped"));
          continue;
        }
      /* A team's role on a workspace the template only refers to: the workspace exists already. */
      if (target == NULL && kind == TOPO_KIND_WORKSPACE && role != TOPO_ROLE_UNSET && ra->principal != NULL &&
          !g_str_has_prefix (ra->principal, TOPO_ARM_REFERENCE_PREFIX) && scope_rg != NULL)
        {
          Group *g = g_hash_table_lookup (im->groups, scope_rg);

          target = placeholder (im, &ix, TOPO_KIND_WORKSPACE, g != NULL ? g->name : scope_rg, scope_name, ra->path);
        }
      if (target != NULL && kind == TOPO_KIND_WORKSPACE && role != TOPO_ROLE_UNSET && ra->principal != NULL &&
          !g_str_has_prefix (ra->principal, TOPO_ARM_REFERENCE_PREFIX))
        {
          g_autofree char *team_id = team_for_principal (im, ra->principal, param_to_team);
          g_autofree char *clean = sanitise_id (team_id, "team");
          gboolean found = FALSE;
          TopoAccessEntry entry = { 0 };

          if (topo_document_lookup_team (doc, clean) == NULL)
            topo_document_insert_team (doc, topo_document_get_n_teams (doc), topo_team_new (clean));
          if (target->res->access == NULL)
            target->res->access = topo_access_array_new ();
          for (guint k = 0; k < target->res->access->len; k++)
            {
              TopoAccessEntry *e = &g_array_index (target->res->access, TopoAccessEntry, k);
              if (g_str_equal (e->team, clean))
                {
                  found = TRUE;
                  if (role > e->role)
                    e->role = role;
                }
            }
          if (!found)
            {
              entry.team = g_strdup (clean);
              entry.role = role;
              g_array_append_val (target->res->access, entry);
            }
          mapped++;
          continue;
        }
      /* Say why: the design models team roles on workspaces and workspace identities on storage. */
      if (ra->scope == NULL)
        _topo_warn (im, ra->path, _("role assignment (role definition %s) on the whole resource group: the design "
                                    "models team roles on workspaces only; skipped"), ra->role);
      else if (kind < 0)
        _topo_warn (im, ra->path, _("role assignment on '%s', which is not a resource the design models; skipped"),
                    ra->scope);
      else if (kind != TOPO_KIND_WORKSPACE)
        _topo_warn (im, ra->path, _("role assignment on %s '%s': the design models team roles on workspaces and "
                                    "workspace identities on a datastore's storage only; skipped"),
                    topo_kind_to_string (kind), scope_name);
      else if (role == TOPO_ROLE_UNSET)
        _topo_warn (im, ra->path, _("role definition %s on workspace '%s' is not one of the roles the design "
                                    "models (Reader, AzureML Compute Operator, AzureML Data Scientist, "
                                    "Contributor, Owner); skipped"), ra->role, scope_name);
      else if (ra->principal == NULL)
        _topo_warn (im, ra->path, _("role assignment on workspace '%s' whose principalId cannot be evaluated; "
                                    "skipped"), scope_name);
      else
        _topo_warn (im, ra->path, _("role assignment on workspace '%s' to a principal that is not a team (%s); "
                                    "skipped"), scope_name, ra->principal);
    }
  if (mapped < im->roles->len)
    _topo_warn (im, "$", g_dngettext (GETTEXT_PACKAGE, "%u role assignment: %u imported (team access on "
                                      "workspaces, datastore access), the others skipped as said above",
                                      "%u role assignments: %u imported (team access on workspaces, "
                                      "datastore access), the others skipped as said above", im->roles->len),
                im->roles->len, mapped);

  for (guint i = 0; i < im->items->len; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      Group *g = group_of_item (im, item);

      if (topo_kind_is_compute (item->res->kind))
        g = group_of_item (im, (Item *) item->res->workspace);
      g->used = TRUE;
    }

  for (guint i = 0; i < im->items->len; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      g_autofree char *fixed = fix_name (item->res->kind, item->res->name);

      if (fixed != NULL)
        {
          _topo_warn (im, item->path, _("'%s' is not a valid %s name; renamed to '%s'"), item->res->name,
                      topo_kind_to_string (item->res->kind), fixed);
          g_free (item->res->name);
          item->res->name = g_steal_pointer (&fixed);
        }
    }

  /* Ids: RGs first, in order of appearance, then resources. */
  for (guint i = 0; i < im->group_order->len; i++)
    {
      Group *g = g_ptr_array_index (im->group_order, i);

      if (!g->used && g->tags == NULL && g->location == NULL)
        continue;
      g->id = unique_id (ix.ids, g->name, "rg");
    }
  for (guint i = 0; i < im->items->len; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      item->res->id = unique_id (ix.ids, item->res->name, topo_kind_to_string (item->res->kind));
    }

  for (guint i = 0; i < im->group_order->len; i++)
    {
      Group *g = g_ptr_array_index (im->group_order, i);
      TopoResource *rg;
      gboolean seen = FALSE;

      if (g->id == NULL)
        continue;
      if (g->location == NULL)
        {
          _topo_warn (im, g->path != NULL ? g->path : "$", _("the location of resource group '%s' is unknown; using %s"),
                      g->name, im->default_location);
          g->location = g_strdup (im->default_location);
        }
      infer_environment (im, g);
      rg = topo_resource_new (TOPO_KIND_RESOURCE_GROUP, g->id);
      if (!g_str_equal (g->id, g->name))
        rg->name = g_strdup (g->name);
      rg->region = g_strdup (g->location);
      rg->environment = g_strdup (g->environment);
      if (g->tags != NULL)
        rg->tags = g_array_ref (g->tags);
      topo_document_insert_resource (doc, topo_document_get_n_resources (doc), rg);
      for (guint k = 0; k < lanes->len; k++)
        seen = seen || g_str_equal (g_ptr_array_index (lanes, k), g->location);
      if (!seen)
        g_ptr_array_add (lanes, g->location);
    }

  for (guint i = 0; i < im->items->len; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      TopoResource *res = item->res;
      Group *g = group_of_item (im, item);

      res->group = g_strdup (g->id);
      if (topo_kind_is_compute (res->kind))
        {
          Item *ws = (Item *) res->workspace;
          res->workspace = g_strdup (ws->res->id);
          /* A child of the workspace: it lives in the workspace's RG. */
          g_free (res->group);
          res->group = g_strdup (group_of_item (im, ws)->id);
        }
      if (res->kind == TOPO_KIND_WORKSPACE)
        for (guint k = 0; k < 4; k++)
          {
            char **slot = topo_resource_associated_slot (res, k);
            if (*slot != NULL)
              *slot = g_strdup (((Item *) *slot)->res->id);
          }
      if (g->environment != NULL && res->tags != NULL)
        {
          for (guint k = 0; k < res->tags->len; k++)
            {
              TopoTag *tag = &g_array_index (res->tags, TopoTag, k);
              if (g_str_equal (tag->key, "environment") && g_strcmp0 (tag->value, g->environment) == 0)
                {
                  g_array_remove_index (res->tags, k);
                  break;
                }
            }
          if (res->tags->len == 0)
            g_clear_pointer (&res->tags, g_array_unref);
        }
      if (res->name != NULL && g_str_equal (res->name, res->id))
        g_clear_pointer (&res->name, g_free);
    }
  /* Promotion and replication links kept by a Topograph export in its metadata. */
  if (meta_links != NULL && JSON_NODE_HOLDS_ARRAY (meta_links))
    {
      JsonArray *arr = json_node_get_array (meta_links);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *l = json_array_get_element (arr, i);
          const char *type, *from, *to;
          int link_type;
          TopoKind kind;
          Item *a, *b;
          g_autofree char *lpath = g_strdup_printf ("$.metadata.topograph.links[%u]", i);

          if (!JSON_NODE_HOLDS_OBJECT (l))
            continue;
          type = _topo_literal_string (json_node_get_object (l), "type");
          from = _topo_literal_string (json_node_get_object (l), "from");
          to = _topo_literal_string (json_node_get_object (l), "to");
          link_type = type != NULL ? topo_link_type_from_string (type) : -1;
          if ((link_type != TOPO_LINK_PROMOTION && link_type != TOPO_LINK_REPLICATION) || from == NULL || to == NULL)
            continue;
          kind = link_type == TOPO_LINK_PROMOTION ? TOPO_KIND_WORKSPACE : TOPO_KIND_STORAGE;
          a = find_endpoint (&ix, kind, from);
          b = find_endpoint (&ix, kind, to);
          if (a == NULL || b == NULL)
            {
              _topo_warn (im, lpath, _("link endpoint not found in the template; skipped"));
              continue;
            }
          add_pending (links, link_type, a, b, lpath);
        }
    }
  for (guint i = 0; i < links->all->len; i++)
    {
      PendingLink *l = g_ptr_array_index (links->all, i);
      l->from_id = g_strdup (l->from->res->id);
      l->to_id = g_strdup (l->to->res->id);
    }

  for (guint i = 0; i < im->items->len; i++)
    {
      Item *item = g_ptr_array_index (im->items, i);
      topo_document_insert_resource (doc, topo_document_get_n_resources (doc), g_steal_pointer (&item->res));
    }

  for (guint i = 0; i < links->all->len; i++)
    {
      PendingLink *l = g_ptr_array_index (links->all, i);
      TopoLink *link = topo_link_new (l->type, l->from_id, l->to_id);

      link->access = l->access;
      link->compute = g_strdup (l->compute);
      topo_document_insert_link (doc, topo_document_get_n_links (doc), link);
    }

  g_ptr_array_add (lanes, NULL);
  topo_document_set_lanes (doc, (const char *const *) lanes->pdata);
  _topo_document_set_recording (doc, TRUE);

  g_hash_table_unref (ix.by_key);
  g_hash_table_unref (ix.by_name);
  g_hash_table_unref (ix.ids);
  g_ptr_array_unref (links->all);
  g_hash_table_unref (links->index);
  return doc;
}

/* ---- the design carried in metadata.topograph.design ---- */

/* The export escapes every string of the design (member names included) that starts with '['
 * by doubling it. The design's text is written straight from the parsed template, without a
 * json-glib copy of it (a 50 000-resource design is about 14 MB of JSON): every string starting
 * with "[[" loses one '['. Objects come out as json-glib would hold them (the old way went
 * through it): members in order of first appearance, each with its last value, once by name as
 * written and once more by unescaped name. */

static const char *
unescaped (const char *s)
{
  return s[0] == '[' && s[1] == '[' ? s + 1 : s;
}

/* Keeps the first of each equal key (by name, or by unescaped name) in place with the value
 * of the last; returns how many are left. */
static guint
dedup_members (const TopoJsonValue **members,
               guint                 n,
               gboolean              unescape)
{
  g_autoptr(GHashTable) at = g_hash_table_new (g_str_hash, g_str_equal);
  guint kept = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *key = unescape ? unescaped (members[i]->key) : members[i]->key;
      gpointer pos;

      if (g_hash_table_lookup_extended (at, key, NULL, &pos))
        members[GPOINTER_TO_UINT (pos)] = members[i];
      else
        {
          g_hash_table_insert (at, (gpointer) key, GUINT_TO_POINTER (kept));
          members[kept++] = members[i];
        }
    }
  return kept;
}

static gboolean
has_duplicate_names (const TopoJsonValue *object)
{
  g_autoptr(GHashTable) seen = NULL;

  if (object->n <= 16)
    {
      for (guint i = 1; i < object->n; i++)
        for (guint j = 0; j < i; j++)
          if (strcmp (unescaped (object->u.items[i].key), unescaped (object->u.items[j].key)) == 0)
            return TRUE;
      return FALSE;
    }
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < object->n; i++)
    if (!g_hash_table_add (seen, (gpointer) unescaped (object->u.items[i].key)))
      return TRUE;
  return FALSE;
}

static void
indent_to (GString *out,
           guint    indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

/* As topo_json_write_node() writes the json-glib form (integers beyond 64 bits are doubles). */
static void
write_unescaped (GString             *out,
                 const TopoJsonValue *value,
                 guint                indent)
{
  switch (value->type)
    {
    case TOPO_JV_NULL:
      g_string_append (out, "null");
      break;
    case TOPO_JV_BOOL:
      g_string_append (out, value->u.b ? "true" : "false");
      break;
    case TOPO_JV_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->u.i);
      break;
    case TOPO_JV_DOUBLE:
      topo_json_write_double (out, value->u.d);
      break;
    case TOPO_JV_BIG_INT:
      topo_json_write_double (out, g_ascii_strtod (value->u.s, NULL));
      break;
    case TOPO_JV_STRING:
      topo_json_write_string (out, unescaped (value->u.s));
      break;
    case TOPO_JV_ARRAY:
      if (value->n == 0)
        {
          g_string_append (out, "[]");
          break;
        }
      g_string_append (out, "[\n");
      for (guint i = 0; i < value->n; i++)
        {
          indent_to (out, indent + 1);
          write_unescaped (out, &value->u.items[i], indent + 1);
          g_string_append (out, i + 1 < value->n ? ",\n" : "\n");
        }
      indent_to (out, indent);
      g_string_append_c (out, ']');
      break;
    case TOPO_JV_OBJECT:
    default:
      {
        g_autofree const TopoJsonValue **members = NULL;
        guint n = value->n;

        if (n == 0)
          {
            g_string_append (out, "{}");
            break;
          }
        members = g_new (const TopoJsonValue *, n);
        for (guint i = 0; i < n; i++)
          members[i] = &value->u.items[i];
        if (has_duplicate_names (value))
          n = dedup_members (members, dedup_members (members, n, FALSE), TRUE);
        g_string_append (out, "{\n");
        for (guint i = 0; i < n; i++)
          {
            indent_to (out, indent + 1);
            topo_json_write_string (out, unescaped (members[i]->key));
            g_string_append (out, ": ");
            write_unescaped (out, members[i], indent + 1);
            g_string_append (out, i + 1 < n ? ",\n" : "\n");
          }
        indent_to (out, indent);
        g_string_append_c (out, '}');
      }
      break;
    }
}

/* The member _topo_member() would find in the json-glib copy: the last of that name, else the
 * last of the first name equal but for case. */
static TopoJsonValue *
member_as_json_glib (TopoJsonValue *object,
                     const char    *name)
{
  TopoJsonValue *found;

  if (object == NULL || object->type != TOPO_JV_OBJECT)
    return NULL;
  found = topo_json_value_member (object, name);
  if (found != NULL)
    return found;
  for (guint i = 0; i < object->n; i++)
    if (g_ascii_strcasecmp (object->u.items[i].key, name) == 0)
      return topo_json_value_member (object, object->u.items[i].key);
  return NULL;
}

TopoJsonValue *
_topo_design_value (TopoJsonValue *root)
{
  TopoJsonValue *meta = member_as_json_glib (root, "metadata");
  TopoJsonValue *topograph = member_as_json_glib (meta, "topograph");
  TopoJsonValue *design = member_as_json_glib (topograph, "design");

  if (meta == NULL || meta->type != TOPO_JV_OBJECT || topograph == NULL ||
      topograph->type != TOPO_JV_OBJECT || design == NULL || design->type != TOPO_JV_OBJECT)
    return NULL;
  return design;
}

char *
_topo_design_text (const TopoJsonValue *design)
{
  GString *out = g_string_sized_new (4096);

  write_unescaped (out, design, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

TopoDocument *
_topo_design_from_metadata (Import *im)
{
  JsonNode *node = im->metadata != NULL ? _topo_member (im->metadata, "design") : NULL;
  g_autoptr(GError) error = NULL;
  TopoDocument *doc;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _topo_warn (im, "$.metadata.topograph.design", _("not an object; the template alone is imported"));
      return NULL;
    }
  /* Taken from the parsed template before its json-glib copy was made (that copy holds {}). */
  g_return_val_if_fail (im->design_text != NULL, NULL);
  doc = topo_format_load_data (im->design_text, strlen (im->design_text), "metadata.topograph.design", &error);
  if (doc == NULL)
    _topo_warn (im, "$.metadata.topograph.design", _("cannot be read (%s); the template alone is imported"),
                error->message);
  return doc;
}

static char *
resource_key (TopoDocument *doc,
              const TopoResource *r)
{
  const TopoResource *rg = topo_document_get_group_of (doc, r);
  g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%s", topo_kind_to_string (r->kind),
                                          rg != NULL ? topo_resource_get_name (rg) : "",
                                          topo_resource_get_name (r));

  return g_ascii_strdown (key, -1);
}

static const char *
effective (const char *value,
           const char *fallback)
{
  return value != NULL ? value : fallback;
}

static gint64
effective_count (gint64 value,
                 gint64 fallback)
{
  return value != TOPO_COUNT_UNSET ? value : fallback;
}

/* Copies into copy what the template states about its resource (t) where it differs from the
 * design's metadata; returns TRUE when something changed. Values compare as the export writes
 * them (its defaults applied). */
static gboolean
take_template_values (Import *im,
                      const char *path,
                      TopoResource *copy,
                      const TopoResource *t)
{
  gboolean changed = FALSE;
  const char *name = topo_resource_get_name (copy);

  /* An existing resource is only referenced: the template states nothing about it but that. */
  if (t->existing != copy->existing && _topo_format_key_applies ("existing", copy->kind))
    {
      if (t->existing)
        _topo_warn (im, path, _("the template only refers to '%s'; it is existing now (referenced, not deployed)"),
                    name);
      else
        _topo_warn (im, path, _("the template deploys '%s', which the design's metadata said exists already"), name);
      copy->existing = t->existing;
      changed = TRUE;
    }
  if (t->existing)
    return changed;

#define DIFFERS_STR(a, b) (g_ascii_strcasecmp ((a), (b)) != 0)
  switch (copy->kind)
    {
    case TOPO_KIND_RESOURCE_GROUP:
      if (t->region != NULL && g_strcmp0 (copy->region, t->region) != 0)
        {
          _topo_warn (im, path, _("the template puts '%s' in %s (the design's metadata said %s)"), name,
                      t->region, copy->region);
          g_free (copy->region);
          copy->region = g_strdup (t->region);
          changed = TRUE;
        }
      break;
    case TOPO_KIND_STORAGE:
      if (DIFFERS_STR (topo_resource_sku (copy), topo_resource_sku (t)))
        {
          _topo_warn (im, path, _("the template gives '%s' the SKU %s (the design's metadata said %s)"), name,
                      topo_resource_sku (t), topo_resource_sku (copy));
          g_free (copy->sku);
          copy->sku = g_strdup (topo_resource_sku (t));
          changed = TRUE;
        }
      if (topo_resource_hns (copy) != topo_resource_hns (t))
        {
          _topo_warn (im, path, _("the template changes the hierarchical namespace of '%s'"), name);
          copy->hns = topo_resource_hns (t) ? TOPO_TRI_TRUE : TOPO_TRI_FALSE;
          changed = TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case TOPO_KIND_WORKSPACE:
      if (topo_resource_public_network_access (copy) != topo_resource_public_network_access (t))
        {
          _topo_warn (im, path, _("the template changes the public network access of '%s'"), name);
          copy->public_network_access = topo_resource_public_network_access (t) ? TOPO_TRI_TRUE : TOPO_TRI_FALSE;
          changed = TRUE;
        }
      break;
    case TOPO_KIND_COMPUTE_CLUSTER:
      if (effective_count (copy->min_nodes, 0) != effective_count (t->min_nodes, 0) ||
          effective_count (copy->max_nodes, 4) != effective_count (t->max_nodes, 4))
        {
          _topo_warn (im, path, _("the template changes the node counts of '%s'"), name);
          copy->min_nodes = effective_count (t->min_nodes, 0);
          copy->max_nodes = effective_count (t->max_nodes, 4);
          changed = TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case TOPO_KIND_COMPUTE_INSTANCE:
    case TOPO_KIND_AKS:
      if (DIFFERS_STR (effective (copy->vm_size, "Standard_DS3_v2"), effective (t->vm_size, "Standard_DS3_v2")))
        {
          _topo_warn (im, path, _("the template gives '%s' the VM size %s"), name,
                      effective (t->vm_size, "Standard_DS3_v2"));
          g_free (copy->vm_size);
          copy->vm_size = g_strdup (effective (t->vm_size, "Standard_DS3_v2"));
          changed = TRUE;
        }
      if (copy->kind == TOPO_KIND_AKS && effective_count (copy->node_count, 3) != effective_count (t->node_count, 3))
        {
          _topo_warn (im, path, _("the template changes the node count of '%s'"), name);
          copy->node_count = effective_count (t->node_count, 3);
          changed = TRUE;
        }
      break;
    case TOPO_KIND_KEY_VAULT:
    case TOPO_KIND_APP_INSIGHTS:
    case TOPO_KIND_CONTAINER_REGISTRY:
    case TOPO_N_KINDS:
    default:
      break;
    }
#undef DIFFERS_STR
  return changed;
}

/* The design of the metadata, with what the template itself states winning: its values of the
 * resources' modelled properties, resources it no longer has removed, resources it adds added.
 * design is taken. */
TopoDocument *
_topo_reconcile (Import *im,
                 TopoDocument *from_template,
                 TopoDocument *design)
{
  g_autoptr(GHashTable) in_template = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) matched = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) derived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  JsonNode *derived_node = _topo_member (im->metadata, "derived");
  gboolean added = FALSE;

  for (guint i = 0; i < topo_document_get_n_resources (from_template); i++)
    {
      const TopoResource *t = topo_document_get_resource (from_template, i);
      g_hash_table_insert (in_template, resource_key (from_template, t), (gpointer) t);
    }
  if (derived_node != NULL && JSON_NODE_HOLDS_ARRAY (derived_node))
    {
      JsonArray *arr = json_node_get_array (derived_node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *e = json_array_get_element (arr, i);
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
          const char *group = _topo_literal_string (o, "group");
          const char *type = _topo_literal_string (o, "type");
          const char *name = _topo_literal_string (o, "name");
          g_autofree char *key = NULL;

          if (group == NULL || type == NULL || name == NULL)
            continue;
          key = g_strdup_printf ("%s\x1f%s\x1f%s", type, group[0] == '[' ? group + 1 : group,
                                 name[0] == '[' ? name + 1 : name);
          g_hash_table_add (derived, g_ascii_strdown (key, -1));
        }
    }

  _topo_document_set_recording (design, FALSE);
  for (guint i = 0; i < topo_document_get_n_resources (design); i++)
    {
      const TopoResource *r = topo_document_get_resource (design, i);
      g_autofree char *key = resource_key (design, r);
      const TopoResource *t = g_hash_table_lookup (in_template, key);
      g_autofree char *path = g_strdup_printf ("$.metadata.topograph.design.resources[%u]", i);

      if (t == NULL)
        {
          _topo_warn (im, path, _("'%s' is not in the template; removed"), topo_resource_get_name (r));
          g_ptr_array_add (gone, g_strdup (r->id));
          continue;
        }
      g_hash_table_add (matched, (gpointer) t);
      {
        TopoResource *copy = topo_resource_copy (r);

        if (take_template_values (im, path, copy, t))
          topo_document_replace_resource (design, copy);
        else
          topo_resource_free (copy);
      }
    }
  if (gone->len > 0)
    {
      g_ptr_array_add (gone, NULL);
      topo_edit_remove (design, (const char *const *) gone->pdata);
    }

  /* What the template adds: its RGs first, then the rest (into the RG of the same name). */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < topo_document_get_n_resources (from_template); i++)
      {
        const TopoResource *t = topo_document_get_resource (from_template, i);
        g_autofree char *key = NULL;
        TopoResource *copy;
        const TopoResource *t_rg;
        g_autofree char *id = NULL;

        if ((pass == 0) != (t->kind == TOPO_KIND_RESOURCE_GROUP) || g_hash_table_contains (matched, t))
          continue;
        key = resource_key (from_template, t);
        if (g_hash_table_contains (derived, key))
          continue;
        copy = topo_resource_copy (t);
        id = topo_document_make_unique_id (design, t->id, FALSE);
        g_free (copy->id);
        copy->id = g_steal_pointer (&id);
        copy->has_layout = FALSE;
        t_rg = topo_document_get_group_of (from_template, t);
        if (t->kind != TOPO_KIND_RESOURCE_GROUP)
          {
            const TopoResource *rg = NULL;

            for (guint k = 0; k < topo_document_get_n_resources (design) && rg == NULL; k++)
              {
                const TopoResource *d = topo_document_get_resource (design, k);
                if (d->kind == TOPO_KIND_RESOURCE_GROUP && t_rg != NULL &&
                    g_ascii_strcasecmp (topo_resource_get_name (d), topo_resource_get_name (t_rg)) == 0)
                  rg = d;
              }
            g_free (copy->group);
            copy->group = rg != NULL ? g_strdup (rg->id) : NULL;
            /* References to other resources are kept only where the design has them by name. */
            for (guint k = 0; k < 4; k++)
              g_clear_pointer (topo_resource_associated_slot (copy, k), g_free);
            if (topo_kind_is_compute (copy->kind))
              {
                const TopoResource *ws = t->workspace != NULL ? topo_document_lookup (from_template, t->workspace) : NULL;
                g_autofree char *ws_key = ws != NULL ? resource_key (from_template, ws) : NULL;

                g_free (copy->workspace);
                copy->workspace = NULL;
                for (guint k = 0; ws_key != NULL && k < topo_document_get_n_resources (design) &&
                                  copy->workspace == NULL; k++)
                  {
                    const TopoResource *d = topo_document_get_resource (design, k);
                    g_autofree char *d_key = resource_key (design, d);
                    if (g_str_equal (d_key, ws_key))
                      copy->workspace = g_strdup (d->id);
                  }
              }
            if (copy->group == NULL || (topo_kind_is_compute (copy->kind) && copy->workspace == NULL))
              {
                topo_resource_free (copy);
                continue;
              }
          }
        _topo_warn (im, "$.resources", _("'%s' is in the template but not in the design's metadata; added"),
                    topo_resource_get_name (copy));
        topo_document_insert_resource (design, topo_document_get_n_resources (design), copy);
        added = TRUE;
      }
  _topo_document_set_recording (design, TRUE);
  if (added)
    {
      topo_layout_auto (design);
      topo_edit_enforce_all (design);
    }
  return design;
}
