// Internal spelling of the public Expected<T> (nanoproc/expected.h), with make_error.
#pragma once
#include "nanoproc/expected.h"
#include "util/error.h"
