/* topo-canvas-view.c: the canvas' viewport (zoom, pan, fit) and its tile cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-canvas"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "topo-canvas-private.h"
#include "topo-layout.h"
#include "topo-renderer.h"
#include "topo-spatial-index.h"
#include "topo-validator.h"

void
topo_canvas_widget_to_design (TopoCanvas *self,
                              double      wx,
                              double      wy,
                              double     *dx,
                              double     *dy)
{
  *dx = wx / self->scale + self->origin_x;
  *dy = wy / self->scale + self->origin_y;
}

void
topo_canvas_design_to_widget (TopoCanvas *self,
                              double      dx,
                              double      dy,
                              double     *wx,
                              double     *wy)
{
  *wx = (dx - self->origin_x) * self->scale;
  *wy = (dy - self->origin_y) * self->scale;
}

/* View */

double
topo_canvas_get_zoom (TopoCanvas *self)
{
  return self->scale;
}

void
topo_canvas_get_origin (TopoCanvas *self,
                        double     *x,
                        double     *y)
{
  *x = self->origin_x;
  *y = self->origin_y;
}

void
topo_canvas_set_view (TopoCanvas *self,
                      double      scale,
                      double      origin_x,
                      double      origin_y)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  scale = CLAMP (scale, MIN_ZOOM, MAX_ZOOM);
  self->view_initialised = TRUE;
  self->auto_view = FALSE;
  if (scale != self->scale)
    {
      self->scale = scale;
      g_object_notify (G_OBJECT (self), "zoom");
    }
  self->origin_x = origin_x;
  self->origin_y = origin_y;
  _topo_canvas_view_changed (self);
}

void
topo_canvas_zoom_at (TopoCanvas *self,
                     double      factor,
                     double      wx,
                     double      wy)
{
  double dx, dy, scale;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  /* keep the design point under (wx, wy) fixed */
  topo_canvas_widget_to_design (self, wx, wy, &dx, &dy);
  scale = CLAMP (self->scale * factor, MIN_ZOOM, MAX_ZOOM);
  topo_canvas_set_view (self, scale, dx - wx / scale, dy - wy / scale);
}

void
topo_canvas_pan (TopoCanvas *self,
                 double      dx,
                 double      dy)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));
  topo_canvas_set_view (self, self->scale,
                        self->origin_x + dx / self->scale,
                        self->origin_y + dy / self->scale);
}

/* width, height: the canvas' size (during size-allocate, the new one). */
static void
show_rect_in (TopoCanvas     *self,
              const TopoRect *r,
              double          max_scale,
              int             width,
              int             height)
{
  double scale;

  if (width <= 1 || height <= 1 || r->w <= 0 || r->h <= 0)
    return;

  scale = MIN ((width - 32) / r->w, (height - 32) / r->h);
  scale = CLAMP (scale, MIN_ZOOM, max_scale);
  topo_canvas_set_view (self, scale,
                        r->x + r->w / 2 - width / 2.0 / scale,
                        r->y + r->h / 2 - height / 2.0 / scale);
}

static void
show_rect (TopoCanvas     *self,
           const TopoRect *r,
           double          max_scale)
{
  show_rect_in (self, r, max_scale, gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
fit_in (TopoCanvas *self,
        int         width,
        int         height)
{
  TopoRect extent;

  if (self->doc == NULL)
    return;
  topo_layout_update (self->doc);
  extent = topo_layout_get_extent (self->doc);
  show_rect_in (self, &extent, 1.0, width, height);
}

void
topo_canvas_fit (TopoCanvas *self)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));
  fit_in (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
}

/* The view a freshly opened design gets: all of it (the zoomed-out drawing keeps lane and RG
 * names readable), at 100 % at most. It is computed against the canvas' real allocation and
 * redone when that changes (the window's first allocations, the side panel taking its width,
 * a resize) until the user zooms or pans. */
static void
initial_view_in (TopoCanvas *self,
                 int         width,
                 int         height)
{
  fit_in (self, width, height);
  self->auto_view = TRUE;
  self->auto_width = width;
  self->auto_height = height;
}

