/* topo-render-groups.c: lane bands, resource group boxes and their title bands, badges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-renderer-private.h"

static const cairo_user_data_key_t pixels_key;   /* the memory of a surface made for its data */

/* Lanes --------------------------------------------------------------------------------------------- */

void
_topo_draw_lanes (Render *r)
{
  guint n = topo_layout_get_n_lanes (r->doc);
  cairo_t *cr = r->cr;

  for (guint i = 0; i < n; i++)
    {
      const TopoLane *lane = topo_layout_get_lane (r->doc, i);
      const TopoRect *b = &lane->bounds;
      TopoRect header = { b->x, b->y, TOPO_LANE_HEADER_WIDTH, b->h };

      if (!topo_rect_intersects (b, &r->viewport))
        continue;

      /* Each pixel filled once: the band right of the label column, then the column; not under
       * the RG bodies, which cover it. */
      topo_color_set_source (cr, r->palette->lane_tint[i % 2], 1.0);
      cairo_rectangle (cr, header.x + header.w, b->y, b->w - header.w, b->h);
      {
        PixBox band;

        if (_topo_inner_pixels (r, header.x + header.w, b->y, b->w - header.w, b->h, &band))
          _topo_add_holes (r, &band, r->group_boxes);
      }
      cairo_fill (cr);
      topo_color_set_source (cr, r->palette->lane_header[i % 2], 1.0);
      cairo_rectangle (cr, header.x, header.y, header.w, header.h);
      cairo_fill (cr);

      /* Separators: under every band, and between the label column and the band. */
      topo_color_set_source (cr, r->palette->lane_border, 1.0);
      cairo_rectangle (cr, b->x, b->y + b->h - 1, b->w, 1);
      cairo_rectangle (cr, header.x + header.w - 1, b->y, 1, b->h);
      if (i == 0)
        cairo_rectangle (cr, b->x, b->y, b->w, 1);
      cairo_fill (cr);

      if (r->lane_text && topo_rect_intersects (&header, &r->viewport))
        {
          const TopoRegion *region = topo_region_lookup (lane->region);
          const char *display = region != NULL ? region->display_name : lane->region;
          g_autofree char *detail = NULL;
          double h, y = b->y + 16;

          if (region != NULL)
            detail = g_strdup_printf ("%s · %s", region->geography, lane->region);
          else
            detail = g_strdup_printf (_("%s · unknown region"), lane->region);

          _topo_layout_text (r, display, FONT_LANE_NAME, header.w - 32, 2, NULL, &h);
          _topo_show_layout (r, header.x + 16, y, r->palette->lane_text);
          y += h + 2;
          _topo_layout_text (r, detail, FONT_LANE_DETAIL, header.w - 32, 2, NULL, &h);
          _topo_show_layout (r, header.x + 16, y, r->palette->lane_secondary_text);
          y += h;
          if (lane->implicit)
            _topo_draw_text (r, _("not in the lane list"), FONT_LANE_DETAIL, header.x + 16, y + 2,
                             header.w - 32, r->palette->lane_secondary_text);
        }
    }
}

/* Badges ---------------------------------------------------------------------------------------- */

