/* test-arm-import.c: ARM import — expressions, corpus, round trip, bad input, fuzzing, CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo.h"
#include "topo-arm-export.h"
#include "topo-arm-expr.h"
#include "topo-arm-import.h"
#include "topo-arm-import-private.h"
#include "topo-json-reader.h"
#include "topo-layout.h"
#include "topo-validator.h"
#include "arm-test-util.h"

/* ---- expressions ---- */

static const char expr_template[] =
  "{ \"parameters\": {"
  "    \"name\": { \"type\": \"string\", \"defaultValue\": \"Fraud\" },"
  "    \"env\": { \"type\": \"string\", \"defaultValue\": \"[toLower('DEV')]\" },"
  "    \"noDefault\": { \"type\": \"string\" },"
  "    \"count\": { \"type\": \"int\" },"
  "    \"obj\": { \"type\": \"object\", \"defaultValue\": { \"a\": { \"b\": [10, 20] } } } },"
  "  \"variables\": {"
  "    \"ws\": \"[concat('mlw-', parameters('name'), '-', parameters('env'))]\","
  "    \"loop\": \"[variables('loop2')]\","
  "    \"loop2\": \"[variables('loop')]\","
  "    \"nested\": { \"id\": \"[variables('ws')]\" } } }";

static char *
eval_to_string (TopoArmScope *scope,
                const char *text,
                GError **error)
{
  g_autoptr(JsonNode) node = topo_arm_eval_string (scope, text, error);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return topo_json_to_string (node);
}

static void
test_expressions (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  TopoArmScope scope = { 0 };
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain text", "plain text" },
    { "[[not evaluated]", "[not evaluated]" },
    { "['lit''eral']", "lit'eral" },
    { "[parameters('name')]", "Fraud" },
    { "[parameters('env')]", "dev" },
    { "[variables('ws')]", "mlw-Fraud-dev" },
    { "[variables('nested').id]", "mlw-Fraud-dev" },
    { "[parameters('obj').a.b[1]]", "20" },
    { "[format('{0}-{1}-{0}', 'a', 7)]", "a-7-a" },
    { "[toUpper(concat('a', 'b'))]", "AB" },
    { "[resourceGroup().location]", "northeurope" },
    { "[resourceGroup().name]", "rg-test" },
    { "[subscription().subscriptionId]", TOPO_ARM_PLACEHOLDER_SUBSCRIPTION },
    { "[resourceId('Microsoft.Storage/storageAccounts', 'st1')]",
      "/subscriptions/" TOPO_ARM_PLACEHOLDER_SUBSCRIPTION "/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/st1" },
    { "[resourceId('other', 'Microsoft.MachineLearningServices/workspaces/computes', 'ws', 'cpu')]",
      "/subscriptions/" TOPO_ARM_PLACEHOLDER_SUBSCRIPTION "/resourceGroups/other/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/cpu" },
    { "[if(equals(parameters('env'), 'dev'), 'small', json('null'))]", "small" },
    { "[substring('abcdef', 1, 3)]", "bcd" },
    { "[replace('a-b-c', '-', '')]", "abc" },
    { "[length(uniqueString('x', 'y'))]", "13" },
    { "[and(true(), not(empty('x')))]", "true" },
    { "[parameters('noDefault')]", "noDefault" },
    { "[ concat ( 'a' , 'b' ) ]", "ab" },
  };

  g_assert_true (json_parser_load_from_data (parser, expr_template, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  scope.parameters = json_object_get_object_member (root, "parameters");
  scope.variables = json_object_get_object_member (root, "variables");
  scope.rg_name = "rg-test";
  scope.rg_location = "northeurope";
  scope.placeholder_parameters = TRUE;
  scope.missing = missing;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = eval_to_string (&scope, cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, "noDefault");

  /* uniqueString is a stable placeholder. */
  {
    g_autofree char *a = eval_to_string (&scope, "[uniqueString(resourceGroup().id)]", NULL);
    g_autofree char *b = eval_to_string (&scope, "[uniqueString(resourceGroup().id)]", NULL);
    g_assert_cmpstr (a, ==, b);
  }

  /* Errors, never crashes. */
  {
    static const char *const bad[] = {
      "[concat('a']", "[unknownFunction()]", "[parameters('missing')]", "[variables('loop')]",
      "[parameters('count')]", "['unterminated]", "[concat('a') extra]", "[parameters('obj').nope]",
      "[substring('abc', 2, 5)]", "[format('{3}', 'a')]", "[99999999999999999999999]", "[]", "[.x]",
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) node = topo_arm_eval_string (&scope, bad[i], &error);
        g_assert_null (node);
        g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_EXPRESSION);
      }
  }

  /* Depth limit: deeply nested calls and member chains fail cleanly. */
  {
    g_autoptr(GString) deep = g_string_new ("[");
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    for (guint i = 0; i < 5000; i++)
      g_string_append (deep, "concat(");
    g_string_append (deep, "'x'");
    for (guint i = 0; i < 5000; i++)
      g_string_append_c (deep, ')');
    g_string_append_c (deep, ']');
    node = topo_arm_eval_string (&scope, deep->str, &error);
    g_assert_null (node);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_EXPRESSION);
  }
}

/* ---- corpus ---- */

static gboolean
has_warning (GPtrArray *warnings,
             const char *path,
             const char *fragment)
{
  for (guint i = 0; i < warnings->len; i++)
    {
      TopoArmWarning *w = g_ptr_array_index (warnings, i);
      if (g_str_equal (w->path, path) && strstr (w->message, fragment) != NULL)
        return TRUE;
    }
  return FALSE;
}

static const TopoResource *
find_kind (TopoDocument *doc,
           TopoKind kind,
           guint nth)
{
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);
      if (r->kind == kind && nth-- == 0)
        return r;
    }
  return NULL;
}

static guint
count_kind (TopoDocument *doc,
            TopoKind kind)
{
  guint n = 0;

  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    n += topo_document_get_resource (doc, i)->kind == kind;
  return n;
}

/* The document is one the loader accepts (save → load). */
static void
assert_loadable (TopoDocument *doc)
{
  gsize length;
  g_autofree char *text = topo_format_to_data (doc, &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) again = topo_format_load_data (text, length, "imported.topograph", &error);

  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpuint (topo_document_get_n_resources (again), ==, topo_document_get_n_resources (doc));
}

static TopoDocument *
import_corpus (const char *name,
               GPtrArray *warnings)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "arm", "corpus", name, NULL);
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_arm_import_path (path, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = topo_arm_warning_format (g_ptr_array_index (warnings, i), name);
      g_test_message ("%s", line);
    }
  assert_loadable (doc);
  return doc;
}

#define NEW_WARNINGS() g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free)

static void
test_corpus_workspace (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) doc = import_corpus ("machine-learning-workspace.json", warnings);
  const TopoResource *rg = find_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  const TopoResource *ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);
  const TopoResource *st = find_kind (doc, TOPO_KIND_STORAGE, 0);

  g_assert_cmpuint (count_kind (doc, TOPO_KIND_RESOURCE_GROUP), ==, 1);
  g_assert_cmpstr (rg->id, ==, "rg-machine-learning-workspace");
  g_assert_cmpstr (rg->region, ==, "westeurope");
  g_assert_true (has_warning (warnings, "$", "westeurope"));
  /* Parameters without defaults are replaced by their names, with a warning each. */
  g_assert_true (has_warning (warnings, "$.parameters.name", "defaultValue"));
  g_assert_cmpstr (topo_resource_get_name (ws), ==, "mlwnameenvironment");
  g_assert_cmpstr (ws->group, ==, rg->id);
  g_assert_cmpstr (ws->storage, ==, st->id);
  g_assert_cmpstr (topo_resource_get_name (st), ==, "stnameenvironment");
  g_assert_cmpstr (st->sku, ==, "Standard_RAGRS");
  g_assert_nonnull (ws->key_vault);
  g_assert_nonnull (ws->app_insights);
  g_assert_nonnull (ws->container_registry);
  g_assert_cmpstr (topo_document_lookup (doc, ws->container_registry)->name == NULL
                   ? ws->container_registry : topo_document_lookup (doc, ws->container_registry)->name,
                   ==, "crnameenvironment");
  /* Laid out automatically. */
  g_assert_true (ws->has_layout);
}

static void
test_corpus_computes (void)
{
  g_autoptr(GPtrArray) w1 = NEW_WARNINGS ();
  g_autoptr(GPtrArray) w2 = NEW_WARNINGS ();
  g_autoptr(GPtrArray) w3 = NEW_WARNINGS ();
  g_autoptr(TopoDocument) aml = import_corpus ("machine-learning-compute-create-amlcompute.json", w1);
  g_autoptr(TopoDocument) aks = import_corpus ("machine-learning-compute-create-akscompute.json", w2);
  g_autoptr(TopoDocument) prereq = import_corpus ("machine-learning-compute-attach-aks-prereq.json", w3);
  const TopoResource *cluster = find_kind (aml, TOPO_KIND_COMPUTE_CLUSTER, 0);
  const TopoResource *ws = find_kind (aml, TOPO_KIND_WORKSPACE, 0);
  const TopoResource *cl;

  g_assert_nonnull (cluster);
  g_assert_cmpstr (cluster->vm_size, ==, "Standard_DS3_v2");
  g_assert_cmpint (cluster->min_nodes, ==, 0);
  g_assert_cmpint (cluster->max_nodes, ==, 1);
  g_assert_cmpstr (cluster->workspace, ==, ws->id);
  /* The compute's workspace is not in the template: it exists already. */
  g_assert_true (has_warning (w1, "$.resources[0]", "imported as an existing resource"));
  g_assert_true (ws->existing);

  /* An AKS compute without resourceId creates its cluster: AKS resource + inference link. */
  cl = find_kind (aks, TOPO_KIND_AKS, 0);
  g_assert_nonnull (cl);
  g_assert_cmpstr (cl->vm_size, ==, "Standard_D3_v2");
  g_assert_cmpint (cl->node_count, ==, 6);
  g_assert_cmpint (topo_document_find_link (aks, TOPO_LINK_INFERENCE, find_kind (aks, TOPO_KIND_WORKSPACE, 0)->id,
                                            cl->id), >=, 0);

  cl = find_kind (prereq, TOPO_KIND_AKS, 0);
  g_assert_nonnull (cl);
  g_assert_cmpstr (cl->vm_size, ==, "Standard_D4_v3");
  g_assert_cmpint (cl->node_count, ==, 6);
  g_assert_true (has_warning (w3, "$.resources[1]", "templateLink"));
}

