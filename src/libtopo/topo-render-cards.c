/* topo-render-cards.c: resource cards (bitmaps, tiles, texts), the overview and the focus ring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-renderer-private.h"

/* Cards ----------------------------------------------------------------------------------------- */

static char *
card_detail (const TopoResource *res)
{
  const char *type = topo_kind_display_name (res->kind);

  switch (res->kind)
    {
    case TOPO_KIND_STORAGE:
      if (topo_resource_data (res) == TOPO_DATA_PRODUCTION)
        return g_strdup_printf ("%s · %s", type, _("production data"));
      if (topo_resource_sensitivity (res) >= TOPO_LEVEL_CONFIDENTIAL)
        return g_strdup_printf ("%s · %s", type, topo_level_to_string (topo_resource_sensitivity (res)));
      break;
    case TOPO_KIND_COMPUTE_CLUSTER:
      if (res->max_nodes != TOPO_COUNT_UNSET)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %lld–%lld node",
                                             "%s · %lld–%lld nodes", (gulong) MAX (res->max_nodes, 0)),
                                type, (long long) MAX (res->min_nodes, 0), (long long) res->max_nodes);
      break;
    case TOPO_KIND_AKS:
      if (res->node_count != TOPO_COUNT_UNSET)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %lld node", "%s · %lld nodes",
                                             (gulong) res->node_count),
                                type, (long long) res->node_count);
      break;
    case TOPO_KIND_WORKSPACE:
      if (res->purpose != TOPO_PURPOSE_NONE)
        return g_strdup_printf ("%s · %s", type, topo_purpose_to_string (res->purpose));
      break;
    default:
      break;
    }
  return g_strdup (type);
}

/* Shadow, body, border and glyph tile of a card: the part that is the same for every card of a
 * kind. */
static void
draw_card_body (cairo_t           *cr,
                const TopoPalette *palette,
                TopoTheme          theme,
                TopoKind           kind,
                const TopoRect    *b,
                gboolean           details)
{
  double gy = b->y + (b->h - GLYPH_SIZE) / 2;

  if (details)
    {
      /* A small offset shadow: enough depth to lift cards off the RG without blur cost. */
      _topo_rounded_rect (cr, b->x, b->y + 1.5, b->w, b->h, CARD_RADIUS);
      cairo_set_source_rgba (cr, 0, 0, 0, theme == TOPO_THEME_DARK ? 0.35 : 0.10);
      cairo_fill (cr);
    }
  _topo_rounded_rect (cr, b->x + 0.5, b->y + 0.5, b->w - 1, b->h - 1, CARD_RADIUS);
  topo_color_set_source (cr, palette->card_fill, 1.0);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, palette->card_border, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  if (details)
    topo_render_glyph (cr, kind, b->x + 9, gy, GLYPH_SIZE, theme);
  else
    {
      _topo_rounded_rect (cr, b->x + 9, gy, GLYPH_SIZE, GLYPH_SIZE, 6);
      topo_color_set_source (cr, palette->kind_stroke[kind], 1.0);
      cairo_fill (cr);
    }
}

#define CARD_BITMAP_MARGIN 2.0

/* The card body as a bitmap at the device scale, drawn once per kind and zoom level: most of a
 * canvas frame is cards, and copying pixels is far cheaper than filling and stroking paths. */
static cairo_surface_t *
card_bitmap (Render   *r,
             TopoKind  kind)
{
  char key[96];
  cairo_surface_t *surface;

  if (r->card_bitmaps[kind] != NULL)
    return r->card_bitmaps[kind];
  g_snprintf (key, sizeof key, "%d|%d|%d|%.6f", r->options->theme, kind, r->details, r->device_scale);
  surface = g_hash_table_lookup (r->cache->cards, key);
  if (surface == NULL)
    {
      double w, h, s = r->device_scale;
      TopoRect b;
      cairo_t *cr;

      topo_layout_card_size (kind, &w, &h);
      b = (TopoRect) { CARD_BITMAP_MARGIN, CARD_BITMAP_MARGIN, w, h };
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil ((w + 2 * CARD_BITMAP_MARGIN) * s) + 1,
                                            (int) ceil ((h + 2 * CARD_BITMAP_MARGIN) * s) + 1);
      cr = cairo_create (surface);
      cairo_scale (cr, s, s);
      draw_card_body (cr, r->palette, r->options->theme, kind, &b, r->details);
      cairo_destroy (cr);
      if (g_hash_table_size (r->cache->cards) >= MAX_CACHED_CARDS)
        g_hash_table_remove_all (r->cache->cards);
      g_hash_table_insert (r->cache->cards, g_strdup (key), surface);
    }
  r->card_bitmaps[kind] = cairo_surface_reference (surface);
  return surface;
}

