/* test-cli-validate.c: `topograph-cli validate` exit codes and its text, JSON and SARIF output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "topo-validator.h"

static char *tmp_dir;

#define CLEAN "{\"format\":\"topograph\",\"version\":1,\"resources\":[" \
  "{\"id\":\"rg-dev\",\"type\":\"resource-group\",\"name\":\"rg-dev\",\"region\":\"westeurope\",\"environment\":\"dev\"}," \
  "{\"id\":\"ws\",\"type\":\"workspace\",\"name\":\"mlw-dev\",\"group\":\"rg-dev\"}]}"
/* DEP005 warning only */
#define WARNING "{\"format\":\"topograph\",\"version\":1,\"resources\":[" \
  "{\"id\":\"rg-dev\",\"type\":\"resource-group\",\"name\":\"rg-dev\",\"region\":\"westeurope\",\"environment\":\"dev\"}," \
  "{\"id\":\"ws\",\"type\":\"workspace\",\"name\":\"mlw-dev\",\"group\":\"rg-dev\"}," \
  "{\"id\":\"cpu\",\"type\":\"compute-cluster\",\"name\":\"cpu-idle\",\"group\":\"rg-dev\",\"workspace\":\"ws\",\"min_nodes\":1,\"max_nodes\":2}]}"
/* SEG001 error (no environment) and REG001 error */
#define ERROR "{\"format\":\"topograph\",\"version\":1,\"resources\":[" \
  "{\"id\":\"rg-x\",\"type\":\"resource-group\",\"name\":\"rg-x\",\"region\":\"narnia\"}]}"

/* ERROR with both errors accepted, one of them until a day long past (so it counts again) */
#define SUPPRESSED "{\"format\":\"topograph\",\"version\":1,\"resources\":[" \
  "{\"id\":\"rg-x\",\"type\":\"resource-group\",\"name\":\"rg-x\",\"region\":\"narnia\"}]," \
  "\"suppressions\":[{\"rule\":\"SEG001\",\"subjects\":[\"rg-x\"],\"justification\":\"Sandbox, no environment\"}," \
  "{\"rule\":\"REG001\",\"subjects\":[\"rg-x\"],\"justification\":\"Fictional region\"%s}]}"

static char *
write_design (const char *name,
              const char *text)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs the CLI with args (NULL-terminated); returns the exit status. */
