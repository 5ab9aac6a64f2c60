/* test-limits.c: hostile input meets bounds — JSON nesting, expression work, integers beyond
 * 64 bits, and "whatever ARM import accepts, the loader loads" over generated templates
 *
 * Whole-process bounds on time and memory are in test-hostile.py; these tests check the
 * behaviour (clear errors naming file and JSON path, values kept) in-process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo.h"
#include "topo-arm-expr.h"
#include "topo-arm-import.h"
#include "topo-json-reader.h"
#include "arm-test-util.h"

#define SCHEMA "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

static TopoDocument *
import_text (const char *text,
             GPtrArray  *warnings,
             GError    **error)
{
  return topo_arm_import_data (text, -1, "bad.json", warnings, error);
}

static char *
nested (const char *open,
        const char *close,
        guint       levels)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < levels; i++)
    g_string_append (out, open);
  for (guint i = 0; i < levels; i++)
    g_string_append (out, close);
  return g_string_free (out, FALSE);
}

/* Issue 10 item 1: whatever hides the depth from a scan (comments, single quotes), nesting is
 * refused with the file and the JSON path, and never reaches a recursive parser. */
static void
test_deep_nesting (void)
{
  g_autofree char *deep = nested ("[", "]", 100000);
  const char *hiders[] = { "", "/* \" ] */", "// \" ]\n", "'k\"': 1,", "/* unterminated" };

  for (guint i = 0; i < G_N_ELEMENTS (hiders); i++)
    {
      g_autofree char *text = g_strdup_printf ("{ \"$schema\": \"%s\", %s \"resources\": [], \"x\": %s }",
                                               SCHEMA, hiders[i], deep);
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = import_text (text, NULL, &error);

      g_assert_null (doc);
      g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, "bad.json: $"));
      if (i == 0 || i == 1 || i == 2)
        {
          g_assert_nonnull (strstr (error->message, "bad.json: $.x[0][0]"));
          g_assert_nonnull (strstr (error->message, "nested deeper than 512 levels"));
        }
    }

  /* ARM templates may carry comments: they are skipped, not errors. */
  {
    g_autofree char *text = g_strdup_printf ("// a template\n{ \"$schema\": \"%s\", /* none yet */ "
                                             "\"resources\": [ // empty\n ] }", SCHEMA);
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = import_text (text, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (doc);
  }
}

static char *
storage_template (const char *variables,
                  const char *name_expression)
{
  return g_strdup_printf ("{ \"$schema\": \"%s\", \"variables\": { %s }, \"resources\": [ { "
                          "\"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2022-09-01\", "
                          "\"name\": \"%s\", \"location\": \"westeurope\" } ] }",
                          SCHEMA, variables, name_expression);
}

/* The json() function parses its argument with the same bounded reader. */
static void
test_json_function_depth (void)
{
  g_autofree char *deep = nested ("[", "]", 100000);
  g_autofree char *vars = g_strdup_printf ("\"x\": \"[json('%s')]\"", deep);
  g_autofree char *text = storage_template (vars, "[string(length(variables('x')))]");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = import_text (text, warnings, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < warnings->len; i++)
    {
      TopoArmWarning *w = g_ptr_array_index (warnings, i);

      if (g_str_equal (w->path, "$.resources[0].name") && strstr (w->message, "nested deeper than") != NULL)
        found = TRUE;
    }
  g_assert_true (found);
}

static char *
doubling_variables (guint levels,
                    const char *step)
{
  GString *vars = g_string_new ("\"v0\": \"ab\"");

  for (guint i = 1; i <= levels; i++)
    g_string_append_printf (vars, ", \"v%u\": \"[%s(variables('v%u'), variables('v%u'))]\"", i, step, i - 1, i - 1);
  return g_string_free (vars, FALSE);
}

