// With AIOPS_ICU_DATA (set by scripts/package-lambda.sh through Package.swift), a trimmed copy of
// ICU's data package defines AIOPS_ICU_SYMBOL (icudtNN_dat) here, among bootstrap's own objects,
// so the linker never pulls the full 34 MB copy out of the static Foundation's ICU archive.
// Without it this file assembles to nothing.
#if defined(AIOPS_ICU_DATA) && defined(AIOPS_ICU_SYMBOL) && defined(__ELF__)
    .section .rodata
    .globl AIOPS_ICU_SYMBOL
    .type AIOPS_ICU_SYMBOL, %object
    .balign 16
AIOPS_ICU_SYMBOL:
    .incbin AIOPS_ICU_DATA
    .size AIOPS_ICU_SYMBOL, . - AIOPS_ICU_SYMBOL
#endif
#if defined(__ELF__)
    .section .note.GNU-stack, "", %progbits
#endif
