/* topo-window.c: one design in a window
 *
 * The class, its template and properties: owns the document and its file (autosave, recovery,
 * changes on disk), wires the canvas, palette, inspector, outline and issues panel to it, and
 * revalidates in an idle after each undo step (several in one main-loop turn cost one run).
 * The actions are in topo-window-actions.c, drops in topo-window-dnd.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-window"

#include "config.h"

#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "topo-autosave.h"
#include "topo-edit.h"
#include "topo-format.h"
#include "topo-interaction.h"
#include "topo-menu-button-tooltip.h"
#include "topo-recent.h"
#include "topo-settings.h"
#include "topo-validator.h"
#include "topo-window-private.h"
#include "topo-zoom-button.h"

G_DEFINE_FINAL_TYPE (TopoWindow, topo_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MODIFIED,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void track_file (TopoWindow *self);
static void update_title (TopoWindow *self);
static void save_window_state (TopoWindow *self);

/* Messages and dialogs */

void
topo_window_show_message (TopoWindow *self,
                          const char *message)
{
  AdwToast *toast;
  /* a toast's title is markup; messages carry names as typed ("R&D <core>") */
  g_autofree char *title = NULL;

  g_return_if_fail (TOPO_IS_WINDOW (self));

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  title = g_markup_escape_text (message, -1);
  toast = adw_toast_new (title);
  /* a toast's own title is one ellipsized line: a reason with its hint would be cut off */
  {
    GtkWidget *label = gtk_label_new (message);

    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    adw_toast_set_custom_title (toast, label);
  }
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
message_cb (TopoWindow *self,
            const char *message)
{
  topo_window_show_message (self, message);
}

static void
dialog_destroyed_cb (TopoWindow *self,
                     GtkWidget  *dialog)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
}

void
_topo_window_present_dialog (TopoWindow *self,
                             GtkWidget  *dialog)
{
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
_topo_window_show_error (TopoWindow *self,
                         const char *heading,
                         const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  _topo_window_present_dialog (self, dialog);
  return dialog;
}

void
_topo_window_show_chooser (TopoWindow      *self,
                           GtkNativeDialog *chooser)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  self->chooser = chooser;
  gtk_native_dialog_show (chooser);
}

/* Autosave: a copy of unsaved work, written a few seconds after the last change and removed
 * once the design is saved or the window closes normally. After a crash the application offers
 * the copies that are left (topo_window_find_autosaves). */

#define AUTOSAVE_DELAY_SECONDS 5

static gboolean
is_modified (TopoWindow *self)
{
  return self->recovered || (self->doc != NULL && topo_document_get_modified (self->doc));
}

char *
topo_window_get_autosave_dir (void)
{
  return topo_autosave_default_dir ();
}

static void
remove_autosave (TopoWindow *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_pointer (&self->autosave, topo_autosave_discard);
  if (self->recovery_bar != NULL)
    gtk_widget_set_visible (self->recovery_bar, FALSE);
}

