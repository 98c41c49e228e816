// glibc's malloc.h (mallopt, malloc_info), which the Glibc module leaves out.
#include <malloc.h>
