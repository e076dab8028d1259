/* A stand-in for Windows' bcryptprimitives.dll, for Wine 8.0 only (Debian 12), which
 * lacks it. Rust's standard library asks it for random bytes (ProcessPrng) before a
 * program's main; without it no Rust program starts under that Wine. Real Windows
 * 10/11 has the DLL, and this file never ships. It forwards to RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
