/* topo-arm-import.c: an ARM template as a design
 *
 * Two passes: the walk evaluates the fields the design models and collects resources, role
 * assignments and references by Azure name; the second pass resolves references (workspace of a
 * compute, storage of a datastore, cluster of an AKS attach, associated resources, role-assignment
 * scopes), gives every resource a valid unique id and builds the document. Fields the design does
 * not model are never evaluated, so unsupported expressions there cost nothing.
 *
 * By facet: this file (entry points, the walk of templates and deployments),
 * topo-arm-import-eval.c (reading fields), topo-arm-import-map.c (resource types to the design)
 * and topo-arm-import-build.c (the second pass); topo-arm-import-private.h holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-arm-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "topo-arm-import-private.h"
#include "topo-edit.h"
#include "topo-json-reader.h"

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

void
_topo_warn (Import *im,
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
  g_free (ref->compute);
  g_free (ref->location);
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

void
_topo_tag_clear (gpointer data)
{
  TopoTag *tag = data;

  g_free (tag->key);
  g_free (tag->value);
}
/* ---- the walk ---- */

Item *
_topo_add_item (Import *im,
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

Ref *
_topo_add_ref (Import *im,
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
  return ref;
}

/* Team principal parameters of a Topograph export have no default on purpose: not worth a warning. */
static gboolean
is_team_parameter (Import *im,
                   const char *name)
{
  JsonNode *teams = im->metadata != NULL ? _topo_member (im->metadata, "teams") : NULL;
  JsonArray *arr;

  if (teams == NULL || !JSON_NODE_HOLDS_ARRAY (teams))
    return FALSE;
  arr = json_node_get_array (teams);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *t = json_array_get_element (arr, i);
      if (JSON_NODE_HOLDS_OBJECT (t) && g_strcmp0 (_topo_literal_string (json_node_get_object (t), "parameter"), name) == 0)
        return TRUE;
    }
  return FALSE;
}

