/* topo-render-blit.c: bitmaps copied straight into the target's pixels, and overdraw holes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-renderer-private.h"

const cairo_user_data_key_t _topo_seen_key;
const cairo_user_data_key_t _topo_spans_key;

/* Overdraw ------------------------------------------------------------------------------------------ */

/* Target pixel of design point (x, y), unrounded. */
void
_topo_target_pixel (Render *r,
                    double *x,
                    double *y)
{
  cairo_surface_t *target = cairo_get_target (r->cr);
  double ds, ds_y, ox, oy;

  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_user_to_device (r->cr, x, y);
  *x = *x * ds + ox;
  *y = *y * ds_y + oy;
}

/* The whole target pixels inside a design rectangle (FALSE: none). */
gboolean
_topo_inner_pixels (Render  *r,
                    double   x,
                    double   y,
                    double   w,
                    double   h,
                    PixBox  *box)
{
  double x0 = x, y0 = y, x1 = x + w, y1 = y + h;

  _topo_target_pixel (r, &x0, &y0);
  _topo_target_pixel (r, &x1, &y1);
  box->x0 = (int) ceil (x0 - 1e-7);
  box->y0 = (int) ceil (y0 - 1e-7);
  box->x1 = (int) floor (x1 + 1e-7);
  box->y1 = (int) floor (y1 + 1e-7);
  return box->x1 > box->x0 && box->y1 > box->y0;
}

/* Adds to the path, with the opposite winding, the parts of boxes inside outer (whole pixels of
 * the rectangle being filled): a winding fill then leaves exactly those pixels alone, and every
 * other pixel gets the coverage it had. Only for boxes a later opaque paint covers whole. */
void
_topo_add_holes (Render       *r,
                 const PixBox *outer,
                 GArray       *boxes)
{
  cairo_t *cr = r->cr;
  cairo_surface_t *target;
  cairo_matrix_t m;
  double ds, ds_y, ox, oy;

  if (boxes == NULL || boxes->len == 0)
    return;
  target = cairo_get_target (cr);
  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_get_matrix (cr, &m);
  cairo_identity_matrix (cr);
  for (guint i = 0; i < boxes->len; i++)
    {
      const PixBox *b = &g_array_index (boxes, PixBox, i);
      int x0 = MAX (b->x0, outer->x0), y0 = MAX (b->y0, outer->y0);
      int x1 = MIN (b->x1, outer->x1), y1 = MIN (b->y1, outer->y1);

      if (x0 >= x1 || y0 >= y1)
        continue;
      cairo_move_to (cr, (x0 - ox) / ds, (y0 - oy) / ds_y);
      cairo_line_to (cr, (x0 - ox) / ds, (y1 - oy) / ds_y);
      cairo_line_to (cr, (x1 - ox) / ds, (y1 - oy) / ds_y);
      cairo_line_to (cr, (x1 - ox) / ds, (y0 - oy) / ds_y);
      cairo_close_path (cr);
    }
  cairo_set_matrix (cr, &m);
}

/* Device pixels per design unit when cr draws into a bitmap without rotation or skew; 0
 * otherwise (vector surfaces keep vectors). */
double
_topo_bitmap_scale (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  double ax = 1, ay = 0, bx = 0, by = 1;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return 0;
  double sx, sy;

  cairo_user_to_device_distance (cr, &ax, &ay);
  cairo_user_to_device_distance (cr, &bx, &by);
  cairo_surface_get_device_scale (target, &sx, &sy);
  if (fabs (ay) > 1e-9 || fabs (bx) > 1e-9 || fabs (ax - by) > 1e-9 || ax <= 0 ||
      fabs (sx - sy) > 1e-9 || sx <= 0)
    return 0;
  /* cairo's "device space" is before the surface's device scale (HiDPI): pixels need both. */
  return ax * sx;
}

/* Runs of each row of a bitmap: transparent pixels are skipped, opaque runs copied, the rest
 * blended. Computed once per bitmap (kept as its user data). */
typedef struct
{
  guint16 x0, x1;
  gboolean opaque;
} Span;

typedef struct
{
  guint *row_start;      /* height + 1 offsets into spans */
  Span  *spans;
} BitmapSpans;

static void
bitmap_spans_free (gpointer data)
{
  BitmapSpans *bs = data;

  g_free (bs->row_start);
  g_free (bs->spans);
  g_free (bs);
}

