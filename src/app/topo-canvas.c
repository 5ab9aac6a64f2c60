/* topo-canvas.c: the design canvas
 *
 * Drawing goes through topo_render_document (the same code as the image exports), into cached
 * tiles around the visible viewport (see "The view cache" below); selection handles, the rubber
 * band, the link preview and the drop highlight are drawn on top. Every gesture is one undo
 * group: begin at press, live edits while dragging, end at release, cancel on Escape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-canvas"

#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "topo-canvas-private.h"
#include "topo-edit.h"
#include "topo-layout.h"
#include "topo-renderer.h"
#include "topo-spatial-index.h"

#define MIN_ZOOM 0.05
#define MAX_ZOOM 4.0
#define HANDLE_SIZE 10.0     /* widget pixels */
#define CONNECT_HANDLE_R 7.0 /* widget pixels */

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_RESIZE,
  DRAG_CONNECT,
  DRAG_RUBBER,
} DragMode;

/* Corners of an RG for resizing. */
enum { CORNER_NW, CORNER_NE, CORNER_SW, CORNER_SE };

typedef struct _TopoTileSet TopoTileSet;

/* What the renderer draws besides the document; a change means new tiles. */
typedef struct
{
  TopoDocument *doc;
  guint         doc_serial;
  guint         badges_serial;
  guint         n_selected;
  guint         selected_xor;
  guint         selected_sum;
  int           selected_link;
  guint         hovered_hash;
  gsize         hovered_len;
  gboolean      dark;
} ContentKey;

struct _TopoCanvas
{
  GtkWidget      parent_instance;

  /* Owned references */
  TopoDocument  *doc;
  GHashTable    *selection;      /* id → NULL, owned keys */
  GHashTable    *badges;         /* ref, may be NULL */
  char          *hovered;
  GtkWidget     *rename_popover;
  GtkWidget     *rename_entry;
  char          *rename_id;
  GtkWidget     *context_menu;

  /* Borrowed references: controllers belong to the widget */
  GtkGesture    *drag;
  GtkGesture    *click;
  GtkGesture    *pan_drag;
  GtkGesture    *zoom;
  GtkDropTarget *drop;

  gulong         changed_id;
  int            selected_link;

  double         scale;
  double         origin_x;
  double         origin_y;
  gboolean       view_initialised;

  gboolean       connect_mode;
  gboolean       snap;

  /* The gesture in progress (design coordinates) */
  DragMode       mode;
  gboolean       group_open;
  double         press_x, press_y;
  double         cur_x, cur_y;
  double         applied_dx, applied_dy;
  GStrv          drag_ids;
  gboolean       ghost;          /* RG moves are previewed, applied at release */
  char          *drag_item;      /* resize: the RG; connect: the source */
  int            resize_corner;
  TopoRect       resize_orig;

  double         gesture_x, gesture_y;   /* drag start, widget coordinates */
  double         pan_origin_x, pan_origin_y;
  double         zoom_start_scale;
  double         pointer_x, pointer_y;   /* last pointer position, widget coordinates */

  /* Drop highlight (design coordinates) */
  gboolean       drop_active;
  gboolean       drop_ok;
  TopoRect       drop_rect;

  /* The view cache (see topo_canvas_snapshot) */
  TopoTileSet   *tiles;          /* the set being painted */
  TopoTileSet   *old_tiles;      /* stands in while tiles is incomplete */
  cairo_surface_t *scratch;      /* tiles are rendered here first */
  ContentKey     tiles_key;
  gboolean       tiles_current;
  guint          doc_serial;
  guint          badges_serial;
  guint          settle_id;
  guint          more_id;
  guint          prefetch_id;
};

G_DEFINE_FINAL_TYPE (TopoCanvas, topo_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_CONNECT_MODE,
  PROP_SNAP_TO_GRID,
  PROP_ZOOM,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void view_changed (TopoCanvas *self);
static void drop_tiles   (TopoCanvas *self);

static void
emit_message (TopoCanvas *self,
              const char *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static double
snap_value (TopoCanvas *self,
            double      v)
{
  if (!self->snap)
    return v;
  return round (v / TOPO_CANVAS_GRID) * TOPO_CANVAS_GRID;
}

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

/* Selection */

static void
selection_changed (TopoCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

GStrv
topo_canvas_get_selection (TopoCanvas *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TOPO_IS_CANVAS (self), NULL);

  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  for (guint i = 1; i < ids->len; i++)
    {
      /* insertion sort: the selection is small and we avoid the pointer-to-pointer comparator */
      for (guint j = i; j > 0 && g_strcmp0 (ids->pdata[j - 1], ids->pdata[j]) > 0; j--)
        {
          gpointer t = ids->pdata[j];
          ids->pdata[j] = ids->pdata[j - 1];
          ids->pdata[j - 1] = t;
        }
    }
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

void
topo_canvas_set_selection (TopoCanvas        *self,
                           const char *const *ids)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  g_hash_table_remove_all (self->selection);
  self->selected_link = -1;
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (self->doc != NULL && topo_document_lookup (self->doc, ids[i]) != NULL)
      g_hash_table_add (self->selection, g_strdup (ids[i]));
  selection_changed (self);
}

void
topo_canvas_select_link (TopoCanvas *self,
                         int         link_index)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  g_hash_table_remove_all (self->selection);
  self->selected_link = link_index;
  selection_changed (self);
}

int
topo_canvas_get_selected_link (TopoCanvas *self)
{
  g_return_val_if_fail (TOPO_IS_CANVAS (self), -1);
  return self->selected_link;
}

static void
select_only (TopoCanvas *self,
             const char *id)
{
  const char *ids[] = { id, NULL };
  topo_canvas_set_selection (self, id ? ids : NULL);
}

void
topo_canvas_set_badges (TopoCanvas *self,
                        GHashTable *badges)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (badges != NULL)
    g_hash_table_ref (badges);
  g_clear_pointer (&self->badges, g_hash_table_unref);
  self->badges = badges;
  self->badges_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  if (scale != self->scale)
    {
      self->scale = scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  self->origin_x = origin_x;
  self->origin_y = origin_y;
  view_changed (self);
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

static void
show_rect (TopoCanvas     *self,
           const TopoRect *r,
           double          max_scale)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double scale;

  if (width <= 1 || height <= 1 || r->w <= 0 || r->h <= 0)
    return;

  scale = MIN ((width - 32) / r->w, (height - 32) / r->h);
  scale = CLAMP (scale, MIN_ZOOM, max_scale);
  topo_canvas_set_view (self, scale,
                        r->x + r->w / 2 - width / 2.0 / scale,
                        r->y + r->h / 2 - height / 2.0 / scale);
}

void
topo_canvas_fit (TopoCanvas *self)
{
  TopoRect extent;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (self->doc == NULL)
    return;
  topo_layout_update (self->doc);
  extent = topo_layout_get_extent (self->doc);
  show_rect (self, &extent, 1.0);
}

/* The view a freshly opened design gets: all of it when it is legible, otherwise its top-left
 * corner at a readable scale (wide designs shrunk to fit show nothing but coloured dots). */
static void
initial_view (TopoCanvas *self)
{
  TopoRect extent;
  const double readable = 0.85;   /* card names and their second lines show */
  double scale;

  topo_canvas_fit (self);
  if (self->doc == NULL)
    return;
  /* top-left aligned, like a page: new content is added near the top */
  scale = MAX (self->scale, readable);
  extent = topo_layout_get_extent (self->doc);
  topo_canvas_set_view (self, scale, extent.x - 16 / scale, extent.y - 16 / scale);
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
      if (res == NULL)
        continue;
      x0 = MIN (x0, res->bounds.x);
      y0 = MIN (y0, res->bounds.y);
      x1 = MAX (x1, res->bounds.x + res->bounds.w);
      y1 = MAX (y1, res->bounds.y + res->bounds.h);
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

/* Document */

static void
topo_canvas_changed_cb (TopoCanvas       *self,
                        const TopoChange *change,
                        TopoDocument     *doc)
{
  gboolean sel_changed = FALSE;

  self->doc_serial++;
  switch (change->kind)
    {
    case TOPO_CHANGE_RESOURCE_REMOVED:
      sel_changed = g_hash_table_remove (self->selection, change->id);
      if (g_strcmp0 (self->hovered, change->id) == 0)
        g_clear_pointer (&self->hovered, g_free);
      break;

    case TOPO_CHANGE_LINK_ADDED:
    case TOPO_CHANGE_LINK_REMOVED:
      if (self->selected_link >= 0)
        {
          self->selected_link = -1;
          sel_changed = TRUE;
        }
      break;

    case TOPO_CHANGE_RELOADED:
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, self->selection);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          if (topo_document_lookup (doc, key) == NULL)
            {
              g_hash_table_iter_remove (&iter);
              sel_changed = TRUE;
            }
        g_clear_pointer (&self->hovered, g_free);
        self->selected_link = -1;
      }
      break;

    default:
      break;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (sel_changed)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

TopoDocument *
topo_canvas_get_document (TopoCanvas *self)
{
  g_return_val_if_fail (TOPO_IS_CANVAS (self), NULL);
  return self->doc;
}

void
topo_canvas_set_document (TopoCanvas   *self,
                          TopoDocument *doc)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (self->doc == doc)
    return;

  if (self->doc != NULL)
    {
      _topo_canvas_cancel (self);
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  g_hash_table_remove_all (self->selection);
  self->selected_link = -1;
  g_clear_pointer (&self->hovered, g_free);
  g_clear_pointer (&self->badges, g_hash_table_unref);

  if (doc != NULL)
    {
      self->doc = g_object_ref (doc);
      self->changed_id = g_signal_connect_object (doc, "changed",
                                                  G_CALLBACK (topo_canvas_changed_cb),
                                                  self, G_CONNECT_SWAPPED);
      topo_layout_update (doc);
    }
  self->view_initialised = FALSE;
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 1)
    {
      initial_view (self);
      self->view_initialised = TRUE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  selection_changed (self);
}

/* Hit testing */

static gboolean
is_selected (TopoCanvas *self,
             const char *id)
{
  return g_hash_table_contains (self->selection, id);
}

static const TopoResource *
item_at (TopoCanvas *self,
         double      x,
         double      y)
{
  const TopoResource *res = topo_layout_resource_at (self->doc, x, y);

  if (res == NULL || res->kind == TOPO_KIND_RESOURCE_GROUP)
    {
      const TopoResource *rg = topo_layout_group_at (self->doc, x, y);
      if (rg != NULL)
        return rg;
    }
  return res;
}

static const TopoResource *
single_selected (TopoCanvas *self)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->selection) != 1)
    return NULL;
  g_hash_table_iter_init (&iter, self->selection);
  g_hash_table_iter_next (&iter, &key, NULL);
  return topo_document_lookup (self->doc, key);
}