gboolean
_topo_window_autosave_now (TopoWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->doc == NULL || !is_modified (self))
    {
      remove_autosave (self);
      return FALSE;
    }
  if (self->autosave == NULL)
    self->autosave = topo_autosave_new (NULL);
  if (!topo_autosave_write (self->autosave, self->doc, self->file, &error))
    {
      g_warning ("autosave failed: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

const char *
_topo_window_get_autosave_path (TopoWindow *self)
{
  return self->autosave != NULL ? topo_autosave_get_path (self->autosave) : NULL;
}

GtkWidget *
_topo_window_get_recovery_bar (TopoWindow *self)
{
  return self->recovery_bar;
}

void
_topo_window_abandon_autosave (TopoWindow *self)
{
  g_clear_pointer (&self->autosave, _topo_autosave_abandon);
}

static gboolean
autosave_timeout (gpointer data)
{
  TopoWindow *self = data;

  self->autosave_id = 0;
  _topo_window_autosave_now (self);
  return G_SOURCE_REMOVE;
}

GStrv
topo_window_find_autosaves (void)
{
  g_autofree char *dir = topo_window_get_autosave_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "autosave-") && g_str_has_suffix (name, ".topograph"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_strv_builder_add (builder, path);
      }
  return g_strv_builder_end (builder);
}

static void
recovery_bar_response_cb (TopoWindow *self,
                          int         response,
                          GtkInfoBar *bar)
{
  g_assert (TOPO_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
  gtk_widget_set_visible (GTK_WIDGET (bar), FALSE);
}

/* A bar above the canvas, so recovered work is never taken silently for the saved file. */
static void
show_recovery_bar (TopoWindow *self)
{
  g_autofree char *text = NULL;
  const char *name = topo_document_get_name (self->doc);
  GtkWidget *label;

  if (self->file != NULL)
    {
      g_autofree char *display = g_file_get_parse_name (self->file);

      text = g_strdup_printf (_("Recovered unsaved changes to %s from a session that ended unexpectedly. "
                                "The file itself is unchanged until you save."), display);
    }
  else
    text = g_strdup_printf (_("Recovered the unsaved design “%s” from a session that ended unexpectedly."),
                            name != NULL && *name != '\0' ? name : _("Untitled design"));
  if (self->recovery_bar == NULL)
    {
      GtkWidget *overlay_parent = gtk_widget_get_parent (GTK_WIDGET (self->toast_overlay));

      self->recovery_bar = gtk_info_bar_new ();
      gtk_widget_add_css_class (self->recovery_bar, "recovery-bar");
      gtk_info_bar_set_message_type (GTK_INFO_BAR (self->recovery_bar), GTK_MESSAGE_WARNING);
      gtk_info_bar_set_show_close_button (GTK_INFO_BAR (self->recovery_bar), TRUE);
      gtk_info_bar_add_button (GTK_INFO_BAR (self->recovery_bar), _("_Save"), GTK_RESPONSE_ACCEPT);
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_info_bar_add_child (GTK_INFO_BAR (self->recovery_bar), label);
      g_object_set_data (G_OBJECT (self->recovery_bar), "label", label);
      g_signal_connect_object (self->recovery_bar, "response", G_CALLBACK (recovery_bar_response_cb), self,
                               G_CONNECT_SWAPPED);
      /* Between the header bar and the content. */
      gtk_box_insert_child_after (GTK_BOX (overlay_parent), self->recovery_bar,
                                  gtk_widget_get_prev_sibling (GTK_WIDGET (self->toast_overlay)));
    }
  label = g_object_get_data (G_OBJECT (self->recovery_bar), "label");
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (self->recovery_bar, TRUE);
}

gboolean
topo_window_recover_autosave (TopoWindow    *self,
                              TopoAutosave  *autosave,
                              GError       **error)
{
  g_autoptr(TopoAutosave) owned = autosave;
  g_autoptr(GFile) file = NULL;
  g_autoptr(TopoDocument) doc = NULL;

  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (autosave != NULL, FALSE);

  doc = topo_autosave_load (autosave, &file, error);
  if (doc == NULL)
    return FALSE;
  topo_window_set_document (self, doc, file);
  track_file (self);
  /* the copy stays until the user saves or discards the recovered work */
  self->autosave = g_steal_pointer (&owned);
  self->recovered = TRUE;
  update_title (self);
  show_recovery_bar (self);
  return TRUE;
}

gboolean
topo_window_recover (TopoWindow  *self,
                     const char  *autosave_path,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  TopoAutosave *autosave;

  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);

  autosave = topo_autosave_claim (autosave_path, &local_error);
  if (autosave == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                     _("%s: the unsaved work of a running window; not recovered"), autosave_path);
      return FALSE;
    }
  return topo_window_recover_autosave (self, autosave, error);
}

/* The file on disk: another window or process may save it meanwhile. Its state (etag, inode,
 * size) is recorded when it is opened or saved here; a file monitor and every save compare. */

static char *
disk_state (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_ETAG_VALUE ","
                                                 G_FILE_ATTRIBUTE_UNIX_INODE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    return g_strdup ("missing");
  return g_strdup_printf ("%s|%" G_GUINT64_FORMAT "|%" G_GOFFSET_FORMAT,
                          g_file_info_get_etag (info) != NULL ? g_file_info_get_etag (info) : "",
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE),
                          g_file_info_get_size (info));
}

gboolean
_topo_window_file_changed_on_disk (TopoWindow *self)
{
  g_autofree char *now = NULL;

  if (self->file == NULL || self->disk_state == NULL)
    return FALSE;
  now = disk_state (self->file);
  return !g_str_equal (now, self->disk_state);
}

