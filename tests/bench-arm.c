/* bench-arm.c: ARM export and import time of generated designs (prints figures; target: export of
 * 10 000 resources ≤ 150 ms; import linear in the resources)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "topo.h"
#include "topo-arm-export.h"
#include "topo-arm-import.h"

/* CPU time of this process: the machine is shared, so wall-clock time mostly measures the others. */
static gint64
cpu_time_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * G_GINT64_CONSTANT (1000000) + ts.tv_nsec / 1000;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint n)
{
  qsort (values, n, sizeof (double), compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int argc,
      char *argv[])
{
  static const struct { guint n; guint runs; } sizes[] = { { 1000, 9 }, { 10000, 7 }, { 50000, 3 } };

  printf ("# ARM export (topo_arm_export_to_string: the canonical JSON text, as the CLI writes it), median of N runs\n");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (sizes[s].n, 1);
      double total[16], cpu[16], import[16], import_cpu[16];
      gsize bytes = 0;

      for (guint r = 0; r < sizes[s].runs; r++)
        {
          gint64 c0 = cpu_time_us ();
          gint64 t0 = g_get_monotonic_time ();
          g_autofree char *text = topo_arm_export_to_string (doc);
          gint64 t1 = g_get_monotonic_time ();

          total[r] = (t1 - t0) / 1000.0;
          cpu[r] = (cpu_time_us () - c0) / 1000.0;
          bytes = strlen (text);
          if (r < 3)
            {
              g_autoptr(GError) error = NULL;
              gint64 c3 = cpu_time_us ();
              gint64 t3 = g_get_monotonic_time ();
              g_autoptr(TopoDocument) back = topo_arm_import_data (text, (gssize) bytes, "bench.json", NULL, &error);

              import[r] = (g_get_monotonic_time () - t3) / 1000.0;
              import_cpu[r] = (cpu_time_us () - c3) / 1000.0;
              g_assert_nonnull (back);
              g_assert_cmpuint (topo_document_get_n_resources (back), ==, topo_document_get_n_resources (doc));
            }
        }
      printf ("arm-export %6u resources: %8.1f ms wall, %8.1f ms CPU, %zu bytes, %u runs%s\n",
              topo_document_get_n_resources (doc), median (total, sizes[s].runs),
              median (cpu, sizes[s].runs), bytes, sizes[s].runs,
              sizes[s].n == 10000 ? " (target <= 150 ms)" : "");
      printf ("arm-import %6u resources: %8.1f ms wall, %8.1f ms CPU, %.2f µs CPU a resource, %u runs\n",
              topo_document_get_n_resources (doc), median (import, MIN (3, sizes[s].runs)),
              median (import_cpu, MIN (3, sizes[s].runs)),
              median (import_cpu, MIN (3, sizes[s].runs)) * 1000.0 / topo_document_get_n_resources (doc),
              MIN (3, sizes[s].runs));
      fflush (stdout);
    }
  return 0;
}
