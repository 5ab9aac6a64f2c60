/* topo-window-actions.c: the window's actions, one callback each
 *
 * The file dialogs (open, save, export), Open Recent and the template chooser live here, next
 * to the actions that show them. Which actions are enabled is decided in one place,
 * _topo_window_actions_update, called from the document's notifications.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-application.h"
#include "topo-arm-export.h"
#include "topo-file.h"
#include "topo-image-export.h"
#include "topo-layout.h"
#include "topo-picture.h"
#include "topo-print-operation.h"
#include "topo-settings.h"
#include "topo-template-chooser.h"
#include "topo-templates.h"
#include "topo-validator.h"
#include "topo-window-private.h"

void
_topo_window_actions_update (TopoWindow *self)
{
  gboolean has_doc = self->doc != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 has_doc && topo_document_can_undo (self->doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 has_doc && topo_document_can_redo (self->doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", has_doc);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", has_doc);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_doc);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-file", has_doc);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", has_doc);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-image", has_doc);
}

/* File choosers: GtkFileChooserNative, as GTK 4.8 has no newer file dialog */

static GtkFileFilter *
design_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Topograph Designs"));
  gtk_file_filter_add_suffix (filter, "topograph");
  return filter;
}

void
_topo_window_open_or_present (TopoWindow *self,
                              GFile      *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (TOPO_IS_APPLICATION (app))
    topo_application_open_file (TOPO_APPLICATION (app), file, self);
  else
    topo_window_open_file (self, file);
}

static void
open_response_cb (TopoWindow           *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        _topo_window_open_or_present (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
action_open (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = design_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Design"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, G_CONNECT_SWAPPED);
  _topo_window_show_chooser (self, GTK_NATIVE_DIALOG (chooser));
}

/* Open Recent: the designs GtkRecentManager knows, newest first */

#define MAX_RECENT 10

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **) a, *y = *(GtkRecentInfo **) b;
  GDateTime *tx = gtk_recent_info_get_modified (x), *ty = gtk_recent_info_get_modified (y);

  return g_date_time_compare (ty, tx);
}

GStrv
topo_window_get_recent_uris (void)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) designs = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) uris = g_strv_builder_new ();

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      /* local files that still exist: a stale entry would only end in an error dialog */
      if (g_str_has_suffix (uri, ".topograph") && gtk_recent_info_exists (info))
        g_ptr_array_add (designs, info);
    }
  g_ptr_array_sort (designs, compare_recent);
  for (guint i = 0; i < designs->len && i < MAX_RECENT; i++)
    g_strv_builder_add (uris, gtk_recent_info_get_uri (designs->pdata[i]));
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  return g_strv_builder_end (uris);
}

static void
update_recent_menu (TopoWindow *self)
{
  g_auto(GStrv) uris = topo_window_get_recent_uris ();

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GMenuItem) item = NULL;
      g_autoptr(GString) label = NULL;
      char *dot = strrchr (name, '.');

      if (dot != NULL)
        *dot = '\0';
      /* an underscore in a file name is not a mnemonic */
      label = g_string_new (name);
      g_string_replace (label, "_", "__", 0);
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uris[i]);
      g_menu_append_item (self->recent_section, item);
    }
  /* an item whose action does not exist shows insensitive: the menu says why it is empty */
  if (uris[0] == NULL)
    g_menu_append (self->recent_section, _("No Recent Designs"), "win.no-recent-designs");
}

static void
action_open_recent (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  _topo_window_open_or_present (TOPO_WINDOW (widget), file);
}

static void
action_show_recent (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_popover_popup (GTK_POPOVER (TOPO_WINDOW (widget)->recent_popover));
}

GtkWidget *
_topo_window_get_recent_popover (TopoWindow *self)
{
  return self->recent_popover;
}

GMenuModel *
_topo_window_get_recent_menu (TopoWindow *self)
{
  return G_MENU_MODEL (self->recent_section);
}

/* Save */