/* The file was deleted or moved away since it was opened or saved here. */
static gboolean
file_missing_on_disk (TopoWindow *self)
{
  return self->file != NULL && self->disk_state != NULL && !g_str_equal (self->disk_state, "missing") &&
         !g_file_query_exists (self->file, NULL);
}

GtkWidget *
_topo_window_get_disk_bar (TopoWindow *self)
{
  return self->disk_bar;
}

void
_topo_window_reload (TopoWindow *self)
{
  g_autoptr(GFile) file = self->file != NULL ? g_object_ref (self->file) : NULL;

  if (file != NULL)
    topo_window_open_file (self, file);
}

static void
disk_bar_response_cb (TopoWindow *self,
                      int         response,
                      GtkInfoBar *bar)
{
  g_assert (TOPO_IS_WINDOW (self));

  gtk_widget_set_visible (GTK_WIDGET (bar), FALSE);
  if (response == GTK_RESPONSE_ACCEPT)
    _topo_window_reload (self);
}

static void
show_disk_bar (TopoWindow *self)
{
  g_autofree char *display = g_file_get_parse_name (self->file);
  gboolean missing = file_missing_on_disk (self);
  g_autofree char *text = missing
    ? g_strdup_printf (_("%s was deleted or moved away by another window or program. Saving writes it "
                         "again."), display)
    : g_strdup_printf (_("%s was changed on disk by another window or program. Reload it, "
                         "or keep editing and save anyway (after a warning)."), display);
  GtkWidget *label;

  if (self->disk_bar == NULL)
    {
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->toast_overlay));

      self->disk_bar = gtk_info_bar_new ();
      gtk_info_bar_set_message_type (GTK_INFO_BAR (self->disk_bar), GTK_MESSAGE_WARNING);
      gtk_info_bar_set_show_close_button (GTK_INFO_BAR (self->disk_bar), TRUE);
      g_object_set_data (G_OBJECT (self->disk_bar), "reload",
                         gtk_info_bar_add_button (GTK_INFO_BAR (self->disk_bar), _("_Reload"),
                                                  GTK_RESPONSE_ACCEPT));
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_info_bar_add_child (GTK_INFO_BAR (self->disk_bar), label);
      g_object_set_data (G_OBJECT (self->disk_bar), "label", label);
      g_signal_connect_object (self->disk_bar, "response", G_CALLBACK (disk_bar_response_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_insert_child_after (GTK_BOX (box), self->disk_bar,
                                  gtk_widget_get_prev_sibling (GTK_WIDGET (self->toast_overlay)));
    }
  label = g_object_get_data (G_OBJECT (self->disk_bar), "label");
  gtk_label_set_text (GTK_LABEL (label), text);
  /* nothing to reload from a file that is not there */
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (self->disk_bar), "reload"), !missing);
  gtk_widget_set_visible (self->disk_bar, TRUE);
}

void
_topo_window_check_disk (TopoWindow *self)
{
  if (_topo_window_file_changed_on_disk (self))
    show_disk_bar (self);
}

