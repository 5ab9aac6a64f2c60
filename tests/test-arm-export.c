/* test-arm-export.c: ARM export — shape, escaping, names, determinism, schema checks, goldens
 *
 * Golden files: tests/arm/golden/<sample>.json. Run with TOPOGRAPH_UPDATE_GOLDEN=1 to rewrite them
 * deliberately after an intended change of the output, then review the diff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo.h"
#include "topo-arm-export.h"
#include "topo-arm-expr.h"
#include "arm-test-util.h"

static const char small_design[] =
  "{\n"
  "  \"format\": \"topograph\", \"version\": 1, \"name\": \"[Escaped] design\",\n"
  "  \"lanes\": [\"westeurope\", \"northeurope\"],\n"
  "  \"teams\": [\n"
  "    { \"id\": \"data.eng-x\", \"name\": \"[Data] engineers\" },\n"
  "    { \"id\": \"data-eng.x\", \"name\": \"Other engineers\" },\n"
  "    { \"id\": \"7up\", \"name\": \"Digits\" },\n"
  "    { \"id\": \"idle\", \"name\": \"No access\" }\n"
  "  ],\n"
  "  \"resources\": [\n"
  "    { \"id\": \"rg-a\", \"type\": \"resource-group\", \"name\": \"rg-ml-dev\", \"region\": \"westeurope\",\n"
  "      \"environment\": \"dev\", \"tags\": { \"owner\": \"[team]\" } },\n"
  "    { \"id\": \"rg-b\", \"type\": \"resource-group\", \"name\": \"rg-data\", \"region\": \"northeurope\",\n"
  "      \"environment\": \"prod\" },\n"
  "    { \"id\": \"ws1\", \"type\": \"workspace\", \"name\": \"mlw-Fraud--Dev\", \"group\": \"rg-a\",\n"
  "      \"public_network_access\": false,\n"
  "      \"access\": [ { \"team\": \"data.eng-x\", \"role\": \"data-scientist\" },\n"
  "                  { \"team\": \"data-eng.x\", \"role\": \"reader\" },\n"
  "                  { \"team\": \"7up\", \"role\": \"owner\" } ] },\n"
  "    { \"id\": \"ws2\", \"type\": \"workspace\", \"name\": \"mlw-fraud-dev\", \"group\": \"rg-a\",\n"
  "      \"storage\": \"st-shared\", \"tags\": { \"note\": \"[not an expression]\", \"[cost]\": \"x\" } },\n"
  "    { \"id\": \"cpu\", \"type\": \"compute-cluster\", \"name\": \"cpu-1\", \"group\": \"rg-a\",\n"
  "      \"workspace\": \"ws1\", \"vm_size\": \"Standard_DS3_v2\", \"min_nodes\": 0, \"max_nodes\": 4 },\n"
  "    { \"id\": \"ci\", \"type\": \"compute-instance\", \"name\": \"ci-1\", \"group\": \"rg-a\",\n"
  "      \"workspace\": \"ws1\", \"vm_size\": \"Standard_DS11_v2\" },\n"
  "    { \"id\": \"st-shared\", \"type\": \"storage\", \"name\": \"stshareddata\", \"group\": \"rg-b\",\n"
  "      \"sku\": \"Standard_ZRS\", \"hns\": true },\n"
  "    { \"id\": \"st-local\", \"type\": \"storage\", \"name\": \"stlocal\", \"group\": \"rg-a\" },\n"
  "    { \"id\": \"aks\", \"type\": \"aks\", \"name\": \"aks-serving\", \"group\": \"rg-b\",\n"
  "      \"vm_size\": \"Standard_D4s_v3\", \"node_count\": 3 }\n"
  "  ],\n"
  "  \"links\": [\n"
  "    { \"type\": \"datastore\", \"from\": \"ws1\", \"to\": \"st-shared\", \"access\": \"read\" },\n"
  "    { \"type\": \"datastore\", \"from\": \"ws1\", \"to\": \"st-local\", \"access\": \"write\" },\n"
  "    { \"type\": \"inference\", \"from\": \"ws2\", \"to\": \"aks\" },\n"
  "    { \"type\": \"promotion\", \"from\": \"ws1\", \"to\": \"ws2\" }\n"
  "  ]\n"
  "}\n";

static TopoDocument *
load_small (void)
{
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_format_load_data (small_design, strlen (small_design), "small.topograph", &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static JsonObject *
find_deployment (JsonObject *root,
                 const char *rg_name,
                 gboolean access)
{
  JsonArray *resources = json_object_get_array_member (root, "resources");

  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *r = json_array_get_object_element (resources, i);
      const char *name = json_object_get_string_member (r, "name");

      if (g_str_equal (json_object_get_string_member (r, "type"), "Microsoft.Resources/deployments") &&
          g_str_equal (json_object_get_string_member (r, "resourceGroup"), rg_name) &&
          g_str_has_suffix (name, "-access") == access)
        return r;
    }
  return NULL;
}

static JsonArray *
inner_resources (JsonObject *deployment)
{
  JsonObject *props = json_object_get_object_member (deployment, "properties");

  return json_object_get_array_member (json_object_get_object_member (props, "template"), "resources");
}

static JsonObject *
find_resource (JsonArray *items,
               const char *type,
               const char *name)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *r = json_array_get_object_element (items, i);
      if (g_str_equal (json_object_get_string_member (r, "type"), type) &&
          (name == NULL || g_str_equal (json_object_get_string_member (r, "name"), name)))
        return r;
    }
  return NULL;
}

static gboolean
array_has_string (JsonArray *array,
                  const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_shape (void)
{
  g_autoptr(TopoDocument) doc = load_small ();
  g_autoptr(JsonNode) node = topo_arm_export (doc);
  JsonObject *root = json_node_get_object (node);
  JsonArray *resources = json_object_get_array_member (root, "resources");
  JsonObject *rg, *dep_a, *dep_b, *ws, *cpu, *ci, *st;
  JsonArray *items_a, *items_b;

  g_assert_cmpstr (json_object_get_string_member (root, "$schema"), ==, TOPO_ARM_SUBSCRIPTION_SCHEMA);
  g_assert_cmpstr (json_object_get_string_member (root, "contentVersion"), ==, "1.0.0.0");

  /* RGs first, with location, tags (escaped) + environment, empty properties. */
  rg = json_array_get_object_element (resources, 0);
  g_assert_cmpstr (json_object_get_string_member (rg, "type"), ==, "Microsoft.Resources/resourceGroups");
  g_assert_cmpstr (json_object_get_string_member (rg, "apiVersion"), ==, "2022-09-01");
  g_assert_cmpstr (json_object_get_string_member (rg, "name"), ==, "rg-ml-dev");
  g_assert_cmpstr (json_object_get_string_member (rg, "location"), ==, "westeurope");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rg, "tags"), "owner"), ==, "[[team]");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rg, "tags"), "environment"), ==, "dev");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (rg, "properties")), ==, 0);

  dep_a = find_deployment (root, "rg-ml-dev", FALSE);
  dep_b = find_deployment (root, "rg-data", FALSE);
  g_assert_nonnull (dep_a);
  g_assert_nonnull (dep_b);
  g_assert_cmpstr (json_object_get_string_member (dep_a, "apiVersion"), ==, "2022-09-01");
  {
    JsonObject *props = json_object_get_object_member (dep_a, "properties");
    g_assert_cmpstr (json_object_get_string_member (props, "mode"), ==, "Incremental");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (props, "expressionEvaluationOptions"),
                                                    "scope"), ==, "inner");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (props, "template"), "$schema"), ==,
                     TOPO_ARM_DEPLOYMENT_SCHEMA);
  }
  g_assert_true (array_has_string (json_object_get_array_member (dep_a, "dependsOn"),
                                   "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg-ml-dev')]"));
  /* ws2 in rg-ml-dev uses storage and AKS in rg-data: depends on that RG's deployment. */
  g_assert_true (array_has_string (json_object_get_array_member (dep_a, "dependsOn"),
                                   "[resourceId('rg-data', 'Microsoft.Resources/deployments', 'topograph-rg-data')]"));

  items_a = inner_resources (dep_a);
  items_b = inner_resources (dep_b);

  ws = find_resource (items_a, "Microsoft.MachineLearningServices/workspaces", "mlw-Fraud--Dev");
  g_assert_nonnull (ws);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ws, "identity"), "type"), ==,
                   "SystemAssigned");
  {
    JsonObject *props = json_object_get_object_member (ws, "properties");
    g_assert_cmpstr (json_object_get_string_member (props, "publicNetworkAccess"), ==, "Disabled");
    g_assert_cmpstr (json_object_get_string_member (props, "friendlyName"), ==, "mlw-Fraud--Dev");
    /* Created associated resources have derived, valid names. */
    g_assert_cmpstr (json_object_get_string_member (props, "storageAccount"), ==,
                     "[resourceId('Microsoft.Storage/storageAccounts', 'stmlwfrauddev')]");
    g_assert_cmpstr (json_object_get_string_member (props, "keyVault"), ==,
                     "[resourceId('Microsoft.KeyVault/vaults', 'kv-mlw-fraud-dev')]");
    g_assert_false (json_object_has_member (props, "containerRegistry"));
    g_assert_true (array_has_string (json_object_get_array_member (ws, "dependsOn"),
                                     "[resourceId('Microsoft.Storage/storageAccounts', 'stmlwfrauddev')]"));
  }
  /* The second workspace normalises to the same names: it gets unique ones. */
  {
    JsonObject *ws2 = find_resource (items_a, "Microsoft.MachineLearningServices/workspaces", "mlw-fraud-dev");
    JsonObject *props = json_object_get_object_member (ws2, "properties");
    g_assert_cmpstr (json_object_get_string_member (props, "storageAccount"), ==,
                     "[resourceId('rg-data', 'Microsoft.Storage/storageAccounts', 'stshareddata')]");
    g_assert_cmpstr (json_object_get_string_member (props, "keyVault"), ==,
                     "[resourceId('Microsoft.KeyVault/vaults', 'kv-mlw-fraud-dev2')]");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ws2, "tags"), "note"), ==,
                     "[[not an expression]");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ws2, "tags"), "environment"), ==,
                     "dev");
  }

  cpu = find_resource (items_a, "Microsoft.MachineLearningServices/workspaces/computes", "mlw-Fraud--Dev/cpu-1");
  g_assert_nonnull (cpu);
  {
    JsonObject *props = json_object_get_object_member (cpu, "properties");
    JsonObject *inner = json_object_get_object_member (props, "properties");
    g_assert_cmpstr (json_object_get_string_member (props, "computeType"), ==, "AmlCompute");
    g_assert_cmpstr (json_object_get_string_member (inner, "vmSize"), ==, "Standard_DS3_v2");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (inner, "scaleSettings"), "maxNodeCount"),
                     ==, 4);
  }
  ci = find_resource (items_a, "Microsoft.MachineLearningServices/workspaces/computes", "mlw-Fraud--Dev/ci-1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ci, "properties"), "computeType"), ==,
                   "ComputeInstance");

  /* Inference: an AKS compute of the workspace pointing at the cluster in the other RG. */
  {
    JsonObject *inf = find_resource (items_a, "Microsoft.MachineLearningServices/workspaces/computes",
                                     "mlw-fraud-dev/aks-serving");
    JsonObject *props = json_object_get_object_member (inf, "properties");
    g_assert_cmpstr (json_object_get_string_member (props, "computeType"), ==, "AKS");
    g_assert_cmpstr (json_object_get_string_member (props, "resourceId"), ==,
                     "[resourceId('rg-data', 'Microsoft.ContainerService/managedClusters', 'aks-serving')]");
    g_assert_cmpstr (json_object_get_string_member (props, "computeLocation"), ==, "northeurope");
  }

  st = find_resource (items_b, "Microsoft.Storage/storageAccounts", "stshareddata");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (st, "sku"), "name"), ==, "Standard_ZRS");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (st, "properties"), "isHnsEnabled"));

  /* Datastore links: datastore in the workspace's RG + the role of the workspace identity. */
  {
    JsonObject *ds = find_resource (items_a, "Microsoft.MachineLearningServices/workspaces/datastores",
                                    "mlw-Fraud--Dev/stlocal");
    JsonObject *access = find_deployment (root, "rg-data", TRUE);
    JsonObject *ra_local = NULL, *ra_shared;

    g_assert_nonnull (ds);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ds, "properties"), "datastoreType"),
                     ==, "AzureBlob");
    for (guint i = 0; i < json_array_get_length (items_a); i++)
      {
        JsonObject *r = json_array_get_object_element (items_a, i);
        if (g_str_equal (json_object_get_string_member (r, "type"), "Microsoft.Authorization/roleAssignments") &&
            g_str_equal (json_object_get_string_member (r, "scope"), "Microsoft.Storage/storageAccounts/stlocal"))
          ra_local = r;
      }
    g_assert_nonnull (ra_local);
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (ra_local, "properties"),
                                                             "roleDefinitionId"), TOPO_ARM_ROLE_STORAGE_BLOB_CONTRIBUTOR));
    /* The cross-RG one is in the storage RG's access deployment, after both RGs' deployments. */
    g_assert_nonnull (access);
    ra_shared = find_resource (inner_resources (access), "Microsoft.Authorization/roleAssignments", NULL);
    g_assert_nonnull (ra_shared);
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (ra_shared, "properties"),
                                                             "roleDefinitionId"), TOPO_ARM_ROLE_STORAGE_BLOB_READER));
    g_assert_true (array_has_string (json_object_get_array_member (access, "dependsOn"),
                                     "[resourceId('rg-ml-dev', 'Microsoft.Resources/deployments', 'topograph-rg-ml-dev')]"));
    g_assert_true (array_has_string (json_object_get_array_member (access, "dependsOn"),
                                     "[resourceId('rg-data', 'Microsoft.Resources/deployments', 'topograph-rg-data')]"));
  }

  /* Promotion is kept in the metadata. */
  {
    JsonObject *topo = json_object_get_object_member (json_object_get_object_member (root, "metadata"), "topograph");
    JsonObject *link = json_array_get_object_element (json_object_get_array_member (topo, "links"), 0);
    g_assert_cmpstr (json_object_get_string_member (topo, "name"), ==, "[[Escaped] design");
    g_assert_cmpstr (json_object_get_string_member (link, "type"), ==, "promotion");
    g_assert_cmpstr (json_object_get_string_member (link, "from"), ==, "rg-ml-dev/mlw-Fraud--Dev");
    g_assert_cmpstr (json_object_get_string_member (link, "to"), ==, "rg-ml-dev/mlw-fraud-dev");
  }
}

