/* gtk-test-init.h: the start every GTK test shares. g_test_init (which makes warnings and
 * criticals fatal), then GTK and libadwaita; without a display the test is skipped: a TAP
 * "1..0 # SKIP" line under --tap, exit status 77 otherwise (meson's skip code).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

/* Returns -1 when the tests can run, otherwise the exit status for main(). */
static inline int
topo_gtk_test_init (int    *argc,
                    char ***argv)
{
  gboolean tap = FALSE;

  for (int i = 1; i < *argc; i++)
    tap |= g_str_equal ((*argv)[i], "--tap");
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      if (!tap)
        return 77;
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  return -1;
}
