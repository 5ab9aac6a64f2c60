/* bench-gesture.c: the cost of one move gesture end to end (prints figures; asserts nothing timed)
 *
 * The application's window on a generated 10 000-resource design, under Xvfb. A card is moved
 * the way the canvas' drag controller moves it: press, 12 motion steps, release, through the
 * same entry points the controller calls with each event's coordinates. Measured:
 *   - each motion step: the core edit (_topo_canvas_drag_to) plus the frame that shows it
 *     (before-paint → after-paint), and the wall time from the call to that frame's end;
 *   - the release: committing the undo step (and everything that reacts to it: inspector,
 *     autosave timer), validating the design with its badges and issues panel, and the frame
 *     that shows the result.
 * Target: each motion step and the release ≤ 16 ms (one frame at 60 Hz). The CPU figures count
 * all of this thread's work from the call to the end of the frame that shows it, idle work in
 * between included (the canvas brings its spatial index and tiles up to date in an idle when the
 * main loop has time before the frame); the machine's load does not change them much.
 * Two warm-up gestures are not counted (the process's first validations fault in fresh heap
 * pages: about 3× slower once); the first release's CPU time is printed apart.
 * Last, an edit the capacity plan shows (a cluster's maximum nodes) is timed the same way: commit,
 * validation and the side panel's tab in their idles, and the frame after them.
 * TOPO_BENCH_GESTURES=N runs N gestures instead of 40 (for profiling); TOPO_BENCH_TAB=outline (or
 * issues, capacity) shows that side panel tab instead of the inspector.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>
#include <adwaita.h>

#include "topo-canvas-private.h"
#include "topo-edit.h"
#include "topo-generator.h"
#include "topo-layout.h"
#include "topo-window-private.h"

#define N_GESTURES 40
#define N_WARMUP   2     /* not counted: the process's first validations and frames after a press */
#define N_STEPS    12

typedef struct
{
  gint64 paint_start;
  gint64 paint_end;
  double paint_ms;     /* of the last frame */
  double cpu_start;
  double cpu_ms;       /* of the last frame: this thread's CPU time (the machine may be loaded) */
  double cpu_end;      /* this thread's CPU clock at the end of the last frame */
  guint  paints;
} Frames;

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *f)
{
  f->paint_start = g_get_monotonic_time ();
  f->cpu_start = thread_cpu_ms ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *f)
{
  f->paint_end = g_get_monotonic_time ();
  f->paint_ms = (f->paint_end - f->paint_start) / 1000.0;
  f->cpu_end = thread_cpu_ms ();
  f->cpu_ms = f->cpu_end - f->cpu_start;
  f->paints++;
}

/* Runs the main loop until the next frame has been painted. */
static void
wait_frame (Frames *f)
{
  guint n = f->paints;

  while (f->paints == n)
    g_main_context_iteration (NULL, TRUE);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *label,
        GArray     *d)
{
  g_array_sort (d, cmp_double);
  g_print ("%-58s median %6.2f ms, p95 %6.2f ms, max %6.2f ms (%u)\n", label,
           g_array_index (d, double, d->len / 2),
           g_array_index (d, double, MIN (d->len - 1, (guint) (d->len * 0.95))),
           g_array_index (d, double, d->len - 1), d->len);
}

static void
add (GArray *d,
     double  v)
{
  g_array_append_val (d, v);
}

/* in the gesture loop: warm-up gestures (g < 0) are not counted */
#define ADD(d, v) G_STMT_START { if (g >= 0) add (d, v); } G_STMT_END

/* A card whose centre is well inside the canvas, so the gesture stays in view. */
static const TopoResource *
visible_card (TopoDocument *doc,
              TopoCanvas   *canvas,
              double       *wx,
              double       *wy)
{
  int w = gtk_widget_get_width (GTK_WIDGET (canvas));
  int h = gtk_widget_get_height (GTK_WIDGET (canvas));

  for (guint i = 0; i < topo_document_get_n_resources (doc); i++)
    {
      const TopoResource *res = topo_document_get_resource (doc, i);
      if (res->kind == TOPO_KIND_RESOURCE_GROUP)
        continue;
      topo_canvas_design_to_widget (canvas, res->bounds.x + res->bounds.w / 2,
                                    res->bounds.y + res->bounds.h / 2, wx, wy);
      if (*wx > 100 && *wx < w - 200 && *wy > 100 && *wy < h - 150)
        return res;
    }
  return NULL;
}