/* Error and warning counts as small circles, right-aligned so the rightmost ends at right_x. */
void
_topo_draw_badges (Render       *r,
                   const char   *id,
                   double        right_x,
                   double        cy)
{
  const TopoBadge *badge;
  struct { guint count; TopoColor fill, text; } items[2];
  double x = right_x;

  if (r->options->badges == NULL || id == NULL)
    return;
  badge = g_hash_table_lookup (r->options->badges, id);
  if (badge == NULL || (badge->errors == 0 && badge->warnings == 0))
    return;

  items[0].count = badge->errors;
  items[0].fill = r->palette->error_fill;
  items[0].text = r->palette->error_text;
  items[1].count = badge->warnings;
  items[1].fill = r->palette->warning_fill;
  items[1].text = r->palette->warning_text;

  /* Warnings on the right, errors left of them: errors are read first. */
  for (int i = 1; i >= 0; i--)
    {
      g_autofree char *label = NULL;
      double w = 2 * BADGE_RADIUS, tw, th;

      if (items[i].count == 0)
        continue;
      label = items[i].count > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", items[i].count);
      if (r->text)
        {
          _topo_layout_text (r, label, FONT_BADGE, -1, 1, &tw, &th);
          w = MAX (w, tw + 8);
        }
      x -= w;
      /* A ring in the background colour lifts the badge off whatever it overlaps. */
      _topo_rounded_rect (r->cr, x - 1.5, cy - BADGE_RADIUS - 1.5, w + 3, 2 * BADGE_RADIUS + 3,
                          BADGE_RADIUS + 1.5);
      topo_color_set_source (r->cr, r->palette->card_fill, 1.0);
      cairo_fill (r->cr);
      _topo_rounded_rect (r->cr, x, cy - BADGE_RADIUS, w, 2 * BADGE_RADIUS, BADGE_RADIUS);
      topo_color_set_source (r->cr, items[i].fill, 1.0);
      cairo_fill (r->cr);
      if (r->text)
        _topo_show_layout (r, x + (w - tw) / 2, cy - th / 2, items[i].text);
      x -= 4;
    }
}

/* Resource groups --------------------------------------------------------------------------------- */

static char *
group_detail (const TopoResource *rg)
{
  GString *s = g_string_new (NULL);
  const char *purpose = topo_purpose_to_string (rg->purpose);

  if (purpose != NULL)
    g_string_append (s, purpose);
  if (rg->team != NULL && *rg->team != '\0')
    g_string_append_printf (s, "%s%s %s", s->len ? " · " : "", _("team"), rg->team);
  if (rg->project != NULL && *rg->project != '\0')
    g_string_append_printf (s, "%s%s %s", s->len ? " · " : "", _("project"), rg->project);
  if (s->len == 0)
    g_string_append (s, topo_kind_display_name (TOPO_KIND_RESOURCE_GROUP));
  return g_string_free (s, FALSE);
}

/* The title band of an RG: band, colour stripe, environment pill, name and detail. */
static void
draw_group_head (Render             *r,
                 const TopoResource *rg,
                 TopoColor           env_fill,
                 TopoColor           header_fill,
                 double              band)
{
  cairo_t *cr = r->cr;
  const TopoRect *b = &rg->bounds;

  _topo_top_rounded_rect (cr, b->x, b->y, b->w, band, GROUP_RADIUS);
  topo_color_set_source (cr, header_fill, 1.0);
  cairo_fill (cr);
  _topo_top_stripe (cr, b->x, b->y, b->w, 4, GROUP_RADIUS);
  topo_color_set_source (cr, env_fill, 1.0);
  cairo_fill (cr);
}

static void
draw_group_texts (Render             *r,
                  const TopoResource *rg,
                  TopoColor           env_fill,
                  TopoColor           env_text,
                  double              band)
{
  const TopoRect *b = &rg->bounds;
  double name_right;

  if (!r->group_text)
    return;

  name_right = b->x + b->w - 12;
  /* The environment pill's small text only where card text is readable too; zoomed out, the
   * stripe and the tint carry the environment. */
  if (r->text && rg->environment != NULL && *rg->environment != '\0')
    {
      double w, h, pw;

      _topo_layout_text (r, rg->environment, FONT_PILL, -1, 1, &w, &h);
      pw = MAX (17.0, w + 14.0);
      if (pw < b->w / 2)
        {
          _topo_draw_pill (r, rg->environment, b->x + b->w - 12 - pw / 2, b->y + 4 + (band - 4) / 2,
                           env_fill, env_fill, FALSE, env_text);
          name_right -= pw + 8;
        }
    }
  if (r->small_text)
    {
      g_autofree char *detail = group_detail (rg);

      _topo_draw_text (r, topo_resource_get_name (rg), FONT_GROUP_NAME, b->x + 12, b->y + 7,
                       name_right - (b->x + 12), r->palette->group_text);
      _topo_draw_text (r, detail, FONT_GROUP_DETAIL, b->x + 12, b->y + 25, name_right - (b->x + 12),
                       r->palette->group_secondary_text);
    }
  else
    {
      double nh;

      _topo_layout_text (r, topo_resource_get_name (rg), FONT_GROUP_NAME, name_right - (b->x + 12), 1,
                         NULL, &nh);
      _topo_show_layout (r, b->x + 12, b->y + 4 + (band - 4 - nh) / 2, r->palette->group_text);
    }
}

