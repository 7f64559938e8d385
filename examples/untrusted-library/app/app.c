// The application: renders every document in inputs/ (a directory it was granted,
// read-only) with the untrusted Markdown library, which runs in its own nanoprocess with
// no capabilities. When the library crashes, the call returns `trapped`; the application
// reports it and goes on with the next document.
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ERRNO_SUCCESS = 0, ERRNO_TOO_LARGE = 1, ERRNO_TRAPPED = 2 };

typedef struct {
  char* ptr;
  size_t len;
} html_t;

// markdown.render, as markdown.witx lowers it: (source, source_len, &html) -> errno.
__attribute__((import_module("markdown"), import_name("render"))) uint32_t md_render(const char* source, size_t len,
                                                                                    html_t* html);

// The library's HTML arrives in memory allocated here (freed with free()).
__attribute__((export_name("cabi_realloc"))) void* cabi_realloc(void* old, size_t old_size, size_t align,
                                                               size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

static char* read_all(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char* data = malloc(cap);
  size_t got;
  while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) data = realloc(data, cap *= 2);
  }
  fclose(f);
  *len = n;
  return data;
}

static int by_name(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  DIR* d = opendir("inputs");
  if (!d) {
    perror("inputs");
    return 1;
  }
  char* names[64];
  size_t count = 0;
  struct dirent* e;
  while ((e = readdir(d)) && count < 64) {
    size_t n = strlen(e->d_name);
    if (n > 3 && strcmp(e->d_name + n - 3, ".md") == 0) names[count++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, count, sizeof names[0], by_name);

  int served = 0, failed = 0;
  for (size_t i = 0; i < count; ++i) {
    char path[300];
    snprintf(path, sizeof path, "inputs/%s", names[i]);
    size_t len = 0;
    char* source = read_all(path, &len);
    if (!source) {
      perror(path);
      continue;
    }
    printf("== %s\n", names[i]);
    html_t html = {0};
    uint32_t err = md_render(source, len, &html);
    free(source);
    if (err == ERRNO_SUCCESS) {
      fwrite(html.ptr, 1, html.len, stdout);
      free(html.ptr);
      ++served;
    } else if (err == ERRNO_TRAPPED) {
      printf("[the markdown library crashed on this document; skipped it, carrying on]\n");
      ++failed;
    } else {
      printf("[the markdown library refused this document (error %u)]\n", (unsigned)err);
      ++failed;
    }
    free(names[i]);
  }
  printf("== rendered %d documents, %d failed; the application is still running\n", served, failed);
  return 0;
}
