/* topo-picture.h: the design drawn by the core renderer into a given box (thumbnails, printed
 * pages, the clipboard image)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-renderer.h"

G_BEGIN_DECLS

/* Draws area (design coordinates) of doc scaled to fit width × height (cr units), centred,
 * keeping its aspect ratio. Returns the scale used (cr units per design unit). */
double      topo_picture_draw_fit (TopoDocument *doc, cairo_t *cr, const TopoRect *area,
                                   double width, double height, const TopoRenderOptions *options);
/* area of doc as a texture of at most max_width × max_height pixels (whole design units: one
 * pixel per unit at most times pixel_scale). */
GdkTexture *topo_picture_texture  (TopoDocument *doc, const TopoRect *area, int max_width,
                                   int max_height, double pixel_scale,
                                   const TopoRenderOptions *options, GError **error);

G_END_DECLS
