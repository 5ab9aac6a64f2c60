/* bench-validate.c: how long topo_validate takes on generated designs (PRODUCT.md §7: 10 000
 * resources in ≤ 5 ms). Prints median and p95 over the runs; asserts nothing about time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "topo-generator.h"
#include "topo-validator.h"

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
  guint n_diagnostics = 0, counts[3] = { 0, 0, 0 };

  /* Warm-up: loads the region and naming tables once. */
  g_ptr_array_unref (topo_validate (doc));

  for (guint r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = thread_cpu_ms ();
      GPtrArray *diagnostics = topo_validate (doc);

      cpu[r] = thread_cpu_ms () - cpu_start;
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      n_diagnostics = diagnostics->len;
      if (r == 0)
        for (guint i = 0; i < diagnostics->len; i++)
          counts[((TopoDiagnostic *) g_ptr_array_index (diagnostics, i))->severity]++;
      g_ptr_array_unref (diagnostics);
    }
  qsort (ms, runs, sizeof (double), compare_double);
  qsort (cpu, runs, sizeof (double), compare_double);
  g_print ("validate %6u resources %6u links: median %7.3f ms  p95 %7.3f ms  (CPU time: median %7.3f ms  p95 %7.3f ms; %u runs; %u diagnostics: %u errors, %u warnings, %u infos)\n",
           topo_document_get_n_resources (doc), topo_document_get_n_links (doc),
           ms[runs / 2], ms[MIN (runs - 1, (guint) (runs * 0.95))],
           cpu[runs / 2], cpu[MIN (runs - 1, (guint) (runs * 0.95))], runs,
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
