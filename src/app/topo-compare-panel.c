/* topo-compare-panel.c: "Compare with…" — the changes since another version of the design
 *
 * The panel keeps the other version (OLD) and diffs the canvas's design against it after every
 * undo step, so the list and the canvas's change colours follow the user's edits. It only reads
 * the design: closing the comparison leaves it as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-compare-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "topo-compare-panel.h"
#include "topo-format.h"
#include "topo-layout.h"
#include "topo-render-diff.h"

struct _TopoComparePanel
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkWidget        *box;
  GtkWidget        *none_page;
  GtkWidget        *scroller;
  GtkLabel         *title_label;
  GtkLabel         *summary_label;
  GtkListView      *list;
  /* The list's items: one per change and one per section heading before its first change. A
   * list view makes widgets for the rows on screen only, so 10 000 changes cost 10 000 small
   * items and a screenful of rows; the rows' text is made when they are bound. */
  GtkStringList    *items;
  GArray           *rows;          /* of int: the change's index, or -1 for a heading */

  /* Borrowed (weak pointer): the canvas lives in the same window */
  TopoCanvas       *canvas;
  gulong            canvas_doc_id;

  /* Owned references */
  TopoDocument     *old_doc;       /* NULL = not comparing */
  char             *old_label;
  TopoDocument     *doc;           /* the compared design (the canvas's) */
  gulong            committed_id;
  TopoDiff         *diff;
  TopoDiffOverlay  *overlay;       /* lent to the canvas */
  GtkNativeDialog  *chooser;
};

G_DEFINE_FINAL_TYPE (TopoComparePanel, topo_compare_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
change_icon (const TopoDiffChange *c)
{
  switch (c->kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
      return c->severity == TOPO_SEVERITY_ERROR ? "dialog-error-symbolic"
           : c->severity == TOPO_SEVERITY_WARNING ? "dialog-warning-symbolic"
           : "dialog-information-symbolic";
    case TOPO_DIFF_FINDING_REMOVED:
      return "emblem-ok-symbolic";
    case TOPO_DIFF_RESOURCE_ADDED:
    case TOPO_DIFF_ACCESS_GRANTED:
    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_TEAM_ADDED:
    case TOPO_DIFF_NOTE_ADDED:
      return "list-add-symbolic";
    case TOPO_DIFF_RESOURCE_REMOVED:
    case TOPO_DIFF_ACCESS_REVOKED:
    case TOPO_DIFF_LINK_REMOVED:
    case TOPO_DIFF_TEAM_REMOVED:
    case TOPO_DIFF_NOTE_REMOVED:
      return "list-remove-symbolic";
    case TOPO_DIFF_RESOURCE_MOVED:
    case TOPO_DIFF_LAYOUT_MOVED:
    case TOPO_DIFF_NOTE_MOVED:
      return "go-next-symbolic";
    default:
      return "document-edit-symbolic";
    }
}

/* The same colours as the canvas: green added, amber changed, red removed. */
static const char *
change_class (const TopoDiffChange *c)
{
  switch (c->kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
      return c->severity == TOPO_SEVERITY_ERROR ? "error"
           : c->severity == TOPO_SEVERITY_WARNING ? "warning" : "accent";
    case TOPO_DIFF_FINDING_REMOVED:
    case TOPO_DIFF_RESOURCE_ADDED:
    case TOPO_DIFF_ACCESS_GRANTED:
    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_TEAM_ADDED:
    case TOPO_DIFF_NOTE_ADDED:
      return "success";
    case TOPO_DIFF_RESOURCE_REMOVED:
    case TOPO_DIFF_ACCESS_REVOKED:
    case TOPO_DIFF_LINK_REMOVED:
    case TOPO_DIFF_TEAM_REMOVED:
    case TOPO_DIFF_NOTE_REMOVED:
      return "error";
    default:
      return "warning";
    }
}

enum { ROW_HEADING = -1 };

static const TopoDiffChange *
row_change (TopoComparePanel *self,
            guint             position)
{
  int index;

  if (self->diff == NULL || position >= self->rows->len)
    return NULL;
  index = g_array_index (self->rows, int, position);
  return index >= 0 ? g_ptr_array_index (self->diff->changes, index) : NULL;
}

/* Row widgets: a heading, or the change's icon, text and (findings) rule and subjects. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *change = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 6);
  gtk_widget_set_margin_bottom (heading, 4);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (change), icon);
  gtk_box_append (GTK_BOX (change), texts);
  gtk_widget_set_margin_top (change, 6);
  gtk_widget_set_margin_bottom (change, 6);
  gtk_widget_set_margin_start (change, 6);
  gtk_widget_set_margin_end (change, 6);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), change);
  g_object_set_data (G_OBJECT (box), "heading", heading);
  g_object_set_data (G_OBJECT (box), "change", change);
  g_object_set_data (G_OBJECT (box), "icon", icon);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TopoComparePanel         *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *heading = g_object_get_data (G_OBJECT (box), "heading");
  GtkWidget *change = g_object_get_data (G_OBJECT (box), "change");
  GtkWidget *icon = g_object_get_data (G_OBJECT (box), "icon");
  GtkLabel *title = g_object_get_data (G_OBJECT (box), "title");
  GtkLabel *subtitle = g_object_get_data (G_OBJECT (box), "subtitle");
  guint position = gtk_list_item_get_position (item);
  const TopoDiffChange *c = row_change (self, position);
  const char *icon_class;
  gboolean finding;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (heading, c == NULL);
  gtk_widget_set_visible (change, c != NULL);
  gtk_list_item_set_activatable (item, c != NULL);
  gtk_list_item_set_selectable (item, FALSE);
  if (c == NULL)
    {
      /* the section heading is the item's text */
      GtkStringObject *string = gtk_list_item_get_item (item);

      gtk_label_set_text (GTK_LABEL (heading), gtk_string_object_get_string (string));
      gtk_widget_set_margin_top (heading, position > 0 ? 18 : 6);
      return;
    }

  /* A finding reads best as its message, with the rule and subjects below. */
  finding = c->kind == TOPO_DIFF_FINDING_ADDED || c->kind == TOPO_DIFF_FINDING_REMOVED;
  text = finding ? g_strdup (c->message) : topo_diff_change_describe (c);
  gtk_label_set_text (title, text);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), change_icon (c));
  icon_class = g_object_get_data (G_OBJECT (icon), "class");
  if (icon_class != NULL)
    gtk_widget_remove_css_class (icon, icon_class);
  icon_class = change_class (c);
  gtk_widget_add_css_class (icon, icon_class);
  g_object_set_data (G_OBJECT (icon), "class", (gpointer) icon_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  topo_diff_kind_to_string (c->kind), -1);
  gtk_widget_set_visible (GTK_WIDGET (subtitle), finding);
  if (finding)
    {
      g_autofree char *subjects = g_strjoinv (", ", c->subjects);
      g_autofree char *line = g_strdup_printf ("%s %s · %s", topo_severity_to_string (c->severity),
                                               c->rule, subjects);

      gtk_label_set_text (subtitle, line);
    }
}

