/* topo-picture.c: the design drawn by the core renderer into a given box
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-picture"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "topo-picture.h"

double
topo_picture_draw_fit (TopoDocument            *doc,
                       cairo_t                 *cr,
                       const TopoRect          *area,
                       double                   width,
                       double                   height,
                       const TopoRenderOptions *options)
{
  double scale;

  g_return_val_if_fail (area->w > 0 && area->h > 0, 0);

  scale = MIN (width / area->w, height / area->h);
  cairo_save (cr);
  cairo_translate (cr, (width - area->w * scale) / 2, (height - area->h * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -area->x, -area->y);
  topo_render_document (doc, cr, area, options);
  cairo_restore (cr);
  return scale;
}

GdkTexture *
topo_picture_texture (TopoDocument            *doc,
                      const TopoRect          *area,
                      int                      max_width,
                      int                      max_height,
                      double                   pixel_scale,
                      const TopoRenderOptions *options,
                      GError                 **error)
{
  TopoRenderOptions opts = *options;
  double scale = MIN (pixel_scale, MIN (max_width / area->w, max_height / area->h));
  int width = MAX (1, (int) ceil (area->w * scale));
  int height = MAX (1, (int) ceil (area->h * scale));
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw a %d × %d picture: %s"),
                   width, height, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  /* the level of detail follows the pixels per design unit */
  opts.scale = scale;
  cr = cairo_create (surface);
  topo_picture_draw_fit (doc, cr, area, width, height, &opts);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* cairo's ARGB32 is premultiplied native-endian, GDK_MEMORY_DEFAULT's layout */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                 cairo_image_surface_get_stride (surface));
}
