/* topo-spatial-index.c: uniform grid over the design, rebuilt per document serial
 *
 * The grid is stored compressed (one array of item ids, cell by cell, and each cell's start in
 * it): built in two linear passes, count then fill, with three allocations whatever the size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-spatial-index"

#include "config.h"

#include <math.h>
#include <string.h>

#include "topo-layout.h"
#include "topo-resource.h"
#include "topo-spatial-index.h"

#define CELL_SIZE   256.0
#define MAX_CELLS   (1 << 18)
#define ROUTE_PAD_X 64.0     /* arrowhead and the widest label pill ("staging → prod") */
#define ROUTE_PAD_Y 14.0

struct _TopoSpatialIndex
{
  guint64        serial;
  gboolean       valid;
  double         origin_x, origin_y, cell;
  guint          nx, ny;
  guint32       *cell_start;     /* nx*ny + 1 offsets into items */
  guint32       *items;          /* item ids, cell after cell */
  guint          n_resources;
  guint          n_links;
  TopoRect      *bounds;         /* per resource, copied at build time */
  TopoLinkRoute *routes;         /* per link */
  gboolean      *route_ok;       /* FALSE when an endpoint is missing */
  guint32       *stamps;         /* per item, for deduplication in queries */
  guint32        stamp;
};

static void
index_clear (TopoSpatialIndex *index)
{
  g_clear_pointer (&index->cell_start, g_free);
  g_clear_pointer (&index->items, g_free);
  g_clear_pointer (&index->bounds, g_free);
  g_clear_pointer (&index->routes, g_free);
  g_clear_pointer (&index->route_ok, g_free);
  g_clear_pointer (&index->stamps, g_free);
  index->valid = FALSE;
}

static void
index_free (gpointer data)
{
  TopoSpatialIndex *index = data;

  index_clear (index);
  g_free (index);
}

static void
route_curve (const TopoRect *a,
             const TopoRect *b,
             TopoLinkRoute  *r)
{
  double acx = a->x + a->w / 2, acy = a->y + a->h / 2;
  double bcx = b->x + b->w / 2, bcy = b->y + b->h / 2;
  double gap_x = MAX (b->x - (a->x + a->w), a->x - (b->x + b->w));
  double gap_y = MAX (b->y - (a->y + a->h), a->y - (b->y + b->h));
  double *x = r->x, *y = r->y;
  double d;

  r->curve = TRUE;
  r->n_points = 4;

  if (gap_y > gap_x && gap_y >= 60.0 && fabs (acx - bcx) < MIN (a->w, b->w) / 2)
    {
      /* Same column with something in between: leave by the right sides and bow out, instead of
       * running straight through the cards between them. */
      double right = MAX (a->x + a->w, b->x + b->w);

      d = MIN (72.0, 24.0 + gap_y / 6);
      x[0] = a->x + a->w;  y[0] = acy;
      x[3] = b->x + b->w;  y[3] = bcy;
      x[1] = right + d;    y[1] = acy;
      x[2] = right + d;    y[2] = bcy;
    }
  else if (gap_x >= gap_y && gap_x >= 120.0 && fabs (acy - bcy) < MIN (a->h, b->h) / 2)
    {
      /* Same row with something in between: bow below the row. */
      double bottom = MAX (a->y + a->h, b->y + b->h);

      d = MIN (40.0, 16.0 + gap_x / 12);
      x[0] = acx;  y[0] = a->y + a->h;
      x[3] = bcx;  y[3] = b->y + b->h;
      x[1] = acx;  y[1] = bottom + d;
      x[2] = bcx;  y[2] = bottom + d;
    }
  else if (gap_x >= gap_y)
    {
      /* Side by side: right edge to left edge (or the mirror), horizontal tangents. */
      if (bcx >= acx)
        {
          x[0] = a->x + a->w;  x[3] = b->x;
        }
      else
        {
          x[0] = a->x;  x[3] = b->x + b->w;
        }
      y[0] = acy;
      y[3] = bcy;
      d = MAX (24.0, fabs (x[3] - x[0]) * 0.5);
      d = (x[3] >= x[0]) ? d : -d;
      x[1] = x[0] + d;  y[1] = y[0];
      x[2] = x[3] - d;  y[2] = y[3];
    }
  else
    {
      /* One above the other: bottom edge to top edge, vertical tangents. */
      if (bcy >= acy)
        {
          y[0] = a->y + a->h;  y[3] = b->y;
        }
      else
        {
          y[0] = a->y;  y[3] = b->y + b->h;
        }
      x[0] = acx;
      x[3] = bcx;
      d = MAX (24.0, fabs (y[3] - y[0]) * 0.5);
      d = (y[3] >= y[0]) ? d : -d;
      x[1] = x[0];  y[1] = y[0] + d;
      x[2] = x[3];  y[2] = y[3] - d;
    }
  r->label_x = (x[0] + 3 * x[1] + 3 * x[2] + x[3]) / 8;
  r->label_y = (y[0] + 3 * y[1] + 3 * y[2] + y[3]) / 8;
}

