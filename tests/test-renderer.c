/* test-renderer.c: golden images, SVG/PDF output, viewport culling, determinism, contrast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "topo.h"
#include "topo-image-export.h"
#include "topo-regions.h"
#include "topo-layout.h"
#include "topo-renderer.h"
#include "topo-spatial-index.h"
#include "topo-renderer-private.h"
#include "topo-spatial-index.h"
#include "topo-style.h"
#include "topo-validator.h"
#include "design-mutations.h"

/* Golden comparison: a pixel "differs" when a channel is off by more than DELTA; up to
 * MAX_FRACTION of the pixels may differ (antialiasing and font rasteriser noise). */
#define GOLDEN_DELTA        48
#define GOLDEN_MAX_FRACTION 0.002

static TopoDocument *
load_sample (const char *name)
{
  const char *dir = g_getenv ("TOPOGRAPH_SAMPLES");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  TopoDocument *doc;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  doc = topo_format_load_path (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static cairo_surface_t *
surface_from_png_bytes (GBytes *bytes)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("topo-render-XXXXXX.png", &path, NULL);
  cairo_surface_t *surface;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, data, size, NULL));
  surface = cairo_image_surface_create_from_png (path);
  g_unlink (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* Number of pixels of a (at ax, ay) and b (at 0, 0) over b's size that differ by more than delta
 * in some channel. */
static guint
count_differences (cairo_surface_t *a,
                   int              ax,
                   int              ay,
                   cairo_surface_t *b,
                   int              delta)
{
  int w = cairo_image_surface_get_width (b), h = cairo_image_surface_get_height (b);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guint8 *da, *db;
  guint n = 0;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  da = cairo_image_surface_get_data (a);
  db = cairo_image_surface_get_data (b);
  g_assert_cmpint (ax + w, <=, cairo_image_surface_get_width (a));
  g_assert_cmpint (ay + h, <=, cairo_image_surface_get_height (a));
  for (int y = 0; y < h; y++)
    {
      const guint8 *ra = da + (gsize) (y + ay) * sa + (gsize) ax * 4;
      const guint8 *rb = db + (gsize) y * sb;

      for (int x = 0; x < w; x++)
        for (int c = 0; c < 4; c++)
          if (ABS ((int) ra[x * 4 + c] - (int) rb[x * 4 + c]) > delta)
            {
              n++;
              break;
            }
    }
  return n;
}

/* Golden images ------------------------------------------------------------------------------- */

typedef struct
{
  const char *sample;
  const char *golden;
  TopoTheme   theme;
} GoldenCase;

static const GoldenCase golden_cases[] = {
  { "contoso.topograph", "contoso.png", TOPO_THEME_LIGHT },
  { "contoso.topograph", "contoso-dark.png", TOPO_THEME_DARK },
  { "regional-serving.topograph", "regional-serving.png", TOPO_THEME_LIGHT },
};

static void
test_golden (gconstpointer data)
{
  const GoldenCase *gc = data;
  g_autoptr(TopoDocument) doc = load_sample (gc->sample);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, "golden", gc->golden, NULL);
  cairo_surface_t *actual, *golden;
  guint differing, total;

  /* Without diagnostics: the golden images test drawing, not the validator's rules. */
  png = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, 1.0, FALSE, gc->theme, &error);
  g_assert_no_error (error);
  actual = surface_from_png_bytes (png);

  golden = cairo_image_surface_create_from_png (golden_path);
  if (cairo_surface_status (golden) != CAIRO_STATUS_SUCCESS)
    g_error ("%s: cannot read the golden image; run tests/update-golden-images.sh", golden_path);

  if (cairo_image_surface_get_width (actual) != cairo_image_surface_get_width (golden) ||
      cairo_image_surface_get_height (actual) != cairo_image_surface_get_height (golden))
    {
      g_autofree char *out = g_build_filename (g_get_tmp_dir (), gc->golden, NULL);

      cairo_surface_write_to_png (actual, out);
      g_error ("%s: size %d×%d, golden %d×%d (actual written to %s; if the change is deliberate, "
               "run tests/update-golden-images.sh)", gc->golden,
               cairo_image_surface_get_width (actual), cairo_image_surface_get_height (actual),
               cairo_image_surface_get_width (golden), cairo_image_surface_get_height (golden), out);
    }

  differing = count_differences (golden, 0, 0, actual, GOLDEN_DELTA);
  total = cairo_image_surface_get_width (actual) * cairo_image_surface_get_height (actual);
  g_test_message ("%s: %u of %u pixels differ", gc->golden, differing, total);
  if (differing > total * GOLDEN_MAX_FRACTION)
    {
      g_autofree char *out = g_build_filename (g_get_tmp_dir (), gc->golden, NULL);

      cairo_surface_write_to_png (actual, out);
      g_error ("%s: %u of %u pixels differ from the golden image (actual written to %s; if the "
               "change is deliberate, run tests/update-golden-images.sh)", gc->golden, differing,
               total, out);
    }

  cairo_surface_destroy (actual);
  cairo_surface_destroy (golden);
}

/* SVG ----------------------------------------------------------------------------------------- */

typedef struct
{
  gboolean   in_title;
  GString   *titles;
  guint      n_elements;
  gboolean   saw_svg_root;
} SvgScan;

static void
svg_start (GMarkupParseContext *context, const char *element, const char **names,
           const char **values, gpointer user_data, GError **error)
{
  SvgScan *scan = user_data;

  if (scan->n_elements++ == 0)
    scan->saw_svg_root = g_str_equal (element, "svg");
  if (g_str_equal (element, "title"))
    scan->in_title = TRUE;
}

static void
svg_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  SvgScan *scan = user_data;

  if (g_str_equal (element, "title"))
    {
      scan->in_title = FALSE;
      g_string_append_c (scan->titles, '\n');
    }
}

static void
svg_text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data,
          GError **error)
{
  SvgScan *scan = user_data;

  if (scan->in_title)
    g_string_append_len (scan->titles, text, len);
}

static void
test_svg (void)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) svg = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgScan scan = { FALSE, g_string_new (NULL), 0, FALSE };
  gsize size;
  const char *data;

  svg = topo_image_export_to_bytes (doc, TOPO_IMAGE_SVG, 1.0, TRUE, TOPO_THEME_LIGHT, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (svg, &size);
  g_assert_true (g_str_has_prefix (data, "<?xml"));

  /* Well-formed XML with an <svg> root. */
  context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (context, data, size, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_true (scan.saw_svg_root);
  g_assert_cmpuint (scan.n_elements, >, 100);

  /* Title and every resource's full name are in the file. */
  g_assert_nonnull (strstr (scan.titles->str, topo_document_get_name (doc)));
  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *res = topo_document_get_resource (doc, i);

      if (strstr (scan.titles->str, topo_resource_get_name (res)) == NULL)
        g_error ("SVG lacks the name %s", topo_resource_get_name (res));
    }
  g_string_free (scan.titles, TRUE);

  /* Deterministic: a second export in the same process is identical (cairo's surface ids are
   * process-wide; the exporter renumbers them). */
  again = topo_image_export_to_bytes (doc, TOPO_IMAGE_SVG, 1.0, TRUE, TOPO_THEME_LIGHT, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (svg, again));
}

