/* topograph-cli.c: the headless front end — validate, fmt, capacity, export, import, new, generate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "topo-cli.h"
#include "topo-text.h"

static const char usage_text[] = N_(
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
  "A FILE of \"-\" is standard input; -o - writes to standard output.\n"
  "Run 'topograph-cli COMMAND --help' for the options of a command.\n"
  "Exit status: 0 success, 1 validation failed (capacity: a quota exceeded), 2 bad input or usage.\n");

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
  topo_cli_print_stderr (safe);
  topo_cli_print_stderr ("\n");
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

static int run_command (int argc, char *argv[]);

/* Whatever was printed and not yet checked (--version, help) must have reached its place. */
static gboolean stdout_checked;

static gboolean
stdout_flushed (void)
{
  stdout_checked = TRUE;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int saved_errno = errno;

      topo_cli_printerr ("topograph-cli: %s: %s", _("standard output"), g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* GOption prints a command's --help and calls exit (0) itself, past the check in main. */
static void
check_stdout_at_exit (void)
{
  if (!stdout_checked && !stdout_flushed ())
    _exit (TOPO_CLI_USAGE);
}

int
main (int argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  /* TOPOGRAPH_LOCALEDIR: the build tree's catalogues (build/po), for running uninstalled */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TOPOGRAPH_LOCALEDIR") != NULL
                                   ? g_getenv ("TOPOGRAPH_LOCALEDIR") : LOCALEDIR);
  /* messages come out as UTF-8 bytes, like the rest of the output (topo-cli-io.c) */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* a closed pipe is a write error (EPIPE) reported with exit status 2, not a silent death */
  signal (SIGPIPE, SIG_IGN);

  atexit (check_stdout_at_exit);

  status = run_command (argc, argv);

  if (!stdout_flushed ())
    return TOPO_CLI_USAGE;
  return status;
}

static int
run_command (int argc,
             char *argv[])
{
  const char *command;

  if (argc < 2)
    {
      fputs (_(usage_text), stderr);
      return TOPO_CLI_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      fputs (_(usage_text), stdout);
      return TOPO_CLI_OK;
    }
  if (g_str_equal (command, "--version"))
    {
      topo_cli_print ("topograph-cli %s\n", PACKAGE_VERSION);
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
          fputs (_(usage_text), argc < 3 ? stderr : stdout);
          return argc < 3 ? TOPO_CLI_USAGE : TOPO_CLI_OK;
        }
      if (g_str_equal (argv[2], "arm"))
        return is_export ? topo_cli_export_arm (argc - 1, argv + 1)
                         : topo_cli_import_arm (argc - 1, argv + 1);
      if (is_export && (g_str_equal (argv[2], "png") || g_str_equal (argv[2], "svg") ||
                        g_str_equal (argv[2], "pdf")))
        return topo_cli_export_image (argc - 1, argv + 1);
      return topo_cli_usage_error (command, _("unknown format '%s' (expected %s)"), argv[2],
                                   is_export ? _("arm, png, svg or pdf") : "arm");
    }

  topo_cli_printerr (_("topograph-cli: unknown command '%s'"), command);
  topo_cli_print_stderr ("\n");
  topo_cli_print_stderr (_(usage_text));
  return TOPO_CLI_USAGE;
}