static void
add_point (TopoLinkRoute *r,
           double         x,
           double         y)
{
  guint n = r->n_points;

  /* Drop repeated points and merge collinear runs, so bends are real bends. */
  if (n >= 1 && fabs (r->x[n - 1] - x) < 0.01 && fabs (r->y[n - 1] - y) < 0.01)
    return;
  if (n >= 2)
    {
      gboolean vertical = fabs (r->x[n - 2] - r->x[n - 1]) < 0.01 && fabs (r->x[n - 1] - x) < 0.01;
      gboolean horizontal = fabs (r->y[n - 2] - r->y[n - 1]) < 0.01 && fabs (r->y[n - 1] - y) < 0.01;

      if (vertical || horizontal)
        {
          r->x[n - 1] = x;
          r->y[n - 1] = y;
          return;
        }
    }
  g_assert (n < TOPO_LINK_ROUTE_MAX_POINTS);
  r->x[n] = x;
  r->y[n] = y;
  r->n_points = n + 1;
}

static void
route_orthogonal (TopoLinkType    type,
                  guint           salt,
                  const TopoRect *a,
                  const TopoRect *ga,
                  const TopoRect *b,
                  const TopoRect *gb,
                  TopoLinkRoute  *r)
{
  /* Parallel links of different types keep apart in the shared corridors. */
  double off = type == TOPO_LINK_PROMOTION ? -4.0 : type == TOPO_LINK_REPLICATION ? 4.0 : 0.0;
  double acx = a->x + a->w / 2, acy = a->y + a->h / 2;
  double bcx = b->x + b->w / 2, bcy = b->y + b->h / 2;
  gboolean a_right = bcx >= acx;
  double xa = a_right ? a->x + a->w + 8 + off : a->x - 8 + off;
  double ya = ga->y + TOPO_GROUP_HEADER + 8 + off;
  double yb = gb->y + TOPO_GROUP_HEADER + 8 + off;
  double x_out, xb;
  gboolean same_row = ga->y < gb->y + gb->h && gb->y < ga->y + ga->h;

  /* Out of the source RG: into the gap between the two RGs when they are side by side, just
   * beside the RG otherwise. */
  if (a_right)
    x_out = gb->x >= ga->x + ga->w ? ga->x + ga->w + MIN (16.0, (gb->x - (ga->x + ga->w)) / 2)
                                   : ga->x + ga->w + 12;
  else
    x_out = gb->x + gb->w <= ga->x ? ga->x - MIN (16.0, (ga->x - (gb->x + gb->w)) / 2)
                                   : ga->x - 12;
  /* Links leaving through the same gap fan out over it instead of sharing one line. */
  x_out += off + ((int) (salt % 3) - 1) * 6.0;
  xb = x_out <= bcx ? b->x - 8 + off : b->x + b->w + 8 - off;

  r->curve = FALSE;
  r->n_points = 0;
  add_point (r, a_right ? a->x + a->w : a->x, acy);
  add_point (r, xa, acy);
  add_point (r, xa, ya);
  add_point (r, x_out, ya);
  add_point (r, x_out, yb);
  add_point (r, xb, yb);
  add_point (r, xb, bcy);
  add_point (r, x_out <= bcx ? b->x : b->x + b->w, bcy);

  /* The label goes into free space: the gap between side-by-side RGs, or just outside the
   * target RG (distinct targets, distinct places) when the link crosses lanes. */
  r->label_x = x_out;
  if (same_row)
    r->label_y = ya;
  else if (gb->y >= ga->y)
    r->label_y = gb->y - 12;
  else
    r->label_y = gb->y + gb->h + 12;
}