static void
corner_point (const TopoRect *b,
              int             corner,
              double         *x,
              double         *y)
{
  *x = (corner == CORNER_NE || corner == CORNER_SE) ? b->x + b->w : b->x;
  *y = (corner == CORNER_SW || corner == CORNER_SE) ? b->y + b->h : b->y;
}

/* The selected RG corner under (x, y) in design coordinates, or -1. */
static int
resize_corner_at (TopoCanvas          *self,
                  double               x,
                  double               y,
                  const TopoResource **out)
{
  GHashTableIter iter;
  gpointer key;
  double tol = HANDLE_SIZE / self->scale;

  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const TopoResource *res = topo_document_lookup (self->doc, key);
      if (res == NULL || res->kind != TOPO_KIND_RESOURCE_GROUP)
        continue;
      for (int c = 0; c < 4; c++)
        {
          double cx, cy;
          corner_point (&res->bounds, c, &cx, &cy);
          if (fabs (x - cx) <= tol && fabs (y - cy) <= tol)
            {
              *out = res;
              return c;
            }
        }
    }
  return -1;
}

static void
connect_handle_design (const TopoResource *res,
                       double             *x,
                       double             *y)
{
  *x = res->bounds.x + res->bounds.w;
  *y = res->bounds.y + res->bounds.h / 2;
}

gboolean
_topo_canvas_get_connect_handle (TopoCanvas *self,
                                 const char *id,
                                 double     *wx,
                                 double     *wy)
{
  const TopoResource *res;
  double x, y;

  if (self->doc == NULL || (res = topo_document_lookup (self->doc, id)) == NULL ||
      res->kind == TOPO_KIND_RESOURCE_GROUP)
    return FALSE;
  topo_layout_update (self->doc);
  connect_handle_design (res, &x, &y);
  topo_canvas_design_to_widget (self, x, y, wx, wy);
  return TRUE;
}

static const TopoResource *
connect_handle_at (TopoCanvas *self,
                   double      x,
                   double      y)
{
  const TopoResource *res = single_selected (self);
  double hx, hy, r = (CONNECT_HANDLE_R + 3) / self->scale;

  if (res == NULL || res->kind == TOPO_KIND_RESOURCE_GROUP)
    return NULL;
  connect_handle_design (res, &hx, &hy);
  if (hypot (x - hx, y - hy) <= r)
    return res;
  return NULL;
}

static double
segment_distance (double px, double py,
                  double ax, double ay,
                  double bx, double by)
{
  double vx = bx - ax, vy = by - ay;
  double len2 = vx * vx + vy * vy;
  double t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (ax + t * vx), py - (ay + t * vy));
}

/* Distance from (px, py) to a link as the renderer draws it (its cached route; curves are
 * sampled). */
static double
route_distance (const TopoLinkRoute *rt,
                double               px,
                double               py)
{
  double best = G_MAXDOUBLE;

  if (rt->curve && rt->n_points == 4)
    {
      double lx = rt->x[0], ly = rt->y[0];

      for (int i = 1; i <= 24; i++)
        {
          double t = i / 24.0, u = 1 - t;
          double x = u * u * u * rt->x[0] + 3 * u * u * t * rt->x[1] +
                     3 * u * t * t * rt->x[2] + t * t * t * rt->x[3];
          double y = u * u * u * rt->y[0] + 3 * u * u * t * rt->y[1] +
                     3 * u * t * t * rt->y[2] + t * t * t * rt->y[3];

          best = MIN (best, segment_distance (px, py, lx, ly, x, y));
          lx = x;
          ly = y;
        }
      return best;
    }
  for (guint i = 1; i < rt->n_points; i++)
    best = MIN (best, segment_distance (px, py, rt->x[i - 1], rt->y[i - 1], rt->x[i], rt->y[i]));
  return best;
}

