/* topo-arm-import-eval.c: reading template fields — JSON access, expressions, regions, tags, resource ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-arm-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "topo-arm-import-private.h"

/* ---- JSON access ---- */

/* Member lookup as ARM does it: case-insensitive. */
JsonNode *
_topo_member (JsonObject *obj,
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

JsonObject *
_topo_member_object (JsonObject *obj,
                     const char *name)
{
  JsonNode *node = _topo_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
_topo_literal_string (JsonObject *obj,
                      const char *name)
{
  JsonNode *node = _topo_member (obj, name);

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

/* topo_arm_eval_node that remembers the first evaluation beyond a limit, with its path: such a
 * template is refused as a whole rather than imported with holes. */
JsonNode *
_topo_eval_node (Import       *im,
                 TopoArmScope *scope,
                 JsonNode     *node,
                 const char   *path,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *value = topo_arm_eval_node (scope, node, &local_error);

  if (value != NULL)
    return value;
  if (im->limit_error == NULL && g_error_matches (local_error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT))
    im->limit_error = g_error_new (TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT, "%s: %s: %s", im->display, path,
                                   local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* Evaluates obj.name; NULL when absent (no warning) or unevaluable (warning at path.name). */
static JsonNode *
eval_member (Import *im,
             TopoArmScope *scope,
             JsonObject *obj,
             const char *name,
             const char *path)
{
  JsonNode *raw = _topo_member (obj, name);
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  if (raw == NULL)
    return NULL;
  {
    g_autofree char *where = g_strconcat (path, ".", name, NULL);

    value = _topo_eval_node (im, scope, raw, where, &error);
  }
  if (value == NULL)
    {
      g_autofree char *where = g_strconcat (path, ".", name, NULL);
      _topo_warn (im, where, _("cannot evaluate '%s': %s"), name, error->message);
      return NULL;
    }
  if (is_reference (value))
    {
      g_autofree char *where = g_strconcat (path, ".", name, NULL);
      _topo_warn (im, where, _("'%s' is only known at deployment time (%s); left unset"), name,
                  json_node_get_string (value));
      json_node_unref (value);
      return NULL;
    }
  return value;
}

char *
_topo_eval_string (Import *im,
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
        _topo_warn (im, path, _("'%s' is not a string; left unset"), name);
      return NULL;
    }
  return g_strdup (json_node_get_string (value));
}

/* Node counts: the format holds whole numbers from 0 to G_MAXINT32, and whatever the import
 * writes must load again, so larger values are clamped and anything else is left unset, each
 * with a warning. */
gboolean
_topo_eval_int (Import *im,
                TopoArmScope *scope,
                JsonObject *obj,
                const char *name,
                const char *path,
                gint64 *out)
{
  g_autoptr(JsonNode) value = eval_member (im, scope, obj, name, path);
  gint64 number;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
    number = json_node_get_int (value);
  else if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
           !g_ascii_string_to_signed (json_node_get_string (value), 10, G_MININT64, G_MAXINT64, &number, NULL))
    {
      _topo_warn (im, path, _("'%s' is not a whole number; left unset"), name);
      return FALSE;
    }
  if (number < 0)
    {
      _topo_warn (im, path, _("'%s' is negative (%lld); left unset"), name, (long long) number);
      return FALSE;
    }
  if (number > G_MAXINT32)
    {
      _topo_warn (im, path, _("'%s' is %lld, more than %d (the largest count the format holds); "
                              "clamped"), name, (long long) number, G_MAXINT32);
      number = G_MAXINT32;
    }
  *out = number;
  return TRUE;
}

TopoTri
_topo_eval_bool (Import *im,
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
  _topo_warn (im, path, _("'%s' is not a boolean; left unset"), name);
  return TOPO_TRI_UNSET;
}

TopoTri
_topo_eval_network_access (Import *im,
                           TopoArmScope *scope,
                           JsonObject *props,
                           const char *path)
{
  g_autofree char *value = _topo_eval_string (im, scope, props, "publicNetworkAccess", path);

  if (value == NULL)
    return TOPO_TRI_UNSET;
  if (g_ascii_strcasecmp (value, "Enabled") == 0)
    return TOPO_TRI_TRUE;
  if (g_ascii_strcasecmp (value, "Disabled") == 0)
    return TOPO_TRI_FALSE;
  return TOPO_TRI_UNSET;
}

char *
_topo_path_member (const char *path,
                   const char *name)
{
  return g_strconcat (path, ".", name, NULL);
}

char *
_topo_path_index (const char *path,
                  const char *name,
                  guint index)
{
  return g_strdup_printf ("%s.%s[%u]", path, name, index);
}

/* ---- regions and groups ---- */

char *
_topo_normalise_region (const char *location)
{
  GString *s = g_string_new (NULL);

  for (const char *p = location; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

Group *
_topo_ensure_group (Import *im,
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
      g->location = location != NULL ? _topo_normalise_region (location) : NULL;
      g->path = g_strdup (path);
      g_hash_table_insert (im->groups, g_strdup (key), g);
      g_ptr_array_add (im->group_order, g);
    }
  else if (g->location == NULL && location != NULL)
    g->location = _topo_normalise_region (location);
  return g;
}

/* ---- tags ---- */

GArray *
_topo_eval_tags (Import *im,
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
  g_array_set_clear_func (tags, _topo_tag_clear);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *v = json_object_get_member (obj, l->data);
      TopoTag tag;

      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
        continue;
      /* Keys are escaped like values: "[[x" is the literal "[x". */
      tag.key = g_str_has_prefix (l->data, "[[") ? g_strdup ((const char *) l->data + 1)
                                                : g_strdup (l->data);
      tag.value = g_strdup (json_node_get_string (v));
      g_array_append_val (tags, tag);
    }
  if (tags->len == 0)
    g_clear_pointer (&tags, g_array_unref);
  return tags;
}

/* Removes the environment tag, returning its value. */
char *
_topo_take_environment (GArray *tags)
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

void
_topo_parsed_id_clear (ParsedId *id)
{
  g_free (id->rg);
  g_free (id->type);
  g_strfreev (id->names);
}

/* Accepts full ids ("/subscriptions/…/providers/NS/t/n[/t2/n2]") and RG-relative ones
 * ("NS/t/n" or "NS/t/n/t2/n2", as a role assignment's scope is written). */
gboolean
_topo_parse_resource_id (const char *text,
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

int
_topo_kind_of_type (const char *type)
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
