// Standard descriptors for programs that open files of their own, such as the mark and its lock.
//
// A program started with stdin, stdout or stderr closed (`prog <&-`, `prog >&-`) hands the
// lowest free descriptor to the next open(): `idgen generate >&-` once printed its IDs into its
// own lock file, and a node with stdin closed polled its own wake-up pipe forever. Call this
// first thing in main(), before anything else opens a file.

#ifndef IDGEN_STD_DESCRIPTORS_H_
#define IDGEN_STD_DESCRIPTORS_H_

namespace idgen {

// Reopens each closed standard descriptor on /dev/null, read-only: a closed stdin then reads as
// end of input, and writes to a closed stdout or stderr still fail (EBADF), as they would have,
// instead of landing in whatever the descriptor would otherwise have become. False if /dev/null
// cannot be opened; the program should then exit.
bool ReopenClosedStdDescriptors();

}  // namespace idgen

#endif  // IDGEN_STD_DESCRIPTORS_H_
