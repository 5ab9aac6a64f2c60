/* topo-palette.c: the resource kinds as drag sources
 *
 * Each entry shows the renderer's glyph and the kind's name. Dragging one offers the string
 * "palette:<kind>" that the canvas' drop target understands; activating one (click, Enter)
 * emits "kind-activated" so the keyboard can add resources too. Below them, the Note entry offers
 * "palette:note" and emits "note-activated".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-palette"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "topo-palette.h"
#include "topo-renderer.h"

struct _TopoPalette
{
  GtkWidget      parent_instance;

  GtkWidget     *scroller;
  GtkWidget     *list;
  GtkDragSource *sources[TOPO_N_KINDS];   /* borrowed: owned by their rows */
  GtkWidget     *notes_list;
  GtkDragSource *note_source;             /* borrowed */
};

G_DEFINE_FINAL_TYPE (TopoPalette, topo_palette, GTK_TYPE_WIDGET)

enum {
  KIND_ACTIVATED,
  NOTE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
draw_glyph (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  TopoKind kind = GPOINTER_TO_INT (user_data);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  double size = MIN (width, height);

  topo_render_glyph (cr, kind, (width - size) / 2, (height - size) / 2, size,
                     dark ? TOPO_THEME_DARK : TOPO_THEME_LIGHT);
}

/* A sticky note, as the canvas draws them: paper, a folded corner, lines of text. */
static void
draw_note_glyph (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  double size = MIN (width, height);

  topo_render_note_glyph (cr, (width - size) / 2, (height - size) / 2, size,
                          dark ? TOPO_THEME_DARK : TOPO_THEME_LIGHT);
}

static GdkContentProvider *
topo_palette_note_prepare_cb (GtkDragSource *source,
                              double         x,
                              double         y,
                              gpointer       user_data)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING, "palette:note");
}

static void
topo_palette_note_drag_begin_cb (GtkDragSource *source,
                                 GdkDrag       *drag,
                                 gpointer       user_data)
{
  GtkWidget *icon = gtk_drag_icon_get_for_drag (drag);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_note_glyph, NULL, NULL);
  gtk_box_append (GTK_BOX (box), area);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Note")));
  gtk_widget_add_css_class (box, "palette-drag-icon");
  gtk_drag_icon_set_child (GTK_DRAG_ICON (icon), box);
  gdk_drag_set_hotspot (drag, 12, 12);
}

static void
topo_palette_note_activated_cb (TopoPalette   *self,
                                GtkListBoxRow *row,
                                GtkListBox    *list)
{
  g_signal_emit (self, signals[NOTE_ACTIVATED], 0);
}

static GtkWidget *
make_note_row (TopoPalette *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *area = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (_("Note"));
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_note_glyph, NULL, NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), area);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "palette-item");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, _("Drag onto a resource, group or link to attach it, or onto a lane"));

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (topo_palette_note_prepare_cb), NULL);
  g_signal_connect (source, "drag-begin", G_CALLBACK (topo_palette_note_drag_begin_cb), NULL);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  self->note_source = source;
  return row;
}

static GdkContentProvider *
topo_palette_prepare_cb (GtkDragSource *source,
                         double         x,
                         double         y,
                         gpointer       user_data)
{
  TopoKind kind = GPOINTER_TO_INT (user_data);
  g_autofree char *payload = g_strdup_printf ("palette:%s", topo_kind_to_string (kind));

  return gdk_content_provider_new_typed (G_TYPE_STRING, payload);
}

/* The icon is an opaque, square-cornered copy of the row: the row itself is transparent, and
 * without a compositor a transparent drag surface shows black. */