/* The items for the diff: headings where the section changes. */
static void
fill_list (TopoComparePanel *self)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  const char *previous = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  g_array_set_size (self->rows, 0);
  for (guint i = 0; self->diff != NULL && i < self->diff->changes->len; i++)
    {
      const TopoDiffChange *c = g_ptr_array_index (self->diff->changes, i);
      const char *section = topo_diff_section_title (c->kind);
      int index = (int) i;
      int heading = ROW_HEADING;

      if (g_strcmp0 (section, previous) != 0)
        {
          g_ptr_array_add (strings, (gpointer) section);
          g_array_append_val (self->rows, heading);
          previous = section;
        }
      /* a change's text is made when its row is bound */
      g_ptr_array_add (strings, (gpointer) "");
      g_array_append_val (self->rows, index);
    }
  g_ptr_array_add (strings, NULL);
  gtk_string_list_splice (self->items, 0, n_old, (const char *const *) strings->pdata);
}

/* Diffs the canvas's design against OLD again and hands the canvas the new colours. */
static void
refresh (TopoComparePanel *self)
{
  TopoDiffOverlay *old_overlay = g_steal_pointer (&self->overlay);
  g_autofree char *summary = NULL;

  g_clear_pointer (&self->diff, topo_diff_free);
  if (self->old_doc != NULL && self->doc != NULL)
    {
      self->diff = topo_diff_compute (self->old_doc, self->doc, TOPO_DIFF_FLAGS_NONE);
      self->overlay = topo_diff_overlay_new (self->old_doc, self->doc, self->diff);
    }
  if (self->canvas != NULL)
    topo_canvas_set_diff_overlay (self->canvas, self->overlay);
  g_clear_pointer (&old_overlay, topo_diff_overlay_free);

  fill_list (self);
  if (self->diff != NULL)
    {
      summary = topo_diff_summary (self->diff);
      gtk_label_set_text (self->summary_label, summary);
    }
  gtk_widget_set_visible (self->none_page, self->diff != NULL && topo_diff_is_empty (self->diff));
  gtk_widget_set_visible (self->scroller, self->diff == NULL || !topo_diff_is_empty (self->diff));
}

static void
step_committed_cb (TopoComparePanel *self)
{
  refresh (self);
}

