/* topo-settings.h: the application's GSettings (io.github.topograph.Topograph.gschema.xml)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "topo-renderer.h"

G_BEGIN_DECLS

/* A new GSettings for the application's schema: the installed one, or for an uninstalled
 * build the one compiled in the build tree. */
GSettings *topo_settings_new       (void);

/* The theme of exported pictures, printed pages and copied images. */
TopoTheme  topo_settings_get_export_theme (GSettings *settings);

G_END_DECLS
