/* topo-application.h: the Topograph application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "topo-window.h"

G_BEGIN_DECLS

#define TOPO_TYPE_APPLICATION (topo_application_get_type ())
G_DECLARE_FINAL_TYPE (TopoApplication, topo_application, TOPO, APPLICATION, AdwApplication)

TopoApplication *topo_application_new         (void);
/* The window showing file, if one does (a file opens in one window only). */
TopoWindow      *topo_application_find_window (TopoApplication *self, GFile *file);
/* The one way a design file is opened (command line, Open dialog, Open Recent, drops): the
 * window already showing it is presented; otherwise it opens in into when that holds nothing
 * yet, else in a new window (into NULL: always a new one). Returns the window, or NULL when the
 * file did not load (the error is shown in into). */
TopoWindow      *topo_application_open_file   (TopoApplication *self, GFile *file, TopoWindow *into);

/* The About window (app.about), presented; returned for the tests. */
GtkWidget       *topo_application_show_about  (TopoApplication *self);

G_END_DECLS