static void
topo_palette_drag_begin_cb (GtkDragSource *source,
                            GdkDrag       *drag,
                            gpointer       user_data)
{
  TopoKind kind = GPOINTER_TO_INT (user_data);
  GtkWidget *icon = gtk_drag_icon_get_for_drag (drag);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_glyph,
                                  GINT_TO_POINTER (kind), NULL);
  gtk_box_append (GTK_BOX (box), area);
  gtk_box_append (GTK_BOX (box), gtk_label_new (topo_kind_display_name (kind)));
  gtk_widget_add_css_class (box, "palette-drag-icon");
  gtk_drag_icon_set_child (GTK_DRAG_ICON (icon), box);
  gdk_drag_set_hotspot (drag, 12, 12);
}

static void
topo_palette_row_activated_cb (TopoPalette   *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list)
{
  g_signal_emit (self, signals[KIND_ACTIVATED], 0, gtk_list_box_row_get_index (row));
}

static GtkWidget *
make_row (TopoPalette *self,
          TopoKind     kind)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *area = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (topo_kind_display_name (kind));
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_glyph,
                                  GINT_TO_POINTER (kind), NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), area);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "palette-item");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, kind == TOPO_KIND_RESOURCE_GROUP ?
                               _("Drag onto a region lane") :
                               _("Drag into a resource group"));

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (topo_palette_prepare_cb), GINT_TO_POINTER (kind));
  g_signal_connect (source, "drag-begin", G_CALLBACK (topo_palette_drag_begin_cb),
                    GINT_TO_POINTER (kind));
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  self->sources[kind] = source;

  return row;
}

static void
topo_palette_style_changed_cb (TopoPalette *self)
{
  GtkWidget *lists[] = { self->list, self->notes_list };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      gtk_widget_queue_draw (lists[l]);
      for (GtkWidget *row = gtk_widget_get_first_child (lists[l]); row;
           row = gtk_widget_get_next_sibling (row))
        {
          GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
          if (box != NULL)
            gtk_widget_queue_draw (gtk_widget_get_first_child (box));
        }
    }
}

static void
topo_palette_dispose (GObject *object)
{
  TopoPalette *self = TOPO_PALETTE (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (topo_palette_parent_class)->dispose (object);
}

static void
topo_palette_class_init (TopoPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_palette_dispose;

  /* The kind (TopoKind as int) the user activated. */
  signals[KIND_ACTIVATED] =
    g_signal_new ("kind-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* The Note entry was activated: add a note without dragging. */
  signals[NOTE_ACTIVATED] =
    g_signal_new ("note-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topopalette");
}

static void
topo_palette_init (TopoPalette *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Resources"));

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_widget_set_margin_bottom (heading, 2);
  gtk_box_append (GTK_BOX (box), heading);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Resource palette"), -1);
  for (int k = 0; k < TOPO_N_KINDS; k++)
    gtk_list_box_append (GTK_LIST_BOX (self->list), make_row (self, k));
  g_signal_connect_object (self->list, "row-activated",
                           G_CALLBACK (topo_palette_row_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->list);

  heading = gtk_label_new (_("Annotations"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 6);
  gtk_widget_set_margin_bottom (heading, 2);
  gtk_box_append (GTK_BOX (box), heading);
  self->notes_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->notes_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->notes_list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->notes_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Annotations"), -1);
  gtk_list_box_append (GTK_LIST_BOX (self->notes_list), make_note_row (self));
  g_signal_connect_object (self->notes_list, "row-activated",
                           G_CALLBACK (topo_palette_note_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->notes_list);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (topo_palette_style_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
topo_palette_new (void)
{
  return g_object_new (TOPO_TYPE_PALETTE, NULL);
}

GtkDragSource *
topo_palette_get_note_drag_source (TopoPalette *self)
{
  g_return_val_if_fail (TOPO_IS_PALETTE (self), NULL);
  return self->note_source;
}

GtkDragSource *
topo_palette_get_drag_source (TopoPalette *self,
                              TopoKind     kind)
{
  g_return_val_if_fail (TOPO_IS_PALETTE (self), NULL);
  g_return_val_if_fail (kind < TOPO_N_KINDS, NULL);
  return self->sources[kind];
}