void
topo_link_route_compute (TopoLinkType    type,
                         guint           salt,
                         const TopoRect *a,
                         const TopoRect *ga,
                         const TopoRect *b,
                         const TopoRect *gb,
                         TopoLinkRoute  *r)
{
  double x_min = G_MAXDOUBLE, x_max = -G_MAXDOUBLE, y_min = G_MAXDOUBLE, y_max = -G_MAXDOUBLE;

  memset (r, 0, sizeof *r);
  if (ga == NULL || gb == NULL || ga == gb ||
      (ga->x == gb->x && ga->y == gb->y && ga->w == gb->w && ga->h == gb->h))
    route_curve (a, b, r);
  else
    route_orthogonal (type, salt, a, ga, b, gb, r);

  /* A Bézier lies inside the hull of its control points. */
  for (guint i = 0; i < r->n_points; i++)
    {
      x_min = MIN (x_min, r->x[i]);
      x_max = MAX (x_max, r->x[i]);
      y_min = MIN (y_min, r->y[i]);
      y_max = MAX (y_max, r->y[i]);
    }
  x_min = MIN (x_min, r->label_x - ROUTE_PAD_X);
  x_max = MAX (x_max, r->label_x + ROUTE_PAD_X);
  r->bounds.x = x_min - ROUTE_PAD_Y;
  r->bounds.y = y_min - ROUTE_PAD_Y;
  r->bounds.w = x_max - x_min + 2 * ROUTE_PAD_Y;
  r->bounds.h = y_max - y_min + 2 * ROUTE_PAD_Y;
}

static void
cell_range (TopoSpatialIndex *index,
            const TopoRect   *rect,
            guint *cx0, guint *cy0, guint *cx1, guint *cy1)
{
  double fx0 = floor ((rect->x - index->origin_x) / index->cell);
  double fy0 = floor ((rect->y - index->origin_y) / index->cell);
  double fx1 = floor ((rect->x + rect->w - index->origin_x) / index->cell);
  double fy1 = floor ((rect->y + rect->h - index->origin_y) / index->cell);

  *cx0 = (guint) CLAMP (fx0, 0, index->nx - 1);
  *cy0 = (guint) CLAMP (fy0, 0, index->ny - 1);
  *cx1 = (guint) CLAMP (fx1, 0, index->nx - 1);
  *cy1 = (guint) CLAMP (fy1, 0, index->ny - 1);
}

/* Pass 1 (fill = FALSE): counts the item in each cell it touches, in cell_start[cell + 1].
 * Pass 2: writes it at its cell's next free place (cell_start[cell] moves on). */
static void
file_item (TopoSpatialIndex *index,
           const TopoRect   *rect,
           guint32           item,
           gboolean          fill)
{
  guint cx0, cy0, cx1, cy1;

  cell_range (index, rect, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * index->nx + cx;

        if (fill)
          index->items[index->cell_start[cell]++] = item;
        else
          index->cell_start[cell + 1]++;
      }
}

static const TopoRect *
item_rect (TopoSpatialIndex *index,
           guint32           item)
{
  if (item < index->n_resources)
    return &index->bounds[item];
  return index->route_ok[item - index->n_resources] ? &index->routes[item - index->n_resources].bounds
                                                    : NULL;
}

