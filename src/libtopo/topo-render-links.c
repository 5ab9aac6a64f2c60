/* topo-render-links.c: link routing and drawing, arrowheads, labels and pills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-renderer-private.h"
#include "topo-render-diff-private.h"

/* A colour as 8-bit RGB, for cache keys. */
guint32
_topo_color_u32 (TopoColor c)
{
  return ((guint32) round (CLAMP (c.r, 0, 1) * 255) << 16) |
         ((guint32) round (CLAMP (c.g, 0, 1) * 255) << 8) | (guint32) round (CLAMP (c.b, 0, 1) * 255);
}

/* On the canvas a pill is a copy of a bitmap made once per text, colours, zoom and eighth-pixel
 * phase: the dozens of R/W and environment pills of a frame cost a fill, a stroke and a text
 * each otherwise. The bitmap is drawn as _topo_draw_pill draws on the target, with the pill's corner
 * at its phase (within a sixteenth of a pixel of the exact place) and the text at the very whole
 * pixel the target would get, so every frame shows the same pixels. */
static void
draw_pill_bitmap (Render     *r,
                  const char *text,
                  double      x,
                  double      y,
                  double      pw,
                  double      ph,
                  double      w,
                  double      h,
                  TopoColor   fill,
                  TopoColor   border,
                  gboolean    has_border,
                  TopoColor   text_color)
{
  double s = r->device_scale, fx = x, fy = y, qx, qy;
  int ix, iy, tx, ty, margin = 1 + (int) ceil (0.6 * s);
  char *key;
  cairo_surface_t *bitmap;

  _topo_target_pixel (r, &fx, &fy);
  ix = (int) floor (fx);
  iy = (int) floor (fy);
  qx = round ((fx - ix) * 8) / 8;
  qy = round ((fy - iy) * 8) / 8;
  /* The text's origin on the whole pixel _topo_show_layout puts it at on the target. */
  tx = (int) round (fx + (pw - w) / 2 * s) - ix + margin;
  ty = (int) round (fy + (ph - h) / 2 * s) - iy + margin;
  key = g_strdup_printf ("%s|%08x%08x%08x%d%08x|%.6f|%g|%g|%d|%d", text, _topo_color_u32 (fill),
                         _topo_color_u32 (border), _topo_color_u32 (text_color), has_border,
                         (guint) (w * 1000), s, qx, qy, tx, ty);
  bitmap = g_hash_table_lookup (r->cache->pills, key);
  if (bitmap == NULL)
    {
      cairo_t *cr;

      bitmap = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                           (int) ceil (pw * s + qx) + 2 * margin + 1,
                                           (int) ceil (ph * s + qy) + 2 * margin + 1);
      cr = cairo_create (bitmap);
      cairo_translate (cr, margin + qx, margin + qy);
      cairo_scale (cr, s, s);
      _topo_rounded_rect (cr, 0, 0, pw, ph, ph / 2);
      topo_color_set_source (cr, fill, 1.0);
      if (has_border)
        {
          cairo_fill_preserve (cr);
          topo_color_set_source (cr, border, 1.0);
          cairo_set_line_width (cr, 1.2);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
      cairo_identity_matrix (cr);
      cairo_translate (cr, tx, ty);
      cairo_scale (cr, s, s);
      topo_color_set_source (cr, text_color, 1.0);
      cairo_move_to (cr, 0, 0);
      _topo_show_cached_layout (r->cache, cr, r->layout_entry, TRUE);
      cairo_destroy (cr);
      if (g_hash_table_size (r->cache->pills) >= MAX_CACHED_PILLS)
        g_hash_table_remove_all (r->cache->pills);
      g_hash_table_insert (r->cache->pills, key, bitmap);
    }
  else
    g_free (key);
  /* Pixel (0, 0) of the bitmap at (ix - margin, iy - margin). */
  _topo_blit_bitmap (r, bitmap, x, y, ix - margin - (int) round (fx), iy - margin - (int) round (fy));
}

