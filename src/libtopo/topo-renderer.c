/* topo-renderer.c: the one drawing of a design — canvas, PNG, SVG and PDF all come from here
 *
 * Layers, bottom to top: background, lane bands, RG boxes, links, cards, link labels, badges,
 * selection and hover. Each layer visits only the items the spatial index finds in the viewport,
 * in document order, so a viewport draws exactly what the full drawing has there.
 *
 * On the canvas (a viewport on a bitmap) frames are made mostly of copies: each card with text is
 * a tile (body and texts, taken from the target the first time the card is drawn whole), so is
 * each RG's title band from ~73 % (band, stripe, pill and texts, taken back with their backdrop),
 * link and environment pills are per-zoom, per-phase bitmaps, card bodies and repeated texts are
 * per-zoom bitmaps, and bitmaps go straight into the target's pixels (pixman's exact OVER
 * arithmetic; opaque runs are plain copies). Links stay strokes: a tile per link cost more to
 * make in a cold frame than its copies saved in warm ones. Pixels that a later
 * opaque copy replaces whole are left out of the fills below (lane bands under RG bodies, RG
 * bodies under cards). Short single-line texts are shaped without a PangoLayout. Caches are per
 * thread and least-recently-used bounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-layout.h"
#include "topo-regions.h"
#include "topo-renderer.h"
#include "topo-spatial-index.h"
#include "topo-style.h"

#define EXPORT_MARGIN     32.0
#define TITLE_HEIGHT      64.0
#define LEGEND_GAP        28.0
#define LEGEND_HEADING    30.0
#define LEGEND_ROW        30.0
#define LEGEND_KIND_CELL  184.0
#define LEGEND_LINK_CELL  212.0
#define LEGEND_PAD        16.0
#define CULL_MARGIN       16.0   /* badges, shadows and selection rings stick out of the bounds */
#define CARD_RADIUS        8.0
#define GROUP_RADIUS      10.0
#define GLYPH_SIZE        28.0
#define BADGE_RADIUS       9.0

typedef enum
{
  FONT_CARD_NAME,
  FONT_CARD_TYPE,
  FONT_GROUP_NAME,
  FONT_GROUP_DETAIL,
  FONT_PILL,
  FONT_LANE_NAME,
  FONT_LANE_DETAIL,
  FONT_BADGE,
  FONT_TITLE,
  FONT_SUBTITLE,
  FONT_LEGEND,
  FONT_LEGEND_HEADING,
  N_FONTS
} FontId;

static const struct { double size; PangoWeight weight; } font_specs[N_FONTS] = {
  [FONT_CARD_NAME] = { 12.0, PANGO_WEIGHT_BOLD },
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
};

typedef struct
{
  TopoDocument            *doc;
  cairo_t                 *cr;
  const TopoRenderOptions *options;
  const TopoPalette       *palette;
  TopoSpatialIndex        *index;
  TopoRect                 viewport;
  double                   scale;
  gboolean                 text;          /* level of detail: card text readable at this zoom */
  gboolean                 group_text;    /* the larger RG and lane names */
  gboolean                 small_text;    /* the second line of cards */
  gboolean                 details;       /* glyph strokes, arrowheads, pills */
  gboolean                 overview;      /* very low zoom: batched plain rectangles */
  double                   device_scale;  /* design unit → device pixels, 0 = not a bitmap */
  gboolean                 canvas;        /* a viewport of an interactive view: cards are tiled */
  /* Direct pixel access for bitmap copies (see fast_blit); fast = FALSE: through cairo. */
  gboolean                 fast;
  guint8                  *fast_data;
  int                      fast_stride;
  int                      clip_x0, clip_y0, clip_x1, clip_y1;   /* target pixels */
  /* Overdraw: target pixel boxes that a later opaque paint replaces whole, left out of the
   * fills below them (see add_holes). */
  GArray                  *group_boxes;   /* PixBox: RG bodies, skipped by the lane bands */
  GArray                  *card_boxes;    /* PixBox: opaque card cores, skipped by RG bodies */
  cairo_surface_t         *card_bitmaps[TOPO_N_KINDS];   /* this frame's, referenced */
  struct _RenderCache     *cache;
  struct _CachedLayout    *layout_entry;  /* the last laid out text (borrowed from the cache) */
  double                   layout_w, layout_h;
} Render;

/* Per-thread caches: Pango objects are not thread-safe, and exports may run in a worker.
 *
 * Layouts are made in a context that is never updated for the target's transform: with metrics
 * not hinted, text lays out the same at every scale, so one layout serves every zoom level and
 * cairo rasterises it for the actual transform. */
/* A text rasterised once for a colour and zoom level; redraws copy its pixels. */
typedef struct
{
  cairo_surface_t *surface;
  TopoColor        color;
  double           scale;
  int              x0, y0;     /* device offset of the bitmap from the layout origin */
} TextBitmap;

#define N_TEXT_BITMAPS 2

/* One run of a single-line text shaped without a PangoLayout (see layout_text). */
typedef struct
{
  PangoFont        *font;
  PangoGlyphString *glyphs;
  int               x;           /* Pango units from the line start */
} TextRun;

typedef struct _CachedLayout
{
  GList        lru;          /* link in RenderCache.layout_lru; data = this */
  char        *key;
  const char  *text;         /* inside key */
  FontId       font;
  double       width;
  int          max_lines;
  PangoLayout *layout;       /* NULL until needed when runs are set */
  TextRun     *runs;         /* the fast single-line form; NULL = use layout */
  guint        n_runs;
  int          baseline;     /* Pango units */
  PangoRectangle ink;        /* Pango units, layout coordinates */
  double       w, h;
  gboolean     ellipsized;
  TextBitmap   bitmaps[N_TEXT_BITMAPS];
  guint        next_bitmap;
  gboolean     shown;        /* drawn once: the next draw makes a bitmap */
} CachedLayout;

/* A whole card (body, name and second line) rasterised once per zoom level on the canvas: a warm
 * card is one copy instead of three, and a cold one is drawn without going through the big
 * target. Checked against the strings it shows, so edits elsewhere in the design keep it. */
typedef struct
{
  GList            lru;      /* link in RenderCache.tile_lru; data = this */
  char            *id;
  char            *name;
  char            *detail;   /* NULL when the second line is not shown */
  cairo_surface_t *surface;
  double           scale;
  int              theme, kind;
  gboolean         details, text, small_text;
  int              name_dx, name_dy, detail_dx, detail_dy;   /* text origins in the tile, px */
  gsize            bytes;
} CardTile;

/* An RG's title band on the canvas: a bitmap of its own (band, stripe, the side borders beside
 * it, pill and texts, over the backdrop they were drawn on), per zoom level and pixel phase,
 * like the card tiles: a title band costs two curved fills, a pill and two texts otherwise, in
 * every frame. Its bottom edge is a whole pixel row, where the target's side borders take over. */
typedef struct
{
  GList            lru;      /* link in RenderCache.group_lru; data = this */
  char            *id;
  char            *key;      /* what it shows: texts, colours, size, scale, phase */
  cairo_surface_t *surface;  /* its pixel (0, 0) one pixel up and left of the RG's corner pixel */
  gsize            bytes;
} GroupTile;

static void
group_tile_free (gpointer data)
{
  GroupTile *tile = data;

  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile->id);
  g_free (tile->key);
  g_free (tile);
}

typedef struct _RenderCache
{
  PangoContext         *pango;
  PangoFontDescription *fonts[N_FONTS];
  GHashTable           *layouts;   /* "font|width|lines|text" → CachedLayout */
  GQueue                layout_lru;
  GHashTable           *cards;     /* "theme|kind|scale" → cairo_surface_t (card bitmaps) */
  GHashTable           *tiles;     /* resource id → CardTile */
  GHashTable           *groups;    /* RG id → GroupTile */
  GQueue                group_lru;
  gsize                 group_bytes;
  GHashTable           *pills;     /* text, colours, scale, phase → cairo_surface_t (draw_pill) */
  PangoAnalysis         ascii[N_FONTS];   /* remember_ascii_analysis; font NULL = none yet */
  GQueue                tile_lru;
  gsize                 tile_bytes;
} RenderCache;

