/* topo-cli-diff.c: `topograph-cli diff` — what changed between two versions of a design, for
 * people (text), pipelines (JSON), pull requests (Markdown) and git (--textconv)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <string.h>

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "topo-cli.h"
#include "topo-diff.h"
#include "topo-format.h"

#define COMMAND "diff"

/* Runs git ARGS in LAUNCHER's folder; TRUE when it exits 0. */
static gboolean
git_succeeds (GSubprocessLauncher  *launcher,
              const char * const   *args,
              GError              **error)
{
  g_autoptr(GSubprocess) proc = g_subprocess_launcher_spawnv (launcher, args, error);

  if (proc == NULL)
    {
      g_prefix_error (error, _("could not run git: "));
      return FALSE;
    }
  if (!g_subprocess_communicate (proc, NULL, NULL, NULL, NULL, error))
    return FALSE;
  return g_subprocess_get_successful (proc);
}

/* Runs git in the file's folder (so any working directory works) and returns its stdout.
 * "REV:./name" is git's spelling of a path relative to that folder. A file that REV does
 * not have (a pull request adding a design) is G_IO_ERROR_NOT_FOUND, so the caller can
 * compare with an empty design; an unknown REV is an error. */
static char *
git_show (const char  *rev,
          const char  *path,
          gsize       *length,
          GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *spec = g_strdup_printf ("%s:./%s", rev, base);
  gsize size;
  const char *data;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);

  /* First the question whether there is a repository at all, for a clear message. */
  proc = g_subprocess_launcher_spawn (launcher, error, "git", "rev-parse", "--is-inside-work-tree", NULL);
  if (proc == NULL)
    {
      g_prefix_error (error, _("could not run git: "));
      return NULL;
    }
  if (!g_subprocess_communicate (proc, NULL, NULL, NULL, NULL, error))
    return NULL;
  if (!g_subprocess_get_successful (proc))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s is not inside a git repository"), path);
      return NULL;
    }
  g_clear_object (&proc);

  {
    g_autofree char *commit = g_strdup_printf ("%s^{commit}", rev);
    const char * const verify[] = { "git", "rev-parse", "--verify", "--quiet", commit, NULL };
    const char * const exists[] = { "git", "cat-file", "-e", spec, NULL };
    GError *local = NULL;

    if (!git_succeeds (launcher, verify, &local))
      {
        if (local == NULL)
          g_set_error (&local, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("'%s' is not a revision of the repository of %s"), rev, path);
        g_propagate_error (error, local);
        return NULL;
      }
    if (!git_succeeds (launcher, exists, &local))
      {
        if (local == NULL)
          g_set_error (&local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s is not in %s"), path, rev);
        g_propagate_error (error, local);
        return NULL;
      }
  }

  proc = g_subprocess_launcher_spawn (launcher, error, "git", "show", spec, NULL);
  if (proc == NULL)
    return NULL;
  if (!g_subprocess_communicate (proc, NULL, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (proc))
    {
      g_autofree char *msg = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("git show %s failed: %s"), spec,
                   g_strstrip (msg));
      return NULL;
    }
  data = g_bytes_get_data (out, &size);
  *length = size;
  return g_memdup2 (data != NULL ? data : "", size + 1);
}

static int
write_output (const char *output,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  if (!topo_cli_write_output (output != NULL ? output : "-", text, strlen (text), &error))
    return topo_cli_usage_error (COMMAND, "%s", error->message);
  return TOPO_CLI_OK;
}

