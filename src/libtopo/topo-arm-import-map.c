/* topo-arm-import-map.c: ARM resource types mapped to the design's resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-arm-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "topo-arm-import-private.h"
#include "topo-document-private.h"

/* Properties the design models or the export writes itself, per resource type: anything else
 * under "properties" is dropped by the import, with a warning naming its JSON path. */
static const char *const known_properties[][12] = {
  [TOPO_KIND_WORKSPACE] = { "friendlyName", "storageAccount", "keyVault", "applicationInsights",
                            "containerRegistry", "publicNetworkAccess", "description", NULL },
  [TOPO_KIND_STORAGE] = { "isHnsEnabled", "publicNetworkAccess", "minimumTlsVersion",
                          "allowBlobPublicAccess", "supportsHttpsTrafficOnly", "accessTier", NULL },
  [TOPO_KIND_KEY_VAULT] = { "tenantId", "sku", "enableRbacAuthorization", "accessPolicies", NULL },
  [TOPO_KIND_APP_INSIGHTS] = { "Application_Type", NULL },
  [TOPO_KIND_CONTAINER_REGISTRY] = { "adminUserEnabled", NULL },
  [TOPO_KIND_AKS] = { "dnsPrefix", "agentPoolProfiles", "kubernetesVersion", NULL },
};
/* computes: properties.properties */
static const char *const known_compute_properties[] = { "vmSize", "scaleSettings", NULL };
/* AKS computes: properties.properties of an attached cluster, of a cluster the workspace creates */
static const char *const known_attach_properties[] = { NULL };
static const char *const known_aks_compute_properties[] = { "agentCount", "agentVmSize", NULL };