void
_topo_import_deployment (Import *im,
                         TopoArmScope *scope,
                         JsonObject *res,
                         const char *path,
                         const char *rg,
                         guint nesting)
{
  JsonObject *props = _topo_member_object (res, "properties");
  JsonObject *template;
  JsonObject *options;
  g_autofree char *target_rg = NULL;
  g_autofree char *props_path = _topo_path_member (path, "properties");
  g_autofree char *template_path = NULL;
  const char *eval_scope;
  TopoArmScope inner;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  JsonNode *resources;
  Group *group;

  if (props == NULL)
    {
      _topo_warn (im, path, _("deployment without properties; skipped"));
      return;
    }
  if (_topo_member (props, "templateLink") != NULL)
    {
      _topo_warn (im, path, _("linked templates (templateLink) are not supported; deployment skipped"));
      return;
    }
  template = _topo_member_object (props, "template");
  if (template == NULL)
    {
      _topo_warn (im, path, _("deployment without an inline template; skipped"));
      return;
    }
  if (nesting >= MAX_NESTING)
    {
      _topo_warn (im, path, _("deployments nested too deeply; skipped"));
      return;
    }

  if (_topo_member (res, "resourceGroup") != NULL)
    {
      target_rg = _topo_eval_string (im, scope, res, "resourceGroup", path);
      if (target_rg == NULL)
        {
          _topo_warn (im, path, _("the deployment's resource group cannot be evaluated; skipped"));
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
      group = _topo_ensure_group (im, target_rg, NULL, path);
      inner.rg_name = group->name;
      inner.rg_location = group->location != NULL ? group->location : scope->rg_location;
      if (inner.rg_location == NULL)
        inner.rg_location = im->default_location;
    }

  options = _topo_member_object (props, "expressionEvaluationOptions");
  eval_scope = _topo_literal_string (options, "scope");
  if (eval_scope != NULL && g_ascii_strcasecmp (eval_scope, "inner") == 0)
    {
      JsonObject *passed = _topo_member_object (props, "parameters");
      JsonNode *decls = _topo_member (template, "parameters");
      JsonNode *vars = _topo_member (template, "variables");

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

              if (!JSON_NODE_HOLDS_OBJECT (entry) || _topo_member (json_node_get_object (entry), "value") == NULL)
                {
                  _topo_warn (im, entry_path, _("only parameters passed by value are supported"));
                  continue;
                }
              value = _topo_eval_node (im, scope, _topo_member (json_node_get_object (entry), "value"), entry_path,
                                       &error);
              if (value == NULL)
                {
                  _topo_warn (im, entry_path, _("cannot evaluate: %s"), error->message);
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
    g_autofree char *name = _topo_eval_string (im, scope, res, "name", path);
    JsonObject *outputs = _topo_member_object (template, "outputs");

    inner.deployment = name;
    template_path = _topo_path_member (props_path, "template");
    resources = _topo_member (template, "resources");
    _topo_walk_resources (im, &inner, resources, template_path, target_rg, NULL, NULL, nesting + 1);

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

            if (!JSON_NODE_HOLDS_OBJECT (decl) || _topo_member (json_node_get_object (decl), "value") == NULL)
              continue;
            {
              g_autofree char *out_path = g_strdup_printf ("%s.outputs.%s", template_path, (char *) l->data);

              value = _topo_eval_node (im, &inner, _topo_member (json_node_get_object (decl), "value"), out_path, NULL);
            }
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
      _topo_warn (im, ppath, _("no value and no defaultValue; the parameter's name is used as its value"));
    }
}

void
_topo_walk_resources (Import *im,
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
          g_autofree char *rpath = _topo_path_index (path, "resources", i);

          if (!JSON_NODE_HOLDS_OBJECT (res))
            {
              _topo_warn (im, rpath, _("a resource must be an object; skipped"));
              continue;
            }
          _topo_import_resource (im, scope, json_node_get_object (res), rpath, rg, parent_type, parent_name, nesting);
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
              _topo_warn (im, rpath, _("a resource must be an object; skipped"));
              continue;
            }
          _topo_import_resource (im, scope, json_node_get_object (res), rpath, rg, parent_type, parent_name, nesting);
        }
    }
  else
    {
      g_autofree char *rpath = _topo_path_member (path, "resources");
      _topo_warn (im, rpath, _("'resources' is neither an array nor an object; skipped"));
    }
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
find_default_location (JsonObject *root,
                       JsonObject *values)
{
  JsonObject *params = _topo_member_object (root, "parameters");
  JsonObject *location = _topo_member_object (params, "location");
  JsonNode *resources = _topo_member (root, "resources");

  /* A location given with --parameters (the quickstarts' "location" parameter) wins. */
  if (location != NULL && values != NULL && is_region_literal (_topo_member (values, "location")))
    return _topo_normalise_region (json_node_get_string (_topo_member (values, "location")));
  if (location != NULL && is_region_literal (_topo_member (location, "defaultValue")))
    return _topo_normalise_region (json_node_get_string (_topo_member (location, "defaultValue")));
  if (resources != NULL && JSON_NODE_HOLDS_ARRAY (resources))
    {
      JsonArray *arr = json_node_get_array (resources);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *res = json_array_get_element (arr, i);
          if (JSON_NODE_HOLDS_OBJECT (res) && is_region_literal (_topo_member (json_node_get_object (res), "location")))
            return _topo_normalise_region (json_node_get_string (_topo_member (json_node_get_object (res), "location")));
        }
    }
  return NULL;
}

/* Templates are read with the project's reader, not json-glib's parser: json-glib recurses once
 * per nesting level with no limit (a 150 KB file overflows the stack) and its tokenizer accepts
 * more than JSON (single-quoted strings), so no pre-check can know the depth it will reach. ARM
 * itself accepts line and block comments in templates; so does this reader. */
#define MAX_JSON_DEPTH 512

/* The resource groups a Topograph export references without declaring them (they hold existing
 * resources only): metadata.topograph.existing gives the location and tags a declaration would
 * have had, read like one. */
