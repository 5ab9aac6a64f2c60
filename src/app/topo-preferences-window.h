/* topo-preferences-window.h: the user-facing settings (topo-settings.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TOPO_TYPE_PREFERENCES_WINDOW (topo_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TopoPreferencesWindow, topo_preferences_window, TOPO, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

TopoPreferencesWindow *topo_preferences_window_new (GtkWindow *parent);

G_END_DECLS
