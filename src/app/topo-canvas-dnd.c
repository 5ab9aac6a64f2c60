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

#define NOTE_PAYLOAD "palette:note"

static gboolean
begin_note_edit_idle (gpointer data)
{
  TopoCanvas *self = data;
  g_autofree char *id = g_object_steal_data (G_OBJECT (self), "new-note");

  if (id != NULL)
    _topo_canvas_begin_note_edit (self, id);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* A Note: on what is under the pointer (or free on the lane), then typed into at once. */
static gboolean
drop_note (TopoCanvas *self,
           double      x,
           double      y)
{
  g_autoptr(GError) error = NULL;
  const char *new_id = topo_interaction_drop_note (self->doc, x, y, "", self->snap ? TOPO_CANVAS_GRID : 0,
                                                   &error);

  if (new_id == NULL)
    {
      _topo_canvas_emit_message (self, error->message);
      return FALSE;
    }
  _topo_canvas_select_only (self, new_id);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  /* after the drop finished: the drag still holds the pointer while "drop" runs */
  g_object_set_data_full (G_OBJECT (self), "new-note", g_strdup (new_id), g_free);
  g_idle_add_full (G_PRIORITY_DEFAULT, begin_note_edit_idle, g_object_ref (self), NULL);
  return TRUE;
}

static int
payload_kind (const char *payload)
{
  if (payload == NULL || !g_str_has_prefix (payload, "palette:"))
    return -1;
  return topo_kind_from_string (payload + strlen ("palette:"));
}

gboolean
_topo_canvas_drop (TopoCanvas *self,
                   const char *payload,
                   double      wx,
                   double      wy)
{
  g_autoptr(GError) error = NULL;
  int kind = payload_kind (payload);
  const char *new_id;
  double x, y;

  g_return_val_if_fail (TOPO_IS_CANVAS (self), FALSE);

  self->drop_active = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->doc != NULL && g_strcmp0 (payload, NOTE_PAYLOAD) == 0)
    {
      topo_layout_update (self->doc);
      topo_canvas_widget_to_design (self, wx, wy, &x, &y);
      return drop_note (self, x, y);
    }
  if (self->doc == NULL || kind < 0)
    return FALSE;

  topo_layout_update (self->doc);
  topo_canvas_widget_to_design (self, wx, wy, &x, &y);
  /* where it lands (the free spot nearest the pointer) and why it may not: the core decides */
  new_id = topo_interaction_drop (self->doc, kind, x, y, self->snap ? TOPO_CANVAS_GRID : 0, &error);
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
  gboolean note = value && G_VALUE_HOLDS_STRING (value) &&
                  g_strcmp0 (g_value_get_string (value), NOTE_PAYLOAD) == 0;
  double x, y;

  if (self->doc == NULL || (kind < 0 && !note))
    return 0;

  topo_canvas_widget_to_design (self, wx, wy, &x, &y);
  self->drop_active = TRUE;
  if (note)
    {
      /* what the note will be attached to (the lane for a free note) */
      self->drop_ok = topo_interaction_note_drop_zone (self->doc, x, y, &self->drop_rect, NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return GDK_ACTION_COPY;
    }
  /* refused: the outline the resource would have, in red */
  self->drop_ok = topo_interaction_drop_zone (self->doc, kind, x, y, &self->drop_rect, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* accepted either way, so a refused drop still arrives and says why (a toast) */
  return GDK_ACTION_COPY;
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
