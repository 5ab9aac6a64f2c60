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
  *x = (corner == TOPO_CORNER_NE || corner == TOPO_CORNER_SE) ? b->x + b->w : b->x;
  *y = (corner == TOPO_CORNER_SW || corner == TOPO_CORNER_SE) ? b->y + b->h : b->y;
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

/* The link under (x, y) as the renderer draws it, or -1. */
static int
link_at (TopoCanvas *self,
         double      x,
         double      y)
{
  return topo_interaction_link_at (self->doc, x, y, MAX (5.0 / self->scale, 2.0));
}

/* Gestures: the core's TopoGesture does the editing; here only events and feedback. */

static void
reset_drag (TopoCanvas *self)
{
  self->mode = DRAG_NONE;
  g_clear_pointer (&self->gesture, topo_gesture_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GStrv
selection_ids (TopoCanvas *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->selection);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_strv_builder_add (builder, key);
  return g_strv_builder_end (builder);
}

/* The selected ids to move: children of a selected RG move with it already. */
GStrv
_topo_canvas_movable_selection (TopoCanvas *self)
{
  g_auto(GStrv) ids = selection_ids (self);

  return topo_interaction_movable (self->doc, (const char *const *) ids);
}

static double
grid (TopoCanvas *self)
{
  return self->snap ? TOPO_CANVAS_GRID : 0;
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

  if ((item = connect_handle_at (self, x, y)) != NULL)
    {
      self->mode = DRAG_CONNECT;
      self->gesture = topo_gesture_begin_connect (self->doc, item->id, x, y);
      return;
    }

  if (!extend && (corner = resize_corner_at (self, x, y, &rg)) >= 0)
    {
      self->mode = DRAG_RESIZE;
      self->gesture = topo_gesture_begin_resize (self->doc, rg->id, (TopoCorner) corner, x, y);
      return;
    }

  /* notes (drawn over everything), then cards, then links (drawn over RG boxes), then RGs */
  {
    const TopoNote *note = self->connect_mode ? NULL : topo_layout_note_at (self->doc, x, y);

    if (note != NULL)
      {
        g_auto(GStrv) ids = NULL;

        if (extend)
          {
            if (!g_hash_table_remove (self->selection, note->id))
              g_hash_table_add (self->selection, g_strdup (note->id));
            self->selected_link = -1;
            _topo_canvas_selection_changed (self);
            if (!is_selected (self, note->id))
              return;
          }
        else if (!is_selected (self, note->id))
          _topo_canvas_select_only (self, note->id);
        self->mode = DRAG_MOVE;
        ids = selection_ids (self);
        self->gesture = topo_gesture_begin_move (self->doc, (const char *const *) ids, x, y);
        return;
      }
  }
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
      g_auto(GStrv) ids = NULL;

      if (self->connect_mode && item->kind != TOPO_KIND_RESOURCE_GROUP)
        {
          self->mode = DRAG_CONNECT;
          self->gesture = topo_gesture_begin_connect (self->doc, item->id, x, y);
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
      ids = selection_ids (self);
      self->gesture = topo_gesture_begin_move (self->doc, (const char *const *) ids, x, y);
      return;
    }

  if (!extend && (g_hash_table_size (self->selection) > 0 || self->selected_link >= 0))
    topo_canvas_set_selection (self, NULL);
  self->mode = DRAG_RUBBER;
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
  if (self->gesture != NULL)
    topo_gesture_update (self->gesture, x, y, grid (self));

  switch (self->mode)
    {
    case DRAG_MOVE:
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case DRAG_CONNECT:
      g_clear_pointer (&self->hovered, g_free);
      self->hovered = g_strdup (topo_gesture_get_target (self->gesture, NULL));
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case DRAG_RESIZE:
    case DRAG_RUBBER:
    case DRAG_NONE:
    default:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    }
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
    case DRAG_RESIZE:
      if (!topo_gesture_finish (self->gesture, &error))
        _topo_canvas_emit_message (self, error->message);
      break;

    case DRAG_CONNECT:
      if (!topo_gesture_finish (self->gesture, &error))
        _topo_canvas_emit_message (self, error->message);
      else if (topo_gesture_get_link (self->gesture) >= 0)
        topo_canvas_select_link (self, topo_gesture_get_link (self->gesture));
      g_clear_pointer (&self->hovered, g_free);
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

  if (self->gesture != NULL)
    topo_gesture_cancel (self->gesture);
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
      if (corner == TOPO_CORNER_NW || corner == TOPO_CORNER_SE)
        cursor = "nwse-resize";
      else if (corner >= 0)
        cursor = "nesw-resize";
      else
        {
          const TopoNote *note = self->connect_mode ? NULL : topo_layout_note_at (self->doc, x, y);

          item = note == NULL ? topo_layout_resource_at (self->doc, x, y) : NULL;
          if (note != NULL)
            {
              hover_key = g_strdup (note->id);
              cursor = "grab";
            }
          else if (item != NULL && item->kind != TOPO_KIND_RESOURCE_GROUP)
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

  self->click_x = wx;
  self->click_y = wy;
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
      _topo_canvas_popup_context_menu (self, &rect);
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

  if (self->mode == DRAG_CONNECT && self->gesture != NULL)
    {
      const TopoResource *src = topo_document_lookup (self->doc, topo_gesture_get_ids (self->gesture)[0]);
      if (src != NULL)
        {
          double hx, hy;
          double dash[] = { 6 * px, 4 * px };
          gboolean ok = FALSE;
          const char *target = topo_gesture_get_target (self->gesture, &ok);
          const TopoResource *dst = target ? topo_document_lookup (self->doc, target) : NULL;

          connect_handle_design (src, &hx, &hy);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_set_line_width (cr, 2 * px);
          cairo_set_source_rgb (cr, accent[0], accent[1], accent[2]);
          cairo_move_to (cr, hx, hy);
          cairo_line_to (cr, self->cur_x, self->cur_y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          if (dst != NULL)
            {
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

  if (self->mode == DRAG_MOVE && self->gesture != NULL && topo_gesture_is_preview (self->gesture))
    {
      double dash[] = { 6 * px, 4 * px };
      const char *const *ids = topo_gesture_get_ids (self->gesture);
      int li = topo_gesture_get_target_lane (self->gesture);
      double dx, dy;

      topo_gesture_get_offset (self->gesture, &dx, &dy);
      /* the lane the RG will land in */
      if (li >= 0)
        {
          const TopoLane *lane = topo_layout_get_lane (self->doc, li);
          cairo_rectangle (cr, lane->bounds.x, lane->bounds.y, lane->bounds.w, lane->bounds.h);
          cairo_set_source_rgba (cr, accent[0], accent[1], accent[2], 0.08);
          cairo_fill (cr);
        }
      for (guint i = 0; ids[i] != NULL; i++)
        {
          const TopoResource *res = topo_document_lookup (self->doc, ids[i]);
          const TopoNote *note = res == NULL ? topo_document_lookup_note (self->doc, ids[i]) : NULL;
          const TopoRect *b = res != NULL ? &res->bounds : note != NULL ? &note->bounds : NULL;

          if (b == NULL)
            continue;
          cairo_rectangle (cr, b->x + dx, b->y + dy, b->w, b->h);
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
