/* bench-capacity.c: how long topo_capacity_compute takes on generated designs (issue 14:
 * 10 000 resources in ≤ 1 ms). Prints median and p95 over the runs; asserts nothing about time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "topo-capacity.h"
#include "topo-generator.h"
#include "bench-util.h"

static void
bench (guint n_resources,
       guint runs)
{
  g_autoptr(TopoDocument) doc = topo_generate (n_resources, 42);
  g_autoptr(BenchTimes) times = bench_times_new (runs);
  g_autofree char *summary = NULL;
  guint n_computes = 0, n_rows = 0;

  /* Warm-up: parses the size tables once. */
  topo_capacity_free (topo_capacity_compute (doc));

  for (guint r = 0; r < runs; r++)
    {
      TopoCapacity *plan;

      bench_times_start (times);
      plan = topo_capacity_compute (doc);
      bench_times_stop (times);
      n_computes = plan->n_computes;
      n_rows = plan->rows->len;
      topo_capacity_free (plan);
    }
  summary = bench_times_summary (times);
  g_print ("capacity %6u resources (%u computes, %u rows): %s)\n",
           topo_document_get_n_resources (doc), n_computes, n_rows, summary);
}

int
main (int argc,
      char *argv[])
{
  bench (1000, 200);
  bench (10000, 100);
  bench (50000, 20);
  return 0;
}
