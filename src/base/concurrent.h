// relgraph::RunBoth: two independent pieces of work at once, for start-up.
//
// Loading the pipeline has parts that do not depend on each other (the
// tagger's two passes, the annotator and the compiled rules); on a machine
// with two cores they take about the time of the longer one.
//
//   RunBoth([&] { a = LoadA(); }, [&] { b = LoadB(); });  // both done here

#ifndef RELGRAPH_SRC_BASE_CONCURRENT_H_
#define RELGRAPH_SRC_BASE_CONCURRENT_H_

#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace relgraph {

// Runs a() on the calling thread and b() on a second one, and returns when
// both are done; both on the calling thread, a() first, when no thread can
// be started. An exception from either (std::bad_alloc) is rethrown after
// both have finished, a()'s first.
template <typename A, typename B>
void RunBoth(A&& a, B&& b) {
  std::exception_ptr b_error;
  std::thread second;
  try {
    second = std::thread([&b, &b_error] {
      try {
        b();
      } catch (...) {
        b_error = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    a();
    b();
    return;
  }
  std::exception_ptr a_error;
  try {
    a();
  } catch (...) {
    a_error = std::current_exception();
  }
  second.join();
  if (a_error) std::rethrow_exception(a_error);
  if (b_error) std::rethrow_exception(b_error);
}

}  // namespace relgraph

#endif  // RELGRAPH_SRC_BASE_CONCURRENT_H_
