/* topo-recent.h: designs in the desktop's list of recent files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The MIME type of a design (data/io.github.topograph.Topograph.mime.xml.in). */
#define TOPO_MIME_TYPE "application/x-topograph"

/* Adds file to the recent files with the design MIME type, so that file choosers and the file
 * manager's Recent list show and filter it as a design even where the MIME database does not
 * know the type yet (running from the build tree). */
void _topo_recent_add_design (GFile *file);

G_END_DECLS
