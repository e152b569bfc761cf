// The Catch2 test runner for every armfix test.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