static void
index_build (TopoSpatialIndex *index,
             TopoDocument     *doc)
{
  TopoRect extent = topo_layout_get_extent (doc);
  double x_min = extent.x, y_min = extent.y, x_max = extent.x + extent.w, y_max = extent.y + extent.h;
  guint n_res = topo_document_get_n_resources (doc);
  guint n_links = topo_document_get_n_links (doc);

  index_clear (index);

  /* Resources may stick out of the lanes while being dragged; cover them all. */
  for (guint i = 0; i < n_res; i++)
    {
      const TopoRect *b = &topo_document_get_resource (doc, i)->bounds;

      x_min = MIN (x_min, b->x);
      y_min = MIN (y_min, b->y);
      x_max = MAX (x_max, b->x + b->w);
      y_max = MAX (y_max, b->y + b->h);
    }

  index->cell = CELL_SIZE;
  index->origin_x = x_min - ROUTE_PAD_X;
  index->origin_y = y_min - ROUTE_PAD_Y;
  for (;;)
    {
      index->nx = (guint) MAX (1.0, ceil ((x_max - x_min + 2 * ROUTE_PAD_X) / index->cell));
      index->ny = (guint) MAX (1.0, ceil ((y_max - y_min + 2 * ROUTE_PAD_Y) / index->cell));
      if ((guint64) index->nx * index->ny <= MAX_CELLS)
        break;
      index->cell *= 2;
    }
  index->cell_start = g_new0 (guint32, index->nx * index->ny + 1);
  index->n_resources = n_res;
  index->n_links = n_links;
  index->bounds = g_new0 (TopoRect, MAX (n_res, 1));
  index->routes = g_new0 (TopoLinkRoute, MAX (n_links, 1));
  index->route_ok = g_new0 (gboolean, MAX (n_links, 1));
  index->stamps = g_new0 (guint32, n_res + n_links + 1);
  index->stamp = 0;

  for (guint i = 0; i < n_res; i++)
    index->bounds[i] = topo_document_get_resource (doc, i)->bounds;

  for (guint i = 0; i < n_links; i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      const TopoResource *from = topo_document_lookup (doc, link->from);
      const TopoResource *to = topo_document_lookup (doc, link->to);

      if (from == NULL || to == NULL)
        continue;
      {
        const TopoResource *gf = topo_document_get_group_of (doc, from);
        const TopoResource *gt = topo_document_get_group_of (doc, to);

        topo_link_route_compute (link->type, i, &from->bounds, gf != NULL ? &gf->bounds : NULL,
                                 &to->bounds, gt != NULL ? &gt->bounds : NULL, &index->routes[i]);
      }
      index->route_ok[i] = TRUE;
    }

  /* Count, turn the counts into starts, fill (which moves each start to the next cell's), then
   * shift the starts back. Items stay in ascending order within a cell. */
  for (guint32 item = 0; item < n_res + n_links; item++)
    {
      const TopoRect *rect = item_rect (index, item);

      if (rect != NULL)
        file_item (index, rect, item, FALSE);
    }
  for (guint c = 0; c < index->nx * index->ny; c++)
    index->cell_start[c + 1] += index->cell_start[c];
  index->items = g_new (guint32, MAX (index->cell_start[index->nx * index->ny], 1));
  for (guint32 item = 0; item < n_res + n_links; item++)
    {
      const TopoRect *rect = item_rect (index, item);

      if (rect != NULL)
        file_item (index, rect, item, TRUE);
    }
  for (guint c = index->nx * index->ny; c > 0; c--)
    index->cell_start[c] = index->cell_start[c - 1];
  index->cell_start[0] = 0;
  index->valid = TRUE;
}

TopoSpatialIndex *
topo_spatial_index_get (TopoDocument *doc)
{
  TopoSpatialIndex *index;
  guint64 serial;

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), NULL);

  topo_layout_update (doc);
  serial = topo_document_get_serial (doc);
  index = g_object_get_data (G_OBJECT (doc), "topo-spatial-index");
  if (index == NULL)
    {
      index = g_new0 (TopoSpatialIndex, 1);
      g_object_set_data_full (G_OBJECT (doc), "topo-spatial-index", index, index_free);
    }
  if (!index->valid || index->serial != serial)
    {
      index_build (index, doc);
      index->serial = serial;
    }
  return index;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

void
topo_spatial_index_query (TopoSpatialIndex *index,
                          const TopoRect   *rect,
                          GArray           *resources,
                          GArray           *links)
{
  guint cx0, cy0, cx1, cy1;

  g_return_if_fail (index != NULL && index->valid);

  if (++index->stamp == 0)
    {
      memset (index->stamps, 0, sizeof (guint32) * (index->n_resources + index->n_links + 1));
      index->stamp = 1;
    }

  cell_range (index, rect, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * index->nx + cx;

        for (guint32 k = index->cell_start[cell]; k < index->cell_start[cell + 1]; k++)
          {
            guint32 item = index->items[k];

            if (index->stamps[item] == index->stamp)
              continue;
            index->stamps[item] = index->stamp;
            if (item < index->n_resources)
              {
                if (resources != NULL && topo_rect_intersects (&index->bounds[item], rect))
                  g_array_append_val (resources, item);
              }
            else if (links != NULL)
              {
                guint l = item - index->n_resources;

                if (topo_rect_intersects (&index->routes[l].bounds, rect))
                  g_array_append_val (links, l);
              }
          }
      }

  /* Draw in document order, whatever the cell order was. */
  if (resources != NULL)
    g_array_sort (resources, compare_guint);
  if (links != NULL)
    g_array_sort (links, compare_guint);
}

const TopoLinkRoute *
topo_spatial_index_link_route (TopoSpatialIndex *index,
                               guint             i)
{
  g_return_val_if_fail (index != NULL && i < index->n_links, NULL);

  return index->route_ok[i] ? &index->routes[i] : NULL;
}
