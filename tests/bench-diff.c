/* bench-diff.c: how long topo_diff_compute takes on two versions of a generated design (issue 12:
 * two 10 000-resource designs in under 50 ms). The second version differs by a few hundred edits
 * (properties, renames, moves, links, access); a third run compares designs whose ids were all
 * regenerated, the name fallback's worst case. Prints median and p95; asserts nothing about time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "topo-diff.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-generator.h"
#include "bench-util.h"

/* Every 50th resource gets an edit of its own kind. */
static void
edit (TopoDocument *doc)
{
  guint n = topo_document_get_n_resources (doc);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i += 50)
    g_ptr_array_add (ids, g_strdup (topo_document_get_resource (doc, i)->id));
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const TopoResource *r = topo_document_lookup (doc, id);
      g_autofree char *name = g_strdup_printf ("%s-x", topo_resource_get_name (r));
      const char *one[] = { id, NULL };

      switch (i % 4)
        {
        case 0:
          topo_edit_set_property (doc, id, "name", name, NULL);
          break;
        case 1:
          topo_edit_set_tag (doc, id, "owner", "someone-else", NULL);
          break;
        case 2:
          topo_edit_move (doc, one, 16, 0);
          break;
        default:
          if (r->kind == TOPO_KIND_STORAGE)
            topo_edit_set_property (doc, id, "sku", "Standard_GRS", NULL);
          else
            topo_edit_set_tag (doc, id, "cost-center", "0000", NULL);
          break;
        }
    }
  for (guint i = 0; i < topo_document_get_n_links (doc); i += 97)
    topo_edit_disconnect (doc, i, NULL);
}

/* The same design with every resource and team id prefixed: a regenerated-ids design. */
static TopoDocument *
regenerate_ids (TopoDocument *doc)
{
  gsize length;
  g_autofree char *data = topo_format_to_data (doc, &length);
  g_autoptr(GString) s = g_string_new_len (data, length);
  guint n = topo_document_get_n_resources (doc);

  (void) n;
  /* Ids are referenced only as whole JSON strings; names never equal ids in generated designs
   * (they carry a region suffix), so a string-level rewrite of "id" values is exact enough. */
  for (guint i = 0; i < n; i++)
    {
      const char *id = topo_document_get_resource (doc, i)->id;
      g_autofree char *from = g_strdup_printf ("\"%s\"", id);
      g_autofree char *to = g_strdup_printf ("\"r-%s\"", id);

      g_string_replace (s, from, to, 0);
    }
  return topo_format_load_data (s->str, s->len, "regenerated", NULL);
}

static void
bench (const char   *label,
       TopoDocument *a,
       TopoDocument *b,
       guint         runs)
{
  g_autoptr(BenchTimes) times = bench_times_new (runs);
  g_autofree char *summary = NULL;
  guint n_changes = 0;

  /* Warm-up: the validator's tables. */
  topo_diff_free (topo_diff_compute (a, b, TOPO_DIFF_FLAGS_NONE));
  for (guint r = 0; r < runs; r++)
    {
      TopoDiff *diff;

      bench_times_start (times);
      diff = topo_diff_compute (a, b, TOPO_DIFF_FLAGS_NONE);
      bench_times_stop (times);
      n_changes = diff->changes->len;
      topo_diff_free (diff);
    }
  summary = bench_times_summary (times);
  g_print ("diff %-12s %6u resources: %s; %u changes)\n",
           label, topo_document_get_n_resources (b), summary, n_changes);
}

int
main (int argc,
      char *argv[])
{
  const guint sizes[] = { 1000, 10000, 50000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(TopoDocument) a = topo_generate (sizes[s], 42);
      g_autoptr(TopoDocument) b = topo_generate (sizes[s], 42);
      g_autoptr(TopoDocument) c = NULL;
      guint runs = sizes[s] > 10000 ? 10 : 30;

      edit (b);
      c = regenerate_ids (b);
      g_assert_nonnull (c);
      bench ("identical", a, a, runs);
      bench ("edited", a, b, runs);
      bench ("new ids", a, c, runs);
    }
  return 0;
}
