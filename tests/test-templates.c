/* test-templates.c: the bundled sample designs load, are complete and are canonical
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo-format.h"
#include "topo-layout.h"
#include "topo-templates.h"

/* The gallery the product promises (PRODUCT.md §5), Contoso first. */
static const char *const expected_names[] = {
  "contoso",
  "workspace-per-team",
  "workspace-per-project",
  "single-workspace",
  "single-environment",
  "multi-environment",
  "limited-and-production-data",
  "regional-training",
  "regional-serving",
  "regional-fine-tuning",
};

static void
test_list (void)
{
  const TopoTemplateInfo *all;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  all = topo_templates_get_all (&n);
  g_assert_nonnull (all);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected_names));
  g_assert_cmpstr (all[0].name, ==, "contoso");

  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (all[i].name);
      g_assert_true (g_hash_table_add (seen, (gpointer) all[i].name));
      g_assert_nonnull (all[i].title);
      g_assert_cmpuint (strlen (all[i].title), >, 0);
      g_assert_nonnull (all[i].description);
      g_assert_cmpuint (strlen (all[i].description), >, 0);
      g_assert_true (topo_templates_lookup (all[i].name) == &all[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected_names); i++)
    g_assert_true (g_hash_table_contains (seen, expected_names[i]));
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;

  g_assert_null (topo_templates_lookup ("no-such-template"));
  g_assert_null (topo_templates_get_bytes ("no-such-template"));
  /* A name is not a path into the resource bundle. */
  g_assert_null (topo_templates_get_bytes ("../azure-regions.tsv"));

  doc = topo_templates_load ("no-such-template", &error);
  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-template"));
}

static void
test_load (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  guint n_groups = 0;

  bytes = topo_templates_get_bytes (name);
  g_assert_nonnull (bytes);

  doc = topo_templates_load (name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  g_assert_nonnull (topo_document_get_name (doc));
  g_assert_cmpuint (topo_document_get_n_lanes (doc), >, 0);
  g_assert_cmpuint (topo_document_get_n_resources (doc), >, 0);
  g_assert_cmpuint (topo_document_get_n_links (doc), >, 0);
  g_assert_cmpuint (topo_document_get_n_teams (doc), >, 0);
  g_assert_false (topo_document_get_modified (doc));
  g_assert_false (topo_document_can_undo (doc));

  /* The samples are hand-placed: every resource has its own layout, every RG sits in a lane
   * the document lists, and every other resource is in an RG. */
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *r = topo_document_get_resource (doc, i);

      g_assert_true (r->has_layout);
      if (r->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          gboolean listed = FALSE;

          n_groups++;
          g_assert_nonnull (r->region);
          g_assert_nonnull (r->environment);
          for (guint l = 0; l < topo_document_get_n_lanes (doc); l++)
            if (g_str_equal (topo_document_get_lanes (doc)[l], r->region))
              listed = TRUE;
          g_assert_true (listed);
        }
      else
        {
          const TopoResource *group = topo_document_get_group_of (doc, r);

          g_assert_nonnull (group);
          g_assert_true (group->kind == TOPO_KIND_RESOURCE_GROUP);
          /* Relative to the RG: below its header band and inside it. */
          g_assert_cmpfloat (r->layout.x, >=, TOPO_GROUP_PADDING);
          g_assert_cmpfloat (r->layout.y, >=, TOPO_GROUP_HEADER);
          g_assert_cmpfloat (r->layout.x + TOPO_CARD_WIDTH, <=, group->layout.w);
          g_assert_cmpfloat (r->layout.y + TOPO_CARD_HEIGHT, <=, group->layout.h);
        }
    }
  g_assert_cmpuint (n_groups, >, 0);

  /* No two cards of one RG overlap, no two RGs of one lane overlap (absolute bounds). */
  topo_layout_update (doc);
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *a = topo_document_get_resource (doc, i);

      for (guint j = i + 1; j < topo_document_get_n_resources (doc); j++)
        {
          const TopoResource *b = topo_document_get_resource (doc, j);
          gboolean both_groups = a->kind == TOPO_KIND_RESOURCE_GROUP &&
                                 b->kind == TOPO_KIND_RESOURCE_GROUP;
          gboolean siblings = a->kind != TOPO_KIND_RESOURCE_GROUP &&
                              b->kind != TOPO_KIND_RESOURCE_GROUP &&
                              g_strcmp0 (a->group, b->group) == 0;

          if (both_groups || siblings)
            {
              if (topo_rect_intersects (&a->bounds, &b->bounds))
                g_error ("%s: %s overlaps %s", name, a->id, b->id);
            }
        }
    }

  /* Canonical: saving gives back exactly the bundled bytes. */
  text = topo_format_to_data (doc, &length);
  g_assert_nonnull (text);
  if (length != g_bytes_get_size (bytes) ||
      memcmp (text, g_bytes_get_data (bytes, NULL), length) != 0)
    {
      g_autofree char *expected = g_strndup (g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes));
      g_assert_cmpstr (text, ==, expected);
    }
}

/* The bundle is built from data/samples: it must match the source files. */
static void
test_bundle_matches_source (gconstpointer data)
{
  const char *name = data;
  const char *samples_dir = g_getenv ("TOPOGRAPH_SAMPLES");
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (samples_dir == NULL)
    {
      g_test_skip ("TOPOGRAPH_SAMPLES is not set");
      return;
    }
  file_name = g_strconcat (name, ".topograph", NULL);
  path = g_build_filename (samples_dir, file_name, NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  bytes = topo_templates_get_bytes (name);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, length);
  g_assert_true (memcmp (g_bytes_get_data (bytes, NULL), contents, length) == 0);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/templates/list", test_list);
  g_test_add_func ("/topo/templates/unknown", test_unknown);
  for (guint i = 0; i < G_N_ELEMENTS (expected_names); i++)
    {
      g_autofree char *load_path = g_strconcat ("/topo/templates/load/", expected_names[i], NULL);
      g_autofree char *bundle_path = g_strconcat ("/topo/templates/bundle/", expected_names[i],
                                                  NULL);

      g_test_add_data_func (load_path, expected_names[i], test_load);
      g_test_add_data_func (bundle_path, expected_names[i], test_bundle_matches_source);
    }

  return g_test_run ();
}