void
_topo_canvas_initial_view (TopoCanvas *self)
{
  initial_view_in (self, gtk_widget_get_width (GTK_WIDGET (self)),
                   gtk_widget_get_height (GTK_WIDGET (self)));
}

/* From size-allocate: a new size refits the view while it is still the opening one. */
void
_topo_canvas_allocation_changed (TopoCanvas *self,
                                 int         width,
                                 int         height)
{
  if (self->doc == NULL || width <= 1 || height <= 1)
    return;
  if (!self->view_initialised ||
      (self->auto_view && (width != self->auto_width || height != self->auto_height)))
    {
      self->view_initialised = TRUE;
      initial_view_in (self, width, height);
    }
}

void
topo_canvas_center_on (TopoCanvas        *self,
                       const char *const *ids)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  int width, height;
  gboolean any = FALSE;
  TopoRect r;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (self->doc == NULL || ids == NULL)
    return;
  topo_layout_update (self->doc);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const TopoResource *res = topo_document_lookup (self->doc, ids[i]);
      const TopoNote *note = res == NULL ? topo_document_lookup_note (self->doc, ids[i]) : NULL;
      const TopoRect *b = res != NULL ? &res->bounds : note != NULL ? &note->bounds : NULL;

      if (b == NULL)
        continue;
      x0 = MIN (x0, b->x);
      y0 = MIN (y0, b->y);
      x1 = MAX (x1, b->x + b->w);
      y1 = MAX (y1, b->y + b->h);
      any = TRUE;
    }
  if (!any)
    return;

  r = (TopoRect) { x0, y0, x1 - x0, y1 - y0 };
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  /* zoom out only when the subjects do not fit at the current scale */
  if (r.w * self->scale > width - 32 || r.h * self->scale > height - 32)
    show_rect (self, &r, self->scale);
  else
    topo_canvas_set_view (self, self->scale,
                          r.x + r.w / 2 - width / 2.0 / self->scale,
                          r.y + r.h / 2 - height / 2.0 / self->scale);
}

/* The view cache.
 *
 * Drawing a 10 000-resource design for every frame of a pan or zoom costs more than a frame has,
 * so the design is rendered into immutable tiles of TILE_SIZE device pixels on a grid anchored at
 * a design point, for one scale. Each frame paints the visible tiles, renders only the tiles that
 * come into view, and draws the overlay (handles, previews) on top. Edits, selection, hover and
 * badges drop only the tiles they touch (see "Damage" below); a new tile set is started when the
 * document, the diff overlay or the theme changes (compared each frame, so no invalidation can be
 * missed), when the zoom has moved too far from the set's scale, and once
 * the view has settled at a scale or sub-pixel offset the tiles do not match: the settled picture
 * is always rendered at the exact view, pixel for pixel what topo_render_document draws. Until
 * then the previous set is drawn scaled (like map applications) while the new tiles render within
 * a time budget per frame. Tiles are never modified once painted, so the render nodes that still
 * reference them never force cairo to copy them. */

#define TILE_SIZE 256                 /* device pixels */
#define TILE_BUDGET_US 4000           /* rendering per frame while an older set can stand in */
#define MAX_TILE_RATIO 1.45           /* zoom factor a set may be stretched by while zooming */
#define SETTLE_MS 150                 /* the view is settled after this long without changes */

struct _TopoTileSet
{
  double      scale;                  /* widget px per design unit */
  int         sf;                     /* device px per widget px */
  double      ax, ay;                 /* design point at device pixel (0, 0) of tile (0, 0) */
  GHashTable *tiles;                  /* TILE_KEY (tx, ty) → cairo_surface_t */
};

#define TILE_KEY(tx, ty) \
  GUINT_TO_POINTER (((guint) ((tx) + 32768) << 16) | (guint) (((ty) + 32768) & 0xffff))

static void
tile_set_free (TopoTileSet *set)
{
  g_hash_table_unref (set->tiles);
  g_free (set);
}

static TopoTileSet *
tile_set_new (double scale,
              int    sf,
              double ax,
              double ay)
{
  TopoTileSet *set = g_new0 (TopoTileSet, 1);

  set->scale = scale;
  set->sf = sf;
  set->ax = ax;
  set->ay = ay;
  set->tiles = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                      (GDestroyNotify) cairo_surface_destroy);
  return set;
}