/* Bounded, least recently used out first: a long pan over a huge design must not grow the
 * caches forever, nor empty them all at once (a frame that frees thousands of entries). */
#define MAX_CACHED_LAYOUTS 4096
#define MAX_CACHED_CARDS   256
#define MAX_TILE_BYTES     (48u << 20)
#define MAX_CACHED_PILLS   2048
#define MAX_GROUP_TILE_BYTES (12u << 20)
#define MAX_GROUP_TILES    4096

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
  g_object_unref (cache->pango);
  g_free (cache);
}

static GPrivate render_cache_key = G_PRIVATE_INIT (render_cache_free);

static RenderCache *
get_render_cache (void)
{
  RenderCache *cache = g_private_get (&render_cache_key);

  if (cache == NULL)
    {
      cache = g_new0 (RenderCache, 1);
      cache->pango = topo_style_create_pango_context (NULL);
      for (guint f = 0; f < N_FONTS; f++)
        {
          cache->fonts[f] = pango_font_description_from_string (TOPO_FONT_FAMILY);
          pango_font_description_set_absolute_size (cache->fonts[f], font_specs[f].size * PANGO_SCALE);
          pango_font_description_set_weight (cache->fonts[f], font_specs[f].weight);
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
      g_private_set (&render_cache_key, cache);
    }
  return cache;
}

/* ---------------------------------------------------------------------------------------------- */

void
topo_render_options_init (TopoRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->theme = TOPO_THEME_LIGHT;
  options->scale = 1.0;
}

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Rounded top corners, square bottom (the RG title band). */
static void
top_rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w / 2, h));
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y + h);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_line_to (cr, x + w, y + h);
  cairo_close_path (cr);
}

/* Rounded bottom corners, square top (the foot of an RG body). */
static void
bottom_rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w / 2, h));
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + w, y);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_close_path (cr);
}

/* y moved to the nearest device pixel row (cr maps design units to the device without
 * rotation), so two fills that meet there leave no antialiased seam. */
static double
snap_y (cairo_t *cr,
        double   y)
{
  double x = 0;

  cairo_user_to_device (cr, &x, &y);
  y = round (y);
  cairo_device_to_user (cr, &x, &y);
  return y;
}

/* The top h units of a rounded rectangle of corner radius r (h < r): the RG's colour stripe,
 * without a clip (a clip off the pixel grid makes cairo composite through a mask). */
static void
top_stripe (cairo_t *cr, double x, double y, double w, double h, double r)
{
  double a;

  r = MIN (r, w / 2);
  if (h >= r)
    {
      top_rounded_rect (cr, x, y, w, h, r);
      return;
    }
  a = asin ((r - h) / r);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + r, y + r, r, G_PI + a, 3 * G_PI / 2);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, -a);
  cairo_close_path (cr);
}

static gboolean
is_selected (const Render *r,
             const char   *id)
{
  return r->options->selected != NULL && id != NULL &&
         g_hash_table_contains (r->options->selected, id);
}

static gboolean
is_hovered (const Render *r,
            const char   *id)
{
  return r->options->hovered != NULL && id != NULL && g_str_equal (r->options->hovered, id);
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
static void
show_cached_layout (RenderCache  *cache,
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

/* Lays text out (or finds it laid out) and makes it r->layout_entry. width <= 0: no limit.
 * Returns the logical size. */
static void
layout_text (Render     *r,
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

static void blit_bitmap (Render *r, cairo_surface_t *bitmap, double x, double y, int off_x, int off_y);
static void target_pixel (Render *r, double *x, double *y);
static void make_spans (cairo_surface_t *bitmap, gboolean opaque);
static const cairo_user_data_key_t seen_key;
static const cairo_user_data_key_t spans_key;
static const cairo_user_data_key_t pixels_key;   /* the memory of a surface made for its data */

static gboolean
same_color (TopoColor a,
            TopoColor b)
{
  return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void
show_layout (Render   *r,
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
      show_cached_layout (r->cache, r->cr, cl, FALSE);
      return;
    }

  for (guint i = 0; i < N_TEXT_BITMAPS; i++)
    if (cl->bitmaps[i].surface != NULL && cl->bitmaps[i].scale == r->device_scale &&
        same_color (cl->bitmaps[i].color, color))
      tb = &cl->bitmaps[i];

  if (tb == NULL && !cl->shown)
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
      dx = (round (dx * ds + ox) - ox) / ds;
      dy = (round (dy * ds + oy) - oy) / ds;
      cairo_device_to_user (r->cr, &dx, &dy);
      topo_color_set_source (r->cr, color, 1.0);
      cairo_move_to (r->cr, dx, dy);
      show_cached_layout (r->cache, r->cr, cl, TRUE);
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
      show_cached_layout (r->cache, cr, cl, TRUE);
      cairo_destroy (cr);
    }

  /* Whole device pixels, as the image backend places glyphs anyway. */
  blit_bitmap (r, tb->surface, x, y, tb->x0, tb->y0);
}

static double
draw_text (Render     *r,
           const char *text,
           FontId      font,
           double      x,
           double      y,
           double      width,
           TopoColor   color)
{
  double h;

  layout_text (r, text, font, width, 1, NULL, &h);
  show_layout (r, x, y, color);
  return h;
}

/* A colour as 8-bit RGB, for cache keys. */
static guint32
color_u32 (TopoColor c)
{
  return ((guint32) round (CLAMP (c.r, 0, 1) * 255) << 16) |
         ((guint32) round (CLAMP (c.g, 0, 1) * 255) << 8) | (guint32) round (CLAMP (c.b, 0, 1) * 255);
}

/* On the canvas a pill is a copy of a bitmap made once per text, colours, zoom and eighth-pixel
 * phase: the dozens of R/W and environment pills of a frame cost a fill, a stroke and a text
 * each otherwise. The bitmap is drawn as draw_pill draws on the target, with the pill's corner
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

  target_pixel (r, &fx, &fy);
  ix = (int) floor (fx);
  iy = (int) floor (fy);
  qx = round ((fx - ix) * 8) / 8;
  qy = round ((fy - iy) * 8) / 8;
  /* The text's origin on the whole pixel show_layout puts it at on the target. */
  tx = (int) round (fx + (pw - w) / 2 * s) - ix + margin;
  ty = (int) round (fy + (ph - h) / 2 * s) - iy + margin;
  key = g_strdup_printf ("%s|%08x%08x%08x%d%08x|%.6f|%g|%g|%d|%d", text, color_u32 (fill),
                         color_u32 (border), color_u32 (text_color), has_border,
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
      rounded_rect (cr, 0, 0, pw, ph, ph / 2);
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
      show_cached_layout (r->cache, cr, r->layout_entry, TRUE);
      cairo_destroy (cr);
      if (g_hash_table_size (r->cache->pills) >= MAX_CACHED_PILLS)
        g_hash_table_remove_all (r->cache->pills);
      g_hash_table_insert (r->cache->pills, key, bitmap);
    }
  else
    g_free (key);
  /* Pixel (0, 0) of the bitmap at (ix - margin, iy - margin). */
  blit_bitmap (r, bitmap, x, y, ix - margin - (int) round (fx), iy - margin - (int) round (fy));
}

/* A rounded label; (cx, cy) is its centre. Returns its width. */
static double
draw_pill (Render     *r,
           const char *text,
           double      cx,
           double      cy,
           TopoColor   fill,
           TopoColor   border,
           gboolean    has_border,
           TopoColor   text_color)
{
  double w, h, pw, ph = 17.0;

  layout_text (r, text, FONT_PILL, -1, 1, &w, &h);
  pw = MAX (ph, w + 12.0);
  if (r->canvas && r->device_scale > 0)
    {
      draw_pill_bitmap (r, text, cx - pw / 2, cy - ph / 2, pw, ph, w, h, fill, border, has_border,
                        text_color);
      return pw;
    }
  rounded_rect (r->cr, cx - pw / 2, cy - ph / 2, pw, ph, ph / 2);
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
  show_layout (r, cx - w / 2, cy - h / 2, text_color);
  return pw;
}

/* Geometry of title and legend ------------------------------------------------------------------ */

typedef struct
{
  TopoRect title;        /* zero size when not shown */
  TopoRect legend;
  guint    kind_cols;
  guint    link_cols;
  guint    n_link_items; /* 4 link types, + 2 badge samples when diagnostics are shown */
} ExportGeometry;

static void
export_geometry (TopoDocument            *doc,
                 const TopoRenderOptions *options,
                 ExportGeometry          *g)
{
  TopoRect extent = topo_layout_get_extent (doc);
  double width;
  guint kind_rows, link_rows;

  memset (g, 0, sizeof *g);
  g->n_link_items = TOPO_N_LINK_TYPES + (options->badges != NULL ? 2 : 0);
  width = MAX (extent.w, LEGEND_LINK_CELL * 3 + 2 * LEGEND_PAD);

  if (options->show_title)
    g->title = (TopoRect) { extent.x, extent.y - TITLE_HEIGHT, width, TITLE_HEIGHT - 8 };
  if (options->show_legend)
    {
      g->kind_cols = MAX (1, (guint) ((width - 2 * LEGEND_PAD) / LEGEND_KIND_CELL));
      g->kind_cols = MIN (g->kind_cols, TOPO_N_KINDS);
      g->link_cols = MAX (1, (guint) ((width - 2 * LEGEND_PAD) / LEGEND_LINK_CELL));
      g->link_cols = MIN (g->link_cols, g->n_link_items);
      kind_rows = (TOPO_N_KINDS + g->kind_cols - 1) / g->kind_cols;
      link_rows = (g->n_link_items + g->link_cols - 1) / g->link_cols;
      /* As wide as its widest row, not the whole design. */
      width = 2 * LEGEND_PAD + MAX (g->kind_cols * LEGEND_KIND_CELL, g->link_cols * LEGEND_LINK_CELL);
      g->legend = (TopoRect) { extent.x, extent.y + extent.h + LEGEND_GAP, width,
                               LEGEND_HEADING + (kind_rows + link_rows) * LEGEND_ROW + 8 + LEGEND_PAD };
    }
}

TopoRect
topo_render_export_bounds (TopoDocument            *doc,
                           const TopoRenderOptions *options)
{
  TopoRenderOptions defaults;
  ExportGeometry g;
  TopoRect extent, out;
  double x1, y1;

  static const TopoRect empty = { 0, 0, 0, 0 };

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), empty);

  if (options == NULL)
    {
      topo_render_options_init (&defaults);
      options = &defaults;
    }
  topo_layout_update (doc);
  extent = topo_layout_get_extent (doc);
  export_geometry (doc, options, &g);

  out.x = extent.x;
  out.y = g.title.h > 0 ? g.title.y : extent.y;
  x1 = extent.x + MAX (extent.w, MAX (g.title.w, g.legend.w));
  y1 = g.legend.h > 0 ? g.legend.y + g.legend.h : extent.y + extent.h;
  out.x -= EXPORT_MARGIN;
  out.y -= EXPORT_MARGIN;
  out.w = x1 - out.x + EXPORT_MARGIN;
  out.h = y1 - out.y + EXPORT_MARGIN;
  /* Whole design units: the exported image has an exact pixel size at scale 1. */
  out.x = floor (out.x);
  out.y = floor (out.y);
  out.w = ceil (out.w);
  out.h = ceil (out.h);
  return out;
}