static void
test_corpus_datastore (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) doc = import_corpus ("machine-learning-datastore-create-blob.json", warnings);
  const TopoResource *ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);
  const TopoResource *st = find_kind (doc, TOPO_KIND_STORAGE, 0);

  g_assert_nonnull (ws);
  g_assert_nonnull (st);
  g_assert_cmpint (topo_document_find_link (doc, TOPO_LINK_DATASTORE, ws->id, st->id), >=, 0);
  /* The placeholder name from the parameter is made a valid storage account name. */
  g_assert_cmpstr (topo_resource_get_name (st), ==, "storageaccountname");
  g_assert_true (has_warning (warnings, "$.resources[0]", "renamed"));
}

static void
test_corpus_aistudio (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) doc = import_corpus ("aistudio-basics.json", warnings);
  const TopoResource *ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);

  /* Nested inline deployments with inner scope; the hub's associated resources come from the
   * dependencies deployment's outputs through reference(). */
  g_assert_nonnull (ws);
  /* format('ai-{0}-{1}', name, substring(uniqueString(…), 0, 4)) with the stable placeholder. */
  g_assert_true (g_str_has_prefix (topo_resource_get_name (ws), "ai-air-demo-"));
  g_assert_cmpuint (strlen (topo_resource_get_name (ws)), ==, strlen ("ai-air-demo-") + 4);
  g_assert_nonnull (ws->storage);
  g_assert_nonnull (ws->key_vault);
  g_assert_nonnull (ws->app_insights);
  g_assert_nonnull (ws->container_registry);
  g_assert_true (g_str_has_prefix (topo_resource_get_name (topo_document_lookup (doc, ws->storage)), "stairdemo"));
  g_assert_true (has_warning (warnings, "$.resources[1].properties.template.resources[0]", "endpoints"));
}

static void
test_corpus_reexport (void)
{
  g_autoptr(GPtrArray) corpus = arm_test_list_corpus ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_dir_make_tmp ("topo-arm-XXXXXX", NULL);

  g_assert_cmpuint (corpus->len, ==, 6);
  for (guint i = 0; i < corpus->len; i++)
    {
      g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_arm_import_path (g_ptr_array_index (corpus, i), warnings, &error);
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (corpus, i));
      char *out = g_strdup_printf ("%s/%s", dir, base);

      g_assert_no_error (error);
      g_assert_cmpuint (topo_document_get_n_resources (doc), >=, 2);
      g_assert_true (topo_arm_export_to_file (doc, out, &error));
      g_ptr_array_add (files, out);
      {
        /* Imported again: the same design, and nothing to say (its groups without an
         * environment had none in the design either). */
        g_autofree char *text = topo_arm_export_to_string (doc);
        g_autoptr(GPtrArray) again_warnings = NEW_WARNINGS ();
        g_autoptr(TopoDocument) again = topo_arm_import_data (text, -1, base, again_warnings, &error);
        g_autofree char *before = topo_format_to_data (doc, NULL);
        g_autofree char *after = NULL;

        g_assert_no_error (error);
        after = topo_format_to_data (again, NULL);
        g_assert_cmpstr (before, ==, after);
        for (guint k = 0; k < again_warnings->len; k++)
          g_test_message ("%s", ((TopoArmWarning *) g_ptr_array_index (again_warnings, k))->message);
        g_assert_cmpuint (again_warnings->len, ==, 0);
      }
    }
  arm_test_validate (files);
  arm_test_remove_tree (dir);
}

/* ---- round trip ---- */

