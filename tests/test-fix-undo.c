/* test-fix-undo.c: the "fixes and undo restore" property (fix-undo-property.h) on the samples and
 * on randomly mutated generated designs: every offered fix applied, then undone step by step to
 * the exact original bytes, then redone to the exact fixed bytes; Fix All as one step.
 *
 * TOPOGRAPH_FIX_UNDO_DESIGNS sets how many mutated designs (default 150); the seed is printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "topo.h"
#include "topo-validator.h"
#include "design-mutations.h"
#include "fix-undo-property.h"

static void
test_samples (void)
{
  guint n_templates, total = 0;
  const TopoTemplateInfo *templates = topo_templates_get_all (&n_templates);

  for (guint i = 0; i < n_templates; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TopoDocument) doc = topo_templates_load (templates[i].name, &error);
      g_autofree char *problem = NULL;
      guint n = 0;

      g_assert_no_error (error);
      problem = fix_undo_check (doc, &n);
      if (problem != NULL)
        g_error ("%s: %s", templates[i].name, problem);
      total += n;
    }
  g_test_message ("%u fixes on %u samples", total, n_templates);
}

static void
test_mutated (void)
{
  const char *count_env = g_getenv ("TOPOGRAPH_FIX_UNDO_DESIGNS");
  guint n_designs = count_env != NULL ? (guint) g_ascii_strtoull (count_env, NULL, 10) : 150;
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint total = 0, with_fixes = 0;

  g_test_message ("seed %u, %u designs", seed, n_designs);
  for (guint d = 0; d < n_designs; d++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (g_rand_int_range (rand, 20, 90),
                                                   g_rand_int (rand));
      g_autoptr(GString) what = g_string_new (NULL);
      guint n_mutations = g_rand_int_range (rand, 1, 25);
      g_autofree char *problem = NULL;
      guint n = 0;

      for (guint m = 0; m < n_mutations; m++)
        mutate (rand, doc, what);
      /* The mutations are not what is tested: start from their result with an empty history. */
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *bytes = NULL;
        gsize length;

        bytes = topo_format_to_data (doc, &length);
        g_clear_object (&doc);
        doc = topo_format_load_data (bytes, length, "mutated.topograph", &error);
        if (doc == NULL)
          g_error ("design %u (seed %u, mutations:%s) does not load: %s", d, seed, what->str,
                   error->message);
      }
      problem = fix_undo_check (doc, &n);
      if (problem != NULL)
        g_error ("design %u (seed %u, mutations:%s): %s", d, seed, what->str, problem);
      total += n;
      with_fixes += n > 0;
    }
  g_test_message ("%u fixes on %u designs (%u with fixes)", total, n_designs, with_fixes);
  /* The mutations do produce fixable findings. */
  g_assert_cmpuint (with_fixes, >, n_designs / 4);
}

/* Found by the mutations: a name with a broken UTF-8 sequence was accepted and saved into a file
 * the loader refuses. */
static void
test_edits_refuse_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_templates_load ("contoso", &error);
  g_autofree char *before = NULL, *after = NULL;
  gsize length;

  g_assert_no_error (error);
  before = topo_format_to_data (doc, &length);
  g_assert_false (topo_edit_set_property (doc, "st-explore", "name", "st0\xa9x", &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (topo_edit_set_tag (doc, "st-explore", "k\xc3", "v", &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (topo_edit_set_tag (doc, "st-explore", "k", "\xe2\x80", &error));
  g_assert_error (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  after = topo_format_to_data (doc, &length);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (topo_document_can_undo (doc));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fix-undo/samples", test_samples);
  g_test_add_func ("/fix-undo/mutated", test_mutated);
  g_test_add_func ("/fix-undo/edits-refuse-invalid-utf8", test_edits_refuse_invalid_utf8);
  return g_test_run ();
}
