/* vg_signal.h: turns SIGTERM/SIGINT into a readable file descriptor (signalfd), so that
 * every service's poll loop sees a stop request without a global flag.
 * For: main.c of each service. */
#ifndef VG_SIGNAL_H
#define VG_SIGNAL_H

/* Blocks SIGTERM, SIGINT (and SIGHUP, SIGPIPE ignored) in the calling thread and returns a
 * signalfd that becomes readable when one arrives, or -1. Call before creating threads. */
int vg_signal_stop_fd(void);
/* Restores the default signal mask (a child about to exec calls it). */
void vg_signal_unblock(void);

#endif
