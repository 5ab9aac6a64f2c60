/* topo-canvas-dnd.c: drops from the palette onto the canvas, and the drop highlight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-canvas"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-canvas-private.h"
#include "topo-edit.h"
#include "topo-layout.h"

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
          _topo_canvas_emit_message (self, _("Drop resource groups onto a region lane"));
          return FALSE;
        }
      lane = topo_layout_get_lane (self->doc, li);
      region = g_strdup (lane->region);
      /* the pointer marks the RG's top-left corner, right of the lane label */
      new_id = topo_edit_add_resource (self->doc, kind, NULL, region,
                                       _topo_canvas_snap_value (self, MAX (x - lane->bounds.x -
                                                              TOPO_LANE_HEADER_WIDTH, 0)),
                                       _topo_canvas_snap_value (self, MAX (y - lane->bounds.y, 0)),
                                       &error);
    }
  else
    {
      const TopoResource *rg = topo_layout_group_at (self->doc, x, y);
      g_autofree char *gid = NULL;
      double w, h, cx, cy;

      if (rg == NULL)
        {
          _topo_canvas_emit_message (self, _("Drop resources inside a resource group"));
          return FALSE;
        }
      gid = g_strdup (rg->id);
      topo_layout_card_size (kind, &w, &h);
      /* the card is centred on the pointer, but kept inside the RG's content area */
      cx = CLAMP (x - rg->bounds.x - w / 2, TOPO_GROUP_PADDING,
                  MAX (TOPO_GROUP_PADDING, rg->bounds.w - w - TOPO_GROUP_PADDING));
      cy = CLAMP (y - rg->bounds.y - h / 2, TOPO_GROUP_HEADER,
                  MAX (TOPO_GROUP_HEADER, rg->bounds.h - h - TOPO_GROUP_PADDING));
      cx = _topo_canvas_snap_value (self, cx);
      cy = _topo_canvas_snap_value (self, cy);
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
          _topo_canvas_grow_group_to_fit (self, gid);
          new_id = topo_document_lookup (self->doc, keep)->id;
        }
      topo_document_end_group (self->doc);
    }

  if (new_id == NULL)
    {
      _topo_canvas_emit_message (self, error->message);
      return FALSE;
    }

  _topo_canvas_select_only (self, new_id);
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

/* The lane or RG a drop would go to, in design coordinates (red where it is refused). */
void
_topo_canvas_draw_drop_highlight (TopoCanvas *self,
                                  cairo_t    *cr)
{
  const double accent[3] = { 0.21, 0.52, 0.89 };   /* libadwaita blue 3 */
  double px = 1 / self->scale;

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

void
_topo_canvas_dnd_init (TopoCanvas *self)
{
  self->drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  gtk_drop_target_set_preload (self->drop, TRUE);
  g_signal_connect_object (self->drop, "drop", G_CALLBACK (topo_canvas_drop_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop, "motion", G_CALLBACK (topo_canvas_drop_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop, "leave", G_CALLBACK (topo_canvas_drop_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop));
}