/* Where the card's texts go and what they say. */
typedef struct
{
  const char *name;
  FontId      name_font;
  int         name_lines;    /* 1–4: Azure names up to their length limits wrap, not ellipsize */
  gboolean    ellipsized;
  const char *detail;        /* NULL: no second line */
  double      tx, name_y, detail_y;
} CardText;

#define CARD_TEXT_LEFT  (9 + GLYPH_SIZE + 8)
#define CARD_TEXT_RIGHT 7

/* The name on as few lines as it needs (up to three, then four in a smaller font: an AKS name of
 * 63 characters), then the type line below it when both fit in the card; a name that needs
 * three lines takes the card alone. */
static void
card_text (Render             *r,
           const TopoResource *res,
           char              **detail_out,
           CardText           *ct)
{
  const TopoRect *b = &res->bounds;
  double tw, nh, dh = 0;

  ct->tx = b->x + CARD_TEXT_LEFT;
  tw = b->x + b->w - CARD_TEXT_RIGHT - ct->tx;
  ct->name = topo_resource_get_name (res);
  ct->detail = NULL;
  *detail_out = NULL;
  ct->name_font = FONT_CARD_NAME;
  for (ct->name_lines = 1;; ct->name_lines++)
    {
      _topo_layout_text (r, ct->name, FONT_CARD_NAME, tw, ct->name_lines, NULL, &nh);
      if (!r->layout_entry->ellipsized || ct->name_lines == 3)
        break;
    }
  if (r->layout_entry->ellipsized)
    {
      ct->name_font = FONT_CARD_NAME_SMALL;
      ct->name_lines = 4;
      _topo_layout_text (r, ct->name, FONT_CARD_NAME_SMALL, tw, ct->name_lines, NULL, &nh);
    }
  ct->ellipsized = r->layout_entry->ellipsized;
  if (r->small_text && ct->name_lines < 3 && !ct->ellipsized)
    {
      char *detail = card_detail (res);

      /* The type always shows in full; its detail only when it fits. */
      _topo_layout_text (r, detail, FONT_CARD_TYPE, tw, 1, NULL, &dh);
      if (r->layout_entry->ellipsized)
        {
          g_free (detail);
          detail = g_strdup (topo_kind_display_name (res->kind));
          _topo_layout_text (r, detail, FONT_CARD_TYPE, tw, 1, NULL, &dh);
        }
      if (nh + 1 + dh <= b->h - 6)
        ct->detail = *detail_out = detail;
      else
        g_free (detail);
    }
  if (ct->detail != NULL && ct->name_lines == 1)
    {
      /* The usual card: the same places as ever. */
      ct->name_y = b->y + 10;
      ct->detail_y = b->y + 29;
    }
  else if (ct->detail != NULL)
    {
      ct->name_y = b->y + floor ((b->h - (nh + 1 + dh)) / 2);
      ct->detail_y = ct->name_y + nh + 1;
    }
  else
    {
      /* Alone (zoomed out, or a long name), the name sits in the middle of the card. */
      ct->name_y = b->y + (b->h - nh) / 2;
      ct->detail_y = 0;
    }
}

