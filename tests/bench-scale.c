/* bench-scale.c: 100 000 and 1 000 000 resources — load, save, validate, layout, export
 *
 * Run with `meson test -C build --benchmark -v bench-scale` (the million takes minutes and
 * about 2 GB; TOPOGRAPH_BENCH_SIZES=100000 limits the sizes). One run per figure: these are
 * scale checks, not fine timings. Exports report what the bounds do at that size: ARM templates
 * hold at most 800 resources (Azure's limit), SVG/PDF at most 20 000 resources, PNG at most
 * 128 million pixels, so those are refusals that must come quickly; the ARM export of the whole
 * design is also timed through the library, which has no such bound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <string.h>

#include "topo.h"
#include "topo-arm-export.h"
#include "topo-image-export.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_size (guint n)
{
  g_autoptr(TopoDocument) doc = topo_generate (n, 1);
  g_autoptr(TopoDocument) loaded = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *arm = NULL;
  g_autoptr(GBytes) svg = NULL;
  gsize length;
  gint64 t;
  double save_ms, load_ms, validate_ms, layout_ms, arm_check_ms, arm_ms, svg_ms;
  struct mallinfo2 before, after;

  t = g_get_monotonic_time ();
  text = topo_format_to_data (doc, &length);
  save_ms = ms_since (t);
  g_clear_object (&doc);

  before = mallinfo2 ();
  t = g_get_monotonic_time ();
  loaded = topo_format_load_data (text, length, "bench.topograph", &error);
  load_ms = ms_since (t);
  g_assert_no_error (error);
  after = mallinfo2 ();

  t = g_get_monotonic_time ();
  diagnostics = topo_validate (loaded);
  validate_ms = ms_since (t);

  t = g_get_monotonic_time ();
  topo_layout_auto (loaded);
  layout_ms = ms_since (t);

  t = g_get_monotonic_time ();
  g_assert_false (topo_arm_export_check_limits (loaded, NULL, &error));
  arm_check_ms = ms_since (t);
  g_clear_error (&error);

  t = g_get_monotonic_time ();
  svg = topo_image_export_to_bytes (loaded, TOPO_IMAGE_SVG, 1.0, FALSE, TOPO_THEME_LIGHT, &error);
  svg_ms = ms_since (t);
  g_assert_null (svg);
  g_clear_error (&error);

  t = g_get_monotonic_time ();
  arm = topo_arm_export_to_string (loaded);
  arm_ms = ms_since (t);

  g_print ("%9u %9.0f %9.0f %11.0f %11.0f %10.0f %10.0f %11.1f %10.1f %9.0f %9zu\n", n, load_ms, save_ms,
           validate_ms, layout_ms, arm_ms, strlen (arm) / 1048576.0, arm_check_ms, svg_ms,
           (double) (after.uordblks - before.uordblks) / n, length / n);
}

int
main (int   argc,
      char *argv[])
{
  const char *sizes = g_getenv ("TOPOGRAPH_BENCH_SIZES");
  g_auto(GStrv) list = g_strsplit (sizes != NULL ? sizes : "100000,1000000", ",", 0);

  g_print ("%9s %9s %9s %11s %11s %10s %10s %11s %10s %9s %9s\n", "resources", "load ms", "save ms",
           "validate ms", "layout ms", "ARM ms", "ARM MB", "ARM ref. ms", "SVG ref. ms", "model B/r", "file B/r");
  for (guint i = 0; list[i] != NULL; i++)
    bench_size ((guint) g_ascii_strtoull (list[i], NULL, 10));
  return 0;
}
