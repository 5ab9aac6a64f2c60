/* bench-render.c: canvas redraw time per viewport at several zoom levels, and a full PNG export
 *
 * Prints figures; asserts nothing about time (PRODUCT.md §7 target: a 1920×1080 viewport of a
 * 10 000-resource design in ≤ 8 ms at any zoom).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <math.h>
#include <string.h>

#include "topo.h"
#include "topo-image-export.h"
#include "topo-renderer.h"
#include "topo-spatial-index.h"
#include "topo-validator.h"

#define VIEW_W 1920
#define VIEW_H 1080
#define N_POSITIONS 40
#define REPEATS 2
#define N_PAN 60

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
report (const char *what,
        double      zoom,
        double     *wall,
        double     *cpu,
        guint       n)
{
  qsort (wall, n, sizeof (double), compare_double);
  qsort (cpu, n, sizeof (double), compare_double);
  printf ("  %3.0f%% %-5s wall median %6.2f ms  p95 %6.2f ms | cpu median %6.2f ms  p95 %6.2f ms  (%u)\n",
          zoom * 100, what, wall[n / 2], wall[(n * 95) / 100], cpu[n / 2], cpu[(n * 95) / 100], n);
}

/* Cold: the first draw at a new position (text laid out for the first time). Warm: redraws of the
 * same viewport, as on hover and selection. Pan: a scroll of 24 px per frame. Wall time depends on what else the
 * machine runs; thread CPU time is printed next to it. */
static void
bench_zoom (TopoDocument *doc,
            GHashTable   *badges,
            double        zoom)
{
  TopoRect extent = topo_layout_get_extent (doc);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_W, VIEW_H);
  double vw = VIEW_W / zoom, vh = VIEW_H / zoom;
  double cold_wall[N_POSITIONS], cold_cpu[N_POSITIONS];
  double warm_wall[N_POSITIONS * REPEATS], warm_cpu[N_POSITIONS * REPEATS];
  guint n_warm = 0;
  GRand *rand = g_rand_new_with_seed (11);
  TopoRenderOptions options;

  topo_render_options_init (&options);
  options.scale = zoom;
  options.badges = badges;

  for (int p = 0; p < N_POSITIONS; p++)
    {
      TopoRect v = { floor (extent.x + g_rand_double (rand) * MAX (1, extent.w - vw)),
                     floor (extent.y + g_rand_double (rand) * MAX (1, extent.h - vh)), vw, vh };

      for (int k = 0; k <= REPEATS; k++)
        {
          cairo_t *cr = cairo_create (surface);
          gint64 t0 = g_get_monotonic_time ();
          double c0 = thread_cpu_ms ();
          double wall, cpu;

          cairo_scale (cr, zoom, zoom);
          cairo_translate (cr, -v.x, -v.y);
          topo_render_document (doc, cr, &v, &options);
          cairo_surface_flush (surface);
          wall = (g_get_monotonic_time () - t0) / 1000.0;
          cpu = thread_cpu_ms () - c0;
          cairo_destroy (cr);
          if (k == 0)
            {
              cold_wall[p] = wall;
              cold_cpu[p] = cpu;
            }
          else
            {
              warm_wall[n_warm] = wall;
              warm_cpu[n_warm++] = cpu;
            }
        }
    }
  printf ("viewport %dx%d (%.0f × %.0f design units):\n", VIEW_W, VIEW_H, vw, vh);
  report ("cold", zoom, cold_wall, cold_cpu, N_POSITIONS);
  report ("warm", zoom, warm_wall, warm_cpu, n_warm);

  /* Pan: a drag or scroll, 24 device pixels per frame downwards from a fresh position: each
   * frame is warm but for the strip that comes into view. */
  {
    double pan_wall[N_PAN], pan_cpu[N_PAN];
    TopoRect v = { floor (extent.x + g_rand_double (rand) * MAX (1, extent.w - vw)),
                   floor (extent.y + g_rand_double (rand) * MAX (1, extent.h - vh - N_PAN * 24 / zoom)),
                   vw, vh };

    for (int f = 0; f < N_PAN; f++)
      {
        cairo_t *cr = cairo_create (surface);
        gint64 t0 = g_get_monotonic_time ();
        double c0 = thread_cpu_ms ();

        v.y += 24 / zoom;
        cairo_scale (cr, zoom, zoom);
        cairo_translate (cr, -v.x, -v.y);
        topo_render_document (doc, cr, &v, &options);
        cairo_surface_flush (surface);
        pan_wall[f] = (g_get_monotonic_time () - t0) / 1000.0;
        pan_cpu[f] = thread_cpu_ms () - c0;
        cairo_destroy (cr);
      }
    report ("pan", zoom, pan_wall, pan_cpu, N_PAN);
  }
  g_rand_free (rand);
  cairo_surface_destroy (surface);
}