/* Device-pixel offset of the view's top-left in the set's grid. */
static void
tile_set_offset (TopoTileSet *set,
                 TopoCanvas  *self,
                 double      *ux,
                 double      *uy)
{
  double s = set->scale * set->sf;

  *ux = (self->origin_x - set->ax) * s;
  *uy = (self->origin_y - set->ay) * s;
}

/* The set matches the view pixel for pixel. */
static gboolean
tile_set_exact (TopoTileSet *set,
                TopoCanvas  *self,
                int          sf)
{
  double ux, uy;

  if (set == NULL || set->scale != self->scale || set->sf != sf)
    return FALSE;
  tile_set_offset (set, self, &ux, &uy);
  return fabs (ux - round (ux)) < 1e-3 && fabs (uy - round (uy)) < 1e-3;
}

/* The tile index range covering the widget. */
static void
tile_set_visible (TopoTileSet *set,
                  TopoCanvas  *self,
                  int          margin,
                  int         *tx0,
                  int         *ty0,
                  int         *tx1,
                  int         *ty1)
{
  double s = set->scale * set->sf;
  double w = gtk_widget_get_width (GTK_WIDGET (self)) / self->scale;
  double h = gtk_widget_get_height (GTK_WIDGET (self)) / self->scale;
  double ux, uy;

  tile_set_offset (set, self, &ux, &uy);
  *tx0 = (int) floor (ux / TILE_SIZE) - margin;
  *ty0 = (int) floor (uy / TILE_SIZE) - margin;
  *tx1 = (int) floor ((ux + w * s - 0.5) / TILE_SIZE) + margin;
  *ty1 = (int) floor ((uy + h * s - 0.5) / TILE_SIZE) + margin;
  *tx0 = CLAMP (*tx0, -32000, 32000);
  *ty0 = CLAMP (*ty0, -32000, 32000);
  *tx1 = CLAMP (*tx1, -32000, 32000);
  *ty1 = CLAMP (*ty1, -32000, 32000);
}


void
_topo_canvas_content_key_init (TopoCanvas *self,
                               ContentKey *key)
{
  memset (key, 0, sizeof *key);
  key->doc = self->doc;
  key->overlay_serial = self->overlay_serial;
  key->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Damage: edits, selection, hover and badges re-render only the tiles they touch.
 *
 * Between frames the canvas collects where the drawing may have changed: each document change's
 * own item (topo_render_change_damage), the geometry the spatial index reports between its builds
 * (layout, links rerouted or drawn differently), where the selection and hover were and are drawn,
 * and the resources whose badges changed. Before tiles are rendered or painted, the tiles meeting
 * any of it (plus the item margin) are dropped, so they render again; the rest stay. Notes and
 * lanes are placed like resources; team, policy and name edits draw nothing by themselves (the
 * badges their findings change are compared). What cannot be placed (a reload, too much at
 * once, such as a policy edit that changes most badges) drops every tile. */

#define MAX_DAMAGE_RECTS 4096

static void
forget_painted (TopoCanvas *self)
{
  g_clear_pointer (&self->painted_selection, g_hash_table_unref);
  g_clear_pointer (&self->painted_hovered, g_free);
  g_clear_pointer (&self->painted_decor, g_array_unref);
  g_clear_pointer (&self->painted_badges, g_hash_table_unref);
  self->painted_link = -1;
}

void
_topo_canvas_drop_tiles (TopoCanvas *self)
{
  g_clear_pointer (&self->tiles, tile_set_free);
  g_clear_pointer (&self->old_tiles, tile_set_free);
  forget_painted (self);
}

void
_topo_canvas_view_finalize (TopoCanvas *self)
{
  forget_painted (self);
  g_clear_pointer (&self->damage, g_array_unref);
}

void
_topo_canvas_damage_change (TopoCanvas       *self,
                            const TopoChange *change)
{
  if (self->damage_all)
    return;
  if (self->damage == NULL)
    self->damage = g_array_new (FALSE, FALSE, sizeof (TopoRect));
  if (!topo_render_change_damage (change, self->damage) || self->damage->len > MAX_DAMAGE_RECTS)
    {
      self->damage_all = TRUE;
      g_array_set_size (self->damage, 0);
    }
}

static void
add_link_rect (TopoSpatialIndex *index,
               TopoDocument     *doc,
               int               link,
               GArray           *rects)
{
  const TopoLinkRoute *rt;

  if (link < 0 || (guint) link >= topo_document_get_n_links (doc))
    return;
  rt = topo_spatial_index_link_route (index, link);
  if (rt != NULL)
    g_array_append_val (rects, rt->bounds);
}

static void
add_item_rect (TopoSpatialIndex *index,
               TopoDocument     *doc,
               const char       *id,
               GArray           *rects)
{
  const TopoResource *res;

  if (id == NULL)
    return;
  if (g_str_has_prefix (id, "link:"))
    {
      add_link_rect (index, doc, atoi (id + 5), rects);
      return;
    }
  res = topo_document_lookup (doc, id);
  if (res != NULL)
    g_array_append_val (rects, res->bounds);
  else
    {
      TopoRect reach;

      if (topo_spatial_index_note_reach (index, doc, id, &reach))
        g_array_append_val (rects, reach);
    }
}

/* Where selection rings and hover feedback are drawn now. */
static GArray *
decor_rects (TopoCanvas       *self,
             TopoSpatialIndex *index)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (TopoRect));
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    add_item_rect (index, self->doc, id, rects);
  add_item_rect (index, self->doc, self->hovered, rects);
  add_link_rect (index, self->doc, self->selected_link, rects);
  return rects;
}

