/* vg_journal.c: SQLite job journal (see vg_journal.h). */
#include "vg_journal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct vg_journal {
  sqlite3 *db;
  FILE *dead;        /* dead-letter JSON lines, append-only */
  int in_tx;
};

static const char *s_states[] = {"queued", "dispatched", "analysed", "indexed", "failed"};

const char *vg_job_state_str(vg_job_state_t s) {
  return (unsigned)s < sizeof s_states / sizeof *s_states ? s_states[s] : "queued";
}

static vg_job_state_t s_state_parse(const char *s) {
  for (size_t i = 0; s && i < sizeof s_states / sizeof *s_states; i++)
    if (strcmp(s, s_states[i]) == 0) return (vg_job_state_t)i;
  return VG_JOB_QUEUED;
}

static int s_exec(vg_journal_t *j, const char *sql, vg_err_t *err) {
  char *msg = NULL;
  if (sqlite3_exec(j->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    vg_err_set(err, VG_E_IO, "journal: %s", msg ? msg : "sqlite error");
    sqlite3_free(msg);
    return VG_E_IO;
  }
  return VG_OK;
}

static const char s_schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS jobs("
    "  id TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER DEFAULT 0,"
    "  status TEXT, reason TEXT, clauses INTEGER DEFAULT 0, flags INTEGER DEFAULT 0,"
    "  content BLOB, submitted REAL, updated REAL, meta TEXT);"
    "CREATE TABLE IF NOT EXISTS batch_jobs("
    "  batch TEXT NOT NULL, job TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY(batch, job));"
    "CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state);";

/* Journals written before the meta column existed gain it (NULL for their jobs). */
static int s_migrate(vg_journal_t *j, vg_err_t *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(j->db, "PRAGMA table_info(jobs)", -1, &st, NULL) != SQLITE_OK)
    return vg_err_set(err, VG_E_IO, "journal: %s", sqlite3_errmsg(j->db));
  int has_meta = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *col = (const char *)sqlite3_column_text(st, 1);
    if (col && strcmp(col, "meta") == 0) has_meta = 1;
  }
  sqlite3_finalize(st);
  return has_meta ? VG_OK : s_exec(j, "ALTER TABLE jobs ADD COLUMN meta TEXT", err);
}

vg_journal_t *vg_journal_open(const char *path, const char *dead_letter_path, vg_err_t *err) {
  vg_journal_t *j = calloc(1, sizeof *j);
  if (!j) return NULL;
  if (sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      NULL) != SQLITE_OK) {
    vg_err_set(err, VG_E_IO, "cannot open journal '%s': %s", path, sqlite3_errmsg(j->db));
    vg_journal_close(&j);
    return NULL;
  }
  sqlite3_busy_timeout(j->db, 5000);
  if (s_exec(j, s_schema, err) || s_migrate(j, err)) {
    vg_journal_close(&j);
    return NULL;
  }
  if (dead_letter_path && !(j->dead = fopen(dead_letter_path, "a"))) {
    vg_err_set(err, VG_E_IO, "cannot open dead-letter file '%s'", dead_letter_path);
    vg_journal_close(&j);
    return NULL;
  }
  return j;
}

void vg_journal_close(vg_journal_t **pj) {
  if (!pj || !*pj) return;
  vg_journal_t *j = *pj;
  if (j->in_tx) sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(j->db);
  if (j->dead) fclose(j->dead);
  free(j);
  *pj = NULL;
}

