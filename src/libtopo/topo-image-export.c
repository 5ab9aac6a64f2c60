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
#include <zlib.h>

#include "topo-capacity.h"
#include "topo-image-export.h"
#include "topo-file.h"
#include "topo-render-diff-private.h"
#include "topo-renderer-private.h"
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

/* An export is opaque (the background is painted first): written as 8-bit RGB, every row with
 * PNG's "up" filter, deflated at zlib's fastest level. cairo's writer keeps the alpha channel,
 * tries all five filters on each row and deflates at the default level, which was 85 % of an
 * export's time. The bytes are deterministic.
 *
 * The picture is drawn in bands of BAND_ROWS rows, each into a small surface, while a second
 * thread deflates the band drawn before: a whole 1 000-resource design is 5632 × 6678 pixels,
 * whose 150 MB surface cost more in page faults than its fills, and drawing and deflating then
 * share the two cores. A band draws what the spatial index finds there, in the same order and
 * at the same device coordinates (the band's offset is the surface's device offset), so it has
 * the whole picture's pixels (tested). */
#define BAND_ROWS 64
#define N_BANDS 3
#define IDAT_SIZE (64 * 1024)

typedef struct
{
  cairo_surface_t *surface;   /* width × BAND_ROWS */
  guint8          *filtered;  /* its rows as PNG scanlines: filter byte, then RGB differences */
  int              rows;
} Band;

typedef struct
{
  GAsyncQueue *drawn;         /* Band, in order; &end when the drawing stops */
  GAsyncQueue *free;          /* Band the drawing may reuse */
  int          row_bytes;
  GString     *out;
  gboolean     failed;        /* zlib failed (read after the thread is joined) */
  Band         end;
} Encoder;

static void
append_be32 (GString *out,
             guint32  v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_string_append_len (out, (const char *) b, 4);
}

static void
append_chunk (GString      *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  append_be32 (out, length);
  g_string_append_len (out, type, 4);
  if (length > 0)
    {
      g_string_append_len (out, (const char *) data, length);
      crc = crc32 (crc, data, length);
    }
  append_be32 (out, crc);
}

/* Deflates the bands as they come into IDAT chunks; after a failure it still hands them back. */
static gpointer
encode_thread (gpointer data)
{
  Encoder *e = data;
  g_autofree guint8 *idat = g_malloc (IDAT_SIZE);
  z_stream z = { 0 };
  gboolean ok = deflateInit (&z, Z_BEST_SPEED) == Z_OK;
  Band *band;

  z.next_out = idat;
  z.avail_out = IDAT_SIZE;
  while ((band = g_async_queue_pop (e->drawn)) != &e->end)
    {
      z.next_in = band->filtered;
      z.avail_in = (uInt) band->rows * e->row_bytes;
      while (ok && z.avail_in > 0)
        {
          ok = deflate (&z, Z_NO_FLUSH) == Z_OK;
          if (z.avail_out == 0)
            {
              append_chunk (e->out, "IDAT", idat, IDAT_SIZE);
              z.next_out = idat;
              z.avail_out = IDAT_SIZE;
            }
        }
      g_async_queue_push (e->free, band);
    }
  for (int status = Z_OK; ok && status != Z_STREAM_END;)
    {
      status = deflate (&z, Z_FINISH);
      ok = status == Z_OK || status == Z_STREAM_END;
      if (ok && (z.avail_out == 0 || status == Z_STREAM_END))
        {
          append_chunk (e->out, "IDAT", idat, IDAT_SIZE - z.avail_out);
          z.next_out = idat;
          z.avail_out = IDAT_SIZE;
        }
    }
  deflateEnd (&z);
  e->failed = !ok;
  return NULL;
}

/* A row as an "up"-filtered RGB scanline; prev holds the RGB of the row above (zeros above the
 * first) and gets this row's. FALSE if a pixel is not opaque. */
static gboolean
filter_row (const guint32 *src,
            int            width,
            guint8        *prev,
            guint8        *scanline)
{
  guint32 opaque = 0xff000000u;

  *scanline++ = 2;   /* up */
  for (int x = 0; x < width; x++)
    {
      guint8 r = src[x] >> 16, g = src[x] >> 8, b = src[x];

      opaque &= src[x];
      scanline[0] = r - prev[0];
      scanline[1] = g - prev[1];
      scanline[2] = b - prev[2];
      prev[0] = r;
      prev[1] = g;
      prev[2] = b;
      scanline += 3;
      prev += 3;
    }
  return opaque == 0xff000000u;
}