static gboolean
decor_unchanged (TopoCanvas *self)
{
  GHashTableIter iter;
  gpointer id;

  if (self->painted_selection == NULL ||
      g_strcmp0 (self->painted_hovered, self->hovered) != 0 ||
      self->painted_link != self->selected_link ||
      g_hash_table_size (self->painted_selection) != g_hash_table_size (self->selection))
    return FALSE;
  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (self->painted_selection, id))
      return FALSE;
  return TRUE;
}

static gboolean
badge_equal (const TopoBadge *a,
             const TopoBadge *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->errors == b->errors && a->warnings == b->warnings && a->infos == b->infos;
}

/* The resources whose badges differ between two tables. */
static void
badge_damage (TopoCanvas       *self,
              TopoSpatialIndex *index,
              GHashTable       *old,
              GHashTable       *now,
              GArray           *rects)
{
  GHashTableIter iter;
  gpointer id, badge;

  for (int pass = 0; pass < 2; pass++)
    {
      GHashTable *a = pass == 0 ? old : now, *b = pass == 0 ? now : old;

      if (a == NULL)
        continue;
      g_hash_table_iter_init (&iter, a);
      while (g_hash_table_iter_next (&iter, &id, &badge))
        if (!badge_equal (badge, b != NULL ? g_hash_table_lookup (b, id) : NULL))
          add_item_rect (index, self->doc, id, rects);
    }
}

/* Drops the set's tiles that meet any of rects (design units) grown by the item margin. */
static void
tile_set_invalidate (TopoTileSet  *set,
                     const GArray *rects)
{
  double s = set->scale * set->sf, t = TILE_SIZE / s;
  double m = TOPO_RENDER_ITEM_MARGIN + 3.0 / set->scale;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set->tiles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint k = GPOINTER_TO_UINT (key);
      int tx = (int) (k >> 16) - 32768, ty = (int) (k & 0xffff) - 32768;
      double x0 = set->ax + tx * t, y0 = set->ay + ty * t;

      for (guint i = 0; i < rects->len; i++)
        {
          const TopoRect *r = &g_array_index (rects, TopoRect, i);

          if (r->x - m < x0 + t && x0 < r->x + r->w + m && r->y - m < y0 + t && y0 < r->y + r->h + m)
            {
              g_hash_table_iter_remove (&iter);
              break;
            }
        }
    }
}

/* Brings the tiles up to date with the document, selection, hover and badges: drops the ones that
 * may differ, and remembers what the rest show. Called before tiles are rendered or painted. */