static const char cycle_design[] =
  "{ \"format\": \"topograph\", \"version\": 1, \"resources\": ["
  "  { \"id\": \"a\", \"type\": \"resource-group\", \"region\": \"westeurope\" },"
  "  { \"id\": \"b\", \"type\": \"resource-group\", \"region\": \"westeurope\" },"
  "  { \"id\": \"ws-a\", \"type\": \"workspace\", \"group\": \"a\", \"storage\": \"stb\" },"
  "  { \"id\": \"ws-b\", \"type\": \"workspace\", \"group\": \"b\", \"storage\": \"sta\" },"
  "  { \"id\": \"sta\", \"type\": \"storage\", \"group\": \"a\" },"
  "  { \"id\": \"stb\", \"type\": \"storage\", \"group\": \"b\" } ] }";

/* RG deployments that would depend on each other: one dependency is dropped and recorded. */
static void
test_dependency_cycle (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (cycle_design, strlen (cycle_design), "cycle.topograph", &error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *topo, *dep_a, *dep_b;
  JsonArray *dropped;
  gboolean a_on_b, b_on_a;

  g_assert_no_error (error);
  node = topo_arm_export (doc);
  root = json_node_get_object (node);
  topo = json_object_get_object_member (json_object_get_object_member (root, "metadata"), "topograph");
  dropped = json_object_get_array_member (topo, "droppedDependencies");
  g_assert_nonnull (dropped);
  g_assert_cmpuint (json_array_get_length (dropped), ==, 1);
  dep_a = find_deployment (root, "a", FALSE);
  dep_b = find_deployment (root, "b", FALSE);
  a_on_b = array_has_string (json_object_get_array_member (dep_a, "dependsOn"),
                             "[resourceId('b', 'Microsoft.Resources/deployments', 'topograph-b')]");
  b_on_a = array_has_string (json_object_get_array_member (dep_b, "dependsOn"),
                             "[resourceId('a', 'Microsoft.Resources/deployments', 'topograph-a')]");
  g_assert_true (a_on_b != b_on_a);
}

static void
test_team_parameters (void)
{
  g_autoptr(TopoDocument) doc = load_small ();
  g_autoptr(JsonNode) node = topo_arm_export (doc);
  JsonObject *root = json_node_get_object (node);
  JsonObject *params = json_object_get_object_member (root, "parameters");
  g_autoptr(GHashTable) map = topo_arm_team_parameters (doc);
  JsonObject *dep_a;
  JsonObject *props;
  JsonArray *items;
  guint n_team_ras = 0;

  /* Deterministic, valid, distinct identifiers. */
  g_assert_cmpstr (g_hash_table_lookup (map, "data.eng-x"), ==, "dataEngXPrincipalId");
  g_assert_cmpstr (g_hash_table_lookup (map, "data-eng.x"), ==, "dataEngX2PrincipalId");
  g_assert_cmpstr (g_hash_table_lookup (map, "7up"), ==, "team7upPrincipalId");
  g_assert_cmpstr (g_hash_table_lookup (map, "idle"), ==, "idlePrincipalId");

  /* Only teams with access become parameters, each a string with a description naming the team. */
  g_assert_cmpuint (json_object_get_size (params), ==, 3);
  g_assert_false (json_object_has_member (params, "idlePrincipalId"));
  {
    JsonObject *p = json_object_get_object_member (params, "dataEngXPrincipalId");
    const char *description = json_object_get_string_member (json_object_get_object_member (p, "metadata"),
                                                             "description");
    g_assert_cmpstr (json_object_get_string_member (p, "type"), ==, "string");
    g_assert_nonnull (strstr (description, "[Data] engineers"));
  }

  /* Passed down to the deployment that needs it, declared in its inner template. */
  dep_a = find_deployment (root, "rg-ml-dev", FALSE);
  props = json_object_get_object_member (dep_a, "properties");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (props, "parameters"),
                                                    "dataEngXPrincipalId"), "value"),
                   ==, "[parameters('dataEngXPrincipalId')]");
  g_assert_true (json_object_has_member (
                   json_object_get_object_member (json_object_get_object_member (props, "template"), "parameters"),
                   "team7upPrincipalId"));
  g_assert_false (json_object_has_member (json_object_get_object_member (find_deployment (root, "rg-data", FALSE),
                                                                         "properties"), "parameters"));

  items = inner_resources (dep_a);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *r = json_array_get_object_element (items, i);
      JsonObject *rp;

      if (!g_str_equal (json_object_get_string_member (r, "type"), "Microsoft.Authorization/roleAssignments"))
        continue;
      rp = json_object_get_object_member (r, "properties");
      if (!g_str_equal (json_object_get_string_member (rp, "principalType"), "Group"))
        continue;
      n_team_ras++;
      g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "name"), "[guid("));
      g_assert_cmpstr (json_object_get_string_member (r, "scope"), ==,
                       "Microsoft.MachineLearningServices/workspaces/mlw-Fraud--Dev");
      if (g_str_equal (json_object_get_string_member (rp, "principalId"), "[parameters('team7upPrincipalId')]"))
        g_assert_nonnull (strstr (json_object_get_string_member (rp, "roleDefinitionId"),
                                  topo_arm_role_guid (TOPO_ROLE_OWNER)));
    }
  g_assert_cmpuint (n_team_ras, ==, 3);
}

