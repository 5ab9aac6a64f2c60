/* topo-renderer.h: one cairo/pango renderer for the canvas and for PNG, SVG and PDF exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "topo-document.h"
#include "topo-validator.h"

G_BEGIN_DECLS

typedef enum
{
  TOPO_THEME_LIGHT,
  TOPO_THEME_DARK,
} TopoTheme;

typedef struct
{
  TopoTheme     theme;
  gboolean      show_title;        /* exports: title and legend; the canvas draws them off */
  gboolean      show_legend;
  GHashTable   *badges;            /* id → TopoBadge (topo_diagnostics_badges), NULL = none */
  GHashTable   *selected;          /* set of ids drawn as selected, NULL = none */
  const char   *hovered;           /* id drawn with hover feedback, NULL = none */
  double        scale;             /* design units → device pixels, used for culling & hairlines */
} TopoRenderOptions;

void topo_render_options_init (TopoRenderOptions *options);

/* Draws the part of the design inside viewport (design coordinates; NULL = everything) onto cr,
 * whose current transform maps design coordinates to the device. Touches only the items that
 * intersect the viewport (spatial index, rebuilt when the document changes). */
void topo_render_document (TopoDocument            *doc,
                           cairo_t                 *cr,
                           const TopoRect          *viewport,
                           const TopoRenderOptions *options);

/* The rectangle an export covers: the design extent plus margin, title and legend. */
TopoRect topo_render_export_bounds (TopoDocument *doc, const TopoRenderOptions *options);

/* Draws the glyph of a resource kind centred in a size×size square at x, y (palette icons). */
void topo_render_glyph (cairo_t *cr, TopoKind kind, double x, double y, double size,
                        TopoTheme theme);

G_END_DECLS