int vg_journal_begin(vg_journal_t *j) {
  if (j->in_tx) return VG_OK;
  if (sqlite3_exec(j->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return VG_E_IO;
  j->in_tx = 1;
  return VG_OK;
}

int vg_journal_commit(vg_journal_t *j) {
  if (!j->in_tx) return VG_OK;
  j->in_tx = 0;
  return sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? VG_OK : VG_E_IO;
}

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int s_prepare(vg_journal_t *j, const char *sql, sqlite3_stmt **st, vg_err_t *err) {
  if (sqlite3_prepare_v2(j->db, sql, -1, st, NULL) != SQLITE_OK)
    return vg_err_set(err, VG_E_IO, "journal: %s", sqlite3_errmsg(j->db));
  return VG_OK;
}

static int s_step_done(vg_journal_t *j, sqlite3_stmt *st, vg_err_t *err) {
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return vg_err_set(err, VG_E_IO, "journal: %s", sqlite3_errmsg(j->db));
  return VG_OK;
}

int vg_journal_submit(vg_journal_t *j, const char *batch, const char *id, const char *name,
                      const void *content, size_t len, const char *meta, int force,
                      vg_job_state_t *state, int *fresh, vg_err_t *err) {
  sqlite3_stmt *st;
  *fresh = 0;
  int rc;
  if ((rc = s_prepare(j, "SELECT state FROM jobs WHERE id=?", &st, err))) return rc;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  int known = sqlite3_step(st) == SQLITE_ROW;
  vg_job_state_t cur = known ? s_state_parse((const char *)sqlite3_column_text(st, 0)) : VG_JOB_QUEUED;
  sqlite3_finalize(st);
  int requeue = known && force && (cur == VG_JOB_INDEXED || cur == VG_JOB_FAILED);
  if (!known || requeue) {
    const char *sql = known
        ? "UPDATE jobs SET name=?2, state='queued', attempts=0, status=NULL, reason=NULL, content=?3,"
          " updated=?4, meta=?5 WHERE id=?1"
        : "INSERT INTO jobs(id, name, state, content, submitted, updated, meta)"
          " VALUES(?1,?2,'queued',?3,?4,?4,?5)";
    if ((rc = s_prepare(j, sql, &st, err))) return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 3, content, len, SQLITE_STATIC);
    sqlite3_bind_double(st, 4, s_now());
    if (meta && meta[0]) sqlite3_bind_text(st, 5, meta, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 5);
    if ((rc = s_step_done(j, st, err))) return rc;
    cur = VG_JOB_QUEUED;
    *fresh = 1;
  }
  if ((rc = s_prepare(j, "INSERT OR IGNORE INTO batch_jobs(batch, job, name) VALUES(?,?,?)", &st, err)))
    return rc;
  sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
  if ((rc = s_step_done(j, st, err))) return rc;
  *state = cur;
  return VG_OK;
}

int vg_journal_load(vg_journal_t *j, const char *id, char **name, void **content, size_t *len,
                    char **meta, vg_err_t *err) {
  sqlite3_stmt *st;
  int rc;
  *name = NULL;
  *content = NULL;
  *len = 0;
  if (meta) *meta = NULL;
  if ((rc = s_prepare(j, "SELECT name, content, meta FROM jobs WHERE id=?", &st, err))) return rc;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return vg_err_set(err, VG_E_NOTFOUND, "journal: no job '%s'", id);
  }
  const char *n = (const char *)sqlite3_column_text(st, 0);
  const void *b = sqlite3_column_blob(st, 1);
  size_t bl = (size_t)sqlite3_column_bytes(st, 1);
  const char *m = (const char *)sqlite3_column_text(st, 2);
  *name = strdup(n ? n : "");
  *content = malloc(bl ? bl : 1);
  int nomem = !*name || !*content;
  if (!nomem && meta && m && !(*meta = strdup(m))) nomem = 1;
  if (nomem) {
    sqlite3_finalize(st);
    free(*name);
    free(*content);
    *name = NULL;
    *content = NULL;
    return vg_err_set(err, VG_E_NOMEM, "out of memory");
  }
  if (bl) memcpy(*content, b, bl);
  *len = bl;
  sqlite3_finalize(st);
  return VG_OK;
}

int vg_journal_set_state(vg_journal_t *j, const char *id, vg_job_state_t s, vg_err_t *err) {
  sqlite3_stmt *st;
  int rc = s_prepare(j,
                     s == VG_JOB_DISPATCHED
                         ? "UPDATE jobs SET state=?2, attempts=attempts+1, updated=?3 WHERE id=?1"
                         : "UPDATE jobs SET state=?2, updated=?3 WHERE id=?1",
                     &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, vg_job_state_str(s), -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 3, s_now());
  return s_step_done(j, st, err);
}

int vg_journal_indexed(vg_journal_t *j, const char *id, long clauses, long flags, vg_err_t *err) {
  sqlite3_stmt *st;
  int rc = s_prepare(j,
                     "UPDATE jobs SET state='indexed', clauses=?2, flags=?3, content=NULL, updated=?4"
                     " WHERE id=?1",
                     &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, clauses);
  sqlite3_bind_int64(st, 3, flags);
  sqlite3_bind_double(st, 4, s_now());
  return s_step_done(j, st, err);
}

