// glibc 2.35 gave `hypot` and `hypotf` new symbol versions, so a binary linked against
// glibc >= 2.35 (Debian 12, Ubuntu 24.04) needs GLIBC_2.35 and Amazon Linux 2023 (glibc 2.34)
// refuses to load it. The references come from swift-numerics' RealModule and from the static
// Foundation and Glibc libraries, none of which we can rebuild. These hidden definitions satisfy
// them inside the binary and forward to the original versions, which every glibc still exports
// (GLIBC_2.2.5 on x86_64, GLIBC_2.17 on aarch64). Hidden: not exported, so no other object
// resolves to them and the versioned call below cannot come back here.
#if defined(__linux__)
#include <features.h>
#endif

#if defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__))

#if defined(__x86_64__)
#define AIOPS_LIBM_BASE_VERSION "GLIBC_2.2.5"
#else
#define AIOPS_LIBM_BASE_VERSION "GLIBC_2.17"
#endif

double aiops_libm_hypot(double x, double y);
float aiops_libm_hypotf(float x, float y);
__asm__(".symver aiops_libm_hypot, hypot@" AIOPS_LIBM_BASE_VERSION);
__asm__(".symver aiops_libm_hypotf, hypotf@" AIOPS_LIBM_BASE_VERSION);

__attribute__((visibility("hidden"))) double hypot(double x, double y) { return aiops_libm_hypot(x, y); }

__attribute__((visibility("hidden"))) float hypotf(float x, float y) { return aiops_libm_hypotf(x, y); }

#endif
