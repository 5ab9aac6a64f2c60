/* topo-window-private.h: the window's state, shared by its parts, and its parts for the tests
 *
 * The window is split the way gnome-text-editor's is: topo-window.c (class, template,
 * construction, properties, the document and its file), topo-window-actions.c (one callback
 * per action, and the one place that updates their enabled state), topo-window-dnd.c (files
 * dropped onto the window).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-window.h"
#include "topo-compare-panel.h"
#include "topo-capacity-panel.h"
#include "topo-canvas.h"
#include "topo-inspector.h"
#include "topo-issues-panel.h"
#include "topo-outline.h"
#include "topo-palette.h"

G_BEGIN_DECLS

struct _TopoWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
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
  AdwSplitButton       *new_button;
  GtkMenuButton        *main_menu_button;
  GtkWidget            *recent_popover;  /* Ctrl+R: the recent designs under the Open button */
  AdwViewStack         *side_stack;
  AdwViewStackPage     *issues_page;
  GtkPaned             *outer_paned;
  GtkPaned             *inner_paned;

  /* Owned references */
  GSettings            *settings;        /* topo-settings.h */
  TopoDocument         *doc;
  GFile                *file;
  GPtrArray            *diagnostics;
  GtkNativeDialog      *chooser;
  char                 *last_message;
  char                 *subtitle;        /* the file's name, or "Not saved" (property) */

  /* Borrowed: the dialog on screen */
  GtkWidget            *dialog;

  TopoAutosave         *autosave;        /* this window's crash-recovery copy (topo-autosave.h) */
  GtkWidget            *recovery_bar;    /* says that the design is recovered work */
  /* Another window or program changing the file: what it was when opened or saved here. */
  char                 *disk_state;      /* etag, inode and size; NULL = unknown */
  GFileMonitor         *monitor;
  GtkWidget            *disk_bar;

  gulong                committed_id;    /* "step-committed": validation, autosave, actions */
  gulong                history_id;      /* "notify": actions, title */
  gulong                changed_id;      /* "changed": whether the step needs validating */
  gboolean              step_validates;  /* a change of the step may change the findings */
  gulong                after_paint_id;
  gboolean              painted;         /* the first frame is on screen */
  guint                 validate_id;
  guint                 side_width_id;   /* restores the side panel's width once allocated */
  guint                 autosave_id;
  gboolean              recovered;       /* restored from an autosave: unsaved work */
  gboolean              modified;        /* the "modified" property: unsaved or recovered work */
  gboolean              close_after_save;
  gboolean              force_close;
};

/* topo-window.c: shared by the parts */
GtkWidget *_topo_window_show_error      (TopoWindow *self, const char *heading, const char *body);
/* Keeps dialog as the window's dialog on screen (_topo_window_get_dialog) and presents it. */
void       _topo_window_present_dialog  (TopoWindow *self, GtkWidget *dialog);
/* Takes chooser as the window's file chooser (one at a time) and shows it. */
void       _topo_window_show_chooser    (TopoWindow *self, GtkNativeDialog *chooser);
/* Saves to file, asking first when someone else changed it on disk; reports failures. */
gboolean   _topo_window_save_reporting  (TopoWindow *self, GFile *file);
void       _topo_window_reload          (TopoWindow *self);
void       _topo_window_close_later     (TopoWindow *self);
/* A design read from a file: a fresh history, nothing unsaved. */
TopoDocument *_topo_window_load_design  (GFile *file, GError **error);
void       _topo_window_take_loaded     (TopoWindow *self, TopoDocument *doc, GFile *file);

/* topo-window-actions.c */
void       _topo_window_class_actions_init (GtkWidgetClass *widget_class);
void       _topo_window_actions_init    (TopoWindow *self);
/* The one place that sets which actions are enabled, from the document's state. */
void       _topo_window_actions_update  (TopoWindow *self);
/* Save As… (the file chooser); closes the window after saving when close_after_save is set. */
void       _topo_window_save_as         (TopoWindow *self);
/* Opens file: presents its window when it is open already, else here when this window holds
 * nothing yet, else in a new window. The Open dialog, Open Recent and drops all come here. */
void       _topo_window_open_or_present (TopoWindow *self, GFile *file);

/* The current selection's ids (NULL-terminated, maybe empty). */
GStrv      _topo_window_get_selection   (TopoWindow *self);

/* topo-window-dnd.c */
void       _topo_window_dnd_init        (TopoWindow *self);

/* For the tests */
TopoCanvas      *_topo_window_get_canvas       (TopoWindow *self);
TopoPalette     *_topo_window_get_palette      (TopoWindow *self);
TopoInspector   *_topo_window_get_inspector    (TopoWindow *self);
TopoIssuesPanel *_topo_window_get_issues       (TopoWindow *self);
TopoComparePanel *_topo_window_get_compare     (TopoWindow *self);
TopoOutline     *_topo_window_get_outline      (TopoWindow *self);
/* The message dialog currently shown (error or save prompt), or NULL. */
GtkWidget       *_topo_window_get_dialog       (TopoWindow *self);
/* The file chooser currently shown (open, save, export), or NULL. */
GtkNativeDialog *_topo_window_get_chooser      (TopoWindow *self);
/* The last toast's text, or NULL. */
const char      *_topo_window_get_last_message (TopoWindow *self);
/* Runs the pending validation now; returns the number of diagnostics. */
guint            _topo_window_validate_now     (TopoWindow *self);

/* Writes the autosave copy now (TRUE) or removes it when there is nothing unsaved (FALSE). */
gboolean         _topo_window_autosave_now     (TopoWindow *self);
const char      *_topo_window_get_autosave_path (TopoWindow *self);
/* Tests: lets go of the copy as a crash of this window's process would (see _topo_autosave_abandon). */
void             _topo_window_abandon_autosave  (TopoWindow *self);
/* The bar shown above recovered work (NULL until the first recovery). */
GtkWidget       *_topo_window_get_recovery_bar  (TopoWindow *self);
/* Whether the file changed on disk since it was opened or saved here; the monitor's check, which
 * shows the bar offering Reload (NULL until first shown). */
gboolean         _topo_window_file_changed_on_disk (TopoWindow *self);
void             _topo_window_check_disk        (TopoWindow *self);
GtkWidget       *_topo_window_get_disk_bar      (TopoWindow *self);
/* The items of the Open Recent submenu. */
GMenuModel      *_topo_window_get_recent_menu  (TopoWindow *self);
/* The popover Ctrl+R (win.show-recent) shows under the Open button. */
GtkWidget       *_topo_window_get_recent_popover (TopoWindow *self);
/* Copy as Image's picture: the selection, or the whole design. */
GdkTexture      *_topo_window_render_image      (TopoWindow *self, GError **error);
/* Prints through GtkPrintOperation's PDF export (no dialog) to path. */
gboolean         _topo_window_print_to_file     (TopoWindow *self, const char *path, GError **error);
/* Simulates files dropped from a file manager onto the window. */
gboolean         _topo_window_drop_files        (TopoWindow *self, GSList *files);

G_END_DECLS
