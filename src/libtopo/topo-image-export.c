/* topo-image-export.c: PNG, SVG and PDF through cairo surfaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-image-export"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <png.h>

#include "topo-capacity.h"
#include "topo-image-export.h"
#include "topo-file.h"
#include "topo-render-diff-private.h"
#include "topo-layout.h"
#include "topo-validator.h"

#define MAX_PNG_SIDE 32767
/* Memory bounds, checked before drawing: a PNG surface takes 4 bytes a pixel, and cairo's
 * vector surfaces keep every drawing operation until the end (about 30 KB a resource for SVG,
 * where a 1 000 000-resource design went past 12 GB). */
#define MAX_PNG_PIXELS (128 * 1024 * 1024)
#define MAX_VECTOR_RESOURCES 20000

G_DEFINE_QUARK (topo-image-error-quark, topo_image_error)

int
topo_image_format_from_string (const char *str)
{
  if (str == NULL)
    return -1;
  if (g_ascii_strcasecmp (str, "png") == 0)
    return TOPO_IMAGE_PNG;
  if (g_ascii_strcasecmp (str, "svg") == 0)
    return TOPO_IMAGE_SVG;
  if (g_ascii_strcasecmp (str, "pdf") == 0)
    return TOPO_IMAGE_PDF;
  return -1;
}

static cairo_status_t
append_to_string (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
png_append (png_structp png,
            png_bytep   data,
            png_size_t  length)
{
  g_string_append_len (png_get_io_ptr (png), (const char *) data, length);
}

static void
png_flush_nothing (png_structp png)
{
}

/* An export is opaque (the background is painted first): written as 8-bit RGB with the "up"
 * filter on every row. cairo's writer keeps the alpha channel and tries all five filters on each
 * row, which is most of an export's time for the same size of file (1 000 resources: 1.4 s →
 * 0.55 s, 1 377 → 1 373 KiB). Same zlib, level and filters every time: the bytes are
 * deterministic. FALSE (nothing appended) when a pixel is not opaque, or on a libpng error. */
static gboolean
write_opaque_png (cairo_surface_t *surface,
                  GString         *out)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  volatile gsize start = out->len;
  png_structp png;
  png_infop info;
  guint8 *volatile row = NULL;

  if (cairo_image_surface_get_format (surface) != CAIRO_FORMAT_ARGB32 || data == NULL)
    return FALSE;
  for (int y = 0; y < h; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < w; x++)
        if (src[x] < 0xff000000u)
          return FALSE;
    }

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  if (png == NULL)
    return FALSE;
  info = png_create_info_struct (png);
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_free (row);
      g_string_truncate (out, start);
      return FALSE;
    }
  png_set_write_fn (png, out, png_append, png_flush_nothing);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_IHDR (png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  row = g_malloc ((gsize) w * 3);
  for (int y = 0; y < h; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
      guint8 *p = row;

      for (int x = 0; x < w; x++)
        {
          *p++ = src[x] >> 16;
          *p++ = src[x] >> 8;
          *p++ = src[x];
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  g_free (row);
  return TRUE;
}

static void
draw (TopoDocument            *doc,
      cairo_surface_t         *surface,
      const TopoRect          *bounds,
      double                   scale,
      const TopoRenderOptions *options)
{
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -bounds->x, -bounds->y);
  topo_render_document (doc, cr, NULL, options);
  cairo_destroy (cr);
}

/* cairo numbers SVG groups and images with process-wide surface counters ("surface7"), so a second
 * export in the same process would differ. Renumber them in order of appearance. */
static char *
renumber_surface_ids (const char *svg)
{
  g_autoptr(GRegex) regex = g_regex_new ("(surface|image|source)([0-9]+)", G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GMatchInfo) match = NULL;
  GString *out = g_string_sized_new (strlen (svg) + 1024);
  const char *last = svg;

  g_regex_match (regex, svg, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;
      g_autofree char *prefix = g_match_info_fetch (match, 1);
      g_autofree char *number = g_match_info_fetch (match, 2);
      g_autofree char *old = g_strconcat (prefix, number, NULL);
      const char *new_id;

      g_match_info_fetch_pos (match, 0, &start, &end);
      new_id = g_hash_table_lookup (map, old);
      if (new_id == NULL)
        {
          char *id = g_strdup_printf ("%u", g_hash_table_size (map) + 1);
          g_hash_table_insert (map, g_strdup (old), id);
          new_id = id;
        }
      g_string_append_len (out, last, svg + start - last);
      g_string_append (out, prefix);
      g_string_append (out, new_id);
      last = svg + end;
      g_match_info_next (match, NULL);
    }
  g_string_append (out, last);
  return g_string_free (out, FALSE);
}

static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.2f", v));
}

