/* topo-glyphs.c: one vector glyph per resource kind, drawn with cairo
 *
 * Every glyph is drawn on a 24×24 grid with the same stroke weight, round caps and joins, so they
 * read as one family at card size (28 px) and in the palette (16–24 px).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-glyphs"

#include "config.h"

#include <math.h>

#include "topo-style.h"

#define STROKE 1.7

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
glyph_resource_group (cairo_t *cr)
{
  static const double dashes[] = { 2.6, 2.2 };

  /* A dashed container holding two items. */
  cairo_set_dash (cr, dashes, 2, 0);
  rounded_rect (cr, 3, 4, 18, 16, 3);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  rounded_rect (cr, 7, 8.5, 4, 7, 1);
  rounded_rect (cr, 13, 8.5, 4, 7, 1);
  cairo_fill (cr);
}

static void
glyph_workspace (cairo_t *cr)
{
  /* A laboratory flask: where experiments happen. */
  cairo_move_to (cr, 9.5, 3.5);
  cairo_line_to (cr, 14.5, 3.5);
  cairo_stroke (cr);
  cairo_move_to (cr, 10.5, 3.5);
  cairo_line_to (cr, 10.5, 9.5);
  cairo_line_to (cr, 4.8, 18.2);
  cairo_curve_to (cr, 4.0, 19.6, 4.8, 20.6, 6.4, 20.6);
  cairo_line_to (cr, 17.6, 20.6);
  cairo_curve_to (cr, 19.2, 20.6, 20.0, 19.6, 19.2, 18.2);
  cairo_line_to (cr, 13.5, 9.5);
  cairo_line_to (cr, 13.5, 3.5);
  cairo_stroke (cr);
  /* liquid */
  cairo_move_to (cr, 7.6, 14.6);
  cairo_line_to (cr, 16.4, 14.6);
  cairo_line_to (cr, 18.2, 17.8);
  cairo_curve_to (cr, 18.6, 18.6, 18.3, 19.0, 17.4, 19.0);
  cairo_line_to (cr, 6.6, 19.0);
  cairo_curve_to (cr, 5.7, 19.0, 5.4, 18.6, 5.8, 17.8);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
glyph_compute_instance (cairo_t *cr)
{
  /* One machine: a monitor on a stand. */
  rounded_rect (cr, 3, 4, 18, 12.5, 1.8);
  cairo_stroke (cr);
  cairo_move_to (cr, 12, 16.5);
  cairo_line_to (cr, 12, 20);
  cairo_move_to (cr, 7.5, 20.5);
  cairo_line_to (cr, 16.5, 20.5);
  cairo_stroke (cr);
  /* a prompt */
  cairo_move_to (cr, 7, 8);
  cairo_line_to (cr, 9.5, 10.2);
  cairo_line_to (cr, 7, 12.4);
  cairo_move_to (cr, 11.5, 12.4);
  cairo_line_to (cr, 15.5, 12.4);
  cairo_stroke (cr);
}

static void
glyph_compute_cluster (cairo_t *cr)
{
  /* Several machines: three stacked server units with status lights. */
  for (int i = 0; i < 3; i++)
    {
      double y = 3.5 + i * 6.0;

      rounded_rect (cr, 3.5, y, 17, 5, 1.4);
      cairo_stroke (cr);
      cairo_arc (cr, 7, y + 2.5, 0.95, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_move_to (cr, 11, y + 2.5);
      cairo_line_to (cr, 17, y + 2.5);
      cairo_stroke (cr);
    }
}

static void
glyph_storage (cairo_t *cr)
{
  /* A cylinder of data. */
  cairo_save (cr);
  cairo_translate (cr, 12, 5.8);
  cairo_scale (cr, 8, 2.6);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_stroke (cr);
  for (int i = 1; i <= 2; i++)
    {
      cairo_save (cr);
      cairo_translate (cr, 12, 5.8 + i * 6.1);
      cairo_scale (cr, 8, 2.6);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0, 0, 1, 0, G_PI);
      cairo_restore (cr);
      cairo_stroke (cr);
    }
  cairo_move_to (cr, 4, 5.8);
  cairo_line_to (cr, 4, 18);
  cairo_move_to (cr, 20, 5.8);
  cairo_line_to (cr, 20, 18);
  cairo_stroke (cr);
}

static void
glyph_key_vault (cairo_t *cr)
{
  /* A key: ring, shaft and two teeth. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, 7.5, 12, 4.3, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 7.5, 12, 1.3, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_move_to (cr, 11.8, 12);
  cairo_line_to (cr, 21, 12);
  cairo_move_to (cr, 17.5, 12);
  cairo_line_to (cr, 17.5, 15.5);
  cairo_move_to (cr, 20.5, 12);
  cairo_line_to (cr, 20.5, 16.5);
  cairo_stroke (cr);
}

static void
glyph_app_insights (cairo_t *cr)
{
  /* A light bulb (Azure's own metaphor for Application Insights) with a rising trace in it. */
  cairo_move_to (cr, 9, 17);
  cairo_line_to (cr, 9, 15.2);
  cairo_curve_to (cr, 6.4, 13.8, 5, 11.6, 5, 9.4);
  cairo_curve_to (cr, 5, 5.5, 8.1, 2.6, 12, 2.6);
  cairo_curve_to (cr, 15.9, 2.6, 19, 5.5, 19, 9.4);
  cairo_curve_to (cr, 19, 11.6, 17.6, 13.8, 15, 15.2);
  cairo_line_to (cr, 15, 17);
  cairo_close_path (cr);
  cairo_stroke (cr);
  cairo_move_to (cr, 9.5, 20.5);
  cairo_line_to (cr, 14.5, 20.5);
  cairo_stroke (cr);
  cairo_move_to (cr, 8.6, 11.2);
  cairo_line_to (cr, 10.6, 8.8);
  cairo_line_to (cr, 12.6, 10.6);
  cairo_line_to (cr, 15.4, 7.2);
  cairo_stroke (cr);
}

static void
glyph_container_registry (cairo_t *cr)
{
  /* A crate seen from above the corner: the images a registry stores. */
  cairo_move_to (cr, 12, 2.8);
  cairo_line_to (cr, 20.2, 7.2);
  cairo_line_to (cr, 20.2, 16.8);
  cairo_line_to (cr, 12, 21.2);
  cairo_line_to (cr, 3.8, 16.8);
  cairo_line_to (cr, 3.8, 7.2);
  cairo_close_path (cr);
  cairo_move_to (cr, 3.8, 7.2);
  cairo_line_to (cr, 12, 11.6);
  cairo_line_to (cr, 20.2, 7.2);
  cairo_move_to (cr, 12, 11.6);
  cairo_line_to (cr, 12, 21.2);
  cairo_stroke (cr);
  /* slats */
  cairo_move_to (cr, 6.6, 11.7);
  cairo_line_to (cr, 6.6, 16.4);
  cairo_move_to (cr, 9.3, 13.2);
  cairo_line_to (cr, 9.3, 17.9);
  cairo_stroke (cr);
}

static void
glyph_aks (cairo_t *cr)
{
  /* A ship's wheel with seven spokes: Kubernetes. */
  double cx = 12, cy = 12;

  cairo_move_to (cr, cx + 8.6 * sin (0), cy - 8.6 * cos (0));
  for (int i = 1; i <= 7; i++)
    {
      double a = i * 2 * G_PI / 7;
      cairo_line_to (cr, cx + 8.6 * sin (a), cy - 8.6 * cos (a));
    }
  cairo_close_path (cr);
  cairo_stroke (cr);
  for (int i = 0; i < 7; i++)
    {
      double a = i * 2 * G_PI / 7;
      cairo_move_to (cr, cx + 2.6 * sin (a), cy - 2.6 * cos (a));
      cairo_line_to (cr, cx + 6.2 * sin (a), cy - 6.2 * cos (a));
    }
  cairo_stroke (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, cx, cy, 2.2, 0, 2 * G_PI);
  cairo_stroke (cr);
}

void
topo_glyph_draw (cairo_t  *cr,
                 TopoKind  kind,
                 double    x,
                 double    y,
                 double    size,
                 TopoColor color)
{
  g_return_if_fail (kind < TOPO_N_KINDS);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size / 24.0, size / 24.0);
  cairo_new_path (cr);
  topo_color_set_source (cr, color, 1.0);
  cairo_set_line_width (cr, STROKE);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  switch (kind)
    {
    case TOPO_KIND_RESOURCE_GROUP: glyph_resource_group (cr); break;
    case TOPO_KIND_WORKSPACE: glyph_workspace (cr); break;
    case TOPO_KIND_COMPUTE_INSTANCE: glyph_compute_instance (cr); break;
    case TOPO_KIND_COMPUTE_CLUSTER: glyph_compute_cluster (cr); break;
    case TOPO_KIND_STORAGE: glyph_storage (cr); break;
    case TOPO_KIND_KEY_VAULT: glyph_key_vault (cr); break;
    case TOPO_KIND_APP_INSIGHTS: glyph_app_insights (cr); break;
    case TOPO_KIND_CONTAINER_REGISTRY: glyph_container_registry (cr); break;
    case TOPO_KIND_AKS: glyph_aks (cr); break;
    case TOPO_N_KINDS:
    default:
      break;
    }
  cairo_restore (cr);
}

void
topo_render_glyph (cairo_t   *cr,
                   TopoKind   kind,
                   double     x,
                   double     y,
                   double     size,
                   TopoTheme  theme)
{
  const TopoPalette *palette = topo_style_palette (theme);

  g_return_if_fail (kind < TOPO_N_KINDS);

  /* A tinted tile behind the strokes, so the kind reads by colour as well as by shape. */
  cairo_save (cr);
  cairo_new_path (cr);
  rounded_rect (cr, x, y, size, size, size * 0.22);
  topo_color_set_source (cr, palette->kind_tint[kind], 1.0);
  cairo_fill (cr);
  cairo_restore (cr);
  topo_glyph_draw (cr, kind, x + size * 0.14, y + size * 0.14, size * 0.72,
                   palette->kind_stroke[kind]);
}