/* The link under (x, y), from the renderer's routes and spatial index, or -1. */
static int
link_at (TopoCanvas *self,
         double      x,
         double      y)
{
  TopoSpatialIndex *index = topo_spatial_index_get (self->doc);
  double tol = MAX (5.0 / self->scale, 2.0);
  TopoRect probe = { x - tol, y - tol, 2 * tol, 2 * tol };
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (guint));
  double best_d = tol;
  int best = -1;

  topo_spatial_index_query (index, &probe, NULL, links);
  for (guint k = 0; k < links->len; k++)
    {
      guint i = g_array_index (links, guint, k);
      double d = route_distance (topo_spatial_index_link_route (index, i), x, y);

      if (d <= best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}

/* Gestures */

static void
open_group (TopoCanvas *self,
            const char *label)
{
  g_assert (!self->group_open);
  topo_document_begin_group (self->doc, label);
  self->group_open = TRUE;
}

static void
close_group (TopoCanvas *self)
{
  if (self->group_open)
    {
      self->group_open = FALSE;
      topo_document_end_group (self->doc);
    }
}

static void
reset_drag (TopoCanvas *self)
{
  self->mode = DRAG_NONE;
  g_clear_pointer (&self->drag_ids, g_strfreev);
  g_clear_pointer (&self->drag_item, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The selected ids to move: children of a selected RG move with it already. */
static GStrv
movable_selection (TopoCanvas *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const TopoResource *res = topo_document_lookup (self->doc, key);
      if (res == NULL)
        continue;
      if (res->group != NULL && is_selected (self, res->group))
        continue;
      g_strv_builder_add (builder, key);
    }
  return g_strv_builder_end (builder);
}

void
_topo_canvas_press (TopoCanvas      *self,
                    double           wx,
                    double           wy,
                    GdkModifierType  state)
{
  const TopoResource *item;
  const TopoResource *rg = NULL;
  gboolean extend = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;
  double x, y;
  int corner;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->doc == NULL)
    return;
  if (self->mode != DRAG_NONE)
    _topo_canvas_cancel (self);

  topo_layout_update (self->doc);
  topo_canvas_widget_to_design (self, wx, wy, &x, &y);
  self->press_x = self->cur_x = x;
  self->press_y = self->cur_y = y;
  self->applied_dx = self->applied_dy = 0;

  if ((item = connect_handle_at (self, x, y)) != NULL)
    {
      self->mode = DRAG_CONNECT;
      self->drag_item = g_strdup (item->id);
      return;
    }

  if (!extend && (corner = resize_corner_at (self, x, y, &rg)) >= 0)
    {
      const TopoLane *lane;
      int li = topo_layout_lane_index (self->doc, rg->region);

      self->mode = DRAG_RESIZE;
      self->drag_item = g_strdup (rg->id);
      self->resize_corner = corner;
      lane = li >= 0 ? topo_layout_get_lane (self->doc, li) : NULL;
      self->resize_orig = rg->layout;
      if (lane != NULL)
        {
          /* RG layout x is relative to the lane's content, right of the label column */
          self->resize_orig.x = rg->bounds.x - lane->bounds.x - TOPO_LANE_HEADER_WIDTH;
          self->resize_orig.y = rg->bounds.y - lane->bounds.y;
        }
      self->resize_orig.w = rg->bounds.w;
      self->resize_orig.h = rg->bounds.h;
      open_group (self, _("Resize"));
      return;
    }

  /* cards, then links (drawn over RG boxes), then RGs */
  item = topo_layout_resource_at (self->doc, x, y);
  if (item == NULL && !self->connect_mode)
    {
      int link = link_at (self, x, y);
      if (link >= 0)
        {
          topo_canvas_select_link (self, link);
          return;
        }
    }
  if (item == NULL)
    item = topo_layout_group_at (self->doc, x, y);
  if (item != NULL)
    {
      if (self->connect_mode && item->kind != TOPO_KIND_RESOURCE_GROUP)
        {
          self->mode = DRAG_CONNECT;
          self->drag_item = g_strdup (item->id);
          return;
        }

      if (extend)
        {
          if (!g_hash_table_remove (self->selection, item->id))
            g_hash_table_add (self->selection, g_strdup (item->id));
          self->selected_link = -1;
          selection_changed (self);
          if (!is_selected (self, item->id))
            return;
        }
      else if (!is_selected (self, item->id))
        select_only (self, item->id);

      self->mode = DRAG_MOVE;
      self->drag_ids = movable_selection (self);
      /* Moving an RG live would grow its lane under the pointer (lanes fit their RGs), so the
       * RG could never reach the next lane: RG drags show an outline and apply at release. */
      self->ghost = FALSE;
      for (guint i = 0; self->drag_ids[i] != NULL; i++)
        {
          const TopoResource *r = topo_document_lookup (self->doc, self->drag_ids[i]);
          self->ghost |= r != NULL && r->kind == TOPO_KIND_RESOURCE_GROUP;
        }
      self->drag_item = g_strdup (item->id);
      open_group (self, _("Move"));
      return;
    }

  if (!extend && (g_hash_table_size (self->selection) > 0 || self->selected_link >= 0))
    topo_canvas_set_selection (self, NULL);
  self->mode = DRAG_RUBBER;
}

static void
apply_resize (TopoCanvas *self)
{
  TopoRect r = self->resize_orig;
  double dx = self->cur_x - self->press_x;
  double dy = self->cur_y - self->press_y;
  double right = r.x + r.w, bottom = r.y + r.h;
  g_autoptr(GError) error = NULL;

  if (self->resize_corner == CORNER_NW || self->resize_corner == CORNER_SW)
    r.x = MIN (snap_value (self, r.x + dx), right - TOPO_GROUP_MIN_WIDTH);
  else
    right = MAX (snap_value (self, right + dx), r.x + TOPO_GROUP_MIN_WIDTH);
  if (self->resize_corner == CORNER_NW || self->resize_corner == CORNER_NE)
    r.y = MIN (snap_value (self, r.y + dy), bottom - TOPO_GROUP_MIN_HEIGHT);
  else
    bottom = MAX (snap_value (self, bottom + dy), r.y + TOPO_GROUP_MIN_HEIGHT);
  r.x = MAX (r.x, 0);
  r.y = MAX (r.y, 0);
  r.w = right - r.x;
  r.h = bottom - r.y;

  if (!topo_edit_resize_group (self->doc, self->drag_item, &r, &error))
    g_debug ("resize refused: %s", error->message);
}

void
_topo_canvas_drag_to (TopoCanvas *self,
                      double      wx,
                      double      wy)
{
  double x, y;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  self->pointer_x = wx;
  self->pointer_y = wy;
  if (self->doc == NULL || self->mode == DRAG_NONE)
    return;

  topo_canvas_widget_to_design (self, wx, wy, &x, &y);
  self->cur_x = x;
  self->cur_y = y;

  switch (self->mode)
    {
    case DRAG_MOVE:
      {
        double total_x = snap_value (self, x - self->press_x);
        double total_y = snap_value (self, y - self->press_y);
        double inc_x = total_x - self->applied_dx;
        double inc_y = total_y - self->applied_dy;

        if (self->ghost)
          {
            self->applied_dx = total_x;
            self->applied_dy = total_y;
            gtk_widget_queue_draw (GTK_WIDGET (self));
          }
        else if (inc_x != 0 || inc_y != 0)
          {
            topo_edit_move (self->doc, (const char *const *) self->drag_ids, inc_x, inc_y);
            self->applied_dx = total_x;
            self->applied_dy = total_y;
          }
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      }
      break;

    case DRAG_RESIZE:
      apply_resize (self);
      break;

    case DRAG_CONNECT:
      {
        const TopoResource *target;

        topo_layout_update (self->doc);
        target = topo_layout_resource_at (self->doc, x, y);
        g_clear_pointer (&self->hovered, g_free);
        if (target != NULL && target->kind != TOPO_KIND_RESOURCE_GROUP)
          self->hovered = g_strdup (target->id);
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;

    case DRAG_RUBBER:
    case DRAG_NONE:
    default:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    }
}

/* Grows an RG so every card in it fits (cards dropped or moved near its edge, or placed by
 * topo_layout_free_spot below its current bottom). Part of the caller's undo group. */
static void
grow_group_to_fit (TopoCanvas *self,
                   const char *gid)
{
  const TopoResource *rg = topo_document_lookup (self->doc, gid);
  guint n = topo_document_get_n_resources (self->doc);
  double right, bottom;
  TopoRect r;

  if (rg == NULL || rg->kind != TOPO_KIND_RESOURCE_GROUP)
    return;
  topo_layout_update (self->doc);
  right = rg->bounds.w;
  bottom = rg->bounds.h;
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *res = topo_document_get_resource (self->doc, i);
      if (res->kind == TOPO_KIND_RESOURCE_GROUP || g_strcmp0 (res->group, gid) != 0)
        continue;
      right = MAX (right, res->bounds.x - rg->bounds.x + res->bounds.w + TOPO_GROUP_PADDING);
      bottom = MAX (bottom, res->bounds.y - rg->bounds.y + res->bounds.h + TOPO_GROUP_PADDING);
    }
  if (right <= rg->bounds.w && bottom <= rg->bounds.h)
    return;

  r = rg->layout;
  r.w = ceil (right / TOPO_CANVAS_GRID) * TOPO_CANVAS_GRID;
  r.h = ceil (bottom / TOPO_CANVAS_GRID) * TOPO_CANVAS_GRID;
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *id = g_strdup (gid);
    if (!topo_edit_resize_group (self->doc, id, &r, &error))
      g_debug ("could not grow %s: %s", gid, error->message);
  }
}

