/* topo-test-geometry.c: where things are on screen, for the end-to-end tests (tests/gtk/e2e)
 *
 * The end-to-end tests drive the running application with real X events (xdotool under Xvfb)
 * and need to know where to press. With TOPOGRAPH_TEST_GEOMETRY=PATH set, each window writes
 * PATH (atomically, only when it changed) after every painted frame and every 100 ms: the
 * canvas' place in the window and its view (zoom, origin), the lanes and resources in design
 * coordinates, the palette rows and the visible labelled widgets (buttons, entries, rows,
 * labels) in window-surface coordinates, the focus, the other windows on screen (dialogs) with
 * their labels, the last message and the document's undo state. Designs of more than
 * MAX_REPORTED resources report their lanes and counts only. Without the variable nothing is connected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-test-geometry"

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "topo-canvas-private.h"
#include "topo-layout.h"
#include "topo-test-geometry.h"
#include "topo-window-private.h"

#define MAX_REPORTED 1000   /* resources and links listed */

typedef struct
{
  TopoWindow *window;   /* borrowed: the reporter lives as long as its window */
  char       *path;
  char       *last;
  guint64     frames;
  guint       timeout_id;
  gulong      paint_id;
  GdkFrameClock *clock;
} Reporter;

/* The origin of a native's surface, relative to its toplevel's surface. */
static void
surface_origin (GtkNative *native,
                double    *x,
                double    *y)
{
  GdkSurface *surface = gtk_native_get_surface (native);

  *x = *y = 0;
  if (surface != NULL && GDK_IS_POPUP (surface) && gdk_popup_get_parent (GDK_POPUP (surface)))
    {
      GtkNative *parent = gtk_native_get_for_surface (gdk_popup_get_parent (GDK_POPUP (surface)));
      if (parent != NULL)
        surface_origin (parent, x, y);
      *x += gdk_popup_get_position_x (GDK_POPUP (surface));
      *y += gdk_popup_get_position_y (GDK_POPUP (surface));
    }
}

/* A widget's bounds in its toplevel's surface coordinates. */
static gboolean
surface_bounds (GtkWidget       *widget,
                graphene_rect_t *out)
{
  GtkNative *native = gtk_widget_get_native (widget);
  double ox, oy, tx, ty;

  if (native == NULL || !gtk_widget_compute_bounds (widget, GTK_WIDGET (native), out))
    return FALSE;
  surface_origin (native, &ox, &oy);
  gtk_native_get_surface_transform (native, &tx, &ty);
  out->origin.x += ox + tx;
  out->origin.y += oy + ty;
  return TRUE;
}

static void
add_rect (JsonBuilder    *b,
          const char     *member,
          double x, double y, double w, double h)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  json_builder_add_double_value (b, x);
  json_builder_add_double_value (b, y);
  json_builder_add_double_value (b, w);
  json_builder_add_double_value (b, h);
  json_builder_end_array (b);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

/* The widget's type and whatever text identifies it. */
static void
describe (JsonBuilder *b,
          GtkWidget   *w)
{
  add_string (b, "type", G_OBJECT_TYPE_NAME (w));
  add_string (b, "tooltip", gtk_widget_get_tooltip_text (w));
  json_builder_set_member_name (b, "sensitive");
  json_builder_add_boolean_value (b, gtk_widget_is_sensitive (w));
  if (GTK_IS_BUTTON (w))
    {
      add_string (b, "label", gtk_button_get_label (GTK_BUTTON (w)));
      add_string (b, "icon", gtk_button_get_icon_name (GTK_BUTTON (w)));
    }
  if (GTK_IS_LABEL (w))
    {
      add_string (b, "label", gtk_label_get_text (GTK_LABEL (w)));
      /* text cut short with "…" (what a person would not be able to read) */
      json_builder_set_member_name (b, "ellipsized");
      json_builder_add_boolean_value (b, pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (w))));
    }
  if (ADW_IS_PREFERENCES_ROW (w))
    add_string (b, "title", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)));
  if (GTK_IS_EDITABLE (w))
    add_string (b, "text", gtk_editable_get_text (GTK_EDITABLE (w)));
  if (GTK_IS_TEXT_VIEW (w))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      add_string (b, "text", text);
      json_builder_set_member_name (b, "focused");
      json_builder_add_boolean_value (b, gtk_widget_has_focus (w));
    }
}

static gboolean
interesting (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) || GTK_IS_LABEL (w) || ADW_IS_PREFERENCES_ROW (w) ||
         GTK_IS_ENTRY (w) || GTK_IS_LIST_BOX_ROW (w) || GTK_IS_SWITCH (w) || GTK_IS_TEXT_VIEW (w);
}

