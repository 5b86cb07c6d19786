// testnode-no-init: reads its input and never answers anything, init included.
#include <iostream>
#include <string>

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}