/* Draws the head of rg from its tile. The first time (a cold frame) the head is drawn straight
 * onto the target and the tile takes those pixels back, backdrop included (the lane band and RG
 * body drawn before it, the same in every frame at this zoom and phase): later frames copy
 * exactly what the first drew. Returns the design y below which the target draws the side
 * borders; GROUP_HEAD_DRAWN when drawn directly (side borders included), GROUP_HEAD_NONE
 * (nothing drawn) when tiles do not apply. */
#define GROUP_HEAD_NONE  (-1.0)
#define GROUP_HEAD_DRAWN (-2.0)

static double
draw_group_head_tiled (Render             *r,
                       const TopoResource *rg,
                       TopoColor           env_fill,
                       TopoColor           env_text,
                       TopoColor           header_fill,
                       TopoColor           border,
                       double              band)
{
  RenderCache *cache = r->cache;
  cairo_surface_t *target = cairo_get_target (r->cr);
  const TopoRect *b = &rg->bounds;
  double s = r->device_scale, ds, ds_y, fx = b->x, fy = b->y, fb_x = b->x, fb = b->y + band;
  double ox, oy, x_end;
  g_autofree char *detail = NULL;
  g_autofree char *key = NULL;
  GroupTile *tile;
  int ix, iy, rows, width, stride, px0, py0, margin = 1;
  cairo_surface_t *reuse = NULL;
  guint32 all_alpha = 0xff000000u;
  guint8 *dst;

  cairo_surface_get_device_scale (target, &ds, &ds_y);
  /* Only on 1:1 targets, where the band and the foot do not meet, and at the zoom levels
   * where the head has its pill and both texts: a name alone costs less than a tile's upkeep. */
  if (!r->canvas || !r->fast || !r->small_text || s <= 0 || ds != 1.0 || ds_y != 1.0 ||
      b->h < band + GROUP_RADIUS + 4)
    return GROUP_HEAD_NONE;
  _topo_target_pixel (r, &fx, &fy);
  _topo_target_pixel (r, &fb_x, &fb);
  ix = (int) floor (fx);
  iy = (int) floor (fy);
  rows = (int) ceil (fb - 1e-9) - iy;
  width = (int) ceil (fx + b->w * s) - ix + 2 * margin;
  px0 = ix - margin;
  py0 = iy - margin;
  if (rows <= 0 || width > G_MAXUINT16 || (gsize) width * rows > 4u << 20)
    return GROUP_HEAD_NONE;

  if (r->group_text && r->small_text)
    detail = group_detail (rg);
  /* The backdrop depends on the document (its lanes), the rest on what the head shows. */
  key = g_strdup_printf ("%p|%" G_GUINT64_FORMAT "|%s|%s|%s|%08x%08x%08x%08x|%.6f|%.6f|%.6f|%.6f|%.6f|%.4f|%.4f|%d%d%d%d|%d|%d",
                         (void *) r->doc, topo_document_get_serial (r->doc),
                         topo_resource_get_name (rg), rg->environment ? rg->environment : "",
                         detail ? detail : "", _topo_color_u32 (env_fill), _topo_color_u32 (env_text),
                         _topo_color_u32 (header_fill), _topo_color_u32 (border), b->x, b->y, b->w, b->h, s,
                         fx - ix, fy - iy, r->group_text, r->small_text, r->text,
                         r->options->theme, rows, width);
  tile = g_hash_table_lookup (cache->groups, rg->id);
  if (tile != NULL && g_strcmp0 (tile->key, key) != 0)
    {
      g_queue_unlink (&cache->group_lru, &tile->lru);
      cache->group_bytes -= tile->bytes;
      g_hash_table_remove (cache->groups, rg->id);
      tile = NULL;
    }

  if (tile == NULL)
    {
      /* Cut by the edge of the view: drawn as it is, the tile is made when it all shows. */
      if (px0 < r->clip_x0 || py0 < r->clip_y0 || px0 + width > r->clip_x1 ||
          iy + rows > r->clip_y1)
        return GROUP_HEAD_NONE;

      draw_group_head (r, rg, env_fill, header_fill, band);
      topo_color_set_source (r->cr, border, 1.0);
      cairo_rectangle (r->cr, b->x, b->y + GROUP_RADIUS, 1, b->h - 2 * GROUP_RADIUS);
      cairo_rectangle (r->cr, b->x + b->w - 1, b->y + GROUP_RADIUS, 1, b->h - 2 * GROUP_RADIUS);
      cairo_fill (r->cr);
      draw_group_texts (r, rg, env_fill, env_text, band);

      /* Make room first; a full cache hands its oldest tile's pixels over when they are the
       * size needed (fresh memory costs page faults, and every pixel is overwritten). */
      stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
      while ((cache->group_bytes + (gsize) stride * (rows + margin) > MAX_GROUP_TILE_BYTES ||
              cache->group_lru.length >= MAX_GROUP_TILES) && cache->group_lru.length > 0)
        {
          GroupTile *old = cache->group_lru.tail->data;

          g_queue_unlink (&cache->group_lru, &old->lru);
          cache->group_bytes -= old->bytes;
          if (reuse == NULL && old->surface != NULL &&
              cairo_image_surface_get_width (old->surface) == width &&
              cairo_image_surface_get_height (old->surface) == rows + margin)
            reuse = g_steal_pointer (&old->surface);
          g_hash_table_remove (cache->groups, old->id);
        }
      tile = g_new0 (GroupTile, 1);
      tile->lru.data = tile;
      tile->id = g_strdup (rg->id);
      tile->key = g_steal_pointer (&key);
      if (reuse != NULL)
        {
          /* Fresh user data: the run list belongs to the old pixels. */
          tile->surface = g_steal_pointer (&reuse);
          cairo_surface_set_user_data (tile->surface, &_topo_spans_key, NULL, NULL);
        }
      else
        {
          /* Not cleared: every pixel is copied in below. */
          guint8 *pixels = g_malloc ((gsize) stride * (rows + margin));

          tile->surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_ARGB32, width,
                                                               rows + margin, stride);
          cairo_surface_set_user_data (tile->surface, &pixels_key, pixels, g_free);
        }
      tile->bytes = (gsize) stride * (rows + margin);
      cairo_surface_flush (target);
      cairo_surface_flush (tile->surface);
      dst = cairo_image_surface_get_data (tile->surface);
      for (int y = 0; y < rows + margin; y++)
        {
          const guint32 *src = (const guint32 *) (r->fast_data + (gsize) (py0 + y) * r->fast_stride) + px0;

          memcpy (dst + (gsize) y * stride, src, (gsize) width * 4);
          for (int x = 0; x < width; x++)
            all_alpha &= src[x];
        }
      cairo_surface_mark_dirty (tile->surface);
      /* The target has these pixels already. Its run list now, while they are at hand: an
       * opaque capture (the canvas always is) is one plain copy per row. */
      _topo_make_spans (tile->surface, all_alpha >> 24 == 255);
      g_hash_table_insert (cache->groups, tile->id, tile);
      g_queue_push_head_link (&cache->group_lru, &tile->lru);
      cache->group_bytes += tile->bytes;
      return GROUP_HEAD_DRAWN;
    }
  if (cache->group_lru.head != &tile->lru)
    {
      g_queue_unlink (&cache->group_lru, &tile->lru);
      g_queue_push_head_link (&cache->group_lru, &tile->lru);
    }

  _topo_blit_bitmap (r, tile->surface, b->x, b->y, px0 - (int) round (fx), py0 - (int) round (fy));
  /* Design y of the first target row below the tile. */
  cairo_surface_get_device_offset (target, &ox, &oy);
  fb = iy + rows - oy;
  x_end = 0;
  cairo_device_to_user (r->cr, &x_end, &fb);
  return fb;
}

