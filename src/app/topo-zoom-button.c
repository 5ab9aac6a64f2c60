/* topo-zoom-button.c: the zoom level of a canvas as a header bar button, with a menu to set it
 *
 * The label follows the canvas' "zoom" property; the menu zooms in and out, fits the design
 * (the canvas' own actions, so the shortcuts are the same) and sets 50, 100 or 200 % around the
 * middle of the view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-zoom-button"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-menu-button-tooltip.h"
#include "topo-zoom-button.h"

struct _TopoZoomButton
{
  GtkWidget   parent_instance;

  GtkWidget  *button;     /* GtkMenuButton */
  TopoCanvas *canvas;     /* weak */
  gulong      zoom_id;
  guint       update_id;
  char       *label;
};

G_DEFINE_FINAL_TYPE (TopoZoomButton, topo_zoom_button, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CANVAS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_label (TopoZoomButton *self)
{
  double zoom = self->canvas != NULL ? topo_canvas_get_zoom (self->canvas) : 1.0;
  int percent = (int) round (zoom * 100);

  g_free (self->label);
  /* Translators: a zoom level, e.g. "100 %" */
  self->label = percent >= 1 ? g_strdup_printf (_("%d %%"), percent)
                             : g_strdup_printf (_("%.1f %%"), zoom * 100);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), self->label);
}

/* The zoom changes inside the canvas' size-allocate (its opening fit): a new label then would
 * resize the header bar in the middle of a layout pass, so it is set right after, from the main
 * loop, before the next frame. */
static gboolean
update_label_later (gpointer data)
{
  TopoZoomButton *self = data;

  self->update_id = 0;
  update_label (self);
  return G_SOURCE_REMOVE;
}

static void
zoom_changed_cb (TopoZoomButton *self)
{
  if (self->update_id == 0)
    self->update_id = g_timeout_add (0, update_label_later, self);
}

static void
canvas_weak_notify (gpointer  data,
                    GObject  *where)
{
  TopoZoomButton *self = data;

  self->canvas = NULL;
  self->zoom_id = 0;
}

void
topo_zoom_button_set_canvas (TopoZoomButton *self,
                             TopoCanvas     *canvas)
{
  g_return_if_fail (TOPO_IS_ZOOM_BUTTON (self));
  g_return_if_fail (canvas == NULL || TOPO_IS_CANVAS (canvas));

  if (self->canvas == canvas)
    return;
  if (self->canvas != NULL)
    {
      g_clear_signal_handler (&self->zoom_id, self->canvas);
      g_object_weak_unref (G_OBJECT (self->canvas), canvas_weak_notify, self);
    }
  self->canvas = canvas;
  if (canvas != NULL)
    {
      g_object_weak_ref (G_OBJECT (canvas), canvas_weak_notify, self);
      self->zoom_id = g_signal_connect_object (canvas, "notify::zoom", G_CALLBACK (zoom_changed_cb),
                                               self, G_CONNECT_SWAPPED);
    }
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANVAS]);
}

TopoCanvas *
topo_zoom_button_get_canvas (TopoZoomButton *self)
{
  g_return_val_if_fail (TOPO_IS_ZOOM_BUTTON (self), NULL);
  return self->canvas;
}

const char *
topo_zoom_button_get_label (TopoZoomButton *self)
{
  g_return_val_if_fail (TOPO_IS_ZOOM_BUTTON (self), NULL);
  return self->label;
}

/* "zoom.set" (a double: 0.5 = 50 %): that zoom, around the middle of the view. */
static void
action_set (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  TopoZoomButton *self = TOPO_ZOOM_BUTTON (widget);
  double zoom = g_variant_get_double (param);
  int width, height;

  if (self->canvas == NULL || zoom <= 0)
    return;
  width = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  height = gtk_widget_get_height (GTK_WIDGET (self->canvas));
  topo_canvas_zoom_at (self->canvas, zoom / topo_canvas_get_zoom (self->canvas), width / 2.0,
                       height / 2.0);
}

/* "zoom.zoom-in", "zoom.zoom-out", "zoom.fit": the canvas' own actions, one callback each. */
static void
activate_canvas_action (TopoZoomButton *self,
                        const char     *name)
{
  if (self->canvas != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->canvas), name, NULL);
}

static void
action_zoom_in (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  activate_canvas_action (TOPO_ZOOM_BUTTON (widget), "canvas.zoom-in");
}

static void
action_zoom_out (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  activate_canvas_action (TOPO_ZOOM_BUTTON (widget), "canvas.zoom-out");
}

static void
action_fit (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  activate_canvas_action (TOPO_ZOOM_BUTTON (widget), "canvas.fit");
}

static GMenuModel *
build_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) steps = g_menu_new ();
  g_autoptr(GMenu) levels = g_menu_new ();
  static const double zooms[] = { 0.5, 1.0, 2.0 };

  g_menu_append (steps, _("Zoom _In"), "zoom.zoom-in");
  g_menu_append (steps, _("Zoom _Out"), "zoom.zoom-out");
  g_menu_append (steps, _("_Fit to Window"), "zoom.fit");
  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      g_autofree char *label = g_strdup_printf (_("%d %%"), (int) round (zooms[i] * 100));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "zoom.set", g_variant_new_double (zooms[i]));
      g_menu_append_item (levels, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (steps));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (levels));
  return G_MENU_MODEL (menu);
}

static void
topo_zoom_button_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TopoZoomButton *self = TOPO_ZOOM_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CANVAS:
      g_value_set_object (value, self->canvas);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_zoom_button_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TopoZoomButton *self = TOPO_ZOOM_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CANVAS:
      topo_zoom_button_set_canvas (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_zoom_button_dispose (GObject *object)
{
  TopoZoomButton *self = TOPO_ZOOM_BUTTON (object);

  topo_zoom_button_set_canvas (self, NULL);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (topo_zoom_button_parent_class)->dispose (object);
}

static void
topo_zoom_button_finalize (GObject *object)
{
  TopoZoomButton *self = TOPO_ZOOM_BUTTON (object);

  g_free (self->label);
  G_OBJECT_CLASS (topo_zoom_button_parent_class)->finalize (object);
}

static void
topo_zoom_button_class_init (TopoZoomButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = topo_zoom_button_get_property;
  object_class->set_property = topo_zoom_button_set_property;
  object_class->dispose = topo_zoom_button_dispose;
  object_class->finalize = topo_zoom_button_finalize;

  properties[PROP_CANVAS] =
    g_param_spec_object ("canvas", NULL, NULL, TOPO_TYPE_CANVAS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "zoom.set", "d", action_set);
  gtk_widget_class_install_action (widget_class, "zoom.zoom-in", NULL, action_zoom_in);
  gtk_widget_class_install_action (widget_class, "zoom.zoom-out", NULL, action_zoom_out);
  gtk_widget_class_install_action (widget_class, "zoom.fit", NULL, action_fit);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
topo_zoom_button_init (TopoZoomButton *self)
{
  g_autoptr(GMenuModel) menu = build_menu ();

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->button), menu);
  gtk_widget_set_tooltip_text (self->button, _("Zoom Level"));
  topo_menu_button_quiet_tooltip (GTK_MENU_BUTTON (self->button));
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  update_label (self);
}

GtkWidget *
topo_zoom_button_new (void)
{
  return g_object_new (TOPO_TYPE_ZOOM_BUTTON, NULL);
}