static void
file_changed_cb (TopoWindow        *self,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 GFileMonitor      *monitor)
{
  if (event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT || event == G_FILE_MONITOR_EVENT_DELETED ||
      event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_RENAMED ||
      event == G_FILE_MONITOR_EVENT_MOVED_IN || event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    _topo_window_check_disk (self);
}

/* Called after the file was read or written here. */
static void
track_file (TopoWindow *self)
{
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->disk_state, g_free);
  if (self->disk_bar != NULL)
    gtk_widget_set_visible (self->disk_bar, FALSE);
  if (self->file == NULL)
    return;
  self->disk_state = disk_state (self->file);
  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (file_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Title, subtitle and modified: window properties the header's AdwWindowTitle binds to
 * (topo-window.ui), kept from the document's notifications here. */

static void
update_title (TopoWindow *self)
{
  const char *name = self->doc ? topo_document_get_name (self->doc) : NULL;
  gboolean modified = is_modified (self);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (name == NULL || *name == '\0')
    name = _("Untitled Design");
  title = modified ? g_strdup_printf ("%s •", name) : g_strdup (name);
  if (self->file != NULL)
    subtitle = g_file_get_basename (self->file);
  else
    subtitle = g_strdup (_("Not saved"));

  g_object_freeze_notify (G_OBJECT (self));
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (g_strcmp0 (subtitle, self->subtitle) != 0)
    {
      g_free (self->subtitle);
      self->subtitle = g_steal_pointer (&subtitle);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
    }
  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Validation */

guint
_topo_window_validate_now (TopoWindow *self)
{
  g_autoptr(GHashTable) badges = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  guint n_problems = 0;
  gboolean has_errors = FALSE;

  g_clear_handle_id (&self->validate_id, g_source_remove);
  if (self->doc == NULL)
    return 0;

  diagnostics = topo_validate (self->doc);
  /* most edits (a move, typically) change no finding: the panels and badges stay as they are */
  if (topo_diagnostics_equal (self->diagnostics, diagnostics))
    return self->diagnostics->len;
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = g_steal_pointer (&diagnostics);
  badges = topo_diagnostics_badges (self->diagnostics);
  topo_canvas_set_badges (self->canvas, badges);
  topo_issues_panel_set_diagnostics (self->issues, self->doc, self->diagnostics);
  topo_outline_set_diagnostics (self->outline, self->diagnostics);

  for (guint i = 0; i < self->diagnostics->len; i++)
    {
      const TopoDiagnostic *diag = g_ptr_array_index (self->diagnostics, i);
      /* Suppressed findings are accepted: they do not count. */
      if (topo_diagnostic_counts (diag, TOPO_SEVERITY_WARNING))
        n_problems++;
      has_errors |= topo_diagnostic_counts (diag, TOPO_SEVERITY_ERROR);
    }
  adw_view_stack_page_set_badge_number (self->issues_page, n_problems);
  adw_view_stack_page_set_needs_attention (self->issues_page, has_errors);
  return self->diagnostics->len;
}

static gboolean
validate_idle (gpointer data)
{
  TopoWindow *self = data;

  self->validate_id = 0;
  _topo_window_validate_now (self);
  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (TopoWindow       *self,
                     const TopoChange *change,
                     TopoDocument     *doc)
{
  if (!self->step_validates && topo_change_affects_validation (change))
    self->step_validates = TRUE;
}

/* Once per undo step, never per primitive change: nothing revalidates in the middle of a drag.
 * A step that only moved or resized things, or edited notes, changes no finding: no rule reads
 * them. */
static void
document_step_committed_cb (TopoWindow   *self,
                            TopoDocument *doc)
{
  if (self->step_validates && self->validate_id == 0)
    self->validate_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, validate_idle, self, NULL);
  self->step_validates = FALSE;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add_seconds (AUTOSAVE_DELAY_SECONDS, autosave_timeout, self);
  _topo_window_actions_update (self);
}

static void
document_notify_cb (TopoWindow   *self,
                    GParamSpec   *pspec,
                    TopoDocument *doc)
{
  if (g_str_equal (pspec->name, "can-undo") || g_str_equal (pspec->name, "can-redo"))
    _topo_window_actions_update (self);
  else if (g_str_equal (pspec->name, "modified") || g_str_equal (pspec->name, "name"))
    update_title (self);
}

/* Document */

TopoDocument *
topo_window_new_blank_document (void)
{
  TopoDocument *doc = topo_document_new ();
  const char *lanes[] = { "westeurope", NULL };

  topo_document_set_lanes (doc, lanes);
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);
  return doc;
}

TopoDocument *
topo_window_get_document (TopoWindow *self)
{
  g_return_val_if_fail (TOPO_IS_WINDOW (self), NULL);
  return self->doc;
}

GFile *
topo_window_get_file (TopoWindow *self)
{
  g_return_val_if_fail (TOPO_IS_WINDOW (self), NULL);
  return self->file;
}

gboolean
topo_window_is_pristine (TopoWindow *self)
{
  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);
  return self->file == NULL &&
         (self->doc == NULL || (!topo_document_get_modified (self->doc) &&
                                !topo_document_can_undo (self->doc) &&
                                topo_document_get_n_resources (self->doc) == 0));
}

void
topo_window_set_document (TopoWindow   *self,
                          TopoDocument *doc,
                          GFile        *file)
{
  g_return_if_fail (TOPO_IS_WINDOW (self));
  g_return_if_fail (TOPO_IS_DOCUMENT (doc));

  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_signal_handler (&self->history_id, self->doc);
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  remove_autosave (self);
  self->step_validates = FALSE;
  self->recovered = FALSE;
  self->doc = g_object_ref (doc);
  /* the panels show the old design's findings until the new one is validated in full */
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  /* a file that breaks the layout invariants (hand-edited, older) is shown tidied; that is no
   * edit of the user's, so it leaves no undo step and does not mark the design modified */
  if (!topo_document_can_undo (doc))
    {
      topo_edit_enforce_all (doc);
      if (topo_document_can_undo (doc))
        topo_document_clear_history (doc);
    }
  g_set_object (&self->file, file);
  self->committed_id = g_signal_connect_object (doc, "step-committed",
                                                G_CALLBACK (document_step_committed_cb),
                                                self, G_CONNECT_SWAPPED);
  self->history_id = g_signal_connect_object (doc, "notify", G_CALLBACK (document_notify_cb),
                                              self, G_CONNECT_SWAPPED);
  self->changed_id = g_signal_connect_object (doc, "changed", G_CALLBACK (document_changed_cb),
                                              self, G_CONNECT_SWAPPED);

  topo_canvas_set_document (self->canvas, doc);
  topo_inspector_set_document (self->inspector, doc);
  topo_outline_set_document (self->outline, doc);
  /* a window still opening shows the design first and validates right after the first frame */
  if (self->painted)
    _topo_window_validate_now (self);
  update_title (self);
  _topo_window_actions_update (self);
}

/* A design read from a file: a fresh history, nothing unsaved. */
TopoDocument *
_topo_window_load_design (GFile   *file,
             GError **error)
{
  TopoDocument *doc = topo_format_load_file (file, error);

  if (doc == NULL)
    return NULL;
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);
  return doc;
}

