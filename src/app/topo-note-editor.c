/* topo-note-editor.c: the inline editor of a note's text
 *
 * Ctrl+Enter keeps the text ("commit"), Escape closes without it. A click elsewhere keeps it too:
 * text typed into a note is not thrown away by a stray click (the edit is one undo step, so it
 * is never more than Ctrl+Z away).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-note-editor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "topo-note-editor.h"

struct _TopoNoteEditor
{
  GtkPopover  parent_instance;

  GtkWidget  *view;
  char       *id;        /* the note being edited, NULL when closed */
  gboolean    done;      /* committed or cancelled: closing does nothing more */
};

G_DEFINE_FINAL_TYPE (TopoNoteEditor, topo_note_editor, GTK_TYPE_POPOVER)

enum {
  COMMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
commit (TopoNoteEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  g_autofree char *id = g_strdup (self->id);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->done || id == NULL)
    return;
  self->done = TRUE;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_signal_emit (self, signals[COMMIT], 0, id, text);
}

static gboolean
topo_note_editor_key_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         TopoNoteEditor        *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      commit (self);
      gtk_popover_popdown (GTK_POPOVER (self));
      return TRUE;
    }
  /* Ctrl+S keeps the text and saves (the window's shortcuts do not reach into the popover) */
  if ((keyval == GDK_KEY_s || keyval == GDK_KEY_S) && (state & GDK_CONTROL_MASK) &&
      !(state & GDK_SHIFT_MASK))
    {
      commit (self);
      gtk_popover_popdown (GTK_POPOVER (self));
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape)
    {
      self->done = TRUE;   /* the note keeps its old text */
      gtk_popover_popdown (GTK_POPOVER (self));
      return TRUE;
    }
  return FALSE;
}

static void
topo_note_editor_closed (GtkPopover *popover)
{
  TopoNoteEditor *self = TOPO_NOTE_EDITOR (popover);

  commit (self);
  g_clear_pointer (&self->id, g_free);
}

static void
topo_note_editor_finalize (GObject *object)
{
  TopoNoteEditor *self = TOPO_NOTE_EDITOR (object);

  g_free (self->id);

  G_OBJECT_CLASS (topo_note_editor_parent_class)->finalize (object);
}

static void
topo_note_editor_class_init (TopoNoteEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPopoverClass *popover_class = GTK_POPOVER_CLASS (klass);

  object_class->finalize = topo_note_editor_finalize;
  popover_class->closed = topo_note_editor_closed;

  /**
   * TopoNoteEditor::commit:
   * @id: the note
   * @text: its new text
   */
  signals[COMMIT] =
    g_signal_new ("commit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
topo_note_editor_init (TopoNoteEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *hint = gtk_label_new (_("Ctrl+Enter keeps the text · Escape cancels · **bold**, *italics*, “- ” lists"));
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note text"), -1);
  /* before the text view: Ctrl+Enter would insert a line break, Escape reach the popover */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (topo_note_editor_key_cb), self, 0);
  gtk_widget_add_controller (self->view, keys);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 280, 140);
  gtk_widget_add_css_class (scroller, "card");
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 36);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_BOTTOM);
}

GtkWidget *
topo_note_editor_new (void)
{
  return g_object_new (TOPO_TYPE_NOTE_EDITOR, NULL);
}

void
topo_note_editor_edit (TopoNoteEditor *self,
                       const char     *id,
                       const char     *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (TOPO_IS_NOTE_EDITOR (self));

  if (self->id != NULL)
    gtk_popover_popdown (GTK_POPOVER (self));
  g_free (self->id);
  self->id = g_strdup (id);
  self->done = FALSE;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (self->view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_select_range (buffer, &start, &end);
}

const char *
topo_note_editor_get_id (TopoNoteEditor *self)
{
  g_return_val_if_fail (TOPO_IS_NOTE_EDITOR (self), NULL);
  return self->id;
}

GtkTextView *
topo_note_editor_get_view (TopoNoteEditor *self)
{
  g_return_val_if_fail (TOPO_IS_NOTE_EDITOR (self), NULL);
  return GTK_TEXT_VIEW (self->view);
}