static void
test_pdf (void)
{
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "topo-test-renderer.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize size;
  const char *data;

  pdf = topo_image_export_to_bytes (doc, TOPO_IMAGE_PDF, 1.0, TRUE, TOPO_THEME_LIGHT, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (pdf, &size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  /* One page, and the text is real text (the document title is in the metadata). */
  g_assert_nonnull (memmem (data, size, "/Type /Page", 11));
  g_assert_nonnull (memmem (data, size, "/Count 1", 8));
  g_assert_nonnull (memmem (data, size, "(Contoso ML platform)", 21));

  /* The file variant writes the same thing. */
  g_assert_true (topo_image_export (doc, TOPO_IMAGE_PDF, path, 1.0, TRUE, TOPO_THEME_LIGHT, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_true (memcmp (contents, "%PDF-", 5) == 0);
  g_unlink (path);
}

/* PNG ------------------------------------------------------------------------------------------ */

static void
test_png_deterministic (void)
{
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  g_autoptr(GError) error = NULL;
  g_autofree char *path1 = g_build_filename (g_get_tmp_dir (), "topo-test-renderer-1.png", NULL);
  g_autofree char *path2 = g_build_filename (g_get_tmp_dir (), "topo-test-renderer-2.png", NULL);
  g_autofree char *a = NULL, *b = NULL;
  gsize la, lb;

  g_assert_true (topo_image_export (doc, TOPO_IMAGE_PNG, path1, 1.0, TRUE, TOPO_THEME_LIGHT, &error));
  g_assert_no_error (error);
  g_assert_true (topo_image_export (doc, TOPO_IMAGE_PNG, path2, 1.0, TRUE, TOPO_THEME_LIGHT, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path1, &a, &la, NULL));
  g_assert_true (g_file_get_contents (path2, &b, &lb, NULL));
  g_assert_true (memcmp (a, "\x89PNG", 4) == 0);
  g_assert_cmpmem (a, la, b, lb);
  g_unlink (path1);
  g_unlink (path2);
}

static void
test_png_scale (void)
{
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) one = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, 1.0, FALSE, TOPO_THEME_LIGHT, &error);
  g_autoptr(GBytes) two = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, 2.0, FALSE, TOPO_THEME_LIGHT, &error);
  cairo_surface_t *s1 = surface_from_png_bytes (one);
  cairo_surface_t *s2 = surface_from_png_bytes (two);
  TopoRenderOptions options;
  TopoRect bounds;

  topo_render_options_init (&options);
  options.show_title = options.show_legend = TRUE;
  bounds = topo_render_export_bounds (doc, &options);
  g_assert_cmpint (cairo_image_surface_get_width (s1), ==, (int) bounds.w);
  g_assert_cmpint (cairo_image_surface_get_height (s1), ==, (int) bounds.h);
  g_assert_cmpint (cairo_image_surface_get_width (s2), ==, 2 * (int) bounds.w);
  g_assert_cmpint (cairo_image_surface_get_height (s2), ==, 2 * (int) bounds.h);
  cairo_surface_destroy (s1);
  cairo_surface_destroy (s2);
}

/* Badges: the diagnostics change pixels, and only around their subjects. */
static void
test_badges (void)
{
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  g_autoptr(GPtrArray) diagnostics = topo_validate (doc);
  g_autoptr(GHashTable) badges = topo_diagnostics_badges (diagnostics);
  g_autoptr(TopoResource) probe = NULL;
  TopoRenderOptions options;
  TopoRect bounds;
  cairo_surface_t *plain, *badged;
  cairo_t *cr;
  TopoBadge fake = { 2, 1, 0 };
  const TopoResource *subject;

  /* Put a badge on a known card, whatever the validator thinks of the sample. */
  subject = topo_document_get_resource (doc, 1);
  g_assert_cmpint (subject->kind, !=, TOPO_KIND_RESOURCE_GROUP);
  g_hash_table_replace (badges, g_strdup (subject->id), g_memdup2 (&fake, sizeof fake));

  topo_render_options_init (&options);
  bounds = topo_render_export_bounds (doc, &options);
  plain = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) bounds.w, (int) bounds.h);
  badged = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) bounds.w, (int) bounds.h);

  cr = cairo_create (plain);
  cairo_translate (cr, -bounds.x, -bounds.y);
  topo_render_document (doc, cr, NULL, &options);
  cairo_destroy (cr);

  options.badges = badges;
  cr = cairo_create (badged);
  cairo_translate (cr, -bounds.x, -bounds.y);
  topo_render_document (doc, cr, NULL, &options);
  cairo_destroy (cr);

  /* The subject's top-right corner changed. */
  {
    cairo_surface_t *corner = cairo_surface_create_similar_image (plain, CAIRO_FORMAT_ARGB32, 48, 24);
    cairo_t *c = cairo_create (corner);
    int cx = (int) (subject->bounds.x + subject->bounds.w - 40 - bounds.x);
    int cy = (int) (subject->bounds.y - 12 - bounds.y);

    cairo_set_source_surface (c, badged, -cx, -cy);
    cairo_set_operator (c, CAIRO_OPERATOR_SOURCE);
    cairo_paint (c);
    cairo_destroy (c);
    g_assert_cmpuint (count_differences (plain, cx, cy, corner, 40), >, 50);
    cairo_surface_destroy (corner);
  }
  cairo_surface_destroy (plain);
  cairo_surface_destroy (badged);
}

/* Viewport = crop of the full drawing ------------------------------------------------------------ */

static cairo_surface_t *
render_rect (TopoDocument            *doc,
             const TopoRect          *rect,
             const TopoRenderOptions *options)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) rect->w, (int) rect->h);
  cairo_t *cr = cairo_create (surface);

  cairo_translate (cr, -rect->x, -rect->y);
  topo_render_document (doc, cr, rect, options);
  cairo_destroy (cr);
  return surface;
}

static void
test_viewport_crop (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (300, 7);
  g_autoptr(GHashTable) selected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) diagnostics = topo_validate (doc);
  g_autoptr(GHashTable) badges = topo_diagnostics_badges (diagnostics);
  TopoRenderOptions options;
  TopoRect full;
  cairo_surface_t *whole;
  GRand *rand = g_rand_new_with_seed (42);

  topo_render_options_init (&options);
  options.show_title = options.show_legend = TRUE;
  options.badges = badges;
  options.selected = selected;
  g_hash_table_add (selected, (gpointer) topo_document_get_resource (doc, 3)->id);
  g_hash_table_add (selected, "link:2");
  options.hovered = topo_document_get_resource (doc, 5)->id;

  full = topo_render_export_bounds (doc, &options);
  /* Keep the surface a sensible size: the test only needs a few thousand pixels each way. */
  full.w = MIN (full.w, 4000);
  full.h = MIN (full.h, 4000);
  whole = render_rect (doc, &full, &options);

  for (int i = 0; i < 12; i++)
    {
      TopoRect v;
      cairo_surface_t *part;
      guint differing;

      v.w = g_rand_int_range (rand, 64, 900);
      v.h = g_rand_int_range (rand, 64, 700);
      v.x = full.x + g_rand_int_range (rand, 0, (int) (full.w - v.w));
      v.y = full.y + g_rand_int_range (rand, 0, (int) (full.h - v.h));
      part = render_rect (doc, &v, &options);
      differing = count_differences (whole, (int) (v.x - full.x), (int) (v.y - full.y), part, 8);
      /* Culling must not drop anything visible: the viewport equals the crop. */
      if (differing > 0)
        {
          cairo_surface_write_to_png (part, "/tmp/topo-viewport-part.png");
          g_error ("viewport %g,%g %g×%g: %u pixels differ from the full drawing",
                   v.x, v.y, v.w, v.h, differing);
        }
      cairo_surface_destroy (part);
    }
  cairo_surface_destroy (whole);
  g_rand_free (rand);
}

/* Notes: sticky cards over the diagram, legible in both themes and at every zoom, left out on
 * request; a viewport of them equals the crop of the whole drawing. */
static void
add_test_notes (TopoDocument *doc)
{
  g_autoptr(GError) error = NULL;
  TopoNote *on_card = topo_note_new ("n-card", "**Decision:** private endpoints only\n- review *Q3*\n- <b>&amp; stays literal");
  TopoNote *on_link = topo_note_new ("n-link", "Read only");
  TopoNote *free_note = topo_note_new ("n-free", "Open question");

  on_card->author = g_strdup ("Ada Lovelace");
  on_card->date = g_strdup ("2026-12-04");
  topo_note_set_attach (on_card, "st-data-churn-dev");
  on_card->has_layout = TRUE;
  on_card->x = 20;
  on_card->y = 70;
  topo_note_set_link (on_link, topo_document_get_link (doc, 1));
  topo_note_set_free (free_note, "westeurope");
  free_note->has_layout = TRUE;
  free_note->x = 1400;
  free_note->y = 460;
  g_assert_nonnull (topo_edit_add_note (doc, on_card, &error));
  g_assert_nonnull (topo_edit_add_note (doc, on_link, &error));
  g_assert_nonnull (topo_edit_add_note (doc, free_note, &error));
  g_assert_no_error (error);
}

