/* topo-render-text.c: text shaping and drawing, and the per-thread text, card and tile caches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-renderer-private.h"

const FontSpec _topo_font_specs[N_FONTS] = {
  [FONT_CARD_NAME] = { 12.0, PANGO_WEIGHT_BOLD },
  [FONT_CARD_NAME_SMALL] = { 10.5, PANGO_WEIGHT_BOLD },
  [FONT_CARD_TYPE] = { 11.0, PANGO_WEIGHT_NORMAL },
  [FONT_GROUP_NAME] = { 13.5, PANGO_WEIGHT_BOLD },
  [FONT_GROUP_DETAIL] = { 11.0, PANGO_WEIGHT_NORMAL },
  [FONT_PILL] = { 10.5, PANGO_WEIGHT_BOLD },
  [FONT_LANE_NAME] = { 15.0, PANGO_WEIGHT_BOLD },
  [FONT_LANE_DETAIL] = { 11.5, PANGO_WEIGHT_NORMAL },
  [FONT_BADGE] = { 10.0, PANGO_WEIGHT_BOLD },
  [FONT_TITLE] = { 22.0, PANGO_WEIGHT_BOLD },
  [FONT_SUBTITLE] = { 12.5, PANGO_WEIGHT_NORMAL },
  [FONT_LEGEND] = { 12.0, PANGO_WEIGHT_NORMAL },
  [FONT_LEGEND_HEADING] = { 12.5, PANGO_WEIGHT_BOLD },
  [FONT_NOTE] = { 12.0, PANGO_WEIGHT_NORMAL },
  [FONT_NOTE_META] = { 10.5, PANGO_WEIGHT_NORMAL },
};

static void
group_tile_free (gpointer data)
{
  GroupTile *tile = data;

  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile->id);
  g_free (tile->key);
  g_free (tile);
}

static void
cached_layout_free (gpointer data)
{
  CachedLayout *cl = data;

  for (guint i = 0; i < N_TEXT_BITMAPS; i++)
    g_clear_pointer (&cl->bitmaps[i].surface, cairo_surface_destroy);
  for (guint i = 0; i < cl->n_runs; i++)
    {
      g_object_unref (cl->runs[i].font);
      pango_glyph_string_free (cl->runs[i].glyphs);
    }
  g_free (cl->runs);
  g_clear_object (&cl->layout);
  g_free (cl->key);
  g_free (cl);
}

static void
card_tile_free (gpointer data)
{
  CardTile *tile = data;

  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile->name);
  g_free (tile->detail);
  g_free (tile);
}

static void
render_cache_free (gpointer data)
{
  RenderCache *cache = data;

  for (guint f = 0; f < N_FONTS; f++)
    {
      pango_font_description_free (cache->fonts[f]);
      g_clear_object (&cache->ascii[f].font);
    }
  g_hash_table_unref (cache->tiles);
  g_hash_table_unref (cache->layouts);
  g_hash_table_unref (cache->cards);
  g_hash_table_unref (cache->pills);
  g_hash_table_unref (cache->groups);
  g_hash_table_unref (cache->notes);
  g_object_unref (cache->pango);
  g_free (cache);
}

static GPrivate render_cache_key = G_PRIVATE_INIT (render_cache_free);

RenderCache *
_topo_get_render_cache (void)
{
  RenderCache *cache = g_private_get (&render_cache_key);

  if (cache == NULL)
    {
      cache = g_new0 (RenderCache, 1);
      cache->pango = topo_style_create_pango_context (NULL);
      for (guint f = 0; f < N_FONTS; f++)
        {
          cache->fonts[f] = pango_font_description_from_string (TOPO_FONT_FAMILY);
          pango_font_description_set_absolute_size (cache->fonts[f], _topo_font_specs[f].size * PANGO_SCALE);
          pango_font_description_set_weight (cache->fonts[f], _topo_font_specs[f].weight);
        }
      /* Keys are owned by the entries (entry->key, entry->id). */
      cache->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cached_layout_free);
      cache->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, card_tile_free);
      g_queue_init (&cache->layout_lru);
      g_queue_init (&cache->tile_lru);
      cache->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) cairo_surface_destroy);
      cache->groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, group_tile_free);
      g_queue_init (&cache->group_lru);
      cache->pills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) cairo_surface_destroy);
      cache->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&render_cache_key, cache);
    }
  return cache;
}
/* Text -------------------------------------------------------------------------------------------- */