static int
run_cli (char **out,
         char **err,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TOPOGRAPH_CLI");
  g_auto(GStrv) env = g_get_environ ();
  int status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "validate");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "NO_COLOR");
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_exit_codes (void)
{
  g_autofree char *clean = write_design ("clean.topograph", CLEAN);
  g_autofree char *warning = write_design ("warning.topograph", WARNING);
  g_autofree char *error = write_design ("error.topograph", ERROR);
  g_autofree char *broken = write_design ("broken.topograph", "{\"format\":\"topograph\",");
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.topograph", NULL);
  char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, clean, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "clean.topograph"));
  g_assert_null (strstr (out, "\033["));   /* not a terminal: no colour */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, warning, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "DEP005"));
  g_assert_nonnull (strstr (out, "cpu-idle"));
  g_assert_nonnull (strstr (out, "fix: Set the minimum node count"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "--fail-on", "warning", warning, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "--fail-on=error", warning, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, error, NULL), ==, 1);
  /* grouped by severity: the Errors heading comes before the findings */
  g_assert_nonnull (strstr (out, "Errors (2)"));
  g_assert_nonnull (strstr (out, "SEG001"));
  g_assert_nonnull (strstr (out, "REG001"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Several files: the worst wins */
  g_assert_cmpint (run_cli (&out, &err, clean, error, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, broken, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "broken.topograph"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, clean, missing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "missing.topograph"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "--format", "xml", clean, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "xml"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "--fail-on", "info", clean, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "--bogus", clean, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--fail-on"));
  g_assert_nonnull (strstr (out, "sarif"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

/* Suppressed findings are shown, marked, and do not count; an expired suppression does. */
static void
test_suppressed (void)
{
  g_autofree char *accepted_text = g_strdup_printf (SUPPRESSED, "");
  g_autofree char *expired_text = g_strdup_printf (SUPPRESSED, ",\"expires\":\"2001-01-01\"");
  g_autofree char *accepted = write_design ("accepted.topograph", accepted_text);
  g_autofree char *expired = write_design ("expired.topograph", expired_text);
  g_autoptr(JsonParser) parser = json_parser_new ();
  char *out = NULL, *err = NULL;
  JsonArray *diagnostics;
  guint n_suppressed = 0;

  g_assert_cmpint (run_cli (&out, &err, accepted, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0 errors, 0 warnings, 0 infos, 2 suppressed"));
  g_assert_nonnull (strstr (out, "Suppressed (2)"));
  g_assert_nonnull (strstr (out, "suppressed: Sandbox, no environment"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "--format", "json", accepted, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  diagnostics = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "diagnostics");
  for (guint i = 0; i < json_array_get_length (diagnostics); i++)
    {
      JsonObject *d = json_array_get_object_element (diagnostics, i);

      if (json_object_get_boolean_member_with_default (d, "suppressed", FALSE))
        {
          n_suppressed++;
          g_assert_nonnull (json_object_get_string_member (d, "justification"));
        }
    }
  g_assert_cmpuint (n_suppressed, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Expired: REG001 counts again, and SUP002 says why. */
  g_assert_cmpint (run_cli (&out, &err, expired, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "SUP002"));
  g_assert_nonnull (strstr (out, "1 error, 1 warning, 0 infos, 1 suppressed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

static void
test_stdin (void)
{
  g_autofree char *warning = write_design ("warning.topograph", WARNING);
  const char *cli = g_getenv ("TOPOGRAPH_CLI");
  const char *argv[] = { cli, "validate", "--format", "json", "-", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_launcher_set_stdin_file_path (launcher, warning);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "\"file\": \"-\""));
  g_assert_nonnull (strstr (out, "DEP005"));
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json (void)
{
  g_autofree char *warning = write_design ("warning.topograph", WARNING);
  g_autofree char *error = write_design ("error.topograph", ERROR);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *diagnostics;
  gboolean saw_dep005 = FALSE;

  g_assert_cmpint (run_cli (&out, &err, "--format", "json", warning, NULL), ==, 0);
  g_assert_true (g_str_has_suffix (out, "}\n"));
  root = parse (out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, warning);
  diagnostics = json_object_get_array_member (object, "diagnostics");
  g_assert_cmpuint (json_array_get_length (diagnostics), >=, 1);
  for (guint i = 0; i < json_array_get_length (diagnostics); i++)
    {
      JsonObject *d = json_array_get_object_element (diagnostics, i);
      const char *rule = json_object_get_string_member (d, "rule");

      g_assert_nonnull (json_object_get_string_member (d, "severity"));
      g_assert_nonnull (json_object_get_string_member (d, "message"));
      g_assert_nonnull (json_object_get_array_member (d, "subjects"));
      if (g_str_equal (rule, "DEP005"))
        {
          JsonArray *subjects = json_object_get_array_member (d, "subjects");
          saw_dep005 = TRUE;
          g_assert_cmpstr (json_object_get_string_member (d, "severity"), ==, "warning");
          g_assert_cmpuint (json_array_get_length (subjects), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (subjects, 0), ==, "cpu");
          g_assert_true (json_object_has_member (d, "fix"));
        }
      if (g_str_equal (rule, "DEP003"))
        g_assert_false (json_object_has_member (d, "fix"));
    }
  g_assert_true (saw_dep005);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&root, json_node_unref);

  /* Several files: an array of one object per file, in argument order */
  g_assert_cmpint (run_cli (&out, &err, "--format=json", warning, error, NULL), ==, 1);
  root = parse (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 1), "file"),
                   ==, error);
}

static void
test_sarif (void)
{
  g_autofree char *error = write_design ("error.topograph", ERROR);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *log, *run, *driver;
  JsonArray *rules, *results;
  g_autoptr(GHashTable) rule_ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (run_cli (&out, &err, "--format", "sarif", error, NULL), ==, 1);
  root = parse (out);
  log = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (log, "version"), ==, "2.1.0");
  g_assert_cmpstr (json_object_get_string_member (log, "$schema"), ==, "https://json.schemastore.org/sarif-2.1.0.json");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (log, "runs")), ==, 1);
  run = json_array_get_object_element (json_object_get_array_member (log, "runs"), 0);
  driver = json_object_get_object_member (json_object_get_object_member (run, "tool"), "driver");
  g_assert_cmpstr (json_object_get_string_member (driver, "name"), ==, "topograph");
  g_assert_nonnull (json_object_get_string_member (driver, "version"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (driver, "informationUri"), "https://"));
  rules = json_object_get_array_member (driver, "rules");
  {
    guint n_rules;

    topo_rules_get_all (&n_rules);
    g_assert_cmpuint (json_array_get_length (rules), ==, n_rules);
  }
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      const char *level = json_object_get_string_member (json_object_get_object_member (rule, "defaultConfiguration"), "level");

      g_hash_table_insert (rule_ids, (gpointer) json_object_get_string_member (rule, "id"), GUINT_TO_POINTER (i + 1));
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (rule, "shortDescription"), "text"));
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (rule, "fullDescription"), "text"));
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (rule, "help"), "text"));
      g_assert_true (g_str_equal (level, "error") || g_str_equal (level, "warning") || g_str_equal (level, "note"));
    }
  g_assert_true (g_hash_table_contains (rule_ids, "RBAC005"));

  results = json_object_get_array_member (run, "results");
  g_assert_cmpuint (json_array_get_length (results), >=, 2);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *rule_id = json_object_get_string_member (result, "ruleId");
      JsonObject *location = json_array_get_object_element (json_object_get_array_member (result, "locations"), 0);
      JsonArray *logical = json_object_get_array_member (location, "logicalLocations");

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (rule_ids, rule_id)), ==,
                        json_object_get_int_member (result, "ruleIndex") + 1);
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (result, "message"), "text"));
      if (g_str_equal (rule_id, "SEG001"))
        {
          g_assert_cmpstr (json_object_get_string_member (result, "level"), ==, "error");
          g_assert_cmpuint (json_array_get_length (logical), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logical, 0), "fullyQualifiedName"),
                           ==, "rg-x");
        }
      {
        /* an absolute path becomes a file: URI */
        g_autofree char *expected = g_filename_to_uri (error, NULL, NULL);
        JsonObject *physical = json_object_get_object_member (location, "physicalLocation");
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (physical, "artifactLocation"), "uri"),
                         ==, expected);
      }
    }
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("topo-cli-validate-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/topo/cli/validate/exit-codes", test_exit_codes);
  g_test_add_func ("/topo/cli/validate/json", test_json);
  g_test_add_func ("/topo/cli/validate/sarif", test_sarif);
  g_test_add_func ("/topo/cli/validate/stdin", test_stdin);
  g_test_add_func ("/topo/cli/validate/suppressed", test_suppressed);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