static void
save_response_cb (TopoWindow           *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  gboolean close_after = self->close_after_save;

  self->close_after_save = FALSE;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GFile) target = NULL;

      /* add the extension the filter implies */
      if (path != NULL && !g_str_has_suffix (path, ".topograph"))
        {
          g_autofree char *with = g_strconcat (path, ".topograph", NULL);
          target = g_file_new_for_path (with);
        }
      else
        target = g_object_ref (file);

      if (_topo_window_save_reporting (self, target) && close_after)
        _topo_window_close_later (self);
    }
  g_clear_object (&self->chooser);
}

void
_topo_window_save_as (TopoWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = design_filter ();

  chooser = gtk_file_chooser_native_new (_("Save Design"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (self->file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), self->file, NULL);
  else
    {
      const char *name = topo_document_get_name (self->doc);
      g_autofree char *suggested = g_strconcat (name && *name ? name : _("Untitled Design"),
                                                ".topograph", NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  _topo_window_show_chooser (self, GTK_NATIVE_DIALOG (chooser));
}

static void
action_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  if (self->file != NULL)
    _topo_window_save_reporting (self, self->file);
  else
    _topo_window_save_as (self);
}

static void
action_save_as (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _topo_window_save_as (TOPO_WINDOW (widget));
}

/* Export: the CLI's options (scale, theme, diagnostics) are the file chooser's choices, kept in
 * the settings for the next export */

static gboolean
export_design (TopoWindow      *self,
               const char      *format,
               const char      *path,
               TopoImageFlags   flags,
               GError         **error)
{
  if (g_str_equal (format, "arm"))
    {
      g_autofree char *text = NULL;

      /* Azure's template limits, checked before building when the design is too large. */
      if (!topo_arm_export_check_limits (self->doc, NULL, error))
        return FALSE;
      text = topo_arm_export_to_string (self->doc);
      if (!topo_arm_export_check_limits (self->doc, text, error))
        return FALSE;
      return topo_file_replace (path, text, strlen (text), error);
    }
  /* the scale is PNG's pixels per unit (2 by default: sharp on HiDPI screens and in slides);
   * SVG and PDF keep their natural size */
  return topo_image_export (self->doc, topo_image_format_from_string (format), path,
                            g_str_equal (format, "png") ? g_settings_get_double (self->settings, "export-scale") : 1.0,
                            flags, topo_settings_get_export_theme (self->settings), error);
}

/* The badges follow the setting (and the dialog's choice, which sets it). */
static TopoImageFlags
diagnostics_flag (TopoWindow *self)
{
  return g_settings_get_boolean (self->settings, "export-diagnostics") ? TOPO_IMAGE_DIAGNOSTICS : TOPO_IMAGE_PLAIN;
}

/* GTK 4.8's own file chooser dialog (used without a portal) does not select the option that
 * gtk_file_chooser_set_choice() names: a choice shows its first option. So the option the
 * setting holds comes first (the portal dialog gets it as the selected one too). */
static void
add_choice_current_first (GtkFileChooser    *chooser,
                          const char        *id,
                          const char        *title,
                          const char *const *values,
                          const char *const *labels,
                          const char        *current)
{
  g_autoptr(GStrvBuilder) ordered_values = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) ordered_labels = g_strv_builder_new ();
  g_auto(GStrv) v = NULL;
  g_auto(GStrv) l = NULL;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; values[i] != NULL; i++)
      if ((g_strcmp0 (values[i], current) == 0) == (pass == 0))
        {
          g_strv_builder_add (ordered_values, values[i]);
          g_strv_builder_add (ordered_labels, labels[i]);
        }
  v = g_strv_builder_end (ordered_values);
  l = g_strv_builder_end (ordered_labels);
  gtk_file_chooser_add_choice (chooser, id, title, (const char **) v, (const char **) l);
  if (g_strv_contains ((const char *const *) v, current))
    gtk_file_chooser_set_choice (chooser, id, current);
}