static void
sync_damage (TopoCanvas *self)
{
  g_autoptr(GArray) rects = NULL;
  TopoSpatialIndex *index;
  gboolean all = self->damage_all, decor_same;
  guint64 generation;

  if (self->doc == NULL)
    return;
  index = topo_spatial_index_get (self->doc);   /* layout and routes up to date */
  generation = topo_spatial_index_get_generation (index);
  rects = self->damage != NULL ? g_steal_pointer (&self->damage)
                               : g_array_new (FALSE, FALSE, sizeof (TopoRect));
  self->damage_all = FALSE;
  decor_same = decor_unchanged (self);

  if (self->tiles != NULL || self->old_tiles != NULL)
    {
      if (!all && generation != self->tiles_generation &&
          !topo_spatial_index_get_damage (index, self->tiles_generation, rects))
        all = TRUE;
      if (!all && !decor_same)
        {
          g_autoptr(GArray) now = decor_rects (self, index);

          if (self->painted_decor != NULL)
            g_array_append_vals (rects, self->painted_decor->data, self->painted_decor->len);
          g_array_append_vals (rects, now->data, now->len);
        }
      if (!all && self->badges != self->painted_badges)
        badge_damage (self, index, self->painted_badges, self->badges, rects);
      if (all || rects->len > MAX_DAMAGE_RECTS)
        _topo_canvas_drop_tiles (self);
      else if (rects->len > 0)
        {
          if (self->tiles != NULL)
            tile_set_invalidate (self->tiles, rects);
          if (self->old_tiles != NULL)
            tile_set_invalidate (self->old_tiles, rects);
        }
    }

  /* what the tiles kept and those rendered from now on show */
  if (!decor_same || generation != self->tiles_generation || self->painted_decor == NULL)
    {
      GHashTableIter iter;
      gpointer id;

      g_clear_pointer (&self->painted_selection, g_hash_table_unref);
      self->painted_selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, self->selection);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_hash_table_add (self->painted_selection, g_strdup (id));
      g_free (self->painted_hovered);
      self->painted_hovered = g_strdup (self->hovered);
      self->painted_link = self->selected_link;
      g_clear_pointer (&self->painted_decor, g_array_unref);
      self->painted_decor = decor_rects (self, index);
    }
  if (self->badges != self->painted_badges)
    {
      g_clear_pointer (&self->painted_badges, g_hash_table_unref);
      self->painted_badges = self->badges != NULL ? g_hash_table_ref (self->badges) : NULL;
    }
  self->tiles_generation = generation;
}

void
_topo_canvas_background_color (cairo_t  *cr,
                               gboolean  dark)
{
  if (dark)
    cairo_set_source_rgb (cr, 0.14, 0.14, 0.15);
  else
    cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
}

/* Tiles are drawn at TILE_PAD pixels into a scratch surface: the renderer rounds the pixel
 * positions of cards and texts with round(), which is not symmetric around 0, so at a half-pixel
 * offset a card starting left of a tile (up to 4 × 200 units at the largest zoom) would land one
 * pixel off from its part in the tile before: a visible tear. */
#define TILE_PAD 1024

static void
render_tile (TopoCanvas              *self,
             TopoTileSet             *set,
             int                      tx,
             int                      ty,
             const TopoRenderOptions *options)
{
  double s = set->scale * set->sf;
  /* opaque: painting a tile is then a copy, not a blend */
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE_SIZE, TILE_SIZE);
  TopoRect viewport = { set->ax + tx * TILE_SIZE / s, set->ay + ty * TILE_SIZE / s,
                        TILE_SIZE / s, TILE_SIZE / s };
  cairo_t *cr;

  if (self->scratch == NULL)
    self->scratch = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE_PAD + TILE_SIZE,
                                                TILE_PAD + TILE_SIZE);
  cr = cairo_create (self->scratch);
  cairo_rectangle (cr, TILE_PAD, TILE_PAD, TILE_SIZE, TILE_SIZE);
  cairo_clip (cr);
  _topo_canvas_background_color (cr, options->theme == TOPO_THEME_DARK);
  cairo_paint (cr);
  cairo_translate (cr, TILE_PAD, TILE_PAD);
  cairo_scale (cr, s, s);
  cairo_translate (cr, -viewport.x, -viewport.y);
  topo_render_document (self->doc, cr, &viewport, options);
  cairo_destroy (cr);
  cairo_surface_flush (self->scratch);

  cr = cairo_create (tile);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, self->scratch, -TILE_PAD, -TILE_PAD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (tile);
  /* painted at widget coordinates onto a target of scale factor sf */
  cairo_surface_set_device_scale (tile, set->sf, set->sf);
  g_hash_table_insert (set->tiles, TILE_KEY (tx, ty), tile);
  self->tiles_rendered++;
}

