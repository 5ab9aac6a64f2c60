/* topo-file.c: replacing a file's contents safely (see topo-file.h for the semantics)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-file"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "topo-file.h"

#define MAX_LINKS 40
/* Temporaries of the earlier naming (".NAME.XXXXXX", no owner pid) are removed once this old. */
#define OLD_TEMPORARY_AGE (60 * 60)

/* Failures after the file itself was touched: they say so instead of "unchanged". */
static G_DEFINE_QUARK (topo-file-in-place-error, topo_file_in_place)
#define TOPO_FILE_IN_PLACE_ERROR (topo_file_in_place_quark ())

static gssize write_fault_after = -1;
static gboolean write_fault_kills = FALSE;

void
_topo_file_set_write_fault (gssize   after_bytes,
                            gboolean kill_process)
{
  write_fault_after = after_bytes;
  write_fault_kills = kill_process;
}

static gboolean
set_errno_error (GError **error,
                 int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           GError     **error)
{
  gsize done = 0;

  while (done < length)
    {
      gsize chunk = MIN (length - done, 1 << 16);
      gssize written;

      if (write_fault_after >= 0 && done + chunk > (gsize) write_fault_after)
        {
          chunk = write_fault_after - MIN (done, (gsize) write_fault_after);
          if (chunk == 0 && write_fault_kills)
            raise (SIGKILL);   /* a crash in the middle of saving */
          if (chunk == 0)
            return set_errno_error (error, ENOSPC);
        }
      written = write (fd, data + done, chunk);
      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return set_errno_error (error, errno);
        }
      done += written;
    }
  return TRUE;
}

char *
topo_file_resolve_links (const char  *path,
                         GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < MAX_LINKS; i++)
    {
      GStatBuf st;
      g_autofree char *target = NULL;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      target = g_file_read_link (current, error);
      if (target == NULL)
        return NULL;
      if (!g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (current);
          char *joined = g_build_filename (dir, target, NULL);

          g_free (target);
          target = joined;
        }
      g_free (current);
      current = g_steal_pointer (&target);
    }
  set_errno_error (error, ELOOP);
  return NULL;
}

/* Removes ".NAME.PID.XXXXXX" files of ours whose process has gone (and old-style ".NAME.XXXXXX"
 * files older than an hour): what a kill -9 in the middle of a save leaves. */
static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  gsize prefix_length = strlen (prefix);
  DIR *d = opendir (dir);
  struct dirent *entry;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (d == NULL)
    return;
  while ((entry = readdir (d)) != NULL)
    {
      const char *rest;
      const char *dot;
      g_autofree char *full = NULL;
      GStatBuf st;
      gboolean stale = FALSE;

      if (strncmp (entry->d_name, prefix, prefix_length) != 0)
        continue;
      rest = entry->d_name + prefix_length;
      full = g_build_filename (dir, entry->d_name, NULL);
      if (g_lstat (full, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != geteuid ())
        continue;
      dot = strchr (rest, '.');
      if (dot != NULL && strlen (dot + 1) == 6 && dot > rest)
        {
          guint64 pid;
          g_autofree char *digits = g_strndup (rest, dot - rest);

          if (g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT, &pid, NULL))
            stale = (pid_t) pid != getpid () && kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
        }
      else if (dot == NULL && strlen (rest) == 6)
        stale = now - st.st_mtime > OLD_TEMPORARY_AGE;
      if (stale && g_unlink (full) == 0)
        g_debug ("removed the stale temporary %s", full);
    }
  closedir (d);
}

/* Extended attributes (ACLs, user.* tags) of the old file onto the new one; those that cannot
 * be set are skipped (security labels need privileges, some file systems have none). */
static void
copy_xattrs (const char *from,
             int         to_fd)
{
  gssize size = llistxattr (from, NULL, 0);
  g_autofree char *names = NULL;

  if (size <= 0)
    return;
  names = g_malloc (size);
  size = llistxattr (from, names, size);
  for (gssize i = 0; i < size; i += strlen (names + i) + 1)
    {
      const char *name = names + i;
      gssize value_size = lgetxattr (from, name, NULL, 0);
      g_autofree char *value = NULL;

      if (value_size < 0)
        continue;
      value = g_malloc (MAX (value_size, 1));
      value_size = lgetxattr (from, name, value, value_size);
      if (value_size < 0 || fsetxattr (to_fd, name, value, value_size, 0) != 0)
        g_debug ("extended attribute %s not copied: %s", name, g_strerror (errno));
    }
}