static double
overlap_area (const TopoRect *a,
              const TopoRect *b)
{
  double w = MIN (a->x + a->w, b->x + b->w) - MAX (a->x, b->x);
  double h = MIN (a->y + a->h, b->y + b->h) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

/* A card dropped by a move stays in its group's content area, and does not hide another card
 * (one not moved with it): a card mostly on top of another goes to the group's next free spot,
 * like a card dropped from the palette. A slight overlap is left as the user placed it. */
static void
keep_card_in_group (TopoCanvas *self,
                    const char *id,
                    const char *gid)
{
  const TopoResource *res, *rg;
  const char *one[] = { id, NULL };
  double rx, ry, dx, dy;
  guint n;

  topo_layout_update (self->doc);
  res = topo_document_lookup (self->doc, id);
  rg = topo_document_lookup (self->doc, gid);
  if (res == NULL || rg == NULL)
    return;
  rx = res->bounds.x - rg->bounds.x;
  ry = res->bounds.y - rg->bounds.y;
  dx = MAX (0, TOPO_GROUP_PADDING - rx);
  dy = MAX (0, TOPO_GROUP_HEADER - ry);
  if (dx > 0 || dy > 0)
    {
      topo_edit_move (self->doc, one, dx, dy);
      topo_layout_update (self->doc);
      res = topo_document_lookup (self->doc, id);
      rg = topo_document_lookup (self->doc, gid);
      rx += dx;
      ry += dy;
    }

  n = topo_document_get_n_resources (self->doc);
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *other = topo_document_get_resource (self->doc, i);

      if (other == res || other->kind == TOPO_KIND_RESOURCE_GROUP ||
          g_strcmp0 (other->group, gid) != 0 ||
          (self->drag_ids != NULL && g_strv_contains ((const char *const *) self->drag_ids,
                                                      other->id)))
        continue;
      if (overlap_area (&other->bounds, &res->bounds) >
          0.25 * MIN (other->bounds.w * other->bounds.h, res->bounds.w * res->bounds.h))
        {
          double fx, fy;

          topo_layout_free_spot (self->doc, gid, NULL, &fx, &fy);
          topo_edit_move (self->doc, one, fx - rx, fy - ry);
          break;
        }
    }
}

/* The lane an RG dragged by the current delta would land in, or -1. */
static int
ghost_lane (TopoCanvas         *self,
            const TopoResource *res)
{
  return topo_layout_lane_at (self->doc,
                              res->bounds.x + self->applied_dx + res->bounds.w / 2,
                              res->bounds.y + self->applied_dy + res->bounds.h / 2);
}

/* After a move: an RG whose centre lands in another lane changes region; a resource whose centre
 * lands in another RG changes group. FALSE with error when the drop is refused. */
static gboolean
finish_move (TopoCanvas  *self,
             GError     **error)
{
  for (guint i = 0; self->drag_ids[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup (self->drag_ids[i]);
      const TopoResource *res;
      double cx, cy;

      topo_layout_update (self->doc);
      res = topo_document_lookup (self->doc, id);
      if (res == NULL)
        continue;

      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          int li = ghost_lane (self, res);
          const TopoLane *lane = li >= 0 ? topo_layout_get_lane (self->doc, li) : NULL;

          if (lane != NULL && g_strcmp0 (lane->region, res->region) != 0)
            {
              g_autofree char *region = g_strdup (lane->region);
              double rx = MAX (0, res->bounds.x + self->applied_dx - lane->bounds.x -
                                  TOPO_LANE_HEADER_WIDTH);
              double ry = MAX (0, res->bounds.y + self->applied_dy - lane->bounds.y);

              if (!topo_edit_move_group_to_region (self->doc, id, region, rx, ry, error))
                return FALSE;
            }
          else
            {
              const char *one[] = { id, NULL };
              topo_edit_move (self->doc, one, self->applied_dx, self->applied_dy);
            }
          continue;
        }

      if (self->ghost)
        {
          const char *one[] = { id, NULL };
          topo_edit_move (self->doc, one, self->applied_dx, self->applied_dy);
          topo_layout_update (self->doc);
          res = topo_document_lookup (self->doc, id);
        }
      cx = res->bounds.x + res->bounds.w / 2;
      cy = res->bounds.y + res->bounds.h / 2;

      {
        const TopoResource *rg = topo_layout_group_at (self->doc, cx, cy);

        if (rg == NULL)
          {
            g_set_error_literal (error, TOPO_EDIT_ERROR, TOPO_EDIT_ERROR_NOT_ALLOWED,
                                 _("Resources must stay inside a resource group"));
            return FALSE;
          }
        if (g_strcmp0 (rg->id, res->group) != 0)
          {
            g_autofree char *gid = g_strdup (rg->id);
            double rx = MAX (0, res->bounds.x - rg->bounds.x);
            double ry = MAX (TOPO_GROUP_HEADER, res->bounds.y - rg->bounds.y);

            if (!topo_edit_reparent (self->doc, id, gid, rx, ry, error))
              return FALSE;
          }
        {
          g_autofree char *gid = g_strdup (rg->id);
          keep_card_in_group (self, id, gid);
          grow_group_to_fit (self, gid);
        }
      }
    }
  return TRUE;
}

void
_topo_canvas_release (TopoCanvas *self,
                      double      wx,
                      double      wy)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (self->doc == NULL || self->mode == DRAG_NONE)
    return;

  _topo_canvas_drag_to (self, wx, wy);

  switch (self->mode)
    {
    case DRAG_MOVE:
      if ((self->applied_dx != 0 || self->applied_dy != 0) && !finish_move (self, &error))
        {
          self->group_open = FALSE;
          topo_document_cancel_group (self->doc);
          emit_message (self, error->message);
        }
      else
        close_group (self);
      break;

    case DRAG_RESIZE:
      close_group (self);
      break;

    case DRAG_CONNECT:
      {
        const TopoResource *target = topo_layout_resource_at (self->doc, self->cur_x, self->cur_y);

        if (target != NULL && target->kind != TOPO_KIND_RESOURCE_GROUP &&
            g_strcmp0 (target->id, self->drag_item) != 0)
          {
            const TopoResource *source = topo_document_lookup (self->doc, self->drag_item);
            g_autofree char *from = g_strdup (self->drag_item);
            g_autofree char *to = g_strdup (target->id);

            /* links have a direction (workspace → storage); dragging the other way means the
             * same link, so draw it the way the format allows */
            if (source != NULL && topo_link_type_for_kinds (source->kind, target->kind) < 0 &&
                topo_link_type_for_kinds (target->kind, source->kind) >= 0)
              {
                char *t = from;
                from = to;
                to = t;
              }
            if (!topo_edit_connect (self->doc, from, to, TOPO_ACCESS_UNSET, &error))
              emit_message (self, error->message);
            else
              topo_canvas_select_link (self, topo_document_get_n_links (self->doc) - 1);
          }
        g_clear_pointer (&self->hovered, g_free);
      }
      break;

    case DRAG_RUBBER:
      {
        TopoRect r = {
          MIN (self->press_x, self->cur_x), MIN (self->press_y, self->cur_y),
          fabs (self->cur_x - self->press_x), fabs (self->cur_y - self->press_y)
        };
        guint n = topo_document_get_n_resources (self->doc);
        gboolean changed = FALSE;

        if (r.w * self->scale < 3 && r.h * self->scale < 3)
          break;
        for (guint i = 0; i < n; i++)
          {
            const TopoResource *res = topo_document_get_resource (self->doc, i);
            const TopoRect *b = &res->bounds;
            gboolean hit;

            /* cards are picked when touched, RGs only when wholly inside */
            if (res->kind == TOPO_KIND_RESOURCE_GROUP)
              hit = b->x >= r.x && b->y >= r.y && b->x + b->w <= r.x + r.w &&
                    b->y + b->h <= r.y + r.h;
            else
              hit = topo_rect_intersects (b, &r);
            if (hit && !is_selected (self, res->id))
              {
                g_hash_table_add (self->selection, g_strdup (res->id));
                changed = TRUE;
              }
          }
        if (changed)
          selection_changed (self);
      }
      break;

    case DRAG_NONE:
    default:
      break;
    }

  reset_drag (self);
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

void
_topo_canvas_cancel (TopoCanvas *self)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (self->group_open)
    {
      self->group_open = FALSE;
      topo_document_cancel_group (self->doc);
    }
  if (self->mode == DRAG_CONNECT)
    g_clear_pointer (&self->hovered, g_free);
  reset_drag (self);
}

