/* topo-style.c: light and dark palettes, environment colours, the screen-independent Pango context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-style"

#include "config.h"

#include <math.h>

#include "topo-style.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

static TopoPalette palettes[2] = {
  /* light */
  {
    .background = RGB (0xfafbfc),
    .lane_tint = { RGB (0xf2f4f7), RGB (0xe9edf2) },
    .lane_header = { RGB (0xe4e8ee), RGB (0xdbe1e9) },
    .lane_border = RGB (0xc5cdd8),
    .lane_text = RGB (0x1f2933),
    .lane_secondary_text = RGB (0x4b5866),
    .group_fill = RGB (0xf9fafc),
    .group_border = RGB (0xaeb8c4),
    .group_text = RGB (0x1f2933),
    .group_secondary_text = RGB (0x4b5866),
    .card_fill = RGB (0xffffff),
    .card_border = RGB (0xbfc7d2),
    .card_text = RGB (0x1f2933),
    .card_secondary_text = RGB (0x56636f),
    .link = { RGB (0x2f6db0), RGB (0x7a4cb0), RGB (0xc2410c), RGB (0x0f766e) },
    .pill_fill = RGB (0xffffff),
    .pill_text = RGB (0x1f2933),
    .write_fill = RGB (0xb42318),
    .write_text = RGB (0xffffff),
    .error_fill = RGB (0xc62828),
    .error_text = RGB (0xffffff),
    .warning_fill = RGB (0xf2b200),
    .warning_text = RGB (0x1a1a1a),
    .info_fill = RGB (0x1f5fc6),
    .info_text = RGB (0xffffff),
    .selection = RGB (0x1c71d8),
    .hover = RGB (0x62a0ea),
    .title_text = RGB (0x1f2933),
    .legend_text = RGB (0x323f4b),
    .note_fill = RGB (0xfff3b0),
    .note_border = RGB (0xd9b940),
    .note_text = RGB (0x2b2a1f),
    .note_secondary_text = RGB (0x5f5a3c),
    .note_leader = RGB (0xa88a1c),
    .kind_stroke = {
      RGB (0x56636f), RGB (0x1d5fa8), RGB (0x0f766e), RGB (0x0b5f58), RGB (0x2e7d32),
      RGB (0x9a5700), RGB (0x6b3fa0), RGB (0x0b6c8c), RGB (0x3949ab),
    },
  },
  /* dark */
  {
    .background = RGB (0x1c1d20),
    .lane_tint = { RGB (0x232529), RGB (0x292c31) },
    .lane_header = { RGB (0x2c3036), RGB (0x32363d) },
    .lane_border = RGB (0x43474e),
    .lane_text = RGB (0xeceff4),
    .lane_secondary_text = RGB (0xaab3bf),
    .group_fill = RGB (0x272a2f),
    .group_border = RGB (0x4f5560),
    .group_text = RGB (0xeceff4),
    .group_secondary_text = RGB (0xaab3bf),
    .card_fill = RGB (0x33373e),
    .card_border = RGB (0x525964),
    .card_text = RGB (0xf1f3f6),
    .card_secondary_text = RGB (0xb4bcc8),
    .link = { RGB (0x6fa8e8), RGB (0xb690e3), RGB (0xf08a4b), RGB (0x4fc1b4) },
    .pill_fill = RGB (0x1c1d20),
    .pill_text = RGB (0xeceff4),
    .write_fill = RGB (0xff8a80),
    .write_text = RGB (0x1a1a1a),
    .error_fill = RGB (0xff7b72),
    .error_text = RGB (0x1a1a1a),
    .warning_fill = RGB (0xe3b341),
    .warning_text = RGB (0x1a1a1a),
    .info_fill = RGB (0x6cb6ff),
    .info_text = RGB (0x1a1a1a),
    .selection = RGB (0x78aeed),
    .hover = RGB (0x99c1f1),
    .title_text = RGB (0xeceff4),
    .legend_text = RGB (0xd5dae1),
    .note_fill = RGB (0x4a4226),
    .note_border = RGB (0x8c7a35),
    .note_text = RGB (0xf6efd2),
    .note_secondary_text = RGB (0xd2c79a),
    .note_leader = RGB (0xc9ad4f),
    .kind_stroke = {
      RGB (0xaab3bf), RGB (0x7cb5f2), RGB (0x5fd0c2), RGB (0x4dbfb0), RGB (0x7fcf84),
      RGB (0xf0b35a), RGB (0xc39bf0), RGB (0x62c6e6), RGB (0x98a6f0),
    },
  },
};

