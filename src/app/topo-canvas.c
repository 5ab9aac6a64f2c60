/* topo-canvas.c: the design canvas
 *
 * Drawing goes through topo_render_document (the same code as the image exports), into cached
 * tiles around the visible viewport (see "The view cache" in topo-canvas-view.c); selection
 * handles, the rubber band, the link preview and the drop highlight are drawn on top. Every
 * gesture is one undo group: begin at press, live edits while dragging, end at release, cancel on
 * Escape. This file holds the class itself: selection, document, snapshot, properties; the
 * facets are in topo-canvas-{view,gestures,dnd,edit}.c (see topo-canvas-private.h).
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
#include "topo-layout.h"

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

void
_topo_canvas_emit_message (TopoCanvas *self,
                           const char *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

double
_topo_canvas_snap_value (TopoCanvas *self,
                         double      v)
{
  if (!self->snap)
    return v;
  return round (v / TOPO_CANVAS_GRID) * TOPO_CANVAS_GRID;
}

/* Selection */

/* What a screen reader says about the canvas: the selection, with its kind and place. */
static void
update_accessible (TopoCanvas *self)
{
  g_autofree char *description = NULL;
  guint n = g_hash_table_size (self->selection);

  if (self->doc != NULL && self->selected_link >= 0 &&
      (guint) self->selected_link < topo_document_get_n_links (self->doc))
    {
      const TopoLink *link = topo_document_get_link (self->doc, self->selected_link);
      const TopoResource *from = topo_document_lookup (self->doc, link->from);
      const TopoResource *to = topo_document_lookup (self->doc, link->to);

      description = g_strdup_printf (_("Selected: %s link from %s to %s"),
                                     topo_link_type_display_name (link->type),
                                     from ? topo_resource_get_name (from) : link->from,
                                     to ? topo_resource_get_name (to) : link->to);
    }
  else if (self->doc != NULL && n == 1)
    {
      GHashTableIter iter;
      gpointer key;
      const TopoResource *res, *rg;

      g_hash_table_iter_init (&iter, self->selection);
      g_hash_table_iter_next (&iter, &key, NULL);
      res = topo_document_lookup (self->doc, key);
      rg = res ? topo_document_get_group_of (self->doc, res) : NULL;
      if (res != NULL && rg != NULL && rg != res)
        description = g_strdup_printf (_("Selected: %s, %s, in %s"), topo_resource_get_name (res),
                                       topo_kind_display_name (res->kind),
                                       topo_resource_get_name (rg));
      else if (res != NULL)
        description = g_strdup_printf (_("Selected: %s, %s, in region %s"),
                                       topo_resource_get_name (res),
                                       topo_kind_display_name (res->kind),
                                       res->region ? res->region : "");
      else if (topo_document_lookup_note (self->doc, key) != NULL)
        {
          g_autofree char *text = topo_note_text_to_plain (topo_document_lookup_note (self->doc, key)->text);

          description = g_strdup_printf (_("Selected: note “%s”. F2 edits it."), text);
        }
    }
  else if (n > 1)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u resource selected",
                                                "%u resources selected", n), n);
  if (description == NULL)
    description = g_strdup (_("Nothing selected. Alt+arrow keys select the next or previous "
                              "resource; the Outline tab lists every object."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

void
_topo_canvas_selection_changed (TopoCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
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
    if (self->doc != NULL && (topo_document_lookup (self->doc, ids[i]) != NULL ||
                              topo_document_lookup_note (self->doc, ids[i]) != NULL))
      g_hash_table_add (self->selection, g_strdup (ids[i]));
  _topo_canvas_selection_changed (self);
}

void
topo_canvas_select_link (TopoCanvas *self,
                         int         link_index)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  g_hash_table_remove_all (self->selection);
  self->selected_link = link_index;
  _topo_canvas_selection_changed (self);
}

int
topo_canvas_get_selected_link (TopoCanvas *self)
{
  g_return_val_if_fail (TOPO_IS_CANVAS (self), -1);
  return self->selected_link;
}

void
_topo_canvas_select_only (TopoCanvas *self,
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
topo_canvas_set_diff_overlay (TopoCanvas            *self,
                              const TopoDiffOverlay *overlay)
{
  g_return_if_fail (TOPO_IS_CANVAS (self));

  self->diff_overlay = overlay;
  /* the cached tiles are stale */
  self->overlay_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Document */

static void
topo_canvas_changed_cb (TopoCanvas       *self,
                        const TopoChange *change,
                        TopoDocument     *doc)
{
  gboolean sel_changed = FALSE;

  _topo_canvas_damage_change (self, change);
  switch (change->kind)
    {
    case TOPO_CHANGE_RESOURCE_REMOVED:
    case TOPO_CHANGE_NOTE_REMOVED:
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
          if (topo_document_lookup (doc, key) == NULL && topo_document_lookup_note (doc, key) == NULL)
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
      _topo_canvas_initial_view (self);
      self->view_initialised = TRUE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  _topo_canvas_selection_changed (self);
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
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  _topo_canvas_content_key_init (self, &key);
  if (memcmp (&key, &self->tiles_key, sizeof key) != 0)
    {
      /* stale content must never show, not even for a frame */
      _topo_canvas_drop_tiles (self);
      self->tiles_key = key;
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->doc == NULL)
    {
      _topo_canvas_background_color (cr, key.dark);
      cairo_paint (cr);
      cairo_destroy (cr);
      return;
    }

  _topo_canvas_paint_view (self, cr, sf, key.dark);

  draw_empty_hint (self, cr, key.dark);
  cairo_scale (cr, self->scale, self->scale);
  cairo_translate (cr, -self->origin_x, -self->origin_y);
  _topo_canvas_draw_overlay (self, cr);
  _topo_canvas_draw_drop_highlight (self, cr);
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

  _topo_canvas_allocation_changed (self, width, height);
  gtk_popover_present (GTK_POPOVER (self->rename_popover));
  gtk_popover_present (GTK_POPOVER (self->context_menu));
  gtk_popover_present (GTK_POPOVER (self->note_editor));
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
      /* a gesture still open is taken back */
      g_clear_pointer (&self->gesture, topo_gesture_free);
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->rename_idle_id, g_source_remove);
  g_clear_handle_id (&self->more_id, g_source_remove);
  g_clear_handle_id (&self->prefetch_id, g_source_remove);
  _topo_canvas_drop_tiles (self);
  g_clear_pointer (&self->scratch, cairo_surface_destroy);
  g_clear_pointer (&self->rename_popover, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  /* after the menu: closing it on the way out schedules this */
  g_clear_handle_id (&self->menu_focus_id, g_source_remove);
  g_clear_pointer (&self->note_editor, gtk_widget_unparent);
  g_clear_object (&self->connect_menu);
  g_clear_object (&self->edit_menu);

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
  _topo_canvas_view_finalize (self);

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

  _topo_canvas_edit_class_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "topocanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
topo_canvas_init (TopoCanvas *self)
{
  self->scale = 1.0;
  self->snap = TRUE;
  self->selected_link = -1;
  self->selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Design canvas"), -1);
  update_accessible (self);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  _topo_canvas_gestures_init (self);
  _topo_canvas_dnd_init (self);
  _topo_canvas_edit_init (self);

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
