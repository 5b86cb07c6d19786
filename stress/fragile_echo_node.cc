// An echo node that behaves like the official Go library on bad input: the first line it cannot
// parse ends it. The stress test must fail it; a check that passes this node checks nothing.
#include <iostream>
#include <string>

#include "maelstrom/json.h"
#include "maelstrom/message.h"

int main() {
  std::ios::sync_with_stdio(false);
  for (std::string line; std::getline(std::cin, line);) {
    maelstrom::Message m = maelstrom::Message::FromJson(line);  // throws: the process ends
    std::string reply = R"({"src":"n0","dest":)" + std::string(m.src_json()) +
                        R"(,"body":{"type":")" + std::string(m.type()) + R"(_ok","in_reply_to":)" +
                        std::to_string(m.msg_id().value_or(0));
    if (m.type() == "echo") reply += R"(,"echo":)" + std::string(m.body()["echo"].raw());
    std::cout << reply << "}}\n" << std::flush;
  }
}
