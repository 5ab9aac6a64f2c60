/* topo-preferences-window.c: the user-facing settings, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-preferences"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-preferences-window.h"
#include "topo-settings.h"

struct _TopoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkSwitch            *snap_switch;
  AdwComboRow          *theme_row;
  GtkSpinButton        *scale_spin;
  GtkSwitch            *diagnostics_switch;
  AdwComboRow          *print_layout_row;
};

G_DEFINE_FINAL_TYPE (TopoPreferencesWindow, topo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* An enum key's nick ↔ a combo row's position (the rows list the nicks in the schema's order). */
static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  const char *const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

static void
topo_preferences_window_dispose (GObject *object)
{
  TopoPreferencesWindow *self = TOPO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (topo_preferences_window_parent_class)->dispose (object);
}

static void
topo_preferences_window_finalize (GObject *object)
{
  TopoPreferencesWindow *self = TOPO_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (topo_preferences_window_parent_class)->finalize (object);
}

static void
topo_preferences_window_class_init (TopoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_preferences_window_dispose;
  object_class->finalize = topo_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoPreferencesWindow, snap_switch);
  gtk_widget_class_bind_template_child (widget_class, TopoPreferencesWindow, theme_row);
  gtk_widget_class_bind_template_child (widget_class, TopoPreferencesWindow, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, TopoPreferencesWindow, diagnostics_switch);
  gtk_widget_class_bind_template_child (widget_class, TopoPreferencesWindow, print_layout_row);
}

static void
topo_preferences_window_init (TopoPreferencesWindow *self)
{
  static const char *themes[] = { "light", "dark", NULL };
  static const char *layouts[] = { "fit", "tiled", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = topo_settings_new ();
  g_settings_bind (self->settings, "snap-to-grid", self->snap_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-scale", self->scale_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-diagnostics", self->diagnostics_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "export-theme", self->theme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                (gpointer) themes, NULL);
  g_settings_bind_with_mapping (self->settings, "print-layout", self->print_layout_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                (gpointer) layouts, NULL);
}

TopoPreferencesWindow *
topo_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (TOPO_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
