/* topo-renderer-private.h: what the renderer's files share — frame state, caches, helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "topo-layout.h"
#include "topo-regions.h"
#include "topo-renderer.h"
#include "topo-spatial-index.h"
#include "topo-style.h"

G_BEGIN_DECLS

#define EXPORT_MARGIN     32.0
#define TITLE_HEIGHT      64.0
#define LEGEND_GAP        28.0
#define LEGEND_HEADING    30.0
#define LEGEND_ROW        30.0
#define LEGEND_KIND_CELL  184.0
#define LEGEND_LINK_CELL  212.0
#define LEGEND_PAD        16.0
#define LEGEND_CAPACITY_ROW 24.0
#define CULL_MARGIN       TOPO_RENDER_ITEM_MARGIN
#define CARD_RADIUS        8.0
#define GROUP_RADIUS      10.0
#define GLYPH_SIZE        28.0
#define BADGE_RADIUS       9.0

typedef enum
{
  FONT_CARD_NAME,
  FONT_CARD_NAME_SMALL,   /* names too long for three lines of FONT_CARD_NAME */
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
  FONT_NOTE,
  FONT_NOTE_META,
  N_FONTS
} FontId;

typedef struct { double size; PangoWeight weight; } FontSpec;

extern const FontSpec _topo_font_specs[N_FONTS];   /* in topo-render-text.c */

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
  gboolean                 group_text;    /* RG names readable at their design size */
  gboolean                 lane_text;     /* lane names likewise; otherwise drawn as chips on top */
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
   * fills below them (see _topo_add_holes). */
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

/* One run of a single-line text shaped without a PangoLayout (see _topo_layout_text). */
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
  GHashTable           *pills;     /* text, colours, scale, phase → cairo_surface_t (_topo_draw_pill) */
  PangoAnalysis         ascii[N_FONTS];   /* remember_ascii_analysis; font NULL = none yet */
  GQueue                tile_lru;
  gsize                 tile_bytes;
  GHashTable           *notes;     /* note text → PangoLayout of its markup (topo-render-notes.c) */
} RenderCache;

/* Bounded, least recently used out first: a long pan over a huge design must not grow the
 * caches forever, nor empty them all at once (a frame that frees thousands of entries). */
#define MAX_CACHED_LAYOUTS 4096
#define MAX_CACHED_CARDS   256
#define MAX_TILE_BYTES     (48u << 20)
#define MAX_CACHED_PILLS   2048
#define MAX_GROUP_TILE_BYTES (12u << 20)
#define MAX_GROUP_TILES    4096

typedef struct _PixBox
{
  int x0, y0, x1, y1;
} PixBox;

/* topo-renderer.c */
void     _topo_rounded_rect        (cairo_t *cr, double x, double y, double w, double h, double r);
void     _topo_top_rounded_rect    (cairo_t *cr, double x, double y, double w, double h, double r);
void     _topo_bottom_rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r);
double   _topo_snap_y              (cairo_t *cr, double y);
void     _topo_top_stripe          (cairo_t *cr, double x, double y, double w, double h, double r);
gboolean _topo_is_selected         (const Render *r, const char *id);
gboolean _topo_is_hovered          (const Render *r, const char *id);

/* topo-render-text.c */
RenderCache *_topo_get_render_cache   (void);
void         _topo_show_cached_layout (RenderCache *cache, cairo_t *cr, CachedLayout *cl,
                                       gboolean bitmap);
void         _topo_layout_text        (Render *r, const char *text, FontId font, double width,
                                       int max_lines, double *out_w, double *out_h);
void         _topo_show_layout        (Render *r, double x, double y, TopoColor color);
double       _topo_draw_text          (Render *r, const char *text, FontId font, double x,
                                       double y, double width, TopoColor color);
/* Text drawn f times larger than its font (a minimum size on screen when zoomed out); width and
 * the sizes returned are design units of the enlarged text. */
void         _topo_show_scaled_text   (Render *r, const char *text, FontId font, double x, double y,
                                       double f, double width, int max_lines, TopoColor color,
                                       double *out_w, double *out_h);
void         _topo_measure_scaled_text (Render *r, const char *text, FontId font, double f,
                                        double width, double *out_w, double *out_h);