static void
round_trip (TopoDocument *doc,
            const char *label)
{
  g_autofree char *first = topo_arm_export_to_string (doc);
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) imported = topo_arm_import_data (first, -1, label, warnings, &error);
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;

  g_assert_no_error (error);
  assert_loadable (imported);
  /* A Topograph export imports without anything skipped. */
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = topo_arm_warning_format (g_ptr_array_index (warnings, i), label);
      g_error ("unexpected warning: %s", line);
    }
  second = topo_arm_export_to_string (imported);
  a = json_from_string (first, NULL);
  b = json_from_string (second, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  if (!json_node_equal (a, b))
    g_error ("%s: export → import → export differs", label);
  g_assert_cmpuint (topo_document_get_n_teams (imported), ==, topo_document_get_n_teams (doc));
  /* In practice the text is identical too. */
  g_assert_cmpstr (first, ==, second);
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) samples = arm_test_list_samples ();
  static const struct { guint n; guint32 seed; } designs[] = { { 50, 1 }, { 300, 2 }, { 1000, 3 } };

  for (guint i = 0; i < samples->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_format_load_path (g_ptr_array_index (samples, i), &error);

      g_assert_no_error (error);
      round_trip (doc, g_ptr_array_index (samples, i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (designs); i++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (designs[i].n, designs[i].seed);
      g_autofree char *label = g_strdup_printf ("generated-%u-%u", designs[i].n, designs[i].seed);
      round_trip (doc, label);
    }
}

/* import(export(d)) equals d byte for byte after fmt: what ARM cannot say travels in the
 * template's metadata (metadata.topograph.design). */
static void
assert_exact_round_trip (TopoDocument *doc,
                         const char *label)
{
  g_autofree char *original = topo_format_to_data (doc, NULL);
  g_autofree char *arm = topo_arm_export_to_string (doc);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) imported = topo_arm_import_data (arm, -1, "exported.json", warnings, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  again = topo_format_to_data (imported, NULL);
  if (!g_str_equal (original, again))
    g_error ("%s: import(export(d)) differs from d", label);
  if (warnings->len > 0)
    g_error ("%s: unexpected warning: %s", label, ((TopoArmWarning *) g_ptr_array_index (warnings, 0))->message);
  g_assert_false (topo_document_can_undo (imported));
}

static void
test_round_trip_exact (void)
{
  g_autoptr(GPtrArray) samples = arm_test_list_samples ();
  static const struct { guint n; guint32 seed; } designs[] = { { 50, 1 }, { 300, 2 }, { 1000, 3 }, { 120, 7 } };
  /* Everything ARM cannot say, and user text that ARM would evaluate. */
  static const char tricky[] =
    "{\"format\":\"topograph\",\"version\":1,\"name\":\"[Design] x\","
    "\"policy\":{\"environments\":[\"dev\",\"prod\"],\"production_environments\":[\"prod\"],\"naming\":\"caf\","
    "\"rules\":{\"TAG002\":\"off\"},\"x-policy\":[1,2]},"
    "\"lanes\":[\"northeurope\",\"westeurope\"],"
    "\"teams\":[{\"id\":\"t1\",\"name\":\"[Ops]\",\"data_access\":\"restricted\",\"external\":true}],"
    "\"resources\":["
    "{\"id\":\"rg1\",\"type\":\"resource-group\",\"name\":\"rg-a-dev\",\"region\":\"westeurope\",\"environment\":\"dev\","
    "\"purpose\":\"team\",\"team\":\"[T]\",\"project\":\"p\",\"tags\":{\"[k]\":\"[v]\",\"[[x\":\"y\"},\"layout\":{\"x\":5,\"y\":7.5,\"w\":600,\"h\":300}},"
    "{\"id\":\"ws1\",\"type\":\"workspace\",\"name\":\"mlw-a-dev\",\"group\":\"rg1\",\"purpose\":\"exploration\","
    "\"access\":[{\"team\":\"t1\",\"role\":\"reader\",\"x-e\":true}],\"x-unknown\":{\"a\":[\"[b\"]}},"
    "{\"id\":\"st1\",\"type\":\"storage\",\"name\":\"stadev\",\"group\":\"rg1\",\"data\":\"non-production\",\"sensitivity\":\"confidential\"}],"
    "\"links\":[{\"type\":\"promotion\",\"from\":\"ws1\",\"to\":\"ws1\"},{\"type\":\"datastore\",\"from\":\"ws1\",\"to\":\"st1\",\"access\":\"write\"}],"
    "\"suppressions\":[{\"rule\":\"SEG006\",\"subjects\":[\"ws1\",\"ws1\"],\"justification\":\"[self]\"}],"
    "\"notes\":[{\"id\":\"n1\",\"text\":\"[why] **this** SKU\",\"author\":\"[A]\",\"date\":\"2026-12-04\",\"attach\":\"st1\"},"
    "{\"id\":\"n2\",\"text\":\"free\\n- one\",\"region\":\"westeurope\",\"layout\":{\"x\":700,\"y\":10}},"
    "{\"id\":\"n3\",\"text\":\"on a link\",\"attach\":{\"type\":\"datastore\",\"from\":\"ws1\",\"to\":\"st1\"},\"x-n\":1}],"
    "\"x-top\":\"kept\"}";

  for (guint i = 0; i < samples->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_format_load_path (g_ptr_array_index (samples, i), &error);

      g_assert_no_error (error);
      assert_exact_round_trip (doc, g_ptr_array_index (samples, i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (designs); i++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (designs[i].n, designs[i].seed);
      g_autofree char *label = g_strdup_printf ("generated-%u-%u", designs[i].n, designs[i].seed);

      assert_exact_round_trip (doc, label);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = topo_format_load_data (tricky, strlen (tricky), "tricky.topograph", &error);

    g_assert_no_error (error);
    assert_exact_round_trip (doc, "tricky");
    /* Notes are never resources of the template: only the design in its metadata has them. */
    {
      g_autofree char *arm = topo_arm_export_to_string (doc);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *resources = NULL;
      JsonObject *root;

      g_assert_true (json_parser_load_from_data (parser, arm, -1, &error));
      root = json_node_get_object (json_parser_get_root (parser));
      json_generator_set_root (gen, json_object_get_member (root, "resources"));
      resources = json_generator_to_data (gen, NULL);
      g_assert_null (strstr (resources, "this** SKU"));
      g_assert_null (strstr (resources, "on a link"));
      g_assert_nonnull (strstr (arm, "[[why] **this** SKU"));
    }
  }
}

/* The template stays authoritative for what it states: an edited SKU wins over the metadata, a
 * resource removed from the template is removed, one added is added. */
static void
test_round_trip_edited (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_generate (50, 1);
  g_autofree char *arm = topo_arm_export_to_string (doc);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autoptr(TopoDocument) imported = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *edited = NULL;
  JsonArray *top;
  const char *st_name = NULL, *kv_name = NULL;
  gboolean sku_done = FALSE, kv_done = FALSE;

  g_assert_true (json_parser_load_from_data (parser, arm, -1, &error));
  top = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "resources");
  for (guint i = 0; i < json_array_get_length (top); i++)
    {
      JsonObject *dep = json_array_get_object_element (top, i);
      JsonObject *props;
      JsonArray *inner;

      if (!json_object_has_member (dep, "properties") ||
          !json_object_has_member (json_object_get_object_member (dep, "properties"), "template"))
        continue;
      props = json_object_get_object_member (dep, "properties");
      inner = json_object_get_array_member (json_object_get_object_member (props, "template"), "resources");
      for (guint k = 0; k < json_array_get_length (inner); k++)
        {
          JsonObject *r = json_array_get_object_element (inner, k);
          const char *type = json_object_get_string_member (r, "type");

          if (!sku_done && g_str_equal (type, "Microsoft.Storage/storageAccounts"))
            {
              JsonObject *sku = json_object_get_object_member (r, "sku");

              json_object_set_string_member (sku, "name", "Standard_RAGRS");
              st_name = json_object_get_string_member (r, "name");
              sku_done = TRUE;
            }
          else if (!kv_done && g_str_equal (type, "Microsoft.MachineLearningServices/workspaces/computes") &&
                   g_str_equal (json_object_get_string_member (json_object_get_object_member (r, "properties"), "computeType"), "AmlCompute"))
            {
              kv_name = g_strdup (strchr (json_object_get_string_member (r, "name"), '/') + 1);
              json_array_remove_element (inner, k);
              kv_done = TRUE;
              k--;
            }
        }
    }
  g_assert_true (sku_done && kv_done);
  json_generator_set_root (gen, json_parser_get_root (parser));
  edited = json_generator_to_data (gen, NULL);
  imported = topo_arm_import_data (edited, -1, "edited.json", warnings, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < topo_document_get_n_resources (imported); i++)
    {
      const TopoResource *r = topo_document_get_resource (imported, i);

      if (r->kind == TOPO_KIND_STORAGE && g_str_equal (topo_resource_get_name (r), st_name))
        g_assert_cmpstr (r->sku, ==, "Standard_RAGRS");
      g_assert_false (r->kind == TOPO_KIND_COMPUTE_CLUSTER && g_str_equal (topo_resource_get_name (r), kv_name));
    }
  g_assert_cmpuint (topo_document_get_n_resources (imported), ==, topo_document_get_n_resources (doc) - 1);
  {
    gboolean said_sku = FALSE, said_removed = FALSE;

    for (guint i = 0; i < warnings->len; i++)
      {
        TopoArmWarning *w = g_ptr_array_index (warnings, i);

        said_sku |= g_str_has_prefix (w->path, "$.metadata.topograph.design.resources[") &&
                    strstr (w->message, "Standard_RAGRS") != NULL;
        said_removed |= strstr (w->message, kv_name) != NULL && strstr (w->message, "removed") != NULL;
      }
    g_assert_true (said_sku);
    g_assert_true (said_removed);
  }
  g_free ((char *) kv_name);
}

/* ---- roles and teams in a hand-written template ---- */

static const char roles_template[] =
  "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
  "  \"contentVersion\": \"1.0.0.0\","
  "  \"parameters\": { \"location\": { \"type\": \"string\", \"defaultValue\": \"North Europe\" },"
  "                  \"opsPrincipalId\": { \"type\": \"string\" } },"
  "  \"resources\": ["
  "    { \"type\": \"Microsoft.MachineLearningServices/workspaces\", \"apiVersion\": \"2024-10-01\","
  "      \"name\": \"mlw-x\", \"location\": \"[parameters('location')]\","
  "      \"tags\": { \"environment\": \"prod\", \"note\": \"[[literal]\" },"
  "      \"properties\": { \"publicNetworkAccess\": \"Disabled\" } },"
  "    { \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\", \"name\": \"stx\","
  "      \"location\": \"[parameters('location')]\", \"sku\": { \"name\": \"Standard_GRS\" }, \"kind\": \"StorageV2\","
  "      \"properties\": { \"isHnsEnabled\": true } },"
  "    { \"type\": \"Microsoft.MachineLearningServices/workspaces/datastores\", \"apiVersion\": \"2024-10-01\","
  "      \"name\": \"mlw-x/ds\", \"properties\": { \"datastoreType\": \"AzureBlob\", \"accountName\": \"stx\" } },"
  "    { \"type\": \"Microsoft.Authorization/roleAssignments\", \"apiVersion\": \"2022-04-01\","
  "      \"name\": \"[guid('a')]\", \"scope\": \"Microsoft.Storage/storageAccounts/stx\","
  "      \"properties\": { \"roleDefinitionId\": \"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')]\","
  "        \"principalId\": \"[reference(resourceId('Microsoft.MachineLearningServices/workspaces', 'mlw-x'), '2024-10-01', 'Full').identity.principalId]\" } },"
  "    { \"type\": \"Microsoft.Authorization/roleAssignments\", \"apiVersion\": \"2022-04-01\","
  "      \"name\": \"[guid('b')]\", \"scope\": \"[resourceId('Microsoft.MachineLearningServices/workspaces', 'mlw-x')]\","
  "      \"properties\": { \"roleDefinitionId\": \"/providers/Microsoft.Authorization/roleDefinitions/f6c7c914-8db3-469d-8ca1-694a8f32e121\","
  "        \"principalId\": \"[parameters('opsPrincipalId')]\", \"principalType\": \"Group\" } },"
  "    { \"type\": \"Microsoft.Authorization/roleAssignments\", \"apiVersion\": \"2022-04-01\","
  "      \"name\": \"[guid('c')]\", \"scope\": \"Microsoft.MachineLearningServices/workspaces/mlw-x\","
  "      \"properties\": { \"roleDefinitionId\": \"acdd72a7-3385-48ef-bd42-f606fba81ae7\","
  "        \"principalId\": \"11111111-2222-3333-4444-555555555555\" } },"
  "    { \"type\": \"Microsoft.Network/virtualNetworks\", \"apiVersion\": \"2023-01-01\", \"name\": \"vnet\" },"
  "    { \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\", \"name\": \"[concat('st', copyIndex())]\","
  "      \"copy\": { \"name\": \"loop\", \"count\": 3 } },"
  "    { \"type\": \"Microsoft.KeyVault/vaults\", \"apiVersion\": \"2023-07-01\", \"name\": \"kv-cond\","
  "      \"condition\": \"[equals('a', 'b')]\" },"
  "    { \"type\": \"Microsoft.KeyVault/vaults\", \"apiVersion\": \"2023-07-01\", \"name\": \"[unknownFn()]\" },"
  "    { \"type\": \"Microsoft.Resources/deployments\", \"apiVersion\": \"2022-09-01\", \"name\": \"linked\","
  "      \"properties\": { \"mode\": \"Incremental\", \"templateLink\": { \"uri\": \"https://example.com/t.json\" } } },"
  "    { \"type\": \"Microsoft.Resources/deployments\", \"apiVersion\": \"2022-09-01\", \"name\": \"nested\","
  "      \"properties\": { \"mode\": \"Incremental\", \"template\": { \"resources\": ["
  "        { \"type\": \"Microsoft.ContainerRegistry/registries\", \"apiVersion\": \"2023-07-01\","
  "          \"name\": \"[concat('cr', toLower(parameters('location')))]\" } ] } } }"
  "  ] }";

static void
test_roles_and_unsupported (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_arm_import_data (roles_template, -1, "dir/My Template!.json", warnings, &error);
  const TopoResource *ws, *st, *rg, *cr;
  int link;

  g_assert_no_error (error);
  assert_loadable (doc);
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = topo_arm_warning_format (g_ptr_array_index (warnings, i), "roles.json");
      g_test_message ("%s", line);
    }
  rg = find_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  g_assert_cmpstr (rg->id, ==, "rg-My-Template");
  g_assert_cmpstr (rg->region, ==, "northeurope");

  ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);
  st = find_kind (doc, TOPO_KIND_STORAGE, 0);
  g_assert_cmpstr (ws->id, ==, "mlw-x");
  g_assert_cmpint (ws->public_network_access, ==, TOPO_TRI_FALSE);
  g_assert_cmpstr (topo_resource_get_tag (ws, "note"), ==, "[literal]");
  g_assert_cmpstr (st->sku, ==, "Standard_GRS");
  g_assert_cmpint (st->hns, ==, TOPO_TRI_TRUE);
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_STORAGE), ==, 1);
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_KEY_VAULT), ==, 0);

  /* Datastore with the contributor role of the workspace identity → write access. */
  link = topo_document_find_link (doc, TOPO_LINK_DATASTORE, ws->id, st->id);
  g_assert_cmpint (link, >=, 0);
  g_assert_cmpint (topo_document_get_link (doc, link)->access, ==, TOPO_ACCESS_WRITE);

  /* Team roles: a parameter principal and a literal object id. */
  g_assert_nonnull (ws->access);
  g_assert_cmpuint (ws->access->len, ==, 2);
  g_assert_cmpstr (g_array_index (ws->access, TopoAccessEntry, 0).team, ==, "ops");
  g_assert_cmpint (g_array_index (ws->access, TopoAccessEntry, 0).role, ==, TOPO_ROLE_DATA_SCIENTIST);
  g_assert_cmpstr (g_array_index (ws->access, TopoAccessEntry, 1).team, ==, "team-11111111-2222-3333-4444-555555555555");
  g_assert_cmpint (g_array_index (ws->access, TopoAccessEntry, 1).role, ==, TOPO_ROLE_READER);
  g_assert_nonnull (topo_document_lookup_team (doc, "ops"));

  /* Nested deployment with outer scope sees the template's parameters. */
  cr = find_kind (doc, TOPO_KIND_CONTAINER_REGISTRY, 0);
  g_assert_nonnull (cr);
  g_assert_cmpstr (topo_resource_get_name (cr), ==, "crnortheurope");

  g_assert_true (has_warning (warnings, "$.resources[6]", "not part of the design model"));
  g_assert_true (has_warning (warnings, "$.resources[7]", "copy loops"));
  g_assert_true (has_warning (warnings, "$.resources[8].condition", "condition is false"));
  g_assert_true (has_warning (warnings, "$.resources[9].name", "unsupported function"));
  g_assert_true (has_warning (warnings, "$.resources[9]", "skipped"));
  g_assert_true (has_warning (warnings, "$.resources[10]", "templateLink"));
}