static void
import_listed_groups (Import *im,
                      TopoArmScope *scope)
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
      g_autofree char *path = g_strdup_printf ("$.metadata.topograph.existing[%u]", i);
      g_autofree char *name = NULL;

      if (type == NULL || g_ascii_strcasecmp (type, "Microsoft.Resources/resourceGroups") != 0)
        continue;
      name = _topo_eval_string (im, scope, o, "name", path);
      if (name != NULL && name[0] != '\0')
        _topo_import_group (im, scope, o, name, path)->used = TRUE;
    }
}

static void
import_clear (Import *im)
{
  g_hash_table_unref (im->groups);
  g_ptr_array_unref (im->group_order);
  g_ptr_array_unref (im->items);
  g_ptr_array_unref (im->refs);
  g_ptr_array_unref (im->roles);
  g_free (im->default_rg);
  json_object_unref (im->references);
  g_free (im->default_location);
  g_clear_error (&im->limit_error);
}

TopoDocument *
topo_arm_import_data (const char *data,
                      gssize length,
                      const char *display_name,
                      GPtrArray *warnings,
                      GError **error)
{
  return topo_arm_import_data_full (data, length, display_name, NULL, warnings, error);
}

TopoDocument *
topo_arm_import_data_full (const char *data,
                           gssize length,
                           const char *display_name,
                           const TopoArmImportOptions *options,
                           GPtrArray *warnings,
                           GError **error)
{
  g_autoptr(TopoJsonDocument) json = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *error_path = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  g_autofree char *design_text = NULL;
  JsonObject *root;
  const char *schema;
  JsonNode *resources;
  gboolean subscription;
  Import im = { 0 };
  TopoArmScope scope = { 0 };
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TopoArmEvalState) eval_state = topo_arm_eval_state_new ();
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
  json = topo_json_document_parse_full (data, (gsize) length, TOPO_JSON_READ_COMMENTS, MAX_JSON_DEPTH,
                                        &error_path, &local_error);
  if (json == NULL)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX, _("%s: %s: not JSON: %s"), display_name,
                   error_path, local_error->message);
      return NULL;
    }
  {
    /* The design carried by a Topograph export is only read as text: it skips the json-glib copy. */
    TopoJsonValue *design = _topo_design_value (topo_json_document_root (json));

    if (design != NULL)
      {
        design_text = _topo_design_text (design);
        design->n = 0;
      }
  }
  root_node = topo_json_value_to_plain_node (topo_json_document_root (json));
  g_clear_pointer (&json, topo_json_document_free);
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID,
                   _("%s: $: not an ARM template (the top level is not an object)"), display_name);
      return NULL;
    }
  root = json_node_get_object (root_node);
  schema = _topo_literal_string (root, "$schema");
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
  resources = _topo_member (root, "resources");
  if (resources == NULL || !(JSON_NODE_HOLDS_ARRAY (resources) || JSON_NODE_HOLDS_OBJECT (resources)))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID,
                   _("%s: $.resources: not an ARM template (no \"resources\" array)"), display_name);
      return NULL;
    }

  im.display = display_name;
  im.design_text = design_text;
  im.warnings = warnings;
  im.groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) group_free);
  im.group_order = g_ptr_array_new ();
  im.items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  im.refs = g_ptr_array_new_with_free_func ((GDestroyNotify) ref_free);
  im.roles = g_ptr_array_new_with_free_func ((GDestroyNotify) role_free);
  im.references = json_object_new ();
  meta = _topo_member_object (root, "metadata");
  im.metadata = _topo_member_object (meta, "topograph");

  im.default_location = find_default_location (root, options != NULL ? options->parameters : NULL);
  if (im.default_location == NULL)
    {
      if (!subscription)
        _topo_warn (&im, "$", _("no literal location in the template; the resource group is placed in %s"),
                    DEFAULT_REGION);
      im.default_location = g_strdup (DEFAULT_REGION);
    }

  scope.parameters = _topo_member_object (root, "parameters");
  scope.values = options != NULL ? options->parameters : NULL;
  im.environment = options != NULL ? options->environment : NULL;
  scope.variables = _topo_member_object (root, "variables");
  scope.rg_location = im.default_location;
  scope.placeholder_parameters = TRUE;
  scope.references = im.references;
  scope.missing = missing;
  scope.state = eval_state;
  if (!subscription)
    {
      Group *g;

      im.default_rg = group_name_from_display (display_name);
      g = _topo_ensure_group (&im, im.default_rg, im.default_location, "$");
      scope.rg_name = g->name;
    }
  _topo_walk_resources (&im, &scope, resources, "$", subscription ? NULL : im.default_rg, NULL, NULL, 0);
  import_listed_groups (&im, &scope);
  for (guint i = 0; i < missing->len; i++)
    {
      g_autofree char *ppath = g_strdup_printf ("$.parameters.%s", (char *) g_ptr_array_index (missing, i));
      if (is_team_parameter (&im, g_ptr_array_index (missing, i)))
        continue;
      _topo_warn (&im, ppath, _("no defaultValue; the parameter's name is used as its value"));
    }

  if (im.limit_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&im.limit_error));
      import_clear (&im);
      return NULL;
    }

  doc = _topo_build (&im);
  {
    /* A Topograph export carries the design: it comes back with what the template states. */
    TopoDocument *design = _topo_design_from_metadata (&im);

    if (design != NULL)
      {
        design = _topo_reconcile (&im, doc, design);
        g_object_unref (doc);
        topo_document_clear_history (design);
        topo_document_mark_clean (design);
        import_clear (&im);
        return design;
      }
  }
  if (im.metadata != NULL)
    doc_name = _topo_literal_string (im.metadata, "name");
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
  topo_edit_enforce_all (doc);
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);

  import_clear (&im);
  return doc;
}

