/* topo-arm-import.c: an ARM template as a design
 *
 * Two passes: the walk evaluates the fields the design models and collects resources, role
 * assignments and references by Azure name; the second pass resolves references (workspace of a
 * compute, storage of a datastore, cluster of an AKS attach, associated resources, role-assignment
 * scopes), gives every resource a valid unique id and builds the document. Fields the design does
 * not model are never evaluated, so unsupported expressions there cost nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-arm-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "topo-arm-export.h"
#include "topo-arm-import.h"
#include "topo-format.h"
#include "topo-layout.h"
#include "topo-regions.h"

#define MAX_NESTING 16
#define DEFAULT_REGION "westeurope"

void
topo_arm_warning_free (TopoArmWarning *warning)
{
  if (warning == NULL)
    return;
  g_free (warning->path);
  g_free (warning->message);
  g_free (warning);
}

char *
topo_arm_warning_format (const TopoArmWarning *warning,
                         const char *display_name)
{
  return g_strdup_printf ("%s: %s: %s", display_name, warning->path, warning->message);
}

typedef struct
{
  char   *name;
  char   *location;
  GArray *tags;         /* of TopoTag */
  char   *environment;
  char   *id;
  char   *path;         /* where the template first names it */
  gboolean used;
} Group;

typedef struct
{
  TopoResource *res;         /* id NULL until the second pass; group = RG name (lower-cased key) */
  char         *rg_key;      /* lower-cased RG name */
  char         *parent;      /* computes: workspace Azure name */
  char         *assoc[4];    /* workspaces: associated resource ids as written */
  char         *assoc_path[4];
  char         *path;
} Item;

typedef enum
{
  REF_DATASTORE,
  REF_INFERENCE,
} RefKind;

typedef struct
{
  RefKind   kind;
  char     *ws_rg;
  char     *ws_name;
  char     *target_rg;      /* NULL = same RG as the workspace, then anywhere */
  char     *target_name;
  char     *path;
} Ref;

typedef struct
{
  char     *rg;             /* RG of the deployment holding it (NULL at subscription scope) */
  char     *scope;
  char     *role;           /* role definition GUID */
  char     *principal;
  char     *path;
} RoleAssignment;

typedef struct
{
  const char  *display;
  GPtrArray   *warnings;
  GHashTable  *groups;      /* lower-cased name → Group */
  GPtrArray   *group_order;
  GPtrArray   *items;       /* Item */
  GPtrArray   *refs;        /* Ref */
  GPtrArray   *roles;       /* RoleAssignment */
  char        *default_rg;
  char        *default_location;
  JsonObject  *metadata;    /* metadata.topograph of the root template, may be NULL */
  JsonObject  *references;  /* see TopoArmScope.references */
} Import;

static void
warn (Import *im,
      const char *path,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
warn (Import *im,
      const char *path,
      const char *format,
      ...)
{
  TopoArmWarning *w;
  va_list args;

  if (im->warnings == NULL)
    return;
  w = g_new0 (TopoArmWarning, 1);
  w->path = g_strdup (path);
  va_start (args, format);
  w->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (im->warnings, w);
}

static void
group_free (Group *g)
{
  g_free (g->name);
  g_free (g->location);
  if (g->tags != NULL)
    g_array_unref (g->tags);
  g_free (g->environment);
  g_free (g->id);
  g_free (g->path);
  g_free (g);
}

static void
item_free (Item *item)
{
  if (item->res != NULL)
    topo_resource_free (item->res);
  g_free (item->rg_key);
  g_free (item->parent);
  for (guint i = 0; i < 4; i++)
    {
      g_free (item->assoc[i]);
      g_free (item->assoc_path[i]);
    }
  g_free (item->path);
  g_free (item);
}

static void
ref_free (Ref *ref)
{
  g_free (ref->ws_rg);
  g_free (ref->ws_name);
  g_free (ref->target_rg);
  g_free (ref->target_name);
  g_free (ref->path);
  g_free (ref);
}

static void
role_free (RoleAssignment *ra)
{
  g_free (ra->rg);
  g_free (ra->scope);
  g_free (ra->role);
  g_free (ra->principal);
  g_free (ra->path);
  g_free (ra);
}

static void
tag_clear (gpointer data)
{
  TopoTag *tag = data;

  g_free (tag->key);
  g_free (tag->value);
}

/* ---- JSON access ---- */

/* Member lookup as ARM does it: case-insensitive. */
static JsonNode *
member (JsonObject *obj,
        const char *name)
{
  JsonNode *node;
  g_autoptr(GList) members = NULL;

  if (obj == NULL)
    return NULL;
  node = json_object_get_member (obj, name);
  if (node != NULL)
    return node;
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, name) == 0)
      return json_object_get_member (obj, l->data);
  return NULL;
}

