/* topo-canvas-private.h: the canvas' controllers and tool entry points, for the tests
 *
 * The gesture handlers only translate coordinates and call these functions, so tests can drive
 * the same code either through the controllers' signals or directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-canvas.h"

G_BEGIN_DECLS

GtkGesture       *_topo_canvas_get_drag_gesture  (TopoCanvas *self);   /* primary button */
GtkGesture       *_topo_canvas_get_click_gesture (TopoCanvas *self);   /* any button */
GtkDropTarget    *_topo_canvas_get_drop_target   (TopoCanvas *self);

/* Widget coordinates. state holds GDK modifier bits (Shift/Ctrl extend the selection). */
void              _topo_canvas_press             (TopoCanvas *self, double wx, double wy,
                                                  GdkModifierType state);
void              _topo_canvas_drag_to           (TopoCanvas *self, double wx, double wy);
void              _topo_canvas_release           (TopoCanvas *self, double wx, double wy);
void              _topo_canvas_cancel            (TopoCanvas *self);
/* A "palette:<kind>" string dropped at widget coordinates; FALSE (and a message) if refused. */
gboolean          _topo_canvas_drop              (TopoCanvas *self, const char *payload,
                                                  double wx, double wy);
/* Connect mode: a drag from a card draws a link instead of moving it. */
void              _topo_canvas_set_connect_mode  (TopoCanvas *self, gboolean connect_mode);
/* The connect handle of a card, in widget coordinates (centre). */
gboolean          _topo_canvas_get_connect_handle (TopoCanvas *self, const char *id,
                                                   double *wx, double *wy);
GtkWidget        *_topo_canvas_get_rename_entry  (TopoCanvas *self);
/* The id (or "link:INDEX") drawn with hover feedback, or NULL. */
const char       *_topo_canvas_get_hovered       (TopoCanvas *self);
void              _topo_canvas_begin_rename      (TopoCanvas *self, const char *id);

G_END_DECLS
