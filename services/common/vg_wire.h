/* vg_wire.h: the one codec for every ZeroMQ message of vigie.
 *
 * For: encoding and decoding the messages described frame by frame in
 * docs/wire-protocol.md. No other file builds or reads frames.
 * Not for: socket set-up or policy (each service owns its sockets).
 *
 * Every message is: [routing id, on ROUTER sockets only] "VG1" <COMMAND> <body frames...>.
 * A malformed message is returned as VG_E_PROTOCOL with detail in err; callers log and drop it. */
#ifndef VG_WIRE_H
#define VG_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "vg_status.h"

#define VG_WIRE_VERSION "VG1"
#define VG_WIRE_MAX_FRAMES 8
#define VG_WIRE_MAX_ROUTE 256              /* bytes of a ROUTER routing id */
#define VG_WIRE_MAX_MSG (256u * 1024 * 1024) /* whole message cap */

/* X(command, min body frames, max body frames) */
#define VG_WIRE_COMMANDS(X)                                            \
  X(SUBMIT, 3, 5)    /* client->ingest: batch, name, content [, "force" | "" [, meta JSON]] */ \
  X(ACCEPTED, 3, 3)  /* ingest->client: job id, name, state */         \
  X(REJECTED, 2, 2)  /* ingest->client: name, reason */                \
  X(STATUS, 1, 1)    /* client->ingest: batch; reply: JSON summary */  \
  X(READY, 1, 1)     /* worker->ingest: worker name (one credit) */    \
  X(HEARTBEAT, 0, 0) /* both ways between worker and ingest */         \
  X(JOB, 3, 4)       /* ingest->worker: job id, name, content [, meta JSON] */ \
  X(DONE, 1, 1)      /* worker->ingest: job id handed to the indexer */ \
  X(FAILED, 3, 3)    /* worker->ingest: job id, status name, reason */ \
  X(ANALYSED, 2, 2)  /* worker->indexer: job id, document JSON */      \
  X(COMMITTED, 1, 1) /* indexer->ingest: JSON array of committed jobs */ \
  X(HELLO, 1, 1)     /* indexer->ingest: indexer started (name): resend uncommitted */ \
  X(REVIEW, 1, 1)    /* api->indexer (ROUTER): review action JSON */  \
  X(REVIEWED, 2, 2)  /* indexer->api: status name ("OK", "E_NOTFOUND"...), result JSON */ \
  X(STOP, 0, 0)      /* supervisor->any: finish and exit */

typedef enum {
  VG_CMD_NONE = 0,
#define VG__CMD_ENUM(c, mn, mx) VG_CMD_##c,
  VG_WIRE_COMMANDS(VG__CMD_ENUM)
#undef VG__CMD_ENUM
  VG_CMD__COUNT
} vg_cmd_t;

const char *vg_cmd_str(vg_cmd_t c);   /* "SUBMIT"..., "NONE" */

typedef struct {
  const void *data;
  size_t len;
} vg_frame_t;

/* A received message. Frames point into zmq-owned buffers released by vg_msg_close(). */
typedef struct {
  vg_cmd_t cmd;
  unsigned char route[VG_WIRE_MAX_ROUTE];
  size_t route_len;                    /* 0 unless received on a ROUTER */
  size_t nbody;
  vg_frame_t body[VG_WIRE_MAX_FRAMES];
  void *zmsgs_;                        /* private: the zmq_msg_t array */
  size_t nz_;
} vg_msg_t;

/* Sends one message. route/route_len: the peer's routing id when sock is a ROUTER,
 * else NULL/0. body: nbody frames. Returns VG_OK, VG_E_PROTOCOL for a command/frame
 * count mismatch (programmer error), VG_E_TIMEOUT when a non-blocking send would block
 * (flags = ZMQ_DONTWAIT), VG_E_IO otherwise. */
int vg_wire_send(void *sock, const void *route, size_t route_len, vg_cmd_t cmd,
                 const vg_frame_t *body, size_t nbody, int flags);

/* Convenience: body frames given as NUL-terminated strings (nbody of them). */
int vg_wire_send_str(void *sock, const void *route, size_t route_len, vg_cmd_t cmd,
                     int flags, size_t nbody, ...);

/* Receives one whole message. routed: 1 when sock is a ROUTER (first frame is the id).
 * Returns VG_OK, VG_E_TIMEOUT (EAGAIN with ZMQ_DONTWAIT), VG_E_PROTOCOL (message
 * drained and dropped; err says why), VG_E_IO (socket closed / context terminated). */
int vg_wire_recv(void *sock, int routed, vg_msg_t *msg, int flags, vg_err_t *err);

/* Releases a received message's buffers. Idempotent. */
void vg_msg_close(vg_msg_t *msg);

/* Copies body frame i as a NUL-terminated string (caller frees), or NULL. */
char *vg_msg_strdup(const vg_msg_t *msg, size_t i);

/* Builds the ipc:// or tcp:// endpoint "<scheme>" for a named socket under data_dir
 * ("ipc://<data_dir>/run/<name>.sock"). Returns VG_OK or VG_E_CONFIG if it doesn't fit. */
int vg_wire_ipc_endpoint(char *out, size_t outlen, const char *data_dir, const char *name);

#endif