static void
show_card_text (Render             *r,
                const TopoResource *res,
                const CardText     *ct)
{
  const TopoRect *b = &res->bounds;
  double tw = b->x + b->w - CARD_TEXT_RIGHT - ct->tx;

  _topo_layout_text (r, ct->name, ct->name_font, tw, ct->name_lines, NULL, NULL);
  _topo_show_layout (r, ct->tx, ct->name_y, r->palette->card_text);
  if (ct->detail != NULL)
    {
      _topo_layout_text (r, ct->detail, FONT_CARD_TYPE, tw, 1, NULL, NULL);
      _topo_show_layout (r, ct->tx, ct->detail_y, r->palette->card_secondary_text);
    }
}

static const PixBox *card_bitmap_core (cairo_surface_t *bitmap);
static gboolean text_inside (Render *r, const CardText *ct, const TopoRect *b, gboolean name,
                             int ox, int oy, const PixBox *box);

/* Whether a card can be drawn by draw_card_on_target. */
static gboolean
card_fits_target (Render             *r,
                  const TopoResource *res,
                  const CardText     *ct,
                  cairo_surface_t    *body,
                  int                 cx,
                  int                 cy,
                  int                 nx,
                  int                 ny,
                  int                 dx,
                  int                 dy)
{
  const PixBox *core = card_bitmap_core (body);

  return r->fast && core->x1 > core->x0 &&
         cx + core->x0 >= r->clip_x0 && cy + core->y0 >= r->clip_y0 &&
         cx + core->x1 <= r->clip_x1 && cy + core->y1 <= r->clip_y1 &&
         text_inside (r, ct, &res->bounds, TRUE, nx, ny, core) &&
         (ct->detail == NULL || text_inside (r, ct, &res->bounds, FALSE, dx, dy, core));
}

/* A card coming into view: drawn straight onto the target (body copy, then the texts, as the
 * first draw of any text), and its tile takes those very pixels back from the target where the
 * body is opaque — the texts lie there — so later frames copy exactly what this one drew, with
 * no second rasterisation of the texts. FALSE (nothing drawn) when that does not hold: part of
 * the card outside the clip, or a text reaching out of the opaque core. */
static gboolean
draw_card_on_target (Render             *r,
                     const TopoResource *res,
                     const CardText     *ct,
                     cairo_surface_t    *body,
                     cairo_surface_t    *tile,
                     int                 cx,
                     int                 cy,
                     int                 nx,
                     int                 ny,
                     int                 dx,
                     int                 dy)
{
  const PixBox *core = card_bitmap_core (body);
  const TopoRect *b = &res->bounds;
  cairo_surface_t *target = cairo_get_target (r->cr);
  double tw = b->x + b->w - CARD_TEXT_RIGHT - ct->tx, ds, ds_y, ox, oy;
  int stride = cairo_image_surface_get_stride (tile);
  guint8 *dst;

  if (!card_fits_target (r, res, ct, body, cx, cy, nx, ny, dx, dy))
    return FALSE;

  _topo_blit_bitmap (r, body, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, 0, 0);
  /* The texts at the whole target pixels the tile keeps them at. */
  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  for (int t = 0; t < (ct->detail != NULL ? 2 : 1); t++)
    {
      double x = ((t == 0 ? nx : dx) + cx - ox) / ds, y = ((t == 0 ? ny : dy) + cy - oy) / ds_y;

      _topo_layout_text (r, t == 0 ? ct->name : ct->detail, t == 0 ? ct->name_font : FONT_CARD_TYPE,
                         tw, t == 0 ? ct->name_lines : 1, NULL, NULL);
      cairo_device_to_user (r->cr, &x, &y);
      topo_color_set_source (r->cr, t == 0 ? r->palette->card_text : r->palette->card_secondary_text,
                             1.0);
      cairo_move_to (r->cr, x, y);
      _topo_show_cached_layout (r->cache, r->cr, r->layout_entry, TRUE);
    }
  cairo_new_path (r->cr);

  cairo_surface_flush (target);
  dst = cairo_image_surface_get_data (tile);
  for (int y = core->y0; y < core->y1; y++)
    memcpy (dst + (gsize) y * stride + (gsize) core->x0 * 4,
            r->fast_data + (gsize) (cy + y) * r->fast_stride + (gsize) (cx + core->x0) * 4,
            (gsize) (core->x1 - core->x0) * 4);
  /* The body is in the target already: the tile's first copy is the next frame's. */
  cairo_surface_set_user_data (tile, &_topo_seen_key, GINT_TO_POINTER (1), NULL);
  return TRUE;
}

