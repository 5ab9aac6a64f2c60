/* topo-renderer.c: the one drawing of a design — canvas, PNG, SVG and PDF all come from here
 *
 * Layers, bottom to top: background, lane bands, RG boxes, links, cards, link labels, badges,
 * selection and hover. Each layer visits only the items the spatial index finds in the viewport,
 * in document order, so a viewport draws exactly what the full drawing has there.
 *
 * On the canvas (a viewport on a bitmap) frames are made mostly of copies: each card with text is
 * a tile (body and texts, taken from the target the first time the card is drawn whole), so is
 * each RG's title band from ~73 % (band, stripe, pill and texts, taken back with their backdrop),
 * link and environment pills are per-zoom, per-phase bitmaps, card bodies and repeated texts are
 * per-zoom bitmaps, and bitmaps go straight into the target's pixels (pixman's exact OVER
 * arithmetic; opaque runs are plain copies). Links stay strokes: a tile per link cost more to
 * make in a cold frame than its copies saved in warm ones. Pixels that a later
 * opaque copy replaces whole are left out of the fills below (lane bands under RG bodies, RG
 * bodies under cards). Short single-line texts are shaped without a PangoLayout. Caches are per
 * thread and least-recently-used bounded.
 *
 * By facet: this file (entry point, options, export geometry, culling, title and legend),
 * topo-render-text.c (text and the caches), topo-render-links.c (links and pills),
 * topo-render-groups.c (lanes, RGs, badges), topo-render-cards.c (cards, overview) and
 * topo-render-blit.c (bitmap copies, overdraw); topo-renderer-private.h holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-capacity.h"
#include "topo-renderer-private.h"
#include "topo-render-diff-private.h"

/* ---------------------------------------------------------------------------------------------- */

void
topo_render_options_init (TopoRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->theme = TOPO_THEME_LIGHT;
  options->scale = 1.0;
}

void
_topo_rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Rounded top corners, square bottom (the RG title band). */
void
_topo_top_rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w / 2, h));
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y + h);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_line_to (cr, x + w, y + h);
  cairo_close_path (cr);
}

/* Rounded bottom corners, square top (the foot of an RG body). */
void
_topo_bottom_rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w / 2, h));
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + w, y);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_close_path (cr);
}

/* y moved to the nearest device pixel row (cr maps design units to the device without
 * rotation), so two fills that meet there leave no antialiased seam. */
double
_topo_snap_y (cairo_t *cr,
              double   y)
{
  double x = 0;

  cairo_user_to_device (cr, &x, &y);
  y = round (y);
  cairo_device_to_user (cr, &x, &y);
  return y;
}

/* The top h units of a rounded rectangle of corner radius r (h < r): the RG's colour stripe,
 * without a clip (a clip off the pixel grid makes cairo composite through a mask). */
void
_topo_top_stripe (cairo_t *cr, double x, double y, double w, double h, double r)
{
  double a;

  r = MIN (r, w / 2);
  if (h >= r)
    {
      _topo_top_rounded_rect (cr, x, y, w, h, r);
      return;
    }
  a = asin ((r - h) / r);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + r, y + r, r, G_PI + a, 3 * G_PI / 2);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, -a);
  cairo_close_path (cr);
}

gboolean
_topo_is_selected (const Render *r,
                   const char   *id)
{
  return r->options->selected != NULL && id != NULL &&
         g_hash_table_contains (r->options->selected, id);
}

gboolean
_topo_is_hovered (const Render *r,
                  const char   *id)
{
  return r->options->hovered != NULL && id != NULL && g_str_equal (r->options->hovered, id);
}

