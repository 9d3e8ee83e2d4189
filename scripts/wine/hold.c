/* Test-only: holds a file open the way Excel holds an open workbook or CSV (shared for reading, not
 * for writing or deleting), says "held" on standard output, and lets go when its standard input
 * ends. tests/dist.rs uses it under Wine to check that `ladder run -o FILE` over a file another
 * program holds says so and loses nothing. scripts/dist-test.sh builds it; it is never shipped. */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 2) return 2;
    HANDLE file = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) return 1;
    printf("held\n");
    fflush(stdout);
    while (getchar() != EOF) {
    }
    CloseHandle(file);
    return 0;
}