void
_topo_window_take_loaded (TopoWindow   *self,
             TopoDocument *doc,
             GFile        *file)
{
  topo_window_set_document (self, doc, file);
  track_file (self);
  _topo_recent_add_design (file);
}

gboolean
topo_window_open_file (TopoWindow *self,
                       GFile      *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;

  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  doc = _topo_window_load_design (file, &error);
  if (doc == NULL)
    {
      _topo_window_show_error (self, _("Could Not Open the Design"), error->message);
      return FALSE;
    }
  _topo_window_take_loaded (self, doc, file);
  return TRUE;
}

gboolean
topo_window_save_to_file (TopoWindow  *self,
                          GFile       *file,
                          GError     **error)
{
  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!topo_format_save_file (self->doc, file, error))
    return FALSE;
  topo_document_mark_clean (self->doc);
  g_set_object (&self->file, file);
  self->recovered = FALSE;
  remove_autosave (self);
  track_file (self);
  update_title (self);
  _topo_recent_add_design (file);
  return TRUE;
}

static void
conflict_response_cb (TopoWindow       *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "save") && self->file != NULL &&
      !topo_window_save_to_file (self, self->file, &error))
    _topo_window_show_error (self, _("Could Not Save the Design"), error->message);
  else if (g_str_equal (response, "reload"))
    _topo_window_reload (self);
}

gboolean
_topo_window_save_reporting (TopoWindow *self,
                GFile      *file)
{
  g_autoptr(GError) error = NULL;

  /* Someone else saved this file since it was opened or saved here: ask before replacing it.
   * (Deleted or moved away: nothing would be replaced, and the bar said so; save.) */
  if (self->file != NULL && g_file_equal (file, self->file) && _topo_window_file_changed_on_disk (self) &&
      !file_missing_on_disk (self))
    {
      g_autofree char *display = g_file_get_parse_name (file);
      g_autofree char *body = g_strdup_printf (_("%s was changed by another window or program since it was "
                                                 "opened or saved here. Saving replaces those changes with "
                                                 "this design."), display);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The File Changed on Disk"), body);

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "reload", _("_Reload"), "save", _("_Save Anyway"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, G_CONNECT_SWAPPED);
      self->dialog = dialog;
      g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }
  if (!topo_window_save_to_file (self, file, &error))
    {
      _topo_window_show_error (self, _("Could Not Save the Design"), error->message);
      return FALSE;
    }
  return TRUE;
}

/* The Changes page is there only while comparing, and comes to the front when it starts. */
static void
compare_active_cb (TopoWindow *self)
{
  if (topo_compare_panel_is_active (self->compare))
    adw_view_stack_set_visible_child_name (self->side_stack, "compare");
}

/* Palette activation: the keyboard way to add a resource */

