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

#include "topo-image-export.h"
#include "topo-layout.h"
#include "topo-validator.h"

#define MAX_PNG_SIDE 32767

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
    g_autofree char *escaped = g_markup_escape_text (name != NULL && *name ? name : _("Untitled design"), -1);
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
      escaped = g_markup_escape_text (label, -1);
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
                            gboolean         show_diagnostics,
                            TopoTheme        theme,
                            GError         **error)
{
  TopoRenderOptions options;
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

  topo_render_options_init (&options);
  options.theme = theme;
  options.show_title = TRUE;
  options.show_legend = TRUE;
  options.scale = scale;
  if (show_diagnostics)
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
        if (status == CAIRO_STATUS_SUCCESS)
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
                   gboolean         show_diagnostics,
                   TopoTheme        theme,
                   GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = topo_image_export_to_bytes (doc, format, scale, show_diagnostics, theme, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  return g_file_set_contents (path, data, size, error);
}
