/* topo-print-operation.c: printing a design
 *
 * Fit: the export picture (title, legend, badges) scaled onto one page. Tiled: the design at the
 * PDF export's size (0.75 pt per design unit), cut into page-sized tiles, left to right and top
 * to bottom.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-print"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "topo-layout.h"
#include "topo-picture.h"
#include "topo-print-operation.h"
#include "topo-settings.h"
#include "topo-validator.h"

/* the PDF export's size: points per design unit */
#define POINTS_PER_UNIT 0.75

struct _TopoPrintOperation
{
  GtkPrintOperation  parent_instance;

  TopoDocument      *doc;
  GSettings         *settings;
  TopoPrintLayout    layout;
  GtkWidget         *fit_button;     /* the Layout tab's choice, while the dialog is up */
  GPtrArray         *diagnostics;
  GHashTable        *badges;
  TopoRenderOptions  options;
  TopoRect           bounds;
  int                columns;
  int                rows;
};

G_DEFINE_FINAL_TYPE (TopoPrintOperation, topo_print_operation, GTK_TYPE_PRINT_OPERATION)

static void
topo_print_operation_begin_print (GtkPrintOperation *operation,
                                  GtkPrintContext   *context)
{
  TopoPrintOperation *self = TOPO_PRINT_OPERATION (operation);
  double page_w = gtk_print_context_get_width (context);
  double page_h = gtk_print_context_get_height (context);

  topo_layout_update (self->doc);
  topo_render_options_init (&self->options);
  self->options.theme = topo_settings_get_export_theme (self->settings);
  self->options.show_title = TRUE;
  self->options.show_legend = TRUE;
  if (g_settings_get_boolean (self->settings, "export-diagnostics"))
    {
      self->diagnostics = topo_validate (self->doc);
      self->badges = topo_diagnostics_badges (self->diagnostics);
      self->options.badges = self->badges;
    }
  self->bounds = topo_render_export_bounds (self->doc, &self->options);
  self->columns = self->rows = 1;
  if (self->layout == TOPO_PRINT_TILED && page_w > 0 && page_h > 0)
    {
      self->columns = MAX (1, (int) ceil (self->bounds.w * POINTS_PER_UNIT / page_w - 1e-6));
      self->rows = MAX (1, (int) ceil (self->bounds.h * POINTS_PER_UNIT / page_h - 1e-6));
    }
  gtk_print_operation_set_n_pages (operation, self->columns * self->rows);
}

static void
topo_print_operation_draw_page (GtkPrintOperation *operation,
                                GtkPrintContext   *context,
                                int                page_nr)
{
  TopoPrintOperation *self = TOPO_PRINT_OPERATION (operation);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double page_w = gtk_print_context_get_width (context);
  double page_h = gtk_print_context_get_height (context);
  TopoRenderOptions options = self->options;

  /* paper is read up close and a PDF is zoomed: every detail is drawn, as in the PDF export,
   * however small the design is fitted */
  options.scale = 1.0;
  if (self->layout == TOPO_PRINT_FIT)
    {
      topo_picture_draw_fit (self->doc, cr, &self->bounds, page_w, page_h, &options);
      return;
    }
  {
    double tile_w = page_w / POINTS_PER_UNIT, tile_h = page_h / POINTS_PER_UNIT;
    int column = page_nr % self->columns, row = page_nr / self->columns;
    TopoRect tile = {
      self->bounds.x + column * tile_w,
      self->bounds.y + row * tile_h,
      MIN (tile_w, self->bounds.x + self->bounds.w - (self->bounds.x + column * tile_w)),
      MIN (tile_h, self->bounds.y + self->bounds.h - (self->bounds.y + row * tile_h)),
    };

    cairo_save (cr);
    cairo_rectangle (cr, 0, 0, tile.w * POINTS_PER_UNIT, tile.h * POINTS_PER_UNIT);
    cairo_clip (cr);
    cairo_scale (cr, POINTS_PER_UNIT, POINTS_PER_UNIT);
    cairo_translate (cr, -tile.x, -tile.y);
    topo_render_document (self->doc, cr, &tile, &options);
    cairo_restore (cr);
  }
}