static PangoLayout *
make_layout (RenderCache *cache,
             const char  *text,
             FontId       font,
             double       width,
             int          max_lines)
{
  PangoLayout *layout = pango_layout_new (cache->pango);

  pango_layout_set_font_description (layout, cache->fonts[font]);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, max_lines > 1 ? -max_lines : -1);
      /* Names are identifiers: a hyphen Pango adds where it breaks a word ("stexplorefeaturesw-eu")
       * reads as part of the name, and storage account names cannot even contain one. */
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static PangoLayout *
cached_layout_get_layout (RenderCache  *cache,
                          CachedLayout *cl)
{
  if (cl->layout == NULL)
    cl->layout = make_layout (cache, cl->text, cl->font, cl->width, cl->max_lines);
  return cl->layout;
}

/* Printable ASCII with at least one letter: itemizes into one Latin item in the font's first
 * face, the same for every such text (see remember_ascii_analysis). */
static gboolean
is_plain_ascii (const char *text)
{
  gboolean letter = FALSE;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p > 0x7e)
        return FALSE;
      letter |= g_ascii_isalpha (*p);
    }
  return letter;
}

/* Keeps the analysis of a plain ASCII text's single item for its font, when that face covers all
 * of printable ASCII: Pango would give every plain ASCII text in that font the same analysis, so
 * later ones skip pango_itemize (about 40 % of shaping a short name). */
static void
remember_ascii_analysis (RenderCache         *cache,
                         FontId               font,
                         const PangoAnalysis *analysis)
{
  if (cache->ascii[font].font != NULL || analysis->font == NULL || analysis->level != 0 ||
      analysis->script != G_UNICODE_SCRIPT_LATIN || analysis->extra_attrs != NULL)
    return;
  for (gunichar c = 0x20; c <= 0x7e; c++)
    if (!pango_font_has_char (analysis->font, c))
      return;
  cache->ascii[font] = *analysis;
  g_object_ref (cache->ascii[font].font);
}

/* Most texts are one short line that fits: shaping them directly costs half of what a
 * PangoLayout does (no line breaking, no ellipsis pass), and they are drawn from the glyphs with
 * the arithmetic pango_cairo_show_layout uses, so the pixels are the same. Anything else (too
 * wide, line breaks, missing glyphs) returns FALSE and gets a PangoLayout. */