/* Renders the missing tiles in the range; with a deadline, stops there. Returns whether any
 * tile is still missing. */
static gboolean
render_tiles (TopoCanvas  *self,
              TopoTileSet *set,
              int          tx0,
              int          ty0,
              int          tx1,
              int          ty1,
              gint64       deadline)
{
  g_autoptr(GHashTable) link_selection = NULL;
  TopoRenderOptions options;
  gboolean missing = FALSE;

  topo_render_options_init (&options);
  options.theme = adw_style_manager_get_dark (adw_style_manager_get_default ())
                  ? TOPO_THEME_DARK : TOPO_THEME_LIGHT;
  options.show_title = FALSE;
  options.show_legend = FALSE;
  options.badges = self->badges;
  options.diff = self->diff_overlay;
  options.selected = self->selection;
  /* a selected link is drawn by the renderer as "link:<index>" */
  if (self->selected_link >= 0)
    {
      link_selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (link_selection, g_strdup_printf ("link:%d", self->selected_link));
      options.selected = link_selection;
    }
  options.hovered = self->hovered;
  options.scale = set->scale;

  topo_layout_update (self->doc);
  for (int ty = ty0; ty <= ty1; ty++)
    for (int tx = tx0; tx <= tx1; tx++)
      {
        if (g_hash_table_contains (set->tiles, TILE_KEY (tx, ty)))
          continue;
        if (deadline > 0 && g_get_monotonic_time () > deadline)
          {
            missing = TRUE;
            continue;
          }
        render_tile (self, set, tx, ty, &options);
      }
  return missing;
}