void
_topo_draw_group (Render             *r,
                  const TopoResource *rg)
{
  cairo_t *cr = r->cr;
  const TopoRect *b = &rg->bounds;
  TopoColor env_fill, env_text, header_fill, border;
  double band = MIN (TOPO_GROUP_HEADER, b->h);
  double bars_from;

  topo_style_environment_color (r->options->theme, rg->environment, &env_fill, &env_text);
  header_fill = topo_color_mix (env_fill, r->palette->group_fill,
                                r->options->theme == TOPO_THEME_DARK ? 0.80 : 0.86);
  border = topo_color_mix (env_fill, r->palette->group_border, 0.55);

  /* Big curved fills are what cost most in a frame (cairo's scan converter walks every pixel of
   * a curved path, a rectangle is a plain fill): the body is a rectangle plus a small rounded
   * foot, split on a device pixel row so no seam shows; the title band covers its top. The
   * border is straight 1-unit bars and four stroked corner arcs. */
  {
    double split = _topo_snap_y (cr, b->y + b->h - GROUP_RADIUS);
    double top = _topo_snap_y (cr, b->y + GROUP_RADIUS);
    double rr = GROUP_RADIUS;

    topo_color_set_source (cr, r->palette->group_fill, 1.0);
    cairo_rectangle (cr, b->x, top, b->w, split - top);
    {
      PixBox body;

      if (_topo_inner_pixels (r, b->x, top, b->w, split - top, &body))
        _topo_add_holes (r, &body, r->card_boxes);
    }
    cairo_fill (cr);
    _topo_bottom_rounded_rect (cr, b->x, split, b->w, b->y + b->h - split, rr);
    cairo_fill (cr);

    bars_from = draw_group_head_tiled (r, rg, env_fill, env_text, header_fill, border, band);
    if (bars_from == GROUP_HEAD_NONE)
      draw_group_head (r, rg, env_fill, header_fill, band);

    topo_color_set_source (cr, border, 1.0);
    cairo_rectangle (cr, b->x + rr, b->y + b->h - 1, b->w - 2 * rr, 1);
    if (bars_from == GROUP_HEAD_NONE)
      {
        cairo_rectangle (cr, b->x, b->y + rr, 1, b->h - 2 * rr);
        cairo_rectangle (cr, b->x + b->w - 1, b->y + rr, 1, b->h - 2 * rr);
      }
    else if (bars_from != GROUP_HEAD_DRAWN)
      {
        /* Below the tile, from a whole pixel row: the same coverage as the whole bars. */
        cairo_rectangle (cr, b->x, bars_from, 1, b->y + b->h - rr - bars_from);
        cairo_rectangle (cr, b->x + b->w - 1, bars_from, 1, b->y + b->h - rr - bars_from);
      }
    cairo_fill (cr);
    cairo_new_sub_path (cr);
    cairo_arc (cr, b->x + b->w - rr, b->y + b->h - rr, rr - 0.5, 0, G_PI / 2);
    cairo_new_sub_path (cr);
    cairo_arc (cr, b->x + rr, b->y + b->h - rr, rr - 0.5, G_PI / 2, G_PI);
    cairo_set_line_width (cr, 1.0);
    cairo_stroke (cr);

    if (bars_from != GROUP_HEAD_NONE)
      return;
  }

  draw_group_texts (r, rg, env_fill, env_text, band);
}

