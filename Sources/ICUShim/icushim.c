#include "icushim.h"
#include <unicode/uversion.h>
#include <unicode/utrans.h>
#include <unicode/unorm2.h>
#include <unicode/ucnv.h>

const char *icushim_version(void) {
    static char text[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, text);
    return text;
}

icushim_trans *icushim_trans_open(const uint16_t *id, int32_t idLen, int32_t *status) {
    UParseError parseError;
    UErrorCode error = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU((const UChar *)id, idLen, UTRANS_FORWARD, NULL, 0, &parseError, &error);
    *status = error;
    return (icushim_trans *)t;
}

void icushim_trans_close(icushim_trans *t) {
    if (t) utrans_close((UTransliterator *)t);
}

int32_t icushim_trans_apply(const icushim_trans *t, uint16_t *buf, int32_t len, int32_t cap, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    int32_t textLength = len, limit = len;
    utrans_transUChars((const UTransliterator *)t, (UChar *)buf, &textLength, cap, 0, &limit, &error);
    *status = error;
    return textLength;
}

int32_t icushim_nfkc(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&error);
    int32_t result = 0;
    if (U_SUCCESS(error)) result = unorm2_normalize(n, (const UChar *)src, len, (UChar *)dst, cap, &error);
    *status = error;
    return result;
}

icushim_conv *icushim_conv_open(const char *name, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &error);
    if (U_SUCCESS(error)) {
        // Stop on malformed input instead of inventing U+FFFD: the caller
        // must be able to tell a wrong encoding guess from real text.
        ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &error);
    }
    *status = error;
    return (icushim_conv *)c;
}

void icushim_conv_close(icushim_conv *c) {
    if (c) ucnv_close((UConverter *)c);
}

int32_t icushim_conv_decode(icushim_conv *c, const char *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    ucnv_resetToUnicode((UConverter *)c);
    int32_t result = ucnv_toUChars((UConverter *)c, (UChar *)dst, cap, src, len, &error);
    *status = error;
    return result;
}

int32_t icushim_conv_decode_next(icushim_conv *c, const char *src, int32_t len, uint16_t *dst, int32_t cap, int flush, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    UChar *target = (UChar *)dst;
    const char *source = src;
    ucnv_toUnicode((UConverter *)c, &target, (UChar *)dst + cap, &source, src + len, NULL, flush ? 1 : 0, &error);
    *status = error;
    return (int32_t)(target - (UChar *)dst);
}

int32_t icushim_trans_rules(const icushim_trans *t, uint16_t *dst, int32_t cap, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    int32_t length = utrans_toRules((const UTransliterator *)t, 0, (UChar *)dst, cap, &error);
    *status = error;
    return length;
}
