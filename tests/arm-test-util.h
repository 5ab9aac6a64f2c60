/* arm-test-util.h: helpers shared by the ARM tests (samples, the offline schema checker)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static inline gint
arm_test_compare_paths (gconstpointer a,
                        gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The .topograph files of $TOPOGRAPH_SAMPLES, sorted. */
static inline GPtrArray *
arm_test_list_samples (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *dir_path = g_getenv ("TOPOGRAPH_SAMPLES");
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (dir_path == NULL || (dir = g_dir_open (dir_path, 0, NULL)) == NULL)
    return files;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".topograph"))
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (files, arm_test_compare_paths);
  return files;
}

/* The corpus templates copied into tests/arm/corpus, sorted. */
static inline GPtrArray *
arm_test_list_corpus (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "arm", "corpus", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (files, arm_test_compare_paths);
  return files;
}

/* Runs $ARM_VALIDATE once on all files (loading Microsoft's schemas is the slow part) and fails
 * the test with the checker's output when any file is invalid. */
static inline void
arm_test_validate (GPtrArray *files)
{
  const char *checker = g_getenv ("ARM_VALIDATE");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (checker == NULL || !g_file_test (checker, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("ARM_VALIDATE not available");
      return;
    }
  g_ptr_array_add (argv, (gpointer) "python3");
  g_ptr_array_add (argv, (gpointer) checker);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (files, i));
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("cannot run %s: %s", checker, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("arm-validate failed:\n%s%s", out, err);
  g_test_message ("arm-validate: %u file(s) OK", files->len);
}

static inline void
arm_test_remove_tree (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir_path);
}
