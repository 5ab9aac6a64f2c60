/* bench-frames.c: canvas frame times and startup time (prints figures; asserts nothing timed)
 *
 * 1. Startup: process start → gtk_init → Contoso loaded → window shown → first frame painted;
 *    the same for a generated 10 000-resource design in a process of its own (target ≤ 1 s; the
 *    design opens fitted, so the first frame draws all of it).
 * 2. A generated 10 000-resource design, panned and zoomed programmatically for 120 frames by a
 *    tick callback; the frame clock's before-paint → after-paint duration of each frame gives the
 *    median and p95 (target p95 ≤ 16 ms).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "topo-canvas.h"
#include "topo-format.h"
#include "topo-generator.h"
#include "topo-layout.h"
#include "topo-renderer.h"
#include "topo-templates.h"
#include "topo-window-private.h"

#define N_FRAMES 120

typedef struct
{
  GArray    *durations;     /* of double, ms */
  gint64     paint_start;
  gint64     first_paint_end;
  guint      frame;
  gboolean   done;
  TopoCanvas *canvas;
  double     zoom_base;
  gboolean   fit_mode;
} Bench;

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->paint_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->first_paint_end == 0)
    b->first_paint_end = now;
  if (b->durations != NULL && b->paint_start != 0)
    {
      double ms = (now - b->paint_start) / 1000.0;
      g_array_append_val (b->durations, ms);
    }
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Bench *b = data;
  double ox, oy;

  if (b->frame >= N_FRAMES)
    {
      b->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  /* pan right and down, and zoom in and out around the centre */
  topo_canvas_get_origin (b->canvas, &ox, &oy);
  if (b->fit_mode)
    topo_canvas_pan (b->canvas, 5, 3);
  else
    {
      double phase = (b->frame % 60) < 30 ? 1.02 : 1 / 1.02;
      topo_canvas_pan (b->canvas, 9, 4);
      topo_canvas_zoom_at (b->canvas, phase, gtk_widget_get_width (widget) / 2.0,
                           gtk_widget_get_height (widget) / 2.0);
    }
  b->frame++;
  return G_SOURCE_CONTINUE;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *label,
        GArray     *d)
{
  g_array_sort (d, cmp_double);
  if (d->len == 0)
    {
      g_print ("%s: no frames\n", label);
      return;
    }
  g_print ("%s: %u frames, paint median %.2f ms, p95 %.2f ms, max %.2f ms\n", label, d->len,
           g_array_index (d, double, d->len / 2),
           g_array_index (d, double, MIN (d->len - 1, (guint) (d->len * 0.95))),
           g_array_index (d, double, d->len - 1));
}

/* The renderer alone on an image surface of the canvas' size, same viewport: how much of a
 * frame is drawing the design, and how much is GTK around it. */
static void
time_renderer (TopoDocument *doc,
               int           width,
               int           height,
               double        scale,
               const char   *label)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  GArray *d = g_array_new (FALSE, FALSE, sizeof (double));
  TopoRenderOptions options;

  topo_render_options_init (&options);
  options.scale = scale;
  for (int i = 0; i < 60; i++)
    {
      cairo_t *cr = cairo_create (surface);
      double ox = i * 9 / scale, oy = i * 4 / scale;
      TopoRect viewport = { ox, oy, width / scale, height / scale };
      gint64 t = g_get_monotonic_time ();
      double ms;

      cairo_scale (cr, scale, scale);
      cairo_translate (cr, -ox, -oy);
      topo_render_document (doc, cr, &viewport, &options);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - t) / 1000.0;
      g_array_append_val (d, ms);
    }
  report (label, d);
  g_array_unref (d);
  cairo_surface_destroy (surface);
}

static void
run_frames (TopoWindow *window,
            const char *label,
            double      scale,
            gboolean    fit)
{
  TopoCanvas *canvas = _topo_window_get_canvas (window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (canvas));
  Bench b = { 0 };
  gulong h1, h2;

  b.durations = g_array_new (FALSE, FALSE, sizeof (double));
  b.canvas = canvas;
  b.fit_mode = fit;
  if (fit)
    topo_canvas_fit (canvas);
  else
    topo_canvas_set_view (canvas, scale, 0, 0);
  h1 = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &b);
  h2 = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &b);
  gtk_widget_add_tick_callback (GTK_WIDGET (canvas), tick_cb, &b, NULL);
  while (!b.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, h1);
  g_signal_handler_disconnect (clock, h2);
  report (label, b.durations);
  g_array_unref (b.durations);
}

/* "bench-frames --startup FILE": startup to first frame with FILE, in this fresh process. */
static double
process_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double cpu_after_init;   /* process CPU time once gtk_init returned */