static void
apply_export_choices (TopoWindow     *self,
                      GtkFileChooser *chooser)
{
  const char *theme = gtk_file_chooser_get_choice (chooser, "theme");
  const char *scale = gtk_file_chooser_get_choice (chooser, "scale");
  const char *diagnostics = gtk_file_chooser_get_choice (chooser, "diagnostics");

  if (theme != NULL)
    g_settings_set_string (self->settings, "export-theme", theme);
  if (scale != NULL)
    g_settings_set_double (self->settings, "export-scale", g_ascii_strtod (scale, NULL));
  if (diagnostics != NULL)
    g_settings_set_boolean (self->settings, "export-diagnostics", g_str_equal (diagnostics, "true"));
}

gboolean
topo_window_export (TopoWindow  *self,
                    const char  *format,
                    const char  *path,
                    GError     **error)
{
  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);

  return export_design (self, format, path, diagnostics_flag (self), error);
}

static void
export_response_cb (TopoWindow           *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      /* images: the dialog's "Include notes" choice */
      const char *notes = g_str_equal (format, "arm") ? NULL
                          : gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "notes");
      /* and its "Capacity plan in the legend" choice */
      const char *capacity = g_str_equal (format, "arm") ? NULL
                             : gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "capacity");
      TopoImageFlags flags;

      apply_export_choices (self, GTK_FILE_CHOOSER (chooser));
      if (folder != NULL)
        {
          g_autofree char *folder_path = g_file_get_path (folder);
          g_settings_set_string (self->settings, "last-export-folder", folder_path ? folder_path : "");
        }
      flags = diagnostics_flag (self) |
              (g_strcmp0 (notes, "false") == 0 ? TOPO_IMAGE_NO_NOTES : TOPO_IMAGE_PLAIN) |
              (g_strcmp0 (capacity, "true") == 0 ? TOPO_IMAGE_CAPACITY : TOPO_IMAGE_PLAIN);
      if (export_design (self, format, path, flags, &error))
        {
          g_autofree char *basename = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Exported “%s”"), basename);
          topo_window_show_message (self, text);
        }
      else
        _topo_window_show_error (self, _("Could Not Export"), error->message);
    }
  g_clear_object (&self->chooser);
}

static char *
suggested_basename (TopoWindow *self)
{
  if (self->file != NULL)
    {
      g_autofree char *base = g_file_get_basename (self->file);
      char *dot = strrchr (base, '.');
      if (dot != NULL)
        *dot = '\0';
      return g_steal_pointer (&base);
    }
  return g_strdup (_("design"));
}

/* The design's folder; for a design not saved yet, the folder of the last export. */
static GFile *
export_folder (TopoWindow *self)
{
  g_autofree char *last = NULL;

  if (self->file != NULL)
    return g_file_get_parent (self->file);
  last = g_settings_get_string (self->settings, "last-export-folder");
  if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (last);
  return NULL;
}

static void
add_export_choices (TopoWindow     *self,
                    GtkFileChooser *chooser,
                    const char     *format)
{
  static const char *themes[] = { "light", "dark", NULL };
  const char *theme_labels[] = { _("Light"), _("Dark"), NULL };
  g_autofree char *theme = g_settings_get_string (self->settings, "export-theme");

  add_choice_current_first (chooser, "theme", _("Theme"), themes, theme_labels, theme);
  if (g_str_equal (format, "png"))
    {
      /* the usual factors up to the command line's --scale limit (16), and the setting's own
       * value (Preferences takes any, in steps of 0.25) so that exporting keeps it */
      static const double usual[] = { 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16 };
      double current = g_settings_get_double (self->settings, "export-scale");
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
      g_auto(GStrv) value_strv = NULL;
      g_auto(GStrv) label_strv = NULL;
      char text[G_ASCII_DTOSTR_BUF_SIZE];
      gboolean added = FALSE;

      for (guint i = 0; i <= G_N_ELEMENTS (usual); i++)
        {
          double factor = i < G_N_ELEMENTS (usual) ? usual[i] : G_MAXDOUBLE;
          g_autofree char *label = NULL;

          if (!added && current <= factor)
            {
              if (current != factor)
                {
                  /* Translators: a PNG size: the design's size in pixels times this, e.g. 2× */
                  label = g_strdup_printf (_("%g×"), current);
                  g_strv_builder_add (values, g_ascii_dtostr (text, sizeof text, current));
                  g_strv_builder_add (labels, label);
                  g_clear_pointer (&label, g_free);
                }
              added = TRUE;
            }
          if (i == G_N_ELEMENTS (usual))
            break;
          label = g_strdup_printf (_("%g×"), factor);
          g_strv_builder_add (values, g_ascii_dtostr (text, sizeof text, factor));
          g_strv_builder_add (labels, label);
        }
      value_strv = g_strv_builder_end (values);
      label_strv = g_strv_builder_end (labels);
      add_choice_current_first (chooser, "scale", _("Scale"), (const char *const *) value_strv,
                                (const char *const *) label_strv,
                                g_ascii_dtostr (text, sizeof text, current));
    }
  gtk_file_chooser_add_choice (chooser, "diagnostics", _("Show issue badges"), NULL, NULL);
  gtk_file_chooser_set_choice (chooser, "diagnostics",
                               g_settings_get_boolean (self->settings, "export-diagnostics") ? "true" : "false");
}

