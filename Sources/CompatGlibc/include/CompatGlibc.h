// CompatGlibc: linked only into `bootstrap`, nothing to import. It keeps the Lambda binary
// loadable on Amazon Linux 2023 (glibc 2.34) when it is built against a newer glibc: see
// CompatGlibc.c.
#ifndef AIOPS_COMPAT_GLIBC_H
#define AIOPS_COMPAT_GLIBC_H
#endif
