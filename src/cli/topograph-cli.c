/* topograph-cli.c: the headless front end — validate, fmt, capacity, export, import, new, generate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "topo-cli.h"
#include "topo-text.h"

static const char usage_text[] =
  "Usage:\n"
  "  topograph-cli validate [--format text|json|sarif] [--fail-on error|warning] FILE...\n"
  "  topograph-cli fmt [--check] FILE...\n"
  "  topograph-cli fmt FILE -o OUT\n"
  "  topograph-cli rules [-o OUT.md]\n"
  "  topograph-cli capacity FILE [--format text|json|csv] [-o OUT]\n"
  "  topograph-cli export arm FILE -o OUT.json [--force]\n"
  "  topograph-cli export png|svg|pdf FILE -o OUT [--scale N] [--no-diagnostics] [--no-notes]\n"
  "                [--theme light|dark] [--diff-against OLD] [--legend-capacity]\n"
  "  topograph-cli import arm TEMPLATE.json -o OUT.topograph\n"
  "  topograph-cli new --template NAME -o OUT.topograph\n"
  "  topograph-cli generate --resources N [--seed S] -o OUT.topograph\n"
  "  topograph-cli diff OLD NEW [--format text|json|markdown] [-o OUT] [--ignore-layout]\n"
  "  topograph-cli diff --git REV FILE | diff --textconv FILE\n"
  "\n"
  "Run 'topograph-cli COMMAND --help' for the options of a command.\n"
  "Exit status: 0 success, 1 validation failed (capacity: a quota exceeded), 2 bad input or usage.\n";

char *
topo_cli_escape (const char *text)
{
  return topo_text_escape_controls (text);
}

void
topo_cli_printerr (const char *format,
                   ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  safe = topo_cli_escape (message);
  g_printerr ("%s\n", safe);
}

int
topo_cli_usage_error (const char *command,
                      const char *format,
                      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  topo_cli_printerr ("topograph-cli %s: %s", command, message);
  return TOPO_CLI_USAGE;
}

int
main (int argc,
      char *argv[])
{
  const char *command;

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      fputs (usage_text, stderr);
      return TOPO_CLI_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      fputs (usage_text, stdout);
      return TOPO_CLI_OK;
    }
  if (g_str_equal (command, "--version"))
    {
      g_print ("topograph-cli %s\n", PACKAGE_VERSION);
      return TOPO_CLI_OK;
    }

  /* Subcommands see argv starting at their own name. */
  if (g_str_equal (command, "validate"))
    return topo_cli_validate (argc - 1, argv + 1);
  if (g_str_equal (command, "capacity"))
    return topo_cli_capacity (argc - 1, argv + 1);
  if (g_str_equal (command, "rules"))
    return topo_cli_rules (argc - 1, argv + 1);
  if (g_str_equal (command, "fmt"))
    return topo_cli_fmt (argc - 1, argv + 1);
  if (g_str_equal (command, "new"))
    return topo_cli_new (argc - 1, argv + 1);
  if (g_str_equal (command, "generate"))
    return topo_cli_generate (argc - 1, argv + 1);
  if (g_str_equal (command, "diff"))
    return topo_cli_diff (argc - 1, argv + 1);
  if (g_str_equal (command, "export") || g_str_equal (command, "import"))
    {
      gboolean is_export = g_str_equal (command, "export");

      if (argc < 3 || g_str_equal (argv[2], "--help") || g_str_equal (argv[2], "-h"))
        {
          fputs (usage_text, argc < 3 ? stderr : stdout);
          return argc < 3 ? TOPO_CLI_USAGE : TOPO_CLI_OK;
        }
      if (g_str_equal (argv[2], "arm"))
        return is_export ? topo_cli_export_arm (argc - 1, argv + 1)
                         : topo_cli_import_arm (argc - 1, argv + 1);
      if (is_export && (g_str_equal (argv[2], "png") || g_str_equal (argv[2], "svg") ||
                        g_str_equal (argv[2], "pdf")))
        return topo_cli_export_image (argc - 1, argv + 1);
      return topo_cli_usage_error (command, "unknown format '%s' (expected %s)", argv[2],
                                   is_export ? "arm, png, svg or pdf" : "arm");
    }

  topo_cli_printerr ("topograph-cli: unknown command '%s'", command);
  g_printerr ("\n%s", usage_text);
  return TOPO_CLI_USAGE;
}