/* Edits other than moves, each done and undone N_OTHER times: a note's text (the note attached
 * to the moved card), a team's name, a policy edit that changes no finding, a lane added below
 * the others. CPU time from the edit to the end of the frame that shows it, the validation the
 * window runs after it included, and how many tiles that frame rendered again. */
#define N_OTHER 10

typedef enum { EDIT_NOTE, EDIT_TEAM, EDIT_POLICY, EDIT_LANE, N_EDITS } OtherEdit;

static void
other_edit (TopoDocument *doc,
            OtherEdit     kind,
            int           round,
            const char   *note_id)
{
  g_autoptr(GError) error = NULL;

  switch (kind)
    {
    case EDIT_NOTE:
      topo_edit_set_note_text (doc, note_id, round % 2 ? "Kept **as is**" : "Check the *quota*", &error);
      break;
    case EDIT_TEAM:
      {
        TopoTeam *team = topo_team_copy (topo_document_get_team (doc, 0));

        g_free (team->name);
        team->name = g_strdup (round % 2 ? "Bench team B" : "Bench team A");
        topo_edit_replace_team (doc, team, &error);
      }
      break;
    case EDIT_POLICY:
      {
        TopoPolicy *policy = topo_policy_copy (topo_document_get_policy (doc));

        g_strfreev (policy->production_environments);
        policy->production_environments = round % 2 ? NULL : g_strsplit ("prod", ",", -1);
        topo_edit_set_policy (doc, policy);
      }
      break;
    case EDIT_LANE:
      {
        g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
        g_auto(GStrv) lanes = NULL;

        g_strv_builder_addv (b, (const char **) topo_document_get_lanes (doc));
        if (round % 2 == 0)
          g_strv_builder_add (b, "bench-extra-lane");
        lanes = g_strv_builder_end (b);
        if (round % 2 == 1)
          {
            guint n = g_strv_length (lanes);
            if (n > 0 && g_str_equal (lanes[n - 1], "bench-extra-lane"))
              g_clear_pointer (&lanes[n - 1], g_free);
          }
        topo_edit_set_lanes (doc, (const char *const *) lanes);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
}

static void
other_edits (TopoWindow   *window,
             TopoCanvas   *canvas,
             TopoDocument *doc,
             Frames       *f,
             const char   *card,
             double        zoom)
{
  static const char *const names[] = { "note text", "team name", "policy (same findings)",
                                        "lane added / removed" };
  TopoNote *note = topo_note_new (NULL, "Check the *quota*");
  const TopoResource *res = topo_document_lookup (doc, card);
  g_autofree char *note_id = NULL;
  g_autoptr(GError) error = NULL;

  /* the card in the middle of the view */
  topo_canvas_set_view (canvas, zoom,
                        res->bounds.x - gtk_widget_get_width (GTK_WIDGET (canvas)) / 2.0 / zoom,
                        res->bounds.y - gtk_widget_get_height (GTK_WIDGET (canvas)) / 2.0 / zoom);
  note->attach = g_strdup (card);
  note_id = g_strdup (topo_edit_add_note (doc, note, &error));
  g_assert_no_error (error);
  /* the note selected: the inspector's page of a card or of the design (nothing selected) is
   * rebuilt after team, policy and lane edits, and at 10 000 resources that costs more than the
   * canvas (90–130 ms CPU for the design page's team rows); these figures are the canvas' */
  topo_canvas_set_selection (canvas, (const char *[]) { note_id, NULL });
  _topo_window_validate_now (window);
  wait_frame (f);
  /* the view complete first */
  do
    {
      gtk_widget_queue_draw (GTK_WIDGET (canvas));
      wait_frame (f);
    }
  while (canvas->more_id != 0 || !canvas->tiles_current || canvas->settle_id != 0);
  g_print ("other edits at %g %% (each %d times; CPU from the edit to the end of the frame that "
           "completes the view, validation included; tiles rendered again):\n", zoom * 100, N_OTHER);
  for (OtherEdit kind = 0; kind < N_EDITS; kind++)
    {
      g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) tiles = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) edit_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) validate_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) frame_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *label = NULL;

      for (int round = -1; round < N_OTHER; round++)
        {
          double c0 = thread_cpu_ms ();
          guint t0 = canvas->tiles_rendered;

          double c1, c2;

          other_edit (doc, kind, round, note_id);
          c1 = thread_cpu_ms ();
          _topo_window_validate_now (window);
          c2 = thread_cpu_ms ();
          /* until the view is complete again (a frame renders tiles within a time budget) */
          do
            {
              gtk_widget_queue_draw (GTK_WIDGET (canvas));
              wait_frame (f);
            }
          while (canvas->more_id != 0 || !canvas->tiles_current);
          if (round >= 0)
            {
              add (cpu, f->cpu_end - c0);
              add (edit_cpu, c1 - c0);
              add (validate_cpu, c2 - c1);
              add (frame_cpu, f->cpu_end - c2);
              add (tiles, canvas->tiles_rendered - t0);
            }
        }
      label = g_strdup_printf ("%s: edit + validation + frames, CPU", names[kind]);
      report (label, cpu);
      label = (g_free (label), g_strdup_printf ("%s: the edit (and what reacts to it), CPU", names[kind]));
      report (label, edit_cpu);
      label = (g_free (label), g_strdup_printf ("%s: validation, CPU", names[kind]));
      report (label, validate_cpu);
      label = (g_free (label), g_strdup_printf ("%s: frames and idle work before them, CPU", names[kind]));
      report (label, frame_cpu);
      g_array_sort (tiles, cmp_double);
      g_print ("%s: tiles rendered again: median %g, max %g\n", names[kind],
               g_array_index (tiles, double, tiles->len / 2), g_array_index (tiles, double, tiles->len - 1));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TopoDocument) big = NULL;
  g_autoptr(GArray) step_work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) step_core = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) step_latency = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_core = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_validate = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) step_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_paint_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_core_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_validate_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rel_novalidate_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_scheduled = 0;
  g_autofree char *id = NULL;
  const TopoResource *card;
  TopoWindow *window;
  TopoCanvas *canvas;
  GdkFrameClock *clock;
  Frames f = { 0 };
  const char *n_env = g_getenv ("TOPO_BENCH_GESTURES");   /* more, for profiling */
  int n_gestures = n_env != NULL ? MAX (2, atoi (n_env)) : N_GESTURES;
  double wx, wy;
  guint n_diagnostics = 0;
  double first_release_cpu = 0;

  if (!gtk_init_check ())
    {
      g_print ("no display: skipped\n");
      return 77;
    }
  adw_init ();

  big = topo_generate (10000, 42);
  window = topo_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  topo_window_set_document (window, big, NULL);
  canvas = _topo_window_get_canvas (window);
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &f);
  /* the side panel's tab (TOPO_BENCH_TAB=outline, issues, capacity): what reacts to each step */
  if (g_getenv ("TOPO_BENCH_TAB") != NULL)
    adw_view_stack_set_visible_child_name (window->side_stack, g_getenv ("TOPO_BENCH_TAB"));
  gtk_window_present (GTK_WINDOW (window));
  wait_frame (&f);
  topo_canvas_set_view (canvas, 1.0, 0, 0);
  _topo_window_validate_now (window);
  wait_frame (&f);

  card = visible_card (big, canvas, &wx, &wy);
  if (card == NULL)
    {
      g_printerr ("no card in view\n");
      return 1;
    }
  id = g_strdup (card->id);
  g_print ("10k design: %u resources, %u links; canvas %d x %d px at 100 %%; moving %s\n",
           topo_document_get_n_resources (big), topo_document_get_n_links (big),
           gtk_widget_get_width (GTK_WIDGET (canvas)), gtk_widget_get_height (GTK_WIDGET (canvas)),
           id);

  for (int g = -N_WARMUP; g < n_gestures; g++)
    {
      /* there and back again, so the design does not drift */
      double dir = g % 2 == 0 ? 1 : -1;
      double x = wx, y = wy;
      gint64 t0, t1, t2;
      double c0, c1, c2;

      if (dir < 0)
        {
          x += N_STEPS * 8;
          y += N_STEPS * 4;
        }
      _topo_canvas_press (canvas, x, y, 0);
      wait_frame (&f);
      for (int s = 1; s <= N_STEPS; s++)
        {
          t0 = g_get_monotonic_time ();
          c0 = thread_cpu_ms ();
          _topo_canvas_drag_to (canvas, x + dir * 8 * s, y + dir * 4 * s);
          t1 = g_get_monotonic_time ();
          wait_frame (&f);
          /* everything this thread did from the call to the end of the frame: the frame, and
           * idle work before it (the canvas brings its index and tiles up to date in an idle) */
          ADD (step_cpu, f.cpu_end - c0);
          ADD (step_core, (t1 - t0) / 1000.0);
          ADD (step_work, (t1 - t0) / 1000.0 + f.paint_ms);
          ADD (step_latency, (f.paint_end - t0) / 1000.0);
        }
      t0 = g_get_monotonic_time ();
      c0 = thread_cpu_ms ();
      _topo_canvas_release (canvas, x + dir * 8 * N_STEPS, y + dir * 4 * N_STEPS);
      t1 = g_get_monotonic_time ();
      c1 = thread_cpu_ms ();
      /* a move changes no finding, so the window schedules no validation; it is run (and timed)
       * anyway: the figures hold for an edit that does change what rules read */
      if (g >= 0 && window->validate_id != 0)
        n_scheduled++;
      n_diagnostics = _topo_window_validate_now (window);
      t2 = g_get_monotonic_time ();
      c2 = thread_cpu_ms ();
      wait_frame (&f);
      ADD (rel_core_cpu, c1 - c0);
      ADD (rel_validate_cpu, c2 - c1);
      /* the frame and the idle work before it (spatial index, tiles) */
      ADD (rel_paint_cpu, f.cpu_end - c2);
      ADD (rel_cpu, f.cpu_end - c0);
      ADD (rel_novalidate_cpu, (c1 - c0) + (f.cpu_end - c2));
      if (g == -N_WARMUP)
        first_release_cpu = f.cpu_end - c0;
      ADD (rel_core, (t1 - t0) / 1000.0);
      ADD (rel_validate, (t2 - t1) / 1000.0);
      ADD (rel_paint, f.paint_ms);
      ADD (rel_work, (t2 - t0) / 1000.0 + f.paint_ms);
    }

  g_print ("%d gestures of %d motion steps (after %d not counted); %u diagnostics after each\n",
           n_gestures, N_STEPS, N_WARMUP, n_diagnostics);
  g_print ("the process's first release (not counted): %.2f ms CPU\n", first_release_cpu);
  report ("motion step: core edit", step_core);
  report ("motion step: core edit + its frame (target <= 16 ms)", step_work);
  report ("motion step: call to end of its frame (incl. frame wait)", step_latency);
  report ("release: commit (undo step and its listeners)", rel_core);
  report ("release: validation, badges, issues panel", rel_validate);
  report ("release: frame", rel_paint);
  report ("release: commit + validation + frame (target <= 16 ms)", rel_work);
  g_print ("CPU time of this thread (what the figures above cost without the machine's load):\n");
  report ("motion step: core edit + its frame, CPU", step_cpu);
  report ("release: commit, CPU", rel_core_cpu);
  report ("release: validation, badges, issues panel, CPU", rel_validate_cpu);
  report ("release: frame (and idle work before it), CPU", rel_paint_cpu);
  report ("release: commit + validation + frame, CPU", rel_cpu);
  g_print ("the window scheduled a validation after %u of %d releases (a move changes no finding)\n",
           n_scheduled, n_gestures);
  report ("release without validation: commit + frame, CPU", rel_novalidate_cpu);

  /* An edit the capacity plan shows (a cluster's maximum nodes, alternately raised and put
   * back): the commit, the validation and the Capacity tab's rows (when shown) in their idles,
   * and a frame. */
  {
    g_autoptr(GArray) plan_cpu = g_array_new (FALSE, FALSE, sizeof (double));
    const char *cluster = NULL;

    for (guint i = 0; i < topo_document_get_n_resources (big) && cluster == NULL; i++)
      if (topo_document_get_resource (big, i)->kind == TOPO_KIND_COMPUTE_CLUSTER)
        cluster = topo_document_get_resource (big, i)->id;
    for (int g = -N_WARMUP; cluster != NULL && g < n_gestures; g++)
      {
        g_autofree char *id_copy = g_strdup (cluster);
        double c0 = thread_cpu_ms ();

        topo_edit_set_property (big, id_copy, "max_nodes", g % 2 == 0 ? "97" : "3", NULL);
        while (g_main_context_pending (NULL))
          g_main_context_iteration (NULL, FALSE);
        gtk_widget_queue_draw (GTK_WIDGET (canvas));
        wait_frame (&f);
        ADD (plan_cpu, f.cpu_end - c0);
        cluster = topo_document_get_resource (big, topo_document_resource_index (big, id_copy))->id;
      }
    report ("plan edit (max nodes): commit, validation, tab, frame, CPU", plan_cpu);
  }

  other_edits (window, canvas, big, &f, id, 1.0);
  other_edits (window, canvas, big, &f, id, 0.25);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