/* A rounded label; (cx, cy) is its centre. Returns its width. */
double
_topo_draw_pill (Render     *r,
                 const char *text,
                 double      cx,
                 double      cy,
                 TopoColor   fill,
                 TopoColor   border,
                 gboolean    has_border,
                 TopoColor   text_color)
{
  double w, h, pw, ph = 17.0;

  _topo_layout_text (r, text, FONT_PILL, -1, 1, &w, &h);
  pw = MAX (ph, w + 12.0);
  if (r->canvas && r->device_scale > 0)
    {
      draw_pill_bitmap (r, text, cx - pw / 2, cy - ph / 2, pw, ph, w, h, fill, border, has_border,
                        text_color);
      return pw;
    }
  _topo_rounded_rect (r->cr, cx - pw / 2, cy - ph / 2, pw, ph, ph / 2);
  topo_color_set_source (r->cr, fill, 1.0);
  if (has_border)
    {
      cairo_fill_preserve (r->cr);
      topo_color_set_source (r->cr, border, 1.0);
      cairo_set_line_width (r->cr, 1.2);
      cairo_stroke (r->cr);
    }
  else
    cairo_fill (r->cr);
  _topo_show_layout (r, cx - w / 2, cy - h / 2, text_color);
  return pw;
}

/* Links ----------------------------------------------------------------------------------------- */

/* Direction of the last segment (unit vector), for the arrowhead. */
static void
end_direction (const TopoLinkRoute *rt,
               double              *dx,
               double              *dy)
{
  guint n = rt->n_points;
  double len;

  *dx = rt->x[n - 1] - rt->x[n - 2];
  *dy = rt->y[n - 1] - rt->y[n - 2];
  len = hypot (*dx, *dy);
  if (len < 1e-6)
    {
      *dx = rt->x[n - 1] - rt->x[0];
      *dy = rt->y[n - 1] - rt->y[0];
      len = MAX (hypot (*dx, *dy), 1e-6);
    }
  *dx /= len;
  *dy /= len;
}

/* The route's path; the end pulled back by shorten so a thick line stops under the arrowhead.
 * Below ~75 % the bends are square: axis-aligned paths stroke much faster and the rounding is
 * not visible at that size. */
static void
link_path (cairo_t             *cr,
           const TopoLinkRoute *rt,
           double               shorten,
           gboolean             sharp)
{
  double dx, dy;
  guint n = rt->n_points;

  end_direction (rt, &dx, &dy);
  if (rt->curve)
    {
      cairo_move_to (cr, rt->x[0], rt->y[0]);
      cairo_curve_to (cr, rt->x[1], rt->y[1], rt->x[2] - dx * shorten, rt->y[2] - dy * shorten,
                      rt->x[3] - dx * shorten, rt->y[3] - dy * shorten);
      return;
    }

  cairo_move_to (cr, rt->x[0], rt->y[0]);
  for (guint i = 1; i + 1 < n; i++)
    {
      /* Rounded bend at point i. */
      double ix = rt->x[i], iy = rt->y[i];
      double l_in = hypot (ix - rt->x[i - 1], iy - rt->y[i - 1]);
      double l_out = hypot (rt->x[i + 1] - ix, rt->y[i + 1] - iy);
      double rad = MIN (8.0, MIN (l_in, l_out) / 2);
      double ux, uy, vx, vy;

      if (l_in < 1e-6 || l_out < 1e-6)
        continue;
      if (sharp)
        {
          cairo_line_to (cr, ix, iy);
          continue;
        }
      ux = (ix - rt->x[i - 1]) / l_in;
      uy = (iy - rt->y[i - 1]) / l_in;
      vx = (rt->x[i + 1] - ix) / l_out;
      vy = (rt->y[i + 1] - iy) / l_out;
      cairo_line_to (cr, ix - ux * rad, iy - uy * rad);
      cairo_curve_to (cr, ix - ux * rad * 0.45, iy - uy * rad * 0.45,
                      ix + vx * rad * 0.45, iy + vy * rad * 0.45,
                      ix + vx * rad, iy + vy * rad);
    }
  cairo_line_to (cr, rt->x[n - 1] - dx * shorten, rt->y[n - 1] - dy * shorten);
}

static void
unit_normal (double  dx,
             double  dy,
             double *nx,
             double *ny)
{
  double len = hypot (dx, dy);

  if (len < 1e-6)
    {
      *nx = 0;
      *ny = 0;
      return;
    }
  *nx = -dy / len;
  *ny = dx / len;
}

