/* topo-text.h: showing user text safely on a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of text that a terminal shows as it is: CR, LF and tab become \r, \n and \t, other C0
 * and C1 controls and DEL \xNN or \u{NNNN}, bidirectional overrides \u{NNNN}, and invalid UTF-8
 * bytes \xNN, so that a name can neither recolour the terminal nor forge output lines. */
char     *topo_text_escape_controls     (const char *text);
/* Whether topo_text_escape_controls would change text. */
gboolean  topo_text_needs_escape        (const char *text);

G_END_DECLS
