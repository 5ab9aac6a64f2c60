/* topo-cli-io.c: files and standard streams for the subcommands
 *
 * "-" is standard input where a command reads a file and standard output where it writes one.
 * Output goes out as the bytes it is (UTF-8), never through g_print's conversion to the locale's
 * charset, which would turn every non-ASCII character into '?' under LC_ALL=C.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topograph-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "topo-cli.h"
#include "topo-file.h"
#include "topo-format.h"

gboolean
topo_cli_is_stdio (const char *path)
{
  return path != NULL && g_str_equal (path, "-");
}

const char *
topo_cli_display_name (const char *path)
{
  return topo_cli_is_stdio (path) ? "<stdin>" : path;
}

gboolean
topo_cli_read_input (const char  *path,
                     char       **contents,
                     gsize       *length,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (topo_cli_is_stdio (path))
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      guint8 buffer[65536];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_byte_array_append (data, buffer, n);
      if (ferror (stdin))
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "<stdin>: %s: %s",
                       _("could not read standard input"), g_strerror (saved_errno));
          return FALSE;
        }
      if (length != NULL)
        *length = data->len;
      g_byte_array_append (data, (const guint8 *) "", 1);
      *contents = (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
      return TRUE;
    }
  if (!g_file_get_contents (path, contents, length, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

TopoDocument *
topo_cli_load_design (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!topo_cli_is_stdio (path))
    return topo_format_load_path (path, error);
  if (!topo_cli_read_input (path, &contents, &length, error))
    return NULL;
  return topo_format_load_data (contents, length, topo_cli_display_name (path), error);
}

/* fwrite and fflush, so a full disk or a closed pipe shows up here and not at exit. */
static gboolean
write_stream (FILE        *stream,
              const char  *name,
              const void  *data,
              gsize        length,
              GError     **error)
{
  if ((length > 0 && fwrite (data, 1, length, stream) != length) || fflush (stream) != 0)
    {
      int saved_errno = errno;

      clearerr (stream);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s",
                   name, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
topo_cli_write_stdout (const void  *data,
                       gsize        length,
                       GError     **error)
{
  return write_stream (stdout, _("standard output"), data, length, error);
}

gboolean
topo_cli_write_output (const char  *path,
                       const void  *data,
                       gsize        length,
                       GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (topo_cli_is_stdio (path))
    return topo_cli_write_stdout (data, length, error);
  if (!topo_file_replace (path, (const char *) data, length, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

void
topo_cli_print (const char *format,
                ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* a failed write is reported once, by main's final check of stdout */
  fwrite (text, 1, strlen (text), stdout);
}

void
topo_cli_print_stderr (const char *text)
{
  g_autoptr(GError) error = NULL;

  write_stream (stderr, "stderr", text, strlen (text), &error);
}