/* Issue 10 item 2: each variable is evaluated once; sizes and total work are bounded. */
static void
test_expression_work (void)
{
  /* 16 levels: a 128 KiB string, evaluated once per variable (not 2^16 times). */
  {
    g_autofree char *vars = doubling_variables (16, "concat");
    g_autofree char *text = storage_template (vars, "[concat('st', string(length(variables('v16'))))]");
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = import_text (text, NULL, &error);
    const char *name = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
      {
        const TopoResource *res = topo_document_get_resource (doc, i);

        if (res->kind == TOPO_KIND_STORAGE)
          name = res->name != NULL ? res->name : res->id;
      }
    g_assert_cmpstr (name, ==, "st131072");
  }
  /* 40 levels of strings: refused, with the limit, the file and the JSON path. */
  {
    g_autofree char *vars = doubling_variables (30, "concat");
    g_autofree char *text = storage_template (vars, "[substring(variables('v30'), 0, 8)]");
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = import_text (text, NULL, &error);

    g_assert_null (doc);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT);
    g_assert_true (g_str_has_prefix (error->message, "bad.json: $.resources[0].name: "));
    g_assert_nonnull (strstr (error->message, "1048576 bytes (the limit)"));
  }
  /* Arrays sharing their halves: small in memory, exponential to compare. */
  {
    g_autofree char *vars = doubling_variables (30, "createArray");
    g_autofree char *text = storage_template (vars, "[if(equals(variables('v30'), variables('v30')), 'stok', 'stno')]");
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = import_text (text, NULL, &error);

    g_assert_null (doc);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "evaluation steps (the limit)"));
  }
  /* Concatenated arrays double in length. */
  {
    g_autofree char *vars = doubling_variables (30, "concat");
    g_autofree char *fixed = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = NULL;

    /* v0 an array instead of a string */
    fixed = g_strdup (vars);
    memcpy (strstr (fixed, "\"ab\""), "[[]]", 4);
    text = storage_template (fixed, "[string(length(variables('v30')))]");
    doc = import_text (text, NULL, &error);
    g_assert_null (doc);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT);
  }
  /* One replace() multiplying a string. */
  {
    g_autofree char *vars = g_strdup ("\"a\": \"[replace(replace(replace('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'x', "
                                      "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 'x', "
                                      "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')]\"");
    g_autofree char *text = storage_template (vars, "[substring(variables('a'), 0, 8)]");
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = import_text (text, NULL, &error);

    g_assert_null (doc);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT);
  }
  /* Chains of variables deeper than the stack allows. */
  {
    GString *vars = g_string_new ("\"v0\": \"st\"");
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = NULL;

    for (guint i = 1; i <= 100; i++)
      g_string_append_printf (vars, ", \"v%u\": \"[variables('v%u')]\"", i, i - 1);
    text = storage_template (vars->str, "[variables('v100')]");
    g_string_free (vars, TRUE);
    doc = import_text (text, NULL, &error);
    g_assert_null (doc);
    g_assert_error (error, TOPO_ARM_ERROR, TOPO_ARM_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "bad.json: $.resources[0].name: "));
  }
  /* Cycles are still found (now by the remembered state, not only by depth). */
  {
    g_autofree char *text = storage_template ("\"a\": \"[variables('b')]\", \"b\": \"[variables('a')]\"",
                                              "[variables('a')]");
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) doc = import_text (text, warnings, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (warnings->len, >, 0);
    g_assert_nonnull (strstr (((TopoArmWarning *) g_ptr_array_index (warnings, 0))->message, "refers to itself"));
  }
}