static JsonObject *
member_object (JsonObject *obj,
               const char *name)
{
  JsonNode *node = member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
literal_string (JsonObject *obj,
                const char *name)
{
  JsonNode *node = member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_reference (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         g_str_has_prefix (json_node_get_string (node), TOPO_ARM_REFERENCE_PREFIX);
}

/* Evaluates obj.name; NULL when absent (no warning) or unevaluable (warning at path.name). */
static JsonNode *
eval_member (Import *im,
             TopoArmScope *scope,
             JsonObject *obj,
             const char *name,
             const char *path)
{
  JsonNode *raw = member (obj, name);
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  if (raw == NULL)
    return NULL;
  value = topo_arm_eval_node (scope, raw, &error);
  if (value == NULL)
    {
      g_autofree char *where = g_strconcat (path, ".", name, NULL);
      warn (im, where, _("cannot evaluate '%s': %s"), name, error->message);
      return NULL;
    }
  if (is_reference (value))
    {
      g_autofree char *where = g_strconcat (path, ".", name, NULL);
      warn (im, where, _("'%s' is only known at deployment time (%s); left unset"), name,
            json_node_get_string (value));
      json_node_unref (value);
      return NULL;
    }
  return value;
}

static char *
eval_string (Import *im,
             TopoArmScope *scope,
             JsonObject *obj,
             const char *name,
             const char *path)
{
  g_autoptr(JsonNode) value = eval_member (im, scope, obj, name, path);

  if (value == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      if (!JSON_NODE_HOLDS_NULL (value))
        warn (im, path, _("'%s' is not a string; left unset"), name);
      return NULL;
    }
  return g_strdup (json_node_get_string (value));
}

static gboolean
eval_int (Import *im,
          TopoArmScope *scope,
          JsonObject *obj,
          const char *name,
          const char *path,
          gint64 *out)
{
  g_autoptr(JsonNode) value = eval_member (im, scope, obj, name, path);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    {
      *out = json_node_get_int (value);
      return *out >= 0;
    }
  if (json_node_get_value_type (value) == G_TYPE_STRING &&
      g_ascii_string_to_signed (json_node_get_string (value), 10, 0, G_MAXINT32, out, NULL))
    return TRUE;
  warn (im, path, _("'%s' is not a non-negative integer; left unset"), name);
  return FALSE;
}

static TopoTri
eval_bool (Import *im,
           TopoArmScope *scope,
           JsonObject *obj,
           const char *name,
           const char *path)
{
  g_autoptr(JsonNode) value = eval_member (im, scope, obj, name, path);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return TOPO_TRI_UNSET;
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (value) ? TOPO_TRI_TRUE : TOPO_TRI_FALSE;
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (value);
      if (g_ascii_strcasecmp (s, "true") == 0)
        return TOPO_TRI_TRUE;
      if (g_ascii_strcasecmp (s, "false") == 0)
        return TOPO_TRI_FALSE;
    }
  warn (im, path, _("'%s' is not a boolean; left unset"), name);
  return TOPO_TRI_UNSET;
}

static TopoTri
eval_network_access (Import *im,
                     TopoArmScope *scope,
                     JsonObject *props,
                     const char *path)
{
  g_autofree char *value = eval_string (im, scope, props, "publicNetworkAccess", path);

  if (value == NULL)
    return TOPO_TRI_UNSET;
  if (g_ascii_strcasecmp (value, "Enabled") == 0)
    return TOPO_TRI_TRUE;
  if (g_ascii_strcasecmp (value, "Disabled") == 0)
    return TOPO_TRI_FALSE;
  return TOPO_TRI_UNSET;
}

static char *
path_member (const char *path,
             const char *name)
{
  return g_strconcat (path, ".", name, NULL);
}

static char *
path_index (const char *path,
            const char *name,
            guint index)
{
  return g_strdup_printf ("%s.%s[%u]", path, name, index);
}

/* ---- regions and groups ---- */

static char *
normalise_region (const char *location)
{
  GString *s = g_string_new (NULL);

  for (const char *p = location; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static Group *
ensure_group (Import *im,
              const char *name,
              const char *location,
              const char *path)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  Group *g = g_hash_table_lookup (im->groups, key);

  if (g == NULL)
    {
      g = g_new0 (Group, 1);
      g->name = g_strdup (name);
      g->location = location != NULL ? normalise_region (location) : NULL;
      g->path = g_strdup (path);
      g_hash_table_insert (im->groups, g_strdup (key), g);
      g_ptr_array_add (im->group_order, g);
    }
  else if (g->location == NULL && location != NULL)
    g->location = normalise_region (location);
  return g;
}

/* ---- tags ---- */

static GArray *
eval_tags (Import *im,
           TopoArmScope *scope,
           JsonObject *res,
           const char *path)
{
  g_autoptr(JsonNode) value = eval_member (im, scope, res, "tags", path);
  GArray *tags;
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
    return NULL;
  obj = json_node_get_object (value);
  if (json_object_get_size (obj) == 0)
    return NULL;
  tags = g_array_new (FALSE, TRUE, sizeof (TopoTag));
  g_array_set_clear_func (tags, tag_clear);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *v = json_object_get_member (obj, l->data);
      TopoTag tag;

      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
        continue;
      tag.key = g_strdup (l->data);
      tag.value = g_strdup (json_node_get_string (v));
      g_array_append_val (tags, tag);
    }
  if (tags->len == 0)
    g_clear_pointer (&tags, g_array_unref);
  return tags;
}

/* Removes the environment tag, returning its value. */
static char *
take_environment (GArray *tags)
{
  if (tags == NULL)
    return NULL;
  for (guint i = 0; i < tags->len; i++)
    {
      TopoTag *tag = &g_array_index (tags, TopoTag, i);
      if (g_str_equal (tag->key, "environment"))
        {
          char *value = g_strdup (tag->value);
          g_array_remove_index (tags, i);
          return value;
        }
    }
  return NULL;
}

/* ---- resource ids ---- */

typedef struct
{
  char  *rg;            /* NULL when the id has no resourceGroups segment */
  char  *type;          /* "Microsoft.Storage/storageAccounts" */
  char **names;         /* one per type level */
} ParsedId;

static void
parsed_id_clear (ParsedId *id)
{
  g_free (id->rg);
  g_free (id->type);
  g_strfreev (id->names);
}

/* Accepts full ids ("/subscriptions/…/providers/NS/t/n[/t2/n2]") and RG-relative ones
 * ("NS/t/n" or "NS/t/n/t2/n2", as a role assignment's scope is written). */
static gboolean
parse_resource_id (const char *text,
                   ParsedId *out)
{
  g_auto(GStrv) parts = NULL;
  guint n, i = 0;
  g_autoptr(GString) type = NULL;
  g_autoptr(GPtrArray) names = NULL;

  memset (out, 0, sizeof *out);
  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text[0] == '/' ? text + 1 : text, "/", -1);
  n = g_strv_length (parts);
  if (n >= 2 && g_ascii_strcasecmp (parts[0], "subscriptions") == 0)
    {
      i = 2;
      if (i + 1 < n && g_ascii_strcasecmp (parts[i], "resourceGroups") == 0)
        {
          out->rg = g_strdup (parts[i + 1]);
          i += 2;
        }
      if (i < n && g_ascii_strcasecmp (parts[i], "providers") == 0)
        i++;
      else
        {
          g_clear_pointer (&out->rg, g_free);
          return FALSE;
        }
    }
  /* NS / type / name (/ type / name)* */
  if (n < i + 3 || strchr (parts[i], '.') == NULL || (n - i - 1) % 2 != 0)
    {
      g_clear_pointer (&out->rg, g_free);
      return FALSE;
    }
  type = g_string_new (parts[i]);
  names = g_ptr_array_new ();
  for (guint k = i + 1; k + 1 < n; k += 2)
    {
      g_string_append_printf (type, "/%s", parts[k]);
      g_ptr_array_add (names, g_strdup (parts[k + 1]));
    }
  g_ptr_array_add (names, NULL);
  out->type = g_string_free (g_steal_pointer (&type), FALSE);
  out->names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return TRUE;
}

