/* bench-capacity.c: how long topo_capacity_compute takes on generated designs (issue 14:
 * 10 000 resources in ≤ 1 ms). Prints median and p95 over the runs; asserts nothing about time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "topo-capacity.h"
#include "topo-generator.h"

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* CPU time of this thread: on a shared, loaded machine the wall clock also counts the time the
 * process waits for a core; both are printed. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
bench (guint n_resources,
       guint runs)
{
  g_autoptr(TopoDocument) doc = topo_generate (n_resources, 42);
  g_autofree double *ms = g_new (double, runs);
  g_autofree double *cpu = g_new (double, runs);
  guint n_computes = 0, n_rows = 0;

  /* Warm-up: parses the size tables once. */
  topo_capacity_free (topo_capacity_compute (doc));

  for (guint r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = thread_cpu_ms ();
      TopoCapacity *plan = topo_capacity_compute (doc);

      cpu[r] = thread_cpu_ms () - cpu_start;
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      n_computes = plan->n_computes;
      n_rows = plan->rows->len;
      topo_capacity_free (plan);
    }
  qsort (ms, runs, sizeof (double), compare_double);
  qsort (cpu, runs, sizeof (double), compare_double);
  g_print ("capacity %6u resources (%u computes, %u rows): median %7.3f ms  p95 %7.3f ms  (CPU time: median %7.3f ms  p95 %7.3f ms; %u runs)\n",
           topo_document_get_n_resources (doc), n_computes, n_rows,
           ms[runs / 2], ms[MIN (runs - 1, (guint) (runs * 0.95))],
           cpu[runs / 2], cpu[MIN (runs - 1, (guint) (runs * 0.95))], runs);
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