/* Draws the picture band by band and has it deflated meanwhile; FALSE (nothing appended) when
 * a pixel is not opaque or zlib failed: the caller then writes the picture with cairo. */
static gboolean
write_png_in_bands (TopoDocument            *doc,
                    int                      width,
                    int                      height,
                    const TopoRect          *bounds,
                    double                   scale,
                    const TopoRenderOptions *options,
                    GString                 *out)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  Encoder e = { g_async_queue_new (), g_async_queue_new (), 1 + 3 * width, out, FALSE, { 0 } };
  g_autofree guint8 *prev = g_malloc0 ((gsize) width * 3);
  gsize start = out->len;
  gboolean opaque = TRUE;
  Band bands[N_BANDS];
  GThread *thread;
  guint8 ihdr[13] = {
    width >> 24, width >> 16, width >> 8, width, height >> 24, height >> 16, height >> 8, height,
    8,   /* bits per channel */
    2,   /* RGB; compression, filter method and interlace 0 */
  };

  g_string_append_len (out, (const char *) signature, sizeof signature);
  append_chunk (out, "IHDR", ihdr, sizeof ihdr);
  for (guint i = 0; i < N_BANDS; i++)
    {
      bands[i].surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, BAND_ROWS);
      bands[i].filtered = g_malloc ((gsize) e.row_bytes * BAND_ROWS);
      g_async_queue_push (e.free, &bands[i]);
    }
  thread = g_thread_new ("topo-png", encode_thread, &e);
  for (int y0 = 0; y0 < height && opaque; y0 += BAND_ROWS)
    {
      Band *band = g_async_queue_pop (e.free);
      /* Culls to the band (with a margin of two pixels, outside the surface, where the clip to
       * it changes nothing); the picture's own edges stay where the whole picture has them. */
      double top = MAX (bounds->y, bounds->y + (y0 - 2) / scale);
      double bottom = MIN (bounds->y + bounds->h, bounds->y + (y0 + BAND_ROWS + 2) / scale);
      TopoRect viewport = { bounds->x, top, bounds->w, bottom - top };
      guint8 *data;
      int stride;
      cairo_t *cr;

      band->rows = MIN (BAND_ROWS, height - y0);
      cairo_surface_flush (band->surface);
      data = cairo_image_surface_get_data (band->surface);
      stride = cairo_image_surface_get_stride (band->surface);
      memset (data, 0, (gsize) stride * BAND_ROWS);
      cairo_surface_mark_dirty (band->surface);
      cairo_surface_set_device_offset (band->surface, 0, -y0);
      cr = cairo_create (band->surface);
      cairo_scale (cr, scale, scale);
      cairo_translate (cr, -bounds->x, -bounds->y);
      _topo_render_export_part (doc, cr, &viewport, options);
      cairo_destroy (cr);
      cairo_surface_flush (band->surface);
      opaque = cairo_surface_status (band->surface) == CAIRO_STATUS_SUCCESS;
      for (int y = 0; y < band->rows && opaque; y++)
        opaque = filter_row ((const guint32 *) (data + (gsize) y * stride), width, prev,
                             band->filtered + (gsize) y * e.row_bytes);
      g_async_queue_push (opaque ? e.drawn : e.free, band);
    }
  g_async_queue_push (e.drawn, &e.end);
  g_thread_join (thread);
  append_chunk (out, "IEND", NULL, 0);

  for (guint i = 0; i < N_BANDS; i++)
    {
      cairo_surface_destroy (bands[i].surface);
      g_free (bands[i].filtered);
    }
  g_async_queue_unref (e.drawn);
  g_async_queue_unref (e.free);
  if (!opaque || e.failed)
    {
      g_string_truncate (out, start);
      return FALSE;
    }
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
        status = CAIRO_STATUS_SUCCESS;
        /* At a scale that cuts the last row or column of pixels the picture's edge is partly
         * transparent: no use drawing it in bands first. */
        if (w != bounds.w * scale || h != bounds.h * scale ||
            !write_png_in_bands (doc, (int) w, (int) h, &bounds, scale, &options, data))
          {
            /* Not opaque (or zlib failed): the whole picture, written by cairo with its alpha. */
            surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) h);
            draw (doc, surface, &bounds, scale, &options);
            cairo_surface_flush (surface);
            status = cairo_surface_status (surface);
            if (status == CAIRO_STATUS_SUCCESS)
              status = cairo_surface_write_to_png_stream (surface, append_to_string, data);
            cairo_surface_destroy (surface);
          }
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
