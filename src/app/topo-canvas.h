/* topo-canvas.h: the design canvas (zoom, pan, select, move, resize, connect, drop)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-document.h"
#include "topo-render-diff.h"

G_BEGIN_DECLS

#define TOPO_TYPE_CANVAS (topo_canvas_get_type ())
G_DECLARE_FINAL_TYPE (TopoCanvas, topo_canvas, TOPO, CANVAS, GtkWidget)

#define TOPO_CANVAS_GRID 8.0

GtkWidget    *topo_canvas_new              (void);
TopoDocument *topo_canvas_get_document     (TopoCanvas *self);
void          topo_canvas_set_document     (TopoCanvas *self, TopoDocument *doc);

/* Selection: resource ids, or one link. */
GStrv         topo_canvas_get_selection    (TopoCanvas *self);   /* sorted, NULL-terminated */
void          topo_canvas_set_selection    (TopoCanvas *self, const char *const *ids);
void          topo_canvas_select_link      (TopoCanvas *self, int link_index);
int           topo_canvas_get_selected_link (TopoCanvas *self);  /* -1 */

/* Diagnostics badges (id → TopoBadge), owned by the caller; NULL = none. */
void          topo_canvas_set_badges       (TopoCanvas *self, GHashTable *badges);
/* Change colours of a comparison (topo-render-diff.h), owned by the caller, who clears it before
 * freeing it; NULL = none. */
void          topo_canvas_set_diff_overlay (TopoCanvas *self, const TopoDiffOverlay *overlay);

/* View: scale (device px per design unit) and the design point at the widget's top-left. */
double        topo_canvas_get_zoom         (TopoCanvas *self);
void          topo_canvas_set_view         (TopoCanvas *self, double scale, double origin_x,
                                            double origin_y);
void          topo_canvas_get_origin       (TopoCanvas *self, double *x, double *y);
void          topo_canvas_zoom_at          (TopoCanvas *self, double factor, double wx, double wy);
void          topo_canvas_pan              (TopoCanvas *self, double dx, double dy);
void          topo_canvas_fit              (TopoCanvas *self);
/* Opens the inline editor of a note's text over it (Ctrl+Enter keeps the text, Escape cancels). */
void          topo_canvas_edit_note        (TopoCanvas *self, const char *id);
/* Centres the view on the union of the resources' (and notes') bounds. */
void          topo_canvas_center_on        (TopoCanvas *self, const char *const *ids);
void          topo_canvas_widget_to_design (TopoCanvas *self, double wx, double wy,
                                            double *dx, double *dy);
void          topo_canvas_design_to_widget (TopoCanvas *self, double dx, double dy,
                                            double *wx, double *wy);

G_END_DECLS
