/* topo-window.c: one design in a window
 *
 * Owns the document and its file, wires the canvas, palette, inspector and issues panel to it,
 * revalidates in an idle after each undo step (several in one main-loop turn cost one run), and
 * runs the file dialogs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-window"

#include "config.h"

#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "topo-arm-export.h"
#include "topo-autosave.h"
#include "topo-edit.h"
#include "topo-file.h"
#include "topo-format.h"
#include "topo-image-export.h"
#include "topo-interaction.h"
#include "topo-layout.h"
#include "topo-templates.h"
#include "topo-validator.h"
#include "topo-window-private.h"
#include "topo-compare-panel.h"
#include "topo-capacity-panel.h"
#include "topo-zoom-button.h"

struct _TopoWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  TopoPalette          *palette;
  TopoCanvas           *canvas;
  TopoInspector        *inspector;
  TopoIssuesPanel      *issues;
  TopoComparePanel     *compare;
  TopoCapacityPanel    *capacity;
  TopoOutline          *outline;
  GMenu                *recent_section;
  GtkWidget            *open_button;
  GtkWidget            *recent_popover;  /* Ctrl+R: the recent designs under the Open button */
  AdwViewStack         *side_stack;
  AdwViewStackPage     *issues_page;
  GtkPaned             *inner_paned;

  /* Owned references */
  TopoDocument         *doc;
  GFile                *file;
  GPtrArray            *diagnostics;
  GtkNativeDialog      *chooser;
  char                 *last_message;

  /* Borrowed: the dialog on screen */
  GtkWidget            *dialog;

  TopoAutosave         *autosave;        /* this window's crash-recovery copy (topo-autosave.h) */
  GtkWidget            *recovery_bar;    /* says that the design is recovered work */
  /* Another window or program changing the file: what it was when opened or saved here. */
  char                 *disk_state;      /* etag, inode and size; NULL = unknown */
  GFileMonitor         *monitor;
  GtkWidget            *disk_bar;

  gulong                committed_id;    /* "step-committed": validation, autosave */
  gulong                history_id;      /* "notify": undo state, title */
  gulong                after_paint_id;
  gboolean              painted;         /* the first frame is on screen */
  guint                 validate_id;
  guint                 autosave_id;
  gboolean              recovered;       /* restored from an autosave: unsaved work */
  gboolean              close_after_save;
  gboolean              force_close;
};

