/* topo-canvas-gestures.c: the canvas' pointer gestures: select, move, resize, connect, rubber band
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-canvas"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "topo-canvas-private.h"
#include "topo-edit.h"
#include "topo-layout.h"
#include "topo-spatial-index.h"

#define HANDLE_SIZE 10.0     /* widget pixels */
#define CONNECT_HANDLE_R 7.0 /* widget pixels */

/* Corners of an RG for resizing. */
enum { CORNER_NW, CORNER_NE, CORNER_SW, CORNER_SE };

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

const TopoResource *
_topo_canvas_single_selected (TopoCanvas *self)
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
  const TopoResource *res = _topo_canvas_single_selected (self);
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
GStrv
_topo_canvas_movable_selection (TopoCanvas *self)
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
          _topo_canvas_selection_changed (self);
          if (!is_selected (self, item->id))
            return;
        }
      else if (!is_selected (self, item->id))
        _topo_canvas_select_only (self, item->id);

      self->mode = DRAG_MOVE;
      self->drag_ids = _topo_canvas_movable_selection (self);
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
    r.x = MIN (_topo_canvas_snap_value (self, r.x + dx), right - TOPO_GROUP_MIN_WIDTH);
  else
    right = MAX (_topo_canvas_snap_value (self, right + dx), r.x + TOPO_GROUP_MIN_WIDTH);
  if (self->resize_corner == CORNER_NW || self->resize_corner == CORNER_NE)
    r.y = MIN (_topo_canvas_snap_value (self, r.y + dy), bottom - TOPO_GROUP_MIN_HEIGHT);
  else
    bottom = MAX (_topo_canvas_snap_value (self, bottom + dy), r.y + TOPO_GROUP_MIN_HEIGHT);
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
        double total_x = _topo_canvas_snap_value (self, x - self->press_x);
        double total_y = _topo_canvas_snap_value (self, y - self->press_y);
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
void
_topo_canvas_grow_group_to_fit (TopoCanvas *self,
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
          _topo_canvas_grow_group_to_fit (self, gid);
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
          _topo_canvas_emit_message (self, error->message);
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
              _topo_canvas_emit_message (self, error->message);
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
          _topo_canvas_selection_changed (self);
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
        _topo_canvas_select_only (self, item->id);
      gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
      gtk_popover_popup (GTK_POPOVER (self->context_menu));
    }
}

/* Drawing */

void
_topo_canvas_draw_overlay (TopoCanvas *self,
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
    const TopoResource *res = _topo_canvas_single_selected (self);
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
}

void
_topo_canvas_gestures_init (TopoCanvas *self)
{
  GtkEventController *controller;

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
}
