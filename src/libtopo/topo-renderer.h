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
  GHashTable   *selected;          /* set of ids drawn as selected, NULL = none; a link is
                                    * selected by the key "link:INDEX" (its document index) */
  const char   *hovered;           /* id (or "link:INDEX") drawn with hover feedback, NULL = none */
  gboolean      hide_notes;        /* leave the notes out (exports: --no-notes) */
  const struct _TopoDiffOverlay *diff;  /* change colours and legend row (topo-render-diff.h), NULL = none */
  const GPtrArray *capacity;       /* of TopoCapacityLine (topo_capacity_summary): a capacity
                                    * section at the end of the legend, NULL = none */
  double        scale;             /* design units → device pixels (the zoom): level of detail
                                    * (RG names from ~48 %, card names from ~58 %, second lines
                                    * from ~73 %, glyph strokes from ~32 %, plain rectangles
                                    * below) and hairline widths */
} TopoRenderOptions;

/* How far an item's drawing may stick out of its bounds (design units: badges, shadows, selection
 * rings), plus at most two device pixels (hairlines, rounding to whole pixels). */
#define TOPO_RENDER_ITEM_MARGIN 16.0

/* Light theme, no title, legend, badges, selection; scale 1. */
void topo_render_options_init (TopoRenderOptions *options);

/* Draws the part of the design inside viewport (design coordinates; NULL = the export bounds)
 * onto cr, whose current transform maps design coordinates to the device. Paints the background
 * over the viewport first. Touches only the items that intersect the viewport (spatial index,
 * rebuilt when the document changes); the result equals the full drawing cropped to the
 * viewport. On bitmap targets cards are copied from per-zoom bitmaps at whole device pixels;
 * vector targets (SVG, PDF) get vector paths. Text layouts are cached per thread.
 * From GTK: gtk_snapshot_append_cairo (snapshot, &bounds), then scale/translate cr and call this. */
void topo_render_document (TopoDocument            *doc,
                           cairo_t                 *cr,
                           const TopoRect          *viewport,
                           const TopoRenderOptions *options);

/* Where the canvas drawing (no title, no legend) may differ after change, as far as the
 * change's own item is concerned: appends to rects (design units, before the item margin) the
 * old and new bounds of a changed resource or note. Geometry the change causes elsewhere
 * (layout, lanes, notes that moved, links rerouted or drawn differently) is in
 * topo_spatial_index_get_damage; teams, policy and the name are not drawn, and the badges
 * their findings change are the caller's to compare. FALSE: the change may alter any part of
 * the drawing (a reload). */
gboolean topo_render_change_damage (const TopoChange *change, GArray *rects);

/* The rectangle an export covers: the design extent plus margin, and the title and legend when
 * options say so (options NULL = neither). Whole design units. */
TopoRect topo_render_export_bounds (TopoDocument *doc, const TopoRenderOptions *options);

/* Draws the glyph of a resource kind on its tinted tile, filling the size×size square whose
 * top-left corner is x, y (palette icons, legend, cards). */
void topo_render_glyph (cairo_t *cr, TopoKind kind, double x, double y, double size,
                        TopoTheme theme);

/* A note's glyph (paper, folded corner, lines of text) in the size×size square at x, y. */
void topo_render_note_glyph (cairo_t *cr, double x, double y, double size, TopoTheme theme);

G_END_DECLS