/* Every string in the output that starts with '[' is either an escape "[[" or an expression that
 * the exporter wrote itself (a known function at the start). */
static void
check_strings (JsonNode *node,
               guint *n_escaped)
{
  static const char *const functions[] = { "[resourceId(", "[subscriptionResourceId(", "[guid(",
                                            "[parameters(", "[reference(", "[subscription()" };

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;

          /* Member names are evaluated too (tag keys are user text). */
          if (key[0] == '[' && key[1] == '[')
            (*n_escaped)++;
          else if (key[0] == '[')
            g_error ("unescaped member name in ARM output: %s", key);
          check_strings (json_object_get_member (json_node_get_object (node), l->data), n_escaped);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        check_strings (json_array_get_element (arr, i), n_escaped);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      gboolean known = FALSE;

      if (s[0] != '[')
        return;
      if (s[1] == '[')
        {
          (*n_escaped)++;
          return;
        }
      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        known = known || g_str_has_prefix (s, functions[i]);
      if (!known)
        g_error ("unescaped user string in ARM output: %s", s);
    }
}

static void
test_escaping (void)
{
  g_autoptr(TopoDocument) doc = load_small ();
  g_autoptr(JsonNode) node = topo_arm_export (doc);
  guint n_escaped = 0;

  check_strings (node, &n_escaped);
  /* RG tag, workspace tag and tag key, document name, team name in a description and in the
   * metadata. */
  g_assert_cmpuint (n_escaped, >=, 6);
  {
    g_autofree char *escaped = topo_arm_escape_literal ("[x]");
    g_assert_cmpstr (escaped, ==, "[[x]");
  }
  {
    g_autofree char *plain = topo_arm_escape_literal ("x[y]");
    g_assert_cmpstr (plain, ==, "x[y]");
  }
}