static void
add_widgets (JsonBuilder *b,
             GtkWidget   *w)
{
  graphene_rect_t r;

  if (!gtk_widget_get_mapped (w))
    return;
  /* A widget mapped but not yet allocated (a popover's rows in the frame it opens) has an
   * empty rectangle at a provisional place: nobody can see or click it yet. */
  if (interesting (w) && surface_bounds (w, &r) && r.size.width >= 1 && r.size.height >= 1)
    {
      json_builder_begin_object (b);
      describe (b, w);
      add_rect (b, "rect", r.origin.x, r.origin.y, r.size.width, r.size.height);
      json_builder_end_object (b);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    add_widgets (b, c);
}

/* Palette rows are in kind order. */
static void
add_palette (JsonBuilder *b,
             GtkWidget   *w,
             int         *index)
{
  graphene_rect_t r;

  if (GTK_IS_LIST_BOX_ROW (w))
    {
      if (*index <= TOPO_N_KINDS && surface_bounds (w, &r))
        {
          /* the Note entry follows the kinds */
          add_rect (b, *index < TOPO_N_KINDS ? topo_kind_to_string (*index) : "note",
                    r.origin.x, r.origin.y, r.size.width, r.size.height);
        }
      (*index)++;
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    add_palette (b, c, index);
}

static void
add_canvas (JsonBuilder *b,
            TopoCanvas  *canvas)
{
  TopoDocument *doc = topo_canvas_get_document (canvas);
  g_auto(GStrv) selection = topo_canvas_get_selection (canvas);
  graphene_rect_t r;
  double ox, oy;

  if (!surface_bounds (GTK_WIDGET (canvas), &r))
    return;
  topo_canvas_get_origin (canvas, &ox, &oy);
  json_builder_set_member_name (b, "canvas");
  json_builder_begin_object (b);
  add_rect (b, "rect", r.origin.x, r.origin.y, r.size.width, r.size.height);
  json_builder_set_member_name (b, "zoom");
  json_builder_add_double_value (b, topo_canvas_get_zoom (canvas));
  json_builder_set_member_name (b, "origin");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, ox);
  json_builder_add_double_value (b, oy);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "selection");
  json_builder_begin_array (b);
  for (guint i = 0; selection[i] != NULL; i++)
    json_builder_add_string_value (b, selection[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "selected_link");
  json_builder_add_int_value (b, topo_canvas_get_selected_link (canvas));
  json_builder_end_object (b);

  if (doc == NULL)
    return;
  topo_layout_update (doc);
  json_builder_set_member_name (b, "document");
  json_builder_begin_object (b);
  add_string (b, "name", topo_document_get_name (doc));
  json_builder_set_member_name (b, "modified");
  json_builder_add_boolean_value (b, topo_document_get_modified (doc));
  json_builder_set_member_name (b, "can_undo");
  json_builder_add_boolean_value (b, topo_document_can_undo (doc));
  json_builder_set_member_name (b, "can_redo");
  json_builder_add_boolean_value (b, topo_document_can_redo (doc));
  json_builder_set_member_name (b, "lanes");
  json_builder_begin_array (b);
  for (guint i = 0; i < topo_layout_get_n_lanes (doc); i++)
    {
      const TopoLane *lane = topo_layout_get_lane (doc, i);
      json_builder_begin_object (b);
      add_string (b, "region", lane->region);
      add_rect (b, "bounds", lane->bounds.x, lane->bounds.y, lane->bounds.w, lane->bounds.h);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "n_resources");
  json_builder_add_int_value (b, topo_document_get_n_resources (doc));
  /* the tests drive small fixtures; a big design (a frame's worth of JSON) reports its lanes */
  if (topo_document_get_n_resources (doc) > MAX_REPORTED)
    {
      json_builder_end_object (b);
      return;
    }
  json_builder_set_member_name (b, "resources");
  json_builder_begin_object (b);
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *res = topo_document_get_resource (doc, i);
      double hx, hy;

      json_builder_set_member_name (b, res->id);
      json_builder_begin_object (b);
      add_string (b, "kind", topo_kind_to_string (res->kind));
      add_string (b, "name", topo_resource_get_name (res));
      add_string (b, "group", res->group);
      add_rect (b, "bounds", res->bounds.x, res->bounds.y, res->bounds.w, res->bounds.h);
      /* the blue "+" drawn on a selected card, in surface coordinates */
      if (_topo_canvas_get_connect_handle (canvas, res->id, &hx, &hy))
        {
          json_builder_set_member_name (b, "connect_handle");
          json_builder_begin_array (b);
          json_builder_add_double_value (b, r.origin.x + hx);
          json_builder_add_double_value (b, r.origin.y + hy);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_object (b);
  for (guint i = 0; i < topo_document_get_n_notes (doc); i++)
    {
      const TopoNote *note = topo_document_get_note (doc, i);

      json_builder_set_member_name (b, note->id);
      json_builder_begin_object (b);
      add_string (b, "text", note->text);
      add_string (b, "attach", note->attach);
      add_string (b, "region", note->region);
      add_rect (b, "bounds", note->bounds.x, note->bounds.y, note->bounds.w, note->bounds.h);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "links");
  json_builder_begin_array (b);
  for (guint i = 0; i < topo_document_get_n_links (doc); i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      json_builder_begin_object (b);
      add_string (b, "type", topo_link_type_to_string (link->type));
      add_string (b, "from", link->from);
      add_string (b, "to", link->to);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "teams");
  json_builder_begin_array (b);
  for (guint i = 0; i < topo_document_get_n_teams (doc); i++)
    json_builder_add_string_value (b, topo_document_get_team (doc, i)->id);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static char *
build_report (Reporter *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self->window));
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  int index = 0;

  json_builder_begin_object (b);
  add_string (b, "title", gtk_window_get_title (GTK_WINDOW (self->window)));
  add_string (b, "message", _topo_window_get_last_message (self->window));
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, gtk_window_is_active (GTK_WINDOW (self->window)));
  add_canvas (b, _topo_window_get_canvas (self->window));
  json_builder_set_member_name (b, "palette");
  json_builder_begin_object (b);
  add_palette (b, GTK_WIDGET (_topo_window_get_palette (self->window)), &index);
  json_builder_end_object (b);
  if (focus != NULL)
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, ADW_TYPE_PREFERENCES_ROW);
      json_builder_set_member_name (b, "focus");
      json_builder_begin_object (b);
      describe (b, row != NULL ? row : focus);
      json_builder_end_object (b);
    }
  /* other windows on screen: dialogs, file choosers, other designs (their own surfaces) */
  json_builder_set_member_name (b, "toplevels");
  json_builder_begin_array (b);
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GtkWidget *w = l->data;
      if (w == GTK_WIDGET (self->window) || !gtk_widget_get_mapped (w))
        continue;
      json_builder_begin_object (b);
      add_string (b, "type", G_OBJECT_TYPE_NAME (w));
      add_string (b, "title", gtk_window_get_title (GTK_WINDOW (w)));
      json_builder_set_member_name (b, "widgets");
      json_builder_begin_array (b);
      add_widgets (b, w);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "widgets");
  json_builder_begin_array (b);
  add_widgets (b, GTK_WIDGET (self->window));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static void
