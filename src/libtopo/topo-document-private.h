/* topo-document-private.h: core-internal access to the document (loader, layout)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "topo-document.h"

G_BEGIN_DECLS

/* While recording is off (loading), primitives neither record undo steps nor emit signals. */
void          _topo_document_set_recording   (TopoDocument *self, gboolean recording);
/* Mutable access for the loader and the automatic layout, which run before the document has
 * history; anyone else must go through the primitives. */
TopoResource *_topo_document_get_resource_mut (TopoDocument *self, guint index);
GPtrArray    *_topo_document_get_lanes_array  (TopoDocument *self);

/* topo-edit.c: restores the layout invariants around the resources whose ids are the keys of
 * dirty (groups in a lane apart, cards inside their group's content area, groups big enough for
 * their cards), with primitive edits: recorded in the open group, or direct while not recording.
 * The document calls it before the outermost group closes. */
void          _topo_edit_enforce_invariants  (TopoDocument *self, GHashTable *dirty);

/* topo-edit.c: notes whose resource or link is gone become free notes where they were, and
 * notes stay in their lane. The document calls it before the outermost group closes. */
void          _topo_edit_enforce_note_invariants (TopoDocument *self);
/* The loader: the file had a "notes" key. */
void          _topo_document_set_notes_key   (TopoDocument *self, gboolean has_key);
TopoNote     *_topo_document_get_note_mut    (TopoDocument *self, guint index);

/* Invalidates caches keyed on the serial after a direct (unrecorded) change. */
void          _topo_document_touch            (TopoDocument *self);
/* Whether a resource key of the format belongs to a kind (others are kept as unknown keys). */
gboolean      _topo_format_key_applies        (const char *key, TopoKind kind);

/* Tests only: the next saves fail with ENOSPC (or the process is killed) once after_bytes bytes
 * of the temporary file are written; -1 turns it off. */
void          _topo_format_set_write_fault    (gssize after_bytes, gboolean kill_process);

G_END_DECLS
