/* search_http_client.c: a small closed-loop HTTP/1.1 load client for tests/bench/search_http.sh.
 * A measuring tool, not a test: it asserts nothing.
 *
 * Usage: search_http_client PORT CLIENTS SECONDS PATHS_FILE [TOKEN]
 * Each of CLIENTS threads keeps one keep-alive connection to 127.0.0.1:PORT and sends GET
 * requests for the paths of PATHS_FILE (one per line) in turn, each waiting for the whole
 * answer (Content-Length) before the next, for SECONDS seconds after one untimed warm-up pass.
 * Prints one line: requests, non-200 answers, seconds, requests/s, p50/p95/p99 latency (ms).
 * Not for: correctness (services/api/tests) or open-loop load (no request rate is imposed).
 * Built by search_http.sh with the system compiler (cc -O2 -pthread). */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PATHS 512
#define MAX_REQ 4096
#define BUF 65536
#define MAX_SAMPLES 4000000

typedef struct {
  int port;
  char *paths[MAX_PATHS];
  size_t npaths;
  const char *token;
  atomic_int stop;
} s_run_t;

typedef struct {
  s_run_t *run;
  size_t first;          /* path offset of this client */
  double *lat;           /* seconds per request */
  size_t n, cap;
  unsigned long long errors;
} s_client_t;

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int s_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* One request/answer on fd. Returns the status code, or -1 when the connection failed. */
static int s_get(int fd, const char *path, const char *token, char *buf) {
  char req[MAX_REQ];
  int n = token ? snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n", path, token)
                : snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
  if (n < 0 || n >= (int)sizeof req) return -1;
  for (int off = 0; off < n;) {
    ssize_t w = write(fd, req + off, (size_t)(n - off));
    if (w <= 0) return -1;
    off += (int)w;
  }
  size_t have = 0;
  char *end = NULL;
  while (!end) {
    if (have == BUF - 1) return -1;
    ssize_t r = read(fd, buf + have, BUF - 1 - have);
    if (r <= 0) return -1;
    have += (size_t)r;
    buf[have] = '\0';
    end = strstr(buf, "\r\n\r\n");
  }
  int status = 0;
  if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) return -1;
  size_t head = (size_t)(end - buf) + 4, clen = 0;
  for (char *p = buf; p < end; p++) {
    if ((p == buf || p[-1] == '\n') && strncasecmp(p, "Content-Length:", 15) == 0) {
      clen = strtoull(p + 15, NULL, 10);
      break;
    }
  }
  size_t body = have - head;
  while (body < clen) {
    size_t want = clen - body < BUF ? clen - body : BUF;
    ssize_t r = read(fd, buf, want);
    if (r <= 0) return -1;
    body += (size_t)r;
  }
  return status;
}

static void *s_client(void *arg) {
  s_client_t *c = arg;
  s_run_t *run = c->run;
  char *buf = malloc(BUF);
  int fd = -1;
  for (size_t i = c->first; buf && !atomic_load(&run->stop); i++) {
    if (fd < 0 && (fd = s_connect(run->port)) < 0) break;
    double t0 = s_now();
    int st = s_get(fd, run->paths[i % run->npaths], run->token, buf);
    double dt = s_now() - t0;
    if (st < 0) {
      close(fd);
      fd = -1;
      c->errors++;
      continue;
    }
    if (st != 200) c->errors++;
    if (c->n < c->cap) c->lat[c->n++] = dt;
  }
  if (fd >= 0) close(fd);
  free(buf);
  return NULL;
}

static int s_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: search_http_client PORT CLIENTS SECONDS PATHS_FILE [TOKEN]\n");
    return 2;
  }
  s_run_t run = {.port = (int)strtol(argv[1], NULL, 10), .token = argc > 5 ? argv[5] : NULL};
  long clients = strtol(argv[2], NULL, 10);
  double seconds = strtod(argv[3], NULL);
  FILE *f = fopen(argv[4], "r");
  if (!f || clients < 1 || clients > 1024 || seconds <= 0) {
    fprintf(stderr, "search_http_client: bad arguments\n");
    return 2;
  }
  char line[MAX_REQ];
  while (run.npaths < MAX_PATHS && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '/') run.paths[run.npaths++] = strdup(line);
  }
  fclose(f);
  if (run.npaths == 0) return 2;
  /* untimed warm-up: every path once (page cache, Xapian blocks, reader open) */
  char *buf = malloc(BUF);
  int fd = s_connect(run.port);
  for (size_t i = 0; fd >= 0 && buf && i < run.npaths; i++) s_get(fd, run.paths[i], run.token, buf);
  if (fd >= 0) close(fd);
  free(buf);
  s_client_t *cs = calloc((size_t)clients, sizeof *cs);
  pthread_t *th = calloc((size_t)clients, sizeof *th);
  size_t cap = MAX_SAMPLES / (size_t)clients;
  for (long i = 0; i < clients; i++) {
    cs[i] = (s_client_t){.run = &run, .first = (size_t)i * 7, .cap = cap};
    cs[i].lat = malloc(cap * sizeof(double));
  }
  double t0 = s_now();
  for (long i = 0; i < clients; i++) pthread_create(&th[i], NULL, s_client, &cs[i]);
  struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
  nanosleep(&ts, NULL);
  atomic_store(&run.stop, 1);
  for (long i = 0; i < clients; i++) pthread_join(th[i], NULL);
  double el = s_now() - t0;
  size_t total = 0;
  unsigned long long errors = 0;
  for (long i = 0; i < clients; i++) total += cs[i].n, errors += cs[i].errors;
  double *all = malloc((total ? total : 1) * sizeof(double));
  size_t k = 0;
  for (long i = 0; i < clients; i++) {
    memcpy(all + k, cs[i].lat, cs[i].n * sizeof(double));
    k += cs[i].n;
    free(cs[i].lat);
  }
  qsort(all, total, sizeof(double), s_cmp);
#define PCT(p) (total ? all[(size_t)((double)(total - 1) * (p))] * 1000.0 : 0.0)
  printf("requests %zu errors %llu seconds %.2f qps %.0f p50_ms %.2f p95_ms %.2f p99_ms %.2f clients %ld\n",
         total, errors, el, (double)total / el, PCT(0.50), PCT(0.95), PCT(0.99), clients);
  free(all);
  free(cs);
  free(th);
  for (size_t i = 0; i < run.npaths; i++) free(run.paths[i]);
  return 0;
}
