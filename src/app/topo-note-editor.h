/* topo-note-editor.h: the inline editor of a note's text, a popover over the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TOPO_TYPE_NOTE_EDITOR (topo_note_editor_get_type ())
G_DECLARE_FINAL_TYPE (TopoNoteEditor, topo_note_editor, TOPO, NOTE_EDITOR, GtkPopover)

GtkWidget  *topo_note_editor_new       (void);
/* Shows text for the note id, all of it selected, with the keyboard in it. */
void        topo_note_editor_edit      (TopoNoteEditor *self, const char *id, const char *text);
const char *topo_note_editor_get_id    (TopoNoteEditor *self);   /* NULL when closed */
GtkTextView *topo_note_editor_get_view (TopoNoteEditor *self);   /* for tests */

G_END_DECLS