TopoColor
topo_color_mix (TopoColor a,
                TopoColor b,
                double    t)
{
  TopoColor c = { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
  return c;
}

const TopoPalette *
topo_style_palette (TopoTheme theme)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Glyph tiles: a wash of the glyph colour over the card. */
      for (guint p = 0; p < 2; p++)
        for (guint k = 0; k < TOPO_N_KINDS; k++)
          palettes[p].kind_tint[k] = topo_color_mix (palettes[p].kind_stroke[k],
                                                     palettes[p].card_fill, p == 0 ? 0.86 : 0.78);
      g_once_init_leave (&initialized, 1);
    }
  return &palettes[theme == TOPO_THEME_DARK ? 1 : 0];
}

static double
channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
topo_color_luminance (TopoColor color)
{
  return 0.2126 * channel (color.r) + 0.7152 * channel (color.g) + 0.0722 * channel (color.b);
}

double
topo_color_contrast (TopoColor a,
                     TopoColor b)
{
  double la = topo_color_luminance (a), lb = topo_color_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

void
topo_color_set_source (cairo_t  *cr,
                       TopoColor color,
                       double    alpha)
{
  if (alpha >= 1.0)
    cairo_set_source_rgb (cr, color.r, color.g, color.b);
  else
    cairo_set_source_rgba (cr, color.r, color.g, color.b, alpha);
}

void
topo_style_environment_color (TopoTheme   theme,
                              const char *environment,
                              TopoColor  *fill,
                              TopoColor  *text)
{
  /* Okabe & Ito's palette: distinguishable with every common colour-vision deficiency. Dev is cool,
   * prod is hot; the stages in between run through green and orange. */
  static const struct { const char *name; TopoColor color; } fixed[] = {
    { "dev", RGB (0x0072b2) },
    { "test", RGB (0x56b4e9) },
    { "qa", RGB (0x009e73) },
    { "staging", RGB (0xe69f00) },
    { "prod", RGB (0xd55e00) },
  };
  static const TopoColor others[] = {
    RGB (0xcc79a7), RGB (0xf0e442), RGB (0x7b5aa6), RGB (0x8c8c8c), RGB (0x44aa99),
  };
  static const TopoColor none = RGB (0x8c96a3);
  TopoColor c = none;
  TopoColor black = RGB (0x111111), white = RGB (0xffffff);

  if (environment != NULL && *environment != '\0')
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
        if (g_ascii_strcasecmp (environment, fixed[i].name) == 0)
          {
            c = fixed[i].color;
            found = TRUE;
            break;
          }
      if (!found)
        c = others[g_str_hash (environment) % G_N_ELEMENTS (others)];
    }
  (void) theme;   /* the same hues read well on both themes; text colour adapts */

  if (fill != NULL)
    *fill = c;
  if (text != NULL)
    *text = topo_color_contrast (c, black) >= topo_color_contrast (c, white) ? black : white;
}

static PangoFontMap *
get_font_map (void)
{
  static gsize font_map = 0;

  /* A font map of our own, not the process default one: its resolution is ours to fix. */
  if (g_once_init_enter (&font_map))
    {
      PangoFontMap *map = pango_cairo_font_map_new ();

      pango_cairo_font_map_set_resolution (PANGO_CAIRO_FONT_MAP (map), 96.0);
      g_once_init_leave (&font_map, (gsize) map);
    }
  return (PangoFontMap *) font_map;
}

PangoContext *
topo_style_create_pango_context (cairo_t *cr)
{
  PangoContext *context;
  cairo_font_options_t *options;

  context = pango_font_map_create_context (get_font_map ());
  pango_cairo_context_set_resolution (context, 96.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  /* Unrounded positions: a layout has the same width at every zoom. */
  pango_context_set_round_glyph_positions (context, FALSE);
  if (cr != NULL)
    pango_cairo_update_context (cr, context);
  return context;
}