/* Overdraw ------------------------------------------------------------------------------------------ */

typedef struct _PixBox
{
  int x0, y0, x1, y1;
} PixBox;

/* Target pixel of design point (x, y), unrounded. */
static void
target_pixel (Render *r,
              double *x,
              double *y)
{
  cairo_surface_t *target = cairo_get_target (r->cr);
  double ds, ds_y, ox, oy;

  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_user_to_device (r->cr, x, y);
  *x = *x * ds + ox;
  *y = *y * ds_y + oy;
}

/* The whole target pixels inside a design rectangle (FALSE: none). */
static gboolean
inner_pixels (Render  *r,
              double   x,
              double   y,
              double   w,
              double   h,
              PixBox  *box)
{
  double x0 = x, y0 = y, x1 = x + w, y1 = y + h;

  target_pixel (r, &x0, &y0);
  target_pixel (r, &x1, &y1);
  box->x0 = (int) ceil (x0 - 1e-7);
  box->y0 = (int) ceil (y0 - 1e-7);
  box->x1 = (int) floor (x1 + 1e-7);
  box->y1 = (int) floor (y1 + 1e-7);
  return box->x1 > box->x0 && box->y1 > box->y0;
}

/* Adds to the path, with the opposite winding, the parts of boxes inside outer (whole pixels of
 * the rectangle being filled): a winding fill then leaves exactly those pixels alone, and every
 * other pixel gets the coverage it had. Only for boxes a later opaque paint covers whole. */
static void
add_holes (Render       *r,
           const PixBox *outer,
           GArray       *boxes)
{
  cairo_t *cr = r->cr;
  cairo_surface_t *target;
  cairo_matrix_t m;
  double ds, ds_y, ox, oy;

  if (boxes == NULL || boxes->len == 0)
    return;
  target = cairo_get_target (cr);
  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_get_matrix (cr, &m);
  cairo_identity_matrix (cr);
  for (guint i = 0; i < boxes->len; i++)
    {
      const PixBox *b = &g_array_index (boxes, PixBox, i);
      int x0 = MAX (b->x0, outer->x0), y0 = MAX (b->y0, outer->y0);
      int x1 = MIN (b->x1, outer->x1), y1 = MIN (b->y1, outer->y1);

      if (x0 >= x1 || y0 >= y1)
        continue;
      cairo_move_to (cr, (x0 - ox) / ds, (y0 - oy) / ds_y);
      cairo_line_to (cr, (x0 - ox) / ds, (y1 - oy) / ds_y);
      cairo_line_to (cr, (x1 - ox) / ds, (y1 - oy) / ds_y);
      cairo_line_to (cr, (x1 - ox) / ds, (y0 - oy) / ds_y);
      cairo_close_path (cr);
    }
  cairo_set_matrix (cr, &m);
}

/* Lanes --------------------------------------------------------------------------------------------- */

static void
draw_lanes (Render *r)
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

        if (inner_pixels (r, header.x + header.w, b->y, b->w - header.w, b->h, &band))
          add_holes (r, &band, r->group_boxes);
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

      if (r->group_text && topo_rect_intersects (&header, &r->viewport))
        {
          const TopoRegion *region = topo_region_lookup (lane->region);
          const char *display = region != NULL ? region->display_name : lane->region;
          g_autofree char *detail = NULL;
          double h, y = b->y + 16;

          if (region != NULL)
            detail = g_strdup_printf ("%s · %s", region->geography, lane->region);
          else
            detail = g_strdup_printf (_("%s · unknown region"), lane->region);

          layout_text (r, display, FONT_LANE_NAME, header.w - 32, 2, NULL, &h);
          show_layout (r, header.x + 16, y, r->palette->lane_text);
          y += h + 2;
          layout_text (r, detail, FONT_LANE_DETAIL, header.w - 32, 2, NULL, &h);
          show_layout (r, header.x + 16, y, r->palette->lane_secondary_text);
          y += h;
          if (lane->implicit)
            draw_text (r, _("not in the lane list"), FONT_LANE_DETAIL, header.x + 16, y + 2,
                       header.w - 32, r->palette->lane_secondary_text);
        }
    }
}

