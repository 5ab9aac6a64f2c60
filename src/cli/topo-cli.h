/* topo-cli.h: the subcommands of topograph-cli; each returns the process exit status
 *
 * Exit status: 0 success, 1 validation failed (or fmt --check found a file not canonical),
 * 2 bad input or usage (message on stderr names the file and the problem).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "topo-document.h"

G_BEGIN_DECLS

#define TOPO_CLI_OK       0
#define TOPO_CLI_FAILED   1
#define TOPO_CLI_USAGE    2

int topo_cli_fmt        (int argc, char **argv);
int topo_cli_new        (int argc, char **argv);
int topo_cli_generate   (int argc, char **argv);
int topo_cli_validate   (int argc, char **argv);
int topo_cli_rules      (int argc, char **argv);
/* Exit status: 0 every quota holds, 1 a quota is exceeded, 2 bad input. */
int topo_cli_capacity   (int argc, char **argv);
/* Exit status: 0 no changes, 1 changes, 2 bad input (like diff(1)). */
int topo_cli_diff       (int argc, char **argv);
/* argv[0] is "export"; argv[1] the format */
int topo_cli_export_arm   (int argc, char **argv);
int topo_cli_export_image (int argc, char **argv);
int topo_cli_import_arm   (int argc, char **argv);

/* User text (file names, names and values from a design quoted in messages) made safe for a
 * terminal: C0 controls, DEL, C1 controls, bidirectional overrides and bytes that are not UTF-8
 * become visible escapes (\n, \x1b, \u{202e}), so a design cannot recolour the terminal, set
 * its title or forge output lines — whether colours are on or not. Every print of user text in
 * the CLI goes through it. */
char *topo_cli_escape    (const char *text);
/* Formats a message, escapes it as a whole and prints it with a newline to stderr. */
void  topo_cli_printerr  (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Prints "topograph-cli CMD: message" to stderr (escaped) and returns TOPO_CLI_USAGE. */
int topo_cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Files and standard streams (topo-cli-io.c): "-" is standard input where a command reads a file
 * and standard output where it writes one. Output is written as its bytes (UTF-8) whatever the
 * locale. Errors name the file ("<stdin>", "standard output") and the reason. */
gboolean      topo_cli_is_stdio     (const char *path);
/* path, or "<stdin>" for "-": the file name messages show */
const char   *topo_cli_display_name (const char *path);
gboolean      topo_cli_read_input   (const char *path, char **contents, gsize *length,
                                     GError **error);
TopoDocument *topo_cli_load_design  (const char *path, GError **error);
/* Writes and flushes: a full disk or a closed pipe is an error here. */
gboolean      topo_cli_write_stdout (const void *data, gsize length, GError **error);
/* Replaces path atomically (topo_file_replace), or writes to standard output for "-". */
gboolean      topo_cli_write_output (const char *path, const void *data, gsize length,
                                     GError **error);
/* Formatted text to standard output, unconverted; main checks stdout once at exit. */
void          topo_cli_print        (const char *format, ...) G_GNUC_PRINTF (1, 2);
void          topo_cli_print_stderr (const char *text);

G_END_DECLS
