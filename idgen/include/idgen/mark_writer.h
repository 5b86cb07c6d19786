// MarkWriter: where an IdGenerator's mark writes run (Options::mark_writer).
//
// A mark write is a file write, two fsyncs and a rename: milliseconds on a good disk, tens of
// milliseconds on a busy one. An event loop that wrote the mark itself would hold every request
// behind it, ten times a second. With a writer, Maintain() only decides that a write is due and
// starts it; a later Maintain() (or the Next*() call that catches up with it) collects the result
// on the owner's thread. Everything the generator owns stays on the owner's thread; the write
// touches only the thread-safe mark store.

#ifndef IDGEN_MARK_WRITER_H_
#define IDGEN_MARK_WRITER_H_

#include <functional>
#include <memory>

namespace idgen {

class MarkWriter {
 public:
  virtual ~MarkWriter() = default;
  // Runs `write` exactly once, soon, on a thread of the writer's choosing (never inside Start).
  // A generator has at most one write outstanding, and its destructor waits for it: every
  // started write must run.
  virtual void Start(std::function<void()> write) = 0;
};

// Runs writes one after another on a thread of its own, started here; the destructor runs the
// writes already started, then joins the thread. One writer may serve several generators.
std::unique_ptr<MarkWriter> NewThreadMarkWriter();

}  // namespace idgen

#endif  // IDGEN_MARK_WRITER_H_
