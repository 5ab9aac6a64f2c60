/* topo-render-notes.c: notes as sticky cards over the diagram, with a leader line to what they
 * are attached to
 *
 * The text is Markdown-light turned into Pango markup (topo_note_text_to_markup escapes the
 * user's text first). The same layout measures a note for topo-layout and draws it, so the card
 * always holds its text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-renderer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-renderer-private.h"

#define NOTE_PAD        10.0
#define NOTE_META_GAP    4.0
#define NOTE_RADIUS      3.0
#define NOTE_FOLD       12.0
#define NOTE_MIN_HEIGHT 36.0
/* A note is a short text: longer ones end in an ellipsis on the canvas (the inspector and the
 * file keep all of it). */
#define NOTE_MAX_LINES  24
#define MAX_NOTE_LAYOUTS 1024
/* Zoomed out, the note's first words are drawn on a chip at this size on screen (down to
 * NOTE_CHIP_MIN_SCALE; below it the note is a card with ruled lines). */
#define NOTE_MIN_TEXT_PX     9.0
#define NOTE_CHIP_MIN_SCALE  0.2
#define NOTE_CHIP_WIDTH      1.5   /* × the card's width */

static PangoLayout *
note_layout (RenderCache *cache,
             const char  *text,
             gboolean     meta)
{
  g_autofree char *key = g_strconcat (meta ? "m|" : "t|", text, NULL);
  PangoLayout *layout = g_hash_table_lookup (cache->notes, key);

  if (layout != NULL)
    return layout;
  if (g_hash_table_size (cache->notes) >= MAX_NOTE_LAYOUTS)
    g_hash_table_remove_all (cache->notes);

  layout = pango_layout_new (cache->pango);
  pango_layout_set_font_description (layout, cache->fonts[meta ? FONT_NOTE_META : FONT_NOTE]);
  pango_layout_set_width (layout, (int) ((TOPO_NOTE_WIDTH - 2 * NOTE_PAD) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, meta ? -1 : -NOTE_MAX_LINES);
  if (meta)
    pango_layout_set_text (layout, text, -1);
  else if (*text == '\0')
    {
      g_autofree char *placeholder = g_markup_printf_escaped ("<i>%s</i>", _("Empty note"));

      pango_layout_set_markup (layout, placeholder, -1);
    }
  else
    {
      g_autofree char *markup = topo_note_text_to_markup (text);

      pango_layout_set_markup (layout, markup, -1);
    }
  g_hash_table_insert (cache->notes, g_steal_pointer (&key), layout);
  return layout;
}

/* "Ada Lovelace · 2026-12-04", or NULL without author and date. */
static char *
note_meta (const TopoNote *note)
{
  if (note->author != NULL && note->date != NULL)
    return g_strdup_printf ("%s · %s", note->author, note->date);
  if (note->author != NULL || note->date != NULL)
    return g_strdup (note->author != NULL ? note->author : note->date);
  return NULL;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return ceil ((double) logical.height / PANGO_SCALE);
}

double
_topo_note_height (const TopoNote *note)
{
  RenderCache *cache = _topo_get_render_cache ();
  g_autofree char *meta = note_meta (note);
  double h = NOTE_PAD + layout_height (note_layout (cache, note->text, FALSE)) + NOTE_PAD;

  if (meta != NULL)
    h += NOTE_META_GAP + layout_height (note_layout (cache, meta, TRUE));
  return MAX (NOTE_MIN_HEIGHT, h);
}

/* The leader ------------------------------------------------------------------------------------ */

static void
nearest_in_rect (const TopoRect *b,
                 double          x,
                 double          y,
                 double         *nx,
                 double         *ny)
{
  *nx = CLAMP (x, b->x, b->x + b->w);
  *ny = CLAMP (y, b->y, b->y + b->h);
}

/* The middle of a link as drawn (its route), else the anchor. */
static void
link_middle (Render         *r,
             const TopoNote *note,
             double         *x,
             double         *y)
{
  int i = topo_document_find_link (r->doc, note->link_type, note->link_from, note->link_to);
  const TopoLinkRoute *rt = i >= 0 ? topo_spatial_index_link_route (r->index, i) : NULL;
  double total = 0, half, run = 0;

  if (rt == NULL || rt->n_points < 2)
    {
      topo_layout_note_anchor (r->doc, note, x, y);
      return;
    }
  if (rt->curve)
    {
      /* cubic Bézier at t = ½ */
      *x = (rt->x[0] + 3 * rt->x[1] + 3 * rt->x[2] + rt->x[3]) / 8;
      *y = (rt->y[0] + 3 * rt->y[1] + 3 * rt->y[2] + rt->y[3]) / 8;
      return;
    }
  for (guint p = 1; p < rt->n_points; p++)
    total += hypot (rt->x[p] - rt->x[p - 1], rt->y[p] - rt->y[p - 1]);
  half = total / 2;
  for (guint p = 1; p < rt->n_points; p++)
    {
      double seg = hypot (rt->x[p] - rt->x[p - 1], rt->y[p] - rt->y[p - 1]);

      if (run + seg >= half && seg > 0)
        {
          double t = (half - run) / seg;

          *x = rt->x[p - 1] + t * (rt->x[p] - rt->x[p - 1]);
          *y = rt->y[p - 1] + t * (rt->y[p] - rt->y[p - 1]);
          return;
        }
      run += seg;
    }
  *x = rt->x[rt->n_points - 1];
  *y = rt->y[rt->n_points - 1];
}

/* The leader's two ends: on the target (edge or link middle) and on the note's edge. FALSE when
 * the note is free, its target is gone, or the two touch. */
static gboolean
leader (Render         *r,
        const TopoNote *note,
        double         *tx,
        double         *ty,
        double         *nx,
        double         *ny)
{
  const TopoRect *b = &note->bounds;

  if (note->attach != NULL)
    {
      const TopoResource *target = topo_document_lookup (r->doc, note->attach);

      if (target == NULL)
        return FALSE;
      nearest_in_rect (&target->bounds, b->x + b->w / 2, b->y + b->h / 2, tx, ty);
    }
  else if (note->link_from != NULL)
    link_middle (r, note, tx, ty);
  else
    return FALSE;
  nearest_in_rect (b, *tx, *ty, nx, ny);
  return hypot (*nx - *tx, *ny - *ty) >= 4.0;
}

/* The card ---------------------------------------------------------------------------------------- */

static double
chip_factor (Render *r)
{
  return NOTE_MIN_TEXT_PX / (_topo_font_specs[FONT_NOTE].size * r->scale);
}

/* Too small to read at the card's size, but not tiny: the first words on a chip, like the lane
 * and group names zoomed out. Returns its rectangle in rect (measure only when draw is FALSE). */
static void
note_chip (Render         *r,
           const TopoNote *note,
           gboolean        draw,
           TopoRect       *rect)
{
  const TopoRect *b = &note->bounds;
  g_autofree char *plain = topo_note_text_to_plain (*note->text != '\0' ? note->text : _("Empty note"));
  double f = chip_factor (r), pad = 4.0 / r->scale, width = b->w * NOTE_CHIP_WIDTH;
  Render scaled = *r;
  double w, h;

  g_strdelimit (plain, "\n", ' ');
  scaled.scale = r->scale * f;
  scaled.device_scale = r->device_scale > 0 ? r->device_scale * f : 0;
  _topo_layout_text (&scaled, plain, FONT_NOTE, width / f, 2, &w, &h);
  *rect = (TopoRect) { b->x, b->y, w * f + 2 * pad, h * f + 2 * pad };
  if (!draw)
    return;
  _topo_rounded_rect (r->cr, rect->x, rect->y, rect->w, rect->h, 2 * pad);
  topo_color_set_source (r->cr, r->palette->note_fill, 1.0);
  cairo_fill_preserve (r->cr);
  topo_color_set_source (r->cr, r->palette->note_border, 1.0);
  cairo_set_line_width (r->cr, 1.0 / r->scale);
  cairo_stroke (r->cr);
  _topo_show_scaled_text (r, plain, FONT_NOTE, rect->x + pad, rect->y + pad, f, width, 2,
                          r->palette->note_text, NULL, NULL);
}

void
_topo_note_extent (const TopoNote *note,
                   TopoRect       *rect)
{
  /* the chip: NOTE_CHIP_WIDTH × the card's width and two lines of NOTE_MIN_TEXT_PX text (line
   * height under 1.5 × the size), with 4 px of padding around, largest at NOTE_CHIP_MIN_SCALE */
  double pad = 4.0 / NOTE_CHIP_MIN_SCALE;
  double chip_w = note->bounds.w * NOTE_CHIP_WIDTH + 2 * pad;
  double chip_h = 2 * 1.5 * NOTE_MIN_TEXT_PX / NOTE_CHIP_MIN_SCALE + 2 * pad;

  *rect = note->bounds;
  rect->w = MAX (rect->w, chip_w);
  rect->h = MAX (rect->h, chip_h);
}

void
_topo_note_drawn_rect (Render         *r,
                       const TopoNote *note,
                       TopoRect       *rect)
{
  *rect = note->bounds;
  if (!r->text && r->scale >= NOTE_CHIP_MIN_SCALE)
    {
      TopoRect chip;

      note_chip (r, note, FALSE, &chip);
      rect->w = MAX (rect->x + rect->w, chip.x + chip.w) - rect->x;
      rect->h = MAX (rect->y + rect->h, chip.y + chip.h) - rect->y;
    }
}

static void
draw_note (Render         *r,
           const TopoNote *note)
{
  cairo_t *cr = r->cr;
  const TopoPalette *p = r->palette;
  const TopoRect *b = &note->bounds;
  double hair = 1.0 / r->scale;
  double tx, ty, nx, ny;
  gboolean selected = _topo_is_selected (r, note->id);

  if (leader (r, note, &tx, &ty, &nx, &ny))
    {
      const double dash[] = { 4.0, 3.0 };

      cairo_save (cr);
      cairo_move_to (cr, nx, ny);
      cairo_line_to (cr, tx, ty);
      topo_color_set_source (cr, selected ? p->selection : p->note_leader, 1.0);
      cairo_set_line_width (cr, MAX (1.25, hair));
      if (r->details)
        cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_restore (cr);
      cairo_arc (cr, tx, ty, MAX (2.5, 1.5 * hair), 0, 2 * G_PI);
      topo_color_set_source (cr, selected ? p->selection : p->note_leader, 1.0);
      cairo_fill (cr);
    }

  /* A soft shadow lifts the note off the diagram, then the paper with a folded corner. */
  if (r->details)
    {
      _topo_rounded_rect (cr, b->x + 1.5, b->y + 2.5, b->w, b->h, NOTE_RADIUS);
      cairo_set_source_rgba (cr, 0, 0, 0, r->options->theme == TOPO_THEME_DARK ? 0.35 : 0.12);
      cairo_fill (cr);
    }
  cairo_new_path (cr);
  cairo_move_to (cr, b->x + NOTE_RADIUS, b->y);
  cairo_line_to (cr, b->x + b->w - NOTE_RADIUS, b->y);
  cairo_arc (cr, b->x + b->w - NOTE_RADIUS, b->y + NOTE_RADIUS, NOTE_RADIUS, -G_PI / 2, 0);
  cairo_line_to (cr, b->x + b->w, b->y + b->h - NOTE_FOLD);
  cairo_line_to (cr, b->x + b->w - NOTE_FOLD, b->y + b->h);
  cairo_line_to (cr, b->x + NOTE_RADIUS, b->y + b->h);
  cairo_arc (cr, b->x + NOTE_RADIUS, b->y + b->h - NOTE_RADIUS, NOTE_RADIUS, G_PI / 2, G_PI);
  cairo_line_to (cr, b->x, b->y + NOTE_RADIUS);
  cairo_arc (cr, b->x + NOTE_RADIUS, b->y + NOTE_RADIUS, NOTE_RADIUS, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  topo_color_set_source (cr, p->note_fill, 1.0);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, p->note_border, 1.0);
  cairo_set_line_width (cr, MAX (1.0, hair));
  cairo_stroke (cr);
  /* the fold */
  cairo_move_to (cr, b->x + b->w, b->y + b->h - NOTE_FOLD);
  cairo_line_to (cr, b->x + b->w - NOTE_FOLD, b->y + b->h - NOTE_FOLD);
  cairo_line_to (cr, b->x + b->w - NOTE_FOLD, b->y + b->h);
  cairo_close_path (cr);
  topo_color_set_source (cr, topo_color_mix (p->note_fill, p->note_border, 0.55), 1.0);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, p->note_border, 1.0);
  cairo_set_line_width (cr, MAX (1.0, hair));
  cairo_stroke (cr);

  if (r->text)
    {
      PangoLayout *layout = note_layout (r->cache, note->text, FALSE);
      g_autofree char *meta = note_meta (note);
      double y = b->y + NOTE_PAD;

      cairo_save (cr);
      cairo_rectangle (cr, b->x, b->y, b->w, b->h);
      cairo_clip (cr);
      cairo_move_to (cr, b->x + NOTE_PAD, y);
      topo_color_set_source (cr, *note->text == '\0' ? p->note_secondary_text : p->note_text, 1.0);
      pango_cairo_show_layout (cr, layout);
      y += layout_height (layout) + NOTE_META_GAP;
      if (meta != NULL)
        {
          PangoLayout *m = note_layout (r->cache, meta, TRUE);

          cairo_move_to (cr, b->x + NOTE_PAD, y);
          topo_color_set_source (cr, p->note_secondary_text, 1.0);
          pango_cairo_show_layout (cr, m);
        }
      cairo_restore (cr);
    }
  else if (r->scale >= NOTE_CHIP_MIN_SCALE)
    {
      TopoRect chip;

      note_chip (r, note, TRUE, &chip);
    }
  else
    {
      /* Too small to read: ruled lines say "a note with text" (the inspector shows it). */
      double lines = MIN (4, floor ((b->h - 2 * NOTE_PAD) / 12.0));

      for (guint i = 0; i < lines; i++)
        cairo_rectangle (cr, b->x + NOTE_PAD, b->y + NOTE_PAD + 4 + 12 * i,
                         (b->w - 2 * NOTE_PAD) * (i + 1 == lines ? 0.55 : 1.0), 3.0);
      topo_color_set_source (cr, p->note_secondary_text, 0.6);
      cairo_fill (cr);
    }

  if (selected)
    _topo_draw_focus_ring (r, b, NOTE_RADIUS, TRUE);
  else if (_topo_is_hovered (r, note->id))
    _topo_draw_focus_ring (r, b, NOTE_RADIUS, FALSE);
}

