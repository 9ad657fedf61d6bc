/* vg_signal.c: stop requests as a file descriptor (see vg_signal.h). */
#include "vg_signal.h"

#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>

int vg_signal_stop_fd(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
  signal(SIGPIPE, SIG_IGN);
  return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

void vg_signal_unblock(void) {
  sigset_t set;
  sigemptyset(&set);
  sigprocmask(SIG_SETMASK, &set, NULL);
  signal(SIGPIPE, SIG_DFL);
}