static BitmapSpans *
bitmap_spans (cairo_surface_t *bitmap)
{
  BitmapSpans *bs = cairo_surface_get_user_data (bitmap, &_topo_spans_key);
  int w, h, stride;
  const guint8 *data;
  GArray *spans;

  if (bs != NULL)
    return bs;

  cairo_surface_flush (bitmap);
  w = cairo_image_surface_get_width (bitmap);
  h = cairo_image_surface_get_height (bitmap);
  stride = cairo_image_surface_get_stride (bitmap);
  data = cairo_image_surface_get_data (bitmap);
  spans = g_array_new (FALSE, FALSE, sizeof (Span));
  bs = g_new0 (BitmapSpans, 1);
  bs->row_start = g_new (guint, h + 1);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      bs->row_start[y] = spans->len;
      for (int x = 0; x < w;)
        {
          guint a = row[x] >> 24;
          int x1 = x + 1;

          if (row[x] == 0)
            {
              x++;
              continue;
            }
          if (a == 255)
            while (x1 < w && row[x1] >> 24 == 255)
              x1++;
          else
            while (x1 < w && row[x1] != 0 && row[x1] >> 24 != 255)
              x1++;
          g_array_append_val (spans, ((Span) { x, x1, a == 255 }));
          x = x1;
        }
    }
  bs->row_start[h] = spans->len;
  bs->spans = (Span *) (gpointer) g_array_free (spans, FALSE);
  cairo_surface_set_user_data (bitmap, &_topo_spans_key, bs, bitmap_spans_free);
  return bs;
}

/* The run list of a bitmap made now; opaque: every pixel is, one run per row. */
void
_topo_make_spans (cairo_surface_t *bitmap,
                  gboolean         opaque)
{
  int w, h;
  BitmapSpans *bs;

  if (!opaque)
    {
      bitmap_spans (bitmap);
      return;
    }
  w = cairo_image_surface_get_width (bitmap);
  h = cairo_image_surface_get_height (bitmap);
  bs = g_new0 (BitmapSpans, 1);
  bs->row_start = g_new (guint, h + 1);
  bs->spans = g_new (Span, MAX (h, 1));
  for (int y = 0; y < h; y++)
    {
      bs->row_start[y] = y;
      bs->spans[y] = (Span) { 0, w, TRUE };
    }
  bs->row_start[h] = h;
  cairo_surface_set_user_data (bitmap, &_topo_spans_key, bs, bitmap_spans_free);
}

/* s OVER d for premultiplied ARGB, exactly as pixman computes it (each channel d * (255 - sa)
 * / 255 rounded, plus s), two channels per 32-bit multiply; premultiplied s cannot overflow. */
static inline guint32
over_pixel (guint32 s,
            guint32 d)
{
  guint32 ia = 255 - (s >> 24);
  guint32 rb = (d & 0x00ff00ff) * ia + 0x00800080;
  guint32 ag = ((d >> 8) & 0x00ff00ff) * ia + 0x00800080;

  rb = (((rb >> 8) & 0x00ff00ff) + rb) >> 8 & 0x00ff00ff;
  ag = (((ag >> 8) & 0x00ff00ff) + ag) & 0xff00ff00;
  return s + (rb | ag);
}

/* Composites bitmap OVER the target with its pixel (0, 0) at target pixel (px, py), inside the
 * clip: the same pixels cairo (pixman's OVER on premultiplied ARGB) makes, without a cairo paint
 * per bitmap; opaque runs are plain copies. */
static gboolean
fast_blit (Render          *r,
           cairo_surface_t *bitmap,
           int              px,
           int              py)
{
  BitmapSpans *bs = cairo_surface_get_user_data (bitmap, &_topo_spans_key);
  int w = cairo_image_surface_get_width (bitmap);
  int h = cairo_image_surface_get_height (bitmap);
  int src_stride = cairo_image_surface_get_stride (bitmap);
  const guint8 *src = cairo_image_surface_get_data (bitmap);
  int y0 = MAX (py, r->clip_y0), y1 = MIN (py + h, r->clip_y1);
  int cx0 = MAX (px, r->clip_x0) - px, cx1 = MIN (px + w, r->clip_x1) - px;

  if (bs == NULL && cairo_surface_get_user_data (bitmap, &_topo_seen_key) == NULL)
    {
      /* First copy (a new card coming into view): pixman's paint; bitmaps that come back get a
       * run list. */
      cairo_surface_set_user_data (bitmap, &_topo_seen_key, GINT_TO_POINTER (1), NULL);
      return FALSE;
    }
  if (bs == NULL)
    bs = bitmap_spans (bitmap);

  for (int y = y0; y < y1; y++)
    {
      int sy = y - py;
      const guint32 *srow = (const guint32 *) (src + (gsize) sy * src_stride);
      guint32 *drow = (guint32 *) (r->fast_data + (gsize) y * r->fast_stride) + px;

      for (guint k = bs->row_start[sy]; k < bs->row_start[sy + 1]; k++)
        {
          int a = MAX ((int) bs->spans[k].x0, cx0), b = MIN ((int) bs->spans[k].x1, cx1);

          if (a >= b)
            continue;
          if (bs->spans[k].opaque)
            memcpy (drow + a, srow + a, (gsize) (b - a) * 4);
          else
            for (int x = a; x < b; x++)
              drow[x] = over_pixel (srow[x], drow[x]);
        }
    }
  return TRUE;
}