void
_topo_draw_notes (Render *r)
{
  guint n = topo_document_get_n_notes (r->doc);

  if (r->options->hide_notes)
    return;
  for (guint i = 0; i < n; i++)
    {
      const TopoNote *note = topo_document_get_note (r->doc, i);
      TopoRect reach = note->bounds;
      double tx, ty, nx, ny;

      /* the leader reaches out of the card */
      if (leader (r, note, &tx, &ty, &nx, &ny))
        {
          double x0 = MIN (reach.x, tx), y0 = MIN (reach.y, ty);

          reach.w = MAX (reach.x + reach.w, tx) - x0;
          reach.h = MAX (reach.y + reach.h, ty) - y0;
          reach.x = x0;
          reach.y = y0;
        }
      if (!r->text && r->scale >= NOTE_CHIP_MIN_SCALE)
        {
          TopoRect chip;

          note_chip (r, note, FALSE, &chip);
          reach.w = MAX (reach.x + reach.w, chip.x + chip.w) - reach.x;
          reach.h = MAX (reach.y + reach.h, chip.y + chip.h) - reach.y;
        }
      reach.x -= CULL_MARGIN;
      reach.y -= CULL_MARGIN;
      reach.w += 2 * CULL_MARGIN;
      reach.h += 2 * CULL_MARGIN;
      if (topo_rect_intersects (&reach, &r->viewport))
        draw_note (r, note);
    }
}

void
topo_render_note_glyph (cairo_t   *cr,
                        double     x,
                        double     y,
                        double     size,
                        TopoTheme  theme)
{
  const TopoPalette *p = topo_style_palette (theme);
  double s = size - 4, fold = s * 0.3;

  x += 2;
  y += 2;
  cairo_save (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + s, y);
  cairo_line_to (cr, x + s, y + s - fold);
  cairo_line_to (cr, x + s - fold, y + s);
  cairo_line_to (cr, x, y + s);
  cairo_close_path (cr);
  topo_color_set_source (cr, p->note_fill, 1.0);
  cairo_fill_preserve (cr);
  topo_color_set_source (cr, p->note_border, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  for (int i = 0; i < 3; i++)
    cairo_rectangle (cr, x + s * 0.16, y + s * (0.2 + 0.2 * i), s * (i == 2 ? 0.4 : 0.68), MAX (1.0, s * 0.06));
  topo_color_set_source (cr, p->note_secondary_text, 1.0);
  cairo_fill (cr);
  cairo_restore (cr);
}
