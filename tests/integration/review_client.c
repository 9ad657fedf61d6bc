/* review_client.c: a test tool for integration.review (not installed).
 *
 *   review_client ENDPOINT JSON          sends one review action with vg_review_call and prints
 *                                        the status name on line 1 and the result JSON on line 2
 *   review_client --append LOG JSON      appends JSON to the audit log with vg_audit_append
 *                                        (simulates an indexer that crashed after logging)
 * Exit 0 when the call itself worked (whatever the indexer's answer), 1 otherwise. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "vg_audit.h"
#include "vg_review.h"

int main(int argc, char **argv) {
  if (argc != 3 && !(argc == 4 && !strcmp(argv[1], "--append"))) {
    fprintf(stderr, "usage: review_client ENDPOINT JSON | --append LOG JSON\n");
    return 2;
  }
  json_error_t je;
  json_t *action = json_loads(argv[argc - 1], 0, &je);
  if (!action) {
    fprintf(stderr, "review_client: bad JSON: %s\n", je.text);
    return 2;
  }
  vg_err_t err = {{0}};
  if (argc == 4) {
    int rc = vg_audit_append(argv[2], action, &err);
    char *s = json_dumps(action, JSON_COMPACT);
    printf("%s\n%s\n", vg_status_name(rc), s ? s : "null");
    free(s);
    json_decref(action);
    return rc == VG_OK ? 0 : 1;
  }
  void *ctx = zmq_ctx_new();
  json_t *res = NULL;
  int rc = vg_review_call(ctx, argv[1], action, 20000, &res, &err);
  char *s = res ? json_dumps(res, JSON_COMPACT) : NULL;
  printf("%s\n%s\n", vg_status_name(rc), s ? s : "null");
  if (rc != VG_OK) fprintf(stderr, "review_client: %s\n", err.msg);
  free(s);
  json_decref(res);
  json_decref(action);
  zmq_ctx_term(ctx);
  return rc == VG_E_TIMEOUT || rc == VG_E_PROTOCOL ? 1 : 0;
}
