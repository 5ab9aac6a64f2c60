/* topo-test-geometry.h: where things are on screen, for the end-to-end tests (tests/gtk/e2e)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Does nothing unless TOPOGRAPH_TEST_GEOMETRY names a file; then every window of app reports
 * its geometry and state there (see topo-test-geometry.c). */
void _topo_test_geometry_install (GtkApplication *app);

G_END_DECLS
