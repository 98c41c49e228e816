/*
 * `make dist` links this in place of libcurl (ADR-0030, landmine `dist-has-no-http-client`).
 *
 * Foundation's URLSession lives in FoundationNetworking, which calls libcurl. Handbook never makes
 * an HTTP request (it serves with hummingbird, which is SwiftNIO, and reads everything else from
 * disk and git), but the MCP package it uses for `handbook mcp` has an HTTP client transport and
 * OAuth code that import FoundationNetworking, so the static link asks for -lcurl. Debian's
 * libcurl.a needs Kerberos, LDAP, RTMP and more that Debian ships only as shared libraries, and a
 * static glibc link of OpenSSL is not self-contained either.
 *
 * So the self-contained executable gets these 23 functions instead: every one refuses. A URLSession
 * task in the dist binary fails with an error; nothing in Handbook starts one. The dist test checks
 * the binary needs only the C library, and that `handbook mcp` answers over stdio.
 */
#include <stddef.h>

typedef int CURLcode;   /* CURLE_OK is 0 */
typedef int CURLMcode;  /* CURLM_OK is 0 */
typedef int CURLUcode;  /* CURLUE_OK is 0 */

enum {
    CURLE_FAILED_INIT = 2,
    CURLE_NOT_BUILT_IN = 4,
    CURLM_INTERNAL_ERROR = 4,
    CURLUE_OUT_OF_MEMORY = 7,
};

static const char *const refusal = "handbook dist: no HTTP client (libcurl is not linked in)";

CURLcode curl_global_init(long flags) { (void)flags; return CURLE_FAILED_INIT; }
void *curl_easy_init(void) { return NULL; }
void curl_easy_cleanup(void *handle) { (void)handle; }
CURLcode curl_easy_setopt(void *handle, int option, ...) { (void)handle; (void)option; return CURLE_NOT_BUILT_IN; }
CURLcode curl_easy_getinfo(void *handle, int info, ...) { (void)handle; (void)info; return CURLE_NOT_BUILT_IN; }
CURLcode curl_easy_pause(void *handle, int bitmask) { (void)handle; (void)bitmask; return CURLE_NOT_BUILT_IN; }
const char *curl_easy_strerror(CURLcode code) { (void)code; return refusal; }
void curl_free(void *pointer) { (void)pointer; }

void *curl_multi_init(void) { return NULL; }
CURLMcode curl_multi_cleanup(void *multi) { (void)multi; return 0; }
CURLMcode curl_multi_add_handle(void *multi, void *easy) { (void)multi; (void)easy; return CURLM_INTERNAL_ERROR; }
CURLMcode curl_multi_remove_handle(void *multi, void *easy) { (void)multi; (void)easy; return CURLM_INTERNAL_ERROR; }
CURLMcode curl_multi_assign(void *multi, int socket, void *pointer) { (void)multi; (void)socket; (void)pointer; return CURLM_INTERNAL_ERROR; }
CURLMcode curl_multi_setopt(void *multi, int option, ...) { (void)multi; (void)option; return CURLM_INTERNAL_ERROR; }
CURLMcode curl_multi_socket_action(void *multi, int socket, int mask, int *running) {
    (void)multi; (void)socket; (void)mask;
    if (running) *running = 0;
    return CURLM_INTERNAL_ERROR;
}
void *curl_multi_info_read(void *multi, int *queued) { (void)multi; if (queued) *queued = 0; return NULL; }

void *curl_slist_append(void *list, const char *string) { (void)list; (void)string; return NULL; }
void curl_slist_free_all(void *list) { (void)list; }

void *curl_url(void) { return NULL; }
CURLUcode curl_url_get(void *url, int part, char **out, unsigned int flags) {
    (void)url; (void)part; (void)flags;
    if (out) *out = NULL;
    return CURLUE_OUT_OF_MEMORY;
}
CURLUcode curl_url_set(void *url, int part, const char *content, unsigned int flags) {
    (void)url; (void)part; (void)content; (void)flags;
    return CURLUE_OUT_OF_MEMORY;
}

char *curl_version(void) { return (char *)refusal; }
/* The leading fields of curl_version_info_data, zero features and no protocols; the rest zero. */
static const char *const no_protocols[] = { NULL };
static const struct {
    int age;
    const char *version;
    unsigned int version_num;
    const char *host;
    int features;
    const char *ssl_version;
    long ssl_version_num;
    const char *libz_version;
    const char *const *protocols;
    void *rest[24];
} no_version_info = { 0, "0.0.0-handbook-no-curl", 0, "none", 0, NULL, 0, NULL, no_protocols, { NULL } };
const void *curl_version_info(int age) { (void)age; return &no_version_info; }