/* Badges ---------------------------------------------------------------------------------------- */

/* Error and warning counts as small circles, right-aligned so the rightmost ends at right_x. */
static void
draw_badges (Render       *r,
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
          layout_text (r, label, FONT_BADGE, -1, 1, &tw, &th);
          w = MAX (w, tw + 8);
        }
      x -= w;
      /* A ring in the background colour lifts the badge off whatever it overlaps. */
      rounded_rect (r->cr, x - 1.5, cy - BADGE_RADIUS - 1.5, w + 3, 2 * BADGE_RADIUS + 3,
                    BADGE_RADIUS + 1.5);
      topo_color_set_source (r->cr, r->palette->card_fill, 1.0);
      cairo_fill (r->cr);
      rounded_rect (r->cr, x, cy - BADGE_RADIUS, w, 2 * BADGE_RADIUS, BADGE_RADIUS);
      topo_color_set_source (r->cr, items[i].fill, 1.0);
      cairo_fill (r->cr);
      if (r->text)
        show_layout (r, x + (w - tw) / 2, cy - th / 2, items[i].text);
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

  top_rounded_rect (cr, b->x, b->y, b->w, band, GROUP_RADIUS);
  topo_color_set_source (cr, header_fill, 1.0);
  cairo_fill (cr);
  top_stripe (cr, b->x, b->y, b->w, 4, GROUP_RADIUS);
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

      layout_text (r, rg->environment, FONT_PILL, -1, 1, &w, &h);
      pw = MAX (17.0, w + 14.0);
      if (pw < b->w / 2)
        {
          draw_pill (r, rg->environment, b->x + b->w - 12 - pw / 2, b->y + 4 + (band - 4) / 2,
                     env_fill, env_fill, FALSE, env_text);
          name_right -= pw + 8;
        }
    }
  if (r->small_text)
    {
      g_autofree char *detail = group_detail (rg);

      draw_text (r, topo_resource_get_name (rg), FONT_GROUP_NAME, b->x + 12, b->y + 7,
                 name_right - (b->x + 12), r->palette->group_text);
      draw_text (r, detail, FONT_GROUP_DETAIL, b->x + 12, b->y + 25, name_right - (b->x + 12),
                 r->palette->group_secondary_text);
    }
  else
    {
      double nh;

      layout_text (r, topo_resource_get_name (rg), FONT_GROUP_NAME, name_right - (b->x + 12), 1,
                   NULL, &nh);
      show_layout (r, b->x + 12, b->y + 4 + (band - 4 - nh) / 2, r->palette->group_text);
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
  target_pixel (r, &fx, &fy);
  target_pixel (r, &fb_x, &fb);
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
                         detail ? detail : "", color_u32 (env_fill), color_u32 (env_text),
                         color_u32 (header_fill), color_u32 (border), b->x, b->y, b->w, b->h, s,
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
          cairo_surface_set_user_data (tile->surface, &spans_key, NULL, NULL);
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
      make_spans (tile->surface, all_alpha >> 24 == 255);
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

  blit_bitmap (r, tile->surface, b->x, b->y, px0 - (int) round (fx), py0 - (int) round (fy));
  /* Design y of the first target row below the tile. */
  cairo_surface_get_device_offset (target, &ox, &oy);
  fb = iy + rows - oy;
  x_end = 0;
  cairo_device_to_user (r->cr, &x_end, &fb);
  return fb;
}

static void
draw_group (Render             *r,
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
    double split = snap_y (cr, b->y + b->h - GROUP_RADIUS);
    double top = snap_y (cr, b->y + GROUP_RADIUS);
    double rr = GROUP_RADIUS;

    topo_color_set_source (cr, r->palette->group_fill, 1.0);
    cairo_rectangle (cr, b->x, top, b->w, split - top);
    {
      PixBox body;

      if (inner_pixels (r, b->x, top, b->w, split - top, &body))
        add_holes (r, &body, r->card_boxes);
    }
    cairo_fill (cr);
    bottom_rounded_rect (cr, b->x, split, b->w, b->y + b->h - split, rr);
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
      if (res->max_nodes >= 0)
        return g_strdup_printf (_("%s · %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " nodes"), type,
                                MAX (res->min_nodes, 0), res->max_nodes);
      break;
    case TOPO_KIND_AKS:
      if (res->node_count >= 0)
        return g_strdup_printf (_("%s · %" G_GINT64_FORMAT " nodes"), type, res->node_count);
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
      rounded_rect (cr, b->x, b->y + 1.5, b->w, b->h, CARD_RADIUS);
      cairo_set_source_rgba (cr, 0, 0, 0, theme == TOPO_THEME_DARK ? 0.35 : 0.10);
      cairo_fill (cr);
    }
  rounded_rect (cr, b->x + 0.5, b->y + 0.5, b->w - 1, b->h - 1, CARD_RADIUS);
  topo_color_set_source (cr, palette->card_fill, 1.0);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, palette->card_border, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  if (details)
    topo_render_glyph (cr, kind, b->x + 9, gy, GLYPH_SIZE, theme);
  else
    {
      rounded_rect (cr, b->x + 9, gy, GLYPH_SIZE, GLYPH_SIZE, 6);
      topo_color_set_source (cr, palette->kind_stroke[kind], 1.0);
      cairo_fill (cr);
    }
}

/* Device pixels per design unit when cr draws into a bitmap without rotation or skew; 0
 * otherwise (vector surfaces keep vectors). */
static double
bitmap_scale (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  double ax = 1, ay = 0, bx = 0, by = 1;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return 0;
  double sx, sy;

  cairo_user_to_device_distance (cr, &ax, &ay);
  cairo_user_to_device_distance (cr, &bx, &by);
  cairo_surface_get_device_scale (target, &sx, &sy);
  if (fabs (ay) > 1e-9 || fabs (bx) > 1e-9 || fabs (ax - by) > 1e-9 || ax <= 0 ||
      fabs (sx - sy) > 1e-9 || sx <= 0)
    return 0;
  /* cairo's "device space" is before the surface's device scale (HiDPI): pixels need both. */
  return ax * sx;
}

/* Runs of each row of a bitmap: transparent pixels are skipped, opaque runs copied, the rest
 * blended. Computed once per bitmap (kept as its user data). */
typedef struct
{
  guint16 x0, x1;
  gboolean opaque;
} Span;

typedef struct
{
  guint *row_start;      /* height + 1 offsets into spans */
  Span  *spans;
} BitmapSpans;

static const cairo_user_data_key_t spans_key;
static const cairo_user_data_key_t seen_key;

static void
bitmap_spans_free (gpointer data)
{
  BitmapSpans *bs = data;

  g_free (bs->row_start);
  g_free (bs->spans);
  g_free (bs);
}

static BitmapSpans *
bitmap_spans (cairo_surface_t *bitmap)
{
  BitmapSpans *bs = cairo_surface_get_user_data (bitmap, &spans_key);
  int w, h, stride;
  const guint8 *data;
  GArray *spans;

  if (bs != NULL)
    return bs;

  cairo_surface_flush (bitmap);
  w = cairo_image_surface_get_width (bitmap);
  h = cairo_image_surface_get_height (bitmap);
  stride = cairo_image_surface_get_stride (bitmap);
  data = cairo_image_surface_get_data (bitmap);
  spans = g_array_new (FALSE, FALSE, sizeof (Span));
  bs = g_new0 (BitmapSpans, 1);
  bs->row_start = g_new (guint, h + 1);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      bs->row_start[y] = spans->len;
      for (int x = 0; x < w;)
        {
          guint a = row[x] >> 24;
          int x1 = x + 1;

          if (row[x] == 0)
            {
              x++;
              continue;
            }
          if (a == 255)
            while (x1 < w && row[x1] >> 24 == 255)
              x1++;
          else
            while (x1 < w && row[x1] != 0 && row[x1] >> 24 != 255)
              x1++;
          g_array_append_val (spans, ((Span) { x, x1, a == 255 }));
          x = x1;
        }
    }
  bs->row_start[h] = spans->len;
  bs->spans = (Span *) (gpointer) g_array_free (spans, FALSE);
  cairo_surface_set_user_data (bitmap, &spans_key, bs, bitmap_spans_free);
  return bs;
}