void
_topo_canvas_set_connect_mode (TopoCanvas *self,
                               gboolean    connect_mode)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  connect_mode = !!connect_mode;
  if (self->connect_mode == connect_mode)
    return;
  self->connect_mode = connect_mode;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), connect_mode ? "crosshair" : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_MODE]);
}

/* Drop from the palette */

static int
payload_kind (const char *payload)
{
  if (payload == NULL || !g_str_has_prefix (payload, "palette:"))
    return -1;
  return topo_kind_from_string (payload + strlen ("palette:"));
}

/* Where a drop of kind at design (x, y) would go: the lane for an RG, the RG for a card. */
static gboolean
drop_zone (TopoCanvas  *self,
           int          kind,
           double       x,
           double       y,
           TopoRect    *zone)
{
  topo_layout_update (self->doc);
  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      int li = topo_layout_lane_at (self->doc, x, y);
      if (li < 0)
        return FALSE;
      *zone = topo_layout_get_lane (self->doc, li)->bounds;
      return TRUE;
    }
  else
    {
      const TopoResource *rg = topo_layout_group_at (self->doc, x, y);
      if (rg == NULL)
        return FALSE;
      *zone = rg->bounds;
      return TRUE;
    }
}

gboolean
_topo_canvas_drop (TopoCanvas *self,
                   const char *payload,
                   double      wx,
                   double      wy)
{
  g_autoptr(GError) error = NULL;
  int kind = payload_kind (payload);
  const char *new_id = NULL;
  double x, y;

  g_return_val_if_fail (TOPO_IS_CANVAS (self), FALSE);

  self->drop_active = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->doc == NULL || kind < 0)
    return FALSE;

  topo_layout_update (self->doc);
  topo_canvas_widget_to_design (self, wx, wy, &x, &y);

  if (kind == TOPO_KIND_RESOURCE_GROUP)
    {
      int li = topo_layout_lane_at (self->doc, x, y);
      const TopoLane *lane;
      g_autofree char *region = NULL;

      if (li < 0)
        {
          emit_message (self, _("Drop resource groups onto a region lane"));
          return FALSE;
        }
      lane = topo_layout_get_lane (self->doc, li);
      region = g_strdup (lane->region);
      /* the pointer marks the RG's top-left corner, right of the lane label */
      new_id = topo_edit_add_resource (self->doc, kind, NULL, region,
                                       snap_value (self, MAX (x - lane->bounds.x -
                                                              TOPO_LANE_HEADER_WIDTH, 0)),
                                       snap_value (self, MAX (y - lane->bounds.y, 0)),
                                       &error);
    }
  else
    {
      const TopoResource *rg = topo_layout_group_at (self->doc, x, y);
      g_autofree char *gid = NULL;
      double w, h, cx, cy;

      if (rg == NULL)
        {
          emit_message (self, _("Drop resources inside a resource group"));
          return FALSE;
        }
      gid = g_strdup (rg->id);
      topo_layout_card_size (kind, &w, &h);
      /* the card is centred on the pointer, but kept inside the RG's content area */
      cx = CLAMP (x - rg->bounds.x - w / 2, TOPO_GROUP_PADDING,
                  MAX (TOPO_GROUP_PADDING, rg->bounds.w - w - TOPO_GROUP_PADDING));
      cy = CLAMP (y - rg->bounds.y - h / 2, TOPO_GROUP_HEADER,
                  MAX (TOPO_GROUP_HEADER, rg->bounds.h - h - TOPO_GROUP_PADDING));
      cx = snap_value (self, cx);
      cy = snap_value (self, cy);
      /* on top of another card: take the RG's next free spot instead */
      {
        TopoRect r = { rg->bounds.x + cx, rg->bounds.y + cy, w, h };
        guint n = topo_document_get_n_resources (self->doc);

        for (guint i = 0; i < n; i++)
          {
            const TopoResource *other = topo_document_get_resource (self->doc, i);
            if (other->kind != TOPO_KIND_RESOURCE_GROUP && g_strcmp0 (other->group, gid) == 0 &&
                topo_rect_intersects (&other->bounds, &r))
              {
                topo_layout_free_spot (self->doc, gid, NULL, &cx, &cy);
                break;
              }
          }
      }
      topo_document_begin_group (self->doc, _("Add"));
      new_id = topo_edit_add_resource (self->doc, kind, gid, NULL, cx, cy, &error);
      if (new_id != NULL)
        {
          g_autofree char *keep = g_strdup (new_id);
          grow_group_to_fit (self, gid);
          new_id = topo_document_lookup (self->doc, keep)->id;
        }
      topo_document_end_group (self->doc);
    }

  if (new_id == NULL)
    {
      emit_message (self, error->message);
      return FALSE;
    }

  select_only (self, new_id);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  return TRUE;
}

static gboolean
topo_canvas_drop_cb (TopoCanvas    *self,
                     const GValue  *value,
                     double         x,
                     double         y,
                     GtkDropTarget *target)
{
  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  return _topo_canvas_drop (self, g_value_get_string (value), x, y);
}

static GdkDragAction
topo_canvas_drop_motion_cb (TopoCanvas    *self,
                            double         wx,
                            double         wy,
                            GtkDropTarget *target)
{
  const GValue *value = gtk_drop_target_get_value (target);
  int kind = value && G_VALUE_HOLDS_STRING (value) ?
             payload_kind (g_value_get_string (value)) : TOPO_KIND_WORKSPACE;
  double x, y;

  if (self->doc == NULL || kind < 0)
    return 0;

  topo_canvas_widget_to_design (self, wx, wy, &x, &y);
  self->drop_active = TRUE;
  self->drop_ok = drop_zone (self, kind, x, y, &self->drop_rect);
  if (!self->drop_ok)
    {
      self->drop_rect = (TopoRect) { x - 4 / self->scale, y - 4 / self->scale,
                                     8 / self->scale, 8 / self->scale };
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->drop_ok ? GDK_ACTION_COPY : 0;
}

static void
topo_canvas_drop_leave_cb (TopoCanvas    *self,
                           GtkDropTarget *target)
{
  self->drop_active = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Controller callbacks: translate, then call the functions above. */

static void
topo_canvas_drag_begin_cb (TopoCanvas     *self,
                           double          x,
                           double          y,
                           GtkGestureDrag *gesture)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* kept here rather than asked from the gesture, so emitted signals (tests) work the same */
  self->gesture_x = x;
  self->gesture_y = y;
  _topo_canvas_press (self, x, y, state);
}

static void
topo_canvas_drag_update_cb (TopoCanvas     *self,
                            double          offset_x,
                            double          offset_y,
                            GtkGestureDrag *gesture)
{
  _topo_canvas_drag_to (self, self->gesture_x + offset_x, self->gesture_y + offset_y);
}

static void
topo_canvas_drag_end_cb (TopoCanvas     *self,
                         double          offset_x,
                         double          offset_y,
                         GtkGestureDrag *gesture)
{
  _topo_canvas_release (self, self->gesture_x + offset_x, self->gesture_y + offset_y);
}

static void
topo_canvas_drag_cancel_cb (TopoCanvas       *self,
                            GdkEventSequence *sequence,
                            GtkGesture       *gesture)
{
  _topo_canvas_cancel (self);
}

static void
topo_canvas_pan_begin_cb (TopoCanvas     *self,
                          double          x,
                          double          y,
                          GtkGestureDrag *gesture)
{
  self->pan_origin_x = self->origin_x;
  self->pan_origin_y = self->origin_y;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
topo_canvas_pan_update_cb (TopoCanvas     *self,
                           double          offset_x,
                           double          offset_y,
                           GtkGestureDrag *gesture)
{
  topo_canvas_set_view (self, self->scale,
                        self->pan_origin_x - offset_x / self->scale,
                        self->pan_origin_y - offset_y / self->scale);
}

static void
topo_canvas_pan_end_cb (TopoCanvas     *self,
                        double          offset_x,
                        double          offset_y,
                        GtkGestureDrag *gesture)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static gboolean
topo_canvas_scroll_cb (TopoCanvas               *self,
                       double                    dx,
                       double                    dy,
                       GtkEventControllerScroll *scroll)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  gboolean wheel = gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double steps = wheel ? dy : dy / 20.0;
      topo_canvas_zoom_at (self, pow (1.15, -steps), self->pointer_x, self->pointer_y);
    }
  else
    {
      double step = wheel ? 48.0 : 1.0;
      if (state & GDK_SHIFT_MASK)
        topo_canvas_pan (self, dy * step, dx * step);
      else
        topo_canvas_pan (self, dx * step, dy * step);
    }
  return TRUE;
}