/* Whether the ink of the card's name (or second line) drawn at tile pixel (ox, oy) lies inside
 * box, with the pixel of margin the rasteriser may touch. */
static gboolean
text_inside (Render         *r,
             const CardText *ct,
             const TopoRect *b,
             gboolean        name,
             int             ox,
             int             oy,
             const PixBox   *box)
{
  double tw = b->x + b->w - CARD_TEXT_RIGHT - ct->tx, s = r->device_scale;
  PangoRectangle ink;

  _topo_layout_text (r, name ? ct->name : ct->detail, name ? ct->name_font : FONT_CARD_TYPE, tw,
                     name ? ct->name_lines : 1, NULL, NULL);
  ink = r->layout_entry->ink;
  if (ink.width <= 0 || ink.height <= 0)
    return TRUE;
  return ox + floor ((double) ink.x / PANGO_SCALE * s) - 1 >= box->x0 &&
         oy + floor ((double) ink.y / PANGO_SCALE * s) - 1 >= box->y0 &&
         ox + ceil ((double) (ink.x + ink.width) / PANGO_SCALE * s) + 1 <= box->x1 &&
         oy + ceil ((double) (ink.y + ink.height) / PANGO_SCALE * s) + 1 <= box->y1;
}

static gsize
tile_size (cairo_surface_t *body)
{
  return (gsize) cairo_image_surface_get_stride (body) * cairo_image_surface_get_height (body);
}

/* Draws the card from its tile, making the tile first when there is none for what the card shows
 * now. The tile is the card bitmap with the texts drawn on it at the same whole pixels as on the
 * target: its opaque body takes the glyphs exactly as the target would. */