/* The route moved sideways by d (left of the direction of travel for d > 0). Exact for the
 * orthogonal routes (mitred corners), close enough for the gentle Béziers. */
static void
offset_route (const TopoLinkRoute *rt,
              double               d,
              TopoLinkRoute       *out)
{
  guint n = rt->n_points;

  *out = *rt;
  if (rt->curve)
    {
      double n0x, n0y, n3x, n3y;

      unit_normal (rt->x[1] - rt->x[0], rt->y[1] - rt->y[0], &n0x, &n0y);
      if (n0x == 0 && n0y == 0)
        unit_normal (rt->x[3] - rt->x[0], rt->y[3] - rt->y[0], &n0x, &n0y);
      unit_normal (rt->x[3] - rt->x[2], rt->y[3] - rt->y[2], &n3x, &n3y);
      if (n3x == 0 && n3y == 0)
        unit_normal (rt->x[3] - rt->x[0], rt->y[3] - rt->y[0], &n3x, &n3y);
      out->x[0] += n0x * d;  out->y[0] += n0y * d;
      out->x[1] += n0x * d;  out->y[1] += n0y * d;
      out->x[2] += n3x * d;  out->y[2] += n3y * d;
      out->x[3] += n3x * d;  out->y[3] += n3y * d;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      double ix = 0, iy = 0, ox = 0, oy = 0;

      if (i > 0)
        unit_normal (rt->x[i] - rt->x[i - 1], rt->y[i] - rt->y[i - 1], &ix, &iy);
      if (i + 1 < n)
        unit_normal (rt->x[i + 1] - rt->x[i], rt->y[i + 1] - rt->y[i], &ox, &oy);
      if (i == 0)
        {
          ix = ox;
          iy = oy;
        }
      if (i + 1 == n)
        {
          ox = ix;
          oy = iy;
        }
      /* Right-angle bends: the mitre is the sum of both normals. */
      if (fabs (ix - ox) > 1e-6 || fabs (iy - oy) > 1e-6)
        {
          out->x[i] = rt->x[i] + (ix + ox) * d;
          out->y[i] = rt->y[i] + (iy + oy) * d;
        }
      else
        {
          out->x[i] = rt->x[i] + ix * d;
          out->y[i] = rt->y[i] + iy * d;
        }
    }
}

static void
arrowhead (cairo_t             *cr,
           const TopoLinkRoute *rt,
           double               length,
           double               half_width)
{
  double dx, dy, nx, ny, tx = rt->x[rt->n_points - 1], ty = rt->y[rt->n_points - 1];

  end_direction (rt, &dx, &dy);
  nx = -dy;
  ny = dx;
  cairo_move_to (cr, tx, ty);
  cairo_line_to (cr, tx - dx * length + nx * half_width, ty - dy * length + ny * half_width);
  cairo_line_to (cr, tx - dx * length * 0.8, ty - dy * length * 0.8);
  cairo_line_to (cr, tx - dx * length - nx * half_width, ty - dy * length - ny * half_width);
  cairo_close_path (cr);
  cairo_fill (cr);
}

