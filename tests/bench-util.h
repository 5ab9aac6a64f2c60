/* bench-util.h: timing for the benchmarks: each run's wall-clock and CPU time, and their
 * median and p95. Included by the benchmarks that use it; every function is static.
 *
 * The CPU time is this thread's: on a shared, loaded machine the wall clock also counts the
 * time the process waits for a core, so both are printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>
#include <time.h>
#include <glib.h>

typedef struct
{
  guint   runs;
  guint   n;          /* runs recorded */
  double *ms;
  double *cpu;
  gint64  start;
  double  cpu_start;
} BenchTimes;

G_GNUC_UNUSED static double
bench_thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

G_GNUC_UNUSED static BenchTimes *
bench_times_new (guint runs)
{
  BenchTimes *t = g_new0 (BenchTimes, 1);

  t->runs = runs;
  t->ms = g_new (double, runs);
  t->cpu = g_new (double, runs);
  return t;
}

G_GNUC_UNUSED static void
bench_times_free (BenchTimes *t)
{
  g_free (t->ms);
  g_free (t->cpu);
  g_free (t);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchTimes, bench_times_free)

G_GNUC_UNUSED static void
bench_times_start (BenchTimes *t)
{
  t->start = g_get_monotonic_time ();
  t->cpu_start = bench_thread_cpu_ms ();
}

/* Records the run started by bench_times_start. */
G_GNUC_UNUSED static void
bench_times_stop (BenchTimes *t)
{
  double cpu = bench_thread_cpu_ms () - t->cpu_start;

  g_assert (t->n < t->runs);
  t->cpu[t->n] = cpu;
  t->ms[t->n] = (g_get_monotonic_time () - t->start) / 1000.0;
  t->n++;
}

G_GNUC_UNUSED static int
bench_compare_double (const void *a,
                      const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* "median … ms  p95 … ms  (CPU time: median … ms  p95 … ms; N runs" of the recorded runs (the
 * caller closes the parenthesis, after its own figures). */
G_GNUC_UNUSED static char *
bench_times_summary (BenchTimes *t)
{
  guint p95 = MIN (t->n - 1, (guint) (t->n * 0.95));

  g_assert (t->n > 0);
  qsort (t->ms, t->n, sizeof (double), bench_compare_double);
  qsort (t->cpu, t->n, sizeof (double), bench_compare_double);
  return g_strdup_printf ("median %7.3f ms  p95 %7.3f ms  (CPU time: median %7.3f ms  p95 %7.3f ms; %u runs",
                          t->ms[t->n / 2], t->ms[p95], t->cpu[t->n / 2], t->cpu[p95], t->n);
}