G_DEFINE_FINAL_TYPE (TopoWindow, topo_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONNECT_MODE,
  PROP_SNAP_TO_GRID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void save_as (TopoWindow *self);
static void track_file (TopoWindow *self);
static void close_later (TopoWindow *self);
static void update_title (TopoWindow *self);

/* Messages and dialogs */

void
topo_window_show_message (TopoWindow *self,
                          const char *message)
{
  AdwToast *toast;

  g_return_if_fail (TOPO_IS_WINDOW (self));

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  toast = adw_toast_new (message);
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

static GtkWidget *
show_error_dialog (TopoWindow *self,
                   const char *heading,
                   const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
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

GtkWidget *
_topo_window_get_disk_bar (TopoWindow *self)
{
  return self->disk_bar;
}

static void
reload_from_disk (TopoWindow *self)
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
    reload_from_disk (self);
}

static void
show_disk_bar (TopoWindow *self)
{
  g_autofree char *display = g_file_get_parse_name (self->file);
  g_autofree char *text = g_strdup_printf (_("%s was changed on disk by another window or program. Reload it, "
                                             "or keep editing and save anyway (after a warning)."), display);
  GtkWidget *label;

  if (self->disk_bar == NULL)
    {
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->toast_overlay));

      self->disk_bar = gtk_info_bar_new ();
      gtk_info_bar_set_message_type (GTK_INFO_BAR (self->disk_bar), GTK_MESSAGE_WARNING);
      gtk_info_bar_set_show_close_button (GTK_INFO_BAR (self->disk_bar), TRUE);
      gtk_info_bar_add_button (GTK_INFO_BAR (self->disk_bar), _("_Reload"), GTK_RESPONSE_ACCEPT);
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

/* Title and actions */

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

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_actions (TopoWindow *self)
{
  gboolean has_doc = self->doc != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 has_doc && topo_document_can_undo (self->doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 has_doc && topo_document_can_redo (self->doc));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", has_doc);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", has_doc);
}

/* Validation */

guint
_topo_window_validate_now (TopoWindow *self)
{
  g_autoptr(GHashTable) badges = NULL;
  guint n_problems = 0;
  gboolean has_errors = FALSE;

  g_clear_handle_id (&self->validate_id, g_source_remove);
  if (self->doc == NULL)
    return 0;

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = topo_validate (self->doc);
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

/* Once per undo step, never per primitive change: nothing revalidates in the middle of a drag. */
static void
document_step_committed_cb (TopoWindow   *self,
                            TopoDocument *doc)
{
  if (self->validate_id == 0)
    self->validate_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, validate_idle, self, NULL);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add_seconds (AUTOSAVE_DELAY_SECONDS, autosave_timeout, self);
}

static void
document_notify_cb (TopoWindow   *self,
                    GParamSpec   *pspec,
                    TopoDocument *doc)
{
  if (g_str_equal (pspec->name, "can-undo") || g_str_equal (pspec->name, "can-redo"))
    update_actions (self);
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
      g_clear_object (&self->doc);
    }
  remove_autosave (self);
  self->recovered = FALSE;
  self->doc = g_object_ref (doc);
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

  topo_canvas_set_document (self->canvas, doc);
  topo_inspector_set_document (self->inspector, doc);
  topo_outline_set_document (self->outline, doc);
  /* a window still opening shows the design first and validates right after the first frame */
  if (self->painted)
    _topo_window_validate_now (self);
  update_title (self);
  update_actions (self);
}

/* A design read from a file: a fresh history, nothing unsaved. */
static TopoDocument *
load_design (GFile   *file,
             GError **error)
{
  TopoDocument *doc = topo_format_load_file (file, error);

  if (doc == NULL)
    return NULL;
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);
  return doc;
}

static void
take_loaded (TopoWindow   *self,
             TopoDocument *doc,
             GFile        *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  topo_window_set_document (self, doc, file);
  track_file (self);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

gboolean
topo_window_open_file (TopoWindow *self,
                       GFile      *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;

  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  doc = load_design (file, &error);
  if (doc == NULL)
    {
      show_error_dialog (self, _("Could Not Open the Design"), error->message);
      return FALSE;
    }
  take_loaded (self, doc, file);
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

  {
    g_autofree char *uri = g_file_get_uri (file);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
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
    show_error_dialog (self, _("Could Not Save the Design"), error->message);
  else if (g_str_equal (response, "reload"))
    reload_from_disk (self);
}

static gboolean
save_reporting (TopoWindow *self,
                GFile      *file)
{
  g_autoptr(GError) error = NULL;

  /* Someone else saved this file since it was opened or saved here: ask before replacing it. */
  if (self->file != NULL && g_file_equal (file, self->file) && _topo_window_file_changed_on_disk (self))
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
      show_error_dialog (self, _("Could Not Save the Design"), error->message);
      return FALSE;
    }
  return TRUE;
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

/* In this window when it holds nothing yet, otherwise in a new one. */
static void
open_here_or_new (TopoWindow *self,
                  GFile      *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = NULL;
  TopoWindow *window;

  if (topo_window_is_pristine (self) || app == NULL)
    {
      topo_window_open_file (self, file);
      return;
    }
  /* load first: a file that does not load is reported here, and this window's work stays as it
   * is (a new window made for it and closed again took its error dialog along) */
  doc = load_design (file, &error);
  if (doc == NULL)
    {
      show_error_dialog (self, _("Could Not Open the Design"), error->message);
      return;
    }
  window = topo_window_new (app);
  take_loaded (window, doc, file);
  gtk_window_present (GTK_WINDOW (window));
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
        open_here_or_new (self, file);
    }
  g_clear_object (&self->chooser);
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
      char *dot = strrchr (name, '.');

      if (dot != NULL)
        *dot = '\0';
      /* an underscore in a file name is not a mnemonic */
      {
        g_autoptr(GString) label = g_string_new (name);
        g_string_replace (label, "_", "__", 0);
        item = g_menu_item_new (label->str, NULL);
      }
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
  TopoWindow *self = TOPO_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  open_here_or_new (self, file);
}

static void
action_show_recent (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  gtk_popover_popup (GTK_POPOVER (self->recent_popover));
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

      if (save_reporting (self, target) && close_after)
        close_later (self);
    }
  g_clear_object (&self->chooser);
}