static void
topo_canvas_zoom_begin_cb (TopoCanvas       *self,
                           GdkEventSequence *sequence,
                           GtkGesture       *gesture)
{
  self->zoom_start_scale = self->scale;
}

static void
topo_canvas_zoom_scale_cb (TopoCanvas     *self,
                           double          scale,
                           GtkGestureZoom *gesture)
{
  double cx = 0, cy = 0;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy);
  topo_canvas_zoom_at (self, self->zoom_start_scale * scale / self->scale, cx, cy);
}

static void
update_hover (TopoCanvas *self,
              double      wx,
              double      wy)
{
  const TopoResource *item = NULL, *rg = NULL;
  g_autofree char *hover_key = NULL;
  const char *cursor = NULL;
  double x, y;

  self->pointer_x = wx;
  self->pointer_y = wy;
  if (self->doc == NULL || self->mode != DRAG_NONE)
    return;

  topo_layout_update (self->doc);
  topo_canvas_widget_to_design (self, wx, wy, &x, &y);

  if (connect_handle_at (self, x, y) != NULL)
    cursor = "crosshair";
  else
    {
      int corner = resize_corner_at (self, x, y, &rg);
      if (corner == CORNER_NW || corner == CORNER_SE)
        cursor = "nwse-resize";
      else if (corner >= 0)
        cursor = "nesw-resize";
      else
        {
          item = topo_layout_resource_at (self->doc, x, y);
          if (item != NULL && item->kind != TOPO_KIND_RESOURCE_GROUP)
            cursor = self->connect_mode ? "crosshair" : "grab";
          else
            {
              int link;

              item = NULL;
              if (!self->connect_mode && (link = link_at (self, x, y)) >= 0)
                {
                  hover_key = g_strdup_printf ("link:%d", link);
                  cursor = "pointer";
                }
              else if (topo_layout_group_at (self->doc, x, y) != NULL)
                cursor = self->connect_mode ? "crosshair" : "grab";
              else if (self->connect_mode)
                cursor = "crosshair";
            }
        }
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);

  if (hover_key == NULL && item != NULL)
    hover_key = g_strdup (item->id);
  if (g_strcmp0 (self->hovered, hover_key) != 0)
    {
      g_free (self->hovered);
      self->hovered = g_steal_pointer (&hover_key);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
topo_canvas_motion_cb (TopoCanvas               *self,
                       double                    x,
                       double                    y,
                       GtkEventControllerMotion *motion)
{
  update_hover (self, x, y);
}

static void
topo_canvas_leave_cb (TopoCanvas               *self,
                      GtkEventControllerMotion *motion)
{
  if (self->hovered != NULL && self->mode == DRAG_NONE)
    {
      g_clear_pointer (&self->hovered, g_free);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Inline rename */

GtkWidget *
_topo_canvas_get_rename_entry (TopoCanvas *self)
{
  return self->rename_entry;
}

void
_topo_canvas_begin_rename (TopoCanvas *self,
                           const char *id)
{
  const TopoResource *res;
  GdkRectangle rect;
  double wx, wy;

  g_return_if_fail (TOPO_IS_CANVAS (self));

  if (self->doc == NULL || (res = topo_document_lookup (self->doc, id)) == NULL)
    return;

  topo_layout_update (self->doc);
  g_free (self->rename_id);
  self->rename_id = g_strdup (id);
  topo_canvas_design_to_widget (self, res->bounds.x, res->bounds.y, &wx, &wy);
  rect.x = (int) wx;
  rect.y = (int) wy;
  rect.width = MAX (1, (int) (res->bounds.w * self->scale));
  rect.height = MAX (1, (int) (MIN (res->bounds.h, TOPO_GROUP_HEADER) * self->scale));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->rename_popover), &rect);
  gtk_editable_set_text (GTK_EDITABLE (self->rename_entry), topo_resource_get_name (res));
  gtk_widget_remove_css_class (self->rename_entry, "error");
  gtk_widget_set_tooltip_text (self->rename_entry, NULL);
  gtk_popover_popup (GTK_POPOVER (self->rename_popover));
  gtk_widget_grab_focus (self->rename_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->rename_entry), 0, -1);
}

static void
topo_canvas_rename_activate_cb (TopoCanvas *self,
                                GtkEntry   *entry)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (self->doc == NULL || self->rename_id == NULL)
    return;

  if (!topo_edit_set_property (self->doc, self->rename_id, "name", text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      emit_message (self, error->message);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self->rename_popover));
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
topo_canvas_click_pressed_cb (TopoCanvas      *self,
                              int              n_press,
                              double           wx,
                              double           wy,
                              GtkGestureClick *click)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (click));
  const TopoResource *item;
  double x, y;

  if (self->doc == NULL)
    return;

  topo_layout_update (self->doc);
  topo_canvas_widget_to_design (self, wx, wy, &x, &y);
  item = item_at (self, x, y);

  if (button == GDK_BUTTON_SECONDARY)
    {
      GdkRectangle rect = { (int) wx, (int) wy, 1, 1 };

      gtk_widget_grab_focus (GTK_WIDGET (self));
      if (item != NULL && !is_selected (self, item->id))
        select_only (self, item->id);
      gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
      gtk_popover_popup (GTK_POPOVER (self->context_menu));
    }
  else if (button == GDK_BUTTON_PRIMARY && n_press == 2 && item != NULL)
    {
      _topo_canvas_cancel (self);
      _topo_canvas_begin_rename (self, item->id);
    }
}

/* Actions */

static void
action_zoom (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  double cx = gtk_widget_get_width (widget) / 2.0;
  double cy = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action_name, "canvas.zoom-in"))
    topo_canvas_zoom_at (self, 1.25, cx, cy);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    topo_canvas_zoom_at (self, 1 / 1.25, cx, cy);
  else if (g_str_equal (action_name, "canvas.zoom-reset"))
    topo_canvas_zoom_at (self, 1.0 / self->scale, cx, cy);
  else
    topo_canvas_fit (self);
}

static void
action_delete (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);

  if (self->doc == NULL || self->mode != DRAG_NONE)
    return;
  if (self->selected_link >= 0)
    {
      g_autoptr(GError) error = NULL;
      if (!topo_edit_disconnect (self->doc, self->selected_link, &error))
        emit_message (self, error->message);
      return;
    }
  if (g_hash_table_size (self->selection) > 0)
    {
      g_auto(GStrv) ids = topo_canvas_get_selection (self);
      topo_edit_remove (self->doc, (const char *const *) ids);
    }
}

static void
action_select_all (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  guint n;

  if (self->doc == NULL)
    return;
  n = topo_document_get_n_resources (self->doc);
  g_hash_table_remove_all (self->selection);
  self->selected_link = -1;
  for (guint i = 0; i < n; i++)
    g_hash_table_add (self->selection, g_strdup (topo_document_get_resource (self->doc, i)->id));
  selection_changed (self);
}

static void
action_rename (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  const TopoResource *res;

  if (self->doc != NULL && (res = single_selected (self)) != NULL)
    _topo_canvas_begin_rename (self, res->id);
}

static void
action_cancel (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);

  if (self->mode != DRAG_NONE)
    {
      _topo_canvas_cancel (self);
      /* also stop the gesture so later motion does not restart anything */
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
    }
  else if (self->connect_mode)
    _topo_canvas_set_connect_mode (self, FALSE);
  else if (g_hash_table_size (self->selection) > 0 || self->selected_link >= 0)
    topo_canvas_set_selection (self, NULL);
}

static void
action_nudge (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  g_auto(GStrv) ids = NULL;
  int dx, dy;

  if (self->doc == NULL || self->mode != DRAG_NONE || g_hash_table_size (self->selection) == 0)
    return;
  g_variant_get (param, "(ii)", &dx, &dy);
  ids = movable_selection (self);
  topo_edit_move (self->doc, (const char *const *) ids, dx * TOPO_CANVAS_GRID, dy * TOPO_CANVAS_GRID);
}

