/* topo-menu-button-tooltip.h: a menu button's tooltip stays away while its popover is open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void topo_menu_button_quiet_tooltip (GtkMenuButton *button);
void topo_popover_quiet_tooltip     (GtkPopover    *popover,
                                     GtkWidget     *owner);

G_END_DECLS