static void
warn_unmodelled (Import *im,
                 JsonObject *props,
                 const char *props_path,
                 const char *const *known)
{
  g_autoptr(GList) names = NULL;

  if (props == NULL)
    return;
  names = json_object_get_members (props);
  for (GList *l = names; l != NULL; l = l->next)
    {
      gboolean is_known = FALSE;

      for (guint k = 0; known[k] != NULL && !is_known; k++)
        is_known = g_ascii_strcasecmp (known[k], l->data) == 0;
      if (!is_known)
        {
          g_autofree char *p = _topo_path_member (props_path, l->data);
          _topo_warn (im, p, _("'%s' is not part of the design model; dropped"), (const char *) l->data);
        }
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
  g_autofree char *props_path = _topo_path_member (path, "properties");
  g_autofree char *inner_path = _topo_path_member (props_path, "properties");
  g_autofree char *compute_type = _topo_eval_string (im, scope, props, "computeType", props_path);
  JsonObject *inner = _topo_member_object (props, "properties");
  Item *item;
  gint64 v;

  if (compute_type == NULL)
    {
      _topo_warn (im, path, _("compute without a computeType; skipped"));
      return;
    }
  if (g_ascii_strcasecmp (compute_type, "AmlCompute") == 0 ||
      g_ascii_strcasecmp (compute_type, "ComputeInstance") == 0)
    {
      gboolean cluster = g_ascii_strcasecmp (compute_type, "AmlCompute") == 0;
      JsonObject *scale = _topo_member_object (inner, "scaleSettings");
      g_autofree char *scale_path = _topo_path_member (inner_path, "scaleSettings");

      item = _topo_add_item (im, cluster ? TOPO_KIND_COMPUTE_CLUSTER : TOPO_KIND_COMPUTE_INSTANCE, name, rg, path);
      item->parent = g_strdup (ws_name);
      /* subnet, schedules, setupScripts, personalComputeInstanceSettings (the assigned user), … */
      warn_unmodelled (im, inner, inner_path, known_compute_properties);
      item->res->vm_size = _topo_eval_string (im, scope, inner, "vmSize", inner_path);
      item->res->tags = _topo_eval_tags (im, scope, res, path);
      if (cluster && scale != NULL)
        {
          if (_topo_eval_int (im, scope, scale, "minNodeCount", scale_path, &v))
            item->res->min_nodes = v;
          if (_topo_eval_int (im, scope, scale, "maxNodeCount", scale_path, &v))
            item->res->max_nodes = v;
        }
      return;
    }
  if (g_ascii_strcasecmp (compute_type, "AKS") == 0)
    {
      g_autofree char *cluster_id = NULL;

      if (_topo_member (props, "resourceId") != NULL)
        cluster_id = _topo_eval_string (im, scope, props, "resourceId", props_path);
      if (cluster_id != NULL)
        {
          ParsedId id;

          if (!_topo_parse_resource_id (cluster_id, &id) || _topo_kind_of_type (id.type) != TOPO_KIND_AKS)
            {
              _topo_warn (im, props_path, _("resourceId '%s' is not an AKS cluster; compute skipped"), cluster_id);
              _topo_parsed_id_clear (&id);
              return;
            }
          /* clusterPurpose, loadBalancerType, sslConfiguration, … of the attach */
          warn_unmodelled (im, inner, inner_path, known_attach_properties);
          {
            Ref *ref = _topo_add_ref (im, REF_INFERENCE, rg, ws_name, id.rg, id.names[0], path);

            /* The attach keeps its own name in the workspace (often not the cluster's). */
            if (name != NULL && g_strcmp0 (name, id.names[0]) != 0)
              ref->compute = g_strdup (name);
            if (_topo_member (props, "computeLocation") != NULL)
              ref->location = _topo_eval_string (im, scope, props, "computeLocation", props_path);
          }
          _topo_parsed_id_clear (&id);
          return;
        }
      /* No resourceId: the workspace creates the cluster itself. */
      warn_unmodelled (im, inner, inner_path, known_aks_compute_properties);
      item = _topo_add_item (im, TOPO_KIND_AKS, name, rg, path);
      item->res->vm_size = _topo_eval_string (im, scope, inner, "agentVmSize", inner_path);
      item->res->tags = _topo_eval_tags (im, scope, res, path);
      if (inner != NULL && _topo_eval_int (im, scope, inner, "agentCount", inner_path, &v))
        item->res->node_count = v;
      _topo_add_ref (im, REF_INFERENCE, rg, ws_name, rg, name, path);
      return;
    }
  _topo_warn (im, path, _("compute type '%s' is not part of the design model; skipped"), compute_type);
}

static void
import_datastore (Import *im,
                  TopoArmScope *scope,
                  JsonObject *props,
                  const char *path,
                  const char *rg,
                  const char *ws_name)
{
  g_autofree char *props_path = _topo_path_member (path, "properties");
  g_autofree char *type = NULL;
  g_autofree char *account = NULL;
  g_autofree char *account_rg = NULL;

  if (_topo_member (props, "datastoreType") != NULL)
    type = _topo_eval_string (im, scope, props, "datastoreType", props_path);
  if (type == NULL || !(g_ascii_strcasecmp (type, "AzureBlob") == 0 || g_ascii_strcasecmp (type, "blob") == 0 ||
                        g_ascii_strcasecmp (type, "AzureDataLakeGen2") == 0 ||
                        g_ascii_strcasecmp (type, "adls-gen2") == 0))
    {
      _topo_warn (im, path, _("datastore type '%s' is not a blob or Data Lake datastore; skipped"),
                  type != NULL ? type : "?");
      return;
    }
  account = _topo_eval_string (im, scope, props, "accountName", props_path);
  if (account == NULL || *account == '\0')
    {
      _topo_warn (im, path, _("datastore without an evaluable accountName; skipped"));
      return;
    }
  if (_topo_member (props, "resourceGroup") != NULL)
    account_rg = _topo_eval_string (im, scope, props, "resourceGroup", props_path);
  else if (_topo_member (props, "storageAccountResourceGroup") != NULL)
    account_rg = _topo_eval_string (im, scope, props, "storageAccountResourceGroup", props_path);
  _topo_add_ref (im, REF_DATASTORE, rg, ws_name, account_rg, account, path);
}

/* A resource's condition, evaluated with the parameters' defaults (or the values given with
 * --parameters): FALSE skips the resource (ARM would not deploy it). A condition that cannot be
 * evaluated — or that depends on a parameter without a value — keeps the resource, and says so. */
static gboolean
condition_holds (Import *im,
                 TopoArmScope *scope,
                 JsonObject *res,
                 const char *path)
{
  g_autofree char *cond_path = _topo_path_member (path, "condition");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  guint missing_before = scope->missing != NULL ? scope->missing->len : 0;
  guint runtime_before = scope->state != NULL ? topo_arm_eval_state_runtime (scope->state) : 0;
  gboolean result;

  value = _topo_eval_node (im, scope, _topo_member (res, "condition"), cond_path, &error);
  if (value == NULL)
    {
      _topo_warn (im, cond_path, _("the condition cannot be evaluated (%s); resource imported"),
                  error != NULL ? error->message : "?");
      return TRUE;
    }
  if (scope->missing != NULL && scope->missing->len > missing_before)
    {
      _topo_warn (im, cond_path, _("the condition depends on a parameter without a value; resource imported"));
      return TRUE;
    }
  if (scope->state != NULL && topo_arm_eval_state_runtime (scope->state) > runtime_before)
    {
      _topo_warn (im, cond_path, _("the condition depends on values only known at deployment time (reference()); "
                                   "resource imported"));
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    result = json_node_get_boolean (value);
  else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
           (g_ascii_strcasecmp (json_node_get_string (value), "true") == 0 ||
            g_ascii_strcasecmp (json_node_get_string (value), "false") == 0))
    result = g_ascii_strcasecmp (json_node_get_string (value), "true") == 0;
  else
    {
      _topo_warn (im, cond_path, _("the condition is not a boolean; resource imported"));
      return TRUE;
    }
  if (!result)
    _topo_warn (im, cond_path, _("the condition is false with these parameter values; resource not imported"));
  return result;
}

/* "existing": true on a resource of a languageVersion 2.0 template (what Bicep writes for an
 * `existing` resource): referenced, not deployed. */
static gboolean
declared_existing (Import *im,
                   TopoArmScope *scope,
                   JsonObject *res,
                   const char *path)
{
  return _topo_member (res, "existing") != NULL &&
         _topo_eval_bool (im, scope, res, "existing", path) == TOPO_TRI_TRUE;
}

/* An existing resource declared as such: imported as existing, in the resource group its
 * "resourceGroup" names (Bicep's `scope: resourceGroup(…)`), else the deployment's. Nothing
 * else it says is the template's to state. */
static void
import_existing (Import *im,
                 TopoArmScope *scope,
                 JsonObject *res,
                 const char *path,
                 const char *rg,
                 const char *full_type,
                 const char *name,
                 char **segments)
{
  int kind = _topo_kind_of_type (full_type);
  g_autofree char *own_rg = NULL;
  Item *item;

  if (_topo_member (res, "resourceGroup") != NULL)
    own_rg = _topo_eval_string (im, scope, res, "resourceGroup", path);
  if (own_rg != NULL && own_rg[0] != '\0')
    rg = own_rg;
  if (g_ascii_strcasecmp (full_type, "Microsoft.Resources/resourceGroups") == 0)
    {
      /* A group the template only refers to: known by name; its location is not the
       * template's to say (a group of the design only when something of the design is in it). */
      _topo_ensure_group (im, name, NULL, path);
      return;
    }
  if (kind < 0 || !_topo_format_key_applies ("existing", kind) || g_strv_length (segments) != 1 || rg == NULL)
    {
      _topo_warn (im, path, _("existing resource of type %s is not part of the design model; skipped"), full_type);
      return;
    }
  _topo_ensure_group (im, rg, NULL, path);
  item = _topo_add_item (im, kind, name, rg, path);
  item->res->existing = TRUE;
  _topo_warn (im, path, _("%s '%s' is declared existing; imported as an existing resource (referenced, not "
                          "deployed)"), topo_kind_to_string (kind), name);
}

/* A resource group declared in the template, or referenced by a Topograph export (listed in
 * metadata.topograph.existing with the location and tags a declaration would have had). */
Group *
_topo_import_group (Import *im,
                    TopoArmScope *scope,
                    JsonObject *res,
                    const char *name,
                    const char *path)
{
  g_autofree char *location = _topo_eval_string (im, scope, res, "location", path);
  Group *g = _topo_ensure_group (im, name, location, path);
  GArray *tags = _topo_eval_tags (im, scope, res, path);

  if (g->tags == NULL && tags != NULL)
    {
      g->environment = _topo_take_environment (tags);
      g->tags = tags;
      if (g->tags->len == 0)
        g_clear_pointer (&g->tags, g_array_unref);
    }
  else if (tags != NULL)
    g_array_unref (tags);
  return g;
}

void
_topo_import_resource (Import *im,
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
  JsonObject *props = _topo_member_object (res, "properties");
  g_autofree char *props_path = _topo_path_member (path, "properties");
  int kind;
  Item *item;

  if (_topo_member (res, "copy") != NULL)
    {
      _topo_warn (im, path, _("copy loops are not supported; resource skipped"));
      return;
    }
  if (_topo_member (res, "condition") != NULL && !condition_holds (im, scope, res, path))
    return;
  type = _topo_eval_string (im, scope, res, "type", path);
  if (type == NULL)
    {
      _topo_warn (im, path, _("resource without a type; skipped"));
      return;
    }
  name = _topo_eval_string (im, scope, res, "name", path);
  if (name == NULL || *name == '\0')
    {
      _topo_warn (im, path, _("resource name cannot be evaluated; resource skipped"));
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

  if (declared_existing (im, scope, res, path))
    {
      import_existing (im, scope, res, path, rg, full_type, name, segments);
      return;
    }
  if (g_ascii_strcasecmp (full_type, "Microsoft.Resources/deployments") == 0)
    {
      _topo_import_deployment (im, scope, res, path, rg, nesting);
      return;
    }
  if (g_ascii_strcasecmp (full_type, "Microsoft.Resources/resourceGroups") == 0)
    {
      _topo_import_group (im, scope, res, name, path);
      return;
    }
  if (g_ascii_strcasecmp (full_type, "Microsoft.Authorization/roleAssignments") == 0)
    {
      RoleAssignment *ra;
      g_autofree char *role_def = NULL;

      if (props == NULL)
        {
          _topo_warn (im, path, _("role assignment without properties; skipped"));
          return;
        }
      role_def = _topo_eval_string (im, scope, props, "roleDefinitionId", props_path);
      if (role_def == NULL)
        return;
      ra = g_new0 (RoleAssignment, 1);
      ra->rg = g_strdup (rg);
      if (_topo_member (res, "scope") != NULL)
        ra->scope = _topo_eval_string (im, scope, res, "scope", path);
      ra->role = g_strdup (strrchr (role_def, '/') != NULL ? strrchr (role_def, '/') + 1 : role_def);
      {
        /* The principal may be a runtime reference (a workspace identity): keep the marker. */
        JsonNode *raw = _topo_member (props, "principalId");
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) value = raw != NULL ? _topo_eval_node (im, scope, raw, props_path, &error) : NULL;

        const char *text = raw != NULL && JSON_NODE_HOLDS_VALUE (raw) &&
                           json_node_get_value_type (raw) == G_TYPE_STRING ? json_node_get_string (raw) : NULL;
        g_autoptr(GMatchInfo) match = NULL;
        static GRegex *parameter_ref;

        if (g_once_init_enter (&parameter_ref))
          g_once_init_leave (&parameter_ref, g_regex_new ("^\\[\\s*parameters\\(\\s*'([A-Za-z0-9_.-]+)'\\s*\\)\\s*\\]$",
                                                          G_REGEX_OPTIMIZE, 0, NULL));
        /* A principal given as a parameter is a team: named after the parameter, whatever its
         * default object id. */
        if (text != NULL && g_regex_match (parameter_ref, text, 0, &match))
          ra->principal = g_match_info_fetch (match, 1);
        else if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          ra->principal = g_strdup (json_node_get_string (value));
        else if (error != NULL)
          _topo_warn (im, props_path, _("cannot evaluate 'principalId': %s"), error->message);
      }
      ra->path = g_strdup (path);
      g_ptr_array_add (im->roles, ra);
      return;
    }

  /* Everything below lives in a resource group. */
  if (rg == NULL)
    {
      _topo_warn (im, path, _("resource type %s at subscription scope is not part of the design model; skipped"),
                  full_type);
      return;
    }

  if (g_ascii_strcasecmp (full_type, "Microsoft.MachineLearningServices/workspaces/computes") == 0 ||
      g_ascii_strcasecmp (full_type, "Microsoft.MachineLearningServices/workspaces/datastores") == 0)
    {
      gboolean compute = g_str_has_suffix (full_type, "computes") || g_str_has_suffix (full_type, "COMPUTES");

      if (g_strv_length (segments) != 2 || *segments[0] == '\0' || *segments[1] == '\0')
        {
          _topo_warn (im, path, _("name '%s' must be 'workspace/child'; resource skipped"), full_name);
          return;
        }
      if (props == NULL)
        {
          _topo_warn (im, path, _("resource without properties; skipped"));
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

  kind = _topo_kind_of_type (full_type);
  if (kind < 0 || kind == TOPO_KIND_RESOURCE_GROUP)
    {
      _topo_warn (im, path, _("resource type %s is not part of the design model; skipped"), full_type);
      goto children;
    }
  if (g_strv_length (segments) != 1)
    {
      _topo_warn (im, path, _("name '%s' has more segments than the type %s; skipped"), full_name, full_type);
      return;
    }

  item = _topo_add_item (im, kind, name, rg, path);
  item->res->tags = _topo_eval_tags (im, scope, res, path);
  warn_unmodelled (im, props, props_path, known_properties[kind]);
  switch (kind)
    {
    case TOPO_KIND_WORKSPACE:
      {
        static const char *const keys[4] = { "storageAccount", "keyVault", "applicationInsights",
                                             "containerRegistry" };
        for (guint k = 0; k < 4; k++)
          if (_topo_member (props, keys[k]) != NULL)
            {
              item->assoc[k] = _topo_eval_string (im, scope, props, keys[k], props_path);
              item->assoc_path[k] = _topo_path_member (props_path, keys[k]);
            }
        item->res->public_network_access = _topo_eval_network_access (im, scope, props, props_path);
      }
      break;
    case TOPO_KIND_STORAGE:
      {
        JsonObject *sku = _topo_member_object (res, "sku");
        g_autofree char *sku_path = _topo_path_member (path, "sku");

        if (sku != NULL)
          item->res->sku = _topo_eval_string (im, scope, sku, "name", sku_path);
        if (props != NULL)
          {
            item->res->hns = _topo_eval_bool (im, scope, props, "isHnsEnabled", props_path);
            item->res->public_network_access = _topo_eval_network_access (im, scope, props, props_path);
          }
      }
      break;
    case TOPO_KIND_AKS:
      {
        JsonNode *pools = _topo_member (props, "agentPoolProfiles");
        g_autofree char *pools_path = _topo_path_member (props_path, "agentPoolProfiles");

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
                const char *mode = JSON_NODE_HOLDS_OBJECT (p) ? _topo_literal_string (json_node_get_object (p), "mode") : NULL;
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

                item->res->vm_size = _topo_eval_string (im, scope, json_node_get_object (pool), "vmSize", pool_path);
                if (_topo_eval_int (im, scope, json_node_get_object (pool), "count", pool_path, &v))
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
    JsonNode *children = _topo_member (res, "resources");
    if (children != NULL)
      _topo_walk_resources (im, scope, children, path, rg, full_type, full_name, nesting);
  }
}