/* Text for an SVG element. g_markup_escape_text writes control characters as &#x1b; and keeps
 * U+FFFE/U+FFFF, which XML 1.0 forbids in any form: such characters (and bytes that are not
 * UTF-8) become U+FFFD, visibly. */
static char *
svg_escape_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      gboolean valid = c != (gunichar) -1 && c != (gunichar) -2;

      if (!valid)
        {
          g_string_append (out, "\xef\xbf\xbd");
          p++;
          continue;
        }
      if (c == '&')
        g_string_append (out, "&amp;");
      else if (c == '<')
        g_string_append (out, "&lt;");
      else if (c == '>')
        g_string_append (out, "&gt;");
      else if (c == '"')
        g_string_append (out, "&quot;");
      else if (c == '\'')
        g_string_append (out, "&apos;");
      else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0xd800 && c <= 0xdfff) ||
               c == 0xfffe || c == 0xffff)
        g_string_append (out, "\xef\xbf\xbd");
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/* Names for people and search: the document title and one invisible, titled rectangle per
 * resource (a tooltip in browsers and Inkscape). */
static char *
add_svg_names (TopoDocument   *doc,
               const char     *svg,
               const TopoRect *bounds,
               double          scale)
{
  const char *open = strstr (svg, "<svg");
  const char *open_end = open != NULL ? strchr (open, '>') : NULL;
  const char *close = g_strrstr (svg, "</svg>");
  const char *name = topo_document_get_name (doc);
  GString *out;
  guint n = topo_document_get_n_resources (doc);

  if (open_end == NULL || close == NULL || close < open_end)
    return g_strdup (svg);

  out = g_string_sized_new (strlen (svg) + n * 160);
  g_string_append_len (out, svg, open_end + 1 - svg);
  g_string_append (out, "\n<title>");
  {
    g_autofree char *escaped = svg_escape_text (name != NULL && *name ? name : _("Untitled design"));
    g_string_append (out, escaped);
  }
  g_string_append (out, "</title>");
  g_string_append_len (out, open_end + 1, close - (open_end + 1));

  g_string_append (out, "<g id=\"topograph-names\" fill=\"#000000\" fill-opacity=\"0\" stroke=\"none\">\n");
  for (guint i = 0; i < n; i++)
    {
      const TopoResource *res = topo_document_get_resource (doc, i);
      const TopoRect *b = &res->bounds;
      g_autofree char *label = NULL;
      g_autofree char *escaped = NULL;
      double h = res->kind == TOPO_KIND_RESOURCE_GROUP ? MIN (b->h, TOPO_GROUP_HEADER) : b->h;

      label = g_strdup_printf ("%s (%s)", topo_resource_get_name (res),
                               topo_kind_display_name (res->kind));
      escaped = svg_escape_text (label);
      g_string_append (out, "<rect x=\"");
      append_number (out, (b->x - bounds->x) * scale);
      g_string_append (out, "\" y=\"");
      append_number (out, (b->y - bounds->y) * scale);
      g_string_append (out, "\" width=\"");
      append_number (out, b->w * scale);
      g_string_append (out, "\" height=\"");
      append_number (out, h * scale);
      g_string_append_printf (out, "\"><title>%s</title></rect>\n", escaped);
    }
  g_string_append (out, "</g>\n");
  g_string_append (out, close);
  return g_string_free (out, FALSE);
}

GBytes *
topo_image_export_to_bytes (TopoDocument    *doc,
                            TopoImageFormat  format,
                            double           scale,
                            TopoImageFlags   flags,
                            TopoTheme        theme,
                            GError         **error)
{
  return _topo_image_export_with_diff (doc, format, scale, flags, theme, NULL, error);
}

