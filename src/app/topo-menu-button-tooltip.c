/* topo-menu-button-tooltip.c: a menu button's tooltip stays away while its popover is open
 *
 * On X11, GTK 4.8 shows the tooltip of a menu button whose popover has just opened under the
 * pointer (the tooltip is a popup too), and once both close the button ignores the mouse: the
 * next clicks do not open the popover again (2026-12-04, the zoom button and "Add Quota…", seen
 * with real X input under Xvfb). The button has no tooltip while a popover of it is shown; a
 * popover set later (a create-popup function sets one on each opening) is followed too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "topo-menu-button-tooltip"

#include "config.h"

#include "topo-menu-button-tooltip.h"

#define FOLLOWED "topo-quiet-tooltip"

static void
popover_shown_cb (GtkWidget *button)
{
  gtk_widget_set_has_tooltip (button, FALSE);
}

static void
popover_hidden_cb (GtkWidget *button)
{
  gtk_widget_set_has_tooltip (button, TRUE);
}

/* The tooltip of owner (the widget holding it: the button, or a split button around it). */
void
topo_popover_quiet_tooltip (GtkPopover *popover,
                            GtkWidget  *owner)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));

  if (popover == NULL || g_object_get_data (G_OBJECT (popover), FOLLOWED) != NULL)
    return;
  g_object_set_data (G_OBJECT (popover), FOLLOWED, GINT_TO_POINTER (TRUE));
  g_signal_connect_object (popover, "show", G_CALLBACK (popover_shown_cb), owner, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "hide", G_CALLBACK (popover_hidden_cb), owner, G_CONNECT_SWAPPED);
}

static void
popover_changed_cb (GtkMenuButton *button)
{
  topo_popover_quiet_tooltip (gtk_menu_button_get_popover (button), GTK_WIDGET (button));
}

/* A slow popover (built on its first opening) can let the tooltip's delay run out between the
 * press and the popover's "show": the press already sends the tooltip away. */
static void
pressed_cb (GtkGestureClick *gesture)
{
  gtk_widget_set_has_tooltip (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)), FALSE);
}

/* ... and brings it back when that click opened nothing. */
static gboolean
settle_cb (gpointer data)
{
  GtkMenuButton *button = data;
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  if (popover == NULL || !gtk_widget_get_visible (GTK_WIDGET (popover)))
    gtk_widget_set_has_tooltip (GTK_WIDGET (button), TRUE);
  return G_SOURCE_REMOVE;
}

static void
released_cb (GtkGestureClick *gesture)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, settle_cb, g_object_ref (button), g_object_unref);
}

void
topo_menu_button_quiet_tooltip (GtkMenuButton *button)
{
  GtkGesture *press = gtk_gesture_click_new ();

  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  g_signal_connect (button, "notify::popover", G_CALLBACK (popover_changed_cb), NULL);
  popover_changed_cb (button);
  /* capture: seen before the button's own gesture, which is left to claim the click */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect (press, "pressed", G_CALLBACK (pressed_cb), NULL);
  g_signal_connect (press, "released", G_CALLBACK (released_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (button), GTK_EVENT_CONTROLLER (press));
}