gboolean
topo_render_change_damage (const TopoChange *change,
                           GArray           *rects)
{
  g_return_val_if_fail (change != NULL && rects != NULL, FALSE);

  switch (change->kind)
    {
    case TOPO_CHANGE_RESOURCE_ADDED:
    case TOPO_CHANGE_RESOURCE_REMOVED:
    case TOPO_CHANGE_RESOURCE_MODIFIED:
      /* an RG's bounds hold everything it draws (name, pill, chips); a card's too */
      if (change->old_value != NULL)
        g_array_append_val (rects, ((const TopoResource *) change->old_value)->bounds);
      if (change->new_value != NULL)
        g_array_append_val (rects, ((const TopoResource *) change->new_value)->bounds);
      return TRUE;

    case TOPO_CHANGE_LINK_ADDED:
    case TOPO_CHANGE_LINK_REMOVED:
    case TOPO_CHANGE_LINK_MODIFIED:
      /* a link draws its route and pill only: the index compares both between builds */
      return TRUE;

    case TOPO_CHANGE_NOTE_ADDED:
    case TOPO_CHANGE_NOTE_REMOVED:
    case TOPO_CHANGE_NOTE_MODIFIED:
      /* a note draws its card and its leader line: where the card was (its text may change in
       * the same box); where it goes and its leader are the index's note reach, compared
       * between builds (topo_spatial_index_get_damage) */
      for (int k = 0; k < 2; k++)
        {
          const TopoNote *note = k == 0 ? change->old_value : change->new_value;
          TopoRect extent;

          if (note == NULL || note->bounds.w <= 0)
            continue;
          /* zoomed out, its chip reaches past the card */
          _topo_note_extent (note, &extent);
          g_array_append_val (rects, extent);
        }
      return TRUE;

    case TOPO_CHANGE_LANES:
      /* lanes are drawn by their place, region and position: the index compares them */
      return TRUE;

    case TOPO_CHANGE_TEAM_ADDED:
    case TOPO_CHANGE_TEAM_REMOVED:
    case TOPO_CHANGE_TEAM_MODIFIED:
    case TOPO_CHANGE_POLICY:
    case TOPO_CHANGE_NAME:
      /* not drawn on the canvas (the name is the title, which only exports show): what they
       * change on it is findings, whose badges the canvas compares when validation ends (a
       * renamed team's RGs are resource changes of their own) */
      return TRUE;

    case TOPO_CHANGE_RELOADED:
    default:
      return FALSE;
    }
}

/* Geometry of title and legend ------------------------------------------------------------------ */

typedef struct
{
  TopoRect title;        /* zero size when not shown */
  TopoRect legend;
  guint    kind_cols;
  guint    link_cols;
  guint    n_link_items; /* 4 link types, + 2 badge samples when diagnostics are shown */
} ExportGeometry;

static void
export_geometry (TopoDocument            *doc,
                 const TopoRenderOptions *options,
                 ExportGeometry          *g)
{
  TopoRect extent = topo_layout_get_extent (doc);
  double width;
  guint kind_rows, link_rows;

  _topo_diff_extend_extent (options->diff, &extent);
  memset (g, 0, sizeof *g);
  g->n_link_items = TOPO_N_LINK_TYPES + (options->badges != NULL ? 2 : 0);
  width = MAX (extent.w, LEGEND_LINK_CELL * 3 + 2 * LEGEND_PAD);

  if (options->show_title)
    g->title = (TopoRect) { extent.x, extent.y - TITLE_HEIGHT, width, TITLE_HEIGHT - 8 };
  if (options->show_legend)
    {
      g->kind_cols = MAX (1, (guint) ((width - 2 * LEGEND_PAD) / LEGEND_KIND_CELL));
      g->kind_cols = MIN (g->kind_cols, TOPO_N_KINDS);
      g->link_cols = MAX (1, (guint) ((width - 2 * LEGEND_PAD) / LEGEND_LINK_CELL));
      g->link_cols = MIN (g->link_cols, g->n_link_items);
      kind_rows = (TOPO_N_KINDS + g->kind_cols - 1) / g->kind_cols;
      link_rows = (g->n_link_items + g->link_cols - 1) / g->link_cols;
      /* As wide as its widest row, not the whole design. */
      width = 2 * LEGEND_PAD + MAX (g->kind_cols * LEGEND_KIND_CELL, g->link_cols * LEGEND_LINK_CELL);
      g->legend = (TopoRect) { extent.x, extent.y + extent.h + LEGEND_GAP, width,
                               LEGEND_HEADING + (kind_rows + link_rows) * LEGEND_ROW + 8 + LEGEND_PAD };
      if (options->diff != NULL)
        g->legend.h += LEGEND_ROW;
      if (options->capacity != NULL && options->capacity->len > 0)
        {
          g->legend.h += LEGEND_HEADING + options->capacity->len * LEGEND_CAPACITY_ROW;
          /* wide enough for a region and a family line */
          g->legend.w = MAX (g->legend.w, LEGEND_LINK_CELL * 3 + 2 * LEGEND_PAD);
        }
    }
}