static void
test_notes (void)
{
  g_autoptr(TopoDocument) plain = load_sample ("contoso.topograph");
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) without = NULL;
  g_autoptr(GBytes) with = NULL;
  g_autoptr(GBytes) hidden = NULL;
  const TopoNote *note;
  TopoRenderOptions options;
  TopoRect origin;
  cairo_surface_t *light, *dark;
  guint dark_text = 0, light_text = 0;

  add_test_notes (doc);
  without = topo_image_export_to_bytes (plain, TOPO_IMAGE_PNG, 1.0, TOPO_IMAGE_PLAIN, TOPO_THEME_LIGHT, &error);
  with = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, 1.0, TOPO_IMAGE_PLAIN, TOPO_THEME_LIGHT, &error);
  hidden = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, 1.0, TOPO_IMAGE_NO_NOTES, TOPO_THEME_LIGHT, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (with, without));
  /* The notes fit inside the lanes the design already had: left out, nothing else changes (up
   * to the text caches' rasterising, which differs slightly once warm). */
  {
    cairo_surface_t *a = surface_from_png_bytes (hidden), *b = surface_from_png_bytes (without);

    g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
    g_assert_cmpint (cairo_image_surface_get_height (a), ==, cairo_image_surface_get_height (b));
    g_assert_cmpuint (count_differences (a, 0, 0, b, GOLDEN_DELTA), ==, 0);
    cairo_surface_destroy (a);
    cairo_surface_destroy (b);
  }

  topo_render_options_init (&options);
  options.show_title = options.show_legend = TRUE;
  origin = topo_render_export_bounds (doc, &options);
  light = surface_from_png_bytes (with);
  {
    g_autoptr(GBytes) dark_png = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, 1.0, TOPO_IMAGE_PLAIN,
                                                             TOPO_THEME_DARK, &error);
    dark = surface_from_png_bytes (dark_png);
  }
  note = topo_document_lookup_note (doc, "n-card");
  g_assert_cmpfloat (note->bounds.h, >, 4 * 14);    /* four lines and the author line */
  /* Count dark text pixels on the light paper, light text pixels on the dark paper. */
  cairo_surface_flush (light);
  cairo_surface_flush (dark);
  for (int y = (int) (note->bounds.y + 8); y < (int) (note->bounds.y + note->bounds.h - 8); y++)
    for (int x = (int) (note->bounds.x + 8); x < (int) (note->bounds.x + note->bounds.w - 16); x++)
      {
        int px = x - (int) origin.x, py = y - (int) origin.y;
        const guint8 *l = cairo_image_surface_get_data (light) + py * cairo_image_surface_get_stride (light) + px * 4;
        const guint8 *d = cairo_image_surface_get_data (dark) + py * cairo_image_surface_get_stride (dark) + px * 4;

        light_text += l[0] + l[1] + l[2] < 3 * 90;
        dark_text += d[0] + d[1] + d[2] > 3 * 190;
      }
  g_test_message ("note text pixels: %u on light paper, %u on dark paper", light_text, dark_text);
  g_assert_cmpuint (light_text, >, 400);
  g_assert_cmpuint (dark_text, >, 400);
  /* The paper is yellow in the light theme. */
  {
    const guint8 *p = cairo_image_surface_get_data (light) +
                      (int) (note->bounds.y + 4 - origin.y) * cairo_image_surface_get_stride (light) +
                      (int) (note->bounds.x + note->bounds.w - 30 - origin.x) * 4;

    g_assert_cmpint (p[2], >, 240);   /* red */
    g_assert_cmpint (p[1], >, 230);   /* green */
    g_assert_cmpint (p[0], <, 200);   /* blue */
  }
  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);

  /* Viewports (the canvas' tiles) draw exactly the crop, at 100 % and zoomed out. */
  for (guint z = 0; z < 2; z++)
    {
      TopoRect full = origin, v;
      cairo_surface_t *whole, *part;

      options.scale = z == 0 ? 1.0 : 0.25;
      full.w = MIN (full.w, 2400);
      whole = render_rect (doc, &full, &options);
      note = topo_document_lookup_note (doc, "n-card");
      v = (TopoRect) { floor (note->bounds.x - 40), floor (note->bounds.y - 60), 300, 260 };
      part = render_rect (doc, &v, &options);
      g_assert_cmpuint (count_differences (whole, (int) (v.x - full.x), (int) (v.y - full.y), part, 8), ==, 0);
      cairo_surface_destroy (whole);
      cairo_surface_destroy (part);
    }

  /* SVG and PDF draw them too. */
  {
    g_autoptr(GBytes) svg = topo_image_export_to_bytes (doc, TOPO_IMAGE_SVG, 1.0, TOPO_IMAGE_DIAGNOSTICS,
                                                        TOPO_THEME_LIGHT, &error);
    g_autoptr(GBytes) svg_plain = topo_image_export_to_bytes (doc, TOPO_IMAGE_SVG, 1.0,
                                                              TOPO_IMAGE_DIAGNOSTICS | TOPO_IMAGE_NO_NOTES,
                                                              TOPO_THEME_LIGHT, &error);
    g_autoptr(GBytes) pdf = topo_image_export_to_bytes (doc, TOPO_IMAGE_PDF, 1.0, TOPO_IMAGE_PLAIN,
                                                        TOPO_THEME_LIGHT, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (svg), >, g_bytes_get_size (svg_plain));
    g_assert_cmpuint (g_bytes_get_size (pdf), >, 1000);
  }
}

/* Canvas caches (card tiles, text bitmaps, run lists, skipped overdraw) -------------------------- */

static cairo_surface_t *
render_view (TopoDocument            *doc,
             const TopoRect          *v,
             double                   zoom,
             const TopoRenderOptions *options)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (v->w * zoom),
                                                         (int) (v->h * zoom));
  cairo_t *cr = cairo_create (surface);

  /* Garbage underneath: every pixel of the view must be drawn, skipped overdraw included. */
  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  cairo_scale (cr, zoom, zoom);
  cairo_translate (cr, -v->x, -v->y);
  topo_render_document (doc, cr, v, options);
  cairo_destroy (cr);
  return surface;
}

/* A view drawn again (warm: from the tiles and bitmaps the first draw made) equals its first draw
 * (cold), within the one level by which a text bitmap's two-step compositing may round; every
 * later draw is byte-identical; and a view equals the same part of a larger view drawn at once
 * (no card or band skipped or doubled at the edges). At several zoom levels, both themes. */
static void
test_canvas_cold_warm (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (2000, 5);
  g_autoptr(GPtrArray) diagnostics = topo_validate (doc);
  g_autoptr(GHashTable) badges = topo_diagnostics_badges (diagnostics);
  static const double zooms[] = { 1.0, 0.75, 0.62, 1.5, 2.0, 0.4 };
  TopoRenderOptions options;
  TopoRect extent;

  topo_layout_update (doc);
  extent = topo_layout_get_extent (doc);
  topo_render_options_init (&options);
  options.badges = badges;

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      TopoRect big = { extent.x + 37.3 * z, extent.y + 411.7 * z, 1200 / zooms[z], 900 / zooms[z] };
      TopoRect part = { big.x + 200 / zooms[z], big.y + 150 / zooms[z], 600 / zooms[z], 450 / zooms[z] };
      cairo_surface_t *cold, *warm, *again, *whole, *inner;

      options.scale = zooms[z];
      options.theme = z % 2 ? TOPO_THEME_DARK : TOPO_THEME_LIGHT;
      cold = render_view (doc, &big, zooms[z], &options);
      warm = render_view (doc, &big, zooms[z], &options);
      again = render_view (doc, &big, zooms[z], &options);
      g_assert_cmpuint (count_differences (cold, 0, 0, warm, 1), ==, 0);
      g_assert_cmpuint (count_differences (warm, 0, 0, again, 0), ==, 0);

      /* A fresh part of the design first drawn as the inner part of a view. */
      big.y += 3000;
      part.y += 3000;
      whole = render_view (doc, &big, zooms[z], &options);
      inner = render_view (doc, &part, zooms[z], &options);
      g_assert_cmpuint (count_differences (whole, 200, 150, inner, 1), ==, 0);

      cairo_surface_destroy (cold);
      cairo_surface_destroy (warm);
      cairo_surface_destroy (again);
      cairo_surface_destroy (whole);
      cairo_surface_destroy (inner);
    }
}

/* After an edit, the canvas (its caches warm: card and RG tiles, pill bitmaps) draws what a
 * fresh renderer draws: the caches are per thread, so a new thread starts from none. */
typedef struct
{
  TopoDocument      *doc;
  const TopoRect    *view;
  double             zoom;
  TopoRenderOptions *options;
} FreshDraw;