static const char subscription_template[] =
  "{ \"$schema\": \"https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#\","
  "  \"contentVersion\": \"1.0.0.0\","
  "  \"variables\": { \"rg\": \"rg-undeclared\" },"
  "  \"resources\": ["
  "    { \"type\": \"Microsoft.Resources/deployments\", \"apiVersion\": \"2022-09-01\", \"name\": \"d\","
  "      \"resourceGroup\": \"[variables('rg')]\","
  "      \"properties\": { \"mode\": \"Incremental\", \"expressionEvaluationOptions\": { \"scope\": \"inner\" },"
  "        \"template\": { \"resources\": ["
  "          { \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\","
  "            \"name\": \"[concat('st', uniqueString(resourceGroup().id))]\" } ] } } },"
  "    { \"type\": \"Microsoft.KeyVault/vaults\", \"apiVersion\": \"2023-07-01\", \"name\": \"kv-at-sub\" }"
  "  ] }";

/* ---- conditions, parameters, unmodelled properties, environments ---- */

/* The shape of the quickstart "workspace with its dependencies": each dependency behind a
 * condition that is true with the defaults. */
static const char conditions_template[] =
  "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
  "  \"contentVersion\": \"1.0.0.0\","
  "  \"parameters\": { \"location\": { \"type\": \"string\", \"defaultValue\": \"westeurope\" },"
  "    \"storageAccountNewOrExisting\": { \"type\": \"string\", \"defaultValue\": \"new\" },"
  "    \"useRegistry\": { \"type\": \"bool\", \"defaultValue\": false },"
  "    \"aksMode\": { \"type\": \"string\" } },"
  "  \"resources\": ["
  "    { \"condition\": \"[equals(parameters('storageAccountNewOrExisting'), 'new')]\","
  "      \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\", \"name\": \"stfraud\","
  "      \"location\": \"[parameters('location')]\", \"sku\": { \"name\": \"Standard_GRS\" },"
  "      \"properties\": { \"isHnsEnabled\": false, \"encryption\": { \"keySource\": \"Microsoft.Storage\" } } },"
  "    { \"condition\": \"[not(parameters('useRegistry'))]\","
  "      \"type\": \"Microsoft.KeyVault/vaults\", \"apiVersion\": \"2023-07-01\", \"name\": \"kv-fraud\","
  "      \"location\": \"[parameters('location')]\", \"properties\": { \"tenantId\": \"[subscription().tenantId]\" } },"
  "    { \"condition\": \"[parameters('useRegistry')]\","
  "      \"type\": \"Microsoft.ContainerRegistry/registries\", \"apiVersion\": \"2023-07-01\", \"name\": \"crfraud\","
  "      \"location\": \"[parameters('location')]\" },"
  "    { \"condition\": \"[equals(parameters('aksMode'), 'new')]\","
  "      \"type\": \"Microsoft.ContainerService/managedClusters\", \"apiVersion\": \"2025-10-01\", \"name\": \"aks-fraud\","
  "      \"location\": \"[parameters('location')]\" },"
  "    { \"condition\": \"[mystery()]\","
  "      \"type\": \"Microsoft.Insights/components\", \"apiVersion\": \"2020-02-02\", \"name\": \"appi-fraud\","
  "      \"location\": \"[parameters('location')]\" },"
  "    { \"type\": \"Microsoft.MachineLearningServices/workspaces\", \"apiVersion\": \"2024-10-01\","
  "      \"name\": \"mlw-fraud\", \"location\": \"[parameters('location')]\","
  "      \"properties\": { \"storageAccount\": \"[resourceId('Microsoft.Storage/storageAccounts', 'stfraud')]\","
  "        \"keyVault\": \"[resourceId('Microsoft.KeyVault/vaults', 'kv-fraud')]\" } },"
  "    { \"type\": \"Microsoft.MachineLearningServices/workspaces/computes\", \"apiVersion\": \"2024-10-01\","
  "      \"name\": \"mlw-fraud/ci-alice\", \"location\": \"[parameters('location')]\","
  "      \"properties\": { \"computeType\": \"ComputeInstance\", \"properties\": { \"vmSize\": \"Standard_DS3_v2\","
  "        \"subnet\": { \"id\": \"x\" }, \"schedules\": {}, \"setupScripts\": {},"
  "        \"personalComputeInstanceSettings\": { \"assignedUser\": { \"objectId\": \"y\" } } } } }"
  "  ] }";

static void
test_conditions (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_arm_import_data (conditions_template, -1, "rg-fraud-qa.json", warnings, &error);
  const TopoResource *st, *ws, *rg;

  g_assert_no_error (error);
  /* True with the defaults: imported with its properties, and the workspace uses it. */
  st = find_kind (doc, TOPO_KIND_STORAGE, 0);
  g_assert_nonnull (st);
  g_assert_cmpstr (st->sku, ==, "Standard_GRS");
  ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);
  g_assert_cmpstr (ws->storage, ==, st->id);
  g_assert_nonnull (ws->key_vault);
  /* False with the defaults: not imported, and said so. */
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_CONTAINER_REGISTRY), ==, 0);
  g_assert_true (has_warning (warnings, "$.resources[2].condition", "condition is false"));
  /* Depends on a parameter without a value, or cannot be evaluated: imported, and said so. */
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_AKS), ==, 1);
  g_assert_true (has_warning (warnings, "$.resources[3].condition", "parameter without a value"));
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_APP_INSIGHTS), ==, 1);
  g_assert_true (has_warning (warnings, "$.resources[4].condition", "cannot be evaluated"));
  /* What the design does not model is dropped with its JSON path. */
  g_assert_true (has_warning (warnings, "$.resources[0].properties.encryption", "not part of the design model"));
  g_assert_false (has_warning (warnings, "$.resources[0].properties.isHnsEnabled", "not part of the design model"));
  g_assert_true (has_warning (warnings, "$.resources[6].properties.properties.subnet", "not part of the design model"));
  g_assert_true (has_warning (warnings, "$.resources[6].properties.properties.schedules", "not part of the design model"));
  g_assert_true (has_warning (warnings, "$.resources[6].properties.properties.setupScripts", "not part of the design model"));
  g_assert_true (has_warning (warnings, "$.resources[6].properties.properties.personalComputeInstanceSettings",
                              "not part of the design model"));
  /* The environment from the RG's CAF name part, and the reason given. */
  rg = find_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  g_assert_cmpstr (rg->environment, ==, "qa");
  g_assert_true (has_warning (warnings, "$", "name part 'qa'"));

  /* A condition on what only the deployment knows (reference(), directly or through a variable
   * already evaluated once) is not false: imported, and said so. It used to compare the
   * reference's placeholder and skip the resource. */
  {
    g_autoptr(TopoDocument) runtime = NULL;

    g_ptr_array_set_size (warnings, 0);
    runtime = topo_arm_import_data (
      "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
      "  \"contentVersion\": \"1.0.0.0\","
      "  \"variables\": { \"blob\": \"[reference(resourceId('Microsoft.Storage/storageAccounts', 'stx'), '2023-05-01').primaryEndpoints.blob]\" },"
      "  \"resources\": ["
      "  { \"condition\": \"[equals(reference(resourceId('Microsoft.Storage/storageAccounts', 'stx')).primaryEndpoints.blob, 'x')]\","
      "    \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\", \"name\": \"stone\","
      "    \"location\": \"westeurope\", \"sku\": { \"name\": \"Standard_LRS\" }, \"properties\": {} },"
      "  { \"condition\": \"[not(empty(variables('blob')))]\","
      "    \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\", \"name\": \"sttwo\","
      "    \"location\": \"westeurope\", \"sku\": { \"name\": \"Standard_LRS\" }, \"properties\": {} },"
      "  { \"condition\": \"[empty(variables('blob'))]\","
      "    \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\", \"name\": \"stthree\","
      "    \"location\": \"westeurope\", \"sku\": { \"name\": \"Standard_LRS\" }, \"properties\": {} } ] }",
      -1, "rg-runtime.json", warnings, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_kind (runtime, TOPO_KIND_STORAGE), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *path = g_strdup_printf ("$.resources[%u].condition", i);
        g_assert_true (has_warning (warnings, path, "only known at deployment time"));
      }
  }
}

