/* topo-format.h: load and save the .topograph document format v1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_FORMAT_ERROR (topo_format_error_quark ())
GQuark topo_format_error_quark (void);

typedef enum
{
  TOPO_FORMAT_ERROR_IO,         /* could not read or write the file */
  TOPO_FORMAT_ERROR_SYNTAX,     /* not JSON, not UTF-8, nested too deep */
  TOPO_FORMAT_ERROR_INVALID,    /* JSON, but not a valid document (wrong type, value, reference …) */
} TopoFormatError;

/* Keys the program does not know are kept and written back, up to this many JSON values in one
 * file; beyond it the file is refused (their in-memory form takes about 100 bytes a value). */
#define TOPO_FORMAT_MAX_UNKNOWN_VALUES 1000000

/* Messages look like "FILE: $.resources[3].group: unknown resource group 'rg-x'".
 * display_name is the FILE part (a path or "<stdin>"). */
TopoDocument *topo_format_load_file   (GFile *file, GError **error);
TopoDocument *topo_format_load_path   (const char *path, GError **error);
TopoDocument *topo_format_load_data   (const char *data, gsize length, const char *display_name,
                                       GError **error);

/* Canonical text: fixed key order, 2-space indentation, one trailing newline. */
char         *topo_format_to_data     (TopoDocument *doc, gsize *length);
/* Atomic: writes a temporary file next to the target, fsyncs, renames over it. Marks the
 * document clean on success. */
gboolean      topo_format_save_file   (TopoDocument *doc, GFile *file, GError **error);
gboolean      topo_format_save_path   (TopoDocument *doc, const char *path, GError **error);

/* Canonical JSON writing used by every exporter of this project (ARM, SARIF, schema tests):
 * 2-space indentation, "key": value, integers as integers, doubles in their shortest form. */
void          topo_json_write_node    (GString *out, JsonNode *node, guint indent);
void          topo_json_write_string  (GString *out, const char *str);
void          topo_json_write_double  (GString *out, double value);
char         *topo_json_to_string     (JsonNode *node);   /* with trailing newline */

G_END_DECLS