static void
test_derived_names (void)
{
  /* Many workspaces whose names normalise to the same storage / key vault names. */
  g_autoptr(GString) text = g_string_new ("{\"format\":\"topograph\",\"version\":1,\"resources\":["
                                          "{\"id\":\"rg\",\"type\":\"resource-group\",\"region\":\"westeurope\"}");
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) storage_re = g_regex_new ("^[a-z0-9]{3,24}$", 0, 0, NULL);
  g_autoptr(GRegex) vault_re = g_regex_new ("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", 0, 0, NULL);
  JsonArray *items;
  guint n_storage = 0, n_vault = 0;

  for (guint i = 0; i < 24; i++)
    g_string_append_printf (text, ",{\"id\":\"w%u\",\"type\":\"workspace\",\"group\":\"rg\",\"name\":\"%s\"}", i,
                            i % 3 == 0 ? "mlw-very-long-workspace-name-for-the-fraud-team"
                            : i % 3 == 1 ? "MLW.very.long.workspace.name.for.the.fraud.team"
                                         : "--x--");
  g_string_append (text, "]}");
  doc = topo_format_load_data (text->str, text->len, "names.topograph", &error);
  g_assert_no_error (error);
  node = topo_arm_export (doc);
  items = inner_resources (find_deployment (json_node_get_object (node), "rg", FALSE));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *r = json_array_get_object_element (items, i);
      const char *type = json_object_get_string_member (r, "type");
      const char *name = json_object_get_string_member (r, "name");
      g_autofree char *key = g_strconcat (type, "/", name, NULL);

      if (g_str_equal (type, "Microsoft.Storage/storageAccounts"))
        {
          g_assert_true (g_regex_match (storage_re, name, 0, NULL));
          n_storage++;
        }
      else if (g_str_equal (type, "Microsoft.KeyVault/vaults"))
        {
          g_assert_true (g_regex_match (vault_re, name, 0, NULL));
          g_assert_null (strstr (name, "--"));
          n_vault++;
        }
      else
        continue;
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, g_steal_pointer (&key));
    }
  g_assert_cmpuint (n_storage, ==, 24);
  g_assert_cmpuint (n_vault, ==, 24);
}