static void
save_as (TopoWindow *self)
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
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

gboolean
topo_window_export (TopoWindow  *self,
                    const char  *format,
                    const char  *path,
                    GError     **error)
{
  g_return_val_if_fail (TOPO_IS_WINDOW (self), FALSE);

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
  /* PNG at 2× so it stays sharp on HiDPI screens and in slides */
  return topo_image_export (self->doc, topo_image_format_from_string (format), path,
                            g_str_equal (format, "png") ? 2.0 : 1.0, TRUE, TOPO_THEME_LIGHT,
                            error);
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
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (topo_window_export (self, format, path, &error))
        {
          g_autofree char *basename = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Exported “%s”"), basename);
          topo_window_show_message (self, text);
        }
      else
        show_error_dialog (self, _("Could Not Export"), error->message);
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

static void
show_export_chooser (TopoWindow *self,
                     const char *format)
{
  g_autofree char *base = suggested_basename (self);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  name = g_str_equal (format, "arm") ? g_strconcat (base, ".json", NULL)
                                     : g_strconcat (base, ".", format, NULL);
  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "format", g_strdup (format), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
export_anyway_cb (TopoWindow      *self,
                  const char      *response,
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
  g_autoptr(GPtrArray) diagnostics = topo_validate (self->doc);
  g_autoptr(GString) body = g_string_new (NULL);
  guint n_errors = 0;
  const guint shown = 8;
  GtkWidget *dialog;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const TopoDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (!topo_diagnostic_counts (d, TOPO_SEVERITY_ERROR))
        continue;
      if (n_errors++ < shown)
        g_string_append_printf (body, "\n• %s: %s", d->rule, d->message);
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
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
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

/* Actions */

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
template_row_activated_cb (GtkListBox    *list,
                           GtkListBoxRow *row,
                           GtkWidget     *dialog)
{
  TopoWindow *self = g_object_get_data (G_OBJECT (dialog), "window");
  const char *name = g_object_get_data (G_OBJECT (row), "template");
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_templates_load (name, &error);

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (doc == NULL)
    {
      show_error_dialog (self, _("Could Not Load the Template"), error->message);
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
  GtkWidget *dialog = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *list = gtk_list_box_new ();
  guint n = 0;
  const TopoTemplateInfo *templates = topo_templates_get_all (&n);

  gtk_window_set_title (GTK_WINDOW (dialog), _("New from Template"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 620);
  g_object_set_data (G_OBJECT (dialog), "window", self);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("New from Template"),
                                                         _("Patterns of “Organize and set up Azure Machine Learning environments”")));
  gtk_box_append (GTK_BOX (box), header);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_widget_set_margin_top (list, 18);
  gtk_widget_set_margin_bottom (list, 18);
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), templates[i].title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), templates[i].description);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "template", (gpointer) templates[i].name);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect (list, "row-activated", G_CALLBACK (template_row_activated_cb), dialog);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (dialog), box);
  gtk_window_present (GTK_WINDOW (dialog));
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
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Compare with…: the panel does the work; the window only shows its page. */
static void
action_compare (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  if (g_str_equal (action_name, "win.compare-saved"))
    topo_compare_panel_compare_saved (self->compare, self->file, NULL);
  else
    topo_compare_panel_choose_file (self->compare, GTK_WINDOW (self));
}

/* The Changes page is there only while comparing, and comes to the front when it starts. */
static void
compare_active_cb (TopoWindow *self)
{
  if (topo_compare_panel_is_active (self->compare))
    adw_view_stack_set_visible_child_name (self->side_stack, "compare");
}