static int
startup_only (const char *path,
              gint64      t0,
              gint64      t_init)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_path (path, &error);
  gint64 t_loaded, t_window;
  Bench first = { 0 };
  TopoWindow *window;
  GdkFrameClock *clock;
  double c_init = cpu_after_init, c_loaded, c_window, c_first;

  g_assert_no_error (error);
  t_loaded = g_get_monotonic_time ();
  c_loaded = process_cpu_ms ();
  window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  topo_window_set_document (window, doc, NULL);
  t_window = g_get_monotonic_time ();
  c_window = process_cpu_ms ();
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &first);
  gtk_window_present (GTK_WINDOW (window));
  while (first.first_paint_end == 0)
    g_main_context_iteration (NULL, TRUE);
  c_first = process_cpu_ms ();
  g_print ("startup (%u resources, opened fitted at %.1f %%): gtk_init %.1f ms, load %.1f ms, "
           "window %.1f ms, first frame at %.1f ms after process start (target <= 1000 ms); "
           "CPU time (user + system, all threads: what it costs without the machine's other "
           "load): gtk_init %.0f ms, load %.0f ms, window %.0f ms, to the first frame %.0f ms, "
           "in all %.0f ms\n",
           topo_document_get_n_resources (doc),
           topo_canvas_get_zoom (_topo_window_get_canvas (window)) * 100,
           (t_init - t0) / 1000.0, (t_loaded - t_init) / 1000.0, (t_window - t_loaded) / 1000.0,
           (first.first_paint_end - t0) / 1000.0, c_init, c_loaded - c_init, c_window - c_loaded,
           c_first - c_window, c_first);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) contoso = NULL;
  g_autoptr(TopoDocument) big = NULL;
  const char *samples = g_getenv ("TOPOGRAPH_SAMPLES");
  g_autofree char *contoso_path = NULL;
  TopoWindow *window;
  Bench first = { 0 };
  gint64 t_init, t_loaded, t_window;
  GdkFrameClock *clock;
  gulong h;

  if (!gtk_init_check ())
    {
      g_print ("no display: skipped\n");
      return 77;
    }
  adw_init ();
  t_init = g_get_monotonic_time ();
  cpu_after_init = process_cpu_ms ();
  if (argc == 3 && g_str_equal (argv[1], "--startup"))
    return startup_only (argv[2], t0, t_init);

  /* 1. startup to first frame with the Contoso sample */
  contoso_path = g_build_filename (samples ? samples : "data/samples", "contoso.topograph", NULL);
  contoso = topo_format_load_path (contoso_path, &error);
  if (contoso == NULL)
    {
      g_print ("contoso sample: %s; using the template\n", error->message);
      g_clear_error (&error);
      contoso = topo_templates_load ("contoso", &error);
      g_assert_no_error (error);
    }
  t_loaded = g_get_monotonic_time ();
  window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  topo_window_set_document (window, contoso, NULL);
  t_window = g_get_monotonic_time ();
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  h = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &first);
  gtk_window_present (GTK_WINDOW (window));
  while (first.first_paint_end == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, h);
  g_print ("startup (Contoso, %u resources): gtk_init %.1f ms, load %.1f ms, window %.1f ms, "
           "first frame at %.1f ms after process start (target <= 500 ms)\n",
           topo_document_get_n_resources (contoso),
           (t_init - t0) / 1000.0, (t_loaded - t_init) / 1000.0, (t_window - t_loaded) / 1000.0,
           (first.first_paint_end - t0) / 1000.0);

  run_frames (window, "contoso, pan+zoom at 100 %", 1.0, FALSE);

  /* the cost of a frame with (almost) nothing to draw: GTK, GSK and the X server around us */
  {
    g_autoptr(TopoDocument) blank = topo_window_new_blank_document ();
    topo_window_set_document (window, blank, NULL);
    run_frames (window, "baseline: blank design, pan+zoom", 1.0, FALSE);
  }

  /* 2. 10 000 resources */
  big = topo_generate (10000, 42);
  topo_layout_update (big);
  {
    g_autofree char *dir = g_dir_make_tmp ("topograph-bench-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "10k.topograph", NULL);
    g_autofree char *out = NULL;
    const char *child[] = { argv[0], "--startup", path, NULL };
    int status = 0;

    g_assert_true (topo_format_save_path (big, path, NULL));
    /* Twice: the first run also pays for cold caches (fonts, the binary). */
    for (int run = 0; run < 2; run++)
      {
        g_clear_pointer (&out, g_free);
        g_assert_true (g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                     NULL, &status, NULL));
        g_print ("%s%s", run == 0 ? "cold " : "warm ", out);
      }
    g_unlink (path);
    g_rmdir (dir);
  }
  topo_window_set_document (window, big, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (_topo_window_get_canvas (window)));
  {
    TopoRect extent = topo_layout_get_extent (big);
    g_print ("10k design: %u resources, %u links, extent %.0f x %.0f design units\n",
             topo_document_get_n_resources (big), topo_document_get_n_links (big),
             extent.w, extent.h);
  }
  {
    GtkWidget *canvas = GTK_WIDGET (_topo_window_get_canvas (window));
    int w = gtk_widget_get_width (canvas), h = gtk_widget_get_height (canvas);
    g_print ("canvas %d x %d px\n", w, h);
    time_renderer (big, w, h, 1.0, "10k, renderer alone on an image surface, 100 %");
    time_renderer (big, w, h, 0.4, "10k, renderer alone on an image surface, 40 %");
  }
  run_frames (window, "10k, pan+zoom around 100 % (target p95 <= 16 ms)", 1.0, FALSE);
  run_frames (window, "10k, pan+zoom around 40 %", 0.4, FALSE);
  run_frames (window, "10k, whole design (fit), pan", 1.0, TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