TopoRect
topo_render_export_bounds (TopoDocument            *doc,
                           const TopoRenderOptions *options)
{
  TopoRenderOptions defaults;
  ExportGeometry g;
  TopoRect extent, out;
  double x1, y1;

  static const TopoRect empty = { 0, 0, 0, 0 };

  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), empty);

  if (options == NULL)
    {
      topo_render_options_init (&defaults);
      options = &defaults;
    }
  topo_layout_update (doc);
  extent = topo_layout_get_extent (doc);
  _topo_diff_extend_extent (options->diff, &extent);
  export_geometry (doc, options, &g);

  out.x = extent.x;
  out.y = g.title.h > 0 ? g.title.y : extent.y;
  x1 = extent.x + MAX (extent.w, MAX (g.title.w, g.legend.w));
  y1 = g.legend.h > 0 ? g.legend.y + g.legend.h : extent.y + extent.h;
  out.x -= EXPORT_MARGIN;
  out.y -= EXPORT_MARGIN;
  out.w = x1 - out.x + EXPORT_MARGIN;
  out.h = y1 - out.y + EXPORT_MARGIN;
  /* Whole design units: the exported image has an exact pixel size at scale 1. */
  out.x = floor (out.x);
  out.y = floor (out.y);
  out.w = ceil (out.w);
  out.h = ceil (out.h);
  return out;
}

/* Title and legend --------------------------------------------------------------------------------- */

static void
draw_title (Render               *r,
            const ExportGeometry *g)
{
  const char *name = topo_document_get_name (r->doc);
  guint n = topo_document_get_n_resources (r->doc), n_groups = 0;
  g_autofree char *subtitle = NULL;
  double h;

  if (g->title.h <= 0 || !topo_rect_intersects (&g->title, &r->viewport) || !r->text)
    return;

  for (guint i = 0; i < n; i++)
    if (topo_document_get_resource (r->doc, i)->kind == TOPO_KIND_RESOURCE_GROUP)
      n_groups++;
  {
    guint n_lanes = topo_layout_get_n_lanes (r->doc), n_links = topo_document_get_n_links (r->doc);
    g_autofree char *a = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u region", "%u regions", n_lanes), n_lanes);
    g_autofree char *b = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u resource group", "%u resource groups", n_groups), n_groups);
    g_autofree char *c = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u resource", "%u resources", n - n_groups), n - n_groups);
    g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", n_links), n_links);

    subtitle = g_strdup_printf ("%s · %s · %s · %s", a, b, c, d);
  }

  h = _topo_draw_text (r, name != NULL && *name != '\0' ? name : _("Untitled design"), FONT_TITLE,
                       g->title.x, g->title.y, g->title.w, r->palette->title_text);
  _topo_draw_text (r, subtitle, FONT_SUBTITLE, g->title.x, g->title.y + h + 2, g->title.w,
                   r->palette->legend_text);
}

static void
legend_link_sample (Render       *r,
                    TopoLinkType  type,
                    double        x,
                    double        y)
{
  TopoLinkRoute rt = { .curve = TRUE, .n_points = 4,
                       .x = { x, x + 16, x + 32, x + 48 }, .y = { y, y, y, y } };
  TopoLink link = { .type = type, .access = TOPO_ACCESS_READ };

  _topo_draw_link (r, G_MAXUINT, &link, &rt);
  if (type == TOPO_LINK_DATASTORE)
    {
      _topo_draw_pill (r, "R", x + 20, y, r->palette->pill_fill, r->palette->link[type], TRUE,
                       r->palette->link[type]);
    }
}

/* The capacity summary: planned dedicated vCPUs per region (and the families with a quota or a
 * problem under it), with a red or amber dot where a quota is exceeded or missing. */