int vg_journal_failed(vg_journal_t *j, const char *id, const char *status, const char *reason,
                      vg_err_t *err) {
  sqlite3_stmt *st;
  int rc = s_prepare(j, "UPDATE jobs SET state='failed', status=?2, reason=?3, updated=?4 WHERE id=?1",
                     &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 4, s_now());
  if ((rc = s_step_done(j, st, err))) return rc;
  if (j->dead) {
    char *name = NULL, *meta = NULL;
    void *content = NULL;
    size_t len = 0;
    vg_journal_load(j, id, &name, &content, &len, &meta, NULL);
    json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:f, s:I}", "job", id, "name", name ? name : "",
                            "status", status ? status : "", "reason", reason ? reason : "",
                            "time", s_now(), "bytes", (json_int_t)len);
    /* The container link (archive, member) tells where a refused member came from. */
    json_t *mj = meta ? json_loads(meta, 0, NULL) : NULL;
    if (rec && json_is_object(mj)) json_object_set(rec, "meta", mj);
    json_decref(mj);
    free(name);
    free(meta);
    free(content);
    if (rec) {
      char *line = json_dumps(rec, JSON_COMPACT | JSON_ENSURE_ASCII);
      if (line) {
        fprintf(j->dead, "%s\n", line);
        fflush(j->dead);
        free(line);
      }
      json_decref(rec);
    }
  }
  return VG_OK;
}

int vg_journal_state(vg_journal_t *j, const char *id, vg_job_state_t *state) {
  sqlite3_stmt *st;
  if (s_prepare(j, "SELECT state FROM jobs WHERE id=?", &st, NULL)) return VG_E_IO;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  int rc = VG_E_NOTFOUND;
  if (sqlite3_step(st) == SQLITE_ROW) {
    *state = s_state_parse((const char *)sqlite3_column_text(st, 0));
    rc = VG_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

int vg_journal_attempts(vg_journal_t *j, const char *id, long *attempts) {
  sqlite3_stmt *st;
  *attempts = 0;
  if (s_prepare(j, "SELECT attempts FROM jobs WHERE id=?", &st, NULL)) return VG_E_IO;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) *attempts = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return VG_OK;
}

int vg_journal_pending(vg_journal_t *j, void (*fn)(void *arg, const char *id), void *arg,
                       vg_err_t *err) {
  sqlite3_stmt *st;
  int rc = s_prepare(j,
                     "SELECT id FROM jobs WHERE state NOT IN ('indexed','failed') ORDER BY submitted",
                     &st, err);
  if (rc) return rc;
  while (sqlite3_step(st) == SQLITE_ROW) fn(arg, (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return VG_OK;
}

json_t *vg_journal_batch_status(vg_journal_t *j, const char *batch, vg_err_t *err) {
  sqlite3_stmt *st;
  if (s_prepare(j,
                "SELECT j.state, j.clauses, j.flags, b.name, j.status, j.reason FROM batch_jobs b"
                " JOIN jobs j ON j.id = b.job WHERE b.batch=? ORDER BY b.name",
                &st, err))
    return NULL;
  sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
  json_int_t total = 0, indexed = 0, failed = 0, clauses = 0, flags = 0;
  json_t *failures = json_array();
  while (sqlite3_step(st) == SQLITE_ROW) {
    total++;
    vg_job_state_t s = s_state_parse((const char *)sqlite3_column_text(st, 0));
    if (s == VG_JOB_INDEXED) {
      indexed++;
      clauses += sqlite3_column_int64(st, 1);
      flags += sqlite3_column_int64(st, 2);
    } else if (s == VG_JOB_FAILED) {
      failed++;
      const char *n = (const char *)sqlite3_column_text(st, 3);
      const char *stt = (const char *)sqlite3_column_text(st, 4);
      const char *r = (const char *)sqlite3_column_text(st, 5);
      json_array_append_new(failures, json_pack("{s:s, s:s, s:s}", "name", n ? n : "", "status",
                                                stt ? stt : "", "reason", r ? r : ""));
    }
  }
  sqlite3_finalize(st);
  return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "batch", batch, "total", total,
                   "indexed", indexed, "failed", failed, "pending", total - indexed - failed,
                   "clauses", clauses, "flags", flags, "failures", failures);
}

json_t *vg_journal_queue(vg_journal_t *j, vg_err_t *err) {
  json_t *out = json_object();
  if (!out) return NULL;
  for (size_t i = 0; i < sizeof s_states / sizeof *s_states; i++)
    json_object_set_new(out, s_states[i], json_integer(0));
  sqlite3_stmt *st;
  if (s_prepare(j, "SELECT state, count(*) FROM jobs GROUP BY state", &st, err)) {
    json_decref(out);
    return NULL;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *s = (const char *)sqlite3_column_text(st, 0);
    if (s) json_object_set_new(out, s, json_integer(sqlite3_column_int64(st, 1)));
  }
  sqlite3_finalize(st);
  return out;
}