static void
draw_card_tiled (Render             *r,
                 const TopoResource *res)
{
  RenderCache *cache = r->cache;
  const TopoRect *b = &res->bounds;
  CardTile *tile = g_hash_table_lookup (cache->tiles, res->id);
  g_autofree char *detail = NULL;
  int cx, cy, nx, ny, dx = 0, dy = 0;
  CardText ct;

  card_text (r, res, &detail, &ct);
  _topo_device_pixel (r, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, &cx, &cy);
  _topo_device_pixel (r, ct.tx, ct.name_y, &nx, &ny);
  if (ct.detail != NULL)
    _topo_device_pixel (r, ct.tx, ct.detail_y, &dx, &dy);
  nx -= cx;
  ny -= cy;
  dx -= cx;
  dy -= cy;

  if (tile == NULL || tile->scale != r->device_scale || tile->theme != (int) r->options->theme ||
      tile->kind != (int) res->kind || tile->details != r->details || tile->text != r->text ||
      tile->small_text != r->small_text || g_strcmp0 (tile->name, ct.name) != 0 ||
      g_strcmp0 (tile->detail, ct.detail) != 0 || tile->name_dx != nx || tile->name_dy != ny ||
      (ct.detail != NULL && (tile->detail_dx != dx || tile->detail_dy != dy)))
    {
      cairo_surface_t *body = card_bitmap (r, res->kind);
      cairo_surface_t *reuse = NULL;
      double s = r->device_scale;
      cairo_t *tcr;

      /* Cut by the edge of the view (or a text out of the opaque core): drawn as it is, the
       * tile is made when the whole card shows. */
      if (r->fast && !card_fits_target (r, res, &ct, body, cx, cy, nx, ny, dx, dy))
        {
          _topo_blit_bitmap (r, body, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, 0, 0);
          show_card_text (r, res, &ct);
          return;
        }

      if (tile == NULL)
        {
          tile = g_new0 (CardTile, 1);
          tile->lru.data = tile;
          tile->id = g_strdup (res->id);
          g_hash_table_insert (cache->tiles, tile->id, tile);
        }
      else
        {
          g_queue_unlink (&cache->tile_lru, &tile->lru);
          cache->tile_bytes -= tile->bytes;
          g_clear_pointer (&tile->surface, cairo_surface_destroy);
          g_clear_pointer (&tile->name, g_free);
          g_clear_pointer (&tile->detail, g_free);
        }
      /* Make room first; a full cache hands its oldest tile's pixels over when they are the
       * size needed (no new allocation to clear, in a long pan). */
      while (cache->tile_bytes + tile_size (body) > MAX_TILE_BYTES && cache->tile_lru.length > 0)
        {
          CardTile *old = cache->tile_lru.tail->data;

          g_queue_unlink (&cache->tile_lru, &old->lru);
          cache->tile_bytes -= old->bytes;
          if (reuse == NULL && old->surface != NULL &&
              cairo_image_surface_get_width (old->surface) == cairo_image_surface_get_width (body) &&
              cairo_image_surface_get_height (old->surface) == cairo_image_surface_get_height (body))
            reuse = g_steal_pointer (&old->surface);
          g_hash_table_remove (cache->tiles, old->id);
        }
      tile->scale = s;
      tile->theme = r->options->theme;
      tile->kind = res->kind;
      tile->details = r->details;
      tile->text = r->text;
      tile->small_text = r->small_text;
      tile->name = g_strdup (ct.name);
      tile->detail = g_strdup (ct.detail);
      tile->name_dx = nx;
      tile->name_dy = ny;
      tile->detail_dx = dx;
      tile->detail_dy = dy;
      if (reuse != NULL)
        {
          /* Fresh user data: the run list belongs to the old pixels. */
          tile->surface = g_steal_pointer (&reuse);
          cairo_surface_set_user_data (tile->surface, &_topo_spans_key, NULL, NULL);
          cairo_surface_set_user_data (tile->surface, &_topo_seen_key, NULL, NULL);
        }
      else
        tile->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                    cairo_image_surface_get_width (body),
                                                    cairo_image_surface_get_height (body));
      tile->bytes = (gsize) cairo_image_surface_get_stride (tile->surface) *
                    cairo_image_surface_get_height (tile->surface);
      /* Same format and size: a plain copy of the body's pixels. */
      cairo_surface_flush (body);
      cairo_surface_flush (tile->surface);
      memcpy (cairo_image_surface_get_data (tile->surface), cairo_image_surface_get_data (body),
              tile->bytes);
      if (!r->text)
        {
          cairo_surface_mark_dirty (tile->surface);
          goto made;
        }
      if (draw_card_on_target (r, res, &ct, body, tile->surface, cx, cy, nx, ny, dx, dy))
        {
          cairo_surface_mark_dirty (tile->surface);
          g_queue_push_head_link (&cache->tile_lru, &tile->lru);
          cache->tile_bytes += tile->bytes;
          return;
        }
      cairo_surface_mark_dirty (tile->surface);
      tcr = cairo_create (tile->surface);
      /* Clipped like the target (a viewport), so cairo composites the glyphs the same way. */
      cairo_rectangle (tcr, 1, 1, cairo_image_surface_get_width (tile->surface) - 2,
                       cairo_image_surface_get_height (tile->surface) - 2);
      cairo_clip (tcr);
      if (r->text)
        {
          double tw = b->x + b->w - CARD_TEXT_RIGHT - ct.tx;

          _topo_layout_text (r, ct.name, ct.name_font, tw, ct.name_lines, NULL, NULL);
          cairo_identity_matrix (tcr);
          cairo_translate (tcr, nx, ny);
          cairo_scale (tcr, s, s);
          topo_color_set_source (tcr, r->palette->card_text, 1.0);
          cairo_move_to (tcr, 0, 0);
          _topo_show_cached_layout (cache, tcr, r->layout_entry, TRUE);
          if (ct.detail != NULL)
            {
              _topo_layout_text (r, ct.detail, FONT_CARD_TYPE, tw, 1, NULL, NULL);
              cairo_identity_matrix (tcr);
              cairo_translate (tcr, dx, dy);
              cairo_scale (tcr, s, s);
              topo_color_set_source (tcr, r->palette->card_secondary_text, 1.0);
              cairo_move_to (tcr, 0, 0);
              _topo_show_cached_layout (cache, tcr, r->layout_entry, TRUE);
            }
        }
      cairo_destroy (tcr);
      cairo_surface_flush (tile->surface);
    made:

      g_queue_push_head_link (&cache->tile_lru, &tile->lru);
      cache->tile_bytes += tile->bytes;
    }
  else if (cache->tile_lru.head != &tile->lru)
    {
      g_queue_unlink (&cache->tile_lru, &tile->lru);
      g_queue_push_head_link (&cache->tile_lru, &tile->lru);
    }

  _topo_blit_bitmap (r, tile->surface, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, 0, 0);
}

