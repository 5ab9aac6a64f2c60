/* topo-print-operation.h: printing a design (Ctrl+P), drawn by the core renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "topo-document.h"

G_BEGIN_DECLS

typedef enum
{
  TOPO_PRINT_FIT,     /* the whole design on one page */
  TOPO_PRINT_TILED,   /* full size (as the PDF export), across as many pages as it needs */
} TopoPrintLayout;

#define TOPO_TYPE_PRINT_OPERATION (topo_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (TopoPrintOperation, topo_print_operation, TOPO, PRINT_OPERATION, GtkPrintOperation)

/* Prints doc with the "print-layout", "export-theme" and "export-diagnostics" settings; the
 * print dialog's Layout tab changes the layout (and the setting). */
TopoPrintOperation *topo_print_operation_new        (TopoDocument *doc, GSettings *settings);
TopoPrintLayout     topo_print_operation_get_layout (TopoPrintOperation *self);
void                topo_print_operation_set_layout (TopoPrintOperation *self, TopoPrintLayout layout);

G_END_DECLS
