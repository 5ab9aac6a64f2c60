/* fuzz-fix-undo.c: libFuzzer harness for the "fixes and undo restore" property
 *
 * Property (tests/fix-undo-property.h): on any input that loads, applying every fix the validator
 * offers, then undoing them, gives back the loaded bytes exactly, step by step; redoing gives back
 * each fixed state exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "topo.h"
#include "../fix-undo-property.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TopoDocument) doc = topo_format_load_data ((const char *) data, size, "fuzz.topograph", &error);
  g_autofree char *problem = NULL;

  if (doc == NULL)
    return 0;
  problem = fix_undo_check (doc, NULL);
  if (problem != NULL)
    g_error ("fixes and undo: %s", problem);
  return 0;
}
