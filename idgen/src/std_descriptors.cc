#include "idgen/std_descriptors.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace idgen {

bool ReopenClosedStdDescriptors() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // The lowest free descriptor: `fd` itself, since the ones below it are open by now.
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd < 0) return false;
    if (null_fd != fd) {
      const bool moved = dup2(null_fd, fd) == fd;
      close(null_fd);
      if (!moved) return false;
    }
  }
  return true;
}

}  // namespace idgen