/* The largest band of fully opaque pixels around the middle of a card bitmap (kept as its user
 * data): whatever is drawn under it before the cards does not show. */
static const cairo_user_data_key_t core_key;

static const PixBox *
card_bitmap_core (cairo_surface_t *bitmap)
{
  PixBox *core = cairo_surface_get_user_data (bitmap, &core_key);
  int w, h, stride, cy;
  const guint8 *data;

  if (core != NULL)
    return core;
  cairo_surface_flush (bitmap);
  w = cairo_image_surface_get_width (bitmap);
  h = cairo_image_surface_get_height (bitmap);
  stride = cairo_image_surface_get_stride (bitmap);
  data = cairo_image_surface_get_data (bitmap);
#define OPAQUE(x, y) ((((const guint32 *) (data + (gsize) (y) * stride))[x] >> 24) == 255)
  core = g_new0 (PixBox, 1);
  cy = h / 2;
  if (OPAQUE (w / 2, cy))
    {
      gboolean ok = TRUE;

      core->x0 = core->x1 = w / 2;
      while (core->x0 > 0 && OPAQUE (core->x0 - 1, cy))
        core->x0--;
      while (core->x1 < w && OPAQUE (core->x1, cy))
        core->x1++;
      core->y0 = cy;
      core->y1 = cy + 1;
      while (ok && core->y0 > 0)
        {
          for (int x = core->x0; x < core->x1 && ok; x++)
            ok = OPAQUE (x, core->y0 - 1);
          if (ok)
            core->y0--;
        }
      ok = TRUE;
      while (ok && core->y1 < h)
        {
          for (int x = core->x0; x < core->x1 && ok; x++)
            ok = OPAQUE (x, core->y1);
          if (ok)
            core->y1++;
        }
    }
#undef OPAQUE
  cairo_surface_set_user_data (bitmap, &core_key, core, g_free);
  return core;
}

/* Whether the card's body is copied from the per-kind card bitmap (on the canvas). */
static gboolean
card_is_bitmap (Render             *r,
                const TopoResource *res)
{
  double cw, ch;

  if (!r->canvas || r->device_scale <= 0 || res->kind == TOPO_KIND_RESOURCE_GROUP)
    return FALSE;
  topo_layout_card_size (res->kind, &cw, &ch);
  return fabs (cw - res->bounds.w) < 1e-6 && fabs (ch - res->bounds.h) < 1e-6;
}

/* Whether it is drawn from a tile of its own: only with text, the rest is the same for every
 * card of a kind. */
static gboolean
card_is_tiled (Render             *r,
               const TopoResource *res)
{
  return r->text && card_is_bitmap (r, res);
}

/* The overdraw boxes of this frame: RG bodies for the lane bands, card cores for RG bodies. */
void
_topo_collect_overdraw_boxes (Render       *r,
                              const GArray *resources)
{
  r->group_boxes = g_array_new (FALSE, FALSE, sizeof (PixBox));
  r->card_boxes = g_array_new (FALSE, FALSE, sizeof (PixBox));
  for (guint k = 0; k < resources->len; k++)
    {
      const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));
      const TopoRect *b = &res->bounds;
      PixBox box;

      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          /* The body rectangle of _topo_draw_group. */
          double top = _topo_snap_y (r->cr, b->y + GROUP_RADIUS);
          double split = _topo_snap_y (r->cr, b->y + b->h - GROUP_RADIUS);

          if (_topo_inner_pixels (r, b->x, top, b->w, split - top, &box))
            g_array_append_val (r->group_boxes, box);
        }
      else if (card_is_bitmap (r, res))
        {
          const PixBox *core = card_bitmap_core (card_bitmap (r, res->kind));
          double x = b->x - CARD_BITMAP_MARGIN, y = b->y - CARD_BITMAP_MARGIN;
          int px, py;

          if (core->x1 <= core->x0)
            continue;
          /* Where _topo_blit_bitmap puts the tile. */
          _topo_target_pixel (r, &x, &y);
          px = (int) round (x);
          py = (int) round (y);
          box = (PixBox) { px + core->x0, py + core->y0, px + core->x1, py + core->y1 };
          g_array_append_val (r->card_boxes, box);
        }
    }
}