/* The run list of a bitmap made now; opaque: every pixel is, one run per row. */
static void
make_spans (cairo_surface_t *bitmap,
            gboolean         opaque)
{
  int w, h;
  BitmapSpans *bs;

  if (!opaque)
    {
      bitmap_spans (bitmap);
      return;
    }
  w = cairo_image_surface_get_width (bitmap);
  h = cairo_image_surface_get_height (bitmap);
  bs = g_new0 (BitmapSpans, 1);
  bs->row_start = g_new (guint, h + 1);
  bs->spans = g_new (Span, MAX (h, 1));
  for (int y = 0; y < h; y++)
    {
      bs->row_start[y] = y;
      bs->spans[y] = (Span) { 0, w, TRUE };
    }
  bs->row_start[h] = h;
  cairo_surface_set_user_data (bitmap, &spans_key, bs, bitmap_spans_free);
}

/* s OVER d for premultiplied ARGB, exactly as pixman computes it (each channel d * (255 - sa)
 * / 255 rounded, plus s), two channels per 32-bit multiply; premultiplied s cannot overflow. */
static inline guint32
over_pixel (guint32 s,
            guint32 d)
{
  guint32 ia = 255 - (s >> 24);
  guint32 rb = (d & 0x00ff00ff) * ia + 0x00800080;
  guint32 ag = ((d >> 8) & 0x00ff00ff) * ia + 0x00800080;

  rb = (((rb >> 8) & 0x00ff00ff) + rb) >> 8 & 0x00ff00ff;
  ag = (((ag >> 8) & 0x00ff00ff) + ag) & 0xff00ff00;
  return s + (rb | ag);
}

/* Composites bitmap OVER the target with its pixel (0, 0) at target pixel (px, py), inside the
 * clip: the same pixels cairo (pixman's OVER on premultiplied ARGB) makes, without a cairo paint
 * per bitmap; opaque runs are plain copies. */
static gboolean
fast_blit (Render          *r,
           cairo_surface_t *bitmap,
           int              px,
           int              py)
{
  BitmapSpans *bs = cairo_surface_get_user_data (bitmap, &spans_key);
  int w = cairo_image_surface_get_width (bitmap);
  int h = cairo_image_surface_get_height (bitmap);
  int src_stride = cairo_image_surface_get_stride (bitmap);
  const guint8 *src = cairo_image_surface_get_data (bitmap);
  int y0 = MAX (py, r->clip_y0), y1 = MIN (py + h, r->clip_y1);
  int cx0 = MAX (px, r->clip_x0) - px, cx1 = MIN (px + w, r->clip_x1) - px;

  if (bs == NULL && cairo_surface_get_user_data (bitmap, &seen_key) == NULL)
    {
      /* First copy (a new card coming into view): pixman's paint; bitmaps that come back get a
       * run list. */
      cairo_surface_set_user_data (bitmap, &seen_key, GINT_TO_POINTER (1), NULL);
      return FALSE;
    }
  if (bs == NULL)
    bs = bitmap_spans (bitmap);

  for (int y = y0; y < y1; y++)
    {
      int sy = y - py;
      const guint32 *srow = (const guint32 *) (src + (gsize) sy * src_stride);
      guint32 *drow = (guint32 *) (r->fast_data + (gsize) y * r->fast_stride) + px;

      for (guint k = bs->row_start[sy]; k < bs->row_start[sy + 1]; k++)
        {
          int a = MAX ((int) bs->spans[k].x0, cx0), b = MIN ((int) bs->spans[k].x1, cx1);

          if (a >= b)
            continue;
          if (bs->spans[k].opaque)
            memcpy (drow + a, srow + a, (gsize) (b - a) * 4);
          else
            for (int x = a; x < b; x++)
              drow[x] = over_pixel (srow[x], drow[x]);
        }
    }
  return TRUE;
}

/* Sets r->fast when bitmaps can be copied straight into the target's pixels: an ARGB32 image
 * drawn directly (no group), operator OVER, clipped to one rectangle on whole pixels. */
static void
setup_fast_blit (Render *r)
{
  cairo_t *cr = r->cr;
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_rectangle_list_t *list;
  double ds, ds_y, ox, oy;

  r->fast = FALSE;
  if (r->device_scale <= 0 || cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32 ||
      cairo_get_group_target (cr) != target || cairo_get_operator (cr) != CAIRO_OPERATOR_OVER ||
      cairo_surface_status (target) != CAIRO_STATUS_SUCCESS)
    return;

  list = cairo_copy_clip_rectangle_list (cr);
  if (list->status == CAIRO_STATUS_SUCCESS && list->num_rectangles == 1)
    {
      const cairo_rectangle_t *rect = &list->rectangles[0];
      double x0 = rect->x, y0 = rect->y, x1 = rect->x + rect->width, y1 = rect->y + rect->height;

      cairo_surface_get_device_scale (target, &ds, &ds_y);
      cairo_surface_get_device_offset (target, &ox, &oy);
      cairo_user_to_device (cr, &x0, &y0);
      cairo_user_to_device (cr, &x1, &y1);
      x0 = x0 * ds + ox;
      x1 = x1 * ds + ox;
      y0 = y0 * ds_y + oy;
      y1 = y1 * ds_y + oy;
      if (fabs (x0 - round (x0)) < 1e-4 && fabs (x1 - round (x1)) < 1e-4 &&
          fabs (y0 - round (y0)) < 1e-4 && fabs (y1 - round (y1)) < 1e-4)
        {
          r->clip_x0 = MAX (0, (int) round (MIN (x0, x1)));
          r->clip_y0 = MAX (0, (int) round (MIN (y0, y1)));
          r->clip_x1 = MIN (cairo_image_surface_get_width (target), (int) round (MAX (x0, x1)));
          r->clip_y1 = MIN (cairo_image_surface_get_height (target), (int) round (MAX (y0, y1)));
          cairo_surface_flush (target);
          r->fast_data = cairo_image_surface_get_data (target);
          r->fast_stride = cairo_image_surface_get_stride (target);
          r->fast = r->fast_data != NULL;
        }
    }
  cairo_rectangle_list_destroy (list);
}

/* Copies bitmap (made at r->device_scale pixels per design unit) so that its pixel (0, 0) lands
 * off_x, off_y pixels from the pixel nearest to design point (x, y): whole pixels, a plain copy,
 * and the same pixels wherever the viewport starts. */