static gpointer
fresh_draw_thread (gpointer data)
{
  FreshDraw *fd = data;

  return render_view (fd->doc, fd->view, fd->zoom, fd->options);
}

static void
test_canvas_edit (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (400, 9);
  static const double zooms[] = { 1.0, 0.75 };
  TopoRenderOptions options;
  TopoRect extent;

  topo_layout_update (doc);
  extent = topo_layout_get_extent (doc);
  topo_render_options_init (&options);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      TopoRect view = { extent.x, extent.y, 1400 / zooms[z], 1000 / zooms[z] };
      g_autoptr(GArray) rgs = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GError) error = NULL;
      const TopoResource *rg = NULL;
      FreshDraw fd = { doc, &view, zooms[z], &options };

      options.scale = zooms[z];
      cairo_surface_destroy (render_view (doc, &view, zooms[z], &options));
      cairo_surface_destroy (render_view (doc, &view, zooms[z], &options));

      /* An RG wholly in view: its title band is a tile now. */
      for (guint i = 0; i < topo_document_get_n_resources (doc) && rg == NULL; i++)
        {
          const TopoResource *res = topo_document_get_resource (doc, i);

          if (res->kind == TOPO_KIND_RESOURCE_GROUP && res->bounds.x >= view.x &&
              res->bounds.y >= view.y && res->bounds.x + res->bounds.w <= view.x + view.w &&
              res->bounds.y + res->bounds.h <= view.y + view.h)
            rg = res;
        }
      g_assert_nonnull (rg);
      /* Its name alone, then its environment (pill and colours). */
      for (guint edit = 0; edit < 2; edit++)
        {
          cairo_surface_t *warm, *fresh;
          GThread *thread;

          if (edit == 0)
            g_assert_true (topo_edit_set_property (doc, rg->id, "name",
                                                   z == 0 ? "renamed-group" : "another-name",
                                                   &error));
          else
            g_assert_true (topo_edit_set_property (doc, rg->id, "environment",
                                                   z == 0 ? "qa" : "prod", &error));
          g_assert_no_error (error);
          warm = render_view (doc, &view, zooms[z], &options);
          thread = g_thread_new ("fresh-draw", fresh_draw_thread, &fd);
          fresh = g_thread_join (thread);
          g_assert_cmpuint (count_differences (fresh, 0, 0, warm, 1), ==, 0);
          cairo_surface_destroy (warm);
          cairo_surface_destroy (fresh);
        }
    }
}

/* Many more names than the text and tile caches hold: least recently used entries go, the view
 * in use stays right. */
static void
test_canvas_cache_eviction (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (10000, 3);
  TopoRenderOptions options;
  TopoRect extent, first;
  cairo_surface_t *before, *after;

  topo_layout_update (doc);
  extent = topo_layout_get_extent (doc);
  topo_render_options_init (&options);
  first = (TopoRect) { extent.x, extent.y, 1600, 1000 };
  before = render_view (doc, &first, 1.0, &options);
  /* Every card of the design once. */
  for (double y = extent.y; y < extent.y + extent.h; y += 1000)
    for (double x = extent.x; x < extent.x + extent.w; x += 1600)
      {
        TopoRect v = { x, y, 1600, 1000 };

        cairo_surface_destroy (render_view (doc, &v, 1.0, &options));
      }
  after = render_view (doc, &first, 1.0, &options);
  g_assert_cmpuint (count_differences (before, 0, 0, after, 1), ==, 0);
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

/* An opaque PNG export is written as 8-bit RGB and decodes to exactly the pixels of the whole
 * picture drawn on one surface: the export draws it in bands of rows while another thread
 * encodes them, so texts, links and cards crossing a band's edge, the image's own edges at
 * fractional scales, the title, legend, badges and notes must all come out the same. */
static void
assert_png_equals_drawing (TopoDocument   *doc,
                           const char     *label,
                           double          scale,
                           TopoImageFlags  flags,
                           TopoTheme       theme)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = topo_image_export_to_bytes (doc, TOPO_IMAGE_PNG, scale, flags, theme, &error);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) badges = NULL;
  TopoRenderOptions options;
  TopoRect bounds;
  cairo_surface_t *decoded, *drawn;
  const guint8 *bytes;
  guint differing;
  cairo_t *cr;

  g_assert_no_error (error);
  bytes = g_bytes_get_data (png, NULL);
  /* IHDR: colour type 2 (RGB), bit depth 8. */
  g_assert_cmpint (bytes[24], ==, 8);
  if (bytes[25] != 2)
    g_error ("%s at scale %g: PNG colour type %d, not RGB", label, scale, bytes[25]);

  topo_render_options_init (&options);
  options.theme = theme;
  options.scale = scale;
  options.show_title = options.show_legend = TRUE;
  options.hide_notes = (flags & TOPO_IMAGE_NO_NOTES) != 0;
  if (flags & TOPO_IMAGE_DIAGNOSTICS)
    {
      diagnostics = topo_validate (doc);
      badges = topo_diagnostics_badges (diagnostics);
      options.badges = badges;
    }
  bounds = topo_render_export_bounds (doc, &options);
  drawn = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (bounds.w * scale),
                                      (int) ceil (bounds.h * scale));
  cr = cairo_create (drawn);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -bounds.x, -bounds.y);
  topo_render_document (doc, cr, NULL, &options);
  cairo_destroy (cr);
  decoded = surface_from_png_bytes (png);
  g_assert_cmpint (cairo_image_surface_get_width (decoded), ==, cairo_image_surface_get_width (drawn));
  g_assert_cmpint (cairo_image_surface_get_height (decoded), ==, cairo_image_surface_get_height (drawn));
  differing = count_differences (drawn, 0, 0, decoded, 0);
  if (differing > 0)
    g_error ("%s at scale %g: %u pixels of the PNG differ from the drawing", label, scale, differing);
  cairo_surface_destroy (decoded);
  cairo_surface_destroy (drawn);
}

static void
test_png_pixels (void)
{
  static const char *const samples[] = {
    "contoso.topograph", "regional-serving.topograph", "multi-environment.topograph",
    "single-workspace.topograph", "workspace-per-team.topograph",
  };
  static const double scales[] = { 1.0, 1.5, 0.5, 2.0, 0.75 };
  g_autoptr(TopoDocument) generated = topo_generate (400, 3);
  g_autoptr(TopoDocument) small = topo_generate (60, 4);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(TopoDocument) doc = load_sample (samples[i]);

      assert_png_equals_drawing (doc, samples[i], scales[i], TOPO_IMAGE_DIAGNOSTICS,
                                 i % 2 ? TOPO_THEME_DARK : TOPO_THEME_LIGHT);
    }
  {
    g_autoptr(TopoDocument) doc = load_sample ("regional-serving.topograph");

    assert_png_equals_drawing (doc, "regional-serving", 1.0, TOPO_IMAGE_PLAIN, TOPO_THEME_DARK);
  }
  assert_png_equals_drawing (generated, "generated", 1.0, TOPO_IMAGE_DIAGNOSTICS, TOPO_THEME_LIGHT);
  assert_png_equals_drawing (small, "generated", 2.0, TOPO_IMAGE_NO_NOTES, TOPO_THEME_DARK);
  /* the overview's batched rectangles (a scale at which this sample's picture is opaque: its
   * last row is not cut by the picture's edge) */
  {
    g_autoptr(TopoDocument) doc = load_sample ("multi-environment.topograph");

    assert_png_equals_drawing (doc, "multi-environment", 0.25, TOPO_IMAGE_DIAGNOSTICS, TOPO_THEME_LIGHT);
  }
}

/* HiDPI: a surface with device scale 2 (what GTK hands the canvas on a 2× screen) gets the same
 * pixels as a 2× transform — the card and text bitmaps must be made at full pixel density. */
static void
test_hidpi (void)
{
  g_autoptr(TopoDocument) doc = load_sample ("contoso.topograph");
  TopoRenderOptions options;
  TopoRect v = { 200, 0, 500, 300 };
  cairo_surface_t *a = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 600);
  cairo_surface_t *b = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 600);
  cairo_t *cr;

  topo_render_options_init (&options);
  options.scale = 2;

  cr = cairo_create (a);
  cairo_scale (cr, 2, 2);
  cairo_translate (cr, -v.x, -v.y);
  topo_render_document (doc, cr, &v, &options);
  cairo_destroy (cr);

  cairo_surface_set_device_scale (b, 2, 2);
  cr = cairo_create (b);
  cairo_translate (cr, -v.x, -v.y);
  topo_render_document (doc, cr, &v, &options);
  cairo_destroy (cr);

  g_assert_cmpuint (count_differences (a, 0, 0, b, GOLDEN_DELTA), <=, 1000 * 600 * GOLDEN_MAX_FRACTION);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* Spatial index ----------------------------------------------------------------------------------- */