/* topo-render-links.c */
guint32 _topo_color_u32       (TopoColor c);
double  _topo_draw_pill       (Render *r, const char *text, double cx, double cy, TopoColor fill,
                               TopoColor border, gboolean has_border, TopoColor text_color);
void    _topo_draw_link       (Render *r, guint i, const TopoLink *link, const TopoLinkRoute *rt);
void    _topo_draw_link_label (Render *r, const TopoLink *link, const TopoLinkRoute *rt);
/* Zoomed out (no r->text): a card's name at TOPO_MIN_CARD_NAME_PX on screen while the card b has
 * room for it (live cards and the ghosts of removed ones). */
void    _topo_draw_min_size_card_name (Render *r, const TopoRect *b, const char *name, TopoColor color);
/* Where a note is drawn: its bounds, and zoomed out the chip with its first words, which may
 * reach past them (the change picture outlines this). */
void    _topo_note_drawn_rect (Render *r, const TopoNote *note, TopoRect *rect);
/* A change picture's pills that stay over a removed card's ghost (_topo_diff_place_pill), drawn
 * before the ghosts; _topo_draw_link_label leaves them out. */
void    _topo_draw_link_label_under_ghosts (Render *r, const TopoLink *link, const TopoLinkRoute *rt);

/* topo-render-blit.c */
void     _topo_target_pixel    (Render *r, double *x, double *y);
gboolean _topo_inner_pixels    (Render *r, double x, double y, double w, double h, PixBox *box);
void     _topo_add_holes       (Render *r, const PixBox *outer, GArray *boxes);
double   _topo_bitmap_scale    (cairo_t *cr);
void     _topo_make_spans      (cairo_surface_t *bitmap, gboolean opaque);
void     _topo_setup_fast_blit (Render *r);
void     _topo_blit_bitmap     (Render *r, cairo_surface_t *bitmap, double x, double y, int off_x,
                                int off_y);
void     _topo_device_pixel    (Render *r, double x, double y, int *px, int *py);

/* topo-render-groups.c */
void _topo_draw_lanes  (Render *r);
void _topo_draw_badges (Render *r, const char *id, double right_x, double cy);
void _topo_draw_group  (Render *r, const TopoResource *rg);
void _topo_draw_zoomed_out_labels (Render *r, const GArray *resources);

/* The smallest on-screen sizes (px) of lane names, RG names and environment pills: below them the
 * names are drawn at these sizes on chips instead. */
#define TOPO_MIN_LANE_NAME_PX  11.0
#define TOPO_MIN_GROUP_NAME_PX 10.0
#define TOPO_MIN_PILL_PX        9.5
#define TOPO_MIN_CARD_NAME_PX   8.5   /* card names, from ~30 % zoom, while they fit the card */

/* topo-render-cards.c */
/* How a card shows res's name (for tests): lines, smaller font, ellipsized, type line shown. */
void _topo_card_text_info         (const TopoResource *res, int *name_lines, gboolean *small,
                                   gboolean *ellipsized, gboolean *has_detail);
void _topo_collect_overdraw_boxes (Render *r, const GArray *resources);
void _topo_draw_card              (Render *r, const TopoResource *res);
void _topo_draw_groups_overview   (Render *r, const GArray *resources);
void _topo_draw_cards_overview    (Render *r, const GArray *resources);
void _topo_draw_focus_ring        (Render *r, const TopoRect *b, double radius, gboolean selected);

/* topo-render-notes.c */
void _topo_draw_notes (Render *r);

/* Keys of the user data kept on bitmaps (topo-render-blit.c). */
extern const cairo_user_data_key_t _topo_seen_key;
extern const cairo_user_data_key_t _topo_spans_key;

/* An export's drawing (no canvas tiles or bitmaps) of the part in viewport, which only culls:
 * what it draws there equals topo_render_document (doc, cr, NULL, options) pixel for pixel, so
 * an image can be drawn in bands. viewport's edges should lie on whole device pixels or outside
 * the target, where the clip to them changes nothing. */
void _topo_render_export_part (TopoDocument *doc, cairo_t *cr, const TopoRect *viewport,
                               const TopoRenderOptions *options);

G_END_DECLS