/* The spatial index after one edit of each kind (the links near the edit are rerouted, the
 * others keep their routes), against a full build of the same design (CPU time). */
static void
bench_reroute (TopoDocument *doc)
{
  static const char *labels[] = { "move a card", "add a card", "delete a card", "add a link",
                                  "delete a link",
                                  "a team's name, layout included: skipped (topo_change_affects_layout)" };
  double ms[G_N_ELEMENTS (labels)][8];
  double full[8];
  GRand *rand = g_rand_new_with_seed (5);

  for (guint rep = 0; rep < 8; rep++)
    {
      const TopoResource *card = NULL;
      const TopoResource *group;
      g_autofree char *id = NULL;
      g_autofree char *added = NULL;
      double t;

      while (card == NULL || card->kind == TOPO_KIND_RESOURCE_GROUP)
        card = topo_document_get_resource (doc, g_rand_int_range (rand, 0, topo_document_get_n_resources (doc)));
      id = g_strdup (card->id);
      group = topo_document_get_group_of (doc, card);
      topo_spatial_index_get (doc);

      topo_edit_move (doc, (const char *[]) { id, NULL }, 24, 0);
      topo_layout_update (doc);
      t = thread_cpu_ms ();
      topo_spatial_index_get (doc);
      ms[0][rep] = thread_cpu_ms () - t;

      added = g_strdup (topo_edit_add_resource (doc, TOPO_KIND_STORAGE, group->id, NULL, 0, 0, NULL));
      topo_layout_update (doc);
      t = thread_cpu_ms ();
      topo_spatial_index_get (doc);
      ms[1][rep] = thread_cpu_ms () - t;

      topo_edit_remove (doc, (const char *[]) { added, NULL });
      topo_layout_update (doc);
      t = thread_cpu_ms ();
      topo_spatial_index_get (doc);
      ms[2][rep] = thread_cpu_ms () - t;

      /* a random link out and back in */
      {
        guint li = g_rand_int_range (rand, 0, topo_document_get_n_links (doc));
        const TopoLink *link = topo_document_get_link (doc, li);
        g_autofree char *from = g_strdup (link->from);
        g_autofree char *to = g_strdup (link->to);
        TopoAccess access = link->access;

        topo_edit_disconnect (doc, li, NULL);
        topo_layout_update (doc);
        t = thread_cpu_ms ();
        topo_spatial_index_get (doc);
        ms[4][rep] = thread_cpu_ms () - t;

        if (!topo_edit_connect (doc, from, to, access, NULL))
          g_error ("could not restore the link %s → %s", from, to);
        topo_layout_update (doc);
        t = thread_cpu_ms ();
        topo_spatial_index_get (doc);
        ms[3][rep] = thread_cpu_ms () - t;
      }

      /* a team edit: neither the layout nor the index is rebuilt */
      if (topo_document_get_n_teams (doc) == 0)
        topo_edit_add_team (doc, topo_team_new ("bench-team"), NULL);
      {
        TopoTeam *team = topo_team_copy (topo_document_get_team (doc, 0));

        topo_spatial_index_get (doc);
        g_free (team->name);
        team->name = g_strdup_printf ("Team %u", rep);
        topo_edit_replace_team (doc, team, NULL);
        t = thread_cpu_ms ();
        topo_layout_update (doc);
        topo_spatial_index_get (doc);
        ms[5][rep] = thread_cpu_ms () - t;
      }

      /* A full build: a copy of the design has no index yet. */
      {
        g_autofree char *text = topo_format_to_data (doc, NULL);
        g_autoptr(TopoDocument) copy = topo_format_load_data (text, strlen (text), "copy", NULL);

        topo_layout_update (copy);
        t = thread_cpu_ms ();
        topo_spatial_index_get (copy);
        full[rep] = thread_cpu_ms () - t;
      }
    }
  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    {
      qsort (ms[k], 8, sizeof (double), compare_double);
      printf ("spatial index after one edit (%s): median %.2f ms CPU, max %.2f ms\n", labels[k],
              ms[k][4], ms[k][7]);
    }
  qsort (full, 8, sizeof (double), compare_double);
  printf ("spatial index built from scratch (every link routed): median %.2f ms CPU\n", full[4]);
  g_rand_free (rand);
}