static gboolean
shape_single_line (RenderCache  *cache,
                   CachedLayout *cl)
{
  const char *text = cl->text;
  gsize len = strlen (text);
  gboolean plain = is_plain_ascii (text);
  PangoItem ascii_item = { 0 };
  GList ascii_link = { 0 };
  PangoAttrList *attrs;
  GList *items;
  gboolean ok = TRUE;
  int x = 0, top = G_MAXINT, bottom = G_MININT;
  int ink_x0 = G_MAXINT, ink_y0 = G_MAXINT, ink_x1 = G_MININT, ink_y1 = G_MININT;
  guint n = 0;

  if (len == 0)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 &&
                               ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9)))
      return FALSE;

  if (plain && cache->ascii[cl->font].font != NULL)
    {
      ascii_item.offset = 0;
      ascii_item.length = (int) len;
      ascii_item.num_chars = (int) len;
      ascii_item.analysis = cache->ascii[cl->font];
      items = &ascii_link;
      ascii_link.data = &ascii_item;
    }
  else
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_font_desc_new (cache->fonts[cl->font]));
      items = pango_itemize (cache->pango, text, 0, (int) len, attrs, NULL);
      pango_attr_list_unref (attrs);
      if (plain && items != NULL && items->next == NULL &&
          ((PangoItem *) items->data)->length == (int) len)
        remember_ascii_analysis (cache, cl->font, &((PangoItem *) items->data)->analysis);
    }
  cl->runs = g_new0 (TextRun, g_list_length (items));

  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoItem *item = l->data;
      PangoGlyphString *glyphs;
      PangoRectangle ink, logical;

      if (!ok || item->analysis.font == NULL || (item->analysis.level & 1) != 0)
        {
          ok = FALSE;
          continue;
        }
      glyphs = pango_glyph_string_new ();
      pango_shape_with_flags (text + item->offset, item->length, text, (int) len, &item->analysis,
                              glyphs, PANGO_SHAPE_NONE);
      for (int g = 0; g < glyphs->num_glyphs; g++)
        if (glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
          ok = FALSE;
      pango_glyph_string_extents (glyphs, item->analysis.font, &ink, &logical);
      cl->runs[n].font = g_object_ref (item->analysis.font);
      cl->runs[n].glyphs = glyphs;
      cl->runs[n].x = x;
      n++;
      top = MIN (top, logical.y);
      bottom = MAX (bottom, logical.y + logical.height);
      if (ink.width > 0 && ink.height > 0)
        {
          ink_x0 = MIN (ink_x0, x + ink.x);
          ink_y0 = MIN (ink_y0, ink.y);
          ink_x1 = MAX (ink_x1, x + ink.x + ink.width);
          ink_y1 = MAX (ink_y1, ink.y + ink.height);
        }
      x += logical.width;
    }
  if (items != &ascii_link)
    g_list_free_full (items, (GDestroyNotify) pango_item_free);
  cl->n_runs = n;

  /* Strictly narrower than the limit: at the limit, leave it to Pango. */
  if (!ok || n == 0 || (cl->width > 0 && x >= (int) (cl->width * PANGO_SCALE)))
    {
      for (guint i = 0; i < n; i++)
        {
          g_object_unref (cl->runs[i].font);
          pango_glyph_string_free (cl->runs[i].glyphs);
        }
      g_clear_pointer (&cl->runs, g_free);
      cl->n_runs = 0;
      return FALSE;
    }
  cl->baseline = -top;
  cl->w = (double) x / PANGO_SCALE;
  cl->h = (double) (bottom - top) / PANGO_SCALE;
  cl->ellipsized = FALSE;
  if (ink_x1 > ink_x0)
    cl->ink = (PangoRectangle) { ink_x0, ink_y0 + cl->baseline, ink_x1 - ink_x0, ink_y1 - ink_y0 };
  else
    cl->ink = (PangoRectangle) { 0, 0, 0, 0 };
  return TRUE;
}

/* Draws cl with its origin at cr's current point, as pango_cairo_show_layout would; vector
 * targets always get the layout (PDF keeps the text selectable). */
void
_topo_show_cached_layout (RenderCache  *cache,
                          cairo_t      *cr,
                          CachedLayout *cl,
                          gboolean      bitmap)
{
  double x0, y0;
  cairo_glyph_t stack_glyphs[128];

  if (cl->runs == NULL || !bitmap)
    {
      pango_cairo_show_layout (cr, cached_layout_get_layout (cache, cl));
      return;
    }

  cairo_get_current_point (cr, &x0, &y0);
  for (guint i = 0; i < cl->n_runs; i++)
    {
      const TextRun *run = &cl->runs[i];
      PangoGlyphString *glyphs = run->glyphs;
      cairo_glyph_t *cg = glyphs->num_glyphs > (int) G_N_ELEMENTS (stack_glyphs)
                          ? g_new (cairo_glyph_t, glyphs->num_glyphs) : stack_glyphs;
      double base_x = x0 + (double) run->x / PANGO_SCALE;
      double base_y = y0 + (double) cl->baseline / PANGO_SCALE;
      int count = 0, x_position = 0;

      for (int g = 0; g < glyphs->num_glyphs; g++)
        {
          const PangoGlyphInfo *gi = &glyphs->glyphs[g];

          if (gi->glyph != PANGO_GLYPH_EMPTY)
            {
              cg[count].index = gi->glyph;
              cg[count].x = base_x + (double) (x_position + gi->geometry.x_offset) / PANGO_SCALE;
              cg[count].y = gi->geometry.y_offset == 0 ? base_y
                            : base_y + (double) gi->geometry.y_offset / PANGO_SCALE;
              count++;
            }
          x_position += gi->geometry.width;
        }
      cairo_set_scaled_font (cr, pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run->font)));
      cairo_show_glyphs (cr, cg, count);
      if (cg != stack_glyphs)
        g_free (cg);
    }
}

#define TOPO_MAX_SHAPED_TEXT 1024

static char *
with_ellipsis (const char *text,
                          gsize       length)
{
  char *out = g_malloc (length + sizeof "…");

  memcpy (out, text, length);
  memcpy (out + length, "…", sizeof "…");
  return out;
}