GBytes *
_topo_image_export_with_diff (TopoDocument           *doc,
                              TopoImageFormat         format,
                              double                  scale,
                              TopoImageFlags          flags,
                              TopoTheme               theme,
                              const TopoDiffOverlay  *overlay,
                              GError                **error)
{
  TopoRenderOptions options;
  g_autoptr(TopoCapacity) plan = NULL;
  g_autoptr(GPtrArray) capacity = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) badges = NULL;
  g_autoptr(GString) data = g_string_new (NULL);
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  TopoRect bounds;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(scale > 0) || !isfinite (scale))
    scale = 1.0;
  if (format != TOPO_IMAGE_PNG && topo_document_get_n_resources (doc) > MAX_VECTOR_RESOURCES)
    {
      g_set_error (error, TOPO_IMAGE_ERROR, TOPO_IMAGE_ERROR_TOO_LARGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "the design has %u resource; SVG and PDF export draw at most %d "
                                "(about 30 KB of memory each)",
                                "the design has %u resources; SVG and PDF export draw at most %d "
                                "(about 30 KB of memory each)", topo_document_get_n_resources (doc)),
                   topo_document_get_n_resources (doc), MAX_VECTOR_RESOURCES);
      return NULL;
    }

  topo_render_options_init (&options);
  options.theme = theme;
  options.show_title = TRUE;
  options.show_legend = TRUE;
  options.scale = scale;
  options.diff = overlay;
  options.hide_notes = (flags & TOPO_IMAGE_NO_NOTES) != 0;
  if (flags & TOPO_IMAGE_CAPACITY)
    {
      plan = topo_capacity_compute (doc);
      capacity = topo_capacity_summary (plan, doc);
      options.capacity = capacity;
    }
  if (flags & TOPO_IMAGE_DIAGNOSTICS)
    {
      diagnostics = topo_validate (doc);
      badges = topo_diagnostics_badges (diagnostics);
      options.badges = badges;
    }

  bounds = topo_render_export_bounds (doc, &options);

  switch (format)
    {
    case TOPO_IMAGE_PNG:
      {
        double w = ceil (bounds.w * scale), h = ceil (bounds.h * scale);

        if (w * h > MAX_PNG_PIXELS && w <= MAX_PNG_SIDE && h <= MAX_PNG_SIDE)
          {
            g_set_error (error, TOPO_IMAGE_ERROR, TOPO_IMAGE_ERROR_TOO_LARGE,
                         _("the image would be %.0f × %.0f pixels, more than PNG export draws "
                           "(%d million pixels, %d MB of memory); use a smaller scale"),
                         w, h, MAX_PNG_PIXELS / (1024 * 1024), MAX_PNG_PIXELS / (1024 * 1024) * 4);
            return NULL;
          }
        if (w > MAX_PNG_SIDE || h > MAX_PNG_SIDE)
          {
            g_set_error (error, TOPO_IMAGE_ERROR, TOPO_IMAGE_ERROR_TOO_LARGE,
                         _("the image would be %.0f × %.0f pixels, more than PNG export supports "
                           "(%d); use a smaller scale or SVG/PDF"), w, h, MAX_PNG_SIDE);
            return NULL;
          }
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) h);
        draw (doc, surface, &bounds, scale, &options);
        cairo_surface_flush (surface);
        status = cairo_surface_status (surface);
        if (status == CAIRO_STATUS_SUCCESS && !write_opaque_png (surface, data))
          status = cairo_surface_write_to_png_stream (surface, append_to_string, data);
        cairo_surface_destroy (surface);
      }
      break;

    case TOPO_IMAGE_SVG:
      {
        g_autofree char *renumbered = NULL;
        char *named;

        /* A fresh surface per export; ids are renumbered below for determinism. */
        surface = cairo_svg_surface_create_for_stream (append_to_string, data,
                                                       bounds.w * scale, bounds.h * scale);
        cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
        draw (doc, surface, &bounds, scale, &options);
        cairo_surface_finish (surface);
        status = cairo_surface_status (surface);
        cairo_surface_destroy (surface);
        if (status == CAIRO_STATUS_SUCCESS)
          {
            renumbered = renumber_surface_ids (data->str);
            named = add_svg_names (doc, renumbered, &bounds, scale);
            g_string_assign (data, named);
            g_free (named);
          }
      }
      break;

    case TOPO_IMAGE_PDF:
      {
        /* 96 design units per inch, like the screen: 0.75 pt per unit. */
        double pt = 0.75 * scale;
        const char *name = topo_document_get_name (doc);

        surface = cairo_pdf_surface_create_for_stream (append_to_string, data,
                                                       bounds.w * pt, bounds.h * pt);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                        name != NULL && *name ? name : _("Untitled design"));
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Topograph");
        draw (doc, surface, &bounds, pt, &options);
        cairo_surface_show_page (surface);
        cairo_surface_finish (surface);
        status = cairo_surface_status (surface);
        cairo_surface_destroy (surface);
      }
      break;

    default:
      g_set_error (error, TOPO_IMAGE_ERROR, TOPO_IMAGE_ERROR_FAILED, _("unknown image format"));
      return NULL;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TOPO_IMAGE_ERROR, TOPO_IMAGE_ERROR_FAILED,
                   _("could not draw the image: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_string_free_to_bytes (g_steal_pointer (&data));
}

gboolean
topo_image_export (TopoDocument    *doc,
                   TopoImageFormat  format,
                   const char      *path,
                   double           scale,
                   TopoImageFlags   flags,
                   TopoTheme        theme,
                   GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = topo_image_export_to_bytes (doc, format, scale, flags, theme, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  return topo_file_replace (path, data, size, error);
}
