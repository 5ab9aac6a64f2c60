/* topo-autosave.c: recovery copies and their owners (see topo-autosave.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-autosave"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <glib/gstdio.h>

#include "topo-autosave.h"
#include "topo-format.h"

struct _TopoAutosave
{
  char *path;
  int   owner_fd;   /* holds the flock; -1 until the first write */
};

char *
topo_autosave_default_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "topograph", "autosave", NULL);
}

static char *
companion (const char *path,
           const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

static char *
boot_id (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &text, NULL, NULL))
    return g_strdup ("unknown");
  return g_strdup (g_strstrip (text));
}

/* Field 22 of /proc/PID/stat: the start time in clock ticks since boot; 0 when unknown. The
 * command name (field 2) may hold spaces and parentheses, so fields are counted after its last
 * ')'. */
static guint64
start_time (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *p;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (p + 2, " ", 0);
  /* fields[0] is field 3 (state): field 22 is fields[19]. */
  if (g_strv_length (fields) < 20)
    return 0;
  return g_ascii_strtoull (fields[19], NULL, 10);
}

static char *
owner_record (void)
{
  g_autofree char *boot = boot_id ();

  return g_strdup_printf ("%d %s %" G_GUINT64_FORMAT "\n", (int) getpid (), boot, start_time (getpid ()));
}

/* Whether the process a record names still runs: same boot, same pid, same start time. */
static gboolean
record_alive (const char *record)
{
  g_auto(GStrv) fields = g_strsplit (record, " ", 0);
  g_autofree char *boot = boot_id ();
  guint64 pid, started;

  if (g_strv_length (fields) < 3 || !g_str_equal (fields[1], boot) ||
      !g_ascii_string_to_unsigned (fields[0], 10, 1, G_MAXINT, &pid, NULL))
    return FALSE;
  started = g_ascii_strtoull (g_strstrip (fields[2]), NULL, 10);
  return start_time ((pid_t) pid) != 0 && start_time ((pid_t) pid) == started;
}

/* Takes the lock on path.owner and records this process; -1 when someone holds it. */
static int
take_ownership (const char  *path,
                gboolean     must_be_orphan,
                GError     **error)
{
  g_autofree char *owner = companion (path, ".owner");
  g_autofree char *record = NULL;
  g_autofree char *mine = owner_record ();
  int fd = open (owner, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", owner, g_strerror (errno));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return -1;
    }
  if (must_be_orphan)
    {
      char buf[256];
      gssize n = pread (fd, buf, sizeof buf - 1, 0);

      buf[MAX (n, 0)] = '\0';
      /* A live owner without the lock (a file system without flock): still not an orphan. */
      if (n > 0 && record_alive (buf))
        {
          close (fd);
          return -1;
        }
    }
  if (ftruncate (fd, 0) != 0 || pwrite (fd, mine, strlen (mine), 0) != (gssize) strlen (mine))
    g_debug ("%s: cannot record the owner: %s", owner, g_strerror (errno));
  return fd;
}

TopoAutosave *
topo_autosave_new (const char *dir)
{
  static guint counter;
  TopoAutosave *self = g_new0 (TopoAutosave, 1);
  g_autofree char *default_dir = dir == NULL ? topo_autosave_default_dir () : NULL;
  g_autofree char *name = g_strdup_printf ("autosave-%d-%u-%" G_GINT64_FORMAT ".topograph",
                                           (int) getpid (), ++counter, g_get_real_time ());

  self->path = g_build_filename (dir != NULL ? dir : default_dir, name, NULL);
  self->owner_fd = -1;
  return self;
}

void
topo_autosave_free (TopoAutosave *self)
{
  if (self == NULL)
    return;
  if (self->owner_fd >= 0)
    close (self->owner_fd);   /* releases the lock */
  g_free (self->path);
  g_free (self);
}

