/* topo-template-chooser.c: "New from Template"
 *
 * One row per bundled design (topo-templates.h): a preview drawn by the core renderer, the
 * pattern's title and what it is for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-template-chooser"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-picture.h"
#include "topo-template-chooser.h"
#include "topo-templates.h"

#define PREVIEW_WIDTH  200
#define PREVIEW_HEIGHT 120

struct _TopoTemplateChooser
{
  AdwWindow   parent_instance;

  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (TopoTemplateChooser, topo_template_chooser, ADW_TYPE_WINDOW)

enum {
  TEMPLATE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
preview_new (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_templates_load (name, &error);
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *picture;
  TopoRenderOptions options;
  TopoRect bounds;

  if (doc == NULL)
    {
      /* the row stays, and choosing it reports the same error in the window */
      g_warning ("template %s: %s", name, error->message);
      return gtk_image_new_from_icon_name ("image-missing-symbolic");
    }
  topo_render_options_init (&options);
  options.theme = adw_style_manager_get_dark (adw_style_manager_get_default ())
                  ? TOPO_THEME_DARK : TOPO_THEME_LIGHT;
  bounds = topo_render_export_bounds (doc, &options);
  /* every preview has the box's proportions: the design centred on its background */
  if (bounds.w * PREVIEW_HEIGHT > bounds.h * PREVIEW_WIDTH)
    {
      double h = bounds.w * PREVIEW_HEIGHT / PREVIEW_WIDTH;
      bounds.y -= (h - bounds.h) / 2;
      bounds.h = h;
    }
  else
    {
      double w = bounds.h * PREVIEW_WIDTH / PREVIEW_HEIGHT;
      bounds.x -= (w - bounds.w) / 2;
      bounds.w = w;
    }
  /* twice the widget's size: sharp on HiDPI screens, scaled down on others */
  texture = topo_picture_texture (doc, &bounds, PREVIEW_WIDTH * 2, PREVIEW_HEIGHT * 2, 2.0,
                                  &options, &error);
  if (texture == NULL)
    {
      g_warning ("template %s: %s", name, error->message);
      return gtk_image_new_from_icon_name ("image-missing-symbolic");
    }
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  return picture;
}

static GtkWidget *
row_new (const TopoTemplateInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *preview = preview_new (info->name);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (info->title);
  GtkWidget *description = gtk_label_new (info->description);

  /* the picture's natural size is its texture's (drawn at twice the size for HiDPI) */
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), PREVIEW_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), PREVIEW_WIDTH);
  gtk_widget_set_size_request (preview, PREVIEW_WIDTH, PREVIEW_HEIGHT);
  adw_clamp_set_child (ADW_CLAMP (clamp), preview);
  gtk_frame_set_child (GTK_FRAME (frame), clamp);
  gtk_widget_add_css_class (frame, "template-preview");
  gtk_widget_set_valign (frame, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), frame);

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 40);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), description);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* the screen reader reads the title, not the picture */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, info->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, info->description, -1);
  g_object_set_data (G_OBJECT (row), "template", (gpointer) info->name);
  g_object_set_data (G_OBJECT (row), "preview", preview);
  return row;
}

static void
row_activated_cb (TopoTemplateChooser *self,
                  GtkListBoxRow       *row,
                  GtkListBox          *list)
{
  const char *name = g_object_get_data (G_OBJECT (row), "template");

  g_signal_emit (self, signals[TEMPLATE_CHOSEN], 0, name);
}

static void
topo_template_chooser_class_init (TopoTemplateChooserClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* the template's name (topo-templates.h); the receiver closes the chooser */
  signals[TEMPLATE_CHOSEN] =
    g_signal_new ("template-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-template-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoTemplateChooser, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
topo_template_chooser_init (TopoTemplateChooser *self)
{
  guint n = 0;
  const TopoTemplateInfo *templates = topo_templates_get_all (&n);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, row_new (&templates[i]));
}

TopoTemplateChooser *
topo_template_chooser_new (GtkWindow *parent)
{
  return g_object_new (TOPO_TYPE_TEMPLATE_CHOOSER, "transient-for", parent, NULL);
}

GtkListBox *
_topo_template_chooser_get_list (TopoTemplateChooser *self)
{
  return self->list;
}