/* Drawing */


static void
draw_overlay (TopoCanvas *self,
              cairo_t    *cr)
{
  const double accent[3] = { 0.21, 0.52, 0.89 };   /* libadwaita blue 3 */
  double px = 1 / self->scale;
  GHashTableIter iter;
  gpointer key;

  /* resize handles of selected RGs, connect handle of a single selected card */
  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const TopoResource *res = topo_document_lookup (self->doc, key);
      if (res == NULL)
        continue;
      cairo_set_line_width (cr, 2 * px);
      cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
      cairo_rectangle (cr, res->bounds.x - 2 * px, res->bounds.y - 2 * px,
                       res->bounds.w + 4 * px, res->bounds.h + 4 * px);
      cairo_stroke (cr);
      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          for (int c = 0; c < 4; c++)
            {
              double cx, cy, s = HANDLE_SIZE * px;
              corner_point (&res->bounds, c, &cx, &cy);
              cairo_rectangle (cr, cx - s / 2, cy - s / 2, s, s);
              cairo_set_source_rgb (cr, 1, 1, 1);
              cairo_fill_preserve (cr);
              cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
              cairo_set_line_width (cr, 1.5 * px);
              cairo_stroke (cr);
            }
        }
    }

  {
    const TopoResource *res = single_selected (self);
    if (res != NULL && res->kind != TOPO_KIND_RESOURCE_GROUP && self->mode != DRAG_MOVE)
      {
        double hx, hy;
        connect_handle_design (res, &hx, &hy);
        cairo_arc (cr, hx, hy, CONNECT_HANDLE_R * px, 0, 2 * G_PI);
        cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_set_line_width (cr, 1.5 * px);
        cairo_stroke (cr);
        /* a "+" so it reads as "drag to connect" */
        cairo_move_to (cr, hx - 3 * px, hy);
        cairo_line_to (cr, hx + 3 * px, hy);
        cairo_move_to (cr, hx, hy - 3 * px);
        cairo_line_to (cr, hx, hy + 3 * px);
        cairo_stroke (cr);
      }
  }

  if (self->mode == DRAG_CONNECT && self->drag_item != NULL)
    {
      const TopoResource *src = topo_document_lookup (self->doc, self->drag_item);
      if (src != NULL)
        {
          double hx, hy;
          double dash[] = { 6 * px, 4 * px };
          const TopoResource *dst = self->hovered ? topo_document_lookup (self->doc, self->hovered) : NULL;

          connect_handle_design (src, &hx, &hy);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_set_line_width (cr, 2 * px);
          cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
          cairo_move_to (cr, hx, hy);
          cairo_line_to (cr, self->cur_x, self->cur_y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          if (dst != NULL && dst != src)
            {
              gboolean ok = topo_link_type_for_kinds (src->kind, dst->kind) >= 0 ||
                            topo_link_type_for_kinds (dst->kind, src->kind) >= 0;
              if (ok)
                cairo_set_source_rgb (cr, 0.18, 0.76, 0.49);
              else
                cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
              cairo_rectangle (cr, dst->bounds.x - 3 * px, dst->bounds.y - 3 * px,
                               dst->bounds.w + 6 * px, dst->bounds.h + 6 * px);
              cairo_stroke (cr);
            }
        }
    }

  if (self->mode == DRAG_MOVE && self->ghost && self->drag_ids != NULL)
    {
      double dash[] = { 6 * px, 4 * px };
      const TopoResource *main_rg = topo_document_lookup (self->doc, self->drag_item);

      /* the lane the RG will land in */
      if (main_rg != NULL && main_rg->kind == TOPO_KIND_RESOURCE_GROUP)
        {
          int li = ghost_lane (self, main_rg);
          if (li >= 0)
            {
              const TopoLane *lane = topo_layout_get_lane (self->doc, li);
              cairo_rectangle (cr, lane->bounds.x, lane->bounds.y, lane->bounds.w, lane->bounds.h);
              cairo_set_source_rgba (cr, accent[0], accent[1], accent[2], 0.08);
              cairo_fill (cr);
            }
        }
      for (guint i = 0; self->drag_ids[i] != NULL; i++)
        {
          const TopoResource *res = topo_document_lookup (self->doc, self->drag_ids[i]);
          if (res == NULL)
            continue;
          cairo_rectangle (cr, res->bounds.x + self->applied_dx, res->bounds.y + self->applied_dy,
                           res->bounds.w, res->bounds.h);
          cairo_set_source_rgba (cr, accent[0], accent[1], accent[2], 0.12);
          cairo_fill_preserve (cr);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_set_line_width (cr, 2 * px);
          cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }

  if (self->mode == DRAG_RUBBER)
    {
      cairo_rectangle (cr, MIN (self->press_x, self->cur_x), MIN (self->press_y, self->cur_y),
                       fabs (self->cur_x - self->press_x), fabs (self->cur_y - self->press_y));
      cairo_set_source_rgba (cr, accent[0], accent[1], accent[2], 0.15);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, accent[0], accent[1], accent[2], 0.8);
      cairo_set_line_width (cr, px);
      cairo_stroke (cr);
    }

  if (self->drop_active)
    {
      TopoRect *r = &self->drop_rect;
      double dash[] = { 8 * px, 4 * px };

      cairo_rectangle (cr, r->x, r->y, r->w, r->h);
      if (self->drop_ok)
        cairo_set_source_rgba (cr, accent[0], accent[1], accent[2], 0.12);
      else
        cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.12);
      cairo_fill_preserve (cr);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, 2 * px);
      if (self->drop_ok)
        cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
      else
        cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

/* The view cache.
 *
 * Drawing a 10 000-resource design for every frame of a pan or zoom costs more than a frame has,
 * so the design is rendered into immutable tiles of TILE_SIZE device pixels on a grid anchored at
 * a design point, for one scale. Each frame paints the visible tiles, renders only the tiles that
 * come into view, and draws the overlay (handles, previews) on top. A new tile set is started
 * when the content changes (document, selection, hover, badges, theme: compared each frame, so
 * no invalidation can be missed), when the zoom has moved too far from the set's scale, and once
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


static void
content_key_init (TopoCanvas *self,
                  ContentKey *key)
{
  GHashTableIter iter;
  gpointer id;

  memset (key, 0, sizeof *key);
  key->doc = self->doc;
  key->doc_serial = self->doc_serial;
  key->badges_serial = self->badges_serial;
  key->selected_link = self->selected_link;
  key->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      guint h = g_str_hash (id);
      key->n_selected++;
      key->selected_xor ^= h;
      key->selected_sum += h * 2654435761u;
    }
  if (self->hovered != NULL)
    {
      key->hovered_hash = g_str_hash (self->hovered);
      key->hovered_len = strlen (self->hovered) + 1;
    }
}

static void
drop_tiles (TopoCanvas *self)
{
  g_clear_pointer (&self->tiles, tile_set_free);
  g_clear_pointer (&self->old_tiles, tile_set_free);
}

static void
background_color (cairo_t  *cr,
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
  background_color (cr, options->theme == TOPO_THEME_DARK);
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

static void
view_changed (TopoCanvas *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* An empty design says how to start, under its first lane. */
static void
draw_empty_hint (TopoCanvas *self,
                 cairo_t    *cr,
                 gboolean    dark)
{
  g_autoptr(PangoLayout) layout = NULL;
  const TopoLane *lane;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double x, y, x1, y1;

  if (topo_document_get_n_resources (self->doc) > 0 || self->drop_active ||
      topo_layout_get_n_lanes (self->doc) == 0)
    return;
  lane = topo_layout_get_lane (self->doc, 0);
  topo_canvas_design_to_widget (self, lane->bounds.x, lane->bounds.y + lane->bounds.h, &x, &y);
  topo_canvas_design_to_widget (self, lane->bounds.x + lane->bounds.w, y, &x1, &y1);
  x = MAX (x, 0);
  x1 = MIN (x1, width);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                           _("Drag a Resource group from the palette onto a region "
                                             "lane, then drop resources into it"));
  /* centred in the visible part of the lane */
  pango_layout_set_width (layout, (int) MAX (120, x1 - x - 48) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  if (dark)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.55);
  else
    cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_move_to (cr, x + 24, y + 24);
  pango_cairo_show_layout (cr, layout);
}