void
_topo_autosave_abandon (TopoAutosave *self)
{
  if (self == NULL)
    return;
  if (self->owner_fd >= 0 && (ftruncate (self->owner_fd, 0) != 0 || pwrite (self->owner_fd, "0 - 0\n", 6, 0) != 6))
    g_debug ("cannot clear the owner record of %s", self->path);
  topo_autosave_free (self);
}

const char *
topo_autosave_get_path (TopoAutosave *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

gboolean
topo_autosave_exists (TopoAutosave *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_file_test (self->path, G_FILE_TEST_EXISTS);
}

gboolean
topo_autosave_write (TopoAutosave  *self,
                     TopoDocument  *doc,
                     GFile         *origin,
                     GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *origin_path = NULL;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (TOPO_IS_DOCUMENT (doc), FALSE);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (self->owner_fd < 0)
    {
      /* Owner first: a copy never exists without its owner's lock. */
      self->owner_fd = take_ownership (self->path, FALSE, error);
      if (self->owner_fd < 0)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, "%s: owned by another process", self->path);
          return FALSE;
        }
    }
  /* The origin before the copy: a process that dies between the two (the copy is what recovery
   * looks for) must not leave a copy without its file name, recovered as an untitled design. */
  origin_path = companion (self->path, ".origin");
  if (origin != NULL)
    {
      g_autofree char *uri = g_file_get_uri (origin);

      if (!g_file_set_contents_full (origin_path, uri, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return FALSE;
    }
  else
    g_unlink (origin_path);
  data = topo_format_to_data (doc, &length);
  return g_file_set_contents_full (self->path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

void
topo_autosave_discard (TopoAutosave *self)
{
  g_autofree char *origin = NULL;
  g_autofree char *owner = NULL;

  if (self == NULL)
    return;
  origin = companion (self->path, ".origin");
  owner = companion (self->path, ".owner");
  g_unlink (self->path);
  g_unlink (origin);
  /* The owner file goes last, while the lock still keeps claimers away. */
  if (self->owner_fd >= 0)
    g_unlink (owner);
  topo_autosave_free (self);
}

TopoAutosave *
topo_autosave_claim (const char  *path,
                     GError     **error)
{
  TopoAutosave *self;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = take_ownership (path, TRUE, error);
  if (fd < 0)
    return NULL;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Discarded by its owner meanwhile: drop the owner file this claim created. */
      g_autofree char *owner = companion (path, ".owner");

      g_unlink (owner);
      close (fd);
      return NULL;
    }
  self = g_new0 (TopoAutosave, 1);
  self->path = g_strdup (path);
  self->owner_fd = fd;
  return self;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
topo_autosave_claim_orphans (const char *dir)
{
  GPtrArray *claimed = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_autosave_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *default_dir = dir == NULL ? topo_autosave_default_dir () : NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    dir = default_dir;
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "autosave-") && g_str_has_suffix (name, ".topograph"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;
      TopoAutosave *autosave = topo_autosave_claim (path, &error);

      if (autosave != NULL)
        g_ptr_array_add (claimed, autosave);
      else if (error != NULL)
        g_debug ("%s", error->message);
    }
  return claimed;
}

TopoDocument *
topo_autosave_load (TopoAutosave  *self,
                    GFile        **origin,
                    GError       **error)
{
  g_autoptr(TopoDocument) doc = NULL;
  g_autofree char *origin_path = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  doc = topo_format_load_path (self->path, error);
  if (doc == NULL)
    return NULL;
  topo_document_clear_history (doc);
  topo_document_mark_clean (doc);
  origin_path = companion (self->path, ".origin");
  if (origin != NULL)
    *origin = g_file_get_contents (origin_path, &uri, NULL, NULL) &&
              g_uri_is_valid (g_strstrip (uri), G_URI_FLAGS_NONE, NULL)
              ? g_file_new_for_uri (uri) : NULL;
  return g_steal_pointer (&doc);
}