static void
test_parameters_and_environment (void)
{
  g_autofree char *dir = g_dir_make_tmp ("topo-params-XXXXXX", NULL);
  g_autofree char *params_path = g_build_filename (dir, "params.json", NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(TopoDocument) named = NULL;
  TopoArmImportOptions options = { NULL, "staging" };

  g_assert_true (g_file_set_contents (params_path,
    "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\","
    "  \"contentVersion\": \"1.0.0.0\", \"parameters\": { \"useRegistry\": { \"value\": true },"
    "  \"aksMode\": { \"value\": \"existing\" }, \"location\": { \"value\": \"swedencentral\" },"
    "  \"secret\": { \"reference\": { \"keyVault\": { \"id\": \"x\" }, \"secretName\": \"s\" } } } }", -1, NULL));
  values = topo_arm_parameters_load (params_path, warnings, &error);
  g_assert_no_error (error);
  g_assert_true (has_warning (warnings, "$.parameters.secret", "Key Vault"));
  g_ptr_array_set_size (warnings, 0);
  options.parameters = values;
  doc = topo_arm_import_data_full (conditions_template, -1, "rg-fraud.json", &options, warnings, &error);
  g_assert_no_error (error);
  /* The file's values win over the defaults. */
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_CONTAINER_REGISTRY), ==, 1);
  g_assert_true (has_warning (warnings, "$.resources[1].condition", "condition is false"));
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_AKS), ==, 0);
  /* No environment in the name of the RG nor its resources: --environment, and said so. */
  g_assert_cmpstr (find_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0)->environment, ==, "staging");
  g_assert_true (has_warning (warnings, "$", "--environment"));
  /* The location parameter's value, not its default, places the resource group. */
  g_assert_cmpstr (find_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0)->region, ==, "swedencentral");

  /* The names of the RG's resources agree on an environment. */
  {
    g_autofree char *prod = g_strdup (conditions_template);
    char *p;

    while ((p = strstr (prod, "fraud")) != NULL)
      memcpy (p, "f-prd", 5);
    g_ptr_array_set_size (warnings, 0);
    named = topo_arm_import_data (prod, -1, "rg-x.json", warnings, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (find_kind (named, TOPO_KIND_RESOURCE_GROUP, 0)->environment, ==, "prod");
    g_assert_true (has_warning (warnings, "$", "names of its resources"));
  }

  /* A resource-group-scope template never declares its group: its resources' environment tags
   * say the environment (before the CAF name parts, which here say otherwise). */
  {
    g_autoptr(TopoDocument) tagged = NULL;

    g_ptr_array_set_size (warnings, 0);
    tagged = topo_arm_import_data (
      "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
      "  \"contentVersion\": \"1.0.0.0\", \"resources\": ["
      "  { \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-05-01\", \"name\": \"stdev001\","
      "    \"location\": \"westeurope\", \"tags\": { \"environment\": \"qa\", \"owner\": \"x\" },"
      "    \"sku\": { \"name\": \"Standard_LRS\" }, \"kind\": \"StorageV2\", \"properties\": {} } ] }",
      -1, "rg-x-dev.json", warnings, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (find_kind (tagged, TOPO_KIND_RESOURCE_GROUP, 0)->environment, ==, "qa");
    g_assert_true (has_warning (warnings, "$", "from the environment tag of its resources, such as 'stdev001'"));
    /* the tag is the group's now: the export writes it back from there */
    g_assert_null (topo_resource_get_tag (find_kind (tagged, TOPO_KIND_STORAGE, 0), "environment"));
  }

  /* A file that is not a parameters file. */
  g_assert_true (g_file_set_contents (params_path, "{ \"values\": 1 }", -1, NULL));
  g_clear_pointer (&values, json_object_unref);
  values = topo_arm_parameters_load (params_path, NULL, &error);
  g_assert_null (values);
  g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "$.parameters"));
  g_unlink (params_path);
  g_rmdir (dir);
}

static void
test_subscription_scope (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_arm_import_data (subscription_template, -1, "sub.json", warnings, &error);
  const TopoResource *rg, *st;

  g_assert_no_error (error);
  assert_loadable (doc);
  rg = find_kind (doc, TOPO_KIND_RESOURCE_GROUP, 0);
  st = find_kind (doc, TOPO_KIND_STORAGE, 0);
  g_assert_cmpuint (count_kind (doc, TOPO_KIND_RESOURCE_GROUP), ==, 1);
  g_assert_cmpstr (rg->id, ==, "rg-undeclared");
  g_assert_cmpstr (rg->region, ==, "westeurope");
  g_assert_true (has_warning (warnings, "$.resources[0]", "location of resource group 'rg-undeclared'"));
  g_assert_cmpstr (st->group, ==, "rg-undeclared");
  g_assert_true (g_regex_match_simple ("^st[0-9a-f]{13}$", topo_resource_get_name (st), 0, 0));
  g_assert_true (has_warning (warnings, "$.resources[1]", "subscription scope"));
}

/* ---- bad input ---- */

static void
test_bad_input (void)
{
  static const struct { const char *text; int code; const char *fragment; } cases[] = {
    { "", TOPO_ARM_ERROR_SYNTAX, "bad.json: $: not JSON" },
    { "{ \"$schema\": ", TOPO_ARM_ERROR_SYNTAX, "bad.json: $.$schema: not JSON" },
    { "[1, 2]", TOPO_ARM_ERROR_INVALID, "bad.json: $: not an ARM template" },
    { "{ \"resources\": [] }", TOPO_ARM_ERROR_INVALID, "bad.json: $.$schema" },
    { "{ \"$schema\": 3, \"resources\": [] }", TOPO_ARM_ERROR_INVALID, "bad.json: $.$schema" },
    { "{ \"$schema\": \"https://example.com/other.json#\", \"resources\": [] }", TOPO_ARM_ERROR_INVALID, "bad.json: $.$schema" },
    { "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\" }",
      TOPO_ARM_ERROR_INVALID, "bad.json: $.resources" },
    { "{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": 5 }",
      TOPO_ARM_ERROR_INVALID, "bad.json: $.resources" },
    { "\xff\xfe{}", TOPO_ARM_ERROR_SYNTAX, "bad.json: $: not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_arm_import_data (cases[i].text, -1, "bad.json", NULL, &error);

      g_assert_null (doc);
      g_assert_error (error, TOPO_ARM_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].fragment) == NULL)
        g_error ("case %u: '%s' does not contain '%s'", i, error->message, cases[i].fragment);
    }
  {
    /* Hostile nesting is refused by the bounded reader, with the path where it happens. */
    g_autoptr(GString) deep = g_string_new ("{ \"$schema\": \"x\", \"resources\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = NULL;

    for (guint i = 0; i < 200000; i++)
      g_string_append_c (deep, '[');
    doc = topo_arm_import_data (deep->str, deep->len, "deep.json", NULL, &error);
    g_assert_null (doc);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX);
    g_assert_nonnull (strstr (error->message, "deep.json: $.resources[0][0]"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = topo_arm_import_path ("/nonexistent/t.json", NULL, &error);
    g_assert_null (doc);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "/nonexistent/t.json"));
  }
}

/* ---- fuzzing ---- */

static JsonNode *
random_value (GRand *rand)
{
  JsonNode *node;

  switch (g_rand_int_range (rand, 0, 7))
    {
    case 0:
      return json_node_new (JSON_NODE_NULL);
    case 1:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, g_rand_int_range (rand, -5, 100));
      return node;
    case 2:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, g_rand_boolean (rand));
      return node;
    case 3:
      {
        static const char *const strings[] = { "", "[", "[]", "[[x", "[concat(", "[parameters('location')]",
                                               "[variables('nope')]", "a/b/c", "/subscriptions/x",
                                               "[resourceId('Microsoft.Storage/storageAccounts')]",
                                               "[reference('x').outputs.y.value]", "Microsoft.Resources/deployments",
                                               "[if(true(), 'a')]", "[json('{')]", "[substring('a', 5)]" };
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (strings))]);
        return node;
      }
    case 4:
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
      return node;
    case 5:
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
      return node;
    default:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, 1.5);
      return node;
    }
}

/* Picks a random container node (object or array) of the tree. */
static JsonNode *
random_container (JsonNode *node,
                  GRand *rand,
                  guint depth)
{
  if (depth > 12 || g_rand_int_range (rand, 0, 4) == 0)
    return node;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);
      guint n = g_list_length (members);
      JsonNode *child;

      if (n == 0)
        return node;
      child = json_object_get_member (obj, g_list_nth_data (members, g_rand_int_range (rand, 0, n)));
      if (JSON_NODE_HOLDS_OBJECT (child) || JSON_NODE_HOLDS_ARRAY (child))
        return random_container (child, rand, depth + 1);
      return node;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      JsonNode *child;

      if (json_array_get_length (arr) == 0)
        return node;
      child = json_array_get_element (arr, g_rand_int_range (rand, 0, json_array_get_length (arr)));
      if (JSON_NODE_HOLDS_OBJECT (child) || JSON_NODE_HOLDS_ARRAY (child))
        return random_container (child, rand, depth + 1);
    }
  return node;
}