/* Sets r->fast when bitmaps can be copied straight into the target's pixels: an ARGB32 image
 * drawn directly (no group), operator OVER, clipped to one rectangle on whole pixels. */
void
_topo_setup_fast_blit (Render *r)
{
  cairo_t *cr = r->cr;
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_rectangle_list_t *list;
  double ds, ds_y, ox, oy;

  r->fast = FALSE;
  if (r->device_scale <= 0 || cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32 ||
      cairo_get_group_target (cr) != target || cairo_get_operator (cr) != CAIRO_OPERATOR_OVER ||
      cairo_surface_status (target) != CAIRO_STATUS_SUCCESS)
    return;

  list = cairo_copy_clip_rectangle_list (cr);
  if (list->status == CAIRO_STATUS_SUCCESS && list->num_rectangles == 1)
    {
      const cairo_rectangle_t *rect = &list->rectangles[0];
      double x0 = rect->x, y0 = rect->y, x1 = rect->x + rect->width, y1 = rect->y + rect->height;

      cairo_surface_get_device_scale (target, &ds, &ds_y);
      cairo_surface_get_device_offset (target, &ox, &oy);
      cairo_user_to_device (cr, &x0, &y0);
      cairo_user_to_device (cr, &x1, &y1);
      x0 = x0 * ds + ox;
      x1 = x1 * ds + ox;
      y0 = y0 * ds_y + oy;
      y1 = y1 * ds_y + oy;
      if (fabs (x0 - round (x0)) < 1e-4 && fabs (x1 - round (x1)) < 1e-4 &&
          fabs (y0 - round (y0)) < 1e-4 && fabs (y1 - round (y1)) < 1e-4)
        {
          r->clip_x0 = MAX (0, (int) round (MIN (x0, x1)));
          r->clip_y0 = MAX (0, (int) round (MIN (y0, y1)));
          r->clip_x1 = MIN (cairo_image_surface_get_width (target), (int) round (MAX (x0, x1)));
          r->clip_y1 = MIN (cairo_image_surface_get_height (target), (int) round (MAX (y0, y1)));
          cairo_surface_flush (target);
          r->fast_data = cairo_image_surface_get_data (target);
          r->fast_stride = cairo_image_surface_get_stride (target);
          r->fast = r->fast_data != NULL;
        }
    }
  cairo_rectangle_list_destroy (list);
}

/* Copies bitmap (made at r->device_scale pixels per design unit) so that its pixel (0, 0) lands
 * off_x, off_y pixels from the pixel nearest to design point (x, y): whole pixels, a plain copy,
 * and the same pixels wherever the viewport starts. */
void
_topo_blit_bitmap (Render          *r,
                   cairo_surface_t *bitmap,
                   double           x,
                   double           y,
                   int              off_x,
                   int              off_y)
{
  cairo_t *cr = r->cr;
  cairo_surface_t *target = cairo_get_target (cr);
  double ds, ds_y, ox, oy;

  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_user_to_device (cr, &x, &y);
  /* Halves round up (not away from zero): the same pixel whatever the device offset, which an
   * export drawn in bands of rows changes. */
  if (r->fast &&
      fast_blit (r, bitmap, (int) floor (x * ds + ox + 0.5) + off_x, (int) floor (y * ds + oy + 0.5) + off_y))
    return;
  x = (floor (x * ds + ox + 0.5) + off_x - ox) / ds;
  y = (floor (y * ds + oy + 0.5) + off_y - oy) / ds;
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_surface_set_device_scale (bitmap, ds, ds);
  cairo_set_source_surface (cr, bitmap, x, y);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* The whole device pixel design point (x, y) snaps to, as _topo_blit_bitmap and _topo_show_layout place
 * bitmaps and text. */
void
_topo_device_pixel (Render *r,
                    double  x,
                    double  y,
                    int    *px,
                    int    *py)
{
  cairo_surface_t *target = cairo_get_target (r->cr);
  double ds, ds_y, ox, oy;

  cairo_surface_get_device_scale (target, &ds, &ds_y);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_user_to_device (r->cr, &x, &y);
  *px = (int) floor (x * ds + ox + 0.5);
  *py = (int) floor (y * ds + oy + 0.5);
}