/* Lays text out (or finds it laid out) and makes it r->layout_entry. width <= 0: no limit.
 * Returns the logical size. */
void
_topo_layout_text (Render     *r,
                   const char *text,
                   FontId      font,
                   double      width,
                   int         max_lines,
                   double     *out_w,
                   double     *out_h)
{
  RenderCache *cache = r->cache;
  char key_prefix[64];
  char stack_key[256];
  g_autofree char *heap_key = NULL;
  char *key = stack_key;
  gsize prefix_len, text_len = strlen (text);
  CachedLayout *cl;
  g_autofree char *shortened = NULL;

  /* Shaping is linear but slow (a 10 MB name took 25 s to export); no drawing shows more than a
   * line or two, so only the start of a very long text is laid out. */
  if (text_len > TOPO_MAX_SHAPED_TEXT)
    {
      const char *cut = g_utf8_find_prev_char (text, text + TOPO_MAX_SHAPED_TEXT);

      shortened = with_ellipsis (text, cut != NULL ? cut - text : 0);
      text = shortened;
      text_len = strlen (text);
    }
  prefix_len = g_snprintf (key_prefix, sizeof key_prefix, "%d|%d|%d|", font,
                           width > 0 ? (int) (width * PANGO_SCALE) : -1, max_lines);
  if (prefix_len + text_len + 1 > sizeof stack_key)
    key = heap_key = g_malloc (prefix_len + text_len + 1);
  memcpy (key, key_prefix, prefix_len);
  memcpy (key + prefix_len, text, text_len + 1);
  cl = g_hash_table_lookup (cache->layouts, key);
  if (cl != NULL && cache->layout_lru.head != &cl->lru)
    {
      g_queue_unlink (&cache->layout_lru, &cl->lru);
      g_queue_push_head_link (&cache->layout_lru, &cl->lru);
    }
  if (cl == NULL)
    {
      while (g_hash_table_size (cache->layouts) >= MAX_CACHED_LAYOUTS)
        {
          CachedLayout *old = cache->layout_lru.tail->data;

          g_queue_unlink (&cache->layout_lru, &old->lru);
          g_hash_table_remove (cache->layouts, old->key);
        }
      cl = g_new0 (CachedLayout, 1);
      cl->key = g_strdup (key);
      cl->text = cl->key + prefix_len;
      cl->font = font;
      cl->width = width;
      cl->max_lines = max_lines;
      cl->lru.data = cl;
      if (!shape_single_line (cache, cl))
        {
          PangoRectangle logical;
          PangoLayout *layout = cached_layout_get_layout (cache, cl);

          pango_layout_get_extents (layout, &cl->ink, &logical);
          cl->w = (double) logical.width / PANGO_SCALE;
          cl->h = (double) logical.height / PANGO_SCALE;
          cl->ellipsized = pango_layout_is_ellipsized (layout);
        }
      g_hash_table_insert (cache->layouts, cl->key, cl);
      g_queue_push_head_link (&cache->layout_lru, &cl->lru);
    }
  r->layout_entry = cl;
  if (out_w != NULL)
    *out_w = cl->w;
  if (out_h != NULL)
    *out_h = cl->h;
}
static gboolean
same_color (TopoColor a,
            TopoColor b)
{
  return a.r == b.r && a.g == b.g && a.b == b.b;
}

