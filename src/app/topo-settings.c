/* topo-settings.c: the application's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-settings"

#include "config.h"

#include "topo-settings.h"

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  /* `build/src/app/topograph` run from the build tree, without `meson devenv` */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) built =
        g_settings_schema_source_new_from_directory (TOPO_BUILD_SCHEMA_DIR, source, TRUE, NULL);

      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, APP_ID, TRUE);
    }
  if (schema == NULL)
    g_error ("the settings schema %s is not installed (GSETTINGS_SCHEMA_DIR)", APP_ID);
  return schema;
}

GSettings *
topo_settings_new (void)
{
  static GSettingsSchema *schema;

  if (g_once_init_enter (&schema))
    g_once_init_leave (&schema, lookup_schema ());
  return g_settings_new_full (schema, NULL, NULL);
}

TopoTheme
topo_settings_get_export_theme (GSettings *settings)
{
  return g_settings_get_enum (settings, "export-theme") == 1 ? TOPO_THEME_DARK : TOPO_THEME_LIGHT;
}