TopoDocument *
topo_arm_import_path (const char *path,
                      GPtrArray *warnings,
                      GError **error)
{
  return topo_arm_import_path_full (path, NULL, warnings, error);
}

JsonObject *
topo_arm_parameters_load (const char *path,
                          GPtrArray *warnings,
                          GError **error)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *error_path = NULL;
  g_autoptr(TopoJsonDocument) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *params;
  JsonObject *values;
  g_autoptr(GList) names = NULL;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_IO, _("%s: cannot read: %s"), path, local_error->message);
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX, _("%s: $: not UTF-8 text"), path);
      return NULL;
    }
  json = topo_json_document_parse_full (data, length, TOPO_JSON_READ_COMMENTS, MAX_JSON_DEPTH,
                                        &error_path, &local_error);
  if (json == NULL)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX, _("%s: %s: not JSON: %s"), path,
                   error_path, local_error->message);
      return NULL;
    }
  root = topo_json_value_to_plain_node (topo_json_document_root (json));
  params = JSON_NODE_HOLDS_OBJECT (root) ? _topo_member_object (json_node_get_object (root), "parameters") : NULL;
  if (params == NULL)
    {
      g_set_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID,
                   _("%s: $.parameters: not an ARM parameters file (no \"parameters\" object)"), path);
      return NULL;
    }
  values = json_object_new ();
  names = json_object_get_members (params);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *entry = json_object_get_member (params, l->data);
      JsonNode *value = JSON_NODE_HOLDS_OBJECT (entry) ? _topo_member (json_node_get_object (entry), "value") : NULL;
      g_autofree char *entry_path = g_strdup_printf ("$.parameters.%s", (const char *) l->data);

      if (value == NULL)
        {
          if (warnings != NULL)
            {
              TopoArmWarning *w = g_new0 (TopoArmWarning, 1);

              w->path = g_steal_pointer (&entry_path);
              w->message = g_strdup (_("only values can be used offline (not Key Vault references); the template's default applies"));
              g_ptr_array_add (warnings, w);
            }
          continue;
        }
      json_object_set_member (values, l->data, json_node_copy (value));
    }
  return values;
}

TopoDocument *
topo_arm_import_path_full (const char *path,
                           const TopoArmImportOptions *options,
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
  return topo_arm_import_data_full (data, (gssize) length, path, options, warnings, error);
}