static void
stop_watching (TopoComparePanel *self)
{
  if (self->doc != NULL && self->committed_id != 0)
    g_signal_handler_disconnect (self->doc, self->committed_id);
  self->committed_id = 0;
  g_clear_object (&self->doc);
}

void
topo_compare_panel_close (TopoComparePanel *self)
{
  g_return_if_fail (TOPO_IS_COMPARE_PANEL (self));

  if (self->old_doc == NULL)
    return;
  stop_watching (self);
  g_clear_object (&self->old_doc);
  g_clear_pointer (&self->old_label, g_free);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
topo_compare_panel_close_clicked_cb (TopoComparePanel *self)
{
  topo_compare_panel_close (self);
}

/* The window shows it as a toast. */
static void
show_error (TopoComparePanel *self,
            const char       *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static gboolean
compare_with (TopoComparePanel *self,
              TopoDocument     *old_doc,
              const char       *label)
{
  g_autofree char *title = NULL;
  TopoDocument *doc = self->canvas != NULL ? topo_canvas_get_document (self->canvas) : NULL;
  gboolean was_active = self->old_doc != NULL;

  stop_watching (self);
  g_set_object (&self->old_doc, old_doc);
  g_free (self->old_label);
  self->old_label = g_strdup (label);
  if (doc != NULL)
    {
      self->doc = g_object_ref (doc);
      self->committed_id = g_signal_connect_object (doc, "step-committed",
                                                    G_CALLBACK (step_committed_cb), self,
                                                    G_CONNECT_SWAPPED);
    }
  refresh (self);

  /* Translators: the name of the other version, a file name or "the saved version". */
  title = g_strdup_printf (_("Changes since %s"), label);
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  if (!was_active)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  return TRUE;
}

gboolean
topo_compare_panel_compare_file (TopoComparePanel  *self,
                                 GFile             *file,
                                 const char        *label,
                                 GError           **error)
{
  g_autoptr(TopoDocument) old_doc = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  old_doc = topo_format_load_file (file, &local_error);
  if (old_doc == NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  basename = g_file_get_basename (file);
  return compare_with (self, old_doc, label != NULL ? label : basename);
}

gboolean
topo_compare_panel_compare_saved (TopoComparePanel  *self,
                                  GFile             *file,
                                  GError           **error)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), FALSE);

  if (file == NULL)
    {
      const char *message = _("This design has not been saved yet: there is no saved version to compare with");

      show_error (self, message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, message);
      return FALSE;
    }
  return topo_compare_panel_compare_file (self, file, _("the saved version"), error);
}

static void
chooser_response_cb (TopoComparePanel     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      /* A failure is shown in the panel. */
      if (file != NULL)
        topo_compare_panel_compare_file (self, file, NULL, NULL);
    }
  g_clear_object (&self->chooser);
}

void
topo_compare_panel_choose_file (TopoComparePanel *self,
                                GtkWindow        *parent)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  g_return_if_fail (TOPO_IS_COMPARE_PANEL (self));

  chooser = gtk_file_chooser_native_new (_("Compare with Design"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Compare"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Topograph Designs"));
  gtk_file_filter_add_suffix (filter, "topograph");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Activating a change ------------------------------------------------------------------------ */

static void
center_on_rect (TopoComparePanel *self,
                const TopoRect   *rect)
{
  double scale = topo_canvas_get_zoom (self->canvas);
  double w = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  double h = gtk_widget_get_height (GTK_WIDGET (self->canvas));

  topo_canvas_set_view (self->canvas, scale, rect->x + rect->w / 2 - w / 2 / scale,
                        rect->y + rect->h / 2 - h / 2 / scale);
}

static void
topo_compare_panel_row_activated_cb (TopoComparePanel *self,
                                     guint             position)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const TopoDiffChange *c = row_change (self, position);
  TopoRect ghost;

  if (c == NULL || self->canvas == NULL || self->doc == NULL)
    return;

  switch (c->kind)
    {
    case TOPO_DIFF_FINDING_ADDED:
    case TOPO_DIFF_FINDING_REMOVED:
      for (guint i = 0; c->subjects[i] != NULL; i++)
        if (topo_document_lookup (self->doc, c->subjects[i]) != NULL)
          g_ptr_array_add (ids, c->subjects[i]);
      break;

    case TOPO_DIFF_RESOURCE_REMOVED:
    case TOPO_DIFF_NOTE_REMOVED:
      /* Nothing to select: show the ghost. */
      topo_canvas_set_selection (self->canvas, NULL);
      if (self->overlay != NULL && topo_diff_overlay_ghost_bounds (self->overlay, c->id, &ghost))
        center_on_rect (self, &ghost);
      return;

    case TOPO_DIFF_LINK_ADDED:
    case TOPO_DIFF_LINK_CHANGED:
    case TOPO_DIFF_LINK_REMOVED:
      {
        const char *ends[] = { c->from, c->to, NULL };

        if (c->kind != TOPO_DIFF_LINK_REMOVED && c->link_index < topo_document_get_n_links (self->doc))
          topo_canvas_select_link (self->canvas, c->link_index);
        else
          topo_canvas_set_selection (self->canvas, NULL);
        topo_canvas_center_on (self->canvas, ends);
        return;
      }

    case TOPO_DIFF_NOTE_ADDED:
    case TOPO_DIFF_NOTE_CHANGED:
    case TOPO_DIFF_NOTE_MOVED:
      if (topo_document_lookup_note (self->doc, c->id) != NULL)
        g_ptr_array_add (ids, c->id);
      break;

    default:
      if (c->id != NULL && c->resource_kind >= 0 && topo_document_lookup (self->doc, c->id) != NULL)
        g_ptr_array_add (ids, c->id);
      break;
    }

  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);
  topo_canvas_set_selection (self->canvas, (const char *const *) ids->pdata);
  topo_canvas_center_on (self->canvas, (const char *const *) ids->pdata);
}