/* Paints the set's tiles in the range, transformed to the current view. */
static void
paint_tiles (TopoCanvas  *self,
             TopoTileSet *set,
             cairo_t     *cr,
             int          tx0,
             int          ty0,
             int          tx1,
             int          ty1)
{
  gboolean exact = tile_set_exact (set, self, set->sf);
  double t = TILE_SIZE / (double) set->sf;

  cairo_save (cr);
  if (exact)
    {
      double ux, uy;

      tile_set_offset (set, self, &ux, &uy);
      cairo_translate (cr, -round (ux) / set->sf, -round (uy) / set->sf);
    }
  else
    {
      cairo_translate (cr, (set->ax - self->origin_x) * self->scale,
                       (set->ay - self->origin_y) * self->scale);
      cairo_scale (cr, self->scale / set->scale, self->scale / set->scale);
      /* whole-pixel tile edges: no seams between stretched tiles */
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
    }
  for (int ty = ty0; ty <= ty1; ty++)
    for (int tx = tx0; tx <= tx1; tx++)
      {
        cairo_surface_t *tile = g_hash_table_lookup (set->tiles, TILE_KEY (tx, ty));
        cairo_pattern_t *pattern;

        if (tile == NULL)
          continue;
        cairo_set_source_surface (cr, tile, tx * t, ty * t);
        pattern = cairo_get_source (cr);
        cairo_pattern_set_filter (pattern, exact ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
        cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
        cairo_rectangle (cr, tx * t, ty * t, t, t);
        cairo_fill (cr);
      }
  cairo_restore (cr);
}

/* Forgets tiles far from the view so panning a large design keeps memory bounded. */
static void
trim_tiles (TopoCanvas  *self,
            TopoTileSet *set)
{
  GHashTableIter iter;
  gpointer key;
  int tx0, ty0, tx1, ty1;
  guint limit;

  tile_set_visible (set, self, 2, &tx0, &ty0, &tx1, &ty1);
  limit = MAX (64u, (guint) ((tx1 - tx0 + 1) * (ty1 - ty0 + 1)) * 2);
  if (g_hash_table_size (set->tiles) <= limit)
    return;
  g_hash_table_iter_init (&iter, set->tiles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint k = GPOINTER_TO_UINT (key);
      int tx = (int) (k >> 16) - 32768, ty = (int) (k & 0xffff) - 32768;
      if (tx < tx0 || tx > tx1 || ty < ty0 || ty > ty1)
        g_hash_table_iter_remove (&iter);
    }
}

static gboolean
tiles_more_cb (gpointer data)
{
  TopoCanvas *self = data;

  self->more_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* Between frames: renders the ring of tiles around the view, so a pan finds them ready. */
static gboolean
prefetch_cb (gpointer data)
{
  TopoCanvas *self = data;
  int tx0, ty0, tx1, ty1;

  self->prefetch_id = 0;
  if (self->doc == NULL || self->tiles == NULL || !self->tiles_current)
    return G_SOURCE_REMOVE;
  sync_damage (self);
  if (self->tiles == NULL)
    return G_SOURCE_REMOVE;
  tile_set_visible (self->tiles, self, 1, &tx0, &ty0, &tx1, &ty1);
  if (render_tiles (self, self->tiles, tx0, ty0, tx1, ty1,
                    g_get_monotonic_time () + TILE_BUDGET_US / 2))
    self->prefetch_id = g_idle_add_full (G_PRIORITY_LOW, prefetch_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/* The view stopped moving: make sure the picture is rendered for exactly this view. */
static gboolean
settle_cb (gpointer data)
{
  TopoCanvas *self = data;
  int sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  self->settle_id = 0;
  if (self->tiles != NULL && !tile_set_exact (self->tiles, self, sf))
    {
      g_clear_pointer (&self->old_tiles, tile_set_free);
      self->old_tiles = g_steal_pointer (&self->tiles);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return G_SOURCE_REMOVE;
}

void
_topo_canvas_view_changed (TopoCanvas *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The document part of a frame: starts a new set when the zoom moved too far or the scale factor
 * changed, renders what is missing (within a budget while an older set stands in) and paints. */
void
_topo_canvas_paint_view (TopoCanvas *self,
                         cairo_t    *cr,
                         int         sf,
                         gboolean    dark)
{
  gboolean missing = FALSE;
  int tx0, ty0, tx1, ty1;

  sync_damage (self);
  if (self->tiles != NULL && self->tiles->sf != sf)
    _topo_canvas_drop_tiles (self);
  if (self->tiles != NULL && self->tiles->scale != self->scale)
    {
      double ratio = self->scale / self->tiles->scale;
      if (ratio > MAX_TILE_RATIO || ratio < 1 / MAX_TILE_RATIO)
        {
          g_clear_pointer (&self->old_tiles, tile_set_free);
          self->old_tiles = g_steal_pointer (&self->tiles);
        }
    }
  if (self->tiles == NULL)
    self->tiles = tile_set_new (self->scale, sf, self->origin_x, self->origin_y);

  /* with an older set to stand in, new tiles render within a budget and the rest next frame */
  tile_set_visible (self->tiles, self, 0, &tx0, &ty0, &tx1, &ty1);
  missing = render_tiles (self, self->tiles, tx0, ty0, tx1, ty1,
                          self->old_tiles != NULL ? g_get_monotonic_time () + TILE_BUDGET_US : 0);
  /* complete tiles at whole pixels cover the widget: no background needed under them */
  if (missing || !tile_set_exact (self->tiles, self, sf))
    {
      _topo_canvas_background_color (cr, dark);
      cairo_paint (cr);
    }
  if (missing)
    {
      int ox0, oy0, ox1, oy1;

      tile_set_visible (self->old_tiles, self, 0, &ox0, &oy0, &ox1, &oy1);
      paint_tiles (self, self->old_tiles, cr, ox0, oy0, ox1, oy1);
      if (self->more_id == 0)
        self->more_id = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, tiles_more_cb, self, NULL);
    }
  else
    g_clear_pointer (&self->old_tiles, tile_set_free);
  paint_tiles (self, self->tiles, cr, tx0, ty0, tx1, ty1);
  trim_tiles (self, self->tiles);

  self->tiles_current = !missing;
  if (!missing && self->prefetch_id == 0)
    self->prefetch_id = g_idle_add_full (G_PRIORITY_LOW, prefetch_cb, self, NULL);
}