static void
palette_kind_activated_cb (TopoWindow  *self,
                           int          kind,
                           TopoPalette *palette)
{
  g_auto(GStrv) sel = topo_canvas_get_selection (self->canvas);
  g_autoptr(GError) error = NULL;
  /* placement (next to the selection, the nearest free spot) is the core's rule */
  const char *id = topo_interaction_add (self->doc, kind, sel != NULL ? sel[0] : NULL, &error);

  if (id == NULL)
    topo_window_show_message (self, error->message);
  else
    {
      const char *ids[] = { id, NULL };
      topo_canvas_set_selection (self->canvas, ids);
      topo_canvas_center_on (self->canvas, ids);
    }
}

/* The Note entry activated: a note on the selected resource (else free on the first lane), typed
 * into at once. */
static void
palette_note_activated_cb (TopoWindow  *self,
                           TopoPalette *palette)
{
  g_auto(GStrv) sel = topo_canvas_get_selection (self->canvas);
  g_autoptr(GError) error = NULL;
  const char *anchor = sel != NULL && sel[0] != NULL && topo_document_lookup (self->doc, sel[0]) ? sel[0] : NULL;
  const char *id = topo_interaction_add_note (self->doc, anchor, "", &error);

  if (id == NULL)
    topo_window_show_message (self, error->message);
  else
    {
      g_autofree char *new_id = g_strdup (id);
      const char *ids[] = { new_id, NULL };

      topo_canvas_set_selection (self->canvas, ids);
      topo_canvas_center_on (self->canvas, ids);
      topo_canvas_edit_note (self->canvas, new_id);
    }
}

static void
canvas_selection_changed_cb (TopoWindow *self,
                             TopoCanvas *canvas)
{
  g_auto(GStrv) ids = topo_canvas_get_selection (canvas);
  topo_inspector_set_selection (self->inspector, (const char *const *) ids,
                                topo_canvas_get_selected_link (canvas));
  topo_outline_set_selection (self->outline, (const char *const *) ids,
                              topo_canvas_get_selected_link (canvas));
}

/* The outline is how keyboard users reach an object: the canvas selects it and brings it into
 * view, the keyboard stays in the outline. */
static void
outline_select_resource_cb (TopoWindow  *self,
                            const char  *id,
                            TopoOutline *outline)
{
  const char *ids[] = { id, NULL };

  topo_canvas_set_selection (self->canvas, ids);
  topo_canvas_center_on (self->canvas, ids);
}

static void
outline_select_link_cb (TopoWindow  *self,
                        int          link_index,
                        TopoOutline *outline)
{
  const TopoLink *link;

  topo_canvas_select_link (self->canvas, link_index);
  if (link_index >= 0 && (guint) link_index < topo_document_get_n_links (self->doc) &&
      (link = topo_document_get_link (self->doc, link_index)) != NULL)
    {
      const char *ends[] = { link->from, link->to, NULL };
      topo_canvas_center_on (self->canvas, ends);
    }
}

static void
issues_activate_subjects_cb (TopoWindow      *self,
                             const char     **subjects,
                             TopoIssuesPanel *issues)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) resources = NULL;

  /* subjects can be teams too; only resources can be selected on the canvas */
  for (guint i = 0; subjects != NULL && subjects[i] != NULL; i++)
    if (topo_document_lookup (self->doc, subjects[i]) != NULL)
      g_strv_builder_add (ids, subjects[i]);
  resources = g_strv_builder_end (ids);

  if (resources[0] == NULL)
    {
      topo_canvas_set_selection (self->canvas, NULL);
      return;
    }
  topo_canvas_set_selection (self->canvas, (const char *const *) resources);
  topo_canvas_center_on (self->canvas, (const char *const *) resources);
}

/* Close */

/* Closing the window from inside the dialog's response would finalize the window while the
 * dialog, transient for it, still exists: close in an idle, once the dialog is gone. */
static gboolean
close_idle (gpointer data)
{
  TopoWindow *self = data;

  self->force_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

void
_topo_window_close_later (TopoWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle, g_object_ref (self), g_object_unref);
}

static void
close_response_cb (TopoWindow       *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "discard"))
    _topo_window_close_later (self);
  else if (g_str_equal (response, "save"))
    {
      if (self->file != NULL)
        {
          if (_topo_window_save_reporting (self, self->file))
            _topo_window_close_later (self);
        }
      else
        {
          self->close_after_save = TRUE;
          _topo_window_save_as (self);
        }
    }
}

