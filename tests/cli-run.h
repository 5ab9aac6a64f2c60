/* cli-run.h: run topograph-cli ($TOPOGRAPH_CLI) and keep its status, stdout and stderr; shared by
 * the tests that drive the CLI as a user does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>
#include <sys/wait.h>
#include <glib.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs topograph-cli with args (up to NULL) in dir (NULL: here). NO_COLOR keeps its reports
 * plain whatever the terminal. */
static void
run_cli_valist (Run        *run,
                const char *dir,
                va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "NO_COLOR", "1", TRUE);
  const char *arg;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TOPOGRAPH_CLI"));
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (dir, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
}

G_GNUC_UNUSED static void
run_cli (Run *run,
         ...)
{
  va_list args;

  va_start (args, run);
  run_cli_valist (run, NULL, args);
  va_end (args);
}

G_GNUC_UNUSED static void
run_cli_in (Run        *run,
            const char *dir,
            ...)
{
  va_list args;

  va_start (args, dir);
  run_cli_valist (run, dir, args);
  va_end (args);
}