/* Wiring -------------------------------------------------------------------------------------- */

static void
canvas_document_cb (TopoComparePanel *self)
{
  /* Another design: OLD belongs to the previous one. */
  if (self->old_doc != NULL && self->doc != topo_canvas_get_document (self->canvas))
    topo_compare_panel_close (self);
}

void
topo_compare_panel_set_canvas (TopoComparePanel *self,
                               TopoCanvas       *canvas)
{
  g_return_if_fail (TOPO_IS_COMPARE_PANEL (self));

  if (self->canvas != NULL)
    {
      topo_compare_panel_close (self);
      g_clear_signal_handler (&self->canvas_doc_id, self->canvas);
      g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
    }
  self->canvas = canvas;
  if (canvas != NULL)
    {
      /* The window may finalize the canvas before this panel. */
      g_object_add_weak_pointer (G_OBJECT (canvas), (gpointer *) &self->canvas);
      self->canvas_doc_id = g_signal_connect_object (canvas, "notify::document",
                                                     G_CALLBACK (canvas_document_cb), self,
                                                     G_CONNECT_SWAPPED);
    }
}

gboolean
topo_compare_panel_is_active (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), FALSE);
  return self->old_doc != NULL;
}

const TopoDiff *
topo_compare_panel_get_diff (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), NULL);
  return self->diff;
}

GtkListView *
topo_compare_panel_get_list (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), NULL);
  return self->list;
}

int
topo_compare_panel_get_row_change (TopoComparePanel *self,
                                   guint             position)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), -1);
  return self->diff != NULL && position < self->rows->len ? g_array_index (self->rows, int, position) : -1;
}

guint
topo_compare_panel_get_n_rows (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

GtkNativeDialog *
topo_compare_panel_get_chooser (TopoComparePanel *self)
{
  g_return_val_if_fail (TOPO_IS_COMPARE_PANEL (self), NULL);
  return self->chooser;
}

static void
topo_compare_panel_dispose (GObject *object)
{
  TopoComparePanel *self = TOPO_COMPARE_PANEL (object);

  stop_watching (self);
  if (self->canvas != NULL)
    {
      topo_canvas_set_diff_overlay (self->canvas, NULL);
      g_clear_signal_handler (&self->canvas_doc_id, self->canvas);
      g_object_remove_weak_pointer (G_OBJECT (self->canvas), (gpointer *) &self->canvas);
      self->canvas = NULL;
    }
  g_clear_pointer (&self->overlay, topo_diff_overlay_free);
  g_clear_pointer (&self->diff, topo_diff_free);
  g_clear_object (&self->old_doc);
  g_clear_pointer (&self->old_label, g_free);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_COMPARE_PANEL);
  g_clear_object (&self->items);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (topo_compare_panel_parent_class)->dispose (object);
}

static void
topo_compare_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TopoComparePanel *self = TOPO_COMPARE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->old_doc != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_compare_panel_class_init (TopoComparePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = topo_compare_panel_dispose;
  object_class->get_property = topo_compare_panel_get_property;

  /* TRUE while comparing: the window shows the panel's page only then. */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-compare-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, box);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, none_page);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TopoComparePanel, list);
  gtk_widget_class_bind_template_callback (widget_class, topo_compare_panel_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, topo_compare_panel_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "topocompare");
}

static void
topo_compare_panel_init (TopoComparePanel *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = gtk_string_list_new (NULL);
  self->rows = g_array_new (FALSE, FALSE, sizeof (int));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)))));
}

GtkWidget *
topo_compare_panel_new (void)
{
  return g_object_new (TOPO_TYPE_COMPARE_PANEL, NULL);
}
