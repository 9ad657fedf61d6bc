/* vg_cli_archive.h: reads the members of a container file given to `vigie ingest` / `vigie
 * watch` as a stream (libarchive; nothing is extracted to disk): TED daily packages (.tar,
 * .tar.gz, .tgz, .tar.xz, .txz) and zip tender dossiers (.zip that is not itself a DOCX/ODT).
 *
 * For: choosing which members are documents, enforcing the limits that make hostile archives
 * harmless (member count, inflated bytes per member and in total, compression ratio, paths
 * escaping the archive, encrypted members) and saying why a member or an archive is refused.
 * Not for: sending anything (vg_cli_submit does), nor expanding nested archives (a .zip inside
 * a dossier is handed over whole, as a file).
 *
 * Single pass: members delivered before an archive turns out to be corrupt or truncated stand
 * (each one was read whole, with its CRC checked by libarchive where the format has one). */
#ifndef VG_CLI_ARCHIVE_H
#define VG_CLI_ARCHIVE_H

#include <stddef.h>

#include "vg_status.h"

typedef enum { VG_ARCHIVE_NONE = 0, VG_ARCHIVE_TAR, VG_ARCHIVE_ZIP } vg_archive_kind_t;

/* The container kind by file name (case-insensitive): .tar .tar.gz .tgz .tar.xz .txz -> TAR,
 * .zip -> ZIP, anything else NONE. */
vg_archive_kind_t vg_archive_kind_of(const char *path);
/* "tar", "zip" (the meta container kind), "" for NONE. */
const char *vg_archive_kind_str(vg_archive_kind_t k);

typedef struct {
  size_t max_members;  /* entries read (folders included) before the archive is refused */
  size_t max_total;    /* inflated bytes of all members read */
  size_t max_member;   /* inflated bytes of one member (the ingest limit) */
  size_t ratio_floor;  /* a member is refused for its compression ratio only above this size */
  size_t max_ratio;    /* inflated / compressed bytes above which such a member is a bomb */
} vg_archive_limits_t;

#define VG_ARCHIVE_MAX_MEMBERS 4096
#define VG_ARCHIVE_MAX_TOTAL ((size_t)512 * 1024 * 1024)
#define VG_ARCHIVE_MAX_MEMBER ((size_t)64 * 1024 * 1024)
#define VG_ARCHIVE_RATIO_FLOOR ((size_t)16 * 1024 * 1024)
#define VG_ARCHIVE_MAX_RATIO 100
/* The defaults above as an initialiser. */
#define VG_ARCHIVE_LIMITS_DEFAULT                                                       \
  { VG_ARCHIVE_MAX_MEMBERS, VG_ARCHIVE_MAX_TOTAL, VG_ARCHIVE_MAX_MEMBER,                \
    VG_ARCHIVE_RATIO_FLOOR, VG_ARCHIVE_MAX_RATIO }

typedef enum {
  VG_MEMBER_DOCUMENT = 0, /* data/len hold the whole member */
  VG_MEMBER_REFUSED,      /* status/reason say why (over a limit, unsafe path, unreadable) */
  VG_MEMBER_SKIPPED       /* not a format read here (reason says which) */
} vg_member_kind_t;

typedef struct {
  vg_member_kind_t kind;
  const char *member;   /* its path inside the archive, as stored */
  const void *data;     /* DOCUMENT only; borrowed for the duration of the call */
  size_t len;
  int status;           /* REFUSED: VG_E_TOO_BIG, VG_E_INPUT, VG_E_FORBIDDEN */
  const char *reason;   /* REFUSED / SKIPPED */
} vg_member_t;

/* Called once per member (folders excepted). Returns VG_OK to go on; any other value stops
 * the walk and is returned by vg_archive_each(). */
typedef int (*vg_member_fn)(void *arg, const vg_member_t *m);

/* For a ZIP: sets *is_document to 1 when the zip is itself an office document (a
 * [Content_Types].xml member: OOXML; or a mimetype member naming
 * application/vnd.oasis.opendocument.*), which is then submitted whole. Reads only the
 * headers and the mimetype member. VG_OK, or VG_E_INPUT when it cannot be read as a zip. */
int vg_archive_is_document(const char *path, int *is_document, vg_err_t *err);

/* Streams every member of the archive at path through fn. Returns VG_OK when the archive was
 * read to its end; VG_E_INPUT for an archive that is unreadable, corrupt or truncated between
 * members, or has no regular member; VG_E_TOO_BIG when it exceeds max_members or max_total
 * (the walk stops there); err says why. Members refused individually do not make the call
 * fail. A member whose data cannot be read because the archive is corrupt or truncated is
 * reported as REFUSED (reason naming the damage) and ends the walk with VG_OK. */
int vg_archive_each(const char *path, vg_archive_kind_t kind, const vg_archive_limits_t *lim,
                    vg_member_fn fn, void *arg, vg_err_t *err);

#endif
