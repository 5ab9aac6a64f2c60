/* fuzz-arm-expr.c: libFuzzer harness for the ARM expression evaluator
 *
 * The input is an expression (with or without its brackets) evaluated in a scope whose
 * parameters and variables include nested objects, arrays and a chain of doubling variables.
 * Property: it evaluates or fails with an error, within the evaluation limits, never crashing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "topo-arm-expr.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char scope_json[] =
  "{ \"parameters\": {"
  "    \"name\": { \"type\": \"string\", \"defaultValue\": \"Fraud\" },"
  "    \"env\": { \"type\": \"string\", \"defaultValue\": \"[toLower('DEV')]\" },"
  "    \"none\": { \"type\": \"string\" },"
  "    \"count\": { \"type\": \"int\", \"defaultValue\": 3 },"
  "    \"obj\": { \"type\": \"object\", \"defaultValue\": { \"a\": { \"b\": [10, 20] } } } },"
  "  \"variables\": {"
  "    \"ws\": \"[concat('mlw-', parameters('name'), '-', parameters('env'))]\","
  "    \"loop\": \"[variables('loop')]\","
  "    \"list\": [1, \"two\", { \"three\": 3 }],"
  "    \"d0\": \"ab\","
  "    \"d1\": \"[concat(variables('d0'), variables('d0'))]\","
  "    \"d2\": \"[concat(variables('d1'), variables('d1'))]\","
  "    \"d3\": \"[createArray(variables('d2'), variables('d2'))]\","
  "    \"d4\": \"[createArray(variables('d3'), variables('d3'))]\" } }";

static JsonObject *root;

static JsonObject *
member_object (const char *name)
{
  return json_object_get_object_member (root, name);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  TopoArmScope scope = { 0 };
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *text = NULL;

  if (root == NULL)
    {
      JsonParser *parser = json_parser_new ();

      g_assert (json_parser_load_from_data (parser, scope_json, -1, NULL));
      root = json_node_dup_object (json_parser_get_root (parser));
      g_object_unref (parser);
    }
  if (size > 0 && data[0] == '[')
    text = g_strndup ((const char *) data, size);
  else
    {
      /* Most inputs should be expressions: bracket them. */
      g_autofree char *inner = g_strndup ((const char *) data, size);

      text = g_strconcat ("[", inner, "]", NULL);
    }
  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  scope.parameters = member_object ("parameters");
  scope.variables = member_object ("variables");
  scope.rg_name = "rg-fuzz";
  scope.rg_location = "westeurope";
  scope.deployment = "fuzz";
  scope.placeholder_parameters = TRUE;
  scope.missing = missing;
  value = topo_arm_eval_string (&scope, text, &error);
  g_assert ((value == NULL) == (error != NULL));
  return 0;
}