static int
kind_of_type (const char *type)
{
  static const struct { const char *type; TopoKind kind; } table[] = {
    { "Microsoft.Resources/resourceGroups", TOPO_KIND_RESOURCE_GROUP },
    { "Microsoft.MachineLearningServices/workspaces", TOPO_KIND_WORKSPACE },
    { "Microsoft.Storage/storageAccounts", TOPO_KIND_STORAGE },
    { "Microsoft.KeyVault/vaults", TOPO_KIND_KEY_VAULT },
    { "Microsoft.Insights/components", TOPO_KIND_APP_INSIGHTS },
    { "Microsoft.ContainerRegistry/registries", TOPO_KIND_CONTAINER_REGISTRY },
    { "Microsoft.ContainerService/managedClusters", TOPO_KIND_AKS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (type, table[i].type) == 0)
      return table[i].kind;
  return -1;
}

/* ---- the walk ---- */

static void walk_resources (Import *im, TopoArmScope *scope, JsonNode *resources, const char *path,
                            const char *rg, const char *parent_type, const char *parent_name,
                            guint nesting);

static Item *
add_item (Import *im,
          TopoKind kind,
          const char *name,
          const char *rg,
          const char *path)
{
  Item *item = g_new0 (Item, 1);

  item->res = topo_resource_new (kind, NULL);
  item->res->name = g_strdup (name);
  item->rg_key = g_ascii_strdown (rg, -1);
  item->path = g_strdup (path);
  g_ptr_array_add (im->items, item);
  return item;
}

static void
add_ref (Import *im,
         RefKind kind,
         const char *rg,
         const char *ws_name,
         const char *target_rg,
         const char *target_name,
         const char *path)
{
  Ref *ref = g_new0 (Ref, 1);

  ref->kind = kind;
  ref->ws_rg = g_ascii_strdown (rg, -1);
  ref->ws_name = g_strdup (ws_name);
  ref->target_rg = target_rg != NULL ? g_ascii_strdown (target_rg, -1) : NULL;
  ref->target_name = g_strdup (target_name);
  ref->path = g_strdup (path);
  g_ptr_array_add (im->refs, ref);
}

/* Team principal parameters of a Topograph export have no default on purpose: not worth a warning. */
static gboolean
is_team_parameter (Import *im,
                   const char *name)
{
  JsonNode *teams = im->metadata != NULL ? member (im->metadata, "teams") : NULL;
  JsonArray *arr;

  if (teams == NULL || !JSON_NODE_HOLDS_ARRAY (teams))
    return FALSE;
  arr = json_node_get_array (teams);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *t = json_array_get_element (arr, i);
      if (JSON_NODE_HOLDS_OBJECT (t) && g_strcmp0 (literal_string (json_node_get_object (t), "parameter"), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
import_deployment (Import *im,
                   TopoArmScope *scope,
                   JsonObject *res,
                   const char *path,
                   const char *rg,
                   guint nesting)
{
  JsonObject *props = member_object (res, "properties");
  JsonObject *template;
  JsonObject *options;
  g_autofree char *target_rg = NULL;
  g_autofree char *props_path = path_member (path, "properties");
  g_autofree char *template_path = NULL;
  const char *eval_scope;
  TopoArmScope inner;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  JsonNode *resources;
  Group *group;

  if (props == NULL)
    {
      warn (im, path, _("deployment without properties; skipped"));
      return;
    }
  if (member (props, "templateLink") != NULL)
    {
      warn (im, path, _("linked templates (templateLink) are not supported; deployment skipped"));
      return;
    }
  template = member_object (props, "template");
  if (template == NULL)
    {
      warn (im, path, _("deployment without an inline template; skipped"));
      return;
    }
  if (nesting >= MAX_NESTING)
    {
      warn (im, path, _("deployments nested too deeply; skipped"));
      return;
    }

  if (member (res, "resourceGroup") != NULL)
    {
      target_rg = eval_string (im, scope, res, "resourceGroup", path);
      if (target_rg == NULL)
        {
          warn (im, path, _("the deployment's resource group cannot be evaluated; skipped"));
          return;
        }
    }
  else
    target_rg = g_strdup (rg);

  inner = *scope;
  inner.depth = 0;
  inner.missing = missing;
  if (target_rg != NULL)
    {
      group = ensure_group (im, target_rg, NULL, path);
      inner.rg_name = group->name;
      inner.rg_location = group->location != NULL ? group->location : scope->rg_location;
      if (inner.rg_location == NULL)
        inner.rg_location = im->default_location;
    }

  options = member_object (props, "expressionEvaluationOptions");
  eval_scope = literal_string (options, "scope");
  if (eval_scope != NULL && g_ascii_strcasecmp (eval_scope, "inner") == 0)
    {
      JsonObject *passed = member_object (props, "parameters");
      JsonNode *decls = member (template, "parameters");
      JsonNode *vars = member (template, "variables");

      values = json_object_new ();
      if (passed != NULL)
        {
          g_autoptr(GList) names = json_object_get_members (passed);
          for (GList *l = names; l != NULL; l = l->next)
            {
              JsonNode *entry = json_object_get_member (passed, l->data);
              g_autofree char *entry_path = g_strdup_printf ("%s.parameters.%s", props_path, (char *) l->data);
              JsonNode *value;
              g_autoptr(GError) error = NULL;

              if (!JSON_NODE_HOLDS_OBJECT (entry) || member (json_node_get_object (entry), "value") == NULL)
                {
                  warn (im, entry_path, _("only parameters passed by value are supported"));
                  continue;
                }
              value = topo_arm_eval_node (scope, member (json_node_get_object (entry), "value"), &error);
              if (value == NULL)
                {
                  warn (im, entry_path, _("cannot evaluate: %s"), error->message);
                  continue;
                }
              json_object_set_member (values, l->data, value);
            }
        }
      inner.parameters = decls != NULL && JSON_NODE_HOLDS_OBJECT (decls) ? json_node_get_object (decls) : NULL;
      inner.values = values;
      inner.variables = vars != NULL && JSON_NODE_HOLDS_OBJECT (vars) ? json_node_get_object (vars) : NULL;
    }
  {
    g_autofree char *name = eval_string (im, scope, res, "name", path);
    JsonObject *outputs = member_object (template, "outputs");

    inner.deployment = name;
    template_path = path_member (props_path, "template");
    resources = member (template, "resources");
    walk_resources (im, &inner, resources, template_path, target_rg, NULL, NULL, nesting + 1);

    /* Outputs, so that reference(<this deployment>).outputs.x.value evaluates later. */
    if (name != NULL && outputs != NULL)
      {
        JsonObject *ref = json_object_new ();
        JsonObject *out = json_object_new ();
        g_autoptr(GList) names = json_object_get_members (outputs);
        g_autofree char *id = NULL;
        g_autofree char *lower_id = NULL;
        g_autofree char *lower_name = g_ascii_strdown (name, -1);

        for (GList *l = names; l != NULL; l = l->next)
          {
            JsonNode *decl = json_object_get_member (outputs, l->data);
            JsonNode *value;
            JsonObject *entry;

            if (!JSON_NODE_HOLDS_OBJECT (decl) || member (json_node_get_object (decl), "value") == NULL)
              continue;
            value = topo_arm_eval_node (&inner, member (json_node_get_object (decl), "value"), NULL);
            if (value == NULL)
              continue;
            entry = json_object_new ();
            json_object_set_member (entry, "value", value);
            json_object_set_object_member (out, l->data, entry);
          }
        json_object_set_object_member (ref, "outputs", out);
        id = g_strdup_printf ("/subscriptions/%s%s%s/providers/Microsoft.Resources/deployments/%s",
                              TOPO_ARM_PLACEHOLDER_SUBSCRIPTION, target_rg != NULL ? "/resourceGroups/" : "",
                              target_rg != NULL ? target_rg : "", name);
        lower_id = g_ascii_strdown (id, -1);
        json_object_set_object_member (im->references, lower_id, json_object_ref (ref));
        json_object_set_object_member (im->references, lower_name, ref);
      }
  }
  for (guint i = 0; i < missing->len; i++)
    {
      g_autofree char *ppath = g_strdup_printf ("%s.parameters.%s", template_path, (char *) g_ptr_array_index (missing, i));
      if (is_team_parameter (im, g_ptr_array_index (missing, i)))
        continue;
      warn (im, ppath, _("no value and no defaultValue; the parameter's name is used as its value"));
    }
}

static void
import_compute (Import *im,
                TopoArmScope *scope,
                JsonObject *res,
                JsonObject *props,
                const char *path,
                const char *rg,
                const char *ws_name,
                const char *name)
{
  g_autofree char *props_path = path_member (path, "properties");
  g_autofree char *inner_path = path_member (props_path, "properties");
  g_autofree char *compute_type = eval_string (im, scope, props, "computeType", props_path);
  JsonObject *inner = member_object (props, "properties");
  Item *item;
  gint64 v;

  if (compute_type == NULL)
    {
      warn (im, path, _("compute without a computeType; skipped"));
      return;
    }
  if (g_ascii_strcasecmp (compute_type, "AmlCompute") == 0 ||
      g_ascii_strcasecmp (compute_type, "ComputeInstance") == 0)
    {
      gboolean cluster = g_ascii_strcasecmp (compute_type, "AmlCompute") == 0;
      JsonObject *scale = member_object (inner, "scaleSettings");
      g_autofree char *scale_path = path_member (inner_path, "scaleSettings");

      item = add_item (im, cluster ? TOPO_KIND_COMPUTE_CLUSTER : TOPO_KIND_COMPUTE_INSTANCE, name, rg, path);
      item->parent = g_strdup (ws_name);
      item->res->vm_size = eval_string (im, scope, inner, "vmSize", inner_path);
      item->res->tags = eval_tags (im, scope, res, path);
      if (cluster && scale != NULL)
        {
          if (eval_int (im, scope, scale, "minNodeCount", scale_path, &v))
            item->res->min_nodes = v;
          if (eval_int (im, scope, scale, "maxNodeCount", scale_path, &v))
            item->res->max_nodes = v;
        }
      return;
    }
  if (g_ascii_strcasecmp (compute_type, "AKS") == 0)
    {
      g_autofree char *cluster_id = NULL;

      if (member (props, "resourceId") != NULL)
        cluster_id = eval_string (im, scope, props, "resourceId", props_path);
      if (cluster_id != NULL)
        {
          ParsedId id;

          if (!parse_resource_id (cluster_id, &id) || kind_of_type (id.type) != TOPO_KIND_AKS)
            {
              warn (im, props_path, _("resourceId '%s' is not an AKS cluster; compute skipped"), cluster_id);
              parsed_id_clear (&id);
              return;
            }
          add_ref (im, REF_INFERENCE, rg, ws_name, id.rg, id.names[0], path);
          parsed_id_clear (&id);
          return;
        }
      /* No resourceId: the workspace creates the cluster itself. */
      item = add_item (im, TOPO_KIND_AKS, name, rg, path);
      item->res->vm_size = eval_string (im, scope, inner, "agentVmSize", inner_path);
      item->res->tags = eval_tags (im, scope, res, path);
      if (inner != NULL && eval_int (im, scope, inner, "agentCount", inner_path, &v))
        item->res->node_count = v;
      add_ref (im, REF_INFERENCE, rg, ws_name, rg, name, path);
      return;
    }
  warn (im, path, _("compute type '%s' is not part of the design model; skipped"), compute_type);
}

static void
import_datastore (Import *im,
                  TopoArmScope *scope,
                  JsonObject *props,
                  const char *path,
                  const char *rg,
                  const char *ws_name)
{
  g_autofree char *props_path = path_member (path, "properties");
  g_autofree char *type = NULL;
  g_autofree char *account = NULL;
  g_autofree char *account_rg = NULL;

  if (member (props, "datastoreType") != NULL)
    type = eval_string (im, scope, props, "datastoreType", props_path);
  if (type == NULL || !(g_ascii_strcasecmp (type, "AzureBlob") == 0 || g_ascii_strcasecmp (type, "blob") == 0 ||
                        g_ascii_strcasecmp (type, "AzureDataLakeGen2") == 0 ||
                        g_ascii_strcasecmp (type, "adls-gen2") == 0))
    {
      warn (im, path, _("datastore type '%s' is not a blob or Data Lake datastore; skipped"),
            type != NULL ? type : "?");
      return;
    }
  account = eval_string (im, scope, props, "accountName", props_path);
  if (account == NULL || *account == '\0')
    {
      warn (im, path, _("datastore without an evaluable accountName; skipped"));
      return;
    }
  if (member (props, "resourceGroup") != NULL)
    account_rg = eval_string (im, scope, props, "resourceGroup", props_path);
  else if (member (props, "storageAccountResourceGroup") != NULL)
    account_rg = eval_string (im, scope, props, "storageAccountResourceGroup", props_path);
  add_ref (im, REF_DATASTORE, rg, ws_name, account_rg, account, path);
}

static void
import_resource (Import *im,
                 TopoArmScope *scope,
                 JsonObject *res,
                 const char *path,
                 const char *rg,
                 const char *parent_type,
                 const char *parent_name,
                 guint nesting)
{
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;
  g_autofree char *full_type = NULL;
  g_autofree char *full_name = NULL;
  g_auto(GStrv) segments = NULL;
  JsonObject *props = member_object (res, "properties");
  g_autofree char *props_path = path_member (path, "properties");
  int kind;
  Item *item;

  if (member (res, "copy") != NULL)
    {
      warn (im, path, _("copy loops are not supported; resource skipped"));
      return;
    }
  if (member (res, "condition") != NULL)
    {
      warn (im, path, _("conditional resources are not supported; resource skipped"));
      return;
    }
  type = eval_string (im, scope, res, "type", path);
  if (type == NULL)
    {
      warn (im, path, _("resource without a type; skipped"));
      return;
    }
  name = eval_string (im, scope, res, "name", path);
  if (name == NULL || *name == '\0')
    {
      warn (im, path, _("resource name cannot be evaluated; resource skipped"));
      return;
    }
  if (parent_type != NULL && strchr (type, '/') == NULL)
    {
      full_type = g_strconcat (parent_type, "/", type, NULL);
      full_name = g_strconcat (parent_name, "/", name, NULL);
    }
  else
    {
      full_type = g_strdup (type);
      full_name = g_strdup (name);
    }
  segments = g_strsplit (full_name, "/", -1);

  if (g_ascii_strcasecmp (full_type, "Microsoft.Resources/deployments") == 0)
    {
      import_deployment (im, scope, res, path, rg, nesting);
      return;
    }
  if (g_ascii_strcasecmp (full_type, "Microsoft.Resources/resourceGroups") == 0)
    {
      g_autofree char *location = eval_string (im, scope, res, "location", path);
      Group *g = ensure_group (im, name, location, path);
      GArray *tags = eval_tags (im, scope, res, path);

      if (g->tags == NULL && tags != NULL)
        {
          g->environment = take_environment (tags);
          g->tags = tags;
          if (g->tags->len == 0)
            g_clear_pointer (&g->tags, g_array_unref);
        }
      else if (tags != NULL)
        g_array_unref (tags);
      return;
    }
  if (g_ascii_strcasecmp (full_type, "Microsoft.Authorization/roleAssignments") == 0)
    {
      RoleAssignment *ra;
      g_autofree char *role_def = NULL;

      if (props == NULL)
        {
          warn (im, path, _("role assignment without properties; skipped"));
          return;
        }
      role_def = eval_string (im, scope, props, "roleDefinitionId", props_path);
      if (role_def == NULL)
        return;
      ra = g_new0 (RoleAssignment, 1);
      ra->rg = g_strdup (rg);
      if (member (res, "scope") != NULL)
        ra->scope = eval_string (im, scope, res, "scope", path);
      ra->role = g_strdup (strrchr (role_def, '/') != NULL ? strrchr (role_def, '/') + 1 : role_def);
      {
        /* The principal may be a runtime reference (a workspace identity): keep the marker. */
        JsonNode *raw = member (props, "principalId");
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) value = raw != NULL ? topo_arm_eval_node (scope, raw, &error) : NULL;

        if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          ra->principal = g_strdup (json_node_get_string (value));
        else if (error != NULL)
          warn (im, props_path, _("cannot evaluate 'principalId': %s"), error->message);
      }
      ra->path = g_strdup (path);
      g_ptr_array_add (im->roles, ra);
      return;
    }

  /* Everything below lives in a resource group. */
  if (rg == NULL)
    {
      warn (im, path, _("resource type %s at subscription scope is not part of the design model; skipped"),
            full_type);
      return;
    }

  if (g_ascii_strcasecmp (full_type, "Microsoft.MachineLearningServices/workspaces/computes") == 0 ||
      g_ascii_strcasecmp (full_type, "Microsoft.MachineLearningServices/workspaces/datastores") == 0)
    {
      gboolean compute = g_str_has_suffix (full_type, "computes") || g_str_has_suffix (full_type, "COMPUTES");

      if (g_strv_length (segments) != 2 || *segments[0] == '\0' || *segments[1] == '\0')
        {
          warn (im, path, _("name '%s' must be 'workspace/child'; resource skipped"), full_name);
          return;
        }
      if (props == NULL)
        {
          warn (im, path, _("resource without properties; skipped"));
          return;
        }
      if (g_ascii_strcasecmp (full_type + strlen ("Microsoft.MachineLearningServices/workspaces/"), "computes") == 0)
        compute = TRUE;
      if (compute)
        import_compute (im, scope, res, props, path, rg, segments[0], segments[1]);
      else
        import_datastore (im, scope, props, path, rg, segments[0]);
      return;
    }

  kind = kind_of_type (full_type);
  if (kind < 0 || kind == TOPO_KIND_RESOURCE_GROUP)
    {
      warn (im, path, _("resource type %s is not part of the design model; skipped"), full_type);
      goto children;
    }
  if (g_strv_length (segments) != 1)
    {
      warn (im, path, _("name '%s' has more segments than the type %s; skipped"), full_name, full_type);
      return;
    }

  item = add_item (im, kind, name, rg, path);
  item->res->tags = eval_tags (im, scope, res, path);
  switch (kind)
    {
    case TOPO_KIND_WORKSPACE:
      {
        static const char *const keys[4] = { "storageAccount", "keyVault", "applicationInsights",
                                             "containerRegistry" };
        for (guint k = 0; k < 4; k++)
          if (member (props, keys[k]) != NULL)
            {
              item->assoc[k] = eval_string (im, scope, props, keys[k], props_path);
              item->assoc_path[k] = path_member (props_path, keys[k]);
            }
        item->res->public_network_access = eval_network_access (im, scope, props, props_path);
      }
      break;
    case TOPO_KIND_STORAGE:
      {
        JsonObject *sku = member_object (res, "sku");
        g_autofree char *sku_path = path_member (path, "sku");

        if (sku != NULL)
          item->res->sku = eval_string (im, scope, sku, "name", sku_path);
        if (props != NULL)
          {
            item->res->hns = eval_bool (im, scope, props, "isHnsEnabled", props_path);
            item->res->public_network_access = eval_network_access (im, scope, props, props_path);
          }
      }
      break;
    case TOPO_KIND_AKS:
      {
        JsonNode *pools = member (props, "agentPoolProfiles");
        g_autofree char *pools_path = path_member (props_path, "agentPoolProfiles");

        if (pools != NULL && JSON_NODE_HOLDS_ARRAY (pools) &&
            json_array_get_length (json_node_get_array (pools)) > 0)
          {
            JsonArray *arr = json_node_get_array (pools);
            guint pick = 0;
            JsonNode *pool;

            /* The system pool when one is marked, else the first. */
            for (guint i = 0; i < json_array_get_length (arr); i++)
              {
                JsonNode *p = json_array_get_element (arr, i);
                const char *mode = JSON_NODE_HOLDS_OBJECT (p) ? literal_string (json_node_get_object (p), "mode") : NULL;
                if (mode != NULL && g_ascii_strcasecmp (mode, "System") == 0)
                  {
                    pick = i;
                    break;
                  }
              }
            pool = json_array_get_element (arr, pick);
            if (JSON_NODE_HOLDS_OBJECT (pool))
              {
                g_autofree char *pool_path = g_strdup_printf ("%s[%u]", pools_path, pick);
                gint64 v;

                item->res->vm_size = eval_string (im, scope, json_node_get_object (pool), "vmSize", pool_path);
                if (eval_int (im, scope, json_node_get_object (pool), "count", pool_path, &v))
                  item->res->node_count = v;
              }
          }
      }
      break;
    default:
      break;
    }

children:
  {
    JsonNode *children = member (res, "resources");
    if (children != NULL)
      walk_resources (im, scope, children, path, rg, full_type, full_name, nesting);
  }
}

static void
walk_resources (Import *im,
                TopoArmScope *scope,
                JsonNode *resources,
                const char *path,
                const char *rg,
                const char *parent_type,
                const char *parent_name,
                guint nesting)
{
  if (resources == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (resources))
    {
      JsonArray *arr = json_node_get_array (resources);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *res = json_array_get_element (arr, i);
          g_autofree char *rpath = path_index (path, "resources", i);

          if (!JSON_NODE_HOLDS_OBJECT (res))
            {
              warn (im, rpath, _("a resource must be an object; skipped"));
              continue;
            }
          import_resource (im, scope, json_node_get_object (res), rpath, rg, parent_type, parent_name, nesting);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (resources))
    {
      /* languageVersion 2.0 templates name their resources. */
      JsonObject *obj = json_node_get_object (resources);
      g_autoptr(GList) names = json_object_get_members (obj);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *res = json_object_get_member (obj, l->data);
          g_autofree char *rpath = g_strdup_printf ("%s.resources.%s", path, (char *) l->data);

          if (!JSON_NODE_HOLDS_OBJECT (res))
            {
              warn (im, rpath, _("a resource must be an object; skipped"));
              continue;
            }
          import_resource (im, scope, json_node_get_object (res), rpath, rg, parent_type, parent_name, nesting);
        }
    }
  else
    {
      g_autofree char *rpath = path_member (path, "resources");
      warn (im, rpath, _("'resources' is neither an array nor an object; skipped"));
    }
}

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

  ensure_group (im, rg, NULL, path);
  item = add_item (im, kind, name, rg, path);
  index_item (ix, item);
  warn (im, path, _("%s '%s' is referenced but not defined in the template; added as a placeholder"),
        topo_kind_to_string (kind), name);
  return item;
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
      if (!parse_resource_id (ws->assoc[k], &id) || kind_of_type (id.type) != (int) topo_associated_kinds[k])
        {
          warn (im, ws->assoc_path[k], _("'%s' is not a %s id; left unset"), ws->assoc[k],
                topo_kind_to_string (topo_associated_kinds[k]));
          parsed_id_clear (&id);
          continue;
        }
      target = find_item (ix, topo_associated_kinds[k], id.rg != NULL ? id.rg : ws->rg_key, id.names[0]);
      if (target == NULL)
        target = placeholder (im, ix, topo_associated_kinds[k], id.rg != NULL ? id.rg : ws->rg_key,
                              id.names[0], ws->assoc_path[k]);
      /* Ids are assigned later: the slot holds the target item until build() patches it. */
      g_free (*topo_resource_associated_slot (ws->res, k));
      *topo_resource_associated_slot (ws->res, k) = (char *) target;
      parsed_id_clear (&id);
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
} PendingLink;

static void
pending_link_free (PendingLink *l)
{
  g_free (l->from_id);
  g_free (l->to_id);
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
  if (g_str_has_suffix (principal, "PrincipalId") && strlen (principal) > strlen ("PrincipalId"))
    return g_strndup (principal, strlen (principal) - strlen ("PrincipalId"));
  return g_strconcat ("team-", principal, NULL);
}

static Item *
resolve_scope (Index *ix,
               RoleAssignment *ra,
               int *kind_out)
{
  ParsedId id;
  int kind;
  Item *item = NULL;

  *kind_out = -1;
  if (ra->scope == NULL || !parse_resource_id (ra->scope, &id))
    return NULL;
  kind = kind_of_type (id.type);
  if (kind >= 0 && g_strv_length (id.names) == 1)
    {
      item = find_item (ix, kind, id.rg != NULL ? id.rg : ra->rg, id.names[0]);
      *kind_out = kind;
    }
  parsed_id_clear (&id);
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

static TopoDocument *
build (Import *im)
{
  TopoDocument *doc = topo_document_new ();
  Index ix;
  Links links_store = { g_ptr_array_new_with_free_func ((GDestroyNotify) pending_link_free),
                        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  Links *links = &links_store;
  g_autoptr(GHashTable) param_to_team = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) team_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lanes = g_ptr_array_new ();
  JsonNode *meta_teams = im->metadata != NULL ? member (im->metadata, "teams") : NULL;
  JsonNode *meta_links = im->metadata != NULL ? member (im->metadata, "links") : NULL;
  guint n_items;

  ix.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ix.by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ix.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < im->items->len; i++)
    index_item (&ix, g_ptr_array_index (im->items, i));

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
      item->res->workspace = (char *) ws;   /* patched in build */
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
        }
      add_pending (links, ref->kind == REF_DATASTORE ? TOPO_LINK_DATASTORE : TOPO_LINK_INFERENCE, ws, target,
                   ref->path);
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
          id = literal_string (obj, "id");
          if (id == NULL || !topo_id_is_valid (id) || topo_document_lookup_team (doc, id) != NULL)
            continue;
          team = topo_team_new (id);
          name = literal_string (obj, "name");
          if (name != NULL)
            team->name = g_strdup (name[0] == '[' && name[1] == '[' ? name + 1 : name);
          level = literal_string (obj, "data_access");
          if (level != NULL && topo_level_from_string (level) > 0)
            team->data_access = topo_level_from_string (level);
          external = member (obj, "external");
          if (external != NULL && JSON_NODE_HOLDS_VALUE (external) &&
              json_node_get_value_type (external) == G_TYPE_BOOLEAN)
            team->external = json_node_get_boolean (external) ? TOPO_TRI_TRUE : TOPO_TRI_FALSE;
          param = literal_string (obj, "parameter");
          if (param != NULL)
            g_hash_table_insert (param_to_team, (gpointer) param, (gpointer) id);
          topo_document_insert_team (doc, topo_document_get_n_teams (doc), team);
        }
    }

  for (guint i = 0; i < im->roles->len; i++)
    {
      RoleAssignment *ra = g_ptr_array_index (im->roles, i);
      int kind;
      Item *target = resolve_scope (&ix, ra, &kind);
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
          if (parse_resource_id (inner, &id))
            {
              if (kind_of_type (id.type) == TOPO_KIND_WORKSPACE && g_strv_length (id.names) == 1)
                ws = find_item (&ix, TOPO_KIND_WORKSPACE, id.rg != NULL ? id.rg : ra->rg, id.names[0]);
              parsed_id_clear (&id);
            }
          link = ws != NULL ? find_pending (links, TOPO_LINK_DATASTORE, ws, target) : NULL;
          if (link != NULL)
            {
              if (blob_writer || link->access == TOPO_ACCESS_UNSET)
                link->access = blob_writer ? TOPO_ACCESS_WRITE : TOPO_ACCESS_READ;
              continue;
            }
          warn (im, ra->path, _("storage role assignment without a matching datastore; skipped"));
          continue;
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
          continue;
        }
      warn (im, ra->path, _("role assignment is not one the design models (team role on a workspace or "
                            "workspace identity on a datastore's storage); skipped"));
    }

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
          warn (im, item->path, _("'%s' is not a valid %s name; renamed to '%s'"), item->res->name,
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
          warn (im, g->path != NULL ? g->path : "$", _("the location of resource group '%s' is unknown; using %s"),
                g->name, im->default_location);
          g->location = g_strdup (im->default_location);
        }
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
          type = literal_string (json_node_get_object (l), "type");
          from = literal_string (json_node_get_object (l), "from");
          to = literal_string (json_node_get_object (l), "to");
          link_type = type != NULL ? topo_link_type_from_string (type) : -1;
          if ((link_type != TOPO_LINK_PROMOTION && link_type != TOPO_LINK_REPLICATION) || from == NULL || to == NULL)
            continue;
          kind = link_type == TOPO_LINK_PROMOTION ? TOPO_KIND_WORKSPACE : TOPO_KIND_STORAGE;
          a = find_endpoint (&ix, kind, from);
          b = find_endpoint (&ix, kind, to);
          if (a == NULL || b == NULL)
            {
              warn (im, lpath, _("link endpoint not found in the template; skipped"));
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
      topo_document_insert_link (doc, topo_document_get_n_links (doc), link);
    }

  g_ptr_array_add (lanes, NULL);
  topo_document_set_lanes (doc, (const char *const *) lanes->pdata);

  g_hash_table_unref (ix.by_key);
  g_hash_table_unref (ix.by_name);
  g_hash_table_unref (ix.ids);
  g_ptr_array_unref (links->all);
  g_hash_table_unref (links->index);
  return doc;
}