static void
topo_print_operation_end_print (GtkPrintOperation *operation,
                                GtkPrintContext   *context)
{
  TopoPrintOperation *self = TOPO_PRINT_OPERATION (operation);

  self->options.badges = NULL;
  g_clear_pointer (&self->badges, g_hash_table_unref);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
}

/* The print dialog's "Layout" tab */
static GtkWidget *
topo_print_operation_create_custom_widget (GtkPrintOperation *operation)
{
  TopoPrintOperation *self = TOPO_PRINT_OPERATION (operation);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *fit = gtk_check_button_new_with_mnemonic (_("_Fit the design on one page"));
  GtkWidget *tiled = gtk_check_button_new_with_mnemonic (_("_Tile it across pages at full size"));

  gtk_check_button_set_group (GTK_CHECK_BUTTON (tiled), GTK_CHECK_BUTTON (fit));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->layout == TOPO_PRINT_FIT ? fit : tiled), TRUE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_box_append (GTK_BOX (box), fit);
  gtk_box_append (GTK_BOX (box), tiled);
  self->fit_button = fit;
  return box;
}

static void
topo_print_operation_custom_widget_apply (GtkPrintOperation *operation,
                                          GtkWidget         *widget)
{
  TopoPrintOperation *self = TOPO_PRINT_OPERATION (operation);

  topo_print_operation_set_layout (self, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->fit_button))
                                         ? TOPO_PRINT_FIT : TOPO_PRINT_TILED);
  g_settings_set_enum (self->settings, "print-layout", self->layout);
  self->fit_button = NULL;
}

static void
topo_print_operation_finalize (GObject *object)
{
  TopoPrintOperation *self = TOPO_PRINT_OPERATION (object);

  g_clear_pointer (&self->badges, g_hash_table_unref);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_object (&self->doc);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (topo_print_operation_parent_class)->finalize (object);
}

static void
topo_print_operation_class_init (TopoPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = topo_print_operation_finalize;
  print_class->begin_print = topo_print_operation_begin_print;
  print_class->draw_page = topo_print_operation_draw_page;
  print_class->end_print = topo_print_operation_end_print;
  print_class->create_custom_widget = topo_print_operation_create_custom_widget;
  print_class->custom_widget_apply = topo_print_operation_custom_widget_apply;
}

static void
topo_print_operation_init (TopoPrintOperation *self)
{
  gtk_print_operation_set_custom_tab_label (GTK_PRINT_OPERATION (self), _("Layout"));
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
}

TopoPrintOperation *
topo_print_operation_new (TopoDocument *doc,
                          GSettings    *settings)
{
  TopoPrintOperation *self = g_object_new (TOPO_TYPE_PRINT_OPERATION, NULL);
  const char *name = topo_document_get_name (doc);

  self->doc = g_object_ref (doc);
  self->settings = g_object_ref (settings);
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  TopoRect bounds;

  self->layout = g_settings_get_enum (settings, "print-layout") == 1 ? TOPO_PRINT_TILED : TOPO_PRINT_FIT;
  /* a wide design (most are: lanes side by side) prints across the page */
  topo_layout_update (doc);
  bounds = topo_render_export_bounds (doc, NULL);
  if (bounds.w > bounds.h)
    gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), page_setup);
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self),
                                    name != NULL && *name != '\0' ? name : _("Untitled Design"));
  return self;
}

TopoPrintLayout
topo_print_operation_get_layout (TopoPrintOperation *self)
{
  g_return_val_if_fail (TOPO_IS_PRINT_OPERATION (self), TOPO_PRINT_FIT);
  return self->layout;
}

void
topo_print_operation_set_layout (TopoPrintOperation *self,
                                 TopoPrintLayout     layout)
{
  g_return_if_fail (TOPO_IS_PRINT_OPERATION (self));
  self->layout = layout;
}
