#include "src/base/concurrent.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace relgraph {
namespace {

TEST(RunBothTest, RunsBothAndReturnsWhenBothAreDone) {
  std::atomic<int> done{0};
  std::thread::id a_thread, b_thread;
  RunBoth(
      [&] {
        a_thread = std::this_thread::get_id();
        ++done;
      },
      [&] {
        b_thread = std::this_thread::get_id();
        ++done;
      });
  EXPECT_EQ(done.load(), 2);
  EXPECT_EQ(a_thread, std::this_thread::get_id());  // a() runs on the caller's thread
  EXPECT_NE(b_thread, std::thread::id());
}

TEST(RunBothTest, AnExceptionIsRethrownAfterBothFinished) {
  std::atomic<bool> a_done{false}, b_done{false};
  EXPECT_THROW(RunBoth([&] { a_done = true; }, [&]() -> void { throw std::runtime_error("b failed"); }),
               std::runtime_error);
  EXPECT_TRUE(a_done.load());
  EXPECT_THROW(RunBoth([]() -> void { throw std::logic_error("a failed"); }, [&] { b_done = true; }),
               std::logic_error);
  EXPECT_TRUE(b_done.load()) << "b() must have finished (joined) before the rethrow";
  // Both fail: a()'s exception wins.
  EXPECT_THROW(RunBoth([]() -> void { throw std::logic_error("a"); }, []() -> void { throw std::runtime_error("b"); }),
               std::logic_error);
}

}  // namespace
}  // namespace relgraph