int
main (int argc, char *argv[])
{
  /* Optional: the zoom levels to run (e.g. "1 0.5"), for profiling one of them; "-" skips the
   * export figures. */
  gboolean exports = TRUE;
  double zooms[8] = { 1.0, 0.5, 0.25, 0.1 };
  guint n_zooms = 4;
  g_autoptr(TopoDocument) doc = NULL;
  g_autoptr(TopoDocument) small = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) badges = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  gint64 t0;
  double c0, wall, cpu;
  TopoRect extent;

  if (argc > 1)
    {
      n_zooms = 0;
      for (int i = 1; i < argc && n_zooms < G_N_ELEMENTS (zooms); i++)
        if (g_str_equal (argv[i], "-"))
          exports = FALSE;
        else
          zooms[n_zooms++] = g_ascii_strtod (argv[i], NULL);
    }

  t0 = g_get_monotonic_time ();
  doc = topo_generate (10000, 1);
  topo_layout_update (doc);
  extent = topo_layout_get_extent (doc);
  printf ("generated %u resources, %u links, extent %.0f × %.0f in %.1f ms\n",
          topo_document_get_n_resources (doc), topo_document_get_n_links (doc), extent.w, extent.h,
          (g_get_monotonic_time () - t0) / 1000.0);

  diagnostics = topo_validate (doc);
  badges = topo_diagnostics_badges (diagnostics);

  /* The first draw builds the spatial index; the first draw of the process also sets up fonts
   * (once per process, not per document). */
  {
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
    cairo_t *cr = cairo_create (s);
    TopoRect v = { extent.x, extent.y, 16, 16 };
    double index_ms;

    t0 = g_get_monotonic_time ();
    topo_spatial_index_get (doc);
    index_ms = (g_get_monotonic_time () - t0) / 1000.0;
    t0 = g_get_monotonic_time ();
    topo_render_document (doc, cr, &v, NULL);
    printf ("spatial index build (%u resources + %u links): %.2f ms; first draw of the process "
            "(font setup): %.2f ms\n", topo_document_get_n_resources (doc),
            topo_document_get_n_links (doc), index_ms, (g_get_monotonic_time () - t0) / 1000.0);
    cairo_destroy (cr);
    cairo_surface_destroy (s);
  }

  bench_reroute (doc);
  for (guint z = 0; z < n_zooms; z++)
    bench_zoom (doc, badges, zooms[z]);
  if (!exports)
    return 0;

  small = topo_generate (1000, 2);
  {
    /* Drawing alone, without validation and PNG encoding. */
    TopoRenderOptions options;
    TopoRect b;
    cairo_surface_t *s;
    cairo_t *cr;

    topo_render_options_init (&options);
    options.show_title = options.show_legend = TRUE;
    b = topo_render_export_bounds (small, &options);
    s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) b.w, (int) b.h);
    cr = cairo_create (s);
    cairo_translate (cr, -b.x, -b.y);
    t0 = g_get_monotonic_time ();
    topo_render_document (small, cr, NULL, &options);
    cairo_surface_flush (s);
    printf ("drawing the whole 1 000-resource design (%.0f × %.0f px): %.1f ms\n", b.w, b.h,
            (g_get_monotonic_time () - t0) / 1000.0);
    cairo_destroy (cr);
    cairo_surface_destroy (s);
  }
  /* Process CPU time: the export deflates in a second thread. */
  {
    struct timespec ts;

    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    c0 = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
  }
  t0 = g_get_monotonic_time ();
  png = topo_image_export_to_bytes (small, TOPO_IMAGE_PNG, 1.0, TRUE, TOPO_THEME_LIGHT, &error);
  wall = (g_get_monotonic_time () - t0) / 1000.0;
  {
    struct timespec ts;

    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    cpu = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6 - c0;
  }
  if (png == NULL)
    printf ("full PNG export of 1 000 resources failed: %s\n", error->message);
  else
    {
      TopoRenderOptions options;
      TopoRect b;

      topo_render_options_init (&options);
      options.show_title = options.show_legend = TRUE;
      options.badges = badges;
      b = topo_render_export_bounds (small, &options);
      printf ("full PNG export of %u resources (%.0f × %.0f px, %zu KiB, validation included): "
              "%.1f ms wall, %.1f ms CPU (both threads)\n",
              topo_document_get_n_resources (small), b.w, b.h, g_bytes_get_size (png) / 1024, wall, cpu);
    }
  return 0;
}