static void
test_deterministic (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (300, 7);
  g_autoptr(TopoDocument) doc2 = topo_generate (300, 7);
  g_autofree char *a = topo_arm_export_to_string (doc);
  g_autofree char *b = topo_arm_export_to_string (doc);
  g_autofree char *c = topo_arm_export_to_string (doc2);
  g_autofree char *saved = topo_format_to_data (doc, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) reloaded = topo_format_load_data (saved, strlen (saved), "gen.topograph", &error);
  g_autofree char *d = NULL;

  g_assert_no_error (error);
  d = topo_arm_export_to_string (reloaded);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, ==, c);
  g_assert_cmpstr (a, ==, d);
  g_assert_true (g_str_has_suffix (a, "}\n"));
}

static void
test_schema_samples (void)
{
  g_autoptr(GPtrArray) samples = arm_test_list_samples ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_dir_make_tmp ("topo-arm-XXXXXX", NULL);

  if (samples->len == 0)
    {
      g_test_skip ("no samples in $TOPOGRAPH_SAMPLES");
      return;
    }
  for (guint i = 0; i < samples->len; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *path = g_ptr_array_index (samples, i);
      g_autoptr(TopoDocument) doc = topo_format_load_path (path, &error);
      g_autofree char *base = g_path_get_basename (path);
      char *out = g_strdup_printf ("%s/%s.json", dir, base);

      g_assert_no_error (error);
      g_assert_true (topo_arm_export_to_file (doc, out, &error));
      g_assert_no_error (error);
      g_ptr_array_add (files, out);
    }
  arm_test_validate (files);
  arm_test_remove_tree (dir);
}