static void
blit_bitmap (Render          *r,
             cairo_surface_t *bitmap,
             double           x,
             double           y,
             int              off_x,
             int              off_y)
{
  cairo_t *cr = r->cr;
  cairo_surface_t *target = cairo_get_target (cr);
  double ds, ds_y, ox, oy;

  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_user_to_device (cr, &x, &y);
  if (r->fast &&
      fast_blit (r, bitmap, (int) round (x * ds + ox) + off_x, (int) round (y * ds + oy) + off_y))
    return;
  x = (round (x * ds + ox) + off_x - ox) / ds;
  y = (round (y * ds + oy) + off_y - oy) / ds;
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_surface_set_device_scale (bitmap, ds, ds);
  cairo_set_source_surface (cr, bitmap, x, y);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
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

/* The whole device pixel design point (x, y) snaps to, as blit_bitmap and show_layout place
 * bitmaps and text. */
static void
device_pixel (Render *r,
              double  x,
              double  y,
              int    *px,
              int    *py)
{
  cairo_surface_t *target = cairo_get_target (r->cr);
  double ds, ds_y, ox, oy;

  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_user_to_device (r->cr, &x, &y);
  *px = (int) round (x * ds + ox);
  *py = (int) round (y * ds + oy);
}

/* Where the card's texts go and what they say; name_h is the name's line height. */
typedef struct
{
  const char *name;
  const char *detail;        /* NULL: no second line */
  double      tx, name_y, detail_y;
} CardText;

static void
card_text (Render             *r,
           const TopoResource *res,
           char              **detail_out,
           CardText           *ct)
{
  const TopoRect *b = &res->bounds;
  double tw, nh;

  ct->tx = b->x + 9 + GLYPH_SIZE + 9;
  tw = b->x + b->w - 8 - ct->tx;
  ct->name = topo_resource_get_name (res);
  ct->detail = NULL;
  *detail_out = NULL;
  /* Alone (zoomed out), the name sits in the middle of the card. */
  layout_text (r, ct->name, FONT_CARD_NAME, tw, 1, NULL, &nh);
  ct->name_y = r->small_text ? b->y + 10 : b->y + (b->h - nh) / 2;
  ct->detail_y = b->y + 29;
  if (r->small_text)
    {
      char *detail = card_detail (res);

      /* The type always shows in full; its detail only when it fits. */
      layout_text (r, detail, FONT_CARD_TYPE, tw, 1, NULL, NULL);
      if (r->layout_entry->ellipsized)
        {
          g_free (detail);
          detail = g_strdup (topo_kind_display_name (res->kind));
        }
      ct->detail = *detail_out = detail;
    }
}

static cairo_surface_t *card_bitmap (Render *r, TopoKind kind);

static void
show_card_text (Render             *r,
                const TopoResource *res,
                const CardText     *ct)
{
  const TopoRect *b = &res->bounds;
  double tw = b->x + b->w - 8 - ct->tx;

  layout_text (r, ct->name, FONT_CARD_NAME, tw, 1, NULL, NULL);
  show_layout (r, ct->tx, ct->name_y, r->palette->card_text);
  if (ct->detail != NULL)
    {
      layout_text (r, ct->detail, FONT_CARD_TYPE, tw, 1, NULL, NULL);
      show_layout (r, ct->tx, ct->detail_y, r->palette->card_secondary_text);
    }
}


typedef struct _PixBox PixBox;
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
  double tw = b->x + b->w - 8 - ct->tx, ds, ds_y, ox, oy;
  int stride = cairo_image_surface_get_stride (tile);
  guint8 *dst;

  if (!card_fits_target (r, res, ct, body, cx, cy, nx, ny, dx, dy))
    return FALSE;

  blit_bitmap (r, body, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, 0, 0);
  /* The texts at the whole target pixels the tile keeps them at. */
  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  for (int t = 0; t < (ct->detail != NULL ? 2 : 1); t++)
    {
      double x = ((t == 0 ? nx : dx) + cx - ox) / ds, y = ((t == 0 ? ny : dy) + cy - oy) / ds_y;

      layout_text (r, t == 0 ? ct->name : ct->detail, t == 0 ? FONT_CARD_NAME : FONT_CARD_TYPE,
                   tw, 1, NULL, NULL);
      cairo_device_to_user (r->cr, &x, &y);
      topo_color_set_source (r->cr, t == 0 ? r->palette->card_text : r->palette->card_secondary_text,
                             1.0);
      cairo_move_to (r->cr, x, y);
      show_cached_layout (r->cache, r->cr, r->layout_entry, TRUE);
    }
  cairo_new_path (r->cr);

  cairo_surface_flush (target);
  dst = cairo_image_surface_get_data (tile);
  for (int y = core->y0; y < core->y1; y++)
    memcpy (dst + (gsize) y * stride + (gsize) core->x0 * 4,
            r->fast_data + (gsize) (cy + y) * r->fast_stride + (gsize) (cx + core->x0) * 4,
            (gsize) (core->x1 - core->x0) * 4);
  /* The body is in the target already: the tile's first copy is the next frame's. */
  cairo_surface_set_user_data (tile, &seen_key, GINT_TO_POINTER (1), NULL);
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
  double tw = b->x + b->w - 8 - ct->tx, s = r->device_scale;
  PangoRectangle ink;

  layout_text (r, name ? ct->name : ct->detail, name ? FONT_CARD_NAME : FONT_CARD_TYPE, tw, 1,
               NULL, NULL);
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
  device_pixel (r, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, &cx, &cy);
  device_pixel (r, ct.tx, ct.name_y, &nx, &ny);
  if (ct.detail != NULL)
    device_pixel (r, ct.tx, ct.detail_y, &dx, &dy);
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
          blit_bitmap (r, body, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, 0, 0);
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
          cairo_surface_set_user_data (tile->surface, &spans_key, NULL, NULL);
          cairo_surface_set_user_data (tile->surface, &seen_key, NULL, NULL);
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
          double tw = b->x + b->w - 8 - ct.tx;

          layout_text (r, ct.name, FONT_CARD_NAME, tw, 1, NULL, NULL);
          cairo_identity_matrix (tcr);
          cairo_translate (tcr, nx, ny);
          cairo_scale (tcr, s, s);
          topo_color_set_source (tcr, r->palette->card_text, 1.0);
          cairo_move_to (tcr, 0, 0);
          show_cached_layout (cache, tcr, r->layout_entry, TRUE);
          if (ct.detail != NULL)
            {
              layout_text (r, ct.detail, FONT_CARD_TYPE, tw, 1, NULL, NULL);
              cairo_identity_matrix (tcr);
              cairo_translate (tcr, dx, dy);
              cairo_scale (tcr, s, s);
              topo_color_set_source (tcr, r->palette->card_secondary_text, 1.0);
              cairo_move_to (tcr, 0, 0);
              show_cached_layout (cache, tcr, r->layout_entry, TRUE);
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

  blit_bitmap (r, tile->surface, b->x - CARD_BITMAP_MARGIN, b->y - CARD_BITMAP_MARGIN, 0, 0);
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
static void
collect_overdraw_boxes (Render       *r,
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
          /* The body rectangle of draw_group. */
          double top = snap_y (r->cr, b->y + GROUP_RADIUS);
          double split = snap_y (r->cr, b->y + b->h - GROUP_RADIUS);

          if (inner_pixels (r, b->x, top, b->w, split - top, &box))
            g_array_append_val (r->group_boxes, box);
        }
      else if (card_is_bitmap (r, res))
        {
          const PixBox *core = card_bitmap_core (card_bitmap (r, res->kind));
          double x = b->x - CARD_BITMAP_MARGIN, y = b->y - CARD_BITMAP_MARGIN;
          int px, py;

          if (core->x1 <= core->x0)
            continue;
          /* Where blit_bitmap puts the tile. */
          target_pixel (r, &x, &y);
          px = (int) round (x);
          py = (int) round (y);
          box = (PixBox) { px + core->x0, py + core->y0, px + core->x1, py + core->y1 };
          g_array_append_val (r->card_boxes, box);
        }
    }
}

