/* Test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 (Debian bookworm) lacks and
 * Windows 10 and 11 have. Rust's standard library (1.78 and later) imports ProcessPrng from it for
 * random numbers (HashMap seeds). scripts/dist-test.sh builds this into the Wine prefix's system32;
 * it is never shipped. ProcessPrng fills the buffer with random bytes and always succeeds, as
 * Windows documents; here it asks RtlGenRandom (advapi32's SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