static void
test_spatial_index (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (2000, 3);
  TopoSpatialIndex *index = topo_spatial_index_get (doc);
  TopoRect extent = topo_layout_get_extent (doc);
  GRand *rand = g_rand_new_with_seed (1);

  for (int q = 0; q < 50; q++)
    {
      g_autoptr(GArray) res = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (guint));
      TopoRect r = { extent.x + g_rand_double (rand) * extent.w, extent.y + g_rand_double (rand) * extent.h,
                     g_rand_double_range (rand, 1, 2500), g_rand_double_range (rand, 1, 1500) };
      guint k = 0, expected = 0;

      topo_spatial_index_query (index, &r, res, links);
      /* Exactly the resources a full scan finds, in document order. */
      for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
        if (topo_rect_intersects (&topo_document_get_resource (doc, i)->bounds, &r))
          {
            g_assert_cmpuint (k, <, res->len);
            g_assert_cmpuint (g_array_index (res, guint, k), ==, i);
            k++;
          }
      g_assert_cmpuint (k, ==, res->len);
      for (guint i = 0; i < topo_document_get_n_links (doc); i++)
        {
          const TopoLinkRoute *rt = topo_spatial_index_link_route (index, i);

          if (rt != NULL && topo_rect_intersects (&rt->bounds, &r))
            expected++;
        }
      g_assert_cmpuint (expected, ==, links->len);
    }
  g_rand_free (rand);

  /* A change makes a new index: a moved card is found at its new place. */
  {
    const TopoResource *card = NULL;
    const char *ids[2] = { NULL, NULL };
    g_autoptr(GArray) res = g_array_new (FALSE, FALSE, sizeof (guint));
    TopoRect r;
    int idx;

    for (guint i = 0; i < topo_document_get_n_resources (doc) && card == NULL; i++)
      if (topo_document_get_resource (doc, i)->kind != TOPO_KIND_RESOURCE_GROUP)
        card = topo_document_get_resource (doc, i);
    ids[0] = card->id;
    idx = topo_document_resource_index (doc, card->id);
    topo_edit_move (doc, ids, 8, 0);
    index = topo_spatial_index_get (doc);
    card = topo_document_get_resource (doc, idx);
    r = (TopoRect) { card->bounds.x + card->bounds.w - 2, card->bounds.y + 1, 1, 1 };
    topo_spatial_index_query (index, &r, res, NULL);
    g_assert_cmpuint (res->len, >=, 1);
    {
      gboolean found = FALSE;
      for (guint k = 0; k < res->len; k++)
        found |= g_array_index (res, guint, k) == (guint) idx;
      g_assert_true (found);
    }
  }
}

/* Whether the drawn line of a route passes through the inside of rect (the edges a link starts
 * or ends on excluded by shrinking rect a little). */
static gboolean
route_crosses (const TopoLinkRoute *rt,
               const TopoRect      *rect)
{
  TopoRect inner = { rect->x + 2, rect->y + 2, rect->w - 4, rect->h - 4 };

  if (rt->curve)
    {
      for (int i = 0; i <= 64; i++)
        {
          double t = i / 64.0, u = 1 - t;
          double x = u * u * u * rt->x[0] + 3 * u * u * t * rt->x[1] + 3 * u * t * t * rt->x[2] + t * t * t * rt->x[3];
          double y = u * u * u * rt->y[0] + 3 * u * u * t * rt->y[1] + 3 * u * t * t * rt->y[2] + t * t * t * rt->y[3];

          if (topo_rect_contains (&inner, x, y))
            return TRUE;
        }
      return FALSE;
    }
  for (guint i = 1; i < rt->n_points; i++)
    {
      TopoRect seg = { MIN (rt->x[i - 1], rt->x[i]), MIN (rt->y[i - 1], rt->y[i]),
                       fabs (rt->x[i] - rt->x[i - 1]) + 0.01, fabs (rt->y[i] - rt->y[i - 1]) + 0.01 };

      if (topo_rect_intersects (&seg, &inner))
        return TRUE;
    }
  return FALSE;
}

/* Counts the links of doc whose route crosses a card they do not join, and the pairs of links
 * that run on one line over a common stretch (merged into one segment on screen). */
static void
count_route_defects (TopoDocument *doc,
                     guint        *crossings,
                     guint        *merged)
{
  TopoSpatialIndex *index = topo_spatial_index_get (doc);
  guint n_links = topo_document_get_n_links (doc);

  *crossings = 0;
  *merged = 0;
  for (guint i = 0; i < n_links; i++)
    {
      const TopoLink *link = topo_document_get_link (doc, i);
      const TopoLinkRoute *rt = topo_spatial_index_link_route (index, i);
      g_autoptr(GArray) near = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) near_links = g_array_new (FALSE, FALSE, sizeof (guint));

      if (rt == NULL)
        continue;
      topo_spatial_index_query (index, &rt->bounds, near, near_links);
      for (guint k = 0; k < near->len; k++)
        {
          const TopoResource *r = topo_document_get_resource (doc, g_array_index (near, guint, k));

          if (r->kind == TOPO_KIND_RESOURCE_GROUP || g_str_equal (r->id, link->from) || g_str_equal (r->id, link->to))
            continue;
          if (route_crosses (rt, &r->bounds))
            (*crossings)++;
        }
      for (guint k = 0; k < near_links->len; k++)
        {
          guint j = g_array_index (near_links, guint, k);
          const TopoLinkRoute *other = topo_spatial_index_link_route (index, j);

          if (j <= i || other == NULL || rt->curve || other->curve)
            continue;
          for (guint s = 1; s < rt->n_points; s++)
            for (guint t = 1; t < other->n_points; t++)
              {
                gboolean h1 = fabs (rt->y[s] - rt->y[s - 1]) < 0.01, h2 = fabs (other->y[t] - other->y[t - 1]) < 0.01;
                double c1 = h1 ? rt->y[s] : rt->x[s], c2 = h2 ? other->y[t] : other->x[t];
                double lo1 = h1 ? MIN (rt->x[s], rt->x[s - 1]) : MIN (rt->y[s], rt->y[s - 1]);
                double hi1 = h1 ? MAX (rt->x[s], rt->x[s - 1]) : MAX (rt->y[s], rt->y[s - 1]);
                double lo2 = h2 ? MIN (other->x[t], other->x[t - 1]) : MIN (other->y[t], other->y[t - 1]);
                double hi2 = h2 ? MAX (other->x[t], other->x[t - 1]) : MAX (other->y[t], other->y[t - 1]);

                if (h1 == h2 && fabs (c1 - c2) < 2.0 && MIN (hi1, hi2) - MAX (lo1, lo2) > 4.0)
                  (*merged)++;
              }
        }
    }
}

/* Links go around the cards they do not join and do not merge with their neighbours, on every
 * bundled sample and on a laid-out generated design. */
static void
test_link_routes (void)
{
  const TopoTemplateInfo *templates;
  guint n_templates, crossings, merged;

  templates = topo_templates_get_all (&n_templates);
  for (guint t = 0; t < n_templates; t++)
    {
      g_autoptr(TopoDocument) doc = topo_templates_load (templates[t].name, NULL);

      g_assert_nonnull (doc);
      count_route_defects (doc, &crossings, &merged);
      g_test_message ("%s: %u crossings, %u merged runs", templates[t].name, crossings, merged);
      g_assert_cmpuint (crossings, ==, 0);
      g_assert_cmpuint (merged, ==, 0);
    }
  {
    g_autoptr(TopoDocument) doc = topo_generate (2000, 5);

    count_route_defects (doc, &crossings, &merged);
    g_test_message ("generated 2000: %u crossings, %u merged runs of %u links", crossings, merged,
                    topo_document_get_n_links (doc));
    g_assert_cmpuint (crossings, ==, 0);
    g_assert_cmpuint (merged, ==, 0);
  }
}

