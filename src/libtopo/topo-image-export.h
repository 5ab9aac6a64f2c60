/* topo-image-export.h: the design as a PNG, SVG or PDF file, drawn by topo-renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "topo-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  TOPO_IMAGE_PNG,
  TOPO_IMAGE_SVG,
  TOPO_IMAGE_PDF,
} TopoImageFormat;

#define TOPO_IMAGE_ERROR (topo_image_error_quark ())
GQuark topo_image_error_quark (void);

typedef enum
{
  TOPO_IMAGE_ERROR_TOO_LARGE,    /* the PNG would exceed cairo's 32767-pixel side */
  TOPO_IMAGE_ERROR_FAILED,       /* cairo could not draw or encode */
} TopoImageError;

/* What an export draws besides the design. TRUE and FALSE still read as "with / without
 * diagnostics". */
typedef enum
{
  TOPO_IMAGE_PLAIN       = 0,
  TOPO_IMAGE_DIAGNOSTICS = 1 << 0,   /* the validator's error and warning counts as badges */
  TOPO_IMAGE_NO_NOTES    = 1 << 1,   /* leave the notes out */
  TOPO_IMAGE_CAPACITY    = 1 << 2,   /* a capacity summary in the legend (topo-capacity.h) */
} TopoImageFlags;

/* "png", "svg", "pdf" → format; -1 for anything else. */
int      topo_image_format_from_string (const char *str);

/* The whole design with a margin, the document name as title and a legend.
 * scale multiplies the size (PNG: pixels per design unit, for HiDPI; SVG: px; PDF: 0.75 pt per
 * unit). flags: TOPO_IMAGE_DIAGNOSTICS draws the validator's error and warning counts as badges,
 * TOPO_IMAGE_NO_NOTES leaves the notes out, TOPO_IMAGE_CAPACITY adds the capacity plan to the
 * legend.
 *
 * PNG and SVG are byte-for-byte deterministic: the same document gives the same bytes in any
 * process. Text in SVG is drawn as glyph outlines (cairo), so each resource card also carries an
 * invisible rectangle with a <title> holding the full resource name and type: viewers show it
 * as a tooltip and text search finds it, even when the visible name is ellipsised. In PDF the
 * visible text is real, selectable text; ellipsised names are cut there. */
GBytes  *topo_image_export_to_bytes (TopoDocument *doc, TopoImageFormat format, double scale,
                                     TopoImageFlags flags, TopoTheme theme, GError **error);
/* Same, written atomically to path. */
gboolean topo_image_export          (TopoDocument *doc, TopoImageFormat format, const char *path,
                                     double scale, TopoImageFlags flags, TopoTheme theme,
                                     GError **error);

G_END_DECLS