/* Labels when zoomed out ---------------------------------------------------------------------------

 * Below the zoom where lane and RG names are readable at their design size, they are drawn on
 * top of everything at a minimum size on screen instead, on a chip in the band's colour at the
 * top left of their lane or RG (with the RG's environment pill), so a design at fit still says
 * what is where. A chip never leaves its lane or RG (it is cut to it): a tile of the canvas that
 * does not touch the lane or RG never needs to draw any of it. */

#define CHIP_PAD 3.0   /* screen pixels */

static void
chip_background (Render         *r,
                 double          x,
                 double          y,
                 double          w,
                 double          h,
                 TopoColor       fill,
                 TopoColor       border)
{
  double u = 1.0 / r->scale;

  _topo_rounded_rect (r->cr, x, y, w, h, MIN (4 * u, h / 2));
  topo_color_set_source (r->cr, fill, 0.94);
  cairo_fill_preserve (r->cr);
  topo_color_set_source (r->cr, border, 1.0);
  cairo_set_line_width (r->cr, u);
  cairo_stroke (r->cr);
}

/* The lane's name on a chip in its label column: across when it fits the column on screen,
 * otherwise along it, reading upwards (the column narrows with the zoom, the lane stays tall). */
static void
draw_lane_chip (Render         *r,
                guint           i,
                const TopoLane *lane)
{
  const TopoRect *b = &lane->bounds;
  const TopoRegion *region = topo_region_lookup (lane->region);
  const char *display = region != NULL ? region->display_name : lane->region;
  double u = 1.0 / r->scale, f = TOPO_MIN_LANE_NAME_PX / (_topo_font_specs[FONT_LANE_NAME].size * r->scale);
  double column = TOPO_LANE_HEADER_WIDTH, pad = CHIP_PAD * u, w, h;
  TopoColor fill = r->palette->lane_header[i % 2];

  _topo_measure_scaled_text (r, display, FONT_LANE_NAME, f, -1, &w, &h);
  cairo_save (r->cr);
  cairo_rectangle (r->cr, b->x, b->y, b->w, b->h);
  cairo_clip (r->cr);
  if (w + 2 * pad <= column - 8 * u)
    {
      chip_background (r, b->x + 4 * u, b->y + 4 * u, w + 2 * pad, h + 2 * pad, fill, r->palette->lane_border);
      _topo_show_scaled_text (r, display, FONT_LANE_NAME, b->x + 4 * u + pad, b->y + 4 * u + pad, f, -1, 1,
                        r->palette->lane_text, NULL, NULL);
    }
  else
    {
      Render upright = *r;
      double avail = b->h - 8 * u - 2 * pad, x = b->x + MAX (0, (column - h - 2 * pad) / 2), y0 = b->y + 4 * u;

      if (avail < 24 * u)
        {
          cairo_restore (r->cr);
          return;
        }
      _topo_measure_scaled_text (r, display, FONT_LANE_NAME, f, avail, &w, &h);
      chip_background (r, x, y0, h + 2 * pad, w + 2 * pad, fill, r->palette->lane_border);
      /* Rotated text goes through cairo's own path (the pixel copies are axis-aligned). */
      upright.device_scale = 0;
      cairo_save (r->cr);
      cairo_translate (r->cr, x + pad, y0 + pad + w);
      cairo_rotate (r->cr, -G_PI / 2);
      _topo_show_scaled_text (&upright, display, FONT_LANE_NAME, 0, 0, f, avail, 1, r->palette->lane_text,
                        NULL, NULL);
      cairo_restore (r->cr);
    }
  cairo_restore (r->cr);
}