static gboolean
topo_window_close_request (GtkWindow *window)
{
  TopoWindow *self = TOPO_WINDOW (window);
  GtkWidget *dialog;
  const char *name;

  if (self->force_close || self->doc == NULL || !is_modified (self))
    {
      save_window_state (self);
      return GTK_WINDOW_CLASS (topo_window_parent_class)->close_request (window);
    }

  name = topo_document_get_name (self->doc);
  dialog = adw_message_dialog_new (window, _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has unsaved changes. Changes that are not saved are lost."),
                                  name && *name ? name : _("Untitled Design"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  self->dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* GObject */

static void
topo_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TopoWindow *self = TOPO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Window state (topo-settings.h): size, panes and side tab, restored for each new window and
 * saved when one closes. */

static gboolean
restore_side_width_idle (gpointer data)
{
  TopoWindow *self = data;
  int total = gtk_widget_get_width (GTK_WIDGET (self->inner_paned));

  self->side_width_id = 0;
  if (total > 0)
    gtk_paned_set_position (self->inner_paned,
                            total - g_settings_get_int (self->settings, "side-panel-width"));
  return G_SOURCE_REMOVE;
}

/* The side panel keeps its width and the canvas takes the rest: known once allocated. */
static void
inner_paned_sized_cb (TopoWindow *self)
{
  g_signal_handlers_disconnect_by_func (self->inner_paned, inner_paned_sized_cb, self);
  if (self->side_width_id == 0)
    self->side_width_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, restore_side_width_idle, self, NULL);
}

static void
side_tab_changed_cb (TopoWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->side_stack);

  if (name != NULL)
    g_settings_set_string (self->settings, "side-tab", name);
}

static void
restore_window_state (TopoWindow *self)
{
  g_autofree char *tab = g_settings_get_string (self->settings, "side-tab");
  GtkWidget *page = adw_view_stack_get_child_by_name (self->side_stack, tab);

  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "palette-width", self->outer_paned, "position", G_SETTINGS_BIND_DEFAULT);
  /* the setting's action (win.snap-to-grid) changes it; the canvas follows */
  g_settings_bind (self->settings, "snap-to-grid", self->canvas, "snap-to-grid", G_SETTINGS_BIND_GET);
  /* a page shown only at times (Changes) is not brought back with an empty comparison */
  if (page != NULL && gtk_widget_get_visible (page) &&
      adw_view_stack_page_get_visible (adw_view_stack_get_page (self->side_stack, page)))
    adw_view_stack_set_visible_child (self->side_stack, page);
  g_signal_connect_object (self->side_stack, "notify::visible-child-name", G_CALLBACK (side_tab_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inner_paned, "notify::max-position", G_CALLBACK (inner_paned_sized_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
save_window_state (TopoWindow *self)
{
  GtkWidget *side = gtk_paned_get_end_child (self->inner_paned);
  int width = 0, height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (gtk_widget_get_width (side) > 0)
    g_settings_set_int (self->settings, "side-panel-width", gtk_widget_get_width (side));
  g_settings_apply (self->settings);
}

static void
first_frame_cb (TopoWindow    *self,
                GdkFrameClock *clock)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  self->painted = TRUE;
  if (self->doc != NULL && self->validate_id == 0)
    self->validate_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, validate_idle, self, NULL);
}

static void
topo_window_realize (GtkWidget *widget)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  GTK_WIDGET_CLASS (topo_window_parent_class)->realize (widget);
  if (!self->painted && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect_object (gtk_widget_get_frame_clock (widget),
                                                    "after-paint",
                                                    G_CALLBACK (first_frame_cb), self,
                                                    G_CONNECT_SWAPPED);
}

static void
topo_window_unrealize (GtkWidget *widget)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));
  GTK_WIDGET_CLASS (topo_window_parent_class)->unrealize (widget);
}

