/* bench-format.c: load, save and memory figures for generated designs
 *
 * Run with `meson test -C build --benchmark -v bench-format`. Targets (PRODUCT.md §7):
 * 10 000 resources load + save ≤ 100 ms; ≤ 1 KiB per resource in the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <string.h>
#include <glib/gstdio.h>

#include "topo.h"
#include "bench-util.h"

#define RUNS 7

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, bench_compare_double);
  return values[n / 2];
}

int
main (int   argc,
      char *argv[])
{
  const guint sizes[] = { 1000, 10000, 50000 };
  g_autofree char *dir = g_dir_make_tmp ("topograph-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);

  g_print ("%-10s %10s %10s %12s %10s %14s\n", "resources", "load ms", "save ms", "load+save ms",
           "file KiB", "model B/res");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(TopoDocument) generated = topo_generate (sizes[s], 1);
      g_autofree char *text = NULL;
      gsize length = 0;
      double load[RUNS], save[RUNS];
      struct mallinfo2 before, after;
      size_t model_bytes = 0;

      g_assert_true (topo_format_save_path (generated, path, NULL));
      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      g_clear_object (&generated);

      for (guint run = 0; run < RUNS; run++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(TopoDocument) doc = NULL;
          gint64 t0, t1, t2;

          malloc_trim (0);
          before = mallinfo2 ();
          t0 = g_get_monotonic_time ();
          doc = topo_format_load_path (path, &error);
          t1 = g_get_monotonic_time ();
          g_assert_no_error (error);
          after = mallinfo2 ();
          model_bytes = after.uordblks - before.uordblks;
          g_assert_true (topo_format_save_path (doc, path, &error));
          t2 = g_get_monotonic_time ();
          load[run] = (t1 - t0) / 1000.0;
          save[run] = (t2 - t1) / 1000.0;
        }
      {
        double load_median = median (load, RUNS), save_median = median (save, RUNS);

        g_print ("%-10u %10.1f %10.1f %12.1f %10.0f %14.0f\n", sizes[s], load_median, save_median,
                 load_median + save_median, length / 1024.0, (double) model_bytes / sizes[s]);
      }
    }
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