static void
show_export_chooser (TopoWindow *self,
                     const char *format)
{
  g_autofree char *base = suggested_basename (self);
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = export_folder (self);
  GtkFileChooserNative *chooser;

  name = g_str_equal (format, "arm") ? g_strconcat (base, ".json", NULL)
                                     : g_strconcat (base, ".", format, NULL);
  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  {
    /* the format's files (GTK shows an empty "(None)" filter next to the choices otherwise) */
    g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

    if (g_str_equal (format, "arm"))
      {
        gtk_file_filter_set_name (filter, _("ARM templates"));
        gtk_file_filter_add_suffix (filter, "json");
      }
    else
      {
        gtk_file_filter_set_name (filter, g_str_equal (format, "png") ? _("PNG images")
                                          : g_str_equal (format, "svg") ? _("SVG images")
                                          : _("PDF documents"));
        gtk_file_filter_add_suffix (filter, format);
      }
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
  }
  if (!g_str_equal (format, "arm"))
    add_export_choices (self, GTK_FILE_CHOOSER (chooser), format);
  g_object_set_data_full (G_OBJECT (chooser), "format", g_strdup (format), g_free);
  if (!g_str_equal (format, "arm") && topo_document_get_n_notes (self->doc) > 0)
    {
      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "notes", _("Include notes"), NULL, NULL);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "notes", "true");
    }
  if (!g_str_equal (format, "arm"))
    {
      /* a boolean choice: a check button in the dialog */
      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "capacity",
                                   _("Capacity plan in the legend"), NULL, NULL);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "capacity", "false");
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  _topo_window_show_chooser (self, GTK_NATIVE_DIALOG (chooser));
}

static void
export_anyway_cb (TopoWindow       *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "export"))
    show_export_chooser (self, "arm");
}

/* A template of a design with error findings would not deploy: the errors are listed first and
 * exporting takes a deliberate "Export Anyway" (the CLI's --force). */
static gboolean
confirm_arm_export (TopoWindow *self)
{
  g_autoptr(GPtrArray) diagnostics = topo_validate_export_blockers (self->doc);
  g_autoptr(GString) body = g_string_new (NULL);
  guint n_errors = 0;
  const guint shown = 8;
  GtkWidget *dialog;

  /* Accepted findings Azure rejects the template for are listed too (see the CLI's export). */
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (n_errors++ >= shown)
        continue;
      g_string_append_printf (body, "\n• %s: %s", d->rule, d->message);
      /* suppressed, or its severity lowered in policy.rules */
      if (d->suppressed || topo_policy_rule_level (topo_document_get_policy (self->doc), d->rule) >= 0)
        g_string_append_printf (body, " %s", _("(accepted in the design, but Azure rejects the template all the same)"));
    }
  if (n_errors == 0)
    return TRUE;
  if (n_errors > shown)
    g_string_append_printf (body, "\n%s",
                            _("… and more in the Issues panel"));
  g_string_prepend (body, g_dngettext (GETTEXT_PACKAGE,
                                       "Azure would reject the template: the design has an error.",
                                       "Azure would reject the template: the design has errors.",
                                       n_errors));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Design Has Errors"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_anyway_cb), self, G_CONNECT_SWAPPED);
  _topo_window_present_dialog (self, dialog);
  return FALSE;
}