static void
assert_routes_equal_fresh (TopoDocument *doc)
{
  TopoSpatialIndex *index = topo_spatial_index_get (doc);
  g_autofree char *text = topo_format_to_data (doc, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) fresh = topo_format_load_data (text, strlen (text), "fresh.topograph", &error);
  TopoSpatialIndex *fresh_index;

  g_assert_no_error (error);
  fresh_index = topo_spatial_index_get (fresh);
  /* grids patched, links resolved from their last places, runs merged: as built from scratch */
  g_assert_true (_topo_spatial_index_equal (index, fresh_index));
  g_assert_cmpuint (topo_document_get_n_links (doc), ==, topo_document_get_n_links (fresh));
  for (guint i = 0; i < topo_document_get_n_links (doc); i++)
    {
      const TopoLinkRoute *a = topo_spatial_index_link_route (index, i);
      const TopoLinkRoute *b = topo_spatial_index_link_route (fresh_index, i);

      g_assert_true ((a == NULL) == (b == NULL));
      if (a == NULL)
        continue;
      g_assert_cmpint (a->curve, ==, b->curve);
      g_assert_cmpuint (a->n_points, ==, b->n_points);
      for (guint p = 0; p < a->n_points; p++)
        {
          g_assert_cmpfloat_with_epsilon (a->x[p], b->x[p], 1e-9);
          g_assert_cmpfloat_with_epsilon (a->y[p], b->y[p], 1e-9);
        }
      g_assert_cmpfloat_with_epsilon (a->label_x, b->label_x, 1e-9);
      g_assert_cmpfloat_with_epsilon (a->label_y, b->label_y, 1e-9);
    }
}

/* A random card (not an RG), or NULL. */
static const TopoResource *
random_card (TopoDocument *doc,
             GRand        *rand)
{
  guint n = topo_document_get_n_resources (doc);

  for (int tries = 0; tries < 50 && n > 0; tries++)
    {
      const TopoResource *r = topo_document_get_resource (doc, g_rand_int_range (rand, 0, n));

      if (r->kind != TOPO_KIND_RESOURCE_GROUP)
        return r;
    }
  return NULL;
}

/* After random edits (moves, drags in small steps, resources and links added and removed) the
 * index reroutes only the links whose surroundings or ends changed and patches its grids; routes,
 * grids and runs equal those of a fresh load of the same design (a full build). */
static void
note_affects_layout_cb (TopoDocument     *doc,
                        const TopoChange *change,
                        gboolean         *affects)
{
  *affects |= topo_change_affects_layout (change);
}

/* topo_change_affects_layout, which lets the canvas keep its layout and spatial index after team,
 * policy and name edits: over random edits (team adds, edits and removals, policy and name edits,
 * moves, lane orders, note texts and the mutations of design-mutations.h), an edit none of whose
 * changes affects the layout leaves the index unbuilt (same generation), and after every edit the
 * index equals one built from scratch for the saved design. */
static void
test_change_affects_layout (void)
{
  guint skipped = 0, rebuilt = 0;

  /* a team, policy and name edit each keep the index; a move rebuilds it */
  {
    g_autoptr(TopoDocument) doc = topo_generate (150, 7);
    guint64 generation = topo_spatial_index_get_generation (topo_spatial_index_get (doc));
    TopoPolicy *policy = topo_policy_copy (topo_document_get_policy (doc));

    topo_edit_add_team (doc, topo_team_new ("team-new"), NULL);
    g_assert_cmpuint (topo_spatial_index_get_generation (topo_spatial_index_get (doc)), ==, generation);
    topo_edit_set_name (doc, "Renamed");
    g_assert_cmpuint (topo_spatial_index_get_generation (topo_spatial_index_get (doc)), ==, generation);
    g_strfreev (policy->required_tags);
    policy->required_tags = g_strsplit ("owner,costcenter", ",", -1);
    topo_edit_set_policy (doc, policy);
    g_assert_cmpuint (topo_spatial_index_get_generation (topo_spatial_index_get (doc)), ==, generation);
    assert_routes_equal_fresh (doc);
    topo_edit_move (doc, (const char *[]) { topo_document_get_resource (doc, 1)->id, NULL }, 32, 0);
    g_assert_cmpuint (topo_spatial_index_get_generation (topo_spatial_index_get (doc)), >, generation);
  }

  for (guint32 seed = 1; seed <= 2; seed++)
    {
      g_autoptr(TopoDocument) doc = topo_generate (150, seed);
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      gboolean affects = FALSE;

      g_signal_connect (doc, "changed", G_CALLBACK (note_affects_layout_cb), &affects);
      for (guint step = 0; step < 60; step++)
        {
          guint64 generation = topo_spatial_index_get_generation (topo_spatial_index_get (doc));
          guint n = topo_document_get_n_resources (doc);
          guint n_teams = topo_document_get_n_teams (doc);
          const TopoResource *r = topo_document_get_resource (doc, g_rand_int_range (rand, 0, n));
          g_autofree char *id = g_strdup (r->id);
          g_autoptr(GString) what = g_string_new (NULL);

          affects = FALSE;
          switch (g_rand_int_range (rand, 0, 8))
            {
            case 0:
              {
                g_autofree char *team_id = g_strdup_printf ("team-%u-%u", seed, step);

                topo_edit_add_team (doc, topo_team_new (team_id), NULL);
              }
              break;
            case 1:
              if (n_teams > 0)
                {
                  TopoTeam *team = topo_team_copy (topo_document_get_team (doc, g_rand_int_range (rand, 0, n_teams)));

                  g_free (team->name);
                  team->name = g_strdup_printf ("Team %u", step);
                  topo_edit_replace_team (doc, team, NULL);
                }
              break;
            case 2:
              if (n_teams > 0)
                {
                  g_autofree char *team_id = g_strdup (topo_document_get_team (doc, g_rand_int_range (rand, 0, n_teams))->id);

                  topo_edit_remove_team (doc, team_id);
                }
              break;
            case 3:
              {
                g_autofree char *name = g_strdup_printf ("Design %u", step);

                topo_edit_set_name (doc, name);
              }
              break;
            case 4:
              topo_edit_move (doc, (const char *[]) { id, NULL }, g_rand_int_range (rand, -60, 61),
                              g_rand_int_range (rand, -60, 61));
              break;
            case 5:
              {
                const char *const *lanes = topo_document_get_lanes (doc);
                g_auto(GStrv) reversed = g_new0 (char *, g_strv_length ((char **) lanes) + 1);
                guint len = g_strv_length ((char **) lanes);

                for (guint i = 0; i < len; i++)
                  reversed[i] = g_strdup (lanes[len - 1 - i]);
                topo_edit_set_lanes (doc, (const char *const *) reversed);
              }
              break;
            case 6:
              {
                TopoNote *note = topo_note_new (NULL, g_rand_boolean (rand) ? "a *note*" : "a\nlonger\nnote");

                note->attach = g_strdup (id);
                topo_edit_add_note (doc, note, NULL);
              }
              break;
            default:
              mutate (rand, doc, what);
              break;
            }
          if (!affects)
            {
              g_assert_cmpuint (topo_spatial_index_get_generation (topo_spatial_index_get (doc)), ==, generation);
              skipped++;
            }
          else
            rebuilt++;
          assert_routes_equal_fresh (doc);
        }
      g_signal_handlers_disconnect_by_func (doc, note_affects_layout_cb, &affects);
    }
  g_test_message ("%u edits rebuilt the layout, %u did not", rebuilt, skipped);
  g_assert_cmpuint (skipped, >, 0);
  g_assert_cmpuint (rebuilt, >, 0);
}