void
_topo_show_layout (Render   *r,
                   double    x,
                   double    y,
                   TopoColor color)
{
  CachedLayout *cl = r->layout_entry;
  TextBitmap *tb = NULL;

  if (r->device_scale <= 0)
    {
      /* Vector targets: real text (selectable in PDF). */
      topo_color_set_source (r->cr, color, 1.0);
      cairo_move_to (r->cr, x, y);
      _topo_show_cached_layout (r->cache, r->cr, cl, FALSE);
      return;
    }

  /* Exports draw every text directly: a bitmap copy may round one level away from that, so
   * which uses came first (document order, or bands) would show in the pixels. */
  for (guint i = 0; r->canvas && i < N_TEXT_BITMAPS; i++)
    if (cl->bitmaps[i].surface != NULL && cl->bitmaps[i].scale == r->device_scale &&
        same_color (cl->bitmaps[i].color, color))
      tb = &cl->bitmaps[i];

  if (tb == NULL && (!cl->shown || !r->canvas))
    {
      /* First use (most texts of an export, a new part of the canvas): draw it directly, at the
       * same whole-pixel origin a bitmap would get, and keep a bitmap only for texts that come
       * back. */
      double dx = x, dy = y, ds, ds_y, ox, oy;
      cairo_surface_t *target = cairo_get_target (r->cr);

      cl->shown = TRUE;
      cairo_surface_get_device_scale (target, &ds, &ds_y);
      cairo_surface_get_device_offset (target, &ox, &oy);
      cairo_user_to_device (r->cr, &dx, &dy);
      /* Halves round up, not away from zero: the same pixel whatever the device offset (an
       * export's band starts below texts that reach into it). */
      dx = (floor (dx * ds + ox + 0.5) - ox) / ds;
      dy = (floor (dy * ds + oy + 0.5) - oy) / ds;
      cairo_device_to_user (r->cr, &dx, &dy);
      topo_color_set_source (r->cr, color, 1.0);
      cairo_move_to (r->cr, dx, dy);
      _topo_show_cached_layout (r->cache, r->cr, cl, TRUE);
      return;
    }

  if (tb == NULL)
    {
      PangoRectangle ink = cl->ink;
      double s = r->device_scale;
      int x1, y1;
      cairo_t *cr;

      tb = &cl->bitmaps[cl->next_bitmap];
      cl->next_bitmap = (cl->next_bitmap + 1) % N_TEXT_BITMAPS;
      g_clear_pointer (&tb->surface, cairo_surface_destroy);

      tb->x0 = (int) floor ((double) ink.x / PANGO_SCALE * s) - 1;
      tb->y0 = (int) floor ((double) ink.y / PANGO_SCALE * s) - 1;
      x1 = (int) ceil ((double) (ink.x + ink.width) / PANGO_SCALE * s) + 1;
      y1 = (int) ceil ((double) (ink.y + ink.height) / PANGO_SCALE * s) + 1;
      tb->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (1, x1 - tb->x0),
                                                MAX (1, y1 - tb->y0));
      tb->color = color;
      tb->scale = s;
      cr = cairo_create (tb->surface);
      cairo_translate (cr, -tb->x0, -tb->y0);
      cairo_scale (cr, s, s);
      topo_color_set_source (cr, color, 1.0);
      cairo_move_to (cr, 0, 0);
      _topo_show_cached_layout (r->cache, cr, cl, TRUE);
      cairo_destroy (cr);
    }

  /* Whole device pixels, as the image backend places glyphs anyway. */
  _topo_blit_bitmap (r, tb->surface, x, y, tb->x0, tb->y0);
}

double
_topo_draw_text (Render     *r,
                 const char *text,
                 FontId      font,
                 double      x,
                 double      y,
                 double      width,
                 TopoColor   color)
{
  double h;

  _topo_layout_text (r, text, font, width, 1, NULL, &h);
  _topo_show_layout (r, x, y, color);
  return h;
}

/* Draws text at (x, y) (design units) as if the font were f times larger, in a layout width of
 * width design units (already in the larger space). */
void
_topo_show_scaled_text (Render     *r,
                        const char *text,
                        FontId      font,
                        double      x,
                        double      y,
                        double      f,
                        double      width,
                        int         max_lines,
                  TopoColor   color,
                  double     *out_w,
                  double     *out_h)
{
  Render scaled = *r;
  double w, h;

  cairo_save (r->cr);
  cairo_translate (r->cr, x, y);
  cairo_scale (r->cr, f, f);
  scaled.scale = r->scale * f;
  scaled.device_scale = r->device_scale > 0 ? r->device_scale * f : 0;
  _topo_layout_text (&scaled, text, font, width > 0 ? width / f : -1, max_lines, &w, &h);
  _topo_show_layout (&scaled, 0, 0, color);
  cairo_restore (r->cr);
  r->layout_entry = scaled.layout_entry;
  if (out_w != NULL)
    *out_w = w * f;
  if (out_h != NULL)
    *out_h = h * f;
}

/* The size a text takes drawn f times larger (design units). */
void
_topo_measure_scaled_text (Render     *r,
                     const char *text,
                     FontId      font,
                     double      f,
                     double      width,
                     double     *out_w,
                     double     *out_h)
{
  _topo_layout_text (r, text, font, width > 0 ? width / f : -1, 1, out_w, out_h);
  *out_w *= f;
  *out_h *= f;
}

