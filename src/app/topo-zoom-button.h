/* topo-zoom-button.h: the zoom level of a canvas as a header bar button, with a menu to set it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-canvas.h"

G_BEGIN_DECLS

#define TOPO_TYPE_ZOOM_BUTTON (topo_zoom_button_get_type ())
G_DECLARE_FINAL_TYPE (TopoZoomButton, topo_zoom_button, TOPO, ZOOM_BUTTON, GtkWidget)

GtkWidget  *topo_zoom_button_new        (void);
void        topo_zoom_button_set_canvas (TopoZoomButton *self, TopoCanvas *canvas);
TopoCanvas *topo_zoom_button_get_canvas (TopoZoomButton *self);
/* The label it shows ("100 %"), for tests. */
const char *topo_zoom_button_get_label  (TopoZoomButton *self);

G_END_DECLS