static void
test_link_routes_incremental (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (2000, 7);
  GRand *rand = g_rand_new_with_seed (11);
  static const TopoKind kinds[] = { TOPO_KIND_STORAGE, TOPO_KIND_KEY_VAULT, TOPO_KIND_WORKSPACE,
                                    TOPO_KIND_CONTAINER_REGISTRY };
  guint counts[6] = { 0 };

  topo_spatial_index_get (doc);
  for (int step = 0; step < 80; step++)
    {
      const TopoResource *r = random_card (doc, rand);
      int what = g_rand_int_range (rand, 0, 6);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (r);
      switch (what)
        {
        case 0:   /* move */
          {
            const char *ids[2] = { r->id, NULL };
            topo_edit_move (doc, ids, g_rand_int_range (rand, -120, 120), g_rand_int_range (rand, -60, 60));
          }
          break;
        case 1:   /* add a resource beside r */
          {
            const TopoResource *g = topo_document_get_group_of (doc, r);
            if (g == NULL ||
                topo_edit_add_resource (doc, kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))],
                                        g->id, NULL, g_rand_int_range (rand, 0, 600),
                                        g_rand_int_range (rand, 40, 400), &error) == NULL)
              continue;
          }
          break;
        case 2:   /* remove a resource (and its links) */
          {
            g_autofree char *id = g_strdup (r->id);
            const char *ids[2] = { id, NULL };
            topo_edit_remove (doc, ids);
          }
          break;
        case 3:   /* connect two cards */
          {
            const TopoResource *s = random_card (doc, rand);
            if (s == NULL || !topo_edit_connect (doc, r->id, s->id, TOPO_ACCESS_UNSET, &error))
              continue;
          }
          break;
        case 5:   /* a drag: small steps, each one checked, across cell boundaries */
          {
            g_autofree char *id = g_strdup (r->id);
            const char *ids[2] = { id, NULL };
            int dx = g_rand_int_range (rand, -3, 4) * 8, dy = g_rand_int_range (rand, -2, 3) * 8;

            for (int k = 0; k < 12; k++)
              {
                topo_edit_move (doc, ids, dx, dy);
                if (k < 11)
                  assert_routes_equal_fresh (doc);
              }
          }
          break;
        default:  /* disconnect a link */
          if (topo_document_get_n_links (doc) == 0 ||
              !topo_edit_disconnect (doc, g_rand_int_range (rand, 0, topo_document_get_n_links (doc)),
                                     &error))
            continue;
          break;
        }
      counts[what]++;
      assert_routes_equal_fresh (doc);
    }
  g_test_message ("edits: %u moves, %u adds, %u removes, %u connects, %u disconnects, %u drags",
                  counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
  for (guint k = 0; k < 6; k++)
    g_assert_cmpuint (counts[k], >, 0);
  g_rand_free (rand);
}

/* Card names ------------------------------------------------------------------------------------ */

/* Names of realistic length, up to the Azure limit of their type (63 characters at most: AKS; the
 * 260 of Application Insights is not a realistic name), show in full on the card: on two lines
 * with the type line below, or on more lines alone. */
static void
test_card_names (void)
{
  static const char *seed = "contoso-churn-features-inference-prod-westeurope-shared-platform-"
                            "cluster-0001-contoso-churn-features";

  for (TopoKind kind = 0; kind < TOPO_N_KINDS; kind++)
    {
      const TopoNamingRule *rule = topo_naming_rule (kind);
      g_autofree char *long_seed = NULL;
      g_autofree char *suggested = NULL;
      g_autoptr(TopoResource) res = NULL;
      int lines;
      gboolean small, ellipsized, detail;
      guint length;

      if (kind == TOPO_KIND_RESOURCE_GROUP || rule == NULL)
        continue;
      length = MIN (rule->max_length, 63);
      long_seed = g_strdup_printf ("%s-%s", rule->caf_prefix != NULL ? rule->caf_prefix : "cpu", seed);
      suggested = topo_naming_suggest (kind, long_seed);
      g_assert_nonnull (suggested);
      if (strlen (suggested) > length)
        suggested[length] = '\0';
      res = topo_resource_new (kind, "card");
      res->name = g_strdup (suggested);
      topo_layout_card_size (kind, &res->bounds.w, &res->bounds.h);
      _topo_card_text_info (res, &lines, &small, &ellipsized, &detail);
      g_test_message ("%s (%zu characters): %d lines%s%s", suggested, strlen (suggested), lines,
                      small ? ", smaller font" : "", detail ? ", type line" : "");
      g_assert_false (ellipsized);
    }
  /* The names of the issue: two lines at most, with their type line. */
  {
    static const struct { TopoKind kind; const char *name; } cases[] = {
      { TOPO_KIND_STORAGE, "stchurndataprodweu" },
      { TOPO_KIND_WORKSPACE, "mlw-churn-prod-weu" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(TopoResource) res = topo_resource_new (cases[i].kind, "card");
        int lines;
        gboolean small, ellipsized, detail;

        res->name = g_strdup (cases[i].name);
        topo_layout_card_size (cases[i].kind, &res->bounds.w, &res->bounds.h);
        _topo_card_text_info (res, &lines, &small, &ellipsized, &detail);
        g_assert_false (ellipsized);
        g_assert_false (small);
        g_assert_cmpint (lines, <=, 2);
        g_assert_true (detail);
      }
  }
}

/* Level of detail and glyphs -------------------------------------------------------------------- */

static void
test_low_zoom (void)
{
  g_autoptr(TopoDocument) doc = topo_generate (500, 9);
  TopoRenderOptions options;
  TopoRect extent;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);

  topo_render_options_init (&options);
  options.scale = 0.1;
  extent = topo_layout_get_extent (doc);
  cairo_scale (cr, 0.1, 0.1);
  cairo_translate (cr, -extent.x, -extent.y);
  {
    TopoRect v = { extent.x, extent.y, 4000, 3000 };
    topo_render_document (doc, cr, &v, &options);
  }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_glyphs (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                      (GDestroyNotify) g_bytes_unref, NULL);

  for (int theme = 0; theme < 2; theme++)
    for (guint k = 0; k < TOPO_N_KINDS; k++)
      {
        cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 32, 32);
        cairo_t *cr = cairo_create (s);
        GBytes *pixels;
        guint painted = 0;
        const guint32 *p;

        topo_render_glyph (cr, k, 0, 0, 32, theme);
        cairo_destroy (cr);
        cairo_surface_flush (s);
        p = (const guint32 *) cairo_image_surface_get_data (s);
        for (int i = 0; i < 32 * 32; i++)
          painted += p[i] != 0;
        g_assert_cmpuint (painted, >, 200);   /* the tile and the strokes */
        pixels = g_bytes_new (p, 32 * 32 * 4);
        /* Every kind looks different. */
        g_assert_false (g_hash_table_contains (seen, pixels));
        g_hash_table_add (seen, pixels);
        cairo_surface_destroy (s);
      }
}

/* Contrast ------------------------------------------------------------------------------------------ */

static void
assert_contrast (const char *what,
                 TopoColor   text,
                 TopoColor   fill)
{
  double ratio = topo_color_contrast (text, fill);

  g_test_message ("%s: %.2f", what, ratio);
  if (ratio < 4.5)
    g_error ("%s: contrast %.2f:1 is below WCAG AA (4.5:1)", what, ratio);
}