static gboolean
write_in_place (const char  *path,
                const char  *data,
                gsize        length,
                GError     **error)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    return set_errno_error (error, errno);
  if (!write_all (fd, data, length, error))
    {
      close (fd);
      return FALSE;
    }
  if (ftruncate (fd, length) != 0 || fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      return set_errno_error (error, saved);
    }
  if (close (fd) != 0)
    return set_errno_error (error, errno);
  return TRUE;
}

/* A device, a pipe or a socket (/dev/null, /dev/stdout, a FIFO): written to as it is; there is
 * nothing to replace, and a temporary renamed over it would take its place. */
static gboolean
write_special (const char  *path,
               const char  *data,
               gsize        length,
               GError     **error)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

  if (fd < 0)
    return set_errno_error (error, errno);
  if (!write_all (fd, data, length, error))
    {
      close (fd);
      return FALSE;
    }
  if (close (fd) != 0)
    return set_errno_error (error, errno);
  return TRUE;
}

static gboolean
replace_contents (const char  *path,
                  const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  GStatBuf st;
  gboolean exists;
  gboolean in_place = FALSE;
  int fd, dir_fd;

  /* stat() follows the links (/dev/stdout → /proc/self/fd/1 → a pipe the resolver cannot name) */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    return S_ISDIR (st.st_mode) ? set_errno_error (error, EISDIR) : write_special (path, data, length, error);

  target = topo_file_resolve_links (path, error);
  if (target == NULL)
    return FALSE;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  exists = g_stat (target, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    return set_errno_error (error, EISDIR);

  remove_stale_temporaries (dir, base);

  /* Same folder, so rename() is atomic; hidden so file managers don't show it; the pid tells a
   * later save whether its writer is gone. */
  tmp_path = g_strdup_printf ("%s/.%s.%d.XXXXXX", dir, base, (int) getpid ());
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_errno_error (error, errno);
  if (exists)
    {
      /* The owner stays only if the new file can have it (as root, or when it is ours); the
       * group if we belong to it. Otherwise a rename would change them: write in place. */
      if ((st.st_uid != geteuid () || st.st_gid != getegid ()) &&
          fchown (fd, st.st_uid, st.st_gid) != 0)
        in_place = TRUE;
      if (st.st_nlink > 1)
        in_place = TRUE;
      /* After fchown, which clears setuid/setgid. */
      if (fchmod (fd, st.st_mode & 07777) != 0)
        g_debug ("could not set the mode of %s: %s", tmp_path, g_strerror (errno));
      copy_xattrs (target, fd);
    }
  if (!write_all (fd, data, length, error) || fsync (fd) != 0)
    {
      if (error != NULL && *error == NULL)
        set_errno_error (error, errno);
      close (fd);
      g_unlink (tmp_path);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      return set_errno_error (error, saved);
    }
  if (in_place)
    {
      g_autoptr(GError) local_error = NULL;

      /* The complete new version is in the temporary until the file itself holds it. */
      if (!write_in_place (target, data, length, &local_error))
        {
          g_set_error (error, TOPO_FILE_IN_PLACE_ERROR, local_error->code,
                       _("%s (the file has other hard links or another owner, so it is written in place; "
                         "the new version is in %s)"), local_error->message, tmp_path);
          return FALSE;
        }
      g_unlink (tmp_path);
      return TRUE;
    }
  if (g_rename (tmp_path, target) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      return set_errno_error (error, saved);
    }
  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}


gboolean
topo_file_replace (const char  *path,
                   const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (replace_contents (path, data, length, &local_error))
    return TRUE;
  if (local_error->domain == TOPO_FILE_IN_PLACE_ERROR)
    g_set_error_literal (error, G_IO_ERROR, local_error->code, local_error->message);
  else
    g_set_error (error, G_IO_ERROR, local_error->code, _("%s (the previous version is unchanged)"),
                 local_error->message);
  return FALSE;
}