int
topo_cli_diff (int    argc,
               char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *git_rev = NULL;
  gboolean ignore_layout = FALSE;
  gboolean textconv = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Report as text (default), json or markdown"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report to OUT"), "OUT" },
    { "ignore-layout", 0, 0, G_OPTION_ARG_NONE, &ignore_layout,
      N_("Leave out changes of position and size on the canvas"), NULL },
    { "git", 0, 0, G_OPTION_ARG_STRING, &git_rev,
      N_("Compare FILE as it is in git revision REV (git show REV:FILE) with FILE"), "REV" },
    { "textconv", 0, 0, G_OPTION_ARG_NONE, &textconv,
      N_("Print a stable text rendering of one FILE, for git's diff.topograph.textconv"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) old_doc = NULL;
  g_autoptr(TopoDocument) new_doc = NULL;
  g_autoptr(TopoDiff) diff = NULL;
  g_autofree char *old_label = NULL;
  g_autofree char *text = NULL;
  const char *new_path;
  int n_files, status;

  context = g_option_context_new (_("OLD NEW — what changed between two versions of a design"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Lists resources added, removed, renamed, moved and changed; links, "
                                  "team access, teams and policy changed; findings of the validator "
                                  "that appear or disappear; and layout moves.\n"
                                  "  topograph-cli diff OLD NEW\n"
                                  "  topograph-cli diff --git REV FILE\n"
                                  "  topograph-cli diff --textconv FILE"));
  g_option_context_set_description (context,
                                    _("Exit status: 0 no changes, 1 changes, 2 bad input or usage."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return topo_cli_usage_error (COMMAND, "%s", error->message);

  n_files = argc - 1;
  if (textconv)
    {
      if (n_files != 1)
        return topo_cli_usage_error (COMMAND, _("--textconv takes exactly one FILE"));
      new_doc = topo_cli_load_design (argv[1], &error);
      if (new_doc == NULL)
        return topo_cli_usage_error (COMMAND, "%s", error->message);
      text = topo_diff_textconv (new_doc);
      return write_output (output, text);
    }

  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json") &&
      !g_str_equal (format, "markdown"))
    return topo_cli_usage_error (COMMAND, _("unknown --format '%s' (expected text, json or markdown)"), format);

  if (git_rev != NULL)
    {
      g_autofree char *data = NULL;
      gsize length = 0;

      if (n_files != 1)
        return topo_cli_usage_error (COMMAND, _("--git REV takes exactly one FILE"));
      if (topo_cli_is_stdio (argv[1]))
        return topo_cli_usage_error (COMMAND, _("--git REV needs a FILE in a repository, not standard input"));
      new_path = argv[1];
      old_label = g_strdup_printf ("%s:%s", git_rev, new_path);
      data = git_show (git_rev, new_path, &length, &error);
      /* A design the revision does not have yet is new: everything in it is added. */
      if (data == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_free (old_label);
          old_label = g_strdup_printf (_("%s:%s (not in %s: compared with an empty design)"),
                                       git_rev, new_path, git_rev);
          old_doc = topo_document_new ();
        }
      else if (data == NULL)
        return topo_cli_usage_error (COMMAND, "%s", error->message);
      else
        old_doc = topo_format_load_data (data, length, old_label, &error);
    }
  else
    {
      if (n_files != 2)
        return topo_cli_usage_error (COMMAND, "%s", n_files < 2 ? _("expected OLD and NEW files")
                                                                : _("expected exactly two files, OLD and NEW"));
      if (topo_cli_is_stdio (argv[1]) && topo_cli_is_stdio (argv[2]))
        return topo_cli_usage_error (COMMAND, _("OLD and NEW cannot both be standard input"));
      old_label = g_strdup (topo_cli_display_name (argv[1]));
      new_path = topo_cli_display_name (argv[2]);
      old_doc = topo_cli_load_design (argv[1], &error);
    }
  if (old_doc == NULL)
    return topo_cli_usage_error (COMMAND, "%s", error->message);
  new_doc = topo_cli_load_design (git_rev != NULL ? new_path : argv[2], &error);
  if (new_doc == NULL)
    return topo_cli_usage_error (COMMAND, "%s", error->message);

  diff = topo_diff_compute (old_doc, new_doc, ignore_layout ? TOPO_DIFF_IGNORE_LAYOUT : TOPO_DIFF_FLAGS_NONE);

  if (format != NULL && g_str_equal (format, "json"))
    text = topo_diff_to_json (diff, old_label, new_path);
  else if (format != NULL && g_str_equal (format, "markdown"))
    text = topo_diff_to_markdown (diff, old_label, new_path);
  else
    {
      const char *no_color = g_getenv ("NO_COLOR");
      gboolean color = (output == NULL || topo_cli_is_stdio (output)) && isatty (STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0');

      text = topo_diff_to_text (diff, old_label, new_path, color);
    }

  status = write_output (output, text);
  if (status != TOPO_CLI_OK)
    return status;
  return topo_diff_is_empty (diff) ? TOPO_CLI_OK : TOPO_CLI_FAILED;
}
