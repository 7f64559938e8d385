// Runs the C translation unit c_api_check.c (compiled as C11 in src/capi/CMakeLists.txt).
#include <gtest/gtest.h>

extern "C" int nanoproc_capi_c_check(void);

TEST(CapiC, ProgramWrittenInC) { EXPECT_EQ(nanoproc_capi_c_check(), 0); }