static void
action_export (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);

  if (!g_str_equal (format, "arm") && topo_image_format_from_string (format) < 0)
    return;
  if (g_str_equal (format, "arm") && !confirm_arm_export (self))
    return;
  show_export_chooser (self, format);
}

/* New */

/* In this window when it holds nothing yet, otherwise in a new one. */
static void
take_or_open (TopoWindow   *self,
              TopoDocument *doc)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (topo_window_is_pristine (self) || app == NULL)
    topo_window_set_document (self, doc, NULL);
  else
    {
      TopoWindow *window = topo_window_new (app);
      topo_window_set_document (window, doc, NULL);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
action_new (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  g_autoptr(TopoDocument) doc = topo_window_new_blank_document ();
  take_or_open (TOPO_WINDOW (widget), doc);
}

static void
template_chosen_cb (TopoWindow          *self,
                    const char          *name,
                    TopoTemplateChooser *chooser)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_templates_load (name, &error);

  gtk_window_destroy (GTK_WINDOW (chooser));
  if (doc == NULL)
    {
      _topo_window_show_error (self, _("Could Not Load the Template"), error->message);
      return;
    }
  take_or_open (self, doc);
}

static void
action_new_from_template (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);
  TopoTemplateChooser *chooser = topo_template_chooser_new (GTK_WINDOW (self));

  g_signal_connect_object (chooser, "template-chosen", G_CALLBACK (template_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  _topo_window_present_dialog (self, GTK_WIDGET (chooser));
}

/* Compare with…: the panel does the work; the window only shows its page. */

static void
action_compare_file (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  topo_compare_panel_choose_file (self->compare, GTK_WINDOW (self));
}

static void
action_compare_saved (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  topo_compare_panel_compare_saved (self->compare, self->file, NULL);
}

/* Edit */

static void
action_undo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  /* can-undo's notification updates the actions */
  if (self->doc != NULL)
    topo_document_undo (self->doc);
}

static void
action_redo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  if (self->doc != NULL)
    topo_document_redo (self->doc);
}

static void
action_find (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->side_stack, "outline");
  topo_outline_focus_search (self->outline);
}

/* View: the canvas owns the view; the window's actions reach it from anywhere in the window. */

static void
action_fit (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (TOPO_WINDOW (widget)->canvas), "canvas.fit", NULL);
}

static void
action_zoom_in (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (TOPO_WINDOW (widget)->canvas), "canvas.zoom-in", NULL);
}

static void
action_zoom_out (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (TOPO_WINDOW (widget)->canvas), "canvas.zoom-out", NULL);
}

static void
action_zoom_reset (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (TOPO_WINDOW (widget)->canvas), "canvas.zoom-reset", NULL);
}

/* Print */

static gboolean
run_print (TopoWindow               *self,
           GtkPrintOperationAction   action,
           const char               *export_path,
           GError                  **error)
{
  g_autoptr(TopoPrintOperation) operation = topo_print_operation_new (self->doc, self->settings);
  GtkPrintOperationResult result;

  if (export_path != NULL)
    gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), export_path);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), action, GTK_WINDOW (self), error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

gboolean
_topo_window_print_to_file (TopoWindow  *self,
                            const char  *path,
                            GError     **error)
{
  return run_print (self, GTK_PRINT_OPERATION_ACTION_EXPORT, path, error);
}

static void
action_print (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!run_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error))
    _topo_window_show_error (self, _("Could Not Print"), error->message);
}

/* Copy as Image: a PNG (a texture; GTK offers it as image/png) of the selection, or of the
 * whole design with its title and legend, for documents and chats */

#define COPY_MARGIN 16
#define COPY_MAX_SIDE 8192

GStrv
_topo_window_get_selection (TopoWindow *self)
{
  GStrv ids = topo_canvas_get_selection (self->canvas);

  return ids != NULL ? ids : g_new0 (char *, 1);
}

