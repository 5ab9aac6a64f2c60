/* test-autosave.c: recovery copies — orphans found after a crash, each offered exactly once, and
 * never a running instance's copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "topo.h"
#include "topo-autosave.h"

static char *
make_dir (void)
{
  char *dir = g_dir_make_tmp ("topo-autosave-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *full = g_build_filename (dir, entry, NULL);

      g_unlink (full);
    }
  g_rmdir (dir);
}

static TopoDocument *
named (const char *name)
{
  TopoDocument *doc = topo_generate (10, 1);

  topo_edit_set_name (doc, name);
  return doc;
}

/* A child process that writes a copy and dies without cleaning up (as a crash would). */
static void
crash_with_copy (const char *dir,
                 const char *name,
                 const char *origin_path)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(TopoDocument) doc = named (name);
      g_autoptr(GFile) origin = origin_path != NULL ? g_file_new_for_path (origin_path) : NULL;
      TopoAutosave *autosave = topo_autosave_new (dir);

      if (!topo_autosave_write (autosave, doc, origin, NULL))
        _exit (3);
      raise (SIGKILL);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
}

/* Claims orphans in a separate process (a second instance); returns how many it got. */
static int
claim_in_child (const char *dir)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GPtrArray) claimed = topo_autosave_claim_orphans (dir);

      _exit ((int) claimed->len);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_live_copy_is_not_adopted (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TopoDocument) doc = named ("Mine");
  TopoAutosave *mine = topo_autosave_new (dir);
  g_autoptr(GPtrArray) claimed = NULL;

  g_assert_true (topo_autosave_write (mine, doc, NULL, NULL));
  g_assert_true (topo_autosave_exists (mine));
  /* Neither this process nor another instance takes a copy whose owner runs. */
  claimed = topo_autosave_claim_orphans (dir);
  g_assert_cmpuint (claimed->len, ==, 0);
  g_assert_cmpint (claim_in_child (dir), ==, 0);
  topo_autosave_discard (mine);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

    g_assert_null (g_dir_read_name (d));
  }
  remove_dir (dir);
}

static void
test_orphans_offered_once (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *origin_path = g_build_filename (dir, "design.topograph", NULL);
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) again = NULL;

  crash_with_copy (dir, "Unsaved A", origin_path);
  crash_with_copy (dir, "Unsaved B", NULL);

  claimed = topo_autosave_claim_orphans (dir);
  g_assert_cmpuint (claimed->len, ==, 2);
  /* Held now: not again here, and not by a second instance. */
  again = topo_autosave_claim_orphans (dir);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpint (claim_in_child (dir), ==, 0);

  {
    g_autoptr(GFile) origin = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(TopoDocument) a = topo_autosave_load (g_ptr_array_index (claimed, 0), &origin, &error);
    g_autoptr(TopoDocument) b = NULL;
    g_autoptr(GFile) no_origin = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (topo_document_get_name (a), ==, "Unsaved A");
    g_assert_false (topo_document_get_modified (a));
    g_assert_nonnull (origin);
    g_assert_cmpstr (g_file_peek_path (origin), ==, origin_path);
    b = topo_autosave_load (g_ptr_array_index (claimed, 1), &no_origin, &error);
    g_assert_cmpstr (topo_document_get_name (b), ==, "Unsaved B");
    g_assert_null (no_origin);
  }

  /* The recovered work is saved (A) or kept unsaved until this instance crashes too (B). */
  topo_autosave_discard (g_ptr_array_steal_index (claimed, 0));
  g_clear_pointer (&claimed, g_ptr_array_unref);
  /* B's record names this process, which runs: still not an orphan for anyone. */
  g_assert_cmpint (claim_in_child (dir), ==, 0);
  remove_dir (dir);
}

/* A copy from an earlier version (no owner file) is an orphan; an owner record naming a running
 * process keeps the copy even without the lock; one naming a reused pid does not. */
static void
test_owner_records (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *old = g_build_filename (dir, "autosave-1-1-1.topograph", NULL);
  g_autofree char *alive = g_build_filename (dir, "autosave-2-1-1.topograph", NULL);
  g_autofree char *alive_owner = g_strconcat (alive, ".owner", NULL);
  g_autofree char *reused = g_build_filename (dir, "autosave-3-1-1.topograph", NULL);
  g_autofree char *reused_owner = g_strconcat (reused, ".owner", NULL);
  g_autofree char *boot = NULL;
  g_autofree char *stat_text = NULL;
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) getppid ());
  g_autoptr(TopoDocument) doc = named ("Old");
  g_autofree char *data = topo_format_to_data (doc, NULL);
  g_autoptr(GPtrArray) claimed = NULL;
  char **fields;
  const char *start;

  g_assert_true (g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot, NULL, NULL));
  g_strstrip (boot);
  g_assert_true (g_file_get_contents (stat_path, &stat_text, NULL, NULL));
  fields = g_strsplit (strrchr (stat_text, ')') + 2, " ", 0);
  start = fields[19];
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_file_set_contents ((const char *[]) { old, alive, reused }[i], data, -1, NULL));
  {
    g_autofree char *record = g_strdup_printf ("%d %s %s\n", (int) getppid (), boot, start);
    g_autofree char *stale = g_strdup_printf ("%d %s 1\n", (int) getppid (), boot);

    g_assert_true (g_file_set_contents (alive_owner, record, -1, NULL));
    g_assert_true (g_file_set_contents (reused_owner, stale, -1, NULL));
  }
  g_strfreev (fields);
  claimed = topo_autosave_claim_orphans (dir);
  g_assert_cmpuint (claimed->len, ==, 2);
  g_assert_cmpstr (topo_autosave_get_path (g_ptr_array_index (claimed, 0)), ==, old);
  g_assert_cmpstr (topo_autosave_get_path (g_ptr_array_index (claimed, 1)), ==, reused);
  g_clear_pointer (&claimed, g_ptr_array_unref);
  remove_dir (dir);
}

/* The copy's origin is written before the copy: a process killed between the two must not
 * leave a copy that recovery opens as an untitled design (seen killing the application right
 * after its first autosave). Here the copy cannot be written (a folder is in its place). */
static void
test_origin_before_copy (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(TopoDocument) doc = named ("Origin first");
  g_autoptr(GFile) origin = g_file_new_for_path ("/tmp/origin-first.topograph");
  g_autoptr(GError) error = NULL;
  g_autofree char *origin_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = g_file_get_uri (origin);
  TopoAutosave *autosave = topo_autosave_new (dir);

  origin_path = g_strconcat (topo_autosave_get_path (autosave), ".origin", NULL);
  g_assert_cmpint (g_mkdir (topo_autosave_get_path (autosave), 0700), ==, 0);
  g_assert_false (topo_autosave_write (autosave, doc, origin, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (origin_path, &uri, NULL, NULL));
  g_assert_cmpstr (uri, ==, expected);
  g_rmdir (topo_autosave_get_path (autosave));
  g_clear_error (&error);
  g_assert_true (topo_autosave_write (autosave, doc, origin, &error));
  g_assert_no_error (error);
  topo_autosave_free (autosave);
  remove_dir (dir);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/autosave/live-copy-not-adopted", test_live_copy_is_not_adopted);
  g_test_add_func ("/topo/autosave/orphans-offered-once", test_orphans_offered_once);
  g_test_add_func ("/topo/autosave/owner-records", test_owner_records);
  g_test_add_func ("/topo/autosave/origin-before-copy", test_origin_before_copy);
  return g_test_run ();
}