static void
draw_card (Render             *r,
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
      blit_bitmap (r, card_bitmap (r, res->kind), b->x - CARD_BITMAP_MARGIN,
                   b->y - CARD_BITMAP_MARGIN, 0, 0);
    }
  else
    draw_card_body (cr, r->palette, r->options->theme, res->kind, b, r->details);

  if (r->text)
    {
      double tx = b->x + 9 + GLYPH_SIZE + 9;
      double tw = b->x + b->w - 8 - tx;

      double nh;

      /* Alone (zoomed out), the name sits in the middle of the card. */
      layout_text (r, topo_resource_get_name (res), FONT_CARD_NAME, tw, 1, NULL, &nh);
      show_layout (r, tx, r->small_text ? b->y + 10 : b->y + (b->h - nh) / 2, r->palette->card_text);
      if (r->small_text)
        {
          g_autofree char *detail = card_detail (res);

          /* The type always shows in full; its detail only when it fits. */
          layout_text (r, detail, FONT_CARD_TYPE, tw, 1, NULL, NULL);
          if (r->layout_entry->ellipsized)
            layout_text (r, topo_kind_display_name (res->kind), FONT_CARD_TYPE, tw, 1, NULL, NULL);
          show_layout (r, tx, b->y + 29, r->palette->card_secondary_text);
        }
    }
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
static void
draw_groups_overview (Render       *r,
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
static void
draw_cards_overview (Render       *r,
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

static void
draw_focus_ring (Render         *r,
                 const TopoRect *b,
                 double          radius,
                 gboolean        selected)
{
  double inset = selected ? -3.0 : -2.0;

  rounded_rect (r->cr, b->x + inset, b->y + inset, b->w - 2 * inset, b->h - 2 * inset,
                radius - inset);
  topo_color_set_source (r->cr, selected ? r->palette->selection : r->palette->hover, 1.0);
  cairo_set_line_width (r->cr, MAX (selected ? 2.5 : 1.5, 1.0 / r->scale));
  cairo_stroke (r->cr);
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

static void
draw_link (Render              *r,
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

  if (key != NULL && (is_selected (r, key) || is_hovered (r, key)))
    {
      /* A halo under the line. */
      link_path (cr, rt, 0, sharp);
      topo_color_set_source (cr, is_selected (r, key) ? r->palette->selection : r->palette->hover, 0.45);
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
                 const TopoLinkRoute *rt)
{
  double mx = rt->label_x, my = rt->label_y;

  /* A short link would vanish under its pill: set the pill beside it. */
  if (rt->curve && hypot (rt->x[3] - rt->x[0], rt->y[3] - rt->y[0]) < 40)
    {
      if (fabs (rt->x[3] - rt->x[0]) < fabs (rt->y[3] - rt->y[0]))
        mx += 15;
      else
        my -= 13;
    }
  TopoColor color = r->palette->link[link->type];

  if (link->type == TOPO_LINK_DATASTORE)
    {
      if (topo_link_access (link) == TOPO_ACCESS_WRITE)
        draw_pill (r, "W", mx, my, r->palette->write_fill, r->palette->write_fill, FALSE,
                   r->palette->write_text);
      else
        draw_pill (r, "R", mx, my, r->palette->pill_fill, color, TRUE, color);
    }
  else if (link->type == TOPO_LINK_PROMOTION)
    {
      const TopoResource *from = topo_document_lookup (r->doc, link->from);
      const TopoResource *to = topo_document_lookup (r->doc, link->to);
      const TopoResource *gf = from != NULL ? topo_document_get_group_of (r->doc, from) : NULL;
      const TopoResource *gt = to != NULL ? topo_document_get_group_of (r->doc, to) : NULL;
      const char *ef = gf != NULL && gf->environment != NULL ? gf->environment : "?";
      const char *et = gt != NULL && gt->environment != NULL ? gt->environment : "?";
      g_autofree char *label = g_strdup_printf ("%s → %s", ef, et);

      draw_pill (r, label, mx, my, r->palette->pill_fill, color, TRUE, r->palette->pill_text);
    }
}

/* Title and legend --------------------------------------------------------------------------------- */

static void
draw_title (Render               *r,
            const ExportGeometry *g)
{
  const char *name = topo_document_get_name (r->doc);
  guint n = topo_document_get_n_resources (r->doc), n_groups = 0;
  g_autofree char *subtitle = NULL;
  double h;

  if (g->title.h <= 0 || !topo_rect_intersects (&g->title, &r->viewport) || !r->text)
    return;

  for (guint i = 0; i < n; i++)
    if (topo_document_get_resource (r->doc, i)->kind == TOPO_KIND_RESOURCE_GROUP)
      n_groups++;
  {
    guint n_lanes = topo_layout_get_n_lanes (r->doc), n_links = topo_document_get_n_links (r->doc);
    g_autofree char *a = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u region", "%u regions", n_lanes), n_lanes);
    g_autofree char *b = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u resource group", "%u resource groups", n_groups), n_groups);
    g_autofree char *c = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u resource", "%u resources", n - n_groups), n - n_groups);
    g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", n_links), n_links);

    subtitle = g_strdup_printf ("%s · %s · %s · %s", a, b, c, d);
  }

  h = draw_text (r, name != NULL && *name != '\0' ? name : _("Untitled design"), FONT_TITLE,
                 g->title.x, g->title.y, g->title.w, r->palette->title_text);
  draw_text (r, subtitle, FONT_SUBTITLE, g->title.x, g->title.y + h + 2, g->title.w,
             r->palette->legend_text);
}

static void
legend_link_sample (Render       *r,
                    TopoLinkType  type,
                    double        x,
                    double        y)
{
  TopoLinkRoute rt = { .curve = TRUE, .n_points = 4,
                       .x = { x, x + 16, x + 32, x + 48 }, .y = { y, y, y, y } };
  TopoLink link = { .type = type, .access = TOPO_ACCESS_READ };

  draw_link (r, G_MAXUINT, &link, &rt);
  if (type == TOPO_LINK_DATASTORE)
    {
      draw_pill (r, "R", x + 20, y, r->palette->pill_fill, r->palette->link[type], TRUE,
                 r->palette->link[type]);
    }
}

static void
draw_legend (Render               *r,
             const ExportGeometry *g)
{
  const TopoRect *b = &g->legend;
  cairo_t *cr = r->cr;
  double y;

  if (b->h <= 0 || !topo_rect_intersects (b, &r->viewport))
    return;

  rounded_rect (cr, b->x + 0.5, b->y + 0.5, b->w - 1, b->h - 1, GROUP_RADIUS);
  topo_color_set_source (cr, r->palette->card_fill, 1.0);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, r->palette->card_border, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  if (!r->text)
    return;

  draw_text (r, _("Legend"), FONT_LEGEND_HEADING, b->x + LEGEND_PAD, b->y + 10, -1,
             r->palette->legend_text);
  y = b->y + LEGEND_HEADING;
  for (guint k = 0; k < TOPO_N_KINDS; k++)
    {
      double cx = b->x + LEGEND_PAD + (k % g->kind_cols) * LEGEND_KIND_CELL;
      double cy = y + (k / g->kind_cols) * LEGEND_ROW;
      double th;

      topo_render_glyph (cr, k, cx, cy, 22, r->options->theme);
      layout_text (r, topo_kind_display_name (k), FONT_LEGEND, LEGEND_KIND_CELL - 36, 1, NULL, &th);
      show_layout (r, cx + 30, cy + 11 - th / 2, r->palette->legend_text);
    }
  y += ((TOPO_N_KINDS + g->kind_cols - 1) / g->kind_cols) * LEGEND_ROW + 8;
  for (guint k = 0; k < g->n_link_items; k++)
    {
      double cx = b->x + LEGEND_PAD + (k % g->link_cols) * LEGEND_LINK_CELL;
      double cy = y + (k / g->link_cols) * LEGEND_ROW + 11;
      const char *label;
      double th, text_x = cx + 60;

      if (k < TOPO_N_LINK_TYPES)
        {
          legend_link_sample (r, k, cx, cy);
          label = topo_link_type_display_name (k);
        }
      else
        {
          gboolean error = k == TOPO_N_LINK_TYPES;
          TopoColor fill = error ? r->palette->error_fill : r->palette->warning_fill;
          TopoColor text = error ? r->palette->error_text : r->palette->warning_text;
          double tw, bh;

          rounded_rect (cr, cx + 15, cy - BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS, BADGE_RADIUS);
          topo_color_set_source (cr, fill, 1.0);
          cairo_fill (cr);
          layout_text (r, "2", FONT_BADGE, -1, 1, &tw, &bh);
          show_layout (r, cx + 15 + BADGE_RADIUS - tw / 2, cy - bh / 2, text);
          label = error ? _("Errors") : _("Warnings");
        }
      layout_text (r, label, FONT_LEGEND, LEGEND_LINK_CELL - 66, 1, NULL, &th);
      show_layout (r, text_x, cy - th / 2, r->palette->legend_text);
    }
}

/* Entry point ------------------------------------------------------------------------------------- */

void
topo_render_document (TopoDocument            *doc,
                      cairo_t                 *cr,
                      const TopoRect          *viewport,
                      const TopoRenderOptions *options)
{
  TopoRenderOptions defaults;
  g_autoptr(GArray) resources = NULL;
  g_autoptr(GArray) links = NULL;
  ExportGeometry geometry;
  TopoRect query;
  Render r = { 0 };

  g_return_if_fail (TOPO_IS_DOCUMENT (doc));
  g_return_if_fail (cr != NULL);

  if (options == NULL)
    {
      topo_render_options_init (&defaults);
      options = &defaults;
    }

  r.doc = doc;
  r.cr = cr;
  r.options = options;
  r.palette = topo_style_palette (options->theme);
  r.index = topo_spatial_index_get (doc);   /* updates the layout too */
  r.scale = options->scale > 0 ? options->scale : 1.0;
  /* Level of detail: no text below ~7 device px (unreadable, and the most expensive part), no
   * glyph strokes below ~9 px glyphs, plain batched rectangles when cards are a few pixels wide. */
  r.text = 12.0 * r.scale >= 7.0;
  r.group_text = font_specs[FONT_GROUP_NAME].size * r.scale >= 6.5;
  r.small_text = 11.0 * r.scale >= 8.0;
  r.details = GLYPH_SIZE * r.scale >= 9.0;
  r.overview = r.scale < 0.3;
  export_geometry (doc, options, &geometry);
  r.viewport = viewport != NULL ? *viewport : topo_render_export_bounds (doc, options);

  cairo_save (cr);
  cairo_rectangle (cr, r.viewport.x, r.viewport.y, r.viewport.w, r.viewport.h);
  cairo_clip (cr);
  /* The background only where no lane band will cover it: most frames are all lanes. */
  {
    guint n_lanes = topo_layout_get_n_lanes (doc);
    TopoRect extent = { 0, 0, 0, 0 };
    gboolean contiguous = n_lanes > 0;

    /* The lanes' union, when they tile it without gaps. */
    for (guint i = 0; i < n_lanes && contiguous; i++)
      {
        const TopoRect *lb = &topo_layout_get_lane (doc, i)->bounds;

        if (i == 0)
          extent = *lb;
        else if (fabs (lb->y - (extent.y + extent.h)) > 1e-6 || lb->x != extent.x || lb->w != extent.w)
          contiguous = FALSE;
        else
          extent.h += lb->h;
      }

    topo_color_set_source (cr, r.palette->background, 1.0);
    if (!contiguous)
      cairo_paint (cr);
    else if (!(r.viewport.x >= extent.x && r.viewport.y >= extent.y &&
               r.viewport.x + r.viewport.w <= extent.x + extent.w &&
               r.viewport.y + r.viewport.h <= extent.y + extent.h))
      {
        cairo_rectangle (cr, r.viewport.x, r.viewport.y, r.viewport.w, r.viewport.h);
        cairo_rectangle (cr, extent.x, extent.y, extent.w, extent.h);
        cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_fill (cr);
        cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      }
  }

  r.cache = get_render_cache ();
  r.device_scale = bitmap_scale (cr);
  r.canvas = viewport != NULL;
  setup_fast_blit (&r);

  query = (TopoRect) { r.viewport.x - CULL_MARGIN, r.viewport.y - CULL_MARGIN,
                       r.viewport.w + 2 * CULL_MARGIN, r.viewport.h + 2 * CULL_MARGIN };
  resources = g_array_new (FALSE, FALSE, sizeof (guint));
  links = g_array_new (FALSE, FALSE, sizeof (guint));
  topo_spatial_index_query (r.index, &query, resources, links);
  /* On the canvas only: exports keep the plain painter's order. */
  if (r.canvas && r.device_scale > 0 && !r.overview)
    collect_overdraw_boxes (&r, resources);

  draw_lanes (&r);

  if (r.overview)
    draw_groups_overview (&r, resources);
  else
    for (guint k = 0; k < resources->len; k++)
      {
        const TopoResource *res = topo_document_get_resource (doc, g_array_index (resources, guint, k));

        if (res->kind == TOPO_KIND_RESOURCE_GROUP)
          draw_group (&r, res);
      }

  if (r.overview)
    {
      /* One hairline stroke per link type, straight segments only: axis-aligned segments with
       * mitred joins take cairo's fast rectilinear path. */
      cairo_set_line_width (cr, 1.0 / r.scale);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      for (guint type = 0; type < TOPO_N_LINK_TYPES; type++)
        {
          for (guint k = 0; k < links->len; k++)
            {
              guint i = g_array_index (links, guint, k);
              const TopoLinkRoute *rt = topo_spatial_index_link_route (r.index, i);

              if (rt == NULL || topo_document_get_link (doc, i)->type != type)
                continue;
              cairo_move_to (cr, rt->x[0], rt->y[0]);
              if (rt->curve)
                cairo_line_to (cr, rt->x[3], rt->y[3]);
              else
                for (guint p = 1; p < rt->n_points; p++)
                  cairo_line_to (cr, rt->x[p], rt->y[p]);
            }
          topo_color_set_source (cr, r.palette->link[type], 1.0);
          cairo_stroke (cr);
        }
    }
  else
    for (guint k = 0; k < links->len; k++)
      {
        guint i = g_array_index (links, guint, k);
        const TopoLinkRoute *rt = topo_spatial_index_link_route (r.index, i);

        if (rt != NULL)
          draw_link (&r, i, topo_document_get_link (doc, i), rt);
      }

  if (r.overview)
    draw_cards_overview (&r, resources);
  else
    for (guint k = 0; k < resources->len; k++)
      {
        const TopoResource *res = topo_document_get_resource (doc, g_array_index (resources, guint, k));

        if (res->kind != TOPO_KIND_RESOURCE_GROUP)
          draw_card (&r, res);
      }

  if (r.text && r.details)
    for (guint k = 0; k < links->len; k++)
      {
        guint i = g_array_index (links, guint, k);
        const TopoLinkRoute *rt = topo_spatial_index_link_route (r.index, i);

        if (rt != NULL)
          draw_link_label (&r, topo_document_get_link (doc, i), rt);
      }

  /* Badges, selection and hover on top of everything. */
  for (guint k = 0; k < resources->len; k++)
    {
      const TopoResource *res = topo_document_get_resource (doc, g_array_index (resources, guint, k));
      const TopoRect *b = &res->bounds;
      gboolean group = res->kind == TOPO_KIND_RESOURCE_GROUP;

      if (is_selected (&r, res->id))
        draw_focus_ring (&r, b, group ? GROUP_RADIUS : CARD_RADIUS, TRUE);
      else if (is_hovered (&r, res->id))
        draw_focus_ring (&r, b, group ? GROUP_RADIUS : CARD_RADIUS, FALSE);
      if (r.details)
        draw_badges (&r, res->id, b->x + b->w + 4, b->y);
    }

  draw_title (&r, &geometry);
  draw_legend (&r, &geometry);

  cairo_restore (cr);
  if (r.fast)
    cairo_surface_mark_dirty (cairo_get_target (cr));
  g_clear_pointer (&r.group_boxes, g_array_unref);
  for (guint k = 0; k < TOPO_N_KINDS; k++)
    g_clear_pointer (&r.card_bitmaps[k], cairo_surface_destroy);
  g_clear_pointer (&r.card_boxes, g_array_unref);
}