static void
test_schema_generated (void)
{
  static const struct { guint n; guint32 seed; } designs[] = {
    { 50, 1 }, { 50, 2 }, { 50, 3 }, { 300, 1 }, { 300, 42 }, { 2000, 5 },
  };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_dir_make_tmp ("topo-arm-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (designs); i++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (designs[i].n, designs[i].seed);
      g_autoptr(GError) error = NULL;
      char *out = g_strdup_printf ("%s/gen-%u-%u.json", dir, designs[i].n, designs[i].seed);

      g_assert_true (topo_arm_export_to_file (doc, out, &error));
      g_assert_no_error (error);
      g_ptr_array_add (files, out);
    }
  {
    g_autoptr(TopoDocument) doc = load_small ();
    g_autoptr(GError) error = NULL;
    char *out = g_strdup_printf ("%s/small.json", dir);
    g_assert_true (topo_arm_export_to_file (doc, out, &error));
    g_ptr_array_add (files, out);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = topo_format_load_data (cycle_design, strlen (cycle_design), "cycle.topograph", &error);
    char *out = g_strdup_printf ("%s/cycle.json", dir);
    g_assert_no_error (error);
    g_assert_true (topo_arm_export_to_file (doc, out, &error));
    g_ptr_array_add (files, out);
  }
  arm_test_validate (files);
  arm_test_remove_tree (dir);
}

