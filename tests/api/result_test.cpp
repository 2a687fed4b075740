// Result's checked accessors: value() and friends throw the Error, never bad_variant_access.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "wasmline/module.h"
#include "wasmline/result.h"

namespace wasmline {
namespace {

Result<int> failing() {
  return Error(ErrorKind::OutOfBounds, "address 0x10 past the end");
}

TEST(Result, ValueOfAnErrorThrowsTheError) {
  const Result<int> result = failing();
  try {
    (void)result.value();
    FAIL() << "value() returned";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::OutOfBounds);
    EXPECT_EQ(error.message(), "address 0x10 past the end");
  }
  EXPECT_THROW((void)*result, Error);
  EXPECT_THROW((void)*failing(), Error);
  Result<std::string> text = Error(ErrorKind::Invalid, "bad");
  EXPECT_THROW((void)text->size(), Error);
  EXPECT_EQ(failing().value_or(7), 7);
}

TEST(Result, ErrorIsAStdException) {
  try {
    (void)failing().value();
  } catch (const std::exception& exception) {
    EXPECT_STREQ(exception.what(), "address 0x10 past the end");
    return;
  }
  FAIL() << "no exception";
}

TEST(Result, BadModuleTextKeepsItsMessage) {
  // The case: *Module::fromText(bad) used to end in std::bad_variant_access.
  const Engine engine;
  try {
    (void)*Module::fromText(engine, "(module (func (result i32) (i64.const 1)))");
    FAIL() << "an invalid module loaded";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Invalid);
    EXPECT_NE(error.message().find("type mismatch"), std::string::npos) << error.message();
  }
}

TEST(Result, ValuesPassThrough) {
  Result<std::string> text = std::string("abc");
  EXPECT_EQ(text.value(), "abc");
  EXPECT_EQ(text->size(), 3u);
  EXPECT_EQ(std::move(text).value(), "abc");
  EXPECT_THROW((void)Result<int>(4).error(), Error);
}

TEST(Result, VoidValueAssertsSuccess) {
  const Result<void> ok;
  EXPECT_NO_THROW(ok.value());
  EXPECT_THROW((void)ok.error(), Error);
  const Result<void> failed = Error(ErrorKind::Trap, "unreachable");
  try {
    failed.value();
    FAIL() << "value() of a failure returned";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Trap);
    EXPECT_EQ(error.message(), "unreachable");
  }
  EXPECT_EQ(failed.error().message(), "unreachable");
}

} // namespace
} // namespace wasmline