/* Zoomed out below the size where card names are readable: the name at TOPO_MIN_CARD_NAME_PX on
 * screen, on as many lines as the card's height has room for (one or two), cut to its width. */
void
_topo_draw_min_size_card_name (Render         *r,
                               const TopoRect *b,
                               const char     *name,
                               TopoColor       color)
{
  double f = TOPO_MIN_CARD_NAME_PX / (_topo_font_specs[FONT_CARD_NAME].size * r->scale);
  double line = TOPO_MIN_CARD_NAME_PX * 1.2 / r->scale, tx = b->x + CARD_TEXT_LEFT;
  double tw = b->x + b->w - CARD_TEXT_RIGHT - tx, h;
  int lines = (int) floor ((b->h - 2 / r->scale) / line);

  if (lines < 1 || tw * r->scale < 4 * TOPO_MIN_CARD_NAME_PX)
    return;
  lines = MIN (lines, 2);
  _topo_layout_text (r, name, FONT_CARD_NAME, tw / f, lines, NULL, &h);
  _topo_show_scaled_text (r, name, FONT_CARD_NAME, tx, b->y + (b->h - h * f) / 2, f, tw, lines,
                          color, NULL, NULL);
}

void
_topo_draw_card (Render             *r,
                 const TopoResource *res)
{
  cairo_t *cr = r->cr;
  const TopoRect *b = &res->bounds;
  double cw, ch;

  topo_layout_card_size (res->kind, &cw, &ch);
  if (card_is_tiled (r, res))
    {
      draw_card_tiled (r, res);
      return;
    }
  if (r->device_scale > 0 && fabs (cw - b->w) < 1e-6 && fabs (ch - b->h) < 1e-6)
    {
      _topo_blit_bitmap (r, card_bitmap (r, res->kind), b->x - CARD_BITMAP_MARGIN,
                         b->y - CARD_BITMAP_MARGIN, 0, 0);
    }
  else
    draw_card_body (cr, r->palette, r->options->theme, res->kind, b, r->details);

  if (r->text)
    {
      g_autofree char *detail = NULL;
      CardText ct;

      card_text (r, res, &detail, &ct);
      show_card_text (r, res, &ct);
    }
  else if (!r->overview)
    _topo_draw_min_size_card_name (r, b, topo_resource_get_name (res), r->palette->card_text);
}

/* Adds x, y, w, h (design units) as a rectangle snapped to whole units of cr's untransformed
 * space: pixel-aligned rectangles fill without antialiasing work. cr must be in identity. */
static void
snapped_rectangle (cairo_t              *cr,
                   const cairo_matrix_t *m,
                   double                x,
                   double                y,
                   double                w,
                   double                h)
{
  double x0 = round (m->xx * x + m->x0), y0 = round (m->yy * y + m->y0);
  double x1 = round (m->xx * (x + w) + m->x0), y1 = round (m->yy * (y + h) + m->y0);

  if (x1 > x0 && y1 > y0)
    cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
}