static void
mutate_tree (JsonNode *root,
             GRand *rand)
{
  JsonNode *target = random_container (root, rand, 0);

  if (JSON_NODE_HOLDS_OBJECT (target))
    {
      JsonObject *obj = json_node_get_object (target);
      g_autoptr(GList) members = json_object_get_members (obj);
      guint n = g_list_length (members);
      const char *key = n > 0 ? g_list_nth_data (members, g_rand_int_range (rand, 0, n)) : NULL;

      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:   /* delete a key */
          if (key != NULL)
            json_object_remove_member (obj, key);
          break;
        case 1:   /* replace a value by another JSON type */
          if (key != NULL)
            json_object_set_member (obj, key, random_value (rand));
          break;
        case 2:   /* duplicate a key's value under a case-changed name */
          if (key != NULL)
            {
              g_autofree char *upper = g_ascii_strup (key, -1);
              json_object_set_member (obj, upper, json_node_copy (json_object_get_member (obj, key)));
            }
          break;
        default:  /* deep nesting */
          if (key != NULL)
            {
              JsonNode *inner = json_node_copy (json_object_get_member (obj, key));
              for (guint i = 0; i < 60; i++)
                {
                  JsonNode *wrap = json_node_new (JSON_NODE_ARRAY);
                  JsonArray *arr = json_array_new ();
                  json_array_add_element (arr, inner);
                  json_node_take_array (wrap, arr);
                  inner = wrap;
                }
              json_object_set_member (obj, key, inner);
            }
          break;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (target))
    {
      JsonArray *arr = json_node_get_array (target);
      guint n = json_array_get_length (arr);

      if (n > 0 && g_rand_boolean (rand))
        json_array_remove_element (arr, g_rand_int_range (rand, 0, n));
      else if (n > 0)
        json_array_add_element (arr, json_node_copy (json_array_get_element (arr, g_rand_int_range (rand, 0, n))));
      else
        json_array_add_element (arr, random_value (rand));
    }
}

static void
test_fuzz (void)
{
  g_autoptr(GPtrArray) corpus = arm_test_list_corpus ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  guint iterations = g_test_slow () ? 20000 : 3000;
  guint imported = 0, refused = 0;

  /* Add a Topograph export: exercises the metadata and nested deployments. */
  {
    g_autoptr(TopoDocument) doc = topo_generate (60, 9);
    g_autofree char *dir = g_dir_make_tmp ("topo-arm-fuzz-XXXXXX", NULL);
    char *path = g_build_filename (dir, "gen.json", NULL);
    g_assert_true (topo_arm_export_to_file (doc, path, NULL));
    g_ptr_array_add (corpus, path);
    g_free (g_steal_pointer (&dir));
  }

  for (guint i = 0; i < iterations; i++)
    {
      const char *path = g_ptr_array_index (corpus, i % corpus->len);
      g_autofree char *data = NULL;
      gsize length;
      g_autofree char *mutated = NULL;
      gsize mutated_len;
      g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = NULL;

      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:   /* byte flips */
          mutated = g_memdup2 (data, length + 1);
          mutated_len = length;
          for (guint k = 0, n = g_rand_int_range (rand, 1, 8); k < n; k++)
            mutated[g_rand_int_range (rand, 0, length)] ^= (char) (1u << g_rand_int_range (rand, 0, 8));
          break;
        case 1:   /* truncation */
          mutated_len = g_rand_int_range (rand, 0, length);
          mutated = g_strndup (data, mutated_len);
          break;
        default:  /* structural mutations, several at once */
          {
            g_autoptr(JsonNode) root = json_from_string (data, NULL);
            g_assert_nonnull (root);
            for (guint k = 0, n = g_rand_int_range (rand, 1, 6); k < n; k++)
              mutate_tree (root, rand);
            mutated = topo_json_to_string (root);
            mutated_len = strlen (mutated);
          }
          break;
        }
      doc = topo_arm_import_data (mutated, (gssize) mutated_len, "fuzz.json", warnings, &error);
      if (doc != NULL)
        {
          g_autofree char *out = NULL;

          g_assert_no_error (error);
          imported++;
          assert_loadable (doc);
          out = topo_arm_export_to_string (doc);
          g_assert_nonnull (out);
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, "fuzz.json: $"));
          refused++;
        }
    }
  g_test_message ("fuzz: %u imported, %u refused", imported, refused);
  g_assert_cmpuint (imported, >, 0);
  g_assert_cmpuint (refused, >, 0);
  {
    const char *gen = g_ptr_array_index (corpus, corpus->len - 1);
    g_autofree char *dir = g_path_get_dirname (gen);
    arm_test_remove_tree (dir);
  }
}

/* ---- CLI ---- */

static int
run_cli (const char *const *args,
         char **out,
         char **err)
{
  const char *cli = g_getenv ("TOPOGRAPH_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, out, err, &status, &error))
    g_error ("cannot run %s: %s", cli, error->message);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

static void
test_cli (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "arm", "corpus", "aistudio-basics.json", NULL);
  g_autofree char *design = NULL;
  g_autofree char *arm = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  if (g_getenv ("TOPOGRAPH_CLI") == NULL)
    {
      g_test_skip ("TOPOGRAPH_CLI not set");
      return;
    }
  dir = g_dir_make_tmp ("topo-arm-cli-XXXXXX", NULL);
  design = g_build_filename (dir, "imported.topograph", NULL);
  arm = g_build_filename (dir, "out.json", NULL);
  bad = g_build_filename (dir, "bad.json", NULL);

  {
    const char *args[] = { "import", "arm", corpus, "-o", design, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    /* Warnings on stderr as FILE: JSONPATH: message. */
    g_assert_nonnull (strstr (err, "aistudio-basics.json: $.resources[1].properties.template.resources[0]: "));
    doc = topo_format_load_path (design, &error);
    g_assert_no_error (error);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* The imported design has findings the export refuses without --force. */
    const char *args[] = { "export", "arm", design, "-o", arm, "--force", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_file_get_contents (arm, &text, NULL, NULL));
    expected = topo_arm_export_to_string (doc);
    g_assert_cmpstr (text, ==, expected);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* Accepted for validation, but not for the export: Azure rejects the name all the same. */
    g_autofree char *accepted = g_build_filename (dir, "accepted.topograph", NULL);
    const char *args[] = { "export", "arm", accepted, "-o", arm, NULL };
    const char *validate[] = { "validate", accepted, NULL };

    g_assert_true (g_file_set_contents (accepted,
      "{ \"format\": \"topograph\", \"version\": 1, \"policy\": {}, \"resources\": ["
      "  { \"id\": \"rg-a-dev\", \"type\": \"resource-group\", \"region\": \"westeurope\", \"environment\": \"dev\" },"
      "  { \"id\": \"st1\", \"type\": \"storage\", \"name\": \"ST_001 Bad!\", \"group\": \"rg-a-dev\" } ],"
      "  \"suppressions\": [ { \"rule\": \"NAM001\", \"subjects\": [\"st1\"], \"justification\": \"legacy\" } ] }",
      -1, NULL));
    g_assert_cmpint (run_cli (validate, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "1 error finding, the template would not deploy; not exported"));
    g_assert_nonnull (strstr (err, "NAM001"));
    g_assert_nonnull (strstr (err, "accepted in the design"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "import", "arm", bad, "-o", design, NULL };
    g_assert_true (g_file_set_contents (bad, "{ \"resources\": [] }", -1, NULL));
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, bad));
    g_assert_nonnull (strstr (err, "$.$schema"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "export", "arm", bad, "-o", arm, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, bad));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "import", "arm", corpus, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "-o"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "export", "arm", "--help", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "--output"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "import", "arm", "--bogus", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
  }
  arm_test_remove_tree (dir);
}

/* ---- existing resources ---- */

static TopoDocument *
import_existing_fixture (const char *name,
                         GPtrArray  *warnings)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "arm", "existing", name, NULL);
  g_autoptr(GError) error = NULL;
  TopoDocument *doc = topo_arm_import_path (path, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *line = topo_arm_warning_format (g_ptr_array_index (warnings, i), name);
      g_test_message ("%s", line);
    }
  return doc;
}

/* Export, check with Microsoft's schemas, import: the same bytes come back. */
static void
assert_exports_and_returns (TopoDocument *doc,
                            const char   *label,
                            char        **template_out)
{
  g_autofree char *dir = g_dir_make_tmp ("topograph-existing-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "template.json", NULL);
  g_autofree char *text = topo_arm_export_to_string (doc);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) back = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  g_ptr_array_add (files, file);
  arm_test_validate (files);
  arm_test_remove_tree (dir);
  back = topo_arm_import_data (text, -1, label, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  before = topo_format_to_data (doc, &length);
  after = topo_format_to_data (back, &length);
  g_assert_cmpstr (before, ==, after);
  *template_out = g_steal_pointer (&text);
}

static gboolean
has_rule (TopoDocument *doc,
          const char   *rule,
          const char   *subject)
{
  g_autoptr(GPtrArray) diagnostics = topo_validate (doc);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (d->rule, rule) && g_strv_contains ((const char *const *) d->subjects, subject))
        return TRUE;
    }
  return FALSE;
}

/* Attaching an AKS cluster that exists already: imported as existing, the compute keeps its own
 * name, the export attaches it again without creating it, and the round trip gives the same bytes. */