static void
topo_canvas_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  TopoCanvas *self = TOPO_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int sf = gtk_widget_get_scale_factor (widget);
  ContentKey key;
  gboolean missing = FALSE;
  int tx0, ty0, tx1, ty1;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  content_key_init (self, &key);
  if (memcmp (&key, &self->tiles_key, sizeof key) != 0)
    {
      /* stale content must never show, not even for a frame */
      drop_tiles (self);
      self->tiles_key = key;
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->doc == NULL)
    {
      background_color (cr, key.dark);
      cairo_paint (cr);
      cairo_destroy (cr);
      return;
    }

  if (self->tiles != NULL && self->tiles->sf != sf)
    drop_tiles (self);
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
      background_color (cr, key.dark);
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

  draw_empty_hint (self, cr, key.dark);
  cairo_scale (cr, self->scale, self->scale);
  cairo_translate (cr, -self->origin_x, -self->origin_y);
  draw_overlay (self, cr);
  cairo_destroy (cr);
}

static void
topo_canvas_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
topo_canvas_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  TopoCanvas *self = TOPO_CANVAS (widget);

  if (!self->view_initialised && self->doc != NULL && width > 1 && height > 1)
    {
      self->view_initialised = TRUE;
      initial_view (self);
    }
  gtk_popover_present (GTK_POPOVER (self->rename_popover));
  gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
topo_canvas_style_changed_cb (TopoCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GObject */

static void
topo_canvas_dispose (GObject *object)
{
  TopoCanvas *self = TOPO_CANVAS (object);

  if (self->doc != NULL)
    {
      if (self->group_open)
        {
          self->group_open = FALSE;
          topo_document_cancel_group (self->doc);
        }
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->more_id, g_source_remove);
  g_clear_handle_id (&self->prefetch_id, g_source_remove);
  drop_tiles (self);
  g_clear_pointer (&self->scratch, cairo_surface_destroy);
  g_clear_pointer (&self->rename_popover, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);

  G_OBJECT_CLASS (topo_canvas_parent_class)->dispose (object);
}

static void
topo_canvas_finalize (GObject *object)
{
  TopoCanvas *self = TOPO_CANVAS (object);

  g_clear_pointer (&self->selection, g_hash_table_unref);
  g_clear_pointer (&self->badges, g_hash_table_unref);
  g_clear_pointer (&self->hovered, g_free);
  g_clear_pointer (&self->rename_id, g_free);
  g_clear_pointer (&self->drag_ids, g_strfreev);
  g_clear_pointer (&self->drag_item, g_free);

  G_OBJECT_CLASS (topo_canvas_parent_class)->finalize (object);
}

static void
topo_canvas_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TopoCanvas *self = TOPO_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->doc);
      break;
    case PROP_CONNECT_MODE:
      g_value_set_boolean (value, self->connect_mode);
      break;
    case PROP_SNAP_TO_GRID:
      g_value_set_boolean (value, self->snap);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_canvas_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TopoCanvas *self = TOPO_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      topo_canvas_set_document (self, g_value_get_object (value));
      break;
    case PROP_CONNECT_MODE:
      _topo_canvas_set_connect_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SNAP_TO_GRID:
      if (self->snap != g_value_get_boolean (value))
        {
          self->snap = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_canvas_class_init (TopoCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_canvas_dispose;
  object_class->finalize = topo_canvas_finalize;
  object_class->get_property = topo_canvas_get_property;
  object_class->set_property = topo_canvas_set_property;

  widget_class->snapshot = topo_canvas_snapshot;
  widget_class->measure = topo_canvas_measure;
  widget_class->size_allocate = topo_canvas_size_allocate;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, TOPO_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_MODE] =
    g_param_spec_boolean ("connect-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAP_TO_GRID] =
    g_param_spec_boolean ("snap-to-grid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A refusal or problem to show the user (a toast in the window). */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-reset", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.fit", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, action_delete);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, action_select_all);
  gtk_widget_class_install_action (widget_class, "canvas.rename", NULL, action_rename);
  gtk_widget_class_install_action (widget_class, "canvas.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "canvas.nudge", "(ii)", action_nudge);
  gtk_widget_class_install_property_action (widget_class, "canvas.connect-mode", "connect-mode");
  gtk_widget_class_install_property_action (widget_class, "canvas.snap-to-grid", "snap-to-grid");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "canvas.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "canvas.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "canvas.connect-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "canvas.nudge", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "canvas.nudge", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "canvas.nudge", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "canvas.nudge", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", -5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, -5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, 5);

  gtk_widget_class_set_css_name (widget_class, "topocanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GMenuModel *
build_context_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) view = g_menu_new ();

  g_menu_append (edit, _("_Rename"), "canvas.rename");
  g_menu_append (edit, _("_Delete"), "canvas.delete");
  g_menu_append (edit, _("_Connect Tool"), "canvas.connect-mode");
  g_menu_append (view, _("Select _All"), "canvas.select-all");
  g_menu_append (view, _("_Fit to Window"), "canvas.fit");
  g_menu_append (view, _("_Snap to Grid"), "canvas.snap-to-grid");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  return G_MENU_MODEL (menu);
}

static void
topo_canvas_init (TopoCanvas *self)
{
  GtkEventController *controller;
  g_autoptr(GMenuModel) menu = NULL;

  self->scale = 1.0;
  self->snap = TRUE;
  self->selected_link = -1;
  self->selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_static_name (GTK_EVENT_CONTROLLER (self->drag), "canvas-drag");
  g_signal_connect_object (self->drag, "drag-begin", G_CALLBACK (topo_canvas_drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drag, "drag-update", G_CALLBACK (topo_canvas_drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drag, "drag-end", G_CALLBACK (topo_canvas_drag_end_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drag, "cancel", G_CALLBACK (topo_canvas_drag_cancel_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag));

  self->pan_drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->pan_drag), GDK_BUTTON_MIDDLE);
  g_signal_connect_object (self->pan_drag, "drag-begin", G_CALLBACK (topo_canvas_pan_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pan_drag, "drag-update", G_CALLBACK (topo_canvas_pan_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pan_drag, "drag-end", G_CALLBACK (topo_canvas_pan_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->pan_drag));

  self->click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->click), 0);
  g_signal_connect_object (self->click, "pressed", G_CALLBACK (topo_canvas_click_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->click));

  self->zoom = gtk_gesture_zoom_new ();
  g_signal_connect_object (self->zoom, "begin", G_CALLBACK (topo_canvas_zoom_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->zoom, "scale-changed", G_CALLBACK (topo_canvas_zoom_scale_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->zoom));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (topo_canvas_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (topo_canvas_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (topo_canvas_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  gtk_drop_target_set_preload (self->drop, TRUE);
  g_signal_connect_object (self->drop, "drop", G_CALLBACK (topo_canvas_drop_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop, "motion", G_CALLBACK (topo_canvas_drop_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop, "leave", G_CALLBACK (topo_canvas_drop_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop));

  self->rename_entry = gtk_entry_new ();
  gtk_editable_set_width_chars (GTK_EDITABLE (self->rename_entry), 24);
  g_signal_connect_object (self->rename_entry, "activate", G_CALLBACK (topo_canvas_rename_activate_cb), self, G_CONNECT_SWAPPED);
  self->rename_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->rename_popover), self->rename_entry);
  gtk_popover_set_position (GTK_POPOVER (self->rename_popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->rename_popover, GTK_WIDGET (self));

  menu = build_context_menu ();
  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->context_menu), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (topo_canvas_style_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
topo_canvas_new (void)
{
  return g_object_new (TOPO_TYPE_CANVAS, NULL);
}

GtkGesture *
_topo_canvas_get_drag_gesture (TopoCanvas *self)
{
  return self->drag;
}

GtkGesture *
_topo_canvas_get_click_gesture (TopoCanvas *self)
{
  return self->click;
}

const char *
_topo_canvas_get_hovered (TopoCanvas *self)
{
  return self->hovered;
}

GtkDropTarget *
_topo_canvas_get_drop_target (TopoCanvas *self)
{
  return self->drop;
}