void
_topo_draw_link (Render              *r,
                 guint                i,
                 const TopoLink      *link,
                 const TopoLinkRoute *rt)
{
  static const double dashes[] = { 7.0, 4.5 };
  cairo_t *cr = r->cr;
  TopoColor color = r->palette->link[link->type];
  double hairline = 1.0 / r->scale;
  double arrow_len = link->type == TOPO_LINK_PROMOTION ? 13.0 : 10.0;
  double arrow_half = link->type == TOPO_LINK_PROMOTION ? 6.5 : 5.0;
  gboolean sharp = r->scale < 0.75;
  g_autofree char *key = NULL;

  if (r->options->selected != NULL || r->options->hovered != NULL)
    key = g_strdup_printf ("link:%u", i);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, sharp ? CAIRO_LINE_JOIN_MITER : CAIRO_LINE_JOIN_ROUND);

  if (key != NULL && (_topo_is_selected (r, key) || _topo_is_hovered (r, key)))
    {
      /* A halo under the line. */
      link_path (cr, rt, 0, sharp);
      topo_color_set_source (cr, _topo_is_selected (r, key) ? r->palette->selection : r->palette->hover, 0.45);
      cairo_set_line_width (cr, 9.0);
      cairo_stroke (cr);
    }

  topo_color_set_source (cr, color, 1.0);
  switch (link->type)
    {
    case TOPO_LINK_DATASTORE:
      link_path (cr, rt, r->details ? arrow_len * 0.7 : 0, sharp);
      cairo_set_line_width (cr, MAX (1.6, hairline));
      cairo_stroke (cr);
      break;
    case TOPO_LINK_INFERENCE:
      link_path (cr, rt, r->details ? arrow_len * 0.7 : 0, sharp);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_set_line_width (cr, MAX (1.8, hairline));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    case TOPO_LINK_PROMOTION:
      link_path (cr, rt, r->details ? arrow_len * 0.7 : 0, sharp);
      cairo_set_line_width (cr, MAX (3.2, hairline));
      cairo_stroke (cr);
      break;
    case TOPO_LINK_REPLICATION:
      if (r->details)
        {
          /* Two parallel rails. Drawn as two offset paths rather than a wide stroke with its middle
           * cleared: SVG and PDF have no CLEAR operator, cairo would fall back to a bitmap. */
          TopoLinkRoute rail;

          for (int side = -1; side <= 1; side += 2)
            {
              offset_route (rt, side * 1.9, &rail);
              link_path (cr, &rail, arrow_len * 0.7, sharp);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }
      else
        {
          link_path (cr, rt, 0, sharp);
          cairo_set_line_width (cr, MAX (2.0, hairline));
          cairo_stroke (cr);
        }
      break;
    case TOPO_N_LINK_TYPES:
    default:
      break;
    }

  if (r->details)
    arrowhead (cr, rt, arrow_len, arrow_half);
}

static void
draw_link_label (Render              *r,
                 const TopoLink      *link,
                 const TopoLinkRoute *rt,
                 gboolean             under_ghosts)
{
  /* The router chose the place (topo-spatial-index.c: clear of cards, beside short links). */
  double mx = rt->label_x, my = rt->label_y;
  TopoColor color = r->palette->link[link->type];
  g_autofree char *label = NULL;
  const char *text;

  if (link->type == TOPO_LINK_DATASTORE)
    text = topo_link_access (link) == TOPO_ACCESS_WRITE ? "W" : "R";
  else if (link->type == TOPO_LINK_PROMOTION)
    {
      const TopoResource *from = topo_document_lookup (r->doc, link->from);
      const TopoResource *to = topo_document_lookup (r->doc, link->to);
      const TopoResource *gf = from != NULL ? topo_document_get_group_of (r->doc, from) : NULL;
      const TopoResource *gt = to != NULL ? topo_document_get_group_of (r->doc, to) : NULL;
      const char *ef = gf != NULL && gf->environment != NULL ? gf->environment : "?";
      const char *et = gt != NULL && gt->environment != NULL ? gt->environment : "?";

      text = label = g_strdup_printf ("%s → %s", ef, et);
    }
  else
    return;

  /* a change picture: not over a removed card's ghost (its name would be hidden); under it
   * when there is no other place */
  if (r->options->diff != NULL)
    {
      double w, h;

      _topo_layout_text (r, text, FONT_PILL, -1, 1, &w, &h);
      if (_topo_diff_place_pill (r, rt, MAX (17.0, w + 12.0), 17.0, &mx, &my) == under_ghosts)
        return;
    }
  else if (under_ghosts)
    return;

  if (link->type == TOPO_LINK_DATASTORE)
    {
      if (topo_link_access (link) == TOPO_ACCESS_WRITE)
        _topo_draw_pill (r, text, mx, my, r->palette->write_fill, r->palette->write_fill, FALSE,
                         r->palette->write_text);
      else
        _topo_draw_pill (r, text, mx, my, r->palette->pill_fill, color, TRUE, color);
    }
  else
    _topo_draw_pill (r, text, mx, my, r->palette->pill_fill, color, TRUE, r->palette->pill_text);
}

void
_topo_draw_link_label (Render              *r,
                       const TopoLink      *link,
                       const TopoLinkRoute *rt)
{
  draw_link_label (r, link, rt, FALSE);
}

void
_topo_draw_link_label_under_ghosts (Render              *r,
                                    const TopoLink      *link,
                                    const TopoLinkRoute *rt)
{
  draw_link_label (r, link, rt, TRUE);
}