/* Very low zoom: RG boxes as plain rectangles, title bands in one fill per environment. */
void
_topo_draw_groups_overview (Render       *r,
                            const GArray *resources)
{
  cairo_t *cr = r->cr;
  g_autoptr(GPtrArray) envs = g_ptr_array_new ();
  cairo_matrix_t m;

  cairo_get_matrix (cr, &m);
  cairo_save (cr);
  cairo_identity_matrix (cr);

  for (guint k = 0; k < resources->len; k++)
    {
      const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));

      if (res->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      snapped_rectangle (cr, &m, res->bounds.x, res->bounds.y, res->bounds.w, res->bounds.h);
      if (!g_ptr_array_find_with_equal_func (envs, res->environment != NULL ? res->environment : "",
                                             g_str_equal, NULL))
        g_ptr_array_add (envs, res->environment != NULL ? res->environment : "");
    }
  topo_color_set_source (cr, topo_color_mix (r->palette->group_border, r->palette->group_fill, 0.6), 1.0);
  cairo_fill (cr);

  for (guint e = 0; e < envs->len; e++)
    {
      const char *env = g_ptr_array_index (envs, e);
      TopoColor fill;

      for (guint k = 0; k < resources->len; k++)
        {
          const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));

          if (res->kind == TOPO_KIND_RESOURCE_GROUP &&
              g_str_equal (res->environment != NULL ? res->environment : "", env))
            snapped_rectangle (cr, &m, res->bounds.x, res->bounds.y, res->bounds.w,
                               MIN (TOPO_GROUP_HEADER, res->bounds.h));
        }
      topo_style_environment_color (r->options->theme, *env ? env : NULL, &fill, NULL);
      topo_color_set_source (cr, fill, 1.0);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}
/* Very low zoom: every card a plain rectangle with a coloured square, in one fill per colour. */
void
_topo_draw_cards_overview (Render       *r,
                           const GArray *resources)
{
  cairo_t *cr = r->cr;
  cairo_matrix_t m;

  cairo_get_matrix (cr, &m);
  cairo_save (cr);
  cairo_identity_matrix (cr);

  for (guint k = 0; k < resources->len; k++)
    {
      const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));

      if (res->kind != TOPO_KIND_RESOURCE_GROUP)
        snapped_rectangle (cr, &m, res->bounds.x, res->bounds.y, res->bounds.w, res->bounds.h);
    }
  topo_color_set_source (cr, topo_color_mix (r->palette->card_border, r->palette->card_fill, 0.5), 1.0);
  cairo_fill (cr);

  for (guint kind = TOPO_KIND_WORKSPACE; kind < TOPO_N_KINDS; kind++)
    {
      gboolean any = FALSE;

      for (guint k = 0; k < resources->len; k++)
        {
          const TopoResource *res = topo_document_get_resource (r->doc, g_array_index (resources, guint, k));

          if (res->kind != kind)
            continue;
          snapped_rectangle (cr, &m, res->bounds.x + 9, res->bounds.y + (res->bounds.h - GLYPH_SIZE) / 2,
                             GLYPH_SIZE, GLYPH_SIZE);
          any = TRUE;
        }
      if (any)
        {
          topo_color_set_source (cr, r->palette->kind_stroke[kind], 1.0);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
}

void
_topo_draw_focus_ring (Render         *r,
                       const TopoRect *b,
                       double          radius,
                       gboolean        selected)
{
  double inset = selected ? -3.0 : -2.0;

  _topo_rounded_rect (r->cr, b->x + inset, b->y + inset, b->w - 2 * inset, b->h - 2 * inset,
                      radius - inset);
  topo_color_set_source (r->cr, selected ? r->palette->selection : r->palette->hover, 1.0);
  cairo_set_line_width (r->cr, MAX (selected ? 2.5 : 1.5, 1.0 / r->scale));
  cairo_stroke (r->cr);
}

void
_topo_card_text_info (const TopoResource *res,
                      int                *name_lines,
                      gboolean           *small,
                      gboolean           *ellipsized,
                      gboolean           *has_detail)
{
  Render r = { 0 };
  g_autofree char *detail = NULL;
  CardText ct;

  r.cache = _topo_get_render_cache ();
  r.text = r.small_text = TRUE;
  card_text (&r, res, &detail, &ct);
  *name_lines = ct.name_lines;
  *small = ct.name_font == FONT_CARD_NAME_SMALL;
  *ellipsized = ct.ellipsized;
  *has_detail = ct.detail != NULL;
}