/* The RG's name and environment pill on a chip at its top left: on one row when both fit, the
 * pill under the name otherwise. */
static void
draw_group_chip (Render             *r,
                 const TopoResource *rg)
{
  const TopoRect *b = &rg->bounds;
  double u = 1.0 / r->scale, pad = CHIP_PAD * u;
  double fn = TOPO_MIN_GROUP_NAME_PX / (_topo_font_specs[FONT_GROUP_NAME].size * r->scale);
  double fp = TOPO_MIN_PILL_PX / (_topo_font_specs[FONT_PILL].size * r->scale);
  double x = b->x + 4 * u, y = b->y + 5 * u, avail = b->w - 8 * u - 2 * pad;
  double nw, nh, pw = 0, ph = 0, gap = 4 * u, chip_w, chip_h, px, py;
  const char *env = rg->environment != NULL && *rg->environment != '\0' ? rg->environment : NULL;
  gboolean one_row;
  TopoColor env_fill, env_text, header_fill, border;

  if (b->h * r->scale < TOPO_MIN_GROUP_NAME_PX + 2 * CHIP_PAD + 6 || avail < 28 * u)
    return;
  topo_style_environment_color (r->options->theme, rg->environment, &env_fill, &env_text);
  header_fill = topo_color_mix (env_fill, r->palette->group_fill,
                                r->options->theme == TOPO_THEME_DARK ? 0.80 : 0.86);
  border = topo_color_mix (env_fill, r->palette->group_border, 0.55);
  _topo_measure_scaled_text (r, topo_resource_get_name (rg), FONT_GROUP_NAME, fn, -1, &nw, &nh);
  if (env != NULL)
    {
      _topo_measure_scaled_text (r, env, FONT_PILL, fp, -1, &pw, &ph);
      pw += 8 * u;
      ph += 2 * u;
    }
  one_row = env == NULL || nw + gap + pw <= avail;
  if (!one_row && (b->h * r->scale < 2 * TOPO_MIN_GROUP_NAME_PX + 6 * CHIP_PAD + 6 || pw > avail))
    {
      env = NULL;   /* no room for the pill: the name alone (the stripe shows the environment) */
      one_row = TRUE;
    }
  nw = MIN (nw, one_row && env != NULL ? avail - gap - pw : avail);
  chip_w = (one_row ? nw + (env != NULL ? gap + pw : 0) : MAX (nw, pw)) + 2 * pad;
  chip_h = (one_row ? MAX (nh, ph) : nh + gap + ph) + 2 * pad;
  cairo_save (r->cr);
  /* Cut to the RG only when it sticks out (a clip per chip costs more than the chip). */
  if (y + chip_h + u > b->y + b->h || x + chip_w + u > b->x + b->w)
    {
      cairo_rectangle (r->cr, b->x, b->y, b->w, b->h);
      cairo_clip (r->cr);
    }
  chip_background (r, x, y, chip_w, chip_h, header_fill, border);
  _topo_show_scaled_text (r, topo_resource_get_name (rg), FONT_GROUP_NAME, x + pad,
                    one_row ? y + (chip_h - nh) / 2 : y + pad, fn, nw + 0.5 * u, 1, r->palette->group_text,
                    NULL, NULL);
  if (env != NULL)
    {
      px = one_row ? x + pad + nw + gap : x + pad;
      py = one_row ? y + (chip_h - ph) / 2 : y + pad + nh + gap;
      _topo_rounded_rect (r->cr, px, py, pw, ph, ph / 2);
      topo_color_set_source (r->cr, env_fill, 1.0);
      cairo_fill (r->cr);
      _topo_show_scaled_text (r, env, FONT_PILL, px + 4 * u, py + u, fp, -1, 1, env_text, NULL, NULL);
    }
  cairo_restore (r->cr);
}

void
_topo_draw_zoomed_out_labels (Render       *r,
                              const GArray *resources)
{
  if (!r->lane_text)
    {
      guint n = topo_layout_get_n_lanes (r->doc);

      for (guint i = 0; i < n; i++)
        {
          const TopoLane *lane = topo_layout_get_lane (r->doc, i);

          if (topo_rect_intersects (&lane->bounds, &r->viewport))
            draw_lane_chip (r, i, lane);
        }
    }
  if (!r->group_text)
    for (guint k = 0; k < resources->len; k++)
      {
        const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));

        if (res->kind == TOPO_KIND_RESOURCE_GROUP)
          draw_group_chip (r, res);
      }
}