static void
draw_capacity_legend (Render         *r,
                      const TopoRect *b,
                      double          y)
{
  cairo_t *cr = r->cr;
  double width = b->w - 2 * LEGEND_PAD;

  _topo_draw_text (r, _("Capacity (dedicated vCPUs at minimum–maximum scale)"), FONT_LEGEND_HEADING,
                   b->x + LEGEND_PAD, y + 8, width, r->palette->legend_text);
  y += LEGEND_HEADING;
  for (guint i = 0; i < r->options->capacity->len; i++)
    {
      const TopoCapacityLine *line = g_ptr_array_index (r->options->capacity, i);
      double x = b->x + LEGEND_PAD + (line->indented ? 24 : 0);
      double cy = y + i * LEGEND_CAPACITY_ROW + LEGEND_CAPACITY_ROW / 2;
      double th;

      if (line->level > 0)
        {
          cairo_arc (cr, x + 5, cy, 4, 0, 2 * G_PI);
          topo_color_set_source (cr, line->level > 1 ? r->palette->error_fill : r->palette->warning_fill, 1.0);
          cairo_fill (cr);
        }
      _topo_layout_text (r, line->text, FONT_LEGEND, width - (x - b->x - LEGEND_PAD) - 16, 1, NULL, &th);
      _topo_show_layout (r, x + 16, cy - th / 2, r->palette->legend_text);
    }
}

static void
draw_legend (Render               *r,
             const ExportGeometry *g)
{
  const TopoRect *b = &g->legend;
  cairo_t *cr = r->cr;
  double y;

  if (b->h <= 0 || !topo_rect_intersects (b, &r->viewport))
    return;

  _topo_rounded_rect (cr, b->x + 0.5, b->y + 0.5, b->w - 1, b->h - 1, GROUP_RADIUS);
  topo_color_set_source (cr, r->palette->card_fill, 1.0);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, r->palette->card_border, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  if (!r->text)
    return;

  _topo_draw_text (r, _("Legend"), FONT_LEGEND_HEADING, b->x + LEGEND_PAD, b->y + 10, -1,
                   r->palette->legend_text);
  y = b->y + LEGEND_HEADING;
  for (guint k = 0; k < TOPO_N_KINDS; k++)
    {
      double cx = b->x + LEGEND_PAD + (k % g->kind_cols) * LEGEND_KIND_CELL;
      double cy = y + (k / g->kind_cols) * LEGEND_ROW;
      double th;

      topo_render_glyph (cr, k, cx, cy, 22, r->options->theme);
      _topo_layout_text (r, topo_kind_display_name (k), FONT_LEGEND, LEGEND_KIND_CELL - 36, 1, NULL, &th);
      _topo_show_layout (r, cx + 30, cy + 11 - th / 2, r->palette->legend_text);
    }
  y += ((TOPO_N_KINDS + g->kind_cols - 1) / g->kind_cols) * LEGEND_ROW + 8;
  for (guint k = 0; k < g->n_link_items; k++)
    {
      double cx = b->x + LEGEND_PAD + (k % g->link_cols) * LEGEND_LINK_CELL;
      double cy = y + (k / g->link_cols) * LEGEND_ROW + 11;
      const char *label;
      double th, text_x = cx + 60;

      if (k < TOPO_N_LINK_TYPES)
        {
          legend_link_sample (r, k, cx, cy);
          label = topo_link_type_display_name (k);
        }
      else
        {
          gboolean error = k == TOPO_N_LINK_TYPES;
          TopoColor fill = error ? r->palette->error_fill : r->palette->warning_fill;
          TopoColor text = error ? r->palette->error_text : r->palette->warning_text;
          double tw, bh;

          _topo_rounded_rect (cr, cx + 15, cy - BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS, BADGE_RADIUS);
          topo_color_set_source (cr, fill, 1.0);
          cairo_fill (cr);
          _topo_layout_text (r, "2", FONT_BADGE, -1, 1, &tw, &bh);
          _topo_show_layout (r, cx + 15 + BADGE_RADIUS - tw / 2, cy - bh / 2, text);
          label = error ? _("Errors") : _("Warnings");
        }
      _topo_layout_text (r, label, FONT_LEGEND, LEGEND_LINK_CELL - 66, 1, NULL, &th);
      _topo_show_layout (r, text_x, cy - th / 2, r->palette->legend_text);
    }
  y += ((g->n_link_items + g->link_cols - 1) / g->link_cols) * LEGEND_ROW;
  if (r->options->diff != NULL)
    {
      _topo_draw_diff_legend (r, b->x + LEGEND_PAD, y, LEGEND_LINK_CELL);
      y += LEGEND_ROW;
    }
  if (r->options->capacity != NULL && r->options->capacity->len > 0)
    draw_capacity_legend (r, b, y);
}

/* Entry point ------------------------------------------------------------------------------------- */

static void render (TopoDocument *doc, cairo_t *cr, const TopoRect *viewport, gboolean canvas,
                    const TopoRenderOptions *options);

