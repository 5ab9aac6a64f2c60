/* topo-file.h: replacing a file's contents safely — atomically where that keeps the file what
 * it was, in place where a rename would change it
 *
 * The semantics follow GIO's local file replace (g_file_replace_contents) and are decided here
 * once for saving designs and autosaves:
 *  - a symbolic link is followed (to any depth, up to 40 links): its target is written and the
 *    link stays a link;
 *  - usually a temporary file ".NAME.PID.XXXXXX" is written next to the target, fsynced, given
 *    the target's group, mode bits (setgid/sticky included) and extended attributes (ACLs among
 *    them; one that cannot be set, such as an SELinux label, is skipped), renamed over it, and
 *    the folder is fsynced: a crash or a full disk leaves the previous version intact;
 *  - when a rename would change the file — it has other hard links, or its owner or group cannot
 *    be given to a new file — the complete new contents are first written and fsynced to the
 *    temporary, then written into the file itself (truncated to the new length and fsynced),
 *    and the temporary is removed: links, owner and group are kept, at the cost of atomicity
 *    (a crash during that second write leaves the new version in the temporary);
 *  - temporaries of this naming left behind by a process that no longer runs (a kill -9 in the
 *    middle of a save) are removed by the next save into the same folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes data to path as described above. Errors are G_IO_ERROR with a message that does not
 * repeat the path (callers prefix it). */
gboolean topo_file_replace          (const char *path, const char *data, gsize length,
                                     GError **error);
/* The file a path names once symbolic links are followed (the path itself when it does not
 * exist). */
char    *topo_file_resolve_links    (const char *path, GError **error);

/* Tests: fail (ENOSPC) or kill the process once after_bytes of contents are written; -1 = off. */
void     _topo_file_set_write_fault (gssize after_bytes, gboolean kill_process);

G_END_DECLS
