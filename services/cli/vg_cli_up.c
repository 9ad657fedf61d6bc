/* vg_cli_up.c: `vigie up` — starts the local stack and supervises it.
 *
 * For: one data directory, ipc:// sockets under DIR/run, one Xapian database DIR/index;
 * vigie-ingest, vigie-indexer, N vigie-analyse workers and vigie-api as child processes,
 * each restarted with back-off when it dies; SIGINT/SIGTERM stop them all cleanly.
 * Not for: multi-machine deployments (run the services directly, see docker-compose.yml). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vg_cli.h"
#include "vg_file.h"

#define VG_UP_MAX_CHILDREN 66
#define VG_UP_MAX_ARGS 16
#define VG_UP_STOP_GRACE_MS 10000
#define VG_UP_BACKOFF_MAX_MS 30000

typedef struct {
  char name[32];
  char *argv[VG_UP_MAX_ARGS];
  char argbuf[VG_UP_MAX_ARGS][VG_PATH_MAX];
  pid_t pid;
  long long started_ms, restart_at_ms;
  int backoff_ms;
} s_child_t;

static long long s_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sets child argv from a NULL-terminated list of strings (copied). */
static void s_child_init(s_child_t *c, const char *name, const char *const *args) {
  memset(c, 0, sizeof *c);
  snprintf(c->name, sizeof c->name, "%s", name);
  int i = 0;
  for (; args[i] && i < VG_UP_MAX_ARGS - 1; i++) {
    /* arguments are paths bounded by VG_PATH_MAX upstream; cut rather than overflow */
    size_t n = strnlen(args[i], sizeof c->argbuf[i] - 1);
    memcpy(c->argbuf[i], args[i], n);
    c->argbuf[i][n] = '\0';
    c->argv[i] = c->argbuf[i];
  }
  c->argv[i] = NULL;
  c->backoff_ms = 500;
}

static int s_spawn(s_child_t *c) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* Own process group: a terminal's Ctrl-C reaches only the supervisor, which then
     * stops the children in order. */
    setpgid(0, 0);
    execv(c->argv[0], c->argv);
    fprintf(stderr, "vigie: cannot run '%s': %s\n", c->argv[0], strerror(errno));
    _exit(127);
  }
  c->pid = pid;
  c->started_ms = s_now_ms();
  return 0;
}

static int s_opt(vg_cli_t *cli, int *i, const char *name, const char **out) {
  if (strcmp(cli->argv[*i], name) != 0) return 0;
  if (*i + 1 >= cli->argc) return -1;
  *out = cli->argv[++*i];
  return 1;
}