/* The file's base name without extension, as a resource group name. */
static char *
group_name_from_display (const char *display_name)
{
  g_autofree char *base = g_path_get_basename (display_name != NULL ? display_name : "template");
  char *dot = strrchr (base, '.');
  g_autoptr(GString) s = g_string_new (NULL);

  if (dot != NULL && dot != base)
    *dot = '\0';
  for (const char *p = base; *p != '\0' && s->len < 80; p++)
    {
      char c = *p;
      if (!(g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')'))
        c = '-';
      g_string_append_c (s, c);
    }
  while (s->len > 0 && s->str[s->len - 1] == '.')
    g_string_truncate (s, s->len - 1);
  if (s->len == 0 || g_str_equal (s->str, "-") || g_str_equal (s->str, "<stdin>"))
    g_string_assign (s, "imported");
  if (!g_str_has_prefix (s->str, "rg"))
    g_string_prepend (s, "rg-");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
is_region_literal (JsonNode *node)
{
  const char *s;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  s = json_node_get_string (node);
  return *s != '\0' && s[0] != '[' && strlen (s) < 64;
}

static char *
find_default_location (JsonObject *root)
{
  JsonObject *params = member_object (root, "parameters");
  JsonObject *location = member_object (params, "location");
  JsonNode *resources = member (root, "resources");

  if (location != NULL && is_region_literal (member (location, "defaultValue")))
    return normalise_region (json_node_get_string (member (location, "defaultValue")));
  if (resources != NULL && JSON_NODE_HOLDS_ARRAY (resources))
    {
      JsonArray *arr = json_node_get_array (resources);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *res = json_array_get_element (arr, i);
          if (JSON_NODE_HOLDS_OBJECT (res) && is_region_literal (member (json_node_get_object (res), "location")))
            return normalise_region (json_node_get_string (member (json_node_get_object (res), "location")));
        }
    }
  return NULL;
}