/* Issue 10 item 11: integers beyond 64 bits in unknown keys are written back as they were. */
static void
test_big_integers (void)
{
  static const char text[] =
    "{\n"
    "  \"format\": \"topograph\",\n"
    "  \"version\": 1,\n"
    "  \"name\": \"n\",\n"
    "  \"x-big\": 123456789012345678901234567890,\n"
    "  \"x-list\": [\n"
    "    -1180591620717411303424,\n"
    "    9223372036854775807,\n"
    "    9223372036854775808,\n"
    "    -9223372036854775809,\n"
    "    1.5\n"
    "  ]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data (text, strlen (text), "big.topograph", &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = topo_format_to_data (doc, NULL);
  g_assert_nonnull (strstr (out, "\"x-big\": 123456789012345678901234567890,\n"));
  g_assert_nonnull (strstr (out, "    -1180591620717411303424,\n"));
  g_assert_nonnull (strstr (out, "    9223372036854775807,\n"));
  g_assert_nonnull (strstr (out, "    9223372036854775808,\n"));
  g_assert_nonnull (strstr (out, "    -9223372036854775809,\n"));

  /* Where the format expects a count, such a number is an error naming the path. */
  {
    static const char bad[] =
      "{ \"format\": \"topograph\", \"version\": 1, \"resources\": [ { \"id\": \"aks\", \"kind\": \"aks\", "
      "\"group\": \"rg\", \"node_count\": 99999999999999999999999 } ] }";
    g_autoptr(GError) bad_error = NULL;
    g_autoptr(TopoDocument) bad_doc = topo_format_load_data (bad, strlen (bad), "big.topograph", &bad_error);

    g_assert_null (bad_doc);
    g_assert_nonnull (bad_error);
    g_assert_true (g_str_has_prefix (bad_error->message, "big.topograph: $.resources[0]"));
  }
}

/* ---- import → load: generated hostile templates ---- */

static const char *const hostile_strings[] = {
  "plain", "", "ml-\x1b[31mred\x1b[0m", "two\nlines", "cr\rreturn", "tab\tbed", "\xc2\x9b" "31m",
  "nonchar-\xef\xbf\xbe-\xef\xbf\xbf", "Ünïcödé ☃", "[[literal", "[concat('st', 'x')]", "[toLower('MLW-A')]",
  "a/b", "rg-one", "westeurope", "West Europe", "nowhere", "[parameters('p')]", "[variables('v')]",
  "\"quoted\"", "back\\slash", "[json('{\"a\": 1}')]", "[reference('x').outputs.y.value]",
};

static void
append_hostile_value (GString *out,
                      GRand   *rand,
                      guint    depth)
{
  switch (g_rand_int_range (rand, 0, depth > 2 ? 8 : 10))
    {
    case 0: case 1: case 2:
      topo_json_write_string (out, hostile_strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (hostile_strings))]);
      break;
    case 3:
      {
        static const char *const numbers[] = {
          "0", "1", "-1", "3", "2147483647", "2147483648", "-2147483649", "4294967296", "2.5", "1e300",
          "9223372036854775807", "-9223372036854775808", "123456789012345678901234567890", "0.0", "-0",
        };
        g_string_append (out, numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))]);
        break;
      }
    case 4:
      g_string_append (out, g_rand_boolean (rand) ? "true" : "false");
      break;
    case 5:
      g_string_append (out, "null");
      break;
    case 6:
      {
        GString *s = g_string_new (NULL);
        guint n = g_rand_int_range (rand, 100, 3000);

        for (guint i = 0; i < n; i++)
          g_string_append_c (s, "abc-_.9Z"[g_rand_int_range (rand, 0, 8)]);
        topo_json_write_string (out, s->str);
        g_string_free (s, TRUE);
        break;
      }
    case 7:
      {
        char buf[16];

        g_snprintf (buf, sizeof buf, "%d", g_rand_int_range (rand, -5, 40));
        g_string_append_printf (out, "\"%s\"", buf);
        break;
      }
    case 8:
      g_string_append_c (out, '[');
      for (guint i = 0, n = g_rand_int_range (rand, 0, 3); i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_hostile_value (out, rand, depth + 1);
        }
      g_string_append_c (out, ']');
      break;
    default:
      g_string_append_c (out, '{');
      for (guint i = 0, n = g_rand_int_range (rand, 0, 3); i < n; i++)
        {
          static const char *const keys[] = { "name", "value", "mode", "count", "properties", "x" };

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_printf (out, "\"%s\":", keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (keys))]);
          append_hostile_value (out, rand, depth + 1);
        }
      g_string_append_c (out, '}');
      break;
    }
}

