#ifndef ICUSHIM_H
#define ICUSHIM_H
// The only interface to ICU the Swift code sees. Debian's ICU renames every
// symbol with a version suffix through macros the Swift importer cannot see,
// so the shim compiles those macros in C and exposes stable names.
#include <stdint.h>

typedef struct icushim_trans icushim_trans;

/// ICU's version, e.g. "72.1". Stored next to derived keys.
const char *icushim_version(void);

/// Opens a transliterator by ICU id ("Traditional-Simplified", ...).
/// Returns NULL and sets *status > 0 on failure.
icushim_trans *icushim_trans_open(const uint16_t *id, int32_t idLen, int32_t *status);
void icushim_trans_close(icushim_trans *t);

/// Transliterates buf[0..<len] in place; returns the new length.
/// *status == 15 (U_BUFFER_OVERFLOW_ERROR) means cap was too small.
int32_t icushim_trans_apply(const icushim_trans *t, uint16_t *buf, int32_t len, int32_t cap, int32_t *status);

/// NFKC of src into dst; returns the length. Thread-safe (ICU singleton).
int32_t icushim_nfkc(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *status);

/// Opens a charset converter by name ("GB18030", "UTF-8", ...).
typedef struct icushim_conv icushim_conv;
icushim_conv *icushim_conv_open(const char *name, int32_t *status);
void icushim_conv_close(icushim_conv *c);
/// Decodes src bytes to UTF-16 in dst; returns the length. Invalid bytes are an error.
int32_t icushim_conv_decode(icushim_conv *c, const char *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *status);
/// Decodes the next block of a stream: a character cut by the block's end is
/// kept by the converter for the next call; `flush` ends the stream (a cut
/// character left then is an error). dst needs len + 2 units.
int32_t icushim_conv_decode_next(icushim_conv *c, const char *src, int32_t len, uint16_t *dst, int32_t cap, int flush, int32_t *status);

/// The rule text behind a transliterator (compound ids list their parts).
int32_t icushim_trans_rules(const icushim_trans *t, uint16_t *dst, int32_t cap, int32_t *status);

#endif