report (Reporter *self)
{
  g_autofree char *data = build_report (self);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (data, self->last) == 0)
    return;
  if (!g_file_set_contents (self->path, data, -1, &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  g_free (self->last);
  self->last = g_steal_pointer (&data);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Reporter      *self)
{
  self->frames++;
  report (self);
}

static gboolean
timeout_cb (gpointer data)
{
  report (data);
  return G_SOURCE_CONTINUE;
}

static void
realize_cb (GtkWidget *window,
            Reporter  *self)
{
  self->clock = gtk_widget_get_frame_clock (window);
  self->paint_id = g_signal_connect (self->clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  self->timeout_id = g_timeout_add (100, timeout_cb, self);
}

static void
unrealize_cb (GtkWidget *window,
              Reporter  *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->paint_id, self->clock);
  self->clock = NULL;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static void
reporter_free (gpointer data)
{
  Reporter *self = data;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_free (self->path);
  g_free (self->last);
  g_free (self);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 const char     *path)
{
  Reporter *self;

  /* the first design window reports; later ones show up in its "toplevels" */
  if (!TOPO_IS_WINDOW (window) || g_object_get_data (G_OBJECT (app), "topo-test-geometry"))
    return;
  self = g_new0 (Reporter, 1);
  self->window = TOPO_WINDOW (window);
  self->path = g_strdup (path);
  g_object_set_data_full (G_OBJECT (window), "topo-test-geometry", self, reporter_free);
  g_object_set_data (G_OBJECT (app), "topo-test-geometry", GINT_TO_POINTER (TRUE));
  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), self);
  g_signal_connect (window, "unrealize", G_CALLBACK (unrealize_cb), self);
}

static void
free_path (gpointer  data,
           GClosure *closure)
{
  g_free (data);
}

void
_topo_test_geometry_install (GtkApplication *app)
{
  const char *path = g_getenv ("TOPOGRAPH_TEST_GEOMETRY");

  if (path == NULL || *path == '\0')
    return;
  g_signal_connect_data (app, "window-added", G_CALLBACK (window_added_cb), g_strdup (path), free_path, 0);
}