/* A field that is usually sensible and sometimes hostile. */
static void
append_field (GString    *out,
              GRand      *rand,
              const char *key,
              const char *usual)
{
  g_string_append_printf (out, "\"%s\": ", key);
  if (usual != NULL && g_rand_int_range (rand, 0, 3) > 0)
    g_string_append (out, usual);
  else
    append_hostile_value (out, rand, 0);
  g_string_append (out, ", ");
}

static void
append_resource (GString *out,
                 GRand   *rand,
                 guint    depth)
{
  static const char *const types[] = {
    "Microsoft.MachineLearningServices/workspaces", "Microsoft.MachineLearningServices/workspaces/computes",
    "Microsoft.MachineLearningServices/workspaces/datastores", "Microsoft.Storage/storageAccounts",
    "Microsoft.KeyVault/vaults", "Microsoft.ContainerRegistry/registries", "Microsoft.Insights/components",
    "Microsoft.ContainerService/managedClusters", "Microsoft.Resources/resourceGroups",
    "Microsoft.Resources/deployments", "Microsoft.Authorization/roleAssignments", "Microsoft.Web/sites",
  };
  static const char *const names[] = {
    "\"mlw-a\"", "\"mlw-a/cpu\"", "\"mlw-a/store\"", "\"st001\"", "\"kv-a\"", "\"cr001\"", "\"appi-a\"",
    "\"aks-a\"", "\"rg-b\"", "\"deploy\"", "\"[guid('x')]\"", "\"[concat('mlw-', 'b')]\"",
  };
  guint t = g_rand_int_range (rand, 0, G_N_ELEMENTS (types));

  g_string_append (out, "{ ");
  g_string_append_printf (out, "\"type\": \"%s\", \"apiVersion\": \"2023-01-01\", ", types[t]);
  append_field (out, rand, "name", names[g_rand_boolean (rand) ? t : g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
  append_field (out, rand, "location", "\"westeurope\"");
  append_field (out, rand, "tags", "{ \"environment\": \"dev\", \"owner\": \"team\" }");
  append_field (out, rand, "sku", "{ \"name\": \"Standard_LRS\" }");
  if (g_str_has_suffix (types[t], "deployments") && depth < 3)
    {
      g_string_append (out, "\"resourceGroup\": \"rg-b\", \"properties\": { \"mode\": \"Incremental\", "
                            "\"expressionEvaluationOptions\": { \"scope\": \"inner\" }, \"template\": { "
                            "\"$schema\": \"" SCHEMA "\", \"resources\": [");
      for (guint i = 0, n = g_rand_int_range (rand, 0, 4); i < n; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_resource (out, rand, depth + 1);
        }
      g_string_append (out, "] } } }");
      return;
    }
  g_string_append (out, "\"properties\": { ");
  append_field (out, rand, "computeType", g_rand_boolean (rand) ? "\"AmlCompute\"" : "\"AKS\"");
  append_field (out, rand, "storageAccount", "\"[resourceId('Microsoft.Storage/storageAccounts', 'st001')]\"");
  append_field (out, rand, "keyVault", "\"[resourceId('Microsoft.KeyVault/vaults', 'kv-a')]\"");
  append_field (out, rand, "resourceId", "\"[resourceId('Microsoft.ContainerService/managedClusters', 'aks-a')]\"");
  append_field (out, rand, "datastoreType", "\"AzureBlob\"");
  append_field (out, rand, "accountName", "\"st001\"");
  append_field (out, rand, "isHnsEnabled", "true");
  append_field (out, rand, "publicNetworkAccess", "\"Disabled\"");
  append_field (out, rand, "principalId", "\"[parameters('p')]\"");
  append_field (out, rand, "roleDefinitionId", "\"b24988ac-6180-42a0-ab88-20f7382dd24c\"");
  g_string_append (out, "\"properties\": { ");
  append_field (out, rand, "vmSize", "\"Standard_DS3_v2\"");
  append_field (out, rand, "agentCount", "3");
  g_string_append (out, "\"scaleSettings\": { ");
  append_field (out, rand, "minNodeCount", "0");
  append_field (out, rand, "maxNodeCount", "4");
  g_string_append (out, "\"x\": 0 } }, \"agentPoolProfiles\": [ { ");
  append_field (out, rand, "count", "3");
  append_field (out, rand, "mode", "\"System\"");
  append_field (out, rand, "vmSize", "\"Standard_D4s_v3\"");
  g_string_append (out, "\"name\": \"pool\" } ] } }");
}

static char *
hostile_template (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *out = g_string_new (NULL);
  gboolean subscription = g_rand_int_range (rand, 0, 4) == 0;

  g_string_append_printf (out, "{ \"$schema\": \"https://schema.management.azure.com/schemas/2018-05-01/%s#\", ",
                          subscription ? "subscriptionDeploymentTemplate.json" : "deploymentTemplate.json");
  g_string_append (out, "\"parameters\": { \"p\": { \"type\": \"string\" } }, ");
  g_string_append (out, "\"variables\": { \"v\": ");
  append_hostile_value (out, rand, 0);
  g_string_append (out, " }, ");
  if (g_rand_boolean (rand))
    {
      g_string_append (out, "\"metadata\": { \"topograph\": { \"name\": ");
      append_hostile_value (out, rand, 0);
      g_string_append (out, " } }, ");
    }
  g_string_append (out, "\"resources\": [");
  for (guint i = 0, n = g_rand_int_range (rand, 1, 9); i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_resource (out, rand, 0);
    }
  g_string_append (out, "] }");
  return g_string_free (out, FALSE);
}

/* Whatever the import accepts is written by the canonical writer and loads again, to the same
 * bytes (issue 10 item 6). */
static void
check_import_loads (const char *text,
                    const char *display)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_arm_warning_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_arm_import_data (text, -1, display, warnings, &error);
  g_autoptr(TopoDocument) again = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  gsize length;

  if (doc == NULL)
    {
      /* Refusing is allowed, crashing or writing an unloadable file is not. */
      g_assert_nonnull (error);
      return;
    }
  data = topo_format_to_data (doc, &length);
  again = topo_format_load_data (data, length, display, &error);
  if (again == NULL)
    g_error ("%s: the import wrote a design its loader rejects: %s\n%s\n", display, error->message, text);
  data2 = topo_format_to_data (again, NULL);
  g_assert_cmpstr (data, ==, data2);
}

static void
test_import_then_load (void)
{
  g_autoptr(GPtrArray) corpus = arm_test_list_corpus ();
  guint n = g_test_slow () ? 5000 : 400;

  for (guint i = 0; i < corpus->len; i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (g_ptr_array_index (corpus, i), &text, NULL, NULL));
      check_import_loads (text, g_ptr_array_index (corpus, i));
    }
  for (guint32 seed = 1; seed <= n; seed++)
    {
      g_autofree char *text = hostile_template (seed);
      g_autofree char *display = g_strdup_printf ("hostile-%u.json", seed);

      check_import_loads (text, display);
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/limits/arm/deep-nesting", test_deep_nesting);
  g_test_add_func ("/topo/limits/arm/json-function-depth", test_json_function_depth);
  g_test_add_func ("/topo/limits/arm/expression-work", test_expression_work);
  g_test_add_func ("/topo/limits/format/big-integers", test_big_integers);
  g_test_add_func ("/topo/limits/arm/import-then-load", test_import_then_load);
  return g_test_run ();
}