static void
test_golden (void)
{
  static const char *const goldens[] = { "contoso", "multi-environment", "workspace-per-team" };
  const char *samples_dir = g_getenv ("TOPOGRAPH_SAMPLES");
  gboolean update = g_strcmp0 (g_getenv ("TOPOGRAPH_UPDATE_GOLDEN"), "1") == 0;

  if (samples_dir == NULL)
    {
      g_test_skip ("TOPOGRAPH_SAMPLES not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *sample = g_strdup_printf ("%s/%s.topograph", samples_dir, goldens[i]);
      g_autofree char *golden_name = g_strdup_printf ("%s.json", goldens[i]);
      g_autofree char *golden = g_test_build_filename (G_TEST_DIST, "arm", "golden", golden_name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = NULL;
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;

      if (!g_file_test (sample, G_FILE_TEST_EXISTS))
        {
          g_test_message ("sample %s missing", sample);
          continue;
        }
      doc = topo_format_load_path (sample, &error);
      g_assert_no_error (error);
      text = topo_arm_export_to_string (doc);
      if (update)
        {
          g_assert_true (g_file_set_contents (golden, text, -1, &error));
          g_test_message ("rewrote %s", golden);
          continue;
        }
      if (!g_file_get_contents (golden, &expected, NULL, &error))
        g_error ("%s: %s (run with TOPOGRAPH_UPDATE_GOLDEN=1 to create it)", golden, error->message);
      if (!g_str_equal (text, expected))
        g_error ("ARM export of %s differs from %s; if the change is intended, rerun with "
                 "TOPOGRAPH_UPDATE_GOLDEN=1 and review the diff", sample, golden);
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/arm/export/shape", test_shape);
  g_test_add_func ("/topo/arm/export/team-parameters", test_team_parameters);
  g_test_add_func ("/topo/arm/export/dependency-cycle", test_dependency_cycle);
  g_test_add_func ("/topo/arm/export/escaping", test_escaping);
  g_test_add_func ("/topo/arm/export/derived-names", test_derived_names);
  g_test_add_func ("/topo/arm/export/deterministic", test_deterministic);
  g_test_add_func ("/topo/arm/export/golden", test_golden);
  g_test_add_func ("/topo/arm/export/schema/samples", test_schema_samples);
  g_test_add_func ("/topo/arm/export/schema/generated", test_schema_generated);

  return g_test_run ();
}