GdkTexture *
_topo_window_render_image (TopoWindow  *self,
                           GError     **error)
{
  g_auto(GStrv) ids = _topo_window_get_selection (self);
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) badges = NULL;
  TopoRenderOptions options;
  TopoRect area = { 0, 0, 0, 0 };

  topo_layout_update (self->doc);
  topo_render_options_init (&options);
  options.theme = topo_settings_get_export_theme (self->settings);
  if (g_settings_get_boolean (self->settings, "export-diagnostics"))
    {
      diagnostics = topo_validate (self->doc);
      badges = topo_diagnostics_badges (diagnostics);
      options.badges = badges;
    }
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const TopoResource *res = topo_document_lookup (self->doc, ids[i]);
      TopoRect b;

      if (res == NULL)
        continue;
      b = res->bounds;
      if (area.w <= 0)
        area = b;
      else
        {
          double x1 = MAX (area.x + area.w, b.x + b.w), y1 = MAX (area.y + area.h, b.y + b.h);
          area.x = MIN (area.x, b.x);
          area.y = MIN (area.y, b.y);
          area.w = x1 - area.x;
          area.h = y1 - area.y;
        }
    }
  if (area.w > 0 && area.h > 0)
    {
      area.x -= COPY_MARGIN;
      area.y -= COPY_MARGIN;
      area.w += 2 * COPY_MARGIN;
      area.h += 2 * COPY_MARGIN;
    }
  else
    {
      /* nothing selected: the whole design, as the PNG export draws it */
      options.show_title = TRUE;
      options.show_legend = TRUE;
      area = topo_render_export_bounds (self->doc, &options);
    }
  return topo_picture_texture (self->doc, &area, COPY_MAX_SIDE, COPY_MAX_SIDE,
                               g_settings_get_double (self->settings, "export-scale"), &options, error);
}

static void
action_copy_image (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = _topo_window_render_image (self, &error);
  g_auto(GStrv) ids = NULL;
  guint n;

  if (texture == NULL)
    {
      _topo_window_show_error (self, _("Could Not Copy the Picture"), error->message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  ids = _topo_window_get_selection (self);
  n = g_strv_length (ids);
  if (n == 0)
    topo_window_show_message (self, _("Copied the design as a picture"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Copied %u resource as a picture",
                                                            "Copied %u resources as a picture", n), n);
      topo_window_show_message (self, text);
    }
}

static void
action_select_all (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* a text field keeps Ctrl+A (the menu's accelerator reaches the window first) */
  if (focus != NULL && (GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus)))
    {
      gtk_widget_activate_action (focus, "selection.select-all", NULL);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self->canvas), "canvas.select-all", NULL);
}

void
_topo_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.new-from-template", NULL, action_new_from_template);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (widget_class, "win.show-recent", NULL, action_show_recent);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "win.export", "s", action_export);
  gtk_widget_class_install_action (widget_class, "win.compare-file", NULL, action_compare_file);
  gtk_widget_class_install_action (widget_class, "win.compare-saved", NULL, action_compare_saved);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, action_fit);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, action_zoom_in);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, action_zoom_out);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, action_zoom_reset);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, action_find);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, action_print);
  gtk_widget_class_install_action (widget_class, "win.copy-image", NULL, action_copy_image);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, action_select_all);
  gtk_widget_class_install_property_action (widget_class, "win.fullscreen", "fullscreened");
}

void
_topo_window_actions_init (TopoWindow *self)
{
  g_autoptr(GAction) snap = g_settings_create_action (self->settings, "snap-to-grid");
  g_autoptr(GPropertyAction) connect = g_property_action_new ("connect-mode", self->canvas, "connect-mode");
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  /* state actions: the setting's and the canvas's property (the window's own are class
   * property actions: a GPropertyAction on the window would keep it alive) */
  g_action_map_add_action (G_ACTION_MAP (self), snap);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (connect));

  /* Ctrl+A selects every card wherever the focus is, except in a text field (action_select_all);
   * the canvas's other keys are application accelerators */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_BUBBLE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.select-all")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  self->recent_popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (self->recent_section));
  gtk_popover_set_position (GTK_POPOVER (self->recent_popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->recent_popover, self->open_button);
  _topo_window_actions_update (self);
}
