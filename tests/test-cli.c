/* test-cli.c: topograph-cli fmt, new and generate, as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "topo.h"

#include "cli-run.h"

static char *
temp_path (const char *name)
{
  static char *dir = NULL;

  if (dir == NULL)
    dir = g_dir_make_tmp ("topograph-cli-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

static void
test_fmt_samples (void)
{
  const char *samples = g_getenv ("TOPOGRAPH_SAMPLES");
  g_autoptr(GDir) dir = g_dir_open (samples, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (samples, name, NULL);
      g_auto(Run) run = { 0 };

      if (!g_str_has_suffix (name, ".topograph"))
        continue;
      run_cli (&run, "fmt", "--check", path, NULL);
      g_test_message ("%s: %s", name, run.err);
      g_assert_cmpint (run.status, ==, 0);
      n++;
    }
  g_assert_cmpuint (n, >=, 10);
}

static void
test_generate_and_fmt (void)
{
  g_autofree char *a = temp_path ("gen-a.topograph");
  g_autofree char *b = temp_path ("gen-b.topograph");
  g_autofree char *c = temp_path ("gen-c.topograph");
  g_autofree char *text_a = NULL, *text_b = NULL, *text_c = NULL;
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_auto(Run) r3 = { 0 };
  g_auto(Run) r4 = { 0 };
  g_autoptr(TopoDocument) doc = NULL;

  run_cli (&r1, "generate", "--resources", "10000", "--seed", "5", "-o", a, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  run_cli (&r2, "generate", "--resources", "10000", "--seed", "5", "-o", b, NULL);
  run_cli (&r3, "generate", "--resources", "10000", "--seed", "6", "-o", c, NULL);
  g_assert_true (g_file_get_contents (a, &text_a, NULL, NULL));
  g_assert_true (g_file_get_contents (b, &text_b, NULL, NULL));
  g_assert_true (g_file_get_contents (c, &text_c, NULL, NULL));
  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpstr (text_a, !=, text_c);
  run_cli (&r4, "fmt", "--check", a, NULL);
  g_assert_cmpint (r4.status, ==, 0);

  doc = topo_format_load_path (a, NULL);
  g_assert_cmpuint (topo_document_get_n_resources (doc), ==, 10000);
  /* Every resource and link type appears. */
  for (guint kind = 0; kind < TOPO_N_KINDS; kind++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < topo_document_get_n_resources (doc) && !found; i++)
        found = topo_document_get_resource (doc, i)->kind == kind;
      g_assert_true (found);
    }
  for (guint type = 0; type < TOPO_N_LINK_TYPES; type++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < topo_document_get_n_links (doc) && !found; i++)
        found = topo_document_get_link (doc, i)->type == type;
      g_assert_true (found);
    }
  g_assert_cmpuint (topo_layout_get_n_lanes (doc), >=, 3);
}

static void
test_fmt_rewrites (void)
{
  g_autofree char *in = temp_path ("messy.topograph");
  g_autofree char *out = temp_path ("clean.topograph");
  g_autofree char *text = NULL;
  g_auto(Run) check = { 0 };
  g_auto(Run) fmt = { 0 };
  g_auto(Run) check_out = { 0 };
  g_auto(Run) inplace = { 0 };
  g_auto(Run) check_in = { 0 };
  const char *messy = "{\"version\":1,\"format\":\"topograph\",\"lanes\":[\"westeurope\"],"
                      "\"resources\":[{\"type\":\"resource-group\",\"id\":\"rg\",\"region\":\"westeurope\"}]}";

  g_assert_true (g_file_set_contents (in, messy, -1, NULL));
  run_cli (&check, "fmt", "--check", in, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.err, in));
  g_assert_nonnull (strstr (check.err, "not in canonical form"));
  run_cli (&fmt, "fmt", in, "-o", out, NULL);
  g_assert_cmpint (fmt.status, ==, 0);
  run_cli (&check_out, "fmt", "--check", out, NULL);
  g_assert_cmpint (check_out.status, ==, 0);
  g_assert_true (g_file_get_contents (in, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, messy);   /* -o leaves the input alone */
  run_cli (&inplace, "fmt", in, NULL);
  g_assert_cmpint (inplace.status, ==, 0);
  run_cli (&check_in, "fmt", "--check", in, NULL);
  g_assert_cmpint (check_in.status, ==, 0);
}

static void
test_bad_input_exit_2 (void)
{
  g_autofree char *bad = temp_path ("broken.topograph");
  g_auto(Run) run = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) usage = { 0 };
  g_auto(Run) unknown = { 0 };

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"topograph\", \"version\": 1, \"resources\": [{\"id\": \"x\", \"type\": \"vm\"}]}", -1, NULL));
  run_cli (&run, "fmt", "--check", bad, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, bad));
  g_assert_nonnull (strstr (run.err, "$.resources[0].type"));
  g_assert_nonnull (strstr (run.err, "unknown value 'vm'"));
  run_cli (&missing, "fmt", "/nonexistent.topograph", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "/nonexistent.topograph"));
  run_cli (&usage, "generate", "-o", bad, NULL);
  g_assert_cmpint (usage.status, ==, 2);
  run_cli (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
}

static void
test_new_templates (void)
{
  g_autofree char *out = temp_path ("contoso.topograph");
  g_auto(Run) list = { 0 };
  g_auto(Run) make = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) help = { 0 };

  run_cli (&list, "new", "--template", "nope", "-o", out, NULL);
  g_assert_cmpint (list.status, ==, 2);
  g_assert_nonnull (strstr (list.err, "unknown template 'nope'"));
  g_assert_nonnull (strstr (list.err, "contoso"));
  g_assert_nonnull (strstr (list.err, "regional-fine-tuning"));
  run_cli (&make, "new", "--template", "contoso", "-o", out, NULL);
  g_assert_cmpint (make.status, ==, 0);
  run_cli (&check, "fmt", "--check", out, NULL);
  g_assert_cmpint (check.status, ==, 0);
  run_cli (&help, "new", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--template"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/cli/fmt-samples", test_fmt_samples);
  g_test_add_func ("/topo/cli/generate-and-fmt", test_generate_and_fmt);
  g_test_add_func ("/topo/cli/fmt-rewrites", test_fmt_rewrites);
  g_test_add_func ("/topo/cli/bad-input", test_bad_input_exit_2);
  g_test_add_func ("/topo/cli/new", test_new_templates);
  return g_test_run ();
}