void
topo_render_document (TopoDocument            *doc,
                      cairo_t                 *cr,
                      const TopoRect          *viewport,
                      const TopoRenderOptions *options)
{
  render (doc, cr, viewport, viewport != NULL, options);
}

void
_topo_render_export_part (TopoDocument            *doc,
                          cairo_t                 *cr,
                          const TopoRect          *viewport,
                          const TopoRenderOptions *options)
{
  render (doc, cr, viewport, FALSE, options);
}

static void
render (TopoDocument            *doc,
        cairo_t                 *cr,
        const TopoRect          *viewport,
        gboolean                 canvas,
        const TopoRenderOptions *options)
{
  TopoRenderOptions defaults;
  g_autoptr(GArray) resources = NULL;
  g_autoptr(GArray) links = NULL;
  ExportGeometry geometry;
  TopoRect query;
  Render r = { 0 };

  g_return_if_fail (TOPO_IS_DOCUMENT (doc));
  g_return_if_fail (cr != NULL);

  if (options == NULL)
    {
      topo_render_options_init (&defaults);
      options = &defaults;
    }

  r.doc = doc;
  r.cr = cr;
  r.options = options;
  r.palette = topo_style_palette (options->theme);
  r.index = topo_spatial_index_get (doc);   /* updates the layout too */
  r.scale = options->scale > 0 ? options->scale : 1.0;
  /* Level of detail: no text below ~7 device px (unreadable, and the most expensive part), no
   * glyph strokes below ~9 px glyphs, plain batched rectangles when cards are a few pixels wide. */
  r.text = 12.0 * r.scale >= 7.0;
  r.group_text = _topo_font_specs[FONT_GROUP_NAME].size * r.scale >= TOPO_MIN_GROUP_NAME_PX;
  r.lane_text = _topo_font_specs[FONT_LANE_NAME].size * r.scale >= TOPO_MIN_LANE_NAME_PX;
  r.small_text = 11.0 * r.scale >= 8.0;
  r.details = GLYPH_SIZE * r.scale >= 9.0;
  r.overview = r.scale < 0.3;
  export_geometry (doc, options, &geometry);
  r.viewport = viewport != NULL ? *viewport : topo_render_export_bounds (doc, options);

  cairo_save (cr);
  cairo_rectangle (cr, r.viewport.x, r.viewport.y, r.viewport.w, r.viewport.h);
  cairo_clip (cr);
  /* The background only where no lane band will cover it: most frames are all lanes. */
  {
    guint n_lanes = topo_layout_get_n_lanes (doc);
    TopoRect extent = { 0, 0, 0, 0 };
    gboolean contiguous = n_lanes > 0;

    /* The lanes' union, when they tile it without gaps. */
    for (guint i = 0; i < n_lanes && contiguous; i++)
      {
        const TopoRect *lb = &topo_layout_get_lane (doc, i)->bounds;

        if (i == 0)
          extent = *lb;
        else if (fabs (lb->y - (extent.y + extent.h)) > 1e-6 || lb->x != extent.x || lb->w != extent.w)
          contiguous = FALSE;
        else
          extent.h += lb->h;
      }

    topo_color_set_source (cr, r.palette->background, 1.0);
    if (!contiguous)
      cairo_paint (cr);
    else if (!(r.viewport.x >= extent.x && r.viewport.y >= extent.y &&
               r.viewport.x + r.viewport.w <= extent.x + extent.w &&
               r.viewport.y + r.viewport.h <= extent.y + extent.h))
      {
        cairo_rectangle (cr, r.viewport.x, r.viewport.y, r.viewport.w, r.viewport.h);
        cairo_rectangle (cr, extent.x, extent.y, extent.w, extent.h);
        cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_fill (cr);
        cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      }
  }

  r.cache = _topo_get_render_cache ();
  r.device_scale = _topo_bitmap_scale (cr);
  r.canvas = canvas;
  _topo_setup_fast_blit (&r);

  query = (TopoRect) { r.viewport.x - CULL_MARGIN, r.viewport.y - CULL_MARGIN,
                       r.viewport.w + 2 * CULL_MARGIN, r.viewport.h + 2 * CULL_MARGIN };
  resources = g_array_new (FALSE, FALSE, sizeof (guint));
  links = g_array_new (FALSE, FALSE, sizeof (guint));
  topo_spatial_index_query (r.index, &query, resources, links);
  /* On the canvas only: exports keep the plain painter's order. */
  if (r.canvas && r.device_scale > 0 && !r.overview)
    _topo_collect_overdraw_boxes (&r, resources);

  _topo_draw_lanes (&r);

  if (r.overview)
    _topo_draw_groups_overview (&r, resources);
  else
    for (guint k = 0; k < resources->len; k++)
      {
        const TopoResource *res = topo_document_get_resource (doc, g_array_index (resources, guint, k));

        if (res->kind == TOPO_KIND_RESOURCE_GROUP)
          _topo_draw_group (&r, res);
      }

  _topo_draw_diff_under_links (&r, links);

  if (r.overview)
    {
      /* One hairline stroke per link type, straight segments only: axis-aligned segments with
       * mitred joins take cairo's fast rectilinear path. */
      cairo_set_line_width (cr, 1.0 / r.scale);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      for (guint type = 0; type < TOPO_N_LINK_TYPES; type++)
        {
          for (guint k = 0; k < links->len; k++)
            {
              guint i = g_array_index (links, guint, k);
              const TopoLinkRoute *rt = topo_spatial_index_link_route (r.index, i);

              if (rt == NULL || topo_document_get_link (doc, i)->type != type)
                continue;
              cairo_move_to (cr, rt->x[0], rt->y[0]);
              if (rt->curve)
                cairo_line_to (cr, rt->x[3], rt->y[3]);
              else
                for (guint p = 1; p < rt->n_points; p++)
                  cairo_line_to (cr, rt->x[p], rt->y[p]);
            }
          topo_color_set_source (cr, r.palette->link[type], 1.0);
          cairo_stroke (cr);
        }
    }
  else
    for (guint k = 0; k < links->len; k++)
      {
        guint i = g_array_index (links, guint, k);
        const TopoLinkRoute *rt = topo_spatial_index_link_route (r.index, i);

        if (rt != NULL)
          _topo_draw_link (&r, i, topo_document_get_link (doc, i), rt);
      }

  if (r.overview)
    _topo_draw_cards_overview (&r, resources);
  else
    for (guint k = 0; k < resources->len; k++)
      {
        const TopoResource *res = topo_document_get_resource (doc, g_array_index (resources, guint, k));

        if (res->kind != TOPO_KIND_RESOURCE_GROUP)
          _topo_draw_card (&r, res);
      }
  _topo_draw_diff_over_cards (&r, resources, links);

  if (r.text && r.details)
    for (guint k = 0; k < links->len; k++)
      {
        guint i = g_array_index (links, guint, k);
        const TopoLinkRoute *rt = topo_spatial_index_link_route (r.index, i);

        if (rt != NULL)
          _topo_draw_link_label (&r, topo_document_get_link (doc, i), rt);
      }

  /* Badges, selection and hover on top of everything. */
  for (guint k = 0; k < resources->len; k++)
    {
      const TopoResource *res = topo_document_get_resource (doc, g_array_index (resources, guint, k));
      const TopoRect *b = &res->bounds;
      gboolean group = res->kind == TOPO_KIND_RESOURCE_GROUP;

      if (_topo_is_selected (&r, res->id))
        _topo_draw_focus_ring (&r, b, group ? GROUP_RADIUS : CARD_RADIUS, TRUE);
      else if (_topo_is_hovered (&r, res->id))
        _topo_draw_focus_ring (&r, b, group ? GROUP_RADIUS : CARD_RADIUS, FALSE);
      if (r.details)
        _topo_draw_badges (&r, res->id, b->x + b->w + 4, b->y);
    }

  /* Notes over the diagram they comment on. */
  _topo_draw_notes (&r);
  _topo_draw_diff_notes (&r);
  _topo_draw_zoomed_out_labels (&r, resources);
  draw_title (&r, &geometry);
  draw_legend (&r, &geometry);

  cairo_restore (cr);
  if (r.fast)
    cairo_surface_mark_dirty (cairo_get_target (cr));
  g_clear_pointer (&r.group_boxes, g_array_unref);
  for (guint k = 0; k < TOPO_N_KINDS; k++)
    g_clear_pointer (&r.card_bitmaps[k], cairo_surface_destroy);
  g_clear_pointer (&r.card_boxes, g_array_unref);
}