int vg_cli_up(vg_cli_t *cli) {
  const char *port = "8080", *workers_s = "2", *bind = "127.0.0.1";
  for (int i = 0; i < cli->argc; i++) {
    int r = 0;
    if ((r = s_opt(cli, &i, "--port", &port)) || (r = s_opt(cli, &i, "--workers", &workers_s)) ||
        (r = s_opt(cli, &i, "--bind", &bind))) {
      if (r < 0) goto usage;
      continue;
    }
    goto usage;
  }
  long workers, portn;
  if (vg_parse_long(workers_s, 1, VG_UP_MAX_CHILDREN - 3, &workers) ||
      vg_parse_long(port, 0, 65535, &portn))
    goto usage;
  const vg_paths_t *p = &cli->paths;
  if (vg_mkdirs(p->run_dir)) {
    fprintf(stderr, "vigie: cannot create '%s': %s\n", p->run_dir, strerror(errno));
    return 1;
  }
  char bin[4][VG_PATH_MAX + 32];
  const char *names[4] = {"vigie-ingest", "vigie-indexer", "vigie-analyse", "vigie-api"};
  for (int i = 0; i < 4; i++) {
    snprintf(bin[i], sizeof bin[i], "%s/%s", cli->self_dir, names[i]);
    if (access(bin[i], X_OK) != 0) {
      fprintf(stderr, "vigie: cannot find '%s' (build the project first)\n", bin[i]);
      return 1;
    }
  }
  /* Fail fast with guidance instead of a crash loop of workers. */
  const char *model = getenv("VIGIE_MODEL");
  if (!model || !*model) model = VIGIE_DEFAULT_MODELS "/clause.ftz";
  if (access(model, R_OK) != 0) {
    fprintf(stderr,
            "vigie: no clause model at '%s'; train it with `cmake --build build --target models` "
            "(or set VIGIE_MODEL)\n", model);
    return 1;
  }
  /* One supervisor per data directory. */
  char lock[VG_PATH_MAX + 16];
  snprintf(lock, sizeof lock, "%s/up.lock", p->run_dir);
  int lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  if (lfd < 0 || fcntl(lfd, F_SETLK, &fl) != 0) {
    fprintf(stderr, "vigie: a stack is already running on '%s'\n", p->data_dir);
    if (lfd >= 0) close(lfd);
    return 1;
  }

  s_child_t *kids = calloc(VG_UP_MAX_CHILDREN, sizeof *kids);
  if (!kids) {
    close(lfd);
    return 1;
  }
  size_t nk = 0;
  const char *d = p->data_dir;
  s_child_init(&kids[nk++], "ingest", (const char *[]){bin[0], "--data", d, NULL});
  s_child_init(&kids[nk++], "indexer", (const char *[]){bin[1], "--data", d, NULL});
  for (long w = 0; w < workers; w++) {
    char wname[32];
    snprintf(wname, sizeof wname, "analyse-%ld", w + 1);
    s_child_init(&kids[nk++], wname, (const char *[]){bin[2], "--data", d, "--name", wname, NULL});
  }
  s_child_init(&kids[nk++], "api",
               (const char *[]){bin[3], "--data", d, "--port", port, "--bind", bind, NULL});

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGCHLD);
  sigprocmask(SIG_BLOCK, &set, NULL);
  int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) {
    fprintf(stderr, "vigie: signalfd: %s\n", strerror(errno));
    free(kids);
    close(lfd);
    return 1;
  }
  for (size_t i = 0; i < nk; i++)
    if (s_spawn(&kids[i]) != 0) fprintf(stderr, "vigie: cannot start %s\n", kids[i].name);
  printf("vigie up: data=%s workers=%ld api=http://%s:%s/ (Ctrl-C to stop)\n", d, workers, bind, port);
  fflush(stdout);

  int stopping = 0;
  long long stop_deadline = 0;
  for (;;) {
    struct pollfd pf = {sfd, POLLIN, 0};
    poll(&pf, 1, 200);
    struct signalfd_siginfo si;
    while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
      if (si.ssi_signo != SIGCHLD && !stopping) {
        stopping = 1;
        stop_deadline = s_now_ms() + VG_UP_STOP_GRACE_MS;
        fprintf(stderr, "vigie: stopping\n");
        /* Workers and API first, then the indexer (commits), then the broker. */
        for (size_t i = nk; i-- > 0;)
          if (kids[i].pid > 0) kill(kids[i].pid, SIGTERM);
      }
    }
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      for (size_t i = 0; i < nk; i++) {
        if (kids[i].pid != pid) continue;
        kids[i].pid = 0;
        if (stopping) break;
        long long now = s_now_ms();
        /* A child that ran a while gets a fresh back-off; a crash loop backs off. */
        if (now - kids[i].started_ms > 60000) kids[i].backoff_ms = 500;
        kids[i].restart_at_ms = now + kids[i].backoff_ms;
        if (WIFSIGNALED(status))
          fprintf(stderr, "vigie: %s killed by signal %d; restarting in %d ms\n", kids[i].name,
                  WTERMSIG(status), kids[i].backoff_ms);
        else
          fprintf(stderr, "vigie: %s exited with %d; restarting in %d ms\n", kids[i].name,
                  WEXITSTATUS(status), kids[i].backoff_ms);
        if (kids[i].backoff_ms < VG_UP_BACKOFF_MAX_MS) kids[i].backoff_ms *= 2;
      }
    }
    size_t alive = 0;
    for (size_t i = 0; i < nk; i++) alive += kids[i].pid > 0;
    if (stopping) {
      if (alive == 0) break;
      if (s_now_ms() > stop_deadline) {
        for (size_t i = 0; i < nk; i++)
          if (kids[i].pid > 0) kill(kids[i].pid, SIGKILL);
      }
      continue;
    }
    long long now = s_now_ms();
    for (size_t i = 0; i < nk; i++)
      if (kids[i].pid == 0 && now >= kids[i].restart_at_ms) s_spawn(&kids[i]);
  }
  close(sfd);
  close(lfd);
  free(kids);
  fprintf(stderr, "vigie: stopped\n");
  return 0;
usage:
  fprintf(stderr, "usage: vigie up [--data DIR] [--port N] [--workers N] [--bind ADDR]\n");
  return 2;
}