static void
test_contrast (void)
{
  static const char *const envs[] = { "dev", "test", "qa", "staging", "prod", "uat", "sandbox",
                                      "perf", "dr", "preprod", "x", NULL };
  TopoColor black = { 0, 0, 0 }, white = { 1, 1, 1 };

  /* The formula itself. */
  g_assert_cmpfloat_with_epsilon (topo_color_contrast (black, white), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (topo_color_contrast (white, white), 1.0, 1e-9);

  for (int theme = 0; theme < 2; theme++)
    {
      const TopoPalette *p = topo_style_palette (theme);

      for (int i = 0; i < 2; i++)
        {
          assert_contrast ("lane text on label column", p->lane_text, p->lane_header[i]);
          assert_contrast ("lane detail on label column", p->lane_secondary_text, p->lane_header[i]);
        }
      assert_contrast ("group name on body", p->group_text, p->group_fill);
      assert_contrast ("group detail on body", p->group_secondary_text, p->group_fill);
      assert_contrast ("card name", p->card_text, p->card_fill);
      assert_contrast ("card type", p->card_secondary_text, p->card_fill);
      assert_contrast ("pill text", p->pill_text, p->pill_fill);
      assert_contrast ("R pill", p->link[TOPO_LINK_DATASTORE], p->pill_fill);
      assert_contrast ("W pill", p->write_text, p->write_fill);
      assert_contrast ("error badge", p->error_text, p->error_fill);
      assert_contrast ("warning badge", p->warning_text, p->warning_fill);
      assert_contrast ("info badge", p->info_text, p->info_fill);
      assert_contrast ("title", p->title_text, p->background);
      assert_contrast ("legend", p->legend_text, p->card_fill);

      for (guint e = 0; envs[e] != NULL; e++)
        {
          TopoColor fill, text, header;

          topo_style_environment_color (theme, envs[e], &fill, &text);
          assert_contrast ("environment pill", text, fill);
          /* The RG title band is the environment colour washed into the body (as drawn). */
          header = topo_color_mix (fill, p->group_fill, theme == TOPO_THEME_DARK ? 0.80 : 0.86);
          assert_contrast ("group name on title band", p->group_text, header);
          assert_contrast ("group detail on title band", p->group_secondary_text, header);
        }
    }

  /* Fixed environments keep their colours; different names usually differ. */
  {
    TopoColor dev, prod;

    topo_style_environment_color (TOPO_THEME_LIGHT, "dev", &dev, NULL);
    topo_style_environment_color (TOPO_THEME_LIGHT, "prod", &prod, NULL);
    g_assert_true (dev.r != prod.r || dev.g != prod.g || dev.b != prod.b);
  }
}

/* CLI -------------------------------------------------------------------------------------------- */

static int
run_cli (const char *const *args,
         char              **err)
{
  const char *cli = g_getenv ("TOPOGRAPH_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("TOPOGRAPH_SAMPLES"), "contoso.topograph", NULL);
  g_autofree char *out = g_build_filename (g_get_tmp_dir (), "topo-test-cli-export.png", NULL);
  g_autofree char *svg = g_build_filename (g_get_tmp_dir (), "topo-test-cli-export.svg", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  {
    const char *args[] = { "export", "png", sample, "-o", out, "--scale", "2", "--theme", "dark", NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (run_cli (args, &err), ==, 0);
    g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
    g_assert_true (memcmp (contents, "\x89PNG", 4) == 0);
    g_unlink (out);
  }
  {
    const char *args[] = { "export", "svg", sample, "-o", svg, "--no-diagnostics", NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (run_cli (args, &err), ==, 0);
    g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
    g_unlink (svg);
  }
  {
    const char *args[] = { "export", "png", "/nonexistent/x.topograph", "-o", out, NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (run_cli (args, &err), ==, 2);
    g_assert_nonnull (strstr (err, "/nonexistent/x.topograph"));
  }
  {
    const char *args[] = { "export", "png", sample, "-o", out, "--theme", "sepia", NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (run_cli (args, &err), ==, 2);
    g_assert_nonnull (strstr (err, "sepia"));
  }
  {
    const char *args[] = { "export", "pdf", sample, NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (run_cli (args, &err), ==, 2);
    g_assert_nonnull (strstr (err, "-o"));
  }
  {
    const char *args[] = { "export", "png", "--help", NULL };
    g_autofree char *err = NULL;
    g_assert_cmpint (run_cli (args, &err), ==, 0);
  }
}

/* Zoomed out, a note is a chip with its first words that reaches past its card: what is drawn
 * stays inside _topo_note_extent, which the canvas damages when the note changes and which the
 * spatial index's note reach holds (else a shorter text leaves the old chip's pixels behind). */
static void
test_note_extent (void)
{
  static const double zooms[] = { 0.2, 0.3, 0.45, 1.0 };
  g_autoptr(TopoDocument) doc = topo_document_new ();
  const char *lanes[] = { "westeurope", NULL };
  TopoNote *note = topo_note_new ("note-extent", "A *free* note on how long the qa storage accounts "
                                                 "keep their data, and who decides it");
  const TopoNote *laid;
  TopoSpatialIndex *index;
  TopoRect extent, reach, v;
  g_autoptr(GError) error = NULL;

  topo_document_set_lanes (doc, lanes);
  note->region = g_strdup ("westeurope");
  g_assert_nonnull (topo_edit_add_note (doc, note, &error));
  g_assert_no_error (error);
  topo_layout_update (doc);
  laid = topo_document_lookup_note (doc, "note-extent");
  _topo_note_extent (laid, &extent);
  index = topo_spatial_index_get (doc);
  g_assert_true (topo_spatial_index_note_reach (index, doc, "note-extent", &reach));
  g_assert_true (reach.x <= extent.x && reach.y <= extent.y &&
                 reach.x + reach.w >= extent.x + extent.w && reach.y + reach.h >= extent.y + extent.h);
  v = (TopoRect) { extent.x - 200, extent.y - 200, extent.w + 400, extent.h + 400 };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      TopoRenderOptions options;
      cairo_surface_t *with, *without;
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, slack;
      int w, h, stride;

      topo_render_options_init (&options);
      options.scale = zooms[z];
      with = render_view (doc, &v, zooms[z], &options);
      options.hide_notes = TRUE;
      without = render_view (doc, &v, zooms[z], &options);
      w = cairo_image_surface_get_width (with);
      h = cairo_image_surface_get_height (with);
      stride = cairo_image_surface_get_stride (with);
      cairo_surface_flush (with);
      cairo_surface_flush (without);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            guint32 a = *(guint32 *) (cairo_image_surface_get_data (with) + y * stride + 4 * x);
            guint32 b = *(guint32 *) (cairo_image_surface_get_data (without) + y * stride + 4 * x);
            int most = 0;

            /* a text drawn from a warm cache may differ by a level in an antialiased pixel */
            for (int c = 0; c < 32; c += 8)
              most = MAX (most, ABS ((int) ((a >> c) & 0xff) - (int) ((b >> c) & 0xff)));
            if (most <= 2)
              continue;
            {
              x0 = MIN (x0, x);
              y0 = MIN (y0, y);
              x1 = MAX (x1, x + 1);
              y1 = MAX (y1, y + 1);
            }
          }
      g_assert_cmpfloat (x1, >, x0);
      /* in design units; a pixel of antialiasing either side */
      slack = 1.5 / zooms[z];
      g_test_message ("zoom %.2f: the note drawn over %.0f,%.0f–%.0f,%.0f; its card %.0f,%.0f %.0f×%.0f, "
                      "extent %.0f×%.0f", zooms[z], v.x + x0 / zooms[z], v.y + y0 / zooms[z],
                      v.x + x1 / zooms[z], v.y + y1 / zooms[z], laid->bounds.x, laid->bounds.y,
                      laid->bounds.w, laid->bounds.h, extent.w, extent.h);
      g_assert_cmpfloat (v.x + x0 / zooms[z], >=, extent.x - slack);
      g_assert_cmpfloat (v.y + y0 / zooms[z], >=, extent.y - slack);
      g_assert_cmpfloat (v.x + x1 / zooms[z], <=, extent.x + extent.w + slack);
      g_assert_cmpfloat (v.y + y1 / zooms[z], <=, extent.y + extent.h + slack);
      cairo_surface_destroy (with);
      cairo_surface_destroy (without);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (golden_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/topo/renderer/golden/%s", golden_cases[i].golden);
      g_test_add_data_func (path, &golden_cases[i], test_golden);
    }
  g_test_add_func ("/topo/renderer/svg", test_svg);
  g_test_add_func ("/topo/renderer/pdf", test_pdf);
  g_test_add_func ("/topo/renderer/png/deterministic", test_png_deterministic);
  g_test_add_func ("/topo/renderer/png/scale", test_png_scale);
  g_test_add_func ("/topo/renderer/badges", test_badges);
  g_test_add_func ("/topo/renderer/viewport-crop", test_viewport_crop);
  g_test_add_func ("/topo/renderer/notes", test_notes);
  g_test_add_func ("/topo/renderer/spatial-index", test_spatial_index);
  g_test_add_func ("/topo/renderer/link-routes", test_link_routes);
  g_test_add_func ("/topo/renderer/card-names", test_card_names);
  g_test_add_func ("/topo/renderer/link-routes/incremental", test_link_routes_incremental);
  g_test_add_func ("/topo/renderer/change-affects-layout", test_change_affects_layout);
  g_test_add_func ("/topo/renderer/hidpi", test_hidpi);
  g_test_add_func ("/topo/renderer/canvas/cold-warm", test_canvas_cold_warm);
  g_test_add_func ("/topo/renderer/canvas/cache-eviction", test_canvas_cache_eviction);
  g_test_add_func ("/topo/renderer/canvas/edit", test_canvas_edit);
  g_test_add_func ("/topo/renderer/png/pixels", test_png_pixels);
  g_test_add_func ("/topo/renderer/low-zoom", test_low_zoom);
  g_test_add_func ("/topo/renderer/note-extent", test_note_extent);
  g_test_add_func ("/topo/renderer/glyphs", test_glyphs);
  g_test_add_func ("/topo/renderer/contrast", test_contrast);
  g_test_add_func ("/topo/renderer/cli", test_cli);

  return g_test_run ();
}
