/* bench-validate.c: how long topo_validate takes on generated designs (PRODUCT.md §7: 10 000
 * resources in ≤ 5 ms). Prints median and p95 over the runs; asserts nothing about time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "topo-generator.h"
#include "topo-validator.h"
#include "bench-util.h"

static void
bench (guint n_resources,
       guint runs)
{
  g_autoptr(TopoDocument) doc = topo_generate (n_resources, 42);
  g_autoptr(BenchTimes) times = bench_times_new (runs);
  g_autofree char *summary = NULL;
  guint n_diagnostics = 0, counts[3] = { 0, 0, 0 };

  /* Warm-up: loads the region and naming tables once. */
  g_ptr_array_unref (topo_validate (doc));

  for (guint r = 0; r < runs; r++)
    {
      GPtrArray *diagnostics;

      bench_times_start (times);
      diagnostics = topo_validate (doc);
      bench_times_stop (times);
      n_diagnostics = diagnostics->len;
      if (r == 0)
        for (guint i = 0; i < diagnostics->len; i++)
          counts[((TopoDiagnostic *) g_ptr_array_index (diagnostics, i))->severity]++;
      g_ptr_array_unref (diagnostics);
    }
  summary = bench_times_summary (times);
  g_print ("validate %6u resources %6u links: %s; %u diagnostics: %u errors, %u warnings, %u infos)\n",
           topo_document_get_n_resources (doc), topo_document_get_n_links (doc), summary,
           n_diagnostics, counts[0], counts[1], counts[2]);
}

int
main (int argc,
      char *argv[])
{
  bench (1000, 100);
  bench (10000, 50);
  bench (50000, 20);
  return 0;
}
