// An untrusted Markdown-to-HTML library (a WASI reactor). It renders headings, paragraphs,
// lists, *emphasis*, **bold** and `code`, and it misbehaves on purpose:
//  - `{{include PATH}}` tries to read a file (it was granted no directory, so it cannot);
//  - a heading deeper than six levels hits a memory-safety bug (a stray write);
//  - `{{spin}}` loops forever (its fuel runs out).
// It exports render() as markdown.witx declares it, cabi_realloc for the values the
// caller passes in, and cabi_post_render to free the HTML once the caller has its copy.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ERRNO_SUCCESS = 0, ERRNO_TOO_LARGE = 1 };

typedef struct {
  char* ptr;
  size_t len;
} html_t;

typedef struct {
  char* data;
  size_t len, cap;
} buf_t;

static void put_n(buf_t* b, const char* s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (b->len + n + 1 > cap) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) abort();
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

static void put(buf_t* b, const char* s) { put_n(b, s, strlen(s)); }

static void put_escaped(buf_t* b, const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    switch (s[i]) {
      case '&': put(b, "&amp;"); break;
      case '<': put(b, "&lt;"); break;
      case '>': put(b, "&gt;"); break;
      case '"': put(b, "&quot;"); break;
      default: put_n(b, &s[i], 1);
    }
  }
}

// Inline markup: **bold**, *emphasis*, `code`.
static void put_inline(buf_t* b, const char* s, size_t n) {
  int bold = 0, em = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] == '`') {
      const char* end = memchr(s + i + 1, '`', n - i - 1);
      if (end) {
        put(b, "<code>");
        put_escaped(b, s + i + 1, (size_t)(end - s - i - 1));
        put(b, "</code>");
        i = (size_t)(end - s);
        continue;
      }
    }
    if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
      put(b, bold ? "</strong>" : "<strong>");
      bold = !bold;
      ++i;
      continue;
    }
    if (s[i] == '*') {
      put(b, em ? "</em>" : "<em>");
      em = !em;
      continue;
    }
    put_escaped(b, s + i, 1);
  }
  if (em) put(b, "</em>");
  if (bold) put(b, "</strong>");
}

// `{{include PATH}}`: a feature a careless library might have. Without a granted
// directory the open fails, and the failure is rendered.
static void include_file(buf_t* b, const char* path, size_t n) {
  char name[256];
  if (n >= sizeof name) n = sizeof name - 1;
  memcpy(name, path, n);
  name[n] = 0;
  FILE* f = fopen(name, "r");
  if (!f) {
    char msg[512];
    snprintf(msg, sizeof msg, "include %s: %s", name, strerror(errno));
    put(b, "<p class=\"error\">");
    put_escaped(b, msg, strlen(msg));
    put(b, "</p>\n");
    return;
  }
  char chunk[256];
  size_t got;
  put(b, "<pre>");
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) put_escaped(b, chunk, got);
  put(b, "</pre>\n");
  fclose(f);
}

static void render_line(buf_t* b, const char* s, size_t n, int* in_list, int* in_para) {
  if (n >= 2 && s[0] == '-' && s[1] == ' ') {
    if (*in_para) put(b, "</p>\n"), *in_para = 0;
    if (!*in_list) put(b, "<ul>\n"), *in_list = 1;
    put(b, "<li>");
    put_inline(b, s + 2, n - 2);
    put(b, "</li>\n");
    return;
  }
  if (*in_list) put(b, "</ul>\n"), *in_list = 0;
  if (n == 0) {
    if (*in_para) put(b, "</p>\n"), *in_para = 0;
    return;
  }
  if (s[0] == '#') {
    if (*in_para) put(b, "</p>\n"), *in_para = 0;
    size_t level = 0;
    while (level < n && s[level] == '#') ++level;
    if (level > 6) {
      // The deliberate memory-safety bug: the level is trusted and indexes far past the
      // end of memory. In a native library this corrupts or kills the whole process.
      volatile char* stray = (volatile char*)(uintptr_t)(0xfff00000u + level);
      *stray = 1;
    }
    char open[8], close[8];
    snprintf(open, sizeof open, "<h%zu>", level);
    snprintf(close, sizeof close, "</h%zu>\n", level);
    size_t skip = level < n && s[level] == ' ' ? level + 1 : level;
    put(b, open);
    put_inline(b, s + skip, n - skip);
    put(b, close);
    return;
  }
  if (n > 12 && memcmp(s, "{{include ", 10) == 0 && s[n - 1] == '}' && s[n - 2] == '}') {
    if (*in_para) put(b, "</p>\n"), *in_para = 0;
    include_file(b, s + 10, n - 12);
    return;
  }
  if (n == 8 && memcmp(s, "{{spin}}", 8) == 0) {
    for (volatile int forever = 1; forever;) {
    }
  }
  if (!*in_para) put(b, "<p>"), *in_para = 1;
  else put(b, " ");
  put_inline(b, s, n);
}

static char* last_html;  // freed by cabi_post_render

__attribute__((export_name("render"))) uint32_t render(char* source, size_t len, html_t* out) {
  if (len > (1u << 20)) {
    free(source);
    return ERRNO_TOO_LARGE;
  }
  buf_t b = {0};
  int in_list = 0, in_para = 0;
  size_t start = 0;
  for (size_t i = 0; i <= len; ++i) {
    if (i == len || source[i] == '\n') {
      render_line(&b, source + start, i - start, &in_list, &in_para);
      start = i + 1;
    }
  }
  if (in_para) put(&b, "</p>\n");
  if (in_list) put(&b, "</ul>\n");
  free(source);  // the caller's copy is ours to free
  out->ptr = b.data;
  out->len = b.len;
  last_html = b.data;
  return ERRNO_SUCCESS;
}

__attribute__((export_name("cabi_post_render"))) void cabi_post_render(void) {
  free(last_html);
  last_html = NULL;
}

__attribute__((export_name("cabi_realloc"))) void* cabi_realloc(void* old, size_t old_size, size_t align,
                                                               size_t new_size) {
  (void)old_size;
  (void)align;  // malloc's alignment (16) covers every witx type
  return realloc(old, new_size);
}
