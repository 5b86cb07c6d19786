// A node whose handler prints to stdout as careless code does. The library must keep stdout for
// protocol JSON: the text has to come out on stderr.
#include <cstdio>
#include <iostream>

#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  node.On("echo", [&](const maelstrom::Message& m) {
    std::cout << "debug: got an echo" << std::endl;
    std::printf("printf debug\n");
    std::fflush(stdout);
    node.Reply(m, maelstrom::Body("echo_ok").Set("echo", m.body()["echo"]));
  });
  return node.Run();
}