static void
test_existing_aks_attach (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) doc = import_existing_fixture ("attach-existing-aks.json", warnings);
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;
  const TopoResource *aks = find_kind (doc, TOPO_KIND_AKS, 0);
  const TopoResource *ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);
  const TopoLink *link;

  g_assert_nonnull (aks);
  g_assert_nonnull (ws);
  g_assert_true (aks->existing);
  g_assert_true (ws->existing);
  g_assert_cmpstr (topo_resource_get_name (aks), ==, "aks-shared-dev");
  g_assert_true (has_warning (warnings, "$.resources[0]", "imported as an existing resource"));
  /* The cluster's group is not declared: the attach's computeLocation says where it is. */
  g_assert_true (has_warning (warnings, "$.resources[0]", "taken from the computeLocation of the attached cluster"));
  g_assert_false (has_warning (warnings, "$.resources[0]", "is unknown"));
  g_assert_cmpuint (topo_document_get_n_links (doc), ==, 1);
  link = topo_document_get_link (doc, 0);
  g_assert_cmpint (link->type, ==, TOPO_LINK_INFERENCE);
  g_assert_cmpstr (link->compute, ==, "aks-attach");

  assert_exports_and_returns (doc, "attach.json", &template);
  /* Attached under its own name, never created, referenced as existing in the metadata; the
   * cluster stays in its own resource group, not the deployment's. */
  g_assert_nonnull (strstr (template, "\"name\": \"mlw-fraud-dev/aks-attach\""));
  g_assert_nonnull (strstr (template, "resourceId('rg-fraud-dev', 'Microsoft.ContainerService/managedClusters', 'aks-shared-dev')"));
  g_assert_null (strstr (template, "\"type\": \"Microsoft.ContainerService/managedClusters\",\n              \"apiVersion\""));
  g_assert_null (strstr (template, "\"type\": \"Microsoft.MachineLearningServices/workspaces\",\n              \"apiVersion\""));
  g_assert_nonnull (strstr (template, "\"existing\": true"));
  /* Both groups hold existing resources only: referenced, not declared (the attach compute
   * deploys into the workspace's group, which exists). */
  g_assert_null (strstr (template, "\"type\": \"Microsoft.Resources/resourceGroups\",\n      \"apiVersion\""));
  g_assert_nonnull (strstr (template, "\"name\": \"topograph-rg-attach-existing-aks\""));

  /* Rules: nothing about creating them; names still count. */
  g_assert_false (has_rule (doc, "DEP003", ws->id));
  g_assert_true (topo_edit_set_property (doc, aks->id, "node_count", "0", &error));
  g_assert_false (has_rule (doc, "DEP006", aks->id));
  g_assert_true (topo_edit_set_property (doc, aks->id, "name", "aks_bad name!", &error));
  g_assert_no_error (error);
  g_assert_true (has_rule (doc, "NAM001", aks->id));
  g_assert_true (topo_edit_set_property (doc, aks->id, "existing", "false", &error));
  g_assert_true (has_rule (doc, "DEP006", aks->id));
}

/* What Bicep writes for `existing` resources (languageVersion 2.0, symbolic names): the workspace
 * and the cluster in its own resource group are existing, not created; the attach keeps its
 * name; what the design does not model of the attach is reported with its path. */
static void
test_existing_aks_attach_bicep (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) doc = import_existing_fixture ("attach-existing-aks-bicep.json", warnings);
  g_autofree char *template = NULL;
  const TopoResource *aks = find_kind (doc, TOPO_KIND_AKS, 0);
  const TopoResource *ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);

  g_assert_nonnull (aks);
  g_assert_nonnull (ws);
  g_assert_true (aks->existing);
  g_assert_true (ws->existing);
  g_assert_null (find_kind (doc, TOPO_KIND_AKS, 1));
  g_assert_cmpstr (topo_resource_get_name (topo_document_get_group_of (doc, aks)), ==, "rg-aks-prod");
  g_assert_cmpstr (topo_resource_get_name (topo_document_get_group_of (doc, ws)), ==, "rg-attach-existing-aks-bicep");
  g_assert_true (has_warning (warnings, "$.resources.aks", "declared existing"));
  g_assert_true (has_warning (warnings, "$.resources.workspace", "declared existing"));
  g_assert_true (has_warning (warnings, "$.resources.attach.properties.properties.clusterPurpose",
                              "not part of the design model"));
  g_assert_cmpuint (topo_document_get_n_links (doc), ==, 1);
  g_assert_cmpstr (topo_document_get_link (doc, 0)->compute, ==, "aks-prod");
  assert_exports_and_returns (doc, "attach-bicep.json", &template);
  g_assert_null (strstr (template, "\"type\": \"Microsoft.ContainerService/managedClusters\",\n              \"apiVersion\""));
  g_assert_nonnull (strstr (template, "resourceId('rg-aks-prod', 'Microsoft.ContainerService/managedClusters', 'aks-inference-prod')"));
}

/* A subscription-scope languageVersion 2.0 template that declares the cluster's group existing and
 * attaches the cluster in a nested deployment: the group is known (not skipped as an unmodelled
 * type), its location comes from the attach, and the export references it without declaring it. */
static void
test_existing_group_declared (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) doc = import_existing_fixture ("attach-existing-group-subscription.json", warnings);
  g_autofree char *template = NULL;
  const TopoResource *aks = find_kind (doc, TOPO_KIND_AKS, 0);

  g_assert_nonnull (aks);
  g_assert_true (aks->existing);
  g_assert_cmpstr (topo_resource_get_name (topo_document_get_group_of (doc, aks)), ==, "rg-aks-shared");
  g_assert_cmpstr (topo_document_get_group_of (doc, aks)->region, ==, "northeurope");
  for (guint i = 0; i < warnings->len; i++)
    g_assert_null (strstr (((TopoArmWarning *) g_ptr_array_index (warnings, i))->message, "not part of the design model"));
  assert_exports_and_returns (doc, "attach-group.json", &template);
  g_assert_null (strstr (template, "\"name\": \"rg-aks-shared\",\n      \"location\""));
}

/* A template of role assignments only: team access on the workspaces they name (referenced as
 * existing), and a warning naming the JSON path of each one that cannot be mapped. */
static void
test_role_assignments_only (void)
{
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) doc = import_existing_fixture ("role-assignments-only.json", warnings);
  g_autofree char *template = NULL;
  const TopoResource *ws = find_kind (doc, TOPO_KIND_WORKSPACE, 0);

  g_assert_nonnull (ws);
  g_assert_true (ws->existing);
  g_assert_cmpstr (topo_resource_get_name (ws), ==, "mlw-fraud-dev");
  g_assert_nonnull (ws->access);
  g_assert_cmpuint (ws->access->len, ==, 2);
  g_assert_cmpstr (g_array_index (ws->access, TopoAccessEntry, 0).team, ==, "dataScientists");
  g_assert_cmpint (g_array_index (ws->access, TopoAccessEntry, 0).role, ==, TOPO_ROLE_DATA_SCIENTIST);
  g_assert_cmpstr (g_array_index (ws->access, TopoAccessEntry, 1).team, ==, "operators");
  g_assert_cmpint (g_array_index (ws->access, TopoAccessEntry, 1).role, ==, TOPO_ROLE_COMPUTE_OPERATOR);
  g_assert_cmpuint (topo_document_get_n_teams (doc), ==, 2);
  g_assert_true (has_warning (warnings, "$.resources[2]", "whole resource group"));
  g_assert_true (has_warning (warnings, "$.resources[3]", "key-vault 'kv-fraud-dev'"));
  g_assert_true (has_warning (warnings, "$", "4 role assignments: 2 imported"));
  assert_exports_and_returns (doc, "roles.json", &template);
}

/* Resource groups that hold existing resources only are referenced, never declared: deploying
 * the template must not PUT them again with the design's region and tags. The metadata gives
 * their location and tags back, so the round trip keeps them and says nothing. */