static void
topo_window_dispose (GObject *object)
{
  TopoWindow *self = TOPO_WINDOW (object);

  g_clear_handle_id (&self->validate_id, g_source_remove);
  g_clear_handle_id (&self->side_width_id, g_source_remove);
  /* the setting's action outlives the window with the settings: it must not tell a disposed
   * action group about changes */
  g_action_map_remove_action (G_ACTION_MAP (self), "snap-to-grid");
  g_action_map_remove_action (G_ACTION_MAP (self), "connect-mode");
  /* a normal close (saved, or changes discarded): the recovery copy is not needed */
  remove_autosave (self);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->doc != NULL)
    {
      g_clear_signal_handler (&self->committed_id, self->doc);
      g_clear_signal_handler (&self->history_id, self->doc);
      g_clear_signal_handler (&self->changed_id, self->doc);
      g_clear_object (&self->doc);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  g_clear_pointer (&self->recent_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), TOPO_TYPE_WINDOW);

  G_OBJECT_CLASS (topo_window_parent_class)->dispose (object);
}

static void
topo_window_finalize (GObject *object)
{
  TopoWindow *self = TOPO_WINDOW (object);

  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->disk_state, g_free);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (topo_window_parent_class)->finalize (object);
}

static void
topo_window_class_init (TopoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = topo_window_dispose;
  object_class->finalize = topo_window_finalize;
  object_class->get_property = topo_window_get_property;
  window_class->close_request = topo_window_close_request;
  widget_class->realize = topo_window_realize;
  widget_class->unrealize = topo_window_unrealize;

  /* unsaved changes, or recovered work not saved yet */
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the file's name, or "Not saved" */
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TOPO_TYPE_CANVAS);
  g_type_ensure (TOPO_TYPE_ZOOM_BUTTON);
  g_type_ensure (TOPO_TYPE_PALETTE);
  g_type_ensure (TOPO_TYPE_INSPECTOR);
  g_type_ensure (TOPO_TYPE_ISSUES_PANEL);
  g_type_ensure (TOPO_TYPE_COMPARE_PANEL);
  g_type_ensure (TOPO_TYPE_OUTLINE);
  g_type_ensure (TOPO_TYPE_CAPACITY_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/topograph/Topograph/topo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, issues);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, compare);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, outline);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, capacity);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, issues_page);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, main_menu_button);

  _topo_window_class_actions_init (widget_class);
}

static void
topo_window_init (TopoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  topo_menu_button_quiet_tooltip (self->main_menu_button);
  topo_popover_quiet_tooltip (adw_split_button_get_popover (self->new_button), GTK_WIDGET (self->new_button));
  self->settings = topo_settings_new ();
  restore_window_state (self);
  topo_compare_panel_set_canvas (self->compare, self->canvas);
  topo_capacity_panel_set_canvas (self->capacity, self->canvas);
  g_signal_connect_object (self->compare, "message", G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare, "notify::active", G_CALLBACK (compare_active_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  g_signal_connect_object (self->canvas, "message", G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inspector, "message", G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->issues, "message", G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "selection-changed",
                           G_CALLBACK (canvas_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->issues, "activate-subjects",
                           G_CALLBACK (issues_activate_subjects_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline, "select-resource",
                           G_CALLBACK (outline_select_resource_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline, "select-link",
                           G_CALLBACK (outline_select_link_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->palette, "kind-activated",
                           G_CALLBACK (palette_kind_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->palette, "note-activated",
                           G_CALLBACK (palette_note_activated_cb), self, G_CONNECT_SWAPPED);

  _topo_window_actions_init (self);
  _topo_window_dnd_init (self);
  update_title (self);
}

TopoWindow *
topo_window_new (GtkApplication *app)
{
  return g_object_new (TOPO_TYPE_WINDOW, "application", app, NULL);
}

/* Test accessors */

TopoCanvas *
_topo_window_get_canvas (TopoWindow *self)
{
  return self->canvas;
}

TopoPalette *
_topo_window_get_palette (TopoWindow *self)
{
  return self->palette;
}

TopoInspector *
_topo_window_get_inspector (TopoWindow *self)
{
  return self->inspector;
}

TopoOutline *
_topo_window_get_outline (TopoWindow *self)
{
  return self->outline;
}

TopoIssuesPanel *
_topo_window_get_issues (TopoWindow *self)
{
  return self->issues;
}

TopoComparePanel *
_topo_window_get_compare (TopoWindow *self)
{
  return self->compare;
}

GtkWidget *
_topo_window_get_dialog (TopoWindow *self)
{
  return self->dialog;
}

GtkNativeDialog *
_topo_window_get_chooser (TopoWindow *self)
{
  return self->chooser;
}

const char *
_topo_window_get_last_message (TopoWindow *self)
{
  return self->last_message;
}
