/* topo-autosave.h: recovery copies of unsaved work, and finding the ones a crash left behind
 *
 * A copy "autosave-PID-N-TIME.topograph" in the autosave folder has two companions:
 * ".origin" (the URI of the design's own file, if it has one) and ".owner" (the pid, the boot
 * id and the start time of the process that owns the copy). The owner keeps an exclusive
 * flock() on ".owner" for as long as the copy is its own, and the kernel drops that lock when
 * the process ends, however it ends.
 *
 * A copy is an orphan when nobody holds that lock and its recorded owner is not running (another
 * boot, no such pid, or a pid reused by a process started at another time). Claiming an orphan
 * takes the lock and records this process as the owner, so every orphan is offered exactly once,
 * to one instance, whatever the command line; a copy of a running instance is never adopted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "topo-document.h"

G_BEGIN_DECLS

typedef struct _TopoAutosave TopoAutosave;

/* $XDG_STATE_HOME/topograph/autosave */
char         *topo_autosave_default_dir   (void);

/* A new copy in dir, owned by this process; nothing is written until topo_autosave_write. */
TopoAutosave *topo_autosave_new           (const char *dir);
/* Releases the copy without removing it (what a crash does: it becomes an orphan). */
void          topo_autosave_free          (TopoAutosave *self);
/* Writes the design (and its file's URI, origin may be NULL) atomically. */
gboolean      topo_autosave_write         (TopoAutosave *self, TopoDocument *doc, GFile *origin,
                                           GError **error);
/* Removes the copy and its companions (saved, or discarded on purpose), then frees. */
void          topo_autosave_discard       (TopoAutosave *self);
const char   *topo_autosave_get_path      (TopoAutosave *self);
/* Whether a copy exists on disk. */
gboolean      topo_autosave_exists        (TopoAutosave *self);

/* Claims the copy at path if it is an orphan; NULL (and no error) when its owner is alive or
 * another instance claimed it first. */
TopoAutosave *topo_autosave_claim         (const char *path, GError **error);
/* Claims every orphan in dir, oldest first (a GPtrArray of TopoAutosave*, free with
 * topo_autosave_free as element free function). */
GPtrArray    *topo_autosave_claim_orphans (const char *dir);
/* The design of a copy (history cleared) and the file it belongs to (NULL if it had none). */
TopoDocument *topo_autosave_load          (TopoAutosave *self, GFile **origin, GError **error);

/* Tests: releases the copy and records no running owner, as if this process had crashed. */
void          _topo_autosave_abandon      (TopoAutosave *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TopoAutosave, topo_autosave_free)

G_END_DECLS