static void
test_existing_groups (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "arm", "existing", "existing-groups.topograph", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_path (path, &error);
  g_autofree char *template = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *resources;
  g_autoptr(GString) declared = g_string_new (NULL);
  g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
  g_autoptr(TopoDocument) plain = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *without_design = NULL;

  g_assert_no_error (error);
  assert_exports_and_returns (doc, "existing-groups.json", &template);

  /* Declared: the group with something to deploy. Deployed: its deployment and the datastore
   * role on the existing storage, into the storage's (existing) group, depending on nothing
   * the template does not declare. */
  g_assert_true (json_parser_load_from_data (parser, template, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  resources = json_object_get_array_member (root, "resources");
  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *r = json_array_get_object_element (resources, i);
      g_string_append_printf (declared, "%s %s%s;", json_object_get_string_member (r, "type"),
                              json_object_get_string_member (r, "name"),
                              json_object_has_member (r, "dependsOn") ? " (depends)" : "");
    }
  g_assert_cmpstr (declared->str, ==,
                   "Microsoft.Resources/resourceGroups rg-ml-dev;"
                   "Microsoft.Resources/deployments topograph-rg-ml-dev (depends);"
                   "Microsoft.Resources/deployments topograph-rg-data-dev-access (depends);");
  g_assert_nonnull (strstr (template, "\"dependsOn\": [\n        \"[resourceId('rg-ml-dev', "
                                      "'Microsoft.Resources/deployments', 'topograph-rg-ml-dev')]\"\n      ]"));
  g_assert_nonnull (strstr (template, "{\n          \"type\": \"Microsoft.Resources/resourceGroups\",\n"
                                      "          \"name\": \"rg-aks-shared\",\n"
                                      "          \"location\": \"eastus\",\n"));

  /* Without the design in the metadata (a template edited by hand, a tool that drops
   * metadata): the groups keep their location and tags, the unreferenced key vault is there. */
  json_object_remove_member (json_object_get_object_member (json_object_get_object_member (root, "metadata"),
                                                            "topograph"), "design");
  json_generator_set_root (gen, json_parser_get_root (parser));
  without_design = json_generator_to_data (gen, NULL);
  plain = topo_arm_import_data (without_design, -1, "existing-groups.json", warnings, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < warnings->len; i++)
    {
      TopoArmWarning *w = g_ptr_array_index (warnings, i);
      g_test_message ("%s: %s", w->path, w->message);
      g_assert_null (strstr (w->message, "unknown"));
    }
  {
    const TopoResource *aks_rg = topo_document_lookup (plain, "rg-aks-shared");
    const TopoResource *kv = topo_document_lookup (plain, "kv-lonely-dev");

    g_assert_nonnull (aks_rg);
    g_assert_cmpstr (aks_rg->region, ==, "eastus");
    g_assert_cmpstr (aks_rg->environment, ==, "dev");
    g_assert_cmpstr (topo_resource_get_tag (aks_rg, "owner"), ==, "platform");
    g_assert_nonnull (kv);
    g_assert_true (kv->existing);
    g_assert_cmpstr (kv->group, ==, "rg-kv");
    g_assert_cmpstr (topo_document_lookup (plain, "rg-kv")->region, ==, "northeurope");
  }

  /* One new resource in a group makes it the design's to declare again. */
  g_assert_true (topo_edit_set_property (doc, "kv-lonely-dev", "existing", "false", &error));
  g_assert_no_error (error);
  g_clear_pointer (&template, g_free);
  template = topo_arm_export_to_string (doc);
  g_assert_nonnull (strstr (template, "\"name\": \"rg-kv\",\n      \"location\": \"northeurope\""));
}

/* ---- imported layout ---- */

/* A template without Topograph's metadata is laid out: no two cards of a group on top of each
 * other (each used to land on the group's top left corner), every card inside its group. */
static void
test_corpus_layout (void)
{
  g_autoptr(GPtrArray) files = arm_test_list_corpus ();
  g_autofree char *existing = g_test_build_filename (G_TEST_DIST, "arm", "existing", "attach-existing-aks.json", NULL);

  guint pairs = 0;

  g_ptr_array_add (files, g_steal_pointer (&existing));
  for (guint f = 0; f < files->len; f++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) warnings = NEW_WARNINGS ();
      g_autoptr(TopoDocument) doc = topo_arm_import_path (g_ptr_array_index (files, f), warnings, &error);
      guint n, cards = 0;

      g_assert_no_error (error);
      n = topo_document_get_n_resources (doc);
      for (guint i = 0; i < n; i++)
        {
          const TopoResource *a = topo_document_get_resource (doc, i);
          const TopoResource *rg = topo_document_get_group_of (doc, a);
          double aw, ah;

          if (a->kind == TOPO_KIND_RESOURCE_GROUP || rg == NULL)
            continue;
          cards++;
          g_assert_true (a->has_layout);
          topo_layout_card_size (a->kind, &aw, &ah);
          g_assert_cmpfloat (a->layout.x + aw, <=, rg->layout.w);
          g_assert_cmpfloat (a->layout.y + ah, <=, rg->layout.h);
          for (guint j = i + 1; j < n; j++)
            {
              const TopoResource *b = topo_document_get_resource (doc, j);
              TopoRect ra = { a->layout.x, a->layout.y, aw, ah }, rb;

              if (b->kind == TOPO_KIND_RESOURCE_GROUP || g_strcmp0 (b->group, a->group) != 0)
                continue;
              topo_layout_card_size (b->kind, &rb.w, &rb.h);
              rb.x = b->layout.x;
              rb.y = b->layout.y;
              pairs++;
              if (topo_rect_intersects (&ra, &rb))
                g_error ("%s: cards '%s' and '%s' overlap", (char *) g_ptr_array_index (files, f), a->id, b->id);
            }
        }
      g_assert_cmpuint (cards, >=, 1);
    }
  g_assert_cmpuint (pairs, >=, 10);
}

/* ---- the design carried in the metadata ---- */

/* What the import did before it read the design straight from the parsed template: a json-glib
 * copy with every "[[" string (member names too) shortened by one '[', written canonically. */
static JsonNode *
reference_unescape (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (in);
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);

      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *key = l->data;

          json_object_set_member (out, g_str_has_prefix (key, "[[") ? key + 1 : key,
                                  reference_unescape (json_object_get_member (in, key)));
        }
      json_node_take_object (result, out);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      JsonArray *out = json_array_new ();
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, reference_unescape (json_array_get_element (in, i)));
      json_node_take_array (result, out);
      return result;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      g_str_has_prefix (json_node_get_string (node), "[["))
    return json_node_init_string (json_node_alloc (), json_node_get_string (node) + 1);
  return json_node_copy (node);
}

/* The design text read from the parsed template equals the reference, or both find none. */
static void
assert_design_text (const char *template, const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoJsonDocument) json = topo_json_document_parse_full (template, strlen (template),
                                                                    TOPO_JSON_READ_COMMENTS, 64, NULL, &error);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *meta;
  JsonNode *design_node;
  TopoJsonValue *design;

  g_assert_no_error (error);
  root = topo_json_value_to_plain_node (topo_json_document_root (json));
  meta = _topo_member_object (JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL, "metadata");
  design_node = _topo_member (_topo_member_object (meta, "topograph"), "design");
  design = _topo_design_value (topo_json_document_root (json));
  if (design_node == NULL || !JSON_NODE_HOLDS_OBJECT (design_node))
    {
      if (design != NULL)
        g_error ("%s: a design found where json-glib finds none", label);
      return;
    }
  if (design == NULL)
    g_error ("%s: no design found where json-glib finds one", label);
  {
    g_autoptr(JsonNode) plain = reference_unescape (design_node);
    g_autofree char *expected = topo_json_to_string (plain);
    g_autofree char *text = _topo_design_text (design);

    g_assert_cmpstr (text, ==, expected);
  }
}

static void
test_design_text (void)
{
  g_autoptr(GPtrArray) samples = arm_test_list_samples ();
  static const char *const tricky[] = {
    /* duplicate names, as written and once unescaped; escaped strings; numbers of every kind */
    "{\"metadata\":{\"topograph\":{\"design\":{\"a\":1,\"b\":{\"x\":[1,2]},\"a\":\"[[two\",\"[[c\":0.1,"
    "\"[c\":-3,\"[[[d\":[\"[[e\",\"[f\",[],{}],\"g\":123456789012345678901234,\"h\":1e300,\"i\":null,"
    "\"j\":true,\"k\":false,\"l\":\"tab\\tquote\\\"back\\\\slash\\u0001\\u00e9\",\"b\":{\"y\":2},"
    "\"[[c\":7.0,\"m\":-0.0,\"n\":5e-324,\"o\":9223372036854775807,\"p\":-9223372036854775808}}}}",
    /* many members (the hashed duplicate check) */
    "{\"metadata\":{\"topograph\":{\"design\":{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,"
    "\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,"
    "\"k17\":17,\"[[k3\":33,\"k0\":100}}}}",
    "{\"metadata\":{\"topograph\":{\"design\":{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,"
    "\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,"
    "\"k17\":17}}}}",
    /* names found regardless of case, the last duplicate winning, comments allowed */
    "{\"Metadata\":{\"TopoGraph\":{\"DESIGN\":{\"a\":1}, \"design\":{\"b\":2}}}} // c",
    "{\"METADATA\":{\"topograph\":{\"Design\":{\"a\":1}, \"DESIGN\":{\"b\":2}, \"Design\":{\"c\":3}}}}",
    "{\"metadata\":{\"topograph\":{\"design\":{\"a\":1}}}, \"metadata\":{\"topograph\":{\"design\":{\"z\":26}}}}",
    "{\"metadata\":{\"topograph\":{\"design\":{\"a\":1}}}, \"metadata\":\"gone\"}",
    "{\"metadata\":{\"topograph\":{\"design\":[1]}}}",
    "{\"metadata\":{\"topograph\":{\"design\":{}}}}",
    "{\"metadata\":{\"topograph\":[]}}",
    "[{\"metadata\":{\"topograph\":{\"design\":{}}}}]",
  };

  for (guint i = 0; i < samples->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_format_load_path (g_ptr_array_index (samples, i), &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = topo_arm_export_to_string (doc);
      assert_design_text (text, g_ptr_array_index (samples, i));
    }
  {
    g_autoptr(TopoDocument) doc = topo_generate (400, 5);
    g_autofree char *text = topo_arm_export_to_string (doc);

    assert_design_text (text, "generated");
  }
  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    assert_design_text (tricky[i], tricky[i]);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/arm/import/expressions", test_expressions);
  g_test_add_func ("/topo/arm/import/corpus/workspace", test_corpus_workspace);
  g_test_add_func ("/topo/arm/import/corpus/computes", test_corpus_computes);
  g_test_add_func ("/topo/arm/import/corpus/datastore", test_corpus_datastore);
  g_test_add_func ("/topo/arm/import/corpus/aistudio", test_corpus_aistudio);
  g_test_add_func ("/topo/arm/import/corpus/reexport-valid", test_corpus_reexport);
  g_test_add_func ("/topo/arm/import/roles-and-unsupported", test_roles_and_unsupported);
  g_test_add_func ("/topo/arm/import/subscription-scope", test_subscription_scope);
  g_test_add_func ("/topo/arm/import/conditions", test_conditions);
  g_test_add_func ("/topo/arm/import/parameters-and-environment", test_parameters_and_environment);
  g_test_add_func ("/topo/arm/import/bad-input", test_bad_input);
  g_test_add_func ("/topo/arm/import/corpus/layout", test_corpus_layout);
  g_test_add_func ("/topo/arm/import/design-text", test_design_text);
  g_test_add_func ("/topo/arm/import/round-trip", test_round_trip);
  g_test_add_func ("/topo/arm/import/round-trip-exact", test_round_trip_exact);
  g_test_add_func ("/topo/arm/import/round-trip-edited", test_round_trip_edited);
  g_test_add_func ("/topo/arm/import/fuzz", test_fuzz);
  g_test_add_func ("/topo/arm/cli", test_cli);
  g_test_add_func ("/topo/arm/import/existing-aks-attach", test_existing_aks_attach);
  g_test_add_func ("/topo/arm/import/role-assignments-only", test_role_assignments_only);
  g_test_add_func ("/topo/arm/import/existing-groups", test_existing_groups);
  g_test_add_func ("/topo/arm/import/existing-aks-attach-bicep", test_existing_aks_attach_bicep);
  g_test_add_func ("/topo/arm/import/existing-group-declared", test_existing_group_declared);

  return g_test_run ();
}
