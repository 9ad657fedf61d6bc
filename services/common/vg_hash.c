/* vg_hash.c: SHA-256 hex digests over libsodium. */
#include "vg_hash.h"

#include <sodium.h>
#include <stdio.h>

#include "vg_status.h"

static void s_hex(const unsigned char *h, char out[VG_SHA256_HEX]) {
  static const char x[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    out[2 * i] = x[h[i] >> 4];
    out[2 * i + 1] = x[h[i] & 15];
  }
  out[64] = '\0';
}

int vg_sha256_hex(const void *data, size_t len, char out[VG_SHA256_HEX]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, data, len);
  s_hex(h, out);
  return VG_OK;
}

int vg_sha256_file_hex(const char *path, char out[VG_SHA256_HEX]) {
  FILE *f = fopen(path, "rb");
  if (!f) return VG_E_IO;
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  unsigned char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) crypto_hash_sha256_update(&st, buf, n);
  int err = ferror(f);
  fclose(f);
  if (err) return VG_E_IO;
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, h);
  s_hex(h, out);
  return VG_OK;
}
