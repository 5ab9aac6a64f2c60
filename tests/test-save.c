/* test-save.c: what saving keeps — symbolic links, hard links, owner and group, mode bits,
 * extended attributes — and what it cleans (temporaries of a save killed midway)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <glib/gstdio.h>

#include "topo.h"
#include "topo-document-private.h"
#include "topo-file.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("topo-save-XXXXXX", &error);

  g_assert_no_error (error);
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

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static TopoDocument *
named_design (const char *name)
{
  TopoDocument *doc = topo_generate (20, 1);

  topo_edit_set_name (doc, name);
  return doc;
}

/* Saving through a symbolic link (and a chain of relative ones) writes the target. */
static void
test_symlink (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *target = g_build_filename (dir, "real.topograph", NULL);
  g_autofree char *link1 = g_build_filename (dir, "link1.topograph", NULL);
  g_autofree char *link2 = g_build_filename (dir, "link2.topograph", NULL);
  g_autoptr(TopoDocument) first = named_design ("First");
  g_autoptr(TopoDocument) second = named_design ("Second");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GStatBuf st;

  g_assert_true (topo_format_save_path (first, target, &error));
  g_assert_cmpint (symlink ("real.topograph", link1), ==, 0);
  g_assert_cmpint (symlink ("link1.topograph", link2), ==, 0);
  g_assert_true (topo_format_save_path (second, link2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link2, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (link1, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  text = read_text (target);
  g_assert_nonnull (strstr (text, "\"name\": \"Second\""));
  g_assert_cmpuint (count_entries (dir), ==, 3);

  /* A loop is an error, not a hang. */
  {
    g_autofree char *a = g_build_filename (dir, "a", NULL);
    g_autofree char *b = g_build_filename (dir, "b", NULL);

    g_assert_cmpint (symlink ("b", a), ==, 0);
    g_assert_cmpint (symlink ("a", b), ==, 0);
    g_clear_error (&error);
    g_assert_false (topo_format_save_path (second, a, &error));
    g_assert_error (error, TOPO_FORMAT_ERROR, TOPO_FORMAT_ERROR_IO);
  }
  remove_dir (dir);
}

/* A file with other hard links is written in place: every name still shows the new version. */
static void
test_hard_link (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);
  g_autofree char *other = g_build_filename (dir, "other-name.topograph", NULL);
  g_autoptr(TopoDocument) first = named_design ("First");
  g_autoptr(TopoDocument) second = named_design ("Second, longer than the first");
  g_autoptr(TopoDocument) third = named_design ("3");
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  GStatBuf st1, st2;

  g_assert_true (topo_format_save_path (first, path, &error));
  g_assert_cmpint (link (path, other), ==, 0);
  g_assert_true (topo_format_save_path (second, path, &error));
  g_assert_true (topo_format_save_path (third, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st1), ==, 0);
  g_assert_cmpint (g_stat (other, &st2), ==, 0);
  g_assert_cmpuint (st1.st_ino, ==, st2.st_ino);
  g_assert_cmpuint (st1.st_nlink, ==, 2);
  a = read_text (path);
  b = read_text (other);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "\"name\": \"3\""));
  /* Shorter than before: truncated, not followed by the old tail. */
  g_assert_cmpuint (strlen (a), ==, (gsize) st1.st_size);
  g_assert_cmpuint (count_entries (dir), ==, 2);
  remove_dir (dir);
}

/* Mode bits (setgid and sticky included), owner, group and extended attributes are kept. */
static void
test_metadata (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);
  g_autoptr(TopoDocument) doc = named_design ("Kept");
  g_autoptr(GError) error = NULL;
  gboolean have_xattr;
  GStatBuf st;

  g_assert_true (topo_format_save_path (doc, path, &error));
  g_assert_cmpint (g_chmod (path, 02640 | 01000), ==, 0);
  have_xattr = setxattr (path, "user.topograph.test", "kept", 4, 0) == 0;
  if (geteuid () == 0)
    g_assert_cmpint (chown (path, 4242, 4343), ==, 0);
  topo_edit_set_name (doc, "Saved again");
  g_assert_true (topo_format_save_path (doc, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 02640 | 01000);
  if (geteuid () == 0)
    {
      g_assert_cmpint (st.st_uid, ==, 4242);
      g_assert_cmpint (st.st_gid, ==, 4343);
    }
  if (have_xattr)
    {
      char value[16] = { 0 };

      g_assert_cmpint (getxattr (path, "user.topograph.test", value, sizeof value), ==, 4);
      g_assert_cmpstr (value, ==, "kept");
    }
  else
    g_test_message ("user extended attributes are not supported here (%s)", g_strerror (errno));
  remove_dir (dir);
}

/* kill -9 in the middle of a save leaves a hidden temporary; the next save removes it, but never
 * the temporary of a save still running in another process. */
static void
test_stale_temporaries (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "design.topograph", NULL);
  g_autoptr(TopoDocument) doc = topo_generate (300, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *live = NULL;
  int status = 0;
  pid_t pid;

  g_assert_true (topo_format_save_path (doc, path, &error));
  for (guint round = 0; round < 3; round++)
    {
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          topo_edit_set_name (doc, "Changed in the child");
          _topo_format_set_write_fault (20000, TRUE);
          topo_format_save_path (doc, path, NULL);
          _exit (0);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      /* Each killed save left its temporary and removed the one before it. */
      g_assert_cmpuint (count_entries (dir), ==, 2);
    }

  /* A temporary whose writer is alive (this process's parent stands in for one). */
  live = g_strdup_printf ("%s/.design.topograph.%d.abcdef", dir, (int) getppid ());
  g_assert_true (g_file_set_contents (live, "in flight", -1, NULL));

  topo_edit_set_name (doc, "Saved after the crashes");
  g_assert_true (topo_format_save_path (doc, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir), ==, 2);
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  remove_dir (dir);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topo/save/symlink", test_symlink);
  g_test_add_func ("/topo/save/hard-link", test_hard_link);
  g_test_add_func ("/topo/save/metadata", test_metadata);
  g_test_add_func ("/topo/save/stale-temporaries", test_stale_temporaries);
  return g_test_run ();
}