static void
action_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  if (self->file != NULL && !g_str_equal (action_name, "win.save-as"))
    save_reporting (self, self->file);
  else
    save_as (self);
}

static void
action_undo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  if (self->doc == NULL)
    return;
  if (g_str_equal (action_name, "win.undo"))
    topo_document_undo (self->doc);
  else
    topo_document_redo (self->doc);
  update_actions (self);
}

static void
action_view (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);
  /* "win.zoom-in" → "canvas.zoom-in" */
  g_autofree char *name = g_strconcat ("canvas.", action_name + strlen ("win."), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self->canvas), name, NULL);
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
action_find (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TopoWindow *self = TOPO_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->side_stack, "outline");
  topo_outline_focus_search (self->outline);
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

static void
close_later (TopoWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle, g_object_ref (self), g_object_unref);
}

static void
close_response_cb (TopoWindow       *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "discard"))
    close_later (self);
  else if (g_str_equal (response, "save"))
    {
      if (self->file != NULL)
        {
          if (save_reporting (self, self->file))
            close_later (self);
        }
      else
        {
          self->close_after_save = TRUE;
          save_as (self);
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
    return GTK_WINDOW_CLASS (topo_window_parent_class)->close_request (window);

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
    /* the action muxer may ask before the template is built */
    case PROP_CONNECT_MODE:
      if (self->canvas != NULL)
        g_object_get_property (G_OBJECT (self->canvas), "connect-mode", value);
      break;
    case PROP_SNAP_TO_GRID:
      if (self->canvas != NULL)
        g_object_get_property (G_OBJECT (self->canvas), "snap-to-grid", value);
      else
        g_value_set_boolean (value, TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
topo_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TopoWindow *self = TOPO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECT_MODE:
      g_object_set_property (G_OBJECT (self->canvas), "connect-mode", value);
      break;
    case PROP_SNAP_TO_GRID:
      g_object_set_property (G_OBJECT (self->canvas), "snap-to-grid", value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
canvas_notify_cb (TopoWindow *self,
                  GParamSpec *pspec,
                  TopoCanvas *canvas)
{
  if (g_str_equal (pspec->name, "connect-mode"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_MODE]);
  else if (g_str_equal (pspec->name, "snap-to-grid"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAP_TO_GRID]);
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
  g_clear_pointer (&self->disk_state, g_free);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->last_message, g_free);

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
  object_class->set_property = topo_window_set_property;
  window_class->close_request = topo_window_close_request;
  widget_class->realize = topo_window_realize;
  widget_class->unrealize = topo_window_unrealize;

  properties[PROP_CONNECT_MODE] =
    g_param_spec_boolean ("connect-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAP_TO_GRID] =
    g_param_spec_boolean ("snap-to-grid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, window_title);
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
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, TopoWindow, open_button);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.new-from-template", NULL, action_new_from_template);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (widget_class, "win.show-recent", NULL, action_show_recent);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.export", "s", action_export);
  gtk_widget_class_install_action (widget_class, "win.compare-file", NULL, action_compare);
  gtk_widget_class_install_action (widget_class, "win.compare-saved", NULL, action_compare);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, action_view);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, action_view);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, action_view);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, action_view);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, action_find);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_install_property_action (widget_class, "win.connect-mode", "connect-mode");
  gtk_widget_class_install_property_action (widget_class, "win.snap-to-grid", "snap-to-grid");
}

static void
topo_window_init (TopoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
  g_signal_connect_object (self->canvas, "notify", G_CALLBACK (canvas_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->issues, "activate-subjects",
                           G_CALLBACK (issues_activate_subjects_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline, "select-resource",
                           G_CALLBACK (outline_select_resource_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline, "select-link",
                           G_CALLBACK (outline_select_link_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->palette, "kind-activated",
                           G_CALLBACK (palette_kind_activated_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  self->recent_popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (self->recent_section));
  gtk_popover_set_position (GTK_POPOVER (self->recent_popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->recent_popover, self->open_button);

  update_title (self);
  update_actions (self);
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