/* json-glib's parser recurses once per nesting level: refuse hostile depths before parsing. */
#define MAX_JSON_DEPTH 512

static gboolean
nesting_ok (const char *data,
            gssize length)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gssize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

TopoDocument *
topo_arm_import_data (const char *data,
                      gssize length,
                      const char *display_name,
                      GPtrArray *warnings,
                      GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root_node;
  JsonObject *root;
  const char *schema;
  JsonNode *resources;
  gboolean subscription;
  Import im = { 0 };
  TopoArmScope scope = { 0 };
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  JsonObject *meta;
  TopoDocument *doc;
  const char *doc_name = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (display_name == NULL)
    display_name = "<stdin>";
  if (length < 0)
    length = (gssize) strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX, _("%s: $: not UTF-8 text"), display_name);
      return NULL;
    }
  if (!nesting_ok (data, length))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX, _("%s: $: not JSON: nested more than %d levels"),
                   display_name, MAX_JSON_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX, _("%s: $: not JSON: %s"), display_name,
                   local_error->message);
      return NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX, _("%s: $: not JSON: empty document"), display_name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID,
                   _("%s: $: not an ARM template (the top level is not an object)"), display_name);
      return NULL;
    }
  root = json_node_get_object (root_node);
  schema = literal_string (root, "$schema");
  if (schema == NULL)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID,
                   _("%s: $.$schema: not an ARM template (no \"$schema\" string)"), display_name);
      return NULL;
    }
  {
    g_autofree char *lower = g_ascii_strdown (schema, -1);
    if (strstr (lower, "deploymenttemplate.json") == NULL)
      {
        g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID,
                     _("%s: $.$schema: not an ARM deployment template schema: '%s'"), display_name, schema);
        return NULL;
      }
    subscription = strstr (lower, "subscriptiondeploymenttemplate") != NULL ||
                   strstr (lower, "managementgroupdeploymenttemplate") != NULL ||
                   strstr (lower, "tenantdeploymenttemplate") != NULL;
  }
  resources = member (root, "resources");
  if (resources == NULL || !(JSON_NODE_HOLDS_ARRAY (resources) || JSON_NODE_HOLDS_OBJECT (resources)))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID,
                   _("%s: $.resources: not an ARM template (no \"resources\" array)"), display_name);
      return NULL;
    }

  im.display = display_name;
  im.warnings = warnings;
  im.groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) group_free);
  im.group_order = g_ptr_array_new ();
  im.items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  im.refs = g_ptr_array_new_with_free_func ((GDestroyNotify) ref_free);
  im.roles = g_ptr_array_new_with_free_func ((GDestroyNotify) role_free);
  im.references = json_object_new ();
  meta = member_object (root, "metadata");
  im.metadata = member_object (meta, "topograph");

  im.default_location = find_default_location (root);
  if (im.default_location == NULL)
    {
      if (!subscription)
        warn (&im, "$", _("no literal location in the template; the resource group is placed in %s"),
              DEFAULT_REGION);
      im.default_location = g_strdup (DEFAULT_REGION);
    }

  scope.parameters = member_object (root, "parameters");
  scope.variables = member_object (root, "variables");
  scope.rg_location = im.default_location;
  scope.placeholder_parameters = TRUE;
  scope.references = im.references;
  scope.missing = missing;
  if (!subscription)
    {
      Group *g;

      im.default_rg = group_name_from_display (display_name);
      g = ensure_group (&im, im.default_rg, im.default_location, "$");
      scope.rg_name = g->name;
    }
  walk_resources (&im, &scope, resources, "$", subscription ? NULL : im.default_rg, NULL, NULL, 0);
  for (guint i = 0; i < missing->len; i++)
    {
      g_autofree char *ppath = g_strdup_printf ("$.parameters.%s", (char *) g_ptr_array_index (missing, i));
      if (is_team_parameter (&im, g_ptr_array_index (missing, i)))
        continue;
      warn (&im, ppath, _("no defaultValue; the parameter's name is used as its value"));
    }

  doc = build (&im);
  if (im.metadata != NULL)
    doc_name = literal_string (im.metadata, "name");
  if (doc_name != NULL)
    topo_document_set_name (doc, doc_name[0] == '[' && doc_name[1] == '[' ? doc_name + 1 : doc_name);
  else
    {
      g_autofree char *base = g_path_get_basename (display_name);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      topo_document_set_name (doc, base);
    }
  topo_layout_auto (doc);
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);

  g_hash_table_unref (im.groups);
  g_ptr_array_unref (im.group_order);
  g_ptr_array_unref (im.items);
  g_ptr_array_unref (im.refs);
  g_ptr_array_unref (im.roles);
  g_free (im.default_rg);
  json_object_unref (im.references);
  g_free (im.default_location);
  return doc;
}

TopoDocument *
topo_arm_import_path (const char *path,
                      GPtrArray *warnings,
                      GError **error)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_IO, _("%s: cannot read: %s"), path, local_error->message);
      return NULL;
    }
  return topo_arm_import_data (data, (gssize) length, path, warnings, error);
}
