// The armfix command line.
#include <iostream>

int main() {
  std::cout << "armfix " << ARMFIX_VERSION << "\n";
  return 0;
}
