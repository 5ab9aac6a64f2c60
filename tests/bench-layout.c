/* bench-layout.c: automatic layout of one resource group with N unplaced cards
 *
 * Run with `meson test -C build --benchmark -v bench-layout`. The figure is the whole load
 * (reader, model, automatic layout, geometry); target: 50 000 cards well under a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "topo.h"
#include "bench-util.h"

#define RUNS 5

int
main (int   argc,
      char *argv[])
{
  const guint sizes[] = { 2000, 8000, 50000, 200000 };

  g_print ("%-10s %12s %14s\n", "cards", "load ms", "of which layout");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GString *json = g_string_new ("{\"format\": \"topograph\", \"version\": 1, \"lanes\": [\"westeurope\"],\n"
                                    " \"resources\": [\n"
                                    "  {\"id\": \"rg-big\", \"type\": \"resource-group\", \"region\": \"westeurope\"}");
      double load[RUNS], layout[RUNS];

      for (guint i = 0; i < sizes[s]; i++)
        g_string_append_printf (json, ",\n  {\"id\": \"st%u\", \"type\": \"storage\", \"group\": \"rg-big\"}", i);
      g_string_append (json, "\n ]}\n");

      for (guint run = 0; run < RUNS; run++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(TopoDocument) doc = NULL;
          gint64 t0, t1, t2;

          t0 = g_get_monotonic_time ();
          doc = topo_format_load_data (json->str, json->len, "bench.topograph", &error);
          topo_layout_update (doc);
          t1 = g_get_monotonic_time ();
          g_assert_no_error (error);
          /* The layout alone: forget the positions and place them again. */
          for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
            ((TopoResource *) topo_document_get_resource (doc, i))->has_layout = FALSE;
          t2 = g_get_monotonic_time ();
          topo_layout_auto (doc);
          topo_layout_update (doc);
          layout[run] = (g_get_monotonic_time () - t2) / 1000.0;
          load[run] = (t1 - t0) / 1000.0;
        }
      qsort (load, RUNS, sizeof *load, bench_compare_double);
      qsort (layout, RUNS, sizeof *layout, bench_compare_double);
      g_print ("%-10u %12.1f %14.1f\n", sizes[s], load[RUNS / 2], layout[RUNS / 2]);
      g_string_free (json, TRUE);
    }
  return 0;
}
