/* topo-style.h: colours, fonts and glyphs shared by the renderer, the exports and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "topo-renderer.h"

G_BEGIN_DECLS

typedef struct
{
  double r, g, b;
} TopoColor;

/* One theme's colours. Every *_text colour is checked against the fill it is drawn on for
 * WCAG AA contrast (4.5:1) by tests/test-renderer.c. */
typedef struct
{
  TopoColor background;
  TopoColor lane_tint[2];        /* alternating lane bands */
  TopoColor lane_header[2];      /* label column of each band */
  TopoColor lane_border;
  TopoColor lane_text;
  TopoColor lane_secondary_text;
  TopoColor group_fill;
  TopoColor group_border;
  TopoColor group_text;
  TopoColor group_secondary_text;
  TopoColor card_fill;
  TopoColor card_border;
  TopoColor card_text;
  TopoColor card_secondary_text;
  TopoColor link[4];             /* per TopoLinkType */
  TopoColor pill_fill;
  TopoColor pill_text;
  TopoColor write_fill;          /* "W" pill of write datastore links */
  TopoColor write_text;
  TopoColor error_fill;
  TopoColor error_text;
  TopoColor warning_fill;
  TopoColor warning_text;
  TopoColor info_fill;
  TopoColor info_text;
  TopoColor selection;
  TopoColor hover;
  TopoColor title_text;
  TopoColor legend_text;
  TopoColor note_fill;           /* sticky notes */
  TopoColor note_border;
  TopoColor note_text;
  TopoColor note_secondary_text;
  TopoColor note_leader;
  TopoColor kind_tint[9];        /* glyph tile per TopoKind */
  TopoColor kind_stroke[9];      /* glyph strokes per TopoKind */
} TopoPalette;

const TopoPalette *topo_style_palette          (TopoTheme theme);

/* WCAG 2.x relative luminance and contrast ratio (1 … 21). */
double             topo_color_luminance        (TopoColor color);
double             topo_color_contrast         (TopoColor a, TopoColor b);
void               topo_color_set_source       (cairo_t *cr, TopoColor color, double alpha);
TopoColor          topo_color_mix              (TopoColor a, TopoColor b, double t);

/* Environment colour (Okabe–Ito, colour-blind friendly): dev, test, qa, staging, prod fixed,
 * any other name by a stable hash. text is black or white, whichever contrasts more. */
void               topo_style_environment_color (TopoTheme theme, const char *environment,
                                                 TopoColor *fill, TopoColor *text);

/* The font families of every text: Cantarell, then DejaVu Sans, then any sans. */
#define TOPO_FONT_FAMILY "Cantarell,DejaVu Sans,sans-serif"

/* A Pango context that does not depend on the screen: its own font map, 96 dpi, metrics not
 * hinted, grey antialiasing — the same text lays out identically on every machine with the same
 * fonts, at every zoom. Updated for cr's transform. */
PangoContext      *topo_style_create_pango_context (cairo_t *cr);

/* Glyph drawing (topo-glyphs.c): the glyph strokes only, in a size×size square at x, y (top-left),
 * in colour. */
void               topo_glyph_draw             (cairo_t *cr, TopoKind kind, double x, double y,
                                                double size, TopoColor color);

G_END_DECLS
